"""Tests for scripts/eval_times.py: TimeML reading and the TIMEX3 scorer, on hand-made
TimeML strings."""

from __future__ import annotations

from types import ModuleType

import pytest

from conftest import load_script


@pytest.fixture(scope="module")
def ev() -> ModuleType:
    return load_script("eval_times")


TIMEML = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>X1</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2005-03-01" '
    'functionInDocument="CREATION_TIME">20050301</TIMEX3></DCT>\n<TEXT>\n'
    'Ministers <EVENT eid="e1" class="OCCURRENCE">met</EVENT> '
    '<TIMEX3 tid="t1" type="DATE" value="2005-02-28">on Monday</TIMEX3> for '
    '<TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3> and meet '
    '<TIMEX3 tid="t3" type="SET" value="P1W">weekly</TIMEX3>.\n</TEXT>\n</TimeML>\n'
)


def test_parse_timeml_offsets_and_creation_time(ev: ModuleType) -> None:
    doc = ev.parse_timeml(TIMEML, "X1")
    assert doc.creation_time == "2005-03-01"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("on Monday", "DATE", "2005-02-28"), ("three hours", "DURATION", "PT3H"),
        ("weekly", "SET", "P1W")]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert "<EVENT" not in doc.text and doc.text.count("met") == 1


def test_strict_relaxed_value_and_type(ev: ModuleType) -> None:
    gold = ev.parse_timeml(TIMEML, "X1").timexes
    on_monday, three_hours, _weekly = gold
    predicted = [
        # "Monday" inside "on Monday": relaxed only, right value
        ev.Timex(on_monday.start + 3, on_monday.end, "DATE", "2005-02-28"),
        # exact span, wrong value and type
        ev.Timex(three_hours.start, three_hours.end, "DATE", "P3H"),
        # spurious
        ev.Timex(0, 9, "DATE", "PRESENT_REF"),
    ]
    s = ev.score(gold, predicted)
    assert (s.gold, s.predicted, s.strict, s.relaxed) == (3, 3, 1, 2)
    assert s.value_right == 1 and s.type_right == 1
    assert s.relaxed_prf == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert s.strict_prf[2] == pytest.approx(1 / 3)
    assert s.value_accuracy == pytest.approx(0.5)
    assert s.value_f1 == pytest.approx(1 / 3)


def test_one_prediction_matches_one_gold(ev: ModuleType) -> None:
    gold = [ev.Timex(0, 5, "DATE", "a"), ev.Timex(6, 10, "DATE", "b")]
    s = ev.score(gold, [ev.Timex(0, 10, "DATE", "a")])
    assert (s.relaxed, s.value_right) == (1, 1)


def test_report_by_type_and_date_time(ev: ModuleType) -> None:
    gold = ev.parse_timeml(TIMEML, "X1").timexes
    report = ev.Report()
    report.add(gold, [ev.Timex(t.start, t.end, t.type, t.value) for t in gold[:2]])
    assert report.scores["DATE+TIME"].relaxed_prf == (1.0, 1.0, 1.0)
    assert report.scores["SET"].gold == 1 and report.scores["SET"].relaxed == 0
    assert report.scores["all"].relaxed_prf[1] == pytest.approx(2 / 3)


def test_dated_after(ev: ModuleType) -> None:
    assert ev.dated_after("2005-03-02", "2005-03-01T10:00")
    assert not ev.dated_after("2005-03", "2005-03-01")
    assert not ev.dated_after("2005-W09", "2005-03-01")  # the week of Monday 28 February
    assert ev.dated_after("2005-W10", "2005-03-01")
    assert not ev.dated_after("PRESENT_REF", "2005-03-01")
    assert not ev.dated_after("P3Y", "2005-03-01")


@pytest.mark.parametrize("value, first", [
    ("2005-03-02T20:10", "2005-03-02"), ("2005-02-28TNI", "2005-02-28"),
    ("2005", "2005-01-01"), ("2005-04", "2005-04-01"), ("2005-W09", "2005-02-28"),
    ("2005-W09-WE", "2005-02-28"), ("2005-Q2", "2005-04-01"), ("2004-H2", "2004-07-01"),
    ("2005-SU", "2005-06-01"), ("2005-WI", "2005-01-01"), ("199", "1990-01-01"),
    ("PRESENT_REF", None), ("P3Y", None), ("XXXX-WXX-1", None), ("1989-QX", "1989-01-01"),
])
def test_first_day_of_a_value(ev: ModuleType, value: str, first: str | None) -> None:
    assert ev.first_day(value) == first


def test_a_quarter_or_season_begun_is_not_after(ev: ModuleType) -> None:
    # compared as strings, "2005-Q1" and "2005-SU" would both be later than 1 March 2005
    assert not ev.dated_after("2005-Q1", "2005-03-01")
    assert ev.dated_after("2005-SU", "2005-03-01")
    assert not ev.dated_after("200", "2005-03-01") and ev.dated_after("201", "2005-03-01")


@pytest.mark.parametrize("half", ["check", "all"])
def test_errors_only_on_the_tune_half(ev: ModuleType, half: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        ev.main(["--half", half, "--errors", "5"])
    assert "tune half only" in capsys.readouterr().err


@pytest.mark.parametrize("half", ["check", "all"])
def test_context_only_on_the_tune_half(ev: ModuleType, half: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        ev.main(["--half", half, "--context"])
    assert "tune half only" in capsys.readouterr().err


def test_wrong_values_listed_with_their_text(ev: ModuleType) -> None:
    doc = ev.parse_timeml(TIMEML, "X1")
    on_monday = doc.timexes[0]
    contexts: list[str] = []
    right = ev.Timex(on_monday.start, on_monday.end, "DATE", on_monday.value, "on Monday")
    ev.score(doc.timexes[:1], [right], contexts=contexts, doc=doc)
    assert contexts == []
    wrong = ev.Timex(on_monday.start, on_monday.end, "DATE", "2005-03-07", "on Monday")
    ev.score(doc.timexes[:1], [wrong], contexts=contexts, doc=doc)
    assert len(contexts) == 1
    assert contexts[0].startswith("X1 (created 2005-03-01): 'on Monday'=2005-03-07 "
                                  "want 'on Monday'=2005-02-28")
    assert "Ministers met on Monday for three hours" in contexts[0]
