"""Pass 1: frames.  A :class:`Frame` is an event candidate anchored at one token: a lexicon
verb (matched on its lemma, or on a stem when the lemmatizer slips), a verb phrase ("rule
out", "call for a ceasefire"), a light verb with an event noun ("held talks"), an event noun
with its own participants ("talks between X and Y"), a reported obligation ("X said Y must
return ..."), or, where nothing else is coded, a statement ("X said ..." about a coded
actor), each with its participants, negation, modality and the words that may make its
code specific."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.event_places import of_chain
from whodid.events.participants import (
    _SUBJECT_DEPS,
    _noun_participants,
    _object_nouns,
    _subjects,
    _trailing_reporter,
    _verb_participants,
)
from whodid.events.tree import (
    _asked_for,
    _infinitive,
    _modifier_words,
    _negated,
    _of_time,
    _same_clause,
)
from whodid.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


@dataclass
class Frame:
    """An event candidate anchored at one token, before composition."""

    anchor: Token  # the verb, or the event noun for nominal events
    code: str
    trigger: list[Token]
    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    negated: bool = False
    future: bool = False  # "will visit", "would shell": an intention, not a deed
    conditional: bool = False  # a future act on a condition: a threat
    obligation: bool = False  # "must hand over": under a reporting verb, a demand
    learned: bool = False  # coded by the classifier, not the lexicon
    classifier_agrees: bool = False  # the classifier gives the sentence the same root
    learned_probability: float = 0.0
    modality: str = "asserted"
    consumed: bool = False
    nominal: bool = False
    reported_by: Actor | None = None
    alleged: bool = False  # the content of an accusation, not a deed the text asserts
    inherited_targets: list[Token] = field(default_factory=list)  # its head act's, if none
    mutual: bool = False  # a refusal of something done together ("failed to reach agreement")
    specifier_words: list[str] = field(default_factory=list)


# CAMEO "make statement, not specified below", and who may make one without an actor code.
STATEMENT_CODE = "010"
_NAMED_SPEAKERS = frozenset({"PERSON", "ORG", "NORP"})

_PROTEST_NOUNS = frozenset({"demonstration", "protest", "rally", "march", "riot", "strike",
                            "sit-in", "vigil"})

_ALLEGING = frozenset({"alleged", "suspected", "purported", "reported", "claimed"})


class FrameFinder:
    """Finds the frames of a sentence (:meth:`_frames`); mixed into
    :class:`~whodid.events.coder.EventCoder`, whose lexicon and grammar word sets it reads."""

    def _frames(self, sentence: SpacySpan, document: Document) -> list[Frame]:
        frames: list[Frame] = []
        consumed_nouns: set[int] = set()
        self._actor_heads = document.actor_by_head
        dateline_end = document.article.dateline.end if document.article.dateline else 0
        for token in sentence:
            if token.idx < dateline_end:
                continue
            if token.pos_ == "ADJ" and token.dep_ == "acomp" \
                    and token.lemma_.lower() in self.moods:
                frame = self._mood_frame(token)
                if frame is not None:
                    frames.append(frame)
                continue
            if token.pos_ == "VERB" and _mood_word(token, self.moods) \
                    and _hopes_for_others(token):
                frame = self._mood_frame(token)
                if frame is not None:
                    frames.append(frame)
                continue
            if token.pos_ in ("VERB", "AUX"):
                frame = self._verb_frame(token) or self._obligation_frame(token)
                if frame is not None:
                    if token.dep_ == "acl" and token.tag_ == "VBG" \
                            and token.head.i in document.actor_by_head \
                            and not any(c.dep_ in _SUBJECT_DEPS for c in token.children):
                        # "fired tear gas at opposition supporters protesting against
                        # prices": the people the participle describes do it
                        frame.sources = [token.head]
                    frames.append(frame)
                    consumed_nouns.update(t.i for t in frame.trigger)
        for token in sentence:
            if token.idx < dateline_end or token.i in consumed_nouns:
                continue
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.lexicon.nouns:
                frame = self._noun_frame(token)
                if frame is not None:
                    frames.append(frame)
        return frames

    def _statement_frame(self, sentence: SpacySpan, document: Document) -> Frame | None:
        """A statement (010) for a sentence whose main verb is a plain verb of saying: its
        subject, a coded actor or a named person, organization or group, says something to
        a coded actor ("told Japan's prime minister") or about one (the first coded actor of
        another code in what was said).  None without such a target: "the coach said the
        pitch was heavy" is no political event."""
        verb = sentence.root
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.statement_verbs:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        speaker = document.actor_by_head.get(subject.i)
        if (speaker is None or not (speaker.code or speaker.sector)) \
                and subject.ent_type_ not in _NAMED_SPEAKERS:
            return None

        def coded(token: Token) -> bool:
            actor = document.actor_by_head.get(token.i)
            # (of another code than the speaker's: not the speaker, nor "Kenya" for Kenya's)
            return actor is not None and bool(actor.code) \
                and (speaker is None or actor.code != speaker.code)

        targets = [c for c in verb.children if c.dep_ in ("dative", "dobj") and coded(c)]
        if not targets:
            said = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            targets = [t for t in said.subtree if coded(t)][:1] if said is not None else []
        if not targets:
            return None
        return Frame(anchor=verb, code=STATEMENT_CODE, trigger=[verb], sources=[subject],
                     targets=targets)

    def _mood_frame(self, adjective: Token) -> Frame | None:
        """"said he was pessimistic about resuming talks", "was confident the US would
        remove irritants": a statement of mood (012 pessimistic, 013 optimistic; grammar
        ``moods``) by whoever holds it, about what its "about"/"over"/"on" phrase or
        "that" clause names ("not optimistic" is pessimistic)."""
        code = self.moods[_mood_word(adjective, self.moods)]
        # (a verb of mood, "hoped for more talks", is its own copula)
        copula = adjective if adjective.pos_ == "VERB" else adjective.head
        holders = [c for c in copula.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not holders or any(c.dep_ == "expl" for c in copula.children):
            return None
        if _negated(copula) or copula is not adjective and _negated(adjective):
            code = {"012": "013", "013": "012"}.get(code, code)
        about = [g for p in adjective.children if p.dep_ == "prep"
                 and p.lower_ in ("about", "over", "on", "of", "regarding")
                 for g in p.children if g.dep_ in ("pobj", "pcomp")]
        about += [s for c in adjective.children if c.dep_ == "ccomp"
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
        frame = Frame(anchor=adjective, code=code, trigger=[adjective], sources=holders,
                      targets=[t for t in about if t.pos_ in ("NOUN", "PROPN", "PRON")])
        if any(c.dep_ == "aux" and c.lemma_.lower() in self.hypothetical_modals
               for c in copula.children) or any(
                c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless")
                for c in copula.children):
            frame.modality = "hypothetical"
        return frame

    def _verb_lemma(self, verb: Token) -> str:
        """The verb's lemma, or a stem of its surface form that the lexicon knows when the
        lemmatizer slipped ("staged" -> "stag")."""
        lemma = verb.lemma_.lower()
        known = self.lexicon.verbs.keys() | self.lexicon.phrases.keys() | self.light
        if lemma in known:
            return lemma
        for stem in _stems(verb.lower_):
            if stem in known:
                return stem
        return lemma

    def _verb_frame(self, verb: Token) -> Frame | None:
        lemma = self._verb_lemma(verb)
        children = list(verb.children)
        obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
        found: tuple[str, list[Token]] | None = None
        # The longest phrase wins ("handed over 700 kg of medicine" is aid, not "hand
        # over"); between equals, one through the verb's object ("fired missiles at a
        # house" is a missile strike, not "fire at"), then direct children first: "opened
        # fire on a market" is firing, not opening a market.
        best: tuple[int, bool] = (0, True)
        for deep in (False, True):
            for phrase in self.lexicon.phrases.get(lemma, ()):
                if len(phrase.words) < best[0]:
                    continue
                matched = _match_phrase(verb, phrase.words, deep)
                if matched is None:
                    continue
                rank = (len(phrase.words), any(t.dep_ in ("dobj", "obj") for t in matched))
                if rank > best:
                    found = (phrase.code, [verb, *matched])
                    best = rank
        if lemma in self.light:
            # "announced the release of two hostages", "announced a suspension of aid to
            # Haiti": a deed named by its noun is the deed, coded as its verb would be
            deed = self._nominalized_deed(obj)
            if deed is not None:
                found = (deed[0], [verb, *deed[1]])
        if found is None and lemma in self.light:
            # "held talks", "launched a mediation effort", "engaged in ethnic cleansing":
            # the event is the noun the light verb acts on.
            for noun in _object_nouns(verb):
                noun_code = self._noun_code(noun)
                if noun_code:
                    found = (noun_code, [verb, noun])
                    break
        if found is None and lemma in self.giving_aid and obj is not None and any(
                t.lemma_.lower() in self.aid_goods for t in (obj, *of_chain(obj))) \
                and not _for_thought(obj):
            # "distributed vaccines in Liberia", "shipped 500 tonnes of rice to Haiti"
            found = ("073", [verb, obj])
        if found is None and lemma in self.lexicon.verbs and verb.pos_ != "ADJ":
            found = (self.lexicon.verbs[lemma], [verb])
        if found is None and lemma in self.appeal_verbs and _asks_to_act(verb):
            # "Turkey asked Tehran to provide information", "Congress is asking Obama to
            # help Iran": an appeal, refined by what is asked
            found = ("020", [verb])
        if found is None and lemma in self.lexicon.word_set("offered_giving_verbs") \
                and verb.dep_ == "xcomp" and (
                    verb.head.lemma_.lower() in self.intent - {"threaten", "warn", "swear"}
                    or verb.head.pos_ == "ADJ" and verb.head.lower_ in self.intent_predicates):
            # "is ready to contribute more to peacekeeping", "is willing to send more
            # resources to Colombia": giving held out as an intention is an offer of aid
            found = ("070", [verb])
        returned_to: list[Token] = []
        if found is None and lemma in self.returning:
            # "returned 12 stolen skulls to Peru", "a manuscript was returned to Egyptian
            # authorities": things handed back to someone are property returned; people
            # returned ("returned refugees to Syria") and "returned home" are not
            thing = obj or next((c for c in children if c.dep_ == "nsubjpass"), None)
            back = any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")
                       for c in children) or any(c.lower_ == "back" for c in children)
            # "returned 12 skulls that date back to 300 BC to Peru": the parser may hang the
            # destination on the object's own clause
            stranded = [g for t in (thing.subtree if thing is not None and not back else ())
                        if t.dep_ == "prep" and t.lower_ == "to" for g in t.children
                        if g.dep_ == "pobj" and g.ent_type_ == "GPE"]
            back = back or bool(stranded)
            if thing is not None and back and thing.pos_ == "NOUN" \
                    and thing.i not in self._actor_heads \
                    and thing.ent_type_ not in ("PERSON", "NORP") \
                    and not any(c.i in self._actor_heads for c in thing.children):
                found = (self.returning[lemma], [verb, thing])
                returned_to = stranded
        by_subject = self._subject_code(verb, lemma,
                                        phrased=found is not None and len(found[1]) > 1)
        if by_subject is not None:
            found = by_subject
        if found is None:
            return None
        code, trigger = found
        if trigger == [verb] and code[:2] in ("15", "18", "19", "20") and obj is not None \
                and obj.lemma_.lower() in self.abstract_objects:
            # "attacked the government's record", "fought the election", "reinforced its
            # commitment to refugees": no force is used on a plan or a pledge; attacking one
            # is criticizing it
            code = self.verbal_force.get(lemma)
            if code is None:
                return None
            trigger = [verb, obj]
        frame = Frame(anchor=verb, code=code, trigger=trigger)
        frame.sources, frame.targets = _verb_participants(verb, obj, trigger)
        frame.targets += returned_to
        if lemma in self.stative and not frame.sources:
            # "Israel is opposed to French mediation": a state, not a passive; the subject
            # holds the attitude.
            holders = [c for c in children if c.dep_ in ("nsubjpass", "nsubj")] or [
                g for c in children if c.dep_ in ("aux", "auxpass")
                for g in c.children if g.dep_ in ("nsubjpass", "nsubj")]
            frame.sources = holders
            frame.targets = [t for t in frame.targets if t not in holders]
        aimed = [t for t in frame.targets if t.lemma_.lower() not in self.weapon_nouns]
        if code[:2] in ("19", "20") and aimed and all(
                t.lemma_.lower() in self.open_waters for t in aimed):
            # "fired two ballistic missiles into the sea": no one is hit; a show of force
            frame.code, frame.targets = "150", []
        if lemma in self.complaining and _trailing_reporter(verb):
            # "Croatian authorities are failing refugees, a rights group protested": the
            # complaint is about the main clause's subject
            frame.code = self.complaining[lemma]
            frame.targets = _subjects(verb.sent.root)
        if code in self.own_forces_codes and not frame.sources:
            forces = [c for c in children if c.dep_ == "nsubjpass"]
            frame.sources = forces
            frame.targets = [t for t in frame.targets if t not in forces]
        if lemma in self.transfer_verbs and obj is not None:
            # "offered its troops to Lebanon's president", "gave Kenya a grant": what is
            # given is not whom it is given to
            recipients = [t for t in frame.targets
                          if t.dep_ == "dative" or (t.dep_ == "pobj" and t.head.lower_ in ("to",
                                                                                       "for"))]
            if recipients:
                frame.targets = recipients + [t for t in frame.targets
                                              if t not in recipients and t is not obj]
        if code[:2] == "04" and verb.dep_ in ("xcomp", "advcl") and _infinitive(verb):
            # "called his French counterpart to discuss the crisis in Libya", "invited the
            # rebels to negotiate": whom the talk is with is whom the head verb reached
            partners = [c for c in verb.head.children if c.dep_ in ("dobj", "obj")
                        and c.i in self._actor_heads and c not in frame.sources]
            if partners:
                frame.targets = partners + [t for t in frame.targets if t not in partners]
        if code[:2] == "11":
            # "complained to the UN over Israeli air raids": the one complained about, not
            # the one complained to
            about = [g for c in children if c.dep_ == "prep" and c.lower_ in ("over", "about")
                     for g in c.children if g.dep_ == "pobj"]
            # ... but a state complained to is the one complained about ("Greece protested
            # to Turkey over the flights"): a state is no referee of its own quarrels
            told_states = [g for c in children if c.dep_ == "prep" and c.lower_ == "to"
                           for g in c.children if g.dep_ == "pobj"
                           and (actor := self._actor_heads.get(g.i)) is not None
                           and actor.country and actor.country == (actor.code or "")[:3]]
            if about and told_states:
                frame.targets = told_states + [t for t in frame.targets
                                               if t not in told_states]
            elif about:
                frame.targets = about + [t for t in frame.targets
                                         if t not in about and t.head.lower_ != "to"]
        if not frame.targets and code[:2] == "14":
            # "threw stones during demonstrations against the Israeli army": what the
            # protest the act belongs to is against
            frame.targets = [g for n in verb.subtree if n.dep_ == "pobj"
                             and n.head.lower_ in ("during", "at", "in")
                             and n.lemma_.lower() in _PROTEST_NOUNS and _same_clause(n, verb)
                             for p in n.children if p.dep_ == "prep"
                             and p.lower_ in ("against", "over")
                             for g in p.children if g.dep_ == "pobj"]
        if not frame.targets and (code[:2] in ("02", "10", "13") or lemma in self.permitting):
            # "demanded that Hamas renounce violence": the one asked is the clause's subject;
            # "allow UN planes to land": the one allowed
            # "pressed for the US to back the plan": the one asked
            frame.targets = [s for c in children
                             if c.dep_ in ("ccomp", "xcomp") or _asked_for(c)
                             for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
        if not frame.targets:
            # "agreed to provide aid for Romania": the complement's recipient.
            for complement in (c for c in children if c.dep_ == "xcomp"):
                complement_obj = next((c for c in complement.children if c.dep_ == "dobj"),
                                      None)
                frame.targets = _verb_participants(complement, complement_obj, [])[1]
                if frame.targets:
                    break
        frame.negated = _negated(verb)
        destinations = [g for c in children if c.dep_ == "prep" and c.lower_ in ("to", "into")
                        for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "GPE"]
        if frame.negated and destinations and code in self.refused_deployments:
            # "By no means will military forces be deployed from Iran to Iraq": forces
            # refused to another country are military cooperation with it refused
            frame.code = self.refused_deployments[code]
            frame.targets = destinations
        frame.specifier_words = _modifier_words(verb, trigger)
        frame.obligation = any(c.dep_ == "aux" and c.lemma_.lower() in self.obligation_modals
                               for c in children)
        if any(c.dep_ == "aux" and c.lemma_.lower() in self.hypothetical_modals
               for c in children):
            frame.modality = "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in children):
            frame.modality = "hypothetical"
        frame.future = any(c.dep_ == "aux" and c.lemma_.lower() in self.intent_modals
                           for c in children)
        # "will withdraw its force unless Chad holds elections": a conditioned intention
        conditioned = any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if")
                                      for m in c.children) for c in children)
        frame.conditional = frame.future and conditioned
        if conditioned and frame.modality == "hypothetical" \
                and self.lexicon.by_prefix("threat_codes", code) is not None \
                and any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could")
                        for c in children):
            # "the EC may halt mediation if cooperation founders": a hostile act held out
            # on a condition is a threat, whatever the modal.
            frame.modality = "asserted"
            frame.future = frame.conditional = True
        return frame

    def _nominalized_deed(self, noun: Token | None) -> tuple[str, list[Token]] | None:
        """The code of a deed a light verb's object names by its noun (grammar
        ``nominalizations``: "the release of two hostages" as "released two hostages", "a
        suspension of aid" as "suspended aid"): one of its verb's phrases through the
        noun's own words, else the verb's own code when the noun's "of" object is a
        coded actor ("the release of a French citizen", not "of a new film")."""
        if noun is None:
            return None
        verb_lemma = (self.lexicon.grammar.get("nominalizations") or {}).get(
            noun.lemma_.lower())
        if not verb_lemma:
            return None
        found: tuple[str, list[Token]] | None = None
        longest = 0
        for phrase in self.lexicon.phrases.get(verb_lemma, ()):
            if len(phrase.words) <= longest:
                continue
            matched = _match_phrase(noun, phrase.words, True)
            if matched is not None:
                found, longest = (phrase.code, [noun, *matched]), len(phrase.words)
        if found is None and verb_lemma in self.lexicon.verbs and any(
                g.i in self._actor_heads for p in noun.children
                if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                if g.dep_ == "pobj"):
            found = (self.lexicon.verbs[verb_lemma], [noun])
        return found

    def _occurring_verb(self, noun: Token) -> Token | None:
        """:func:`_occurrence_verb` with the grammar's ``occurrence_verbs``."""
        return _occurrence_verb(noun, self.occurrence_verbs)

    def _subject_code(self, verb: Token, lemma: str, phrased: bool = False
                      ) -> tuple[str, list[Token]] | None:
        """"Peacekeepers arrived in Bosnia" is peacekeeping, not a visit: for verbs of
        movement, who moves decides the code (grammar table ``subject_codes``).  With
        ``phrased`` (a lexicon phrase matched), the subject actor's sector does not
        override it: "Israel struck a deal" is a deal, "Israel struck targets" force."""
        table = (self.lexicon.grammar.get("subject_codes") or {}).get(lemma)
        if not table:
            return None
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] \
            or _subjects(verb)  # "insurgents vowed to march on Baghdad"
        # "was targeted by the army": the doer too; "airstrikes targeting the city": a
        # participle's noun
        subjects += [g for c in verb.children if c.dep_ == "agent"
                     for g in c.children if g.dep_ == "pobj"]
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            subjects.append(verb.head)
        for subject in subjects:
            # (a key in capitals is an actor's sector: "the YPG entered Manbij" is armed men
            # moving in, as "troops entered" is)
            actor = self._actor_heads.get(subject.i)
            # (STATE is a country named for its state: "Greece protested to Turkey")
            sector = actor and (actor.sector or ("STATE" if actor.code and
                                                 actor.code == actor.country else None))
            if sector and table.get(sector) and not phrased:
                return str(table[sector]), [verb]
            for noun in of_chain(subject):
                # the modifier first: "peacekeeping troops" are peacekeepers
                for word in (*(c for c in noun.children
                               if c.dep_ in ("compound", "amod", "nmod")), noun):
                    code = table.get(word.lemma_.lower())
                    if code:
                        return str(code), [verb]
        return None

    def _obligation_frame(self, verb: Token) -> Frame | None:
        """"X said Y must hand over the suspects": a demand frame for an obligation clause
        reported by someone, even when its verb is not in the lexicon."""
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in self.reporting:
            return None
        if not any(c.dep_ == "aux" and c.lemma_.lower() in self.obligation_modals
                   for c in verb.children):
            return None
        frame = Frame(anchor=verb, code="100", trigger=[verb], obligation=True)
        frame.sources = _subjects(verb)
        return frame

    def _noun_code(self, noun: Token) -> str | None:
        """The code of an event noun, decided by its modifier where that matters."""
        lemma = noun.lemma_.lower()
        code = self.lexicon.nouns.get(lemma)
        if code is None:
            return None
        by_modifier = (self.lexicon.grammar.get("noun_modifiers") or {}).get(lemma) or {}
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                specific = by_modifier.get(child.lemma_.lower()) or by_modifier.get(child.lower_)
                if specific:
                    return None if specific == "-" else str(specific)
        by_preposition = (self.lexicon.grammar.get("noun_prepositions") or {}).get(lemma) or {}
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in by_preposition \
                    and not _of_time(child):
                return str(by_preposition[child.lower_])
        return code

    def _noun_frame(self, noun: Token) -> Frame | None:
        frame = Frame(anchor=noun, code=self._noun_code(noun) or "", trigger=[noun],
                      nominal=True)
        frame.sources, frame.targets = _noun_participants(noun)
        occurring = self._occurring_verb(noun)
        if occurring is not None and not (frame.sources or frame.targets) \
                and not any(c.dep_ == "prep" for c in occurring.children):
            # "the attack occurred": nothing to place it or name its parties by; the frame
            # would only keep the learned fallback from the sentence
            return None
        if occurring is not None:
            # "clashes erupted between the army and rebels in X", "the attack occurred in
            # Y": the verb tells that the event happened, and the parties and the place
            # hang on it; both words are the trigger
            frame.trigger = [noun, occurring]
            more_sources, more_targets = _noun_participants(occurring)
            frame.sources += more_sources
            frame.targets += more_targets
        elif not frame.sources and not frame.targets:
            return None
        frame.specifier_words = _modifier_words(noun, [noun])
        # "the alleged human rights violations by the Israeli military": only alleged
        frame.alleged = any(c.dep_ == "amod" and c.lower_ in _ALLEGING for c in noun.children)
        if frame.alleged:
            frame.modality = "reported"
        governor = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and governor.pos_ in ("VERB", "AUX"):
            frame.negated = _negated(governor)
            if any(c.dep_ == "aux" and c.lemma_.lower() in self.hypothetical_modals
                   for c in governor.children):
                frame.modality = "hypothetical"
        return frame


def _occurrence_verb(noun: Token, occurrence_verbs: frozenset[str]) -> Token | None:
    """The verb telling that the event ``noun`` happened, when the noun is its subject
    ("the attack occurred", "clashes erupted", "fighting broke out", "the bombing took
    place"; grammar ``occurrence_verbs``, a second word being the verb's particle or
    object), else None."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ != "VERB" or verb.i == noun.i:
        return None
    lemma = verb.lemma_.lower()
    words = {c.lemma_.lower() for c in verb.children if c.dep_ in ("prt", "dobj")}
    for entry in occurrence_verbs:
        head, _, rest = entry.partition(" ")
        if head == lemma and (not rest or rest in words):
            return verb
    return None


def _mood_word(token: Token, moods: dict[str, str]) -> str:
    """The ``moods`` entry of a word, through a stem where the lemmatizer slips ("hoped"
    -> "hop"), else ""."""
    lemma = token.lemma_.lower()
    if lemma in moods:
        return lemma
    return next((stem for stem in _stems(token.lower_) if stem in moods), "")


def _hopes_for_others(verb: Token) -> bool:
    """"hoped for more talks", "hoped Bolton would ...": a hope for something or for someone
    else to act (an optimistic comment), not "hoped to visit" (an intention)."""
    return any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children) or any(
        c.dep_ == "ccomp" and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
        for c in verb.children)


def _fights_no_one(anchor: Token, trigger: list[Token], no_foes: frozenset[str]) -> bool:
    """Whether a fight is against something no one is (grammar ``no_foes``): "fight the
    Ebola epidemic", "launched a fight against corruption", "fight the causes of
    migration", "to fight drug trafficking" (not "drug traffickers": people)."""
    foes = []
    for token in (anchor, *trigger):
        foes += [c for c in token.children if c.dep_ in ("dobj", "obj")]
        foes += [g for c in token.children if c.dep_ == "prep"
                 and c.lower_ in ("against", "on") for g in c.children if g.dep_ == "pobj"]
    # the trigger's own words are the act, not its foe ("opened fire")
    trigger_indices = {t.i for t in trigger}
    foes = [t for t in foes if t.i not in trigger_indices]
    return bool(foes) and all(
        any(w.lemma_.lower() in no_foes for w in (t, *of_chain(t))) for t in foes
        if t.lemma_.lower() != "fight")


def _for_thought(noun: Token) -> bool:
    """"gave the club food for thought": an idiom, not food."""
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(g.lemma_.lower() == "thought"
                                                              for g in c.children)
               for c in noun.children)


def _asks_to_act(verb: Token) -> bool:
    """Whether ``verb`` asks someone to do something: an object and an infinitive
    ("asked Tehran to provide"), or an infinitive clause with its own subject."""
    for clause in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        if any(c.dep_ in ("dobj", "obj") for c in verb.children) \
                or any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            return True
    return False


def _match_phrase(verb: Token, words: tuple[str, ...], deep: bool) -> list[Token] | None:
    """Tokens matching ``words`` among the verb's children (particle, preposition, object);
    ``deep`` also looks one level down ("go on strike", "called for a ceasefire")."""
    matched: list[Token] = []
    # "fired missiles ... on Thursday" is no "fire on": a preposition of time is no part
    pool = [c for c in verb.children if not (c.dep_ == "prep" and _of_time(c))]
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.dep_ == "quantmod":
        pool.append(following)  # "handed over 20 tonnes": the particle read as "over 20"
    if deep:
        pool += _object_nouns(verb)
        # "pressing for the US to back the plan": "for" introduces the clause asked for
        pool += [m for c in verb.children if c.dep_ in ("advcl", "xcomp", "ccomp")
                 for m in c.children if m.dep_ == "mark" and m.lower_ == "for"]
    for word in words:
        hit = next((t for t in pool if t.lemma_.lower() == word or t.lower_ == word), None)
        if hit is None:
            return None
        matched.append(hit)
    return matched


def _stems(word: str) -> list[str]:
    """Candidate base forms of an inflected verb: staged -> stage, stopped -> stop,
    carried -> carry, attacking -> attack, bombs -> bomb."""
    stems = []
    for suffix, replacements in (("ied", ("y",)), ("ies", ("y",)), ("ed", ("e", "")),
                                 ("ing", ("e", "")), ("es", ("e", "")), ("s", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            stems += [base + r for r in replacements]
            if len(base) > 2 and base[-1] == base[-2]:
                stems.append(base[:-1])  # stopped -> stop
    return stems
