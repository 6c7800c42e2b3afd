"""Streaming ingest: code files as they appear in a directory, and articles as they appear in
RSS/Atom feeds, into the event store.

State (files seen by path + size + mtime; per feed its ETag, Last-Modified, error count and
next poll time; article URLs and content hashes seen) lives in a JSON file written
atomically *after* the store commit.  A run killed between the two re-codes at most the
last batch on restart, and the store replaces re-coded articles (by id and content hash),
so nothing is lost and nothing is duplicated.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whodid import __version__
from whodid.model import Article
from whodid.normalize import normalize_article
from whodid.pipeline import Failure, Pipeline
from whodid.readers import ReadError, read_inputs
from whodid.store import Store

__all__ = ["WatchState", "Watcher"]

USER_AGENT = f"whodid/{__version__} (+https://pypi.org/project/whodid/)"
FETCH_TIMEOUT = 20.0  # seconds per HTTP request
MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_BACKOFF = 3600.0  # seconds
#: A file whose mtime is this recent may still be being written; it waits for the next poll.
SETTLE_SECONDS = 1.0

Log = Callable[[str], None]


@dataclasses.dataclass
class WatchState:
    """What has been processed; saved as JSON."""

    files: dict[str, list[int]] = dataclasses.field(default_factory=dict)  # path: [size, mtime]
    feeds: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    urls: list[str] = dataclasses.field(default_factory=list)
    hashes: list[str] = dataclasses.field(default_factory=list)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> WatchState:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as error:
            raise ValueError(f"watch state {path} is unreadable ({error}); delete it to "
                             "start over (already stored articles are replaced, not "
                             "duplicated)") from None
        return cls(**{f.name: data.get(f.name, f.default_factory())  # type: ignore[misc]
                      for f in dataclasses.fields(cls)})

    def save(self, path: str | os.PathLike[str]) -> None:
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(self)), encoding="utf-8")
        os.replace(tmp, path)


class Watcher:
    """Polls directories and feeds, codes what is new, stores the results."""

    def __init__(self, store: Store, pipeline: Pipeline, state_path: str | os.PathLike[str],
                 *, directories: Iterable[str] = (), feeds: Iterable[str] = (),
                 interval: float = 60.0, log: Log | None = None,
                 timeout: float = FETCH_TIMEOUT) -> None:
        self.store = store
        self.pipeline = pipeline
        self.state_path = state_path
        self.state = WatchState.load(state_path)
        self.directories = list(directories)
        self.feeds = list(feeds)
        self.interval = max(0.1, float(interval))
        self.timeout = timeout
        self.log = log or (lambda message: None)
        self._urls = set(self.state.urls)
        self._hashes = set(self.state.hashes)
        self.counts = {"coded": 0, "failed": 0, "events": 0, "skipped": 0}
        #: Files modified more recently than this many seconds wait (they may be half written).
        self.settle = SETTLE_SECONDS

    # -- loop --------------------------------------------------------------------------
    def run(self, once: bool = False, max_polls: int | None = None) -> None:
        """Poll every ``interval`` seconds; ``once``: one poll, taking files however new."""
        if once:
            self.settle = 0.0
        polls = 0
        while True:
            self.poll()
            polls += 1
            if once or (max_polls is not None and polls >= max_polls):
                return
            time.sleep(self.interval)

    def poll(self, now: float | None = None) -> None:
        for directory in self.directories:
            self.poll_directory(directory)
        for url in self.feeds:
            self.poll_feed(url, now=now)

    # -- coding and storing -----------------------------------------------------------
    def _code(self, items: list) -> None:
        coded = []
        for outcome in self.pipeline.run(items):
            if isinstance(outcome, Failure):
                self.counts["failed"] += 1
                self.log(f"whodid: {outcome}")
            else:
                coded.append(outcome)
                self.counts["coded"] += 1
                self.counts["events"] += len(outcome.events)
        if coded:
            self.store.write(coded)

    # -- directories --------------------------------------------------------------------
    def poll_directory(self, directory: str) -> int:
        """Code the files new or changed since the last poll; returns how many."""
        root = Path(directory)
        if not root.is_dir():
            self.log(f"whodid: {directory}: not a directory")
            return 0
        done = 0
        settle = time.time() - self.settle
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            key = str(path.resolve())
            signature = [stat.st_size, stat.st_mtime_ns]
            if self.state.files.get(key) == signature or stat.st_mtime > settle:
                continue
            self._code(list(read_inputs([str(path)])))
            self.state.files[key] = signature
            self.state.save(self.state_path)
            done += 1
        return done

    # -- feeds ------------------------------------------------------------------------
    def _fetch(self, url: str, headers: dict[str, str] | None = None):
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       **(headers or {})})
        return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310

    def poll_feed(self, url: str, now: float | None = None) -> int:
        """Fetch the feed (conditionally) and code its new entries; returns how many."""
        import feedparser

        now = time.time() if now is None else now
        feed = self.state.feeds.setdefault(url, {"failures": 0, "next_poll": 0.0})
        if now < feed.get("next_poll", 0.0):
            return 0
        headers = {}
        if feed.get("etag"):
            headers["If-None-Match"] = feed["etag"]
        if feed.get("modified"):
            headers["If-Modified-Since"] = feed["modified"]
        try:
            with self._fetch(url, headers) as response:
                body = response.read(MAX_PAGE_BYTES)
                etag = response.headers.get("ETag")
                modified = response.headers.get("Last-Modified")
        except urllib.error.HTTPError as error:
            if error.code == 304:
                feed.update(failures=0, next_poll=now + self.interval)
                self.state.save(self.state_path)
                return 0
            return self._feed_failed(url, feed, now, f"HTTP {error.code}")
        except (OSError, ValueError) as error:  # URLError, timeouts, bad URLs
            return self._feed_failed(url, feed, now, str(getattr(error, "reason", error)))
        parsed = feedparser.parse(body)
        if not parsed.entries and getattr(parsed, "bozo", False):
            return self._feed_failed(url, feed, now,
                                     f"not a feed ({parsed.get('bozo_exception')})")
        items: list[Article | ReadError] = []
        for index, entry in enumerate(parsed.entries):
            link = entry.get("link") or entry.get("id")
            if not link or link in self._urls:
                continue
            article = self._article(link, entry, f"{url}#{index + 1}")
            if isinstance(article, Article):
                if article.content_hash in self._hashes:
                    self.counts["skipped"] += 1
                    self._urls.add(link)
                    continue
                self._hashes.add(article.content_hash)
            items.append(article)
            self._urls.add(link)
        if items:
            self._code(items)
        feed.update(failures=0, next_poll=now + self.interval, etag=etag, modified=modified)
        self.state.urls = sorted(self._urls)
        self.state.hashes = sorted(self._hashes)
        self.state.save(self.state_path)
        return len(items)

    def _feed_failed(self, url: str, feed: dict[str, Any], now: float, reason: str) -> int:
        feed["failures"] = feed.get("failures", 0) + 1
        delay = min(MAX_BACKOFF, self.interval * 2 ** feed["failures"])
        feed["next_poll"] = now + delay
        self.log(f"whodid: feed {url}: {reason}; retrying in {delay:.0f}s")
        self.state.save(self.state_path)
        return 0

    def _article(self, link: str, entry: Any, origin: str) -> Article | ReadError:
        """The linked page's main text, else the entry's own summary."""
        from whodid.readers import _entry_date, _entry_text, _read_html

        title = (entry.get("title") or "").strip() or None
        date = _entry_date(entry)
        text = None
        try:
            with self._fetch(link) as response:
                page = response.read(MAX_PAGE_BYTES)
            found = next(iter(_read_html(page, link, link)), None)
            if isinstance(found, Article):
                text = found.text
                title = title or found.title
                date = date or found.date
        except (OSError, ValueError) as error:
            self.log(f"whodid: {link}: could not fetch the page "
                     f"({getattr(error, 'reason', error)}); using the feed summary")
        if not text:
            text = _entry_text(entry)
        if not text or not text.strip():
            return ReadError(origin, f"{link}: no text in the page or the feed entry")
        return normalize_article(Article(id=link, text=text, title=title, date=date,
                                         url=link, origin=link))
