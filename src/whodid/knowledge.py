"""The actor knowledge base: countries, organizations and role nouns, loaded from data files.

The files live in ``whodid/data`` (``countries.tsv``, ``organizations.yaml``, ``roles.yaml``,
``people.yaml``, ``successions.tsv``) and are plain text a user can read and extend.
Everything here is keyed for fast lookup by the actors, places and events stages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from whodid.resources import data_path, read_tsv

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster


def _yaml_load(text):
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-3
    iso2: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]  # the state's demonyms and its peoples' (``peoples``)
    capital: str | None
    seats: tuple[tuple[str, str], ...]  # (phrase, CAMEO role) metonyms for state institutions
    lat: float | None = None
    lon: float | None = None
    #: peoples living within the country ("Yoruba", "Tibetan"): coded with the country, but
    #: their leaders hold no office of its state
    peoples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organization:
    name: str
    code: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    strict_aliases: tuple[str, ...] = ()  # matched case-sensitively only


@dataclass(frozen=True)
class Post:
    role: str  # CAMEO role code
    title: str
    start: dt.date | None
    end: dt.date | None
    country: str | None = None  # when the post belongs to another state or organization


@dataclass(frozen=True)
class Person:
    name: str
    country: str
    posts: tuple[Post, ...]
    aliases: tuple[str, ...] = ()

    def post_on(self, day: dt.date | None) -> Post | None:
        """The post held on ``day``; else the last one before it; else the first one.
        Without a date, the most recent post."""
        if not self.posts:
            return None
        if day is None:
            return max(self.posts, key=lambda p: p.start or dt.date.min)
        held = [p for p in self.posts if (p.start is None or p.start <= day)
                and (p.end is None or day <= p.end)]
        if held:
            return max(held, key=lambda p: p.start or dt.date.min)
        before = [p for p in self.posts if p.end is not None and p.end < day]
        if before:
            return max(before, key=lambda p: p.end)
        return min(self.posts, key=lambda p: p.start or dt.date.max)

    def active_on(self, day: dt.date | None) -> bool:
        return day is not None and any(
            (p.start is None or p.start <= day) and (p.end is None or day <= p.end)
            for p in self.posts)

    def code_on(self, day: dt.date | None) -> tuple[str, str | None]:
        """(country, role) on ``day``: "Kerry" is (USA, LEG) in 2005, (USA, GOV) in 2014."""
        post = self.post_on(day)
        if post is None:
            return self.country, None
        return post.country or self.country, post.role


@dataclass(frozen=True)
class Entry:
    """What a phrase in the text denotes, as far as the knowledge base knows."""

    kind: str  # country, adjective, seat, organization, role, person
    name: str
    code: str | None = None  # full actor code where the entry fixes one (organizations)
    country: str | None = None
    sector: str | None = None


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    organizations: list[Organization] = field(default_factory=list)
    #: case-sensitive surface phrase -> entry (country names, adjectives, seats, organizations)
    proper: dict[str, Entry] = field(default_factory=dict)
    #: lowercase role phrase (singular lemma form) -> CAMEO role code
    roles: dict[str, str] = field(default_factory=dict)
    honorifics: frozenset[str] = frozenset()
    #: name or alias (case-sensitive) -> the people it may denote
    people: dict[str, list[Person]] = field(default_factory=dict)
    #: keys of ``people`` that are surnames derived from a full name, not listed aliases
    derived_surnames: frozenset[str] = frozenset()
    #: role nouns naming a body, not a person ("ministry", "army"): never a person's antecedent
    institutions: frozenset[str] = frozenset()
    #: nouns of a people living somewhere ("population", "community", "minority")
    populations: frozenset[str] = frozenset()
    #: places a force holds ("a rebel stronghold", "an army base"): they stand for the force
    holdings: frozenset[str] = frozenset()
    #: successor state -> (predecessor, the day the successor came into being)
    successions: dict[str, tuple[str, dt.date]] = field(default_factory=dict)

    def country_on(self, code: str | None, day: dt.date | None) -> str | None:
        """The state ``code``'s territory belonged to on ``day``: "SSD" is "SDN" before
        South Sudan's independence (2011-07-09); without a date, ``code`` itself."""
        if day is None or not self.successions:
            return code
        for _ in range(4):  # a predecessor may have had one too
            succession = self.successions.get(code or "")
            if succession is None or day >= succession[1]:
                break
            code = succession[0]
        return code

    def code_on(self, code: str | None, day: dt.date | None) -> str | None:
        """An actor code whose country prefix is read on ``day`` ("SSDPTYSPL" in 2005 ->
        "SDNPTYSPL")."""
        if not code or day is None:
            return code
        country = self.country_on(code[:3], day)
        return code if country == code[:3] else (country or "") + code[3:]

    def entry_on(self, entry: Entry, day: dt.date | None) -> Entry:
        """What ``entry`` denoted on ``day``: a country, people or organization of a state
        that did not exist yet is its predecessor's; a successor's seat of power is then a
        city of the predecessor ("Juba" in 1992 names a Sudanese place, no government)."""
        if day is None or entry.country not in self.successions:
            return entry
        country = self.country_on(entry.country, day)
        if country == entry.country:
            return entry
        if entry.kind in ("seat", "country"):
            return Entry("country", self.countries[country].name, country, country)
        return Entry(entry.kind, entry.name, self.code_on(entry.code, day), country,
                     entry.sector)

    def capital_country(self, name: str) -> str | None:
        """The country whose capital is ``name`` ("Tehran" -> "IRN")."""
        if not hasattr(self, "_capitals"):
            self._capitals = {c.capital.casefold(): c.code for c in self.countries.values()
                              if c.capital}
        return self._capitals.get(name.casefold())

    def person(self, name: str, day: dt.date | None) -> Person | None:
        """The person ``name`` denotes on ``day``: of several with that name, the one holding
        a post that day, else the first of them when they all have the same country and role
        that day (which of them it is does not change the code), else None."""
        candidates = self.people.get(name)
        if not candidates:
            return None
        active = [p for p in candidates if p.active_on(day)]
        if name in self.derived_surnames and day is not None and not active:
            return None  # a bare "Martin" is the Canadian premier only while he is one
        if len(active) == 1 or (active and len(candidates) == 1):
            return active[0]
        alike = active or candidates
        if len({p.code_on(day) for p in alike}) == 1:
            # people of one name whom one code fits ("President Bush" in an undated
            # sentence is one of two American presidents): either codes the same
            return alike[0]
        return None  # two people of that name, coded apart: don't guess

    def former_holder(self, name: str, day: dt.date | None) -> Person | None:
        """The one person ``name`` may denote who had left a post by ``day``: "former
        president Menem" years after his term (a bare surname otherwise names only someone
        in office then)."""
        if day is None:
            return None
        left = [p for p in self.people.get(name, ())
                if any(post.end is not None and post.end <= day for post in p.posts)]
        return left[0] if len(left) == 1 else None

    def leader_country(self, name: str, day: dt.date | None) -> str | None:
        """The country of the leader ``name`` denotes ("the Bush administration", "Putin's
        government"): that person's on ``day``, else the one country every person of that
        name belongs to (both Bushes are American)."""
        person = self.person(name, day)
        countries = {person.code_on(day)[0]} if person is not None else {
            p.country for p in self.people.get(name, ())}
        country = countries.pop() if len(countries) == 1 else None
        return country if country in self.countries else None  # not a UN secretary-general

    def misspelled(self, surname: str, first: str | None, role: str | None) -> Person | None:
        """The one person whose long surname (7+ letters) ``surname`` misspells by one
        letter ("Mitterand", "Habyariman"), when the text also gives that person's first
        name or a title of a role he held; None otherwise, so that ordinary names near a
        known one ("Johnsen") are left alone."""
        if len(surname) < 6 or surname in self.people or (first is None and role is None):
            return None
        folded = _fold(surname)
        found = [p for key in _one_edit_away(folded, self._surnames())
                 for p in self._surname_people[key]]
        if first is not None:
            found = [p for p in found if _fold(first) == _fold(p.name.split()[0])]
        else:
            found = [p for p in found if any(post.role == role for post in p.posts)]
        return found[0] if len({p.name for p in found}) == 1 else None

    def _surnames(self) -> dict[str, set[str]]:
        """Each long surname and each of its one-letter deletions -> the surnames: two words
        one edit apart share an entry (a symmetric-deletion index, so a lookup does not scan
        every surname)."""
        if not hasattr(self, "_surname_index"):
            people_by_surname: dict[str, list[Person]] = {}
            for people in self.people.values():
                for person in people:
                    surname = _fold(person.name.split()[-1])
                    if len(surname) >= 7 and person not in people_by_surname.get(surname, []):
                        people_by_surname.setdefault(surname, []).append(person)
            self._surname_people = people_by_surname
            self._surname_index = _deletion_index(people_by_surname)
        return self._surname_index

    def misspelled_country(self, word: str) -> Entry | None:
        """The country name or adjective a capitalized ``word`` misspells by one letter
        ("Afganistan", "Pakistian"; names of 7+ letters, or two swapped letters of a
        6-letter one: "Isreal") or by a misplaced double letter ("Phillipines"), when all
        it may misspell are of one country and the word is no name the knowledge base
        knows; None otherwise.  The caller checks that the word is no English word or
        place."""
        if not 6 <= len(word) <= 30 or not word[0].isupper() or not word[1:].islower() \
                or word in self.proper or word in self.people:
            return None
        if not hasattr(self, "_country_index"):
            # a country's English name and adjectives, single words only ("Saudi Arabai"
            # is left alone; so are other names: "Neverland" is no "Nederland")
            phrases = [phrase for country in self.countries.values()
                       for phrase in (_strip_the(country.name), *country.adjectives)]
            self._country_words = {
                _fold(phrase): self.proper[phrase] for phrase in phrases
                if phrase.isalpha() and len(phrase) >= 6 and phrase[0].isupper()
                and phrase in self.proper
                and self.proper[phrase].kind in ("country", "adjective")}
            self._country_index = _deletion_index(self._country_words)
        folded = _fold(word)
        keys = [key for key in _one_edit_away(folded, self._country_index, _moved_double)
                if len(key) >= 7 or sorted(key) == sorted(folded)]  # 6 letters: a swap only
        entries = [self._country_words[key] for key in keys]
        if not entries or len({e.country for e in entries}) != 1:
            return None
        return entries[0]

    def country_by_name(self, name: str, day: dt.date | None = None) -> Country | None:
        """The country a country name or adjective names (on ``day``: "Eritrean" in 1990
        is Ethiopian)."""
        entry = self.proper.get(name) or self.proper.get(_strip_the(name))
        if entry is not None and entry.kind in ("country", "adjective") and entry.country:
            return self.countries.get(self.country_on(entry.country, day) or "")
        return None


def _fold(name: str) -> str:
    """Lowercase without accents: "François" -> "francois"."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold())
                   if not unicodedata.combining(c))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletion_index(words) -> dict[str, set[str]]:
    """Each word and each of its one-letter deletions -> the words: two words one edit
    apart share an entry (a symmetric-deletion index, so a lookup does not scan every
    word)."""
    index: dict[str, set[str]] = {}
    for word in words:
        for variant in (word, *_deletions(word)):
            index.setdefault(variant, set()).add(word)
    return index


def _one_edit_away(word: str, index: dict[str, set[str]], also=None) -> list[str]:
    """The indexed words exactly one edit from ``word`` (or related to it by ``also``),
    sorted."""
    keys = {key for variant in (word, *_deletions(word)) for key in index.get(variant, ())}
    return sorted(key for key in keys if _one_edit(key, word)
                  or also is not None and also(key, word))


def _moved_double(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by which letter is doubled ("phillipines",
    "philippines"): the commonest misspelling of long names after a single edit."""
    if len(a) != len(b) or a == b:
        return False
    undoubled = {a[:i] + a[i + 1:] for i in range(1, len(a)) if a[i] == a[i - 1]}
    return any(b[:i] + b[i + 1:] in undoubled for i in range(1, len(b)) if b[i] == b[i - 1])


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one inserted, deleted, replaced or swapped
    letter."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1:]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _strip_the(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


def load_countries(path: Path | None = None) -> dict[str, Country]:
    centroids = {
        row["code"]: (float(row["lat"]), float(row["lon"]))
        for row in read_tsv(data_path("country_centroids.tsv"))
    } if data_path("country_centroids.tsv").exists() else {}
    countries: dict[str, Country] = {}
    for row in read_tsv(path or data_path("countries.tsv")):
        seats = []
        for item in _split(row.get("seats")):
            phrase, _, role = item.rpartition(":")
            if phrase and role:
                seats.append((phrase.strip(), role.strip().upper()))
        lat, lon = centroids.get(row["code"], (None, None))
        peoples = _split(row.get("peoples"))
        countries[row["code"]] = Country(
            code=row["code"],
            iso2=row.get("iso2") or "",
            name=row["name"],
            names=_split(row.get("names")),
            adjectives=_split(row.get("adjectives")) + peoples,
            peoples=peoples,
            capital=(row.get("capital") or "").strip() or None,
            seats=tuple(seats),
            lat=lat,
            lon=lon,
        )
    return countries


def load_successions(path: Path | None = None) -> dict[str, tuple[str, dt.date]]:
    """Successor state -> (predecessor, first day of the successor), from successions.tsv."""
    path = path or data_path("successions.tsv")
    if not path.exists():
        return {}
    return {row["code"]: (row["predecessor"], dt.date.fromisoformat(row["since"]))
            for row in read_tsv(path)}


def load_organizations(path: Path | None = None) -> list[Organization]:
    records = _yaml_load((path or data_path("organizations.yaml")).read_text("utf-8")) or []
    organizations = []
    for record in records:
        organizations.append(
            Organization(
                name=record["name"],
                code=str(record["code"]).upper(),
                country=record.get("country"),
                sector=record.get("sector"),
                aliases=tuple(str(a) for a in record.get("aliases") or ()),
                strict_aliases=tuple(str(a) for a in record.get("strict_aliases") or ()),
            )
        )
    return organizations


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def load_people(path: Path | None = None) -> list[Person]:
    """Officials with their posts and dates, from people.yaml."""
    path = path or data_path("people.yaml")
    if not path.exists():
        return []
    people = []
    for record in _yaml_load(path.read_text("utf-8")) or []:
        posts = tuple(
            Post(role=str(p["role"]).upper(), title=str(p.get("title") or ""),
                 start=_date(p.get("start")), end=_date(p.get("end")),
                 country=p.get("country"))
            for p in record.get("posts") or ())
        people.append(Person(name=record["name"], country=str(record["country"]).upper(),
                             posts=posts,
                             aliases=tuple(str(a) for a in record.get("aliases") or ())))
    return people


_ARABIC_ARTICLE = re.compile(r"\b(?:al|el|Al|El)[- ](?=[A-Z])")


def _article_variants(name: str) -> set[str]:
    """A name with its Arabic article spelled the ways wires spell it: "Omar al-Bashir",
    "Omar el-Bashir", "Omar El Bashir", "Omar Al-Bashir", "Omar Bashir"."""
    if not _ARABIC_ARTICLE.search(name):
        return {name}
    return {name, *(_ARABIC_ARTICLE.sub(spelling, name)
                    for spelling in ("al-", "el-", "Al-", "El-", "Al ", "El ", ""))}


def _index_people(people: list[Person]) -> tuple[dict[str, list[Person]], frozenset[str]]:
    """Every name and alias, plus each surname (last word of the name), to its people; and
    the keys that are only such derived surnames."""
    index: dict[str, list[Person]] = {}
    given: set[str] = set()
    derived: set[str] = set()
    for person in people:
        names = {variant for name in (person.name, *person.aliases)
                 for variant in _article_variants(name)}
        given.update(names)
        surname = person.name.split()[-1]
        if len(surname) > 3 and surname[0].isupper() and not surname.endswith("."):
            names.add(surname)
            # "al-Bashir", "El Bashir", "Bashir": the article-less form too
            for prefix in ("al-", "Al-", "el-", "El-", "ul-", "bin-"):
                if surname.startswith(prefix) and len(surname) > len(prefix) + 3:
                    names.add(surname[len(prefix):])
        derived.update(names - {person.name, *person.aliases})
        for name in names:
            bucket = index.setdefault(name, [])
            if person not in bucket:
                bucket.append(person)
    return index, frozenset(derived - given)


def load_roles(path: Path | None = None) -> tuple[dict[str, str], frozenset[str],
                                                 frozenset[str], frozenset[str],
                                                 frozenset[str]]:
    """(role phrase -> CAMEO role, honorific titles, institution nouns, population nouns,
    holding nouns) from roles.yaml."""
    table = _yaml_load((path or data_path("roles.yaml")).read_text("utf-8")) or {}
    roles: dict[str, str] = {}
    for role, phrases in table.items():
        if str(role).startswith("_"):
            continue  # _titles_only, _institutions: word lists, not roles
        for phrase in phrases or ():
            roles.setdefault(str(phrase).lower(), str(role).upper())

    def words(key: str) -> frozenset[str]:
        return frozenset(str(p).lower().rstrip(".") for p in table.get(key) or ())

    return (roles, words("_titles_only"), words("_institutions"), words("_populations"),
            words("_holdings"))


@cache
def knowledge_base() -> KnowledgeBase:
    """The built-in knowledge base (loaded once per process)."""
    kb = KnowledgeBase(countries=load_countries(), organizations=load_organizations(),
                       successions=load_successions())
    kb.roles, kb.honorifics, kb.institutions, kb.populations, kb.holdings = load_roles()
    kb.people, kb.derived_surnames = _index_people(load_people())
    # A surname that is also a title ("King", "Bishop", "Major") names no one by itself:
    # "King Hassan of Morocco" is a king, not Martin Luther King.
    for surname in [s for s in kb.derived_surnames if s.lower() in kb.roles
                    or s.lower() in kb.honorifics]:
        kb.people.pop(surname, None)
    # Organizations first: their aliases win over a country's same-spelled adjective.
    for org in kb.organizations:
        entry = Entry("organization", org.name, org.code, org.country, org.sector)
        for alias in (org.name, *org.aliases, *org.strict_aliases):
            kb.proper.setdefault(alias, entry)
    for country in kb.countries.values():
        for name in (country.name, *country.names):
            kb.proper.setdefault(_strip_the(name), Entry("country", country.name, country.code,
                                                         country.code))
        for adjective in country.adjectives:
            kb.proper.setdefault(adjective, Entry("adjective", country.name, country.code,
                                                  country.code))
        for phrase, role in country.seats:
            kb.proper.setdefault(_strip_the(phrase), Entry("seat", phrase, country.code + role,
                                                           country.code, role))
    return kb
