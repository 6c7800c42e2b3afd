"""whodid serve: the HTTP API on a real uvicorn server on 127.0.0.1 (a random free port)."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import EXAMPLES, need_web_modules

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

TOKEN = "test-token-123"
NIGERIA = (EXAMPLES / "2024-05-12-nigeria-borno-attack.txt").read_text(encoding="utf-8")
IRAN = "Iran rejected the United States offer on Monday."
#: A wire story of our own: the headline on line 1, then a Reuters dateline.
WIRE = ("Kenyan police fire tear gas at Nairobi protesters\n"
        "NAIROBI, June 25 (Reuters) - Kenyan police fired tear gas at protesters in the "
        "capital on Tuesday, witnesses said.\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(app, timeout: float = 30.0):
    """Serve ``app`` with uvicorn in a thread; yield its base URL; stop it afterwards."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def seeded_app(path: Path, pipeline, **options):
    """A server app over a fresh store holding the Nigeria example and a one-line story."""
    from whodid.server import create_app

    app = create_app(path, pipeline_factory=lambda: pipeline, **options)
    return app


@contextlib.contextmanager
def seeded_server(db, pipeline, **options):
    """A running server whose store holds the Nigeria and Iran sample articles."""
    with running(seeded_app(db, pipeline, **options)) as url:
        response = httpx.post(url + "/v1/articles", json=[
            {"id": "ng", "text": NIGERIA, "date": "2024-05-12", "source": "Whodid Wire"},
            {"id": "ir", "text": IRAN, "date": "2024-05-13", "title": "Iran says no"},
        ], timeout=60)
        assert response.status_code == 200, response.text
        yield url


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, pipeline):
    with seeded_server(tmp_path_factory.mktemp("server") / "store.duckdb", pipeline) as url:
        yield url


@pytest.fixture(scope="module")
def secured_url(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("secured") / "store.duckdb"
    with running(seeded_app(db, pipeline, token=TOKEN, max_body=2000)) as url:
        yield url


def test_health_and_openapi(base_url):
    health = httpx.get(base_url + "/v1/health").json()
    assert health["status"] == "ok"
    assert health["counts"]["articles"] == 2
    assert health["writes_need_token"] is False
    spec = httpx.get(base_url + "/openapi.json").json()
    for path in ("/v1/health", "/v1/code", "/v1/articles", "/v1/events",
                 "/v1/articles/{article_id}", "/v1/dyads", "/v1/timeline"):
        assert path in spec["paths"], path
    assert "text/plain" in spec["paths"]["/v1/code"]["post"]["requestBody"]["content"]
    assert httpx.get(base_url + "/docs").status_code == 200
    assert httpx.get(base_url + "/redoc").status_code == 404  # FastAPI's loads from a CDN


def test_code_json_and_plain_text_store_nothing(base_url):
    before = httpx.get(base_url + "/v1/health").json()["counts"]
    response = httpx.post(base_url + "/v1/code", json={"text": IRAN, "date": "2024-05-13"},
                          timeout=60)
    assert response.status_code == 200
    result = response.json()
    assert result["text"] == IRAN
    (event,) = result["events"]
    assert event["root"] == "12" and event["source"]["code"] == "IRN"
    assert event["source"]["resolved_by"]
    plain = httpx.post(base_url + "/v1/code?date=2024-05-13", content=IRAN,
                       headers={"Content-Type": "text/plain; charset=utf-8"}, timeout=60)
    assert plain.status_code == 200
    assert plain.json()["events"][0]["cameo"] == event["cameo"]
    assert plain.json()["date"] == "2024-05-13"
    assert httpx.get(base_url + "/v1/health").json()["counts"] == before


def test_plain_text_is_read_as_whodid_code_reads_a_txt_file(base_url, tmp_path, pipeline):
    from whodid.readers import read_inputs

    response = httpx.post(base_url + "/v1/code?date=2024-06-25", content=WIRE.encode(),
                          headers={"Content-Type": "text/plain"}, timeout=60)
    assert response.status_code == 200, response.text
    served = response.json()
    assert served["title"] == "Kenyan police fire tear gas at Nairobi protesters"
    assert served["text"].startswith("NAIROBI, June 25 (Reuters) - Kenyan police")
    assert served["dateline"]["place"].lower() == "nairobi"
    assert served["source"] == "Reuters"
    assert served["events"] and all("\n" not in e["trigger"]["text"] and
                                    "NAIROBI" not in e["trigger"]["text"]
                                    for e in served["events"])
    # the same file through whodid code's reader: the same headline, body and dateline
    story = tmp_path / "2024-06-25-kenya.txt"
    story.write_text(WIRE, encoding="utf-8")
    (article,) = read_inputs([str(story)])
    coded = next(pipeline.run([article])).to_dict()
    for key in ("title", "text", "dateline", "source"):
        assert served[key] == coded[key], key
    assert [e["cameo"] for e in served["events"]] == [e["cameo"] for e in coded["events"]]
    # a title given as a parameter makes the whole text the body
    titled = httpx.post(base_url + "/v1/code", params={"title": "Given"}, content=IRAN,
                        headers={"Content-Type": "text/plain"}, timeout=60).json()
    assert (titled["title"], titled["text"]) == ("Given", IRAN)


def test_declared_charsets_are_decoded(base_url):
    story = "Colombia’s army attacked rebels near Bogotá, officials said."
    for charset, data in (("latin-1", story.replace("’", "'").encode("latin-1")),
                          ("ISO-8859-1", story.replace("’", "'").encode("latin-1")),
                          ("windows-1252", story.encode("cp1252")),
                          ("utf-16", story.encode("utf-16"))):
        response = httpx.post(base_url + "/v1/code", content=data, timeout=60,
                              headers={"Content-Type": f"text/plain; charset={charset}"})
        assert response.status_code == 200, (charset, response.text)
        assert "Bogotá" in response.json()["text"], charset
    as_json = json.dumps({"text": story}, ensure_ascii=False).encode("cp1252")
    response = httpx.post(base_url + "/v1/code", content=as_json, timeout=60,
                          headers={"Content-Type": "application/json; charset=windows-1252"})
    assert response.status_code == 200 and response.json()["text"] == story
    # a charset not on the list: 415 saying which are accepted
    refused = httpx.post(base_url + "/v1/code", content=story.encode("utf-8"),
                         headers={"Content-Type": "text/plain; charset=koi8-r"})
    assert refused.status_code == 415
    assert "koi8-r" in refused.json()["detail"] and "Windows-1252" in refused.json()["detail"]
    # Latin-1 bytes sent without a charset: not UTF-8, and the message says what to do
    wrong = httpx.post(base_url + "/v1/code", content=story.replace("’", "'").encode("latin-1"),
                       headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 422
    assert "not UTF-8" in wrong.json()["message"] and "charset" in wrong.json()["message"]


def test_code_invalid_input_is_422_with_a_message(base_url):
    for body in ({"title": "no text"}, {"text": "   "}, {"text": IRAN, "date": "13/05/2024"},
                 {"text": 5}):
        response = httpx.post(base_url + "/v1/code", json=body)
        assert response.status_code == 422, body
        assert response.json()["message"], body
    response = httpx.post(base_url + "/v1/code", content=b"{not json",
                          headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["message"]
    assert "text: Field required" in httpx.post(base_url + "/v1/code",
                                                json={}).json()["message"]
    response = httpx.post(base_url + "/v1/code", content=b"x",
                          headers={"Content-Type": "application/xml"})
    assert response.status_code == 415


def test_store_articles_returns_ids_and_counts(base_url):
    response = httpx.post(base_url + "/v1/articles", json={"articles": [
        {"text": "Turkey's president visited Egypt on Tuesday.", "date": "2024-03-05"},
    ]}, timeout=60)
    assert response.status_code == 200
    body = response.json()
    assert body["coded"] == 1 and body["failed"] == []
    (new_id,) = body["ids"]
    assert new_id.startswith("sha256:")
    assert body["events_per_article"][new_id] == body["events"]
    assert httpx.get(base_url + f"/v1/articles/{new_id}").status_code == 200
    # the same content again replaces rather than duplicates
    again = httpx.post(base_url + "/v1/articles", json=[
        {"text": "Turkey's president visited Egypt on Tuesday.", "date": "2024-03-05"}],
        timeout=60).json()
    assert again["ids"] == [new_id]
    assert httpx.post(base_url + "/v1/articles", json=[]).status_code == 422
    assert httpx.post(base_url + "/v1/articles", json=[{"id": "x"}]).status_code == 422


def test_events_filters_and_pagination(base_url):
    everything = httpx.get(base_url + "/v1/events", params={"limit": 1000}).json()
    total = everything["count"]
    assert total >= 10 and everything["next_offset"] is None
    seen = []
    offset = 0
    while offset is not None:
        page = httpx.get(base_url + "/v1/events", params={"limit": 4, "offset": offset}).json()
        assert page["count"] <= 4
        seen += [e["event_id"] for e in page["events"]]
        offset = page["next_offset"]
    assert seen == [e["event_id"] for e in everything["events"]]
    assert len(set(seen)) == total
    assert everything["total"] == total
    first = httpx.get(base_url + "/v1/events", params={"limit": 4}).json()
    assert first["count"] == 4 and first["total"] == total  # "1-4 of <total>"
    fights = httpx.get(base_url + "/v1/events", params={"root": "19", "limit": 1}).json()
    assert fights["total"] == len(httpx.get(base_url + "/v1/events",
                                            params={"root": "19"}).json()["events"])
    deduplicated = httpx.get(base_url + "/v1/events", params={"dedup": "true"}).json()
    assert deduplicated["total"] == deduplicated["count"]

    fights = httpx.get(base_url + "/v1/events", params={"root": "19"}).json()["events"]
    assert fights and all(e["root"] == "19" for e in fights)
    iran = httpx.get(base_url + "/v1/events", params={"country": "IRN"}).json()["events"]
    assert [e["article_id"] for e in iran] == ["ir"]
    dated = httpx.get(base_url + "/v1/events",
                      params={"since": "2024-05-13", "until": "2024-05-13"}).json()["events"]
    assert dated and all(e["event_date"] == "2024-05-13" for e in dated)
    quads = httpx.get(base_url + "/v1/events", params=[("quad", 3), ("quad", 4)]).json()
    assert {e["quad_class"] for e in quads["events"]} <= {3, 4}
    near = httpx.get(base_url + "/v1/events",
                     params={"near": "11.15,12.75", "radius_km": 30}).json()["events"]
    assert near and all(e["location_name"] == "Damboa" for e in near)
    text = httpx.get(base_url + "/v1/events", params={"text": "airstrikes"}).json()["events"]
    assert text
    shouted = httpx.get(base_url + "/v1/events", params={"text": "AIRSTRIKES"}).json()["events"]
    assert [e["event_id"] for e in shouted] == [e["event_id"] for e in text]
    for wildcard in ("_", "%", "air_trikes", "a%s"):  # literal, not LIKE patterns
        found = httpx.get(base_url + "/v1/events", params={"text": wildcard}).json()
        assert found["events"] == [], wildcard
    dedup = httpx.get(base_url + "/v1/events", params={"dedup": "true"}).json()["events"]
    assert dedup and "num_mentions" in dedup[0]


def test_events_invalid_parameters_are_422(base_url):
    for params in ({"limit": -1}, {"limit": 5000}, {"offset": -3}, {"quad": 7},
                   {"since": "yesterday"}, {"bbox": "1,2,3"}, {"near": "a,b"}):
        response = httpx.get(base_url + "/v1/events", params=params)
        assert response.status_code == 422, params
        assert response.json()["message"], params
    assert "since" in httpx.get(base_url + "/v1/events",
                                params={"since": "yesterday"}).json()["message"]


def test_filters_that_cannot_be_right_are_422_naming_the_parameter(base_url):
    cases = [
        ("/v1/events", {"date": "garbage"}, "date", "takes:"),  # no such filter
        ("/v1/events", {"root": "abc"}, "root", "01 to 20"),
        ("/v1/events", {"root": "99"}, "root", "01 to 20"),
        ("/v1/events", {"cameo": "x1"}, "cameo", "digits"),
        ("/v1/events", {"bbox": "10,10,0,0"}, "bbox", "south edge"),
        ("/v1/events", {"bbox": "200,-100,300,100"}, "bbox", "-180 to 180"),
        ("/v1/events", {"near": "95,10"}, "near", "-90 to 90"),
        ("/v1/timeline", {"root": "99"}, "root", "01 to 20"),
        ("/v1/timeline", {"quad": "3", "colour": "red"}, "colour", "takes:"),
        ("/v1/network", {"root": "abc"}, "root", "01 to 20"),
        ("/v1/map", {"since": "garbage"}, "since", "ISO date"),
        ("/v1/dyads", {"until": "garbage"}, "until", "ISO date"),
    ]
    for path, params, name, allowed in cases:
        response = httpx.get(base_url + path, params=params)
        assert response.status_code == 422, (path, params, response.text)
        message = response.json()["message"]
        assert message.startswith(name + ":") and allowed in message, (path, params, message)
    # the unknown parameter's message lists the ones the endpoint takes
    assert "since" in httpx.get(base_url + "/v1/events", params={"date": "x"}).json()["message"]
    # a one-digit root is the CAMEO root it names; the dashboard's page takes any query
    assert httpx.get(base_url + "/v1/events", params={"root": "1"}).status_code == 200
    assert httpx.get(base_url + "/", params={"utm": "x"}).status_code == 200
    text = httpx.post(base_url + "/v1/code", params={"title": "T", "lang": "en"}, content=IRAN,
                      headers={"Content-Type": "text/plain"})
    assert text.status_code == 422 and text.json()["message"].startswith("lang:")


def test_article_with_all_its_spans(base_url):
    article = httpx.get(base_url + "/v1/articles/ng").json()
    assert article["id"] == "ng" and article["text"] == NIGERIA.strip()
    for kind in ("events", "actors", "places", "times", "quotes"):
        assert article[kind], kind
    for span in article["actors"] + article["places"] + article["times"]:
        assert article["text"][span["start"]:span["end"]] == span["text"]
    for event in article["events"]:
        trigger = event["trigger"]
        assert article["text"][trigger["start"]:trigger["end"]] == trigger["text"]
    resolved = [e["source"]["resolved_by"] for e in article["events"] if e["source"]]
    assert any(resolved)
    quote = article["quotes"][0]["content"]
    assert article["text"][quote["start"]:quote["end"]] == quote["text"]
    # "He said five soldiers were wounded": the pronoun speaker shown with its name
    he = next(q["speaker"] for q in article["quotes"]
              if q["speaker"] and q["speaker"]["text"] == "He")
    assert he["name"] == "Musa Danladi" and he["code"] == "NGAMIL"
    assert "Danladi" in article["text"][he["name_start"]:he["name_end"]]
    missing = httpx.get(base_url + "/v1/articles/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_dyads_timeline_map_stats_countries(base_url):
    dyads = httpx.get(base_url + "/v1/dyads", params={"by": "month"}).json()
    assert dyads["by"] == "month"
    assert any(r["source_country"] == "IRN" and r["target_country"] == "USA"
               for r in dyads["rows"])
    only = httpx.get(base_url + "/v1/dyads", params={"source_country": "IRN"}).json()["rows"]
    assert only and all(r["source_country"] == "IRN" for r in only)
    assert httpx.get(base_url + "/v1/dyads", params={"by": "year"}).status_code == 422
    timeline = httpx.get(base_url + "/v1/timeline", params={"by": "day"}).json()["rows"]
    assert timeline and all(r["events"] == r["q1"] + r["q2"] + r["q3"] + r["q4"]
                            for r in timeline)
    places = httpx.get(base_url + "/v1/map").json()["places"]
    assert any(p["name"] == "Damboa" for p in places)
    # the timeline and the map take the dashboard's filters: quad, actor, text
    fights = httpx.get(base_url + "/v1/timeline", params={"by": "day", "quad": 4}).json()
    assert fights["rows"] and all(r["events"] == r["q4"] for r in fights["rows"])
    iran = httpx.get(base_url + "/v1/timeline", params={"by": "day", "actor": "IRN"}).json()
    assert [r["period"] for r in iran["rows"]] == ["2024-05-13"]
    assert iran["busiest"] == {"since": "2024-05-13", "until": "2024-05-13"}
    worded = httpx.get(base_url + "/v1/timeline", params={"text": "rejected"}).json()["rows"]
    assert sum(r["events"] for r in worded) == 1
    assert httpx.get(base_url + "/v1/map", params={"quad": 1, "text": "nothing like this"}
                     ).json()["places"] == []
    stats = httpx.get(base_url + "/v1/stats").json()
    assert "path" not in stats and stats["counts"]["articles"] >= 2
    countries = httpx.get(base_url + "/v1/countries").json()["countries"]
    nga = next(c for c in countries if c["code"] == "NGA")
    assert nga["lat"] and nga["lon"]
    assert nga["numeric"] == "566"  # how Natural Earth's shapes in world-atlas are keyed


def test_network_of_directed_dyads(base_url):
    network = httpx.get(base_url + "/v1/network").json()
    assert network["level"] == "country" and network["truncated"] is False
    edges = {(e["source"], e["target"]): e for e in network["edges"]}
    iran_usa = edges["IRN", "USA"]
    assert iran_usa["events"] == 1 and iran_usa["q3"] == 1
    assert iran_usa["goldstein_mean"] < 0
    assert all(e["events"] == e["q1"] + e["q2"] + e["q3"] + e["q4"] for e in edges.values())
    counts = [e["events"] for e in network["edges"]]
    assert counts == sorted(counts, reverse=True)
    nodes = {n["id"]: n for n in network["nodes"]}
    assert set(nodes) == {end for edge in edges for end in edge}
    assert nodes["IRN"]["name"].startswith("Iran") and nodes["IRN"]["sent"] >= 1
    assert nodes["USA"]["received"] >= 1
    for node_id, node in nodes.items():
        assert node["sent"] == sum(e["events"] for (s, _), e in edges.items() if s == node_id)

    actors = httpx.get(base_url + "/v1/network", params={"level": "actor"}).json()
    codes = {n["id"] for n in actors["nodes"]}
    assert {"IRN", "USA"} <= codes and any(len(code) > 3 for code in codes)
    busiest = httpx.get(base_url + "/v1/network", params={"level": "actor", "limit": 1}).json()
    assert len(busiest["edges"]) == 1 and busiest["truncated"] is True
    assert busiest["edges"][0]["events"] == max(e["events"] for e in actors["edges"])
    # the dashboard's filters apply
    iran = httpx.get(base_url + "/v1/network", params={"country": "IRN"}).json()["edges"]
    assert [(e["source"], e["target"]) for e in iran] == [("IRN", "USA")]
    assert httpx.get(base_url + "/v1/network", params={"root": "19", "quad": 1}).json()[
        "edges"] == []
    for params in ({"level": "person"}, {"limit": 0}, {"quad": 9}, {"since": "soon"}):
        response = httpx.get(base_url + "/v1/network", params=params)
        assert response.status_code == 422 and response.json()["message"], params


def test_events_of_one_exact_actor_code(base_url):
    everything = httpx.get(base_url + "/v1/events", params={"limit": 1000}).json()["events"]
    source_codes = {e["source_code"] for e in everything if e["source_code"]}
    longer = next(code for code in source_codes if len(code) > 3)
    exact = httpx.get(base_url + "/v1/events", params={"source_code": longer[:3]}).json()
    assert all(e["source_code"] == longer[:3] for e in exact["events"])
    prefix = httpx.get(base_url + "/v1/events", params={"source": longer[:3]}).json()
    assert any(e["source_code"] == longer for e in prefix["events"])
    pair = httpx.get(base_url + "/v1/events",
                     params={"source_code": "IRN", "target_code": "USA"}).json()["events"]
    assert [e["article_id"] for e in pair] == ["ir"]


def test_dashboard_and_static_files_without_traversal(base_url):
    index = httpx.get(base_url + "/")
    assert index.status_code == 200 and "whodid" in index.text
    assert "default-src 'self'" in index.headers["content-security-policy"]
    assert "http" not in index.text.split("<body>")[0].replace("http-equiv", "")
    assert httpx.get(base_url + "/static/app.js").status_code == 200
    assert httpx.get(base_url + "/static/nothing.js").status_code == 404
    host, port = base_url.removeprefix("http://").split(":")
    for path in ("/static/../server.py", "/static/..%2fserver.py", "/static/%2e%2e/server.py",
                 "/static/../../../../etc/passwd", "/static//etc/passwd"):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status == 404, path
        assert b"import" not in body and b"root:" not in body


def test_vendor_files_from_npm_and_nothing_else(base_url):
    need_web_modules()
    atlas = httpx.get(base_url + "/vendor/world-atlas/countries-110m.json")
    assert atlas.status_code == 200
    assert atlas.headers["content-type"].startswith("application/json")
    assert len(atlas.json()["objects"]["countries"]["geometries"]) > 100
    decoder = httpx.get(base_url + "/vendor/topojson-client/topojson-client.min.js")
    assert decoder.status_code == 200 and "javascript" in decoder.headers["content-type"]
    assert "default-src 'self'" in decoder.headers["content-security-policy"]
    swagger = httpx.get(base_url + "/vendor/swagger-ui-dist/swagger-ui-bundle.js")
    assert swagger.status_code == 200 and "SwaggerUIBundle" in swagger.text
    assert httpx.get(base_url + "/v1/health").json()["assets"] == {"basemap": True,
                                                                   "swagger_ui": True}
    host, port = base_url.removeprefix("http://").split(":")
    for path in ("/vendor/world-atlas/package.json", "/vendor/swagger-ui-dist/index.html",
                 "/vendor/topojson-client/package.json", "/vendor/../web/package.json",
                 "/vendor/%2e%2e/%2e%2e/pyproject.toml", "/vendor/"):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == 404, path


# src/href attributes and CSS url()s that leave the server (a scheme or a protocol-relative //)
_EXTERNAL = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)(?:[a-z][a-z0-9+.-]*:)?//""",
                       re.IGNORECASE)


def _external_references(text: str) -> list[str]:
    return [text[m.start():m.start() + 80] for m in _EXTERNAL.finditer(text)]


def test_no_page_references_an_outside_url(base_url, tmp_path, pipeline):
    need_web_modules()
    docs = httpx.get(base_url + "/docs")
    assert docs.status_code == 200 and "/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs.text
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    pages = {"/": httpx.get(base_url + "/").text, "/docs": docs.text}
    for name in ("index.html", "app.js", "docs.js", "style.css"):
        pages[name] = httpx.get(base_url + "/static/" + name).text
    pages["swagger-ui.css"] = httpx.get(base_url + "/vendor/swagger-ui-dist/swagger-ui.css").text
    # and /docs without Swagger UI installed: a plain list of the endpoints
    with running(seeded_app(tmp_path / "bare.duckdb", pipeline,
                            web_modules=tmp_path / "no-node-modules")) as bare_url:
        bare = httpx.get(bare_url + "/docs")
        assert bare.status_code == 200
        assert "make web" in bare.text and "/v1/network" in bare.text
        assert 'href="/openapi.json"' in bare.text
        pages["/docs (bare)"] = bare.text
        missing = httpx.get(bare_url + "/vendor/world-atlas/countries-110m.json")
        assert missing.status_code == 404 and "make web" in missing.json()["detail"]
        assert httpx.get(bare_url + "/v1/health").json()["assets"] == {"basemap": False,
                                                                       "swagger_ui": False}
    for name, text in pages.items():
        assert not _external_references(text), (name, _external_references(text))
    # the check itself finds what it is for
    assert _external_references('<script src="https://cdn.example/x.js">')
    assert _external_references("<link href=//cdn.example/x.css>")
    assert _external_references("a { background: url('http://x.example/a.png') }")
    assert not _external_references('<script src="/vendor/x.js"></script>')


def test_cors_is_off_by_default(base_url):
    response = httpx.options(base_url + "/v1/events", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in response.headers
    response = httpx.get(base_url + "/v1/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_write_endpoint_needs_the_token(secured_url):
    article = [{"id": "a1", "text": IRAN, "date": "2024-05-13"}]
    assert httpx.post(secured_url + "/v1/articles", json=article).status_code == 401
    wrong = httpx.post(secured_url + "/v1/articles", json=article,
                       headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    ok = httpx.post(secured_url + "/v1/articles", json=article,
                    headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert ok.status_code == 200 and ok.json()["ids"] == ["a1"]
    # reads and coding stay open
    assert httpx.get(secured_url + "/v1/events").status_code == 200
    assert httpx.post(secured_url + "/v1/code", json={"text": IRAN}, timeout=60).status_code == 200
    assert httpx.get(secured_url + "/v1/health").json()["writes_need_token"] is True


def _post_streamed(url: str, piece: bytes, times: int) -> httpx.Response:
    """POST ``piece`` ``times`` over as a stream: no Content-Length, so the server must
    count the body as it comes."""
    def chunks():
        for _ in range(times):
            yield piece

    return httpx.post(url, content=chunks(), headers={"Content-Type": "text/plain"})


def test_request_size_limit_is_413(secured_url):
    big = {"text": "Iran rejected the offer. " * 200}
    response = httpx.post(secured_url + "/v1/code", json=big)
    assert response.status_code == 413
    assert "too large" in response.json()["message"]

    streamed = _post_streamed(secured_url + "/v1/code", b"x" * 1000, 10)
    assert streamed.status_code == 413
    # the server still answers afterwards
    assert httpx.get(secured_url + "/v1/health").status_code == 200


def test_loopback_rules():
    from whodid.server import is_loopback, serve

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("127.0.0.2") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("example.com")
    env = os.environ.pop("WHODID_TOKEN", None)
    try:
        with pytest.raises(ValueError, match="needs a token"):
            serve("x.duckdb", host="0.0.0.0")
    finally:
        if env is not None:
            os.environ["WHODID_TOKEN"] = env


def test_cli_refuses_public_host_without_token(tmp_path):
    from click.testing import CliRunner

    from whodid.cli import main

    env = {k: v for k, v in os.environ.items() if k != "WHODID_TOKEN"}
    result = CliRunner(env={"WHODID_TOKEN": None}).invoke(
        main, ["serve", "--db", str(tmp_path / "x.duckdb"), "--host", "0.0.0.0"], env=env)
    assert result.exit_code != 0
    assert "needs a token" in result.output


def test_cli_serve_starts_a_real_server(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WHODID_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "whodid", "serve", "--db", str(tmp_path / "cli.duckdb"),
         "--port", str(port), "--max-code-mb", "0.01", "--code-timeout", "30"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"whodid serve did not come up: {out}")
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
        # --max-code-mb 0.01: 10,485 bytes for /v1/code, 5 MB for everything else
        over = httpx.post(f"http://127.0.0.1:{port}/v1/code", content=b"Go. " * 3000,
                          headers={"Content-Type": "text/plain"})
        assert over.status_code == 413, over.text
        assert "at most 10,485 bytes" in over.json()["message"]
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    assert (tmp_path / "cli.duckdb").exists()


def test_read_only_store_refuses_writes(tmp_path, pipeline):
    from whodid.store import Store

    db = tmp_path / "ro.duckdb"
    Store(db).close()
    with running(seeded_app(db, pipeline, read_only=True)) as url:
        response = httpx.post(url + "/v1/articles", json=[{"text": IRAN}])
        assert response.status_code == 403
        assert json.loads(httpx.get(url + "/v1/health").text)["read_only"] is True


def test_busiest_span_leaves_out_stray_dates():
    from whodid.server import busiest_span

    rows = [{"period": "1907-12-30", "events": 1}, {"period": "2004-01-05", "events": 40},
            {"period": "2004-06-07", "events": 30}, {"period": "2005-03-07", "events": 25},
            {"period": "2014-06-16", "events": 4}]
    assert busiest_span(rows) == {"since": "2004-01-05", "until": "2005-03-07"}
    assert busiest_span(rows, share=1.0) == {"since": "1907-12-30", "until": "2014-06-16"}
    assert busiest_span(rows[:1]) == {"since": "1907-12-30", "until": "1907-12-30"}
    assert busiest_span([]) is None


def test_error_bodies_are_plain_words(base_url):
    bad = [
        ("post", "/v1/code", {"json": {"text": IRAN, "date": "13/05/2024"}}),
        ("post", "/v1/code", {"json": {"text": "   "}}),
        ("post", "/v1/code", {"json": {"text": 5}}),
        ("post", "/v1/code", {"json": {}}),
        ("post", "/v1/code", {"content": b"{not json",
                              "headers": {"Content-Type": "application/json"}}),
        ("post", "/v1/articles", {"json": [{"text": IRAN, "date": "soon"}]}),
        ("get", "/v1/events", {"params": {"limit": -1}}),
        ("get", "/v1/events", {"params": {"quad": 7}}),
        ("get", "/v1/events", {"params": {"root": "abc", "bbox": "1,2"}}),
        ("get", "/v1/timeline", {"params": {"by": "year"}}),
        ("get", "/v1/network", {"params": {"level": "planet"}}),
        ("get", "/v1/articles/nope", {}),
    ]
    for method, path, options in bad:
        response = getattr(httpx, method)(base_url + path, timeout=60, **options)
        assert response.status_code in (404, 415, 422), (path, options, response.text)
        text = response.text
        for internal in ("Error(", "Value error", "<class", "Traceback", "^(", "\\'"):
            assert internal not in text, (path, options, text)
        if response.status_code == 422:
            body = response.json()
            assert body["message"] and all(
                set(e) <= {"loc", "msg", "type", "ctx"} for e in body["detail"]), body
    date = httpx.post(base_url + "/v1/code", json={"text": IRAN, "date": "13/05/2024"}).json()
    assert date["message"] == 'date: date must be YYYY-MM-DD, got "13/05/2024"'
    period = httpx.get(base_url + "/v1/timeline", params={"by": "year"}).json()["message"]
    assert period.startswith("by: ") and "'week'" in period


#: A long article of our own: numbered paragraphs of wire copy, past the small lane's 20,000
#: characters, so that it is coded in the large lane (a few seconds).
LONG = "\n\n".join(
    f"Paragraph {n}. Kenyan police fired tear gas at protesters in Nairobi on day {n}, "
    f"witnesses said. The government of Uganda condemned the attack on {n} villages and "
    f"Nigerian troops killed {n} militants near Maiduguri, the army said."
    for n in range(1, 400))


def _two_lane_app(db: Path, pipeline, **options):
    """An app whose two coding lanes each have a pipeline of their own: the session's, and
    one with its own spaCy pipeline."""
    from whodid.pipeline import Pipeline
    from whodid.server import create_app

    pipelines = [pipeline]

    def factory():
        return pipelines.pop() if pipelines else Pipeline(own_nlp=True)

    return create_app(db, pipeline_factory=factory, **options)


def _lanes(url: str) -> dict:
    return httpx.get(url + "/v1/health", timeout=10).json()["coding"]


def test_small_request_is_answered_while_a_large_one_is_coded(tmp_path, pipeline):
    """Issue 17 #11: a one-sentence request no longer waits for a long article's coding."""
    assert len(LONG) > 40_000
    with running(_two_lane_app(tmp_path / "lanes.duckdb", pipeline)) as url:
        # load both lanes' pipelines first, so that what follows is coding, not loading
        assert httpx.post(url + "/v1/code", json={"text": IRAN}, timeout=120).status_code == 200
        assert httpx.post(url + "/v1/code", json={"text": LONG[:25_000]},
                          timeout=300).status_code == 200
        large: dict = {}

        def post_large() -> None:
            large["response"] = httpx.post(url + "/v1/code", content=LONG.encode(),
                                           headers={"Content-Type": "text/plain"}, timeout=300)
            large["done"] = time.monotonic()

        thread = threading.Thread(target=post_large, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while _lanes(url)["large"]["coding"] == 0:
            assert thread.is_alive() and time.monotonic() < deadline, "large never coded"
            time.sleep(0.02)
        small = httpx.post(url + "/v1/code", json={"text": IRAN, "date": "2024-05-13"},
                           timeout=120)
        answered = time.monotonic()
        assert small.status_code == 200 and small.json()["events"][0]["source"]["code"] == "IRN"
        # answered while the large one was still being coded, not after it
        assert "done" not in large or large["done"] > answered
        thread.join(timeout=300)
        assert large["response"].status_code == 200
        assert large["done"] > answered
        assert len(large["response"].json()["events"]) > 100


def test_code_body_limit_is_413_naming_the_option(base_url):
    """Issue 17 #11: /v1/code takes at most 1 MB (--max-code-mb); other bodies 5 MB."""
    from whodid.server import DEFAULT_MAX_CODE_BODY

    assert DEFAULT_MAX_CODE_BODY == 1024 * 1024
    body = b"Go. " * (DEFAULT_MAX_CODE_BODY // 4 + 1)
    over = httpx.post(base_url + "/v1/code", content=body,
                      headers={"Content-Type": "text/plain"})
    assert over.status_code == 413
    message = over.json()["message"]
    assert "/v1/code takes at most 1,048,576 bytes (1 MB)" in message
    assert "--max-code-mb" in message and "Error" not in message

    streamed = _post_streamed(base_url + "/v1/code", b"Go. " * 60_000, 5)
    assert streamed.status_code == 413
    # the same size elsewhere is under the general limit: read, and refused for what it is
    elsewhere = httpx.post(base_url + "/v1/articles", content=body,
                           headers={"Content-Type": "application/json"})
    assert elsewhere.status_code == 422


def test_code_time_limit_is_504_and_frees_the_pipeline(tmp_path, pipeline):
    """Issue 17 #11: coding past the per-request time limit answers 504 with a message; the
    coding is interrupted and the pipeline codes the next request.  Both lanes share the
    session's pipeline here (taking turns), so the next request needs what was interrupted."""
    with running(seeded_app(tmp_path / "limit.duckdb", pipeline, code_timeout=2.0)) as url:
        slow = httpx.post(url + "/v1/code", content=(LONG * 3).encode(),
                          headers={"Content-Type": "text/plain"}, timeout=300)
        assert slow.status_code == 504, slow.text[:300]
        message = slow.json()["message"]
        assert "longer than the server's limit of 2 s" in message
        assert "--code-timeout" in message
        assert "Traceback" not in message and "OverBudget" not in message
        deadline = time.monotonic() + 120
        while _lanes(url)["large"]["coding"]:  # the interrupted coding stops
            assert time.monotonic() < deadline, "the large lane never stopped"
            time.sleep(0.05)
        fine = httpx.post(url + "/v1/code", json={"text": IRAN}, timeout=120)
        assert fine.status_code == 200, fine.text[:300]
        assert fine.json()["events"][0]["source"]["code"] == "IRN"
