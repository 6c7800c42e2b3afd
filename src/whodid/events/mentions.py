"""How an event's parties are shown in the text, once who they are is settled.

The coder decides *who* acts and is acted on from the parse; this module only chooses which
words of the sentence stand for them, so that a reader (and a span-level evaluation) finds
the party where the sentence names it:

* a pronoun whose antecedent is named earlier in the same sentence is shown at that name
  ("Ethiopian rebels said they will release ..." -> "Ethiopian rebels");
* a country the act was aimed at because it happened there (an implicit target) is shown at
  what the act fell on ("Austrian police deported four children": the children, AUT), else
  at the place name that put it there ("resigned after protests in Lima" -> "Lima");
* an act aimed at something no actor names ("expressed condolences over the earthquake")
  keeps that phrase as an uncoded target, so the event says what it was about, and a
  ceasefire or an alert where it holds ("declared a ceasefire in Somalia"); the phrase
  carries no code, so coded dyads are unchanged;
* where a sentence has no event by coded actors, a subject no actor codes may stand as an
  uncoded source ("Local musicians ended their boycott of the Israeli embassy").
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from whodid.actors import phrase_tokens
from whodid.document import Document
from whodid.model import Actor, EventLocation

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# What a bare object never is: times, amounts and the like are no party to an act.
_NO_PARTY_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                                "CARDINAL"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "attr", "nsubjpass"})
_SUBJECT_DEPS = frozenset({"nsubj", "pobj"})  # (pobj: the agent of a passive, "by X")


def named_antecedent(document: Document, actor: Actor, sentence: SpacySpan) -> Actor:
    """``actor``, or for a pronoun resolved to a party named earlier in the same sentence,
    that named mention (same code, not itself a pronoun)."""
    if actor.resolved_by != "coreference" or not actor.code or not _is_pronoun(document, actor):
        return actor
    earlier = [a for a in document.actors
               if sentence.start_char <= a.start and a.end <= actor.start
               and a.code == actor.code and a.text and not _is_pronoun(document, a)]
    # a subject before a name in a phrase ("Sri Lankan officials in Colombo claimed that
    # they ...": the officials), then the nearest
    return max(earlier, key=lambda a: (_is_subject(document, a), a.start)) if earlier \
        else actor


def shown_at_place(document: Document, actor: Actor, location: EventLocation | None,
                   sentence: SpacySpan, source: Actor, acted_on: Actor | None = None) -> Actor:
    """An implicit target (a country with no words of its own) shown at the words it stands
    for: what the act fell on, where no actor names it ("deported children": the children,
    of the country where it happened), else the place in the sentence that made it the
    target: the event's location, else the one place of that country the sentence names;
    never at the source's own words ("The United States sent officials to ...": the
    target is not "United States")."""
    if actor.resolved_by == "place" and acted_on is not None \
            and acted_on.start <= actor.start and actor.end <= acted_on.end:
        # "attacked an army camp in western Kabul": Afghanistan, shown at the camp in Kabul
        return dataclasses.replace(actor, text=acted_on.text, start=acted_on.start,
                                   end=acted_on.end)
    if actor.resolved_by != "implicit" or actor.end > actor.start or not actor.country:
        return actor
    if acted_on is not None:
        return dataclasses.replace(actor, text=acted_on.text, start=acted_on.start,
                                   end=acted_on.end)

    def free(start: int, end: int) -> bool:
        return sentence.start_char <= start < sentence.end_char \
            and not (source.start < end and start < source.end)

    if location is not None and location.start is not None and location.end is not None \
            and location.country == actor.country and free(location.start, location.end):
        start, end = location.start, location.end
    else:
        places = [p for p in document.places
                  if p.country == actor.country and free(p.start, p.end)]
        if len(places) != 1:
            return actor
        start, end = places[0].start, places[0].end
    return dataclasses.replace(actor, text=document.doc.text[start:end], start=start, end=end)


def place_phrase(document: Document, location: EventLocation | None, sentence: SpacySpan,
                 sources: list[Actor]) -> Actor | None:
    """Where a ceasefire, a surrender or an alert holds, as an uncoded target: the event's
    place in its own clause ("declared a ceasefire in Somalia"), not in a source's words.
    It carries no code: a ceasefire in a country is not aimed at that country."""
    if location is None or location.precision != "clause" or location.start is None \
            or location.end is None \
            or not sentence.start_char <= location.start < sentence.end_char \
            or any(s.start < location.end and location.start < s.end for s in sources):
        return None
    return Actor(text=document.doc.text[location.start:location.end], start=location.start,
                 end=location.end, resolved_by="phrase")


def subject_phrase(document: Document, tokens: list[Token]) -> Actor | None:
    """The first of the frame's subject tokens that names no actor, as an uncoded party
    ("Musicians have lifted their boycott", "the strikers accepted a formula"): who did it,
    in the sentence's words, where no actor is coded."""
    return object_phrase(document, tokens, _SUBJECT_DEPS)


def object_phrase(document: Document, tokens: list[Token],
                  deps: frozenset[str] = _OBJECT_DEPS) -> Actor | None:
    """The first of the frame's object tokens that names no actor, as an uncoded party
    (``resolved_by`` "phrase"): the noun phrase it heads.  An object through a preposition
    comes first: in "expressed sorrow over the floods", "imposed a ban on imports" the direct
    object says what the act is, the preposition's whom or what it is aimed at."""
    for token in sorted(tokens, key=lambda t: t.dep_ != "pobj"):
        actor = document.actor_by_head.get(token.i)
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ not in deps \
                or token.ent_type_ in _NO_PARTY_ENTITIES or token.like_num \
                or actor is not None and actor.code:
            # (a coded actor the coder set aside, such as its own troops, stays aside; one
            # no code could be given, "protesters" with no country, is still who it is)
            continue
        words = phrase_tokens(token)
        words += _place_phrase_tokens(document, token, words[-1].i)
        first = next((t for t in words if t.pos_ not in ("DET", "PUNCT")), token)
        last = max(words, key=lambda t: t.i)
        while last.i > token.i and last.pos_ == "PUNCT":
            last = last.doc[last.i - 1]
        span = token.doc[first.i:last.i + 1]
        return Actor(text=span.text, start=span.start_char, end=span.end_char,
                     resolved_by="phrase")
    return None


_WHERE_PREPS = frozenset({"in", "at", "near"})


def _place_phrase_tokens(document: Document, token: Token, last: int) -> list[Token]:
    """The "in Kabul" of "an army camp in western Kabul" (the phrase of ``token`` ending at
    token index ``last``): where what was acted on is, when a place of the text heads it, is
    part of what was acted on."""
    places = {(p.start, p.end) for p in document.places}
    # (the parser may hang "in western Kabul" on the verb: right after the object, it is
    # still where the object is)
    following = [c for c in token.head.children if c.i == last + 1] if token.head.i != token.i \
        else []
    for child in [*token.children, *following]:
        if child.dep_ != "prep" or child.lower_ not in _WHERE_PREPS:
            continue
        for place in (g for g in child.children if g.dep_ == "pobj"):
            first, last = place.left_edge, place.right_edge
            if any(first.idx <= start and end <= last.idx + len(last) for start, end in places):
                return [child, *phrase_tokens(place)]
    return []


def _is_pronoun(document: Document, actor: Actor) -> bool:
    span = document.doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].pos_ == "PRON"


def _is_subject(document: Document, actor: Actor) -> bool:
    span = document.doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
