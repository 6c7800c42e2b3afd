"""Places stage: find place mentions and resolve them against the offline gazetteer.

Mentions are spaCy's GPE/LOC/FAC entities, widened over a following division word
("Nineveh province"), plus capitalised names the gazetteer knows that the NER missed or
mislabelled, after a locative preposition ("in Sanaa", "moved to Dewsbury"), before a
division word or in a list with another place; names framed as places ("the village of X",
"eastern Ghouta"), streets, buildings and landmarks ("Royal Street", "Mount X"; the words in
``data/place_words.tsv``), wire datelines inside the text and numbered roads. Demonyms and
lowercase words never count (docs/places.md lists the cases).

Each mention's candidates in :mod:`whodid.gazetteer` (countries, first- and second-level
divisions, GeoNames places) are ranked by a linear model whose weights are fitted on
GeoWebNews' tune half (``data/place_ranker.tsv``, ``scripts/fit_place_ranker.py``), over
features of the article's context: the countries it names and its actors' countries (its
focus), explicit containment ("Mosul, Iraq", "Tripoli in Lebanon", "Vienna, Va.", "Nineveh
province"), the dateline, population, capitals and division seats, and the article's other
places (same country, same division, within 161 km).  A name that cannot be resolved is
left out, or kept without coordinates, or put at the town it lies in; it never empties the
rest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from whodid.document import Document
from whodid.gazetteer import Entry, fold
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
                             "prefecture", "county", "district", "department", "parish",
                             "borough"})
#: division words that name a second-level division ("Rapides Parish", "Kent County") and
#: those that name a first-level one ("Nineveh province")
_ADMIN2_WORDS = frozenset({"county", "parish", "district", "borough"})
_ADMIN1_WORDS = frozenset({"province", "governorate", "state", "oblast", "prefecture",
                           "region"})
_DIVISIONS = ("admin1", "admin2")
_WHERE = frozenset({"in", "at", "near", "outside", "inside", "from", "to", "toward",
                    "towards", "into", "around", "across", "through", "via",
                    "of", "on", "eastern", "western", "northern", "southern", "central"})
_STRICT_WHERE = frozenset({"in", "at", "near", "outside", "inside", "into", "across",
                           "through"})
#: what the NER takes for places in times of day ("9:00 A.M.", "14:00 GMT")
_CLOCK_WORDS = frozenset({"am", "pm", "gmt", "utc"})
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
#: a town a name after "in" or in a list of places stands for, whatever the NER said
_KNOWN_NAME_MIN = 5_000
#: a city whose name in capitals opens a sentence, as in a dateline
_CAPITAL_OPENING_MIN = 50_000


@dataclass
class _Mention:
    text: str
    start: int
    end: int
    division: bool  # ends in a division word ("province")
    from_ner: bool
    framed: bool = False  # words around it only ever frame a place ("the village of X")
    name: str | None = None  # the name to look up when not the words ("N.M." -> New Mexico)
    #: a small town after "in"/"at"/...: kept only near the article's other places
    local: bool = False


@dataclass
class _Context:
    focus: Counter[str]
    countries: frozenset[str] = frozenset()  # explicit containing countries
    admin1: frozenset[str] = frozenset()  # explicit containing divisions (GeoNames codes)
    division: bool = False
    home: frozenset[str] = frozenset()  # the dateline's division (GeoNames codes)
    word: str = ""  # the division word the name ends in ("parish"), lowercase
    #: the article's other places as a first pass resolved them (not this name's)
    others: tuple[Entry, ...] = ()
    dateline: Entry | None = None  # the dateline's place, resolved


#: the ranker's features, in the order of ``data/place_ranker.tsv``
RANKER_FEATURES = (
    "log_population", "focus", "contained_country", "contained_admin1", "home_admin1",
    "alternate", "country_or_region", "admin1_worded", "admin1_strong_word", "admin1_bare",
    "admin2_admin2_word", "admin2_other_word", "admin2_bare", "seat",
    "others_country", "others_admin1", "others_near", "dateline_near")
#: another place this close makes a town the likelier of its namesakes
_NEAR_KM = 161.0


def _features(entry: Entry, context: _Context, name: str = "") -> list[float]:
    """The ranker's features of one candidate ``entry`` for ``name`` in ``context`` (in the
    order of :data:`RANKER_FEATURES`)."""
    top = max(context.focus.values(), default=0)
    feature = entry.feature
    contained_admin1 = bool(entry.admin1 and entry.admin1 in context.admin1)
    local = feature in ("city", "admin2")
    others = [o for o in context.others if o.geonames_id != entry.geonames_id]
    same_country = sum(o.country == entry.country for o in others if o.country)
    # how many of the other places (each counted once, up to 3) agree
    distinct = list({o.geonames_id or id(o): o for o in others}.values())
    same_admin1 = min(3, sum(o.admin1 == entry.admin1 for o in distinct
                             if o.feature != "country")) if local and entry.admin1 else 0
    near = min(3, sum(o.feature in ("city", "admin2") and o.lat is not None
                      and _entry_km(entry, o) <= _NEAR_KM for o in distinct)) \
        if local and entry.lat is not None else 0
    dateline = context.dateline
    dateline_near = local and entry.lat is not None and dateline is not None and \
        dateline.feature in ("city", "admin2") and dateline.lat is not None and \
        dateline.geonames_id != entry.geonames_id and _entry_km(entry, dateline) <= _NEAR_KM
    return [
        math.log10(entry.population + 10),
        context.focus.get(entry.country, 0) / top if top else 0.0,
        float(entry.country in context.countries),
        float(contained_admin1),
        # a local paper's "Garden City" is the one in its own state, and its bare
        # "Washington" the state itself ("CAMP MURRAY, Wash.")
        float(not contained_admin1 and feature in ("city", "admin1") and bool(entry.admin1)
              and entry.admin1 in context.home),
        # a capital's short name is as good as its own ("Washington" for "Washington,
        # D.C."), not its nickname ("Garden City" for Singapore)
        float(not entry.primary and not (
            entry.seat >= 2 and fold(entry.name).startswith(fold(name) or "\0"))),
        float(feature in ("country", "region")),
        float(feature == "admin1" and context.division),
        float(feature == "admin1" and context.division and context.word in _ADMIN1_WORDS),
        # bare "Kirkuk" is the city
        float(feature == "admin1" and not context.division),
        # "Rapides Parish" is the parish, bare "Mosul" the city, not its district
        float(feature == "admin2" and context.word in _ADMIN2_WORDS),
        float(feature == "admin2" and bool(context.word)
              and context.word not in _ADMIN2_WORDS),
        float(feature == "admin2" and not context.word),
        entry.seat if feature == "city" else 0.0,
        same_country / len(others) if others else 0.0,
        float(same_admin1),
        float(near),
        float(dateline_near),
    ]


def _entry_km(a: Entry, b: Entry) -> float:
    """Great-circle distance between two entries with coordinates, in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


RANKER_WEIGHTS = "place_ranker.tsv"


@cache
def ranker_weights() -> tuple[float, ...]:
    """The ranker's weights, one per feature of :data:`RANKER_FEATURES`, from
    ``data/place_ranker.tsv`` (fitted by ``scripts/fit_place_ranker.py``)."""
    from whodid.resources import data_path

    return read_ranker_weights(data_path(RANKER_WEIGHTS))


def read_ranker_weights(path) -> tuple[float, ...]:
    """The weights in a ranker file (columns feature, weight), in the order of
    :data:`RANKER_FEATURES`; a ValueError names the file and what is wrong with it."""
    from whodid.resources import read_tsv

    try:
        rows = read_tsv(path)
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read the ranker's weights ({error})") from None
    if rows and not {"feature", "weight"} <= set(rows[0]):
        raise ValueError(f"{path}: needs the columns feature and weight")
    weights = {(row["feature"] or "").strip(): (row["weight"] or "").strip() for row in rows}
    missing = [f for f in RANKER_FEATURES if f not in weights]
    unknown = sorted(set(weights) - set(RANKER_FEATURES))
    if missing or unknown:
        raise ValueError(f"{path}: features missing {missing} or unknown {unknown}")
    try:
        return tuple(float(weights[f]) for f in RANKER_FEATURES)
    except ValueError as error:
        raise ValueError(f"{path}: a weight is not a number ({error})") from None


class Resolver:
    """Chooses among a name's gazetteer entries with the article's context: a linear
    ranker over the candidates' features (:func:`_features`), its weights in
    ``data/place_ranker.tsv``."""

    def candidates(self, name: str) -> list[Entry]:
        """Every entry the gazetteer has under ``name``."""
        return _index().lookup(name)

    def ranked(self, name: str, context: _Context) -> list[tuple[Entry, list[float]]]:
        """The plausible candidates for ``name`` in ``context`` with their features."""
        return [(c, _features(c, context, name)) for c in self.candidates(name)
                if _plausible(c, context, name)]

    def resolve(self, name: str, context: _Context | Counter[str] | None = None
                ) -> Entry | None:
        """The most plausible entry for ``name`` in ``context`` (or with these focus
        countries); None when none is plausible."""
        if not isinstance(context, _Context):
            context = _Context(Counter(context or {}))
        candidates = [c for c in self.candidates(name) if _plausible(c, context, name)]
        if not candidates:
            return None
        return max(candidates, key=lambda entry: _score(entry, context, name))


def _contained(entry: Entry, context: _Context) -> bool:
    return entry.country in context.countries or bool(
        entry.admin1 and entry.admin1 in context.admin1)


def _plausible(entry: Entry, context: _Context, name: str = "") -> bool:
    """An alternate name ("Borno" for a German town) or a small place counts only when it
    is sizeable or in a country the article is about; so does a division named by a
    compass word alone ("Southern", "North State": a dozen countries have one)."""
    if _compass_name(name) and entry.feature != "city":
        return entry.country in context.focus or _contained(entry, context)
    if entry.feature in ("country", "admin1", "admin2", "region"):
        return entry.primary or entry.country in context.focus or _contained(entry, context)
    if entry.country in context.focus or _contained(entry, context):
        return True
    return entry.population >= (_ALTERNATE_MIN if not entry.primary else 1_000)


def _compass_name(name: str) -> bool:
    """Is ``name`` a compass word, with or without a division word ("Southern", "North
    State", "Central Province")?"""
    words = fold(name).split()
    if len(words) > 1 and words[-1] in _DIVISION_WORDS:
        words = words[:-1]
    return len(words) == 1 and (words[0] in _COMPASS or words[0] in _COMPASS_NOUNS)


#: compass nouns that name divisions in many countries ("North", "Centre")
_COMPASS_NOUNS = frozenset({"north", "south", "east", "west", "centre", "center",
                            "northeast", "northwest", "southeast", "southwest",
                            "north-east", "north-west", "south-east", "south-west"})


def _score(entry: Entry, context: _Context, name: str = "") -> float:
    """The ranker's score of a candidate for ``name``: its features times the fitted
    weights."""
    return sum(w * f for w, f in zip(ranker_weights(), _features(entry, context, name),
                                     strict=True))


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


def _country_named_like_its_people(span) -> bool:
    """Is a name that is also a demonym ("Vatican" officials) the country itself, after
    "in", "at", ... and before no noun it would describe ("unveiled in Vatican")?"""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is None or before.lower_ not in _STRICT_WHERE or (
            after is not None and after.pos_ in ("NOUN", "PROPN")):
        return False
    entry = _resolver().resolve(span.text)
    return entry is not None and entry.primary and entry.feature in ("country", "region")


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
        entry.feature not in ("city", "admin2") or entry.population >= _ALTERNATE_MIN
        or (entry.feature == "admin2" and _division_word(text) in _ADMIN2_WORDS))


def _between_place_words(doc, index: int) -> bool:
    before = doc[index - 1] if index > 0 else None
    after = doc[index + 1] if index + 1 < len(doc) else None
    return bool((before is not None and (before.lower_ in _COMPASS or (
        before.lower_ == "of" and index > 1 and doc[index - 2].lower_ in _SETTLEMENTS)))
        or (after is not None and after.lower_ in _SETTLEMENTS))


def _division_word(text: str) -> str:
    """The division word a name ends in ("Rapides Parish" -> "parish"), or ""."""
    last = text.rsplit(None, 1)[-1].lower() if text.strip() else ""
    return last if last in _DIVISION_WORDS else ""


def _has_capital(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def _mentions(document: Document, dateline_end: int) -> list[_Mention]:
    doc = document.doc
    text = document.article.text
    taken: set[int] = set()
    mentions: list[_Mention] = _inner_datelines(document, dateline_end, taken)
    demonyms = _demonyms()
    for ent in doc.ents:
        if ent.start_char < dateline_end or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ not in _PLACE_LABELS and not (
                ent.label_ in _MISLABELS and _known_place(ent.text, demonyms)) and not (
                _named_as_where(ent) and _known_place(ent.text, demonyms)):
            continue
        span = ent
        if span[0].lower_ == "the":
            span = span[1:]
        if len(span) > 1 and span[0].text.islower() and (
                span[0].text in _COMPASS or span[0].text in _COMPASS_NOUNS):
            span = span[1:]  # "west Baghdad", "northern Aleppo": the name without its quarter
        if len(span) > 1 and span[-1].text in ("'s", "’s", "'", "’"):
            span = span[:-1]  # "South Africa's": the name without its possessive
        if not len(span) or not _has_capital(span.text) or (
                span.text.casefold() in demonyms and not _country_named_like_its_people(span)) \
                or span.text.casefold().replace(".", "") in _CLOCK_WORDS:
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
        entry = _resolver().resolve(span.text, _Context(
            Counter(), division=division, word=following.lower_ if division else ""))
        if entry is None or (entry.feature in ("city", "admin2") and not (division or settled)
                             and entry.population < _GAZETTEER_MENTION_MIN):
            continue
        end = token.i + 2 if division else token.i + 1
        full = doc[start:end]
        taken.update(range(full.start, full.end))
        mentions.append(_Mention(full.text, full.start_char, full.end_char, division, False))
    mentions.extend(_framed_names(document, taken, dateline_end, demonyms))
    mentions.extend(_known_names(document, mentions, taken, dateline_end, demonyms))
    mentions.extend(_roads(doc, taken, dateline_end))
    mentions = [m for m in mentions if not _names_a_party(doc, m)]
    mentions.sort(key=lambda m: m.start)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    return mentions


#: what may stand between names in a list of places ("Nitra, Presov and Kosice")
_LIST_GLUE = frozenset({",", "and", ", and", "or", ", or", "/", "&"})
#: prepositions after which a name the gazetteer knows is a place, whatever the NER said
_TOWARD = _STRICT_WHERE | {"to", "from", "toward", "towards", "via", "between"}
#: titles before a person's name ("Mr Nelson", "President Lincoln")
_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss", "sir",
                     "president", "senator", "sen.", "rep.", "gov.", "governor", "mayor",
                     "judge", "coach", "minister", "general", "gen.", "lord", "lady",
                     "king", "queen", "prince", "princess", "saint"})


def _known_names(document: Document, mentions: list[_Mention], taken: set[int],
                 dateline_end: int, demonyms: frozenset[str]) -> list[_Mention]:
    """Names the NER missed or called a person or an organisation that the gazetteer knows
    under their own name (not an alternate name), where the words say they are places:
    after "in", "at", "to", "from", ... ("moved to Dewsbury", "a rally in Klamath Falls"), or
    in a list with another place ("Nitra, Presov and Kosice", "Gloucester and
    Cheltenham").  Not a name the article gives a person ("Barry Nelson" ... "Nelson"),
    one after a title ("Mr Nelson"), one the knowledge base knows as a person, or a name
    that says something ("Nelson said")."""
    doc = document.doc
    text = document.article.text
    people = knowledge_base().people
    persons: dict[str, set[int]] = {}  # a word of a person's name -> where such names start
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            for token in ent:
                persons.setdefault(token.lower_, set()).add(ent.start)
    reporting = _reporting()
    ent_at = {i: (ent.start, ent.end) for ent in doc.ents for i in range(ent.start, ent.end)
              if ent.label_}
    candidates: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.idx < dateline_end or i in taken or not token.text[:1].isupper() or \
                token.ent_type_ in _NEVER_FRAMED:
            i += 1
            continue
        if i in ent_at:
            start, end = ent_at[i]
            # "Derry's Altnagelvin Hospital" as one entity: the name before the possessive
            end = next((k for k in range(start + 1, end) if doc[k].text in _POSSESSIVE), end)
            while end - start > 1 and doc[end - 1].text.islower():
                end -= 1  # "Aleppo for" as one entity: the name without the lowercase word
        elif token.pos_ == "PROPN":
            start = end = i
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                    and not doc[end].ent_type_ and end not in taken:
                end += 1
        else:
            i += 1
            continue
        if doc[start].lower_ == "the":
            start += 1
        if end - start > 1 and doc[end - 1].text in ("'s", "’s", "'", "’"):
            end -= 1
        if start < end and not any(j in taken for j in range(start, end)):
            candidates.append((start, end))
        i = max(end, i + 1)
    found: list[_Mention] = []
    for _round in range(3):
        spans = sorted((m.start, m.end) for m in (*mentions, *found))
        added = False
        for start, end in candidates:
            if any(j in taken for j in range(start, end)):
                continue
            span = doc[start:end]
            before = doc[start - 1] if start > 0 else None
            after = doc[end] if end < len(doc) else None
            locative = before is not None and before.lower_ in _TOWARD and before.dep_ in (
                "prep", "dative", "agent") or (before is not None and before.lower_ in _TOWARD
                                               and before.pos_ == "ADP")
            # "to the Holy See", "in the Gambia": a country or region only (see below)
            articled = not locative and before is not None and before.lower_ == "the" and \
                start > 1 and doc[start - 2].lower_ in _TOWARD and doc[start - 2].pos_ == "ADP"
            # "Derry's new hospital"; a country's or a town's possessive is a place or its
            # people (metonymy), rarely anything else; but a name the NER calls a person or
            # an organisation on its own ("Nelson's new album", "Liverpool's academy") is
            # one, unless its entity runs on past the possessive ("Derry's Altnagelvin
            # Hospital" as one organisation)
            possessive = after is not None and after.text in _POSSESSIVE and (
                not doc[start].ent_type_ or end in ent_at and ent_at[end][0] <= start)
            # "an assault on Manbij", "the advance on Mosul": what an attack is made on
            assailed = before is not None and before.lower_ == "on" and \
                before.dep_ == "prep" and before.head.lemma_.lower() in _ASSAULTS
            # "Jane Roe, 41, of Bracknell": where a person lives
            resident = _residence_of(doc, start)
            # "captured Manbij", "Kirkuk was retaken": what a verb of taking acts on
            seized = _seized(span)
            listed = any(
                text[e:span.start_char].strip() in _LIST_GLUE and e <= span.start_char
                or text[span.end_char:s].strip() in _LIST_GLUE and s >= span.end_char
                for s, e in spans)
            if not (locative or listed or articled or possessive or resident or seized
                    or assailed):
                continue
            name = span.text
            folded = name.casefold()
            if folded in demonyms or folded + "s" in demonyms or name in people or \
                    name.isupper() and len(name) < 5:
                continue
            if (before is not None and before.lower_ in _TITLES) or (
                    after is not None and after.lemma_.lower() in reporting
                    and not locative):
                continue  # "Nelson said", but "a man from Dewsbury said" names a town
            if any(span.start not in persons.get(t.lower_, {span.start}) for t in span) and \
                    all(t.lower_ in persons for t in span):
                continue  # "Barry Nelson" ... "Nelson"
            local = False
            within = _container_after(span, text, (*mentions, *found))
            entry = _resolver().resolve(name, within)
            if within is not None and entry is not None and entry.country in within.countries \
                    and (not within.admin1 or entry.admin1 in within.admin1):
                pass  # "Pineville, Louisiana": a place of any size inside the division named
            elif entry is None or not entry.primary or (
                    entry.feature == "city" and entry.population < _KNOWN_NAME_MIN) or (
                    entry.feature == "admin2" and entry.population < _ALTERNATE_MIN):
                if not _local_town(span, before, name):
                    continue
                local = True
            if articled and not (locative or listed or possessive or resident or seized) and \
                    entry.feature not in ("country", "region"):
                continue  # "in the Chicago area": a town after "the" modifies a noun
            taken.update(range(start, end))
            found.append(_Mention(name, span.start_char, span.end_char,
                                  not local and entry.feature in _DIVISIONS, False,
                                  local=local))
            added = True
        if not added:
            break
    return found


_POSSESSIVE = frozenset({"'s", "’s"})
#: nouns of an attack whose "on" phrase says where it is made ("an assault on Manbij")
_ASSAULTS = frozenset({"assault", "attack", "offensive", "advance", "raid", "strike",
                       "airstrike", "air strike", "counterattack", "counter-attack",
                       "counteroffensive", "counter-offensive", "push", "bombardment",
                       "onslaught", "incursion", "march"})


@cache
def _place_verbs() -> dict[str, bool]:
    """Lemma -> whether a person may be its object too, for the verbs whose object is a
    place (``data/place_verbs.tsv``)."""
    from whodid.resources import data_path, read_tsv

    return {row["lemma"].strip().lower(): row["object"].strip() == "person"
            for row in read_tsv(data_path("place_verbs.tsv"))}


def _seized(span) -> bool:
    """Is ``span`` the direct object or the passive subject of a verb of taking or
    entering a place ("captured Manbij", "Kirkuk was retaken")?  Not a name the NER calls a
    person after a verb that takes persons too ("police captured Nelson")."""
    root = span.root
    verbs = _place_verbs()
    lemma = root.head.lemma_.lower()
    return root.dep_ in ("dobj", "nsubjpass") and root.head.pos_ == "VERB" and \
        lemma in verbs and not (verbs[lemma] and root.ent_type_ == "PERSON")


def _local_town(span, before, name: str) -> bool:
    """Might ``span``, after "in", "at", "near", ..., be a town too small for a known name
    anywhere (under 5,000: "lives nearby in Riverdale"), to be kept only where it lies near
    the article's other places (see ``find_places``)?  The gazetteer must have a town of
    that name under its own name, and the NER must not call it an organisation ("in
    Congress")."""
    if before is None or before.lower_ not in _STRICT_WHERE or \
            any(t.ent_type_ not in ("", "PERSON") for t in span):
        return False
    return any(c.primary and c.feature == "city" for c in _resolver().candidates(name))


def _residence_of(doc, start: int) -> bool:
    """Does "of" before ``start`` say where a person lives: "Tom and Ann Fields of
    Bellmore", "Jane Roe, 41, of Bracknell"?  The words before "of" (past a comma and an
    age) must end a person's name."""
    k = start - 1
    if k < 1 or doc[k].lower_ != "of":
        return False
    k -= 1
    if doc[k].text == ",":
        k -= 1
        if k >= 1 and doc[k].like_num and doc[k - 1].text == ",":
            k -= 2  # the age
    return k >= 0 and doc[k].ent_type_ == "PERSON" and (
        k + 1 >= len(doc) or doc[k + 1].ent_type_ != "PERSON" or doc[k + 1].ent_iob_ == "B")


def _container_after(span, text: str, mentions: Iterable[_Mention]) -> _Context | None:
    """The context a name's container gives when a place mention follows it after a comma
    ("Pineville, Louisiana", "Mansfield, Ohio"): that country, or that division and its
    country; None when no country or division follows."""
    for mention in mentions:
        if mention.start < span.end_char or text[span.end_char:mention.start].strip() != ",":
            continue
        container = _resolver().resolve(mention.name or mention.text, _Context(
            Counter(), division=True, word=_division_word(mention.text)))
        if container is None or container.feature not in ("country", *_DIVISIONS) or \
                not container.country:
            return None
        if container.feature == "country":
            return _Context(Counter(), frozenset({container.country}))
        return _Context(Counter(), frozenset({container.country}),
                        frozenset({container.admin1}))
    return None


def _inner_datelines(document: Document, dateline_end: int, taken: set[int]
                     ) -> list[_Mention]:
    """Wire datelines inside the text, after a byline or a headline ("By Jane Roe, The
    Associated Press. WASHINGTON (AP) - ...", "... Event. IMMOKALEE - ..."): a sentence
    that opens with a name in capitals and a wire dateline's shape. Its place and the
    division or country after its comma ("ALBUQUERQUE, N.M.") are places, whatever the NER
    called them, when the gazetteer knows them."""
    from whodid.normalize import parse_dateline

    doc = document.doc
    text = document.article.text
    found: list[_Mention] = []
    for token in doc:
        if token.idx >= dateline_end and token.i not in taken and not token.is_upper:
            found.extend(_colon_opening(doc, token))
        if token.idx < dateline_end or not token.is_upper or len(token.text) < 3 or \
                token.i in taken:
            continue
        opens = token.is_sent_start or token.i == 0 or \
            doc[token.i - 1].text in (".", "|", "\n", "\n\n") or "\n" in doc[token.i - 1].text
        # mid-sentence, only a dateline with its wire source run into the byline before it
        # ("... Associated Press WASHINGTON (AP) — Brazil said"): its first word in capitals
        if not opens and doc[token.i - 1].is_upper:
            continue
        dateline = parse_dateline(text[token.idx:])
        if not opens and (dateline is None or not dateline.place or dateline.source is None):
            continue
        if dateline is None or not dateline.place:
            found.extend(_capital_opening(doc, token))
            continue
        head, _, region = dateline.place.partition(",")
        head, region = head.strip(), region.strip()
        place = resolve_place_name(dateline.place)
        if place is None or place.feature == "region":
            continue
        start = token.idx
        end = start + len(head)
        if text[start:end].casefold() != head.casefold():
            continue
        found.append(_Mention(text[start:end], start, end, place.feature in _DIVISIONS, True,
                              name=head))
        at = text.casefold().find(region.casefold(), end, token.idx + dateline.end) \
            if region else -1
        container = _division_named(region) if at >= 0 else None
        if container is not None:
            found.append(_Mention(text[at:at + len(region)], at, at + len(region),
                                  container.feature in _DIVISIONS, True,
                                  name=container.name))
    for mention in found:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
    return found


#: a road's number: "the A417", "the M25", "the N7", "the A1(M)"
_ROAD_NUMBER = re.compile(r"[ABMN][1-9][0-9]{0,3}(?:\(M\))?")
#: words after a road's number ("the A417 southbound", "the A429 junction")
_ROAD_AFTER = frozenset({"southbound", "northbound", "eastbound", "westbound", "road",
                         "motorway", "junction", "carriageway", "slip", "roundabout"})
#: words after a number of that shape that make it a machine's ("the A380 jet")
_NOT_ROAD_AFTER = frozenset({"jet", "jets", "aircraft", "airliner", "airliners", "plane",
                             "planes", "engine", "engines", "chip", "processor", "phone"})


def _roads(doc, taken: set[int], dateline_end: int) -> list[_Mention]:
    """Numbered roads: "a crash on the A120", "via the A436, A40 and A429" (after "the", in
    a list after one, or before "southbound", "junction", ...), not "the Airbus A380 jet"."""
    found: list[_Mention] = []
    listed = False
    for token in doc:
        if token.idx < dateline_end or token.i in taken or \
                not _ROAD_NUMBER.fullmatch(token.text):
            listed = listed and token.text in (",", "and", "or")
            continue
        before = doc[token.i - 1].lower_ if token.i else ""
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if after in _NOT_ROAD_AFTER or before == "airbus":
            continue
        if before == "the" or after in _ROAD_AFTER or (listed and before in (",", "and")):
            found.append(_Mention(token.text, token.idx, token.idx + len(token.text), False,
                                  False, framed=True))
            taken.add(token.i)
            listed = True
    return found


def _colon_opening(doc, token) -> list[_Mention]:
    """A text or a paragraph that opens with a well-known place's name in Title Case and a
    colon, the dateline of many South Asian and Gulf papers ("Muscat: The festival ...",
    "New Delhi: ..."): a country, a division or a city of 50,000+ under its own name (the
    wire parser reads a Title Case word and a colon as prose: "Update: ...")."""
    if token.i > 0 and "\n" not in doc[token.i - 1].text_with_ws:
        return []
    end = token.i
    while end < len(doc) and end - token.i < 3 and doc[end].text[:1].isupper() and \
            doc[end].is_alpha:
        end += 1
    if end == token.i or end >= len(doc) or doc[end].text != ":":
        return []
    return _well_known(doc[token.i:end], doc[token.i:end].text)


def _well_known(span, name: str) -> list[_Mention]:
    """``span`` as a place mention when the gazetteer knows ``name`` under its own name as a
    country, a division or a city of 50,000+."""
    entry = _resolver().resolve(name)
    if entry is None or not entry.primary or entry.feature == "region" or (
            entry.feature in ("city", "admin2") and entry.population < _CAPITAL_OPENING_MIN):
        return []
    return [_Mention(span.text, span.start_char, span.end_char, entry.feature in _DIVISIONS,
                     True, name=name)]


def _capital_opening(doc, token) -> list[_Mention]:
    """A sentence that opens with a well-known place's name in capitals, in a dateline of a
    shape the wire parser does not take ("OKLAHOMA CITY The Latest on ...", "ATLANTA (AP)
    An aide ..."): a country, a division or a city of 50,000+ under its own name."""
    end = token.i
    while end < len(doc) and end - token.i < 4 and doc[end].is_upper and \
            doc[end].text[:1].isalpha():
        end += 1
    if end >= len(doc) or doc[end].is_upper and doc[end].text[:1].isalpha():
        return []
    span = doc[token.i:end]
    return _well_known(span, span.text.title())


def _names_a_party(doc, mention: _Mention) -> bool:
    """"An anti-Syria journalist", "pro-Iran militias", "US-backed rebels", "a US-led
    coalition": the name stands for a side taken or another party, not for where anything
    happens (a "Kabul-based" group still is in Kabul)."""
    from whodid.names import HYPHEN_PARTICIPLES, against_or_for, hyphen_participle

    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    return against_or_for(doc, span.start) or hyphen_participle(
        doc, span.end, HYPHEN_PARTICIPLES - {"based"})


#: nouns whose "of" phrase is a place's name: "the village of X", "the towns of X and Y"
_NAMED_OF = frozenset({"village", "villages", "town", "towns", "city", "cities", "hamlet",
                       "settlement", "district", "districts", "province", "provinces",
                       "governorate", "region", "neighbourhood", "neighborhood",
                       "neighbourhoods", "neighborhoods", "suburb", "suburbs", "port",
                       "municipality", "township", "island", "islands", "county", "oasis",
                       "locality", "subdistrict", "outskirts", "countryside", "environs",
                       "area", "areas", "farms", "hilltop"})
#: lowercase nouns after a name that make it a place's: "the Hama countryside", "Mainok
#: village", "the Sheikh Maqsoud district"
_PLACE_AFTER = frozenset({"village", "villages", "town", "city", "district", "districts",
                          "governorate", "province", "neighbourhood", "neighborhood",
                          "suburb", "suburbs", "countryside", "outskirts", "camp", "airbase",
                          "airport", "locality", "subdistrict", "tehsil", "county",
                          "municipality", "township", "oblast", "prefecture", "valley",
                          "mountains", "hills", "refugee", "hamlet", "area", "areas",
                          "neighbourhoods", "neighborhoods", "plains", "farms", "hilltop"})
#: the plural ones also frame the names listed before them: "the X and Y neighbourhoods"
_PLACES_AFTER = frozenset({"villages", "districts", "suburbs", "areas", "neighbourhoods",
                           "neighborhoods", "plains", "farms", "hills", "mountains"})
#: lowercase words after "the" that in war news describe a place before its name: "the
#: strategic X", "the contested X"
_STRATEGIC = frozenset({"strategic", "contested", "besieged", "embattled"})
#: lowercase compass words that only ever come before a place's name ("eastern Ghouta")
_QUARTERS = frozenset({"northern", "southern", "eastern", "western", "northeastern",
                       "northwestern", "southeastern", "southwestern", "north-eastern",
                       "north-western", "south-eastern", "south-western"})
#: prepositions before a name that say it is where something is ("taken to X Hospital")
_LOCATIVE_BEFORE = frozenset({"in", "at", "to", "into", "inside", "outside", "near", "from",
                              "on", "onto", "toward", "towards", "across", "opposite", "by",
                              "around", "beside", "behind", "within"})


@cache
def _place_words() -> dict[tuple[str, str], bool]:
    """(word, "head" or "prefix") -> whether it needs a locative preposition before the
    name, from ``data/place_words.tsv``: capitalised words that make a name a place's
    ("Deir Ezzor Governorate", "Royal Street", "Rue Casa Calvo", "at Colchester Hospital")."""
    from whodid.resources import data_path, read_tsv

    return {(row["word"].strip().lower(), row["where"].strip()):
            row["context"].strip() == "locative"
            for row in read_tsv(data_path("place_words.tsv"))}


def _after_locative(doc, start: int) -> bool:
    """Does a locative preposition come before the name at ``start`` ("at the X Hall", "in
    the nearby X Armory", "to the newly built X Hospital")?"""
    i = start - 1
    for _ in range(2):  # lowercase words that describe the building
        if i >= 0 and doc[i].text.islower() and doc[i].pos_ in ("ADJ", "ADV", "VERB") and \
                doc[i].lower_ not in _LOCATIVE_BEFORE:
            i -= 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in _LOCATIVE_BEFORE


def _acted_on(doc, start: int, end: int, persons: bool = True) -> bool:
    """Is the name ``doc[start:end]`` what a verb of taking or entering a place acts on, its
    object or passive subject ("stormed X", "captured the X Hill", "X was overrun";
    ``data/place_verbs.tsv``)?  With ``persons`` False, not after a verb that takes persons
    too ("police captured X") when the NER calls the name a person or an organisation."""
    root = doc[start:end].root
    if root.dep_ not in ("dobj", "nsubjpass") or root.head.pos_ != "VERB":
        return False
    verbs = _place_verbs()
    lemma = root.head.lemma_.lower()
    if lemma not in verbs:
        return False
    return persons or not verbs[lemma] or all(
        doc[i].ent_type_ not in ("PERSON", "ORG") for i in range(start, end))


#: prepositions after which a bare name the gazetteer does not know is a place whatever the
#: NER called it ("inside X", "near X"), and those after which it is one unless the NER
#: calls it an organisation ("in X", "at X"; not "at Google")
_ANY_NAME_AFTER = frozenset({"inside", "near", "outside"})
_NAME_AFTER = frozenset({"in", "at"})


def _unknown_after_locative(document: Document, dateline_end: int
                            ) -> list[tuple[int, int, bool]]:
    """(start, end, False) for the bare names right after "inside", "near", "outside", "in"
    or "at" (or "on" after an attack noun: "the assault on X") that the gazetteer does not
    know at all and that name no one: a village, a quarter or a site ("clashed in X", "a
    blast inside X") the NER called a person or an organisation or missed.  Not an actor of
    the article (after "inside", "near" and "outside" one without a code may be the place's
    name read as a person's), a person the knowledge base knows or the article names in
    full, a name after a title, an acronym, nor an organisation after "in"/"at"."""
    doc = document.doc
    actors: set[int] = set()  # the article's actors
    coded: set[int] = set()  # ... those with a code ("Sheikh X" inside a place has none)
    for actor in document.actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand") \
            if actor.end > actor.start else None
        if span is not None:
            actors.update(range(span.start, span.end))
            if actor.code:
                coded.update(range(span.start, span.end))
    people = knowledge_base().people
    persons = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
               for t in ent}
    found = []
    for token in doc:
        word = token.lower_
        if word == "on" and token.head.lemma_.lower() in _ASSAULTS:
            word = "at"  # "the assault on X": as "at X" (not an actor nor an organisation)
        if token.idx < dateline_end or word not in _ANY_NAME_AFTER | _NAME_AFTER or \
                token.dep_ != "prep" or token.i + 1 >= len(doc):
            continue
        span = _name_span(doc, token.i + 1, len(doc), 1)
        if span is None or span[1] - span[0] > 4:
            continue
        start, end = span
        name = doc[start:end]
        after = doc[end] if end < len(doc) else None
        if any(i in (actors if word in _NAME_AFTER else coded) for i in range(start, end)) \
                or name.text in people or \
                name.text.isupper() and len(name.text) < 5 or name[0].lower_ == "the" or \
                (after is not None and (after.text in _POSSESSIVE or after.text[:1].isupper()
                                        or after.text == "-")):
            continue
        if any(t.ent_type_ in _NEVER_FRAMED or t.ent_type_ in ("NORP", "EVENT", "LAW")
               or any(c.isdigit() for c in t.text)
               or (t.text[:1].isupper() and t.pos_ != "PROPN") for t in name) or \
                len(name[0].text) < 2:
            continue  # "at R2bn", "in Dying Light", "X-Labs"
        if word in _NAME_AFTER and any(t.ent_type_ == "ORG" for t in name):
            continue  # "at Google", "in Congress"
        if all(t.lower_ in persons for t in name if t.text[:1].isalpha()):
            continue  # "Barry Nelson" ... "in Nelson"
        if _resolver().candidates(name.text):
            continue  # a name the gazetteer knows: the other rules weigh it
        found.append((start, end, False))
    return found


#: words that introduce a place's name after a place noun: "a place called X", "two areas
#: known as X and Y"
_CALLED = frozenset({"called", "named", "dubbed"})
#: what an apposition after a name may call it: "X, a small town in the south"
_APPOSED = _NAMED_OF | {"community", "hamlet", "settlement", "enclave"}


def _described_as_places(doc, dateline_end: int) -> list[tuple[int, int, bool]]:
    """(start, end, False) for names the words around them describe as places: an
    apposition that says what kind of place ("X, a small town in the south", "Y, an
    agricultural community") and a place noun that gives its name ("a place called X",
    "two areas known as X and Y")."""
    found = []
    for token in doc:
        if token.idx < dateline_end:
            continue
        if token.text == "," and token.i > 0 and token.i + 2 < len(doc) and \
                doc[token.i + 1].lower_ in ("a", "an"):
            # the apposition's head: past up to three lowercase describing words
            k = token.i + 2
            while k < len(doc) and k - token.i <= 4 and doc[k].text.islower() and \
                    doc[k].lower_ not in _APPOSED and doc[k].pos_ in ("ADJ", "NOUN", "ADV",
                                                                       "VERB", "PROPN"):
                k += 1
            if k < len(doc) and doc[k].lower_ in _APPOSED and doc[k].dep_ != "compound" \
                    and not (k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN", "PROPN")):
                span = _name_span(doc, token.i - 1, -1, -1)
                if span is not None:
                    found.append((*span, False))
            continue
        after = token.i + 1
        if token.lower_ == "known" and after < len(doc) and doc[after].lower_ == "as":
            after += 1
        elif token.lower_ not in _CALLED:
            continue
        before = token.i - 1
        if before >= 0 and doc[before].text == ",":
            before -= 1
        if before < 0 or doc[before].lower_ not in _NAMED_OF | {"place", "places", "spot"}:
            continue
        while after < len(doc):  # "X and Y", "X, Y and Z"
            span = _name_span(doc, after, len(doc), 1)
            if span is None:
                break
            found.append((*span, False))
            after = span[1]
            if after < len(doc) and doc[after].text == ",":
                after += 1
            if after < len(doc) and doc[after].lower_ == "and":
                after += 1
    return found


def _before_town(doc, end: int) -> bool:
    """Does "in" and a town or division the gazetteer knows follow the name ending before
    ``end`` ("the Palais des Nations in Geneva", "X Correctional Center in Shelby")?"""
    i = end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i + 1 >= len(doc) or doc[i].lower_ != "in" or not doc[i + 1].text[:1].isupper():
        return False
    j = i + 1
    while j < len(doc) and j - i <= 3 and doc[j].pos_ == "PROPN" and \
            doc[j].text[:1].isupper():
        j += 1
    entry = _resolver().resolve(doc[i + 1:j].text) if j > i + 1 else None
    return entry is not None and entry.primary and entry.feature != "region"


#: how an ayin at the start of a transliterated name is written ("‘Ayn ‘Issa")
_OPENING_QUOTES = frozenset({"‘", "'", "ʿ"})
#: lowercase particles inside Arabic and Romance place names ("Deir al-Asafir", "Tal al-Ahmar")
_NAME_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "an", "az", "at", "bin",
                             "ibn", "de", "del", "la", "da", "di", "do", "dos", "du"})
#: faiths and sects, which name neighbourhoods by who lives there ("a Shiite district")
_FAITHS = frozenset({"sunni", "shia", "shiite", "shi'ite", "sikh", "hindu", "muslim",
                     "christian", "jewish", "catholic", "protestant", "alawite", "druze",
                     "yazidi", "buddhist", "orthodox", "coptic", "ismaili", "ahmadi",
                     "evangelical", "maronite", "chaldean", "assyrian"})
#: entity labels a framed name may never carry
_NEVER_FRAMED = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT",
                           "QUANTITY", "LAW", "LANGUAGE"})


def _name_token(token) -> bool:
    text = token.text
    if token.ent_type_ in _NEVER_FRAMED or not text[:1].isalpha() and text[:1] not in "‘'’":
        return False
    if text.lower() in _NAME_PARTICLES:
        return token.whitespace_ == "" and token.i + 1 < len(token.doc)  # "al-"
    return text.lstrip("‘'’")[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ", "VERB")


def _name_span(doc, start: int, end: int, step: int, particle: bool = False
               ) -> tuple[int, int] | None:
    """The extent of a capitalised name beginning (step 1) or ending (step -1) at token
    ``start``, hyphenated parts joined ("Al-Bab", "Tse-Usenda"), within ``end``; with
    ``particle``, it may begin with a lowercase particle (after a place word: "Jabal
    al-Sayyid")."""
    i = start
    if step > 0 and 0 <= i < len(doc) - 1 and doc[i].text in _OPENING_QUOTES and \
            doc[i].whitespace_ == "" and _name_token(doc[i + 1]):
        i += 1  # "the town of ‘Ayn X": an ayin written as an opening quote
    if not (0 <= i < len(doc)) or not _name_token(doc[i]):
        return None
    first = last = i
    while True:
        j = i + step
        if not (0 <= j < len(doc)) or j == end:
            break
        token = doc[j]
        if token.text in ("-", "‘", "’", "'") and token.whitespace_ == "" and \
                0 <= j + step < len(doc) and (doc[j - 1].whitespace_ == "" if step > 0
                                              else doc[j].whitespace_ == ""):
            k = j + step
            if _name_token(doc[k]) or doc[k].text.lower() in _NAME_PARTICLES:
                i = k
                first, last = min(first, k), max(last, k)
                continue
            break
        if _name_token(token):
            i = j
            first, last = min(first, j), max(last, j)
            continue
        break
    if doc[first].text in _NAME_PARTICLES and not particle and not (
            first + 2 <= last and doc[first + 1].text == "-"):
        return None  # a lowercase "al" cannot begin a name, unless joined to it: "al-Wafa"
    if first > 0 and doc[first - 1].text in _OPENING_QUOTES and \
            doc[first - 1].whitespace_ == "" and (step > 0 and first == start + 1 or step < 0):
        first -= 1
    return first, last + 1


def _framed_names(document: Document, taken: set[int], dateline_end: int,
                  demonyms: frozenset[str]) -> list[_Mention]:
    """Names the NER missed or called a person or an organisation, in words that only ever
    frame a place: "the village of X" (and "the towns of X, Y and Z"), "X village", "the X
    countryside", "X Governorate", "X Military Airport".  They are kept even when the
    gazetteer does not know them (a village, a district, an airbase); a name that is one of
    the article's actors is not."""
    doc = document.doc
    acting: set[int] = set()
    for actor in document.actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand") \
            if actor.sector and actor.end > actor.start else None
        if span is not None and span.root.lower_ not in _PLACE_AFTER | _NAMED_OF:
            # ("the X district of Damascus" read as an actor of Damascus is a place)
            acting.update(range(span.start, span.end))
    spans: list[tuple[int, int, bool]] = []
    headed: set[int] = set()  # names with their own place word ("X Military Airport")
    words = _place_words()
    for token in doc:
        if token.idx < dateline_end:
            continue
        word = token.lower_
        if word == "of" and token.i > 0 and doc[token.i - 1].lower_ in _NAMED_OF:
            # "the villages of X, Y and Z"
            i = token.i + 1
            while i < len(doc):
                if doc[i].lower_ == "the":
                    i += 1
                span = _name_span(doc, i, len(doc), 1)
                if span is None:
                    break
                spans.append((*span, False))
                i = span[1]
                if i < len(doc) and doc[i].text == "," and i + 1 < len(doc):
                    i += 1
                if i < len(doc) and doc[i].lower_ == "and":
                    i += 1
                    continue
                if i < len(doc) and doc[i - 1].text == ",":
                    continue
                break
        elif word in _PLACE_AFTER and not token.text[:1].isupper() and token.i > 0:
            span = _name_span(doc, token.i - 1, -1, -1)
            if span is not None:
                division = word in _DIVISION_WORDS
                spans.append((span[0], span[1] + (1 if division else 0), division))
                while word in _PLACES_AFTER and span is not None and span[0] > 1 and \
                        doc[span[0] - 1].lower_ in (",", "and"):
                    # "the X and Y neighbourhoods", "A, B and C villages"
                    k = span[0] - 1
                    if doc[k].lower_ == "and" and doc[k - 1].text == ",":
                        k -= 1
                    span = _name_span(doc, k - 1, -1, -1)
                    if span is not None:
                        spans.append((*span, False))
        elif token.i > 1 and word == "fields" and token.text[:1].isupper() and \
                doc[token.i - 1].lower_ in ("gas", "oil"):  # "the Hayyan Gas Fields"
            span = _name_span(doc, token.i - 2, -1, -1)
            if span is not None:
                spans.append((span[0], token.i + 1, False))
                headed.add(span[0])
        elif (word, "head") in words and token.text[:1].isupper() and token.i > 0 and \
                not (token.i + 1 < len(doc) and _name_token(doc[token.i + 1])):
            # "Deir Ezzor Governorate", "Royal Street", "at Colchester General Hospital"
            span = _name_span(doc, token.i - 1, -1, -1)
            if span is not None and (not words[word, "head"] or _after_locative(doc, span[0])
                                     or _before_town(doc, token.i + 1)
                                     or _acted_on(doc, span[0], token.i + 1)):
                spans.append((span[0], token.i + 1, word in _DIVISION_WORDS
                              or word == "governorate"))
                headed.add(span[0])
        if word in _STRATEGIC and token.text.islower() and token.i > 0 and \
                doc[token.i - 1].lower_ == "the":
            # "the strategic X", "the contested X": in war news a hill, base or town
            span = _name_span(doc, token.i + 1, len(doc), 1)
            if span is not None and not any(doc[k].ent_type_ == "NORP"
                                            for k in range(*span)):
                spans.append((*span, False))
                headed.add(span[0])
        if word in _QUARTERS and token.text.islower() and token.i + 1 < len(doc):
            # "eastern Ghouta", "northern Rakhine": a part of a named place
            span = _name_span(doc, token.i + 1, len(doc), 1)
            if span is not None:
                spans.append((*span, False))
        if (word, "prefix") in words and token.text[:1].isupper() and \
                token.i + 1 < len(doc) and token.whitespace_:
            # "Rue Casa Calvo", "Mount Sinjar", "Camp Murray", "Jabal al-Sayyid"
            span = _name_span(doc, token.i + 1, len(doc), 1, particle=True)
            if span is not None and (not words[word, "prefix"]
                                     or _after_locative(doc, token.i)
                                     or _acted_on(doc, token.i, span[1])):
                spans.append((token.i, span[1], False))
                headed.add(token.i)
        if token.dep_ in ("dobj", "nsubjpass") and token.pos_ == "PROPN" and \
                token.text[:1].isupper():
            # "stormed X", "entered X", "X was overrun": what a verb of taking or entering
            # a place acts on, whatever the NER called it
            span = _name_span(doc, token.i, -1, -1)
            if span is not None and span[1] == token.i + 1 and \
                    _acted_on(doc, span[0], span[1], persons=False):
                spans.append((*span, False))
    spans.extend(_unknown_after_locative(document, dateline_end))
    described = _described_as_places(doc, dateline_end)
    spans.extend(described)
    # the words say what place it is, even where the actors stage read a community
    headed.update(start for start, _end, _division in described)
    mentions = []
    for start, end, division in spans:
        if any(i in taken for i in range(start, end)) or (
                start not in headed and any(i in acting for i in range(start, end))):
            continue  # an actor ("the Hezbollah stronghold"), unless named as a place
        name = doc[start:end]
        if name.text.casefold() in demonyms or name.text.casefold() + "s" in demonyms or \
                name[0].lower_ == "the":
            continue
        if (name[0].ent_type_ == "NORP" or (len(name) == 1 and name[0].pos_ == "ADJ")
                or name.text.casefold() in _FAITHS) and not _known_place(name.text, demonyms):
            continue  # "a Sunni neighbourhood", "Kurdish villages", "the Sikh area"
        taken.update(range(start, end))
        mentions.append(_Mention(name.text, name.start_char, name.end_char, division, False,
                                 framed=True))
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
        container = resolver.resolve(second.name or second.text,
                                     _Context(focus, division=second.division,
                                              word=_division_word(second.text)))
        if container is None or container.feature == "city" or not container.country:
            continue
        if container.feature in ("country", "region"):  # "Jenin in the West Bank"
            hints[i] = (frozenset({container.country}), frozenset())
        else:
            hints[i] = (frozenset({container.country}), frozenset({container.admin1}))
    return hints


def _resolution_contexts(document: Document
                         ) -> tuple[list[_Mention], list[_Context], Entry | None, Counter[str]]:
    """The article's place mentions, each with the context the ranker resolves it in, the
    dateline's resolved place and the article's focus countries.

    The context holds the focus (the actors' countries, the countries the article names,
    the dateline's country), the containment the words give ("Mosul, Iraq"), the dateline's
    division and place, and the article's other places as a first pass resolves them
    without each other (``others``: a name's namesakes near them or in their division are
    the likelier)."""
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
    home: frozenset[str] = frozenset()
    if dateline is not None and dateline.place:
        head, _, rest = dateline.place.partition(",")
        container = _division_named(rest.strip(), focus) if rest.strip() else None
        within = _Context(Counter(focus))
        if container is not None:
            within.countries = frozenset({container.country})
            within.admin1 = frozenset({container.admin1})
        dateline_entry = resolver.resolve(head.strip(), within)
        if dateline_entry is not None and dateline_entry.country:
            focus[dateline_entry.country] += 2
        elif container is not None:
            focus[container.country] += 2
        if container is not None:
            home = frozenset({container.admin1})
        elif dateline_entry is not None and dateline_entry.admin1 and \
                dateline_entry.feature in ("city", *_DIVISIONS):
            home = frozenset({dateline_entry.admin1})
    for mention in mentions:
        entry = resolver.resolve(mention.name or mention.text,
                                 _Context(Counter(), division=mention.division,
                                          word=_division_word(mention.text)))
        if entry is not None and entry.feature == "country":
            focus[entry.country] += 2
        elif entry is not None and entry.feature == "region" and entry.country:
            focus[entry.country] += 1  # "the West Bank", "Darfur"
    mentions = _comma_divisions(mentions, text)
    hints = _containers(mentions, text, focus)
    contexts = []
    for i, mention in enumerate(mentions):
        countries, admin1 = hints.get(i, (frozenset(), frozenset()))
        contexts.append(_Context(focus, countries, admin1, mention.division, home,
                                 _division_word(mention.text), dateline=dateline_entry))
    # a small town that may be a namesake (``_Mention.local``) sways no other name
    first = [None if m.local else _safe_resolve(m, c)
             for m, c in zip(mentions, contexts, strict=True)]
    keys = [fold(m.name or m.text) for m in mentions]
    for i, context in enumerate(contexts):
        context.others = tuple(e for j, e in enumerate(first)
                               if e is not None and keys[j] != keys[i])
    return mentions, contexts, dateline_entry, focus


_COMMA_ABBREVIATION = re.compile(r",\s*([A-Z][A-Za-z]?\.?(?:[A-Z]\.?)?[a-z]{0,4}\.?)(?![\w.])")


def _comma_divisions(mentions: list[_Mention], text: str) -> list[_Mention]:
    """``mentions`` with the state or province abbreviation after a place and a comma read
    as that division ("Vienna, Va.", "Columbia, SC", "Dover, N.H."), as in a dateline: the
    abbreviation's mention (added when the NER missed it) is named by the division, so
    the place before it is contained in it.  Only where the gazetteer has a place of that
    name in that division: in running text "Miss." and "Ind." are mostly other words."""
    starts = {m.start: m for m in mentions}
    added = []
    for mention in mentions:
        if mention.name is None and mention.text.casefold() in _anywhere_abbreviations():
            mention.name = _abbreviations()[mention.text.casefold()]  # "in D.C."
            mention.division = True
        match = _COMMA_ABBREVIATION.match(text, mention.end)
        if match is None:
            continue
        word = match.group(1)
        code = word.replace(".", "")
        full = _abbreviations().get(word.casefold())
        if full is None and len(code) == 2 and code.isupper():
            full = _postal_codes().get(code)
        if full is None:
            continue
        container = _division_named(full)
        if container is None or container.feature != "admin1" or not any(
                c.admin1 == container.admin1 for c in _resolver().candidates(
                    mention.name or mention.text)):
            continue
        there = starts.get(match.start(1))
        if there is not None:
            if there.end == match.end(1):
                there.name, there.division = full, True
            continue
        added.append(_Mention(word, match.start(1), match.end(1), True, False, name=full))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _safe_resolve(mention: _Mention, context: _Context) -> Entry | None:
    try:
        return _resolver().resolve(mention.name or mention.text, context)
    except Exception:  # one bad name never empties the rest  # pragma: no cover
        return None


def find_places(document: Document) -> None:
    """Places stage: fill ``document.places`` and ``document.dateline_place``."""
    dateline = document.article.dateline
    mentions, contexts, dateline_entry, focus = _resolution_contexts(document)
    persons = {w.casefold() for ent in document.doc.ents if ent.label_ == "PERSON"
               for w in ent.text.split() if w[:1].isupper()}
    places = []
    # places the gazetteer does not know (streets, buildings, landmarks, hamlets): when
    # nothing closer tells where they are, they lie in the article's town
    framed: list[Place] = []
    unknown: list[tuple[Place, _Mention, _Context]] = []
    for mention, context in zip(mentions, contexts, strict=True):
        entry = _safe_resolve(mention, context)
        if entry is not None and _stray_landmark(mention.text, entry, context):
            entry = None  # "Windsor Castle" in a Windsor story is no Jamaican parish
        if entry is not None and mention.from_ner and not mention.framed and \
                _surname_town(document, mention, entry, context):
            continue  # "Dubreuil" after "Claude Dubreuil" is no village in Mauritius
        if mention.local:
            entry = _local_entry(mention.text, context)
            if entry is None:
                continue  # no small town of that name near the article's places
        if entry is None and mention.text[:1].isupper():
            entry = _misspelled_country(mention.text)
        if entry is not None:
            places.append(_place(mention.text, mention.start, entry))
        elif (mention.from_ner or mention.framed) and _unresolved_place_ok(mention.text) \
                and (mention.framed or not _names_a_person(document, mention, persons)):
            # A place the gazetteer does not know ("Heart Hospital", a village) is still
            # where something happened: keep its words, with the country its containment
            # gives ("Ranipur, Sindh") or none, and no guessed coordinates.
            countries = context.countries
            country = next(iter(countries)) if len(countries) == 1 else None
            places.append(Place(text=mention.text, start=mention.start, end=mention.end,
                                name=None, country=country, feature=None))
            unknown.append((places[-1], mention, context))
            framed.append(places[-1])
    _locate_in_named_town(places, document.article.text)
    for place, mention, context in unknown:
        if place.lat is None:
            _locate_by_inner_name(place, mention, context)
    _locate_in_town([p for p in framed if p.lat is None], places, dateline_entry,
                    lambda: _towns_in_names(document, focus))
    document.places = places
    if dateline is not None and dateline.place:
        document.dateline_place = resolve_place_name(dateline.place, focus)
    _as_of(document)


#: words that end the names of buildings and landmarks beside those of scale town in
#: ``data/place_words.tsv``
_LANDMARK_HEADS = frozenset({"castle", "tower", "towers"})
#: the features that say a candidate lies among the article's other places
_LOCAL_FEATURES = ("contained_admin1", "home_admin1", "others_admin1", "others_near",
                   "dateline_near")


def _stray_landmark(text: str, entry: Entry, context: _Context) -> bool:
    """Is ``entry`` a town that only shares the name of a building or landmark ("Windsor
    Castle", "St George's Chapel", "Craven Cottage": places in Jamaica and Durham) far from
    the article's other places?  The landmark is then unknown, and lies where the article
    is (docs/places.md)."""
    words = text.lower().split()
    if entry.feature not in ("city", "admin2") or not words or not (
            _town_scale(text) or words[-1] in _LANDMARK_HEADS):
        return False
    if not context.others and context.dateline is None:
        return False  # nothing to tell where the article is
    if entry.country in context.countries:
        return False
    return _far_from_article(entry, context, text)


#: a town this populous is named for itself even where a person shares its name
_SURNAME_TOWN_MAX = 100_000


def _surname_town(document: Document, mention: _Mention, entry: Entry,
                  context: _Context) -> bool:
    """Is a one-word name the NER called a place only the surname of a person the article
    names in full elsewhere ("Claude Joseph Dubreuil ... Dubreuil had a canal dug"), read
    as a small town far from the article's other places?  A sizeable town, a division, a
    town in a containing country or among the article's places stays a place."""
    if " " in mention.text or entry.feature != "city" or \
            entry.population >= _SURNAME_TOWN_MAX or entry.country in context.countries:
        return False
    word = mention.text.casefold()
    if not any(ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_ == word
               and not (ent.start_char < mention.end and mention.start < ent.end_char)
               for ent in document.doc.ents):
        return False
    return _far_from_article(entry, context, mention.text)


def _local_entry(name: str, context: _Context) -> Entry | None:
    """The best of the towns named ``name`` under their own name that lie near the
    article's other places or in its dateline's division (for ``_Mention.local``: a bigger
    namesake by an alternate name, Glendale's "Riverdale", does not count)."""
    towns = [c for c in _resolver().candidates(name) if c.primary and c.feature == "city"
             and _plausible(c, context, name) and not _far_from_article(c, context, name)]
    return max(towns, key=lambda c: _score(c, context, name), default=None)


def _far_from_article(entry: Entry, context: _Context, name: str) -> bool:
    """Does none of the ranker's local features (same or home first-level division, near
    the article's other places, ...: ``_LOCAL_FEATURES``) hold for ``entry``?"""
    features = dict(zip(RANKER_FEATURES, _features(entry, context, name), strict=True))
    return not any(features[f] for f in _LOCAL_FEATURES)


def _take_point(place: Place, town: Place | Entry) -> None:
    """Put an unknown place at ``town``'s point, country and divisions (``approximate``)."""
    place.country, place.lat, place.lon = town.country or None, town.lat, town.lon
    place.admin1, place.admin2 = town.admin1 or None, town.admin2 or None
    place.approximate = True


#: what stands between a place and the town it is in or beside: "Alder Hey Hospital in
#: Liverpool", "the Heart Hospital, Kabul", "at Rathbeggan, near Dunshaughlin"
_IN_TOWN_GLUE = frozenset({",", "in", ", in", "in the", ", in the", "near", ", near",
                           "outside", ", outside", "just outside", ", just outside"})


def _locate_in_named_town(places: list[Place], text: str) -> None:
    """An unknown place followed by the town it is in or beside ("New Bilibid Prison in
    Muntinlupa", "Alder Hey Children's Hospital, Liverpool", "Rathbeggan, near
    Dunshaughlin") lies at that town."""
    for place, following in zip(places, places[1:], strict=False):
        if place.lat is not None or place.feature is not None or \
                following.feature not in ("city", "admin2") or following.lat is None:
            continue
        if text[place.end:following.start].strip() in _IN_TOWN_GLUE and \
                place.country in (None, following.country):
            _take_point(place, following)


def _locate_by_inner_name(place: Place, mention: _Mention, context: _Context) -> None:
    """An unknown name built on a town's name ("South Kilburn Estate", "Old Town
    Manassas", "Lake Manassas") lies at that town, when the town is one the article names
    or lies among its other places (within 161 km of one, in the same first-level
    division or near the dateline): the longest run of its words that names such a town."""
    words = mention.text.split()
    spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
                    if j - i < len(words)), key=lambda ij: ij[0] - ij[1])
    resolver = _resolver()
    named = {o.geonames_id for o in context.others if o.geonames_id is not None}
    local = [RANKER_FEATURES.index(f) for f in ("others_admin1", "others_near",
                                                  "dateline_near")]
    for i, j in spans:
        part = " ".join(words[i:j])
        if not part[:1].isupper() or part.casefold() in _COMPASS or \
                fold(part) in _FILLER_NAMES:
            continue
        ranked = resolver.ranked(part, context)
        if not ranked:
            continue
        entry, features = max(ranked, key=lambda ef: sum(
            w * f for w, f in zip(ranker_weights(), ef[1], strict=True)))
        if entry.feature not in ("city", "admin2") or entry.lat is None or \
                not entry.primary:
            continue  # "City" is a nickname of a Connecticut town: "City Hall" is not there
        if entry.geonames_id in named or any(features[k] for k in local):
            _take_point(place, entry)
            return
    # no town inside: a country, first-level division or region the name is built on or
    # the NER ran into its neighbours ("Greece Italy", "South Venezuela", "the Pacific
    # equatorial region", "Illinois State Armory") gives its point; not a river, delta or
    # island named after one ("Mississippi River" is not in the state's middle), nor a
    # common word ("Delta", "Island" name a Nigerian state and Iceland)
    if words and words[-1].casefold() in _LANDFORMS:
        return
    for i, j in spans:
        if any(w.casefold() in _LANDFORMS for w in words[i:j]):
            continue
        part = " ".join(words[i:j])
        if not part[:1].isupper() or part.casefold() in _COMPASS or \
                fold(part) in _FILLER_NAMES or _compass_name(part):
            continue
        entry = resolver.resolve(part, context)
        if entry is not None and entry.feature in ("country", "admin1", "region") and \
                entry.primary and entry.lat is not None and \
                place.country in (None, entry.country):
            _take_point(place, entry)
            return


#: natural features named after a country or a division, and common words that name one
_LANDFORMS = frozenset({
    "river", "rivers", "lake", "lakes", "sea", "bay", "gulf", "delta", "island", "islands",
    "isle", "peninsula", "coast", "valley", "basin", "mountain", "mountains", "hills",
    "highlands", "desert", "plateau", "plain", "plains", "canal", "strait", "falls",
    "creek", "forest", "sound", "channel", "range", "trench", "reef", "cape", "head"})

#: words that alone are no town's name inside a longer one ("Old Town", "Lake")
_FILLER_NAMES = frozenset({"old", "new", "old town", "lake", "river", "mount", "st", "st.",
                           "saint", "upper", "lower", "great", "little", "port", "fort"})


def _towns_in_names(document: Document, focus: Counter[str]) -> list[Place]:
    """The towns that open the names of the article's organisations: "the Winnipeg Fire
    Paramedic Service", "Chicago Police Department" (a local paper names its town in its
    institutions); a town of 20,000+ under its own name, before more of the name."""
    resolver = _resolver()
    towns = []
    for ent in document.doc.ents:
        if ent.label_ != "ORG":
            continue
        tokens = [t for t in ent if t.lower_ != "the"]
        for size in (2, 1):
            head = tokens[:size]
            if len(tokens) <= size or not all(t.text[:1].isupper() and t.is_alpha
                                               for t in head):
                continue
            if not (tokens[size].is_alpha and tokens[size].text[:1].isupper()):
                continue  # more of the name follows, not "Chartres/Franklin" (two streets)
            entry = resolver.resolve(" ".join(t.text for t in head), _Context(focus))
            if entry is not None and entry.feature == "city" and entry.primary and \
                    entry.population >= _GAZETTEER_MENTION_MIN and entry.lat is not None:
                towns.append(_place(entry.name, -1, entry))
                break
    return towns


def _locate_in_town(framed: list[Place], places: list[Place], dateline: Entry | None,
                    named_in=None) -> None:
    """Places the gazetteer does not know (streets, buildings, landmarks, "the village of X",
    a hamlet named as a place) are in the town the article is about: the dateline's, else
    the town it names most often (a second-level division when it names no town; the town
    that opens the names of its organisations when it names neither: ``named_in``), when
    one stands out or most of the towns named as often lie within 100 km of each other
    (Chicago and Park Ridge).  They take its point, country and divisions, flagged
    ``approximate``, and no name or id."""
    if not framed:
        return
    towns: Counter[tuple] = Counter()
    points: dict[tuple, Place] = {}
    kinds = ("city",) if any(p.feature == "city" and p.lat is not None for p in places) \
        else ("admin2",)
    for place in places:
        if place.feature in kinds and place.lat is not None:
            key = (place.geonames_id, place.name)
            towns[key] += 1
            points.setdefault(key, place)
    if dateline is not None and dateline.feature in ("city", "admin2") and \
            dateline.lat is not None:
        key = (dateline.geonames_id, dateline.name)
        towns[key] += 2
        points.setdefault(key, _place(dateline.name, -1, dateline))
    if not towns and named_in is not None:  # no town named as a place: its institutions'
        for place in named_in():
            key = (place.geonames_id, place.name)
            towns[key] += 1
            points.setdefault(key, place)
    if not towns:
        return
    top = max(towns.values())
    tied = [points[key] for key, count in towns.items() if count == top]
    # the towns named most that lie close together (Chicago and Park Ridge), when they are
    # more than half of them (London, Kilburn and Brent, not a stray namesake far away);
    # the first named of that group
    groups = [[other for other in tied if _km(town, other) <= _SAME_TOWN_KM]
              for town in tied]
    group = max(groups, key=len)
    if 2 * len(group) <= len(tied):
        return  # towns apart, named as often: no telling which
    town = group[0]
    for place in framed:
        if place.country not in (None, town.country):
            continue  # its containment says it is elsewhere
        _take_point(place, town)


#: towns named as often as each other that are this close are one town's area
_SAME_TOWN_KM = 100.0


def _km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates, in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@cache
def _town_words() -> frozenset[tuple[str, str]]:
    """(word, "head" or "prefix") of the place words that name something inside a town:
    streets, buildings, quarters (``scale`` town in ``data/place_words.tsv``)."""
    from whodid.resources import data_path, read_tsv

    return frozenset((row["word"].strip().lower(), row["where"].strip())
                     for row in read_tsv(data_path("place_words.tsv"))
                     if (row.get("scale") or "").strip() == "town")


def _town_scale(text: str) -> bool:
    """Does a name end or begin with a word for a street, a building or a quarter ("Hampton
    Avenue", "Northwestern Memorial Hospital", "Rue Casa Calvo")?"""
    words = text.lower().split()
    return bool(words) and ((words[-1], "head") in _town_words()
                            or (words[0], "prefix") in _town_words())


def _as_of(document: Document) -> None:
    """Places of a state that did not exist yet on the article's date are its
    predecessor's: Juba in 1992 is in Sudan (successions.tsv)."""
    kb = knowledge_base()
    day = document.publication_day
    if day is None:
        return
    for place in (*document.places, document.dateline_place):
        if place is not None and place.country in kb.successions:
            place.country = kb.country_on(place.country, day)


def _misspelled_country(text: str) -> Entry | None:
    """The country a one-word place name misspells ("Afganistan"), as the gazetteer has it."""
    from whodid.names import misspelled_country

    if " " in text:
        return None
    known = misspelled_country(text)
    if known is None or known.kind != "country" or not known.country:
        return None
    return _resolver().resolve(knowledge_base().countries[known.country].name)


def _names_a_person(document: Document, mention: _Mention, persons: set[str]) -> bool:
    """Is a name the NER called a place, which no gazetteer knows, a person's: someone the
    knowledge base knows ("Buhari"), a name the article also gives a person ("Narendra
    Modi" ... "Modi"), or one set beside a person's noun ("Cindy Sheehan, the mother",
    "X, president of the union")?"""
    if mention.text in knowledge_base().people:
        return True
    words = [w.casefold() for w in mention.text.split()]
    if words and all(w in persons for w in words):
        return True
    span = document.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    beside = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        beside.append(root.head)
    return any(t.lemma_.lower() in _PERSON_NOUNS for t in beside)


#: nouns for people, set beside a name ("Cindy Sheehan, the mother who ...")
_PERSON_NOUNS = frozenset({
    "mother", "father", "wife", "husband", "son", "daughter", "brother", "sister", "widow",
    "man", "woman", "boy", "girl", "child", "teenager", "student", "resident", "actor",
    "actress", "singer", "player", "coach", "author", "writer", "founder", "owner", "member",
    "victim", "suspect", "president", "spokesman", "spokeswoman", "spokesperson", "leader",
    "chief", "minister", "governor", "mayor", "official", "commander", "activist",
    "journalist", "lawyer", "doctor", "teacher", "officer", "director", "chairman",
    "chairwoman", "secretary", "senator", "lawmaker", "priest", "imam", "head", "manager",
    "executive", "candidate", "politician", "judge", "professor"})


def _unresolved_place_ok(text: str) -> bool:
    """An unknown entity name that still reads as a place name: capitalised (past an ayin
    written as a quote and a joined particle: "‘Ayn Tarma", "al-Wafa"), not a bare number
    or a single letter (a road's number, "M5", is one)."""
    initial = _JOINED_PARTICLE.sub("", text.lstrip("".join(_OPENING_QUOTES)))
    return (len(text) > 2 or bool(_ROAD_NUMBER.fullmatch(text))) and initial[:1].isupper() \
        and not text.replace(" ", "").isdigit()


_JOINED_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|an|az|at)-")


@cache
def _postal_codes() -> dict[str, str]:
    """US and Canadian postal abbreviations of states and provinces ("SC", "TX", "BC")."""
    import pycountry

    return {division.code.split("-")[1]: division.name for division in pycountry.subdivisions
            if division.country_code in ("US", "CA") and division.parent_code is None}


@cache
def _abbreviations() -> dict[str, str]:
    """Agency-style abbreviations of divisions ("Mont." -> Montana), from
    ``data/division_abbreviations.tsv``, casefolded."""
    import pycountry

    from whodid.resources import data_path, read_tsv

    names = {d.code: d.name for d in pycountry.subdivisions if d.parent_code is None}
    return {row["abbreviation"].strip().casefold(): names[row["code"].strip()]
            for row in read_tsv(data_path("division_abbreviations.tsv"))
            if row["code"].strip() in names}


@cache
def _anywhere_abbreviations() -> frozenset[str]:
    """The abbreviations of ``data/division_abbreviations.tsv`` that mean their division
    wherever they stand ("D.C."), casefolded."""
    from whodid.resources import data_path, read_tsv

    return frozenset(row["abbreviation"].strip().casefold()
                     for row in read_tsv(data_path("division_abbreviations.tsv"))
                     if (row.get("anywhere") or "").strip() == "yes")


def _division_named(name: str, focus: Counter[str] | None = None) -> Entry | None:
    """The country or division a dateline or an address names after a comma: "Lebanon",
    "Texas", "SC", "S.C."."""
    context = _Context(Counter(focus or {}), division=True)
    container = _resolver().resolve(name, context)
    if container is None:
        code = name.replace(".", "").strip().upper()
        if len(code) == 2 and code in _postal_codes():
            container = _resolver().resolve(_postal_codes()[code], context)
        elif name.strip().casefold() in _abbreviations():  # "Mont.", "Calif.", "N.B."
            container = _resolver().resolve(_abbreviations()[name.strip().casefold()], context)
    if container is None or container.feature == "city" or not container.country:
        return None
    return container


def resolve_place_name(name: str, focus: Counter[str] | None = None) -> Place | None:
    """A Place for a bare name (e.g. a dateline city, "Tripoli, Lebanon"), offsets unset
    (-1); a part after a comma is taken as the containing country or division ("Austin,
    Texas", "Columbia, SC")."""
    head, _, rest = name.partition(",")
    context = _Context(Counter(focus or {}))
    if rest.strip():
        container = _division_named(rest.strip(), focus)
        if container is not None:
            context.countries = frozenset({container.country})
            if container.feature in _DIVISIONS:
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
        admin1=entry.admin1 or None,
        admin2=entry.admin2 or None,
    )


@cache
def _reporting() -> frozenset[str]:
    from whodid.lexicon import load_lexicon

    return load_lexicon().word_set("reporting_verbs")

