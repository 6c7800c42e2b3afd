"""Exports of an event store in the layouts of the field's data sets (see docs/store.md).

* ``gdelt`` -- the GDELT 2.0 event table: :data:`GDELT2_COLUMNS` (61), tab-separated, no
  header, one row per *deduplicated* event with NumMentions/NumSources/NumArticles.
* ``phoenix`` -- the Phoenix data set's TSV: :data:`PHOENIX_COLUMNS` (26), no header, one
  row per deduplicated event.
* ``plover`` -- PLOVER/POLECAT-style JSON Lines, one object per deduplicated event with its
  mentions.
* ``csv`` -- one row per event mention (:data:`MENTION_COLUMNS` plus the dedup counts), header.
* ``parquet`` -- the same mention rows, written by DuckDB as a directory partitioned by month
  of the event (``month=YYYY-MM/``; ``month=unknown/`` for undated events).

:func:`export` writes any of them from an open :class:`~whodid.store.Store`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from typing import Any

from whodid.store import Store
from whodid.writers import (
    _geo_type,
    gdelt_adm1,
    gdelt_column_names,
    gdelt_dates,
    global_event_id,
)

__all__ = [
    "EXPORT_FORMATS",
    "GDELT2_COLUMNS",
    "PHOENIX_COLUMNS",
    "export",
    "split_actor_code",
]

#: Format names accepted by :func:`export`.
EXPORT_FORMATS = ("gdelt", "phoenix", "plover", "csv", "parquet")


#: The 61 columns of the GDELT 2.0 event table, in order.
GDELT2_COLUMNS: tuple[str, ...] = gdelt_column_names(2)

#: The 26 columns of the Phoenix data set's daily TSV files, in order.
PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID",
    "Date",
    "Year",
    "Month",
    "Day",
    "SourceActorFull",
    "SourceActorEntity",
    "SourceActorRole",
    "SourceActorAttribute",
    "TargetActorFull",
    "TargetActorEntity",
    "TargetActorRole",
    "TargetActorAttribute",
    "EventCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScore",
    "Issues",
    "Lat",
    "Lon",
    "LocationName",
    "StateName",
    "CountryCode",
    "SentenceID",
    "URLs",
    "NewsSources",
)

# One row per deduplicated event, with its mentions' URLs/publishers and the place feature.
_DEDUP_SQL = """
SELECT d.*,
       m.urls, m.publishers, m.mentions,
       (SELECT any_value(p.feature) FROM places p
         WHERE p.article_id = d.article_id AND p.geonames_id = d.location_geonames_id) AS feature
FROM dedup_events d
JOIN (
  SELECT dedup_id,
         list(DISTINCT url ORDER BY url) FILTER (WHERE url IS NOT NULL) AS urls,
         list(DISTINCT publisher ORDER BY publisher)
           FILTER (WHERE publisher IS NOT NULL) AS publishers,
         list({'event_id': event_id, 'article_id': article_id, 'sentence': sentence,
               'trigger': trigger_text, 'publisher': publisher, 'url': url,
               'article_date': article_date} ORDER BY event_id) AS mentions
  FROM event_mentions GROUP BY dedup_id
) m USING (dedup_id)
ORDER BY COALESCE(d.event_date, d.article_date), d.dedup_id
"""

#: Columns of the mention rows of the csv and parquet exports.
MENTION_SQL = """
SELECT e.event_id, e.dedup_id, e.article_id, e.idx, e.sentence,
       e.event_date, e.event_date_granularity, e.cameo, e.root, e.quad_class, e.goldstein,
       e.plover_event, e.plover_mode, e.plover_context, e.modality, e.confidence,
       e.source_text, e.source_name, e.source_code, e.source_country, e.source_sector,
       e.target_text, e.target_name, e.target_code, e.target_country, e.target_sector,
       e.trigger_text, e.trigger_start, e.trigger_end,
       e.location_text, e.location_name, e.location_country, e.location_lat, e.location_lon,
       e.location_geonames_id, e.location_precision, e.event_name, e.coder_version,
       e.location_feature, e.location_admin1, e.location_admin2,
       a.title AS article_title, a.date AS article_date, a.source AS publisher, a.url,
       c.num_mentions, c.num_articles, c.num_sources
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN (SELECT e2.dedup_id, count(*) AS num_mentions,
             count(DISTINCT e2.article_id) AS num_articles,
             count(DISTINCT COALESCE(a2.source, 'article:' || a2.id)) AS num_sources
      FROM events e2 JOIN articles a2 ON a2.id = e2.article_id GROUP BY e2.dedup_id) c
  ON c.dedup_id = e.dedup_id
"""


def split_actor_code(code: str | None) -> tuple[str | None, str | None, str | None]:
    """A CAMEO actor code as Phoenix splits it: (entity, role, attribute).

    The entity is the first three letters (a country or IGO code), the role the next three,
    the attribute whatever follows: ``IRNMILREB`` -> ``("IRN", "MIL", "REB")``.
    """
    if not code:
        return None, None, None
    return code[:3] or None, code[3:6] or None, code[6:] or None


def _field(value: Any) -> str:
    """A TSV field: empty for None, tabs and line breaks replaced by spaces."""
    if value is None:
        return ""
    text = f"{value:.1f}" if isinstance(value, float) and value.is_integer() else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _day(row: dict[str, Any]) -> dt.date | None:
    """The event's day: its date when known to the day, else the article date."""
    date = row["event_date"]
    if date is not None and (row["event_date_granularity"] or "day") == "day":
        return date
    return row["article_date"]


def _dedup_rows(store: Store) -> Iterator[dict[str, Any]]:
    cursor = store.con.execute(_DEDUP_SQL)
    names = [column[0] for column in cursor.description]
    while True:
        chunk = cursor.fetchmany(10_000)
        if not chunk:
            return
        for values in chunk:
            yield dict(zip(names, values, strict=True))


def _gdelt_row(row: dict[str, Any]) -> list[Any]:
    cameo = row["cameo"] or ""
    out: list[Any] = [global_event_id(row["content_hash"], row["idx"]), *gdelt_dates(_day(row))]
    for prefix in ("source", "target"):
        out += [row[f"{prefix}_code"], row[f"{prefix}_name"], row[f"{prefix}_country"],
                None, None, None, None, row[f"{prefix}_sector"], None, None]
    out += [
        1 if row["sentence"] == 0 else 0,
        cameo or None,
        cameo[:3] or None,
        row["root"] or cameo[:2] or None,
        row["quad_class"],
        row["goldstein"],
        row["num_mentions"],
        row["num_sources"],
        row["num_articles"],
        None,  # AvgTone: whodid scores no tone
    ]
    out += [None] * 16  # Actor1Geo, Actor2Geo: whodid does not geolocate actors
    has_location = any(
        row[k] is not None for k in ("location_name", "location_text", "location_country")
    )
    if has_location:
        has_coordinates = row["location_lat"] is not None and row["location_lon"] is not None
        out += [
            _geo_type(row["location_feature"] or row["feature"], row["location_country"],
                      has_coordinates),
            row["location_name"] or row["location_text"],
            row["location_country"],
            gdelt_adm1(row["location_admin1"]),  # ADM1Code
            row["location_admin2"],  # ADM2Code (GeoNames': "US.LA.079")
            row["location_lat"],
            row["location_lon"],
            row["location_geonames_id"],
        ]
    else:
        out += [None] * 8
    coded_at = row["coded_at"]
    out += [coded_at.strftime("%Y%m%d%H%M%S") if coded_at else None, row["url"]]
    return out


def _phoenix_row(row: dict[str, Any]) -> list[Any]:
    day = _day(row)
    out: list[Any] = [
        row["dedup_id"],
        day.strftime("%Y%m%d") if day else None,
        day.year if day else None,
        day.month if day else None,
        day.day if day else None,
    ]
    for prefix in ("source", "target"):
        code = row[f"{prefix}_code"]
        out += [code, *split_actor_code(code)]
    out += [
        row["cameo"],
        row["root"],
        row["quad_class"],
        row["goldstein"],
        None,  # Issues: whodid codes no issues
        row["location_lat"],
        row["location_lon"],
        row["location_name"] or row["location_text"],
        None,  # StateName: whodid has no admin-1 names
        row["location_country"],
        f"{row['article_id']}_{row['sentence']}",
        ";".join(row["urls"] or []) or None,
        ";".join(row["publishers"] or []) or None,
    ]
    return out


def _contexts(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]


def _actor_object(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    keys = ("text", "name", "code", "country", "sector")
    actor = {key: row[f"{prefix}_{key}"] for key in keys}
    return actor if any(v is not None for v in actor.values()) else None


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _plover_object(row: dict[str, Any]) -> dict[str, Any]:
    location = None
    if any(row[k] is not None for k in ("location_name", "location_text", "location_country")):
        location = {
            "name": row["location_name"],
            "text": row["location_text"],
            "country": row["location_country"],
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "geonames_id": row["location_geonames_id"],
            "feature": row["feature"],
            "precision": row["location_precision"],
        }
    return {
        "event_id": row["dedup_id"],
        "event_date": _iso(row["event_date"]),
        "date_granularity": row["event_date_granularity"],
        "event_type": row["plover_event"],
        "mode": row["plover_mode"],
        "context": _contexts(row["plover_context"]),
        "modality": row["modality"],
        "actor": _actor_object(row, "source"),
        "recipient": _actor_object(row, "target"),
        "location": location,
        "cameo": {
            "code": row["cameo"],
            "root": row["root"],
            "quad_class": row["quad_class"],
            "goldstein": row["goldstein"],
            "name": row["event_name"],
        },
        "num_mentions": row["num_mentions"],
        "num_articles": row["num_articles"],
        "num_sources": row["num_sources"],
        "mentions": [
            {key: _iso(value) for key, value in mention.items()} for mention in row["mentions"]
        ],
        "coder_version": row["coder_version"],
    }


def _write_lines(out: str, lines: Iterator[str]) -> int:
    """Write ``lines`` to ``out`` (``-`` for stdout) through a temporary file; the count."""
    if out == "-":
        count = 0
        for line in lines:
            sys.stdout.write(line)
            count += 1
        sys.stdout.flush()
        return count
    tmp = out + ".tmp"
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as stream:
            for line in lines:
                stream.write(line)
                count += 1
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return count


def _quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def export(store: Store, fmt: str, out: str) -> int:
    """Write the events of ``store`` in format ``fmt`` to ``out``; the number of rows.

    ``out`` is a file (``-`` for stdout, text formats only), or a directory for ``parquet``
    (replaced if it exists).
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of "
                         f"{', '.join(EXPORT_FORMATS)}")
    if fmt in ("gdelt", "phoenix"):
        make_row = _gdelt_row if fmt == "gdelt" else _phoenix_row
        return _write_lines(
            out,
            ("\t".join(_field(v) for v in make_row(row)) + "\n" for row in _dedup_rows(store)),
        )
    if fmt == "plover":
        return _write_lines(
            out,
            (
                json.dumps(_plover_object(row), ensure_ascii=False) + "\n"
                for row in _dedup_rows(store)
            ),
        )
    if out == "-":
        raise ValueError(f"the {fmt} export needs an output path")
    if fmt == "csv":
        store.con.execute(f"COPY ({MENTION_SQL} ORDER BY e.event_id) TO {_quote(out)} "
                          "(FORMAT csv, HEADER true)")
    else:
        if os.path.isdir(out):
            shutil.rmtree(out)
        elif os.path.exists(out):
            raise ValueError(f"{out} exists and is not a directory")
        store.con.execute(
            f"COPY (SELECT *, COALESCE(strftime(COALESCE(event_date, article_date), '%Y-%m'),"
            f" 'unknown') AS month FROM ({MENTION_SQL}) ORDER BY month, event_id) "
            f"TO {_quote(out)} (FORMAT parquet, PARTITION_BY (month))"
        )
    row = store.con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0
