"""The voter self-service page: an IIN to the polling station, in each language, audited.

`serve --demo` loads no voter register, so the test adds one voter to the server's database with
`hattama import voters` (the same binary) and looks them up through the form.
"""

import json
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import server_command

ELECTION = "kz-2011-presidential"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SURNAME = "Сейтова"
GIVEN = "Айгерим"


def iin(yy: int, mm: int, dd: int, century_sex: int, serial: int) -> str | None:
    """An IIN with its check digit (two weighted passes), or None if none is ever issued."""
    digits = [int(c) for c in f"{yy:02d}{mm:02d}{dd:02d}{century_sex}{serial:04d}"]
    check = sum(d * w for d, w in zip(digits, range(1, 12))) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])) % 11
        if check == 10:
            return None
    return "".join(map(str, digits)) + str(check)


@pytest.fixture(scope="module")
def voter(server, tmp_path_factory):
    """One voter on the list of station 1 of the first district of the first region."""
    region = server.get_json(f"/api/v1/elections/{ELECTION}/commissions/cec")["children"][0]["id"]
    district = server.get_json(f"/api/v1/elections/{ELECTION}/commissions/{region}")["children"][0]["id"]
    stations = server.get_json(f"/api/v1/elections/{ELECTION}/commissions/{district}")["children"]
    station = next(s for s in stations if s.get("precinctNumber") == 1)
    number = next(x for s in range(200) if (x := iin(85, 1, 1, 3, 4200 + s)))
    csv = tmp_path_factory.mktemp("voters") / "list.csv"
    csv.write_text(
        "iin,surname,given_name,patronymic,birth_date,settlement,address,precinct_number\n"
        f'{number},{SURNAME},{GIVEN},Нурлановна,1985-01-01,Астана,"ул. Сейфуллина, 5",1\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        server_command() + ["import", "voters", str(csv), "--commission", district, "--db", str(server.db)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {"iin": number, "station": station["id"]}


@pytest.mark.parametrize(
    "lang,heading,answer",
    [("kk", "Сайлау учаскеңізді біліңіз", "Сіздің сайлау учаскеңіз"), ("ru", "Где я голосую", "Ваш избирательный участок"),
     ("en", "Find your polling station", "Your polling station")],
)
def test_lookup_from_the_header_shows_the_station_only(lang, heading, answer, server, page, voter, screenshots):
    # Lookups are rate-limited per client: each test is its own client (the server is on loopback,
    # so it takes the forwarded address).
    page.set_extra_http_headers({"X-Forwarded-For": f"203.0.113.{['kk', 'ru', 'en'].index(lang) + 1}"})
    page.goto(server.url(f"/{lang}/"))
    page.click(f"header nav.site a[href='/{lang}/voter-lookup']")
    assert page.locator("h1").inner_text() == heading
    page.get_by_label(page.locator("label[for=iin]").inner_text()).fill(voter["iin"])
    page.click("form.lookup button[type=submit]")
    assert page.locator("#answer h2").inner_text() == answer
    facts = page.locator("#answer dl.facts dd").all_inner_texts()
    status, _, body = server.get(f"/api/v1/voters/lookup?iin={voter['iin']}", headers={"X-Forwarded-For": "203.0.113.50"})
    api = json.loads(body)
    assert status == 200
    assert facts == [f"№{api['precinctNumber']}", api["settlement"][lang], api["address"][lang]]
    assert facts[0] == "№1"
    html = page.content()
    for secret in [voter["iin"], SURNAME, GIVEN, "1985-01-01", "Сейфуллина"]:
        assert secret not in html, f"the page shows {secret}"
    assert page.url.endswith(f"/{lang}/voter-lookup"), "the IIN stays out of the URL"
    screenshots(page, f"voter-lookup-{lang}")
    assert not page.console_errors


def test_invalid_iin_names_the_rule_and_is_announced(server, page, voter, screenshots):
    page.set_extra_http_headers({"X-Forwarded-For": "203.0.113.10"})
    page.goto(server.url("/en/voter-lookup"))
    wrong = voter["iin"][:-1] + str((int(voter["iin"][-1]) + 1) % 10)
    page.fill("#iin", wrong)
    page.click("form.lookup button[type=submit]")
    error = page.locator("#iin-error")
    assert error.get_attribute("role") == "alert"
    assert "check" in error.inner_text()
    assert page.locator("#iin").get_attribute("aria-invalid") == "true"
    assert "iin-error" in page.locator("#iin").get_attribute("aria-describedby")
    assert wrong not in page.content()
    screenshots(page, "voter-lookup-invalid-en")


def test_lookup_states_have_no_wcag_violations(browser, server, voter):
    audit_contexts = []
    found = []
    axe = Axe()
    try:
        for i, lang in enumerate(["kk", "ru", "en"]):
            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, extra_http_headers={"X-Forwarded-For": f"203.0.113.{20 + i}"})
            audit_contexts.append(context)
            audit = context.new_page()
            for value in [None, voter["iin"], "12345", "850101399999"]:
                audit.goto(server.url(f"/{lang}/voter-lookup"), wait_until="load")
                if value is not None:
                    audit.fill("#iin", value)
                    audit.click("form.lookup button[type=submit]")
                    audit.wait_for_load_state("load")
                results = axe.run(audit, options={"runOnly": {"type": "tag", "values": TAGS}})
                for violation in results.response["violations"]:
                    targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                    found.append(f"{lang} {value}: {violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    finally:
        for context in audit_contexts:
            context.close()
    assert not found, "\n".join(found)
