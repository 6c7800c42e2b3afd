"""Pass 2: composition.  Frames compose along the tree: an event under a rejecting head
becomes a rejection, under an intent head or a future modal an intention or threat, under an
appeal or demand it refines what is asked, under a reporting verb it is reported, under an
accusing or complaining verb it is alleged; what is prevented, permitted, agreed or a purpose
is folded into the act it belongs to (``consumed``).  The tables are in ``grammar.yaml``
(docs/events.md, "Composition")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.events.frames import Frame, _fights_no_one, _mood_word, _stems
from whodid.events.participants import _subjects, _trailing_reporter
from whodid.events.resolution import _country
from whodid.events.tree import (
    _asked_for,
    _attempted,
    _expand,
    _infinitive,
    _modifier_words,
    _negated,
    _ruled_out,
    _stative_participle,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


# CAMEO "make a public statement, not specified": a reporting verb's own frame
GENERIC_STATEMENT = "010"

_OWN_PRONOUNS = frozenset({"they", "it", "he", "she", "we"})

_GOVERNING_EDGES = frozenset({"xcomp", "ccomp", "acl", "pcomp", "pobj", "prep", "dobj",
                              "acomp", "relcl", "advcl", "attr", "nsubj", "nsubjpass"})


class Composer:
    """Composes a sentence's frames (:meth:`_compose`); mixed into
    :class:`~whodid.events.coder.EventCoder`, whose lexicon and grammar word sets it reads."""

    def _compose(self, frames: list[Frame], document: Document) -> None:
        by_anchor = {frame.anchor.i: frame for frame in frames}
        # a deployment takes its purpose's code before anything governs it: "agreed to send
        # troops to train the army" is an intent to give military aid, not a threat of force
        for frame in frames:
            governor, path = _governor(frame.anchor, frame.nominal)
            head_frame = by_anchor.get(governor.i) if governor is not None else None
            if head_frame is not None and path[:1] == ["advcl"] and _purpose(frame):
                self._serve_purpose(head_frame, frame)
        for frame in frames:
            if frame.code in ("150", "154"):
                self._sent_to_help(frame, by_anchor)
        # frames made here ("declined to" -> a refusal) are composed in turn
        for frame in frames:
            if self._under_hypothesis(frame.anchor):
                frame.modality = "hypothetical"
            if frame.anchor.dep_ in ("csubj", "nsubj") and _ruled_out(frame.anchor.head):
                # "lifting the sanctions is out of the question": ruled out
                frame.negated = True
            if frame.code in self.attempt_codes and _attempted(frame.anchor):
                frame.code = self.attempt_codes[frame.code]  # "tried to assassinate": 185
            governor, path = _governor(frame.anchor, frame.nominal)
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
            head_lemma = self._grammar_lemma(governor)
            if head_frame is None and head_lemma in self.rejecting and "xcomp" in path[:1]:
                # "declined to resign", "failed to reach agreement": a refusal whose verb
                # the lexicon does not code by itself.
                head_frame = Frame(anchor=governor, code="120", trigger=[governor],
                                   sources=_subjects(governor))
                head_frame.specifier_words = _modifier_words(governor, [governor])
                frames.append(head_frame)
                by_anchor[governor.i] = head_frame
                meeting = next((by_anchor[s.i] for s in head_frame.sources
                                if s.i in by_anchor and by_anchor[s.i].nominal
                                and by_anchor[s.i].code[:2] == "04"), None)
                if meeting is not None and frame.code[:2] in self.reciprocal_roots:
                    # "the summit between the EU and Turkey failed to reach agreement": the
                    # failure is the news, by both sides of the meeting it sits in
                    self._into_rejection(head_frame, frame, document)
                    head_frame.sources = [*meeting.sources, *meeting.targets]
                    head_frame.targets = []
                    head_frame.mutual = True
                    meeting.consumed = True
                    continue
            if head_frame is None and head_lemma in self.helping and not frame.nominal \
                    and path[:1] == ["ccomp"]:
                # "Chinese teams helped Sierra Leone fight the epidemic", "Swiss experts
                # helped Ukraine investigate the crash": the help is the event, given to
                # whoever does the act helped
                helped, helpers = _subjects(frame.anchor), _subjects(governor)
                if helped and helpers and not {t.i for t in helped} & {t.i for t in helpers}:
                    code = frame.code if frame.code[:2] == "07" else (
                        self.lexicon.by_prefix("helped_codes", frame.code) or "070")
                    if _fights_no_one(frame.anchor, frame.trigger, self.relief_foes):
                        code = "073"  # helped them fight an epidemic: relief
                    head_frame = Frame(anchor=governor, code=code, trigger=[governor],
                                       sources=helpers, targets=helped)
                    frames.append(head_frame)
                    by_anchor[governor.i] = head_frame
                    frame.consumed = True
                    continue
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
            if head_frame is not None and path[:1] == ["advcl"] \
                    and head_frame.code[:2] != "14" and _purpose(frame):
                # "sent troops to protect the border": what an act is for has not happened
                # by it; the act is the event, aimed at whom its purpose concerns
                # (the first purpose decides: "to protect the border and evacuate
                # civilians" is not an evacuation mission)
                self._serve_purpose(head_frame, frame)
                _fold_into(head_frame, frame)
                continue
            if head_frame is None and not frame.nominal:
                # "hopes Japan will persuade the US to lift the sanctions": what is hoped
                # for, however deep in the hope's clause, has not happened
                hope = self._hoped_in(frame.anchor, by_anchor)
                if hope is not None:
                    _fold_into(hope, frame)
                    continue
            if head_frame is not None and _mood_word(head_frame.anchor, self.moods):
                # "pessimistic about resuming talks", "confident the US would remove
                # irritants": what one is pessimistic or confident about has not happened
                _fold_into(head_frame, frame)
                continue
            if head_frame is not None and head_frame.code == "014" \
                    and not head_frame.negated:
                # "Japan is considering sending aid to North Korea", "weighing sanctions": an
                # option under consideration (014), neither a deed nor an intention yet
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
            elif head_lemma in self.warning and path[:2] == ["pcomp", "prep"] \
                    and frame.anchor.head.lower_ == "against":
                self._into_warning(frame, governor, head_frame)
            elif head_lemma in self.intent or (
                    governor.lower_ in self.intent_predicates and (
                        governor.pos_ == "ADJ" or _stative_participle(governor))):
                self._into_intent(frame, governor, head_frame)
            elif head_lemma in self.accusing and path[:1] == ["pcomp"]:
                _into_allegation(frame, governor, head_frame, document)
            elif head_lemma in self.complaining and path[:1] == ["ccomp"]:
                self._into_complaint(frame, governor, head_frame, frames, by_anchor, document)
            elif head_frame is None and head_lemma in self.claiming and path[:1] == ["ccomp"] \
                    and frame.code[:2] in ("17", "18", "19", "20") and not frame.negated \
                    and any(s.lower_ in _OWN_PRONOUNS for s in frame.sources):
                # "the Houthis claimed that they had attacked the airport": a claim of one's
                # own deed is a claim of responsibility (015); the deed is only claimed
                claim = Frame(anchor=governor, code="015", trigger=[governor],
                              sources=_subjects(governor), targets=list(frame.targets))
                frames.append(claim)
                by_anchor[governor.i] = claim
                frame.alleged = True
                _into_report(frame, governor, claim, document)
            elif head_lemma in self.reporting and "ccomp" in path and frame.obligation:
                self._obligation_as_demand(frame, governor)
            elif head_lemma in self.reporting and "ccomp" in path:
                if frame.future:
                    self._as_intention(frame)
                _into_report(frame, governor, head_frame, document)
        for frame in frames:
            if frame.future and frame.modality == "asserted" and not frame.consumed:
                self._as_intention(frame)
        for frame in frames:
            if frame.code == GENERIC_STATEMENT and not frame.consumed \
                    and frame.anchor.lemma_.lower() in self.reporting \
                    and any(other.code != GENERIC_STATEMENT and not other.consumed
                            and _reported_by(other.anchor, frame.anchor) for other in frames):
                # "the chiefs announced that they are willing to forgive the president":
                # what was announced is the news, not that something was
                frame.consumed = True

    def _serve_purpose(self, deployment: Frame, purpose: Frame) -> None:
        """"sent troops to Somalia to keep the peace", "to train the army", "to deliver
        aid": a deployment (150, 154) for peacekeeping, training or aid is that, not a show
        of force (grammar ``deployment_purposes``; the first purpose decides: "to protect
        the border and evacuate civilians" is no evacuation mission)."""
        if deployment.code not in ("150", "154") or purpose.negated \
                or purpose.anchor.dep_ == "conj":
            return
        code = self.lexicon.by_prefix("deployment_purposes", purpose.code)
        if code == "074" and len(purpose.trigger) < 2:
            # "to protect the border", "to protect Russian citizens": protecting alone is
            # no peacekeeping ("to keep the peace" is)
            return
        if code is not None:
            deployment.code = code

    def _sent_to_help(self, deployment: Frame, by_anchor: dict[int, Frame]) -> None:
        """"sent troops to help flood victims", "to help the government": troops sent to
        help are aid (073 for people in need: grammar ``relief_beneficiaries``) or military
        aid (072), not a show of force."""
        for purpose in deployment.anchor.children:
            if purpose.dep_ != "advcl" or purpose.i in by_anchor \
                    or purpose.lemma_.lower() not in self.helping or not _infinitive(purpose):
                continue
            helped = [c for c in purpose.children if c.dep_ in ("dobj", "obj")]
            relief = any(t.lemma_.lower() in self.relief_beneficiaries for t in helped)
            deployment.code = "073" if relief else "072"
            deployment.targets = deployment.targets or helped
            return

    def _grammar_lemma(self, verb: Token) -> str:
        """The verb's lemma, or a stem of its surface form that a grammar table knows when
        the lemmatizer slipped ("hopes" -> "hop": "India hopes to visit" is an intention)."""
        lemma = verb.lemma_.lower()
        known = self.intent | self.rejecting | self.reporting | self.accusing \
            | frozenset(self.complaining) | self.commanding | self.preventing \
            | self.permitting
        if lemma in known or verb.pos_ not in ("VERB", "AUX"):
            return lemma
        return next((stem for stem in _stems(verb.lower_) if stem in known), lemma)

    def _hoped_in(self, anchor: Token, by_anchor: dict[int, Frame]) -> Frame | None:
        """The mood frame ("hoped", "confident") whose complement clause ``anchor`` sits in,
        through complements and conjuncts."""
        token = anchor
        for _ in range(6):
            if token.dep_ not in ("xcomp", "ccomp", "conj", "acomp") \
                    or token.head.i == token.i:
                return None
            token = token.head
            frame = by_anchor.get(token.i)
            if frame is not None:
                return frame if _mood_word(frame.anchor, self.moods) else None
        return None

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

    def _into_warning(self, inner: Frame, governor: Token, head: Frame | None) -> None:
        """"China warned Japan against visiting the shrine": a warning (``warning_code``)
        by the warner to the one warned; what is warned against neither happened nor is
        intended."""
        warned = [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")]
        inner.code = self.warning_code
        inner.trigger = sorted({governor, inner.anchor.head, *inner.trigger}, key=lambda t: t.i)
        inner.sources = _subjects(governor)
        inner.targets = warned
        inner.negated = False
        if head is not None:
            head.consumed = True

    def _into_intent(self, inner: Frame, governor: Token, head: Frame | None) -> None:
        if governor.pos_ == "ADJ" and (_negated(governor) or _negated(governor.head)):
            # "Russia is not willing to cooperate with Syria": no intention, a refusal
            inner.negated = True
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
        _into_report(inner, governor, head, document)


def _purpose(frame: Frame) -> bool:
    """Whether the frame is an infinitive purpose clause ("to keep the peace", "to help
    deliver aid"), not a nominal event or what someone was asked to do."""
    anchor = frame.anchor
    return not frame.nominal and not _asked_for(anchor) and (
        _infinitive(anchor) or anchor.head.lemma_.lower() == "help"
        and _infinitive(anchor.head))


def _governor(anchor: Token, nominal: bool = False) -> tuple[Token | None, list[str]]:
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


def _into_allegation(inner: Frame, governor: Token, head: Frame | None,
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


def _reported_by(token: Token, verb: Token) -> bool:
    """Whether ``token`` lies in the reported clause (ccomp) of ``verb``."""
    child = token
    for ancestor in token.ancestors:
        if ancestor.i == verb.i:
            return child.dep_ == "ccomp"
        child = ancestor
    return False


def _into_report(inner: Frame, governor: Token, head: Frame | None,
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


def _fold_into(head: Frame | None, inner: Frame) -> None:
    """``inner`` is part of ``head`` (its purpose, content or demand), not an event of its
    own; whom it concerns is whom ``head`` concerns when ``head`` names no one."""
    if head is not None and not head.targets:
        head.targets = inner.targets
    inner.consumed = True
