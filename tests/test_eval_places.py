"""scripts/eval_places.py: the GeoWebNews scorer on small hand-made records."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import eval_places  # noqa: E402
from eval_places import GwnScore, Toponym, score_article  # noqa: E402

MOSUL = Toponym("Mosul", 10, 15, "Literal", None, 36.335, 43.119, 99072)
IRAQ = Toponym("Iraq", 20, 24, "Literal", None, 33.0, 44.0, 99237)
UNPLACED = Toponym("Nowhere Street", 30, 44, "Literal", None, None, None)
TURKEY_SAID = Toponym("Turkey", 50, 56, "Metonymic", None, 39.0, 35.0, 298795)
FRENCH = Toponym("French", 60, 66, "Demonym", None, None, None)


def _score(gold, predicted, errors=None) -> GwnScore:
    score = GwnScore()
    score_article(gold, predicted, score, errors)
    return score


def test_a_match_without_coordinates_counts_as_wrong() -> None:
    errors: Counter = Counter()
    score = _score([MOSUL, IRAQ], [(10, 15, "Mosul", None, None, None),
                                   (20, 24, "Iraq", 33.2, 43.7, 99237)], errors)
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)
    assert score.with_gold_coords == 2 and score.resolved == 1
    assert score.accuracy_161 == 0.5
    assert errors["unresolved: Mosul"] == 1


def test_far_placement_is_wrong_unless_the_geonames_id_agrees() -> None:
    score = _score([MOSUL, IRAQ], [(10, 15, "Mosul", 31.2, 29.9, 1),  # Alexandria, Egypt
                                   (20, 24, "Iraq", 25.0, 45.0, 99237)])
    assert score.within == 1 and score.within_strict == 0
    assert score.accuracy_161 == 0.5


def test_end_to_end_counts_every_geocoded_gold_place() -> None:
    # Mosul found and right; Iraq missed; the unplaced street is not geocoded
    score = _score([MOSUL, IRAQ, UNPLACED], [(10, 15, "Mosul", 36.3, 43.1, 99072)])
    assert score.geocoded == 2 and score.fn == 2
    assert score.accuracy_161 == 1.0
    assert score.end_to_end_161 == 0.5
    assert score.recall == 1 / 3


def test_neutral_and_false_positive_spans() -> None:
    errors: Counter = Counter()
    score = _score([TURKEY_SAID, FRENCH], [(50, 56, "Turkey", 39.0, 35.0, 298795),
                                          (60, 66, "French", 46.0, 2.0, 3017382),
                                          (70, 75, "Paris", 48.9, 2.3, 2988507)], errors)
    assert (score.tp, score.neutral, score.fp) == (0, 1, 2)
    assert score.precision == 0.0
    assert errors["fp[Demonym]: French"] == 1 and errors["fp[none]: Paris"] == 1


def test_a_second_prediction_on_one_toponym_counts_once() -> None:
    score = _score([MOSUL], [(10, 15, "Mosul", 36.3, 43.1, None),
                             (10, 13, "Mos", 0.0, 0.0, None)])
    assert (score.tp, score.fp, score.with_gold_coords, score.within) == (1, 0, 1, 1)


def test_accuracy_is_counted_by_candidate_set_size() -> None:
    score = GwnScore()
    score_article([MOSUL, IRAQ], [(10, 15, "Mosul", 36.3, 43.1, 99072),
                                  (20, 24, "Iraq", None, None, None)], score, sizes=[3, 0])
    assert score.by_candidates == {"2-4": [1, 1], "0": [1, 0]}
    assert [eval_places.candidate_bucket(n) for n in (0, 1, 4, 5, 19, 20, 500)] == \
        ["0", "1", "2-4", "5-19", "5-19", "20+", "20+"]


def test_halves_split_articles_by_position() -> None:
    if not eval_places.GWN.exists():
        pytest.skip(f"GeoWebNews is not beside the repo ({eval_places.GWN})")
    tune = eval_places.read_gwn(limit=3, half="tune")
    check = eval_places.read_gwn(limit=3, half="check")
    everything = eval_places.read_gwn(limit=6)
    assert [a.id for a in tune] == [a.id for a in everything[0::2]]
    assert [a.id for a in check] == [a.id for a in everything[1::2]]


# -- event locations ---------------------------------------------------------------------------
# "Rebels shelled Aleppo and Homs.": the gold verb "shelled" at 7-14, places at 15-21, 26-30
SHELLED = {"text": "Rebels shelled Aleppo and Homs.", "verb": {"start": 7, "end": 14},
           "locations": [{"start": 15, "end": 21, "text": "Aleppo"},
                         {"start": 26, "end": 30, "text": "Homs"}]}
# "Rebels shelled the town." with no gold place
NO_PLACE = {"text": "Rebels shelled the town.", "verb": {"start": 7, "end": 14},
            "locations": []}
ALEPPO = (15, 21, "Aleppo")
HOMS = (26, 30, "Homs")
REBELS = (0, 6, "Rebels")


def _events(*cases) -> eval_places.EventScore:
    score = eval_places.EventScore()
    for record, located, fallback in cases:
        eval_places.score_record(record, located, fallback, score)
    return score


def test_end_to_end_counts_records_without_an_event_at_the_verb_as_wrong() -> None:
    # right: an event at the verb placed at a gold place, and one with no place where gold
    # has none; wrong: no event at the verb, even though the fallback finds the gold place
    score = _events((SHELLED, [HOMS], None), (NO_PLACE, [None], None),
                    (SHELLED, [], ALEPPO))
    assert (score.total, score.with_event, score.end_to_end_right) == (3, 2, 2)
    assert score.end_to_end == 2 / 3
    assert score.end_to_end_with_event == 1.0
    # the attachment figure takes the fallback's place where no event was coded
    assert score.right == 3 and score.accuracy == 1.0


def test_end_to_end_wrong_places_and_places_where_gold_has_none() -> None:
    errors: Counter = Counter()
    score = eval_places.EventScore()
    eval_places.score_record(SHELLED, [REBELS], None, score, errors)
    eval_places.score_record(SHELLED, [None], ALEPPO, score, errors)  # no place: wrong
    eval_places.score_record(NO_PLACE, [HOMS], None, score, errors)
    assert (score.with_event, score.end_to_end_right, score.right) == (3, 0, 0)
    assert (score.gold_none, score.gold_none_right) == (1, 0)
    assert errors["Rebels -> want Aleppo|Homs"] == 1 and errors["none -> want Aleppo|Homs"] == 1
    assert errors["Homs -> want -"] == 1


def test_any_event_at_the_verb_may_be_the_located_one() -> None:
    # two events at one verb (one per target): end to end, one placed right is enough; the
    # attachment figure reads the first, as before
    score = _events((SHELLED, [REBELS, ALEPPO], None))
    assert score.end_to_end_right == 1 and score.right == 0
