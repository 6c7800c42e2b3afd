"""Who takes part in a frame, as tokens of the parse: a verb's subjects (through control
verbs, purpose clauses on the object and misparsed participles), passive agents, objects and
prepositional targets, the nouns an act is on, and the participants of an event noun ("Iran's
attack on ...", "talks between X and Y").  Turning the tokens into coded actors is
:mod:`whodid.events.resolution`'s job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.event_places import of_chain
from whodid.events.tree import _dedupe_tokens, _infinitive, _same_clause

if TYPE_CHECKING:
    from spacy.tokens import Token


_SUBJECT_DEPS = ("nsubj", "csubj")

_TARGET_PREPS = ("against", "with", "on", "to", "toward", "towards", "into", "at", "upon",
                 "for", "from", "over", "between", "among", "in")

_PREFERRED_TARGET_PREPS = ("against", "with", "on", "toward", "towards", "to", "upon", "into")

_WHERE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})

_STANCE_NOUNS = frozenset({"defiance", "protest", "opposition", "retaliation", "response",
                           "revenge", "reprisal"})

_ASKING_NOUNS = frozenset({"demand", "call", "appeal", "request", "ultimatum", "insistence"})

_CUSTODY_NOUNS = frozenset({"custody", "detention", "captivity"})

_DYING_VERBS = frozenset({"die", "succumb", "perish"})


def _subjects(verb: Token) -> list[Token]:
    token = verb
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None) \
            or next((g for c in token.children if c.dep_ in ("aux", "auxpass")
                     for g in c.children if g.dep_ in _SUBJECT_DEPS), None)
        # ("his government is committed to ...": the parser may hang the subject on the
        # auxiliary)
        if subject is not None and subject.pos_ in ("VERB", "AUX"):
            # "The Red Cross operating in Iraq said": a participle parsed as the subject
            subject = next((c for c in subject.children if c.dep_ in _SUBJECT_DEPS), subject)
        if subject is not None and subject.tag_ == "WP" and token.dep_ == "relcl" \
                and token.head.pos_ in ("NOUN", "PROPN"):
            # "the gunmen who attacked the village": the relative pronoun stands for them
            # (people: "which" and "that" are as often a thing, "a resolution that aims")
            return [token.head]
        if subject is not None:
            return [subject]
        agent = _agent(token)
        if agent is not None:
            return [agent]
        if token.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp", "prep") \
                and token.head.i != token.i:
            token = token.head
            continue
        misparsed = _misparsed_main_verb(token)
        if misparsed is not None:
            return [misparsed]
        if _trailing_reporter(token):
            return [token.head]
        infinitive = _infinitive(token)
        if token.dep_ == "relcl" and not infinitive:
            return [token.head]
        if token.dep_ in ("acl", "relcl") and (token.tag_ == "VBG" or infinitive) \
                and token.head.dep_ in ("dobj", "pobj") and token.head.head.i != token.head.i:
            # "converged for a rally to protest X", "held a meeting to discuss Y": purpose
            # clauses on the object belong to the one who acts.
            # "issued a statement condemning the raid": whoever issued it condemns.
            token = token.head.head
            if token.dep_ == "prep":
                token = token.head
            continue
        break
    return []


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


#: verbs whose participle is never passive: "students protested" is always their deed
_DONE_NOT_SUFFERED = frozenset({"protest", "demonstrate", "rally", "riot", "march",
                                "mutiny", "revolt", "rebel", "flee"})


def _misparsed_main_verb(verb: Token) -> Token | None:
    """The subject of a main verb the parser took for a reduced relative clause: in
    "Palestinian youths resorted to throwing stones" and "Doctors from two charities donated
    and delivered medicine", "resorted" and "donated" hang on the noun as participles, but a
    participle with an object of its own acts; the noun phrase it hangs on is its subject."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or _agent(verb) is not None:
        return None
    # ("a man accused of killing ..." is a true participle: "of" + clause is not acting)
    acts = any(c.dep_ == "dobj" for c in verb.children) or any(
        g.dep_ == "pcomp" for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
        for g in c.children) or any(
        c.dep_ == "conj" and c.pos_ == "VERB" and any(g.dep_ == "dobj" for g in c.children)
        for c in verb.children) or any(
        # "An official newspaper called Thursday on Arabs to unite": a day is when it acted
        c.dep_ in ("oprd", "npadvmod") and c.ent_type_ == "DATE" for c in verb.children)
    # "Thousands of students protested in Seoul": a verb people do, not one done to them,
    # hanging on the sentence's root noun is its main verb even with no object
    acts = acts or verb.lemma_.lower() in _DONE_NOT_SUFFERED and verb.head.dep_ == "ROOT"
    if not acts:
        return None  # "weapons seized from the army", "troops deployed to the border"
    noun = verb.head
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        noun = noun.head.head
    return noun if noun.dep_ in ("ROOT", "dep", "nsubj") and noun.pos_ in ("NOUN", "PROPN") \
        else None


def _trailing_reporter(verb: Token) -> bool:
    """"Croatian authorities are failing refugees, a human rights group protested here
    Wednesday": a reporting clause after the reported one that the parser hung on the last
    noun phrase as a participle.  Its subject is that phrase; what it reports is the
    sentence's main clause."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or verb.head.pos_ not in (
            "NOUN", "PROPN"):
        return False
    reporter = verb.head
    left = reporter.left_edge.i
    root = verb.sent.root
    if left == 0 or verb.doc[left - 1].text != "," or root.i >= left \
            or root.pos_ not in ("VERB", "AUX"):
        return False
    # nothing of its own to act on, and nothing but when and where after it
    return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "nsubj") for c in verb.children) \
        and not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[verb.i + 1:verb.sent.end])


def _amount(token: Token) -> bool:
    """A sum or a count: "$33 million (in assistance)", "20 tonnes (of food)"."""
    return token.ent_type_ in ("MONEY", "QUANTITY") or token.pos_ == "NUM" \
        or token.lemma_.lower() in ("million", "billion", "dollar", "euro", "pound", "$",
                                    "tonne", "ton")


def _object_nouns(verb: Token) -> list[Token]:
    """Nouns that say what the verb acts on, a few steps down: "called for a ceasefire",
    "gave Ivory Coast 5 million dollars of aid", "suspended part of a military aid
    program", "announced $33 million in assistance" (object, preposition objects, their "of"
    nouns, a sum's "in" noun, compounds and modifiers)."""
    found: list[Token] = []
    # The object first: "renewed negotiations on a troop pullback" are negotiations.
    # A passive's subject is what it acts on ("the war game was staged by ...").
    frontier = [c for c in verb.children
                if c.dep_ in ("dobj", "dative", "attr", "oprd", "nsubjpass")]
    frontier += [g for c in verb.children if c.dep_ == "prep" for g in c.children
                 if g.dep_ == "pobj"]
    for _ in range(3):
        following: list[Token] = []
        for token in frontier:
            found.append(token)
            found.extend(c for c in token.children if c.dep_ in ("compound", "amod", "nmod"))
            following.extend(c for c in token.children if c.dep_ == "conj")  # "X and Y"
            following.extend(g for p in token.children if p.dep_ == "prep" and (
                p.lower_ == "of" or p.lower_ == "in" and _amount(token))
                for g in p.children if g.dep_ == "pobj")
        frontier = following
    return found


def _verb_participants(verb: Token, obj: Token | None,
                       trigger: list[Token]) -> tuple[list[Token], list[Token]]:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    targets: list[Token] = []
    if passive:
        agent = _agent(verb)
        sources = [agent] if agent is not None else []
        targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not targets and verb.dep_ == "pcomp" and (died := _died_of(verb)) is not None:
            # "a journalist died after being tortured in custody": who died
            targets = [c for c in died.children if c.dep_ == "nsubj"]
        if not sources:
            # "an agreement was reached between Sudan and South Sudan": with no agent, the
            # parties between whom it was done (on the verb or its subject)
            members = [g for holder in (verb, *targets) for p in holder.children
                       if p.dep_ == "prep" and p.lower_ == "between"
                       for g in p.children if g.dep_ == "pobj"]
            if members:
                parties = [members[0], *members[0].conjuncts]
                sources = parties[:1]
                targets = parties[1:] + targets
    else:
        sources = _subjects(verb)
        if obj is not None and obj not in trigger:
            targets.append(obj)
        # "providing intelligence to Macedonia" can parse "to" itself as the dative
        targets += [g for c in verb.children if c.dep_ == "dative"
                    for g in ([c] if c.pos_ != "ADP" else
                              [g for g in c.children if g.dep_ == "pobj"]
                              or _stranded_object(c))]
    preps = [c for c in verb.children if c.dep_ == "prep"]
    # "kidnapped up to 16 Russian advisers": "up to" read as a particle and its phrase
    preps += [c for p in verb.children if p.dep_ == "prt" for c in p.children
              if c.dep_ == "prep"]
    if obj is not None:
        preps += [c for c in obj.children if c.dep_ == "prep"]
    preps.sort(key=lambda p: (p.lower_ not in _PREFERRED_TARGET_PREPS,
                              _TARGET_PREPS.index(p.lower_) if p.lower_ in _TARGET_PREPS
                              else 99))
    # "kidnapped 20 students from a school": with whom acted on named, "from" says where
    # from; "pulled its troops from Lebanon" is still whom the pull-out concerns
    taken_from = obj is not None and obj not in trigger and not any(
        c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our")
        for c in obj.children)
    for prep in preps:
        if prep.lower_ not in _TARGET_PREPS or prep.lower_ in _WHERE_PREPS \
                or prep.lower_ == "from" and taken_from and prep.head.i == verb.i:
            continue  # "arrived in Amman": a trigger's own preposition still names a target
        # "demanded on Tuesday": a date is when, not whom
        targets += [g for g in prep.children if g.dep_ == "pobj" and g not in trigger
                    and g.ent_type_ not in ("DATE", "TIME")] or _stranded_object(prep)
    # "blocked streets in defiance of Chinese authorities", "in retaliation for Israeli
    # raids": not where, but against whom
    targets += [g for n in verb.subtree if n.dep_ == "pobj" and n.head.lower_ == "in"
                and n.lemma_.lower() in _STANCE_NOUNS and _same_clause(n, verb)
                for p in n.children if p.dep_ == "prep"
                and p.lower_ in ("of", "against", "at", "to", "for")
                for g in p.children if g.dep_ == "pobj"]
    # "pulled its troops out of Somalia", "out of the town of Gao": where from is whom it
    # concerns
    targets += [n for c in verb.children if c.lower_ == "out" for p in c.children
                if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"
                for n in of_chain(g)]
    # "positions in Sanaa", "arrived in Amman": where it happened, as a last resort
    targets += [g for p in preps if p.lower_ in _WHERE_PREPS for g in p.children
                if g.dep_ == "pobj" and g not in trigger]
    if obj is not None and obj in trigger:
        # "held talks with X", "launched an attack on X": targets hang under the noun.
        targets += [g for p in obj.children if p.dep_ == "prep" and p.lower_ in _TARGET_PREPS
                    for g in p.children if g.dep_ == "pobj"]
    if obj is not None:
        # "seized control of Mosul": the object's own "of" phrase names what is acted on.
        targets += [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children if g.dep_ == "pobj"]
    return sources, _dedupe_tokens(targets)


def _stranded_object(prep: Token) -> list[Token]:
    """"granted asylum to five officers holed up in a residence", parsed as a clause whose
    subject is the officers: the preposition's object is that subject."""
    if any(c.dep_ == "pobj" for c in prep.children):
        return []
    return [s for c in prep.head.children if c.dep_ in ("advcl", "ccomp") and c.i > prep.i
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
            and s.left_edge.i == prep.i + 1]


def _noun_participants(noun: Token) -> tuple[list[Token], list[Token]]:
    sources: list[Token] = []
    targets: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss" or child.dep_ == "compound" and child.pos_ == "PROPN" or (
                child.dep_ == "amod" and (child.ent_type_ == "NORP" or child.text[:1].isupper())):
            # "Iran's attack", "Hamas attacks", "Palestinian riots against ..."
            sources.append(child)
        elif child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if child.lower_ == "by":
                sources += objects
                # "the visit by the Indian prime minister to Nepal": the parser hangs the
                # act's "to" or "on" phrase on its doer, who takes none of his own
                targets += [g for o in objects for p in o.children if p.dep_ == "prep"
                            and p.lower_ in ("to", "on", "against", "toward", "towards")
                            for g in p.children if g.dep_ == "pobj"]
            elif child.lower_ == "between" and objects:
                members = [objects[0], *objects[0].conjuncts]
                sources.append(members[0])
                targets += members[1:]
            elif child.lower_ in ("against", "on", "with", "to", "of", "toward", "towards"):
                targets += objects
            elif child.lower_ in ("in", "under"):
                # "torture in Israeli police custody": whose custody it was
                sources += [g for g in objects if g.lemma_.lower() in _CUSTODY_NOUNS]
    if not targets and noun.lemma_.lower() in _ASKING_NOUNS:
        # "its demands that Burundi's government grant ...": the one asked
        targets = [s for c in noun.children if c.dep_ == "acl"
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                   for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    if not targets:
        # "a prisoner died as a result of torture", "died under torture": who died
        head = _died_of(noun)
        if head is not None:
            targets = [c for c in head.children if c.dep_ == "nsubj"]
            # "died of torture while in Israeli police custody"
            sources = sources or [g for p in head.children if p.dep_ == "prep"
                                  and p.lower_ in ("in", "under") for g in p.children
                                  if g.lemma_.lower() in _CUSTODY_NOUNS]
    return sources, targets


def _died_of(noun: Token) -> Token | None:
    """The verb of dying whose cause ``noun`` is ("died as a result of torture", "died due
    to torture", "died under torture"), if any."""
    head = noun.head
    for _ in range(4):
        if head.pos_ == "VERB":
            return head if head.lemma_.lower() in _DYING_VERBS else None
        head = head.head
    return None


def _where(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _WHERE_PREPS
