"""What an event carries besides its actors: the trigger's text span, its date (a time
expression that modifies its clause, else the publication date) and its location
(:func:`whodid.event_places.event_place`, else the dateline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.event_places import event_place, paragraph_place
from whodid.model import EventDate, EventLocation, Place, Span, TimeExpression
from whodid.times import event_value

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from whodid.events.frames import Frame


def _trigger_span(tokens: list[Token]) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    doc = first.doc
    span = doc[first.i:last.i + 1]
    return Span(text=span.text, start=span.start_char, end=span.end_char)


def _event_date(document: Document, clause: tuple[int, int], sentence: SpacySpan,
                anchor: Token | None = None, modality: str = "asserted",
                verbal: bool = False) -> EventDate | None:
    """The date of a time expression that modifies the event's own clause as a temporal
    adjunct ("on Wednesday", "last week", "in early June"), else the publication date.
    A ``verbal`` event (a statement, an appeal, an intention, a threat) happens when it is
    said: "Kerry said on Monday that he would be open to cooperating" is Monday's.

    Only a point in time dates an event (:func:`whodid.times.event_value`): deadlines ("by
    2011"), spans ("since 1999"), periods, ranges, durations, ages, clock times and
    references ("now") never do.  An asserted or reported event is never dated after the
    publication date (a date that would be falls back to it).  Without a publication date
    only an explicit calendar date can date an event.
    """
    published = document.article.date
    start, end = (sentence.start_char, sentence.end_char) if verbal else clause
    for expr in document.times:
        if not (start <= expr.start and expr.end <= end):
            continue
        value = event_value(expr)
        if value is None or not _adjunct_of(document, expr, anchor, verbal):
            continue
        if published and modality in ("asserted", "reported") and value[0][:10] > published:
            continue  # what has happened cannot be later than its report
        return EventDate(value[0], value[1], expr.text, "clause")
    if published:
        return EventDate(published, "day", None, "publication")
    return None


#: Dependency relations through which a verb still speaks of the event at ``anchor``: the
#: verb of a light-verb construction ("held talks"), control ("agreed to cut"), conjuncts.
_CARRIERS = frozenset({"dobj", "xcomp", "conj", "attr", "pobj", "prep", "acomp", "oprd",
                       "pcomp"})


def _adjunct_of(document: Document, expr: TimeExpression, anchor: Token | None,
                verbal: bool = False) -> bool:
    """Whether ``expr`` modifies the clause of ``anchor`` as a temporal adjunct: it hangs on
    the anchor or a verb that carries it, bare ("last week", "Monday") or through a
    preposition ("on Wednesday", "in early June"), not on a noun ("the budget of 2006").
    For a ``verbal`` event the verb of saying that governs it carries it too."""
    if anchor is None:
        return True
    doc = anchor.doc
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif root.dep_ not in ("npadvmod", "tmod", "advmod", "nmod", "obl", "dobj", "ROOT"):
        return False
    carriers = {anchor.i}
    token = anchor
    carriers_deps = _CARRIERS | {"ccomp"} if verbal else _CARRIERS
    while token.dep_ in carriers_deps and token.head.i != token.i:
        token = token.head
        carriers.add(token.i)
    return head.i in carriers or (head.pos_ in ("VERB", "AUX") and anchor.head.i == head.i
                                  and anchor.dep_ in ("aux", "auxpass"))


def _event_location(document: Document, frame: Frame, clause: tuple[int, int],
                    sentence: SpacySpan, material: bool, said: bool | None = None,
                    verbal: bool | None = None, deed: bool | None = None
                    ) -> EventLocation | None:
    """The place attached to the event (:func:`whodid.event_places.event_place`, which the
    evaluation's fallback shares, with the places coordinated with it; ``material``,
    ``said`` and ``verbal`` as there); else, for a ``deed`` (by default a ``material``
    event) whose sentence names no place, the nearest place of its paragraph
    (:func:`whodid.event_places.paragraph_place`); else the dateline's."""
    participants = [(a.start, a.end) for t in (*frame.sources, *frame.targets)
                    if (a := document.actor_by_head.get(t.i)) is not None]
    found = event_place(document, frame.anchor, frame.trigger, frame.targets, participants,
                        material=material, said=said, verbal=verbal)
    if found is not None:
        return _location(found.place, found.precision, list(found.also))
    if material if deed is None else deed:
        near = paragraph_place(document, sentence)
        if near is not None:
            return _location(near, "paragraph")
    if document.dateline_place is not None:
        return _location(document.dateline_place, "dateline")
    return None


def _location(place: Place, precision: str, also: list[Place] | None = None
              ) -> EventLocation:
    return EventLocation(text=place.text, start=place.start if place.start >= 0 else None,
                         end=place.end if place.end >= 0 else None, name=place.name,
                         country=place.country, lat=place.lat, lon=place.lon,
                         geonames_id=place.geonames_id, precision=precision,
                         feature=place.feature, admin1=place.admin1, admin2=place.admin2,
                         also=also or [])
