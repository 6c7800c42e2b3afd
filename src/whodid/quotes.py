"""Quotes stage: direct quotations and who said them.

A quotation is text between straight or curly double quotation marks.  Its speaker is the
subject of a reporting verb next to it (``"...," Kerry said``; ``he stressed``;
``Kerry said: "..."``), coded through the actors stage, so a pronoun speaker carries the
code of the person it refers to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.lexicon import Lexicon
from whodid.model import Quote, QuoteSpeaker, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

_OPEN_CLOSE = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d", "\u00ab": "\u00bb"}
_MIN_QUOTE_CHARS = 12  # shorter quoted strings are scare quotes or titles, not speech


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        char = text[index]
        closing = _OPEN_CLOSE.get(char)
        if closing is None:
            index += 1
            continue
        end = text.find(closing, index + 1)
        paragraph_end = text.find("\n\n", index + 1)
        if end == -1:
            break
        if paragraph_end != -1 and paragraph_end < end:
            # Unclosed at the paragraph's end: a quote that runs on into the next paragraph
            # reopens there; otherwise the mark was stray.
            index = paragraph_end
            continue
        spans.append((index + 1, end))
        index = end + 1
    return [s for s in spans if s[1] - s[0] >= _MIN_QUOTE_CHARS]


class QuoteFinder:
    """Finds direct quotes and their speakers, with reporting verbs from the lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.reporting = lexicon.word_set("reporting_verbs")

    def __call__(self, document: Document) -> None:
        text = document.article.text
        quotes = []
        for start, end in _quoted_spans(text):
            content_text = text[start:end]
            stripped = content_text.rstrip(" ,")
            content = Span(text=stripped, start=start, end=start + len(stripped))
            cue, speaker = self._speaker(document, start, end)
            quotes.append(Quote(speaker=speaker, cue=cue, content=content, direct=True))
        document.quotes = quotes

    def _speaker(self, document: Document, start: int,
                 end: int) -> tuple[str | None, QuoteSpeaker | None]:
        doc = document.doc
        text = document.article.text
        after_end = _clause_end(text, end + 1)
        before_start = _clause_start(text, start - 1)
        after = [t for t in doc if end < t.idx < after_end]
        before = [t for t in doc if before_start <= t.idx < start - 1]
        # "...," he said  /  "...," said Kerry  first; then  Kerry said: "..."
        for region in (after, before):
            verb = next((t for t in region if t.pos_ in ("VERB", "AUX")
                         and t.lemma_.lower() in self.reporting), None)
            if verb is None:
                continue
            subject = _subject_in(verb, region)
            if subject is None:
                continue
            return verb.text, self._speaker_for(document, subject)
        return None, None

    def _speaker_for(self, document: Document, subject: Token) -> QuoteSpeaker:
        actor = document.actor_by_head.get(subject.i)
        if actor is not None:
            if subject.pos_ == "PRON":
                return QuoteSpeaker(text=subject.text, start=subject.idx,
                                    end=subject.idx + len(subject), code=actor.code)
            return QuoteSpeaker(text=actor.text, start=actor.start, end=actor.end,
                                code=actor.code)
        tokens = [t for t in subject.subtree if t.dep_ not in ("relcl", "acl", "punct")]
        first, last = tokens[0], tokens[-1]
        return QuoteSpeaker(text=document.article.text[first.idx:last.idx + len(last)],
                            start=first.idx, end=last.idx + len(last), code=None)


def _subject_in(verb: Token, region: list[Token]) -> Token | None:
    inside = {t.i for t in region}
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i in inside:
            return child
    # Inverted "said Kerry": the subject may be parsed as the verb's object or attribute.
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "npadvmod") and child.pos_ in ("PROPN", "PRON") \
                and child.i in inside:
            return child
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def _clause_end(text: str, position: int) -> int:
    match = _SENTENCE_END.search(text, position)
    return match.end() if match else len(text)


def _clause_start(text: str, position: int) -> int:
    cut = max(text.rfind(mark, 0, position) for mark in (". ", "\n", "! ", "? ",
                                                         "\u201d", '"'))
    return 0 if cut < 0 else cut + 1
