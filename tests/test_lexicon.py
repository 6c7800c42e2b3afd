"""The event lexicon and its user extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from whodid.lexicon import LexiconError, load_lexicon
from whodid.ontology import cameo_codes


def test_builtin_lexicon_covers_every_root() -> None:
    lexicon = load_lexicon()
    codes = {*lexicon.verbs.values(), *lexicon.nouns.values(),
             *(p.code for bucket in lexicon.phrases.values() for p in bucket)}
    assert {c[:2] for c in codes} == {f"{n:02d}" for n in range(1, 21)}
    assert codes <= set(cameo_codes())
    assert "say" not in lexicon.verbs  # statements would flood the data
    assert lexicon.non_political


def test_specific_codes_from_modifiers() -> None:
    lexicon = load_lexicon()
    assert lexicon.specific("06", ["military"]) == "062"
    assert lexicon.specific("121", ["military"]) == "1212"
    assert lexicon.specific("036", ["military"]) == "036"  # only generic codes are refined
    assert lexicon.by_prefix("negation_codes", "0621") == "1212"


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("entries:\n  - code: '1382'\n    verbs: [shadow, attack]\n"
                     "non_political_contexts: [regatta]\n")
    lexicon = load_lexicon([extra])
    assert lexicon.verbs["shadow"] == "1382"
    assert lexicon.verbs["attack"] == "1382"  # overridden
    assert "regatta" in lexicon.non_political


@pytest.mark.parametrize("content, message", [
    ("entries:\n  - verbs: [x]\n", "needs a 'code'"),
    ("entries:\n  - code: '77'\n    verbs: [x]\n", "unknown CAMEO code"),
    ("entries: [\n", "cannot read lexicon"),
])
def test_bad_user_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content)
    with pytest.raises(LexiconError, match=message) as error:
        load_lexicon([extra])
    assert "bad.yaml" in str(error.value)
