"""Tests of the DuckDB store (whodid.store)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

import whodid.store as store_module
from factories import make_result
from whodid.model import CodedArticle
from whodid.store import TABLES, Store, parse_date


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as opened:
        yield opened


def _expected_counts(results: list[CodedArticle]) -> dict[str, int]:
    return {
        "articles": len(results),
        "events": sum(len(r.events) for r in results),
        "quotes": sum(len(r.quotes) for r in results),
        "places": sum(len(r.places) for r in results),
        "times": sum(len(r.times) for r in results),
        "actors": sum(len(r.actors) for r in results),
    }


def _batch() -> list[CodedArticle]:
    return [
        make_result("a1", n_events=2, date="2024-03-04"),
        make_result("a2", n_events=4, date="2024-03-10", text_suffix=" More."),
        make_result("a3", n_events=1, date="2024-02-01", text_suffix=" Other."),
    ]


def test_schema_created(store: Store) -> None:
    assert store.counts() == dict.fromkeys(TABLES, 0)
    version = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == ("1",)


def test_write_then_counts(store: Store) -> None:
    batch = _batch()
    store.write(batch)
    assert store.counts() == _expected_counts(batch)
    assert store.counts()["events"] == 7


def test_stored_values(store: Store) -> None:
    result = make_result("a1", n_events=4)
    store.write([result])
    article = store.con.execute(
        "SELECT id, content_hash, date, dateline_place, metadata, coded_at FROM articles"
    ).fetchone()
    assert article is not None
    assert article[:4] == ("a1", result.content_hash, dt.date(2024, 3, 4), "Tehran")
    assert json.loads(article[4]) == {"lang": "en", "feed": "wire"}
    assert isinstance(article[5], dt.datetime)
    events = store.con.execute(
        "SELECT event_id, idx, event_date, event_date_granularity, source_code, source_start,"
        " target_country, location_geonames_id, location_precision, coder_version"
        " FROM events ORDER BY idx"
    ).fetchall()
    assert events[0] == (
        "a1:0",
        0,
        dt.date(2024, 3, 4),
        "day",
        "IRNMIL",
        result.events[0].source.start,  # type: ignore[union-attr]
        "IRQ",
        98182,
        "clause",
        "0.1.0",
    )
    assert events[3][2:4] == (dt.date(2024, 3, 1), "month")
    quote = store.con.execute(
        "SELECT speaker_code, content_text, content_start, direct FROM quotes"
    ).fetchone()
    assert quote == ("IRQGOV", "welcomes the talks", result.quotes[0].content.start, True)
    places = store.con.execute("SELECT text, start_char, end_char FROM places ORDER BY idx")
    assert [tuple(row) for row in places.fetchall()] == [
        (p.text, p.start, p.end) for p in result.places
    ]


def test_write_is_idempotent(store: Store) -> None:
    batch = _batch()
    store.write(batch)
    before = store.counts()
    store.write(batch)
    store.write(_batch())
    assert store.counts() == before


def test_same_id_changed_content_replaces(store: Store) -> None:
    store.write([make_result("a1", n_events=4)])
    changed = make_result("a1", n_events=1, text_suffix=" Updated.", coder_version="0.2.0")
    store.write([changed])
    assert store.counts() == _expected_counts([changed])
    rows = store.con.execute("SELECT content_hash, coder_version FROM articles").fetchall()
    assert rows == [(changed.content_hash, "0.2.0")]
    assert store.con.execute("SELECT DISTINCT coder_version FROM events").fetchall() == [("0.2.0",)]


def test_same_content_new_id_replaces(store: Store) -> None:
    original = make_result("a1", n_events=2)
    store.write([original])
    renamed = make_result("b1", n_events=2)
    assert renamed.content_hash == original.content_hash
    store.write([renamed])
    assert store.counts() == _expected_counts([renamed])
    assert store.con.execute("SELECT id FROM articles").fetchall() == [("b1",)]
    ids = store.con.execute("SELECT DISTINCT article_id FROM actors").fetchall()
    assert ids == [("b1",)]


def test_duplicates_within_batch_last_wins(store: Store) -> None:
    first = make_result("a1", n_events=1)
    second = make_result("a1", n_events=3, text_suffix=" v2")
    store.write([first, second])
    assert store.counts() == _expected_counts([second])
    assert store.con.execute("SELECT content_hash FROM articles").fetchall() == [
        (second.content_hash,)
    ]


def test_rollback_when_insert_fails_midway(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    original = make_result("a1", n_events=2)
    store.write([original])
    before = store.counts()

    real_insert = Store._insert
    calls: list[str] = []

    def failing_insert(self: Store, table: str, data: pa.Table) -> None:
        calls.append(table)
        if table == "events":
            raise RuntimeError("disk on fire")
        real_insert(self, table, data)

    monkeypatch.setattr(Store, "_insert", failing_insert)
    batch = [make_result("a1", n_events=4, text_suffix=" changed"), make_result("a2")]
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write(batch)
    assert calls == ["articles", "events"]  # the articles had been inserted already
    monkeypatch.undo()

    assert store.counts() == before
    rows = store.con.execute("SELECT id, content_hash FROM articles").fetchall()
    assert rows == [("a1", original.content_hash)]
    store.write(batch)  # the store is still usable
    assert store.counts() == _expected_counts(batch)


def test_rollback_when_second_article_fails(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write([make_result("a1")])
    before = store.counts()
    real_rows = store_module._rows

    def rows_failing_on_a2(result: CodedArticle, coded_at: dt.datetime) -> dict:
        if result.id == "a2":
            raise ValueError("bad article a2")
        return real_rows(result, coded_at)

    monkeypatch.setattr(store_module, "_rows", rows_failing_on_a2)
    with pytest.raises(ValueError, match="bad article a2"):
        store.write([make_result("a1", text_suffix=" new"), make_result("a2")])
    assert store.counts() == before


def test_rollback_on_real_database_error(store: Store) -> None:
    store.write([make_result("a1")])
    before = store.counts()
    bad = make_result("a2", text_suffix=" x")
    bad.events[0].quad_class = 2**40  # does not fit INTEGER
    with pytest.raises((pa.ArrowInvalid, duckdb.Error, OverflowError)):
        store.write([make_result("a3", text_suffix=" y"), bad])
    assert store.counts() == before


def _ids(events: list[dict]) -> list[str]:
    return [e["event_id"] for e in events]


def test_events_filters(store: Store) -> None:
    store.write(_batch())
    every = store.events()
    assert len(every) == 7
    # newest first: a2 (2024-03-10, its month-level event is 2024-03-01), a1, a3
    assert _ids(every) == ["a2:0", "a2:1", "a2:2", "a1:0", "a1:1", "a2:3", "a3:0"]
    first = every[0]
    assert first["article_title"] == "Iran and Iraq hold talks"
    assert first["article_date"] == "2024-03-10"
    assert first["event_date"] == "2024-03-10"
    assert first["source"] == "Tasnim"
    assert first["url"] == "https://example.org/news/a2"
    assert first["source_code"] == "IRNMIL"

    assert _ids(store.events(root="11")) == ["a2:1", "a1:1"]
    assert {e["root"] for e in store.events(root="04")} == {"04"}

    fra = store.events(country="FRA")  # source country
    assert _ids(fra) == ["a2:1", "a1:1"]
    irq = store.events(country="IRQ")  # source or target
    assert set(_ids(irq)) == {"a1:0", "a2:0", "a2:2", "a2:3", "a3:0"}
    assert store.events(country="USA") == []

    assert _ids(store.events(since="2024-03-04")) == ["a2:0", "a2:1", "a2:2", "a1:0", "a1:1"]
    assert _ids(store.events(until="2024-03-01")) == ["a2:3", "a3:0"]
    assert _ids(store.events(since="2024-03-02", until="2024-03-09")) == ["a1:0", "a1:1"]
    assert _ids(store.events(since=dt.date(2024, 3, 5), root="04")) == ["a2:0"]
    assert _ids(store.events(limit=2)) == ["a2:0", "a2:1"]
    with pytest.raises(ValueError, match="since"):
        store.events(since="last week")


def test_bad_dates_become_null(store: Store) -> None:
    result = make_result("a1", n_events=2, date="4 March 2024", event_dates=["2024-13-45", None])
    store.write([result])
    assert store.con.execute("SELECT date FROM articles").fetchone() == (None,)
    dates = store.con.execute("SELECT event_date FROM events ORDER BY idx").fetchall()
    assert dates == [(None,), (None,)]
    assert len(store.events()) == 2
    assert store.events(since="2000-01-01") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-04", dt.date(2024, 3, 4)),
        ("2024-03-04T10:00:00Z", dt.date(2024, 3, 4)),
        ("2024-03", dt.date(2024, 3, 1)),
        ("2024", dt.date(2024, 1, 1)),
        ("2024-02-30", None),
        ("2024-13", None),
        ("March 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_reopen_read_only(db_path: Path) -> None:
    batch = _batch()
    with Store(db_path) as writable:
        writable.write(batch)
        expected = writable.counts()
    with Store(db_path, read_only=True) as readonly:
        assert readonly.counts() == expected
        assert len(readonly.events(root="04")) == 4
        with pytest.raises(duckdb.Error):
            readonly.write([make_result("new", text_suffix=" new")])
        assert readonly.counts() == expected
    with Store(db_path) as reopened:  # the schema is not re-created over the data
        assert reopened.counts() == expected


def test_read_only_missing_file(tmp_path: Path) -> None:
    with pytest.raises(duckdb.Error):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_close_is_idempotent(db_path: Path) -> None:
    opened = Store(db_path)
    opened.close()
    opened.close()
    with pytest.raises(ValueError, match="closed"):
        opened.counts()


def test_many_articles(store: Store) -> None:
    batch = [make_result(f"n{i}", n_events=4, text_suffix=f" {i}") for i in range(2000)]
    for start in range(0, len(batch), 500):
        store.write(batch[start : start + 500])
    assert store.counts() == _expected_counts(batch)
    store.write(batch[:500])
    assert store.counts() == _expected_counts(batch)
