"""Events stage: code clauses and event nouns into CAMEO events from the dependency parse.

Two passes over each sentence.  The first finds *frames*: a lexicon verb, verb phrase,
light verb plus event noun ("held talks"), or event noun ("talks between X and Y"), with
its participants.  The second composes frames along the tree: an event under a rejecting
head ("dismissed the notion that Iran might cooperate") becomes a rejection; under an
intent head ("vowed to march", "would be open to cooperating") an expressed intention or
threat; under a reporting verb ("X said Y attacked Z") a reported event.  Negation turns
cooperative events into rejections and drops negated conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
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
from whodid.knowledge import knowledge_base
from whodid.lexicon import Lexicon
from whodid.model import (
    Actor,
    Event,
    EventDate,
    EventLocation,
    Place,
    Plover,
    Span,
    TimeExpression,
)
from whodid.ontology import cameo_codes
from whodid.places import event_place, of_chain

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_SUBJECT_DEPS = ("nsubj", "csubj")
_TARGET_PREPS = ("against", "with", "on", "to", "toward", "towards", "into", "at", "upon",
                 "for", "from", "over", "between", "among", "in")
_PREFERRED_TARGET_PREPS = ("against", "with", "on", "toward", "towards", "to", "upon", "into")
_WHERE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "nothing", "neither", "nor"})
_GOVERNING_EDGES = frozenset({"xcomp", "ccomp", "acl", "pcomp", "pobj", "prep", "dobj",
                              "acomp", "relcl", "advcl", "attr", "nsubj", "nsubjpass"})


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


# The learned classifier speaks where the lexicon is silent only when this sure, and
# refines a generic lexicon code ("190") to a specific one ("195") when this sure.  Chosen
# on a held-out quarter of the project's own training sentences (scripts/classifier_thresholds.py):
# 0.05 gives the best root-level F1 there (precision 0.78, recall 0.73); at 0.2 the exact
# code is right 83% of the time.
FALLBACK_PROBABILITY = 0.05
REFINE_PROBABILITY = 0.2
# Distinct sport/business/culture context words that make a whole article non-political.
NON_POLITICAL_WORDS = 3


class EventCoder:
    """Codes the events of a parsed document with one lexicon and, optionally, the learned
    classifier (:mod:`whodid.classifier`)."""

    def __init__(self, lexicon: Lexicon, classifier=None) -> None:
        self.lexicon = lexicon
        self.classifier = classifier
        self.reporting = lexicon.word_set("reporting_verbs")
        self.light = lexicon.word_set("light_verbs")
        self.intent = lexicon.word_set("intent_verbs")
        self.intent_predicates = lexicon.word_set("intent_predicates")
        self.permitting = lexicon.word_set("permitting_verbs")
        self.accusing = lexicon.word_set("accusing_verbs")
        self.stative = lexicon.word_set("stative_passives")
        self.transfer_verbs = lexicon.word_set("transfer_verbs")
        self.commanding = lexicon.word_set("command_verbs")
        self.rejecting = lexicon.word_set("rejecting_heads")
        self.intent_modals = lexicon.word_set("intent_modals")
        self.hypothetical_modals = lexicon.word_set("hypothetical_modals")
        self.obligation_modals = lexicon.word_set("obligation_modals")
        self.domestic_roots = lexicon.word_set("implicit_domestic_target_roots")
        self.not_domestic = tuple(lexicon.word_set("no_implicit_target_codes"))
        self.placed_only = tuple(lexicon.word_set("implicit_target_by_place_only"))
        self.complaining = lexicon.code_table("complaining_reporters")
        self.protest_purposes = lexicon.code_table("protest_purposes")
        self.preventing = lexicon.word_set("preventing_verbs")
        self.attempt_codes = lexicon.code_table("attempt_codes")
        self.content_nouns = lexicon.word_set("content_nouns")
        self.on_behalf = tuple(lexicon.word_set("on_behalf_codes"))
        self.weapon_nouns = lexicon.word_set("weapon_nouns")
        self.sport_proof = lexicon.word_set("sport_proof_verbs")
        self.sport_proof_codes = lexicon.word_set("sport_proof_codes")
        self.open_waters = lexicon.word_set("open_waters")
        self.preparing = lexicon.word_set("preparing_verbs")
        self.preparation_codes = lexicon.code_table("preparation_codes")
        self.announced_roots = lexicon.word_set("announced_policy_roots")
        self.reciprocal_roots = lexicon.word_set("reciprocal_roots")
        self.mutual_codes = lexicon.word_set("mutual_codes")
        self.own_forces_codes = lexicon.word_set("own_forces_codes")
        self.reporting_or_complaining = self.reporting | frozenset(self.complaining)

    # -- stage entry point -------------------------------------------------------------
    def __call__(self, document: Document) -> None:
        events: list[Event] = []
        sentences = list(document.doc.sents)
        all_frames = []
        for sentence in sentences:
            if sentence.text.rstrip().endswith("?"):
                all_frames.append([])  # questions are not events that happened
                continue
            frames = self._frames(sentence, document)
            self._compose(frames, document)
            all_frames.append(frames)
        if self.classifier is not None:
            self._consult_classifier(sentences, all_frames, document)
        # An article about sport, markets or culture ("Arsenal attacked down the left", "a
        # price war") codes no material conflict, whatever its verbs.
        article_lemmas = {t.lemma_.lower() for t in document.doc}
        off_politics = len(article_lemmas & self.lexicon.non_political) >= NON_POLITICAL_WORDS
        for index, (sentence, frames) in enumerate(zip(sentences, all_frames, strict=True)):
            non_political = off_politics or self._non_political(sentence)
            for frame in frames:
                if frame.consumed:
                    continue
                events.extend(self._events(frame, index, sentence, document, non_political))
        document.events = _unique(events)

    # -- the learned classifier ---------------------------------------------------------
    def _consult_classifier(self, sentences: list, all_frames: list[list[Frame]],
                            document: Document) -> None:
        """Ask the classifier about sentences where the lexicon found nothing but an actor
        acts, and about lexicon frames with only a generic code."""
        asks: list[tuple[int, Token | None]] = []
        for index, (sentence, frames) in enumerate(zip(sentences, all_frames, strict=True)):
            live = [f for f in frames if not f.consumed and f.modality != "hypothetical"]
            if live:
                # Asking about every sentence would cost more than the parse; ask where a
                # lexicon code is generic and the classifier may make it specific.
                if any(_generic(f.code) for f in live):
                    asks.append((index, None))
                continue
            if sentence.text.rstrip().endswith("?"):
                continue
            anchor = _main_verb(sentence, self.reporting)
            if anchor is None or anchor.lemma_.lower() in self.reporting:
                continue
            if anchor.lemma_.lower() == "be" and not any(
                    c.dep_ in ("acomp", "xcomp") and c.lemma_.lower() in self.intent_predicates
                    for c in anchor.children):
                continue  # "China and Kenya are good friends": a state of affairs, not an act
            subjects = _subjects(anchor)
            if not any((a := document.actor_by_head.get(t.i)) and (a.code or a.sector)
                       for t in subjects):
                continue
            asks.append((index, anchor))
        if not asks:
            return
        predictions = self.classifier.predict([sentences[i].text for i, _ in asks])
        for (index, anchor), (code, probability) in zip(asks, predictions, strict=True):
            code = str(code)
            if code == "none":
                continue
            if anchor is None:
                for frame in all_frames[index]:
                    if frame.consumed or code[:2] != frame.code[:2]:
                        continue
                    # Two coders agree on the kind of event: the main news, more likely.
                    frame.classifier_agrees = probability >= FALLBACK_PROBABILITY
                    if _generic(frame.code) and probability >= REFINE_PROBABILITY:
                        frame.code = code
                continue
            if probability < FALLBACK_PROBABILITY:
                continue
            obj = next((c for c in anchor.children if c.dep_ in ("dobj", "obj")), None)
            frame = Frame(anchor=anchor, code=code, trigger=[anchor], learned=True,
                          learned_probability=probability)
            frame.sources, frame.targets = _verb_participants(anchor, obj, [anchor])
            frame.negated = _negated(anchor)
            frame.specifier_words = _modifier_words(anchor, [anchor])
            if anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in self.reporting:
                reporters = _subjects(anchor.head)
                frame.reported_by = (document.actor_by_head.get(reporters[0].i)
                                     if reporters else None)
                frame.modality = "reported"
            if frame.negated:
                continue  # the lexicon's negation rules need a lexicon code
            all_frames[index].append(frame)

    # -- pass 1: frames ------------------------------------------------------------------
    def _frames(self, sentence: SpacySpan, document: Document) -> list[Frame]:
        frames: list[Frame] = []
        consumed_nouns: set[int] = set()
        dateline_end = document.article.dateline.end if document.article.dateline else 0
        for token in sentence:
            if token.idx < dateline_end:
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
        if found is None and lemma in self.light:
            # "held talks", "launched a mediation effort", "engaged in ethnic cleansing":
            # the event is the noun the light verb acts on.
            for noun in _object_nouns(verb):
                noun_code = self._noun_code(noun)
                if noun_code:
                    found = (noun_code, [verb, noun])
                    break
        if found is None and lemma in self.lexicon.verbs and verb.pos_ != "ADJ":
            found = (self.lexicon.verbs[lemma], [verb])
        by_subject = self._subject_code(verb, lemma)
        if by_subject is not None:
            found = by_subject
        if found is None:
            return None
        code, trigger = found
        frame = Frame(anchor=verb, code=code, trigger=trigger)
        frame.sources, frame.targets = _verb_participants(verb, obj, trigger)
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
        if code[:2] == "11":
            # "complained to the UN over Israeli air raids": the one complained about, not
            # the one complained to
            about = [g for c in children if c.dep_ == "prep" and c.lower_ in ("over", "about")
                     for g in c.children if g.dep_ == "pobj"]
            if about:
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

    def _subject_code(self, verb: Token, lemma: str) -> tuple[str, list[Token]] | None:
        """"Peacekeepers arrived in Bosnia" is peacekeeping, not a visit: for verbs of
        movement, who moves decides the code (grammar table ``subject_codes``)."""
        table = (self.lexicon.grammar.get("subject_codes") or {}).get(lemma)
        if not table:
            return None
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] \
            or _subjects(verb)  # "insurgents vowed to march on Baghdad"
        for subject in subjects:
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
        if not frame.sources and not frame.targets:
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

    # -- pass 2: composition ---------------------------------------------------------------
    def _compose(self, frames: list[Frame], document: Document) -> None:
        by_anchor = {frame.anchor.i: frame for frame in frames}
        # frames made here ("declined to" -> a refusal) are composed in turn
        for frame in frames:
            if self._under_hypothesis(frame.anchor):
                frame.modality = "hypothetical"
            if frame.anchor.dep_ in ("csubj", "nsubj") and _ruled_out(frame.anchor.head):
                # "lifting the sanctions is out of the question": ruled out
                frame.negated = True
            if frame.code in self.attempt_codes and _attempted(frame.anchor):
                frame.code = self.attempt_codes[frame.code]  # "tried to assassinate": 185
            governor, path = self._governor(frame.anchor, frame.nominal)
            if governor is None and frame.anchor.sent.root in (frame.anchor,
                                                               frame.anchor.head):
                # the main clause of "..., a human rights group protested here Wednesday"
                governor = next((t for t in frame.anchor.sent
                                 if t.lemma_.lower() in self.reporting_or_complaining
                                 and _trailing_reporter(t)), None)
                path = ["ccomp"]
            if governor is None:
                continue
            head_frame = by_anchor.get(governor.i)
            head_lemma = governor.lemma_.lower()
            if head_frame is None and head_lemma in self.rejecting and "xcomp" in path[:1]:
                # "declined to resign", "failed to reach agreement": a refusal whose verb
                # the lexicon does not code by itself.
                head_frame = Frame(anchor=governor, code="120", trigger=[governor],
                                   sources=_subjects(governor))
                head_frame.specifier_words = _modifier_words(governor, [governor])
                frames.append(head_frame)
                by_anchor[governor.i] = head_frame
            if frame.nominal and head_frame is not None and path[:1] == ["dobj"] \
                    and frame.sources and not head_frame.code.startswith(("12", "04")):
                # "condemned the Russian invasion of Ukraine", "welcomed the US decision":
                # an act aimed at a deed is aimed at whoever did it
                head_frame.targets = [*frame.sources, *[
                    t for t in head_frame.targets
                    if t.i != frame.anchor.i and t not in frame.targets]]
            if head_frame is not None and path[:1] == ["advcl"] and frame.anchor.tag_ == "VBG" \
                    and frame.code[:2] in ("17", "18", "19", "20"):
                # "launched rocket fire against Khmer Rouge camps, killing 20": the killing
                # falls on the attack's target when it names no coded victim of its own
                frame.inherited_targets = head_frame.targets
            if head_frame is not None and path[:1] == ["advcl"] and not frame.nominal \
                    and head_frame.code[:2] != "14" and not _asked_for(frame.anchor) \
                    and (_infinitive(frame.anchor) or (
                        frame.anchor.head.lemma_.lower() == "help"
                        and _infinitive(frame.anchor.head))):
                # "sent troops to protect the border": what an act is for has not happened
                # by it; the act is the event, aimed at whom its purpose concerns
                _fold_into(head_frame, frame)
                continue
            if head_frame is not None and (head_frame.code[:2] == "03"
                                           or head_frame.code == "057") \
                    and path[:1] == ["acl"] and _infinitive(frame.anchor):
                # "reached an agreement to reopen the border": what is agreed is the
                # agreement's content, still to be done
                _fold_into(head_frame, frame)
                continue
            if frame.anchor.dep_ == "acl" and _infinitive(frame.anchor) \
                    and frame.anchor.head.lemma_.lower() in self.content_nouns:
                # "the hostage-takers' demands to release prisoners", "a plan to withdraw":
                # what is demanded, offered or planned has not happened; whom it concerns
                # may still be whom the act on the demand or offer concerns
                _fold_into(head_frame, frame)
                continue
            if governor.lemma_.lower() in self.preventing and "dobj" in path:
                # "police prevented the demonstration", "to forestall more unrest": what is
                # prevented has not happened
                frame.consumed = True
                continue
            if head_frame is not None and head_frame.code[:2] == "14" \
                    and frame.code[:2] in ("02", "10") and path[:1] in (["advcl"], ["acl"],
                                                                         ["xcomp"]):
                self._into_protest(head_frame, frame)
            elif head_frame is not None and head_frame.code.startswith("12") or (
                head_lemma in self.rejecting and head_frame is not None
            ):
                self._into_rejection(head_frame, frame, document)
            elif head_frame is not None and head_lemma in self.commanding \
                    and frame.code[:2] >= "14" and path[:1] in (["xcomp"], ["ccomp"]):
                # "Putin ordered troops to pull out of the town": an order carried by one's
                # own forces is the act itself, not a demand
                head_frame.consumed = True
            elif head_frame is not None and head_frame.code[:2] in ("02", "10"):
                self._into_request(head_frame, frame)
            elif head_frame is not None and head_frame.code[:2] == "08" \
                    and path[:1] in (["xcomp"], ["ccomp"]) and head_lemma in self.permitting:
                # "refused to allow UN planes to land and evacuate": the permission is the
                # event; what it would let happen has not happened.
                frame.consumed = True
            elif (preparer := self._preparer(governor, path)) is not None \
                    and frame.code[:2] in self.preparation_codes:
                # "the army prepared to resume shelling": the build-up is what happened
                frame.code = self.preparation_codes[frame.code[:2]]
                frame.trigger = sorted({preparer, *frame.trigger}, key=lambda t: t.i)
                if not frame.sources:
                    frame.sources = _subjects(preparer)
            elif head_lemma in self.intent or (
                    governor.lower_ in self.intent_predicates and (
                        governor.pos_ == "ADJ" or _stative_participle(governor))):
                self._into_intent(frame, governor, head_frame)
            elif head_lemma in self.accusing and path[:1] == ["pcomp"]:
                self._into_allegation(frame, governor, head_frame, document)
            elif head_lemma in self.complaining and path[:1] == ["ccomp"]:
                self._into_complaint(frame, governor, head_frame, frames, by_anchor, document)
            elif head_lemma in self.reporting and "ccomp" in path and frame.obligation:
                self._obligation_as_demand(frame, governor)
            elif head_lemma in self.reporting and "ccomp" in path:
                if frame.future:
                    self._as_intention(frame)
                self._into_report(frame, governor, head_frame, document)
        for frame in frames:
            if frame.future and frame.modality == "asserted" and not frame.consumed:
                self._as_intention(frame)

    def _preparer(self, governor: Token, path: list[str]) -> Token | None:
        """The verb of preparation ("prepared to", not the adjective "prepared to" of
        willingness) governing a clause, through an aspect verb ("prepared to resume")."""
        if path[:1] != ["xcomp"]:
            return None
        if governor.lemma_.lower() in self.light and governor.dep_ == "xcomp":
            governor = governor.head
        if governor.pos_ == "VERB" and governor.lemma_.lower() in self.preparing:
            return governor
        return None

    def _into_protest(self, protest: Frame, demand: Frame) -> None:
        """"Thousands demonstrated in Kirkuk calling for the governor's resignation", "began a
        hunger strike to demand reforms": what protesters demand is what the protest is for
        (CAMEO 1411 "demonstrate for leadership change"), not a second event."""
        purpose = self.lexicon.by_prefix("protest_purposes", demand.code)
        if purpose is not None and protest.code[:3] in ("141", "142", "143", "144", "145"):
            protest.code = protest.code[:3] + purpose
        _fold_into(protest, demand)

    def _into_request(self, head: Frame, inner: Frame) -> None:
        """"urged Iran to cooperate", "demanded that Hamas renounce violence": what is asked
        refines the appeal or demand, and whoever is asked is its target."""
        table = "appeal_codes" if head.code.startswith("02") else "demand_codes"
        if not inner.negated:
            code = self.lexicon.by_prefix(table, inner.code)
            if code is not None and len(code) >= len(head.code):
                head.code = self.lexicon.specific(code, inner.specifier_words)
        # "insisted on its demand that the government release ...": the demand noun is
        # what is insisted on; the one asked is the government
        if all(t.lemma_.lower() in self.content_nouns for t in head.targets):
            # (a demand noun's own sources made the demand; its targets are the ones asked)
            asked = inner.targets if inner.nominal else inner.sources or inner.targets
            head.targets = asked or head.targets
        inner.consumed = True

    def _obligation_as_demand(self, inner: Frame, governor: Token) -> None:
        """"Russia said Sudan must return the helicopter": Russia demands it of Sudan."""
        code = self.lexicon.by_prefix("demand_codes", inner.code) or "100"
        asked = inner.sources
        inner.code = code
        inner.sources = _subjects(governor)
        inner.targets = asked or inner.targets
        inner.trigger = sorted({governor, *inner.trigger}, key=lambda t: t.i)
        inner.modality = "asserted"
        inner.obligation = False

    def _intention_code(self, code: str, conditional: bool = False) -> str | None:
        """The 03x intent or 13x threat code for an intended event, if it has one; an
        intention made conditional ("will withdraw its force unless ...") is a threat."""
        intent = self.lexicon.by_prefix("intent_codes", code)
        threat = self.lexicon.by_prefix("threat_codes", code)
        return (threat or intent) if conditional else (intent or threat)

    def _as_intention(self, frame: Frame) -> None:
        if frame.modality == "hypothetical" and not frame.conditional:
            return
        if frame.code[:2] in self.announced_roots and not frame.conditional \
                and not frame.negated:
            frame.modality = "intended"  # "will expel the ambassador": a decision, not a threat
            return
        code = None if frame.negated else self._intention_code(frame.code, frame.conditional)
        if code is not None:
            frame.code = self.lexicon.specific(code, frame.specifier_words)
            frame.modality = "intended"

    def _under_hypothesis(self, anchor: Token) -> bool:
        """Whether a clause above ``anchor`` is conditional or speculative ("if Iran
        attacked", "Iran might consider sending forces to battle ...")."""
        token = anchor
        for _ in range(8):
            if token.head.i == token.i:
                return False
            if token.dep_ in ("ccomp", "csubj") and token.head.lemma_.lower() in self.reporting:
                return False  # a report's own modality is judged at the reported clause
            token = token.head
            for child in token.children:
                if child.dep_ == "aux" and child.lemma_.lower() in self.hypothetical_modals:
                    return True
                if child.dep_ == "mark" and child.lower_ in ("if", "whether", "unless"):
                    return True
        return False

    def _governor(self, anchor: Token, nominal: bool = False) -> tuple[Token | None, list[str]]:
        """The nearest verb or predicate adjective that governs ``anchor``'s clause; for an
        event noun that is a clause's subject ("cooperation ... will never happen"), the
        governor of that clause."""
        path: list[str] = []
        token = anchor
        if (nominal and anchor.dep_ in ("nsubj", "nsubjpass") or anchor.dep_ == "csubj") \
                and anchor.head.pos_ in ("VERB", "AUX"):
            token = anchor.head  # "lifting the sanctions is out of the question," X said
        for _ in range(6):
            if token.dep_ == "conj" and token.head.dep_ in ("xcomp", "ccomp", "advcl"):
                # "refused to allow X and evacuate Y": a conjunct shares its clause's governor
                token = token.head
            if token.dep_ not in _GOVERNING_EDGES or token.head.i == token.i:
                return None, path
            path.append(token.dep_)
            token = token.head
            if token.lemma_.lower() == "help" and token.dep_ in ("xcomp", "advcl"):
                path.pop()  # "willing to send troops to help defend it": help is a helper verb
                continue
            if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.dep_ == "acomp"):
                return token, path
        return None, path

    def _into_rejection(self, head: Frame, inner: Frame, document: Document) -> None:
        code = self.lexicon.by_prefix("negation_codes", inner.code)
        if code is None:
            # "rejected North Korea's demand to sever ties", "refused to attack": what is
            # rejected has not happened
            inner.consumed = True
            return
        code = self.lexicon.specific(code, inner.specifier_words + head.specifier_words)
        head.code = code
        head.mutual = inner.code[:2] in self.reciprocal_roots
        head.trigger = sorted({*head.trigger, *inner.trigger}, key=lambda t: t.i)
        source_countries = {_country(document, s) for s in head.sources}
        others = [t for t in (*inner.sources, *inner.targets)
                  if _country(document, t) not in source_countries]
        if others:
            head.targets = others
        inner.consumed = True

    def _into_intent(self, inner: Frame, governor: Token, head: Frame | None) -> None:
        if inner.negated or inner.modality == "hypothetical":
            return
        code = self._intention_code(inner.code)
        if code is None:
            return
        inner.code = self.lexicon.specific(code, inner.specifier_words)
        inner.modality = "intended"
        inner.trigger = sorted({governor, *inner.trigger}, key=lambda t: t.i)
        if not inner.sources:
            inner.sources = _subjects(governor) or (
                [c for c in governor.children if c.dep_ == "nsubjpass"]
                if _stative_participle(governor) else [])
        if head is not None:
            head.consumed = True

    def _into_allegation(self, inner: Frame, governor: Token, head: Frame | None,
                         document: Document) -> None:
        """"Sudan accused the rebels of violating the ceasefire": the accusation is the
        event; the violation is only alleged, reported by the accuser, and whoever is
        accused is the accusation's target."""
        accused = [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")]
        if head is not None and not head.targets:
            head.targets = accused or inner.sources
        if accused:
            inner.sources = accused
        inner.alleged = True
        if inner.modality == "asserted":
            inner.modality = "reported"
        accusers = _subjects(governor)
        inner.reported_by = document.actor_by_head.get(accusers[0].i) if accusers else None

    def _into_complaint(self, inner: Frame, governor: Token, head: Frame | None,
                        frames: list[Frame], by_anchor: dict[int, Frame],
                        document: Document) -> None:
        """"Croatian police are harassing refugees, Amnesty charged": the complaint is the
        event, aimed at whoever it is about; what it says happened is only alleged."""
        code = self.complaining[governor.lemma_.lower()]
        if head is None:
            head = Frame(anchor=governor, code=code, trigger=[governor],
                         sources=_subjects(governor))
            frames.append(head)
            by_anchor[governor.i] = head
        head.code = code
        if inner.sources:
            head.targets = inner.sources
        inner.alleged = True
        self._into_report(inner, governor, head, document)

    def _into_report(self, inner: Frame, governor: Token, head: Frame | None,
                     document: Document) -> None:
        reporters = _subjects(governor)
        reporter = document.actor_by_head.get(reporters[0].i) if reporters else None
        if inner.negated and (inner.nominal or inner.anchor.dep_ == "csubj") \
                and reporter is not None:
            # "Cooperation between Iran and the US will never happen," X said: X rejects it.
            participants = [*_expand(inner.sources), *_expand(inner.targets)]
            inner.targets = [t for t in participants
                             if _country(document, t) != reporter.country]
            inner.sources = reporters
            return
        if inner.modality == "asserted":
            inner.modality = "reported"
        inner.reported_by = reporter

    # -- events ----------------------------------------------------------------------------
    def _unnamed_perpetrator(self, frame: Frame, root: str,
                             document: Document) -> list[Actor]:
        """"A US national was arrested in Lebanon", "three soldiers were killed near
        Samarra": a passive coercive or violent act with no agent is coded, as CAMEO coders
        do, with the country where it happened as its source (resolved_by "place")."""
        if frame.nominal or root not in ("09", "15", "16", "17", "18", "19", "20"):
            return []
        anchor = frame.anchor
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in anchor.children)
        # "A roadside bombing near Samarra killed one soldier": the subject is an event or
        # a weapon, not an actor.
        eventive = any(c.dep_ == "nsubj" and c.pos_ == "NOUN"
                       and (c.lemma_.lower() in self.lexicon.nouns
                            or c.lemma_.lower() in self.weapon_nouns)
                       for c in anchor.children)
        # "an attempt to assassinate the governor was thwarted": a plot whose plotters
        # are not named
        plotted = anchor.dep_ == "acl" and anchor.head.pos_ == "NOUN" and _infinitive(anchor)
        if not (passive or eventive or plotted):
            return []
        # "two soldiers were killed in a PKK attack": whose attack it was
        for deed in (g for p in anchor.children if p.dep_ == "prep" and p.lower_ in ("in", "by")
                     for g in p.children if g.dep_ == "pobj"
                     and (self._noun_code(g) or "")[:2] in ("18", "19", "20")):
            doers = [document.actor_by_head.get(deed.i)] + [
                document.actor_by_head.get(c.i) or _adjective_actor(c) for c in deed.children
                if c.dep_ in ("compound", "poss", "amod", "nmod")]
            doer = next((a for a in doers if a is not None and a.code), None)
            if doer is not None:
                return [doer]
        start, end = _clause_extent(anchor.head.head if plotted else anchor)
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
        return []

    @staticmethod
    def _condition_subject(frame: Frame, document: Document, sources: list[Actor]
                           ) -> Actor | None:
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

    def _non_political(self, sentence: SpacySpan) -> bool:
        return any(t.lemma_.lower() in self.lexicon.non_political for t in sentence)

    def _events(self, frame: Frame, index: int, sentence: SpacySpan, document: Document,
                non_political: bool) -> Iterable[Event]:
        if frame.modality == "hypothetical":
            return
        code = frame.code
        modality = frame.modality
        if frame.negated:
            code = self.lexicon.by_prefix("negation_codes", code)
            if code is None or modality == "intended":
                return
            modality = "negated"
        code = self.lexicon.specific(code, frame.specifier_words)
        info = cameo_codes().get(code)
        if info is None:
            return
        if non_political and info.quad_class == 4 \
                and frame.anchor.lemma_.lower() not in self.sport_proof \
                and code not in self.sport_proof_codes:
            return  # sport, business and culture stay peaceful
        day = document.publication_day
        sources = [split for t in _expand(frame.sources)
                   if (a := document.actor_by_head.get(t.i) or _adjective_actor(t, day)
                       or _partitive_actor(document, t)) is not None
                   for split in _per_country(a, t, day)]
        # "launched artillery and rocket fire against ...": the weapons are not whom
        direct = [t for t in frame.targets if not _where(t)
                  and t.lemma_.lower() not in self.weapon_nouns]
        where = [t for t in frame.targets if _where(t)]
        # an uncoded name that is a known place ("the city of Kherson") stands for its country
        targets = [split for t in _expand(direct)
                   if (a := _coded_or_place(document, t) or _adjective_actor(t, day)) is not None
                   for split in _per_country(a, t, day)]
        # "positions in Sanaa": the places the act happened at, as actors
        placed = [a for t in _expand(where)
                  if (a := _place_as_country(document, t) or document.actor_by_head.get(t.i))
                  is not None]
        if not targets and not code.startswith(self.not_domestic):
            # (a ceasefire declared in south Lebanon is not aimed at Lebanon)
            targets = [a for a in placed if a.code or a.sector]
        if not any(t.code for t in targets) and frame.inherited_targets:
            targets = [a for t in _expand(frame.inherited_targets)
                       if (a := _coded_or_place(document, t)) is not None and a.code] or targets
        if frame.nominal and frame.negated and not sources and len(targets) > 1:
            sources, targets = targets[:1], targets[1:]
        source_countries = {s.country for s in sources if s.country}
        if any(_own_possession(t, source_countries) for t in targets):
            # "will pull its troops out of Somalia": what the actor moves of its own is not
            # whom the act is aimed at; where it moves them from is
            targets = [t for t in targets if not _own_possession(t, source_countries)] or [
                a for a in placed if a.country and a.country not in source_countries]
        if info.root == "13" and not any(t.code for t in targets):
            # "threatened to strike unless Israel rescinded the annexation": the threat is
            # aimed at whoever must meet the condition
            conditioned = self._condition_subject(frame, document, sources)
            if conditioned is not None:
                targets = [conditioned]
        # "expelled two Russian diplomats", "agreed to American mediation in the talks with
        # Syria": the phrase's own object, or whose it is, is the one acted on
        first, last = min(t.i for t in frame.trigger), max(t.i for t in frame.trigger)
        # (the first one named, with the countries its phrase coordinates: "warned NATO
        # against sending troops to Ukraine" is aimed at NATO)
        named = {t.i: group for t in sentence.doc[first + 1:last + 1]
                 if t.pos_ in ("NOUN", "PROPN")
                 and (a := document.actor_by_head.get(t.i)) is not None
                 and (a.country or (a.code or "")[:3] in TRANSNATIONAL)
                 and not _own_possession(a, source_countries)
                 and (group := _per_country(a, t, day))}
        # (a word inside a named phrase is that phrase: "Armenian and Azeri diplomats")
        own_objects = next((group for i, group in named.items()
                            if not any(h.i in named for h in sentence.doc[i].ancestors)), [])
        targets = [a for a in own_objects if a.country not in source_countries] or (
            targets if any(t.code for t in targets) else own_objects or targets)
        if not any(t.code and (t.country or t.code[:3] in TRANSNATIONAL) for t in targets):
            # "demanded an admission by Moscow", "welcomed Reagan's statement", "an
            # investigation into crimes by Croat forces": the one acted on sits deeper in
            # the object
            # (a ceasefire signed in Havana is not aimed at Cuba)
            deeper = _deep_target(frame, document, sources,
                                  skip_where=code.startswith(self.not_domestic))
            if deeper:
                targets = deeper
        if not any(t.code for t in targets) or code.startswith(self.on_behalf):
            # "blocked a road to show their disapproval of US policies", "began a hunger
            # strike to demand the president's resignation": what it is for names whom;
            # "mobilized pressure groups to support the Palestinians": on whose behalf
            purposed = _purpose_target(frame, document, sources)
            if purposed is not None:
                targets = [purposed]
        if not targets and not code.startswith(self.not_domestic):
            place_target = _place_target(frame, document)
            if place_target is not None:
                targets = [place_target]
        if not sources:
            sources = self._unnamed_perpetrator(frame, info.root, document)
        if not sources:
            return
        clause = _clause_extent(frame.anchor)
        location = _event_location(document, frame, clause, sentence,
                                   material=info.quad_class in (2, 4))
        # "the government of Sindh province": a place inside the actor's own words
        sources = [_placed_by_own_words(document, a) for a in sources]
        targets = [_placed_by_own_words(document, a) for a in targets]
        if location is not None and location.country:
            # "Demonstrators in Baghdad blocked a road": people named by what they do, with
            # no country of their own, are of the country where they act.
            sources = [_located(a, location.country) for a in sources]
            targets = [_located(a, location.country) for a in targets]
        source_countries = {s.country for s in sources if s.country}
        # ... and "Colombia's government and the ELN rebels signed a ceasefire": two parties
        # of one country, each coded
        source_codes = {s.code for s in sources}
        parties = len(source_countries) >= 2 or (
            len(sources) >= 2 and None not in source_codes and len(source_codes) == len(sources))
        reciprocal = (info.root in self.reciprocal_roots or frame.mutual) \
            and parties and all(t.country in source_countries for t in targets)
        if reciprocal:
            # "Israel and Lebanon renewed negotiations", "Armenian and Azeri troops clashed":
            # each party acts toward the other
            targets = []
        if not any(t.country or t.code for t in targets) and not reciprocal \
                and info.root in self.domestic_roots \
                and not code.startswith(self.not_domestic) and sources[0].country:
            # A protest, a crackdown or a concession with no target named is, as CAMEO
            # coders code it, aimed at the country where it happens ("Israeli tanks fired
            # at targets in Jericho": PSE), else at the actor's own (resolved_by "implicit").
            where = location.country if location is not None and location.country \
                and location.precision in ("clause", "sentence") else sources[0].country
            if where == sources[0].country and (info.root in ("18", "19", "20")
                                                and (frame.nominal
                                                     or sources[0].sector == "MIL"
                                                     or "-led" in sources[0].text)
                                                or code.startswith(self.placed_only)):
                # "Israeli air raids", "the US-led coalition bombed the city", placed
                # nowhere, are not raids on Israel or the US (police firing on a crowd at
                # home still are); a force put on alert is not aimed at its own country
                where = None
            owner = knowledge_base().countries.get(where) if where else None
            if targets and where:
                # "Egyptian police arrested 40 Islamists": the people acted on are of there
                targets = [_located(t, where) for t in targets]
            elif where:
                targets = [Actor(text="", start=sources[0].start, end=sources[0].start,
                                 name=owner.name if owner else where, code=where,
                                 country=where, resolved_by="implicit")]
        if info.quad_class == 4 and not any(a.code or a.sector for a in (*sources, *targets)):
            return  # material conflict between actors nobody can code: likely not political
        if frame.learned and info.quad_class >= 3 and not any(
                a.country for a in (*sources, *targets)):
            return  # a guessed conflict needs a state or group it can be placed with
        trigger = _trigger_span(frame.trigger)
        date = _event_date(document, clause, sentence)
        if code in self.mutual_codes and not reciprocal and len(sources) == 1 \
                and len(targets) == 1 and targets[0].code \
                and targets[0].resolved_by not in ("implicit", "place") \
                and targets[0].country != sources[0].country:
            # "Fabius held talks with Romania's leaders": talks are held by both sides
            sources, reciprocal = [sources[0], targets[0]], True
        for source in sources:
            # An actor is not its own target ("We condemn the attack on our embassy");
            # with no other target the event stands without one.
            if reciprocal:
                targets = [s for s in sources if s.code != source.code]
            others = [t for t in targets
                      if (t.start, t.end) != (source.start, source.end)
                      and not (t.code and t.code == source.code and info.root != "04"
                               and t.resolved_by not in ("implicit", "place"))]
            # "the resignation of the Egyptian interior minister" and the minister inside
            # it are one target: the innermost
            others = [t for t in others if not any(
                o is not t and t.start <= o.start and o.end <= t.end and o.country == t.country
                and (o.start, o.end) != (t.start, t.end) for o in others)]
            for target in others or [None]:
                yield Event(
                    source=source,
                    target=target,
                    cameo=code,
                    root=info.root,
                    quad_class=info.quad_class,
                    goldstein=info.goldstein,
                    plover=Plover(info.plover_event, info.plover_mode, info.plover_context),
                    sentence=index,
                    trigger=trigger,
                    modality=modality,
                    confidence=_confidence(frame, source, target),
                    date=date,
                    location=location,
                    name=info.name,
                    reported_by=frame.reported_by,
                )


# -- helpers: participants ---------------------------------------------------------------------
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


def _object_nouns(verb: Token) -> list[Token]:
    """Nouns that say what the verb acts on, a few steps down: "called for a ceasefire",
    "gave Ivory Coast 5 million dollars of aid", "suspended part of a military aid
    program" (object, preposition objects, their "of" nouns, compounds and modifiers)."""
    found: list[Token] = []
    # The object first: "renewed negotiations on a troop pullback" are negotiations.
    frontier = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    frontier += [g for c in verb.children if c.dep_ == "prep" for g in c.children
                 if g.dep_ == "pobj"]
    for _ in range(3):
        following: list[Token] = []
        for token in frontier:
            found.append(token)
            found.extend(c for c in token.children if c.dep_ in ("compound", "amod", "nmod"))
            following.extend(c for c in token.children if c.dep_ == "conj")  # "X and Y"
            following.extend(g for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                             for g in p.children if g.dep_ == "pobj")
        frontier = following
    return found


def _subjects(verb: Token) -> list[Token]:
    token = verb
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and subject.pos_ in ("VERB", "AUX"):
            # "The Red Cross operating in Iraq said": a participle parsed as the subject
            subject = next((c for c in subject.children if c.dep_ in _SUBJECT_DEPS), subject)
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


_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around",
                          "throughout", "along", "on", "off", "from", "of"})


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
    if not acts:
        return None  # "weapons seized from the army", "troops deployed to the border"
    noun = verb.head
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        noun = noun.head.head
    return noun if noun.dep_ in ("ROOT", "dep", "nsubj") and noun.pos_ in ("NOUN", "PROPN") \
        else None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _verb_participants(verb: Token, obj: Token | None,
                       trigger: list[Token]) -> tuple[list[Token], list[Token]]:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    targets: list[Token] = []
    if passive:
        agent = _agent(verb)
        sources = [agent] if agent is not None else []
        targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not sources:
            sources = []
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
        head = noun.head
        for _ in range(4):
            if head.pos_ == "VERB":
                if head.lemma_.lower() in _DYING_VERBS:
                    targets = [c for c in head.children if c.dep_ == "nsubj"]
                    # "died of torture while in Israeli police custody"
                    sources = sources or [g for p in head.children if p.dep_ == "prep"
                                          and p.lower_ in ("in", "under") for g in p.children
                                          if g.lemma_.lower() in _CUSTODY_NOUNS]
                break
            head = head.head
    return sources, targets


def _dedupe_tokens(tokens: list[Token]) -> list[Token]:
    seen: set[int] = set()
    kept = []
    for token in tokens:
        if token.i not in seen:
            seen.add(token.i)
            kept.append(token)
    return kept


def _expand(tokens: list[Token]) -> list[Token]:
    """Each token and its coordinated conjuncts ("Iran and Syria")."""
    expanded: list[Token] = []
    for token in tokens:
        expanded.append(token)
        expanded.extend(c for c in token.conjuncts if c.i > token.i)
    return _dedupe_tokens(expanded)


def _negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in ("never",):
            return True
        if child.dep_ == "prep" and child.lower_ in ("by", "under", "in", "on", "at"):
            # "by no means", "under no circumstances", "in no way" (not "with no end")
            for grandchild in child.children:
                if any(d.lower_ == "no" and d.dep_ == "det" for d in grandchild.children):
                    return True
    return False


def _modifier_words(anchor: Token, trigger: list[Token]) -> list[str]:
    words = []
    for token in trigger:
        words += [c.lower_ for c in token.children if c.dep_ in ("amod", "advmod", "compound",
                                                                 "npadvmod", "nmod")]
        words += [t.lower_ for t in token.doc[max(token.i - 3, token.sent.start):token.i]]
    return words


def _country(document: Document, token: Token) -> str | None:
    actor = document.actor_by_head.get(token.i)
    return actor.country if actor else None


_PROTEST_NOUNS = frozenset({"demonstration", "protest", "rally", "march", "riot", "strike",
                            "sit-in", "vigil"})
_ASKING_NOUNS = frozenset({"demand", "call", "appeal", "request", "ultimatum", "insistence"})
_CUSTODY_NOUNS = frozenset({"custody", "detention", "captivity"})
_DYING_VERBS = frozenset({"die", "succumb", "perish"})
_PARTITIVES = frozenset({"half", "third", "quarter", "part", "majority", "minority", "most",
                         "many", "some", "all", "dozens", "hundreds", "thousands", "scores",
                         "tens", "millions", "dozen", "hundred", "thousand", "score",
                         "group", "number", "rest", "remainder"})
_STANCE_NOUNS = frozenset({"defiance", "protest", "opposition", "retaliation", "response",
                           "revenge", "reprisal"})
_ALLEGING = frozenset({"alleged", "suspected", "purported", "reported", "claimed"})
_PEOPLE_SECTORS = frozenset({"CVL", "OPP", "LAB", "EDU", "REF", "HLH", "INS", "REB", "CRM",
                             "RAD", "AGR", "BUS", "MED", "REL", "HRI"})


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
        actor = document.actor_by_head.get(token.i) or _adjective_actor(token, day)
        if actor is not None and actor.code and token not in frame.trigger and (
                actor.country not in source_countries
                # "reneged on his commitment to the Zambian people": the state and its
                # people are a domestic dyad
                or actor.sector in _PEOPLE_SECTORS and actor.sector not in source_sectors):
            return [actor, *[a for c in token.conjuncts
                             if (a := document.actor_by_head.get(c.i)) is not None and a.code]]
    return []


def _fold_into(head: Frame | None, inner: Frame) -> None:
    """``inner`` is part of ``head`` (its purpose, content or demand), not an event of its
    own; whom it concerns is whom ``head`` concerns when ``head`` names no one."""
    if head is not None and not head.targets:
        head.targets = inner.targets
    inner.consumed = True


def _breadth_first(frontier: list[Token], depth: int, follow: tuple[str, ...]
                   ) -> Iterable[Token]:
    """``frontier`` and the tokens below it along ``follow`` edges, level by level, each once,
    ``depth`` levels down."""
    seen: set[int] = set()
    for _ in range(depth):
        following: list[Token] = []
        for token in frontier:
            if token.i in seen:
                continue
            seen.add(token.i)
            yield token
            following.extend(c for c in token.children if c.dep_ in follow)
        frontier = following


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


def _names_whose(document: Document, place: Place) -> bool:
    """A place name modifying what is not a place names whose it is ("near the US embassy",
    "Iraqi police"), not where something happened."""
    span = document.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end \
        and root.head.ent_type_ not in ("GPE", "LOC", "FAC")


def _partitive_actor(document: Document, token: Token) -> Actor | None:
    """"Half of the rebel fighters" (when the actors stage coded only the fighters): the
    fighters."""
    if token.pos_ != "NUM" and token.lemma_.lower() not in _PARTITIVES \
            and token.lower_ not in _PARTITIVES:
        return None
    return next((a for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"
                 if (a := document.actor_by_head.get(g.i)) is not None), None)


def _of_time(prep: Token) -> bool:
    """"on Thursday", "in March": a preposition whose object is a date or time."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _stranded_object(prep: Token) -> list[Token]:
    """"granted asylum to five officers holed up in a residence", parsed as a clause whose
    subject is the officers: the preposition's object is that subject."""
    if any(c.dep_ == "pobj" for c in prep.children):
        return []
    return [s for c in prep.head.children if c.dep_ in ("advcl", "ccomp") and c.i > prep.i
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
            and s.left_edge.i == prep.i + 1]


def _asked_for(clause: Token) -> bool:
    """"pressed for the US to back the plan": a clause of what is asked for."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for"
                                          for m in clause.children)


def _ruled_out(verb: Token) -> bool:
    """Whether a clause says its subject is "out of the question" or "off the table"."""
    if verb.lemma_.lower() != "be":
        return False
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        if prep.lower_ == "out" and any(
                p.lower_ == "of" and any(g.lemma_.lower() == "question" for g in p.children)
                for p in prep.children):
            return True
        if prep.lower_ == "off" and any(g.lemma_.lower() == "table" for g in prep.children):
            return True
    return False


def _attempted(anchor: Token) -> bool:
    """Whether ``anchor`` is what someone tried to do: "tried to assassinate", "an attempt
    to assassinate", "a plot to kill"."""
    head = anchor.head
    return _infinitive(anchor) and (
        anchor.dep_ == "xcomp" and head.lemma_.lower() in ("try", "attempt")
        or anchor.dep_ == "acl" and head.lemma_.lower() in ("attempt", "bid", "plot"))


def _infinitive(verb: Token) -> bool:
    """"to protect", and a verb conjoined to one ("to protect the border and evacuate")."""
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children):
        verb = verb.head
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _same_clause(token: Token, verb: Token) -> bool:
    """Whether ``token`` hangs on ``verb`` through phrases, not through another clause."""
    while token.i != verb.i:
        if token.head.i == token.i or token.dep_ in _CLAUSE_DEPS or token.dep_ in (
                "acl", "xcomp", "pcomp"):
            return False
        token = token.head
    return True


def _stative_participle(token: Token) -> bool:
    """A passive participle that states an attitude ("is committed to opening")."""
    return token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children)


def _own_possession(actor: Actor, source_countries: set[str]) -> bool:
    """Whether ``actor`` is the source's own, named so ("its troops", "their embassy") or
    forces it commands ("Britain mobilized army reservists": resolved from context)."""
    return bool(actor.country in source_countries and (
        re.match(r"(?i)(its|their|his|her|our)\b", actor.text)
        or actor.resolved_by == "context" and actor.sector in ("MIL", "COP")))


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
    country = knowledge_base().country_by_name(token.text, day)
    if country is None:
        return None
    return Actor(text=token.text, start=token.idx, end=token.idx + len(token), name=country.name,
                 code=country.code, country=country.code, resolved_by="knowledge_base")


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


def _where(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _WHERE_PREPS


def _place_as_country(document: Document, token: Token) -> Actor | None:
    """A place named where something happened ("in Sanaa") stands for its country, not
    for the government that sits there."""
    return _country_of_place_at(document, token) if _where(token) else None


def _place_target(frame: Frame, document: Document) -> Actor | None:
    """Where the target is a place ("occupied Mosul"), the place's country is the target."""
    for token in (t for target in frame.targets for t in of_chain(target)):
        actor = _country_of_place_at(document, token)
        if actor is not None:
            return actor
    return None


def _trigger_span(tokens: list[Token]) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    doc = first.doc
    span = doc[first.i:last.i + 1]
    return Span(text=span.text, start=span.start_char, end=span.end_char)


def _clause_extent(anchor: Token) -> tuple[int, int]:
    """Character extent of the anchor's own clause (embedded clauses excluded)."""
    tokens = [anchor]
    stack = [anchor]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _CLAUSE_DEPS:
                continue
            tokens.append(child)
            stack.append(child)
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


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
                         geonames_id=place.geonames_id, precision=precision)


def _generic(code: str) -> bool:
    """A root-level or "not specified below" code ("19", "190") that a classifier may refine."""
    return len(code) == 2 or (len(code) == 3 and code.endswith("0"))


def _main_verb(sentence, reporting: frozenset[str]) -> Token | None:
    """The sentence's main verb; for "X said (that) ...", the reported clause's verb."""
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    if root.lemma_.lower() in reporting:
        reported = next((c for c in root.children if c.dep_ == "ccomp"
                         and c.pos_ in ("VERB", "AUX")), None)
        return reported or root
    return root


def _confidence(frame: Frame, source: Actor, target: Actor | None) -> float:
    if frame.learned:
        return round(min(0.2 + 0.5 * frame.learned_probability, 0.7), 2)
    score = 0.4
    anchor = frame.anchor
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head  # "killing one and arresting 12": as background as its head
    background = _background_clauses(anchor)
    if background == 0:
        score += 0.1  # the sentence's main news ("agreed to reopen"), not a background clause
    else:
        score -= 0.1 * min(background, 2)  # "peacekeepers who oversee a ceasefire"
    if source.country:
        score += 0.2
    if target is not None and target.code:
        score += 0.15
    if len(frame.trigger) > 1:
        score += 0.1
    if frame.modality == "reported":
        score -= 0.1
    if frame.alleged:
        score -= 0.2
    if frame.nominal:
        score -= 0.1
    if frame.classifier_agrees:
        score += 0.1
    return round(max(0.05, min(score, 0.95)), 2)


def _background_clauses(token: Token) -> int:
    """How many relative, adverbial or adnominal clauses ``token`` sits in, up to the root;
    complements ("agreed to reopen", "said that ...") and objects do not count."""
    count = 0
    for _ in range(20):
        if token.head.i == token.i:
            break
        if token.dep_ in ("relcl", "advcl", "acl", "pcomp"):
            count += 1
        token = token.head
    return count


def _unique(events: list[Event]) -> list[Event]:
    seen: set[tuple] = set()
    kept = []
    for event in events:
        key = (event.sentence, event.cameo, event.source and event.source.start,
               event.target and event.target.start, event.trigger.start)
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept
