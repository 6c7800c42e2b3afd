"""The learned classifier (:mod:`whodid.classifier`) consulted where the lexicon is silent
but an actor acts, and where a lexicon code is generic ("190") and may be made specific."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.events.frames import Frame
from whodid.events.participants import _subjects, _verb_participants
from whodid.events.tree import _modifier_words, _negated

if TYPE_CHECKING:
    from spacy.tokens import Token

    from whodid.events.coder import EventCoder


# The learned classifier speaks where the lexicon is silent only when this sure, and
# refines a generic lexicon code ("190") to a specific one ("195") when this sure.  Chosen
# on a held-out quarter of the project's own training sentences (scripts/classifier_thresholds.py):
# 0.05 gives the best root-level F1 there (precision 0.78, recall 0.73); at 0.2 the exact
# code is right 83% of the time.
FALLBACK_PROBABILITY = 0.05

REFINE_PROBABILITY = 0.2


def _consult_classifier(coder: EventCoder, sentences: list, all_frames: list[list[Frame]],
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
        anchor = _main_verb(sentence, coder.reporting)
        if anchor is None or anchor.lemma_.lower() in coder.reporting:
            continue
        if anchor.lemma_.lower() == "be" and not any(
                c.dep_ in ("acomp", "xcomp") and c.lemma_.lower() in coder.intent_predicates
                for c in anchor.children):
            continue  # "China and Kenya are good friends": a state of affairs, not an act
        subjects = _subjects(anchor)
        if not any((a := document.actor_by_head.get(t.i)) and (a.code or a.sector)
                   for t in subjects):
            continue
        asks.append((index, anchor))
    if not asks:
        return
    predictions = coder.classifier.predict([sentences[i].text for i, _ in asks])
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
        if anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in coder.reporting:
            reporters = _subjects(anchor.head)
            frame.reported_by = (document.actor_by_head.get(reporters[0].i)
                                 if reporters else None)
            frame.modality = "reported"
        if frame.negated:
            continue  # the lexicon's negation rules need a lexicon code
        all_frames[index].append(frame)


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
