"""Participants a clause does not name as its subject or object: the one acted on deeper in
the object ("rejected an Indian proposal") or in a purpose clause ("... to protest against
Sweden's decision"), the country of a place acted on ("occupied Mosul"), whoever must meet a
threat's condition, and the unnamed perpetrator of an agentless act of violence or coercion
(the country where it happened, :func:`_unnamed_perpetrator`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.actors import TRANSNATIONAL
from whodid.document import Document
from whodid.event_places import of_chain
from whodid.events.frames import Frame, _occurrence_verb
from whodid.events.participants import (
    _TARGET_PREPS,
    _died_of,
    _object_nouns,
    _subjects,
    _where,
)
from whodid.events.resolution import (
    _PEOPLE_SECTORS,
    _adjective_actor,
    _country_of_place_at,
    _country_word_actor,
    _place_country_actor,
    _placed_by_own_words,
)
from whodid.events.tree import _breadth_first, _clause_extent, _infinitive, _same_clause
from whodid.model import Actor, Place

if TYPE_CHECKING:
    from spacy.tokens import Token

    from whodid.events.coder import EventCoder


def _deep_target(frame: Frame, document: Document, sources: list[Actor],
                 skip_where: bool = False) -> list[Actor]:
    """The first coded actor inside the frame's object phrases (not in clauses, not the
    source's own country), breadth first, with the actors coordinated with it ("aid for
    Romania and Poland")."""
    source_countries = {s.country for s in sources if s.country}
    source_sectors = {s.sector for s in sources}
    day = document.publication_day
    frontier = [t for t in frame.targets if not _where(t)]  # where it happened is not whom
    if not frame.nominal:
        frontier += [c for c in frame.anchor.children if c.dep_ in ("dobj", "dative")]
        # "denounced as a crime Greece's treatment of ...": the object after the "as" phrase
        frontier += [g for c in frame.anchor.children if c.dep_ == "prep" and c.lower_ == "as"
                     for g in c.children if g.dep_ == "pobj"]
    # "rejected an Indian proposal", "an offer from Afghanistan"; "accepted a formula for
    # ending its dispute with the Community": through the object's own clauses too
    for token in _breadth_first(frontier, 6, ("poss", "compound", "nmod", "appos", "pobj",
                                              "prep", "agent", "conj", "amod", "pcomp",
                                              "dobj", "acl")):
        doers = [document.actor_by_head.get(g.i) for p in token.children
                 if p.dep_ in ("prep", "agent") and p.lower_ == "by" for g in p.children
                 if g.dep_ == "pobj"]
        doer = next((a for a in doers if a is not None and a.code), None)
        if doer is not None:
            # "investigating alleged war crimes by Croatian extremists", "rejected a report
            # by Amnesty": whoever did or made what is acted on
            return [doer]
        if skip_where and _where(token):
            continue
        actor = document.actor_by_head.get(token.i) or _adjective_actor(token, day) \
            or _possessive_antecedent(token, document, sources)
        if actor is not None and actor.sector == "MED" and token.dep_ == "pobj" \
                and token.head.lower_ == "to":
            continue  # "in messages to the media": whom it was told through, not whom at
        if actor is not None and actor.code and token not in frame.trigger and (
                actor.country not in source_countries
                # "reneged on his commitment to the Zambian people": the state and its
                # people are a domestic dyad
                or actor.sector in _PEOPLE_SECTORS and actor.sector not in source_sectors):
            return [actor, *[a for c in token.conjuncts
                             if (a := document.actor_by_head.get(c.i)) is not None and a.code]]
    return []


def _defied_target(frame: Frame, document: Document, sources: list[Actor]) -> Actor | None:
    """Whom a refusal defies: "declined to resign despite pressure by the anti-corruption
    commission", "refused to step down despite President Obama's request" (the first coded
    actor in a "despite" phrase on the refusal or on what is refused)."""
    source_codes = {s.code for s in sources}
    day = document.publication_day
    heads = [frame.anchor, *frame.trigger]
    heads += [c for t in heads for c in t.children if c.dep_ == "xcomp"]
    frontier = [g for t in heads for p in t.children
                if p.dep_ == "prep" and p.lower_ == "despite"
                for g in p.children if g.dep_ == "pobj"]
    for token in _breadth_first(frontier, 4, ("poss", "compound", "amod", "prep", "pobj",
                                              "agent")):
        actor = document.actor_by_head.get(token.i) or _adjective_actor(token, day) \
            or _country_of_place_at(document, token)
        if actor is not None and actor.code and actor.code not in source_codes:
            return actor
    return None


def _possessive_antecedent(token: Token, document: Document, sources: list[Actor]
                           ) -> Actor | None:
    """For "its" or "their" on what is acted on ("backed Britain and supported its decision
    to expel Russian diplomats"), the nearest state or group named before it in the
    sentence that is not a source: whose the decision is."""
    if token.dep_ != "poss" or token.lower_ not in ("its", "their"):
        return None
    source_codes = {s.code for s in sources}
    sentence = token.sent
    for index in range(token.i - 1, sentence.start - 1, -1):
        actor = document.actor_by_head.get(index)
        # ("its" is no person's: "Blair backed Bush and his plan" is another matter)
        if actor is not None and actor.code and actor.code not in source_codes \
                and sentence.doc[index].ent_type_ != "PERSON":
            return actor
    return None


def _purpose_target(frame: Frame, document: Document, sources: list[Actor]) -> Actor | None:
    """The first coded actor, not of the source's country, in what an infinitive purpose
    clause on the event acts on ("... to protest against Sweden's decision")."""
    source_countries = {s.country for s in sources if s.country}
    day = document.publication_day
    for clause in frame.anchor.children:
        if clause.dep_ not in ("advcl", "xcomp") or clause.pos_ != "VERB" \
                or not _infinitive(clause):
            continue
        if clause.lemma_.lower() == "help":  # "to help support the Palestinians"
            clause = next((c for c in clause.children if c.dep_ in ("xcomp", "ccomp")), clause)
        # "called on Arabs to unite and mobilize against Sharon": conjoined purposes too
        verbs = [clause, *(c for c in clause.conjuncts if c.pos_ == "VERB")]
        frontier = [n for v in verbs for n in (*_object_nouns(v), *(
            c for c in v.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS))]
        for token in _breadth_first(frontier, 4, (
                "poss", "compound", "amod", "prep", "pobj", "agent", "acl", "conj")):
            actor = document.actor_by_head.get(token.i) or _adjective_actor(token, day)
            if actor is not None and actor.code and actor.country \
                    and actor.country not in source_countries:
                return actor
    return None


def _place_target(frame: Frame, document: Document) -> Actor | None:
    """Where the target is a place ("occupied Mosul"), the place's country is the target."""
    for token in (t for target in frame.targets for t in of_chain(target)):
        actor = _country_of_place_at(document, token)
        if actor is not None:
            return actor
    return None


def _condition_subject(frame: Frame, document: Document, sources: list[Actor]
                       ) -> Actor | None:
    """Whoever must meet the condition a threat hangs on ("threatened to strike unless
    Israel rescinded the annexation"): a coded actor not of the sources' countries."""
    source_countries = {s.country for s in sources}
    # "threatened to stop the talks if the US goes ahead": the condition may hang on
    # the threatened act
    heads = [*frame.trigger, frame.anchor]
    heads += [c for t in heads for c in t.children if c.dep_ == "xcomp"]
    for token in heads:
        for clause in token.children:
            if clause.dep_ != "advcl" or not any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
                continue
            for subject in _subjects(clause)[:1]:
                actor = document.actor_by_head.get(subject.i)
                if actor is not None and actor.code and actor.country not in source_countries:
                    return actor
    return None


def _unnamed_perpetrator(coder: EventCoder, frame: Frame, root: str,
                         document: Document, unidentified: bool = False) -> list[Actor]:
    """"A US national was arrested in Lebanon", "three soldiers were killed near
    Samarra": a passive coercive or violent act with no agent is coded, as CAMEO coders
    do, with the country where it happened as its source (resolved_by "place")."""
    # "a Syrian prisoner died due to torture": whoever tortured the one who died is unnamed
    died = _died_of(frame.anchor) if frame.nominal and root in ("18", "19", "20") else None
    # "two aid workers were released from captivity in Mali": whoever held them, there
    released = frame.code.startswith("0841")
    # "the attack occurred in X": the verb telling it happened is where it hangs, and the
    # event noun is that verb's subject (an event, not an actor)
    occurred = frame.anchor.head if frame.nominal and frame.anchor.dep_ == "nsubj" \
        and any(t.i == frame.anchor.head.i for t in frame.trigger) else None
    if frame.nominal and died is None and occurred is None \
            or root not in ("09", "15", "16", "17", "18", "19", "20") and not released:
        return []
    anchor = died or occurred or frame.anchor
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in anchor.children)
    # "A roadside bombing near Samarra killed one soldier": the subject is an event or
    # a weapon, not an actor.
    deeds = [c for c in anchor.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
             and (c.lemma_.lower() in coder.lexicon.nouns
                  or c.lemma_.lower() in coder.weapon_nouns)]
    # "a car bomb exploded in Baghdad, killing 12 people": a participle's subject is the
    # clause's it hangs on, and that clause says where
    # ("two bombs targeting the police killed five in Kirkuk": the noun it describes)
    carried = [] if deeds or frame.nominal or not _participle(anchor) else [
        c for c in (*frame.sources, *([anchor.head] if anchor.dep_ == "acl" else ()))
        if c.head.i != anchor.i and c.pos_ == "NOUN"
        and (c.lemma_.lower() in coder.lexicon.nouns or c.lemma_.lower() in coder.weapon_nouns)]
    deeds = deeds or carried
    eventive = bool(deeds)
    # "the terrorists' attacks have forced half a million people to flee": whose attacks
    for doer in (document.actor_by_head.get(c.i) or _adjective_actor(c) for deed in deeds
                 for c in deed.children if c.dep_ in ("poss", "compound", "amod")):
        if doer is not None and doer.code:
            return [doer]
    # "an attempt to assassinate the governor was thwarted": a plot whose plotters
    # are not named
    plotted = anchor.dep_ == "acl" and anchor.head.pos_ == "NOUN" and _infinitive(anchor)
    if not (passive or eventive or plotted or died is not None):
        return []
    # "two soldiers were killed in a PKK attack": whose attack it was
    for deed in (g for p in anchor.children if p.dep_ == "prep" and p.lower_ in ("in", "by")
                 for g in p.children if g.dep_ == "pobj"
                 and (coder._noun_code(g) or "")[:2] in ("18", "19", "20")):
        doers = [document.actor_by_head.get(deed.i)] + [
            document.actor_by_head.get(c.i) or _adjective_actor(c) for c in deed.children
            if c.dep_ in ("compound", "poss", "amod", "nmod")]
        doer = next((a for a in doers if a is not None and a.code), None)
        if doer is not None:
            return [doer]
    start, end = _clause_extent(anchor.head.head if plotted else carried[0].head if carried
                                else anchor)
    victims = [(a.start, a.end) for t in (*frame.sources, *frame.targets)
               if not _where(t) and (a := document.actor_by_head.get(t.i)) is not None]
    violent = root in ("18", "19", "20")
    # where it happened, not a country named in the victims' description or in what the
    # act is about ("arrested in Lebanon for collaborating with Israel"), nor one naming
    # whose something is ("near the US embassy")
    in_clause = [place for place in document.places
                 if start <= place.start < end and place.country
                 and not any(a <= place.start < b for a, b in victims)
                 and not _names_whose(document, place)]
    where = next((place for place in in_clause if _attached_as_where(
        document, place, anchor.head.head if plotted else anchor, frame.trigger)), None)
    if where is None and violent and in_clause:
        # "rockets landed near the US embassy in Baghdad": a place in the clause is where
        # the attack came
        where = in_clause[0]
    if where is not None:
        actor = _place_country_actor(where)
        if violent:
            # whoever planted the bomb is unknown: CAMEO's unidentified armed force
            actor.code, actor.sector = where.country + "UAF", "UAF"
        return [actor]
    if violent:
        # "an attempt to assassinate the deputy governor of the Tyumen region was
        # thwarted": placed nowhere else, an unknown attacker is of the victim's country
        for token in frame.targets:
            victim = document.actor_by_head.get(token.i)
            if victim is not None:
                victim = _placed_by_own_words(document, victim)
            if victim is not None and victim.country and not _where(token) \
                    and victim.code[:3] not in TRANSNATIONAL:
                return [Actor(text="", start=victim.start, end=victim.start,
                              name=victim.country, code=victim.country + "UAF",
                              country=victim.country, sector="UAF", resolved_by="place")]
        # "six civilians were killed in the blast", "the widow was found murdered": placed
        # nowhere, the unknown attackers are of no known country, but the deed happened;
        # people killed in a crash, a fire or a storm were killed by no one
        causes = [g for p in anchor.children if p.dep_ == "prep" and p.lower_ in ("in", "by")
                  for g in p.children if g.dep_ == "pobj"]
        # (only in a sentence with no event by known actors: unidentified=True)
        if unidentified and all(_deed_noun(coder, g) for g in (*causes, *deeds)):
            return [Actor(text="", start=anchor.idx, end=anchor.idx,
                          name="unidentified attackers", code=None, sector="UAF",
                          resolved_by="unnamed")]
    return []


def _deed_noun(coder: EventCoder, token: Token) -> bool:
    """Whether ``token`` names an act of violence or a weapon ("the blast", "a bomb")."""
    lemma = token.lemma_.lower()
    return (coder._noun_code(token) or "")[:2] in ("18", "19", "20") \
        or lemma in coder.weapon_nouns


def _participle(verb: Token) -> bool:
    """Whether ``verb`` is a participle clause hanging on another ("..., killing 12
    people", "..., killing six and wounding nine"), not a verb of its own."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "xcomp")


_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around",
                          "throughout", "along", "on", "off", "from", "of"})


#: nouns of a frontier: forces moved or massed along one are aimed across it
_BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})


def _border_target(frame: Frame, document: Document, sources: list[Actor]) -> Actor | None:
    """"Mobilized troops along its border with Pakistan", "deployed tanks near the Kuwaiti
    border": the country across the border the act happens at, not the source's own."""
    own = {s.country for s in sources if s.country}
    for token in frame.anchor.subtree:
        if token.lemma_.lower() not in _BORDER_NOUNS or token.dep_ != "pobj" \
                or not _same_clause(token, frame.anchor):
            continue
        across = [document.actor_by_head.get(g.i) or _country_of_place_at(document, g)
                  for p in token.children if p.dep_ == "prep" and p.lower_ == "with"
                  for g in p.children if g.dep_ == "pobj"]
        # "the Chinese border", "the Kuwaiti border" (the parser may call it a compound)
        across += [document.actor_by_head.get(c.i)
                   or _country_word_actor(c, document.publication_day)
                   for c in token.children if c.dep_ in ("amod", "compound")]
        found = next((a for a in across if a is not None and a.country
                      and a.country not in own), None)
        if found is not None:
            return found
    return None


def _unnamed_protesters(coder: EventCoder, frame: Frame, root: str,
                        document: Document) -> list[Actor]:
    """"Protests erupted in Cairo", "riots broke out in Nairobi": protest that happened in
    a place, no one named as protesting, is by the people of that place's country (CVL,
    resolved_by "place"), as the unknown attackers of a bombing are its armed men."""
    if root != "14" or not frame.nominal:
        return []
    verb = _occurrence_verb(frame.anchor, coder.occurrence_verbs)
    if verb is None:
        return []
    start, end = _clause_extent(verb)
    where = next((place for place in document.places
                  if start <= place.start < end and place.country
                  and not _names_whose(document, place)
                  and _attached_as_where(document, place, verb, [])), None)
    if where is None:
        return []
    actor = _place_country_actor(where)
    actor.code, actor.sector = where.country + "CVL", "CVL"
    return [actor]


def _attached_as_where(document: Document, place: Place, anchor: Token,
                       trigger: list[Token]) -> bool:
    """Whether ``place`` hangs on ``anchor`` or the rest of its trigger ("put under
    investigation in Italy") through place phrases only, not through a clause or a phrase of
    what the act is about."""
    span = document.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    own = {anchor.i} | {t.i for t in trigger}
    for _ in range(12):
        if token.i in own:
            return True
        if token.head.i == token.i or token.dep_ in ("pcomp", "acl", "relcl", "advcl", "ccomp",
                                                  "xcomp", "conj"):
            return False
        if token.dep_ == "prep" and token.lower_ not in _PLACE_PREPS:
            return False
        token = token.head
    return False


def _names_whose(document: Document, place: Place) -> bool:
    """A place name modifying what is not a place names whose it is ("near the US embassy",
    "Iraqi police"), not where something happened."""
    span = document.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end \
        and root.head.ent_type_ not in ("GPE", "LOC", "FAC")
