"""The embedded DuckDB store: coded articles as queryable, deduplicated, aggregable tables.

Tables (all keyed to ``articles.id`` by ``article_id``; see docs/store.md):

* ``articles`` -- one row per article (``id`` primary key, ``content_hash`` unique).
* ``events`` -- one row per event *mention*; ``event_id`` (``article_id + ':' + idx``) is the
  primary key.  ``dedup_id`` links the mention to its deduplicated event (see below).
* ``quotes``, ``places``, ``times``, ``actors`` -- one row per mention, primary key
  ``(article_id, idx)`` (``idx`` is the order in the article), with character offsets into the
  article text (``start_char``/``end_char``; quotes have ``speaker_*`` and ``content_*``).
* ``meta`` -- ``key``/``value`` pairs: ``schema_version``, ``dedup_radius_km``.
* Views ``dedup_events`` (one row per deduplicated event, with ``num_mentions``,
  ``num_articles`` and ``num_sources``) and ``event_mentions`` (each mention with its
  article, publisher and sentence).

Writing is idempotent: an article whose id or content hash is already stored replaces the
old rows.  Each batch is one transaction, loaded through Arrow tables, so a crash leaves
either the whole batch or none of it.

**Deduplication.**  Two mentions are the same event when they have the same source actor
code, target actor code, CAMEO code, event date and date granularity (together the
``dedup_group``), and their locations match: within ``dedup_radius_km`` (50 km by default)
when both have coordinates, else the same place name (case-insensitive) and country.  A
deduplicated event is a connected component of that relation (single linkage), so the result
depends only on the set of stored mentions, never on the order of ingest.  Mentions with no
event date, or with neither actor coded, are never merged.  ``dedup_id`` is the smallest
``event_id`` of the component; it is recomputed for the affected groups on every write.

Dates are stored as ``DATE``.  ISO ``YYYY-MM-DD`` values (a longer timestamp is cut to its
date) are stored as is; reduced-precision ISO values ``YYYY-MM`` and ``YYYY`` are stored as the
first day of the period (``event_date_granularity`` keeps the real precision); anything
else becomes NULL.  ``times.value`` keeps the normalized TimeML value as text, with its
``type`` (DATE, TIME, DURATION, SET), its ``role`` in the clause and a range's ``span``.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

import duckdb
import pyarrow as pa

from whodid.model import Actor, CodedArticle

__all__ = [
    "DEFAULT_DB",
    "FilterError",
    "DEDUP_RADIUS_KM",
    "PERIODS",
    "SCHEMA_VERSION",
    "TABLES",
    "OldSchemaError",
    "SchemaError",
    "Store",
    "open_for_reading",
    "parse_date",
]

DEFAULT_DB = "whodid.duckdb"
#: The layout this whodid writes.  History: 1 -- the first layout; 2 -- ``events`` gains
#: ``plover_context``, ``dedup_group`` and ``dedup_id``; child tables get primary keys;
#: indexes, the ``dedup_events``/``event_mentions`` views and ``meta.dedup_radius_km``;
#: 3 -- the place kinds and division codes; 4 -- ``times`` gains ``type``, ``role`` and
#: ``span``; 5 -- ``quotes`` gains the speaker's resolved name and the span naming it
#: (``speaker_name``, ``speaker_name_start``, ``speaker_name_end``) and the pieces of a split
#: quote (``content_parts``).  Each version's upgrade is one step of :data:`_MIGRATIONS`.
SCHEMA_VERSION = 5
#: Default location tolerance of the cross-article deduplication.
DEDUP_RADIUS_KM = 50.0
#: Aggregation periods of :meth:`Store.dyads`.
PERIODS = ("day", "week", "month")


class SchemaError(ValueError):
    """The database has a schema this whodid cannot use as it is."""


class OldSchemaError(SchemaError):
    """A read-only open of a database with an older schema: open it writable to upgrade it."""


_VARCHAR = ("VARCHAR", pa.string())
_INT = ("INTEGER", pa.int32())
_BIGINT = ("BIGINT", pa.int64())
_DOUBLE = ("DOUBLE", pa.float64())
_DATE = ("DATE", pa.date32())
_BOOL = ("BOOLEAN", pa.bool_())
_VARCHAR_LIST = ("VARCHAR[]", pa.list_(pa.string()))


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


# The columns loaded from Arrow batches, per table, in the order of the row tuples.
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
        ("plover_context", _VARCHAR),
        # schema version 3: what kind of place, and its divisions' GeoNames codes
        ("location_feature", _VARCHAR),
        ("location_admin1", _VARCHAR),
        ("location_admin2", _VARCHAR),
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
        # schema version 5: who the speaker is ("he" -> name, and where it is named), and
        # the quoted pieces of a split quote as JSON [[start, end], ...] (NULL: one piece)
        ("speaker_name", _VARCHAR),
        ("speaker_name_start", _INT),
        ("speaker_name_end", _INT),
        ("content_parts", _VARCHAR),
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
        ("admin1", _VARCHAR),  # schema version 3
        ("admin2", _VARCHAR),
        ("approximate", _BOOL),
    ],
    "times": [
        ("article_id", _VARCHAR),
        ("idx", _INT),
        ("text", _VARCHAR),
        ("start_char", _INT),
        ("end_char", _INT),
        ("value", _VARCHAR),
        ("granularity", _VARCHAR),
        # schema version 4: the TimeML type, the role in the clause, a range's two ends
        ("type", _VARCHAR),
        ("role", _VARCHAR),
        ("span", _VARCHAR_LIST),
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

# Columns computed in SQL when rows are inserted (not part of the Arrow batches).
_DERIVED = {"events": [("dedup_group", "VARCHAR"), ("dedup_id", "VARCHAR")]}

_CONSTRAINTS = {
    "articles": ["PRIMARY KEY (id)", "UNIQUE (content_hash)"],
    "events": ["PRIMARY KEY (event_id)"],
    "quotes": ["PRIMARY KEY (article_id, idx)"],
    "places": ["PRIMARY KEY (article_id, idx)"],
    "times": ["PRIMARY KEY (article_id, idx)"],
    "actors": ["PRIMARY KEY (article_id, idx)"],
}

# Secondary indexes (name, table, columns): point look-ups of an article's or a
# deduplicated event's mentions.
_INDEXES = [
    ("events_article_idx", "events", "article_id"),
    ("events_dedup_idx", "events", "dedup_group"),
]

#: The upgrade steps: the step of version N takes a store of version N to N + 1 (method
#: names of :class:`Store`); a schema change appends its own step and raises SCHEMA_VERSION.
_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, "_migrate_1_rebuild_keys"),
    (2, "_migrate_2_place_columns"),
    (3, "_migrate_3_time_types"),
    (4, "_migrate_4_quote_speakers"),
)

_ARROW_SCHEMAS = {
    table: pa.schema([pa.field(name, types[1]) for name, types in columns])
    for table, columns in _COLUMNS.items()
}

# The dedup group of an event row (see the module docstring); NULL = never merged.
_DEDUP_GROUP_SQL = (
    "CASE WHEN event_date IS NULL OR (source_code IS NULL AND target_code IS NULL) THEN NULL "
    "ELSE concat_ws('|', COALESCE(source_code, ''), COALESCE(target_code, ''), "
    "COALESCE(cameo, ''), strftime(event_date, '%Y-%m-%d'), "
    "COALESCE(event_date_granularity, 'day')) END"
)

_VIEWS = {
    "event_mentions": """
CREATE OR REPLACE VIEW event_mentions AS
SELECT e.dedup_id, e.event_id, e.article_id, e.idx, e.sentence, e.trigger_text,
       e.trigger_start, e.trigger_end, a.source AS publisher, a.url, a.title,
       a.date AS article_date, e.coder_version
FROM events e JOIN articles a ON a.id = e.article_id
""",
    "dedup_events": """
CREATE OR REPLACE VIEW dedup_events AS
WITH g AS (
  SELECT e.dedup_id,
         count(*) AS num_mentions,
         count(DISTINCT e.article_id) AS num_articles,
         count(DISTINCT COALESCE(a.source, 'article:' || a.id)) AS num_sources,
         min(a.date) AS first_reported,
         max(a.date) AS last_reported,
         max(e.confidence) AS max_confidence,
         list(e.event_id ORDER BY e.event_id) AS event_ids,
         list(DISTINCT e.article_id ORDER BY e.article_id) AS article_ids
  FROM events e JOIN articles a ON a.id = e.article_id
  GROUP BY e.dedup_id
)
SELECT g.dedup_id, r.article_id, r.sentence, r.event_date, r.event_date_granularity,
       r.cameo, r.root, r.quad_class, r.goldstein, r.plover_event, r.plover_mode,
       r.plover_context, r.modality, r.source_text, r.source_name, r.source_code,
       r.source_country, r.source_sector, r.target_text, r.target_name, r.target_code,
       r.target_country, r.target_sector, r.trigger_text, r.location_text, r.location_name,
       r.location_country, r.location_lat, r.location_lon, r.location_geonames_id,
       r.location_precision, r.location_feature, r.location_admin1, r.location_admin2,
       r.event_name, r.coder_version, ra.content_hash, r.idx,
       ra.url, ra.source AS publisher, ra.date AS article_date, ra.coded_at,
       g.num_mentions, g.num_articles, g.num_sources, g.first_reported, g.last_reported,
       g.max_confidence, g.event_ids, g.article_ids
FROM g JOIN events r ON r.event_id = g.dedup_id JOIN articles ra ON ra.id = r.article_id
""",
}


def _distance_sql(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """SQL for the great-circle (haversine) distance in km between two points."""
    return (
        f"2 * 6371.0088 * asin(least(1.0, sqrt(pow(sin(radians({lat2} - {lat1}) / 2), 2)"
        f" + cos(radians({lat1})) * cos(radians({lat2}))"
        f" * pow(sin(radians({lon2} - {lon1}) / 2), 2))))"
    )


def _ddl(table: str) -> str:
    parts = [f"{name} {types[0]}" for name, types in _COLUMNS[table]]
    parts += [f"{name} {sql_type}" for name, sql_type in _DERIVED.get(table, [])]
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


def parse_numbers(value: str | None, n: int) -> tuple[float, ...] | None:
    """``n`` comma-separated numbers ("west,south,east,north" for a bbox, "lat,lon" for a
    point), None for no value; ValueError naming what was expected otherwise."""
    if value is None:
        return None
    try:
        numbers = tuple(float(part) for part in value.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != n:
        raise ValueError(f"expected {n} comma-separated numbers, got \"{value}\"")
    return numbers


_NO_ACTOR = (None,) * 7


def _actor_values(actor: Actor | None) -> tuple[Any, ...]:
    if actor is None:
        return _NO_ACTOR
    return (
        actor.text,
        actor.start,
        actor.end,
        actor.name,
        actor.code,
        actor.country,
        actor.sector,
    )


def _rows(result: CodedArticle, coded_at: dt.datetime) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table for one article, as tuples in :data:`_COLUMNS` order."""
    aid = result.id
    version = result.coder_version
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}
    rows["articles"].append(
        (
            aid,
            result.content_hash,
            result.title,
            parse_date(result.date),
            result.source,
            result.url,
            result.dateline.place if result.dateline else None,
            result.text,
            version,
            json.dumps(result.metadata or {}, ensure_ascii=False, default=str),
            coded_at,
        )
    )
    events = rows["events"]
    for idx, event in enumerate(result.events):
        loc, date, plover, trigger = event.location, event.date, event.plover, event.trigger
        events.append(
            (
                f"{aid}:{idx}",
                aid,
                idx,
                event.sentence,
                parse_date(date.value) if date else None,
                date.granularity if date else None,
                event.cameo,
                event.root,
                event.quad_class,
                event.goldstein,
                plover.event if plover else None,
                plover.mode if plover else None,
                event.modality,
                event.confidence,
                *_actor_values(event.source),
                *_actor_values(event.target),
                trigger.text if trigger else None,
                trigger.start if trigger else None,
                trigger.end if trigger else None,
                loc.text if loc else None,
                loc.name if loc else None,
                loc.country if loc else None,
                loc.lat if loc else None,
                loc.lon if loc else None,
                loc.geonames_id if loc else None,
                loc.precision if loc else None,
                event.name,
                version,
                plover.context if plover else None,
                loc.feature if loc else None,
                loc.admin1 if loc else None,
                loc.admin2 if loc else None,
            )
        )
    for idx, quote in enumerate(result.quotes):
        speaker, content = quote.speaker, quote.content
        rows["quotes"].append(
            (
                aid,
                idx,
                speaker.text if speaker else None,
                speaker.start if speaker else None,
                speaker.end if speaker else None,
                speaker.code if speaker else None,
                quote.cue,
                content.text if content else None,
                content.start if content else None,
                content.end if content else None,
                quote.direct,
                speaker.name if speaker else None,
                speaker.name_start if speaker else None,
                speaker.name_end if speaker else None,
                json.dumps([[p.start, p.end] for p in quote.parts]) if quote.parts else None,
            )
        )
    rows["places"] = [
        (aid, idx, p.text, p.start, p.end, p.name, p.country, p.lat, p.lon, p.geonames_id,
         p.feature, p.admin1, p.admin2, p.approximate)
        for idx, p in enumerate(result.places)
    ]
    rows["times"] = [
        (aid, idx, t.text, t.start, t.end, t.value, t.granularity, t.type, t.role, t.span)
        for idx, t in enumerate(result.times)
    ]
    rows["actors"] = [
        (aid, idx, a.text, a.start, a.end, a.name, a.code, a.country, a.sector, a.resolved_by)
        for idx, a in enumerate(result.actors)
    ]
    return rows


def _arrow_table(table: str, rows: list[tuple[Any, ...]]) -> pa.Table:
    """An Arrow table of ``rows`` (tuples in column order), built column by column."""
    schema = _ARROW_SCHEMAS[table]
    columns = list(zip(*rows, strict=True))
    arrays = [
        pa.array(values, type=field.type)
        for values, field in zip(columns, schema, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


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
        raise FilterError(name, f"an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), got \"{value}\"")
    return parsed


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


_CODE_LIKE = re.compile(r"^[A-Z0-9]+$")

# The sentence around an event's trigger, cut at ., ! or ? (approximate: "U.S." also cuts).
_SENTENCE_SQL = (
    "CASE WHEN e.trigger_start IS NULL OR e.trigger_end IS NULL THEN NULL ELSE trim(substr("
    "a.text, e.trigger_start + 1 - length(regexp_extract(reverse(substr(a.text, 1, "
    "e.trigger_start)), '^[^.!?\\n]*')), length(regexp_extract(reverse(substr(a.text, 1, "
    "e.trigger_start)), '^[^.!?\\n]*')) + (e.trigger_end - e.trigger_start) + length("
    "regexp_extract(substr(a.text, e.trigger_end + 1), '^[^.!?\\n]*[.!?]?')))) END"
)


class FilterError(ValueError):
    """A filter value that cannot be right, named by its parameter (``root``, ``bbox``...)
    and saying what is allowed; the server answers it with 422, the CLI with a usage error
    naming the option."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


#: CAMEO root codes run from 01 (make public statement) to 20 (use unconventional mass
#: violence); "1" is read as "01".
CAMEO_ROOTS = range(1, 21)
#: The ranges of a coordinate: (name, lowest, highest).
LONGITUDE = ("longitude", -180.0, 180.0)
LATITUDE = ("latitude", -90.0, 90.0)


def _root(value: str) -> str:
    text = str(value).strip()
    if not text.isdigit() or int(text) not in CAMEO_ROOTS or len(text) > 2:
        raise FilterError("root", f"a CAMEO root code from 01 to 20, got \"{value}\"")
    return f"{int(text):02d}"


def _cameo(value: str) -> str:
    text = str(value).strip()
    if not (text.isdigit() and 1 <= len(text) <= 4):
        raise FilterError("cameo", f"a CAMEO code or prefix of 1 to 4 digits (e.g. 19, 173, "
                                   f"0311), got \"{value}\"")
    return text


def _coordinate(name: str, value: float, axis: tuple[str, float, float]) -> float:
    what, low, high = axis
    if not low <= value <= high:
        raise FilterError(name, f"{what} {value:g} is outside {low:g} to {high:g}")
    return value


def _bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    if len(bbox) != 4:
        raise FilterError("bbox", "four numbers: MINLON,MINLAT,MAXLON,MAXLAT")
    min_lon, min_lat, max_lon, max_lat = map(float, bbox)
    for value, axis in ((min_lon, LONGITUDE), (min_lat, LATITUDE), (max_lon, LONGITUDE),
                        (max_lat, LATITUDE)):
        _coordinate("bbox", value, axis)
    if min_lat > max_lat:
        raise FilterError("bbox", f"the south edge ({min_lat:g}) is above the north edge "
                                  f"({max_lat:g}); the order is MINLON,MINLAT,MAXLON,MAXLAT")
    # min_lon > max_lon is allowed: a box across the antimeridian
    return min_lon, min_lat, max_lon, max_lat


def _quads(quad_class: int | Sequence[int]) -> list[int]:
    quads = [quad_class] if isinstance(quad_class, int) else list(quad_class)
    for quad in quads:
        if not (str(quad).strip().isdigit() and 1 <= int(quad) <= 4):
            raise FilterError("quad", f"a quad class from 1 to 4, got \"{quad}\"")
    return [int(quad) for quad in quads]


#: The keyword filters of :meth:`Store.events` and :meth:`Store.count_events`.
_EVENT_FILTERS = frozenset({
    "root", "country", "since", "until", "cameo", "quad_class", "source_country",
    "target_country", "actor", "source_actor", "target_actor", "source_code", "target_code",
    "sector", "bbox", "near", "radius_km", "text",
})


def _contains(column: str) -> str:
    """SQL: ``column`` holds the (lower-cased) parameter as a literal substring, ignoring
    case.  Not LIKE: "_" and "%" in what a user searches for are characters, not wildcards."""
    return f"contains(lower({column}), ?)"


def _actor_condition(prefixes: Sequence[str], value: str) -> tuple[str, list[Any]]:
    """SQL matching an actor by code prefix (an upper-case value) or by mention/name text."""
    parts: list[str] = []
    params: list[Any] = []
    for prefix in prefixes:
        if _CODE_LIKE.match(value):
            parts.append(f"starts_with(e.{prefix}_code, ?)")
            params.append(value)
        else:
            parts.append(f"({_contains(f'e.{prefix}_text')} OR {_contains(f'e.{prefix}_name')})")
            params += [value.lower(), value.lower()]
    return "(" + " OR ".join(parts) + ")", params


class Store:
    """A DuckDB database of coded articles; creates the schema if absent (unless read-only).

    Opening a writable store of an older schema upgrades it in place (one transaction);
    a read-only store of an older schema, or any store of a newer one, raises
    :class:`SchemaError` saying what to do.  Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = DEFAULT_DB,
        read_only: bool = False,
        *,
        dedup_radius_km: float | None = None,
    ):
        self.path = os.fspath(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(self.path, read_only=read_only)
        #: Set when opening upgraded the database: ``(old_version, new_version)``.
        self.upgraded: tuple[int, int] | None = None
        try:
            self._open_schema(dedup_radius_km)
        except BaseException:
            self.close()
            raise

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection (for ad-hoc SQL)."""
        if self._con is None:
            raise ValueError(f"store {self.path} is closed")
        return self._con

    # ------------------------------------------------------------------ schema

    def _meta(self, key: str) -> str | None:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_name = 'meta' AND table_schema = 'main'"
        ).fetchone()
        if not exists or not exists[0]:
            return None
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def schema_version(self) -> int | None:
        """The schema version recorded in the database (None for an empty database)."""
        value = self._meta("schema_version")
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise SchemaError(
                f"{self.path}: meta.schema_version is {value!r}, not a number; "
                "this is not a whodid store"
            ) from None

    def _open_schema(self, dedup_radius_km: float | None) -> None:
        version = self.schema_version()
        if version is None:
            if self.read_only:
                raise SchemaError(f"{self.path} is not a whodid store (no meta table); create "
                                  f"one with `whodid code INPUT... --db {self.path}`")
            self._create_schema(dedup_radius_km or DEDUP_RADIUS_KM)
        elif version > SCHEMA_VERSION:
            raise SchemaError(
                f"{self.path} has store schema version {version}, written by a newer whodid; "
                f"this whodid reads up to version {SCHEMA_VERSION}. Upgrade whodid "
                "(pip install -U whodid), or export the data with the newer version."
            )
        elif version < SCHEMA_VERSION:
            if self.read_only:
                raise OldSchemaError(
                    f"{self.path} has store schema version {version}; this whodid uses "
                    f"version {SCHEMA_VERSION}. Open it writable once to upgrade it in place "
                    f"(e.g. `whodid stats --db {self.path}`, or Store(path))."
                )
            self._migrate(version, dedup_radius_km or DEDUP_RADIUS_KM)
            self.upgraded = (version, SCHEMA_VERSION)
        radius = self._meta("dedup_radius_km")
        self.dedup_radius_km = float(radius) if radius else DEDUP_RADIUS_KM
        if dedup_radius_km is not None and dedup_radius_km != self.dedup_radius_km:
            if self.read_only:
                raise SchemaError(f"{self.path} is read-only; cannot change dedup_radius_km")
            self.rebuild_dedup(dedup_radius_km)

    def _create_objects(self) -> None:
        con = self.con
        con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for table in TABLES:
            con.execute(_ddl(table))
        for name, table, column in _INDEXES:
            con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")
        for sql in _VIEWS.values():
            con.execute(sql)

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def _create_schema(self, radius_km: float) -> None:
        con = self.con
        con.begin()
        try:
            self._create_objects()
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            self._set_meta("dedup_radius_km", repr(float(radius_km)))
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def _migrate(self, version: int, radius_km: float) -> None:
        """Upgrade from ``version`` to :data:`SCHEMA_VERSION` in one transaction: each
        version's step of :data:`_MIGRATIONS` in turn, then the views (they name the new
        columns) and the recorded version."""
        steps = dict(_MIGRATIONS)
        if version not in steps:
            raise SchemaError(f"{self.path}: no upgrade path from store schema version {version}")
        con = self.con
        con.begin()
        try:
            for step in range(version, SCHEMA_VERSION):
                getattr(self, steps[step])(radius_km)
            for sql in _VIEWS.values():
                con.execute(sql)
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            con.commit()
        except BaseException:
            con.rollback()
            raise
        con.execute("CHECKPOINT")

    def _migrate_1_rebuild_keys(self, radius_km: float) -> None:
        """Version 1 -> 2: every data table is rebuilt with the keys and the columns of this
        whodid (new columns NULL, so the later steps find nothing to add), events get their
        dedup group, then dedup is computed."""
        con = self.con
        for table in TABLES:
            con.execute(f"ALTER TABLE {table} RENAME TO {table}__v1")
        self._create_objects()
        for table in TABLES:
            if table == "events":
                con.execute(
                    f"INSERT INTO events BY NAME SELECT *, {_DEDUP_GROUP_SQL} AS dedup_group,"
                    " event_id AS dedup_id FROM events__v1"
                )
            else:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}__v1")
        for table in TABLES:
            con.execute(f"DROP TABLE {table}__v1")
        self._set_meta("dedup_radius_km", repr(float(radius_km)))
        self.dedup_radius_km = float(radius_km)
        self._relabel("SELECT DISTINCT dedup_group FROM events")

    def _migrate_2_place_columns(self, radius_km: float) -> None:
        """Version 2 -> 3: the place columns (``events.location_feature``,
        ``location_admin1``, ``location_admin2``; ``places.admin1``, ``admin2``,
        ``approximate``), NULL in the rows already there."""
        self._add_missing_columns("events", "places")

    def _migrate_3_time_types(self, radius_km: float) -> None:
        """Version 3 -> 4: ``times.type``, ``role`` and ``span`` (TimeML type, role in the
        clause, a range's two ends), NULL in the rows already there: whodid did not record
        them then, and they are not guessed."""
        self._add_missing_columns("times")

    def _migrate_4_quote_speakers(self, radius_km: float) -> None:
        """Version 4 -> 5: ``quotes.speaker_name``, ``speaker_name_start``,
        ``speaker_name_end`` (the resolved speaker and the words naming it) and
        ``content_parts`` (a split quote's pieces), NULL in the rows already there."""
        self._add_missing_columns("quotes")

    def _add_missing_columns(self, *tables: str) -> None:
        """Add the columns of :data:`_COLUMNS` that ``tables`` lack (NULL in their rows)."""
        con = self.con
        for table in tables:
            present = {row[0] for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table]).fetchall()}
            for name, kind in _COLUMNS[table]:
                if name not in present:
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind[0]}")

    # ------------------------------------------------------------------ writing

    def write(self, results: Sequence[CodedArticle]) -> None:
        """Store one batch of coded articles in one transaction.

        An article whose id or content_hash is already stored has its old rows (article,
        events, quotes, places, times, actors) deleted and replaced -- never duplicated;
        within a batch the last of several articles sharing an id or hash wins.  The
        deduplicated events of the affected dedup groups are recomputed.  On any error the
        transaction is rolled back and the error re-raised.
        """
        if not results:
            return
        batch = _latest_per_key(results)
        con = self.con
        # Millions of short-lived tuples would trigger the cyclic GC over and over.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        con.begin()
        try:
            self._delete_existing(batch)
            coded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            table_rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}
            for result in batch:
                for table, rows in _rows(result, coded_at).items():
                    table_rows[table].extend(rows)
            for table in TABLES:
                if table_rows[table]:
                    self._insert(table, _arrow_table(table, table_rows[table]))
            con.execute(
                "INSERT INTO _whodid_affected SELECT DISTINCT e.dedup_group FROM events e "
                "SEMI JOIN _whodid_batch_ids b ON e.article_id = b.id "
                "WHERE e.dedup_group IS NOT NULL"
            )
            self._relabel("SELECT DISTINCT dedup_group FROM _whodid_affected")
            con.execute("DROP TABLE _whodid_affected")
            con.execute("DROP TABLE _whodid_batch_ids")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            if gc_was_enabled:
                gc.enable()

    def stored(self, keys: Sequence[tuple[str, str]], coder_version: str | None = None
               ) -> set[tuple[str, str]]:
        """Which of the ``(id, content_hash)`` pairs are stored already (coded by
        ``coder_version``, when given): what a resumed run may skip."""
        if not keys:
            return set()
        table = pa.table({"id": pa.array([k[0] for k in keys], pa.string()),
                          "content_hash": pa.array([k[1] for k in keys], pa.string())})
        # A cursor of its own: the main connection may hold an unfetched result, which
        # DuckDB will not register a table beside.
        with self.con.cursor() as con:
            con.register("_whodid_resume", table)
            rows = con.execute(
                "SELECT a.id, a.content_hash FROM articles a SEMI JOIN _whodid_resume k "
                "ON a.id = k.id AND a.content_hash = k.content_hash"
                + (" WHERE a.coder_version = ?" if coder_version is not None else ""),
                [coder_version] if coder_version is not None else [],
            ).fetchall()
        return {(row[0], row[1]) for row in rows}

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
                "CREATE OR REPLACE TEMP TABLE _whodid_batch_ids AS SELECT id FROM _whodid_keys"
            )
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _whodid_doomed AS SELECT id FROM articles "
                "WHERE id IN (SELECT id FROM _whodid_keys) "
                "OR content_hash IN (SELECT content_hash FROM _whodid_keys)"
            )
        finally:
            con.unregister("_whodid_keys")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _whodid_affected AS SELECT DISTINCT e.dedup_group "
            "FROM events e SEMI JOIN _whodid_doomed d ON e.article_id = d.id "
            "WHERE e.dedup_group IS NOT NULL"
        )
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
            if table == "events":
                self.con.execute(
                    f"INSERT INTO events BY NAME SELECT *, {_DEDUP_GROUP_SQL} AS dedup_group, "
                    f"event_id AS dedup_id FROM {view}"
                )
            else:
                self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    def _relabel(self, groups_sql: str) -> None:
        """Recompute ``dedup_id`` for the mentions of the dedup groups ``groups_sql`` selects.

        Mentions with identical locations are first collapsed into *sites* (so a story told
        by a thousand articles from one place costs one site, not a million pairs); the
        connected components of sites are found by min-label propagation over the "same
        event" edges, all in SQL.  Only groups with several mentions (or a stale label) are
        looked at.
        """
        con = self.con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _whodid_m AS "
            "SELECT e.event_id, e.dedup_id AS old_id, e.dedup_group, e.location_lat AS lat, "
            "e.location_lon AS lon, lower(e.location_name) AS lname, "
            "e.location_country AS lc FROM events e "
            "WHERE e.dedup_group IN ("
            "  SELECT dedup_group FROM events WHERE dedup_group IN (" + groups_sql + ")"
            "  GROUP BY dedup_group HAVING count(*) > 1 OR bool_or(dedup_id <> event_id))"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _whodid_s AS "
            "SELECT dedup_group, lat, lon, lname, lc, min(event_id) AS site, "
            "min(event_id) AS label FROM _whodid_m GROUP BY dedup_group, lat, lon, lname, lc"
        )
        linked = (
            "CASE WHEN a.lat IS NOT NULL AND a.lon IS NOT NULL AND b.lat IS NOT NULL "
            f"AND b.lon IS NOT NULL THEN {_distance_sql('a.lat', 'a.lon', 'b.lat', 'b.lon')} <= ? "
            "ELSE a.lname IS NOT DISTINCT FROM b.lname AND a.lc IS NOT DISTINCT FROM b.lc END"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _whodid_edges AS "
            "SELECT a.site AS a, b.site AS b FROM _whodid_s a JOIN _whodid_s b "
            "ON a.dedup_group = b.dedup_group AND a.site <> b.site WHERE " + linked,
            [self.dedup_radius_km],
        )
        while True:
            changed = con.execute(
                "UPDATE _whodid_s SET label = n.l FROM ("
                "  SELECT x.a, min(s.label) AS l FROM _whodid_edges x"
                "  JOIN _whodid_s s ON s.site = x.b GROUP BY x.a) n "
                "WHERE _whodid_s.site = n.a AND n.l < _whodid_s.label"
            ).fetchone()
            if not changed or not changed[0]:
                break
        con.execute(
            "UPDATE events SET dedup_id = x.label FROM ("
            "  SELECT m.event_id, m.old_id, s.label FROM _whodid_m m JOIN _whodid_s s"
            "  ON s.dedup_group = m.dedup_group AND s.lat IS NOT DISTINCT FROM m.lat"
            "  AND s.lon IS NOT DISTINCT FROM m.lon AND s.lname IS NOT DISTINCT FROM m.lname"
            "  AND s.lc IS NOT DISTINCT FROM m.lc) x "
            "WHERE events.event_id = x.event_id AND x.old_id IS DISTINCT FROM x.label"
        )
        for temp in ("_whodid_edges", "_whodid_s", "_whodid_m"):
            con.execute(f"DROP TABLE {temp}")

    def rebuild_dedup(self, radius_km: float | None = None) -> None:
        """Recompute every deduplicated event, optionally with a new location tolerance."""
        con = self.con
        con.begin()
        try:
            if radius_km is not None:
                if radius_km < 0:
                    raise ValueError(f"radius_km must be >= 0, got {radius_km}")
                self._set_meta("dedup_radius_km", repr(float(radius_km)))
                self.dedup_radius_km = float(radius_km)
            con.execute("UPDATE events SET dedup_id = event_id WHERE dedup_id <> event_id")
            self._relabel("SELECT DISTINCT dedup_group FROM events")
            con.commit()
        except BaseException:
            con.rollback()
            raise

    # ------------------------------------------------------------------ queries

    def _filters(
        self,
        *,
        root: str | None = None,
        cameo: str | None = None,
        quad_class: int | Sequence[int] | None = None,
        country: str | None = None,
        source_country: str | None = None,
        target_country: str | None = None,
        actor: str | None = None,
        source_actor: str | None = None,
        target_actor: str | None = None,
        source_code: str | None = None,
        target_code: str | None = None,
        sector: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        bbox: Sequence[float] | None = None,
        near: Sequence[float] | None = None,
        radius_km: float | None = None,
        text: str | None = None,
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions over ``events e JOIN articles a`` for the :meth:`events` filters."""
        conditions: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            conditions.append(sql)
            params.extend(values)

        if root is not None:
            add("e.root = ?", _root(root))
        if cameo is not None:
            add("starts_with(e.cameo, ?)", _cameo(cameo))
        if quad_class is not None:
            quads = _quads(quad_class)
            add("e.quad_class IN (" + ", ".join("?" * len(quads)) + ")", *quads)
        if country is not None:
            add("(e.source_country = ? OR e.target_country = ?)", country, country)
        if source_country is not None:
            add("e.source_country = ?", source_country)
        if target_country is not None:
            add("e.target_country = ?", target_country)
        for prefixes, value in (
            (("source", "target"), actor),
            (("source",), source_actor),
            (("target",), target_actor),
        ):
            if value is not None:
                sql, values = _actor_condition(prefixes, value)
                add(sql, *values)
        if source_code is not None:
            add("e.source_code = ?", source_code)
        if target_code is not None:
            add("e.target_code = ?", target_code)
        if sector is not None:
            add("(e.source_sector = ? OR e.target_sector = ?)", sector, sector)
        since_date = _as_date(since, "since")
        if since_date is not None:
            add("COALESCE(e.event_date, a.date) >= ?", since_date)
        until_date = _as_date(until, "until")
        if until_date is not None:
            add("COALESCE(e.event_date, a.date) <= ?", until_date)
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = _bbox(bbox)
            add("e.location_lat BETWEEN ? AND ?", min_lat, max_lat)
            if min_lon <= max_lon:
                add("e.location_lon BETWEEN ? AND ?", min_lon, max_lon)
            else:  # crosses the antimeridian
                add("(e.location_lon >= ? OR e.location_lon <= ?)", min_lon, max_lon)
        if near is not None:
            if len(near) != 2 or radius_km is None:
                raise FilterError("near", "two numbers, LAT,LON, and a radius_km")
            lat = _coordinate("near", float(near[0]), LATITUDE)
            lon = _coordinate("near", float(near[1]), LONGITUDE)
            distance = _distance_sql(repr(lat), repr(lon), "e.location_lat", "e.location_lon")
            add(f"{distance} <= ?", float(radius_km))
        if text is not None:
            columns = ("e.trigger_text", "a.title", "e.source_text", "e.target_text",
                       "e.location_text", _SENTENCE_SQL)
            add("(" + " OR ".join(_contains(c) for c in columns) + ")",
                *([text.lower()] * len(columns)))
        return conditions, params

    def events(
        self,
        *,
        root: str | None = None,
        country: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int | None = None,
        dedup: bool = False,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Stored events, newest first, as dicts with ISO-string dates.

        Without ``dedup``, one dict per mention: the ``events`` columns plus
        ``article_title``, ``article_date``, ``source`` (the publisher), ``url`` and
        ``sentence_text`` (the sentence around the trigger).  With ``dedup``, one dict per
        deduplicated event (the ``dedup_events`` view: the first mention's columns plus
        ``num_mentions``, ``num_articles``, ``num_sources``...); it matches when any of its
        mentions matches.

        Filters (all optional, combined with AND): ``root`` (CAMEO root), ``cameo`` (CAMEO
        code prefix), ``quad_class`` (an int or several), ``country`` (source or target actor
        country), ``source_country``, ``target_country``, ``actor``/``source_actor``/
        ``target_actor`` (an upper-case value is an actor code prefix, e.g. ``IRNMIL`` or
        ``IRN``; anything else matches the mention or name text, case-insensitively),
        ``source_code``/``target_code`` (the whole actor code, exactly), ``sector``,
        ``since``/``until`` (inclusive ISO dates, compared with the event date or, when that
        is unknown, the article date), ``bbox`` ``(min_lon, min_lat, max_lon,
        max_lat)``, ``near`` ``(lat, lon)`` with ``radius_km``, ``text`` (in the trigger,
        actor or place mentions, the title or the sentence) and ``limit``.
        """
        conditions, params = self._event_filters(root=root, country=country, since=since,
                                                 until=until, **filters)
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        if dedup:
            sql = "SELECT d.* FROM dedup_events d"
            if conditions:
                sql += (
                    " WHERE d.dedup_id IN (SELECT e.dedup_id FROM events e "
                    "JOIN articles a ON a.id = e.article_id" + where + ")"
                )
            sql += (
                " ORDER BY COALESCE(d.event_date, d.article_date) DESC NULLS LAST,"
                " d.num_articles DESC, d.dedup_id"
            )
        else:
            sql = (
                "SELECT e.*, a.title AS article_title, a.date AS article_date, "
                f"a.source AS source, a.url AS url, {_SENTENCE_SQL} AS sentence_text "
                "FROM events e JOIN articles a ON a.id = e.article_id" + where
            )
            sql += (
                " ORDER BY COALESCE(e.event_date, a.date) DESC NULLS LAST, a.date DESC NULLS LAST,"
                " e.article_id, e.idx"
            )
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must be >= 0, got {limit}")
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._dicts(sql, params)

    def count_events(self, *, dedup: bool = False, **filters: Any) -> int:
        """How many events :meth:`events` lists with these filters and no ``limit`` (so a
        page can say "1-25 of 5,129")."""
        conditions, params = self._event_filters(**filters)
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        matching = "FROM events e JOIN articles a ON a.id = e.article_id" + where
        sql = (f"SELECT count(DISTINCT e.dedup_id) {matching}" if dedup
               else f"SELECT count(*) {matching}")
        return int(self.con.execute(sql, params).fetchone()[0])

    def _event_filters(self, **filters: Any) -> tuple[list[str], list[Any]]:
        """:meth:`_filters` for :meth:`events` and :meth:`count_events`, refusing names
        that are no filter of theirs."""
        unknown = set(filters) - _EVENT_FILTERS
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return self._filters(**{k: v for k, v in filters.items() if v is not None})

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [
            {name: _jsonable(value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    def dyads_sql(
        self,
        by: str = "week",
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        source_country: str | None = None,
        target_country: str | None = None,
        dedup: bool = False,
    ) -> tuple[str, list[Any]]:
        """The SQL and parameters of :meth:`dyads` (for exporting or plotting large results)."""
        if by not in PERIODS:
            raise ValueError(f"by must be one of {', '.join(PERIODS)}, got {by!r}")
        # An event counts in a period only when its date is at least that precise.
        grains = {"day": ("day",), "week": ("day",), "month": ("day", "month")}[by]
        relation = "dedup_events" if dedup else "events"
        conditions = [
            "source_country IS NOT NULL",
            "target_country IS NOT NULL",
            "event_date IS NOT NULL",
            "COALESCE(event_date_granularity, 'day') IN ("
            + ", ".join(f"'{g}'" for g in grains) + ")",
        ]
        params: list[Any] = []
        since_date = _as_date(since, "since")
        if since_date is not None:
            conditions.append("event_date >= ?")
            params.append(since_date)
        until_date = _as_date(until, "until")
        if until_date is not None:
            conditions.append("event_date <= ?")
            params.append(until_date)
        if source_country is not None:
            conditions.append("source_country = ?")
            params.append(source_country)
        if target_country is not None:
            conditions.append("target_country = ?")
            params.append(target_country)
        sql = (
            f"SELECT CAST(date_trunc('{by}', event_date) AS DATE) AS period, "
            "source_country, target_country, "
            "CAST(count(*) AS INTEGER) AS events, "
            + ", ".join(
                f"CAST(count(*) FILTER (WHERE quad_class = {q}) AS INTEGER) AS q{q}"
                for q in (1, 2, 3, 4)
            )
            + ", sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean "
            f"FROM {relation} WHERE " + " AND ".join(conditions)
            + " GROUP BY ALL ORDER BY period, source_country, target_country"
        )
        return sql, params

    def dyads(self, by: str = "week", **options: Any) -> list[dict[str, Any]]:
        """Events per directed dyad (source country, target country) and period.

        ``by`` is ``day``, ``week`` (ISO weeks, starting Monday) or ``month``; each dict has
        ``period`` (the first day, ISO), ``source_country``, ``target_country``, ``events``,
        ``q1``..``q4`` (counts per quad class), ``goldstein_sum`` and ``goldstein_mean``.
        Options: ``since``/``until`` (inclusive, on the event date), ``source_country``,
        ``target_country``, and ``dedup`` (count deduplicated events rather than mentions).
        Only events whose date is at least as precise as the period count (month-level
        dates count in monthly series only), and only events with both countries known.
        """
        sql, params = self.dyads_sql(by, **options)
        return self._dicts(sql, params)

    def dyads_table(self, by: str = "week", **options: Any) -> pa.Table:
        """:meth:`dyads` as an Arrow table (``period`` a date), for pandas or Parquet.

        This skips building a Python dict per row, the bulk of the time for long series.
        """
        sql, params = self.dyads_sql(by, **options)
        return self.con.sql(sql, params=params).to_arrow_table()

    def stats(self, top: int = 10) -> dict[str, Any]:
        """A summary of the database: counts, date range, top dyads, events per root/quad."""
        con = self.con

        def one(sql: str) -> tuple[Any, ...]:
            row = con.execute(sql).fetchone()
            return tuple(_jsonable(v) for v in row) if row else ()

        counts = self.counts()
        first, last, dated = one("SELECT min(event_date), max(event_date), count(event_date) "
                                 "FROM events")
        a_first, a_last = one("SELECT min(date), max(date) FROM articles")
        (dedup_count,) = one("SELECT count(DISTINCT dedup_id) FROM events")
        (publishers,) = one("SELECT count(DISTINCT source) FROM articles")
        return {
            "path": self.path,
            "schema_version": self.schema_version(),
            "dedup_radius_km": self.dedup_radius_km,
            "counts": counts,
            "dedup_events": int(dedup_count or 0),
            "publishers": int(publishers or 0),
            "event_dates": [first, last],
            # an undated article's events have a date only where a clause names one
            "dated_events": int(dated or 0),
            "article_dates": [a_first, a_last],
            "coder_versions": dict(
                con.execute(
                    "SELECT coder_version, count(*) FROM articles GROUP BY ALL ORDER BY 2 DESC"
                ).fetchall()
            ),
            "top_dyads": self._dicts(
                "SELECT source_country, target_country, count(*) AS events, "
                "avg(goldstein) AS goldstein_mean FROM events WHERE source_country IS NOT NULL "
                "AND target_country IS NOT NULL GROUP BY ALL ORDER BY events DESC, "
                "source_country, target_country LIMIT ?",
                [top],
            ),
            "roots": dict(
                con.execute(
                    "SELECT root, count(*) FROM events GROUP BY ALL ORDER BY root"
                ).fetchall()
            ),
            "quad_classes": {
                str(quad): n
                for quad, n in con.execute(
                    "SELECT quad_class, count(*) FROM events GROUP BY ALL ORDER BY quad_class"
                ).fetchall()
            },
        }

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


def open_for_reading(path: str | os.PathLike[str]) -> Store:
    """A read-only store; an older schema is first upgraded in place (a writable open)."""
    try:
        return Store(path, read_only=True)
    except OldSchemaError:
        Store(path).close()  # upgrades in place
        return Store(path, read_only=True)
