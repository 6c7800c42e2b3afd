"""Time expressions: detection in news text and normalization against the publication date.

Detection is a set of regular expressions over the raw text, completed by spaCy ``DATE``
and ``TIME`` entities when a parsed ``Doc`` is given (entities only add spans the regexes
missed, and are normalized by the same resolver here, never by spaCy).  Only expressions
that denote a point or a calendar period are emitted; durations ("for three days", "a
10-year sentence", "the past year") and decades ("the 1990s") are not.

Normalization follows news conventions:

* a bare weekday ("on Monday", "Monday night") is the most recent such day on or before the
  publication date, so a "Wednesday" in a Wednesday story is the publication day; in a
  clearly future clause ("will meet on Friday") it is the next such day on or after it;
  "last Monday" / "this past Monday" is the most recent such day strictly before it (a week
  back when it is the publication weekday); "next Monday" / "this coming Monday" is the
  next such day strictly after it;
* "yesterday" is -1 day, "tomorrow" +1, "the day before yesterday" -2;
* "the previous day" / "the day before" have no anchor event here, so they are taken
  relative to the publication date (-1 day), a documented simplification; likewise "the
  previous week/month/year" is read as "last week/month/year";
* weeks are given as the date of their Monday with granularity ``week``;
* a month name without a year takes the year that puts it at most about two months after
  the publication date (the latest such year), or, in a future clause, the first year
  that puts it on or after the publication date.

Values are ISO strings: ``YYYY-MM-DD`` (``day`` and ``week``), ``YYYY-MM`` (``month``),
``YYYY`` (``year``).  Without a publication date, absolute dates still resolve and
relative expressions are emitted with ``value=None``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from whodid.model import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_times", "resolve_time"]

Resolution = tuple[str, str]
Handler = Callable[[re.Match[str], datetime.date | None, bool], Resolution | None]

# --------------------------------------------------------------------------------------
# Vocabulary

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = [name for name, _ in sorted(_MONTHS.items(), key=lambda kv: kv[1]) if len(name) > 4]
_FULL_MONTHS += ["may", "june", "july"]
_ABBR_MONTHS = ["sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
#: Month words that are also common English words: need context when they stand alone.
_AMBIGUOUS_MONTHS = {"may", "march"} | set(_ABBR_MONTHS)

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

# --------------------------------------------------------------------------------------
# Regex building blocks (all patterns are compiled case-insensitively)

_S = r"[^\S\n]+"  # horizontal whitespace: an expression never spans a line break
_SEP = rf"(?:-|{_S})"
_MONTH = (
    r"(?P<month>(?:" + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + r")\b"
    r"|(?:" + "|".join(_ABBR_MONTHS) + r")\b\.?)"
)
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![,.:/]\d)"
_YEAR = r"(?<![\d$£€.,])(?P<year>(?:19|20)\d\d)\b(?![,.]\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"
_PART = rf"(?:{_S}(?:morning|afternoon|evening|night|midday|noon))?\b"
_MOD = (
    rf"(?P<mod>early|mid|late|(?:the{_S})?(?:end|beginning|start|middle){_S}of"
    rf"|the{_S}(?:first|second){_S}half{_S}of)"
)
_WEEKDAY_REL = rf"(?P<rel>last|next|this{_S}coming|this{_S}past|this|past|coming|upcoming)"
_MONTH_REL = rf"(?P<rel>last|next|this{_S}coming|this{_S}past|this|past|coming)"

_FUTURE = re.compile(
    r"\b(?:will|shall|won[’']t|(?:is|are|am)\s+(?:due|scheduled|set|expected|slated|going)"
    r"\s+to|plans?\s+to|to\s+be\s+held)\b|[’']ll\b",
    re.IGNORECASE,
)
_CONTEXT_WORDS = re.compile(
    r"\b(?:in|since|until|till|by|during|from|through|throughout|before|after|of|on|"
    r"early|late|mid|last|next|this|around|circa|year)\W*$",
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
    return (d - datetime.timedelta(days=d.weekday())).isoformat(), "week"


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
    month, day = _month_number(m["month"]), int(m["day"])
    year = m["year"]
    d = _safe_date(int(year), month, day) if year else _infer_day(month, day, pub, future)
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
    return _month(int(m["year"]), _month_number(m["month"]))


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
    return _year(int(m["year"]))


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
    if rel in ("next", "coming", "this coming", "upcoming"):
        delta = (weekday - pub.weekday()) % 7 or 7
    elif rel in ("last", "past", "this past"):
        delta = -((pub.weekday() - weekday) % 7 or 7)
    elif future:
        delta = (weekday - pub.weekday()) % 7
    else:
        delta = -((pub.weekday() - weekday) % 7)
    return _day(pub + datetime.timedelta(days=delta))


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
    return _day(pub + datetime.timedelta(days=delta))


def _h_period_relative(
    m: re.Match[str], pub: datetime.date | None, future: bool
) -> Resolution | None:
    if pub is None:
        return None
    shift = {"last": -1, "the previous": -1, "this": 0, "next": 1}[_norm(m["rel"])]
    unit = _lower(m["unit"])
    if unit == "week":
        return _week(pub + datetime.timedelta(weeks=shift))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, shift))
    return _year(pub.year + shift)


def _h_ago(m: re.Match[str], pub: datetime.date | None, future: bool) -> Resolution | None:
    if pub is None:
        return None
    raw = _lower(m["num"])
    count = int(raw) if raw.isdigit() else _NUMBERS[raw]
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


# --------------------------------------------------------------------------------------
# Patterns, shared by detection (search in text) and resolution (full match)

_NUM = r"(?P<num>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"

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
            rf"(?:{_WEEKDAY},?{_S})?{_MONTH}{_S}{_DAY}(?:,?{_S}{_YEAR})?",
            _h_month_day,
        ),
        (
            "day_month",
            rf"(?:{_WEEKDAY},?{_S})?(?:the{_S})?{_DAY}{_S}(?:of{_S})?{_MONTH}(?:,?{_S}{_YEAR})?",
            _h_month_day,
        ),
        ("month_year", rf"(?:{_MOD}{_SEP})?{_MONTH},?{_S}{_YEAR}", _h_month_year),
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
            "period_relative",
            rf"(?:(?:{_MOD}|earlier|later){_SEP})?(?P<rel>last|this|next|the{_S}previous)"
            rf"{_S}(?P<unit>week|month|year)\b",
            _h_period_relative,
        ),
        (
            "ago",
            rf"{_NUM}{_S}(?P<unit>days?|weeks?|months?|years?|decades?){_S}ago\b",
            _h_ago,
        ),
        ("year", rf"(?:{_MOD}{_SEP})?{_YEAR}", _h_year),
    ]
]

_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
_DIGITS = tuple("0123456789")
#: Per pattern, groups of lower-case words: every match contains a word of each group, so a
#: text that lacks every word of a group cannot match and is not scanned.  (Only ASCII
#: literals count; "\\d" also matches other scripts' digits, so "numeric" needs no digit.)
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "iso": (("-",), ("19", "20")),
    "numeric": (("/", "."),),
    "month_day": (_MONTH_STEMS, _DIGITS),
    "day_month": (_MONTH_STEMS, _DIGITS),
    "month_year": (_MONTH_STEMS, ("19", "20")),
    "month_of_rel_year": (_MONTH_STEMS, ("year",)),
    "month_only": (_MONTH_STEMS,),
    "weekday": (tuple(_WEEKDAYS),),
    "day_relative": (("yesterday", "tomorrow", "today", "tonight", "morning", "afternoon",
                      "evening", "night", "previous", "before"),),
    "period_relative": (("week", "month", "year"),),
    "ago": (("ago",),),
    "year": (("19", "20"),),
}
_NEED_WORDS = frozenset(word for groups in _NEEDS.values() for group in groups
                        for word in group)
#: The only non-ASCII characters that match an ASCII letter case-insensitively, or lower-case
#: to one (Turkish dotted and dotless i, long s, Kelvin sign): a text with any of them is
#: scanned by every pattern.
_CASE_FOLD_EXCEPTIONS = tuple(chr(code) for code in _FOLD)

#: Patterns whose reading changes in a future clause.
_FUTURE_SENSITIVE = {"month_day", "day_month", "month_only", "weekday"}

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

    ``value`` is ``YYYY-MM-DD`` (granularity ``day``, or ``week`` for the Monday of a
    week), ``YYYY-MM`` (``month``) or ``YYYY`` (``year``).  Leading prepositions ("on
    Monday") and trailing punctuation are ignored.  Returns ``(None, None)`` when the
    expression is not a recognized point in time, or when it is relative and there is no
    publication date.
    """
    result = _resolve(expression, publication_date)
    return result if result is not None else (None, None)


# --------------------------------------------------------------------------------------
# Detection


def _is_future_clause(text: str, start: int) -> bool:
    """Whether the clause leading up to ``start`` is in the future ("will meet on ...")."""
    window = text[max(0, start - 80) : start]
    cut = max(window.rfind(ch) for ch in ".;!?\n,")
    return _FUTURE.search(window[cut + 1 :]) is not None


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


def _regex_candidates(text: str, pub: datetime.date | None) -> list[TimeExpression]:
    candidates: list[TimeExpression] = []
    for name, _pattern, handler, match in _matches(text):
        if not _accept(name, match, text):
            continue
        future = name in _FUTURE_SENSITIVE and _is_future_clause(text, match.start())
        result = handler(match, pub, future)
        if result is None and (pub is not None or handler(match, _PROBE_DATE, future) is None):
            continue  # invalid date, ambiguous numeric date
        value, granularity = result if result is not None else (None, None)
        candidates.append(
            TimeExpression(match[0], match.start(), match.end(), value, granularity)
        )
    return candidates


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
        value, granularity = result if result is not None else (None, None)
        candidates.append(TimeExpression(body, start, end, value, granularity))
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
    regex = _regex_candidates(text, publication_date)
    for candidate in sorted(regex, key=lambda e: (e.start - e.end, e.start)):
        if not any(_overlaps(candidate, kept) for kept in chosen):
            chosen.append(candidate)
    if doc is not None and doc.text == text:
        for candidate in _entity_candidates(text, publication_date, doc):
            if not any(_overlaps(candidate, kept) for kept in chosen):
                chosen.append(candidate)
    return sorted(chosen, key=lambda e: e.start)
