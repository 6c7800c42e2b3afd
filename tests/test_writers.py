"""Tests of the output writers (whodid.writers)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from factories import make_result
from whodid.model import CodedArticle
from whodid.writers import (
    EVENT_COLUMNS,
    GDELT_COLUMNS,
    CsvWriter,
    GdeltWriter,
    JsonLinesWriter,
    ParquetWriter,
    event_rows,
    open_writer,
)


@pytest.fixture
def results() -> list[CodedArticle]:
    return [
        make_result("a1", n_events=2),
        make_result("a2", n_events=4, date="2024-03-05", source="Reuters"),
        make_result("a3", n_events=0, title="Nothing happened"),
    ]


def test_event_rows_are_flat_and_ordered(results: list[CodedArticle]) -> None:
    rows = list(event_rows(results))
    assert len(rows) == 6
    assert all(tuple(row) == EVENT_COLUMNS for row in rows)
    first = rows[0]
    assert first["article_id"] == "a1"
    assert first["source"] == "Tasnim"
    assert first["source_code"] == "IRNMIL"
    assert first["target_country"] == "IRQ"
    assert first["trigger_text"] == "met"
    assert first["location_name"] == "Baghdad"
    assert first["location_geonames_id"] == 98182
    assert first["event_date"] == "2024-03-04"
    last = rows[-1]
    assert last["article_id"] == "a2"
    assert last["event_date"] == "2024-03"
    assert last["event_date_granularity"] == "month"
    assert last["target_sector"] is None
    assert last["modality"] == "intended"


def test_jsonl_round_trip(results: list[CodedArticle]) -> None:
    stream = io.StringIO()
    with JsonLinesWriter(stream) as writer:
        writer.write(results[:2])
        writer.write(results[2:])
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    for line, original in zip(lines, results, strict=True):
        assert CodedArticle.from_dict(json.loads(line)) == original


def test_jsonl_keeps_non_ascii() -> None:
    result = make_result("ü1", title="Gespräche in Bagdad")
    stream = io.StringIO()
    JsonLinesWriter(stream).write([result])
    assert "Gespräche" in stream.getvalue()
    assert CodedArticle.from_dict(json.loads(stream.getvalue())) == result


def test_csv_header_once_and_rows(results: list[CodedArticle]) -> None:
    stream = io.StringIO()
    with CsvWriter(stream) as writer:
        writer.write(results[:1])
        writer.write(results[1:])
    parsed = list(csv.reader(io.StringIO(stream.getvalue())))
    assert parsed[0] == list(EVENT_COLUMNS)
    assert sum(1 for row in parsed if row == list(EVENT_COLUMNS)) == 1
    assert len(parsed) == 1 + 6
    record = dict(zip(parsed[0], parsed[2], strict=True))
    assert record["article_id"] == "a1"
    assert record["cameo"] == "111"
    assert record["goldstein"] == "-2.0"
    assert record["plover_mode"] == "criticize"
    last = dict(zip(parsed[0], parsed[-1], strict=True))
    assert last["target_sector"] == ""


def test_csv_without_events_still_has_header() -> None:
    stream = io.StringIO()
    with CsvWriter(stream):
        pass
    assert stream.getvalue() == ",".join(EVENT_COLUMNS) + "\n"


def test_parquet_types_and_values(tmp_path: Path, results: list[CodedArticle]) -> None:
    path = tmp_path / "events.parquet"
    with ParquetWriter(path) as writer:
        writer.write(results[:1])
        writer.write([])
        writer.write(results[1:])
    assert not (tmp_path / "events.parquet.tmp").exists()
    table = pq.read_table(path)
    assert table.column_names == list(EVENT_COLUMNS)
    assert table.num_rows == 6
    assert pq.ParquetFile(path).metadata.num_row_groups == 2
    schema = table.schema
    assert schema.field("quad_class").type == pa.int32()
    assert schema.field("sentence").type == pa.int32()
    assert schema.field("goldstein").type == pa.float64()
    assert schema.field("confidence").type == pa.float64()
    assert schema.field("location_lat").type == pa.float64()
    assert schema.field("location_lon").type == pa.float64()
    assert schema.field("location_geonames_id").type == pa.int64()
    assert schema.field("cameo").type == pa.string()
    assert schema.field("event_date").type == pa.string()
    assert table.to_pylist() == list(event_rows(results))


def test_parquet_failure_leaves_no_file(tmp_path: Path, results: list[CodedArticle]) -> None:
    path = tmp_path / "events.parquet"
    with pytest.raises(RuntimeError, match="boom"), ParquetWriter(path) as writer:
        writer.write(results)
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_parquet_failure_keeps_previous_file(tmp_path: Path, results: list[CodedArticle]) -> None:
    path = tmp_path / "events.parquet"
    with ParquetWriter(path) as writer:
        writer.write(results[:1])
    broken = make_result("bad")
    broken.events[0].quad_class = "not a number"  # type: ignore[assignment]
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)), ParquetWriter(path) as writer:
        writer.write(results[1:])
        writer.write([broken])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.parquet"]
    assert pq.read_table(path).num_rows == 2


def _gdelt_lines(results: list[CodedArticle]) -> list[list[str]]:
    stream = io.StringIO()
    with GdeltWriter(stream) as writer:
        writer.write(results)
    return [line.split("\t") for line in stream.getvalue().split("\n")[:-1]]


def test_gdelt_columns() -> None:
    assert len(GDELT_COLUMNS) == 58
    assert len(set(GDELT_COLUMNS)) == 58
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:31] == (
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
    )
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT_COLUMNS.index("ActionGeo_Type") == 49


def test_gdelt_rows(results: list[CodedArticle]) -> None:
    lines = _gdelt_lines(results)
    assert len(lines) == 6
    assert all(len(fields) == len(GDELT_COLUMNS) for fields in lines)
    rows = [dict(zip(GDELT_COLUMNS, fields, strict=True)) for fields in lines]

    first = rows[0]
    digest = hashlib.sha1((results[0].content_hash + "0").encode()).hexdigest()
    assert first["GLOBALEVENTID"] == str(int(digest[:15], 16))
    assert first["SQLDATE"] == "20240304"
    assert first["MonthYear"] == "202403"
    assert first["Year"] == "2024"
    assert first["FractionDate"] == f"{2024 + 64 / 365:.4f}" == "2024.1753"
    assert first["Actor1Code"] == "IRNMIL"
    assert first["Actor1Name"] == "Iranian military"
    assert first["Actor1CountryCode"] == "IRN"
    assert first["Actor1Type1Code"] == "MIL"
    assert first["Actor1KnownGroupCode"] == ""
    assert first["Actor2Code"] == "IRQGOV"
    assert first["Actor2CountryCode"] == "IRQ"
    assert first["IsRootEvent"] == "1"
    assert first["EventCode"] == "040"
    assert first["EventBaseCode"] == "040"
    assert first["EventRootCode"] == "04"
    assert first["QuadClass"] == "1"
    assert first["GoldsteinScale"] == "1.0"
    assert (first["NumMentions"], first["NumSources"], first["NumArticles"]) == ("1", "1", "1")
    assert first["AvgTone"] == ""
    assert first["Actor1Geo_Type"] == first["Actor2Geo_FullName"] == ""
    assert first["ActionGeo_Type"] == "4"  # Baghdad: a city outside the US
    assert first["ActionGeo_FullName"] == "Baghdad"
    assert first["ActionGeo_CountryCode"] == "IRQ"
    assert first["ActionGeo_ADM1Code"] == "IQ07"  # GeoNames' admin1 code of Baghdad
    assert first["ActionGeo_Lat"] == "33.3406"
    assert first["ActionGeo_Long"] == "44.4009"
    assert first["ActionGeo_FeatureID"] == "98182"
    assert first["DATEADDED"] == "20240304"
    assert first["SOURCEURL"] == "https://example.org/news/a1"

    second = rows[1]
    assert second["IsRootEvent"] == "0"
    assert second["QuadClass"] == "3"
    assert second["GoldsteinScale"] == "-2.0"

    # a2's last event: month-level date falls back to the article date; location is a country
    last = rows[-1]
    assert last["SQLDATE"] == "20240305"
    assert last["DATEADDED"] == "20240305"
    assert last["EventCode"] == "042"
    assert last["Actor2Type1Code"] == ""
    assert last["ActionGeo_Type"] == "1"
    assert last["ActionGeo_FullName"] == "Iraq"

    ids = [row["GLOBALEVENTID"] for row in rows]
    assert len(set(ids)) == len(ids)
    assert all(0 < int(i) < 2**63 for i in ids)
    assert _gdelt_lines(results) == lines  # stable across runs


def test_gdelt_prefers_full_event_date_and_sanitizes_tabs() -> None:
    result = make_result("g1", n_events=1, event_dates=["2024-01-02"], url="http://x/a\tb")
    result.events[0].source.name = "Iranian\tmilitary"  # type: ignore[union-attr]
    fields = _gdelt_lines([result])[0]
    row = dict(zip(GDELT_COLUMNS, fields, strict=True))
    assert len(fields) == len(GDELT_COLUMNS)
    assert row["SQLDATE"] == "20240102"
    assert row["FractionDate"] == "2024.0055"
    assert row["DATEADDED"] == "20240304"
    assert row["Actor1Name"] == "Iranian military"
    assert row["SOURCEURL"] == "http://x/a b"


def test_gdelt_no_dates_no_location() -> None:
    result = make_result("g2", n_events=1, date=None, event_dates=[None])
    result.events[0].location = None
    result.events[0].target = None
    row = dict(zip(GDELT_COLUMNS, _gdelt_lines([result])[0], strict=True))
    assert row["SQLDATE"] == row["Year"] == row["FractionDate"] == row["DATEADDED"] == ""
    assert row["Actor2Code"] == row["ActionGeo_Type"] == row["ActionGeo_Lat"] == ""
    assert row["EventCode"] == "040"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt"])
def test_open_writer_to_file(tmp_path: Path, fmt: str, results: list[CodedArticle]) -> None:
    path = tmp_path / f"out.{fmt}"
    with open_writer(fmt, str(path)) as writer:
        writer.write(results)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == {"jsonl": 3, "csv": 7, "gdelt": 6}[fmt]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt"])
def test_file_output_is_atomic(tmp_path: Path, fmt: str, results: list[CodedArticle]) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_text("the previous run\n", encoding="utf-8")
    writer = open_writer(fmt, str(path))
    writer.write(results)
    # while the run goes on, the old file is intact and the new one is a temporary file
    assert path.read_text(encoding="utf-8") == "the previous run\n"
    assert (tmp_path / f"out.{fmt}.tmp").exists()
    writer.abort()  # a failed run: the old file stays, the partial one goes
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{fmt}"]
    assert path.read_text(encoding="utf-8") == "the previous run\n"
    with pytest.raises(RuntimeError), open_writer(fmt, str(path)) as writer:
        writer.write(results)
        raise RuntimeError("coding failed")
    assert path.read_text(encoding="utf-8") == "the previous run\n"
    with open_writer(fmt, str(path)) as writer:
        writer.write(results)
    assert path.read_text(encoding="utf-8") != "the previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{fmt}"]


def test_devices_and_links_are_written_in_place(tmp_path: Path,
                                                results: list[CodedArticle]) -> None:
    with open_writer("jsonl", os.devnull) as writer:
        writer.write(results)
    assert not os.path.exists(os.devnull + ".tmp")
    real = tmp_path / "real.jsonl"
    real.write_text("", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with open_writer("jsonl", str(link)) as writer:
        writer.write(results)
    assert link.is_symlink() and len(real.read_text(encoding="utf-8").splitlines()) == 3


def test_open_writer_stdout(
    capsys: pytest.CaptureFixture[str], results: list[CodedArticle]
) -> None:
    with open_writer("jsonl", None) as writer:
        writer.write(results[:1])
    out = capsys.readouterr().out
    assert CodedArticle.from_dict(json.loads(out)) == results[0]


def test_open_writer_parquet(tmp_path: Path, results: list[CodedArticle]) -> None:
    with pytest.raises(ValueError, match="parquet.*path"):
        open_writer("parquet", None)
    path = tmp_path / "out.parquet"
    with open_writer("parquet", str(path)) as writer:
        writer.write(results)
    assert pq.read_table(path).num_rows == 6


def test_open_writer_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        open_writer("xml", None)
