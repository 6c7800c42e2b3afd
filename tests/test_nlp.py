"""The sentence cap the loaded spaCy pipeline runs before its parser."""

from __future__ import annotations

from conftest import EXAMPLES
from whodid.nlp import MAX_SENTENCE_TOKENS, SENTENCE_CAP, load_nlp
from whodid.readers import read_inputs


def test_cap_runs_before_the_parser():
    names = load_nlp().pipe_names
    assert names.index(SENTENCE_CAP) == names.index("parser") - 1


def test_ordinary_text_is_parsed_as_without_the_cap():
    nlp = load_nlp()
    texts = [a.text for a in read_inputs([str(EXAMPLES)]) if hasattr(a, "text")]
    with nlp.select_pipes(disable=[SENTENCE_CAP]):
        plain = [[(t.i, t.head.i, t.dep_) for t in doc] for doc in nlp.pipe(texts)]
    capped = [[(t.i, t.head.i, t.dep_) for t in doc] for doc in nlp.pipe(texts)]
    assert capped == plain


def test_a_long_run_without_punctuation_is_cut_at_line_breaks():
    doc = load_nlp()("Iran\n" * 2000)
    sentences = list(doc.sents)
    assert len(sentences) > 1
    assert max(len(s) for s in sentences) <= MAX_SENTENCE_TOKENS
    # cut after a line break, never inside a line
    assert all(s.start == 0 or doc[s.start - 1].text == "\n" for s in sentences)


def test_a_run_without_line_breaks_is_cut_at_the_limit():
    doc = load_nlp()("word " * (3 * MAX_SENTENCE_TOKENS))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


def test_penn_treebank_quotes_are_one_token_each():
    doc = load_nlp()("The parliament approved a ``special law'' on Tuesday.")
    assert [t.text for t in doc][4:8] == ["``", "special", "law", "''"]
    assert doc[7].head.text == "law"  # a quote mark, not a word the parse must place
