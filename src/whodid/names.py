"""How a name reads in its words, as the actors and places stages both need it.

Below both stages (it imports neither): a country name someone misspelled ("Afganistan"),
a name after "anti-"/"pro-", a name before "-backed"/"-occupied"/"-led".  Keeping these here
lets :mod:`whodid.places` do without :mod:`whodid.actors`, which uses the places stage's
resolver (no import cycle).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from whodid.knowledge import Entry, knowledge_base

if TYPE_CHECKING:
    from spacy.tokens import Doc

_MISSPELT: dict[str, Entry | None] = {}


def misspelled_country(text: str) -> Entry | None:
    """The country name or adjective ``text`` misspells (knowledge.misspelled_country),
    unless it is an English word or a place's name ("Hungry", "Siberian", "Columbia").
    Each word is looked up once per process."""
    entry = _MISSPELT.get(text, False)
    if entry is False:
        entry = knowledge_base().misspelled_country(text)
        if entry is not None and (_english_word(text.lower()) or _place_name(text)):
            entry = None
        if len(_MISSPELT) < 100_000:
            _MISSPELT[text] = entry
    return entry


@cache
def _english_words() -> frozenset[str]:
    """Lemmas of the English model's lemmatizer (its WordNet index), empty when the model
    has none."""
    from whodid.nlp import load_nlp

    try:
        lemmatizer = load_nlp().get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")
    except Exception:  # another model, or no lookups: the tagger's PROPN must do
        return frozenset()
    return frozenset(word for words in index.values() for word in words)


def _english_word(word: str) -> bool:
    words = _english_words()
    return word in words or word.endswith("s") and word[:-1] in words


def _place_name(name: str) -> bool:
    """Whether the gazetteer has any entry under ``name``."""
    from whodid.gazetteer import gazetteer

    return bool(gazetteer().lookup(name))


def against_or_for(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` follows "anti-" or "pro-"."""
    if start >= 2 and doc[start - 1].text == "-":
        return doc[start - 2].lower_ in ("anti", "pro", "non")
    return start >= 1 and doc[start - 1].lower_ in ("anti-", "pro-")


#: "Israeli-occupied", "US-backed", "Saudi-led": a country named before a hyphen and one of
#: these participles is another party's (an occupier, a backer, a leader), not a place.
HYPHEN_PARTICIPLES = frozenset({
    "occupied", "backed", "led", "controlled", "held", "allied", "sponsored", "supported",
    "funded", "installed", "brokered", "run", "based", "trained", "armed"})


def hyphen_participle(doc: Doc, end: int,
                      participles: frozenset[str] = HYPHEN_PARTICIPLES) -> bool:
    """Whether the match ending at token ``end`` is the first half of "Israeli-occupied",
    "US-backed", "Saudi-led" (one of ``participles``)."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in participles
