"""From participant tokens to coded actors: the actor the actors stage found at a token, the
country of a nationality adjective ("Palestinian riots") or of a place ("in Sanaa"), one actor
per coordinated country ("U.S. and Russian negotiators"), and the corrections by what the
actor's own words or the event's place say of its country (:func:`_placed_by_own_words`,
:func:`_located`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from whodid.actors import (
    HYPHEN_PARTICIPLES,
    STATELESS_MODIFIERS,
    TRANSNATIONAL,
    against_or_for,
    hyphen_participle,
    owner_of_relation,
)
from whodid.document import Document
from whodid.events.participants import _where
from whodid.knowledge import knowledge_base
from whodid.model import Actor, Place

if TYPE_CHECKING:
    from spacy.tokens import Token


_PARTITIVES = frozenset({"half", "third", "quarter", "part", "majority", "minority", "most",
                         "many", "some", "all", "dozens", "hundreds", "thousands", "scores",
                         "tens", "millions", "dozen", "hundred", "thousand", "score",
                         "group", "number", "rest", "remainder"})

_PEOPLE_SECTORS = frozenset({"CVL", "OPP", "LAB", "EDU", "REF", "HLH", "INS", "REB", "CRM",
                             "RAD", "AGR", "BUS", "MED", "REL", "HRI"})


def _per_country(actor: Actor, head: Token, day: dt.date | None = None) -> list[Actor]:
    """"U.S. and Russian negotiators", "Armenian and Azeri troops": one actor per country
    the coordinated modifiers name, each with the phrase's role."""
    # ... or the coordinated countries a phrase took its country from ("aid for Romania and
    # Poland")
    named = [o for p in head.children if p.dep_ == "prep" for o in p.children
             if o.dep_ == "pobj" and o.conjuncts]
    for modifier in [*head.children, *named]:
        if modifier not in named and (modifier.dep_ not in ("amod", "nmod", "compound")
                                      or not modifier.conjuncts):
            continue
        words = [modifier, *modifier.conjuncts]
        countries = [knowledge_base().country_by_name(w.text, day) for w in words]
        if None in countries or len({c.code for c in countries}) < 2:
            continue
        return [Actor(text=w.text if w in named else f"{w.text} {head.text}",
                      start=w.idx, end=w.idx + len(w),
                      name=c.name, code=c.code + (actor.sector or ""), country=c.code,
                      sector=actor.sector, resolved_by=actor.resolved_by)
                for w, c in zip(words, countries, strict=True)]
    return [actor]


def _adjective_actor(token: Token, day: dt.date | None = None) -> Actor | None:
    """The country of a nationality adjective that is an event noun's source ("Palestinian
    riots against ..."): the actors stage codes noun phrases, not lone adjectives."""
    if token.dep_ != "amod" or against_or_for(token.doc, token.i) or hyphen_participle(
            token.doc, token.i + 1, HYPHEN_PARTICIPLES - {"led"}) or owner_of_relation(token):
        # "an anti-Syria journalist", "US-backed rebels", "the Russian language", "Israeli
        # allies" are no one's country
        return None
    return _country_word_actor(token, day)


def _country_word_actor(token: Token, day: dt.date | None = None) -> Actor | None:
    """The country a word names by its name or adjective ("Kuwaiti"), as an actor."""
    country = knowledge_base().country_by_name(token.text, day)
    if country is None:
        return None
    return Actor(text=token.text, start=token.idx, end=token.idx + len(token), name=country.name,
                 code=country.code, country=country.code, resolved_by="knowledge_base")


def _partitive_actor(document: Document, token: Token) -> Actor | None:
    """"Half of the rebel fighters" (when the actors stage coded only the fighters): the
    fighters."""
    if token.pos_ != "NUM" and token.lemma_.lower() not in _PARTITIVES \
            and token.lower_ not in _PARTITIVES:
        return None
    return next((a for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"
                 if (a := document.actor_by_head.get(g.i)) is not None), None)


def _place_country_actor(place: Place) -> Actor:
    """The country of a place, as an actor coded from the place (resolved_by "place")."""
    return Actor(text=place.text, start=place.start, end=place.end, name=place.name,
                 code=place.country, country=place.country, resolved_by="place")


def _country_of_place_at(document: Document, token: Token) -> Actor | None:
    for place in document.places:
        if place.start <= token.idx < place.end and place.country:
            return _place_country_actor(place)
    return None


def _coded_or_place(document: Document, token: Token) -> Actor | None:
    actor = document.actor_by_head.get(token.i)
    if actor is None and token.pos_ == "PROPN" or actor is not None and not (
            actor.code or actor.sector):
        return _country_of_place_at(document, token) or actor
    return actor


def _place_as_country(document: Document, token: Token) -> Actor | None:
    """A place named where something happened ("in Sanaa") stands for its country, not
    for the government that sits there."""
    return _country_of_place_at(document, token) if _where(token) else None


def _country(document: Document, token: Token) -> str | None:
    actor = document.actor_by_head.get(token.i)
    return actor.country if actor else None


def _own_possession(actor: Actor, source_countries: set[str],
                    commanders: set[str] | None = None) -> bool:
    """Whether ``actor`` is the source's own, named so ("its troops", "their embassy") or
    forces it commands ("Britain mobilized army reservists": resolved from context; only a
    state commands them, so ``commanders`` are the countries of the sources that are one)."""
    commanders = source_countries if commanders is None else commanders
    return bool(actor.country in source_countries and (
        re.match(r"(?i)(its|their|his|her|our)\b", actor.text)
        or actor.resolved_by == "context" and actor.sector in ("MIL", "COP")
        and actor.country in commanders))


#: sectors of the people of a country, who command no forces ("Iraqi people volunteered to
#: assist the military forces": Iraq's forces are whom they assist)
PEOPLE_SECTORS = frozenset({"CVL", "REF", "LAB", "EDU", "HLH", "REL", "MED", "BUS", "AGR",
                            "ELI", "NGO", "OPP", "PTY"})


#: armed groups that fight a state's forces rather than command them ("Rebels attacked an
#: army base": the base is the state's, not the rebels' own)
_NON_STATE_FORCES = frozenset({"REB", "INS", "SEP", "UAF", "CRM"})


def _commanders(sources: list[Actor]) -> set[str]:
    return {s.country for s in sources if s.country
            and s.sector not in PEOPLE_SECTORS | _NON_STATE_FORCES}


def _placed_by_own_words(document: Document, actor: Actor) -> Actor:
    """An actor without a country whose own phrase names a place that has one ("the
    government of Sindh province", "the Darfur rebels") is of that country."""
    if actor.country or (actor.code and actor.code[:3] in TRANSNATIONAL) \
            or actor.resolved_by in ("implicit", "place"):
        return actor
    for place in document.places:
        if actor.start <= place.start and place.end <= actor.end and place.country \
                and (place.start, place.end) != (actor.start, actor.end):
            return Actor(text=actor.text, start=actor.start, end=actor.end, name=actor.name,
                         code=place.country + (actor.sector or ""), country=place.country,
                         sector=actor.sector, resolved_by="place")
    return actor


def _located(actor: Actor, country: str) -> Actor:
    """People with no country of their own, or an ethnic minority ("ethnic Albanians" in
    Serbia), acting where the event happened are of that country."""
    # the people themselves, not a deed about them ("suppression of ethnic Albanian unrest")
    words = actor.text.split()
    ethnic = "ethnic" in (w.lower() for w in words[-3:]) and actor.sector in (None, "CVL") \
        and (words[-1].endswith("s") or words[-1][:1].isupper())
    if ethnic and actor.country != country:
        return Actor(text=actor.text, start=actor.start, end=actor.end, name=actor.name,
                     code=country + "CVL", country=country, sector="CVL", resolved_by="place")
    if actor.country or (actor.code and actor.code[:3] in TRANSNATIONAL) \
            or STATELESS_MODIFIERS & set(actor.text.lower().split()):
        return actor  # ("foreign journalists" arrested in Nairobi are not Kenyan)
    if actor.sector is None and actor.code is None and actor.resolved_by != "implicit":
        # "Prisoners rioted at a jail in Dili": unnamed people acting there are of that
        # country, with no sector to claim
        return Actor(text=actor.text, start=actor.start, end=actor.end, name=actor.name,
                     code=country, country=country, sector=None, resolved_by="place")
    if actor.sector not in _PEOPLE_SECTORS:
        return actor
    return Actor(text=actor.text, start=actor.start, end=actor.end, name=actor.name,
                 code=country + actor.sector, country=country, sector=actor.sector,
                 resolved_by="place")
