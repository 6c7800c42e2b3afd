"""The actor knowledge base: countries, organizations and role nouns, loaded from data files.

The files live in ``whodid/data`` (``countries.tsv``, ``organizations.yaml``, ``roles.yaml``)
and are plain text a user can read and extend.  Everything here is keyed for fast lookup
by the actors, places and events stages.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from whodid.resources import data_path


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-3
    iso2: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None
    seats: tuple[tuple[str, str], ...]  # (phrase, CAMEO role) metonyms for state institutions
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Organization:
    name: str
    code: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    strict_aliases: tuple[str, ...] = ()  # matched case-sensitively only


@dataclass(frozen=True)
class Entry:
    """What a phrase in the text denotes, as far as the knowledge base knows."""

    kind: str  # country, adjective, seat, organization, role
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
    #: role nouns naming a body, not a person ("ministry", "army"): never a person's antecedent
    institutions: frozenset[str] = frozenset()

    def capital_country(self, name: str) -> str | None:
        """The country whose capital is ``name`` ("Tehran" -> "IRN")."""
        if not hasattr(self, "_capitals"):
            self._capitals = {c.capital.casefold(): c.code for c in self.countries.values()
                              if c.capital}
        return self._capitals.get(name.casefold())

    def country_by_name(self, name: str) -> Country | None:
        entry = self.proper.get(name) or self.proper.get(_strip_the(name))
        if entry is not None and entry.kind in ("country", "adjective") and entry.country:
            return self.countries.get(entry.country)
        return None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _strip_the(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_countries(path: Path | None = None) -> dict[str, Country]:
    centroids = {
        row["code"]: (float(row["lat"]), float(row["lon"]))
        for row in _read_tsv(data_path("country_centroids.tsv"))
    } if data_path("country_centroids.tsv").exists() else {}
    countries: dict[str, Country] = {}
    for row in _read_tsv(path or data_path("countries.tsv")):
        seats = []
        for item in _split(row.get("seats")):
            phrase, _, role = item.rpartition(":")
            if phrase and role:
                seats.append((phrase.strip(), role.strip().upper()))
        lat, lon = centroids.get(row["code"], (None, None))
        countries[row["code"]] = Country(
            code=row["code"],
            iso2=row.get("iso2") or "",
            name=row["name"],
            names=_split(row.get("names")),
            adjectives=_split(row.get("adjectives")),
            capital=(row.get("capital") or "").strip() or None,
            seats=tuple(seats),
            lat=lat,
            lon=lon,
        )
    return countries


def load_organizations(path: Path | None = None) -> list[Organization]:
    records = yaml.safe_load((path or data_path("organizations.yaml")).read_text("utf-8")) or []
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


def load_roles(path: Path | None = None
               ) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(role phrase -> CAMEO role, honorific titles, institution nouns) from roles.yaml."""
    table = yaml.safe_load((path or data_path("roles.yaml")).read_text("utf-8")) or {}
    roles: dict[str, str] = {}
    for role, phrases in table.items():
        if str(role).startswith("_"):
            continue  # _titles_only, _institutions: word lists, not roles
        for phrase in phrases or ():
            roles.setdefault(str(phrase).lower(), str(role).upper())

    def words(key: str) -> frozenset[str]:
        return frozenset(str(p).lower().rstrip(".") for p in table.get(key) or ())

    return roles, words("_titles_only"), words("_institutions")


@cache
def knowledge_base() -> KnowledgeBase:
    """The built-in knowledge base (loaded once per process)."""
    kb = KnowledgeBase(countries=load_countries(), organizations=load_organizations())
    kb.roles, kb.honorifics, kb.institutions = load_roles()
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
