"""The scorers of whodid.evaluate, on the coder's real output for sentences written here."""

from __future__ import annotations

import pytest

from whodid.evaluate import (
    code_records,
    format_failures,
    gold_format,
    penta_class,
    score,
    score_penta,
    select_half,
)

ATTACK = "Rebel fighters attacked Malian soldiers near the town of Gao on Sunday."
TALKS = "The Kenyan foreign minister met his Ugandan counterpart in Nairobi to discuss trade."
WEATHER = "Light rain fell over the hills in the afternoon and the wind dropped by evening."


def test_halves_are_even_and_odd_positions() -> None:
    items = ["a", "b", "c", "d", "e"]
    assert select_half(items, "tune") == ["a", "c", "e"]
    assert select_half(items, "check") == ["b", "d"]
    assert select_half(items, "all") == items
    with pytest.raises(ValueError, match="half"):
        select_half(items, "dev")


def test_gold_format_tells_event_records_from_penta_records() -> None:
    assert gold_format([{"text": "x", "events": []}]) == "events"
    assert gold_format([{"text": "x", "penta": 2}, {"text": "y"}]) == "penta"
    with pytest.raises(ValueError, match="penta"):
        gold_format([{"text": "x"}])


def _coded(pipeline, records):
    return code_records("test.jsonl", list(enumerate(records, 1)), pipeline)


def test_penta_scores_on_coded_sentences(pipeline) -> None:
    attack_target = ATTACK.index("Malian soldiers")
    records = [
        {"id": "a", "text": ATTACK, "penta": 4,
         "source_spans": [[0, len("Rebel fighters")]],
         "target_spans": [[attack_target, attack_target + len("Malian soldiers")]]},
        # the talks are verbal cooperation (1), not the statement class (0) given here
        {"id": "t", "text": TALKS, "penta": 0},
        {"id": "w", "text": WEATHER, "penta": 2},  # nothing coded: a miss for class 2
    ]
    results = _coded(pipeline, records)
    assert [penta_class(r.events[0]) for r in results[:2]] == [4, 1]
    assert not results[2].events
    scores = score_penta(records, results)
    summary = scores.summary()
    assert summary["records"] == 3
    assert summary["coverage"] == pytest.approx(2 / 3, abs=1e-4)
    table = summary["per_class"]
    assert table["material conflict"]["f1"] == 1.0
    assert table["statement"]["recall"] == 0.0
    assert table["verbal cooperation"]["precision"] == 0.0  # predicted once, wrongly
    assert table["material cooperation"] == {"gold": 1, "predicted": 0, "correct": 0,
                                             "precision": 0.0, "recall": 0.0, "f1": 0.0}
    # macro-F1 over the five classes: only material conflict is right
    assert summary["penta_macro_f1"] == pytest.approx(1 / 5, abs=1e-4)
    assert summary["dyad_records"] == 1 and summary["dyad_span_match"] == 1.0
    assert [f["id"] for f in scores.failures] == ["t", "w"]
    text = format_failures(scores.failures)
    assert "gold_penta: 0" in text and "(none)" in text


def test_dyad_span_needs_source_and_target_of_one_event(pipeline) -> None:
    # gold turns the parties round: the coder's source overlaps the gold target only
    target = ATTACK.index("Malian soldiers")
    records = [{"id": "a", "text": ATTACK,
                "source_spans": [[target, target + len("Malian soldiers")]],
                "target_spans": [[0, len("Rebel fighters")]]}]
    summary = score_penta(records, _coded(pipeline, records)).summary()
    assert summary["dyad_records"] == 1 and summary["dyad_span_match"] == 0.0
    assert summary["penta_records"] == 0


def test_plover_failures_name_gold_and_coded_events(pipeline) -> None:
    records = [{"id": "g", "text": TALKS, "category": "ASSAULT",
                "events": [{"source": [{"code": "KEN"}], "target": [{"code": "UGA"}],
                            "code": "ASSAULT"}]}]
    scores = score(records, _coded(pipeline, records))
    assert scores.summary()["category_accuracy"] == 0.0
    assert "KEN->UGA ASSAULT" in scores.failures[0]["gold"]
    assert scores.failures[0]["events"]
