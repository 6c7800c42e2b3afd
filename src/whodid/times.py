"""Time expressions: detection in news text, TimeML typing, and normalization against the
publication date.

Detection is a set of regular expressions over the raw text, completed by spaCy ``DATE``
and ``TIME`` entities when a parsed ``Doc`` is given (entities only add spans the regexes
missed, and are normalized by the same resolver here, never by spaCy).  The vocabulary
(month and day names, number words, parts of the day, seasons, holidays, reference words,
duration units, cue words) is data: ``data/times.yaml``.

Each expression has a TimeML ``type`` and ``value``:

* ``DATE``: ``2014-06-18`` (granularity ``day``), ``2014-W25`` (``week``, ISO week),
  ``2014-06`` (``month``), ``2014-Q3``/``2014-H1`` (``quarter``), ``2014-SU``
  (``season``), ``2014`` (``year``), ``199`` ("the 1990s", ``decade``), and the references
  ``PRESENT_REF`` ("now", "currently"), ``PAST_REF`` ("recently", "several years ago"),
  ``FUTURE_REF`` ("the near future");
* ``TIME``: a clock time or a part of a day, ``2005-03-01T20:10`` ("2010 GMT", "8:10
  p.m.", on the publication day unless a day is named: "10 p.m. Wednesday"),
  ``2014-06-17TNI`` ("last night"; TimeML's MO, AF, EV, NI);
* ``DURATION``: ``P3Y`` ("three years", "a 10-year sentence", "the past year"), ``PT24H``,
  ``PXY`` ("several years"); a range of years ("2007-2013", "2007 to 2013") is a duration
  ``P7Y`` whose ``span`` gives both ends;
* ``SET``: ``P1Y`` ("every year", "annually"), ``XXXX-WXX-1`` ("every Monday").

Each also has a ``role``, what it is to its clause, from the cue word before it: ``point``
("on Monday", "in 2003", "last week"), ``since`` ("since 1999": a span starting then),
``until``, ``deadline`` ("by 2011"), ``before``, ``after``, ``target`` ("the budget for
2006"), ``range``, ``duration``, ``age`` ("45 years old"), ``set``, ``reference`` and
``clock`` (a bare clock time: a time of the publication day).  Only a point on the calendar
can date an event (:func:`event_value`).

Normalization follows news conventions:

* a bare weekday ("on Monday", "Monday night") is the most recent such day on or before the
  publication date, so a "Wednesday" in a Wednesday story is the publication day; in a
  clearly future clause ("will meet on Friday") it is the next such day on or after it;
  "last Monday" / "this past Monday" is the most recent such day strictly before it (a week
  back when it is the publication weekday); "next Monday" / "this coming Monday" is the
  next such day strictly after it; a weekday with a part of the day ("Friday night") is
  that day, as TimeBank annotates it;
* "yesterday" is -1 day, "tomorrow" +1, "the day before yesterday" -2;
* "the previous day" / "the day before" have no anchor event here, so they are taken
  relative to the publication date (-1 day), a documented simplification; likewise "the
  previous week/month/year" (and "the prior ...") is read as "last week/month/year", and
  "a year earlier" in a comparison ("up from $7 million a year earlier") as "a year ago";
  "the year" is the year of publication;
* a month name without a year takes the year that puts it at most about two months after
  the publication date (the latest such year), or, in a future clause, the first year
  that puts it on or after the publication date, or, after a deadline cue ("by February"),
  the nearer year; the tense of the verb a weekday, a month or a day hangs on counts too
  (a present tense puts it ahead, a simple past keeps it begun); a quarter or a season
  without a year is the latest one that has begun by the publication date (a passed
  quarter of a future clause, but the one just ended, is next year's);
* a clause is future when a word of ``future_cues`` (times.yaml) comes before the date in
  it; the period of an initial or an abbreviation ends no clause;
* in financial news the quarter an article names is the one it reports on: "the quarter"
  is that quarter, "the year-earlier quarter" and "a year earlier" that quarter a year
  before, or, in a sentence that names the day the period reported ended, that day a year
  before (:func:`_reporting_quarters`);
* "that day", "later that year", "that night" are the day or year (or that day's part) of
  the date the article last named, "the following day" / "the following year" the one
  after it, and "three years earlier" counts back from it (:func:`_anaphora`).

Without a publication date, absolute dates still resolve and relative expressions are
emitted with ``value=None``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from whodid.model import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["event_value", "find_times", "resolve_time"]

Resolution = tuple[str, str | None]  # (TimeML value, granularity)
Handler = Callable[[re.Match[str], datetime.date | None, bool], Resolution | None]

# --------------------------------------------------------------------------------------
# Vocabulary



def _load_vocabulary() -> dict:
    """The word lists of ``data/times.yaml`` (month and day names, numbers, holidays, cues)."""
    import yaml

    from whodid.resources import data_path

    return yaml.safe_load(data_path("times.yaml").read_text(encoding="utf-8"))


_VOCAB = _load_vocabulary()
_MONTHS: dict[str, int] = _VOCAB["months"]
_FULL_MONTHS = [name for name, _ in sorted(_MONTHS.items(), key=lambda kv: kv[1]) if len(name) > 4]
_FULL_MONTHS += ["may", "june", "july"]
_ABBR_MONTHS = ["sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
#: Month words that are also common English words: need context when they stand alone.
_AMBIGUOUS_MONTHS = {"may", "march"} | set(_ABBR_MONTHS)

_WEEKDAYS: list[str] = _VOCAB["weekdays"]
_NUMBERS: dict[str, int] = _VOCAB["numbers"]
def _words(key: str) -> frozenset[str]:
    """A word list of times.yaml; an entry YAML read as something else ("no" as false) is
    refused with what to do, not silently never matched."""
    words = _VOCAB[key]
    wrong = [w for w in words if not isinstance(w, str)]
    if wrong:
        raise ValueError(f"times.yaml: {key} holds {wrong!r}, which are not words: quote them "
                         "(YAML reads no, yes, on and off as booleans)")
    return frozenset(words)


_VAGUE: list[str] = _VOCAB["vague_numbers"]
_PARTS: dict[str, str] = _VOCAB["parts_of_day"]
_SEASONS: dict[str, str] = _VOCAB["seasons"]
_ORDINALS: dict[str, int] = {str(k): v for k, v in _VOCAB["ordinals"].items()}
_HOLIDAYS_FIXED: dict[str, list[int]] = _VOCAB["holidays_fixed"]
_HOLIDAYS_FLOATING: dict[str, list[int]] = _VOCAB["holidays_floating"]
_REFERENCES: dict[str, str] = _VOCAB["references"]
_UNITS: dict[str, list] = _VOCAB["units"]
_SETS: dict[str, str] = _VOCAB["sets"]
_CUES: dict[str, str] = _VOCAB["cues"]
_FUTURE_CUES: list[str] = _VOCAB["future_cues"]
_ABBREVIATIONS = _words("abbreviations")
_WEEKDAY_PARTS: tuple[str, ...] = tuple(_VOCAB["weekday_parts"])
_QUARTER_SAME: list[str] = _VOCAB["reporting_quarter"]["same"]
_QUARTER_BEFORE: list[str] = _VOCAB["reporting_quarter"]["year_before"]
_PRESENT_REPORTING = _words("present_reporting")
_DECADE_WORDS: dict[str, int] = _VOCAB["decade_words"]
_GENERIC_PRESENT = _words("generic_present")
_PLAN_VERBS = _words("plan_verbs")


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first, spaces as any horizontal space, an
    apostrophe as either apostrophe."""
    return "|".join(re.escape(w).replace(r"\ ", _S).replace("'", "[’']")
                    for w in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------------------
# Regex building blocks (all patterns are compiled case-insensitively)

_S = r"[^\S\n]+"  # horizontal whitespace: an expression never spans a line break
_SEP = rf"(?:-|{_S})"
_MONTH = (
    r"(?P<month>(?:" + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + r")\b"
    r"|(?:" + "|".join(_ABBR_MONTHS) + r")\b\.?)"
)
_DAY_WORDS: dict[str, int] = {
    **_VOCAB["day_ordinals"],
    **{f"twenty-{word}": 20 + n for word, n in _VOCAB["day_ordinals"].items() if n < 10},
    "thirty-first": 31,
}
_DAY = (r"(?:(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![,.:/]\d)"
        r"|(?P<dayword>" + "|".join(w.replace("-", "[- ]") for w in
                                    sorted(_DAY_WORDS, key=len, reverse=True)) + r")\b)")
_YEAR = r"(?<![\d$£€.,])(?P<year>(?:19|20)\d\d)\b(?![,.]\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"
_PART = rf"(?:{_S}(?:morning|afternoon|evening|night|midday|noon))?\b"
_MOD = (
    rf"(?P<mod>early|mid|late|(?:the{_S})?(?:end|beginning|start|middle){_S}of"
    rf"|the{_S}(?:first|second|last|latter){_S}half{_S}of)"
)
_WEEKDAY_REL = (rf"(?P<rel>last|next|this{_S}coming|this{_S}past|this|past|coming|upcoming"
                rf"|the{_S}(?:previous|preceding|following))")
_MONTH_REL = rf"(?P<rel>last|next|this{_S}coming|this{_S}past|this|past|coming)"

_FUTURE = re.compile(rf"\b(?:{_alternation(_FUTURE_CUES)})\b|[’']ll\b", re.IGNORECASE)
_CONTEXT_WORDS = re.compile(
    r"\b(?:in|since|until|till|by|during|from|through|throughout|before|after|of|on|between|"
    r"early|late|mid|last|next|this|around|circa|year|fiscal|both|either)\W*$",
    re.IGNORECASE,
)
_YEAR_LIST_BEFORE = re.compile(r"(?:19|20)\d\d\s*(?:,|and|or|to|-|–)\s*$", re.IGNORECASE)
_COUNT_AFTER = re.compile(
    r"\s*(?:%|percent\b|per\s+cent\b|people\b|persons\b|soldiers\b|troops\b|men\b|women\b|"
    r"children\b|civilians\b|militants\b|fighters\b|rebels\b|police\b|policemen\b|"
    r"officers\b|refugees\b|families\b|members\b|residents\b|prisoners\b|students\b|"
    r"workers\b|dollars\b|euros\b|tons\b|tonnes\b|barrels\b|km\b|kilometers\b|"
    r"kilometres\b|miles\b|metres\b|meters\b|units\b|cases\b|votes\b|deaths\b|times\b|"
    r"rockets\b|missiles\b|homes\b|houses\b|hours\b|[,.]\d)",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------
# Date arithmetic helpers


def _day(d: datetime.date) -> Resolution:
    return d.isoformat(), "day"


def _week(d: datetime.date) -> Resolution:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}", "week"


def _month(year: int, month: int) -> Resolution | None:
    if not 1 <= year <= 9999:
        return None
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> Resolution | None:
    if not 1 <= year <= 9999:
        return None
    return f"{year:04d}", "year"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# The case-insensitive patterns also match "ſunday" (long s), "Kelvin sign" K, and the Turkish
# dotted and dotless i as ASCII letters; plain lower() would leave them, and the name lookups
# below would fail on them.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _lower(token: str) -> str:
    """``token`` in lower case, the non-ASCII letters the patterns take as ASCII made ASCII."""
    return token.translate(_FOLD).lower()


def _month_number(token: str) -> int:
    return _MONTHS[_lower(token).rstrip(".")]


def _infer_day(
    month: int, day: int, pub: datetime.date | None, future: bool
) -> datetime.date | None:
    """The date of ``month``/``day`` in the year implied by the publication date."""
    if pub is None:
        return None
    candidates = [
        d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))
    ]
    if future:
        ahead = [d for d in candidates if d >= pub]
        return min(ahead) if ahead else None
    usable = [d for d in candidates if (d - pub).days <= 62]
    return max(usable) if usable else None


def _infer_month(month: int, pub: datetime.date, future: bool, rel: str) -> tuple[int, int]:
    """(year, month) of a month name without a year, read against ``pub``."""
    pub_index = pub.year * 12 + pub.month - 1
    years = (pub.year - 1, pub.year, pub.year + 1)
    offsets = {y: y * 12 + month - 1 - pub_index for y in years}
    if rel in ("last", "past", "this past"):
        year = max(y for y in years if offsets[y] < 0)
    elif rel in ("next", "coming", "this coming"):
        year = min(y for y in years if offsets[y] > 0)
    elif rel == "this":
        year = pub.year
    elif future:
        year = min(y for y in years if offsets[y] >= 0)
    else:
        year = max(y for y in years if offsets[y] <= 2)
    return year, month


def _norm(token: str | None) -> str:
    return " ".join(_lower(token).split()) if token else ""


# --------------------------------------------------------------------------------------
# Handlers: (match, publication date, future clause) -> (value, granularity) or None


def _h_month_day(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    month = _month_number(m["month"])
    day = int(m["day"]) if m["day"] else _DAY_WORDS[_lower(m["dayword"]).replace(" ", "-")]
    year = _year_number(m)
    rel = _norm(m.groupdict().get("rel"))
    if not year and pub is not None and rel:  # "last Oct. 23", "next March 3"
        candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1)
                      if (d := _safe_date(y, month, day))]
        ahead = rel in ("next", "this coming")
        chosen = [d for d in candidates if (d > pub if ahead else d < pub)]
        return _day(min(chosen) if ahead else max(chosen)) if chosen else None
    d = _safe_date(year, month, day) if year else _infer_day(month, day, pub, future)
    if d is not None and not year and pub is not None and m["weekday"]:
        # "Sunday, Aug. 3": a stated weekday picks the year when the default one disagrees
        weekday = _WEEKDAYS.index(_lower(m["weekday"]))
        if d.weekday() != weekday:
            years = (pub.year - 1, pub.year, pub.year + 1)
            matching = [c for y in years if (c := _safe_date(y, month, day))]
            matching = [c for c in matching if c.weekday() == weekday]
            if matching:
                d = min(matching, key=lambda c: abs((c - pub).days))
    return _day(d) if d else None


def _h_month_year(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    year = _year_number(m)
    return _month(year, _month_number(m["month"])) if year else None


def _h_month_of_rel_year(
    m: re.Match[str], pub: datetime.date | None, future: bool
) -> Resolution | None:
    if pub is None:
        return None
    shift = {"last": -1, "this": 0, "next": 1, "the previous": -1}[_norm(m["rel"])]
    return _month(pub.year + shift, _month_number(m["month"]))


def _h_month_only(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    if pub is None:
        return None
    return _month(*_infer_month(_month_number(m["month"]), pub, future, _norm(m["rel"])))


def _h_year(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    """A year; "the second half of 1997" is its half (1997-H2), as TimeML values it."""
    mod = _norm(m["mod"])
    year = int(m["year"] or m["oldyear"])
    if mod.endswith("half of"):
        return f"{year:04d}-H{1 if ' first ' in mod else 2}", "quarter"
    return _year(year)


def _h_spoken_year(m: re.Match[str], pub: datetime.date | None, future: bool
                   ) -> Resolution | None:
    """"nineteen seventy-nine" (1979), "nineteen hundred", "two thousand and five"."""
    return _year(_spoken_year_number(m["spoken"]))


def _spoken_year_number(spoken: str) -> int:
    """The year a spoken year gives ("nineteen seventy-nine": 1979)."""
    words = [w for w in _lower(spoken).replace("-", " ").split() if w != "and"]
    if words[0] == "two":  # two thousand [and] N
        return 2000 + sum(_NUMBERS[w] for w in words[2:])
    rest = words[1:]
    return 1900 + (0 if rest == ["hundred"] else sum(_NUMBERS[w] for w in rest))


def _year_number(m: re.Match[str]) -> int | None:
    """The year a match names, in figures or spoken, if any."""
    groups = m.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    return _spoken_year_number(groups["spoken"]) if groups.get("spoken") else None


def _h_iso(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(d) if d else None


def _h_numeric(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 or a == b:
        d = _safe_date(year, b, a)  # day/month/year
    elif b > 12:
        d = _safe_date(year, a, b)  # month/day/year
    else:
        return None  # ambiguous: 06/05/2014
    return _day(d) if d else None


def _h_weekday(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    if pub is None:
        return None
    weekday = _WEEKDAYS.index(_lower(m["weekday"]))
    rel = _norm(m["rel"])
    if rel in ("next", "coming", "this coming", "upcoming", "the following"):
        delta = (weekday - pub.weekday()) % 7 or 7
    elif rel in ("last", "past", "this past", "the previous", "the preceding"):
        delta = -((pub.weekday() - weekday) % 7 or 7)
    elif future:
        delta = (weekday - pub.weekday()) % 7
    else:
        delta = -((pub.weekday() - weekday) % 7)
    # "Friday evening" is a part of that day, a TIME (2000-01-07TEV); "Friday night" and
    # "Friday morning" are the day, as TimeBank mostly values them (and often marks only
    # the weekday)
    day = _day(pub + datetime.timedelta(days=delta))
    return _with_part(day, m[0]) if _lower(m[0]).endswith(_WEEKDAY_PARTS) else day


def _with_part(resolution: Resolution, phrase: str) -> Resolution:
    """A day's value with the TimeML part of day its phrase names ("Friday night":
    2000-01-07TNI), else the day."""
    words = _lower(phrase).split()
    for word in reversed(words):
        code = _PARTS.get(word)
        if code is not None:
            sep = "T"
            return f"{resolution[0]}{sep}{code}", "time"
    return resolution


def _h_day_relative(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    if pub is None:
        return None
    phrase = _norm(m[0])
    if phrase.startswith("the day before yesterday"):
        delta = -2
    elif phrase.startswith("the day after tomorrow"):
        delta = 2
    elif phrase.startswith(("yesterday", "last night", "the previous", "the day before")):
        delta = -1
    elif phrase.startswith("tomorrow"):
        delta = 1
    else:  # today, tonight, this morning, earlier today
        delta = 0
    resolution = _day(pub + datetime.timedelta(days=delta))
    if phrase == "tonight" or phrase.startswith("last night"):
        return f"{resolution[0]}TNI", "time"
    return _with_part(resolution, phrase)


def _h_period_relative(
    m: re.Match[str], pub: datetime.date | None, future: bool
) -> Resolution | None:
    if pub is None:
        return None
    shift = {"last": -1, "the previous": -1, "the prior": -1, "this": 0, "next": 1,
             "the current": 0,
             "": 0}[_norm(m.groupdict().get("rel"))]
    unit = _lower(m["unit"])
    if unit == "week":
        return _week(pub + datetime.timedelta(weeks=shift))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, shift))
    if unit == "decade":  # "earlier this decade": the decade of publication, 198
        return f"{pub.year // 10 + shift:03d}", "decade"
    return _year(pub.year + shift)


def _h_the_year(m: re.Match[str], pub: datetime.date | None, future: bool
                ) -> Resolution | None:
    """"the year": the year of publication."""
    return _year(pub.year) if pub is not None else None


def _h_ago(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    if pub is None:
        return None
    count = _count(m["num"])
    if count is None:
        return "PAST_REF", None  # "several years ago"
    unit = _lower(m["unit"]).rstrip("s")
    if unit == "day":
        return _day(pub - datetime.timedelta(days=count))
    if unit == "week":
        return _week(pub - datetime.timedelta(weeks=count))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -count))
    if unit == "decade":
        count *= 10
    return _year(pub.year - count)


def _count(raw: str | None) -> int | None:
    """The number a count word or phrase gives ("24", "twenty four", "twenty-four"), None
    for a vague one ("several")."""
    if raw is None:
        return 1
    words = _lower(raw).replace("-", " ").split()
    if not words or " ".join(words) in _VAGUE or words[0] in ("several", "few", "many", "some"):
        return None
    if words[0].isdigit():
        return int(words[0])
    total = 0
    for word in words:
        if word in ("the", "past", "last", "next", "first", "coming", "previous"):
            continue
        if word not in _NUMBERS:
            return None
        total = total * 100 if word == "hundred" else total + _NUMBERS[word]
    return total or 1


def _h_duration(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    unit = _lower(m["unit"]).rstrip("s") if _lower(m["unit"]) != "hours" else "hour"
    unit = "century" if unit.startswith("centur") else unit
    letter, is_time = _UNITS[unit]
    count = _count(m.groupdict().get("num"))
    amount = "X" if count is None else str(count)
    return f"P{'T' if is_time else ''}{amount}{letter}", None


def _h_reference(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    return _REFERENCES[_norm(m[0])], None


def _h_set(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    return _SETS[_norm(m[0])], None


def _h_every_month(m: re.Match[str], pub: datetime.date | None, future: bool
                   ) -> Resolution | None:
    """"each July" (XXXX-07), "every summer" (XXXX-SU): a month or a season every year."""
    if m["season"]:
        return f"XXXX-{_SEASONS[_lower(m['season'])]}", None
    return f"XXXX-{_month_number(m['month']):02d}", None


def _h_every_weekday(m: re.Match[str], pub: datetime.date | None, future: bool
                     ) -> Resolution | None:
    return f"XXXX-WXX-{_WEEKDAYS.index(_lower(m['weekday'])) + 1}", None


def _h_anaphoric(m: re.Match[str], pub: datetime.date | None, future: bool
                 ) -> Resolution | None:
    """"that day", "later that year", "that night", "the following day", "the following
    year": the day, month or year (or the part of the day) of the date the article last
    named, or the one after it, which :func:`_anaphora` gives it (it drops the expression without
    one)."""
    if pub is None:
        return None
    return _anaphoric_value(pub.isoformat(), m)


def _anaphoric_value(anchor: str, m: re.Match[str]) -> Resolution | None:
    """The value an anaphoric expression (a match of the ``anaphoric`` pattern) takes from
    the calendar value ``anchor`` it refers to: that day, month or year, the one after it
    ("the following day", "the following year"), or a part of that day ("that night":
    ``1998-10-23TNI``, a TIME); None when ``anchor`` is coarser than the expression."""
    unit = _lower(m["unit"] or m["next"])
    part = _PARTS.get(unit)
    resolved = _truncate(anchor, "day" if part else unit)
    if resolved is None:
        return None
    value, granularity = resolved
    if m["next"]:  # "the following day", "the following month"
        if granularity == "day":
            value = (datetime.date.fromisoformat(value) + datetime.timedelta(days=1)).isoformat()
        elif granularity == "month":
            year, month = _shift_month(int(value[:4]), int(value[5:7]), 1)
            value = f"{year:04d}-{month:02d}"
        else:
            value = f"{int(value) + 1:04d}"
    if part:
        return f"{value}T{part}", "time"
    return value, granularity


def _truncate(value: str, unit: str) -> Resolution | None:
    """A calendar value cut to ``unit`` (day, month, year), None if it is coarser."""
    size = {"day": 10, "month": 7, "year": 4}[unit]
    if len(value) < size or not re.fullmatch(r"\d{4}(?:-\d\d){0,2}", value[:size]):
        return None
    return value[:size], unit


def _h_decade_words(m: re.Match[str], pub: datetime.date | None, future: bool
                    ) -> Resolution | None:
    """"the sixties", "the nineteen-nineties": a decade of the 1900s (196, 199)."""
    return f"19{_DECADE_WORDS[_lower(m['decword'])]}", "decade"


def _h_decade(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    """"the 1990s" (199); "the '80s" is a decade of the 1900s (198)."""
    return (m["dec"] or f"19{m['dec2']}"), "decade"


def _h_quarter(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    number = _ORDINALS[_lower(m["ord"])]
    half = _lower(m["qunit"]) == "half"
    if half and number > 2 or number > 4:
        return None
    if m["year"] or m["y0"]:
        year = int(m["year"] or m["y0"])
    elif pub is None:
        return None
    elif m["yrel"]:  # "the first quarter of next year"
        year = pub.year + {"last": -1, "this": 0, "next": 1}[_lower(m["yrel"])]
    else:
        current = (pub.month - 1) // (6 if half else 3) + 1
        year = pub.year - (number > current and not future)
        # "the deal will close in the first quarter", published in the fourth: next year's;
        # not the quarter just ended, whose results come out after it ("will report
        # third-quarter results", published in October)
        year += future and number < current - 1
        # "the year-earlier third quarter", "last year's second half"
        year -= _norm(m["qref"]).replace("’", "'") in _YEAR_BEFORE
    return f"{year:04d}-{'H' if half else 'Q'}{number}", "quarter"


def _h_quarter_relative(m: re.Match[str], pub: datetime.date | None, future: bool
                        ) -> Resolution | None:
    """"last quarter" (the one before the publication date's), "the current quarter" and
    "this quarter" (the publication date's), "next quarter"."""
    if pub is None:
        return None
    rel = _norm(m["rel"])
    shift = -1 if rel in ("last", "the previous") else 0 if rel in ("this", "the current") \
        else 1
    year, month = _shift_month(pub.year, pub.month, 3 * shift)
    return f"{year:04d}-Q{(month - 1) // 3 + 1}", "quarter"


def _h_reporting_quarter(m: re.Match[str], pub: datetime.date | None, future: bool
                         ) -> Resolution | None:
    """"the latest quarter", "the year-ago period": the latest quarter ended by the
    publication date (or that quarter a year before); :func:`_reporting_quarters` gives it
    the quarter the article last named instead, where it names one."""
    if pub is None:
        return None
    year, number = pub.year, (pub.month - 1) // 3
    if number == 0:
        year, number = year - 1, 4
    if m["qyear"]:  # "the 1988 period": that quarter of the year named
        return f"{m['qyear']}-Q{number}", "quarter"
    return f"{year - bool(m['qref2']):04d}-Q{number}", "quarter"


def _season_index(month: int) -> int:
    return (month % 12) // 3  # 0 winter, 1 spring, 2 summer, 3 fall


_SEASON_ORDER = ["WI", "SP", "SU", "FA"]


def _h_season(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    code = _SEASONS[_lower(m["season"])]
    year = _year_number(m)  # "the winter of nineteen ninety-four"
    if year:
        return f"{year:04d}-{code}", "season"
    if pub is None:
        return None
    rel = _norm(m["rel"])
    now = _season_index(pub.month)
    index = _SEASON_ORDER.index(code)
    year = pub.year
    if rel in ("last", "this past", "past"):
        year -= index >= now
    elif rel in ("next", "this coming", "coming"):
        year += index <= now
    elif future:
        year += index < now
    return f"{year:04d}-{code}", "season"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    if nth > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, year: int) -> datetime.date:
    if name in _HOLIDAYS_FIXED:
        month, day = _HOLIDAYS_FIXED[name]
        return datetime.date(year, month, day)
    month, weekday, nth = _HOLIDAYS_FLOATING[name]
    d = _nth_weekday(year, month, weekday, nth)
    # Election Day is the Tuesday after the first Monday of November
    return d + datetime.timedelta(days=1) if name == "election day" else d


def _h_holiday(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    name = _norm(m["holiday"])
    if m["year"]:
        return _day(_holiday(name, int(m["year"])))
    if pub is None:
        return None
    days = [_holiday(name, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    if future:
        return _day(min(d for d in days if d >= pub))
    return _day(max(d for d in days if (d - pub).days <= 62))


def _clock(m: re.Match[str]) -> str | None:
    """``HH:MM`` of a clock time match (12-hour with a.m./p.m., 24-hour "2010 GMT", noon)."""
    if m["noon"]:
        return _PARTS[_lower(m["noon"])]
    hour = int(m["h"] or m["h24"])
    minute = int(m["min"] or m["min24"] or 0)
    ampm = _lower(m["ampm"] or "")
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59 or (m["h"] and not ampm and not m["min"]):
        return None
    return f"{hour:02d}:{minute:02d}"


def _h_clock(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    """A clock time, on the day its phrase names, else on the publication day."""
    clock = _clock(m)
    if clock is None:
        return None
    day_text = m["day1"] or m["day2"]
    if day_text:
        day = _resolve(day_text, pub, future)
        if day is None or day[1] != "day":
            return None
        return f"{day[0][:10]}T{clock}", "time"
    if pub is None:
        return None
    return f"{pub.isoformat()}T{clock}", "time"


def _h_range(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    first, last = int(m["year"]), m["year2"]
    end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if not first < end <= first + 50:
        return None
    return f"P{end - first + 1}Y", None


def _range_span(m: re.Match[str]) -> list[str]:
    first, last = m["year"], m["year2"]
    return [first, last if len(last) == 4 else first[:2] + last]


# --------------------------------------------------------------------------------------
# Patterns, shared by detection (search in text) and resolution (full match)


_YEAR_BEFORE = {" ".join(w.split()) for w in _QUARTER_BEFORE}
_QUARTER_WORDS = _alternation([*_QUARTER_SAME, *_QUARTER_BEFORE])
_COUNT = (r"(?P<num>\d{1,3}|(?:" + _alternation(_NUMBERS) + r")(?:(?:-|[^\S\n])(?:"
          + _alternation(_NUMBERS) + r"))?|" + _alternation(_VAGUE) + r")")
_UNIT = (r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|"
         r"quarters?|years?|decades?|centur(?:y|ies))\b")
_DAY_WORD = (rf"(?:(?:last|next|this){_S})?(?:" + "|".join(_WEEKDAYS) + r")|today|yesterday"
             r"|tomorrow|(?:" + "|".join(_FULL_MONTHS + _ABBR_MONTHS) + rf")\.?{_S}\d{{1,2}}\b")
_CLOCK = (
    rf"(?:(?P<day1>{_DAY_WORD}){_S}(?:at{_S})?)?"
    rf"(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?(?:{_S})?(?P<ampm>[ap]\.?m\b\.?)"
    rf"|(?P<h24>[01]\d|2[0-3]):?(?P<min24>[0-5]\d)(?=(?:{_S})?(?:GMT|BST|UTC|CET)\b)"
    rf"|(?P<noon>noon|midnight|midday)\b)"
    rf"(?:(?:{_S})?(?P<tz>GMT|BST|UTC|CET|EST|EDT|CST|CDT|PST|PDT|local{_S}time)\b)?"
    rf"(?:,?{_S}(?:on{_S})?(?P<day2>{_DAY_WORD})\b)?"
)

_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
#: A year as it is spoken in broadcast transcripts: "nineteen seventy-nine", "nineteen
#: hundred", "two thousand", "two thousand and five".
_SPOKEN_YEAR = (
    rf"(?P<spoken>nineteen(?:-|{_S})(?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy"
    rf"|eighty|ninety)(?:(?:-|{_S})(?:{_UNITS_WORDS}))?|{_TEENS_WORDS})"
    rf"|two{_S}thousand(?:(?:{_S}and)?{_S}(?:{_TEENS_WORDS}|{_UNITS_WORDS}))?)"
)

#: "that day", "later that year", "that night", "the same month": a day, month or year the
#: article named before (or a part of that day); "the following day", "the following
#: morning", "the following year": the one after it.
_ANAPHORIC_PATTERN = (
    rf"(?:(?:(?:earlier|later){_S})?(?:that|the{_S}same){_S}"
    rf"(?P<unit>day|month|year|morning|afternoon|evening|night)"
    rf"|the{_S}following{_S}(?P<next>day|month|year|morning|afternoon|evening|night))"
    rf"\b(?!-)"
)

_OLD_YEAR_CONTEXT = "(?:" + "|".join(
    f"(?<=\\b{word} )" for word in ("in", "since", "from", "until", "by", "of", "before",
                                     "after", "around", "circa", "during")) + ")"

# Every pattern starts with a word character; saying so after the "\b" lets the engine skip
# the word ends quickly (about a third of the scan time; the matches are the same).
_PATTERNS: list[tuple[str, re.Pattern[str], Handler]] = [
    (name, re.compile(r"\b(?=\w)" + pattern, re.IGNORECASE), handler)
    for name, pattern, handler in [
        ("iso", r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])", _h_iso),
        (
            "numeric",
            r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)"
            r"(?P<y>(?:19|20)\d\d)(?![\d/])(?!\.\d)",
            _h_numeric,
        ),
        (
            "month_day",
            rf"(?:(?P<rel>last|next|this{_S}past|this{_S}coming){_S})?"
            rf"(?:{_WEEKDAY},?{_S})?{_MONTH}{_S}{_DAY}(?:,?{_S}(?:{_YEAR}|{_SPOKEN_YEAR}\b(?!-)))?",
            _h_month_day,
        ),
        (
            "day_month",
            rf"(?:{_WEEKDAY},?{_S})?(?:the{_S})?{_DAY}{_S}(?:of{_S})?{_MONTH}"
            rf"(?:,?{_S}(?:{_YEAR}|{_SPOKEN_YEAR}\b(?!-)))?",
            _h_month_day,
        ),
        ("month_year", rf"(?:{_MOD}{_SEP})?{_MONTH},?{_S}(?:of{_S})?"
                       rf"(?:{_YEAR}|{_SPOKEN_YEAR}\b(?!-))", _h_month_year),
        (
            "month_of_rel_year",
            rf"(?:{_MOD}{_SEP})?{_MONTH}{_S}of{_S}(?P<rel>last|this|next|the{_S}previous)"
            rf"{_S}year\b",
            _h_month_of_rel_year,
        ),
        ("month_only", rf"(?:{_MOD}{_SEP})?(?:{_MONTH_REL}{_S})?{_MONTH}", _h_month_only),
        (
            "weekday",
            rf"(?:{_WEEKDAY_REL}{_S})?(?:(?:early|late){_S})?{_WEEKDAY}{_PART}",
            _h_weekday,
        ),
        (
            "day_relative",
            rf"(?:the{_S}day{_S}before{_S}yesterday|the{_S}day{_S}after{_S}tomorrow"
            rf"|(?:yesterday|tomorrow){_PART}|(?:earlier|later){_S}today|today|tonight"
            rf"|this{_S}(?:morning|afternoon|evening)|last{_S}night"
            rf"|the{_S}previous{_S}(?:day|morning|afternoon|evening|night)"
            rf"|the{_S}day{_S}before(?!{_S}(?:the|a|an|his|her|their|its|yesterday)\b))\b",
            _h_day_relative,
        ),
        (
            # before "period_relative": "the first half of next year" is a half (1990-H1),
            # not a year with a modifier
            "quarter",
            rf"(?:(?:the{_S})?(?P<y0>(?:19|20)\d\d){_S}|(?P<qref>{_QUARTER_WORDS}){_S})?"
            rf"(?P<ord>{_alternation(_ORDINALS)})(?:-|[^\S\n])(?P<qunit>quarter|half)\b"
            rf"(?:(?:{_S}of|,)?{_S}(?:fiscal{_S})?{_YEAR}"
            rf"|{_S}of{_S}(?P<yrel>last|this|next){_S}year\b)?",
            _h_quarter,
        ),
        (
            "period_relative",
            rf"(?:(?:{_MOD}|earlier|later){_SEP})?(?P<rel>last|this|next|the{_S}previous"
            rf"|the{_S}prior|the{_S}current)(?:{_S}fiscal)?{_S}(?P<unit>week|month|year|decade)\b",
            _h_period_relative,
        ),
        (
            # "a high for the year", "in the first ten months of the year": the year of
            # publication, the one news speaks of; not "the year ended June 30" (a company's
            # year), "the year before", "the year-earlier quarter", "Man of the Year"
            "the_year",
            rf"the{_S}(?-i:year)\b(?![-’']|{_S}\d|{_S}(?:ended|ending|to|before|after|earlier|ago"
            rf"|two|nineteen|of|in|when|that|which|since|he|she|they|it|we|I)\b)",
            _h_the_year,
        ),
        (
            "ago",
            rf"{_COUNT}{_S}(?P<unit>days?|weeks?|months?|years?|decades?){_S}(?:ago|earlier)\b",
            _h_ago,
        ),
        # a year of an earlier century needs a preposition before it ("in 1898"): a bare
        # "1500" is a number
        ("year", rf"(?:{_MOD}{_SEP})?(?:{_YEAR}|{_OLD_YEAR_CONTEXT}(?P<oldyear>1[5-8]\d\d)\b"
                 rf"(?![,.]\d))", _h_year),
        ("spoken_year", rf"(?P<the_year>the{_S}year{_S})?{_SPOKEN_YEAR}\b(?!-)", _h_spoken_year),
        ("anaphoric", _ANAPHORIC_PATTERN, _h_anaphoric),
        ("range", rf"{_YEAR}(?:{_S})?(?:-|–|/|{_S}to{_S})(?P<year2>(?:19|20)\d\d|\d\d)\b(?![,.]\d)",
         _h_range),
        ("clock", _CLOCK, _h_clock),
        ("reference", rf"(?:{_alternation(_REFERENCES)})\b", _h_reference),
        ("set", rf"(?:{_alternation(_SETS)})\b", _h_set),
        ("every_weekday", rf"(?:every|each){_S}{_WEEKDAY}", _h_every_weekday),
        ("every_month", rf"(?:every|each){_S}(?:{_MONTH}|(?P<season>{_alternation(_SEASONS)})\b)",
         _h_every_month),
        ("decade_words", rf"the{_S}(?:(?:early|mid|late){_SEP})?(?:nineteen{_SEP})?"
                         rf"(?P<decword>{_alternation(_DECADE_WORDS)})\b", _h_decade_words),
        ("decade", rf"(?:the{_S})?(?:(?:early|mid|late){_SEP})?(?:(?P<dec>(?:1[89]|20)\d)"
                   rf"|the{_S}(?:(?:early|mid|late){_SEP})?[’'](?P<dec2>[1-9]))0[’']?s\b",
         _h_decade),
        (
            # "last quarter", "the current quarter": the quarter before or of publication
            "quarter_relative",
            rf"(?P<rel>last|this|next|the{_S}(?:current|previous|next|coming)|this{_S}coming)"
            rf"(?:{_S}fiscal)?{_S}quarter\b(?![-’']|{_S}of\b)",
            _h_quarter_relative,
        ),
        (
            "reporting_quarter",
            rf"(?:(?P<qref>{_alternation(_QUARTER_SAME)}){_S}quarter"
            rf"|(?P<qref2>{_alternation(_QUARTER_BEFORE)}){_S}(?:quarter|period)"
            rf"|the{_S}(?P<qyear>(?:19|20)\d\d){_S}(?:quarter|period))\b(?!-)",
            _h_reporting_quarter,
        ),
        (
            "season",
            rf"(?:(?P<rel>last|next|this{_S}coming|this{_S}past|this|past|coming){_S})?"
            rf"(?P<season>{_alternation(_SEASONS)})\b(?:(?:{_S}of)?{_S}{_YEAR}"
            rf"|{_S}of{_S}{_SPOKEN_YEAR}\b(?!-))?",
            _h_season,
        ),
        (
            "holiday",
            rf"(?P<holiday>{_alternation([*_HOLIDAYS_FIXED, *_HOLIDAYS_FLOATING])})\b"
            rf"(?:,?{_S}{_YEAR})?",
            _h_holiday,
        ),
        ("duration", rf"(?:(?:the{_S})?(?:past|last|next|coming|first|previous){_S})?"
                     rf"{_COUNT}(?:-|[^\S\n]){_UNIT}(?:(?:-|[^\S\n])(?:old|long)\b)?", _h_duration),
        ("duration_the", rf"the{_S}(?:past|last|next|coming|previous){_S}{_UNIT}",
         _h_duration),
    ]
]

_HANDLERS: dict[str, Handler] = {name: handler for name, _pattern, handler in _PATTERNS}

_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
_DIGITS = tuple("0123456789")
_DAY_WORD_STEMS = ("first", "second", "third", "th")  # every spelled day ends so
#: Per pattern, groups of lower-case words: every match contains a word of each group, so a
#: text that lacks every word of a group cannot match and is not scanned.  (Only ASCII
#: literals count; "\\d" also matches other scripts' digits, so "numeric" needs no digit.)
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "iso": (("-",), ("19", "20")),
    "numeric": (("/", "."),),
    "month_day": (_MONTH_STEMS, _DIGITS + _DAY_WORD_STEMS),
    "day_month": (_MONTH_STEMS, _DIGITS + _DAY_WORD_STEMS),
    "month_year": (_MONTH_STEMS, ("19", "20", "nineteen", "thousand")),
    "month_of_rel_year": (_MONTH_STEMS, ("year",)),
    "month_only": (_MONTH_STEMS,),
    "weekday": (tuple(_WEEKDAYS),),
    "day_relative": (("yesterday", "tomorrow", "today", "tonight", "morning", "afternoon",
                      "evening", "night", "previous", "before"),),
    "period_relative": (("week", "month", "year", "decade"),),
    "the_year": (("year",),),
    "ago": (("ago", "earlier"),),
    "year": (("15", "16", "17", "18", "19", "20"),),
    "spoken_year": (("nineteen", "thousand"),),
    "anaphoric": (("that", "same", "next", "following"),),
    "range": (("19", "20"),),
    "clock": (("m", "gmt", "bst", "utc", "cet", "noon", "midnight", "midday"),),
    "reference": (("now", "current", "present", "recent", "lately", "previous", "formerly",
                   "past", "future", "soon", "term", "coming", "these"),),
    "set": (("ly", "every", "each", "per", "annual"),),
    "every_weekday": (("every", "each"),),
    "every_month": (("every", "each"),),
    "decade": (("0s", "0's", "0’s"),),
    "decade_words": (tuple(_VOCAB["decade_words"]),),
    "quarter": (("quarter", "half"),),
    "reporting_quarter": (("quarter", "period"),),
    "quarter_relative": (("quarter",),),
    "season": (tuple(_SEASONS),),
    "holiday": (("christmas", "new year", "day", "thanksgiving", "halloween"),),
    "duration": (("second", "minute", "hour", "day", "night", "week", "month", "quarter",
                  "year", "decade", "centur"),),
    "duration_the": (("second", "minute", "hour", "day", "night", "week", "month", "quarter",
                      "year", "decade", "centur"),),
}
_NEED_WORDS = frozenset(word for groups in _NEEDS.values() for group in groups
                        for word in group)
#: The only non-ASCII characters that match an ASCII letter case-insensitively, or lower-case
#: to one (Turkish dotted and dotless i, long s, Kelvin sign): a text with any of them is
#: scanned by every pattern.
_CASE_FOLD_EXCEPTIONS = tuple(chr(code) for code in _FOLD)

#: Patterns whose reading changes in a future clause.
_FUTURE_SENSITIVE = {"month_day", "day_month", "month_only", "weekday", "clock", "season",
                     "quarter", "holiday"}

#: Any publication date works to test whether a relative expression is resolvable at all.
_PROBE_DATE = datetime.date(2001, 6, 15)

_LEADING = re.compile(
    r"^(?:(?:on|in|at|during|since|until|till|by|from|of|before|after|around)\s+)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:[’']s|[\s.,;:!?\"'’”)\]])+$")


def _clean(expression: str) -> str:
    """``expression`` without surrounding prepositions, punctuation and possessive."""
    text = " ".join(expression.replace("–", "-").replace("—", "-").split())
    text = _TRAILING.sub("", text)
    return _LEADING.sub("", text)


def _resolve(expression: str, pub: datetime.date | None, future: bool = False) -> Resolution | None:
    text = _clean(expression)
    for _name, pattern, handler in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return handler(match, pub, future)
    return None


def resolve_time(
    expression: str, publication_date: datetime.date | None
) -> tuple[str | None, str | None]:
    """``(value, granularity)`` of one time expression, read against the publication date.

    ``value`` is the TimeML value (see the module docstring): ``YYYY-MM-DD`` (granularity
    ``day``), ``YYYY-Www`` (``week``), ``YYYY-MM`` (``month``), ``YYYY`` (``year``), a time
    ``YYYY-MM-DDTHH:MM`` (``time``), a duration ``P3Y`` (no granularity), and so on.
    Leading prepositions ("on Monday") and trailing punctuation are ignored.  Returns
    ``(None, None)`` when the expression is not recognized, or when it is relative and there
    is no publication date.
    """
    result = _resolve(expression, publication_date)
    return result if result is not None else (None, None)


# --------------------------------------------------------------------------------------
# Detection


def _is_future_clause(text: str, start: int) -> bool:
    """Whether the clause leading up to ``start`` is in the future ("will meet on ...")."""
    window = text[max(0, start - 80) : start]
    return _FUTURE.search(window[_clause_start(window):]) is not None


_CLAUSE_BREAK = re.compile(r"[;!?\n,]|(?P<word>\b\w+)?\.(?=\s|$)")


def _clause_start(window: str) -> int:
    """Where the last clause of ``window`` starts: after its last comma, semicolon or
    sentence end; the period of an initial or an abbreviation ("Mary K. Jones", "Mr.",
    "Corp.", "p.m.") ends no sentence."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(window):
        word = match["word"]
        if word is not None and (len(word) == 1
                                 or word.lower() in _ABBREVIATIONS):
            continue
        start = match.end()
    return start


def _has_context(text: str, start: int) -> bool:
    return _CONTEXT_WORDS.search(text[max(0, start - 20) : start]) is not None


def _accept(name: str, match: re.Match[str], text: str, *, entity: bool = False) -> bool:
    """Detection filters that need the surrounding text (case, context, counts).

    A bare year found by the regexes needs a context word ("in 2003"); one that spaCy
    tagged as a date ("the 2003 invasion") does not (``entity=True``).
    """
    groups = match.groupdict()
    month = groups.get("month")
    if month and not month[0].isupper():
        return False  # "Iran may cooperate", "protesters will march"
    start = match.start()
    before = text[max(0, start - 20) : start]
    bare = not groups.get("mod") and not groups.get("rel")
    if (
        name == "month_only"
        and bare
        and _norm(month).rstrip(".") in _AMBIGUOUS_MONTHS
        and not _has_context(text, start)
    ):
        return False  # "Theresa May said", "the Million Man March"
    if name == "year" and not groups.get("mod"):
        if not (entity or _has_context(text, start) or _YEAR_LIST_BEFORE.search(before)):
            return False
        if _COUNT_AFTER.match(text, match.end()):
            return False  # "in 2000 soldiers", "by 2014 percent"
    if groups.get("dayword") and not groups.get("year") and not groups.get("spoken"):
        following = _NEXT_WORD.match(text, match.end())
        if following is not None and following["word"].islower() \
                and not _SPOKEN_YEAR_END.match(text, match.end()):
            return False  # "the March second round": an ordinal, not a day
    if name == "spoken_year" and not groups.get("the_year"):
        # "nineteen seventy-nine" needs a context word as a year in figures does; "two
        # thousand" is a count unless nothing but punctuation or a function word follows
        if not (_has_context(text, start) or _YEAR_LIST_BEFORE.search(before)) \
                or _COUNT_AFTER.match(text, match.end()):
            return False
        if _lower(match["spoken"]).startswith("two") \
                and not _SPOKEN_YEAR_END.match(text, match.end()):
            return False
    if name == "season" and bare and not groups.get("year") and not groups.get("spoken") \
            and not _SEASON_CONTEXT.search(before):
        return False  # "prices fall", "the Arab Spring"
    if name == "holiday" and not match[0][0].isupper():
        return False
    if name == "reference" and _DISCOURSE_NOW.match(text, start) \
            and _SENTENCE_START.search(before):
        return False  # "Now, he says, ...": a turn in the story, not a time
    if name == "reference" and _OF_AFTER.match(text, match.end()):
        return False  # "the future of our towns" is a thing, not a time
    if name == "day_relative" and _lower(match[0]) == "today":
        generic = _GENERIC_AFTER.match(text, match.end())
        if generic is not None and not _GENERIC_PRESENT.isdisjoint(
                _lower(generic[0]).replace("-", " ").split()[1:]):
            return False  # "today's world", "today's youth": the present in general
    if name == "duration" and re.fullmatch(r"an?\s+second", match[0], re.IGNORECASE) \
            and _NOUN_AFTER.match(text, match.end()):
        return False  # "a second round", "a second term": an ordinal, not a second
    if name == "anaphoric" and groups.get("next") and _DURATION_BEFORE.search(before):
        return False  # "for the following year", "over the following day": durations
    # "in the last year" / "over the next month" are durations
    return not (name == "period_relative" and re.search(r"\bthe\s+$", before, re.IGNORECASE))


def _scan_ranges(text: str) -> list[tuple[str, re.Pattern[str], Handler, list[tuple[int, int]]]]:
    """Each pattern with the stretches of ``text`` it must scan: the lines that hold a word of
    each of its :data:`_NEEDS` groups (runs of such lines merged).

    No pattern matches across a line break, so scanning a line (with the break itself, which
    the patterns' lookaheads see as before, and lookbehinds seeing the text before it)
    finds exactly the matches the whole text has there.
    """
    if any(char in text for char in _CASE_FOLD_EXCEPTIONS):
        whole = [(0, len(text))]
        return [(name, pattern, handler, whole) for name, pattern, handler in _PATTERNS]
    lowered = text.lower()  # same length as text: the one exception, U+0130, is excluded
    lines: list[tuple[int, int, frozenset[str]]] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        line = lowered[start:end]
        lines.append((start, end, frozenset(w for w in _NEED_WORDS if w in line)))
        start = end
    scans = []
    for name, pattern, handler in _PATTERNS:
        ranges: list[tuple[int, int]] = []
        for start, end, present in lines:
            if all(not present.isdisjoint(group) for group in _NEEDS[name]):
                if ranges and ranges[-1][1] == start:
                    ranges[-1] = (ranges[-1][0], end)
                else:
                    ranges.append((start, end))
        if ranges:
            scans.append((name, pattern, handler, ranges))
    return scans


def _regex_candidates(text: str, pub: datetime.date | None,
                      doc: Doc | None = None) -> list[TimeExpression]:
    candidates: list[TimeExpression] = []
    for name, _pattern, handler, match in _matches(text):
        if not _accept(name, match, text):
            continue
        future = name in _FUTURE_SENSITIVE and _is_future_clause(text, match.start())
        tense = None
        groups = match.groupdict()
        if name in _TENSE_SENSITIVE and doc is not None and not future and not groups.get("rel") \
                and not groups.get("year") and not groups.get("spoken"):
            tense = _governing_tense(doc, *match.span("weekday" if name == "weekday"
                                                      else "month"))
        # "Arafat meets Albright Monday", "the firm plans on Tuesday to ...": the present
        # tense of the verb a bare weekday, month or day hangs on puts it ahead, as news
        # writes schedules
        future = future or tense == "present"
        result = handler(match, pub, future)
        if tense == "past" and pub is not None \
                and not _TARGET_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            # "changed its fiscal year in December", "the talks resumed Nov. 20": a month or
            # a day of a past-tense clause has begun (the nearer reading below still takes a
            # deadline's)
            result = _not_after(result, pub)
        if not future and name in _NEAREST_WITH_CUE and pub is not None \
                and (_cue_role(text, match.start()) in ("deadline", "until")
                     or tense == "plan"):
            # "pay the loan by February", "credit through January", "until 9 a.m. Tuesday":
            # a deadline or an end without a year is the nearer one, ahead or behind, even
            # in a past clause ("gave him until mid-November"); so is the day a plan made
            # before publication names ("protesters planned a rally on Saturday")
            result = _nearer(result, handler(match, pub, True), pub)
        if result is None and (pub is not None or handler(match, _PROBE_DATE, future) is None):
            continue  # invalid date, ambiguous numeric date
        candidates.append(_expression(name, match, text, match.start(), match.end(), result))
    return candidates


_SET_PATTERNS = {"set", "every_weekday", "every_month"}
_DURATION_PATTERNS = {"duration", "duration_the", "range"}
_CUE = re.compile(rf"\b(?P<cue>{_alternation(_CUES)})(?:{_S}(?:the|early|late|mid))?{_S}$",
                  re.IGNORECASE)
#: "between 2005 and 2007": the second end of a range TimeBank marks as two dates.
_BETWEEN_AND = re.compile(r"\bbetween\s+\S+(?:\s+\S+){0,3}\s+and\s+$", re.IGNORECASE)
_DISCOURSE_NOW = re.compile(r"now\s*,", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]['\"’”]?\s+|\n\s*)$")
_SEASON_CONTEXT = re.compile(r"\b(?:in|during|by|until|since|through|over)\s+(?:the\s+)?$",
                             re.IGNORECASE)
_SPOKEN_YEAR_END = re.compile(r"\s*(?:[,.;:!?)\"'’”]|$|(?:and|or|but|when|as|to|the|with|"
                              r"after|before|in|on|at|for|that|which)\b)", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[^\S\n]+(?P<word>[^\W\d_]+)")
_OF_AFTER = re.compile(r"[^\S\n]+of\b", re.IGNORECASE)
_GENERIC_AFTER = re.compile(r"[’']s(?:[^\S\n]+[\w-]+){1,2}")
_AGE_BEFORE = re.compile(r"\baged?\s+$", re.IGNORECASE)
#: A word after "a second" that makes it an ordinal ("a second round"), not a time: any
#: but a function word or one of a duration ("a second later", "a second or two").
_NOUN_AFTER = re.compile(r"[^\S\n]+(?!(?:and|or|but|to|the|of|in|on|at|for|with|after|"
                         r"before|later|earlier|ago|longer|too|when|as|that)\b)[^\W\d_]+",
                         re.IGNORECASE)
_DURATION_BEFORE = re.compile(r"\b(?:over|for|within|during|throughout|in)\s+$", re.IGNORECASE)


def _full_match(body: str) -> tuple[str | None, re.Match[str] | None]:
    """The first pattern that matches all of ``body``, and the match."""
    text = _clean(body)
    for name, pattern, _handler in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return name, match
    return None, None


def _expression(name: str | None, match: re.Match[str] | None, text: str, start: int,
                end: int, result: Resolution | None) -> TimeExpression:
    """A :class:`TimeExpression` with its TimeML type and its role in the clause."""
    value, granularity = result if result is not None else (None, None)
    if value is None and match is not None and name is not None:
        # without a publication date the type still shows in the value a date would give
        # ("2010 GMT" is a TIME, "last night" too)
        probe = _HANDLERS[name](match, _PROBE_DATE, False)
        kind = _type(name, probe[0] if probe else None)
    else:
        kind = _type(name, value)
    role = _role(name, match, text, start, kind, value)
    span = _range_span(match) if name == "range" and match is not None else None
    return TimeExpression(text[start:end], start, end, value, granularity, kind, role, span)


def _type(name: str | None, value: str | None) -> str:
    if name in _SET_PATTERNS:
        return "SET"
    if name in _DURATION_PATTERNS:
        return "DURATION"
    if value and re.search(r"\dT(?:\d|MO|AF|EV|NI)", value):
        return "TIME"
    return "DATE"


def _role(name: str | None, match: re.Match[str] | None, text: str, start: int, kind: str,
          value: str | None) -> str:
    """What the expression is to its clause (see :class:`whodid.model.TimeExpression`)."""
    if kind == "SET":
        return "set"
    if name == "range":
        return "range"
    if kind == "DURATION":
        words = _lower(match[0]) if match is not None else ""
        old = words.endswith("old") or _AGE_BEFORE.search(text[max(0, start - 6):start])
        return "age" if old else "duration"
    if name == "reference":
        return "reference"
    if name == "clock" and match is not None and not (match["day1"] or match["day2"]):
        return "clock"  # a time of the publication day: says nothing of the event's day
    if _BETWEEN_AND.search(text[max(0, start - 40):start]):
        return "range"
    return _cue_role(text, start) or "point"


def _cue_role(text: str, start: int) -> str | None:
    """The role the cue word just before ``start`` gives ("by" a deadline), if any."""
    cue = _CUE.search(text[max(0, start - 24):start])
    return _CUES[_norm(cue["cue"])] if cue else None


#: Bare weekdays and months whose reading follows the tense of the verb they hang on.
_TENSE_SENSITIVE = {"weekday", "month_only", "month_day", "day_month"}
#: A date a past verb moves something to ("extended the bid to Nov. 16", "put off the vote
#: until March"): it may lie ahead of the past verb's time.
_TARGET_BEFORE = re.compile(r"\b(?:to|until|till|through|for)\s+$", re.IGNORECASE)


def _governing_tense(doc: Doc, start: int, end: int) -> str | None:
    """``"present"``, ``"past"`` or ``"plan"``: the tense of the verb that the weekday or
    month word at ``start:end`` hangs on, bare ("met Monday") or through a preposition ("met
    on Monday"), ``"plan"`` for a past-tense verb of planning ("planned a rally on
    Saturday": the plan is past, the day it names may lie either way); None when it hangs
    on a noun ("Monday's vote"), on no verb, or on a present-tense reporting verb (the
    journalistic present of "officials say" says nothing of when)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    head = span.root.head
    if head.pos_ == "ADP" and span.root.dep_ == "pobj":
        head = head.head
    if head.pos_ not in ("VERB", "AUX") or head is span.root:
        return None
    auxiliaries = [child for child in head.children if child.dep_ in ("aux", "auxpass")]
    if head.tag_ == "VBD":
        return "plan" if _lower(head.lemma_) in _PLAN_VERBS else "past"
    if head.tag_ == "VBN" and _lower(head.lemma_) not in _PLAN_VERBS and any(
            aux.dep_ == "auxpass" and aux.tag_ == "VBD" for aux in auxiliaries) \
            and not any(aux.dep_ == "aux" for aux in auxiliaries):
        # a simple past passive ("was killed on Nov. 20") is past; "was planned for
        # March", "had been set for Monday" may lie ahead
        return "past"
    present = head.tag_ in ("VBZ", "VBP") or (head.tag_ == "VBG" and any(
        aux.tag_ in ("VBZ", "VBP") for aux in auxiliaries))
    if present and _lower(head.lemma_) not in _PRESENT_REPORTING \
            and not any(aux.tag_ == "MD" for aux in auxiliaries):
        return "present"
    return None


def _not_after(result: Resolution | None, pub: datetime.date) -> Resolution | None:
    """A month or day value moved back a year when it has not begun by ``pub``."""
    if result is None or result[1] not in ("month", "day") or result[0] is None:
        return result
    if result[1] == "month":
        year, month = int(result[0][:4]), int(result[0][5:7])
        return _month(year - 1, month) if (year, month) > (pub.year, pub.month) else result
    day = datetime.date.fromisoformat(result[0][:10])
    if day <= pub:
        return result
    earlier = _safe_date(day.year - 1, day.month, day.day)
    return _day(earlier) if earlier is not None else result


#: Patterns whose year, when the text gives none, is the nearer one after a deadline cue.
_NEAREST_WITH_CUE = {"month_only", "month_day", "day_month", "weekday", "clock"}


def _nearer(past: Resolution | None, ahead: Resolution | None,
            pub: datetime.date) -> Resolution | None:
    """Of two readings of a month or a day, the one nearer ``pub`` (``ahead`` on a tie)."""
    if past is None or ahead is None:
        return past or ahead

    def distance(resolution: Resolution) -> int:
        value = resolution[0]
        year, month = int(value[:4]), int(value[5:7])
        if resolution[1] in ("day", "time"):
            return abs((datetime.date(year, month, int(value[8:10])) - pub).days)
        return abs((year * 12 + month) - (pub.year * 12 + pub.month)) * 30

    return past if distance(past) < distance(ahead) else ahead


def _matches(text: str) -> Iterator[tuple[str, re.Pattern[str], Handler, re.Match[str]]]:
    """Every pattern's matches in ``text``: pattern by pattern, each in text order."""
    for name, pattern, handler, ranges in _scan_ranges(text):
        for start, end in ranges:
            for match in pattern.finditer(text, start, end):
                yield name, pattern, handler, match


def _entity_accepted(text: str, start: int, end: int) -> bool:
    for name, pattern, _handler in _PATTERNS:
        match = pattern.fullmatch(text, start, end)
        if match is not None:
            if name == "the_year" and pattern.match(text, start) is None:
                return False  # what follows makes it no year of the news ("the year of")
            return _accept(name, match, text, entity=True)
    return True


def _entity_candidates(text: str, pub: datetime.date | None, doc: Doc) -> list[TimeExpression]:
    candidates: list[TimeExpression] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        raw = text[ent.start_char : ent.end_char]
        if re.search(r"\b(?:may|march)\b", raw):
            continue  # lower-case modal or verb mis-tagged as a month
        lead = _LEADING.match(raw)
        start = ent.start_char + (lead.end() if lead else 0)
        body = _TRAILING.sub("", text[start : ent.end_char])
        if not body:
            continue
        end = start + len(body)
        if not _entity_accepted(text, start, end):
            continue
        future = _is_future_clause(text, start)
        result = _resolve(body, pub, future)
        if result is None and (pub is not None or _resolve(body, _PROBE_DATE, future) is None):
            continue  # durations, decades, vague expressions
        name, match = _full_match(body)
        candidates.append(_expression(name, match, text, start, end, result))
    return candidates


def _overlaps(a: TimeExpression, b: TimeExpression) -> bool:
    return a.start < b.end and b.start < a.end


def find_times(
    text: str, publication_date: datetime.date | None, doc: Doc | None = None
) -> list[TimeExpression]:
    """Every time expression in ``text``, with character offsets into ``text``.

    Values are normalized against ``publication_date`` (see the module docstring).  The
    returned expressions do not overlap and are sorted by start; ``text[e.start:e.end] ==
    e.text`` holds for each.  Among overlapping regex matches the longest wins; spaCy
    ``DATE``/``TIME`` entities of ``doc`` (if given and parsed from the same text) only add
    expressions that overlap no regex match.
    """
    chosen: list[TimeExpression] = []
    regex = _regex_candidates(text, publication_date,
                              doc if doc is not None and doc.text == text else None)
    for candidate in sorted(regex, key=lambda e: (e.start - e.end, e.start)):
        if not any(_overlaps(candidate, kept) for kept in chosen):
            chosen.append(candidate)
    if doc is not None and doc.text == text:
        for candidate in _entity_candidates(text, publication_date, doc):
            if not any(_overlaps(candidate, kept) for kept in chosen):
                chosen.append(candidate)
    chosen.sort(key=lambda e: e.start)
    _reporting_quarters(chosen, text)
    _anaphora(chosen, text)
    return chosen


_ANAPHORIC = re.compile(_ANAPHORIC_PATTERN, re.IGNORECASE)


def _anaphora(expressions: list[TimeExpression], text: str) -> None:
    """"that day", "earlier that day", "later that year", "the same month", "that night":
    the day, month or year (or that day's part) of the calendar date the article named last
    before them (TimeML's reference time), "the following day" / "the following year" the
    one after it, where that date is at least that fine; without such a date they are left
    out (nothing says which day "that day" was).  "Three years earlier" counts back from
    that date too (:func:`_earlier_than`), except in a comparison ("up from $7 million a
    year earlier"), which is with the period reported.  Changes ``expressions`` (sorted by
    start) in place; ``text`` is the text they were found in."""
    last: str | None = None
    unanchored = []
    for expression in expressions:
        match = _ANAPHORIC.fullmatch(_clean(expression.text))
        if match is not None:
            resolved = _anaphoric_value(last, match) if last else None
            if resolved is None:
                unanchored.append(expression)
                continue
            expression.value, expression.granularity = resolved
            if not match["next"]:
                continue  # "that day" names the date last named again
            # "the following day" is the date a later "that night" or "the following day"
            # counts from, as "Tuesday" would be
        earlier = _EARLIER.fullmatch(_clean(expression.text))
        if earlier is not None and last is not None \
                and not _COMPARISON.search(text, max(0, expression.start - 60), expression.start):
            # "three years earlier", "two days earlier": before the date the article last
            # named (TimeML's reference time), where it is at least that fine; "ago" counts
            # from the publication date
            resolved = _earlier_than(last, earlier, expression.granularity)
            if resolved is not None:
                expression.value, expression.granularity = resolved
        relative = _RELATIVE_WEEKDAY.fullmatch(_clean(expression.text))
        if relative is not None and last is not None and _DAY_VALUE.match(last):
            # "the previous Friday", "the following Monday": the weekday before or after the
            # day the article last named, not the publication date
            anchor = datetime.date.fromisoformat(last[:10])
            weekday = _WEEKDAYS.index(_lower(relative["weekday"]))
            if _lower(relative["dir"]) == "following":
                delta = (weekday - anchor.weekday()) % 7 or 7
            else:
                delta = -((anchor.weekday() - weekday) % 7 or 7)
            expression.value = (anchor + datetime.timedelta(days=delta)).isoformat()
            expression.granularity = "day"
        if expression.type in ("DATE", "TIME") and expression.value \
                and re.match(r"\d{4}(?:-\d\d){0,2}(?:T|$)", expression.value):
            last = expression.value
    for expression in unanchored:  # no date of the article says which day that was
        expressions.remove(expression)
    _clock_days(expressions)


_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_EARLIER = re.compile(rf"{_COUNT}{_S}(?P<unit>days?|weeks?|months?|years?|decades?){_S}earlier",
                      re.IGNORECASE)
#: The granularity :func:`_h_ago` gives each unit: a value of another one was set by the
#: reported period (:func:`_reporting_quarters`) and is kept.
#: A figure compared with "a year earlier" ("up from $7 million a year earlier", "higher
#: than a year earlier"): the comparison is with the period reported, not with the date
#: the article last named.
_COMPARISON = re.compile(r"\b(?:from|than|with|versus|vs\.|over)\b[^.;]*$", re.IGNORECASE)
_UNIT_GRANULARITY = {"day": "day", "week": "week", "month": "month", "year": "year",
                     "decade": "year"}


def _earlier_than(anchor: str, m: re.Match[str], granularity: str | None) -> Resolution | None:
    """The value of "three years earlier" (``m``) counted back from the calendar value
    ``anchor``, or None when the count is vague ("several years"), the expression's value
    came from a reported period, or ``anchor`` is coarser than the unit (a year says
    nothing of the day "two days earlier" was)."""
    count = _count(m["num"])
    unit = _lower(m["unit"]).rstrip("s")
    if count is None or granularity != _UNIT_GRANULARITY[unit]:
        return None
    if unit in ("year", "decade"):
        return _year(int(anchor[:4]) - count * (10 if unit == "decade" else 1))
    if unit == "month":
        if not re.match(r"\d{4}-\d\d", anchor):
            return None
        return _month(*_shift_month(int(anchor[:4]), int(anchor[5:7]), -count))
    if not _DAY_VALUE.match(anchor):
        return None
    day = datetime.date.fromisoformat(anchor[:10])
    if unit == "week":
        return _week(day - datetime.timedelta(weeks=count))
    return _day(day - datetime.timedelta(days=count))
_RELATIVE_WEEKDAY = re.compile(rf"the{_S}(?P<dir>previous|preceding|following){_S}{_WEEKDAY}",
                               re.IGNORECASE)


def _clock_days(expressions: list[TimeExpression]) -> None:
    """A clock time that names no day ("was shot at 10 p.m.") is on the day the article
    last named, when the date it last named is a day (TimeML's reference time: "on Friday
    ... at 10 p.m."); else it stays on the publication day.  Changes ``expressions`` (sorted
    by start) in place."""
    last: str | None = None
    for expression in expressions:
        value = expression.value or ""
        if expression.role == "clock":
            if last is not None and _DAY_VALUE.match(last) and "T" in value:
                expression.value = last[:10] + value[10:]
            continue
        if expression.type in ("DATE", "TIME") and re.match(r"\d{4}(?:-\d\d){0,2}(?:T|$)",
                                                              value):
            last = value


_QUARTER_VALUE = re.compile(r"(?P<year>\d{4})-(?P<q>[QH][1-4])")
_YEAR_AGO = re.compile(rf"(?:a|one){_S}year{_S}(?:ago|earlier)", re.IGNORECASE)
#: How far back (characters) a named quarter is still the period a comparison refers to.
_REPORTING_REACH = 1000
#: The end of the period a result is reported for: "the quarter ended Sept. 30", "the six
#: months ending Aug. 12".
_ENDED_BEFORE = re.compile(rf"\b(?:ended|ending){_S}$", re.IGNORECASE)
#: A sentence end: a period not of an abbreviation or an initial (see :func:`_clause_start`).
_SENTENCE_BREAK = re.compile(r"[!?\n]|(?P<word>\b\w+)?\.(?=\s|$)")


def _same_sentence(text: str, start: int, end: int) -> bool:
    """Whether no sentence ends between ``start`` and ``end`` of ``text``."""
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        word = match["word"]
        # a number before a period ends a sentence ("ended Oct. 2."); a letter is an initial
        if word is None or word.isdigit() or (len(word) > 1
                                              and word.lower() not in _ABBREVIATIONS):
            return False
    return True


def _reporting_quarters(expressions: list[TimeExpression], text: str) -> None:
    """Financial news reports on one quarter: once the article names it ("third-quarter
    profit"), "the quarter" is that quarter, "the year-earlier quarter" that quarter a year
    before, and "a year earlier" / "a year ago" in a comparison ("up from $7 million a
    year earlier") that quarter a year before too, as TimeBank values them.  A comparison in
    a sentence that names the end of the period reported ("for the quarter ended Sept. 30,
    ... up from $9 million a year earlier") is that day a year before (TimeML's reference
    time).  Changes the values of ``expressions`` (sorted by start) in place."""
    last: tuple[str, int] | None = None  # the quarter last named, and where
    ended: TimeExpression | None = None  # the day last named after "ended"
    for expression in expressions:
        if expression.granularity == "day" and expression.value \
                and _ENDED_BEFORE.search(text, max(0, expression.start - 12), expression.start):
            ended = expression
        lowered = expression.text.lower()
        if expression.type != "DATE" or not ("quarter" in lowered or "period" in lowered
                                             or "year" in lowered or "half" in lowered):
            continue
        name, match = _full_match(expression.text)
        if match is None:
            continue
        recent = last is not None and expression.start - last[1] <= _REPORTING_REACH
        if name == "quarter" and expression.value:
            # "the 1988 third quarter", "the year-earlier quarter" are what it is compared with
            if _norm(match["qref"]).replace("’", "'") not in _YEAR_BEFORE and not match["y0"]:
                last = (expression.value, expression.start)
        elif name == "reporting_quarter":
            if recent and last is not None and match["qyear"]:
                # "in the 1989 period also": the reported quarter of the year it names
                expression.value = f"{match['qyear']}{last[0][4:]}"
            elif recent and last is not None:
                expression.value = _year_before(last[0]) if match["qref2"] else last[0]
            elif expression.value and not match["qref2"] and not match["qyear"]:
                last = (expression.value, expression.start)
        elif name == "ago" and _YEAR_AGO.fullmatch(_clean(expression.text)):
            if ended is not None and expression.start > ended.end \
                    and _same_sentence(text, ended.end, expression.start):
                day = datetime.date.fromisoformat(ended.value[:10])
                before = _safe_date(day.year - 1, day.month, day.day)
                if before is not None:
                    expression.value, expression.granularity = before.isoformat(), "day"
                    continue
            if recent and last is not None:
                expression.value, expression.granularity = _year_before(last[0]), "quarter"


def _year_before(value: str) -> str:
    """A quarter or half value ("1989-Q3") a year before ("1988-Q3")."""
    match = _QUARTER_VALUE.fullmatch(value)
    return f"{int(match['year']) - 1:04d}-{match['q']}" if match else value


_CALENDAR = re.compile(r"(?P<date>\d{4}(?:-\d\d(?:-\d\d)?)?|(?P<wy>\d{4})-W(?P<w>\d\d))"
                       r"(?:T[\w:]+)?")


def event_value(expression: TimeExpression) -> tuple[str, str] | None:
    """``(value, granularity)`` an event can take from ``expression``, or None.

    Only a point in time (role ``point``) on the calendar dates an event: a day, a week (its
    Monday, granularity ``week``), a month or a year; a time of day gives its day.  Deadlines,
    spans, ranges, durations, ages, sets, clock times of the publication day, references
    ("now"), quarters, seasons and decades do not.
    """
    if expression.role != "point" or expression.type not in ("DATE", "TIME"):
        return None
    match = _CALENDAR.fullmatch(expression.value or "")
    if match is None:
        return None
    if match["wy"]:
        monday = datetime.date.fromisocalendar(int(match["wy"]), int(match["w"]), 1)
        return monday.isoformat(), "week"
    date = match["date"]
    return date, {4: "year", 7: "month", 10: "day"}[len(date)]
