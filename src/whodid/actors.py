"""Actors stage: code every noun phrase that names a political actor.

An actor code is a country (ISO 3166 alpha-3) or organization prefix followed by a CAMEO
role ("IRNMIL", "USAGOV", "IGOUNO").  Codes come from what the phrase itself says (country
names, demonyms, seats of power, organizations, role nouns and titles) and, for people and
pronouns, from earlier mentions in the same article (a light, rule-based coreference).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher

from whodid.dictionaries import UserDictionary
from whodid.document import Document
from whodid.knowledge import Entry, KnowledgeBase, Person, knowledge_base
from whodid.model import Actor, Place
from whodid.names import (
    HYPHEN_PARTICIPLES,
    against_or_for,
    hyphen_participle,
    misspelled_country,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

# Children that start another phrase or clause: they never describe the head noun.
_EXCLUDED_DEPS = frozenset({
    "conj", "cc", "relcl", "acl", "ccomp", "advcl", "punct", "xcomp", "parataxis", "advmod",
    "preconj", "dep", "mark", "nummod", "quantmod",
})
# Prepositions whose object still describes the head ("minister of defence", "troops from Chad").
_DESCRIPTIVE_PREPS = frozenset({"of", "from", "for"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
# Roles that, named with no country, belong to the country the story is filed from.
# Only state institutions: insurgents or civilians named in a Tehran-datelined story about
# Iraq are not Iranian.
_DOMESTIC_ROLES = frozenset({"GOV", "COP", "JUD", "LEG", "SPY", "MIL"})
# Seats of power whose bare name many countries use: "Congress" is the US Congress in a
# Washington story, Peru's in a Lima one.
_GENERIC_SEATS = frozenset({"congress", "parliament", "supreme court", "senate"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON"})
_HEAD_DEPS_SKIPPED = frozenset({"compound", "amod", "poss", "det", "case"})


@dataclass
class _Match:
    start: int  # token index
    end: int
    entry: Entry


class ActorMatcher:
    """Finds knowledge-base phrases in a parsed doc (built once per vocabulary)."""

    def __init__(self, vocab: Vocab, kb: KnowledgeBase) -> None:
        from spacy.lang.en import English

        tokenizer = English(vocab=vocab).tokenizer
        self.kb = kb
        self.proper = PhraseMatcher(vocab, attr="ORTH")
        self._proper_entries: dict[str, Entry] = {}
        phrases = dict(kb.proper)
        for name in kb.people:
            phrases.setdefault(name, Entry("person", name))
        # long organization names also in lower case after a capital ("its European common
        # market partners", "the Palestine liberation organization"): older wire copy
        self.lowered = PhraseMatcher(vocab, attr="LOWER")
        for index, (phrase, entry) in enumerate(phrases.items()):
            key = f"P{index}"
            self._proper_entries[key] = entry
            tokens = tokenizer(phrase)
            self.proper.add(key, [tokens])
            if entry.kind == "organization" and len(tokens) >= 3 \
                    and all(t.is_alpha for t in tokens):
                self.lowered.add(key, [tokens])
        self.roles = PhraseMatcher(vocab, attr="LOWER")
        for phrase, role in kb.roles.items():
            forms = {phrase, _plural(phrase)}
            self.roles.add(role, [tokenizer(form) for form in forms])

    def __call__(self, doc: Doc) -> list[_Match]:
        matches: list[_Match] = []
        for key, start, end in self.proper(doc):
            entry = self._proper_entries[doc.vocab.strings[key]]
            if entry.kind in ("country", "adjective") and against_or_for(doc, start):
                continue  # "an anti-Syria journalist", "pro-Iranian Hezbollah"
            if entry.kind == "adjective" and _first_name(doc, start, end):
                continue  # "Karen Hughes" is no Karen of Burma
            matches.append(_Match(start, end, entry))
        exact = {(m.start, m.end) for m in matches}
        for key, start, end in self.lowered(doc):
            if (start, end) not in exact and doc[start].is_title \
                    and not doc[start + 1:end].text.istitle():
                matches.append(_Match(start, end, self._proper_entries[doc.vocab.strings[key]]))
        for key, start, end in self.roles(doc):
            role = doc.vocab.strings[key]
            matches.append(_Match(start, end, Entry("role", doc[start:end].text, sector=role)))
        matches += self._misspelled_countries(doc, matches)
        return _longest_first(matches)

    def _misspelled_countries(self, doc: Doc, matches: list[_Match]) -> list[_Match]:
        """A proper noun misspelling a long country name or adjective by one letter
        ("Afganistan", "Isreal", "Phillipines"), when it is no English word or known place
        ("Hungry", "Siberian", "Columbia"): its country."""
        found = []
        covered = None
        for token in doc:
            if not token.is_title or not 6 <= len(token.text) <= 30 \
                    or token.pos_ not in ("PROPN", "ADJ", "NOUN") \
                    or token.ent_type_ not in _PLACE_OR_PEOPLE:
                continue  # "Berman", "Dominici" are people's names, not Germany's
            entry = misspelled_country(token.text)
            if entry is None or _in_a_longer_name(token):
                continue
            if covered is None:
                covered = {i for m in matches for i in range(m.start, m.end)}
            if token.i not in covered and not against_or_for(doc, token.i):
                found.append(_Match(token.i, token.i + 1, entry))
        return found


def _in_a_longer_name(token: Token) -> bool:
    """Whether ``token`` is part of a longer proper name: after a capitalized name or an
    initial ("C Dominici"), or inside a longer organization's name ("the Fraser of
    Allander Institute")."""
    doc = token.doc
    if token.i > 0 and doc[token.i - 1].pos_ == "PROPN" and doc[token.i - 1].text[:1].isupper():
        return True
    return token.ent_type_ == "ORG" and (
        token.ent_iob_ == "I" or token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I")


#: entity types a misspelled country name may have (or none)
_PLACE_OR_PEOPLE = frozenset({"", "GPE", "NORP", "LOC", "ORG"})


def _first_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the one-word match at ``start`` opens a person's name the NER found
    ("Karen Hughes"), not a people's adjective ("Karen rebels")."""
    return end - start == 1 and end < len(doc) and doc[start].ent_type_ == "PERSON" \
        and doc[start].ent_iob_ == "B" and doc[end].ent_iob_ == "I" \
        and doc[end].tag_ == "NNP" and doc[end].text not in knowledge_base().proper


def _plural(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last = last + "es"
    elif last.endswith("man"):
        last = last[:-3] + "men"
    else:
        last = last + "s"
    return " ".join([*words[:-1], last])


def _longest_first(matches: list[_Match]) -> list[_Match]:
    """Drop matches contained in a longer one ("Secretary of State" beats "State")."""
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Match] = []
    covered: set[int] = set()
    for match in sorted(matches, key=lambda m: -(m.end - m.start)):
        tokens = set(range(match.start, match.end))
        if tokens & covered:
            continue
        covered |= tokens
        kept.append(match)
    return sorted(kept, key=lambda m: m.start)


@cache
def _matcher_for(vocab_id: int, vocab: Vocab) -> ActorMatcher:
    return ActorMatcher(vocab, knowledge_base())


def matcher_for(doc: Doc) -> ActorMatcher:
    return _matcher_for(id(doc.vocab), doc.vocab)


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``, without clauses or conjuncts."""
    tokens = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _EXCLUDED_DEPS:
                continue
            if child.dep_ == "prep" and (child.lower_ not in _DESCRIPTIVE_PREPS or any(
                    g.dep_ == "pcomp" for g in child.children)):
                continue  # ("accused Chinese vessels of firing ...": a clause, not a name)
            tokens.append(child)
            stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


_FORMER = frozenset({"former", "ousted", "deposed", "exiled", "ex", "ex-", "toppled",
                     "overthrown", "retired"})
_OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
#: a person's own state named by a possessive ("his country", "her government") -> sector
_OWN_STATE = {"country": "", "nation": "", "government": "GOV", "army": "MIL"}
#: bodies of a state a movement can hold (not its spokesman or leader, who stay its own)
_STATE_BODIES = frozenset({"government", "regime", "administration", "cabinet", "junta",
                           "army", "military", "police", "parliament"})

# Heads whose "of" phrase names who they are: "a huge number of Iraqi people".
_TRANSPARENT_HEADS = frozenset({
    "half", "third", "quarter", "bulk", "rest", "remainder", "percent",
    "number", "group", "groups", "member", "members", "thousands", "hundreds", "dozens",
    "tens", "millions", "lot", "lots", "part", "most", "many", "some", "several", "all",
    "scores", "crowd", "crowds", "delegation", "team", "wing", "faction", "unit", "units",
    "contingent", "batch", "patch", "handful", "majority", "body", "coalition", "leader",
    "leadership", "head", "chief", "representative", "spokesman", "spokeswoman",
    "spokesperson", "supporter", "supporters", "families", "family", "band", "column",
    "convoy", "squad", "detachment", "battalion", "brigade", "regiment", "division",
    # equipment named for the force that uses it: "Israeli army bulldozers"
    "bulldozer", "bulldozers", "jet", "jets", "plane", "planes", "aircraft", "helicopter",
    "helicopters", "tank", "tanks", "vehicle", "vehicles", "ship", "ships", "vessel",
    "vessels", "boat", "boats", "gunboat", "gunboats", "drone", "drones", "artillery",
    "personnel", "staff", "agent", "agents",
})


#: heads that only say someone leads or speaks for a group the words before them name
_GROUP_SPEAKERS = frozenset({"leader", "leadership", "head", "chief", "representative",
                             "spokesman", "spokeswoman", "spokesperson", "elder"})


def _leads_a_people(head: Token, found: list[_Match]) -> bool:
    """Whether a group-speaker head ("leaders") is modified by the name of a people living
    within a state, or of a people or faith that names no state: the head's generic
    "leader" then holds no state office."""
    if head.lemma_.lower() not in _GROUP_SPEAKERS:
        return False
    countries = knowledge_base().countries
    if any(m.entry.kind == "adjective" and m.end <= head.i and m.entry.country in countries
           and head.doc[m.start:m.end].text in countries[m.entry.country].peoples
           for m in found):
        return True  # "Yoruba leaders": Nigerians, but no office of Nigeria's
    matched = {i for m in found if not (m.start <= head.i < m.end)
               for i in range(m.start, m.end)}
    return any(c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP" and c.i < head.i
               and c.i not in matched for c in head.children)


#: forces whose holdings stand for them ("rebel positions", "an army base")
_HOLDING_SECTORS = frozenset({"MIL", "REB", "INS", "SEP", "UAF", "COP", "CRM", "SPY"})


def _held_by(head: Token, roles: list[_Match]) -> bool:
    """Whether the head is a place a force holds and a role word before it names the force
    ("a rebel stronghold", "army positions")."""
    return head.lemma_.lower() in knowledge_base().holdings and any(
        m.end <= head.i and m.entry.sector in _HOLDING_SECTORS for m in roles)


def _names_an_agent(head: Token, roles: list[_Match]) -> bool:
    """Whether the phrase's head stands for an agent the role words describe."""
    if any(m.start <= head.i < m.end for m in roles):
        return True
    if head.pos_ in ("PROPN", "NUM") or head.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    return _transparent(head)


def _transparent(head: Token) -> bool:
    """Whether the head's "of" phrase names who it is ("a number of", "leaders of")."""
    return head.lower_ in _TRANSPARENT_HEADS or head.lemma_.lower() in _TRANSPARENT_HEADS


def _quantity_of(head: Token) -> bool:
    """"Thousands of Iraqi Kurds", "dozens of protesters": a number heading a group."""
    return head.pos_ == "NUM" and any(c.dep_ == "prep" and c.lower_ == "of"
                                      for c in head.children)


def _located_in(head: Token, matches: list[_Match]) -> str | None:
    """The country named in the head's own "in" (or, for peoples, "of") phrase ("troops in
    Iraq", "the Albanians of southern Serbia"); seats of power there do not count."""
    if head.ent_type_ == "PERSON":
        return None
    # "the Albanians of southern Serbia" live there; "dozens of ethnic Albanians" are who
    # the dozens are
    counts = _quantity_of(head) or head.lower_ in _TRANSPARENT_HEADS \
        or head.lemma_.lower() in _CROWD_WORDS
    preps = ("in", "of") if head.tag_ in ("NNPS", "NNS") and not counts else ("in",)
    for child in head.children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for obj in child.children:
            if obj.dep_ != "pobj":
                continue
            for match in matches:
                if match.start <= obj.i < match.end and match.entry.kind in ("country",
                                                                               "adjective"):
                    return match.entry.country
    return None


def _based_in(head: Token, matches: list[_Match]) -> str | None:
    """The country of a "<country>-based" or "<capital>-based" modifier ("Pakistan-based
    groups", "a London-based charity"): where a group is based is whose it is."""
    for based in head.children:
        if based.dep_ != "amod" or based.lower_ != "based":
            continue
        for where in based.children:
            if where.dep_ not in ("npadvmod", "compound", "nmod"):
                continue
            country = next((m.entry.country for m in matches if m.start <= where.i < m.end
                            and m.entry.kind in ("country", "seat") and m.entry.country), None)
            if country is not None:
                return country
    return None


def _minority_home(head: Token, tokens: list[Token], matches: list[_Match], namesake: str,
                   dateline_country: str | None) -> str | None:
    """Where an "ethnic X" people named with no place of its own lives: a minority lives
    outside X, so in the first other country the sentence names ("Sweden's decision to
    deport ethnic Albanians" -> SWE, "ethnic Turks ... Bulgaria" -> BGR), else in the
    dateline's country; None when neither differs from X (the coding stays X)."""
    inside = {t.i for t in tokens}
    named = {m.entry.country for m in matches if m.start in inside
             and m.entry.kind in ("country", "adjective", "seat")}
    if named - {namesake}:
        return None  # "Kosovo's ethnic Albanians": the phrase already says where
    sentence = head.sent
    for match in matches:
        if sentence.start <= match.start < sentence.end and match.start not in inside \
                and match.entry.kind in ("country", "adjective", "seat") \
                and match.entry.country and match.entry.country != namesake \
                and not hyphen_participle(head.doc, match.end):
            return match.entry.country
    if dateline_country and dateline_country != namesake:
        return dateline_country
    return None


#: Nouns that stand for a place named earlier: "the Albanian population of the province".
_PLACE_ANAPHORS = frozenset({"province", "region", "country", "republic", "state", "territory",
                             "area", "city", "town", "island", "district", "enclave"})


def _population_home(head: Token, inside: list[_Match], matches: list[_Match],
                     day: dt.date | None) -> str | None:
    """Where a nationality's population, community or minority named "of" or "in" a
    place lives: that place's country ("the Turkish community in Germany" -> DEU, "the
    ethnic Serb minority in Croatia" -> HRV); for "the province" or "the region", the
    place most recently named in the sentence; None when the phrase names no place."""
    if _transparent(head):
        # "members of the Hungarian minority in Vojvodina"
        group = next((o for prep in head.children if prep.dep_ == "prep"
                      and prep.lower_ == "of" for o in prep.children if o.dep_ == "pobj"), None)
        return _population_home(group, inside, matches, day) if group is not None else None
    if head.lemma_.lower() not in knowledge_base().populations and \
            head.lower_ not in knowledge_base().populations:
        return None
    if not any(m.entry.kind in ("adjective", "country") and m.start < head.i for m in inside):
        return None
    preps = [prep for prep in head.children if prep.dep_ == "prep"
             and prep.lower_ in ("in", "of")]
    after = head.right_edge.i + 1
    if not preps and after < len(head.doc) and head.doc[after].lower_ == "in":
        preps = [head.doc[after]]  # "attacked the Turkish community in Germany", parsed
        # with "in Germany" on the verb
    for obj in (o for prep in preps for o in prep.children if o.dep_ == "pobj"):
        subtree = {t.i for t in obj.subtree}
        named = next((m.entry.country for m in matches if m.start in subtree
                      and m.entry.kind in ("country", "seat") and m.entry.country), None)
        if named is not None:
            return named
        if obj.pos_ == "PROPN":
            return _gazetteer_country(obj.doc[obj.left_edge.i:obj.i + 1], day)
        if obj.lemma_.lower() in _PLACE_ANAPHORS and any(
                t.lower_ in ("the", "this", "that") for t in obj.children):
            return _last_place(obj.doc, head.sent.start, head.left_edge.i, matches, day)
    return None


def _gazetteer_country(span, day: dt.date | None) -> str | None:
    """The country of a place name the knowledge base does not know ("Vojvodina")."""
    from whodid.places import gazetteer

    words = [t for t in span if t.pos_ == "PROPN"]
    if not words:
        return None
    entry = gazetteer().resolve(span.doc[words[0].i:words[-1].i + 1].text)
    return knowledge_base().country_on(entry.country, day) if entry is not None \
        and entry.country else None


def _last_place(doc: Doc, start: int, end: int, matches: list[_Match],
                day: dt.date | None) -> str | None:
    """The country of the place named last between tokens ``start`` and ``end``."""
    named = [(m.start, m.entry.country) for m in matches if start <= m.start < end
             and m.entry.kind in ("country", "seat") and m.entry.country]
    taken = {at for at, _ in named}
    named += [(ent.start, ent) for ent in doc.ents if start <= ent.start < end
              and ent.label_ in ("GPE", "LOC") and ent.start not in taken]
    for _, place in sorted(named, key=lambda item: -item[0]):
        country = place if isinstance(place, str) else _gazetteer_country(place, day)
        if country is not None:
            return country
    return None


class _Coreference:
    """What earlier mentions in the article tell about people and pronouns."""

    def __init__(self) -> None:
        self.by_name: dict[str, Actor] = {}
        self.last_person: Actor | None = None
        # coded single-person mentions with their sentence index, most recent last
        self.titled: list[tuple[Actor, int]] = []
        self.sentence = 0
        # sector -> country of the latest coded mention with that role ("Belarusian
        # officials" ... "the regime")
        self.country_by_sector: dict[str, str] = {}
        # mentions of a seat many countries name alike ("Parliament"), with their head index
        self.generic_seats: list[tuple[int, Actor]] = []

    def remember(self, actor: Actor, person_names: list[str], single_person: bool,
                 institution: bool = False) -> None:
        if actor.code is None and actor.sector is None:
            return
        if actor.country and actor.sector:
            self.country_by_sector[actor.sector] = actor.country
        for name in person_names:
            self.by_name.setdefault(name, actor)
        if person_names or (single_person and not institution and actor.country):
            # "The Turkish prime minister ... he said": a titled person, named or not
            self.last_person = actor
        if actor.country and actor.sector and single_person and not institution:
            # "Chief of Staff of the Iranian Armed Forces" may later be named; "US forces"
            # is a group and never the antecedent of a person.
            self.titled.append((actor, self.sentence))

    def remember_uncoded(self, actor: Actor, person_names: list[str]) -> None:
        """An uncoded person is still who "he" and a repeated surname refer to."""
        for name in person_names:
            self.by_name.setdefault(name, actor)
        self.last_person = actor

    def titled_with_sector(self, sector: str | None, sentence: int) -> Actor | None:
        """An unnamed titled mention of the same role in this or the previous sentence."""
        for actor, at in reversed(self.titled):
            if actor.sector == sector and sentence - at <= 1:
                return actor
        return None


#: ... of the participles after "Israeli-", "US-", "Saudi-" (names.HYPHEN_PARTICIPLES), only
#: "-led" makes the actor that country's: a "US-led coalition" is coded USA, as CAMEO coders
#: code the leader, while "US-backed rebels" are not American.
_OWN_PARTICIPLES = frozenset({"led"})


#: Nouns of a relation to someone else: "Israel's militia ally", "Iran's proxies", "US
#: allies" are not of the country named.
_RELATIONS = frozenset({"ally", "proxy", "partner", "rival", "enemy", "foe", "neighbor",
                        "neighbour", "opponent", "adversary", "client", "surrogate",
                        # "the use of the Russian language" names a language, not Russia
                        "language", "tongue", "dialect"})


def owner_of_relation(token: Token) -> bool:
    """Whether ``token`` (a country name or adjective) names whose ally, proxy or rival the
    phrase is, a language ("the Russian language") or a border it lies on ("on the Thai
    border")."""
    if token.dep_ not in ("poss", "amod", "compound", "nmod"):
        return False
    head = token.head
    if head.lemma_.lower() in ("border", "frontier") and head.dep_ == "pobj":
        return True  # "a stronghold on the Thai border" is on Burma's side of it
    return head.lemma_.lower() in _RELATIONS


#: Head nouns that count people ("thousands of Nigerians"): the people are civilians.
_CROWD_WORDS = frozenset({"thousand", "hundred", "dozen", "million", "ten", "score",
                          "crowd", "group", "number", "throng", "tens"})


def _compose(head: Token, tokens: list[Token], matches: list[_Match]) -> dict | None:
    """Country, role and organization the phrase's own words give."""
    inside = {t.i for t in tokens}
    found = [m for m in matches if m.start in inside]
    if not found:
        return None
    user_actor = next((m for m in found if m.entry.kind == "user_actor"), None)
    if user_actor is not None:
        entry = user_actor.entry
        agent = next((m for m in found if m.entry.kind == "user_agent"), None)
        code = entry.code or None
        if code and agent is not None and len(code) == 3:
            code += agent.entry.code  # "FRANCE" + "FOREIGN_MINISTER" -> FRAGOVFRM
        return {"name": entry.name, "code": code, "country": entry.country,
                "sector": (code or "")[3:6] or None, "head_is_role": agent is not None,
                "resolved_by": "user_dictionary"}
    agent = next((m for m in found if m.entry.kind == "user_agent"), None)
    if agent is not None:
        countries = [m for m in found if m.entry.kind in ("country", "adjective", "seat")]
        country = min(countries, key=lambda m: abs(m.start - head.i)).entry.country \
            if countries else None
        return {"name": agent.entry.name, "code": (country + agent.entry.code) if country
                else None, "country": country, "sector": agent.entry.sector,
                "head_is_role": True, "resolved_by": "user_dictionary"}
    # "an EU-brokered deal", "UN-backed forces": the broker's or backer's name is not whose
    org = next((m for m in found if m.entry.kind == "organization"
                and not hyphen_participle(head.doc, m.end,
                                          HYPHEN_PARTICIPLES - _OWN_PARTICIPLES)), None)
    if org is not None and org.end - org.start == 1 and org.entry.country and any(
            m.entry.kind in ("country", "adjective") and m.entry.country != org.entry.country
            for m in found):
        # "Serbian Labour Minister", "Israeli Labour leader": a one-word party name under
        # another country's name is that country's, not the namesake party
        org = None
    head_country = any(m.start <= head.i < m.end and m.entry.kind == "country" for m in found)
    if org is not None and not (head_country and not org.start <= head.i < org.end) and (
            org.start <= head.i < org.end or head.dep_ != "compound"):
        # ... unless the head is itself a country: "NATO-member Norway" is Norway
        entry = org.entry
        sector = entry.sector
        roles = [m for m in found if m.entry.kind == "role" and not org.start <= m.start < org.end]
        if roles and not org.start <= head.i < org.end and _names_an_agent(head, roles):
            # "NATO peacekeeping troops", "Arab League Secretary General X": the
            # organization's people in that role
            sector = min(roles, key=lambda m: abs(m.start - head.i)).entry.sector
        code = entry.code
        if entry.country and sector != entry.sector and sector in _OFFICE_SECTORS and (
                head.tag_ in ("NNS", "NNPS") or head.lemma_.lower() in _STATE_BODIES):
            # "the Sandinista government", "Taliban troops": the state's office they hold
            code = entry.country + sector
        return {"name": entry.name, "code": code, "country": entry.country,
                "sector": sector, "head_is_role": False}
    # "a London-based group", "Moscow-backed rebels": the capital says where the group is or
    # who backs it, not that it is the government
    seat = next((m for m in found if m.entry.kind == "seat"
                 and not hyphen_participle(head.doc, m.end)), None)
    # "Israeli-occupied", "US-backed": the country of an occupier or backer, not of the
    # actor; "Saudi-led" is the leader's, and the actor's
    countries = [m for m in found if m.entry.kind in ("country", "adjective")
                 and not hyphen_participle(head.doc, m.end,
                                           HYPHEN_PARTICIPLES - _OWN_PARTICIPLES)
                 and not owner_of_relation(head.doc[m.end - 1])]
    if seat is not None and countries and not any(m.entry.country == seat.entry.country
                                                  for m in countries):
        # "the Ivory Coast's Supreme Court": the country named wins over another
        # country's same-named institution; the institution still gives the role
        seat_sector = seat.entry.sector
        nearest = min(countries, key=lambda m: abs(m.start - head.i))
        seat = _Match(nearest.start, nearest.end, Entry("seat", nearest.entry.name,
                                                        nearest.entry.country + (seat_sector or ""),
                                                        nearest.entry.country, seat_sector))
    roles = [m for m in found if m.entry.kind == "role"]
    if not _names_an_agent(head, roles) and not _held_by(head, roles):
        # "terrorist attacks", "military cooperation", "police station": a role word
        # modifying a thing does not make the thing an actor.
        roles = []
    country = seat.entry.country if seat else None
    name = seat.entry.name if seat else None
    if country is None and countries:
        people = [m for m in countries if m.start <= head.i < m.end]
        residence = [m for m in countries if not m.start <= head.i < m.end]
        if not (people and residence and head.tag_ in ("NNPS", "NNS")):
            residence = countries
        # "Bosnian Serbs", "Kosovo Albanians": a people is coded with the country it lives
        # in, as CAMEO coders do, not with its namesake state.
        nearest = min(residence, key=lambda m: abs(m.start - head.i))
        country, name = nearest.entry.country, nearest.entry.name
    sector = seat.entry.sector if seat else None
    if roles:
        # The role nearest the head word names what the actor is ("the Iranian commander"),
        # unless the head only says who speaks for a group its "of" phrase names: "leaders
        # of the opposition coalition" are the opposition's
        of_group = [m for m in roles if m.start > head.i] if _transparent(head) else []
        chosen = min(of_group or roles, key=lambda m: (0 if m.start <= head.i < m.end else 1,
                                                       abs(m.start - head.i)))
        holder = head.doc[chosen.end - 1]
        if chosen.end - chosen.start == 1 and holder.lemma_.lower() in _GROUP_SPEAKERS:
            # ... and "student leaders", "farmers' leaders", "army spokesman" are the
            # group's: the words before say whose, "leader" only that they speak for it
            whose = [m for m in roles if holder.left_edge.i <= m.start and m.end <= holder.i
                     and m.entry.sector != "GOV"]
            if whose:
                chosen = max(whose, key=lambda m: m.end)
        sector = chosen.entry.sector
        if sector == "GOV" and chosen.end - chosen.start == 1 \
                and _leads_a_people(holder, found):
            sector = "ELI"  # "Kurdish leaders", "Yoruba leaders": a people's, not a state's
    if sector is None and country is not None and head.tag_ in ("NNPS", "NNS") and (
            any(m.start <= head.i < m.end for m in countries)
            or head.tag_ == "NNPS" and not roles  # "Iraqi Kurds", "Lebanese Shiites"
            or head.lemma_.lower() in _CROWD_WORDS):  # "thousands of Nigerians"
        sector = "CVL"  # "ethnic Albanians", "Bosnian Serbs": a people, not a state
    if sector in _OFFICE_SECTORS and any(t.lower_ in _FORMER for t in tokens):
        sector = "ELI"  # "former prime minister", "ousted president": elites, no office
    if country is None and sector is None:
        return None
    # an aid group or an association of no country is a transnational NGO, as CAMEO codes it
    code = (country or "") + (sector or "") if country else (
        "NGO" if sector == "NGO" else None)
    generic_seat = seat is not None and seat.entry.name.lower() in _GENERIC_SEATS
    head_is_role = any(m.start <= head.i < m.end for m in roles)
    return {"name": name, "code": code, "country": country, "sector": sector,
            "head_is_role": head_is_role, "generic_seat": generic_seat}


class UserMatcher:
    """Phrases of users' own actor and agent dictionaries (PETRARCH/TABARI, CSV, YAML),
    matched case-insensitively; they override the built-in knowledge base."""

    def __init__(self, vocab: Vocab, dictionary: UserDictionary) -> None:
        from spacy.lang.en import English

        tokenizer = English(vocab=vocab).tokenizer
        self.dictionary = dictionary
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for phrase in dictionary.actors:
            self.matcher.add("USER_ACTOR", [tokenizer(phrase.lower())])
        for phrase in dictionary.agents:
            self.matcher.add("USER_AGENT", [tokenizer(phrase.lower())])

    def __call__(self, doc: Doc, day: dt.date | None) -> list[_Match]:
        matches = []
        for key, start, end in self.matcher(doc):
            phrase = doc[start:end].text
            if doc.vocab.strings[key] == "USER_ACTOR":
                code = self.dictionary.actor_code(phrase, day)
                if code is None:
                    continue
                country = code[:3] if code[:3] in knowledge_base().countries else None
                matches.append(_Match(start, end, Entry("user_actor", phrase, code, country,
                                                        code[3:6] or None)))
            else:
                agent = self.dictionary.agent_role(phrase)
                if agent is not None:
                    matches.append(_Match(start, end, Entry(
                        "user_agent", phrase, agent.role, None, agent.role[:3],
                    )))
        return matches


class ActorCoder:
    """Actors stage with the reporting verbs of the lexicon (the subject pronoun of a
    reported clause, "Switzerland said it had expelled ...", is the reporter), the nouns
    that speak for whoever their possessive names (grammar ``representing_heads``:
    "Putin's spokesman") and, when given, users' own dictionaries."""

    def __init__(self, reporting_verbs: frozenset[str] = frozenset(),
                 dictionary: UserDictionary | None = None,
                 representing_heads: frozenset[str] = frozenset()) -> None:
        self.reporting_verbs = reporting_verbs
        self.dictionary = dictionary
        self.representing_heads = representing_heads
        self._user_matchers: dict[int, UserMatcher] = {}

    def __call__(self, document: Document) -> None:
        user = None
        if self.dictionary is not None:
            vocab = document.doc.vocab
            user = self._user_matchers.get(id(vocab))
            if user is None:
                user = self._user_matchers[id(vocab)] = UserMatcher(vocab, self.dictionary)
        find_actors(document, user, self.representing_heads)
        for head_index, reporter in _reporters_of_pronouns(document, self.reporting_verbs):
            head = document.doc[head_index]
            document.actor_by_head[head_index] = _mention(head, [head], reporter,
                                                          "coreference")


def _reporters_of_pronouns(document: Document, reporting: frozenset[str]):
    for token in document.doc:
        if token.pos_ != "PRON" or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if token.lower_ not in ("it", "they", "he", "she", "we"):
            continue
        verb = token.head
        for _ in range(3):  # climb conjoined / complement verbs to the reported clause
            if verb.dep_ == "ccomp" or verb.head.i == verb.i:
                break
            verb = verb.head
        # "the government made it clear it will not lift the ban": making clear reports
        made_clear = verb.lower_ == "clear" and verb.head.lemma_.lower() == "make"
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in reporting \
                and not made_clear:
            continue
        reporter_head = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if reporter_head is None or reporter_head.i == token.i:
            continue
        reporter = document.actor_by_head.get(reporter_head.i)
        if reporter is None or not (reporter.code or reporter.sector):
            continue
        person = reporter_head.ent_type_ == "PERSON" or reporter.resolved_by == "title"
        if reporter.code and reporter.code == reporter.country:
            person = False  # a bare state ("Jordan says it ..."), whatever NER guessed
        # (not "Bush and Blair said they ...": one reporter cannot stand for both)
        plural = reporter_head.tag_ in ("NNS", "NNPS") and not any(
            c.dep_ == "conj" for c in reporter_head.children)
        if token.lower_ == "they" and plural:
            pass  # "army officers claimed that they had attacked": people, several
        elif (token.lower_ in ("he", "she")) != (person and not plural) \
                and token.lower_ != "we":
            continue  # "it"/"they" stand for states and groups, "he"/"she" for a person
        yield token.i, reporter


def find_actors(document: Document, user: UserMatcher | None = None,
                representing_heads: frozenset[str] = frozenset()) -> None:
    """Code every nominal head and record it in ``document.actor_by_head``; a head in
    ``representing_heads`` ("office", "spokesman") with a named possessive is its owner's."""
    doc = document.doc
    day = document.publication_day
    matches = matcher_for(doc)(doc)
    if user is not None:
        # A user's phrase wins over a built-in one it overlaps.
        mine = user(doc, day)
        taken = {i for m in mine for i in range(m.start, m.end)}
        matches = _longest_first(
            [m for m in matches if not taken & set(range(m.start, m.end))] + mine)
    matches = _as_of(matches, day)
    matches = _without_foreign_namesakes(doc, matches)
    blanked = _blanked_tokens(document)
    coref = _Coreference()
    person_tokens = {t.i for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    dateline_country = _dateline_country(document)
    context_country = dateline_country or _focus_country(matches)
    sentence_starts = {sent.start: n for n, sent in enumerate(doc.sents)}
    acronyms = _acronym_definitions(doc)
    # Each head looks only at the matches starting inside its phrase: linear in the article
    # (8,000 one-word lines took seconds when every head scanned every match).
    by_start: dict[int, list[_Match]] = {}
    for match in matches:
        by_start.setdefault(match.start, []).append(match)
    groups: list[Actor] = []  # coded states and organizations, most recent last
    ends: dict[int, Actor] = {}  # last token index of a mention -> its actor
    for head in doc:
        if head.i in sentence_starts:
            coref.sentence = sentence_starts[head.i]
        if head.dep_ in _HEAD_DEPS_SKIPPED or head.i in blanked:
            continue
        if head.pos_ not in _NOMINAL_POS and not _quantity_of(head):
            continue
        actor = _actor_for(head, matches, person_tokens, coref, context_country, day,
                           by_start, dateline_country)
        if (actor is None or actor.code is None) and head.text in acronyms:
            # "the Islamic State in Iraq and the Levant (ISIL) ... ISIL militants"
            long_form = document.actor_by_head.get(acronyms[head.text])
            if long_form is not None and long_form.code:
                actor = _mention(head, phrase_tokens(head), long_form, "coreference")
        if actor is not None and actor.country is None:
            # "KACC officials": an acronym the article defined names whose officials.
            defined = next((document.actor_by_head.get(acronyms[t.text])
                            for t in phrase_tokens(head) if t.text in acronyms), None)
            if defined is not None and defined.country:
                actor.country = defined.country
                actor.code = defined.country + (actor.sector or "")
                actor.resolved_by = "coreference"
        if (actor is None or actor.country is None) and head.pos_ == "NOUN" \
                and head.lemma_.lower() in representing_heads:
            # "Putin's spokesman", "Netanyahu's office": who speaks for a named person or
            # body is theirs
            owner_token = next((c for c in head.children
                                if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            owner = _actor_for(owner_token, matches, person_tokens, coref, context_country,
                               day, by_start, dateline_country) \
                if owner_token is not None else None
            if owner is not None and owner.country:
                actor = _mention(head, phrase_tokens(head), owner, "possessor")
        if actor is not None and actor.country is None and head.ent_type_ == "PERSON":
            # "Iraq's senior cleric Grand Ayatollah Ali al-Sistani", parsed as two phrases:
            # a name right after a titled mention is that person.
            start = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            before = ends.get(start.start - 1) if start is not None else None
            if before is not None and before.country:
                actor.country = before.country
                actor.sector = actor.sector or before.sector
                actor.code = before.country + (actor.sector or "")
                actor.resolved_by = "title"
        if actor is not None and actor.country is None and actor.sector and not actor.code:
            # ("its European Community partners" are the Community's, coded already)
            owner = _possessor(head, document, groups)
            if owner is not None:
                # "its forces", "their troops": whose they are, from the clause's subject
                # or the last state or group named.
                actor.country = owner.country
                actor.code = owner.country + actor.sector
                actor.resolved_by = "coreference"
        if actor is not None:
            document.actor_by_head[head.i] = actor
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is not None:
                ends[span.end - 1] = actor
            if actor.country and actor.resolved_by != "coreference" and \
                    head.ent_type_ != "PERSON" and head.pos_ != "PRON":
                groups.append(actor)
    for head in doc:
        # "the terrorists' attacks forced ...": a group named only as whose something is
        # is still an actor (a name's possessive is part of its head's phrase: "Hamas's")
        if head.dep_ == "poss" and head.pos_ == "NOUN" and head.i not in blanked \
                and head.i not in document.actor_by_head \
                and head.head.i not in document.actor_by_head:
            actor = _actor_for(head, matches, person_tokens, coref, context_country, day,
                               by_start, dateline_country)
            if actor is not None and actor.sector:
                document.actor_by_head[head.i] = actor
    for index, actor in document.actor_by_head.items():
        home = _helped_at_home(document, doc[index], actor)
        if home is not None:
            actor.country, actor.code = home, home + actor.sector
    if coref.generic_seats:
        seat_heads = {index for index, _ in coref.generic_seats}
        by_sentence = _actors_by_sentence(document)
        for head_index, seat in coref.generic_seats:
            head = doc[head_index]
            others = [actor for index, actor in by_sentence.get(head.sent.start, ())
                      if index not in seat_heads]
            _seat_of_the_sentence(seat, others)
    document.actors = _outermost(list(document.actor_by_head.values()))


def _as_of(matches: list[_Match], day: dt.date | None) -> list[_Match]:
    """The matches read on the article's date: before a state existed, its places,
    peoples and organizations were its predecessor's ("Juba" in 1992 is Sudanese; see
    successions.tsv).  Users' dictionaries carry their own dates."""
    kb = knowledge_base()
    if day is None or not kb.successions:
        return matches
    return [m if m.entry.kind.startswith("user_") else
            _Match(m.start, m.end, kb.entry_on(m.entry, day)) for m in matches]


def _actors_by_sentence(document: Document) -> dict[int, list[tuple[int, Actor]]]:
    """Sentence start token -> the (head index, actor) pairs of its coded mentions."""
    by_sentence: dict[int, list[tuple[int, Actor]]] = {}
    for index, actor in document.actor_by_head.items():
        by_sentence.setdefault(document.doc[index].sent.start, []).append((index, actor))
    return by_sentence


#: A city of another country that shares a capital's name must be this big to displace it.
_NAMESAKE_MIN = 100_000


def _without_foreign_namesakes(doc: Doc, matches: list[_Match]) -> list[_Match]:
    """Drop a capital taken for its government ("Tripoli" -> LBYGOV) when the article never
    names that country but names another that has a sizeable city of the name: "militias
    in Tripoli ... the north Lebanese port" is Lebanon's Tripoli, a place, not Libya's
    government."""
    named = {m.entry.country for m in matches if m.entry.kind in ("country", "adjective")}
    kept = []
    for match in matches:
        if match.entry.kind == "seat" and match.entry.country not in named:
            country = knowledge_base().countries.get(match.entry.country or "")
            name = doc[match.start:match.end].text
            if country is not None and country.capital == name and _namesake_in(name, named):
                continue
        kept.append(match)
    return kept


def _namesake_in(name: str, countries: set[str]) -> bool:
    """Whether one of ``countries`` has a sizeable city called ``name``."""
    from whodid.places import gazetteer

    return any(entry.country in countries and entry.feature == "city" and entry.primary
               and entry.population >= _NAMESAKE_MIN
               for entry in gazetteer().candidates(name))


def _seat_of_the_sentence(seat: Actor, others: list[Actor]) -> None:
    """A bare "Parliament" or "Supreme Court" in a sentence whose (``others``) coded actors
    are all of one country is that country's ("Algerian landowners began a hunger strike
    outside Parliament" -> DZALEG, not the knowledge base's British one); this comes before
    the dateline's country, which only says where the story was filed."""
    countries = {actor.country for actor in others
                 if actor.country and not seat.start <= actor.start < seat.end}
    if len(countries) != 1:
        return
    country = countries.pop()
    if country != seat.country:
        seat.country = country
        seat.code = country + (seat.sector or "")
        seat.resolved_by = "context"


#: Codes that are no country's: an IGO or NGO official is not placed by the story.
TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC"})
#: "workers affiliated with the Serbian Workers' Union", "fighters loyal to Hekmatyar":
#: words tying a group to another actor, whose country the group shares
_TIES = frozenset({"affiliate", "affiliated", "link", "linked", "belong", "belonging", "loyal",
                   "tie", "tied", "attach", "attached", "associate", "associated",
                   "connect", "connected", "allied"})


def _of_no_state(head: Token) -> bool:
    """"World leaders", "foreign governments", "the international community": a role
    its own words say is no one state's, whatever the story's country."""
    roles = knowledge_base().roles
    return any(c.dep_ in ("amod", "compound") and c.lower_ in STATELESS_MODIFIERS
               and f"{c.lower_} {head.lemma_.lower()}" not in roles  # "foreign minister"
               for c in head.children)


#: modifiers that say a group is no one state's ("world leaders", "foreign journalists")
STATELESS_MODIFIERS = frozenset({"world", "international", "foreign", "global", "western",
                                 "multinational"})


def locate_groups(document: Document) -> None:
    """Actors stage, second pass (after places): a group named by its role alone
    ("Islamic fundamentalists", "workers", "militants", "demonstrators") whose own words
    give no country takes one from its context, as ICEWS codes "Protester (Algeria)": the
    actor it is tied to ("workers affiliated with the Serbian Workers' Union"), else the
    country of the places in its clause, then its sentence, else that of the sentence's
    other coded actors when they are all of one country, else the dateline's."""
    doc = document.doc
    dateline = document.dateline_place.country if document.dateline_place else None
    by_sentence = _actors_by_sentence(document)
    places_by_sentence: dict[int, list[Place]] = {}
    for place in document.places:
        if place.start >= 0 and place.country:
            token = doc.char_span(place.start, place.end, alignment_mode="expand")
            if token is not None:
                places_by_sentence.setdefault(token.sent.start, []).append(place)
    located: list[tuple[int, Actor]] = []
    referred: set[int] = set()
    for index, actor in sorted(document.actor_by_head.items()):
        head = doc[index]
        if actor.resolved_by == "context" and not actor.name:
            # "President Bush mobilized troops for the war against Iraq": forces a state
            # sends are its own, whatever country the story is about
            commander = _commander_country(document, head, actor)
            if commander is not None and commander != actor.country:
                actor.country, actor.code = commander, commander + (actor.sector or "")
                continue
        if actor.country or actor.code or not actor.sector or actor.sector in TRANSNATIONAL \
                or actor.resolved_by in ("coreference", "user_dictionary") \
                or head.pos_ not in ("NOUN", "NUM") or actor.name \
                or head.lemma_.lower() in _RELATIONS or _of_no_state(head) \
                or any(t.ent_type_ == "PERSON" for t in doc[head.left_edge.i:head.i + 1]):
            continue  # a named person the knowledge base does not know stays uncoded
        named = _named_group_before(document, head, actor)
        if named is not None:
            # "the ISIL terrorist group seized Mosul ... the terrorists' attacks": the group
            # named just before
            actor.country, actor.code, actor.resolved_by = named.country, named.code, \
                "coreference"
            referred.add(index)
            continue
        country, how = _shared_modifier_country(document, head), "coreference"
        if country is None:
            country, how = _tied_country(document, head), "coreference"
        if country is None:
            country, how = _commander_country(document, head, actor), "context"
        if country is None:
            sentence = head.sent.start
            acted_on = _acted_on(head)
            # "gunmen kidnapped two Chinese engineers": whom the group acts on is no clue
            others = [other for at, other in by_sentence.get(sentence, ())
                      if other is not actor and at not in acted_on]
            country, how = _context_country(head, places_by_sentence.get(sentence, []), others)
        if country is None and dateline:
            country, how = dateline, "context"
        if country is not None:
            actor.country = country
            actor.code = country + actor.sector
            actor.resolved_by = how
            located.append((index, actor))
    for index, actor in document.actor_by_head.items():
        # "The Umma party said it will boycott ...": "it" was resolved to the party before
        # the party had a country
        if actor.resolved_by != "coreference" or actor.country or not actor.sector \
                or index in referred:
            continue
        antecedent = next((a for at, a in reversed(located) if at < index
                           and a.sector == actor.sector
                           and doc[index].sent.start - doc[at].sent.start <= 200), None)
        if antecedent is not None:
            actor.country, actor.code = antecedent.country, antecedent.code


def _shared_modifier_country(document: Document, head: Token) -> str | None:
    """The country of "Israeli helicopters and tanks": a conjunct with no modifier of its
    own shares the nationality adjective of the first."""
    if head.dep_ != "conj" or any(c.dep_ in ("amod", "compound", "poss", "nmod")
                                  for c in head.children):
        return None
    first = head.head
    if not any(c.dep_ == "amod" for c in first.children):
        return None
    actor = document.actor_by_head.get(first.i)
    return actor.country if actor is not None and actor.resolved_by not in (
        "context", "coreference") else None


#: verbs of helping or joining a state's forces or government
_HELPING_VERBS = frozenset({"assist", "help", "support", "join", "back", "aid", "reinforce"})


def _helped_at_home(document: Document, head: Token, actor: Actor) -> str | None:
    """"Iraqi people have volunteered to assist the military forces": people who help,
    join or back an army, police or government named by its role alone (its country taken
    from the story's context) help their own country's."""
    if actor.resolved_by != "context" or actor.sector not in _DOMESTIC_ROLES \
            or head.dep_ != "dobj" or head.head.lemma_.lower() not in _HELPING_VERBS:
        return None
    subject = _clause_subject(head.head, hops=3, through=("xcomp", "conj"))
    helper = document.actor_by_head.get(subject.i) if subject is not None else None
    if helper is None or not helper.country or helper.sector in _DOMESTIC_ROLES \
            or (helper.code or "")[:3] in TRANSNATIONAL:
        return None
    return helper.country


#: armed groups a definite "the militants", "these terrorists" may refer back to
_ARMED_SECTORS = frozenset({"INS", "REB", "SEP"})


def _named_group_before(document: Document, head: Token, actor: Actor) -> Actor | None:
    """The armed group a definite plural role ("the terrorists", "these militants") refers
    back to: the last one of its sector named in its sentence or the two before it."""
    if actor.sector not in _ARMED_SECTORS or head.tag_ != "NNS" or not any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children):
        return None
    sentences = [s.start for s in head.doc.sents if s.start <= head.i][-3:]
    earlier = [a for i, a in sorted(document.actor_by_head.items())
               if sentences[0] <= i < head.i and a.code and a.sector == actor.sector
               and a.resolved_by in ("knowledge_base", "title")]
    return earlier[-1] if earlier else None


def _commander_country(document: Document, head: Token, actor: Actor) -> str | None:
    """Forces a state sends, deploys or contributes are its own: "France is ready to
    contribute 4,000 troops to a force in Liberia" (not Liberian troops)."""
    if actor.sector not in ("MIL", "COP") or head.dep_ != "dobj":
        return None
    subject = _clause_subject(head.head, hops=4, through=("xcomp", "conj", "acomp"))
    owner = document.actor_by_head.get(subject.i) if subject is not None else None
    return owner.country if owner is not None else None


def _clause_subject(verb: Token, hops: int, through: tuple[str, ...]) -> Token | None:
    """The subject of ``verb``, else of the verb it hangs from by one of the ``through``
    relations ("is ready to contribute troops": "ready", then "is"), looking at most at
    ``hops`` verbs."""
    for _ in range(hops):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        if verb.dep_ not in through or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _acted_on(head: Token) -> set[int]:
    """Token indexes of what the verb a group is the subject of acts on directly: its
    object and the objects of "at", "against", "on", "toward" ("threw stones at
    Israeli troops")."""
    if head.dep_ not in ("nsubj", "nsubjpass") or head.head.i == head.i:
        return set()
    verb = head.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [g for c in verb.children if c.dep_ == "prep"
                and c.lower_ in ("at", "against", "on", "toward", "towards", "upon")
                for g in c.children if g.dep_ == "pobj"]
    objects += [c for o in objects for c in o.conjuncts]
    return {o.i for o in objects}


def _tied_country(document: Document, head: Token) -> str | None:
    """The country of the actor a group is tied to: "workers affiliated with the Serbian
    Workers' Union", "gunmen loyal to the Congolese army"."""
    for tie in head.children:
        if tie.dep_ not in ("acl", "amod") or tie.lemma_.lower() not in _TIES \
                and tie.lower_ not in _TIES:
            continue
        for prep in (c for c in tie.children if c.dep_ == "prep"):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for token in obj.subtree:
                    actor = document.actor_by_head.get(token.i)
                    if actor is not None and actor.country:
                        return actor.country
    return None


def _context_country(head: Token, places: list[Place], others: list[Actor]
                     ) -> tuple[str | None, str]:
    """The one country of the ``places`` in the group's clause, else in its sentence
    (resolved by "place"), else of the sentence's ``others`` coded actors ("context")."""
    sentence = head.sent
    verb = head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # tokens are views
        verb = verb.head
    clause = (verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge))
    # (a place on "the Thai border" may be on either side of it)
    places = [p for p in places if not p.text.lower().endswith(("border", "borders",
                                                                 "frontier"))]
    for start, end in (clause, (sentence.start_char, sentence.end_char)):
        countries = {p.country for p in places if start <= p.start < end}
        if len(countries) == 1:
            return countries.pop(), "place"
    countries = {other.country for other in others if other.country}
    return (countries.pop() if len(countries) == 1 else None), "context"


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&/\-]{1,9}$")


def _acronym_definitions(doc: Doc) -> dict[str, int]:
    """Acronyms defined in parentheses after their long form: acronym -> head token index of
    the long form ("the Islamic State in Iraq and the Levant (ISIL)")."""
    definitions: dict[str, int] = {}
    for token in doc:
        if not _ACRONYM.match(token.text) or token.i < 2 or token.i + 1 >= len(doc):
            continue
        if doc[token.i - 1].text != "(" or doc[token.i + 1].text != ")":
            continue
        before = doc[token.i - 2]
        head = before
        while head.dep_ in ("compound", "amod", "nmod", "pobj", "prep", "det") and \
                head.head.i != head.i and head.head.i < token.i + 2:
            if head.dep_ == "pobj" and head.head.head.pos_ not in ("NOUN", "PROPN"):
                break
            head = head.head
        definitions.setdefault(token.text, head.i)
    return definitions


def _possessor(head: Token, document: Document, groups: list[Actor]) -> Actor | None:
    """The state or group an "its"/"their" in the phrase refers to."""
    possessive = next((c for c in head.children if c.dep_ == "poss"
                       and c.lower_ in ("its", "their")), None)
    if possessive is None:
        return None
    verb = head
    while verb.dep_ not in ("ROOT",) and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                    and c.i != head.i), None)
    if subject is not None:
        owner = document.actor_by_head.get(subject.i)
        if owner is not None and owner.country:
            return owner
    return groups[-1] if groups else None


def _known_person(head: Token, tokens: list[Token], matches: list[_Match],
                  day: dt.date | None) -> Person | None:
    """A person of the knowledge base named in the phrase, at or next to its head."""
    inside = {t.i for t in tokens}
    former = any(t.lower_ in _FORMER for t in tokens)
    for match in matches:
        if match.entry.kind == "person" and match.start in inside and \
                match.start <= head.i < match.end:
            person = knowledge_base().person(match.entry.name, day)
            if person is None and former:
                # "former president Menem" after his term: still Argentina's
                person = knowledge_base().former_holder(match.entry.name, day)
            if person is not None and not _other_given_name(head.doc, match, person):
                return person
    return None


def _other_given_name(doc: Doc, match: _Match, person: Person) -> bool:
    """"Michael Howard" is not John Howard: a surname match right after a given name that is
    not the known person's."""
    if match.start == 0 or match.end - match.start > 1:
        return False
    given = doc[match.start - 1]
    return given.pos_ == "PROPN" and given.ent_type_ == "PERSON" and given.is_title \
        and given.text not in person.name.split() \
        and given.text not in {w for alias in person.aliases for w in alias.split()}


#: Heads that, after a leader's name, stand for the state he leads: "the Bush
#: administration", "Putin's government", "the Yeltsin regime".
_LEADER_BODIES = frozenset({"administration", "government", "regime", "cabinet", "junta"})


def _leader_country(head: Token, matches: list[_Match], day: dt.date | None) -> str | None:
    """The country of the known leader whose name modifies a government noun ("the Clinton
    administration" -> USA), None when the name is no one the knowledge base knows."""
    if head.lemma_.lower() not in _LEADER_BODIES and head.lower_ not in _LEADER_BODIES:
        return None
    modifiers = {t.i for child in head.children if child.dep_ in ("compound", "poss")
                 for t in child.subtree}
    for match in matches:
        if match.entry.kind == "person" and match.end - 1 in modifiers:
            country = knowledge_base().leader_country(match.entry.name, day)
            if country is not None:
                return country
    return None


def _actor_for(head: Token, matches: list[_Match], person_tokens: set[int],
               coref: _Coreference, context_country: str | None,
               day: dt.date | None = None,
               by_start: dict[int, list[_Match]] | None = None,
               dateline_country: str | None = None) -> Actor | None:
    if head.pos_ == "PRON":
        if head.lower_ in _PERSON_PRONOUNS and coref.last_person is not None:
            return _mention(head, [head], coref.last_person, "coreference")
        return None
    tokens = phrase_tokens(head)
    owner = coref.last_person
    if head.lemma_.lower() in _OWN_STATE and owner is not None and owner.country and any(
            c.dep_ == "poss" and c.lower_ in ("his", "her") for c in head.children):
        # "the Iranian president said his country was ready": the speaker's country (or
        # government)
        country = owner.country
        state = Actor(text="", start=0, end=0, name=knowledge_base().countries[country].name,
                      code=country + _OWN_STATE[head.lemma_.lower()], country=country,
                      sector=_OWN_STATE[head.lemma_.lower()] or None)
        return _mention(head, tokens, state, "coreference")
    names = [t.text for t in tokens if t.i in person_tokens]
    inside = matches if by_start is None else [
        m for i in sorted({t.i for t in tokens}) for m in by_start.get(i, ())]
    composed = _compose(head, tokens, inside)
    person = _known_person(head, tokens, inside, day)
    if person is None and head.pos_ == "PROPN" and head.ent_type_ not in ("GPE", "LOC") \
            and (composed is None or composed["country"] is None):
        # "Francois Mitterand", "President Habyariman": a wire's misspelling of a known
        # name (the NER may not even call it a person)
        given = [t for t in tokens if t.i < head.i and t.dep_ == "compound"
                 and t.pos_ == "PROPN" and t.i not in {m.start for m in inside}]
        person = knowledge_base().misspelled(head.text, given[0].text if given else None,
                                             (composed or {}).get("sector"))
    if person is not None and (composed is None or composed["country"] is None
                               or composed["code"] is None) and \
            (composed or {}).get("resolved_by") != "user_dictionary":
        # "Kerry said": the knowledge base knows who held which post when.  The article's
        # own title still decides the role where it gives one ("Senator Kerry").
        prefix, role = person.code_on(day)
        prefix = knowledge_base().country_on(prefix, day)  # John Garang in 1990: Sudanese
        sector = (composed or {}).get("sector") or role
        if role and any(t.lemma_.lower() == "leader" for t in tokens if t.i != head.i):
            # "Tory leader Michael Howard": "leader" says he leads something; the knowledge
            # base says what (the opposition)
            sector = role
        # A UN or EU official's prefix ("IGOUNO") is an organization, not a country: the
        # code keeps it, the country stays empty (pronouns and surnames copy both later).
        country = prefix if prefix in knowledge_base().countries else None
        composed = {"name": person.name, "code": prefix + (sector or ""),
                    "country": country, "sector": sector}
        names = names or [t.text for t in tokens if t.pos_ == "PROPN"]
        actor = _mention(head, tokens, Actor(text="", start=0, end=0, **composed),
                         "knowledge_base")
        actor.name = person.name
        coref.remember(actor, [*names, *person.name.split()], single_person=False)
        return actor
    leader = _leader_country(head, inside, day) if composed is not None \
        and composed["sector"] == "GOV" and composed["country"] is None else None
    if leader is not None:
        composed.update(country=leader, code=leader + "GOV", resolved_by="knowledge_base",
                        name=knowledge_base().countries[leader].name)
    ethnic = any(t.lower_ == "ethnic" for t in tokens)
    based = _based_in(head, matches)
    home = _population_home(head, inside, matches, day) if composed is not None \
        and composed["country"] else None
    if home is not None:
        # "the Turkish community in Germany", "the Albanian population of the province"
        sector = composed["sector"] or "CVL"
        composed.update(country=home, code=home + sector, sector=sector, resolved_by="place")
    elif (composed is None or composed["country"] is None or ethnic) and (
            (composed is not None and composed["sector"]) or head.ent_type_ in ("ORG", "NORP")
            or ethnic or based is not None):
        # "Security forces in Guinea", "Kenya-based charities": a country the group is in
        # says whose it is.
        located = _located_in(head, matches) or based
        if located is not None:
            if composed is None:
                composed = {"name": None, "code": None, "country": None, "sector": None,
                            "head_is_role": False}
            if composed["code"] is None or composed["code"] == composed["sector"] or ethnic:
                # "ethnic Albanians in Serbia" live in Serbia
                composed.update(country=located, name=composed["name"],
                                code=located + (composed["sector"] or ""))
        elif ethnic and composed is not None and composed["country"]:
            home = _minority_home(head, tokens, matches, composed["country"], dateline_country)
            if home is not None:
                composed.update(country=home, code=home + (composed["sector"] or ""),
                                resolved_by="context")
    if composed is not None:
        head_is_role = composed.pop("head_is_role")
        generic_seat = composed.pop("generic_seat", False)
        if generic_seat and dateline_country and dateline_country != composed["country"]:
            composed.update(country=dateline_country,
                            code=dateline_country + (composed["sector"] or ""),
                            resolved_by="context")
        resolved_by = composed.pop("resolved_by", None) or (
            "title" if names else "knowledge_base")
        if composed["code"] is None and composed["sector"] and names:
            # "Major General Hassan Firouzabadi" right after "Chief of Staff of the Iranian
            # Armed Forces" is that person; otherwise a titled official with no country
            # named belongs to the dateline's country.
            earlier = coref.titled_with_sector(composed["sector"], coref.sentence)
            if earlier is not None:
                composed.update(country=earlier.country, code=earlier.code)
                resolved_by = "coreference"
            elif context_country:
                composed.update(country=context_country,
                                code=context_country + composed["sector"])
                resolved_by = "context"
        if composed["code"] is None and composed["sector"] and not names \
                and context_country and composed["sector"] in _DOMESTIC_ROLES \
                and not _of_no_state(head):
            # "Police arrested ..." in a Nairobi-datelined story: Kenyan police; "the
            # regime" after "Belarusian officials" in a Brussels one: Belarus's.
            country = coref.country_by_sector.get(composed["sector"]) or context_country
            composed.update(country=country, code=country + composed["sector"])
            resolved_by = "context"
        actor = Actor(text="", start=0, end=0, resolved_by=resolved_by, **composed)
        actor = _mention(head, tokens, actor, resolved_by)
        if generic_seat:
            coref.generic_seats.append((head.i, actor))
        if names and leader is None:  # "the Bush administration" is named for no person
            actor.name = " ".join(names)
        coref.remember(actor, names,
                       single_person=head_is_role and head.tag_ in ("NN", "NNP"),
                       institution=head.lemma_.lower() in knowledge_base().institutions)
        return actor
    if not names and head.pos_ == "PROPN":
        names = [head.text]  # a surname the NER missed: "Aydinli told reporters"
    if names:
        earlier = next((coref.by_name[n] for n in reversed(names) if n in coref.by_name), None)
        if earlier is not None:
            actor = _mention(head, tokens, earlier, "coreference")
            coref.last_person = actor
            return actor
    if head.ent_type_ in _NAMED_ACTOR_TYPES:
        # A named person or organization the knowledge base does not know keeps its text
        # and gets no guessed code; later mentions of the name resolve to it.
        actor = _mention(head, tokens, Actor(text="", start=0, end=0), "unresolved")
        actor.code = actor.country = actor.sector = None
        if head.ent_type_ == "PERSON":
            actor.name = " ".join(names) if names else head.text
            coref.remember_uncoded(actor, names)
        return actor
    return None


_NAMED_ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP"})


def _mention(head: Token, tokens: list[Token], known: Actor, resolved_by: str) -> Actor:
    """A mention at ``tokens`` that carries the codes of ``known``."""
    doc = head.doc
    first, last = tokens[0].i, tokens[-1].i
    while first < head.i and doc[first].pos_ in ("DET", "PUNCT"):
        first += 1
    while last > head.i and doc[last].pos_ == "PUNCT":
        last -= 1
    span = doc[first:last + 1]
    if span.text.count("(") > span.text.count(")") and last + 1 < len(doc) \
            and doc[last + 1].text == ")":
        span = doc[first:last + 2]  # keep "(KACC)" whole
    return Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=known.name,
        code=known.code,
        country=known.country,
        sector=known.sector,
        resolved_by=resolved_by,
    )


def _focus_country(matches: list[_Match]) -> str | None:
    """The one country an undated-lined article is about: named at least twice as often as
    any other (a single-country story), else None."""
    counts: dict[str, int] = {}
    for match in matches:
        if match.entry.kind in ("country", "adjective", "seat") and match.entry.country:
            counts[match.entry.country] = counts.get(match.entry.country, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    best = max(counts, key=counts.get)
    if len(ranked) == 1 or ranked[0] >= 2 * ranked[1]:
        return best
    return None


def _dateline_country(document: Document) -> str | None:
    """The country of the dateline's place ("TEHRAN (Tasnim) -" -> IRN), if known."""
    dateline = document.article.dateline
    if dateline is None or not dateline.place:
        return None
    kb = knowledge_base()
    return kb.country_on(_dateline_place_country(dateline.place), document.publication_day)


def _dateline_place_country(place: str) -> str | None:
    kb = knowledge_base()
    parts = [p.strip() for p in place.split(",")]
    for part in reversed(parts):  # "Kabul, Afghanistan": the country, when given, decides
        country = kb.country_by_name(part)
        if country is not None:
            return country.code
    capital = kb.capital_country(parts[0])
    if capital is not None:
        return capital
    from whodid.places import gazetteer

    entry = gazetteer().resolve(parts[0])
    return entry.country if entry is not None else None


def _blanked_tokens(document: Document) -> set[int]:
    """Tokens inside the dateline, which never name an actor of the story."""
    dateline = document.article.dateline
    if dateline is None:
        return set()
    return {t.i for t in document.doc if t.idx < dateline.end}


def _outermost(actors: list[Actor]) -> list[Actor]:
    """Mentions not nested inside another mention, in text order, without repeats."""
    ordered = sorted(actors, key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[Actor] = []
    for actor in ordered:
        if kept and actor.start >= kept[-1].start and actor.end <= kept[-1].end:
            continue
        kept.append(actor)
    return kept
