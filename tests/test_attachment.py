"""Tests for whodid.events.attachment: an event's date comes from what its clause says."""

from __future__ import annotations

import pytest

PUBLISHED = "2005-03-01"  # BBC-style sentences written for these tests; a Tuesday


def _dates(pipeline, text: str, date: str | None = PUBLISHED) -> list[tuple]:
    result = pipeline.code_text(text, date=date)
    assert result.events, text
    return [(e.date.value, e.date.precision) if e.date else None for e in result.events]


NEVER_A_DATE = [
    "Ministers agreed to cut the deficit by 2011.",  # deadline
    "The government pledged to cut taxes by the end of 2006.",  # deadline
    "EU leaders failed to strike a deal on the budget for 2007-2013.",  # period
    "The union threatened strikes between 2005 and 2007.",  # period
    "France and Germany have failed to agree since 1999.",  # start of a span
    "The BBC said the minister will attack the plan at 2010 GMT.",  # clock time
    "The minister condemned the attack at 10pm.",  # clock time
    "Police arrested the man, who had lived in London for three years.",  # duration
    "Labour has attacked the Tories for eight years.",  # duration
    "Police arrested a 45-year-old man.",  # age
]


@pytest.mark.parametrize("text", NEVER_A_DATE)
def test_deadlines_periods_spans_clock_times_never_date_an_event(pipeline, text: str) -> None:
    assert set(_dates(pipeline, text)) == {(PUBLISHED, "publication")}


@pytest.mark.parametrize("text", NEVER_A_DATE)
def test_undated_articles_get_no_date_from_them(pipeline, text: str) -> None:
    # the BBC corpus's articles carry no date: a clock time, a deadline, a period or a
    # duration must not give its events one (they dated 2004-2005 news to 1908-2013)
    assert set(_dates(pipeline, text, None)) == {None}


def test_a_temporal_adjunct_of_the_clause_dates_the_event(pipeline) -> None:
    assert set(_dates(pipeline, "Israeli troops attacked militants in Gaza on Monday.")) \
        == {("2005-02-28", "clause")}
    assert set(_dates(pipeline, "Tony Blair met George Bush last week.")) \
        == {("2005-02-21", "clause")}


def test_a_statement_is_dated_when_it_is_said(pipeline) -> None:
    # an intention expressed on Monday is Monday's; what is reported as done is not
    result = pipeline.code_text(
        "John Kerry said on Monday that he would be open to cooperating with Iran.",
        date=PUBLISHED)
    assert {(e.modality, e.date.value) for e in result.events} == {("intended", "2005-02-28")}


def test_a_date_on_a_noun_is_not_the_event_date(pipeline) -> None:
    dates = _dates(pipeline, "The government criticised the budget of 2003.")
    assert set(dates) == {(PUBLISHED, "publication")}


def test_asserted_events_are_never_dated_after_publication(pipeline) -> None:
    # "March 12" without a year in a story of 1 March reads as the coming one; what has
    # been done cannot have happened then
    dates = _dates(pipeline, "Russian troops attacked the village on March 12.")
    assert dates and all(value <= PUBLISHED for value, _ in dates)


def test_without_publication_date_only_calendar_dates(pipeline) -> None:
    assert set(_dates(pipeline, "Israeli troops attacked militants in Gaza on Monday.",
                      None)) == {None}
    assert set(_dates(pipeline, "Israeli troops attacked militants in Gaza on 3 May 2004.",
                      None)) == {("2004-05-03", "clause")}
