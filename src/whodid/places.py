"""Places stage: find place mentions and resolve them against the offline gazetteer.

Mentions are spaCy's GPE/LOC/FAC entities, widened over a following division word
("Nineveh province"), plus capitalised names the gazetteer knows that the NER missed or
mislabelled, after a locative preposition ("in Sanaa") or before a division word; names
inside PERSON, ORG or NORP entities, demonyms and lowercase words never count.

Each mention is resolved by :mod:`whodid.gazetteer` (countries, first-level divisions,
GeoNames places) with the article's context: the countries it names and its actors'
countries (its focus), explicit containment ("Mosul, Iraq", "Tripoli in Lebanon",
"Nineveh province"), the dateline's country, population, capitals and division seats.
A name that cannot be resolved is left out; it never empties the rest.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache

from whodid.document import Document
from whodid.gazetteer import Entry
from whodid.gazetteer import gazetteer as _index
from whodid.knowledge import knowledge_base
from whodid.model import Place

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: labels the small model gives place names by mistake ("Aleppo" as NORP or LANGUAGE)
_MISLABELS = frozenset({"NORP", "LANGUAGE", "PRODUCT", "WORK_OF_ART", "EVENT"})
_NEVER_LABELS = frozenset({"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "CARDINAL",
                           "ORDINAL", "PERCENT", "QUANTITY", "LANGUAGE", "LAW", "EVENT",
                           "PRODUCT", "WORK_OF_ART"})
_DIVISION_WORDS = frozenset({"province", "governorate", "region", "state", "oblast",
                             "prefecture", "county", "district", "department"})
_WHERE = frozenset({"in", "at", "near", "outside", "inside", "from", "to", "toward",
                    "towards", "into", "around", "across", "through", "via",
                    "of", "on", "eastern", "western", "northern", "southern", "central"})
_STRICT_WHERE = frozenset({"in", "at", "near", "outside", "inside", "into", "across",
                           "through"})
#: alternate names and small places must be this populous to count without context
_COMPASS = frozenset({"northern", "southern", "eastern", "western", "central",
                      "northeastern", "northwestern", "southeastern", "southwestern",
                      "north-eastern", "north-western", "south-eastern", "south-western",
                      "downtown", "suburban", "rural", "outer", "greater"})
_SETTLEMENTS = frozenset({"village", "villages", "town", "towns", "city", "cities", "district",
                          "districts", "neighbourhood", "neighborhood", "suburb", "suburbs",
                          "outskirts", "countryside", "area", "camp", "enclave", "port",
                          "capital", "municipality", "county", "township", "settlement"})
_ALTERNATE_MIN = 100_000
_GAZETTEER_MENTION_MIN = 20_000


@dataclass
class _Mention:
    text: str
    start: int
    end: int
    division: bool  # ends in a division word ("province")
    from_ner: bool


@dataclass
class _Context:
    focus: Counter[str]
    countries: frozenset[str] = frozenset()  # explicit containing countries
    admin1: frozenset[str] = frozenset()  # explicit containing divisions (GeoNames codes)
    division: bool = False


class Resolver:
    """Chooses among a name's gazetteer entries with the article's context."""

    def candidates(self, name: str) -> list[Entry]:
        """Every entry the gazetteer has under ``name``."""
        return _index().lookup(name)

    def resolve(self, name: str, context: _Context | Counter[str] | None = None
                ) -> Entry | None:
        """The most plausible entry for ``name`` in ``context`` (or with these focus
        countries); None when none is plausible."""
        if not isinstance(context, _Context):
            context = _Context(Counter(context or {}))
        candidates = [c for c in self.candidates(name) if _plausible(c, context)]
        if not candidates:
            return None
        return max(candidates, key=lambda entry: _score(entry, context))


def _contained(entry: Entry, context: _Context) -> bool:
    return entry.country in context.countries or bool(
        entry.admin1 and entry.admin1 in context.admin1)


def _plausible(entry: Entry, context: _Context) -> bool:
    """An alternate name ("Borno" for a German town) or a small place counts only when it
    is sizeable or in a country the article is about."""
    if entry.feature in ("country", "admin1", "region"):
        return entry.primary or entry.country in context.focus or _contained(entry, context)
    if entry.country in context.focus or _contained(entry, context):
        return True
    return entry.population >= (_ALTERNATE_MIN if not entry.primary else 1_000)


def _score(entry: Entry, context: _Context) -> float:
    score = math.log10(entry.population + 10)
    top = max(context.focus.values(), default=0)
    if top:
        score += 3.0 * context.focus.get(entry.country, 0) / top
    if entry.country in context.countries:
        score += 8.0
    if entry.admin1 and entry.admin1 in context.admin1:
        score += 4.0
    if not entry.primary and entry.seat < 2:  # a capital's short name is as good as its own
        score -= 2.0
    if entry.feature in ("country", "region"):
        score += 3.0
    elif entry.feature == "admin1":
        score += 5.0 if context.division else -1.5
    else:
        score += 0.5 * entry.seat
    return score


@cache
def _resolver() -> Resolver:
    return Resolver()


def gazetteer() -> Resolver:
    """The resolver over the offline gazetteer (``gazetteer().resolve(name)``)."""
    return _resolver()


@cache
def _demonyms() -> frozenset[str]:
    kb = knowledge_base()
    names = {n.casefold() for c in kb.countries.values() for n in (c.name, *c.names)}
    return frozenset(a.casefold() for c in kb.countries.values() for a in c.adjectives
                     if a.casefold() not in names)


def _named_as_where(ent) -> bool:
    """A one-word PERSON/ORG entity right after "in", "near", ... ("bombed positions in
    Sanaa", where the small model says PERSON); a person's full name never qualifies."""
    if ent.label_ not in ("PERSON", "ORG") or len(ent) != 1 or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.lower_ in _STRICT_WHERE and before.dep_ == "prep"


def _known_place(text: str, demonyms: frozenset[str]) -> bool:
    """A name the NER mislabelled ("Aleppo" as NORP) that is no demonym and that the
    gazetteer knows, without context, as a country, division, region or large city."""
    if not text[:1].isupper() or text.casefold() in demonyms or text.casefold() + "s" in demonyms:
        return False
    entry = _resolver().resolve(text)
    return entry is not None and entry.primary and (
        entry.feature != "city" or entry.population >= _ALTERNATE_MIN)


def _between_place_words(doc, index: int) -> bool:
    before = doc[index - 1] if index > 0 else None
    after = doc[index + 1] if index + 1 < len(doc) else None
    return bool((before is not None and (before.lower_ in _COMPASS or (
        before.lower_ == "of" and index > 1 and doc[index - 2].lower_ in _SETTLEMENTS)))
        or (after is not None and after.lower_ in _SETTLEMENTS))


def _has_capital(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def _mentions(document: Document, dateline_end: int) -> list[_Mention]:
    doc = document.doc
    text = document.article.text
    taken: set[int] = set()
    mentions: list[_Mention] = []
    demonyms = _demonyms()
    for ent in doc.ents:
        if ent.start_char < dateline_end:
            continue
        if ent.label_ not in _PLACE_LABELS and not (
                ent.label_ in _MISLABELS and _known_place(ent.text, demonyms)) and not (
                _named_as_where(ent) and _known_place(ent.text, demonyms)):
            continue
        span = ent
        if span[0].lower_ == "the":
            span = span[1:]
        if not len(span) or not _has_capital(span.text) or span.text.casefold() in demonyms:
            continue
        end = span.end
        division = span[-1].lower_ in _DIVISION_WORDS
        if not division and end < len(doc) and doc[end].lower_ in _DIVISION_WORDS:
            end += 1
            division = True
        full = doc[span.start:end]
        taken.update(range(full.start, full.end))
        mentions.append(_Mention(full.text, full.start_char, full.end_char, division, True))
    blocked = {t.i for ent in doc.ents if ent.label_ in _NEVER_LABELS for t in ent}
    # a one-word "person" or "organization" between place words ("the city of Palmyra",
    # "the Hama countryside") is a place the small model mislabelled
    loose = {ent.start for ent in doc.ents if ent.label_ in _NEVER_LABELS and len(ent) == 1
             and _between_place_words(doc, ent.start)}
    blocked -= loose
    for token in doc:
        if token.i in taken or token.i in blocked or token.idx < dateline_end:
            continue
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        # the end of a run of capitalised proper nouns
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN" and \
                doc[token.i + 1].text[:1].isupper() and doc[token.i + 1].i not in taken:
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                and doc[start - 1].i not in taken and doc[start - 1].i not in blocked:
            start -= 1
        span = doc[start:token.i + 1]
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        division = following is not None and following.lower_ in _DIVISION_WORDS
        before = doc[start - 1] if start > 0 else None
        locative = before is not None and before.lower_ in _WHERE
        # "the village of Mainok", "eastern Palmyra", "Damboa town", "the Hama countryside":
        # words that only ever surround a place name
        settled = (before is not None and (
            before.lower_ in _COMPASS
            or (before.lower_ == "of" and start > 1 and doc[start - 2].lower_ in _SETTLEMENTS)))
        settled = settled or (following is not None and following.lower_ in _SETTLEMENTS)
        if not (division or locative or settled) or span.text.casefold() in demonyms:
            continue
        entry = _resolver().resolve(span.text, _Context(Counter(), division=division))
        if entry is None or (entry.feature == "city" and not (division or settled)
                             and entry.population < _GAZETTEER_MENTION_MIN):
            continue
        end = token.i + 2 if division else token.i + 1
        full = doc[start:end]
        taken.update(range(full.start, full.end))
        mentions.append(_Mention(full.text, full.start_char, full.end_char, division, False))
    mentions.sort(key=lambda m: m.start)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    return mentions


def _containers(mentions: list[_Mention], text: str, focus: Counter[str]
                ) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Mention index -> (countries, divisions) that the next mention says contain it:
    "Mosul, Iraq", "Tripoli in Lebanon", "Kabul, Afghanistan"."""
    hints: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    resolver = _resolver()
    for i in range(len(mentions) - 1):
        first, second = mentions[i], mentions[i + 1]
        between = text[first.end:second.start]
        if between.strip() not in (",", "in", "province of", ", in", "in the", ", in the"):
            continue
        container = resolver.resolve(second.text, _Context(focus, division=second.division))
        if container is None or container.feature == "city" or not container.country:
            continue
        if container.feature in ("country", "region"):  # "Jenin in the West Bank"
            hints[i] = (frozenset({container.country}), frozenset())
        else:
            hints[i] = (frozenset({container.country}), frozenset({container.admin1}))
    return hints


def find_places(document: Document) -> None:
    """Places stage: fill ``document.places`` and ``document.dateline_place``."""
    text = document.article.text
    dateline = document.article.dateline
    dateline_end = dateline.end if dateline else 0
    mentions = _mentions(document, dateline_end)
    resolver = _resolver()
    focus: Counter[str] = Counter()
    for actor in document.actors:
        if actor.country:
            focus[actor.country] += 1
    dateline_entry = None
    if dateline is not None and dateline.place:
        dateline_entry = resolver.resolve(dateline.place.split(",")[0].strip(),
                                          _Context(Counter(focus)))
        if dateline_entry is not None and dateline_entry.country:
            focus[dateline_entry.country] += 2
    for mention in mentions:
        entry = resolver.resolve(mention.text, _Context(Counter(), division=mention.division))
        if entry is not None and entry.feature == "country":
            focus[entry.country] += 2
        elif entry is not None and entry.feature == "region" and entry.country:
            focus[entry.country] += 1  # "the West Bank", "Darfur"
    hints = _containers(mentions, text, focus)
    places = []
    for i, mention in enumerate(mentions):
        countries, admin1 = hints.get(i, (frozenset(), frozenset()))
        try:
            entry = resolver.resolve(mention.text, _Context(focus, countries, admin1,
                                                            mention.division))
        except Exception:  # one bad name never empties the rest  # pragma: no cover
            entry = None
        if entry is not None:
            places.append(_place(mention.text, mention.start, entry))
        elif mention.from_ner and _unresolved_place_ok(mention.text):
            # A place the gazetteer does not know ("Heart Hospital", a village) is still
            # where something happened: keep its words, with the country its containment
            # gives ("Ranipur, Sindh") or none, and no guessed coordinates.
            country = next(iter(countries)) if len(countries) == 1 else None
            places.append(Place(text=mention.text, start=mention.start, end=mention.end,
                                name=None, country=country, feature=None))
    document.places = places
    if dateline is not None and dateline.place:
        document.dateline_place = resolve_place_name(dateline.place, focus)


def _unresolved_place_ok(text: str) -> bool:
    """An unknown entity name that still reads as a place name: capitalised, not a bare
    number or a single letter."""
    return len(text) > 2 and text[:1].isupper() and not text.replace(" ", "").isdigit()


def resolve_place_name(name: str, focus: Counter[str] | None = None) -> Place | None:
    """A Place for a bare name (e.g. a dateline city, "Tripoli, Lebanon"), offsets unset
    (-1); a part after a comma is taken as the containing country or division."""
    head, _, rest = name.partition(",")
    context = _Context(Counter(focus or {}))
    if rest.strip():
        container = _resolver().resolve(rest.strip(), context)
        if container is not None and container.feature != "city":
            context.countries = frozenset({container.country})
            if container.feature == "admin1":
                context.admin1 = frozenset({container.admin1})
    entry = _resolver().resolve(head.strip(), context)
    return _place(name, -1, entry) if entry else None


def _place(text: str, start: int, entry: Entry) -> Place:
    return Place(
        text=text,
        start=start,
        end=start + len(text) if start >= 0 else -1,
        name=entry.name,
        country=entry.country or None,
        lat=entry.lat,
        lon=entry.lon,
        geonames_id=entry.geonames_id,
        feature=entry.feature,
    )


def place_for_token(document: Document, index: int) -> Place | None:
    """The place the coder would attach to a clause headed at token ``index``: a place in the
    token's subtree reached through a locative preposition (or its object) first, then the
    most specific place in that subtree, then the most specific one in its sentence.  A
    country named as an actor ("Iraq said") is not a location."""
    doc = document.doc
    token = doc[index]
    low, high = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    sentence = token.sent
    acting = [(a.start, a.end) for head, a in document.actor_by_head.items()
              if doc[head].dep_ in ("nsubj", "nsubjpass", "poss", "agent")]
    places = [p for p in document.places  # a country acting ("Iraq said") is no location
              if not (p.feature == "country" and any(s <= p.start < e for s, e in acting))]
    in_clause = [p for p in places if low <= p.start < high]
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
                  [p for p in places if sentence.start_char <= p.start < sentence.end_char]):
        if group:
            return min(group, key=lambda p: p.feature == "country")
    return None
