"""Quotes stage: who said what, directly or reported, and which events it carries.

Direct quotes are the text between double quotation marks (straight ``"``, curly
``\u201c\u201d``, ``\u201e`` or guillemets); a quote left open at the end of a paragraph runs on
when the next paragraph opens with a quote mark (the journalistic convention), and its
content then spans both paragraphs.  Its speaker is found, in this order:

1. in its own sentence: ``"...," he said`` / ``"...," said Kerry`` / ``"...", Kerry told
   reporters`` after it, ``"..." - Name`` after a dash, ``Kerry said: "..."`` or
   ``According to Kerry, "..."`` before it;
2. a quote with no attribution of its own that opens a sentence right after an attributed
   quote (``"...," Kerry said. "..."``, or the next paragraph) continues that speaker;
3. a quote standing alone in its paragraph takes the speaker of the previous paragraph's
   last sentence when that sentence is a bare attribution (a reporting verb with a subject
   and no reported clause of its own: ``Kerry told reporters on Monday:``), else of the
   next paragraph's first sentence when that one is a bare attribution (``Kerry said this
   on Monday.``).

A split quote (``"...," he said, "..."``) and a quote that goes on after its attribution in
the same paragraph are one attribution whose content spans all its pieces (``parts``).
A quotation no reporting verb attributes takes the subject of the verb governing it.
Quoted strings of fewer than three words are kept only when they open a clause and have a
speaker (``"Never," he said``); others are scare quotes.  Unattributed quotes that follow a
naming word (``dubbed``, ``the book``) or look like a title are dropped.

Indirect speech (``X said (that) ...``, ``X told reporters ...``, ``..., X said``,
``according to X, ...``) gives quotes with ``direct=False`` whose content is the reported
clause, unless that clause overlaps a direct quote or its verb is a direct quote's cue; a
clause that holds partial quotations with words of the reporter's own (``said Iran would
"never accept" it``, ``told voters to "go and vote"``) is one mixed quote (``direct=False``)
that replaces them.  Verbs of stance (``cited ...``, ``called the charges unfounded``,
``urged X to ...``) attribute their object, as PolNeAR annotates it; so do beliefs and
intentions (``analysts believe ...``, ``wants to ...``), stances on a phrase
(``complained about ...``), nouns of speech with their possessor (``the senator's call for
...``), embedded questions, a named source's ``that`` clause, reports set off by commas
(``The plan, the senator said, will fail``: the whole sentence) and paragraphs opening with
a source's label (``GREEN: ...``); the word lists are data/quotes.yaml (:func:`quote_words`).
A quotation inside the reporter's own sentence (``is "on the up and
up"``, ``told MSNBC that "..."``) is a partial one: an attribution, not a direct quote.

Speakers resolve through the actors stage (``document.actor_by_head``), so ``he`` carries
the code and name of the person it refers to, and the span of the mention naming them,
while the speaker span and text stay the mention in the text.
Finally events are linked to quotes: an event whose trigger lies inside a quote's content,
or a verbal event (CAMEO roots 01-05, 10-13) triggered by the quote's cue verb, gets
``event.quote`` and is listed in ``quote.events``.  See docs/quotes.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from whodid.document import Document
from whodid.lexicon import Lexicon
from whodid.model import Actor, Quote, QuoteSpeaker, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_OPENING = frozenset("\u201c\u201e\u00ab")
_CLOSING = frozenset("\u201d\u00bb")
_STRAIGHT = '"'
_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_SENTENCE_END = re.compile(r"[.!?]+[\"\u201d\u2019)]*(?=\s|$)")
_PTB_OPENING = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[(\[]))''(?=[\w$])")
_DASH = re.compile(r"\s*[,.]?\s*(?:--|[-\u2013\u2014])\s*")  # used with .match(text, pos)

#: fewer words than this, and a quote needs an adjacent attribution (scare quotes, titles)
MIN_WORDS = 3
#: words that, just before an unattributed quoted string, make it a name or a title
_NAMING_WORDS = frozenset({
    "dubbed", "nicknamed", "named", "called", "titled", "entitled", "headlined", "so-called",
    "book", "novel", "film", "movie", "song", "album", "poem", "play", "show", "series",
    "documentary", "article", "editorial", "column", "op-ed", "report", "slogan", "campaign",
    "operation", "programme", "program", "banner", "term", "phrase", "word", "words", "label",
    "motto", "hashtag", "anthem", "magazine", "newspaper", "memoir", "chapter", "episode",
    "themselves", "itself", "himself", "herself",
})
#: small words that title case leaves in lower case
_TITLE_SMALL = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at",
                          "by", "with", "from"})
#: "known as", "described as": "as" names only after these
_NAMING_AS = frozenset({"known", "described", "referred", "billed", "branded", "labelled",
                        "labeled", "dubbed", "hailed", "denounced", "condemned"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
#: relative pronouns that stand for a source as a relative clause's subject
_RELATIVE_SOURCES = frozenset({"who"})
#: CAMEO roots of verbal events: statements, appeals, intents, consultations, demands,
#: disapproval, rejection, threats (and yielding / investigating stay material)
VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13"})


@dataclass
class _Candidate:
    """A quote being built: marks, content, and how its speaker was found."""

    open_mark: int  # offset of the opening mark (direct) or of the content (indirect)
    close_mark: int  # offset of the closing mark (direct) or end of the content
    content: Span
    direct: bool = True
    speaker: QuoteSpeaker | None = None
    cue: str | None = None
    cue_token: int | None = None  # token index of the cue verb, for linking speech events
    how: str | None = None  # after, dash, before, according, previous-quote, ...
    parts: list[Span] = field(default_factory=list)  # pieces of a content split by its cue


def _marked(document: Document) -> str:
    """The article's text with Penn Treebank quotes (``...'', common in wire archives) as
    curly ones, padded to the same length so that offsets hold."""
    return _curly_marks(document.article.text)


@lru_cache(maxsize=8)
def _curly_marks(text: str) -> str:
    # (made once per article: every quote and speaker of it asks again)  Some archives
    # write '' for the opening mark too: one that starts a word after a space opens.
    text = text.replace("``", " \u201c")
    text = _PTB_OPENING.sub(" \u201c", text)
    return text.replace("''", "\u201d ")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of every direct quotation in ``text``.

    Marks pair within a paragraph (a straight mark opens or closes by alternation, curly
    ones by their shape).  A quote still open at a paragraph's end continues into the next
    paragraph when that paragraph opens with a quote mark (whose mark is skipped); otherwise
    the opening mark was stray and is dropped.
    """
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for number, (p_start, p_end) in enumerate(paragraphs):
        reopening = open_at is not None  # this paragraph's first mark reopens the quote
        for match in _MARKS.finditer(text, p_start, p_end):
            position, mark = match.start(), match.group()
            if reopening:
                reopening = False
                continue
            if open_at is None:
                if mark not in _CLOSING and not (mark == _STRAIGHT
                                                 and _closes_only(text, position)):
                    open_at = position
            elif mark in _OPENING:
                open_at = position  # a second opening: the first mark was stray
            elif mark == _STRAIGHT and _opens_next_paragraph(text, position):
                # 'said: "We tried. "Obviously we failed.': paragraphs run together, each
                # opening with a mark and only the last one closing
                spans.append((open_at, len(text[:position].rstrip())))
                open_at = position
            else:
                spans.append((open_at, position))
                open_at = None
        if open_at is not None:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            if following is None or text[following[0]:following[1]].lstrip()[:1] not in (
                    _OPENING | {_STRAIGHT}):
                open_at = None
    return spans


def _closes_only(text: str, position: int) -> bool:
    """Whether a straight mark can only close a quotation: glued to the word before it and
    followed by a space or the paragraph's end ('a review of [his] systems" including': the
    quotation's opening mark is missing, and the mark must not open one that swallows the
    rest of the paragraph)."""
    before = text[position - 1:position]
    after = text[position + 1:position + 2]
    return bool(before) and (before.isalnum() or before in ".,!?;") and (
        not after or after.isspace())


def _opens_next_paragraph(text: str, position: int) -> bool:
    """A straight mark that opens (a word right after it, a space before it) after the end
    of a quoted sentence."""
    after = text[position + 1:position + 2]
    before = text[:position]
    return bool(after) and after.isalnum() and before[-1:].isspace() \
        and before.rstrip()[-1:] in (".", "!", "?")


def _trimmed(text: str, start: int, end: int) -> Span:
    """The content between ``start`` and ``end`` without edge spaces or a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Span(text=text[start:end], start=start, end=end)


def _from(text: str, span: Span) -> Span:
    """``span`` with its text read from ``text``."""
    return Span(text=text[span.start:span.end], start=span.start, end=span.end)


def word_count(text: str) -> int:
    """Words in ``text`` (contractions count once)."""
    return len(_WORD.findall(text))


class _Tokens:
    """Token lookup by character offsets over one parsed doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def between(self, start: int, end: int) -> list[Token]:
        """Tokens starting at or after ``start`` and before ``end``."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return [self.doc[i] for i in range(first, last)]


class QuoteFinder:
    """The quotes stage, with the reporting verbs of the lexicon (``reporting_verbs``)."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = quote_words(lexicon)
        reporting = lexicon.word_set("reporting_verbs")
        self.cues = reporting | words["direct_cues"]
        self.not_reporting = words["not_indirect"]
        self.indirect_cues = (reporting | words["indirect_cues"]) - self.not_reporting
        self.abbreviations = words["abbreviations"]
        self.object_cues = words["object_cues"]
        self.object_prepositions = words["object_prepositions"]
        self.attitude_verbs = words["attitude_verbs"]
        self.stance_prepositions = words["stance_prepositions"]
        self.stance_preposition_verbs = words["stance_preposition_verbs"]
        self.question_verbs = words["question_verbs"]
        self.report_objects = words["report_object_verbs"]
        #: every verb that reports or takes a stance
        self.reports = self.cues | self.indirect_cues | self.object_cues \
            | self.attitude_verbs | self.question_verbs | self.report_objects
        self.nominal_cues = words["nominal_cues"]
        self.nominal_prepositions = words["nominal_prepositions"]
        self.source_nouns = words["source_nouns"]

    def __call__(self, document: Document) -> None:
        """Find the article's quotes, attribute them, and link them with its events."""
        text = _marked(document)
        tokens = _Tokens(document.doc)
        direct = [_Candidate(o, c, _trimmed(text, o + 1, c)) for o, c in quoted_spans(text)]
        direct = [c for c in direct if c.content.text]
        for candidate in direct:
            self._own_attribution(document, tokens, candidate)
        for number, candidate in enumerate(direct):
            if candidate.speaker is None:
                self._context_attribution(document, tokens, direct, number)
        direct = [c for c in direct if _keep(text, c)]
        embedded = self._embedded(document, tokens, direct)
        direct = [c for c in direct if c.how != "mixed"]
        indirect = [*embedded, *self._indirect(document, tokens, direct,
                                               {c.cue_token for c in embedded})]
        mixed = [c for c in indirect if c.how == "mixed"]
        direct = [c for c in direct if not any(
            m.content.start <= c.content.start and c.content.end <= m.content.end
            for m in mixed)]
        # a quotation inside the reporter's own sentence is a partial one: PolNeAR's
        # direct quotes open a clause ('the choice was "unacceptable and unfit"', 'told
        # MSNBC that "..."' are the reporter's words around a quotation)
        partial = [c for c in direct if _partial(text, tokens, c)]
        for candidate in partial:
            candidate.direct = False
        # a title inside the reporter's sentence is no one's words ('said on "Fox News
        # Sunday"', 'in his 1994 "Contract with America."'), whatever its final period
        partial = [c for c in partial if not _title_case(c.content.text.rstrip("."))]
        direct = _joined(text, [c for c in direct if c.direct])
        indirect.extend(partial)
        # a quoted transcript ('"GREEN: We will ...') is its labels' attributions
        direct = [c for c in direct if _label_at(text, c.content.start) is None]
        labelled, indirect = _labelled(document, tokens, direct, indirect)
        indirect.extend(labelled)
        found = sorted([*direct, *indirect], key=lambda c: (c.content.start, not c.direct))
        # (spans were cut from the text with curly marks for Penn Treebank ones: the
        # quotes' texts are the article's own words at those offsets)
        original = document.article.text
        document.quotes = [Quote(speaker=c.speaker, cue=c.cue,
                                 content=_from(original, c.content), direct=c.direct,
                                 parts=[_from(original, p) for p in c.parts])
                           for c in found]
        link_events(document, [c.cue_token for c in found])

    # -- direct quotes: attribution in the quote's own sentence ---------------------------
    def _own_attribution(self, document: Document, tokens: _Tokens,
                         candidate: _Candidate) -> None:
        text = _marked(document)
        after_start = candidate.close_mark + 1
        after_end = _after_end(text, after_start, self.abbreviations)
        after = tokens.between(after_start, after_end)
        dash = _DASH.match(text, after_start, after_end)
        if dash is not None and after:
            mention = _named_in(document, [t for t in after if t.idx >= dash.end()])
            if mention is not None:
                candidate.speaker, candidate.how = mention, "dash"
                return
        # (a quotation closed by a comma runs on into its attribution, whatever clause
        # the cue also seems to take: '"...," Warren told him, after he admitted ...')
        # (the last mark inside the quotation, past a nested quotation's closing one:
        # '"... what she called 'the deal of the year,'" the minister said')
        last = text[:candidate.close_mark].rstrip("'\u2019 ")[-1:]
        comma = last == "," or text[after_start:after_start + 1] == ","
        # (a quotation closed by a comma, question or exclamation mark and followed by a
        # subject and a verb is that speaker's, whatever the verb: '"...," she sings',
        # '"...?" the senator demanded', '"...," the article read')
        announced = comma or last in ("?", "!")
        found = self._cue_in(document, after, before=False, comma=comma, announced=announced)
        if found is not None:
            verb, speaker = found
            candidate.speaker, candidate.cue, candidate.cue_token = speaker, verb.text, verb.i
            candidate.how = "after"
            return
        according = _according(after[:3])
        if according is not None:  # "...," according to a local official.
            word, source = according
            candidate.speaker = _speaker_for(document, source)
            candidate.cue, candidate.cue_token = "according to", word.i
            candidate.how = "according"
            return
        before = tokens.between(_before_start(text, candidate.open_mark, self.abbreviations),
                                candidate.open_mark)
        found = self._cue_in(document, before, before=True)
        if found is not None:
            verb, speaker = found
            candidate.speaker, candidate.cue, candidate.cue_token = speaker, verb.text, verb.i
            candidate.how = "before"
            return
        according = _according(before)
        if according is not None:
            word, source = according
            candidate.speaker = _speaker_for(document, source)
            candidate.cue, candidate.cue_token = "according to", word.i
            candidate.how = "according"
            return
        governor = _governing_verb(tokens, candidate)
        if governor is not None:  # 'Cruz exhorted the delegates to "vote your conscience"'
            verb, subject = governor
            candidate.speaker = _speaker_for(document, subject)
            candidate.cue, candidate.cue_token = verb.text, verb.i
            candidate.how = "governor"

    def _cue_in(self, document: Document, region: list[Token], before: bool,
                comma: bool = False, announced: bool = False
                ) -> tuple[Token, QuoteSpeaker] | None:
        """A reporting verb in ``region`` with its subject there too, nearest the quote.
        After a quote, the verb must not report a clause of its own, unless the quote
        ends with a comma (``comma``), which announces its attribution; when its last mark
        announces one (``announced``: a comma, question or exclamation mark), the first
        verb after it is a cue whatever it is."""
        inside = {t.i for t in region}
        verbs = [t for t in region if t.pos_ in ("VERB", "AUX")
                 and t.lemma_.lower() in self.cues]
        if announced and not before:
            opening = next((t for t in region if t.pos_ == "VERB"), None)
            if opening is not None and opening not in verbs:
                verbs.append(opening)  # (after the cues: "..., one of the states suing, said")
        first = next((t for t in region if not (t.is_punct or t.is_space)), None)
        for verb in reversed(verbs) if before else verbs:
            if not before and not comma and any(c.dep_ == "ccomp" and c.i in inside
                                                for c in verb.children):
                continue  # "...". Iran said the talks failed: it reports its own clause
            subject = _subject_in(document, verb, inside)
            if subject is None:
                named = None if before else self._unparsed_subject(document, region, verb)
                if named is not None:
                    return verb, named
                continue
            if not before and not _attribution_first(region, first, verb, subject):
                continue  # the attribution follows the quote at once: "...," he said
            return verb, _speaker_for(document, subject)
        return None

    @staticmethod
    def _unparsed_subject(document: Document, region: list[Token],
                          verb: Token) -> QuoteSpeaker | None:
        """The name right after a quote when the parse gave the cue verb after it no subject
        at all, having hung the name inside the quote ('"...," Kerry, the envoy, said'
        parsed as an apposition of the quote's last word)."""
        inside = {t.i for t in region}
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i in inside
               for c in verb.children):
            return None
        words = [t for t in region if t.i < verb.i and not (t.is_punct or t.is_space)]
        if not words or any(t.pos_ in ("VERB", "AUX") for t in words) \
                or words[0].pos_ not in ("PROPN", "PRON") \
                and words[0].i not in document.actor_by_head:
            return None
        if words[0].pos_ == "PRON":
            return _speaker_for(document, words[0]) if words[0].lower_ not in _RELATIVE \
                else None
        return _named_in(document, words)

    # -- direct quotes: attribution from the context --------------------------------------
    def _context_attribution(self, document: Document, tokens: _Tokens,
                             direct: list[_Candidate], number: int) -> None:
        text = _marked(document)
        candidate = direct[number]
        if not _opens_sentence(text, candidate.open_mark):
            return
        previous = direct[number - 1] if number else None
        if previous is not None and previous.speaker is not None:
            between = text[previous.close_mark + 1:candidate.open_mark]
            breaks = between.count("\n")
            ends = _sentence_ends(text, previous.close_mark + 1, candidate.open_mark,
                                  self.abbreviations)
            if len(ends) <= 1 and len(between) <= 200 and (
                    breaks == 0 or (_standalone(text, candidate)
                                    and len(re.findall(r"\n\s*", between)) <= 1)):
                candidate.speaker = previous.speaker
                candidate.how = "previous-quote"
                return
        paragraph_start = text.rfind("\n", 0, candidate.open_mark) + 1
        if not _standalone(text, candidate):
            # a quotation opening a sentence after a report in its paragraph is that
            # source's ('Her partner called her a master of the deal. "She showed ..."')
            previous_end = len(text[:candidate.open_mark].rstrip())
            if previous_end > paragraph_start:
                start = max(paragraph_start, _before_start(text, previous_end - 1,
                                                          self.abbreviations))
                found = self._reporting_sentence(document, tokens, start, previous_end)
                if found is not None:
                    candidate.speaker, candidate.how = found, "previous-sentence"
            return
        paragraph_end = text.find("\n", candidate.close_mark)
        previous_end = len(text[:paragraph_start].rstrip())
        if previous_end > 0:
            start = _before_start(text, previous_end - 1, self.abbreviations)
            found = self._bare_attribution(document, tokens, start, previous_end)
            if found is not None:
                candidate.speaker, candidate.how = found, "previous-sentence"
                return
        if paragraph_end != -1:
            start = paragraph_end + len(text[paragraph_end:]) - len(
                text[paragraph_end:].lstrip())
            end = _after_end(text, start, self.abbreviations)
            if start < len(text):
                found = self._bare_attribution(document, tokens, start, end)
                if found is not None:
                    candidate.speaker, candidate.how = found, "next-sentence"

    def _reporting_sentence(self, document: Document, tokens: _Tokens, start: int,
                            end: int) -> QuoteSpeaker | None:
        """The subject of the main verb of the sentence at ``start:end`` when that verb
        reports or takes a stance, and the sentence holds no quotation of its own."""
        if _MARKS.search(_marked(document), start, end):
            return None
        region = [t for t in tokens.between(start, end) if not t.is_space]
        inside = {t.i for t in region}
        for verb in region:
            if verb.pos_ != "VERB" or verb.head.i in inside and verb.head.i != verb.i:
                continue
            if verb.lemma_.lower() not in self.reports:
                return None
            subject = _subject_in(document, verb, inside)
            return _speaker_for(document, subject) if subject is not None else None
        return None

    def _bare_attribution(self, document: Document, tokens: _Tokens, start: int,
                          end: int) -> QuoteSpeaker | None:
        """The speaker of the sentence at ``start:end`` when it is only an attribution: a
        reporting verb with a subject and no reported clause (``Kerry said this on
        Monday.``), or any verb with a subject when the sentence ends in a colon (``Kerry
        spoke to reporters:``).  A sentence with quotation marks of its own never is."""
        sentence = _marked(document)[start:end]
        if _MARKS.search(sentence):
            return None
        region = [t for t in tokens.between(start, end) if not t.is_space]
        inside = {t.i for t in region}
        colon = sentence.rstrip().endswith(":")
        for verb in region:
            if verb.pos_ not in ("VERB", "AUX") or verb.head.i in inside and verb.head.i != verb.i:
                continue  # only the sentence's main verb
            if not colon and (verb.lemma_.lower() not in self.cues or any(
                    c.dep_ in ("ccomp", "xcomp") for c in verb.children)):
                continue
            subject = _subject_in(document, verb, inside)
            if subject is not None:
                return _speaker_for(document, subject)
        return None

    # -- mixed quotes from direct candidates ------------------------------------------------
    def _embedded(self, document: Document, tokens: _Tokens,
                  direct: list[_Candidate]) -> list[_Candidate]:
        """Mixed quotes made of direct candidates whose cue comes before them and whose
        quotation starts inside the constituent a reporting verb reports: the words of that
        constituent before the opening mark are the reporter's own ('tells his supporters
        to "go and vote"', 'vowed to harshly punish "those who break the rules"').  Such a
        candidate becomes ``how="mixed"`` and the returned quote (content: the constituent,
        through the closing mark, within the paragraph) stands for it; quotations one verb
        reports this way join into one quote."""
        text = _marked(document)
        doc = document.doc
        verbs = (self.cues | self.indirect_cues) - self.not_reporting
        by_cue: dict[int, _Candidate] = {}
        for candidate in direct:
            if candidate.how != "before" or candidate.cue_token is None \
                    or _title_case(candidate.content.text):
                continue
            first = next((t for t in tokens.between(candidate.open_mark + 1,
                                                    candidate.close_mark)
                          if not (t.is_punct or t.is_space)), None)
            node = first
            # up to the nearest reporting verb: the quote's cue, or one in between
            # ('he said, adding that "..."': adding reports it)
            # (a verb between the cue and the quote, not one before the cue)
            cue_at = doc[candidate.cue_token].idx
            while node is not None and node.head.i != node.i and node.head.i != \
                    candidate.cue_token and not (node.head.lemma_.lower() in verbs
                                                 and cue_at < node.head.idx
                                                 < candidate.open_mark):
                node = node.head
            if node is None or node.head.i == node.i:
                continue
            cue = node.head
            speaker = candidate.speaker
            if cue.i != candidate.cue_token:
                reporter = _reporter(cue)
                speaker = _speaker_for(document, reporter) if reporter is not None \
                    else speaker
            own = _clean([t for t in doc[node.left_edge.i:node.right_edge.i + 1]
                          if cue.idx < t.idx < candidate.open_mark])
            right = doc[node.right_edge.i]
            paragraph_end = text.find("\n", candidate.close_mark)
            paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
            if not own and word_count(text[candidate.close_mark + 1:min(
                    right.idx + len(right), paragraph_end)]) and any(
                    t.dep_ == "mark" and t.lower_ == "that" for t in doc[node.left_edge.i:
                                                                         node.i]
                    if cue.idx < t.idx < candidate.open_mark):
                # 'told MSNBC that "exactly who did it" remains unknown': the clause goes
                # on after the quotation in the reporter's words, a mixed quote
                own = [t for t in tokens.between(candidate.open_mark, candidate.close_mark)
                       if not t.is_space][:1]
            elif not own or word_count(text[own[0].idx:candidate.open_mark]) == 0:
                # the constituent opens with the quotation: a direct quote, of the verb
                # that reports it ('he said, adding that "..."' is not a split quote)
                candidate.speaker, candidate.cue, candidate.cue_token = \
                    speaker, cue.text, cue.i
                continue
            start = own[0].idx
            end = max(candidate.close_mark + 1,
                      min(right.idx + len(right), paragraph_end))
            for other in direct:  # a quotation the constituent opens goes with it
                if start <= other.open_mark < end:
                    end = max(end, other.close_mark + 1)
            candidate.how = "mixed"
            known = by_cue.get(cue.i)
            if known is not None:
                start, end = min(start, known.content.start), max(end, known.content.end)
            by_cue[cue.i] = _Candidate(start, end, Span(text=text[start:end], start=start,
                                                        end=end), direct=False,
                                       speaker=speaker, cue=cue.text, cue_token=cue.i,
                                       how="mixed")
        return list(by_cue.values())

    # -- indirect speech --------------------------------------------------------------------
    def _indirect(self, document: Document, tokens: _Tokens, direct: list[_Candidate],
                  taken: set[int | None]) -> list[_Candidate]:
        """Indirect and mixed quotes of cues other than ``taken`` (token indices)."""
        text = _marked(document)
        doc = document.doc
        inside_direct = [(c.open_mark, c.close_mark) for c in direct]
        cue_tokens = {c.cue_token for c in direct if c.cue_token is not None}
        dateline_end = document.article.dateline.end if document.article.dateline else 0
        found: list[_Candidate] = []
        for token in doc:
            if token.idx < dateline_end or _within(token.idx, inside_direct) \
                    or token.i in taken:
                continue
            around = self._parenthetical(document, text, token)
            if around is not None:
                found.append(around)
                continue
            clause = self._reported(token)
            if clause is None:
                continue
            reporter, span_tokens, cue = clause
            reporter = self._main_reporter(token) or reporter
            # (a clause the parse ran over a paragraph break ends with its paragraph:
            # the next one's quotation is no part of it)
            cut = next((n for n, t in enumerate(span_tokens) if _breaks_paragraph(t)), None)
            if cut is not None:
                span_tokens = _clean(span_tokens[:cut + 1])
            if reporter is None or not span_tokens:
                continue
            start = span_tokens[0].idx
            end = span_tokens[-1].idx + len(span_tokens[-1])
            # a quotation right after the clause belongs to it whatever the parse made of
            # it ('said the press is to blame for focusing on "who said what."')
            end = next((c + 1 for o, c in inside_direct
                        if o >= end and not text[end:o].strip() and "\n" not in text[end:o]),
                       end)
            how = "indirect"
            overlapping = [(o, c) for o, c in inside_direct if start < c and o < end]
            if overlapping:
                # a mixed quote: partial quotations inside a reported clause that has
                # words of the reporter's own ('Kerry said Iran would "never accept
                # interference" in Iraq', 'Trump says fraud "would be a way to lose."')
                # make one attribution of the whole clause, as PolNeAR annotates it
                if not all(start <= o + 1 and c - 1 <= end for o, c in overlapping) \
                        or start <= token.idx < end \
                        or not _unquoted_words(text, start, overlapping):
                    # (a clause around its own cue is a split quote: '"My hope," he
                    # said, "is that ..."', whose subject is in the first piece)
                    continue  # all quoted ('Kerry said: "We will win."'): a direct quote
                how = "mixed"
                # (the clause's edge punctuation went with _clean; a quotation closing
                # it keeps its words and closing mark: 'lose the election."')
                end = max(end, *(c + 1 for o, c in overlapping))
            elif token.i in cue_tokens:
                continue
            end = _closing_kept(text, start, end)
            if word_count(text[start:end]) < 2:
                continue
            found.append(_Candidate(start, end, Span(text=text[start:end], start=start,
                                                     end=end), direct=False,
                                    speaker=_speaker_for(document, reporter),
                                    cue=cue, cue_token=token.i,
                                    how="nominal" if token.pos_ == "NOUN" else how))
        # a noun inside what a verb reports is part of that content, not a report of its
        # own ('highlighted his message that ...')
        found = [c for c in found if c.how != "nominal" or not any(
            o.how != "nominal" and o.content.start <= doc[c.cue_token].idx < o.content.end
            for o in found)]
        return _outermost_per_cue(found)

    def _main_reporter(self, verb: Token) -> Token | None:
        """The subject of the report whose clause a participle after a comma ends ('The
        senator said he had doubts, arguing that ...': the senator argues, whatever the
        parse hung the participle on), or None."""
        doc = verb.doc
        if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.left_edge.i == 0 \
                or doc[verb.left_edge.i - 1].text != ",":
            return None
        head = verb.head
        if head.dep_ != "ccomp" or head.head.lemma_.lower() not in self.cues:
            return None
        return _reporter(head.head)

    def _parenthetical(self, document: Document, text: str,
                       verb: Token) -> _Candidate | None:
        """The attribution of a sentence that a report set off by commas interrupts
        (``The plan, the senator said on Monday, will fail.``, ``..., said the senator,
        ...``): its content is the whole sentence, attribution included (a span is
        contiguous), as PolNeAR annotates it; quotations inside make it a mixed quote.
        None when ``verb`` is no such report: the report must have words of the sentence
        before and after it, and nothing but its own short phrase (``told me on Friday``,
        ``wrote in an email``) between its subject and the closing comma."""
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.indirect_cues | self.cues:
            return None
        doc = verb.doc
        subject = next((c for c in verb.children if c.dep_ == "nsubj"
                        and c.lower_ not in _RELATIVE), None)
        if subject is None or subject.pos_ not in ("PROPN", "PRON", "NOUN"):
            return None
        first, last = min(subject.left_edge.i, verb.i), max(subject.right_edge.i, verb.i)
        if first == 0 or doc[first - 1].text != ",":
            return None
        close = last + 1
        while close < len(doc) and doc[close].text != ",":
            word = doc[close]
            if word.pos_ in ("VERB", "AUX") or word.is_punct or word.is_space \
                    or "\n" in word.whitespace_ or close - last > 8 \
                    or word.dep_ == "dobj" and word.head.i == verb.i and word.pos_ != "PRON":
                return None  # ('..., Trump accused Cruz, who ...' is the main clause)
            close += 1
        if close >= len(doc) or any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
                                    and c.i < close for c in verb.children):
            return None
        opening = doc[first - 1].idx
        paragraph = text.rfind("\n", 0, opening) + 1
        ends = _sentence_ends(text, paragraph, opening, self.abbreviations)
        start = ends[-1].end() if ends else paragraph
        newline = text.find("\n", doc[close].idx)
        newline = len(text) if newline == -1 else newline
        after = _sentence_ends(text, doc[close].idx, newline, self.abbreviations)
        end = after[0].end() if after else newline
        sentence = _trimmed(text, start, end)
        rest = doc[close].idx + 1
        rest += len(text[rest:]) - len(text[rest:].lstrip())
        if _MARKS.match(text, sentence.start) or _MARKS.match(text, rest) \
                or word_count(text[sentence.start:opening]) < 2 \
                or word_count(text[doc[close].idx:sentence.end]) < 2:
            # ('"My hope," he said, "is ..."' is a split quote, 'Asked about it, he said,
            # "Not now."' a direct one)
            return None
        content = text[sentence.start:sentence.end].rstrip(".")
        quoted = bool(_MARKS.search(content))
        return _Candidate(sentence.start, sentence.start + len(content),
                          Span(text=content, start=sentence.start,
                               end=sentence.start + len(content)),
                          direct=False, speaker=_speaker_for(document, subject),
                          cue=verb.text, cue_token=verb.i,
                          how="mixed" if quoted else "indirect")

    def _reported(self, token: Token) -> tuple[Token | None, list[Token], str] | None:
        """(reporter, reported clause tokens, cue) when ``token`` introduces indirect
        speech: a reporting verb with a clausal complement, or ``according to X``."""
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and lemma in self.nominal_cues:
            return self._nominal(token)
        if token.lower_ == "in" and token.dep_ == "prep":
            return self._in_document(token)
        if lemma == "accord" and token.lower_ == "according":
            source = _according_source(token)
            if source is None:
                return None
            governor = token.head
            skip = {t.i for t in token.subtree}
            clause = [t for t in governor.sent if t.i not in skip]
            return source, _clean(clause), "according to"
        if token.pos_ == "VERB" and lemma in self.question_verbs:
            # 'questioned whether the senator was ready', 'asked how the plan would work':
            # a question is attributed like a statement, as PolNeAR annotates it
            question = next((c for c in token.children if c.dep_ == "ccomp" and any(
                t.lower_ in _QUESTION_WORDS for t in c.doc[c.left_edge.i:c.i])), None)
            # ('Asked whether he would resign, the minister ...': the one asked is no source)
            if question is not None and token.tag_ != "VBN":
                return _reporter(token), _clean(list(token.doc[question.left_edge.i:
                                                               question.right_edge.i + 1])), \
                    token.text
        if token.pos_ == "VERB" and lemma in self.object_cues and token.dep_ != "xcomp" \
                and not any(c.dep_ == "ccomp" for c in token.children):
            # (not an infinitive's verb: "the press is to blame for ...")
            phrase = _object_content(token, self.object_prepositions)
            return (_reporter(token), phrase, token.text) if phrase else None
        if token.pos_ == "VERB" and lemma not in self.indirect_cues:
            return self._beyond_speech(token)
        if token.pos_ not in ("VERB", "AUX") or lemma not in self.indirect_cues:
            return None
        complement = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if complement is None and not any(c.dep_ in ("dobj", "xcomp") for c in token.children):
            # a clause the parse took for an adverbial one: a finite verb of its own, with
            # its subject and no conjunction ('Okafor said after the vote she would not back
            # the budget')
            complement = next((c for c in token.rights if c.dep_ == "advcl" and any(
                a.dep_ == "nsubj" for a in c.children) and not any(
                a.dep_ == "mark" for a in c.children) and c.tag_ != "VBG"), None)
        if complement is not None:
            clause = list(complement.doc[complement.left_edge.i:complement.right_edge.i + 1])
            # the clause stops where a report of its own begins, which the parse often
            # hangs inside it ('said he would order a review, arguing that ...')
            other = next((t for t in clause[1:] if t.dep_ in ("advcl", "conj")
                          and t.pos_ == "VERB" and t.lemma_.lower() in self.cues
                          and t.i != complement.i), None)
            if other is not None:
                clause = [t for t in clause if t.i < other.left_edge.i]
        elif token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
            skip = {t.i for t in token.subtree}
            head = token.head
            clause = [t for t in head.doc[head.left_edge.i:head.right_edge.i + 1]
                      if t.i not in skip]
        elif any(c.dep_ == "dobj" and c.lower_ not in _NO_SOURCE for c in token.children) \
                and lemma in self.report_objects:
            # 'stressed the importance of the alliance', 'denied any involvement': what a
            # report names rather than states is its content, as a stance's object is
            clause = _object_content(token, self.object_prepositions)
        else:
            return None
        return _reporter(token), _clean(clause), token.text


    def _in_document(self, preposition: Token) -> tuple[Token | None, list[Token], str] | None:
        """(source, content tokens, cue) for a clause introduced by the poll, study or
        statement it comes from (``In the latest poll, the senator leads by five points``):
        the rest of the clause is attributed to that source, as ``according to`` attributes
        it.  Only a phrase before its verb (``said in a statement`` is the verb's own
        circumstance) and not a verb of saying's (that report is attributed already)."""
        source = next((c for c in preposition.children if c.dep_ == "pobj"), None)
        verb = preposition.head
        if source is None or source.lemma_.lower() not in self.source_nouns \
                or verb.pos_ not in ("VERB", "AUX") or preposition.i > verb.i \
                or verb.lemma_.lower() in self.cues:
            return None
        skip = {t.i for t in preposition.subtree}
        clause = [t for t in verb.doc[verb.left_edge.i:verb.right_edge.i + 1]
                  if t.i not in skip]
        if any(t.is_quote for t in clause):
            return None  # ('In an interview, she was blunt: "..."': the quote's own source)
        return source, _clean(clause), preposition.text

    def _nominal(self, noun: Token) -> tuple[Token | None, list[Token], str] | None:
        """(source, content tokens, cue) for a noun of speech or stance with its source as
        possessor (``the senator's call for an inquiry``, ``his plan to cut taxes``, ``the
        governor's claim that ...``, ``criticism of the plan by the unions``): the content is
        its infinitive, its ``that`` clause or the phrase on a preposition of
        ``nominal_prepositions``, as PolNeAR annotates attributions that nouns carry."""
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            by = next((c for c in noun.rights if c.dep_ in ("prep", "agent")
                       and c.lower_ in ("by", "from")), None)
            source = next((c for c in by.children if c.dep_ == "pobj"), None) \
                if by is not None else None
        if source is None or source.lower_ in _NO_SOURCE:
            return None
        doc = noun.doc
        for child in noun.rights:
            if child.dep_ in ("acl", "ccomp") and (
                    any(a.dep_ == "aux" and a.lower_ == "to" for a in child.lefts)
                    or any(m.dep_ == "mark" and m.lower_ == "that" for m in child.lefts)):
                return source, _clean(list(doc[child.left_edge.i:child.right_edge.i + 1])), \
                    noun.text
            if child.dep_ == "prep" and child.lower_ in self.nominal_prepositions:
                phrase = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if phrase is not None:
                    return source, _clean(list(doc[phrase.left_edge.i:
                                                   phrase.right_edge.i + 1])), noun.text
        return None

    def _beyond_speech(self, verb: Token) -> tuple[Token | None, list[Token], str] | None:
        """(source, content tokens, cue) for what a source believes, wants or decides (an
        attitude verb's clause or infinitive: ``analysts believe the truce will fail``,
        ``the union wants to reopen the talks``) or what its stance is about (a phrase on a
        stance preposition: ``complained about the microphone``)."""
        source = _reporter(verb)
        if source is None or source.lower_ in _NO_SOURCE:
            return None
        if verb.lemma_.lower() in self.attitude_verbs:
            complement = next((c for c in verb.children if c.dep_ == "ccomp" or c.dep_ ==
                               "xcomp" and any(a.lower_ == "to" for a in c.lefts)), None)
            if complement is not None:
                doc = verb.doc
                # (what a source wants or believes ends where the reporter's aside
                # begins: 'wants to hire more teachers, focusing on rural schools')
                return source, _clean(_aside_cut(_clean(list(
                    doc[complement.left_edge.i:complement.right_edge.i + 1])))), verb.text
        that = next((c for c in verb.rights if c.dep_ == "ccomp" and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.lefts)), None)
        if that is not None and (source.pos_ in ("PROPN", "PRON")
                                 or source.ent_type_ in ("PERSON", "ORG", "NORP")):
            # a named source's 'that' clause is what it knows, learns, fears or holds,
            # whatever the verb ('the senator understood that the push would fail')
            doc = verb.doc
            return source, _clean(list(doc[that.left_edge.i:that.right_edge.i + 1])), \
                verb.text
        if verb.lemma_.lower() not in self.stance_preposition_verbs:
            return None
        for preposition in verb.rights:
            if preposition.dep_ == "prep" and preposition.lower_ in self.stance_prepositions:
                phrase = next((c for c in preposition.children
                               if c.dep_ in ("pobj", "pcomp")), None)
                if phrase is not None:
                    doc = verb.doc
                    return source, _clean(list(doc[phrase.left_edge.i:
                                                   phrase.right_edge.i + 1])), verb.text
        return None


#: the word lists of ``data/quotes.yaml``, each required
WORD_LISTS = ("direct_cues", "indirect_cues", "not_indirect", "object_cues",
              "object_prepositions", "abbreviations", "attitude_verbs", "stance_prepositions",
              "stance_preposition_verbs", "question_verbs", "report_object_verbs",
              "nominal_cues", "nominal_prepositions", "source_nouns")


def quote_words(lexicon: Lexicon | None = None) -> dict[str, frozenset[str]]:
    """The quotes stage's word lists (:data:`WORD_LISTS`, lower-cased) from
    ``data/quotes.yaml``; a list that ``lexicon`` carries under ``quote_<name>`` (a user's
    ``--lexicon`` file) replaces the built-in one.  A missing or malformed file or list is a
    ``ValueError`` naming the file and the list."""
    words = dict(_builtin_quote_words())
    if lexicon is not None:
        for name in WORD_LISTS:
            if lexicon.grammar.get("quote_" + name) is not None:
                words[name] = lexicon.word_set("quote_" + name)
    return words


@lru_cache(maxsize=1)
def _builtin_quote_words() -> dict[str, frozenset[str]]:
    import yaml

    from whodid.lexicon import LexiconError, _load_yaml
    from whodid.resources import data_path

    path = data_path("quotes.yaml")
    try:  # (the lexicon's strict loader: a list given twice is an error, not the last one)
        data = _load_yaml(path) or {}
    except (OSError, yaml.YAMLError, LexiconError) as error:
        raise ValueError(f"{path}: cannot read the quotes data ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of word lists")
    words = {}
    for name in WORD_LISTS:
        value = data.get(name)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            # (a bare on, off, yes or no is a YAML boolean: it must be quoted)
            raise ValueError(f"{path}: {name!r} must be a list of words (quote on, off, "
                             f"yes, no), got {value!r}")
        words[name] = frozenset(w.lower() for w in value)
    return words


#: words that open an embedded question ('asked how ...', 'questioned whether ...')
_QUESTION_WORDS = frozenset({"whether", "if", "how", "why", "what", "who", "whom", "whose",
                             "which", "when", "where"})

#: subjects that are no source ('it seems', 'there was', 'which wants ...')
_NO_SOURCE = frozenset({"it", "there", "this", "that", "which", "what", "these", "those"})


def _object_content(verb: Token, prepositions: frozenset[str]) -> list[Token]:
    """What a verb of stance reports through its object: its complements after it (the
    object, an object predicate or infinitive, a preposition from ``prepositions``: "cited
    the figures", "called the charges unfounded", "urged voters to stay home", "called for
    talks"), up to the end of its phrase, without a conjoined clause of its own."""
    doc = verb.doc
    parts = [c for c in verb.rights if c.dep_ in ("dobj", "oprd", "xcomp", "dative")
             or c.dep_ == "prep" and c.lower_ in prepositions]
    if not parts or all(c.dep_ == "dative" for c in parts):
        return []
    if parts[0].dep_ == "dobj" and parts[0].lower_.endswith(("self", "selves")):
        return []  # 'rebels who call themselves "..."': a name, not a stance
    first = parts[0]
    if first.dep_ == "prep" and first is parts[-1]:
        first = next((c for c in first.children if c.dep_ in ("pobj", "pcomp")), None)
        if first is None:
            return []
    return _clean(_aside_cut(list(doc[first.left_edge.i:_phrase_end(verb, parts) + 1])))


def _aside_cut(content: list[Token]) -> list[Token]:
    """``content`` up to an aside the reporter adds after a comma at its end: a
    non-restrictive relative clause ('admitted the cost of the new bridge, which puts
    her at odds with her party'; of place or time: '..., where the race is close'), a
    participle ('..., focusing on young voters') or an apposition ('endorsed the
    senator, a former judge')."""
    last = content[-1].i if content else 0
    for number, token in enumerate(content[1:-1], start=1):
        if token.text != ",":
            continue
        after = content[number + 1]
        aside = after.head if after.lower_ in _RELATIVE else after
        # (only an aside that runs to the end: 'accused Cruz, who was born in Cuba, of
        # ...' goes on with the stance's own words)
        if (after.lower_ in ("which", "who") and aside.dep_ == "relcl"
                or after.tag_ == "VBG" and after.dep_ in ("advcl", "acl")) \
                and aside.right_edge.i >= last:
            return content[:number]
        # an apposition ('endorsed the senator, a former judge') or a relative clause of
        # place or time ('a tie in the state, where the race is close') that runs to the
        # end is the reporter's gloss too
        appos = next((t for t in content[number + 1:] if t.dep_ == "appos"
                      and t.left_edge.i == after.i), None)
        if appos is not None and appos.right_edge.i >= last:
            return content[:number]
        if after.lower_ in ("where", "when", "whose") \
                and after.head.dep_ in ("relcl", "advcl") and after.head.right_edge.i >= last:
            return content[:number]
    return content


def _phrase_end(verb: Token, parts: list[Token]) -> int:
    """Index of the last token of what ``verb`` reports through ``parts`` (its complements),
    with the phrases on a preposition that the parse hangs on the verb right after them
    though they belong to the object ('cited his endorsements from 88 generals'); not one
    after a comma, nor a time ('endorsed her for president on Thursday')."""
    end = max(c.right_edge.i for c in parts)
    for child in verb.rights:
        if child.i <= end:
            continue
        if child.dep_ != "prep" or child.left_edge.i != end + 1 or any(
                t.ent_type_ in ("DATE", "TIME") or t.is_punct or t.is_space
                for t in child.subtree):
            break
        end = child.right_edge.i
    return end


#: a paragraph that opens with a speaker's label: 'GREEN: We will cut nothing.' (a
#: transcript), 'Poll: Voters turn away from the governor' (a headline)
_LABEL = re.compile(r"(?P<label>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}):[ \t]+"
                    r"(?P<content>\S[^\n]*)")
#: labels that name a part of the page, not a source
_NOT_LABELS = frozenset({
    "update", "updated", "note", "editor's note", "editor\u2019s note", "photo", "photos",
    "video", "watch", "read", "read more", "related", "source", "sources", "credit", "image",
    "caption", "correction", "disclosure", "listen", "see", "also", "more", "subscribe",
    "follow", "contact", "email", "tags", "topics", "share", "advertisement", "warning",
    "spoiler", "ps", "p.s", "q", "a", "re", "fw", "fwd", "by", "and", "but", "the", "in",
})


def _label_at(text: str, position: int) -> re.Match[str] | None:
    """The speaker's label opening a paragraph at ``position`` (after spaces and an opening
    quotation mark: a quoted transcript), unless it names a part of the page."""
    while position < len(text) and (text[position] in " \t" or _MARKS.match(
            text, position) and text[position] not in _CLOSING):
        position += 1
    match = _LABEL.match(text, position)
    if match is None or match.group("label").lower().rstrip(".") in _NOT_LABELS:
        return None
    return match


def _labelled(document: Document, tokens: _Tokens, direct: list[_Candidate],
              indirect: list[_Candidate]) -> tuple[list[_Candidate], list[_Candidate]]:
    """Attributions of paragraphs that open with their source's label and a colon (a
    transcript's ``GREEN: We will cut nothing that matters.`` or a headline's ``Poll:
    Voters turn away from the governor``), and the ``indirect`` candidates kept beside
    them.  The label is the speaker, the colon the cue (as PolNeAR annotates it), the
    rest of the paragraph the content; a transcript's turn runs on to the next label
    (:func:`_turn_end`).  A paragraph whose content a direct quote already covers, a
    dateline, and labels naming parts of the page (``UPDATE:``, ``Photo:``) are not.  What
    a transcript's speaker reports inside the turn is part of the turn, as what a direct
    quote reports is part of the quote: those indirect candidates are dropped; any other
    label's paragraph yields to an indirect candidate inside it."""
    text = _marked(document)
    dateline_end = document.article.dateline.end if document.article.dateline else 0
    labelled = []
    paragraphs = list(_PARAGRAPH.finditer(text))
    labels = [_label_at(text, paragraph.start()) for paragraph in paragraphs]
    for number, match in enumerate(labels):
        if match is None or match.start() < dateline_end:
            continue
        start, end = match.start("content"), match.end("content")
        turn = _in_transcript(labels, number)
        if turn:
            # a speaker's turn runs on over the paragraphs after it until the next label
            # ('GREEN: We will cut nothing.' then 'And we will not raise taxes either.')
            end = paragraphs[_turn_end(paragraphs, labels, number)].end()
        if len(_MARKS.findall(text, start, end)) % 2 and _MARKS.match(text, end - 1):
            end -= 1  # the closing mark of a quoted transcript
        content = _trimmed(text, start, end)
        if word_count(content.text) < MIN_WORDS or any(
                c.content.start < content.end and content.start < c.content.end
                for c in (direct if turn else direct + indirect)):
            continue
        if turn:
            indirect = [c for c in indirect if not (
                content.start <= c.content.start and c.content.end <= content.end)]
        label = [t for t in tokens.between(match.start("label"), match.end("label"))
                 if not t.is_space]
        if not label:
            continue
        named = next((t for t in label if t.i in document.actor_by_head), None)
        speaker = _speaker_for(document, named) if named is not None else None
        if speaker is None or speaker.end > match.end("label"):
            # (an actor the parse ran on past the colon into the turn is no label)
            speaker = QuoteSpeaker(text=match.group("label"), start=match.start("label"),
                                   end=match.end("label"))
        colon = match.end("label")
        labelled.append(_Candidate(content.start, content.end, content, direct=False,
                                   speaker=speaker, cue=":",
                                   cue_token=next((t.i for t in tokens.between(
                                       colon, colon + 1)), None), how="label"))
    return labelled, indirect


def _in_transcript(labels: list[re.Match[str] | None], number: int) -> bool:
    """Whether the label of paragraph ``number`` opens a speaker's turn in a transcript:
    an exchange where at least two speakers' labels each open two paragraphs or more
    (``GREEN:`` ... ``MORRIS:`` ... ``GREEN:``), not a headline's ``Poll:`` or a lone
    ``BREAKING:``."""
    names = [m.group("label") for m in labels if m is not None]
    label = labels[number].group("label") if labels[number] else ""
    speakers = {name for name in names if names.count(name) > 1}
    return label in speakers and len(speakers) > 1


def _turn_end(paragraphs: list[re.Match[str]], labels: list[re.Match[str] | None],
              number: int) -> int:
    """Index of the last paragraph of the transcript turn that the label of paragraph
    ``number`` opens: the paragraphs after it up to the next label, if one follows (the
    paragraphs after the last label may be the reporter's again).  A stage direction in
    brackets (``(LAUGHTER)``) ends the turn."""
    following = next((n for n in range(number + 1, len(labels)) if labels[n] is not None),
                     None)
    last = number
    for n in range(number + 1, number + 1 if following is None else following):
        body = paragraphs[n].group().strip().strip('"\u201c\u201d').strip()
        if not body or body.startswith(("(", "[")):
            break
        last = n
    return last


# -- helpers: regions and subjects ------------------------------------------------------------
def _sentence_ends(text: str, start: int, end: int,
                   abbreviations: frozenset[str]) -> list[re.Match[str]]:
    """Sentence ends between ``start`` and ``end``: final punctuation (with the quotation
    marks and brackets closing after it), but not the period of an abbreviation."""
    return [m for m in _SENTENCE_END.finditer(text, start, end)
            if not _abbreviated(text, m, abbreviations)]


def _abbreviated(text: str, match: re.Match[str], abbreviations: frozenset[str]) -> bool:
    """Whether the period of ``match`` closes an abbreviation rather than a sentence: a
    title from ``abbreviations`` ("Mr. Obama said"), an initial ("John F. Kennedy") or the
    state of a party label ("Sen. Claire McCaskill (D-Mo.) said")."""
    if match.group() not in (".", ".)"):
        return False
    word = re.search(r"\w+$", text[max(0, match.start() - 12):match.start()])
    if word is None:
        return False
    if word.group().lower() in abbreviations or (len(word.group()) == 1
                                                 and word.group().isupper()):
        return True
    return match.group() == ".)" and "(" in text[max(0, match.start() - 8):match.start()]


def _after_end(text: str, position: int, abbreviations: frozenset[str]) -> int:
    """End of the attribution region after a closing mark: the sentence's end, a newline
    or the next quotation mark, whichever comes first."""
    ends = [len(text)]
    sentence = next((m for m in _SENTENCE_END.finditer(text, position)
                     if not _abbreviated(text, m, abbreviations)), None)
    if sentence is not None:
        ends.append(sentence.end())
    for pattern in (re.compile(r"\n"), _MARKS):
        match = pattern.search(text, position)
        if match is not None:
            ends.append(match.start())
    return min(ends)


def _before_start(text: str, position: int, abbreviations: frozenset[str]) -> int:
    """Start of the attribution region before an opening mark: the sentence's start, the
    paragraph's start, or the previous quotation mark."""
    cut = -1
    for match in _sentence_ends(text, 0, position, abbreviations):
        cut = max(cut, match.end() - 1)
    newline = text.rfind("\n", 0, position)
    marks = [m.start() for m in _MARKS.finditer(text, max(0, cut, newline), position)]
    return max(cut, newline, *marks) + 1


def _opens_sentence(text: str, open_mark: int) -> bool:
    """Whether nothing but spaces stands between a sentence's (or paragraph's) start and
    the opening mark."""
    before = text[:open_mark].rstrip(" \t")
    return not before or before[-1] in "\n.!?:\"\u201d"


def _standalone(text: str, candidate: _Candidate) -> bool:
    """Whether the quote is all its paragraph holds."""
    paragraph_start = text.rfind("\n", 0, candidate.open_mark) + 1
    paragraph_end = text.find("\n", candidate.close_mark)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    return not text[paragraph_start:candidate.open_mark].strip() and not text[
        candidate.close_mark + 1:paragraph_end].strip(" \t.,")


def _closing_kept(text: str, start: int, end: int) -> int:
    """``end`` moved past the closing mark of a quotation that the content opens and its
    trimming cut off ('described them as "terrorists"' keeps its last mark)."""
    content = text[start:end]
    opened = sum(content.count(m) for m in _OPENING) > sum(content.count(m) for m in _CLOSING) \
        or content.count(_STRAIGHT) % 2 == 1
    following = re.match(r'[.,!?]?["\u201d\u00bb]', text[end:end + 2])
    return end + following.end() if opened and following else end


def _governing_verb(tokens: _Tokens, candidate: _Candidate) -> tuple[Token, Token] | None:
    """(verb, subject) for a quotation inside a sentence whose verb before it, whatever
    the verb, governs it and has a subject of its own: the one who used the words
    ('The mayor set the city the goal of "a garden on every block."')."""
    first = next((t for t in tokens.between(candidate.open_mark + 1, candidate.close_mark)
                  if not (t.is_punct or t.is_space)), None)
    if first is None:
        return None
    for verb in first.ancestors:
        if verb.idx >= candidate.open_mark:
            continue
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"
                        and c.lower_ not in _RELATIVE), None)
        if subject is not None and not any(
                _breaks_paragraph(t) for t in tokens.doc[subject.i:first.i]):
            return verb, subject
        if verb.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "prep", "pcomp", "pobj"):
            return None
    return None


def _unquoted_words(text: str, start: int, quoted: list[tuple[int, int]]) -> int:
    """Words from ``start`` to the last quotation of ``quoted`` (mark offsets) outside the
    quotations.  Words after the last one do not count: a parse often hangs the reporting
    verb's own modifiers there ('said "the ceasefire must hold" after the talks')."""
    pieces, position = [], start
    for open_mark, close_mark in sorted(quoted):
        pieces.append(text[position:max(position, open_mark)])
        position = max(position, close_mark + 1)
    return word_count(" ".join(pieces))


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _attribution_first(region: list[Token], first: Token | None, verb: Token,
                       subject: Token) -> bool:
    """Whether the region after a quote opens with its attribution: no conjunction first
    ("and said talks would ..."), and no other verb before the cue outside the subject's
    phrase (which may carry a relative clause: "Kerry, who arrived on Sunday, said")."""
    if first is None or first.pos_ in ("CCONJ", "SCONJ"):
        return False
    phrase = range(subject.left_edge.i, subject.right_edge.i + 1)
    return not any(t.i < verb.i and t.i not in phrase and t.pos_ in ("VERB", "AUX")
                   and not (t.dep_ in ("aux", "auxpass") and t.head.i == verb.i)
                   for t in region)  # "the commander was quoted as saying"


def _subject_in(document: Document, verb: Token, inside: set[int]) -> Token | None:
    """The verb's subject when it lies in ``inside``; for inversions ("said Kerry") a
    name, pronoun or coded actor parsed as the verb's object or attribute."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i in inside \
                and (child.lower_ not in _RELATIVE or _relative_source(child)):
            return child
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "npadvmod") and child.i in inside and (
                child.pos_ in ("PROPN", "PRON") or child.i in document.actor_by_head) \
                and child.i > verb.i:
            return child
    return None


def _relative_source(subject: Token) -> bool:
    """Whether ``subject`` is the relative pronoun subject of a relative clause ('the
    senator, who said ...'): a source, standing for the noun the clause hangs on."""
    return subject.lower_ in _RELATIVE_SOURCES and subject.dep_ == "nsubj" \
        and subject.head.dep_ == "relcl"


def _reporter(verb: Token) -> Token | None:
    """Who reports with ``verb``: its subject, else (``adding that``, ``and said``) the
    subject of the verb it hangs from."""
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" \
            and verb.head.head.lemma_.lower() == "quote":
        # "The agency quoted the minister as saying ...": the one quoted is the speaker;
        # "the minister was quoted as saying ..." likewise.
        quoted = verb.head.head
        return next((c for c in quoted.children if c.dep_ in ("dobj", "nsubjpass")), None)
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                        and (c.lower_ not in _RELATIVE or _relative_source(c))), None)
        if subject is not None:
            return _in_paragraph(subject, verb) if subject.dep_ == "nsubj" else None
        if verb.head.i == verb.i:
            return _adjacent_name(verb)
        if verb.dep_ not in ("advcl", "conj", "xcomp"):
            return None
        verb = verb.head
    return None


def _adjacent_name(verb: Token) -> Token | None:
    """The name right before a main verb that the parse gave no subject, having hung the
    name on a phrase before it ('In a meeting with the board of the Post Trump said
    ...')."""
    doc = verb.doc
    before = verb.i - 1
    while before >= 0 and doc[before].pos_ in ("ADV", "AUX", "PART"):
        before -= 1
    if before < 0 or doc[before].pos_ not in ("PROPN", "PRON") \
            or doc[before].lower_ in _NO_SOURCE | _RELATIVE \
            or _breaks_paragraph(doc[before]):
        return None
    return doc[before]


def _in_paragraph(subject: Token, verb: Token) -> Token:
    """``subject``, or when the parse took it from an earlier paragraph ("The Latest ...
    \n\n5:45 p.m.\n\nThe doctor is calling"), the last phrase head before ``verb`` in
    the verb's own paragraph."""
    doc = verb.doc
    breaks = [t.i for t in doc[subject.i:verb.i] if _breaks_paragraph(t)]
    if not breaks:
        return subject
    inside = range(breaks[-1] + 1, verb.i)
    heads = [t for t in doc[breaks[-1] + 1:verb.i]
             if t.pos_ in ("NOUN", "PROPN", "PRON") and t.head.i not in inside]
    return heads[-1] if heads else subject


def _breaks_paragraph(token: Token) -> bool:
    """Whether a paragraph break is in or right after ``token``."""
    return "\n" in token.text or "\n" in token.whitespace_


def _according(region: list[Token]) -> tuple[Token, Token] | None:
    """("according" token, source head) for "According to X," before a quote."""
    for token in reversed(region):
        if token.lower_ == "according":
            source = _according_source(token)
            if source is not None:
                return token, source
    return None


def _according_source(token: Token) -> Token | None:
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def _clean(clause: list[Token]) -> list[Token]:
    """The reported clause without a leading "that" and edge punctuation."""
    while clause and (clause[0].is_punct or clause[0].dep_ == "mark" or clause[0].is_space):
        clause = clause[1:]
    while clause and (clause[-1].is_punct or clause[-1].is_space or clause[-1].dep_ == "cc"):
        clause = clause[:-1]
    return clause


def _outermost_per_cue(found: list[_Candidate]) -> list[_Candidate]:
    """One indirect quote per cue and no quote repeated with the same span."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for candidate in found:
        key = (candidate.content.start, candidate.content.end)
        if key in seen:
            continue
        seen.add(key)
        kept.append(candidate)
    return kept


def _named_in(document: Document, region: list[Token]) -> QuoteSpeaker | None:
    """The first coded actor or proper name in ``region`` (``"..." - Hassan Nasrallah``)."""
    for token in region:
        if token.i in document.actor_by_head:
            return _speaker_for(document, token)
    names = []
    for token in region:
        if token.pos_ == "PROPN":
            names.append(token)
        elif names:
            break
    if not names:
        return None
    first, last = names[0], names[-1]
    return QuoteSpeaker(text=document.article.text[first.idx:last.idx + len(last)],
                        start=first.idx, end=last.idx + len(last), code=None)


def _speaker_for(document: Document, subject: Token) -> QuoteSpeaker:
    """The speaker mention at ``subject``: its coded actor's span, code and name (for a
    pronoun, the pronoun itself with its antecedent's code and name, and the span of the
    mention naming it), else the bare noun phrase uncoded."""
    if _relative_source(subject):
        # the pronoun is the speaker's mention, as PolNeAR marks it, and stands for the
        # noun its clause hangs on ('Kerry, who said ...'), as a personal pronoun does
        antecedent = subject.head.head
        named = _speaker_for(document, antecedent) if antecedent.i != subject.head.i \
            else None
        return QuoteSpeaker(text=subject.text, start=subject.idx,
                            end=subject.idx + len(subject),
                            code=named.code if named else None,
                            name=named.name or named.text if named else None,
                            name_start=named.start if named else None,
                            name_end=named.end if named else None)
    actor = document.actor_by_head.get(subject.i)
    if actor is not None:
        if subject.pos_ == "PRON":
            named = _naming_mention(document, actor, subject.idx)
            return QuoteSpeaker(text=subject.text, start=subject.idx,
                                end=subject.idx + len(subject), code=actor.code,
                                name=actor.name,
                                name_start=named.start if named else None,
                                name_end=named.end if named else None)
        return QuoteSpeaker(text=actor.text, start=actor.start, end=actor.end,
                            code=actor.code, name=actor.name,
                            name_start=actor.start if actor.name else None,
                            name_end=actor.end if actor.name else None)
    tokens = [t for t in subject.subtree
              if t.dep_ not in ("relcl", "acl", "punct", "appos") and not any(
                  a.dep_ in ("relcl", "acl", "appos") and a.i != subject.i
                  for a in t.ancestors if a.i in {x.i for x in subject.subtree})]
    tokens = [t for t in tokens if not t.is_space] or [subject]
    # a phrase the parse ran over a paragraph break ("7 p.m.\n\nThe governor") starts
    # in the subject's own paragraph
    paragraph = document.article.text.rfind("\n", 0, subject.idx)
    tokens = [t for t in tokens if t.idx > paragraph] or [subject]
    first, last = tokens[0], tokens[-1]
    return QuoteSpeaker(text=document.article.text[first.idx:last.idx + len(last)],
                        start=first.idx, end=last.idx + len(last), code=None)


def _joined(text: str, direct: list[_Candidate]) -> list[_Candidate]:
    """Direct quotes that continue the one before them in the same paragraph, by the same
    speaker, joined to it as one attribution: a split quote (``"...," he said, "..."``, one
    cue) and a quote that goes on after its attribution (``"...," Kerry said. "..."``).  The
    content then spans from the first piece to the last and ``parts`` lists the pieces.
    Paragraphs that a feed ran together (a quote ended by the next one's opening mark, not
    by a closing mark of its own) stay apart, as paragraphs do."""
    joined: list[_Candidate] = []
    for candidate in direct:
        last = joined[-1] if joined else None
        if last is not None and candidate.speaker is not None \
                and candidate.speaker == last.speaker \
                and _MARKS.match(text, last.close_mark) is not None \
                and "\n" not in text[last.close_mark:candidate.open_mark] and (
                    candidate.how == "previous-quote"
                    or candidate.cue_token is not None
                    and candidate.cue_token == last.cue_token):
            last.parts = (last.parts or [last.content]) + [candidate.content]
            start, end = last.content.start, candidate.content.end
            last.content = Span(text=text[start:end], start=start, end=end)
            last.close_mark = candidate.close_mark
            continue
        joined.append(candidate)
    return joined


def _naming_mention(document: Document, actor: Actor, position: int) -> Actor | None:
    """The mention that names the actor a pronoun at ``position`` stands for: the last
    mention of the same name before it that is not itself a pronoun, else the first after
    it ("When he arrived, Kerry said ...")."""
    if actor.name is None:
        return None
    doc = document.doc
    mentions = sorted((a for head, a in document.actor_by_head.items()
                       if a.name == actor.name and doc[head].pos_ != "PRON"),
                      key=lambda a: a.start)
    before = [a for a in mentions if a.start < position]
    return before[-1] if before else next(iter(mentions), None)


# -- filtering ----------------------------------------------------------------------------------
def _keep(text: str, candidate: _Candidate) -> bool:
    """Whether a direct candidate is speech rather than a scare quote, name or title."""
    if _after_naming_word(text, candidate.open_mark):
        return False
    if word_count(candidate.content.text) < MIN_WORDS:
        if candidate.speaker is None:
            return False
        before = text[:candidate.open_mark].rstrip(" \t")
        return not before or before[-1] in "\n.!?:\"\u201d" or (
            candidate.how in ("before", "according") and before[-1] == ",")
    # (a verb merely governing a title does not make it speech: 'starred in "The Square"')
    return candidate.speaker is not None and candidate.how != "governor" \
        or not _title_case(candidate.content.text)


def _partial(text: str, tokens: _Tokens, candidate: _Candidate) -> bool:
    """Whether a quotation stands inside the reporter's own sentence instead of opening a
    clause: after a complementizer ``that`` (``said that "..."``), or after a word or a dash
    (``is "on the up and up"``, ``welcome the governor - "my friend"``), unless that word
    is its own cue (``said "the ceasefire must hold"``, ``attacked "the ideology of ..."``,
    ``he said, but "..."``)."""
    paragraph = text.rfind("\n", 0, candidate.open_mark) + 1
    before = text[paragraph:candidate.open_mark].rstrip()
    if not before:
        return False
    if re.search(r"(?:^|\W)that,?$", before, re.IGNORECASE):
        return True
    if before[-1] in ".!?:;,\"\u201c\u201d\u00ab\u00bb":
        return False
    if candidate.how not in ("before", "governor") or candidate.cue_token is None:
        return True
    cue = tokens.doc[candidate.cue_token]
    if candidate.how == "governor" and (cue.lemma_.lower() in ("be", "have")
                                        or cue.lower_ in _NAMING_WORDS):
        return True  # 'is "on the up and up"', 'what it calls "..."': not what was said
    # (its own verb may be followed by a conjunction: '"...," he said, but "..."')
    between = tokens.between(paragraph, candidate.open_mark)
    return not between or any(
        t.i > candidate.cue_token and not (t.is_punct or t.is_space or t.pos_ == "CCONJ")
        for t in between) or between[-1].i < candidate.cue_token


def _after_naming_word(text: str, open_mark: int) -> bool:
    """Whether the quoted string follows a word that names it: "dubbed", "the book",
    "an editorial titled", "known as"."""
    words = [w.lower() for w in re.findall(r"[\w-]+", text[max(0, open_mark - 40):open_mark])]
    if not words or text[:open_mark].rstrip()[-1:] in ".!?:":
        return False
    if words[-1] in _NAMING_WORDS:
        return True
    return words[-1] == "as" and len(words) > 1 and words[-2] in _NAMING_AS


def _title_case(content: str) -> bool:
    """Mostly capitalized words without final punctuation: a title, not a sentence."""
    words = [w for w in content.split() if w.lower() not in _TITLE_SMALL]
    capitalized = sum(1 for w in words if w[:1].isupper())
    return bool(words) and capitalized >= 0.6 * len(words) and content[-1:] not in ".!?"


# -- events -------------------------------------------------------------------------------------
def link_events(document: Document, cue_tokens: list[int | None]) -> None:
    """Link quotes and events both ways.

    An event whose trigger starts inside a quote's content belongs to the innermost such
    quote; otherwise a verbal event (roots in :data:`VERBAL_ROOTS`) whose trigger covers a
    quote's cue word belongs to that quote.  ``cue_tokens[i]`` is the token index of quote
    ``i``'s cue, or None.
    """
    doc = document.doc
    cue_spans: list[tuple[int, int] | None] = []
    for index in cue_tokens:
        if index is None:
            cue_spans.append(None)
        else:
            cue_spans.append((doc[index].idx, doc[index].idx + len(doc[index])))
    for quote in document.quotes:
        quote.events = []
    # quote pieces and cues sorted by start, so that each event looks only at those that
    # can reach it (an article of thousands of quotes and events stays linear, not square)
    pieces = sorted((p.start, p.end, q.content.end - q.content.start, i)
                    for i, q in enumerate(document.quotes) for p in q.parts or [q.content])
    piece_starts = [p[0] for p in pieces]
    longest = max((p[1] - p[0] for p in pieces), default=0)
    cues = sorted((cue[0], cue[1], i) for i, cue in enumerate(cue_spans) if cue is not None)
    cue_starts = [c[0] for c in cues]
    cue_longest = max((c[1] - c[0] for c in cues), default=0)
    for number, event in enumerate(document.events):
        event.quote = None
        start, end = event.trigger.start, event.trigger.end
        containing = [(length, i) for p_start, p_end, length, i in
                      pieces[bisect_left(piece_starts, start - longest):
                             bisect_right(piece_starts, start)]
                      if p_start <= start < p_end]
        if containing:
            event.quote = min(containing)[1]
        elif event.root in VERBAL_ROOTS:
            event.quote = min((i for c_start, c_end, i in
                               cues[bisect_left(cue_starts, start - cue_longest):
                                    bisect_left(cue_starts, end)]
                               if start < c_end and c_start < end), default=None)
        if event.quote is not None:
            document.quotes[event.quote].events.append(number)
