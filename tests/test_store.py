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
from whodid.model import CodedArticle, QuoteSpeaker, Span, TimeExpression
from whodid.store import SCHEMA_VERSION, TABLES, Store, parse_date


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
    assert version == (str(SCHEMA_VERSION),)


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


# --------------------------------------------------------------------------- schema versions


#: columns added by schema version 3 (place kinds and division codes)
_V3_COLUMNS = frozenset({"location_feature", "location_admin1", "location_admin2", "admin1",
                         "admin2", "approximate"})
#: columns added by schema version 4 (the times' TimeML type, role and span)
_V4_COLUMNS = frozenset({"type", "role", "span"})
#: columns added by schema version 5 (the quote speaker's name and a split quote's pieces)
_V5_COLUMNS = frozenset({"speaker_name", "speaker_name_start", "speaker_name_end",
                         "content_parts"})
_SINCE_V2 = _V3_COLUMNS | _V4_COLUMNS | _V5_COLUMNS


def _drop_columns(path: Path, columns: frozenset[str], version: int) -> None:
    """Turn the current store at ``path`` into one of schema ``version`` by dropping
    ``columns`` (with the indexes and views that stand in the way)."""
    con = duckdb.connect(str(path))
    for name, _table, _column in store_module._INDEXES:
        con.execute(f"DROP INDEX {name}")
    for view in store_module._VIEWS:
        con.execute(f"DROP VIEW {view}")
    for table, table_columns in store_module._COLUMNS.items():
        for name, _ in table_columns:
            if name in columns:
                con.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
    for name, table, column in store_module._INDEXES:
        con.execute(f"CREATE INDEX {name} ON {table} ({column})")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    con.close()


def _v1_ddl(table: str) -> str:
    """The version-1 layout of a table (frozen here: no plover_context, no dedup columns)."""
    columns = [
        f"{name} {types[0]}"
        for name, types in store_module._COLUMNS[table]
        if name != "plover_context" and name not in _SINCE_V2
    ]
    constraints = {
        "articles": ["PRIMARY KEY (id)", "UNIQUE (content_hash)"],
        "events": ["PRIMARY KEY (event_id)"],
    }.get(table, [])
    return f"CREATE TABLE {table} ({', '.join(columns + constraints)})"


def _make_v1(path: Path, results: list[CodedArticle]) -> None:
    """A version-1 database holding ``results``, as whodid 0.1 wrote it."""
    source = path.with_suffix(".v2.duckdb")
    with Store(source) as v2:
        v2.write(results)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    for table in TABLES:
        con.execute(_v1_ddl(table))
        names = [n for n, _ in store_module._COLUMNS[table]
                 if n != "plover_context" and n not in _SINCE_V2]
        con.execute(f"INSERT INTO {table} SELECT {', '.join(names)} FROM src.{table}")
    con.execute("DETACH src")
    con.close()


def test_upgrade_from_version_1(tmp_path: Path) -> None:
    results = _dedup_batch()
    old = tmp_path / "old.duckdb"
    _make_v1(old, results)
    with pytest.raises(store_module.OldSchemaError, match="Open it writable"):
        Store(old, read_only=True)
    with Store(old) as upgraded:
        assert upgraded.upgraded == (1, SCHEMA_VERSION)
        assert upgraded.schema_version() == SCHEMA_VERSION
        assert upgraded.counts() == _expected_counts(results)
        migrated = _dedup_summary(upgraded)
    fresh_path = tmp_path / "fresh.duckdb"
    with Store(fresh_path) as fresh:
        fresh.write(results)
        assert _dedup_summary(fresh) == migrated  # the migration deduplicates like ingest
    with Store(old) as again:  # already current: nothing to do
        assert again.upgraded is None
        again.write([make_result("z9", text_suffix=" z9")])  # keys work after the upgrade
        with pytest.raises(duckdb.ConstraintException):
            again.con.execute("INSERT INTO places (article_id, idx) VALUES ('z9', 0)")


def test_upgrade_from_version_2_adds_the_place_columns(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    with Store(path) as current:
        current.write([make_result("a1")])
    _drop_columns(path, _SINCE_V2, 2)  # as whodid wrote version 2: no place kinds or codes
    with pytest.raises(store_module.OldSchemaError):
        Store(path, read_only=True)
    with Store(path) as upgraded:
        assert upgraded.upgraded == (2, SCHEMA_VERSION)
        assert len(upgraded.events(dedup=True)) == 2
        assert upgraded.con.execute("SELECT count(*) FROM places WHERE admin1 IS NULL"
                                    ).fetchone()[0] == upgraded.counts()["places"]
        upgraded.write([make_result("b2", text_suffix=" b2")])  # new rows carry the codes


def _timed_result(article_id: str) -> CodedArticle:
    """A coded article whose times include a range (type, role and span all set)."""
    result = make_result(article_id, text_suffix=f" {article_id}: the budget for 2007-2013.")
    start = result.text.index("2007-2013")
    result.times.append(TimeExpression("2007-2013", start, start + 9, "P7Y", None, "DURATION",
                                       "range", ["2007", "2013"]))
    return result


def _times(store: Store, article_id: str) -> list[tuple]:
    return store.con.execute("SELECT text, value, type, role, span FROM times "
                             "WHERE article_id = ? ORDER BY idx", [article_id]).fetchall()


def test_times_keep_type_role_and_span(db_path: Path) -> None:
    with Store(db_path) as store:
        store.write([_timed_result("t1")])
        assert _times(store, "t1") == [
            ("Monday", "2024-03-04", "DATE", "point", None),
            ("March", "2024-03", "DATE", "point", None),
            ("2007-2013", "P7Y", "DURATION", "range", ["2007", "2013"]),
        ]


def test_upgrade_from_version_3_adds_the_time_columns(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    with Store(path) as current:
        current.write([make_result("a1")])
    _drop_columns(path, _V4_COLUMNS | _V5_COLUMNS, 3)  # version 3: times untyped
    with pytest.raises(store_module.OldSchemaError, match="Open it writable"):
        Store(path, read_only=True)
    with Store(path) as upgraded:
        assert upgraded.upgraded == (3, SCHEMA_VERSION)
        assert len(upgraded.events(dedup=True)) == 2  # the views work again
        # what version 3 did not record stays unknown
        assert _times(upgraded, "a1") == [("Monday", "2024-03-04", None, None, None),
                                          ("March", "2024-03", None, None, None)]
        upgraded.write([_timed_result("b2")])
        assert _times(upgraded, "b2")[-1] == ("2007-2013", "P7Y", "DURATION", "range",
                                              ["2007", "2013"])
    with Store(path, read_only=True) as reread:
        assert reread.schema_version() == SCHEMA_VERSION


def test_every_older_version_has_an_upgrade_step() -> None:
    steps = dict(store_module._MIGRATIONS)
    assert sorted(steps) == list(range(1, SCHEMA_VERSION))
    assert all(callable(getattr(Store, name)) for name in steps.values())


def _pronoun_quote(result: CodedArticle) -> CodedArticle:
    """``result`` with its quote said by a pronoun that names the foreign ministry and made
    of two pieces."""
    quote = result.quotes[0]
    speaker = quote.speaker
    assert speaker is not None
    he = result.text.index("talks")  # any word will do as the pronoun's span
    quote.speaker = QuoteSpeaker("talks", he, he + 5, speaker.code, "Foreign Ministry",
                                 speaker.start, speaker.end)
    content = quote.content
    quote.parts = [Span(content.text[:8], content.start, content.start + 8),
                   Span(content.text[9:], content.start + 9, content.end)]
    return result


def test_quote_speaker_name_and_parts_are_stored(tmp_path: Path) -> None:
    from whodid.server import stored_article

    result = _pronoun_quote(make_result("a1"))
    with Store(tmp_path / "q.duckdb") as store:
        store.write([result])
        row = store.con.execute("SELECT speaker_text, speaker_name, speaker_name_start, "
                                "speaker_name_end FROM quotes").fetchone()
        speaker = result.quotes[0].speaker
        assert row == ("talks", "Foreign Ministry", speaker.name_start, speaker.name_end)
        shown = stored_article(store, "a1")["quotes"][0]
    assert shown["speaker"]["name"] == "Foreign Ministry"
    assert shown["speaker"]["name_start"] == speaker.name_start
    assert [p["text"] for p in shown["parts"]] == [p.text for p in result.quotes[0].parts]


def test_upgrade_from_version_4_adds_the_quote_speaker_columns(tmp_path: Path) -> None:
    from whodid.server import stored_article

    path = tmp_path / "v4.duckdb"
    with Store(path) as current:
        current.write([make_result("a1")])
    _drop_columns(path, _V5_COLUMNS, 4)  # as whodid wrote version 4: no speaker names
    with pytest.raises(store_module.OldSchemaError):
        Store(path, read_only=True)
    with Store(path) as upgraded:
        assert upgraded.upgraded == (4, SCHEMA_VERSION)
        old = stored_article(upgraded, "a1")["quotes"][0]
        assert old["speaker"]["code"] == "IRQGOV" and old["speaker"]["name"] is None
        assert old["parts"] == []
        upgraded.write([_pronoun_quote(make_result("b2", text_suffix=" b2"))])
        assert upgraded.con.execute("SELECT speaker_name FROM quotes ORDER BY article_id"
                                    ).fetchall() == [(None,), ("Foreign Ministry",)]


def test_open_for_reading_upgrades(tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    _make_v1(old, [make_result("a1")])
    with store_module.open_for_reading(old) as opened:
        assert opened.read_only and opened.schema_version() == SCHEMA_VERSION
        assert len(opened.events(dedup=True)) == 2


def test_newer_schema_says_what_to_do(db_path: Path) -> None:
    with Store(db_path) as opened:
        opened.con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    for read_only in (False, True):
        with pytest.raises(store_module.SchemaError, match="newer whodid.*Upgrade whodid"):
            Store(db_path, read_only=read_only)


def test_not_a_store(db_path: Path) -> None:
    duckdb.connect(str(db_path)).close()
    with pytest.raises(store_module.SchemaError, match="not a whodid store"):
        Store(db_path, read_only=True)


def test_keys_and_indexes(store: Store) -> None:
    indexes = {row[0] for row in store.con.execute("SELECT index_name FROM duckdb_indexes()")
               .fetchall()}
    assert {"events_article_idx", "events_dedup_idx"} <= indexes
    store.write([make_result("a1")])
    with pytest.raises(duckdb.ConstraintException):
        store.con.execute("INSERT INTO actors (article_id, idx) VALUES ('a1', 0)")
    assert store.con.execute("SELECT DISTINCT coder_version FROM events").fetchall() == [
        ("0.1.0",)
    ]


# --------------------------------------------------------------------------- deduplication


def _dedup_batch() -> list[CodedArticle]:
    """Three reports of the same four events (two publishers), and one a day later."""
    return [
        make_result("r1", n_events=4, source="Tasnim"),
        make_result("r2", n_events=4, source="Reuters", text_suffix=" r2"),
        make_result("r3", n_events=2, source="Reuters", text_suffix=" r3"),
        make_result("r4", n_events=2, date="2024-03-05", text_suffix=" r4"),
    ]


def _dedup_summary(store: Store) -> list[tuple]:
    return store.con.execute(
        "SELECT dedup_id, num_mentions, num_articles, num_sources, event_ids FROM dedup_events"
        " ORDER BY dedup_id"
    ).fetchall()


def test_dedup_counts_mentions_articles_sources(store: Store) -> None:
    store.write(_dedup_batch())
    assert _dedup_summary(store) == [
        ("r1:0", 3, 3, 2, ["r1:0", "r2:0", "r3:0"]),
        ("r1:1", 3, 3, 2, ["r1:1", "r2:1", "r3:1"]),
        ("r1:2", 2, 2, 2, ["r1:2", "r2:2"]),
        ("r1:3", 2, 2, 2, ["r1:3", "r2:3"]),
        ("r4:0", 1, 1, 1, ["r4:0"]),  # another day
        ("r4:1", 1, 1, 1, ["r4:1"]),
    ]
    mentions = store.con.execute(
        "SELECT event_id, article_id, sentence, publisher FROM event_mentions"
        " WHERE dedup_id = 'r1:0' ORDER BY event_id"
    ).fetchall()
    assert mentions == [("r1:0", "r1", 0, "Tasnim"), ("r2:0", "r2", 0, "Reuters"),
                        ("r3:0", "r3", 0, "Reuters")]
    rows = store.events(dedup=True, root="11")
    assert [(r["dedup_id"], r["num_articles"]) for r in rows] == [("r4:1", 1), ("r1:1", 3)]


def test_dedup_is_idempotent_and_order_independent(tmp_path: Path) -> None:
    batch = _dedup_batch()
    with Store(tmp_path / "one.duckdb") as one:
        one.write(batch)
        expected = _dedup_summary(one)
        one.write(batch)
        one.write(batch[1:2])
        assert _dedup_summary(one) == expected
    with Store(tmp_path / "two.duckdb") as two:
        for result in reversed(batch):
            two.write([result])
        assert _dedup_summary(two) == expected


def test_dedup_follows_replacement(store: Store) -> None:
    store.write(_dedup_batch())
    # r1 re-coded with fewer events: its mentions leave their groups; r2 takes over.
    store.write([make_result("r1", n_events=1, text_suffix=" v2", coder_version="0.2.0")])
    summary = {row[0]: row[1:] for row in _dedup_summary(store)}
    assert summary["r1:0"] == (3, 3, 2, ["r1:0", "r2:0", "r3:0"])
    assert summary["r2:1"] == (2, 2, 1, ["r2:1", "r3:1"])
    assert summary["r2:2"] == (1, 1, 1, ["r2:2"])
    store.rebuild_dedup()
    assert {row[0]: row[1:] for row in _dedup_summary(store)} == summary


def _located(id_: str, lat: float | None, lon: float | None, name: str | None,
             country: str | None = "IRQ") -> CodedArticle:
    result = make_result(id_, n_events=1, text_suffix=f" {id_}")
    location = result.events[0].location
    assert location is not None
    location.lat, location.lon, location.name, location.country = lat, lon, name, country
    return result


def test_dedup_location_tolerance(store: Store) -> None:
    store.write([
        _located("b1", 33.34, 44.40, "Baghdad"),
        _located("b2", 33.60, 44.40, "Taji"),  # ~29 km north: same event
        _located("b3", 36.34, 43.13, "Mosul"),  # ~350 km: another event
        _located("b4", None, None, "Mosul"),  # no coordinates: same place name
        _located("b5", None, None, "Basra"),
    ])
    groups = sorted(r[4] for r in _dedup_summary(store))
    assert groups == [["b1:0", "b2:0"], ["b3:0", "b4:0"], ["b5:0"]]
    store.rebuild_dedup(radius_km=10)
    assert store.dedup_radius_km == 10
    groups = sorted(r[4] for r in _dedup_summary(store))
    assert groups == [["b1:0"], ["b2:0"], ["b3:0", "b4:0"], ["b5:0"]]


def test_dedup_chains_and_no_date_never_merges(store: Store) -> None:
    store.write([
        _located("c1", 33.0, 44.0, "A"),
        _located("c2", 33.0, 44.4, "B"),  # 37 km from c1
        _located("c3", 33.0, 44.8, "C"),  # 37 km from c2, 75 km from c1: linked through c2
    ])
    assert [r[4] for r in _dedup_summary(store)] == [["c1:0", "c2:0", "c3:0"]]
    undated = [make_result(f"u{i}", n_events=1, date=None, event_dates=[None],
                           text_suffix=f" u{i}") for i in range(2)]
    store.write(undated)
    assert store.con.execute(
        "SELECT count(*) FROM dedup_events WHERE dedup_id LIKE 'u%'").fetchone() == (2,)


# --------------------------------------------------------------------------- queries


def test_event_query_filters(store: Store) -> None:
    store.write(_batch())
    assert _ids(store.events(cameo="11")) == ["a2:1", "a1:1"]
    assert _ids(store.events(cameo="111")) == ["a2:1", "a1:1"]
    assert _ids(store.events(quad_class=3)) == ["a2:1", "a1:1"]
    assert len(store.events(quad_class=[1, 3])) == 7
    assert set(_ids(store.events(actor="IRNMIL"))) == {"a1:0", "a1:1", "a2:0", "a2:1", "a3:0"}
    assert set(_ids(store.events(source_actor="IRN"))) == {"a1:0", "a2:0", "a3:0"}
    # source_code/target_code take a whole code: IRN is a prefix of IRNMIL, not its code
    assert {e["source_code"] for e in store.events(source_actor="IRN")} == {"IRNMIL"}
    assert store.events(source_code="IRN") == []
    assert set(_ids(store.events(source_code="IRNMIL"))) == {"a1:0", "a2:0", "a3:0"}
    assert _ids(store.events(target_code="IRNMIL")) == ["a2:1", "a1:1"]
    assert _ids(store.events(source_code="FRAGOV", target_code="IRNMIL")) == ["a2:1", "a1:1"]
    assert store.events(source_code="FRAGOV", target_code="IRN") == []
    assert _ids(store.events(actor="french")) == ["a2:1", "a1:1"]
    assert _ids(store.events(target_actor="army")) == ["a2:1", "a1:1"]
    assert _ids(store.events(sector="MIL", root="04")) == ["a2:0", "a1:0", "a3:0"]
    assert _ids(store.events(source_country="DEU")) == ["a2:3"]
    assert _ids(store.events(target_country="IRQ", root="05")) == []
    tehran = store.events(bbox=(51, 35, 52, 36))
    assert {e["location_name"] for e in tehran} == {"Tehran"} and len(tehran) == 3
    near = store.events(near=(33.3, 44.4), radius_km=10)
    assert {e["location_name"] for e in near} == {"Baghdad"}
    assert len(store.events(near=(33.3, 44.4), radius_km=150)) == 4  # + Iraq (33, 44)
    assert store.events(bbox=(170, -10, -170, 10)) == []  # across the antimeridian
    incident = store.events(text="INCIDENT")
    assert _ids(incident) == ["a2:1", "a1:1"]
    assert incident[0]["sentence_text"] == (
        "The French government criticized Iran's army over the incident in Tehran."
    )
    assert _ids(store.events(text="hold talks", root="11")) == ["a2:1", "a1:1"]  # title
    # literal substrings: LIKE's wildcards are characters like any other
    assert store.events(text="_") == [] and store.events(text="%") == []
    assert store.events(text="in%ident") == [] and store.events(text="Fr_nch") == []
    assert store.events(actor="fr_nch") == [] and store.events(actor="%") == []
    assert _ids(store.events(text="'s army")) == ["a2:1", "a1:1"]
    with pytest.raises(TypeError, match="unknown filter"):
        store.events(colour="red")
    with pytest.raises(ValueError, match="bbox"):
        store.events(bbox=(1, 2, 3))


def test_dyads_weekly_and_monthly(store: Store) -> None:
    store.write(_dedup_batch())
    weekly = store.dyads("week")
    irn_irq = [r for r in weekly if (r["source_country"], r["target_country"]) == ("IRN", "IRQ")]
    assert irn_irq == [{
        "period": "2024-03-04", "source_country": "IRN", "target_country": "IRQ", "events": 4,
        "q1": 4, "q2": 0, "q3": 0, "q4": 0, "goldstein_sum": 4.0, "goldstein_mean": 1.0,
    }]
    # the month-level German visit counts only in monthly series
    assert not [r for r in weekly if r["source_country"] == "DEU"]
    monthly = store.dyads("month", source_country="DEU")
    assert [(r["period"], r["events"]) for r in monthly] == [("2024-03-01", 2)]
    dedup = store.dyads("week", source_country="IRN", dedup=True)
    assert [r["events"] for r in dedup] == [2]  # r1-r3 are one event, r4 another
    assert store.dyads("day", since="2024-03-05", source_country="FRA")[0]["events"] == 1
    assert store.dyads("day", until="2024-03-03") == []
    table = store.dyads_table("week", source_country="IRN")
    assert table.column_names[:4] == ["period", "source_country", "target_country", "events"]
    assert table.column("period").type == pa.date32()
    assert table.to_pylist()[0]["period"] == dt.date(2024, 3, 4)
    with pytest.raises(ValueError, match="by must be"):
        store.dyads("year")


def test_stats(store: Store) -> None:
    store.write(_dedup_batch())
    stats = store.stats(top=2)
    assert stats["counts"]["articles"] == 4 and stats["counts"]["events"] == 12
    assert stats["dedup_events"] == 6 and stats["publishers"] == 2
    assert stats["event_dates"] == ["2024-03-01", "2024-03-05"]
    assert stats["dated_events"] == 12
    store.write([make_result("u1", n_events=1, date=None, event_dates=[None],
                             text_suffix=" u1")])
    assert store.stats()["dated_events"] == 12  # an undated event is not in the range
    assert [(d["source_country"], d["target_country"]) for d in stats["top_dyads"]] == [
        ("FRA", "IRN"), ("IRN", "IRQ")
    ]
    assert stats["roots"] == {"04": 6, "05": 2, "11": 4}
    assert stats["quad_classes"] == {"1": 8, "3": 4}


# --------------------------------------------------------------------------- crash safety

_INGEST = """
import sys
sys.path.insert(0, {tests!r})
from factories import make_result
from whodid.store import Store

with Store({db!r}) as store:
    for start in range(0, {n}, {batch}):
        store.write([make_result(f"k{{i}}", n_events=4, text_suffix=f" {{i}}",
                                 source=f"pub{{i % 7}}") for i in range(start, start + {batch})])
        print(start + {batch}, flush=True)
"""


def test_kill_during_ingest_then_rerun(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    db = tmp_path / "crash.duckdb"
    n, batch = 6000, 200
    script = tmp_path / "ingest.py"
    script.write_text(_INGEST.format(tests=str(Path(__file__).parent), db=str(db), n=n,
                                     batch=batch))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    done = 0
    for line in proc.stdout:  # kill it in the middle of the run, between or inside a batch
        done = int(line)
        if done >= n // 3:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < done < n
    with Store(db) as store:  # the WAL is replayed: whole batches only
        stored = store.counts()["articles"]
        assert stored % batch == 0 and stored >= done
    rerun = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with Store(db, read_only=True) as store:
        assert store.counts() == {
            "articles": n, "events": 4 * n, "quotes": n, "places": 5 * n, "times": 2 * n,
            "actors": 8 * n,
        }
        con = store.con
        assert con.execute("SELECT count(DISTINCT id), count(DISTINCT content_hash) FROM "
                           "articles").fetchone() == (n, n)
        for table in TABLES[1:]:
            orphans = con.execute(f"SELECT count(*) FROM {table} t ANTI JOIN articles a "
                                  "ON a.id = t.article_id").fetchone()
            assert orphans == (0,), table
        dangling = con.execute("SELECT count(*) FROM events e ANTI JOIN events r "
                               "ON r.event_id = e.dedup_id").fetchone()
        assert dangling == (0,)
        # every article reports the same four events, seven publishers in all
        assert con.execute("SELECT num_mentions, num_articles, num_sources FROM dedup_events"
                           ).fetchall() == [(n, n, 7)] * 4


# --------------------------------------------------------------------------- command line


def _cli(*args: str) -> str:
    from click.testing import CliRunner

    from whodid.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_events_dyads_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    with Store(db) as store:
        store.write(_dedup_batch())
    rows = [json.loads(line) for line in _cli(
        "events", "--db", db, "--dedup", "--format", "json", "--from", "2024-03-04",
        "--to", "2024-03-04").splitlines()]
    assert [(r["dedup_id"], r["num_articles"]) for r in rows] == [
        ("r1:0", 3), ("r1:1", 3), ("r1:2", 2)
    ]
    near = _cli("events", "--db", db, "--near", "35.7,51.4", "--radius-km", "20",
                "--actor", "FRA", "--format", "csv").splitlines()
    assert len(near) == 1 + 4 and "dedup_id" in near[0]
    assert "(2 events)" in _cli("events", "--db", db, "--bbox", "51,35,52,36", "--quad", "1")
    assert "(0 events)" in _cli("events", "--db", db, "--text", "nothing like this")
    weekly = _cli("dyads", "--db", db, "--by", "week", "--source", "IRN", "--target", "IRQ")
    assert "2024-03-04 IRN    IRQ          4" in weekly
    monthly = json.loads(_cli("dyads", "--db", db, "--by", "month", "--format", "json",
                              "--dedup").splitlines()[0])
    assert monthly["period"] == "2024-03-01"
    summary = _cli("stats", "--db", db)
    assert "6 deduplicated events from 2 publishers" in summary and "FRA -> IRN" in summary
    assert json.loads(_cli("stats", "--db", db, "--json"))["counts"]["events"] == 12


def test_cli_bad_options_and_old_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from whodid.cli import main

    old = tmp_path / "old.duckdb"
    _make_v1(old, [make_result("a1")])
    assert "(2 events)" in _cli("events", "--db", str(old))  # upgraded on the way
    with Store(old, read_only=True) as upgraded:
        assert upgraded.schema_version() == SCHEMA_VERSION
    bad = CliRunner().invoke(main, ["events", "--db", str(old), "--bbox", "1,2,3"])
    assert bad.exit_code == 2 and "4 comma-separated" in bad.output
    bad = CliRunner().invoke(main, ["dyads", "--db", str(old), "--from", "yesterday"])
    assert bad.exit_code == 1 and "since" in bad.output
    # filters that cannot be right are refused, naming the option and what it takes
    for option, value, allowed in (("--root", "abc", "01 to 20"), ("--root", "99", "01 to 20"),
                                   ("--cameo", "1x", "digits"),
                                   ("--bbox", "10,10,0,0", "south edge"),
                                   ("--bbox", "200,-100,300,100", "-180 to 180"),
                                   ("--near", "95,0", "-90 to 90"),
                                   ("--since", "garbage", "ISO date")):
        bad = CliRunner().invoke(main, ["events", "--db", str(old), option, value])
        assert bad.exit_code == 2, (option, value, bad.output)
        assert option in bad.output and allowed in bad.output, bad.output
    # a one-digit root is read as the CAMEO root it names ("4" is "04")
    assert _cli("events", "--db", str(old), "--root", "4") == _cli("events", "--db", str(old),
                                                                   "--root", "04")
    assert "(0 events)" not in _cli("events", "--db", str(old), "--root", "4")


def test_stored_names_what_a_resumed_run_may_skip(store: Store) -> None:
    old = make_result("k1", coder_version="0.0.9")
    new = make_result("k2", text_suffix=" two")
    store.write([old, new])
    keys = [(old.id, old.content_hash), (new.id, new.content_hash), ("k3", "nope"),
            (new.id, old.content_hash)]
    assert store.stored(keys) == {(old.id, old.content_hash), (new.id, new.content_hash)}
    # an article coded by another version is coded again
    assert store.stored(keys, "0.1.0") == {(new.id, new.content_hash)}
    assert store.stored([]) == set()
