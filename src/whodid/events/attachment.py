"""What an event carries besides its actors: the trigger's text span, its date (a time
expression in its clause, else its sentence, else the publication date) and its location
(:func:`whodid.places.event_place`, else the dateline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.model import EventDate, EventLocation, Place, Span, TimeExpression
from whodid.places import event_place

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from whodid.events.frames import Frame


def _trigger_span(tokens: list[Token]) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    doc = first.doc
    span = doc[first.i:last.i + 1]
    return Span(text=span.text, start=span.start_char, end=span.end_char)


def _event_date(document: Document, clause: tuple[int, int],
                sentence: SpacySpan) -> EventDate | None:
    def within(expr: TimeExpression, start: int, end: int) -> bool:
        return start <= expr.start and expr.end <= end and expr.value is not None

    for start, end, precision in ((*clause, "clause"),
                                  (sentence.start_char, sentence.end_char, "sentence")):
        for expr in document.times:
            if within(expr, start, end):
                return EventDate(expr.value, expr.granularity, expr.text, precision)
    if document.article.date:
        return EventDate(document.article.date, "day", None, "publication")
    return None


def _event_location(document: Document, frame: Frame, clause: tuple[int, int],
                    sentence: SpacySpan, material: bool) -> EventLocation | None:
    """The place attached to the event (:func:`whodid.places.event_place`, which the
    evaluation's fallback shares), else the dateline's."""
    participants = [(a.start, a.end) for t in (*frame.sources, *frame.targets)
                    if (a := document.actor_by_head.get(t.i)) is not None]
    found = event_place(document, frame.anchor, frame.trigger, frame.targets, participants,
                        material=material)
    if found is not None:
        return _location(found.place, found.precision)
    if document.dateline_place is not None:
        return _location(document.dateline_place, "dateline")
    return None


def _location(place: Place, precision: str) -> EventLocation:
    return EventLocation(text=place.text, start=place.start if place.start >= 0 else None,
                         end=place.end if place.end >= 0 else None, name=place.name,
                         country=place.country, lat=place.lat, lon=place.lon,
                         geonames_id=place.geonames_id, precision=precision,
                         feature=place.feature, admin1=place.admin1, admin2=place.admin2)
