"""The dashboard in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium)
against a real uvicorn server; screenshots go to docs/img/dashboard*.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None

from conftest import REPO, need_web_modules, shared_path
from test_server import IRAN, WIRE, seeded_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = REPO / "docs" / "img"
TIMEOUT_MS = 30_000


def _need(what: str) -> None:
    reason = f"{what} (install it: apt-get install chromium; pip install playwright)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _need(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package is missing")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    with seeded_server(tmp_path_factory.mktemp("browser") / "store.duckdb", pipeline) as url:
        yield url


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory, pipeline):
    """A server that finds none of the npm packages `make web` installs."""
    folder = tmp_path_factory.mktemp("bare")
    with seeded_server(folder / "store.duckdb", pipeline,
                       web_modules=folder / "node_modules") as url:
        yield url


#: Articles of our own, months and decades away from the seeded ones (May 2024): the
#: timeline must show the gap to scale and open on the busy months, not on 1990.
SPREAD = [
    {"id": "feb", "date": "2024-02-05", "text": (
        "Kenyan police fired tear gas at protesters in Nairobi. Soldiers attacked a village "
        "near the border. The government of Kenya accused Uganda of backing the rebels. "
        "Kenya and Tanzania signed a trade agreement.")},
    {"id": "mar", "date": "2024-03-11",
     # a long headline squeezes the table's other columns, as real headlines do
     "title": ("Egypt and Turkey restore ties as Israel and Hamas trade fire, the United "
               "Nations calls for a ceasefire, Jordan expels Israel's envoy and Saudi Arabia "
               "pledges aid to Sudan in a week of regional diplomacy and conflict"),
     "text": (
        "Egypt's foreign minister met his Turkish counterpart in Cairo. The two ministers "
        "agreed to restore full diplomatic ties. Israel condemned the rocket attacks from "
        "Gaza. Hamas fighters fired rockets at Israeli towns. Israeli aircraft bombed targets "
        "in Gaza. The United Nations called for an immediate ceasefire. Jordan expelled "
        "the Israeli ambassador. Saudi Arabia pledged aid to Sudan.")},
    {"id": "old", "date": "1990-01-08", "text": "Iraq threatened Kuwait."},
]


@pytest.fixture(scope="module")
def spread_server(tmp_path_factory, pipeline):
    import httpx

    with seeded_server(tmp_path_factory.mktemp("spread") / "store.duckdb", pipeline) as url:
        response = httpx.post(url + "/v1/articles", json=SPREAD, timeout=60)
        assert response.status_code == 200 and response.json()["coded"] == 3, response.text
        yield url


@pytest.fixture
def page(browser, server):
    yield from _open_dashboard(browser, server)


def _open_dashboard(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else external.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a script or style refused by the Content-Security-Policy only shows on the console
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    assert not errors, errors
    assert not external, f"the dashboard fetched outside the server: {external}"
    context.close()


def test_dashboard_loads_table_map_timeline(page):
    need_web_modules()
    rows = page.locator("#events tbody tr.event-row")
    assert rows.count() >= 10
    assert "articles" in page.inner_text("#summary")
    assert page.locator("#map circle.place").count() >= 2
    # Natural Earth's 1:110m countries, drawn from the npm packages `make web` installs
    assert page.locator("#map path.country").count() > 100
    assert page.locator("#map circle.centroid").count() == 0
    assert "Natural Earth" in page.inner_text("#map-card .legend")
    nigeria = page.locator("#map path.country[data-code=NGA]")
    assert "has-events" in nigeria.get_attribute("class")
    assert len(nigeria.get_attribute("d")) > 100
    assert "has-events" not in page.locator("#map path.country[data-code=BRA]").get_attribute(
        "class")
    assert page.locator("#timeline rect.bar").count() >= 2
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)


def click_edge(page, edge) -> None:
    """Click the middle of an edge's curve, where a person would (the middle of its bounding
    box is off the curve)."""
    edge.scroll_into_view_if_needed()
    x, y = edge.locator("path.line").evaluate(
        "p => { const q = p.getPointAtLength(p.getTotalLength() / 2), m = p.getScreenCTM();"
        " return [q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]; }")
    page.mouse.click(x, y)


def test_dyad_network(page):
    edges = page.locator("#network g.edge")
    assert edges.count() >= 2
    assert page.locator("#network g.node").count() >= 3
    iran_usa = page.locator("#network g.edge[data-source=IRN][data-target=USA]")
    expect(iran_usa).to_have_count(1)
    assert iran_usa.get_attribute("data-events") == "1"
    assert "Goldstein mean" in iran_usa.locator("title").text_content()
    # 'rejected' is verbal conflict: red-ish by Goldstein, quad-3 orange by quad class
    by_goldstein = iran_usa.locator("path.line").get_attribute("stroke")
    red, green, _ = (int(c) for c in by_goldstein.removeprefix("rgb(").rstrip(")").split(","))
    assert red > green
    page.select_option("#net-color", "quad")
    expect(iran_usa.locator("path.line")).to_have_attribute("stroke", "#e8a33d")
    assert page.locator("#net-legend-quad").is_visible()
    page.locator("#network-card").screenshot(path=str(SHOTS / "dashboard-network.png"))

    # clicking an arrow lists that dyad's events in the table
    click_edge(page, iran_usa)
    expect(page.locator("#dyad")).to_be_visible()
    assert page.inner_text("#dyad-label") == "IRN → USA"
    expect(page.locator("#events tbody tr.event-row")).to_have_count(1)
    assert page.locator("#events tbody tr.event-row").get_attribute("data-article") == "ir"
    page.click("#dyad-clear")
    expect(page.locator("#dyad")).to_be_hidden()
    expect(page.locator("#events tbody tr[data-article=ng]").first).to_be_visible()

    # actor level: whole actor codes, matched exactly
    page.select_option("#net-level", "actor")
    expect(page.locator("#network-note")).to_contain_text("actors")
    actors = page.locator("#network g.node").evaluate_all("nodes => nodes.map(n => n.dataset.id)")
    assert "IRN" in actors and any(len(code) > 3 for code in actors)

    # the network takes the dashboard's filters
    page.fill("#f-country", "IRN")
    page.click("#apply")
    expect(page.locator("#network g.edge")).to_have_count(1)


def test_api_docs_are_served_locally(page, server):
    need_web_modules()
    page.goto(server + "/docs")
    operations = page.locator(".swagger-ui .opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 9
    assert "/v1/network" in page.inner_text(".swagger-ui")
    page.screenshot(path=str(SHOTS / "api-docs.png"))


def test_filter_the_table(page):
    page.fill("#f-country", "irn")
    page.click("#apply")
    expect(page.locator("#events tbody tr.event-row")).to_have_count(1)
    row = page.locator("#events tbody tr.event-row").first
    assert "IRN" in row.inner_text()
    assert row.get_attribute("data-article") == "ir"
    page.click("#reset")
    expect(page.locator("#events tbody tr[data-article=ng]").first).to_be_visible()
    assert page.locator("#events tbody tr.event-row").count() > 1
    page.fill("#f-root", "19")
    page.click("#apply")
    expect(page.locator("#events-note")).not_to_have_text("")
    expect(page.locator("#events tbody tr[data-article=ir]")).to_have_count(0)
    codes = page.locator("#events tbody tr.event-row td.code").all_inner_texts()
    assert codes and all(code.startswith("19") for code in codes)
    page.screenshot(path=str(SHOTS / "dashboard-filtered.png"), full_page=True)


def test_open_an_article(page):
    page.locator("#events tbody tr[data-article=ng]").first.click()
    page.wait_for_selector("#article-card:not([hidden])")
    assert "Militants attack town" in page.inner_text("#article-text")
    for kind in ("actor", "trigger", "place", "time", "quote"):
        assert page.locator(f"#article-text .hl.{kind}").count() >= 1, kind
    explanations = page.locator("#explanations li")
    assert explanations.count() >= 10
    text = page.inner_text("#explanations")
    assert "CAMEO 190" in text and "resolved by" in text
    assert page.locator("#article-text .hl.trigger.focus").count() == 1
    page.locator("#article-card").screenshot(path=str(SHOTS / "dashboard-article.png"))


def test_paste_and_code_an_article(page):
    page.fill("#code-text", IRAN)
    page.fill("#code-date", "2024-05-13")
    page.click("#code-btn")
    expect(page.locator("#code-status")).to_contain_text("coded")
    assert page.inner_text("#code-status").startswith("1 event")
    assert page.inner_text("#article-text") == IRAN
    # the trigger phrase holds an actor, so it is drawn in pieces, all of event 0
    pieces = page.locator("#article-text .hl.trigger[data-event='0']").all_inner_texts()
    assert "".join(pieces).startswith("rejected")
    assert page.locator("#article-text .hl.actor").count() == 2
    assert page.locator("#article-text .hl.time").inner_text() == "Monday"
    explanation = page.inner_text("#explanations")
    assert "CAMEO 12" in explanation and "IRN" in explanation and "USA" in explanation
    page.locator("#code-card").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "dashboard-code.png"), full_page=True)


def test_pasted_article_keeps_its_headline_and_dateline(page):
    page.fill("#code-text", WIRE)
    page.fill("#code-date", "2024-06-25")
    page.click("#code-btn")
    expect(page.locator("#code-status")).to_contain_text("coded")
    # the first line is the headline, as `whodid code` reads a .txt file, not a sha256 id
    assert page.inner_text("#article-title") == "Kenyan police fire tear gas at Nairobi protesters"
    assert page.inner_text("#article-text").startswith("NAIROBI, June 25 (Reuters) -")
    assert "Reuters" in page.inner_text("#article-meta")
    triggers = page.locator("#article-text .hl.trigger").all_inner_texts()
    assert triggers and not any("NAIROBI" in t or "protesters\n" in t for t in triggers)


def test_coding_error_is_shown(page):
    page.fill("#code-text", "   ")
    page.click("#code-btn")
    expect(page.locator("#code-status")).to_contain_text("error")
    assert "text" in page.inner_text("#code-status")


def test_without_the_npm_packages_the_map_says_so(browser, bare_server):
    for page in _open_dashboard(browser, bare_server):
        assert page.locator("#map path.country").count() == 0
        assert page.locator("#map circle.centroid").count() > 100
        assert page.locator("#map circle.place").count() >= 2
        assert "make web" in page.inner_text("#map-card .legend")
        assert page.locator("#network g.edge").count() >= 2
        page.goto(bare_server + "/docs")
        assert "make web" in page.inner_text("body")
        assert page.locator("a[href='/openapi.json']").count() == 1


def _bars(page) -> dict[str, float]:
    """The left edge of each period's bars on the timeline, by period."""
    found = page.locator("#timeline rect.bar").evaluate_all(
        "rects => rects.map(r => [r.dataset.period, r.x.baseVal.value, r.width.baseVal.value])")
    return {period: x for period, x, _ in found}


def test_timeline_is_to_scale_with_gaps_and_filters(browser, spread_server):
    import datetime as dt

    for page in _open_dashboard(browser, spread_server):
        # opens on the busiest span: February to May 2024, not 1990
        bars = _bars(page)
        assert bars and all(period >= "2024" for period in bars), bars
        assert "outside" in page.inner_text("#timeline-note")
        # a true time axis: the same number of pixels per day between any two periods
        periods = sorted(bars)
        assert len(periods) >= 2
        first, last = periods[0], periods[-1]
        days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
        assert days >= 90  # February to May: the weeks between are an empty stretch
        per_day = (bars[last] - bars[first]) / days
        for period in periods[1:-1]:
            gap = (dt.date.fromisoformat(period) - dt.date.fromisoformat(first)).days
            assert abs(bars[period] - bars[first] - gap * per_day) < 1.0, period
        # the Goldstein line breaks at the gap instead of running across it
        lines = page.locator("#timeline .goldstein")
        assert lines.count() >= 2
        # the axis is labelled with round dates along its length
        assert page.locator("#timeline .tick-label").count() >= 3
        page.locator("#timeline-card").screenshot(path=str(SHOTS / "dashboard-timeline.png"))
        # "all dates" shows 1990 too, to scale
        page.select_option("#timeline-range", "all")
        expect(page.locator("#timeline rect.bar[data-period^='1990']").first).to_be_attached()
        bars = _bars(page)
        assert bars[max(bars)] - bars[min(bars)] > 500  # 34 years across the chart
        # the dashboard's filters apply: quad class, text and actor
        page.select_option("#timeline-range", "busiest")
        page.select_option("#f-quad", "4")
        page.click("#apply")
        expect(page.locator("#timeline rect.bar[data-quad='1']")).to_have_count(0)
        quads = page.locator("#timeline rect.bar").evaluate_all(
            "rects => rects.map(r => r.dataset.quad)")
        assert quads and set(quads) == {"4"}
        page.select_option("#f-quad", "")
        page.fill("#f-text", "tear gas")
        page.click("#apply")
        expect(page.locator("#timeline rect.bar[data-period^='2024-05']")).to_have_count(0)
        assert all(p.startswith("2024-02") or p.startswith("2024-01")
                   for p in _bars(page)), _bars(page)
        page.fill("#f-text", "")
        page.fill("#f-actor", "IRN")
        page.click("#apply")
        expect(page.locator("#timeline rect.bar[data-period^='2024-02']")).to_have_count(0)


def test_event_table_says_which_rows_of_how_many(browser, spread_server):
    import httpx

    total = httpx.get(spread_server + "/v1/events", params={"limit": 1}).json()["total"]
    assert total > 25
    for page in _open_dashboard(browser, spread_server):
        page.set_viewport_size({"width": 1400, "height": 900})
        expect(page.locator("#events-note")).to_have_text(f"(1–25 of {total:,})")
        page.click("#next")
        expect(page.locator("#page")).to_have_text(f"26–{min(50, total)} of {total:,}")
        page.click("#prev")
        expect(page.locator("#page")).to_have_text(f"1–25 of {total:,}")
        # every date on one line: its text makes a single line box
        lines = page.locator("#events tbody td.date").evaluate_all(
            "cells => cells.map(c => { const r = document.createRange();"
            " r.selectNodeContents(c); return r.getClientRects().length; })")
        assert lines and set(lines) == {1}, lines
        page.fill("#f-text", "nothing like this at all")
        page.click("#apply")
        expect(page.locator("#events-note")).to_have_text("(no events)")


#: The BBC corpus's politics articles coded into the network test's store: enough for its
#: dense British cluster (GBR, GBRGOV, GBRPTYCON, GBRCVL...).
BBC_POLITICS = 150


@pytest.fixture(scope="module")
def bbc_server(tmp_path_factory, pipeline):
    import json

    import httpx

    corpus = shared_path("corpora", "bbc-2004-2005", "articles.jsonl")
    with corpus.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    politics = [r for r in records if r["id"].startswith("bbc-politics-")][:BBC_POLITICS]
    articles = [{k: r[k] for k in ("id", "text", "title", "date") if r.get(k)} for r in politics]
    with seeded_server(tmp_path_factory.mktemp("bbc") / "store.duckdb", pipeline) as url:
        for start in range(0, len(articles), 50):
            response = httpx.post(url + "/v1/articles", json=articles[start:start + 50],
                                  timeout=300)
            assert response.status_code == 200, response.text
        yield url


_LAYOUT = """svg => {
  const labels = [...svg.querySelectorAll("g.node text.label")].map(t => {
    const b = t.getBBox(); return {id: t.parentNode.dataset.id, x0: b.x, y0: b.y,
                                   x1: b.x + b.width, y1: b.y + b.height}; });
  const nodes = [...svg.querySelectorAll("g.node circle")].map(c => ({
    id: c.parentNode.dataset.id, x: c.cx.baseVal.value, y: c.cy.baseVal.value,
    r: c.r.baseVal.value}));
  return {labels, nodes, leaders: svg.querySelectorAll("g.node line.leader").length};
}"""


def _label_collisions(layout) -> list[str]:
    """Pairs of labels that overlap, and labels that cover a node's circle."""
    found = []
    labels = layout["labels"]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]:
                found.append(f"label {a['id']} overlaps label {b['id']}")
        for node in layout["nodes"]:
            nx = min(max(node["x"], a["x0"]), a["x1"])
            ny = min(max(node["y"], a["y0"]), a["y1"])
            if (nx - node["x"]) ** 2 + (ny - node["y"]) ** 2 < node["r"] ** 2:
                found.append(f"label {a['id']} covers node {node['id']}")
    return found


def test_network_labels_never_collide_on_the_bbc_store(browser, bbc_server):
    for page in _open_dashboard(browser, bbc_server):
        for level in ("country", "actor"):
            page.select_option("#net-level", level)
            expect(page.locator("#network-note")).to_contain_text(
                "countries" if level == "country" else "actors")
            layout = page.locator("#network").evaluate(_LAYOUT)
            ids = {label["id"] for label in layout["labels"]}
            assert len(ids) >= 10 and "GBR" in ids, ids
            assert len(layout["labels"]) == len(layout["nodes"])  # every node labelled
            assert _label_collisions(layout) == [], level
            if level == "actor":
                assert {"GBR", "GBRGOV"} <= ids
                page.locator("#network-card").screenshot(
                    path=str(SHOTS / "dashboard-network-actors.png"))
