"""Tests for scripts/corpus_report.py: events per category and per year of event date."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_script
from factories import make_result
from whodid.store import Store


@pytest.fixture(scope="module")
def report() -> ModuleType:
    return load_script("corpus_report")


def test_events_per_year_of_event_date(report: ModuleType, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "corpus.duckdb"
    with Store(path) as store:
        store.write([
            make_result("a1", n_events=2, event_dates=["1998-05-04", "2004-11"],
                        metadata={"category": "politics"}),
            # an undated article: its events have a date only where a clause names one
            make_result("a2", n_events=2, date=None, event_dates=[None, "2004"],
                        text_suffix=" a2", metadata={"category": "sport"}),
        ])
    report.main(str(path))
    out = capsys.readouterr().out
    years = out.split("events per year of event date")[1].splitlines()
    assert years[0] == " (3 dated of 4)"
    assert [line.split() for line in years[1:] if line.strip()] == [
        ["1998", "1"], ["2004", "2"], ["none", "1"]]
    assert "politics" in out and "sport" in out
