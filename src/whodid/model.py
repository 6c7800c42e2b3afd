"""The document model that flows through the pipeline, and the typed result it produces.

Every span carries character offsets into ``Article.text`` exactly as given (the title is
not part of it), so a consumer can highlight what the coder saw.  All result types are
plain dataclasses that round-trip through JSON via :func:`to_dict` / ``from_dict``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: Event modality values (see docs/output.md).
MODALITIES = ("asserted", "intended", "negated", "hypothetical", "reported")


@dataclass
class Dateline:
    """A wire dateline at the head of the text, e.g. ``TEHRAN (Tasnim) -``."""

    text: str
    start: int
    end: int
    place: str | None = None
    source: str | None = None
    date_text: str | None = None


@dataclass
class Article:
    """One news article as read from the input, before coding."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # publication date, ISO YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    dateline: Dateline | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None  # where it was read from, e.g. "news.jsonl:12", for messages

    @property
    def content_hash(self) -> str:
        """A stable hash of what the coder sees: re-coding the same content replaces rows."""
        digest = hashlib.sha256()
        for part in (self.title or "", "\x1f", self.text, "\x1f", self.date or ""):
            digest.update(part.encode("utf-8"))
        return digest.hexdigest()


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Actor:
    """An actor mention, coded where the coder can justify a code."""

    text: str
    start: int
    end: int
    name: str | None = None
    code: str | None = None  # CAMEO actor code, e.g. "IRNMIL"
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # CAMEO role code, e.g. "MIL"
    resolved_by: str | None = None  # knowledge_base, title, coreference, context, user_dictionary


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # country, region, admin1, admin2, city
    #: GeoNames admin1 code, "<ISO2>.<code>" ("IQ.15", "US.LA"); ISO 3166-2 when it has none
    admin1: str | None = None
    admin2: str | None = None  # GeoNames admin2 code ("US.LA.079") where known
    #: the point is the containing town's (a street or building the gazetteer lacks)
    approximate: bool = False


@dataclass
class TimeExpression:
    text: str
    start: int
    end: int
    value: str | None = None  # TimeML value: 2014-06-18, 2014-W25, 2014-06-18T20:10, P3Y...
    granularity: str | None = None  # time, day, week, month, quarter, season, year, decade
    type: str = "DATE"  # TimeML type: DATE, TIME, DURATION, SET
    #: What the expression is to its clause: point (a time something happens at), since,
    #: until, deadline, before, after, target, range, duration, age, set, reference, clock.
    #: Only a point dates an event.
    role: str = "point"
    span: list[str] | None = None  # a range's first and last values ("2007-2013")


@dataclass
class EventDate:
    value: str | None
    granularity: str | None
    text: str | None
    precision: str = "clause"  # clause, sentence, publication


@dataclass
class EventLocation:
    text: str | None
    start: int | None
    end: int | None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "clause"  # clause, sentence, paragraph, dateline, article
    feature: str | None = None  # as Place.feature
    admin1: str | None = None  # as Place.admin1
    admin2: str | None = None  # as Place.admin2
    #: the other places of the event, coordinated with this one ("in Nairobi and Mombasa":
    #: Nairobi here, Mombasa in ``also``); empty in records written before it existed
    also: list[Place] = field(default_factory=list)


@dataclass
class Plover:
    event: str | None
    mode: str | None = None
    context: str | None = None


@dataclass
class Event:
    source: Actor | None
    target: Actor | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: Plover
    sentence: int
    trigger: Span
    modality: str = "asserted"
    confidence: float = 0.5
    date: EventDate | None = None
    location: EventLocation | None = None
    name: str | None = None  # CAMEO event name
    reported_by: Actor | None = None
    quote: int | None = None  # index into the article's quotes when coded from a quote


@dataclass
class QuoteSpeaker:
    """Who said it: the mention at the quote (``text``, ``start``, ``end``; a pronoun stays
    "he") and the actor it resolves to, as events' actors carry it: ``code``, ``name``, and
    the span of the mention that names it (``name_start``/``name_end``: the mention itself
    for a name or title, the antecedent's name for a pronoun)."""

    text: str
    start: int
    end: int
    code: str | None = None
    name: str | None = None
    name_start: int | None = None
    name_end: int | None = None


@dataclass
class Quote:
    speaker: QuoteSpeaker | None
    cue: str | None
    content: Span
    direct: bool = True
    events: list[int] = field(default_factory=list)  # indices of events coded from it
    # the quoted pieces of a content that its attribution interrupts ('"...," he said,
    # "..."'); empty when the content is one piece
    parts: list[Span] = field(default_factory=list)


@dataclass
class CodedArticle:
    """The coder's output for one article: one JSON Lines record."""

    id: str
    title: str | None
    date: str | None
    source: str | None
    url: str | None
    dateline: Dateline | None
    text: str
    content_hash: str
    coder_version: str
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CodedArticle:
        return _from_dict(cls, data)


def to_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of any result dataclass."""
    return asdict(obj)


# Nested dataclass types by (owner class, field name); kept explicit so that loading
# never guesses from string annotations.
_NESTED: dict[tuple[type, str], type] = {
    (Article, "dateline"): Dateline,
    (CodedArticle, "dateline"): Dateline,
    (CodedArticle, "events"): Event,
    (CodedArticle, "quotes"): Quote,
    (CodedArticle, "places"): Place,
    (CodedArticle, "times"): TimeExpression,
    (CodedArticle, "actors"): Actor,
    (Event, "source"): Actor,
    (Event, "target"): Actor,
    (Event, "reported_by"): Actor,
    (Event, "plover"): Plover,
    (Event, "trigger"): Span,
    (Event, "date"): EventDate,
    (Event, "location"): EventLocation,
    (EventLocation, "also"): Place,
    (Quote, "speaker"): QuoteSpeaker,
    (Quote, "content"): Span,
    (Quote, "parts"): Span,
}


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        nested = _NESTED.get((cls, f.name))
        if nested is not None and value is not None:
            if isinstance(value, list):
                value = [_from_dict(nested, item) for item in value]
            else:
                value = _from_dict(nested, value)
        kwargs[f.name] = value
    return cls(**kwargs)


def article_from_dict(data: dict[str, Any]) -> Article:
    return _from_dict(Article, data)
