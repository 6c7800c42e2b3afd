"""Normalize stage: tidy an :class:`~whodid.model.Article` without moving any offsets.

Two jobs:

* :func:`parse_dateline` recognises a wire dateline such as ``TEHRAN (Tasnim) -`` or
  ``WASHINGTON, June 3 (Reuters) -`` at the very start of the text and reports its span,
  place, source and date text.  It is deliberately conservative: the place must be short
  (at most four words), in capitals or Title Case, and ordinary sentences must not match.
* :func:`normalize_article` fills in the dateline, the source (from the dateline when the
  article has none), a non-empty ``id``, a stripped ``title`` and an ISO ``date``.  The only
  change it makes to ``text`` is removing trailing whitespace, so offsets stay valid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import re
import time
from typing import Any

from whodid.model import Article, Dateline

__all__ = ["normalize_article", "normalize_date", "parse_dateline"]

# --- datelines ------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_DATE = _MONTH + r"[ \t]+\d{1,2}(?:,?[ \t]+\d{4})?"

# One word of a place name in capitals ("NEW", "ST.", "AL-QAIM", "N'DJAMENA") or in
# Title Case ("Kabul", "Port-au-Prince", "Al-Qaim"); lower-case particles such as "de"
# may join Title Case words ("Rio de Janeiro").
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*"
_TITLE_WORD = r"[A-Z][a-z'’]+(?:[\-][A-Za-z][a-z'’]*)*\.?"
_PARTICLE = r"(?:de|del|da|do|dos|la|le|les|al|el|es|of|on|upon|am|an|der|den|du|di|sur)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,4}}"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:[ ](?:{_PARTICLE}[ ])?{_TITLE_WORD}){{0,3}}"
_PLACE = rf"(?:{_CAPS_PLACE}|{_TITLE_PLACE})"
# The source in parentheses: "Reuters", "AP", "Whodid Wire", "Tasnim News Agency", "dpa".
# Every word capitalised (or a digit): a lower-case word ("(and its allies)", "(Syrian
# Al-Qaeda group)") means the parentheses are prose.
_SOURCE = r"(?:[A-Z][\w.&'’/\-]+(?:[ ][A-Z0-9][\w.&'’/\-]*){0,4}|dpa)"
_SEPARATOR = r"(?:--|[-–—:])"

_DATELINE_RE = re.compile(
    rf"""
    (?P<lead>\s*)
    (?P<place>{_PLACE})
    (?:,[ \t]+(?!{_MONTH}[ \t]+\d)(?P<region>{_PLACE}))?
    (?:,[ \t]+(?P<date>{_DATE}))?
    (?:[ \t]*\((?P<source>{_SOURCE})\))?
    [ \t]*(?P<sep>{_SEPARATOR})
    (?=\s|$|(?<=\):)[A-Z])
    [ \t\u00a0]*
    """,
    re.VERBOSE,
)


# A paragraph that opens with a label in capitals and a colon, as a transcript's turns do.
_TRANSCRIPT_LABEL = re.compile(rf"\n[ \t\"\u201c]*({_CAPS_PLACE}):[ \t]")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# First words that show the text is a sentence or a rubric, not a dateline place.
_NOT_PLACES = _word_set(
    "a an the this that these those it he she we they i you in on at by for from to with "
    "as and but or if when while after before yes no update updated breaking exclusive "
    "analysis opinion editorial comment note correction corrected live video photos watch "
    "listen factbox explainer alert urgent flash advisory editors editor's warning "
    "summary q re fwd subject source sources"
)
# Titles that open a Title Case sentence about a person ("President Obama (D) - ...");
# in capitals they may still be places ("GENERAL SANTOS", "PRINCE GEORGE").
_PERSON_TITLES = _word_set(
    "president senator sen rep representative gov governor mr mrs ms dr gen general prime "
    "minister king queen prince pope"
)


def _is_caps(words: str) -> bool:
    letters = [ch for ch in words if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _title_case_place(place: str) -> str:
    """``NEW YORK`` -> ``New York``; places already in mixed case are kept as they are."""
    if not _is_caps(place):
        return place

    def fix(chunk: str) -> str:
        return chunk[:1].upper() + chunk[1:].lower()

    words = []
    for index, word in enumerate(place.split(" ")):
        if index and re.fullmatch(_PARTICLE, word.lower()):
            words.append(word.lower())  # "RIO DE JANEIRO" -> "Rio de Janeiro"
        else:
            words.append("-".join(fix(part) for part in word.split("-")))
    return " ".join(words)


def parse_dateline(text: str) -> Dateline | None:
    """Find a wire dateline at the very start of ``text``.

    Recognised shapes include ``TEHRAN (Tasnim) -``, ``WASHINGTON, June 3 (Reuters) -``,
    ``NEW YORK (AP) —``, ``KABUL, Afghanistan (AP) —``, ``PARIS, Jan. 5 -``, ``BEIRUT —``
    and ``LONDON:``.  The returned :class:`Dateline` spans the whole dateline, including the
    separator and the spaces after it; ``start`` skips leading whitespace.  ``place`` is
    title-cased when it was written in capitals (``NEW YORK`` -> ``New York``) and keeps a
    region (``Kabul, Afghanistan``).  Returns ``None`` when the text does not open with a
    dateline.
    """
    match = _DATELINE_RE.match(text)
    if match is None:
        return None
    place = match.group("place")
    region = match.group("region")
    source = match.group("source")
    date_text = match.group("date")
    sep = match.group("sep")

    words = place.split(" ")
    if len(words) > 4 or words[0].lower().rstrip(".") in _NOT_PLACES:
        return None
    if len(place.replace(".", "").replace("-", "")) < 2:
        return None
    caps = _is_caps(place)
    if not caps:
        if words[0].lower().rstrip(".") in _PERSON_TITLES:
            return None
        # A Title Case opening ("Beirut -", "Yes -") is only a dateline with a wire source
        # or a date to back it up.
        if source is None and date_text is None:
            return None
    if sep == ":" and not (caps and (source is None or date_text is not None)):
        # "LONDON:" and "KARACHI, April 5 (APP):" (Pakistani wire style, also run into the
        # first word: "(APP):Officials"); a colon after a source alone or a Title Case word
        # reads as prose.
        return None
    if sep == ":" and any(label.group(1).split(" ")[0].lower() not in _NOT_PLACES
                          for label in _TRANSCRIPT_LABEL.finditer(text, match.end())):
        # "MORRIS: Let's start ..." where later paragraphs also open with a speaker's
        # label ("GREEN: We will ..."): a transcript, whose first label is no place
        return None
    if region is not None and region.split(" ")[0].lower() in _NOT_PLACES:
        return None

    name = _title_case_place(place)
    if region is not None:
        name = f"{name}, {_title_case_place(region)}"
    start = match.end("lead")
    return Dateline(
        text=text[start : match.end()],
        start=start,
        end=match.end(),
        place=name,
        source=source,
        date_text=date_text,
    )


# --- dates ----------------------------------------------------------------------------

_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|\s)")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TEXT_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%A, %d %B %Y",
    "%a, %d %b %Y",
)


def _ymd(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def normalize_date(value: Any) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from ``value``, or ``None`` when it does not parse.

    Accepts ``datetime.date``/``datetime.datetime``, ``time.struct_time``, and strings in
    ISO form (``2014-06-18``, ``2014-06-18T09:30:00+04:30``; the date part is kept as
    written, no time-zone shift), ``2014/06/18``, ``20140618``, RFC 2822
    (``Wed, 18 Jun 2014 10:00:00 GMT``) and English month-name forms (``June 18, 2014``,
    ``18 Jun 2014``).  Dates without a day (``2014-06``) do not parse.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return _ymd(str(value.tm_year), str(value.tm_mon), str(value.tm_mday))
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw:
        return None
    for pattern in (_ISO_PREFIX, _SLASHED, _COMPACT):
        match = pattern.match(raw)
        if match:
            return _ymd(*match.groups())
    if raw[:1].isalpha() or raw[:1].isdigit():
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed.date().isoformat()
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", raw).replace("Sept.", "Sep.")
    cleaned = re.sub(r"\b([A-Za-z]{3})\.", r"\1", cleaned)
    for fmt in _TEXT_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


# --- articles -------------------------------------------------------------------------


def normalize_article(article: Article) -> Article:
    """Return a normalized copy of ``article``; offsets into ``text`` stay valid.

    * ``text``: only trailing whitespace is removed.
    * ``dateline``: parsed from the head of the text unless already set.
    * ``source``: taken from the dateline (``TEHRAN (Tasnim) -`` -> ``Tasnim``) when the
      article has none.
    * ``id``: a non-empty string (a content-hash id when missing).
    * ``title``: whitespace collapsed and stripped; empty -> ``None``.
    * ``date``: ISO ``YYYY-MM-DD`` if it parses; otherwise ``None``, with the raw value
      kept in ``metadata["date_raw"]``.
    """
    text = article.text if isinstance(article.text, str) else str(article.text or "")
    text = text.rstrip()
    metadata = dict(article.metadata) if article.metadata else {}

    title = article.title
    if title is not None:
        title = " ".join(str(title).split()) or None

    date = article.date
    if date is not None:
        parsed = normalize_date(date)
        if parsed is None and not (isinstance(date, str) and not date.strip()):
            metadata["date_raw"] = date if isinstance(date, str) else str(date)
        date = parsed

    dateline = article.dateline
    if dateline is None or dateline.end > len(text):
        dateline = parse_dateline(text)

    source = article.source.strip() if isinstance(article.source, str) else article.source
    if not source:
        source = dateline.source if dateline is not None and dateline.source else None

    url = article.url.strip() if isinstance(article.url, str) else article.url
    url = url or None

    normalized = dataclasses.replace(
        article,
        text=text,
        title=title,
        date=date,
        source=source,
        url=url,
        dateline=dateline,
        metadata=metadata,
    )
    article_id = "" if article.id is None else str(article.id).strip()
    if not article_id:
        article_id = f"article-{normalized.content_hash[:12]}"
    normalized.id = article_id
    return normalized
