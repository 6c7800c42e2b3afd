"""whodid.names: how a name reads in its words, below both the actors and places stages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from whodid.names import against_or_for, hyphen_participle, misspelled_country
from whodid.nlp import load_nlp

SRC = Path(__file__).resolve().parents[1] / "src" / "whodid"


def _imports(module: str) -> set[str]:
    """The whodid modules a source file imports, at its top or inside functions."""
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "whodid":
                found |= {f"whodid.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("whodid.")}


@pytest.mark.parametrize("module", ["names", "places", "event_places", "gazetteer"])
def test_places_modules_do_not_import_the_actors_stage(module) -> None:
    # actors uses the places stage's resolver; places must not need actors back
    assert "whodid.actors" not in _imports(module)


def test_names_imports_neither_stage() -> None:
    assert not _imports("names") & {"whodid.actors", "whodid.places", "whodid.event_places"}


def test_places_does_not_import_event_places() -> None:
    # event_places builds on places, not the other way round
    assert "whodid.event_places" not in _imports("places")


def test_misspelled_country_names_but_not_words_or_places() -> None:
    entry = misspelled_country("Afganistan")
    assert entry is not None and entry.code == "AFG"
    assert misspelled_country("Hungry") is None  # an English word
    assert misspelled_country("Columbia") is None  # a place of its own


def test_anti_and_pro_before_a_name() -> None:
    doc = load_nlp().make_doc("an anti-Iran rally and a pro-Russia march in Kiev")
    iran = next(t.i for t in doc if t.text == "Iran")
    russia = next(t.i for t in doc if t.text == "Russia")
    kiev = next(t.i for t in doc if t.text == "Kiev")
    assert against_or_for(doc, iran) and against_or_for(doc, russia)
    assert not against_or_for(doc, kiev)


def test_a_name_before_a_hyphen_participle() -> None:
    doc = load_nlp().make_doc("US-backed rebels entered Syria")
    assert hyphen_participle(doc, 1)  # "US" ends at token 1, then "-", "backed"
    assert not hyphen_participle(doc, 5)
