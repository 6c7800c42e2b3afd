"""Tests of the store exports (whodid.exports): layouts, and round trips through pandas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from factories import make_result
from whodid.cli import main
from whodid.exports import (
    EXPORT_FORMATS,
    GDELT2_COLUMNS,
    PHOENIX_COLUMNS,
    export,
    split_actor_code,
)
from whodid.store import Store
from whodid.writers import global_event_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "x.duckdb") as opened:
        opened.write([
            make_result("r1", n_events=4, source="Tasnim"),
            make_result("r2", n_events=4, source="Reuters", text_suffix=" r2"),
            make_result("r3", n_events=2, date="2024-04-02", text_suffix=" r3",
                        url="http://x/a\tb"),
            make_result("r4", n_events=1, date=None, event_dates=[None], text_suffix=" r4"),
        ])
        yield opened


def test_gdelt2_layout_and_round_trip(store: Store, tmp_path: Path) -> None:
    assert len(GDELT2_COLUMNS) == 61
    out = tmp_path / "events.tsv"
    assert export(store, "gdelt", str(out)) == 7  # 4 shared events + 2 + 1 undated
    frame = pd.read_csv(out, sep="\t", header=None, names=list(GDELT2_COLUMNS),
                        dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})
    assert len(frame) == 7
    assert frame["GLOBALEVENTID"].dtype == "int64"
    assert frame["GoldsteinScale"].dtype == "float64"
    assert frame["ActionGeo_Lat"].dtype == "float64"
    first = frame[frame["EventCode"] == "040"].iloc[0]
    assert first["SQLDATE"] == 20240304 and first["MonthYear"] == 202403
    assert first["Year"] == 2024 and first["FractionDate"] == pytest.approx(2024.1753)
    assert first["Actor1Code"] == "IRNMIL" and first["Actor1CountryCode"] == "IRN"
    assert first["Actor1Type1Code"] == "MIL" and pd.isna(first["Actor1KnownGroupCode"])
    assert (first["NumMentions"], first["NumArticles"], first["NumSources"]) == (2, 2, 2)
    assert first["IsRootEvent"] == 1 and first["QuadClass"] == 1
    assert first["ActionGeo_Type"] == 4 and first["ActionGeo_FullName"] == "Baghdad"
    assert first["ActionGeo_CountryCode"] == "IRQ" and first["ActionGeo_FeatureID"] == 98182
    assert first["ActionGeo_ADM1Code"] == "IQ07"  # read back from the store's location_admin1
    assert pd.isna(first["Actor1Geo_Type"]) and pd.isna(first["AvgTone"])
    assert len(str(first["DATEADDED"])) == 14
    r1 = make_result("r1", n_events=4, source="Tasnim")
    assert first["GLOBALEVENTID"] == global_event_id(r1.content_hash, 0)
    iraq = frame[frame["EventCode"] == "042"].iloc[0]
    assert iraq["ActionGeo_Type"] == 1  # a country
    assert frame["SOURCEURL"].str.contains("\t").sum() == 0
    undated = frame[frame["SQLDATE"].isna()]
    assert len(undated) == 1


def test_phoenix_layout_and_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.phoenix.tsv"
    assert export(store, "phoenix", str(out)) == 7
    frame = pd.read_csv(out, sep="\t", header=None, names=list(PHOENIX_COLUMNS),
                        dtype={"EventCode": str, "EventRootCode": str})
    assert len(frame) == 7 and len(frame.columns) == 26
    row = frame[frame["EventCode"] == "111"].iloc[0]
    assert row["Date"] == 20240304 and (row["Year"], row["Month"], row["Day"]) == (2024, 3, 4)
    assert row["SourceActorFull"] == "FRAGOV"
    assert (row["SourceActorEntity"], row["SourceActorRole"]) == ("FRA", "GOV")
    assert pd.isna(row["SourceActorAttribute"])
    assert row["GoldsteinScore"] == -2.0 and row["QuadClass"] == 3
    assert row["LocationName"] == "Tehran" and row["CountryCode"] == "IRN"
    assert row["Lat"] == pytest.approx(35.6944)
    assert row["SentenceID"] == "r1_1"
    assert row["URLs"] == "https://example.org/news/r1;https://example.org/news/r2"
    assert row["NewsSources"] == "Reuters;Tasnim"
    assert frame["GoldsteinScore"].dtype == "float64"


def test_split_actor_code() -> None:
    assert split_actor_code("IRNMILREB") == ("IRN", "MIL", "REB")
    assert split_actor_code("IRQ") == ("IRQ", None, None)
    assert split_actor_code(None) == (None, None, None)


def test_plover_json_lines(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(store, "plover", str(out)) == 7
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    frame = pd.read_json(out, lines=True)
    assert len(frame) == 7 and frame["num_mentions"].dtype == "int64"
    consult = next(r for r in records if r["event_id"] == "r1:0")
    assert consult["event_type"] == "CONSULT" and consult["event_date"] == "2024-03-04"
    assert consult["actor"]["code"] == "IRNMIL" and consult["recipient"]["country"] == "IRQ"
    assert consult["location"]["geonames_id"] == 98182
    assert consult["cameo"] == {"code": "040", "root": "04", "quad_class": 1,
                                "goldstein": 1.0, "name": "CAMEO 040"}
    assert (consult["num_mentions"], consult["num_articles"], consult["num_sources"]) == (2, 2, 2)
    assert [m["article_id"] for m in consult["mentions"]] == ["r1", "r2"]
    assert consult["mentions"][1]["publisher"] == "Reuters"
    visit = next(r for r in records if r["event_id"] == "r1:3")
    assert visit["mode"] == "visit" and visit["date_granularity"] == "month"
    assert visit["context"] == []


def test_csv_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", str(out)) == 11
    frame = pd.read_csv(out, dtype={"cameo": str, "root": str}, parse_dates=["event_date"])
    assert len(frame) == 11
    assert frame["quad_class"].dtype == "int64" and frame["goldstein"].dtype == "float64"
    assert str(frame["event_date"].dtype).startswith("datetime64")
    assert frame.loc[frame["event_id"] == "r2:0", "dedup_id"].item() == "r1:0"
    assert frame.loc[frame["event_id"] == "r2:0", "num_articles"].item() == 2
    assert set(frame["cameo"]) == {"040", "111", "051", "042"}


def test_parquet_partitioned_by_month(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events-parquet"
    out.mkdir()
    (out / "stale.txt").write_text("replaced")
    assert export(store, "parquet", str(out)) == 11
    months = sorted(p.name for p in out.iterdir())
    assert months == ["month=2024-03", "month=2024-04", "month=unknown"]
    frame = pd.read_parquet(out)
    assert len(frame) == 11
    assert frame["goldstein"].dtype == "float64" and frame["quad_class"].dtype == "int32"
    assert str(frame["event_date"].dtype).startswith(("datetime64", "object"))
    per_month = frame.groupby(frame["month"].astype(str)).size().to_dict()
    assert per_month == {"2024-03": 8, "2024-04": 2, "unknown": 1}
    schema = ds.dataset(out, format="parquet", partitioning="hive").schema
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("location_geonames_id").type) == "int64"


def test_export_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "xml", str(tmp_path / "x"))
    with pytest.raises(ValueError, match="needs an output path"):
        export(store, "parquet", "-")
    afile = tmp_path / "file"
    afile.write_text("")
    with pytest.raises(ValueError, match="not a directory"):
        export(store, "parquet", str(afile))


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_command(store: Store, tmp_path: Path, fmt: str) -> None:
    db = store.path
    store.close()
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "wrote" in result.output


def test_export_to_stdout(store: Store) -> None:
    db = store.path
    store.close()
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "gdelt", "--out", "-"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 7 and all(len(line.split("\t")) == 61 for line in lines)
