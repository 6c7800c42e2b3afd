"""How sure the coder is of an event: the main news or a background clause, coded actors, a
phrase rather than a lone verb, reported, alleged or nominal, and whether the learned
classifier agrees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from whodid.events.frames import Frame


def _confidence(frame: Frame, source: Actor, target: Actor | None) -> float:
    if frame.learned:
        return round(min(0.2 + 0.5 * frame.learned_probability, 0.7), 2)
    score = 0.4
    anchor = frame.anchor
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head  # "killing one and arresting 12": as background as its head
    background = _background_clauses(anchor)
    if background == 0:
        score += 0.1  # the sentence's main news ("agreed to reopen"), not a background clause
    else:
        score -= 0.1 * min(background, 2)  # "peacekeepers who oversee a ceasefire"
    if source.country:
        score += 0.2
    if target is not None and target.code:
        score += 0.15
    if len(frame.trigger) > 1:
        score += 0.1
    if frame.modality == "reported":
        score -= 0.1
    if frame.alleged:
        score -= 0.2
    if frame.nominal:
        score -= 0.1
    if frame.classifier_agrees:
        score += 0.1
    return round(max(0.05, min(score, 0.95)), 2)


def _background_clauses(token: Token) -> int:
    """How many relative, adverbial or adnominal clauses ``token`` sits in, up to the root;
    complements ("agreed to reopen", "said that ...") and objects do not count."""
    count = 0
    for _ in range(20):
        if token.head.i == token.i:
            break
        if token.dep_ in ("relcl", "advcl", "acl", "pcomp"):
            count += 1
        token = token.head
    return count
