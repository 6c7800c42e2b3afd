"""The learned event classifier and the project's own training sentences."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from whodid.classifier import (
    HELDOUT_DIR,
    EventClassifier,
    Example,
    default_classifier,
    heldout_accuracy,
    read_examples,
    training_hash,
)
from whodid.ontology import cameo_codes


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return read_examples()


def test_every_three_digit_code_has_fifteen_examples(examples) -> None:
    counts = Counter(e.code for e in examples)
    three_digit = {c for c, info in cameo_codes().items() if info.level == 2}
    thin = {code: counts[code] for code in three_digit if counts[code] < 15}
    assert not thin, f"codes with fewer than 15 training sentences: {thin}"
    assert counts["none"] >= 300
    assert all(e.code == "none" or e.code in cameo_codes() for e in examples)


def test_examples_are_unique_sentences(examples) -> None:
    texts = Counter(e.text.lower() for e in examples)
    assert [t for t, n in texts.items() if n > 1] == []


def test_train_predict_save_load(tmp_path: Path) -> None:
    rows = [Example("190", f"Troops attacked the rebel town number {i} at dawn.") for i in
            range(10)]
    rows += [Example("057", f"The two governments signed a trade treaty number {i}.") for i in
             range(10)]
    rows += [Example("none", f"The striker scored goal number {i} in the cup match.") for i in
             range(10)]
    classifier = EventClassifier.train(rows)
    predictions = classifier.predict(["Army units attacked a rebel town.",
                                      "Ministers signed a treaty on trade.",
                                      "He scored a late goal in the match."])
    assert [code for code, _ in predictions] == ["190", "057", "none"]
    assert all(0 < p <= 1 for _, p in predictions)
    path = tmp_path / "model.joblib"
    classifier.save(path)
    again = EventClassifier.load(path)
    assert again.predict(["Army units attacked a rebel town."])[0][0] == "190"


def test_default_classifier_is_cached_and_sensible() -> None:
    classifier = default_classifier()
    assert classifier is not None
    assert len(training_hash()) == 16
    [(code, probability)] = classifier.predict([
        "Government warplanes bombed rebel-held villages in the north on Sunday, "
        "killing dozens, witnesses said."])
    assert code.startswith(("18", "19")) and probability > 0
    [(code, _)] = classifier.predict(["Manchester United beat Liverpool 2-1 in the league "
                                      "on Saturday with a late goal from their striker."])
    assert code == "none"


def test_heldout_sentences_are_apart_and_predicted_well(examples) -> None:
    """The held-out sentences are never trained on; the model built from the training ones
    codes them about as well as it did when they were written (0.847 exact, 0.905 root)."""
    heldout = read_examples(HELDOUT_DIR)
    assert len(heldout) >= 300
    assert not {e.text.lower() for e in heldout} & {e.text.lower() for e in examples}
    scores = heldout_accuracy()
    assert scores is not None and scores["examples"] == len(heldout)
    assert scores["accuracy"] >= 0.82
    assert scores["root_accuracy"] >= 0.88
