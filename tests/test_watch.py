"""`whodid watch`: directories and feeds, served from a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from whodid.cli import main
from whodid.store import Store
from whodid.watch import Watcher, WatchState

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text}</p><p>The talks will continue next week in Geneva, officials said on Monday,
adding that no agreement had yet been reached on the main points of the dispute.</p>
</article></body></html>"""


def _feed(items: list[tuple[str, str]], base: str) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}/{slug}.html</link>"
        f"<description>{title}.</description><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>"
        f"</item>" for slug, title in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<link>{base}</link>{entries}</channel></rss>")


class Server:
    """Feeds and pages from a dict, with ETag / Last-Modified, on a random 127.0.0.1 port."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append((self.path, dict(self.headers)))
                status, body = outer.pages.get(self.path, (404, "not found"))
                etag = f'"{abs(hash(body))}"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 06 May 2024 10:00:00 GMT")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    with Server() as s:
        yield s


def _article_ids(db) -> list[str]:
    with Store(db, read_only=True) as store:
        return [r[0] for r in store.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]


def test_directory_once_then_only_new_files(pipeline, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in EXAMPLE_FILES[:2]:
        shutil.copy(path, inbox)
    (inbox / ".hidden.txt").write_text("ignored", encoding="utf-8")
    db, state = tmp_path / "w.duckdb", tmp_path / "state.json"
    with Store(db) as store:
        watcher = Watcher(store, pipeline, state, directories=[str(inbox)])
        watcher.run(once=True)
        assert watcher.counts["coded"] == 2
        watcher.run(once=True)
        assert watcher.counts["coded"] == 2  # nothing new
        shutil.copy(EXAMPLE_FILES[2], inbox)
        watcher.run(once=True)
        assert watcher.counts["coded"] == 3
    assert len(_article_ids(db)) == 3
    # a restart (new Watcher, same state file) re-codes nothing
    with Store(db) as store:
        watcher = Watcher(store, pipeline, state, directories=[str(inbox)])
        watcher.run(once=True)
        assert watcher.counts["coded"] == 0
    # losing the state re-codes everything, but the store replaces, never duplicates
    state.unlink()
    with Store(db) as store:
        Watcher(store, pipeline, state, directories=[str(inbox)]).run(once=True)
    assert len(_article_ids(db)) == 3


def test_feed_conditional_get_dedup_and_pages(pipeline, tmp_path, server):
    text = EXAMPLE_FILES[0].read_text(encoding="utf-8").split("\n", 1)[1]
    server.pages["/a.html"] = (200, PAGE.format(title="Protest in Lima", text=text))
    server.pages["/b.html"] = (200, PAGE.format(title="Protest in Lima", text=text))  # same
    server.pages["/feed.xml"] = (200, _feed([("a", "Protest in Lima"),
                                             ("b", "Protest in Lima")], server.base))
    db, state = tmp_path / "f.duckdb", tmp_path / "state.json"
    url = server.base + "/feed.xml"
    with Store(db) as store:
        watcher = Watcher(store, pipeline, state, feeds=[url], interval=1)
        assert watcher.poll_feed(url, now=0) == 1
        assert watcher.counts == {"coded": 1, "failed": 0, "events": watcher.counts["events"],
                                  "skipped": 1}  # b has a's content
        # second poll sends If-None-Match and gets 304
        assert watcher.poll_feed(url, now=10) == 0
        feed_requests = [h for p, h in server.requests if p == "/feed.xml"]
        assert "If-None-Match" in feed_requests[-1]
        assert "If-Modified-Since" in feed_requests[-1]
        # a new item: only it is fetched
        server.pages["/c.html"] = (404, "gone")  # page fails: the feed summary is used
        server.pages["/feed.xml"] = (200, _feed([("a", "Protest in Lima"),
                                                 ("b", "Protest in Lima"),
                                                 ("c", "Iran rejected the offer")],
                                                server.base))
        assert watcher.poll_feed(url, now=20) == 1
        assert watcher.counts["coded"] == 2
    assert _article_ids(db) == [server.base + "/a.html", server.base + "/c.html"]
    saved = WatchState.load(state)
    assert server.base + "/b.html" in saved.urls


def test_feed_errors_back_off(pipeline, tmp_path, server):
    server.pages["/broken.xml"] = (500, "oops")
    server.pages["/junk.xml"] = (200, "<<<not a feed")
    messages = []
    with Store(tmp_path / "e.duckdb") as store:
        watcher = Watcher(store, pipeline, tmp_path / "s.json", interval=10, log=messages.append,
                          timeout=5)
        broken = server.base + "/broken.xml"
        watcher.poll_feed(broken, now=0)
        assert watcher.state.feeds[broken]["next_poll"] == 20  # 10 * 2**1
        assert watcher.poll_feed(broken, now=5) == 0  # backing off: no request
        assert sum(p == "/broken.xml" for p, _ in server.requests) == 1
        watcher.poll_feed(broken, now=25)
        assert watcher.state.feeds[broken]["next_poll"] == 25 + 40
        junk = server.base + "/junk.xml"
        assert watcher.poll_feed(junk, now=0) == 0
        # a closed port: a clear message, no exception
        watcher.poll_feed("http://127.0.0.1:9/feed.xml", now=0)
    assert any("HTTP 500" in m for m in messages)
    assert any("127.0.0.1:9" in m for m in messages)


def test_cli_watch_once(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(EXAMPLE_FILES[0], inbox)
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), "--once"])
    assert result.exit_code == 0, result.output
    assert "coded 1 article (" in result.output
    assert (tmp_path / "cli.duckdb.watch.json").exists()
    result = CliRunner().invoke(main, ["watch", "--db", str(db), "--once"])
    assert result.exit_code == 2
