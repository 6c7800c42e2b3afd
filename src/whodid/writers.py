"""The output stage: coded articles to JSON Lines, CSV, Parquet or a GDELT-style event table.

Every writer has ``write(results)`` (one batch of :class:`~whodid.model.CodedArticle`) and
``close()``, and is a context manager.  :func:`open_writer` picks one by format name.

* ``jsonl`` -- one JSON object per article (:meth:`CodedArticle.to_dict`), lossless.
* ``csv`` -- one row per event (:data:`EVENT_COLUMNS`), header written once.
* ``parquet`` -- the same event rows with an explicit typed schema (:data:`PARQUET_SCHEMA`),
  one row group per batch, written to ``path + ".tmp"`` and renamed on a clean close.
* ``gdelt`` -- a tab-separated GDELT 1.0-style event table (:data:`GDELT_COLUMNS`).

Files are written atomically: to ``path + ".tmp"``, renamed to ``path`` on a clean close and
deleted on :meth:`Writer.abort`, so a killed or failed run never leaves a partial file that
looks complete (an existing ``path`` stays as it was).  Devices and pipes (``/dev/stdout``,
a FIFO) are written directly.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import IO, Any, Self

import pyarrow as pa
import pyarrow.parquet as pq

from whodid.model import Actor, CodedArticle, Event, EventLocation

__all__ = [
    "EVENT_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "PARQUET_SCHEMA",
    "CsvWriter",
    "GdeltWriter",
    "JsonLinesWriter",
    "ParquetWriter",
    "Writer",
    "event_rows",
    "gdelt_rows",
    "gdelt_dates",
    "global_event_id",
    "open_writer",
    "shard_path",
    "write_shard",
]

#: Output format names accepted by :func:`open_writer`.
FORMATS = ("jsonl", "csv", "parquet", "gdelt")

#: Columns of one flat event row, in order (see :func:`event_rows`).
EVENT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "article_date",
    "article_title",
    "source",
    "url",
    "sentence",
    "event_date",
    "event_date_granularity",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "modality",
    "confidence",
    "source_text",
    "source_name",
    "source_code",
    "source_country",
    "source_sector",
    "target_text",
    "target_name",
    "target_code",
    "target_country",
    "target_sector",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "location_text",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "location_geonames_id",
    "event_name",
)

_INT32_COLUMNS = frozenset({"sentence", "quad_class", "trigger_start", "trigger_end"})
_FLOAT64_COLUMNS = frozenset({"goldstein", "confidence", "location_lat", "location_lon"})
_INT64_COLUMNS = frozenset({"location_geonames_id"})


def _arrow_type(column: str) -> pa.DataType:
    if column in _INT32_COLUMNS:
        return pa.int32()
    if column in _FLOAT64_COLUMNS:
        return pa.float64()
    if column in _INT64_COLUMNS:
        return pa.int64()
    return pa.string()


#: The Parquet schema of event rows: strings, except int32 ``sentence``, ``quad_class`` and
#: trigger offsets, float64 ``goldstein``, ``confidence``, ``location_lat``/``lon`` and int64
#: ``location_geonames_id``.  Dates stay ISO strings (an event date may be "YYYY-MM" or "YYYY").
PARQUET_SCHEMA = pa.schema([pa.field(name, _arrow_type(name)) for name in EVENT_COLUMNS])


def _actor_fields(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {f"{prefix}_{key}": None for key in ("text", "name", "code", "country", "sector")}
    return {
        f"{prefix}_text": actor.text,
        f"{prefix}_name": actor.name,
        f"{prefix}_code": actor.code,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
    }


def _location_fields(location: EventLocation | None) -> dict[str, Any]:
    if location is None:
        return {
            f"location_{key}": None
            for key in ("text", "name", "country", "lat", "lon", "geonames_id")
        }
    return {
        "location_text": location.text,
        "location_name": location.name,
        "location_country": location.country,
        "location_lat": location.lat,
        "location_lon": location.lon,
        "location_geonames_id": location.geonames_id,
    }


def _event_row(result: CodedArticle, event: Event) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_id": result.id,
        "article_date": result.date,
        "article_title": result.title,
        "source": result.source,
        "url": result.url,
        "sentence": event.sentence,
        "event_date": event.date.value if event.date else None,
        "event_date_granularity": event.date.granularity if event.date else None,
        "cameo": event.cameo,
        "root": event.root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover_event": event.plover.event if event.plover else None,
        "plover_mode": event.plover.mode if event.plover else None,
        "modality": event.modality,
        "confidence": event.confidence,
    }
    row.update(_actor_fields("source", event.source))
    row.update(_actor_fields("target", event.target))
    row.update(
        {
            "trigger_text": event.trigger.text if event.trigger else None,
            "trigger_start": event.trigger.start if event.trigger else None,
            "trigger_end": event.trigger.end if event.trigger else None,
        }
    )
    row.update(_location_fields(event.location))
    row["event_name"] = event.name
    return {column: row[column] for column in EVENT_COLUMNS}


def event_rows(results: Iterable[CodedArticle]) -> Iterator[dict[str, Any]]:
    """Yield one flat dict per event, keyed by :data:`EVENT_COLUMNS` in that order.

    ``source`` is the publisher of the article; the coded actors are ``source_*`` and
    ``target_*``.  Missing values are ``None``.
    """
    for result in results:
        for event in result.events:
            yield _event_row(result, event)


class Writer:
    """Base class of the output writers: ``write`` batches, then ``close``; a context manager.

    Leaving the ``with`` block on an exception calls :meth:`abort` instead of :meth:`close`.
    """

    def write(self, results: list[CodedArticle]) -> None:
        """Write one batch of coded articles."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and finish the output."""

    def abort(self) -> None:
        """Finish after a failure; by default the same as :meth:`close`."""
        self.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class _StreamWriter(Writer):
    """A writer to a text stream, which it closes only if it owns it.

    With ``publish=(tmp_path, path)`` the owned stream is the file ``tmp_path``, renamed to
    ``path`` by :meth:`close` and deleted by :meth:`abort`.
    """

    def __init__(self, stream: IO[str], *, owns_stream: bool = False,
                 publish: tuple[str, str] | None = None) -> None:
        self.stream = stream
        self._owns_stream = owns_stream
        self._publish = publish
        self._closed = False

    def close(self) -> None:
        """Flush the stream, and close it if this writer opened it (moving the file into
        place)."""
        if self._closed:
            return
        self._closed = True
        if self._owns_stream:
            try:
                self.stream.close()
            except BaseException:
                self._discard()
                raise
            if self._publish is not None:
                os.replace(*self._publish)
        else:
            self.stream.flush()

    def abort(self) -> None:
        """Finish after a failure: an atomically written file is discarded, any other
        output is flushed as far as it got."""
        if self._publish is None:
            self.close()
            return
        if self._closed:
            return
        self._closed = True
        try:
            self.stream.close()
        finally:
            self._discard()

    def _discard(self) -> None:
        if self._publish is not None:
            _remove_quietly(self._publish[0])


class JsonLinesWriter(_StreamWriter):
    """One JSON object per article (``result.to_dict()``), UTF-8 text, one per line."""

    def write(self, results: list[CodedArticle]) -> None:
        """Write one line per article in the batch."""
        for result in results:
            self.stream.write(json.dumps(result.to_dict(), ensure_ascii=False))
            self.stream.write("\n")


class CsvWriter(_StreamWriter):
    """One CSV row per event (:func:`event_rows`); the header is written exactly once.

    A run that writes no events still produces the header line.  Open a file stream with
    ``newline=""`` as the :mod:`csv` module expects (:func:`open_writer` does).
    """

    def __init__(self, stream: IO[str], *, owns_stream: bool = False,
                 publish: tuple[str, str] | None = None) -> None:
        super().__init__(stream, owns_stream=owns_stream, publish=publish)
        self._writer = csv.DictWriter(stream, fieldnames=EVENT_COLUMNS, lineterminator="\n")
        self._header_written = False

    def _ensure_header(self) -> None:
        if not self._header_written:
            self._writer.writeheader()
            self._header_written = True

    def write(self, results: list[CodedArticle]) -> None:
        """Write the event rows of the batch."""
        self._ensure_header()
        self._writer.writerows(event_rows(results))

    def close(self) -> None:
        """Write the header if nothing was written yet, then flush/close the stream."""
        if not self._closed:
            self._ensure_header()
        super().close()


class ParquetWriter(Writer):
    """Event rows to a Parquet file with :data:`PARQUET_SCHEMA`, one row group per batch.

    The data goes to ``path + ".tmp"``, renamed to ``path`` by :meth:`close`; :meth:`abort`
    (also called when a ``with`` block fails) deletes the temporary file, so a failed run
    leaves no half-written Parquet file (and leaves an existing ``path`` untouched).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.tmp_path = self.path + ".tmp"
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self.tmp_path, PARQUET_SCHEMA)

    def write(self, results: list[CodedArticle]) -> None:
        """Write the event rows of the batch as one row group (none if it has no events)."""
        if self._writer is None:
            raise ValueError(f"ParquetWriter for {self.path} is closed")
        rows = list(event_rows(results))
        if rows:
            self._writer.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA))

    def close(self) -> None:
        """Finish the file and move it into place."""
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        try:
            writer.close()
        except BaseException:
            _remove_quietly(self.tmp_path)
            raise
        os.replace(self.tmp_path, self.path)

    def abort(self) -> None:
        """Discard the output: close and delete the temporary file."""
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        try:
            writer.close()
        finally:
            _remove_quietly(self.tmp_path)


def shard_path(directory: str | os.PathLike[str], index: int) -> str:
    """The path of Parquet shard ``index`` in ``directory``: ``part-000042.parquet``."""
    return os.path.join(os.fspath(directory), f"part-{index:06d}.parquet")


def write_shard(results: Iterable[CodedArticle], directory: str | os.PathLike[str],
                index: int) -> str:
    """Write the event rows of ``results`` as Parquet shard ``index`` in ``directory``
    (created if needed), atomically; returns its path.

    The shard is one file with :data:`PARQUET_SCHEMA`, even when there are no events, so
    that every partition of a run has its shard.  It is written under a hidden name
    (``.part-000042.parquet.PID.tmp``, which Parquet readers of the directory skip) and
    renamed into place: a reader, or a rerun after a crash, never sees half a shard.
    """
    path = shard_path(directory, index)
    os.makedirs(os.fspath(directory), exist_ok=True)
    temporary = os.path.join(os.fspath(directory),
                             f".{os.path.basename(path)}.{os.getpid()}.tmp")
    table = pa.Table.from_pylist(list(event_rows(results)), schema=PARQUET_SCHEMA)
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except BaseException:
        _remove_quietly(temporary)
        raise
    return path


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


# --------------------------------------------------------------------------- GDELT


def _actor_columns(n: str) -> list[str]:
    return [
        f"Actor{n}Code",
        f"Actor{n}Name",
        f"Actor{n}CountryCode",
        f"Actor{n}KnownGroupCode",
        f"Actor{n}EthnicCode",
        f"Actor{n}Religion1Code",
        f"Actor{n}Religion2Code",
        f"Actor{n}Type1Code",
        f"Actor{n}Type2Code",
        f"Actor{n}Type3Code",
    ]


def _geo_columns(prefix: str, adm2: bool) -> list[str]:
    return [
        f"{prefix}Geo_Type",
        f"{prefix}Geo_FullName",
        f"{prefix}Geo_CountryCode",
        f"{prefix}Geo_ADM1Code",
        *([f"{prefix}Geo_ADM2Code"] if adm2 else []),
        f"{prefix}Geo_Lat",
        f"{prefix}Geo_Long",
        f"{prefix}Geo_FeatureID",
    ]


def gdelt_column_names(version: int = 1) -> tuple[str, ...]:
    """The GDELT event-table columns in order: 58 for GDELT 1.0 daily files, 61 for GDELT
    2.0 (which adds an ADM2 code to each of the three geographies)."""
    adm2 = version >= 2
    return tuple(
        ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
        + _actor_columns("1")
        + _actor_columns("2")
        + [
            "IsRootEvent",
            "EventCode",
            "EventBaseCode",
            "EventRootCode",
            "QuadClass",
            "GoldsteinScale",
            "NumMentions",
            "NumSources",
            "NumArticles",
            "AvgTone",
        ]
        + _geo_columns("Actor1", adm2)
        + _geo_columns("Actor2", adm2)
        + _geo_columns("Action", adm2)
        + ["DATEADDED", "SOURCEURL"]
    )


#: The 58 columns of the GDELT 1.0 event table (the daily-file layout with SOURCEURL), in order.
GDELT_COLUMNS: tuple[str, ...] = gdelt_column_names(1)

# GDELT Geo_Type: 1 COUNTRY, 2 USSTATE, 3 USCITY, 4 WORLDCITY, 5 WORLDSTATE.
_GEO_COUNTRY, _GEO_USSTATE, _GEO_USCITY, _GEO_WORLDCITY, _GEO_WORLDSTATE = 1, 2, 3, 4, 5


def _parse_day(value: str | None) -> dt.date | None:
    """A full ``YYYY-MM-DD`` date (a longer ISO timestamp is cut to its date), else None."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def global_event_id(content_hash: str, index: int) -> int:
    """A stable GDELT GLOBALEVENTID: the first 15 hex digits of sha1(content_hash + index)."""
    digest = hashlib.sha1(f"{content_hash}{index}".encode()).hexdigest()
    return int(digest[:15], 16)


def gdelt_dates(day: dt.date | None) -> list[Any]:
    """GDELT's four date columns (SQLDATE, MonthYear, Year, FractionDate) for ``day``."""
    if day is None:
        return [None] * 4
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year,
            f"{day.year + day.timetuple().tm_yday / 365:.4f}"]


def _geo_type(feature: str | None, country: str | None, has_coordinates: bool) -> int | None:
    us = country == "USA"
    if feature == "country":
        return _GEO_COUNTRY
    if feature == "admin1":
        return _GEO_USSTATE if us else _GEO_WORLDSTATE
    if feature is not None or has_coordinates:
        # A city, or some other point feature (GDELT: "city or landmark").
        return _GEO_USCITY if us else _GEO_WORLDCITY
    if country is not None:
        return _GEO_COUNTRY
    return None


def gdelt_adm1(admin1: str | None) -> str | None:
    """GDELT's ADM1Code for a GeoNames admin1 code: country and division code run together,
    as GDELT writes them ("IQ.15" -> "IQ15", "US.LA" -> "USLA"; the country part is ISO
    3166 alpha-2 where GDELT has FIPS 10-4).  An ISO 3166-2 code loses its hyphen."""
    return admin1.replace(".", "").replace("-", "") if admin1 else None


def _location_feature(result: CodedArticle, location: EventLocation) -> str | None:
    """The ``feature`` of the article place the event location refers to, if found."""
    for place in result.places:
        if location.start is not None and (place.start, place.end) == (
            location.start,
            location.end,
        ):
            return place.feature
    if location.geonames_id is not None:
        for place in result.places:
            if place.geonames_id == location.geonames_id:
                return place.feature
    if location.name is not None:
        for place in result.places:
            if place.name == location.name and place.country == location.country:
                return place.feature
    return None


def _action_geo(result: CodedArticle, location: EventLocation | None) -> list[Any]:
    if location is None:
        return [None] * 7
    feature = location.feature or _location_feature(result, location)
    has_coordinates = location.lat is not None and location.lon is not None
    return [
        _geo_type(feature, location.country, has_coordinates),
        location.name or location.text,
        location.country,
        gdelt_adm1(location.admin1 or (location.admin2 or "").rpartition(".")[0] or None),
        location.lat,
        location.lon,
        location.geonames_id,
    ]


def _gdelt_actor(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [None] * 10
    # Code, Name, CountryCode, KnownGroup, Ethnic, Religion1, Religion2, Type1, Type2, Type3
    return [actor.code, actor.name, actor.country, None, None, None, None, actor.sector, None, None]


def _gdelt_row(result: CodedArticle, index: int, event: Event) -> list[Any]:
    article_day = _parse_day(result.date)
    event_day = _parse_day(event.date.value if event.date else None) or article_day
    cameo = event.cameo or ""
    row: list[Any] = [global_event_id(result.content_hash, index), *gdelt_dates(event_day)]
    row += _gdelt_actor(event.source)
    row += _gdelt_actor(event.target)
    row += [
        1 if event.sentence == 0 else 0,
        cameo or None,
        cameo[:3] or None,
        event.root or cameo[:2] or None,
        event.quad_class,
        event.goldstein,
        1,  # NumMentions
        1,  # NumSources
        1,  # NumArticles
        None,  # AvgTone
    ]
    row += [None] * 7  # Actor1Geo: whodid does not geolocate actors
    row += [None] * 7  # Actor2Geo
    row += _action_geo(result, event.location)
    row += [article_day.strftime("%Y%m%d") if article_day else None, result.url]
    return row


def gdelt_rows(results: Iterable[CodedArticle]) -> Iterator[list[str]]:
    """Yield one list of :data:`GDELT_COLUMNS` string fields per event ("" where unknown)."""
    for result in results:
        for index, event in enumerate(result.events):
            yield [_gdelt_field(value) for value in _gdelt_row(result, index, event)]


def _gdelt_field(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    # Tabs and line breaks would break the table; nothing else is escaped in GDELT files.
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


class GdeltWriter(_StreamWriter):
    """A GDELT 1.0-style event table: tab-separated :data:`GDELT_COLUMNS`, no header line.

    Filled where whodid has the value, empty otherwise:

    * GLOBALEVENTID is stable across runs (see :func:`global_event_id`).
    * SQLDATE/MonthYear/Year/FractionDate come from the event date when it is a full day,
      else from the article date; DATEADDED is the article date (YYYYMMDD).
    * Actor*Code/Name/CountryCode/Type1Code are the actor's code, name, country and sector;
      known group, ethnic, religion and Type2/3 codes are left empty.
    * IsRootEvent is 1 for events in the first sentence; NumMentions/NumSources/NumArticles
      are 1 and AvgTone is empty.
    * Actor1Geo/Actor2Geo are empty; ActionGeo is the event location, with Geo_Type from the
      matching article place's ``feature`` (1 COUNTRY, 2 USSTATE, 3 USCITY, 4 WORLDCITY,
      5 WORLDSTATE) and Geo_FeatureID the GeoNames id.

    Country codes: GDELT writes FIPS 10-4 codes in the Geo_CountryCode columns (and CAMEO
    country codes for actors); whodid writes ISO 3166 alpha-3 codes in all of them.
    """

    def write(self, results: list[CodedArticle]) -> None:
        """Write one line per event in the batch."""
        for fields in gdelt_rows(results):
            self.stream.write("\t".join(fields))
            self.stream.write("\n")


def open_writer(fmt: str, out: str | None) -> Writer:
    """The writer for format ``fmt`` (one of :data:`FORMATS`) to file ``out``, or stdout if None.

    Text formats are written as UTF-8.  Parquet needs a file path.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None or out == "-":
            raise ValueError("the parquet format needs an output file path; it cannot go to stdout")
        return ParquetWriter(out)
    publish = None
    if out is None or out == "-":
        stream: IO[str] = sys.stdout
        owns = False
    else:
        target = out
        if _regular_or_new(out):
            publish = (out + ".tmp", out)
            target = publish[0]
        stream = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115 - writer owns it
        owns = True
    kind = {"jsonl": JsonLinesWriter, "csv": CsvWriter}.get(fmt, GdeltWriter)
    return kind(stream, owns_stream=owns, publish=publish)


def _regular_or_new(path: str) -> bool:
    """Whether ``path`` is a regular file or does not exist yet: a file that a rename may
    replace (not ``/dev/stdout``, a named pipe, or a symbolic link the user set up)."""
    import stat

    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
