"""Commissions at work in a real browser: from a commission's page to its composition, sessions,
decisions and complaints register, in each language, checked against the JSON API."""

import pytest

from test_site import ELECTION, LANGUAGES, click_and_wait, go, norm


def working_commission(server) -> str:
    complaints = server.get_json(f"/api/v1/elections/{ELECTION}/complaints")["complaints"]
    return next(c["complaint"]["venue"]["commission"] for c in complaints if "commission" in c["complaint"]["venue"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_composition_decisions_and_complaints(lang, server, page, screenshots):
    commission = working_commission(server)
    base = f"/api/v1/elections/{ELECTION}/commissions/{commission}"
    members = server.get_json(base + "/members")
    decisions = server.get_json(base + "/decisions")
    complaints = server.get_json(f"/api/v1/elections/{ELECTION}/complaints?venue={commission}")["complaints"]

    go(page, server, f"/{lang}/commissions/{commission}?sort=-turnout")
    links = page.locator("#work-links a")
    assert links.count() == 4
    click_and_wait(page, links.nth(0))
    assert page.url.endswith(f"/{lang}/commissions/{commission}/composition"), page.url
    assert page.locator("html").get_attribute("lang") == lang
    # Every voting member of the API is a row of the members table.
    names = {norm(m["member"]["name"][lang]) for m in members["members"]}
    rows = page.locator("#members tbody tr")
    assert rows.count() >= 1
    for row in rows.all():
        assert norm(row.locator("td").first.inner_text()) in names
    assert page.locator("#shares tbody tr").count() >= 1
    screenshots(page, f"{lang}-work-1-composition")

    go(page, server, f"/{lang}/commissions/{commission}/decisions")
    listed = decisions["decisions"]
    assert len(listed) >= 1
    tables = page.locator("table.provisions")
    assert tables.count() == len(listed)
    # The Kazakh and Russian texts stand side by side.
    first = tables.first
    assert first.locator('td[lang="kk"]').count() >= 1 and first.locator('td[lang="ru"]').count() >= 1
    screenshots(page, f"{lang}-work-2-decisions")

    go(page, server, f"/{lang}/commissions/{commission}/complaints")
    text = norm(page.locator("#complaints").inner_text())
    for item in complaints:
        number = item["complaint"].get("registrationNumber")
        if number:
            assert number in text, number
    assert page.locator("#statistics tbody tr").count() >= 1
    screenshots(page, f"{lang}-work-3-complaints")
