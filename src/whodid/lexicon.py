"""The event lexicon: verbs, verb phrases and event nouns with the CAMEO codes they trigger,
plus the grammar tables (negation, intention, reporting, specifiers).

Built-in data: ``data/lexicon.yaml`` and ``data/grammar.yaml``.  Users add or override
entries with their own YAML files in the same format (``whodid code --lexicon extra.yaml``):
a verb, phrase or noun listed in a user file replaces the built-in code for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from whodid.ontology import cameo_codes
from whodid.resources import data_path


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that refuses a key given twice in one mapping (YAML would silently
    keep the last, dropping an entry's verbs or nouns)."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            raise LexiconError(f"line {key_node.start_mark.line + 1}: key {key!r} given twice "
                               "in one entry")
        keys.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text("utf-8"), Loader=_StrictLoader)  # noqa: S506
    except LexiconError as error:
        raise LexiconError(f"{path}: {error}") from None


@dataclass(frozen=True)
class Phrase:
    verb: str
    words: tuple[str, ...]  # particle / preposition / object-noun lemmas after the verb
    code: str


@dataclass
class Lexicon:
    verbs: dict[str, str] = field(default_factory=dict)  # verb lemma -> code
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # verb lemma -> phrases
    nouns: dict[str, str] = field(default_factory=dict)  # event noun lemma -> code
    non_political: frozenset[str] = frozenset()
    grammar: dict[str, Any] = field(default_factory=dict)

    def word_set(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in self.grammar.get(key) or ())

    def code_table(self, key: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.grammar.get(key) or {}).items()}

    def by_prefix(self, key: str, code: str) -> str | None:
        """The table entry for the longest prefix of ``code`` (e.g. "0621" -> entry "062")."""
        table = self.code_table(key)
        for length in range(len(code), 1, -1):
            if code[:length] in table:
                return table[code[:length]]
        return None

    def specific(self, code: str, words: Iterable[str]) -> str:
        """The most specific code that modifier ``words`` support ("06" + military -> "062")."""
        table = self.grammar.get("specifiers") or {}
        lowered = {w.lower() for w in words}
        # Only a code's own entry, or its root's for a generic code ("12", "120"): "military"
        # nearby must not turn a specific "036 intent to meet" into "0312".
        keys = [code]
        if code in (code[:2], code[:2] + "0"):
            keys += [code[:2] + "0", code[:2]]
        for key in keys:
            for word, specific in (table.get(key) or {}).items():
                if word in lowered:
                    return str(specific)
        return code


def _code(value: Any, where: str) -> str:
    code = str(value).strip()
    if code not in cameo_codes():
        raise LexiconError(f"{where}: unknown CAMEO code {code!r}")
    return code


def _merge_entries(lexicon: Lexicon, entries: list[dict[str, Any]], where: str) -> None:
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "code" not in entry:
            raise LexiconError(f"{where}: entry {number} needs a 'code' and verbs/phrases/nouns")
        code = _code(entry["code"], f"{where}: entry {number}")
        for verb in entry.get("verbs") or ():
            lexicon.verbs[str(verb).lower()] = code
        for phrase in entry.get("phrases") or ():
            words = str(phrase).lower().split()
            if len(words) < 2:
                lexicon.verbs[words[0]] = code
                continue
            bucket = lexicon.phrases.setdefault(words[0], [])
            bucket[:] = [p for p in bucket if p.words != tuple(words[1:])]
            bucket.append(Phrase(words[0], tuple(words[1:]), code))
        for noun in entry.get("nouns") or ():
            lexicon.nouns[str(noun).lower()] = code


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """The built-in lexicon, with each file in ``extra`` merged over it in order."""
    lexicon = Lexicon()
    builtin = _load_yaml(data_path("lexicon.yaml")) or {}
    _merge_entries(lexicon, builtin.get("entries") or [], "lexicon.yaml")
    non_political = set(builtin.get("non_political_contexts") or ())
    lexicon.grammar = _load_yaml(data_path("grammar.yaml")) or {}
    for path in extra:
        path = Path(path)
        try:
            data = _load_yaml(path) or {}
        except (OSError, yaml.YAMLError) as error:
            raise LexiconError(f"{path}: cannot read lexicon: {error}") from None
        if isinstance(data, list):
            data = {"entries": data}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping with 'entries' or a list of entries")
        _merge_entries(lexicon, data.get("entries") or [], str(path))
        non_political |= set(data.get("non_political_contexts") or ())
        for key, value in data.items():
            if key not in ("entries", "non_political_contexts"):
                lexicon.grammar[key] = value
    lexicon.non_political = frozenset(str(w).lower() for w in non_political)
    # Phrases with more words are tried first: "cut off aid" before "cut off".
    for bucket in lexicon.phrases.values():
        bucket.sort(key=lambda p: -len(p.words))
    return lexicon
