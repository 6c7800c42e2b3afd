"""The events stage's coder: :class:`EventCoder` finds each sentence's frames, composes them,
consults the learned classifier, and turns each frame left standing into events, step by step
in :meth:`EventCoder._events`: its code, its sources and targets as coded actors, where and
when it happened, and one event per source and target."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from whodid.actors import TRANSNATIONAL
from whodid.document import Document
from whodid.events.attachment import _event_date, _event_location, _trigger_span
from whodid.events.composition import Composer
from whodid.events.confidence import _confidence
from whodid.events.frames import Frame, FrameFinder, _fights_no_one
from whodid.events.inferred import (
    _border_target,
    _condition_subject,
    _deep_target,
    _defied_target,
    _place_target,
    _purpose_target,
    _unnamed_perpetrator,
    _unnamed_protesters,
)
from whodid.events.learned import (
    _consult_classifier,
    _frames_from_guesses,
    _late_asks,
    _late_frames,
)
from whodid.events.mentions import (
    named_antecedent,
    object_phrase,
    place_phrase,
    shown_at_place,
    subject_phrase,
)
from whodid.events.participants import _where
from whodid.events.resolution import (
    _adjective_actor,
    _coded_or_place,
    _commanders,
    _located,
    _own_possession,
    _partitive_actor,
    _per_country,
    _place_as_country,
    _placed_by_own_words,
)
from whodid.events.tree import _clause_extent, _expand
from whodid.knowledge import knowledge_base
from whodid.lexicon import Lexicon
from whodid.model import Actor, Event, EventLocation, Plover
from whodid.ontology import CameoCode, cameo_codes

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


# Distinct sport/business/culture context words that make a whole article non-political.
NON_POLITICAL_WORDS = 3

# CAMEO "make public statement": what people say of their own views is news
STATEMENT_ROOT = "01"

# CAMEO "claim responsibility"
CLAIM_CODE = "015"

# CAMEO "provide humanitarian aid": a fight against an epidemic, a flood or a famine
RELIEF_CODE = "073"

# Named entities that are people: a person, an organization, a nation, a state.
_PEOPLE_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass
class _Coding:
    """One document's events in the making, between the steps of :meth:`EventCoder.pipe`."""

    document: Document
    sentences: list
    all_frames: list[list[Frame]]
    off_politics: bool
    #: the sentences (index, main verb) the learned fallback is asked about, and its guesses
    asked: list = field(default_factory=list)
    guesses: list = field(default_factory=list)
    by_sentence: list[list[Event]] = field(default_factory=list)


def _run_directly(document: Document, step: Callable, *args) -> tuple[bool, object]:
    return True, step(*args)


def _reporters_own(actor: Actor, reporter: Actor) -> Actor:
    """``actor`` ("its fishermen") as the reporter's own."""
    country = reporter.country or ""
    return replace(actor, country=country, code=country + (actor.sector or ""),
                   resolved_by="coreference")


class EventCoder(FrameFinder, Composer):
    """Codes the events of a parsed document with one lexicon and, optionally, the learned
    classifier (:mod:`whodid.classifier`).  Frames are found by :class:`FrameFinder`
    (:mod:`whodid.events.frames`) and composed by :class:`Composer`
    (:mod:`whodid.events.composition`); :meth:`_events` turns each frame left standing into
    events."""

    def __init__(self, lexicon: Lexicon, classifier=None) -> None:
        self.lexicon = lexicon
        self.classifier = classifier
        self.reporting = lexicon.word_set("reporting_verbs")
        self.statement_verbs = lexicon.word_set("statement_verbs")
        self.light = lexicon.word_set("light_verbs")
        self.occurrence_verbs = lexicon.word_set("occurrence_verbs")
        self.intent = lexicon.word_set("intent_verbs")
        self.intent_predicates = lexicon.word_set("intent_predicates")
        self.permitting = lexicon.word_set("permitting_verbs")
        self.people_nouns = lexicon.word_set("people_nouns")
        self.representing = lexicon.word_set("representing_heads")
        self.helping = lexicon.word_set("helping_verbs")
        self.relief_beneficiaries = lexicon.word_set("relief_beneficiaries")
        self.agent_suffixes = tuple(lexicon.word_set("agent_noun_suffixes"))
        self.accusing = lexicon.word_set("accusing_verbs")
        self.stative = lexicon.word_set("stative_passives")
        self.transfer_verbs = lexicon.word_set("transfer_verbs")
        self.commanding = lexicon.word_set("command_verbs")
        self.appeal_verbs = lexicon.word_set("appeal_verbs")
        self.no_foes = lexicon.word_set("no_foes")
        self.relief_foes = lexicon.word_set("relief_foes")
        self.moods = lexicon.code_table("moods")
        self.refused_deployments = lexicon.code_table("refused_deployments")
        self.rejecting = lexicon.word_set("rejecting_heads")
        self.intent_modals = lexicon.word_set("intent_modals")
        self.hypothetical_modals = lexicon.word_set("hypothetical_modals")
        self.obligation_modals = lexicon.word_set("obligation_modals")
        self.domestic_roots = lexicon.word_set("implicit_domestic_target_roots")
        self.not_domestic = tuple(lexicon.word_set("no_implicit_target_codes"))
        self.placed_only = tuple(lexicon.word_set("implicit_target_by_place_only"))
        self.deed_roots = lexicon.word_set("located_like_deeds_roots")
        self.threat_roots = lexicon.word_set("placed_by_threatened_act_roots")
        self.complaining = lexicon.code_table("complaining_reporters")
        self.protest_purposes = lexicon.code_table("protest_purposes")
        self.preventing = lexicon.word_set("preventing_verbs")
        self.warning = lexicon.word_set("warning_verbs")
        self.warning_code = str(lexicon.grammar.get("warning_code", "130"))
        self.attempt_codes = lexicon.code_table("attempt_codes")
        self.content_nouns = lexicon.word_set("content_nouns")
        self.on_behalf = tuple(lexicon.word_set("on_behalf_codes"))
        self.weapon_nouns = lexicon.word_set("weapon_nouns")
        self.arms_nouns = lexicon.word_set("arms_nouns")
        self.sport_proof = lexicon.word_set("sport_proof_verbs")
        self.sport_proof_codes = lexicon.word_set("sport_proof_codes")
        self.open_waters = lexicon.word_set("open_waters")
        self.abstract_objects = lexicon.word_set("abstract_objects")
        self.aid_goods = lexicon.word_set("aid_goods")
        self.giving_aid = lexicon.word_set("giving_aid_verbs")
        self.verbal_force = lexicon.code_table("verbal_force")
        self.preparing = lexicon.word_set("preparing_verbs")
        self.preparation_codes = lexicon.code_table("preparation_codes")
        self.announced_roots = lexicon.word_set("announced_policy_roots")
        self.reciprocal_roots = lexicon.word_set("reciprocal_roots")
        self.mutual_codes = lexicon.word_set("mutual_codes")
        self.own_forces_codes = lexicon.word_set("own_forces_codes")
        self.claiming = lexicon.word_set("claiming_verbs")
        self.returning = lexicon.code_table("returning_verbs")
        self.reporting_or_complaining = self.reporting | frozenset(self.complaining)

    # -- stage entry point -------------------------------------------------------------
    def __call__(self, document: Document) -> None:
        self.pipe([document])

    def pipe(self, documents: list[Document], run: Callable | None = None) -> None:
        """Code the events of several documents.  The learned fallback is asked about the
        sentences of all of them in one batch per pass (the encoder costs much less per
        sentence in big batches).  ``run(document, step, *args)`` runs one document's step
        and gives ``(ok, value)``; the pipeline's keeps each document to its time budget and
        drops a document whose step failed."""
        run = run or _run_directly
        codings = []
        for document in documents:
            ok, coding = run(document, self._propose, document)
            if ok:
                codings.append(coding)
        self._ask(codings)
        still = []
        for coding in codings:
            ok, _ = run(coding.document, self._code_by_rules, coding)
            if ok:
                still.append(coding)
        self._ask(still)
        for coding in still:
            run(coding.document, self._finish, coding)

    def _propose(self, document: Document) -> _Coding:
        """The frames of every sentence, composed, and the sentences the learned fallback is
        to be asked about first (those without frames)."""
        sentences = list(document.doc.sents)
        all_frames = []
        for sentence in sentences:
            if sentence.text.rstrip().endswith("?"):
                all_frames.append([])  # questions are not events that happened
                continue
            frames = self._frames(sentence, document)
            self._compose(frames, document)
            all_frames.append(frames)
        # An article about sport, markets or culture ("Arsenal attacked down the left", "a
        # price war") codes no material conflict, whatever its verbs.
        article_lemmas = {t.lemma_.lower() for t in document.doc}
        off_politics = len(article_lemmas & self.lexicon.non_political) >= NON_POLITICAL_WORDS
        coding = _Coding(document, sentences, all_frames, off_politics)
        if self.classifier is not None:
            coding.asked = _consult_classifier(self, sentences, all_frames, document,
                                               off_politics)
        return coding

    def _ask(self, codings: list[_Coding]) -> None:
        """The learned fallback's guesses for the sentences each coding asks about, in one
        batch."""
        texts = [c.sentences[index].text for c in codings for index, _ in c.asked]
        if not texts:
            return
        guesses = iter(self.classifier.guess(texts))
        for coding in codings:
            coding.guesses = [next(guesses) for _ in coding.asked]

    def _code_by_rules(self, coding: _Coding) -> None:
        """Each sentence's events from its frames left standing (the fallback's guesses
        among them), and the sentences to ask the fallback about where the rules' frames
        came to nothing."""
        document, sentences, all_frames = coding.document, coding.sentences, coding.all_frames
        guessed = _frames_from_guesses(self, sentences, coding.asked, coding.guesses, document)
        for index, frame in guessed.items():
            all_frames[index].append(frame)
        empty: list[int] = []  # sentences the rules coded nothing in
        for index, (sentence, frames) in enumerate(zip(sentences, all_frames, strict=True)):
            non_political = coding.off_politics or self._non_political(sentence)
            live = [frame for frame in frames if not frame.consumed]
            found = [e for frame in live
                     for e in self._events(frame, index, sentence, document, non_political)]
            if not found and not non_political:
                # a political act by someone no actor codes ("Musicians have lifted their
                # boycott") is still an event, where the sentence has none by coded actors
                found = [e for frame in live
                         for e in self._events(frame, index, sentence, document,
                                               non_political, uncoded_sources=True)]
                # "Bush said Japan needs reforms": nothing else happened, something was said
                statement = None if found else self._statement_frame(sentence, document)
                if statement is not None:
                    found = list(self._events(statement, index, sentence, document,
                                              non_political, uncoded_sources=True))
            if not found and not non_political:
                empty.append(index)
            coding.by_sentence.append(found)
        coding.asked, coding.guesses = [], []
        if self.classifier is not None:
            # the learned fallback, asked above where the rules had no frame, is asked too
            # where their frames came to nothing
            coding.asked = _late_asks(self, sentences, all_frames, empty, document,
                                      coding.off_politics)

    def _finish(self, coding: _Coding) -> None:
        """The events of the late guesses, and the document's events."""
        sentences, by_sentence = coding.sentences, coding.by_sentence
        late = _late_frames(self, sentences, coding.all_frames, coding.asked, coding.guesses,
                            coding.document)
        for index, frame in late.items():
            by_sentence[index] = list(self._events(frame, index, sentences[index],
                                                   coding.document, False))
        coding.document.events = _unique([e for found in by_sentence for e in found])

    def _located_as(self, info: CameoCode) -> tuple[bool, bool, bool, bool]:
        """How an event of this code is located (:func:`whodid.event_places.event_place`):
        (material, said, verbal, deed): a deed where it was done, a statement where it was
        said, a meeting or a protest from the places of its clause, a threat where the
        threatened act would be (``grammar.yaml``, ``located_like_deeds_roots``)."""
        material = info.quad_class in (2, 4)
        deed_like = info.root in self.deed_roots
        threat = info.root in self.threat_roots
        return (material, not (material or deed_like or threat), not (material or threat),
                material or deed_like)

    def _non_political(self, sentence: SpacySpan) -> bool:
        # the contexts are things ("a share", "the tour"); a verb of the same word ("agreed to
        # share information", "toured the region") says nothing about the sentence's topic
        # "arms sales", "the sale of weapons", "a weapons deal": a market word about arms is
        # the arms trade, which is politics
        return any(t.lemma_.lower() in self.lexicon.non_political and t.pos_ != "VERB"
                   and not any((c.lemma_.lower() in self.arms_nouns or c.lower_ in self.arms_nouns)
                           for c in _of_or_compound(t))
                   for t in sentence)

    # -- events ----------------------------------------------------------------------------
    def _events(self, frame: Frame, index: int, sentence: SpacySpan, document: Document,
                non_political: bool, uncoded_sources: bool = False) -> Iterable[Event]:
        """The events of a frame left standing after composition: its code, its sources and
        targets as coded actors, where and when it happened; one event per source and
        target.  With ``uncoded_sources``, a subject no actor codes may be the source."""
        coded = self._event_code(frame, non_political)
        if coded is None:
            return
        code, modality, info = coded
        sources = _resolve_sources(frame, document) or self._represented(frame, document)
        sources, targets = self._resolve_targets(frame, sentence, document, code, info, sources)
        sources = sources or self._unnamed_sources(frame, info, document, uncoded_sources)
        if not sources:
            return
        clause = _clause_extent(frame.anchor)
        location = _event_location(document, frame, clause, sentence, *self._located_as(info))
        sources, targets = _place_actors(document, location, sources, targets)
        reciprocal = self._reciprocal(frame, info, sources, targets)
        if reciprocal:
            # "Israel and Lebanon renewed negotiations", "Armenian and Azeri troops clashed":
            # each party acts toward the other
            targets = []
        targets = self._implicit_targets(frame, code, info, location, sources, targets,
                                         reciprocal)
        if not self._codable(frame, info, sources, targets):
            return
        if uncoded_sources and not any(t.code for t in targets) \
                and not ((_named_act(frame) or info.root == STATEMENT_ROOT)
                         and self._done_by_someone(frame)) \
                and not all(s.resolved_by == "unnamed" for s in sources):
            # someone uncoded acting on no one coded: too little to tell politics, unless
            # people ("musicians", "the cartel chief Ramon Diaz") do an act a phrase
            # names ("have lifted their boycott", "claimed responsibility"), not a bare verb,
            # or speak for themselves ("declined to comment", "said they agree"), as a
            # statement by them is kept ("Bush said Japan needs reforms")
            return
        objects = self._acted_on(frame)
        phrase = object_phrase(document, objects)
        if not targets and not reciprocal:
            targets = self._unnamed_target(frame, code, document, location, sentence, sources,
                                           objects, phrase)
        trigger = _trigger_span(frame.trigger)
        date = _event_date(document, clause, sentence, frame.anchor, modality,
                           verbal=info.quad_class in (1, 3))
        if code in self.mutual_codes and not reciprocal and len(sources) == 1 \
                and len(targets) == 1 and targets[0].code \
                and targets[0].resolved_by not in ("implicit", "place") \
                and targets[0].country != sources[0].country:
            # "Fabius held talks with Romania's leaders": talks are held by both sides
            sources, reciprocal = [sources[0], targets[0]], True
        for source, target in _dyads(info, sources, targets, reciprocal):
            shown_target = target and shown_at_place(
                document, named_antecedent(document, target, sentence), location, sentence,
                source, phrase)
            yield Event(
                source=named_antecedent(document, source, sentence),
                target=shown_target,
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

    def _unnamed_sources(self, frame: Frame, info: CameoCode, document: Document,
                         uncoded_sources: bool) -> list[Actor]:
        """Who acts where the clause names no coded actor: an unnamed perpetrator placed by
        the text, whose a measure in an agentless passive is, or (with ``uncoded_sources``)
        the subject's own words, uncoded."""
        sources = _unnamed_perpetrator(self, frame, info.root, document,
                                       unidentified=uncoded_sources) \
            or _unnamed_protesters(self, frame, info.root, document)
        if not sources:
            # "UN sanctions against Iran were lifted", "Israel's blockade was eased": in a
            # passive with no agent, whose the measure is acts on it
            sources = _owners_of_passive_subject(frame, document)
        if not sources and uncoded_sources and not frame.learned and info.quad_class != 4:
            # "Musicians have lifted their boycott": who did it, uncoded (material conflict
            # still needs a coded party: _codable; sport, business and culture none)
            doer = subject_phrase(document, [self._reporter_of_pronoun(t)
                                             for t in _expand(frame.sources)])
            sources = [doer] if doer is not None else []
        return sources

    def _represented(self, frame: Frame, document: Document) -> list[Actor]:
        """Whom a subject that speaks or acts for someone stands for: "the senator's
        office declined to comment", "the president's aides" (grammar
        ``representing_heads``), where the subject itself names no actor."""
        for token in _expand(frame.sources):
            if token.lemma_.lower() not in self.representing \
                    or token.i in document.actor_by_head:
                continue
            owner = next((c for c in token.children if c.dep_ == "poss"
                          and c.i in document.actor_by_head), None)
            if owner is not None:
                return [document.actor_by_head[owner.i]]
        return []

    def _done_by_someone(self, frame: Frame) -> bool:
        """Whether the frame's subject names people: a person, group, nation or party the
        NER finds, a collective noun of people ("countries", "sides"), or a plural agent
        noun ("musicians", "protesters"); not a thing ("the talks", "the ban", "a pass")."""
        subjects = _expand([self._reporter_of_pronoun(t) for t in _expand(frame.sources)])
        # "the cartel chief Ramon Diaz": a noun in apposition names whom the subject is
        for token in subjects + [c for t in subjects for c in t.children if c.dep_ == "appos"]:
            if token.lemma_.lower() in self.representing and any(
                    c.dep_ == "poss" and c.ent_type_ in _PEOPLE_ENTITIES for c in token.children):
                return True  # "the senator's office", "Smith's aides"
            lower = token.lower_
            if token.ent_type_ in _PEOPLE_ENTITIES or token.lemma_.lower() in self.people_nouns \
                    or token.tag_ == "NNS" and lower.endswith(self.agent_suffixes) \
                    and not lower.endswith("ments"):
                return True
        return False

    def _reporter_of_pronoun(self, token: Token) -> Token:
        """``token``, or for a pronoun subject of a reported clause, the reporter it
        stands for ("Action Against Hunger says it is providing food aid": the charity)."""
        clause = token.head
        if token.pos_ != "PRON" or token.dep_ != "nsubj" or clause.dep_ != "ccomp" \
                or clause.head.lemma_.lower() not in self.reporting:
            return token
        return next((c for c in clause.head.children
                     if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), token)

    def _acted_on(self, frame: Frame) -> list[Token]:
        """The frame's object tokens outside its trigger and its place phrases; for an
        attack, a bomb or a raid, what it struck."""
        trigger_tokens = {t.i for t in frame.trigger}
        return [o for t in frame.targets if not _where(t) and t.i not in trigger_tokens
                for o in _struck(t, self.weapon_nouns)]

    def _unnamed_target(self, frame: Frame, code: str, document: Document,
                        location: EventLocation | None, sentence: SpacySpan,
                        sources: list[Actor], objects: list[Token], phrase: Actor | None
                        ) -> list[Actor]:
        """A target where resolution found none: a coded actor an attack the act is about
        struck ("claimed responsibility for an attack on Afghan soldiers"), else what it was
        about, uncoded ("expressed condolences over the earthquake"), else for a ceasefire or
        an alert where it holds ("declared a ceasefire in Somalia")."""
        direct = {t.i for t in frame.targets}
        hit = next((a for o in objects if o.i not in direct
                    and (a := document.actor_by_head.get(o.i)) is not None and a.code), None)
        if hit is None and code.startswith(CLAIM_CODE):
            # "claimed responsibility for the bombing in Kabul": aimed at where it struck
            hit = next((a for o in frame.targets for t in o.subtree
                        if (a := _place_as_country(document, t)) is not None),
                       None)
        uncoded = hit or phrase or (
            place_phrase(document, location, sentence, sources)
            if code.startswith((*self.not_domestic, *self.placed_only)) else None)
        return [uncoded] if uncoded is not None else []

    def _event_code(self, frame: Frame, non_political: bool
                    ) -> tuple[str, str, CameoCode] | None:
        """The frame's final CAMEO code, its modality and the code's entry, or None when the
        frame codes no event: hypothetical, negated with no rejection to code it as, an
        unknown code, or material conflict in a sport, business or culture text."""
        if frame.modality == "hypothetical":
            return None
        code = frame.code
        modality = frame.modality
        if frame.negated:
            code = self.lexicon.by_prefix("negation_codes", code)
            if code is None or modality == "intended":
                return None
            modality = "negated"
        code = self.lexicon.specific(code, frame.specifier_words)
        info = cameo_codes().get(code)
        if info is None:
            return None
        if frame.learned and info.root in ("13", "18", "19", "20") \
                and _fights_no_one(frame.anchor, frame.trigger, self.no_foes):
            return None  # the classifier's "fight against corruption": no force
        if info.root in ("18", "19", "20") \
                and _fights_no_one(frame.anchor, frame.trigger, self.relief_foes):
            # "Cuban doctors are fighting the cholera outbreak in Haiti": relief
            code = RELIEF_CODE
            info = cameo_codes()[code]
        if non_political and info.quad_class == 4 \
                and frame.anchor.lemma_.lower() not in self.sport_proof \
                and code not in self.sport_proof_codes:
            return None  # sport, business and culture stay peaceful
        return code, modality, info

    def _resolve_targets(self, frame: Frame, sentence: SpacySpan, document: Document,
                         code: str, info: CameoCode, sources: list[Actor]
                         ) -> tuple[list[Actor], list[Actor]]:
        """Whom the act is aimed at, as coded actors: the frame's targets, else the places it
        happened at, its head act's targets, the phrase's own object, then what sits deeper
        in the object or in a purpose clause, or a place acted on.  Returns the sources too:
        a negated event noun with no source takes its first party as the source."""
        day = document.publication_day
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
        commanders = _commanders(sources)
        reporter = frame.reported_by
        if info.quad_class in (3, 4) and reporter is not None and reporter.country \
                and reporter.country not in source_countries:
            # "The Philippines said China had harassed its fishermen": a harm done to "its"
            # people in a report is done to the reporter's, not to the doer's own
            targets = [_reporters_own(t, reporter)
                       if _own_possession(t, source_countries, set()) else t for t in targets]
        if any(_own_possession(t, source_countries, commanders) for t in targets):
            # "will pull its troops out of Somalia": what the actor moves of its own is not
            # whom the act is aimed at; where it moves them from is
            targets = [t for t in targets
                       if not _own_possession(t, source_countries, commanders)] or [
                a for a in placed if a.country and a.country not in source_countries]
        if info.root == "13" and not any(t.code for t in targets):
            # "threatened to strike unless Israel rescinded the annexation": the threat is
            # aimed at whoever must meet the condition
            conditioned = _condition_subject(frame, document, sources)
            if conditioned is not None:
                targets = [conditioned]
        own_objects = _own_objects(frame, sentence, document, source_countries)
        targets = [a for a in own_objects if a.country not in source_countries] or (
            targets if any(t.code for t in targets) else own_objects or targets)
        return sources, self._inferred_targets(frame, document, code, sources, targets)

    def _inferred_targets(self, frame: Frame, document: Document, code: str,
                          sources: list[Actor], targets: list[Actor]) -> list[Actor]:
        """Where the clause names no coded target: one deeper in the object, in what the act
        is for, or the country of a place acted on (:mod:`whodid.events.inferred`)."""
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
        if not any(t.code for t in targets) and code.startswith("12"):
            defied = _defied_target(frame, document, sources)
            if defied is not None:
                targets = [defied]
        if not any(t.code for t in targets) and code[:2] == "15":
            # forces massed or put on alert along a border are aimed across it (an attack
            # near a border may well be on this side of it)
            across = _border_target(frame, document, sources)
            if across is not None:
                targets = [across]
        if not targets and not code.startswith(self.not_domestic):
            place_target = _place_target(frame, document)
            if place_target is not None:
                targets = [place_target]
        return targets

    def _reciprocal(self, frame: Frame, info: CameoCode, sources: list[Actor],
                    targets: list[Actor]) -> bool:
        """Whether the sources act toward each other: a reciprocal act (talks, clashes) by
        two parties with no target outside them."""
        source_countries = {s.country for s in sources if s.country}
        # ... and "Colombia's government and the ELN rebels signed a ceasefire": two parties
        # of one country, each coded
        source_codes = {s.code for s in sources}
        parties = len(source_countries) >= 2 or (
            len(sources) >= 2 and None not in source_codes and len(source_codes) == len(sources))
        return bool((info.root in self.reciprocal_roots or frame.mutual)
                    and parties and all(t.country in source_countries for t in targets))

    def _implicit_targets(self, frame: Frame, code: str, info: CameoCode,
                          location: EventLocation | None, sources: list[Actor],
                          targets: list[Actor], reciprocal: bool) -> list[Actor]:
        """The targets, or for a protest, crackdown or concession that names none, the
        country where it happens (resolved_by "implicit")."""
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
        return targets

    def _codable(self, frame: Frame, info: CameoCode, sources: list[Actor],
                 targets: list[Actor]) -> bool:
        """Whether the actors are enough to code the event: material conflict needs a coded
        party, and a conflict the classifier guessed a state or group it can be placed with."""
        if info.quad_class == 4 and not any(a.code or a.sector for a in (*sources, *targets)):
            return False  # material conflict between actors nobody can code: likely not political
        # a guessed conflict needs a state or group it can be placed with
        return not (frame.learned and info.quad_class >= 3
                    and not any(a.country for a in (*sources, *targets)))


def _owners_of_passive_subject(frame: Frame, document: Document) -> list[Actor]:
    """Whose the measure is that a passive with no agent acts on: "UN sanctions against Iran
    were lifted" (one actor, headed by the measure), "Israel's blockade was eased", "the
    strike by Nigerian oil workers was called off"; only a
    measure the trigger names ("Two Afghan soldiers were arrested" names no arrester)."""
    trigger = {t.i for t in frame.trigger}
    measures = [t for t in frame.targets if t.dep_ == "nsubjpass" and t.i in trigger]
    owners = [a for t in measures
              for a in (document.actor_by_head.get(t.i),
                        *(_coded_or_place(document, c) for c in t.children
                          if c.dep_ in ("compound", "poss")),
                        # "the strike by Nigerian oil workers was called off": theirs
                        *(document.actor_by_head.get(g.i) for c in t.children
                          if c.dep_ == "prep" and c.lower_ == "by"
                          for g in c.children if g.dep_ == "pobj"))
              if a is not None and a.code]
    return owners[:1]


def _of_or_compound(token: Token) -> list[Token]:
    """The nouns that say what a noun is of: its compounds and its "of" objects."""
    return [c for c in token.children if c.dep_ in ("compound", "nmod", "amod")] + [
        g for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
        for g in p.children if g.dep_ == "pobj"]


def _struck(token: Token, weapon_nouns: frozenset[str]) -> list[Token]:
    """``token``, or for an attack, a bomb or a raid, what it was aimed at ("an attack on
    the army's bases": the bases)."""
    if token.lemma_.lower() not in weapon_nouns:
        return [token]
    return [g for c in token.children if c.dep_ == "prep"
            and c.lower_ in ("on", "against", "at", "upon", "targeting")
            for g in c.children if g.dep_ == "pobj"]


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


def _resolve_sources(frame: Frame, document: Document) -> list[Actor]:
    """The frame's sources as coded actors: the actor at each source token (and its
    conjuncts), a nationality adjective's country, or the actors a partitive is of ("half of
    the rebel fighters"); one actor per coordinated country."""
    day = document.publication_day
    return [split for t in _expand(frame.sources)
            if (a := document.actor_by_head.get(t.i) or _adjective_actor(t, day)
                or _partitive_actor(document, t)) is not None
            for split in _per_country(a, t, day)]


def _own_objects(frame: Frame, sentence: SpacySpan, document: Document,
                 source_countries: set[str]) -> list[Actor]:
    """The coded actors named inside the trigger phrase itself, after its first word."""
    day = document.publication_day
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
    return next((group for i, group in named.items()
                 if not any(h.i in named for h in sentence.doc[i].ancestors)), [])


def _place_actors(document: Document, location: EventLocation | None, sources: list[Actor],
                  targets: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """Sources and targets with the country their own words or the event's place give
    them."""
    # "the government of Sindh province": a place inside the actor's own words
    sources = [_placed_by_own_words(document, a) for a in sources]
    targets = [_placed_by_own_words(document, a) for a in targets]
    if location is not None and location.country and location.precision != "paragraph":
        # "Demonstrators in Baghdad blocked a road": people named by what they do, with
        # no country of their own, are of the country where they act (where their own
        # sentence says; a place the paragraph names elsewhere says nothing of who they are:
        # "Thanou withdrew" is not Israeli because an earlier sentence named Tel Aviv).
        sources = [_located(a, location.country) for a in sources]
        targets = [_located(a, location.country) for a in targets]
    return sources, targets


def _dyads(info: CameoCode, sources: list[Actor], targets: list[Actor], reciprocal: bool
           ) -> Iterable[tuple[Actor, Actor | None]]:
    """Each source with each of its targets (or with none); reciprocal sources each target
    the others."""
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
            yield source, target


def _named_act(frame: Frame) -> bool:
    """Whether a lexicon phrase names the frame's act: its trigger holds a noun besides
    its anchor ("lifted a boycott", "claimed responsibility")."""
    return not frame.learned and any(t.pos_ == "NOUN" and t.i != frame.anchor.i
                                     for t in frame.trigger)
