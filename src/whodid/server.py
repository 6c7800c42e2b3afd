"""``whodid serve``: an HTTP API and a web dashboard over the event store.

One process owns the DuckDB file: a single :class:`~whodid.store.Store` guarded by a lock,
and a single spaCy pipeline, loaded on first use in a dedicated coding thread that batches
concurrent requests through ``nlp.pipe``.  The dashboard is plain HTML, JavaScript and CSS
from ``whodid/static`` (no CDN, no build step).

    from whodid.server import create_app
    app = create_app("whodid.duckdb")          # an ASGI app (FastAPI)

Security: bind to loopback by default; any other address needs a token, and the write
endpoint (``POST /v1/articles``) then demands ``Authorization: Bearer <token>``.  Bodies over
``max_body`` bytes get 413, invalid input 422 with a readable ``message``; CORS is off unless
origins are given; static files are served only from the package's ``static`` folder.

Third-party browser code (Natural Earth country shapes for the map, the TopoJSON decoder, and
Swagger UI for ``/docs``) comes from npm packages that ``make web`` installs with ``npm ci``
into ``web/node_modules``; the server hands out a fixed list of their files under ``/vendor``
and never a CDN.  Without them the map falls back to country centroids and ``/docs`` to a
plain list of the endpoints, each saying how to install the missing assets.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hmac
import html
import ipaddress
import json
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager, suppress
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool

from whodid import __version__
from whodid.model import Article

__all__ = ["DEFAULT_CODE_TIMEOUT", "DEFAULT_MAX_BODY", "DEFAULT_MAX_CODE_BODY", "ArticleIn",
           "Coder", "CodingTimeout", "create_app", "is_loopback", "serve"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Event counts per quad class, as columns q1..q4 (the timeline and the network both show them)
_QUAD_COUNTS = ", ".join(f"CAST(count(*) FILTER (WHERE e.quad_class = {q}) AS INTEGER) AS q{q}"
                         for q in (1, 2, 3, 4))
#: Where ``make web`` puts the npm packages (``npm ci`` in the repository's ``web`` folder);
#: an installed wheel has no such folder, so the environment variable can point elsewhere.
WEB_MODULES_ENV = "WHODID_WEB_MODULES"
DEFAULT_WEB_MODULES = Path(__file__).resolve().parents[2] / "web" / "node_modules"
#: The only files served under ``/vendor/``: URL name -> path inside ``node_modules``.  A
#: fixed list rather than a mounted folder, so nothing else in the packages is reachable.
VENDOR_FILES = {
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui-dist/favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
}
BASEMAP_FILES = ("world-atlas/countries-110m.json", "topojson-client/topojson-client.min.js")
SWAGGER_FILES = ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css")
INSTALL_HINT = "run `make web` (npm ci in the repository's web/ folder)"
#: Default request body limit in bytes.
DEFAULT_MAX_BODY = 5 * 1024 * 1024
#: Default limit in bytes for ``POST /v1/code`` bodies: one article is coded up to 200,000
#: characters (``nlp.MAX_CHARS``), so a body far beyond that is a mistake, not an article.
DEFAULT_MAX_CODE_BODY = 1024 * 1024
#: At most this many articles per ``POST /v1/articles``.
MAX_BATCH = 1000
#: At most this many rows per page of ``GET /v1/events``.
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
TOKEN_ENV = "WHODID_TOKEN"

_DATE_HELP = "ISO date YYYY-MM-DD (inclusive)"
# Choices as Literal types, so a wrong one is refused as "Input should be 'day', 'week' or
# 'month'" rather than with a regular expression
Period = Literal["day", "week", "month"]
Level = Literal["country", "actor"]


# ----------------------------------------------------------------------------- inputs


class ArticleIn(BaseModel):
    """One article to code: ``text`` is required, the rest optional."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    text: str = Field(min_length=1, description="The article body. Sent as text/plain "
                                                "instead, the first line is the headline "
                                                "(as whodid code reads a .txt file).")
    title: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, description="Publication date, YYYY-MM-DD.")
    id: str | None = Field(None, min_length=1, max_length=500,
                           description="Your id; default: derived from the content hash.")
    source: str | None = Field(None, max_length=500, description="The publisher.")
    url: str | None = Field(None, max_length=4000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty (only whitespace)")
        return value

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(f"date must be YYYY-MM-DD, got \"{value}\"") from None
        return value[:10]

    def to_article(self, default_id: str = "text", headline: bool = False) -> Article:
        """The article to code.  ``headline``: the text is plain text whose first line is
        the headline, read by the same function as ``whodid code`` reads ``.txt`` files
        (:func:`whodid.readers.split_headline`); unless a title is given, which makes the
        whole text the body."""
        from whodid.normalize import normalize_article
        from whodid.readers import split_headline

        title, text = self.title, self.text
        if headline and title is None:
            title, text = split_headline(text)
        article = Article(id=self.id or default_id, text=text, title=title,
                          date=self.date, source=self.source, url=self.url,
                          origin=f"<request:{self.id or default_id}>")
        article = normalize_article(article)
        if not self.id:
            article.id = "sha256:" + article.content_hash[:16]
        return article


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


def _plain_error(error: dict[str, Any]) -> dict[str, Any]:
    """One validation error as plain words: its ``loc``, ``msg`` and ``type``, and the limits
    in ``ctx`` (``{"ge": 0}``), never Python internals such as the exception a validator
    raised (its message is ``msg`` already) or pydantic's "Value error, " prefix."""
    plain: dict[str, Any] = {"loc": [_plain(p) for p in error.get("loc", ())],
                             "msg": str(error.get("msg", "invalid")).removeprefix("Value error, "),
                             "type": error.get("type", "value_error")}
    limits = {k: v for k, v in (error.get("ctx") or {}).items()
              if isinstance(v, str | int | float | bool)}
    if limits:
        plain["ctx"] = limits
    return plain


def _error_message(errors: Sequence[Any]) -> str:
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        # "root: ..." rather than "query.root: ..."; "query: ..." when no parameter is named
        location = ".".join(p for p in loc if p not in ("body", "query")) or (loc or ["body"])[0]
        parts.append(f"{location}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid input"


def _validation_error(error: ValidationError, prefix: tuple[str, ...] = ("body",)):
    return RequestValidationError(
        [{**e, "loc": (*prefix, *e.get("loc", ()))} for e in error.errors(include_url=False,
                                                                           include_input=False)]
    )


#: Query parameters an endpoint reads itself rather than declaring them (text/plain bodies
#: of ``POST /v1/code`` carry the article's fields in the query).
_EXTRA_QUERY = {"/v1/code": frozenset({"title", "date", "id", "source", "url"})}


def _known_query_parameters(request: Request) -> None:
    """Refuse query parameters the endpoint does not take: a misspelt or invented filter
    (``date=`` for ``since``/``until``) must not silently return everything."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not getattr(route, "path", "").startswith("/v1/"):
        return  # the dashboard's pages may carry anything after "?"
    known = {param.alias for param in dependant.query_params}
    known |= _EXTRA_QUERY.get(getattr(route, "path", ""), frozenset())
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise RequestValidationError([
            {"loc": ("query", name), "type": "unknown_parameter",
             "msg": f"unknown parameter; this endpoint takes: {allowed}"}
            for name in unknown])


def _content_type(request: Request) -> str:
    """The request's media type, lower case, without parameters such as the charset."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _charset(request: Request) -> str | None:
    """The ``charset`` parameter of the request's Content-Type, as given, or None."""
    for parameter in request.headers.get("content-type", "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _body_text(request: Request, body: bytes) -> str:
    """The body decoded with its declared charset (UTF-8 if none), by the reader
    ``whodid code`` uses: 415 for a charset not in ``BODY_CHARSETS``, 422 for bytes that
    are not in the charset."""
    from whodid.readers import BODY_CHARSETS, decode_text, text_encoding

    declared = _charset(request)
    accepted = ", ".join(BODY_CHARSETS.values())
    try:
        codec = text_encoding(declared or "utf-8")
    except ValueError:
        codec = None
    if codec not in BODY_CHARSETS:
        raise HTTPException(415, f"unsupported charset \"{declared}\": send the body in one "
                                 f"of {accepted}")
    try:
        return decode_text(body, codec)
    except ValueError as error:
        raise _unprocessable(f"body is not {BODY_CHARSETS[codec]} text ({error}); declare "
                             f"its charset, one of {accepted}", "body") from None


def _unprocessable(message: str, field: str = "query") -> RequestValidationError:
    return RequestValidationError([{"loc": (field,), "msg": message, "type": "value_error"}])


# ----------------------------------------------------------------------------- coding


#: A coding job (one ``POST /v1/code``, or one ``POST /v1/articles`` batch) of at most this
#: many characters goes to the small lane; a longer one to the large lane.  News articles
#: are a few thousand characters, so only the unusual request waits in the large lane.
SMALL_CHARS = 20_000
#: Default seconds a ``POST /v1/code`` may take, waiting included, before it gets 504.
DEFAULT_CODE_TIMEOUT = 120.0


class CodingTimeout(Exception):
    """A coding job ran out of its time limit (queued or coding); the server answers 504."""


class _Job:
    """Articles to code, the future of their outcomes, and when they must be done by."""

    def __init__(self, articles: list[Article], deadline: float | None) -> None:
        self.articles = articles
        self.deadline = deadline  # time.monotonic() value, or None for no limit
        self.future: concurrent.futures.Future = concurrent.futures.Future()


class _Lane:
    """One coding thread with a pipeline of its own, coding its queue in batches.

    The thread takes whatever jobs are waiting (up to ``max_batch`` articles) and codes them
    in one ``Pipeline.run`` (``nlp.pipe``), so concurrent requests share the parse.  A batch
    whose jobs all have deadlines is stopped at the latest of them (``pipeline.Deadline``
    interrupts the thread), so no request keeps a lane busy far past its time limit.
    """

    def __init__(self, name: str, pipeline: Callable[[], tuple[Any, threading.Lock]],
                 max_batch: int) -> None:
        self.name = name
        self._pipeline_and_lock = pipeline
        self._pipeline: Any = None
        self._pipeline_lock: threading.Lock | None = None
        self._queue: queue.Queue = queue.Queue()
        self._max_batch = max_batch
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.running = 0  # articles being coded now (for /v1/health)

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    def submit(self, job: _Job) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()
        self._queue.put(job)

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=10)

    def _next_batch(self, first: _Job) -> list[_Job]:
        """``first`` and the jobs waiting behind it, up to ``max_batch`` articles."""
        jobs, size = [first], len(first.articles)
        while size < self._max_batch:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                break
            if more is None:
                self._queue.put(None)
                break
            jobs.append(more)
            size += len(more.articles)
        return jobs

    def _work(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            now = time.monotonic()
            jobs = []
            for job in self._next_batch(first):
                if not job.future.set_running_or_notify_cancel():
                    continue  # its request gave up waiting
                if job.deadline is not None and job.deadline <= now:
                    job.future.set_exception(CodingTimeout("the time limit ran out while "
                                                           "the request waited"))
                    continue
                jobs.append(job)
            if jobs:
                self._run(jobs)

    def _run(self, jobs: list[_Job]) -> None:
        articles = [a for job in jobs for a in job.articles]
        self.running = len(articles)
        try:
            if self._pipeline is None:
                self._pipeline, self._pipeline_lock = self._pipeline_and_lock()
            with self._pipeline_lock:
                outcomes = self._code(articles, jobs)
        except BaseException as error:  # the pipeline failed, or ran out of time, as a whole
            for job in jobs:
                job.future.set_exception(error)
            return
        finally:
            self.running = 0
        position = 0
        for job in jobs:
            job.future.set_result(outcomes[position:position + len(job.articles)])
            position += len(job.articles)

    def _code(self, articles: list[Article], jobs: list[_Job]) -> list[Any]:
        from whodid.pipeline import Deadline, OverBudget

        deadlines = [job.deadline for job in jobs]
        if any(d is None for d in deadlines):
            return list(self._pipeline.run(articles))
        outcomes: list[Any] = []
        try:
            with Deadline(max(deadlines) - time.monotonic()) as deadline:  # type: ignore[type-var]
                for outcome in self._pipeline.run(articles):
                    if deadline.fired:  # the pipeline turned the interruption into a Failure
                        break
                    outcomes.append(outcome)
        except OverBudget:
            pass
        if len(outcomes) < len(articles):
            raise CodingTimeout("the time limit ran out while coding")
        return outcomes


class Coder:
    """Codes articles in two lanes, each a thread with a pipeline of its own.

    A job of at most ``small_chars`` characters goes to the small lane, a longer one to the
    large lane, so a 1 MB article (up to a minute of coding) never holds up one-sentence
    requests: they are coded beside it, in the other thread.  Two lanes is the bound: at most
    two articles' worth of coding at once on a 2-core machine, and two spaCy pipelines in
    memory (the second about 45 MB; the knowledge base, gazetteer and classifiers are shared,
    read-only).  Python threads share the interpreter lock, so while both lanes are busy
    each runs at about half speed; a one-sentence request still answers in well under a
    second (bench/bench_server.py --mixed).

    ``pipeline_factory`` is called once per lane when the lane's first job arrives (one at a
    time).  spaCy pipelines are not meant to parse in two threads at once: if the factory
    returns the same pipeline to both lanes, they take turns with it.
    """

    def __init__(self, pipeline_factory: Callable[[], Any], max_batch: int = 64,
                 small_chars: int = SMALL_CHARS) -> None:
        self._factory = pipeline_factory
        self._factory_lock = threading.Lock()
        self._locks: dict[int, tuple[Any, threading.Lock]] = {}
        self.small_chars = small_chars
        self.small = _Lane("whodid-coder-small", self._new_pipeline, max_batch)
        self.large = _Lane("whodid-coder-large", self._new_pipeline, max_batch)

    def _new_pipeline(self) -> tuple[Any, threading.Lock]:
        """A pipeline for a lane, and the lock of whoever uses that pipeline object."""
        # one at a time: the shared, cached parts (knowledge base, gazetteer) load once
        with self._factory_lock:
            pipeline = self._factory()
            _, lock = self._locks.setdefault(id(pipeline), (pipeline, threading.Lock()))
            return pipeline, lock

    @property
    def loaded(self) -> bool:
        return self.small.loaded or self.large.loaded

    def lanes(self) -> dict[str, dict[str, int]]:
        """Articles being coded and jobs queued, per lane (``/v1/health``)."""
        return {lane.name.rsplit("-", 1)[1]: {"coding": lane.running, "queued": lane.queued}
                for lane in (self.small, self.large)}

    def submit(self, articles: list[Article], timeout: float | None = None
               ) -> concurrent.futures.Future:
        """A future of the outcomes (CodedArticle or Failure), in order; it raises
        :class:`CodingTimeout` when coding is not done within ``timeout`` seconds."""
        job = _Job(articles, None if timeout is None else time.monotonic() + timeout)
        size = sum(len(a.text) for a in articles)
        (self.small if size <= self.small_chars else self.large).submit(job)
        return job.future

    async def code(self, articles: list[Article], timeout: float | None = None) -> list[Any]:
        """The outcomes of coding ``articles``; :class:`CodingTimeout` after ``timeout``
        seconds (a job still queued is then dropped, one being coded is interrupted)."""
        future = asyncio.wrap_future(self.submit(articles, timeout))
        if timeout is None:
            return await future
        try:
            # a little grace, so that the lane's own stop (and its message) comes first
            return await asyncio.wait_for(future, timeout + 1.0)
        except TimeoutError:
            raise CodingTimeout("the time limit ran out") from None

    def close(self) -> None:
        self.small.close()
        self.large.close()


# ----------------------------------------------------------------------------- store access


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class StoreAccess:
    """The process's one Store, opened on first use, every call under one lock."""

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._store: Any = None
        self._lock = threading.Lock()

    def _open(self) -> Any:
        if self._store is None:
            from whodid.store import Store, open_for_reading

            self._store = open_for_reading(self.path) if self.read_only else Store(self.path)
        return self._store

    def call(self, function: Callable[[Any], Any]) -> Any:
        with self._lock:
            return function(self._open())

    async def run(self, function: Callable[[Any], Any]) -> Any:
        return await run_in_threadpool(self.call, function)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def _rows(store: Any, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def _actor(row: dict[str, Any], prefix: str, resolved: dict[tuple, str | None]
           ) -> dict[str, Any] | None:
    if row.get(f"{prefix}_text") is None and row.get(f"{prefix}_code") is None:
        return None
    start, end = row.get(f"{prefix}_start"), row.get(f"{prefix}_end")
    return {
        "text": row.get(f"{prefix}_text"), "start": start, "end": end,
        "name": row.get(f"{prefix}_name"), "code": row.get(f"{prefix}_code"),
        "country": row.get(f"{prefix}_country"), "sector": row.get(f"{prefix}_sector"),
        "resolved_by": resolved.get((start, end)),
    }


def _quote_parts(text: str | None, stored: str | None) -> list[dict[str, Any]]:
    """A split quote's pieces from the stored JSON ``[[start, end], ...]`` (NULL in rows
    written before schema version 5, and for a quote of one piece): ``[]``."""
    if not stored or text is None:
        return []
    try:
        pieces = json.loads(stored)
    except ValueError:
        return []
    return [{"text": text[start:end], "start": start, "end": end} for start, end in pieces]


def stored_article(store: Any, article_id: str) -> dict[str, Any] | None:
    """A stored article with all its spans, in the shape of ``CodedArticle.to_dict()``
    (plus ``event_id``/``dedup_id`` on events; an event's actors get ``resolved_by`` from
    the article's actor mention with the same offsets)."""
    found = _rows(store, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not found:
        return None
    article = found[0]
    metadata = article.get("metadata")
    if isinstance(metadata, str):
        with suppress(ValueError):
            metadata = json.loads(metadata)
    actors = [
        {"text": r["text"], "start": r["start_char"], "end": r["end_char"], "name": r["name"],
         "code": r["code"], "country": r["country"], "sector": r["sector"],
         "resolved_by": r["resolved_by"]}
        for r in _rows(store, "SELECT * FROM actors WHERE article_id = ? ORDER BY idx",
                       [article_id])
    ]
    resolved = {(a["start"], a["end"]): a["resolved_by"] for a in actors}
    events = []
    for r in _rows(store, "SELECT * FROM events WHERE article_id = ? ORDER BY idx",
                   [article_id]):
        location = None
        if r.get("location_text") is not None or r.get("location_name") is not None:
            location = {
                "text": r["location_text"], "name": r["location_name"],
                "country": r["location_country"], "lat": r["location_lat"],
                "lon": r["location_lon"], "geonames_id": r["location_geonames_id"],
                "precision": r["location_precision"], "feature": r.get("location_feature"),
                "admin1": r.get("location_admin1"), "admin2": r.get("location_admin2"),
            }
        events.append({
            "event_id": r["event_id"], "dedup_id": r.get("dedup_id"), "idx": r["idx"],
            "source": _actor(r, "source", resolved), "target": _actor(r, "target", resolved),
            "cameo": r["cameo"], "root": r["root"], "quad_class": r["quad_class"],
            "goldstein": r["goldstein"],
            "plover": {"event": r["plover_event"], "mode": r["plover_mode"],
                       "context": r.get("plover_context")},
            "sentence": r["sentence"],
            "trigger": {"text": r["trigger_text"], "start": r["trigger_start"],
                        "end": r["trigger_end"]},
            "modality": r["modality"], "confidence": r["confidence"],
            "date": ({"value": r["event_date"], "granularity": r["event_date_granularity"]}
                     if r["event_date"] is not None else None),
            "location": location, "name": r["event_name"],
        })
    quotes = [
        {"speaker": ({"text": r["speaker_text"], "start": r["speaker_start"],
                      "end": r["speaker_end"], "code": r["speaker_code"],
                      "name": r.get("speaker_name"),
                      "name_start": r.get("speaker_name_start"),
                      "name_end": r.get("speaker_name_end")}
                     if r["speaker_text"] is not None else None),
         "cue": r["cue"],
         "content": {"text": r["content_text"], "start": r["content_start"],
                     "end": r["content_end"]},
         "direct": r["direct"],
         "parts": _quote_parts(article["text"], r.get("content_parts"))}
        for r in _rows(store, "SELECT * FROM quotes WHERE article_id = ? ORDER BY idx",
                       [article_id])
    ]
    places = [
        {"text": r["text"], "start": r["start_char"], "end": r["end_char"], "name": r["name"],
         "country": r["country"], "lat": r["lat"], "lon": r["lon"],
         "geonames_id": r["geonames_id"], "feature": r["feature"],
         "admin1": r.get("admin1"), "admin2": r.get("admin2"),
         "approximate": r.get("approximate")}
        for r in _rows(store, "SELECT * FROM places WHERE article_id = ? ORDER BY idx",
                       [article_id])
    ]
    times = [
        {"text": r["text"], "start": r["start_char"], "end": r["end_char"], "value": r["value"],
         "granularity": r["granularity"], "type": r.get("type"), "role": r.get("role"),
         "span": r.get("span")}
        for r in _rows(store, "SELECT * FROM times WHERE article_id = ? ORDER BY idx",
                       [article_id])
    ]
    return {
        "id": article["id"], "title": article["title"], "date": article["date"],
        "source": article["source"], "url": article["url"], "text": article["text"],
        "content_hash": article["content_hash"], "coder_version": article["coder_version"],
        "coded_at": article.get("coded_at"), "metadata": metadata,
        "events": events, "quotes": quotes, "places": places, "times": times,
        "actors": actors,
    }


# ----------------------------------------------------------------------------- middleware


class BodyLimit:
    """ASGI middleware: 413 for bodies over ``limit`` bytes (declared or streamed), or over
    the lower limit ``paths`` sets for a path (``{"/v1/code": 1048576}``)."""

    def __init__(self, app: Any, limit: int, paths: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.paths = {path: min(limit, n) for path, n in (paths or {}).items()}

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.paths.get(scope.get("path", ""), self.limit)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > limit:
                    await self._reject(send, scope, limit)
                    return
        received = 0
        too_big = False

        async def limited_receive() -> dict:
            nonlocal received, too_big
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_big = True
                    raise _TooLarge
            return message

        started = False

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(send, scope, limit)
        except Exception:
            if too_big and not started:
                await self._reject(send, scope, limit)
            else:
                raise

    async def _reject(self, send: Callable, scope: dict, limit: int) -> None:
        where = scope.get("path", "")
        if where in self.paths:
            what = (f"request body too large: {where} takes at most {limit:,} bytes "
                    f"({_megabytes(limit)}); send a shorter article (only the first "
                    "200,000 characters are coded) or start whodid serve with a larger "
                    "--max-code-mb")
        else:
            what = (f"request body too large: at most {limit:,} bytes ({_megabytes(limit)}); "
                    "send less, or start whodid serve with a larger --max-body-mb")
        body = json.dumps({"detail": what, "message": what}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _megabytes(size: int) -> str:
    """``1048576`` -> ``"1 MB"``, ``524288`` -> ``"0.5 MB"`` (MB of 1024 x 1024 bytes, as the
    --max-body-mb and --max-code-mb options count them)."""
    return f"{size / (1024 * 1024):.3g} MB"


_DASHBOARD_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# Swagger UI sets style attributes from its React components, hence 'unsafe-inline' for
# styles only; its scripts, like the dashboard's, come from this server alone.
_DOCS_CSP = _DASHBOARD_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


# ----------------------------------------------------------------------------- the app


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_token(request: Request, token: str | None) -> None:
    if token is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


def create_app(db: str | os.PathLike[str] = "whodid.duckdb", *, token: str | None = None,
               read_only: bool = False, max_body: int = DEFAULT_MAX_BODY,
               max_code_body: int = DEFAULT_MAX_CODE_BODY,
               code_timeout: float | None = DEFAULT_CODE_TIMEOUT,
               cors_origins: Sequence[str] = (),
               pipeline_factory: Callable[[], Any] | None = None,
               web_modules: str | os.PathLike[str] | None = None) -> FastAPI:
    """The FastAPI app serving the API and the dashboard over the store at ``db``.

    ``token``: when set, ``POST /v1/articles`` needs ``Authorization: Bearer <token>``.
    ``read_only``: open the store read-only (``POST /v1/articles`` then answers 403).
    ``max_body``: the largest request body in bytes (413 above it); ``max_code_body`` the
    largest ``POST /v1/code`` body (at most ``max_body``).
    ``code_timeout``: seconds a ``POST /v1/code`` may take, waiting included (504 after
    them); None for no limit.
    ``pipeline_factory``: builds a coding pipeline, called once for each of the two coding
    lanes (default: ``Pipeline()``, then one with a spaCy pipeline of its own).
    ``web_modules``: the ``node_modules`` folder holding the basemap and Swagger UI (default
    ``$WHODID_WEB_MODULES``, else ``web/node_modules`` beside ``src/``).
    """
    if pipeline_factory is None:
        pipeline_factory = _lane_pipelines()
    vendor = Path(web_modules or os.environ.get(WEB_MODULES_ENV) or DEFAULT_WEB_MODULES)

    def vendor_installed(names: Sequence[str]) -> bool:
        return all((vendor / VENDOR_FILES[name]).is_file() for name in names)
    store = StoreAccess(os.fspath(db), read_only=read_only)
    coder = Coder(pipeline_factory)
    token = token or None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        coder.close()
        store.close()

    app = FastAPI(
        title="whodid",
        version=__version__,
        description="Political event coding (who did what to whom, where, when) and the "
                    "event store, over HTTP.",
        lifespan=lifespan,
        # FastAPI's own /docs and /redoc load their code from a CDN: /docs is served below
        # from the locally installed Swagger UI instead, and there is no /redoc.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.coder = coder
    app.router.dependencies.append(Depends(_known_query_parameters))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [_plain_error(e) for e in error.errors()]
        return JSONResponse({"detail": errors, "message": _error_message(errors)},
                            status_code=422)

    @app.exception_handler(CodingTimeout)
    async def _timed_out(request: Request, error: CodingTimeout) -> JSONResponse:
        message = (f"coding took longer than the server's limit of {code_timeout:g} s per "
                   f"request ({error}); send a shorter text, try again when the server is "
                   "less busy, or start whodid serve with a larger --code-timeout")
        return JSONResponse({"detail": message, "message": message}, status_code=504)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        path = request.url.path
        if path == "/" or path.startswith(("/static/", "/vendor/")):
            response.headers.setdefault("Content-Security-Policy", _DASHBOARD_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        elif path == "/docs":
            response.headers.setdefault("Content-Security-Policy", _DOCS_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=max_body, paths={"/v1/code": max_code_body})

    async def read(function: Callable[[Any], Any]) -> Any:
        from whodid.store import FilterError

        try:
            return await store.run(function)
        except FilterError as error:
            raise RequestValidationError([{"loc": ("query", error.name), "msg": error.message,
                                           "type": "value_error"}]) from None
        except ValueError as error:
            raise _unprocessable(str(error)) from None

    # -- meta ------------------------------------------------------------------------
    @app.get("/v1/health", tags=["meta"])
    async def health() -> dict[str, Any]:
        """Liveness, the version, and the store's row counts."""
        try:
            counts = await store.run(lambda s: s.counts())
            ok = True
        except Exception as error:  # report, don't crash
            counts, ok = {"error": str(error) or "the store cannot be read"}, False
        return {"status": "ok" if ok else "degraded", "version": __version__,
                "model_loaded": coder.loaded, "coding": coder.lanes(), "read_only": read_only,
                "writes_need_token": token is not None, "counts": counts,
                "assets": {"basemap": vendor_installed(BASEMAP_FILES),
                           "swagger_ui": vendor_installed(SWAGGER_FILES)}}

    # -- coding ----------------------------------------------------------------------
    async def parse_body(request: Request, model: type[BaseModel], plain_ok: bool) -> Any:
        body = await request.body()
        content_type = _content_type(request)
        if plain_ok and content_type == "text/plain":
            text = _body_text(request, body)
            payload: Any = {"text": text, **{k: v for k, v in request.query_params.items()
                                             if k in ("title", "date", "id", "source", "url")}}
        elif content_type in ("application/json", "") or content_type.endswith("+json"):
            if not body.strip():
                raise _unprocessable("empty body: send a JSON object"
                                     + (" or text/plain" if plain_ok else ""), "body")
            # without a charset, json.loads tells UTF-8 from UTF-16 and UTF-32 itself
            document: str | bytes = body if _charset(request) is None else _body_text(request,
                                                                                      body)
            try:
                payload = json.loads(document)
            except (ValueError, UnicodeDecodeError) as error:
                raise _unprocessable(f"body is not valid JSON: {error}", "body") from None
        else:
            raise HTTPException(415, f"unsupported content type \"{content_type}\": use "
                                     "application/json" + (" or text/plain" if plain_ok else ""))
        if model is ArticlesIn and isinstance(payload, list):
            payload = {"articles": payload}
        try:
            return model.model_validate(payload)
        except ValidationError as error:
            raise _validation_error(error) from None

    article_schema = ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")

    @app.post("/v1/code", tags=["coding"], openapi_extra={"requestBody": {
        "required": True,
        "content": {"application/json": {"schema": article_schema},
                    "text/plain": {"schema": {"type": "string"}}},
        "description": "An article as JSON, or its text as text/plain (title, date and id "
                       "may then be given as query parameters).",
    }})
    async def code(request: Request) -> dict[str, Any]:
        """Code one article and return the coded result; nothing is stored.  Bodies over
        the server's --max-code-mb get 413; coding that outlives its --code-timeout 504."""
        article_in: ArticleIn = await parse_body(request, ArticleIn, plain_ok=True)
        plain = _content_type(request) == "text/plain"
        article = article_in.to_article(default_id=article_in.id or "text", headline=plain)
        (outcome,) = await coder.code([article], timeout=code_timeout)
        if not hasattr(outcome, "to_dict"):
            raise _unprocessable(f"could not code the article: {outcome.reason}", "body")
        return outcome.to_dict()

    @app.post("/v1/articles", tags=["store"], status_code=200, openapi_extra={"requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {
            "oneOf": [{"type": "array", "items": article_schema, "maxItems": MAX_BATCH},
                      {"type": "object", "properties": {"articles": {
                          "type": "array", "items": article_schema, "maxItems": MAX_BATCH}}}]}}},
        "description": "A list of articles (or {\"articles\": [...]}).",
    }})
    async def store_articles(request: Request) -> dict[str, Any]:
        """Code a batch of articles and store them (one transaction). Needs the token when
        the server has one. Returns the stored ids, counts and per-article failures."""
        _check_token(request, token)
        if read_only:
            raise HTTPException(403, "the server's store is read-only")
        batch: ArticlesIn = await parse_body(request, ArticlesIn, plain_ok=False)
        articles = [a.to_article(default_id=f"{n}") for n, a in enumerate(batch.articles)]
        outcomes = await coder.code(articles)
        coded, failed = [], []
        for index, outcome in enumerate(outcomes):
            if hasattr(outcome, "to_dict"):
                coded.append(outcome)
            else:
                failed.append({"index": index, "id": articles[index].id,
                               "reason": outcome.reason})
        if coded:
            await store.run(lambda s: s.write(coded))
        return {"ids": [c.id for c in coded], "coded": len(coded), "failed": failed,
                "events": sum(len(c.events) for c in coded),
                "events_per_article": {c.id: len(c.events) for c in coded}}

    # -- reading ---------------------------------------------------------------------
    @app.get("/v1/events", tags=["store"])
    async def events(
        root: Annotated[str | None, Query(description="CAMEO root code, e.g. 19")] = None,
        cameo: Annotated[str | None, Query(description="CAMEO code or prefix")] = None,
        quad: Annotated[list[Annotated[int, Field(ge=1, le=4)]] | None,
                        Query(description="Quad class 1-4 (repeatable)")] = None,
        country: Annotated[str | None, Query(description="Source or target country "
                                             "(ISO alpha-3)")] = None,
        source_country: str | None = None,
        target_country: str | None = None,
        actor: Annotated[str | None, Query(description="Source or target actor: code prefix "
                                           "(upper case) or text")] = None,
        source: str | None = None,
        target: str | None = None,
        source_code: Annotated[str | None, Query(description="The whole source actor code, "
                                                 "exactly (NGA is not NGAMIL)")] = None,
        target_code: Annotated[str | None, Query(description="The whole target actor code, "
                                                 "exactly")] = None,
        sector: str | None = None,
        since: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        until: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        bbox: Annotated[str | None, Query(description="MINLON,MINLAT,MAXLON,MAXLAT")] = None,
        near: Annotated[str | None, Query(description="LAT,LON")] = None,
        radius_km: Annotated[float, Query(ge=0)] = 50.0,
        text: Annotated[str | None, Query(max_length=500)] = None,
        dedup: bool = False,
        limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """Stored events, newest first, with the filters of ``whodid events``; paginated
        by ``limit``/``offset`` (``next_offset`` is null on the last page)."""
        filters: dict[str, Any] = {
            "cameo": cameo, "quad_class": quad or None, "source_country": source_country,
            "target_country": target_country, "actor": actor, "source_actor": source,
            "target_actor": target, "source_code": source_code, "target_code": target_code,
            "sector": sector, "text": text,
            "bbox": _numbers(bbox, 4, "bbox"),
        }
        point = _numbers(near, 2, "near")
        if point is not None:
            filters.update(near=point, radius_km=radius_km)
        filters = {k: v for k, v in filters.items() if v is not None}

        def query(s: Any) -> tuple[list[dict[str, Any]], int]:
            rows = s.events(root=root, country=country, since=since, until=until,
                            limit=offset + limit + 1, dedup=dedup, **filters)
            return rows, s.count_events(root=root, country=country, since=since,
                                        until=until, dedup=dedup, **filters)

        rows, total = await read(query)
        page = [{k: _plain(v) for k, v in row.items()} for row in rows[offset:offset + limit]]
        more = len(rows) > offset + limit
        return {"offset": offset, "limit": limit, "count": len(page), "total": total,
                "next_offset": offset + limit if more else None, "events": page}

    @app.get("/v1/articles/{article_id:path}", tags=["store"])
    async def article(article_id: str) -> dict[str, Any]:
        """A stored article with all its spans: events (with their actors' ``resolved_by``),
        actors, places, times and quotes."""
        found = await read(lambda s: stored_article(s, article_id))
        if found is None:
            raise HTTPException(404, f"no article with id \"{article_id}\"")
        return found

    @app.get("/v1/dyads", tags=["store"])
    async def dyads(
        by: Annotated[Period, Query(description="The period: day, week or month")] = "week",
        since: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        until: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        source_country: str | None = None,
        target_country: str | None = None,
        dedup: bool = False,
    ) -> dict[str, Any]:
        """Events per directed dyad and period: counts per quad class, Goldstein sum/mean."""
        rows = await read(lambda s: s.dyads(by, since=since, until=until,
                                            source_country=source_country,
                                            target_country=target_country, dedup=dedup))
        return {"by": by, "rows": rows}

    @app.get("/v1/timeline", tags=["store"])
    async def timeline(
        by: Annotated[Period, Query(description="The period: day, week or month")] = "week",
        country: str | None = None,
        root: str | None = None,
        quad: Annotated[list[Annotated[int, Field(ge=1, le=4)]] | None,
                        Query(description="Quad class 1-4 (repeatable)")] = None,
        actor: Annotated[str | None, Query(description="Source or target actor: code prefix "
                                           "(upper case) or text")] = None,
        since: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        until: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        text: Annotated[str | None, Query(max_length=500)] = None,
    ) -> dict[str, Any]:
        """Events per period (event date, else article date): counts per quad class and the
        Goldstein mean, with the dashboard's filters; only periods with events are listed.
        ``busiest`` is the shortest run of periods holding ``BUSIEST_SHARE`` of the events,
        the span the dashboard opens on."""
        filters = _dashboard_filters(root=root, quad=quad, country=country, actor=actor,
                                     since=since, until=until, text=text)

        def query(s: Any) -> list[dict[str, Any]]:
            conditions, params = s._filters(**filters)
            where = " AND ".join(["COALESCE(e.event_date, a.date) IS NOT NULL", *conditions])
            sql = (
                f"SELECT CAST(date_trunc('{by}', COALESCE(e.event_date, a.date)) AS DATE) "
                "AS period, CAST(count(*) AS INTEGER) AS events, "
                + _QUAD_COUNTS
                + ", avg(e.goldstein) AS goldstein_mean, sum(e.goldstein) AS goldstein_sum "
                "FROM events e JOIN articles a ON a.id = e.article_id WHERE " + where
                + " GROUP BY 1 ORDER BY 1"
            )
            return _rows(s, sql, params)

        rows = await read(query)
        return {"by": by, "rows": rows, "busiest": busiest_span(rows)}

    @app.get("/v1/map", tags=["store"])
    async def event_map(
        country: str | None = None,
        root: str | None = None,
        quad: Annotated[list[Annotated[int, Field(ge=1, le=4)]] | None,
                        Query(description="Quad class 1-4 (repeatable)")] = None,
        actor: Annotated[str | None, Query(description="Source or target actor: code prefix "
                                           "(upper case) or text")] = None,
        since: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        until: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        text: Annotated[str | None, Query(max_length=500)] = None,
    ) -> dict[str, Any]:
        """Located events grouped by place: name, country, lat/lon, count, Goldstein mean."""
        filters = _dashboard_filters(root=root, quad=quad, country=country, actor=actor,
                                     since=since, until=until, text=text)

        def query(s: Any) -> list[dict[str, Any]]:
            conditions, params = s._filters(**filters)
            where = " AND ".join(["e.location_lat IS NOT NULL", "e.location_lon IS NOT NULL",
                                  *conditions])
            sql = (
                "SELECT any_value(e.location_name) AS name, any_value(e.location_country) "
                "AS country, round(e.location_lat, 3) AS lat, round(e.location_lon, 3) AS lon, "
                "CAST(count(*) AS INTEGER) AS events, avg(e.goldstein) AS goldstein_mean "
                "FROM events e JOIN articles a ON a.id = e.article_id WHERE " + where
                + " GROUP BY 3, 4 ORDER BY events DESC LIMIT 5000"
            )
            return _rows(s, sql, params)

        return {"places": await read(query)}

    @app.get("/v1/network", tags=["store"])
    async def network(
        level: Annotated[Level, Query(description=(
            "Nodes are source/target countries, or full actor codes (e.g. NGAMIL)"))] = "country",
        root: str | None = None,
        quad: Annotated[list[Annotated[int, Field(ge=1, le=4)]] | None,
                        Query(description="Quad class 1-4 (repeatable)")] = None,
        country: Annotated[str | None, Query(description="Source or target country "
                                             "(ISO alpha-3)")] = None,
        actor: str | None = None,
        since: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        until: Annotated[str | None, Query(description=_DATE_HELP)] = None,
        text: Annotated[str | None, Query(max_length=500)] = None,
        limit: Annotated[int, Query(ge=1, le=500, description="Keep the busiest edges")] = 60,
    ) -> dict[str, Any]:
        """The directed dyad network over the whole filtered range: one edge per (source,
        target) with its event count, counts per quad class and Goldstein mean; the busiest
        ``limit`` edges and their nodes (with events sent and received along those edges).
        Unlike /v1/dyads it is not split by period and takes the dashboard's filters."""
        column = "country" if level == "country" else "code"
        filters = _dashboard_filters(root=root, quad=quad, country=country, actor=actor,
                                     since=since, until=until, text=text)

        def query(s: Any) -> list[dict[str, Any]]:
            conditions, params = s._filters(**filters)
            where = " AND ".join([f"e.source_{column} IS NOT NULL",
                                  f"e.target_{column} IS NOT NULL", *conditions])
            sql = (
                f"SELECT e.source_{column} AS source, e.target_{column} AS target, "
                "CAST(count(*) AS INTEGER) AS events, "
                + _QUAD_COUNTS
                + ", avg(e.goldstein) AS goldstein_mean "
                "FROM events e JOIN articles a ON a.id = e.article_id WHERE " + where
                + " GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?"
            )
            # one more than asked, to tell whether edges were left out
            return _rows(s, sql, [*params, limit + 1])

        rows = await read(query)
        edges = rows[:limit]
        names = {c["code"]: c["name"] for c in _countries()} if level == "country" else {}
        nodes: dict[str, dict[str, Any]] = {}
        for edge in edges:
            for end, direction in ((edge["source"], "sent"), (edge["target"], "received")):
                node = nodes.setdefault(end, {"id": end, "name": names.get(end),
                                              "sent": 0, "received": 0})
                node[direction] += edge["events"]
        return {"level": level, "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
                "edges": edges, "truncated": len(rows) > limit}

    @app.get("/v1/stats", tags=["store"])
    async def stats() -> dict[str, Any]:
        """A summary of the store (counts, date ranges, top dyads, roots, quad classes)."""
        result = await read(lambda s: s.stats())
        result.pop("path", None)
        return result

    @app.get("/v1/countries", tags=["meta"])
    async def countries() -> dict[str, Any]:
        """Country codes, names and centroids (for the dashboard's offline map)."""
        return {"countries": _countries()}

    # -- the dashboard ---------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/vendor/{name:path}", include_in_schema=False)
    async def vendor_file(name: str) -> FileResponse:
        if name not in VENDOR_FILES:
            raise HTTPException(404, "Not Found")
        path = vendor / VENDOR_FILES[name]
        if not path.is_file():
            raise HTTPException(404, f"{name} is not installed: {INSTALL_HINT}")
        return FileResponse(path)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if vendor_installed(SWAGGER_FILES):
            return HTMLResponse(_SWAGGER_PAGE)
        return HTMLResponse(_endpoint_list_page(app.openapi()))

    app.mount("/static", StaticFiles(directory=STATIC_DIR, follow_symlink=False),
              name="static")
    return app


# Swagger UI from /vendor, started by /static/docs.js (the CSP allows no inline script).
_SWAGGER_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>whodid API</title>
<link rel="stylesheet" href="/vendor/swagger-ui-dist/swagger-ui.css">
<link rel="icon" type="image/png" href="/vendor/swagger-ui-dist/favicon-32x32.png">
<script src="/vendor/swagger-ui-dist/swagger-ui-bundle.js" defer></script>
<script src="/static/docs.js" defer></script>
</head>
<body><div id="swagger-ui"></div></body>
</html>
"""


def _endpoint_list_page(spec: dict[str, Any]) -> str:
    """/docs without Swagger UI: the endpoints and their summaries, from the OpenAPI spec."""
    rows = []
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            # the docstring's first line says more than the summary FastAPI makes of the name
            what = (operation.get("description") or operation.get("summary") or "").split("\n")[0]
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td>"
                f"<td><code>{html.escape(path)}</code></td><td>{html.escape(what)}</td></tr>"
            )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>whodid API</title></head><body>"
        f"<h1>whodid API {html.escape(str(spec.get('info', {}).get('version', '')))}</h1>"
        f"<p>The interactive API docs (Swagger UI) are not installed: {html.escape(INSTALL_HINT)}."
        ' The full description is at <a href="/openapi.json">/openapi.json</a>.</p>'
        "<table><thead><tr><th>method</th><th>path</th><th>what</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table></body></html>\n"
    )


_COUNTRIES: list[dict[str, Any]] | None = None


def _countries() -> list[dict[str, Any]]:
    """Knowledge-base countries with the ISO numeric code too, which is how Natural Earth's
    shapes in world-atlas are keyed."""
    global _COUNTRIES
    if _COUNTRIES is None:
        import pycountry

        from whodid.knowledge import knowledge_base

        def numeric(code: str) -> str | None:
            found = pycountry.countries.get(alpha_3=code)
            return found.numeric if found is not None else None

        _COUNTRIES = [
            {"code": c.code, "name": c.name, "numeric": numeric(c.code), "lat": c.lat,
             "lon": c.lon}
            for c in sorted(knowledge_base().countries.values(), key=lambda c: c.code)
        ]
    return _COUNTRIES


def _dashboard_filters(*, quad: list[int] | None, **filters: Any) -> dict[str, Any]:
    """The dashboard's filters (root, quad, country, actor, since, until, text) as
    ``Store._filters`` keywords, the ones not given left out: the timeline, the map and the
    network apply them alike."""
    return {k: v for k, v in {**filters, "quad_class": quad or None}.items() if v is not None}


#: The timeline opens on the shortest run of periods that holds this share of the events,
#: so a stray date decades away (a misread year) does not squeeze the rest into one bar.
BUSIEST_SHARE = 0.9


def busiest_span(rows: Sequence[dict[str, Any]], share: float = BUSIEST_SHARE
                 ) -> dict[str, str] | None:
    """``{"since", "until"}``: the first and last period of the shortest run of ``rows``
    (sorted by ``period``, each with ``events``) holding at least ``share`` of the events;
    None without rows."""
    if not rows:
        return None
    days = [dt.date.fromisoformat(str(r["period"])[:10]).toordinal() for r in rows]
    need = share * sum(r["events"] for r in rows)
    best = (0, len(rows) - 1)
    held, start = 0, 0
    for end, row in enumerate(rows):
        held += row["events"]
        # drop periods from the start while the rest still holds enough
        while start < end and held - rows[start]["events"] >= need:
            held -= rows[start]["events"]
            start += 1
        if held >= need and days[end] - days[start] < days[best[1]] - days[best[0]]:
            best = (start, end)
    return {"since": str(rows[best[0]]["period"]), "until": str(rows[best[1]]["period"])}


def _numbers(value: str | None, n: int, name: str) -> tuple[float, ...] | None:
    from whodid.store import parse_numbers

    try:
        return parse_numbers(value or None, n)  # an empty query parameter is no filter
    except ValueError as error:
        raise _unprocessable(f"{name}: {error}") from None


def _lane_pipelines() -> Callable[[], Any]:
    """The default pipeline factory of the two coding lanes: the process's pipeline first,
    then pipelines that load a spaCy pipeline of their own (never one parsing in two
    threads)."""
    made = 0

    def make() -> Any:
        nonlocal made
        from whodid.pipeline import Pipeline

        made += 1
        return Pipeline(own_nlp=made > 1)

    return make


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          read_only: bool = False, max_body: int = DEFAULT_MAX_BODY,
          max_code_body: int = DEFAULT_MAX_CODE_BODY,
          code_timeout: float | None = DEFAULT_CODE_TIMEOUT,
          cors_origins: Sequence[str] = (), log_level: str = "info") -> None:
    """Run the server with uvicorn until interrupted.

    Raises ValueError when ``host`` is not loopback and there is no token.
    """
    import uvicorn

    token = token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and not token:
        raise ValueError(f"binding to {host} (not loopback) needs a token: pass --token or "
                         f"set {TOKEN_ENV}")
    app = create_app(db, token=token, read_only=read_only, max_body=max_body,
                     max_code_body=max_code_body, code_timeout=code_timeout,
                     cors_origins=cors_origins)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                proxy_headers=False)
