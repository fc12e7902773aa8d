"""Walks the public site in a real browser: home → region → district → polling station in each
language, checks what is shown against the JSON API, switches language, and keeps screenshots."""

import csv
import hashlib
import io
import re
import urllib.parse

import pytest

LANGUAGES = ["kk", "ru", "en"]
ELECTION = "kz-2011-presidential"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def percent(share: float, lang: str) -> str:
    text = f"{share * 100:.2f}"
    return text + "%" if lang == "en" else text.replace(".", ",") + " %"


def grouped(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text if lang == "en" else text.replace(",", " ")


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def fact(page, label_text: str) -> str:
    """The value of a `dl.facts` entry by its label."""
    for item in page.locator("dl.facts > div").all():
        if norm(item.locator("dt").inner_text()) == norm(label_text):
            return norm(item.locator("dd").inner_text())
    raise AssertionError(f"no fact labelled {label_text!r} on {page.url}")


LABELS = {
    "turnout": {"kk": "Сайлаушылардың келуі", "ru": "Явка", "en": "Turnout"},
    "received": {"kk": "Келіп түскен хаттамалар", "ru": "Получено протоколов", "en": "Protocols received"},
    "home": {"kk": "Басты бет", "ru": "Главная", "en": "Home"},
    "hash": {"kk": "SHA-256 хэші", "ru": "Хэш SHA-256", "en": "SHA-256 hash"},
}


def path_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (("?" + parts.query) if parts.query else "")


def go(page, server, path):
    response = page.goto(server.url(path))
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    return response


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()
    assert page.url.startswith("http://127.0.0.1"), page.url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_walk_home_region_district_station(lang, server, page, screenshots):
    election = server.get_json("/api/v1/elections")["elections"][0]
    national = server.get_json(f"/api/v1/elections/{ELECTION}/results")
    summary = national["summary"]

    # Home: national results, turnout, progress, charts, tree head.
    go(page, server, f"/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert norm(page.locator("h1").first.inner_text()) == norm(election["name"][lang])
    rows = page.locator("table.candidates tbody tr")
    by_votes = sorted(summary["candidates"], key=lambda c: -c["votes"])
    names = {c["id"]: c["name"][lang] for c in election["candidates"]}
    assert rows.count() == len(by_votes)
    for row, expected in zip(rows.all(), by_votes):
        cells = [norm(c) for c in row.locator("td").all_inner_texts()]
        assert cells[0] == norm(names[expected["candidateID"]])
        assert cells[1] == norm(grouped(expected["votes"], lang))
        assert cells[2] == norm(percent(expected["share"], lang))
    assert fact(page, LABELS["turnout"][lang]) == norm(percent(summary["turnout"], lang))
    progress = summary["progress"]
    assert fact(page, LABELS["received"][lang]) == norm(f"{grouped(progress['received'], lang)} / {grouped(progress['expected'], lang)}")
    assert page.locator("p.risk").count() == 1
    assert page.locator("#turnout-chart svg polyline").count() == 1
    assert page.locator("#turnout-chart svg circle").count() >= 4
    assert page.locator("#histogram svg rect").count() > 2
    root_hash = norm(page.locator("#tree-head dd.mono").first.inner_text())
    assert HEX64.match(root_hash), root_hash
    assert page.locator("#status time").count() == 1
    screenshots(page, f"{lang}-1-home")

    # Region: the row's turnout on the home page is the region page's turnout.
    region_link = page.locator("#regions tbody tr").first.locator("a")
    region_name = norm(region_link.inner_text())
    region_turnout = norm(page.locator("#regions tbody tr").first.locator("td").nth(4).inner_text())
    click_and_wait(page, region_link)
    assert norm(page.locator("h1").inner_text()) == region_name
    crumbs = [norm(t) for t in page.locator("nav[aria-label=breadcrumb] a").all_inner_texts()]
    assert crumbs[0] == LABELS["home"][lang] and len(crumbs) == 2
    assert fact(page, LABELS["turnout"][lang]) == region_turnout
    region_id = path_of(page.url).rsplit("/", 1)[1]
    region_results = server.get_json(f"/api/v1/elections/{ELECTION}/results?commission={region_id}")
    assert fact(page, LABELS["turnout"][lang]) == norm(percent(region_results["summary"]["turnout"], lang))
    assert page.locator("#children tbody tr").count() == len(region_results["children"])
    screenshots(page, f"{lang}-2-region")

    # District: breadcrumb up to the region; the child table sorts server-side.
    click_and_wait(page, page.locator("#children tbody tr").first.locator("a"))
    district_path = path_of(page.url)
    crumbs = [norm(t) for t in page.locator("nav[aria-label=breadcrumb] a").all_inner_texts()]
    assert crumbs[-1] == region_name and len(crumbs) == 3
    turnout_header = page.locator("#children thead th").nth(3).locator("a")
    click_and_wait(page, turnout_header)
    assert path_of(page.url) == district_path + "?sort=-turnout"
    assert page.locator("#children thead th[aria-sort=descending]").count() == 1
    values = [float(norm(t).replace(",", ".").rstrip("% ").replace(" ", "") or -1) for t in page.locator("#children tbody tr td:nth-child(4)").all_inner_texts() if "%" in t]
    assert len(values) > 1 and values == sorted(values, reverse=True), values
    click_and_wait(page, page.locator("#children thead th").nth(3).locator("a"))
    assert path_of(page.url) == district_path + "?sort=turnout"
    values = [float(norm(t).replace(",", ".").rstrip("% ").replace(" ", "")) for t in page.locator("#children tbody tr td:nth-child(4)").all_inner_texts() if "%" in t]
    assert values == sorted(values)
    screenshots(page, f"{lang}-3-district")

    # Polling station: every line, checks, signature, hash (recomputed here), log index and proof.
    click_and_wait(page, page.locator("#children tbody tr").first.locator("a"))
    precinct = path_of(page.url).rsplit("/", 1)[1]
    record = server.get_json(f"/api/v1/elections/{ELECTION}/protocols/{precinct}")
    shown = record["counted"] or record["latest"]
    figures = shown["figures"]
    lines = page.locator("table.protocol tbody tr")
    assert lines.count() == len(figures["lines"]) + len(figures["candidateVotes"])
    shown_values = sorted(digits(t) for t in page.locator("table.protocol tbody td.num").all_inner_texts())
    assert shown_values == sorted(list(figures["lines"].values()) + list(figures["candidateVotes"].values()))
    page_hash = norm(page.locator("#protocol-hash").inner_text())
    assert page_hash == shown["hash"]
    assert hashlib.sha256(shown["canonical"].encode()).hexdigest() == page_hash, "hash is SHA-256 of the canonical protocol"
    assert shown["signature"] in page.content()
    assert page.locator("ul.checks li").count() >= 4
    errors = page.locator("ul.checks li.error").count()
    assert errors >= 1 if record["latest"]["outcome"] == "quarantined" else errors == 0
    assert digits(page.locator("#log-index").inner_text()) == shown["logIndex"]
    proof_href = page.locator("#proof-link").get_attribute("href")
    proof = server.get_json(proof_href)
    assert proof["leafIndex"] == shown["logIndex"]
    assert page.locator("table.versions tbody tr").count() == len(record["history"])
    screenshots(page, f"{lang}-4-station")
    assert page.console_errors == []


@pytest.mark.parametrize("lang,other", [("kk", "ru"), ("ru", "en"), ("en", "kk")])
def test_language_switch_keeps_the_page(lang, other, server, page, screenshots):
    for path in ["/", "/commissions/tec-ast", "/commissions/tec-ast?sort=-turnout", "/open-data", "/search"]:
        go(page, server, f"/{lang}{path}")
        click_and_wait(page, page.locator(f"nav.lang a[hreflang={other}]"))
        assert path_of(page.url) == f"/{other}{path}", page.url
        assert page.locator("html").get_attribute("lang") == other
        assert page.locator(f"nav.lang a[hreflang={other}][aria-current=page]").count() == 1
    screenshots(page, f"{lang}-to-{other}-search")


def test_quarantined_station_explains_the_failed_check(server, page, screenshots):
    go(page, server, "/en/open-data")
    link = page.locator("table.files a", has_text="results-precinct.csv").first
    status, _, body = server.get(link.get_attribute("href"))
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    quarantined = [r["commission_id"] for r in rows if r["quarantined"] == "1"]
    assert quarantined, "the demo has quarantined stations"
    go(page, server, f"/en/commissions/{quarantined[0]}")
    assert norm(page.locator("#outcome").inner_text()) == "quarantined"
    failed = page.locator("ul.checks li.error")
    assert failed.count() >= 1
    assert "fails" in failed.first.inner_text()
    screenshots(page, "en-5-quarantined-station")


def test_open_data_lists_sizes_and_hashes_of_what_it_serves(server, page, screenshots):
    go(page, server, "/ru/open-data")
    rows = page.locator("table.files tbody tr")
    assert rows.count() >= 9
    for row in rows.all():
        href = row.locator("a").get_attribute("href")
        sha = norm(row.locator("td").nth(4).inner_text())
        status, headers, body = server.get(href)
        assert status == 200
        assert hashlib.sha256(body).hexdigest() == sha, href
        assert HEX64.match(sha)
    screenshots(page, "ru-open-data")


def test_search_by_station_number_and_settlement(server, page, screenshots):
    go(page, server, "/en/")
    page.fill("header form.search input[name=q]", "1")
    with page.expect_navigation():
        page.press("header form.search input[name=q]", "Enter")
    assert path_of(page.url).startswith("/en/search?q=1")
    assert page.locator("#results tbody tr").count() >= 1
    settlement = norm(page.locator("#results tbody tr").first.locator("td").nth(1).inner_text())
    go(page, server, "/en/search?q=" + urllib.parse.quote(settlement))
    assert page.locator("#results tbody tr").count() >= 1
    screenshots(page, "en-search")


def test_small_screen_station_page(browser, server, screenshots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    go(page, server, "/kk/commissions/tec-ast")
    assert page.locator("h1").is_visible()
    assert page.locator("#children").is_visible()
    shot = screenshots(page, "kk-mobile-region")
    width = int.from_bytes(shot.read_bytes()[16:20], "big")  # PNG IHDR width = the page's full width
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    context.close()
