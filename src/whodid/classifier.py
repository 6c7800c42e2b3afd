"""The learned event classifier: which CAMEO code (3-digit) a sentence reports, or none.

A linear model (TF-IDF word, character and word-stem n-grams, logistic loss trained by SGD)
trained on the project's own labeled example sentences in ``data/training/events/*.tsv``
(written for every 3-digit CAMEO code, plus sentences with no political event).  The events
stage uses it where the lexicon is silent or only gives a generic code.

Nothing is downloaded: the model is trained from the shipped examples on first use (a few
seconds) and cached under ``$WHODID_CACHE`` (default ``~/.cache/whodid``), keyed by a hash of
the training data, so the same data always gives the same model.  ``whodid train`` builds it
ahead of time and reports cross-validated accuracy.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whodid.resources import cache_dir, data_path, load_or_build

TRAINING_DIR = data_path("training") / "events"
# Sentences written apart from the training ones, in other words (paraphrases, datelines,
# passives, nominal phrasings, longer sentences, sport and business with violent words): never
# trained or tuned on, only measured, to see how the model does on text unlike its own.
HELDOUT_DIR = data_path("training") / "heldout"
NONE = "none"
# Bump when the features or the model change, so a cached model is rebuilt.
MODEL_VERSION = "3"
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0][a-z0'-]*")
# Inflections cut by _stem, longest first among those sharing an ending.
_SUFFIXES = ("ing", "ied", "ies", "ed", "es", "s", "ment", "ions", "ion")


@dataclass(frozen=True)
class Example:
    code: str  # 3-digit CAMEO code or "none"
    text: str
    source: str = ""
    target: str = ""
    origin: str = ""


def read_examples(directory: Path = TRAINING_DIR) -> list[Example]:
    """Every labeled example sentence; codes are cut to their 3-digit parent."""
    examples = []
    for path in sorted(directory.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), 2):
                code = (row.get("code") or "").strip()
                text = (row.get("sentence") or "").strip()
                if not code or not text:
                    continue
                examples.append(Example(code if code == NONE else code[:3], text,
                                        (row.get("source") or "").strip(),
                                        (row.get("target") or "").strip(),
                                        f"{path.name}:{number}"))
    return examples


def _normalize(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


def _stem(word: str) -> str:
    """A crude stem ("attacked", "attacks", "attacking" -> "attack"; "shipped" -> "ship"):
    enough to let a paraphrase in another inflection share features with the training
    sentences, with no lemmatizer (and no parse) at prediction time."""
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "shipped" -> "shipp" -> "ship"
    return word[:-1] if word.endswith("e") else word


def _stems(text: str) -> list[str]:
    """Stem unigrams and bigrams of a sentence."""
    stems = [_stem(w) for w in _WORD.findall(_normalize(text))]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=_normalize, ngram_range=(1, 2), min_df=2,
                                  sublinear_tf=True)),
        ("chars", TfidfVectorizer(preprocessor=_normalize, analyzer="char_wb",
                                  ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                  max_features=20_000)),
        # Stems generalize across inflections where the words and characters would not.
        ("stems", TfidfVectorizer(analyzer=_stems, min_df=2, sublinear_tf=True)),
    ])
    # A logistic loss gives probabilities; SGD trains in seconds where lbfgs took minutes,
    # and a fixed seed makes the model the same on every machine.
    model = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=1e-4,
                          random_state=0, class_weight="balanced")
    return Pipeline([("features", features), ("model", model)])


class EventClassifier:
    """Predicts a 3-digit CAMEO code (or "none") with its probability."""

    def __init__(self, model) -> None:
        import numpy as np

        self.model = model
        self.classes: list[str] = [str(c) for c in model.classes_]
        # sklearn's predict_proba copies the (classes x features) weights on every call;
        # keep them once, transposed and contiguous, and score with one sparse product.
        linear = model.named_steps["model"]
        self._features = model.named_steps["features"]
        # The union's vectorizers, called one by one in predict: the FeatureUnion around them
        # adds a joblib dispatch per call (it has no weights, so the stacked result is the
        # same).
        self._vectorizers = [t for _, t in self._features.transformer_list
                             if t not in ("drop", "passthrough")]
        self._weights = np.ascontiguousarray(linear.coef_.T, dtype=np.float32)
        self._bias = linear.intercept_.astype(np.float32)

    @classmethod
    def train(cls, examples: list[Example]) -> EventClassifier:
        model = _pipeline()
        model.fit([e.text for e in examples], [e.code for e in examples])
        return cls(model)

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        """(code, probability) of the most likely class for each text."""
        if not texts:
            return []
        probabilities = self.probabilities(texts)
        best = probabilities.argmax(axis=1)
        return [(self.classes[i], float(row[i])) for i, row in zip(best, probabilities,
                                                                     strict=True)]

    def probabilities(self, texts: list[str]):
        """Every class's probability for each text (rows: texts, columns: :attr:`classes`)."""
        import numpy as np
        import sklearn
        from scipy import sparse

        # Called once per article on a few sentences, where sklearn's input checks cost a
        # third of the time; the texts are strings and the TF-IDF values finite.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            parts = [vectorizer.transform(texts) for vectorizer in self._vectorizers]
        features = sparse.hstack(parts).tocsr().astype(np.float32)
        scores = features @ self._weights + self._bias  # float32 x float32: no copies
        # one-vs-rest logistic scores, normalized as sklearn's SGDClassifier does
        probabilities = 1.0 / (1.0 + np.exp(-np.asarray(scores, dtype=np.float64)))
        totals = probabilities.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1.0
        return probabilities / totals

    def save(self, path: Path) -> None:
        import joblib

        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        joblib.dump(self.model, temporary)
        temporary.replace(path)  # atomic: a concurrent reader never sees half a model

    @classmethod
    def load(cls, path: Path) -> EventClassifier:
        import joblib

        return cls(joblib.load(path))


def training_hash(directory: Path = TRAINING_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.tsv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    import sklearn

    digest.update(sklearn.__version__.encode())
    digest.update(MODEL_VERSION.encode())
    return digest.hexdigest()[:16]


@cache
def default_classifier() -> EventClassifier | None:
    """The classifier for the shipped training data (trained once, then cached); None when
    there is no training data."""
    if not TRAINING_DIR.is_dir() or not any(TRAINING_DIR.glob("*.tsv")):
        return None
    path = cache_dir() / f"event-classifier-{training_hash()}.joblib"
    # older training data or settings leave older models: removed once a new one is saved
    return load_or_build(path, EventClassifier.load, lambda: EventClassifier.train(read_examples()),
                         lambda model, target: model.save(target),
                         stale_glob="event-classifier-*.joblib")


def evaluate(classifier: EventClassifier, examples: list[Example]) -> dict:
    """Exact (3-digit) and root accuracy of a trained classifier on labeled examples, with its
    mistakes as (gold, predicted) counts."""
    from collections import Counter

    predicted = [code for code, _ in classifier.predict([e.text for e in examples])]
    gold = [e.code for e in examples]
    exact = sum(p == g for p, g in zip(predicted, gold, strict=True))
    root = sum(p[:2] == g[:2] for p, g in zip(predicted, gold, strict=True))
    total = max(len(examples), 1)
    return {"examples": len(examples), "accuracy": round(exact / total, 4),
            "root_accuracy": round(root / total, 4),
            "errors": Counter((g, p) for p, g in zip(predicted, gold, strict=True) if p != g)}


def heldout_accuracy(classifier: EventClassifier | None = None) -> dict | None:
    """:func:`evaluate` on the held-out sentences (``data/training/heldout/*.tsv``), which are
    never used for training; None when there are none."""
    examples = read_examples(HELDOUT_DIR) if HELDOUT_DIR.is_dir() else []
    classifier = classifier or default_classifier()
    if not examples or classifier is None:
        return None
    return evaluate(classifier, examples)


def cross_validate(examples: list[Example], folds: int = 5, seed: int = 13) -> dict:
    """Stratified k-fold accuracy on the project's own examples (never on gold sets)."""
    from sklearn.model_selection import StratifiedKFold

    texts = [e.text for e in examples]
    labels = [e.code for e in examples]
    correct = root_correct = 0
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, labels):
        model = _pipeline().fit([texts[i] for i in train_index], [labels[i] for i in train_index])
        predicted = model.predict([texts[i] for i in test_index])
        for i, guess in zip(test_index, predicted, strict=True):
            correct += guess == labels[i]
            root_correct += guess[:2] == labels[i][:2]
    return {"examples": len(examples), "classes": len(set(labels)),
            "accuracy": round(correct / len(examples), 4),
            "root_accuracy": round(root_correct / len(examples), 4)}
