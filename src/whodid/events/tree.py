"""Shapes of the dependency parse the events stage asks about, whatever the frame: negation
("never", "by no means"), infinitives and purpose clauses, a clause's extent, what is ruled out
or attempted, the words that modify a trigger, and walks along chosen edges."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj"})


def _negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in ("never",):
            return True
        if child.dep_ == "prep" and child.lower_ in ("by", "under", "in", "on", "at"):
            # "by no means", "under no circumstances", "in no way" (not "with no end")
            for grandchild in child.children:
                if any(d.lower_ == "no" and d.dep_ == "det" for d in grandchild.children):
                    return True
    return False


def _modifier_words(anchor: Token, trigger: list[Token]) -> list[str]:
    words = []
    for token in trigger:
        words += [c.lower_ for c in token.children if c.dep_ in ("amod", "advmod", "compound",
                                                                 "npadvmod", "nmod")]
        words += [t.lower_ for t in token.doc[max(token.i - 3, token.sent.start):token.i]]
    return words


def _of_time(prep: Token) -> bool:
    """"on Thursday", "in March": a preposition whose object is a date or time."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _asked_for(clause: Token) -> bool:
    """"pressed for the US to back the plan": a clause of what is asked for."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for"
                                          for m in clause.children)


def _ruled_out(verb: Token) -> bool:
    """Whether a clause says its subject is "out of the question" or "off the table"."""
    if verb.lemma_.lower() != "be":
        return False
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        if prep.lower_ == "out" and any(
                p.lower_ == "of" and any(g.lemma_.lower() == "question" for g in p.children)
                for p in prep.children):
            return True
        if prep.lower_ == "off" and any(g.lemma_.lower() == "table" for g in prep.children):
            return True
    return False


def _attempted(anchor: Token) -> bool:
    """Whether ``anchor`` is what someone tried to do: "tried to assassinate", "an attempt
    to assassinate", "a plot to kill"."""
    head = anchor.head
    return _infinitive(anchor) and (
        anchor.dep_ == "xcomp" and head.lemma_.lower() in ("try", "attempt")
        or anchor.dep_ == "acl" and head.lemma_.lower() in ("attempt", "bid", "plot"))


def _infinitive(verb: Token) -> bool:
    """"to protect", and a verb conjoined to one ("to protect the border and evacuate")."""
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children):
        verb = verb.head
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _same_clause(token: Token, verb: Token) -> bool:
    """Whether ``token`` hangs on ``verb`` through phrases, not through another clause."""
    while token.i != verb.i:
        if token.head.i == token.i or token.dep_ in _CLAUSE_DEPS or token.dep_ in (
                "acl", "xcomp", "pcomp"):
            return False
        token = token.head
    return True


def _stative_participle(token: Token) -> bool:
    """A passive participle that states an attitude ("is committed to opening")."""
    return token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children)


def _clause_extent(anchor: Token) -> tuple[int, int]:
    """Character extent of the anchor's own clause (embedded clauses excluded)."""
    tokens = [anchor]
    stack = [anchor]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _CLAUSE_DEPS:
                continue
            tokens.append(child)
            stack.append(child)
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


def _breadth_first(frontier: list[Token], depth: int, follow: tuple[str, ...]
                   ) -> Iterable[Token]:
    """``frontier`` and the tokens below it along ``follow`` edges, level by level, each once,
    ``depth`` levels down."""
    seen: set[int] = set()
    for _ in range(depth):
        following: list[Token] = []
        for token in frontier:
            if token.i in seen:
                continue
            seen.add(token.i)
            yield token
            following.extend(c for c in token.children if c.dep_ in follow)
        frontier = following


def _expand(tokens: list[Token]) -> list[Token]:
    """Each token and its coordinated conjuncts ("Iran and Syria")."""
    expanded: list[Token] = []
    for token in tokens:
        expanded.append(token)
        expanded.extend(c for c in token.conjuncts if c.i > token.i)
    return _dedupe_tokens(expanded)


def _dedupe_tokens(tokens: list[Token]) -> list[Token]:
    seen: set[int] = set()
    kept = []
    for token in tokens:
        if token.i not in seen:
            seen.add(token.i)
            kept.append(token)
    return kept
