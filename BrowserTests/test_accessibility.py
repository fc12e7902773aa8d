"""Accessibility audit of the public pages with axe-core (WCAG 2.0/2.1 A and AA rules).

axe-core comes bundled with the `axe-playwright-python` package; it runs inside Chromium on the
rendered page. The pages themselves need no JavaScript; the audit context enables it only so that
axe can run.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

ELECTION = "kz-2011-presidential"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def audit_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def station_with_protocol(server) -> str:
    rows = server.get("/open-data/" + ELECTION + "/results-precinct.csv")[2].decode().splitlines()
    return rows[1].split(",")[0]


def pages(server) -> list[str]:
    region = server.get_json(f"/api/v1/elections/{ELECTION}/commissions/cec")["children"][0]["id"]
    station = station_with_protocol(server)
    # A commission with sessions, decisions and complaints in the demo: where the first complaint is decided.
    complaints = server.get_json(f"/api/v1/elections/{ELECTION}/complaints")["complaints"]
    working = next(c["complaint"]["venue"]["commission"] for c in complaints if "commission" in c["complaint"]["venue"])
    return [
        "/{lang}/",
        f"/{{lang}}/commissions/{region}",
        f"/{{lang}}/commissions/{region}?sort=-turnout",
        f"/{{lang}}/commissions/{station}",
        "/{lang}/search?q=1",
        "/{lang}/open-data",
        "/{lang}/composition",
        "/{lang}/voter-lookup",
    ] + [f"/{{lang}}/commissions/{working}/{part}" for part in ["composition", "sessions", "decisions", "complaints"]]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_public_pages_have_no_wcag_violations(lang, server, audit_page):
    axe = Axe()
    found = []
    for template in pages(server):
        path = template.format(lang=lang)
        response = audit_page.goto(server.url(path), wait_until="load")
        assert response is not None and response.ok, path
        results = axe.run(audit_page, options={"runOnly": {"type": "tag", "values": TAGS}})
        for violation in results.response["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    assert not found, "\n".join(found)


def test_the_audit_finds_violations_when_there_are_some(audit_page):
    # Guards against a silently inert audit (axe not injected, rules filtered away).
    audit_page.set_content("<html><body><img src='x.png'><input></body></html>")
    results = Axe().run(audit_page, options={"runOnly": {"type": "tag", "values": TAGS}})
    ids = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label", "html-has-lang"} <= ids, ids
