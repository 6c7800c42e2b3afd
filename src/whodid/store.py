"""The embedded DuckDB store: coded articles as queryable tables.

Tables (all keyed to ``articles.id`` by ``article_id``):

* ``articles`` -- one row per article (``id`` primary key, ``content_hash`` unique).
* ``events`` -- one row per event; ``event_id`` is ``article_id + ':' + idx``.
* ``quotes``, ``places``, ``times``, ``actors`` -- one row per mention, with ``idx`` (order
  in the article) and character offsets into the article text (``start_char``/``end_char``;
  quotes have ``speaker_*`` and ``content_*`` offsets).
* ``meta`` -- ``key``/``value`` pairs, among them ``schema_version``.

Writing is idempotent: an article whose id or content hash is already stored replaces the
old rows.  Each batch is one transaction, loaded through Arrow tables for speed.

Dates are stored as ``DATE``.  ISO ``YYYY-MM-DD`` values (a longer timestamp is cut to its
date) are stored as is; reduced-precision ISO values ``YYYY-MM`` and ``YYYY`` are stored as the
first day of the period (``event_date_granularity`` keeps the real precision); anything
else becomes NULL.  ``times.value`` keeps the normalized value as text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

import duckdb
import pyarrow as pa

from whodid.model import Actor, CodedArticle

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "TABLES", "Store", "parse_date"]

DEFAULT_DB = "whodid.duckdb"
SCHEMA_VERSION = 1

_VARCHAR = ("VARCHAR", pa.string())
_INT = ("INTEGER", pa.int32())
_BIGINT = ("BIGINT", pa.int64())
_DOUBLE = ("DOUBLE", pa.float64())
_DATE = ("DATE", pa.date32())
_BOOL = ("BOOLEAN", pa.bool_())


def _actor_columns(prefix: str) -> list[tuple[str, tuple[str, pa.DataType]]]:
    return [
        (f"{prefix}_text", _VARCHAR),
        (f"{prefix}_start", _INT),
        (f"{prefix}_end", _INT),
        (f"{prefix}_name", _VARCHAR),
        (f"{prefix}_code", _VARCHAR),
        (f"{prefix}_country", _VARCHAR),
        (f"{prefix}_sector", _VARCHAR),
    ]


_COLUMNS: dict[str, list[tuple[str, tuple[str, pa.DataType]]]] = {
    "articles": [
        ("id", _VARCHAR),
        ("content_hash", _VARCHAR),
        ("title", _VARCHAR),
        ("date", _DATE),
        ("source", _VARCHAR),
        ("url", _VARCHAR),
        ("dateline_place", _VARCHAR),
        ("text", _VARCHAR),
        ("coder_version", _VARCHAR),
        ("metadata", ("JSON", pa.string())),
        ("coded_at", ("TIMESTAMP", pa.timestamp("us"))),
    ],
    "events": [
        ("event_id", _VARCHAR),
        ("article_id", _VARCHAR),
        ("idx", _INT),
        ("sentence", _INT),
        ("event_date", _DATE),
        ("event_date_granularity", _VARCHAR),
        ("cameo", _VARCHAR),
        ("root", _VARCHAR),
        ("quad_class", _INT),
        ("goldstein", _DOUBLE),
        ("plover_event", _VARCHAR),
        ("plover_mode", _VARCHAR),
        ("modality", _VARCHAR),
        ("confidence", _DOUBLE),
        *_actor_columns("source"),
        *_actor_columns("target"),
        ("trigger_text", _VARCHAR),
        ("trigger_start", _INT),
        ("trigger_end", _INT),
        ("location_text", _VARCHAR),
        ("location_name", _VARCHAR),
        ("location_country", _VARCHAR),
        ("location_lat", _DOUBLE),
        ("location_lon", _DOUBLE),
        ("location_geonames_id", _BIGINT),
        ("location_precision", _VARCHAR),
        ("event_name", _VARCHAR),
        ("coder_version", _VARCHAR),
    ],
    "quotes": [
        ("article_id", _VARCHAR),
        ("idx", _INT),
        ("speaker_text", _VARCHAR),
        ("speaker_start", _INT),
        ("speaker_end", _INT),
        ("speaker_code", _VARCHAR),
        ("cue", _VARCHAR),
        ("content_text", _VARCHAR),
        ("content_start", _INT),
        ("content_end", _INT),
        ("direct", _BOOL),
    ],
    "places": [
        ("article_id", _VARCHAR),
        ("idx", _INT),
        ("text", _VARCHAR),
        ("start_char", _INT),
        ("end_char", _INT),
        ("name", _VARCHAR),
        ("country", _VARCHAR),
        ("lat", _DOUBLE),
        ("lon", _DOUBLE),
        ("geonames_id", _BIGINT),
        ("feature", _VARCHAR),
    ],
    "times": [
        ("article_id", _VARCHAR),
        ("idx", _INT),
        ("text", _VARCHAR),
        ("start_char", _INT),
        ("end_char", _INT),
        ("value", _VARCHAR),
        ("granularity", _VARCHAR),
    ],
    "actors": [
        ("article_id", _VARCHAR),
        ("idx", _INT),
        ("text", _VARCHAR),
        ("start_char", _INT),
        ("end_char", _INT),
        ("name", _VARCHAR),
        ("code", _VARCHAR),
        ("country", _VARCHAR),
        ("sector", _VARCHAR),
        ("resolved_by", _VARCHAR),
    ],
}

#: The data tables, parent first.
TABLES: tuple[str, ...] = tuple(_COLUMNS)

_CONSTRAINTS = {
    "articles": ["PRIMARY KEY (id)", "UNIQUE (content_hash)"],
    "events": ["PRIMARY KEY (event_id)"],
}

_ARROW_SCHEMAS = {
    table: pa.schema([pa.field(name, types[1]) for name, types in columns])
    for table, columns in _COLUMNS.items()
}


def _ddl(table: str) -> str:
    parts = [f"{name} {types[0]}" for name, types in _COLUMNS[table]]
    parts += _CONSTRAINTS.get(table, [])
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  " + ",\n  ".join(parts) + "\n)"


_REDUCED_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date for the store, or None if ``value`` is not one (never raises).

    ``YYYY-MM-DD`` (or a timestamp starting with it) gives that day; ``YYYY-MM`` and ``YYYY``
    give the first day of the month or year.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    match = _REDUCED_DATE.match(value)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2) or 1), 1)
        except ValueError:
            return None
    return None


def _actor_values(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {name: None for name, _ in _actor_columns(prefix)}
    return {
        f"{prefix}_text": actor.text,
        f"{prefix}_start": actor.start,
        f"{prefix}_end": actor.end,
        f"{prefix}_name": actor.name,
        f"{prefix}_code": actor.code,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
    }


def _rows(result: CodedArticle, coded_at: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one article."""
    aid = result.id
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    rows["articles"].append(
        {
            "id": aid,
            "content_hash": result.content_hash,
            "title": result.title,
            "date": parse_date(result.date),
            "source": result.source,
            "url": result.url,
            "dateline_place": result.dateline.place if result.dateline else None,
            "text": result.text,
            "coder_version": result.coder_version,
            "metadata": json.dumps(result.metadata or {}, ensure_ascii=False, default=str),
            "coded_at": coded_at,
        }
    )
    for idx, event in enumerate(result.events):
        loc = event.location
        row: dict[str, Any] = {
            "event_id": f"{aid}:{idx}",
            "article_id": aid,
            "idx": idx,
            "sentence": event.sentence,
            "event_date": parse_date(event.date.value) if event.date else None,
            "event_date_granularity": event.date.granularity if event.date else None,
            "cameo": event.cameo,
            "root": event.root,
            "quad_class": event.quad_class,
            "goldstein": event.goldstein,
            "plover_event": event.plover.event if event.plover else None,
            "plover_mode": event.plover.mode if event.plover else None,
            "modality": event.modality,
            "confidence": event.confidence,
            **_actor_values("source", event.source),
            **_actor_values("target", event.target),
            "trigger_text": event.trigger.text if event.trigger else None,
            "trigger_start": event.trigger.start if event.trigger else None,
            "trigger_end": event.trigger.end if event.trigger else None,
            "location_text": loc.text if loc else None,
            "location_name": loc.name if loc else None,
            "location_country": loc.country if loc else None,
            "location_lat": loc.lat if loc else None,
            "location_lon": loc.lon if loc else None,
            "location_geonames_id": loc.geonames_id if loc else None,
            "location_precision": loc.precision if loc else None,
            "event_name": event.name,
            "coder_version": result.coder_version,
        }
        rows["events"].append(row)
    for idx, quote in enumerate(result.quotes):
        speaker, content = quote.speaker, quote.content
        rows["quotes"].append(
            {
                "article_id": aid,
                "idx": idx,
                "speaker_text": speaker.text if speaker else None,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "speaker_code": speaker.code if speaker else None,
                "cue": quote.cue,
                "content_text": content.text if content else None,
                "content_start": content.start if content else None,
                "content_end": content.end if content else None,
                "direct": quote.direct,
            }
        )
    for idx, place in enumerate(result.places):
        rows["places"].append(
            {
                "article_id": aid,
                "idx": idx,
                "text": place.text,
                "start_char": place.start,
                "end_char": place.end,
                "name": place.name,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "geonames_id": place.geonames_id,
                "feature": place.feature,
            }
        )
    for idx, time in enumerate(result.times):
        rows["times"].append(
            {
                "article_id": aid,
                "idx": idx,
                "text": time.text,
                "start_char": time.start,
                "end_char": time.end,
                "value": time.value,
                "granularity": time.granularity,
            }
        )
    for idx, actor in enumerate(result.actors):
        rows["actors"].append(
            {
                "article_id": aid,
                "idx": idx,
                "text": actor.text,
                "start_char": actor.start,
                "end_char": actor.end,
                "name": actor.name,
                "code": actor.code,
                "country": actor.country,
                "sector": actor.sector,
                "resolved_by": actor.resolved_by,
            }
        )
    return rows


def _latest_per_key(results: Sequence[CodedArticle]) -> list[CodedArticle]:
    """Within a batch, the last article wins over earlier ones with the same id or hash."""
    kept: dict[int, CodedArticle] = {}
    by_id: dict[str, int] = {}
    by_hash: dict[str, int] = {}
    for position, result in enumerate(results):
        for earlier in (by_id.get(result.id), by_hash.get(result.content_hash)):
            if earlier is not None and earlier in kept:
                gone = kept.pop(earlier)
                by_id.pop(gone.id, None)
                by_hash.pop(gone.content_hash, None)
        kept[position] = result
        by_id[result.id] = position
        by_hash[result.content_hash] = position
    return list(kept.values())


def _as_date(value: str | dt.date | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"{name}={value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return parsed


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class Store:
    """A DuckDB database of coded articles; creates the schema if absent (unless read-only).

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, read_only: bool = False):
        self.path = os.fspath(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(self.path, read_only=read_only)
        try:
            if not read_only:
                self._create_schema()
            self._check_version()
        except BaseException:
            self.close()
            raise

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection (for ad-hoc SQL)."""
        if self._con is None:
            raise ValueError(f"store {self.path} is closed")
        return self._con

    def _create_schema(self) -> None:
        con = self.con
        con.begin()
        try:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            for table in TABLES:
                con.execute(_ddl(table))
            con.execute(
                "INSERT INTO meta SELECT 'schema_version', ? "
                "WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version')",
                [str(SCHEMA_VERSION)],
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def _check_version(self) -> None:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = row[0] if row else None
            raise ValueError(
                f"{self.path}: store schema_version {found!r}, this whodid expects {SCHEMA_VERSION}"
            )

    def write(self, results: Sequence[CodedArticle]) -> None:
        """Store one batch of coded articles in one transaction.

        An article whose id or content_hash is already stored has its old rows (article,
        events, quotes, places, times, actors) deleted and replaced -- never duplicated;
        within a batch the last of several articles sharing an id or hash wins.  On any
        error the transaction is rolled back and the error re-raised.
        """
        if not results:
            return
        batch = _latest_per_key(results)
        con = self.con
        con.begin()
        try:
            self._delete_existing(batch)
            coded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            table_rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
            for result in batch:
                for table, rows in _rows(result, coded_at).items():
                    table_rows[table].extend(rows)
            for table in TABLES:
                if table_rows[table]:
                    self._insert(
                        table,
                        pa.Table.from_pylist(table_rows[table], schema=_ARROW_SCHEMAS[table]),
                    )
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def _delete_existing(self, batch: Sequence[CodedArticle]) -> None:
        keys = pa.table(
            {
                "id": pa.array([r.id for r in batch], pa.string()),
                "content_hash": pa.array([r.content_hash for r in batch], pa.string()),
            }
        )
        con = self.con
        con.register("_whodid_keys", keys)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _whodid_doomed AS SELECT id FROM articles "
                "WHERE id IN (SELECT id FROM _whodid_keys) "
                "OR content_hash IN (SELECT content_hash FROM _whodid_keys)"
            )
        finally:
            con.unregister("_whodid_keys")
        # Children first, then the articles themselves.
        for table in reversed(TABLES):
            column = "id" if table == "articles" else "article_id"
            con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM _whodid_doomed)")
        con.execute("DROP TABLE _whodid_doomed")

    def _insert(self, table: str, data: pa.Table) -> None:
        """Append an Arrow table of rows to ``table``."""
        view = f"_whodid_batch_{table}"
        self.con.register(view, data)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    def events(
        self,
        *,
        root: str | None = None,
        country: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events joined with their article, newest first.

        Each dict has the ``events`` columns plus ``article_title``, ``article_date``,
        ``source`` (the publisher) and ``url``; dates are ISO strings.  Filters: ``root``
        (CAMEO root code), ``country`` (matches the source or target actor's country),
        ``since``/``until`` (inclusive ISO dates, compared with the event date or, when that
        is unknown, the article date) and ``limit``.
        """
        conditions: list[str] = []
        params: list[Any] = []
        if root is not None:
            conditions.append("e.root = ?")
            params.append(root)
        if country is not None:
            conditions.append("(e.source_country = ? OR e.target_country = ?)")
            params += [country, country]
        since_date = _as_date(since, "since")
        if since_date is not None:
            conditions.append("COALESCE(e.event_date, a.date) >= ?")
            params.append(since_date)
        until_date = _as_date(until, "until")
        if until_date is not None:
            conditions.append("COALESCE(e.event_date, a.date) <= ?")
            params.append(until_date)
        sql = (
            "SELECT e.*, a.title AS article_title, a.date AS article_date, "
            "a.source AS source, a.url AS url "
            "FROM events e JOIN articles a ON a.id = e.article_id"
        )
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += (
            " ORDER BY COALESCE(e.event_date, a.date) DESC NULLS LAST, a.date DESC NULLS LAST,"
            " e.article_id, e.idx"
        )
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must be >= 0, got {limit}")
            sql += " LIMIT ?"
            params.append(int(limit))
        cursor = self.con.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [
            {name: _jsonable(value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    def counts(self) -> dict[str, int]:
        """The number of rows in each data table."""
        result: dict[str, int] = {}
        for table in TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            result[table] = int(row[0]) if row else 0
        return result

    def close(self) -> None:
        """Close the database (idempotent)."""
        if self._con is not None:
            con, self._con = self._con, None
            con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
