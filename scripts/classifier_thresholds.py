"""Precision and recall of the event classifier at several probability thresholds, on a
held-out quarter of the project's own training sentences (never on gold sets).

Usage: .venv/bin/python scripts/classifier_thresholds.py
"""

from __future__ import annotations

from sklearn.model_selection import train_test_split

from whodid.classifier import EventClassifier, _pipeline, read_examples


def main() -> None:
    examples = read_examples()
    texts = [e.text for e in examples]
    labels = [e.code for e in examples]
    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=0.25, stratify=labels, random_state=7)
    classifier = EventClassifier(_pipeline().fit(train_x, train_y))
    predictions = classifier.predict(test_x)
    events = sum(gold != "none" for gold in test_y)
    for threshold in (0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3):
        fired = [(code, gold) for (code, p), gold in zip(predictions, test_y, strict=True)
                 if code != "none" and p >= threshold]
        root = sum(code[:2] == gold[:2] for code, gold in fired)
        exact = sum(code == gold for code, gold in fired)
        on_none = sum(gold == "none" for _, gold in fired)
        print(f"threshold {threshold:.2f}: fired {len(fired)}, root precision "
              f"{root / len(fired):.2f}, exact precision {exact / len(fired):.2f}, "
              f"fired on non-events {on_none}, root recall {root / events:.2f}")


if __name__ == "__main__":
    main()
