"""Users' own actor and agent dictionaries: "what code does this phrase have on this date".

:func:`load_dictionary` reads one file, :func:`load_dictionaries` several (later files
override earlier ones).  The format is chosen by extension, with content sniffing for
``.txt``:

===========================  ============================================================
``.actors``                  TABARI/PETRARCH actor dictionary
``.agents``                  TABARI/PETRARCH agent (role) dictionary
``.txt``                     either: agents if a code block looks like ``[~GOV]`` /
                             ``[NGO~]`` or a ``!NAME! = ...`` substitution set is defined,
                             otherwise actors if there are ``[CODE]`` blocks
``.csv``                     header ``phrase,code[,start,end,aliases,kind,plurals]``
``.yaml`` / ``.yml``         list of entries, or a mapping ``{actors: [...], agents: [...]}``
===========================  ============================================================

**Actors (TABARI/PETRARCH).**  ``PHRASE [CODE]``; phrase words are joined by ``_`` or
spaces (a trailing ``_`` is dropped).  ``+SYNONYM`` lines attach to the previous entry;
code blocks may sit on the entry's own line or on following indented lines.  A code block
is ``[CODE]``, ``[CODE <DATE]`` (valid *before* DATE), ``[CODE >DATE]`` (valid *after*
DATE) or ``[CODE DATE-DATE]`` (inclusive range); several blocks may share a line.  Dates
are ``yymmdd`` (``yy < 30`` is 20yy, otherwise 19yy) or ``yyyymmdd``.  ``[---]`` means
"known, but no code" (code ``""``).  ``#`` starts a comment; ``<!-- ... -->`` blocks (which
may span lines) are comments.

**Agents (TABARI/PETRARCH).**  ``PHRASE {PLURALS} [~ROLE]`` or ``[ROLE~]``: ``~ROLE`` is
appended after a country code (``position="suffix"``), ``ROLE~`` put before it
(``"prefix"``).  Plurals follow TABARI: without braces a regular plural (S / ES / IES) is
generated, ``{}`` means "no plural" (``MEDIA {}``, ``TROOPS {}``), and ``{A B}`` lists the
(irregular) plurals explicitly.  ``!NAME! = A, B, C`` defines a substitution set: a later
phrase containing ``!NAME!`` is expanded to one phrase per alternative (no automatic
plural is generated for those, as the sets list plural forms themselves).

**CSV.**  A header row is required; column names are case-insensitive.  ``phrase`` and
``code`` are required; ``start`` / ``end`` are optional ISO dates (``YYYY-MM-DD``,
inclusive, empty = open); ``aliases`` holds synonyms separated by ``;``.  Several rows with
the same phrase add date periods to one entry, in file order.  Rows are agents when a
``kind`` column says ``agent`` or the file name ends in ``.agents.csv``; for agents ``code``
is the role in TABARI notation (``~GOV`` suffix, ``GOV~`` prefix, bare ``GOV`` suffix) and
``plurals`` lists plurals separated by ``;`` (empty: regular plural, ``-``: none).

**YAML.**  A list of mappings ``{phrase, code, start?, end?, aliases?: [...]}`` (or
``periods: [{code, start?, end?}, ...]`` for several periods), or a mapping with
``actors:`` and/or ``agents:`` lists.  Agent entries are those under ``agents:``, those with
``kind: agent``, or every entry of a file ending in ``.agents.yaml`` / ``.agents.yml``; they
have ``phrase``, ``role`` (or ``code``) in TABARI notation and optional ``plurals: [...]``
(omitted: regular plural; empty list: none).

Date semantics of :meth:`UserDictionary.actor_code`: the first *dated* period covering the
date wins (so a narrower period listed first overrides a broader one), then the first
undated period; ``None`` when nothing applies.

Malformed lines never raise: each becomes a :class:`DictionaryWarning` (``file:line:
reason``) in :attr:`UserDictionary.warnings`.  Only a file that cannot be read at all, or
whose format cannot be determined, raises :class:`DictionaryError`.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "CodedPeriod",
    "DictionaryError",
    "DictionaryWarning",
    "UserDictionary",
    "load_dictionaries",
    "load_dictionary",
    "normalize_phrase",
]

_CODE_RE = re.compile(r"^(?:-{3}|\+{3}|[A-Z][A-Z0-9/]*)$", re.IGNORECASE)
_BLOCK_RE = re.compile(
    r"^(?P<code>\S+?)\s*(?:(?P<op>[<>])\s*(?P<date>\d+)|\s(?P<d1>\d+)\s*-\s*(?P<d2>\d+))?$"
)
_SUBST_DEF_RE = re.compile(r"^!(?P<name>[A-Za-z0-9_]+)!\s*=\s*(?P<values>.*)$")
_SUBST_USE_RE = re.compile(r"!([A-Za-z0-9_]+)!")
_ROLE_RE = re.compile(r"^[A-Z0-9/]+$", re.IGNORECASE)
_COMMENT_OPEN = "<!"
_COMMENT_CLOSE = "-->"
_ONE_DAY = datetime.timedelta(days=1)


class DictionaryError(ValueError):
    """A dictionary file cannot be read or its format cannot be determined.

    The message names the file and says what to do about it.
    """


@dataclass(frozen=True)
class DictionaryWarning:
    """A malformed line or entry that was skipped (or repaired) while loading."""

    file: str
    line: int
    reason: str

    @property
    def origin(self) -> str:
        """``file:line`` of the offending line."""
        return f"{self.file}:{self.line}"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class CodedPeriod:
    """A code and the (inclusive) dates it is valid for; ``None`` means open-ended."""

    code: str  # "" for "---" (known, but no code)
    start: datetime.date | None = None
    end: datetime.date | None = None

    @property
    def dated(self) -> bool:
        """True when the period has a start or an end date."""
        return self.start is not None or self.end is not None

    def covers(self, on: datetime.date) -> bool:
        """Whether ``on`` falls within this period."""
        if self.start is not None and on < self.start:
            return False
        return self.end is None or on <= self.end


@dataclass
class ActorEntry:
    """One actor: its normalized phrase, coded periods and synonyms."""

    phrase: str  # normalized: uppercase words separated by single spaces
    periods: list[CodedPeriod]
    synonyms: list[str] = field(default_factory=list)
    origin: str = ""  # file:line

    def code_on(self, on: datetime.date | None = None) -> str | None:
        """The code valid on ``on``; with ``None``, the open-ended / most recent period.

        For a date: the first dated period covering it, else the first undated period, else
        ``None``.  Without a date: among periods without an end, the one starting latest
        (an undated period counts as starting earliest); if every period has an end, the
        one ending latest.
        """
        if not self.periods:
            return None
        if on is None:
            open_ended = [p for p in self.periods if p.end is None]
            if open_ended:
                best = open_ended[0]
                for period in open_ended[1:]:
                    if _start_key(period) > _start_key(best):
                        best = period
                return best.code
            best = self.periods[0]
            for period in self.periods[1:]:
                if period.end is not None and best.end is not None and period.end > best.end:
                    best = period
            return best.code
        if isinstance(on, datetime.datetime):
            on = on.date()
        for period in self.periods:
            if period.dated and period.covers(on):
                return period.code
        for period in self.periods:
            if not period.dated:
                return period.code
        return None


@dataclass
class AgentEntry:
    """One agent (role) phrase: e.g. ``FOREIGN MINISTER`` -> role ``GOVFRM``, suffix."""

    phrase: str
    plurals: list[str]
    role: str  # e.g. "GOV", "GOVFRM"
    position: str  # "suffix" (appended after a country code) or "prefix"
    origin: str = ""


@dataclass
class UserDictionary:
    """Actors and agents from users' dictionary files, with the warnings met loading them."""

    actors: dict[str, ActorEntry] = field(default_factory=dict)  # every phrase and synonym
    agents: dict[str, AgentEntry] = field(default_factory=dict)  # every phrase and plural
    warnings: list[DictionaryWarning] = field(default_factory=list)

    def actor_code(self, phrase: str, on: datetime.date | None = None) -> str | None:
        """The code valid on date `on` (None: the open-ended / most recent period); None if unknown.

        ``""`` means the phrase is known but deliberately uncoded (``[---]``).  A phrase whose
        periods all exclude ``on`` also gives ``None``.  See :meth:`ActorEntry.code_on`.
        """
        entry = self.actors.get(normalize_phrase(phrase))
        return entry.code_on(on) if entry is not None else None

    def agent_role(self, phrase: str) -> AgentEntry | None:
        """The agent entry for ``phrase`` (a phrase or one of its plurals), or ``None``."""
        return self.agents.get(normalize_phrase(phrase))

    def merge(self, other: UserDictionary) -> UserDictionary:
        """A new dictionary with both sets of entries; ``other``'s override on equal keys."""
        return UserDictionary(
            actors={**self.actors, **other.actors},
            agents={**self.agents, **other.agents},
            warnings=[*self.warnings, *other.warnings],
        )

    def actor_entries(self) -> list[ActorEntry]:
        """The distinct actor entries (each once, not once per synonym), in load order."""
        return _distinct(self.actors.values())

    def agent_entries(self) -> list[AgentEntry]:
        """The distinct agent entries (each once, not once per plural), in load order."""
        return _distinct(self.agents.values())


def normalize_phrase(phrase: str) -> str:
    """Uppercase, ``_`` to space, whitespace collapsed, trailing ``_`` / spaces stripped."""
    return " ".join(phrase.replace("_", " ").split()).upper()


def load_dictionary(path: str | Path) -> UserDictionary:
    """Load one actor/agent dictionary file (format chosen by extension; see module docs).

    Raises :class:`DictionaryError` if the file cannot be read or its format is unknown;
    malformed lines become :class:`DictionaryWarning` entries instead.
    """
    path = Path(path)
    text = _read_text(path)
    name = path.name.lower()
    suffix = path.suffix.lower()
    loader = _Loader(str(path))
    if suffix == ".csv":
        loader.load_csv(text, agents_file=name.endswith(".agents.csv"))
    elif suffix in (".yaml", ".yml"):
        loader.load_yaml(text, agents_file=name.endswith((".agents.yaml", ".agents.yml")))
    elif suffix in (".actors", ".agents", ".txt"):
        lines = loader.strip_comments(text)
        kind = suffix[1:] if suffix != ".txt" else _sniff(path, lines)
        if kind == "agents":
            loader.load_agents(lines)
        else:
            loader.load_actors(lines)
        loader.result.warnings.sort(key=lambda warning: warning.line)
    else:
        raise DictionaryError(
            f"{path}: unknown dictionary format {path.suffix or '(no extension)'!r}; use "
            ".actors or .agents (TABARI/PETRARCH), .txt, .csv, .yaml or .yml"
        )
    return loader.result


def load_dictionaries(paths: Iterable[str | Path]) -> UserDictionary:
    """Load and merge several dictionary files in order; later files override earlier ones."""
    merged = UserDictionary()
    for path in paths:
        merged = merged.merge(load_dictionary(path))
    return merged


# --------------------------------------------------------------------------- helpers


def _start_key(period: CodedPeriod) -> datetime.date:
    return period.start if period.start is not None else datetime.date.min


def _distinct(values: Iterable[Any]) -> list[Any]:
    seen: set[int] = set()
    out = []
    for value in values:
        if id(value) not in seen:
            seen.add(id(value))
            out.append(value)
    return out


def _read_text(path: Path) -> str:
    if not path.exists():
        raise DictionaryError(f"{path}: dictionary file does not exist; check the path")
    if not path.is_file():
        raise DictionaryError(f"{path}: is not a file; give the path of a dictionary file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DictionaryError(
            f"{path}: cannot read dictionary file ({exc.strerror}); check its permissions"
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # old TABARI files; never fails


def _sniff(path: Path, lines: list[tuple[int, str]]) -> str:
    has_block = False
    for _, text in lines:
        if _SUBST_DEF_RE.match(text.strip()):
            return "agents"
        for block in re.findall(r"\[([^\]]*)\]", text):
            has_block = True
            block = block.strip()
            if block.startswith("~") or block.endswith("~"):
                return "agents"
    if has_block:
        return "actors"
    raise DictionaryError(
        f"{path}: cannot tell whether this is an actor or an agent dictionary (no [CODE] "
        "blocks found); rename it to .actors or .agents, or use .csv / .yaml"
    )


def _tabari_date(digits: str) -> datetime.date:
    if len(digits) == 6:
        yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        year = 2000 + yy if yy < 30 else 1900 + yy
    elif len(digits) == 8:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    else:
        raise ValueError(f"date {digits!r} is neither yymmdd nor yyyymmdd")
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"invalid date {digits!r} ({exc})") from None


def _iso_date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"invalid date {value!r}; use YYYY-MM-DD") from None


def _code(raw: str) -> str:
    code = raw.strip()
    if not _CODE_RE.match(code):
        raise ValueError(f"invalid code {raw!r}")
    return "" if code == "---" else code.upper()


def _parse_block(block: str) -> CodedPeriod:
    """One ``[...]`` actor code block (without the brackets)."""
    match = _BLOCK_RE.match(block.strip())
    if not match:
        raise ValueError(f"malformed code block [{block}]")
    try:
        code = _code(match["code"])
    except ValueError as exc:
        raise ValueError(f"malformed code block [{block}] ({exc})") from None
    if match["op"] == "<":
        return CodedPeriod(code, None, _tabari_date(match["date"]) - _ONE_DAY)
    if match["op"] == ">":
        return CodedPeriod(code, _tabari_date(match["date"]) + _ONE_DAY, None)
    if match["d1"]:
        start, end = _tabari_date(match["d1"]), _tabari_date(match["d2"])
        if start > end:
            raise ValueError(f"date range in [{block}] ends before it starts")
        return CodedPeriod(code, start, end)
    return CodedPeriod(code)


def _parse_role(raw: str) -> tuple[str, str, str | None]:
    """``~GOV`` -> ("GOV", "suffix"); ``NGO~`` -> ("NGO", "prefix"); plus a problem, if any."""
    role = "".join(raw.split()).upper()
    problem = None
    if role.startswith("~") and not role.endswith("~"):
        role, position = role[1:], "suffix"
    elif role.endswith("~") and not role.startswith("~"):
        role, position = role[:-1], "prefix"
    else:
        position = "suffix"
        role = role.strip("~")
        problem = f"role [{raw.strip()}] has no single leading or trailing '~'; taken as suffix"
    if not _ROLE_RE.match(role):
        raise ValueError(f"invalid role code [{raw.strip()}]")
    return role, position, problem


def _regular_plurals(phrase: str) -> list[str]:
    """The regular English plural of a phrase's last word; none if it already looks plural."""
    if re.search(r"[^SUI]S$", phrase):  # OFFICIALS, FORCES (but CONGRESS, BUS, ...)
        return []
    return [_regular_plural(phrase)]


def _regular_plural(phrase: str) -> str:
    if re.search(r"[^AEIOU]Y$", phrase):
        return phrase[:-1] + "IES"
    if re.search(r"(?:S|X|Z|CH|SH)$", phrase):
        return phrase + "ES"
    return phrase + "S"


@dataclass
class _PendingActor:
    phrase: str
    line: int
    synonyms: dict[str, int] = field(default_factory=dict)  # synonym -> line
    periods: list[CodedPeriod] = field(default_factory=list)


class _Loader:
    """Builds one :class:`UserDictionary` from one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.result = UserDictionary()
        self._key_origin: dict[tuple[str, str], str] = {}

    # ------------------------------------------------------------------ bookkeeping

    def warn(self, line: int, reason: str) -> None:
        self.result.warnings.append(DictionaryWarning(self.file, line, reason))

    def origin(self, line: int) -> str:
        return f"{self.file}:{line}"

    def _claim(self, table: str, key: str, line: int, owner: object, *, weak: bool = False) -> bool:
        """Record that ``key`` belongs to ``owner``; warn when it overrides another entry.

        A ``weak`` key (an automatically generated plural) never overrides another entry.
        """
        target: dict[str, Any] = getattr(self.result, table)
        existing = target.get(key)
        if existing is not None and existing is not owner:
            if weak:
                return False
            self.warn(line, f"{key!r} is already defined at "
                      f"{self._key_origin[(table, key)]}; this entry overrides it")
        target[key] = owner
        self._key_origin[(table, key)] = self.origin(line)
        return True

    # ------------------------------------------------------------------ TABARI text

    def strip_comments(self, text: str) -> list[tuple[int, str]]:
        """Lines (number, text) with ``<!-- ... -->`` blocks and ``#`` comments removed."""
        out: list[tuple[int, str]] = []
        open_line = 0  # line where the current <!-- block opened, 0 when not in one
        for number, raw in enumerate(text.splitlines(), start=1):
            rest, kept = raw, ""
            while rest:
                if open_line:
                    close = rest.find(_COMMENT_CLOSE)
                    if close < 0:
                        rest = ""
                        break
                    rest = rest[close + len(_COMMENT_CLOSE):]
                    open_line = 0
                    continue
                hash_at, open_at = rest.find("#"), rest.find(_COMMENT_OPEN)
                if hash_at >= 0 and (open_at < 0 or hash_at < open_at):
                    kept += rest[:hash_at]
                    break
                if open_at < 0:
                    kept += rest
                    break
                kept += rest[:open_at] + " "
                rest = rest[open_at + len(_COMMENT_OPEN):]
                open_line = number
            out.append((number, kept.rstrip()))
        if open_line:
            self.warn(open_line, "comment '<!--' is never closed with '-->'; the rest of the "
                      "file was ignored")
        return out

    def _blocks(self, number: int, text: str) -> tuple[str, list[str]]:
        """Split ``PHRASE [A] [B]`` into the text before the first block and the blocks."""
        head, bracket, tail = text.partition("[")
        blocks: list[str] = []
        if not bracket:
            return head, blocks
        tail = "[" + tail
        pos = 0
        while pos < len(tail):
            if tail[pos].isspace():
                pos += 1
                continue
            if tail[pos] != "[":
                self.warn(number, f"unexpected text {tail[pos:].strip()!r} after code blocks; "
                          "ignored")
                break
            close = tail.find("]", pos)
            if close < 0:
                self.warn(number, f"code block {tail[pos:].strip()!r} has no closing ']'; "
                          "ignored")
                break
            blocks.append(tail[pos + 1:close])
            pos = close + 1
        return head, blocks

    def load_actors(self, lines: list[tuple[int, str]]) -> None:
        pending: _PendingActor | None = None
        for number, text in lines:
            stripped = text.strip()
            if not stripped:
                continue
            if stripped.startswith("+"):
                if pending is None:
                    self.warn(number, "synonym line '+...' without a preceding entry; ignored")
                    continue
                head, blocks = self._blocks(number, stripped[1:])
                synonym = normalize_phrase(head)
                if not synonym:
                    self.warn(number, "empty synonym; ignored")
                elif synonym != pending.phrase and synonym not in pending.synonyms:
                    pending.synonyms[synonym] = number
                self._add_periods(pending, number, blocks)
                continue
            if stripped.startswith("["):
                if pending is None:
                    self.warn(number, "code block without a preceding entry; ignored")
                    continue
                _, blocks = self._blocks(number, stripped)
                self._add_periods(pending, number, blocks)
                continue
            if text[:1].isspace():
                self.warn(number, f"indented line {stripped!r} is neither a code block nor a "
                          "synonym; ignored")
                continue
            if pending is not None:
                self._finish_actor(pending)
            head, blocks = self._blocks(number, stripped)
            phrase = normalize_phrase(head)
            if not phrase or "]" in phrase:
                self.warn(number, f"malformed entry {stripped!r}; ignored")
                pending = None
                continue
            pending = _PendingActor(phrase, number)
            self._add_periods(pending, number, blocks)
        if pending is not None:
            self._finish_actor(pending)

    def _add_periods(self, pending: _PendingActor, number: int, blocks: list[str]) -> None:
        for block in blocks:
            try:
                pending.periods.append(_parse_block(block))
            except ValueError as exc:
                self.warn(number, f"{exc}; ignored")

    def _finish_actor(self, pending: _PendingActor) -> None:
        if not pending.periods:
            self.warn(pending.line, f"entry {pending.phrase!r} has no valid code block; "
                      "ignored (use [---] for a known actor without a code)")
            return
        undated = [p for p in pending.periods if not p.dated]
        if len(undated) > 1:
            self.warn(pending.line, f"entry {pending.phrase!r} has several undated codes; "
                      f"{undated[0].code or '---'!r} is used when no dated code applies")
        entry = ActorEntry(pending.phrase, pending.periods, list(pending.synonyms),
                           self.origin(pending.line))
        self._claim("actors", entry.phrase, pending.line, entry)
        for synonym, line in pending.synonyms.items():
            self._claim("actors", synonym, line, entry)

    def _store_actor(self, entry: ActorEntry, line: int) -> None:
        for key in (entry.phrase, *entry.synonyms):
            self._claim("actors", key, line, entry)

    def load_agents(self, lines: list[tuple[int, str]]) -> None:
        substitutions: dict[str, list[str]] = {}
        pending: tuple[int, str] | None = None  # phrase line still waiting for its role
        for number, text in lines:
            stripped = text.strip()
            if not stripped:
                continue
            definition = _SUBST_DEF_RE.match(stripped)
            if definition:
                values = [normalize_phrase(v) for v in definition["values"].split(",")]
                if not all(values):
                    self.warn(number, f"substitution set !{definition['name']}! has an empty "
                              "alternative; empty alternatives ignored")
                    values = [v for v in values if v]
                if values:
                    substitutions[definition["name"].upper()] = values
                continue
            if stripped.startswith("+"):
                self.warn(number, "synonym lines '+...' are not used in agent dictionaries; "
                          "give each phrase its own line")
                continue
            if stripped.startswith("["):
                if pending is None:
                    self.warn(number, "role block without a preceding phrase; ignored")
                else:
                    self._agent_line(pending[0], f"{pending[1]} {stripped}", substitutions)
                    pending = None
                continue
            if text[:1].isspace():
                self.warn(number, f"indented line {stripped!r} is not a role block; ignored")
                continue
            if pending is not None:
                self.warn(pending[0], f"agent {pending[1]!r} has no role block; ignored")
                pending = None
            if "[" not in stripped:
                pending = (number, stripped)
                continue
            self._agent_line(number, stripped, substitutions)
        if pending is not None:
            self.warn(pending[0], f"agent {pending[1]!r} has no role block; ignored")

    def _agent_line(self, number: int, text: str, substitutions: dict[str, list[str]]) -> None:
        head, blocks = self._blocks(number, text)
        if len(blocks) != 1:
            self.warn(number, f"agent entry {text!r} needs exactly one role block like [~GOV]; "
                      "ignored")
            return
        try:
            role, position, problem = _parse_role(blocks[0])
        except ValueError as exc:
            self.warn(number, f"{exc}; ignored")
            return
        if problem:
            self.warn(number, problem)
        explicit: list[str] | None = None
        if "{" in head or "}" in head:
            match = re.fullmatch(r"([^{}]*)\{([^{}]*)\}\s*", head)
            if not match:
                self.warn(number, f"malformed plural braces in {text!r}; ignored")
                return
            head, explicit = match[1], match[2].split()
        try:
            phrases = self._expand(head, substitutions)
            plural_sets = [self._expand(p, substitutions) for p in explicit or []]
        except KeyError as exc:
            self.warn(number, f"substitution set !{exc.args[0]}! is not defined (define it "
                      f"with '!{exc.args[0]}! = A, B' before use); entry ignored")
            return
        substituted = bool(_SUBST_USE_RE.search(head))
        for phrase in phrases:
            if not phrase:
                self.warn(number, f"agent entry {text!r} has an empty phrase; ignored")
                return
            plurals = [p for group in plural_sets for p in group]
            weak = explicit is None and not substituted
            if weak:
                plurals = _regular_plurals(phrase)
            self._store_agent(
                AgentEntry(phrase, plurals, role, position, self.origin(number)),
                number, weak_plurals=weak,
            )

    def _expand(self, phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
        parts = _SUBST_USE_RE.split(phrase)  # literal, name, literal, name, ...
        choices: list[list[str]] = []
        for index, part in enumerate(parts):
            if index % 2:
                if part.upper() not in substitutions:
                    raise KeyError(part)
                choices.append(substitutions[part.upper()])
            else:
                choices.append([part])
        return [normalize_phrase("".join(combo)) for combo in itertools.product(*choices)]

    def _store_agent(self, entry: AgentEntry, line: int, *, weak_plurals: bool = False) -> None:
        self._claim("agents", entry.phrase, line, entry)
        kept = []
        for plural in entry.plurals:
            if plural != entry.phrase and plural not in kept and self._claim(
                "agents", plural, line, entry, weak=weak_plurals
            ):
                kept.append(plural)
        entry.plurals = kept

    # ------------------------------------------------------------------ CSV / YAML

    def load_csv(self, text: str, *, agents_file: bool) -> None:
        reader = csv.reader(io.StringIO(text))
        header: list[str] | None = None
        pending: dict[str, ActorEntry] = {}
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                missing = {"phrase", "code"} - set(header)
                if missing:
                    raise DictionaryError(
                        f"{self.file}:{number}: CSV dictionary header lacks "
                        f"{', '.join(sorted(missing))}; the first row must name the columns "
                        "phrase,code[,start,end,aliases,kind,plurals]"
                    )
                continue
            if len(row) > len(header):
                self.warn(number, f"row has {len(row)} cells but the header has "
                          f"{len(header)}; extra cells ignored")
            record: dict[str, Any] = {name: (row[i].strip() if i < len(row) else "")
                      for i, name in enumerate(header)}
            if record.get("aliases"):
                record["aliases"] = [a for a in record["aliases"].split(";") if a.strip()]
            plurals = record.get("plurals", "")
            if plurals == "-":
                record["plurals"] = []
            elif plurals:
                record["plurals"] = [p for p in plurals.split(";") if p.strip()]
            else:
                record.pop("plurals", None)
            self._record(record, number, agents_file, pending)

    def load_yaml(self, text: str, *, agents_file: bool) -> None:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            groups: list[tuple[yaml.Node, bool]] = []
            if root is None:
                return
            if isinstance(root, yaml.SequenceNode):
                groups.append((root, agents_file))
            elif isinstance(root, yaml.MappingNode):
                for key_node, value_node in root.value:
                    key = str(key_node.value).lower()
                    if key not in ("actors", "agents") or not isinstance(
                        value_node, yaml.SequenceNode
                    ):
                        self.warn(key_node.start_mark.line + 1,
                                  f"top-level key {key_node.value!r} is not 'actors' or "
                                  "'agents' with a list of entries; ignored")
                        continue
                    groups.append((value_node, key == "agents"))
            else:
                raise DictionaryError(
                    f"{self.file}: a YAML dictionary must be a list of entries or a mapping "
                    "with 'actors' / 'agents' lists"
                )
            pending: dict[str, ActorEntry] = {}
            for sequence, agents in groups:
                for node in sequence.value:
                    number = node.start_mark.line + 1
                    value = loader.construct_document(node)
                    if not isinstance(value, dict):
                        self.warn(number, "entry is not a mapping with phrase and code; ignored")
                        continue
                    self._record(value, number, agents, pending)
        except yaml.YAMLError as exc:
            raise DictionaryError(
                f"{self.file}: not valid YAML ({exc}); fix the syntax at the position shown"
            ) from exc
        finally:
            loader.dispose()

    def _record(self, record: dict[str, Any], number: int, agents_default: bool,
                pending: dict[str, ActorEntry]) -> None:
        """One CSV row or YAML entry (already turned into a dict)."""
        kind = str(record.get("kind") or ("agent" if agents_default else "actor")).lower()
        if kind not in ("actor", "actors", "agent", "agents"):
            self.warn(number, f"kind {kind!r} is neither 'actor' nor 'agent'; entry ignored")
            return
        phrase = normalize_phrase(str(record.get("phrase") or ""))
        if not phrase:
            self.warn(number, "entry has no phrase; ignored")
            return
        if kind.startswith("agent"):
            self._agent_record(record, number, phrase)
        else:
            self._actor_record(record, number, phrase, pending)

    def _actor_record(self, record: dict[str, Any], number: int, phrase: str,
                      pending: dict[str, ActorEntry]) -> None:
        specs = record.get("periods")
        if specs is None:
            specs = [record]
        elif not isinstance(specs, list):
            self.warn(number, "'periods' must be a list of {code, start, end}; entry ignored")
            return
        periods = []
        for spec in specs:
            if not isinstance(spec, dict):
                self.warn(number, "a period must be a mapping {code, start, end}; ignored")
                continue
            raw = spec.get("code")
            if raw is None or not str(raw).strip():
                self.warn(number, f"{phrase!r} has no code (use --- for a known actor without "
                          "a code); ignored")
                continue
            try:
                code = _code(str(raw))
                start, end = _iso_date(spec.get("start")), _iso_date(spec.get("end"))
            except ValueError as exc:
                self.warn(number, f"{exc}; ignored")
                continue
            if start and end and start > end:
                self.warn(number, f"period of {phrase!r} ends before it starts; ignored")
                continue
            periods.append(CodedPeriod(code, start, end))
        aliases = record.get("aliases", record.get("synonyms")) or []
        if isinstance(aliases, str):
            aliases = [aliases]
        synonyms = [s for s in (normalize_phrase(str(a)) for a in aliases) if s and s != phrase]
        if not periods:
            return
        entry = pending.get(phrase)
        if entry is not None:  # another period (row) for the same phrase
            entry.periods.extend(periods)
            for synonym in synonyms:
                if synonym not in entry.synonyms:
                    entry.synonyms.append(synonym)
                    self._claim("actors", synonym, number, entry)
            return
        entry = ActorEntry(phrase, periods, list(dict.fromkeys(synonyms)), self.origin(number))
        pending[phrase] = entry
        self._store_actor(entry, number)

    def _agent_record(self, record: dict[str, Any], number: int, phrase: str) -> None:
        raw = record.get("role", record.get("code"))
        if not raw or not str(raw).strip():
            self.warn(number, f"agent {phrase!r} has no role (e.g. ~GOV); ignored")
            return
        raw = str(raw).strip()
        if "~" not in raw:
            position = str(record.get("position") or "suffix").lower()
            if position not in ("suffix", "prefix"):
                self.warn(number, f"position {position!r} is neither suffix nor prefix; "
                          "taken as suffix")
                position = "suffix"
            raw = "~" + raw if position == "suffix" else raw + "~"
        try:
            role, position, problem = _parse_role(raw)
        except ValueError as exc:
            self.warn(number, f"{exc}; ignored")
            return
        if problem:
            self.warn(number, problem)
        given = record.get("plurals")
        if given is None:
            plurals, weak = _regular_plurals(phrase), True
        else:
            if isinstance(given, str):
                given = [given]
            plurals = [p for p in (normalize_phrase(str(g)) for g in given) if p]
            weak = False
        self._store_agent(AgentEntry(phrase, plurals, role, position, self.origin(number)),
                          number, weak_plurals=weak)

