"""Tests for the normalize stage: datelines, dates and article tidying."""

from __future__ import annotations

import datetime as dt

import pytest

from whodid.model import Article, Dateline
from whodid.normalize import normalize_article, normalize_date, parse_dateline


@pytest.mark.parametrize(
    ("text", "dateline_text", "place", "source", "date_text"),
    [
        ("TEHRAN (Tasnim) - Chief of Staff", "TEHRAN (Tasnim) - ", "Tehran", "Tasnim", None),
        ("TEHRAN (Tasnim) – Chief of Staff", "TEHRAN (Tasnim) – ", "Tehran", "Tasnim", None),
        (
            "WASHINGTON, June 3 (Reuters) - The United States",
            "WASHINGTON, June 3 (Reuters) - ",
            "Washington",
            "Reuters",
            "June 3",
        ),
        ("NEW YORK (AP) — Police said", "NEW YORK (AP) — ", "New York", "AP", None),
        (
            "GENEVA, March 4 (Whodid Wire) - Talks resumed",
            "GENEVA, March 4 (Whodid Wire) - ",
            "Geneva",
            "Whodid Wire",
            "March 4",
        ),
        (
            "KABUL, Afghanistan (AP) — A bomb exploded",
            "KABUL, Afghanistan (AP) — ",
            "Kabul, Afghanistan",
            "AP",
            None,
        ),
        ("BEIRUT — Israeli jets struck", "BEIRUT — ", "Beirut", None, None),
        ("LONDON: The prime minister", "LONDON: ", "London", None, None),
        ("CAIRO --  A suicide bomber", "CAIRO --  ", "Cairo", None, None),
        ("VILLANOVA, Pa. -- Dan Savage", "VILLANOVA, Pa. -- ", "Villanova, Pa.", None, None),
        (
            "MOSUL (Tasnim News Agency) - x",
            "MOSUL (Tasnim News Agency) - ",
            "Mosul",
            "Tasnim News Agency",
            None,
        ),
        ("PARIS, Jan. 5 - France said", "PARIS, Jan. 5 - ", "Paris", None, "Jan. 5"),
        ("RIO DE JANEIRO (AFP) - Brazil", "RIO DE JANEIRO (AFP) - ", "Rio de Janeiro", "AFP", None),
        ("BERLIN (dpa) - Germany", "BERLIN (dpa) - ", "Berlin", "dpa", None),
        (
            "AL-QAIM, Iraq (Reuters) - Fighters",
            "AL-QAIM, Iraq (Reuters) - ",
            "Al-Qaim, Iraq",
            "Reuters",
            None,
        ),
        ("Tehran (Tasnim) - Iran said", "Tehran (Tasnim) - ", "Tehran", "Tasnim", None),
    ],
)
def test_parse_dateline_examples(
    text: str, dateline_text: str, place: str, source: str | None, date_text: str | None
) -> None:
    dateline = parse_dateline(text)
    assert dateline == Dateline(
        text=dateline_text,
        start=0,
        end=len(dateline_text),
        place=place,
        source=source,
        date_text=date_text,
    )
    assert text[dateline.start : dateline.end] == dateline.text


def test_parse_dateline_skips_leading_whitespace() -> None:
    text = "\n  TEHRAN (Tasnim) - Iran said"
    dateline = parse_dateline(text)
    assert dateline is not None
    assert dateline.start == 3
    assert text[dateline.start : dateline.end] == "TEHRAN (Tasnim) - "
    assert text[dateline.end :].startswith("Iran said")


def test_parse_dateline_with_year() -> None:
    dateline = parse_dateline("WASHINGTON, June 3, 2014 (Reuters) -- Officials said")
    assert dateline is not None
    assert dateline.date_text == "June 3, 2014"
    assert dateline.text == "WASHINGTON, June 3, 2014 (Reuters) -- "


@pytest.mark.parametrize(
    "text",
    [
        "Iran said - it will not cooperate.",
        "The US (and its allies) - long a target - objected.",
        "Beirut - a city of contrasts - woke up.",  # Title Case needs a source or a date
        "BREAKING: Iran fires missiles",
        "UPDATE - talks collapse",
        "Note: this story was updated.",
        "President Obama (D) - and others - spoke.",
        "Jabhat Al-Nusra (Syrian Al-Qaeda group) – backed by others",
        "BEIRUT-based militants said",
        "Officials in TEHRAN (Tasnim) - said",  # not at the very start
        "The Iranian Armed Forces said on Wednesday.",
        "UNITED STATES OF AMERICA AND ITS ALLIES (AP) - x",  # place too long
        "",
        "   ",
    ],
)
def test_parse_dateline_negatives(text: str) -> None:
    assert parse_dateline(text) is None


def test_a_transcripts_first_label_is_no_dateline() -> None:
    text = ("MORRIS: Let's start with the budget. What will you cut first?\n\n"
            "GREEN: We will cut nothing that matters to families.\n\n"
            "MORRIS: Nothing at all?")
    assert parse_dateline(text) is None
    # a dateline with a colon is one when no other paragraph opens with a label
    dateline = parse_dateline("LONDON: The prime minister resigned.\n\nHe said: no.\n\n"
                              "UPDATE: The vote is on Friday.")
    assert dateline is not None and dateline.place == "London"


def test_parse_dateline_colon_after_a_date_and_source() -> None:
    dateline = parse_dateline("QUETTA, May 2 (APP):The governor said")
    assert dateline is not None
    assert (dateline.place, dateline.source, dateline.text) == ("Quetta", "APP",
                                                                 "QUETTA, May 2 (APP):")
    assert parse_dateline("NATO (Reuters): allies said") is None  # a source alone


def test_parse_dateline_needs_space_or_end_after_separator() -> None:
    dateline = parse_dateline("TEHRAN (Tasnim) -\nIran said")
    assert dateline is not None
    assert dateline.text == "TEHRAN (Tasnim) -"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-06-18", "2014-06-18"),
        ("2014-06-18T23:30:00+04:30", "2014-06-18"),  # the date as written, no TZ shift
        ("2014-06-18 10:00", "2014-06-18"),
        ("2014/06/18", "2014-06-18"),
        ("20140618", "2014-06-18"),
        ("Wed, 18 Jun 2014 10:00:00 GMT", "2014-06-18"),
        ("June 18, 2014", "2014-06-18"),
        ("18 June 2014", "2014-06-18"),
        ("Jun. 18, 2014", "2014-06-18"),
        (dt.date(2014, 6, 18), "2014-06-18"),
        (dt.datetime(2014, 6, 18, 12, 0), "2014-06-18"),
        ("2014-06", None),
        ("2014-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_normalize_article_sets_dateline_and_source() -> None:
    text = "TEHRAN (Tasnim) - Iran said no.\n\n"
    article = normalize_article(Article(id="a", text=text, title="  Iran  says\nno "))
    assert article.text == "TEHRAN (Tasnim) - Iran said no."
    assert article.title == "Iran says no"
    assert article.source == "Tasnim"
    assert article.dateline is not None
    assert article.dateline.place == "Tehran"
    assert article.text[article.dateline.end :].startswith("Iran said")


def test_normalize_article_keeps_existing_source_and_text() -> None:
    text = "  TEHRAN (Tasnim) - Iran said no."
    article = normalize_article(Article(id="a", text=text, source="Tasnim News Agency"))
    assert article.source == "Tasnim News Agency"
    assert article.text == text  # leading whitespace kept: offsets must not move
    assert article.dateline is not None
    assert article.dateline.start == 2
    assert article.dateline.source == "Tasnim"


def test_normalize_article_keeps_a_given_dateline() -> None:
    given = Dateline(text="TEHRAN ", start=0, end=7, place="Tehran")
    article = normalize_article(Article(id="a", text="TEHRAN (Tasnim) - x", dateline=given))
    assert article.dateline is given
    assert article.source is None  # the given dateline names no source


def test_normalize_article_date_normalized_or_kept_raw() -> None:
    good = normalize_article(Article(id="a", text="x", date="2014-06-18T09:00:00Z"))
    assert good.date == "2014-06-18"
    assert "date_raw" not in good.metadata

    bad = normalize_article(Article(id="b", text="x", date="sometime in June", metadata={"k": 1}))
    assert bad.date is None
    assert bad.metadata == {"k": 1, "date_raw": "sometime in June"}


def test_normalize_article_does_not_mutate_input() -> None:
    original = Article(id="a", text="x", date="bad date", metadata={"k": 1})
    normalize_article(original)
    assert original.metadata == {"k": 1}
    assert original.date == "bad date"


def test_normalize_article_id_always_non_empty_string() -> None:
    blank = normalize_article(Article(id="  ", text="Some text"))
    assert blank.id.startswith("article-")
    assert len(blank.id) > len("article-")
    # the same content always gets the same id
    assert normalize_article(Article(id="", text="Some text")).id == blank.id

    numeric = normalize_article(Article(id=42, text="x"))  # type: ignore[arg-type]
    assert numeric.id == "42"


def test_normalize_article_empty_title_becomes_none() -> None:
    assert normalize_article(Article(id="a", text="x", title="   ")).title is None
    assert normalize_article(Article(id="a", text="x", title=None)).title is None
