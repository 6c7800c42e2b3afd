"""The learned models consulted by the events stage (:mod:`whodid.fallback`).

* The **learned fallback**: where the rules code nothing in a sentence that names a coded
  actor, the sentence encoder's head and the TF-IDF classifier, mixed, propose one event
  (:meth:`whodid.fallback.LearnedFallback.guess`), flagged as learned, with its probability.
* **Refining**: where a lexicon code is generic ("190"), the TF-IDF classifier
  (:mod:`whodid.classifier`) may make it specific ("195"), and agreeing on the root raises
  the event's confidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.events.frames import Frame
from whodid.events.participants import _subjects, _verb_participants
from whodid.events.tree import _modifier_words, _negated

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from whodid.events.coder import EventCoder


# The TF-IDF classifier alone (no sentence encoder installed) speaks where the lexicon is
# silent only when this sure, and it refines a generic lexicon code ("190") to a specific one
# ("195") when this sure.  Chosen on a held-out quarter of the project's own training
# sentences (scripts/classifier_thresholds.py): 0.05 gives the best root-level F1 there
# (precision 0.78, recall 0.73); at 0.2 the exact code is right 83% of the time.  With the
# encoder, the fallback's own threshold is in its head (whodid.fallback).
FALLBACK_PROBABILITY = 0.05

REFINE_PROBABILITY = 0.2

# Where the lexicon's frames came to nothing, the fallback speaks when this sure.  On the tune
# halves of conflibert_dev and PLOVER, 0.2 (its threshold elsewhere) and 0.3 tie on the sum
# of the measures, 0.35 and 0.4 lose; of the tie, the more cautious.
LATE_FALLBACK_PROBABILITY = 0.3


def _consult_classifier(coder: EventCoder, sentences: list, all_frames: list[list[Frame]],
                        document: Document, off_politics: bool) -> list[tuple[int, Token]]:
    """Ask the TF-IDF classifier about lexicon frames with a generic code; give the
    sentences (index, main verb) the learned fallback is to be asked about: those where the
    rules found nothing but a coded actor is named (not in an article about sport, markets or
    culture: ``off_politics``)."""
    learned = coder.classifier
    generic: list[int] = []
    silent: list[tuple[int, Token]] = []
    for index, (sentence, frames) in enumerate(zip(sentences, all_frames, strict=True)):
        live = [f for f in frames if not f.consumed and f.modality != "hypothetical"]
        if live:
            # Asking about every sentence would cost more than the parse; ask where a
            # lexicon code is generic and the classifier may make it specific.
            if any(_generic(f.code) for f in live):
                generic.append(index)
            continue
        anchor = _askable(coder, sentence, document, off_politics)
        if anchor is not None:
            silent.append((index, anchor))
    if generic:
        predictions = learned.predict([sentences[i].text for i in generic])
        for index, (code, probability) in zip(generic, predictions, strict=True):
            code = str(code)
            if code == "none":
                continue
            for frame in all_frames[index]:
                if frame.consumed or code[:2] != frame.code[:2]:
                    continue
                # Two coders agree on the kind of event: the main news, more likely.
                frame.classifier_agrees = probability >= FALLBACK_PROBABILITY
                if _generic(frame.code) and probability >= REFINE_PROBABILITY:
                    frame.code = code
    return silent


def _askable(coder: EventCoder, sentence: Span, document: Document,
             off_politics: bool) -> Token | None:
    """The main verb of a sentence the learned fallback may be asked about, or None: not in
    an article about sport, markets or culture (``off_politics``), not a question, a report
    or a state of affairs, and a coded actor named."""
    # An article about sport, markets or culture keeps the rules' word alone, and costs
    # no encoding; in a sentence with such a word ("war games") the guess may still
    # be no material conflict, as for the rules (EventCoder._event_code).
    if off_politics or sentence.text.rstrip().endswith("?"):
        return None
    anchor = _main_verb(sentence, coder.reporting)
    if anchor is None or anchor.lemma_.lower() in coder.reporting:
        return None
    if anchor.lemma_.lower() == "be" and not any(
            c.dep_ in ("acomp", "xcomp") and c.lemma_.lower() in coder.intent_predicates
            for c in anchor.children):
        return None  # "China and Kenya are good friends": a state of affairs, not an act
    if not _sentence_actors(sentence, document):
        return None
    return anchor


def _frames_from_guesses(coder: EventCoder, sentences: list, asked: list[tuple[int, Token]],
                         guesses: list, document: Document,
                         threshold: float | None = None) -> dict[int, Frame]:
    """The learned frame for each asked sentence (index, main verb) whose guess does not
    abstain (below the fallback's own threshold, or ``threshold`` if given)."""
    if not asked:
        return {}
    threshold = coder.classifier.threshold if threshold is None else threshold
    frames = {}
    for (index, anchor), guess in zip(asked, guesses, strict=True):
        if guess.root == "none" or guess.probability < threshold:
            continue
        frame = _learned_frame(coder, anchor, sentences[index], document, guess.code,
                               guess.probability)
        if frame is not None:
            frames[index] = frame
    return frames


def _late_asks(coder: EventCoder, sentences: list, all_frames: list[list[Frame]],
               empty: list[int], document: Document,
               off_politics: bool) -> list[tuple[int, Token]]:
    """The sentences (index, main verb) to ask the learned fallback about where the lexicon
    frames, none at the main verb, gave no event ("The junta reopened to journalists the
    region sealed off since the coup": a frame at "sealed off", which no one named did, and
    none at "reopened"); the sentences without frames were asked before
    (:func:`_consult_classifier`)."""
    asked = []
    for index in empty:
        frames = all_frames[index]
        if not any(not f.consumed and not f.learned for f in frames) \
                or any(f.learned for f in frames):
            continue
        anchor = _askable(coder, sentences[index], document, off_politics)
        if anchor is not None and not any(f.anchor.i == anchor.i for f in frames):
            asked.append((index, anchor))
    return asked


def _late_frames(coder: EventCoder, sentences: list, all_frames: list[list[Frame]],
                 asked: list[tuple[int, Token]], guesses: list,
                 document: Document) -> dict[int, Frame]:
    """The learned frames of the late guesses (:func:`_late_asks`) sure enough to stand."""
    guessed = _frames_from_guesses(coder, sentences, asked, guesses, document,
                                   LATE_FALLBACK_PROBABILITY)
    # a guess of the kind of a participle describing its own source only echoes the
    # participle ("a man accused of killing policemen appeared in court": the man accused
    # no one)
    return {index: frame for index, frame in guessed.items()
            if not any(f.code[:2] == frame.code[:2] and f.anchor.dep_ == "acl"
                       and any(f.anchor.head.i == t.i for t in frame.sources)
                       for f in all_frames[index] if not f.learned)}


def _learned_frame(coder: EventCoder, anchor: Token, sentence: Span, document: Document,
                   code: str, probability: float) -> Frame | None:
    """A learned event at the sentence's main verb: its participants from the parse, as the
    rules find them; where its subject is no coded actor ("UN sanctions against Iran were
    lifted", "a hearing was opened"), the sentence's first coded actor not acted on, and
    then the next one of another code as the target."""
    obj = next((c for c in anchor.children if c.dep_ in ("dobj", "obj")), None)
    frame = Frame(anchor=anchor, code=code, trigger=[anchor], learned=True,
                  learned_probability=probability)
    frame.sources, frame.targets = _verb_participants(anchor, obj, [anchor])
    if not any(_coded(t, document) for t in frame.sources):
        acted_on = {t.i for t in frame.targets}
        free = [t for t in _sentence_actors(sentence, document) if t.i not in acted_on]
        if free:
            frame.sources = free[:1]
            if not any(_coded(t, document) for t in frame.targets):
                first = document.actor_by_head[free[0].i].code
                frame.targets = [t for t in free[1:]
                                 if document.actor_by_head[t.i].code != first][:1]
    frame.negated = _negated(anchor)
    frame.specifier_words = _modifier_words(anchor, [anchor])
    if anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in coder.reporting:
        reporters = _subjects(anchor.head)
        frame.reported_by = (document.actor_by_head.get(reporters[0].i)
                             if reporters else None)
        frame.modality = "reported"
    if frame.negated:
        return None  # the lexicon's negation rules need a lexicon code
    return frame


def _coded(token: Token, document: Document) -> bool:
    actor = document.actor_by_head.get(token.i)
    return actor is not None and bool(actor.code or actor.sector)


def _sentence_actors(sentence: Span, document: Document) -> list[Token]:
    """The heads of the coded actors a sentence names, in order."""
    return [sentence.doc[i] for i in range(sentence.start, sentence.end)
            if _coded(sentence.doc[i], document)]


def _generic(code: str) -> bool:
    """A root-level or "not specified below" code ("19", "190") that a classifier may refine."""
    return len(code) == 2 or (len(code) == 3 and code.endswith("0"))


def _main_verb(sentence, reporting: frozenset[str]) -> Token | None:
    """The sentence's main verb; for "X said (that) ...", the reported clause's verb; a root
    the tagger took for a noun when it has a subject or an object of its own."""
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX"):
        # a verb the tagger took for a noun: it has a subject or an object ("Syria's jets
        # bombs rebel towns", "the processor runs at ..."), or a verb's tag
        return root if root.pos_ in ("NOUN", "PROPN") and (root.tag_.startswith("V") or any(
            c.dep_ in ("nsubj", "dobj") for c in root.children)) else None
    if root.lemma_.lower() in reporting:
        reported = next((c for c in root.children if c.dep_ == "ccomp"
                         and c.pos_ in ("VERB", "AUX")), None)
        return reported or root
    return root
