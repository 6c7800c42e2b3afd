"""Where an event happened: the place attached to its clause, else where it was said or done.

:func:`event_place` gives an event the place phrase attached to its own clause (through a
locative preposition, or as what it acts on), with the places coordinated with it ("in
Nairobi and Mombasa"); :func:`place_for_token` gives the place the coder would attach to a
clause at a token (the evaluation's fallback).  The places themselves come from the places
stage (:mod:`whodid.places`); docs/places.md, "Where an event happened", lists the rules.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from whodid.document import Document
from whodid.model import Place
from whodid.places import _DIVISION_WORDS, _SETTLEMENTS, _reporting

# -- where an event happened ------------------------------------------------------------------
#: prepositions whose object says where something happens ("in Mosul", "attacked positions
#: near Aleppo", "airstrikes on Idlib", "marched toward the capital")
_LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "inside", "toward", "towards",
                             "across", "into", "around", "throughout", "from", "on", "along",
                             "within", "through", "over", "down", "up", "past", "beyond",
                             "via", "off", "onto", "upon", "under", "underneath", "beneath",
                             "amid", "behind", "above", "below", "beside", "opposite"})
#: prepositions that place something between two places ("the villages between X and Y"); a
#: country there is a party ("clashes between Armenia and Azerbaijan"), not where
_BETWEEN = frozenset({"between"})
#: participles that the parse takes for a clause of their own in "targeting the Army
#: controlled village of X" (for "Army-controlled"): what they act on is the event's object
_HELD_BY = frozenset({"controlled", "held", "occupied", "besieged", "dominated", "run"})
#: prepositions whose object is what an act is about, not where it happens ("protested
#: against the bombing of Belgrade", "talks about Kashmir", "aid for Gaza")
_ABOUT_PREPS = frozenset({"against", "about", "for", "with", "by", "as", "like", "than",
                          "after", "before", "since", "despite", "concerning", "regarding",
                          "following"})
#: prepositions that make all below them what an act is about, even past a locative phrase:
#: "talks about the fighting in X", "detained since the attacks in X"; for a verbal act also
#: "against" and "for": "protested against the bombing of a bridge in X", "appealed for aid
#: to the refugees in X" (an attack "against rebels in X" is in X)
_ABOUT_ABOVE = frozenset({"about", "concerning", "regarding", "since", "despite"})
_ABOUT_ABOVE_VERBAL = _ABOUT_ABOVE | {"against", "for"}
#: nouns of an occasion where something is said: "said during a visit to Nairobi", "in a
#: speech in Tehran"; "to" after the first four places the occasion
_OCCASIONS = frozenset({"visit", "trip", "tour", "journey", "speech", "address", "meeting",
                        "conference", "summit", "rally", "interview", "session", "ceremony",
                        "talks", "briefing", "gathering", "sermon", "statement", "remarks",
                        "stop", "stopover"})
_TRAVEL = frozenset({"visit", "trip", "tour", "journey"})
#: prepositions that say where a speaker was: "said in Tehran", "told reporters at the UN"
_SAID_PREPS = frozenset({"in", "at", "inside", "outside", "near", "within", "aboard"})
#: verbs of a participle clause that tells where a speaker was: "Speaking in Tehran, he
#: accused ...", "Visiting Kabul, the minister promised ..."
_SPEAKER_WHERE = frozenset({"speak", "address", "visit", "talk", "tour", "arrive", "attend",
                            "meet", "travel", "stand", "stop", "appear", "return"})
#: dependencies that open another clause: a place inside one is that clause's
_CLAUSE_EDGES = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass",
                           "acl", "xcomp", "pcomp"})
#: clauses that carry on the event itself: "began to shell X", "launched an offensive to
#: capture X", "began the assault by storming X"
_PURPOSE_EDGES = frozenset({"xcomp", "acl", "advcl", "pcomp"})
#: words after which "of"/"from" places something: "north of Ramadi", "10 km from Homs"
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest",
                         "southeast", "southwest", "north-east", "north-west", "south-east",
                         "south-west", "northward", "southward", "eastward", "westward",
                         "outside", "inside", "km", "kms", "kilometres", "kilometers",
                         "kilometre", "kilometer", "miles", "mile", "outskirts", "heart",
                         "centre", "center", "edge", "vicinity", "environs", "suburbs",
                         "countryside", "ahead", "short"})
#: nouns that stand for a place: "captured the village of X", "shelled the outskirts of X"
_PLACE_NOUNS = _SETTLEMENTS | _DIVISION_WORDS | _DIRECTIONS | frozenset({
    "part", "parts", "area", "areas", "position", "positions", "outpost", "base", "airport",
    "airbase", "hill", "hills", "hilltop", "border", "street", "streets", "road", "highway",
    "territory", "territories", "side", "flank", "flanks", "front", "region", "regions",
    "zone", "province", "provinces", "quarter", "quarters", "stronghold", "strongholds",
    "point", "points", "checkpoint", "village", "farms", "mountain", "mountains", "valley",
    "district", "neighbourhood", "neighborhood", "town", "city", "capital", "island",
    "islands", "coast", "bank", "enclave", "pocket", "plain", "plains", "desert"})
#: nouns for a part of a place, whose possessor is the place a deed acts on: "shelled the X
#: Plateau's southern flank", "stormed the village's eastern entrance"
_PARTS = _PLACE_NOUNS | frozenset({"slope", "slopes", "entrance", "entrances", "outskirt",
                                   "outskirts", "periphery", "perimeter", "gate", "gates",
                                   "approach", "approaches", "edge", "fringe", "fringes",
                                   "section", "sector", "corner"})
#: nouns whose "of" phrase names them ("the town of Jenin"), while a name before them says
#: where they are ("the West Bank town of Jenin"); other nouns are parts of what their "of"
#: phrase names ("the Shaab neighbourhood of Baghdad")
_NAMED_BY_OF = frozenset({"city", "town", "village", "port", "hamlet", "settlement",
                          "capital", "municipality", "township", "island", "camp", "oasis",
                          "state", "country", "nation", "kingdom", "emirate", "republic"})
#: prepositions after which a name still names the noun above: "the town of X", "key towns,
#: including X and Y"
_NAMING_PREPS = frozenset({"of", "including"})
#: the least specific first: a country contains a region, a region a division, ...
_FEATURE_RANK = {"country": 0, "region": 1, "admin1": 2, "admin2": 3}


def _rank(place: Place) -> int:
    """How specific a place is by kind: a country 0 ... a town or a name the gazetteer does
    not know 4."""
    return _FEATURE_RANK.get(place.feature or "", 4)


@dataclass(frozen=True)
class EventPlace:
    """Where an event happened: the place and how it was found (``clause``: attached to the
    event's own clause; ``sentence``: elsewhere in its sentence; ``paragraph``: the nearest
    place of its paragraph), and the places coordinated with it ("in Nairobi and
    Mombasa": Nairobi, also Mombasa)."""

    place: Place
    precision: str
    also: tuple[Place, ...] = ()


def _place_root(document: Document, place: Place):
    span = document.doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def of_chain(token, limit: int = 4) -> list:
    """``token``, what it names ("the town of Jenin") and the nouns of its "of" phrases
    ("control of most parts of Mosul")."""
    chain = [token]
    for _ in range(limit):
        nxt = next((g for p in chain[-1].children if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children if g.dep_ == "pobj"), None)
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def _purpose(node) -> bool:
    """A clause that carries on its head's event: an infinitive ("an offensive to capture
    X", "began to shell X") or a gerund after a preposition ("by storming X")."""
    if node.dep_ not in _PURPOSE_EDGES:
        return False
    if node.dep_ == "pcomp":
        return node.head.lower_ in ("by", "in", "while")
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)


def _path(root, anchors: set[int], objects: frozenset[int] = frozenset()
          ) -> tuple[list, bool] | None:
    """The tokens from a place's head up to one of the event's words, and whether the way
    goes through a clause that carries on the event ("to capture X") or describes what it
    acts on (``objects``: "targeting the farms located near X", "striking the hills that
    surround X"); None when it leaves the event's clause (a relative clause elsewhere, a
    reported clause, another verb's conjunct)."""
    path = [root]
    node = root
    purpose = False
    while node.i not in anchors:
        if node.head.i == node.i or len(path) > 10:
            return None
        if node.dep_ in _CLAUSE_EDGES or (node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")):
            held = _held_by(node, anchors)
            if held is not None:
                # "targeting the Army controlled X", parsed as "targeting [the Army
                # controlled X]" or as a verb of its own: X is what the event acts on
                path.append(held)
                break
            if not (_purpose(node) or (node.dep_ in ("acl", "relcl")
                                       and node.head.i in objects)):
                return None
            purpose = True
        node = node.head
        path.append(node)
    return path, purpose


def _held_by(node, anchors: set[int]):
    """The event word whose object a participle such as "controlled" or "held" continues,
    when the parse takes "the Army controlled X" (for "Army-controlled X") for a clause of
    its own: "targeting the Syrian Army (SAA) controlled village of X"; else None."""
    if node.lower_ not in _HELD_BY or node.dep_ not in ("ccomp", "conj") or not any(
            c.dep_ in ("dobj", "obj") for c in node.children) or any(
            c.dep_ in ("nsubjpass", "aux", "auxpass") for c in node.children):
        return None
    if node.dep_ == "ccomp" and node.head.i in anchors:
        return node.head  # "targeting [the Army controlled X]"
    before = node.i - 1
    while before >= node.sent.start and node.doc[before].is_punct:
        before -= 1
    if before < node.sent.start:
        return None
    for token in (node.doc[before], *node.doc[before].ancestors):
        if token.i == node.i:
            return None
        if token.dep_ in ("dobj", "obj") and token.head.i in anchors:
            return token.head
    return None


def _locative(path: list, verbal: bool = False, country: bool = False) -> bool | None:
    """Does the way from a place to the event go through a locative preposition ("in X",
    "in the countryside of X", "north of X", "a visit to X")?  None when a preposition on
    the way makes the place what the act is about: the first telling one ("protested
    against the bombing of X"), or one above the locative phrase ("protested against the
    escalation of the conflict in X"; ``verbal``: the event is a verbal act)."""
    above_about = _ABOUT_ABOVE_VERBAL if verbal else _ABOUT_ABOVE
    found: bool = False
    for below, token in zip(path, path[1:], strict=False):
        if below.dep_ != "pobj":
            continue
        word = token.lower_
        if token.head.lower_ == "according":  # "according to a source in Damascus"
            return None
        if found:
            if word in above_about:
                return None
            continue
        if word == "as" and token.head.lower_ == "known":
            continue  # "two areas known as X": X names them
        if word == "from" and token.head.pos_ not in ("VERB", "AUX") and \
                token.head.lower_ not in _DIRECTIONS:
            continue  # "reports from X", "officials from X": where they come from
        if word in _LOCATIVE_PREPS or (word in _BETWEEN and not country) or (
                word in ("of", "from") and token.head.lower_ in _DIRECTIONS) or (
                word == "to" and token.head.lemma_.lower() in _TRAVEL):
            found = True
            continue
        if word in _ABOUT_PREPS:
            return None
    return found


def _whose(root) -> bool:
    """Does a country's name only say whose something is ("outside the U.S. embassy",
    "Mexico's top-security prison", "in modern U.S. history", "a U.S. base in Syria"), not
    where it is?"""
    if root.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    head = root.head
    # "a U.S. military base in northern Syria": the base is placed by its own phrase
    return (head.lemma_.lower() not in _PLACE_NOUNS and head.pos_ != "PROPN") or any(
        c.dep_ == "prep" and c.lower_ in _LOCATIVE_PREPS for c in head.children)


def _where_said(path: list, wide: frozenset[int] = frozenset()) -> bool:
    """Is the place where the words were said: reached from the verb of saying through
    prepositions and occasions only ("said in Tehran", "in a speech in Tehran", "during a
    visit to Nairobi"), not through what was said or whom it was about ("condemned the
    attack in Mombasa", "rejected cooperation with the United States")?  The way may pass
    the heads in ``wide``: countries and regions, which a town's phrase cannot describe
    ("rejected cooperation with the United States in Tehran", parsed as if the United
    States were in Tehran)."""
    named = _naming(path)
    above = path[len(named):-1]
    if not above or above[0].dep_ != "prep" or not (
            above[0].lower_ in _SAID_PREPS
            or (above[0].lower_ == "to" and above[0].head.lemma_.lower() in _TRAVEL)):
        return False  # "deployed from Iran to Iraq": not where anyone spoke
    for token in above:
        if token.dep_ == "prep":
            continue
        if token.dep_ == "pobj" and (token.lemma_.lower() in _OCCASIONS
                                     or token.lemma_.lower() in _PLACE_NOUNS
                                     or token.i in wide):
            continue
        return False
    return bool(_locative(path))


def _contains(outer, inner, outer_known: bool = True, inner_known: bool = True) -> bool:
    """Does the place headed at ``outer`` contain (or locate) the one headed at ``inner``, as
    the words say: "Musa Qala in Helmand", "Sadr City, Baghdad", "Balad Ruz, 70 km north of
    Baghdad" (``outer`` inside ``inner``'s phrase), "Baghdad's Amriya district" (a
    possessor), "the Shaab neighbourhood of Baghdad" (the "of" phrase of a noun that
    ``inner`` already names)?  The last reads both ways ("the Nairobi suburb of X": X is
    the suburb); there a town the gazetteer knows (``outer_known``, ``inner_known``) holds
    a name it does not know."""
    if inner.i in {t.i for t in outer.ancestors}:
        return True
    if outer.dep_ in ("compound", "nmod", "amod") and inner.dep_ == "pobj" and \
            inner.head.lower_ == "of" and inner.head.head.i == outer.head.i:
        # "the West Bank town of Jenin", "the Azov Sea port city of Mariupol"
        # (and "the Nairobi suburb of X")
        return outer.head.lemma_.lower() in _NAMED_BY_OF or (outer_known and not inner_known)
    head = inner.head if inner.dep_ in ("compound", "nmod", "amod") else None
    if head is None or head.i == inner.i:
        return False
    if outer.dep_ == "poss" and outer.head.i == head.i:
        return True
    return outer.dep_ == "pobj" and outer.head.lower_ == "of" and \
        outer.head.head.i == head.i and head.lemma_.lower() not in _NAMED_BY_OF and \
        not (inner_known and not outer_known)


def _naming(path: list) -> list:
    """The start of the way up from a place while the words still name the same thing:
    "Jablah" in "the coastal cities of Jablah and Tartous" reaches "cities"."""
    named = [path[0]]
    for token, above in zip(path, path[1:], strict=False):
        if token.dep_ in ("compound", "nmod", "amod", "appos", "conj", "flat") or (
                token.dep_ == "pobj" and token.head.lower_ in _NAMING_PREPS) or (
                token.dep_ == "prep" and token.lower_ in _NAMING_PREPS):
            named.append(above)
            continue
        break
    return named


def _direct(path: list, country: bool = False) -> bool:
    """Is the place what a verb on the way acts on: its object or passive subject ("seized
    Mosul", "stormed the village of X", "the outskirts of X were shelled")?  A country that
    modifies the object names whose it is, not where ("sued the U.S. government")."""
    for token in path[:-1]:
        if token.dep_ in ("dobj", "obj", "nsubjpass") or (
                token.dep_ == "npadvmod" and token.head.dep_ not in ("amod", "compound")):
            # "raided four villages: X, Y", "in the capital, Islamabad" (a loose apposition),
            # not "US-led"
            return token.head.pos_ in ("VERB", "AUX")
        if country and token.dep_ in ("compound", "nmod", "amod") and not (
                token.head.lemma_.lower() in _PLACE_NOUNS or token.head.pos_ == "PROPN"):
            return False  # "sued the U.S. government" (but "struck a Baghdad cafe")
        if token.dep_ in ("compound", "nmod", "amod", "appos", "conj", "cc", "det"):
            continue
        if token.dep_ == "pobj" and token.head.lower_ == "of" and (
                token.head.head.lemma_.lower() in _PLACE_NOUNS
                or token.head.head.pos_ == "PROPN"):
            continue
        if token.dep_ == "prep" and token.lower_ == "of":
            continue
        if token.dep_ == "pobj" and token.head.lower_ == "including":
            continue  # "captured key towns, including X and Y"
        if token.dep_ == "oprd" or (token.dep_ == "pobj" and token.head.lower_ == "as"
                                    and token.head.head.lower_ == "known") or (
                token.dep_ == "prep" and token.lower_ == "as"
                and token.head.lower_ == "known") or (
                token.dep_ in ("acl", "relcl")
                and token.lower_ in ("known", "called", "named", "dubbed")):
            continue  # "captured two areas known as X and Y", "a village called X"
        if token.dep_ == "prep" and token.lower_ == "including":
            continue
        if token.lemma_.lower() in _PLACE_NOUNS and token.dep_ not in ("pobj", "nsubj", "poss"):
            continue
        if token.dep_ == "poss" and not country and token.head.lemma_.lower() in _PARTS:
            continue  # "targeting the X Plateau's southern flank"
        return False
    return False


def _attached(document: Document, places: list[Place], anchors: set[int],
              acted: set[int], said: bool = False, wide: frozenset[int] = frozenset(),
              verbal: bool = False, objects: frozenset[int] = frozenset()
              ) -> list[tuple[tuple, Place, object]]:
    """(preference key, place, its head token) for the places attached to the event's
    clause: acted on ("seized Mosul", "stormed the village of X") or named in a locative
    phrase ("in X").  The key prefers the event's own clause to a clause that carries it on
    ("to capture X"), then a place the words put no other place here inside ("Kandahar's
    Panjwai district", "Musa Qala in Helmand"), then the most specific by kind (a town
    before its division, a division before its country), one that is no landmark ("west of
    Mosul"), what it acts on, and the nearest.
    With ``said`` (a statement, an appeal, an accusation) only where the words were said
    counts (:func:`_where_said`; ``wide``: the heads of the sentence's countries and
    regions); with ``verbal`` (a verbal act) what is "against" or "for" is what it is about.
    A clause that describes one of ``objects`` (what a deed acts on: "targeting the farms
    located near X") is passed as one that carries the event on."""
    found = []
    for place in places:
        root = _place_root(document, place)
        if root is None or (place.feature == "country" and _whose(root)):
            continue
        way = _path(root, anchors, objects)
        if way is None:
            if root.i in acted and not said:  # what the event acts on, wherever it hangs
                found.append(([False, False, -_rank(place), False, False, 9], place, root))
            continue
        path, purpose = way
        if said:
            if not _where_said(path, frozenset() if place.feature in ("country", "region")
                               else wide):
                continue
            found.append(([purpose, False, -_rank(place), False, True, len(path)], place,
                          root))
            continue
        locative = _locative(path, verbal, place.feature == "country")
        if locative is None:
            continue  # what the act is about ("protested against the bombing of X")
        # what the event acts on ("seized the city of X"), not a place that only says
        # where one of its participants comes from ("arrested a man from Basra")
        acted_on = any(
            t.i in acted and (t.dep_ != "pobj" or t.head.head.i in anchors
                              or t.head.head.pos_ in ("VERB", "AUX"))
            for t in _naming(path))
        direct = len(path) == 1 or _direct(path, place.feature == "country") or (
            # "the southern Aleppo offensive", "a Baghdad car bombing": a town or division
            # that names the event noun itself (a country there is a party: "US strikes")
            len(path) == 2 and root.dep_ in ("compound", "nmod", "amod")
            and path[1].pos_ == "NOUN" and place.feature not in ("country", "region"))
        if not (acted_on or locative or direct):
            continue
        # "east of Palmyra", "30 km from Homs": a landmark the place is told from
        landmark = any(below.dep_ == "pobj" and token.lower_ in ("of", "from")
                       and token.head.lower_ in _DIRECTIONS
                       for below, token in zip(path, path[1:], strict=False))
        key = [purpose, False, -_rank(place), landmark,
               not (acted_on or direct), len(path)]
        found.append((key, place, root))
    for key, place, root in found:
        # the words say another place here is inside this one: "Kandahar's Panjwai
        # district", "Musa Qala in Helmand", whatever their kinds, except that no town
        # holds a country or a region ("the capital of the Central African Republic,
        # Bangui" reads like "Mosul, Iraq")
        key[1] = any(other is not root and _contains(root, other, place.name is not None,
                                                     other_place.name is not None)
                     and not (_rank(place) >= 4 and _rank(other_place) <= 1)
                     for _k, other_place, other in found)
    return [(tuple(key), place, root) for key, place, root in found]


def _coordinated(root) -> set[int]:
    """The heads of the names coordinated with the one at ``root``: "in Nairobi and
    Mombasa", "in Lagos, Abuja and Kano"."""
    top = root
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    group, todo = {top.i}, [top]
    while todo:
        for child in todo.pop().children:
            if child.dep_ == "conj" and child.i not in group:
                group.add(child.i)
                todo.append(child)
    return group


def _best(document: Document, found: list[tuple[tuple, Place, object]], places: list[Place],
          precision: str) -> EventPlace:
    """The preferred attached place, with the places coordinated with it in ``also``."""
    _key, place, root = min(found, key=lambda item: item[0])
    group = _coordinated(root)
    also = []
    for other in places:
        if other is place or (other.feature == "country") != (place.feature == "country"):
            continue
        other_root = _place_root(document, other)
        if other_root is not None and other_root.i != root.i and other_root.i in group:
            also.append(other)
    return EventPlace(place, precision, tuple(also))


def event_place(document: Document, anchor, trigger: Iterable = (), targets: Iterable = (),
                participants: Iterable[tuple[int, int]] = (), material: bool = True,
                said: bool | None = None, verbal: bool | None = None) -> EventPlace | None:
    """Where the event told by ``anchor`` (a verb or an event noun; ``trigger`` its other
    words, ``targets`` the tokens of what it acts on) happened, as the coder attaches it:

    1. a place attached to the event's own clause: one it acts on ("seized Mosul", "stormed
       the village of X"), else one in a locative phrase on the event or on its object or
       subject ("in Mosul", "positions near X", "protesters in Baghdad"); among several the
       acted-on one, then the most specific (a town before its province, a province before
       its country, "Musa Qala" in "in Musa Qala in Helmand province"), with the places
       coordinated with it in ``also`` ("in Nairobi and Mombasa"). A place inside another
       clause (a relative clause, the reported clause of "said", a conjoined verb), what
       the act is about ("protested against the bombing of X", "talks about the fighting in
       X"), or a country that only says whose something is ("outside the U.S. embassy") is
       not attached;
    2. for an event in a relative clause on a place ("the village of X, where ..."), that
       place; for a participle or adverbial clause with no place of its own ("shelling hit
       Donetsk, killing 8"), the place of the clause it depends on;
    3. for a material event (``material``), the most specific place elsewhere in the
       sentence that is not a participant's (``participants``: character spans).

    A statement, appeal or accusation (``said``; by default an event that is not
    ``material``) happens where it was said: only a place phrase on its own words that
    reaches them through prepositions and occasions counts ("said in Tehran", "in a speech
    in Tehran", "during a visit to Nairobi", "Speaking in Tehran, he accused ..."), never
    what it is about or addressed to ("rejected cooperation with the United States", "condemned
    the attack in Mombasa"); the sentence rarely tells, and the caller falls back on the
    dateline.  For a ``verbal`` act (by default one that is not ``material``) a phrase under
    "against" or "for" is what it is about.  A country that is a subject or possessor
    ("Iraq said", "Iraq's army") is never the place."""
    if said is None:
        said = not material
    if verbal is None:
        verbal = not material
    sentence = anchor.sent
    participants = list(participants)
    anchors = {anchor.i, *(t.i for t in trigger)}
    acted = {t.i for token in targets for t in of_chain(token)}
    places = _named_places(document, sentence)
    if not material:
        # a statement, appeal or refusal is made where the speaker is, not in a country it
        # is addressed to or is about ("asked Syria to ...", "cooperation between Iran and
        # the US will never happen", "forces will not be deployed from Iran to Iraq")
        places = [p for p in places if p.feature != "country"
                  or _in_locative_phrase(document, p, verbal)]
    wide = frozenset(root.i for p in _places_between(document, sentence.start_char,
                                                     sentence.end_char)
                     if p.feature in ("country", "region")
                     and (root := _place_root(document, p)) is not None)
    # what a deed acts on, described by a clause of its own: "targeting the farms located
    # near X", "striking the hills that surround the village of X"
    objects = frozenset() if said else frozenset(
        t.i for child in anchor.children if child.dep_ in ("dobj", "obj", "nsubjpass")
        for token in (child, *(c for c in child.children if c.dep_ == "conj"))
        for t in of_chain(token))
    attached = _attached(document, places, anchors, acted, said=said, wide=wide,
                         verbal=verbal, objects=objects)
    if attached:
        return _best(document, attached, places, "clause")
    if said:
        # "Speaking in Tehran, the minister accused ...": the speaker's whereabouts
        for child in anchor.children:
            if child.dep_ == "advcl" and child.lemma_.lower() in _SPEAKER_WHERE:
                found = _attached(document, places, {child.i}, set())
                if found:
                    return _best(document, found, places, "clause")
    # a relative clause on a place: "the village of Shura, where bombers were shot"
    if anchor.dep_ in ("relcl", "acl") and any(
            c.lower_ in ("where", "wherein") or (c.dep_ == "prep" and c.lower_ in ("in", "at")
                                                 and any(g.lower_ == "which" for g in c.children))
            for c in anchor.children):
        antecedent = anchor.head
        if antecedent.dep_ == "appos":  # "the camp at Mauthausen, Austria, where ..."
            antecedent = antecedent.head
        found = _attached(document, places, {antecedent.i}, {antecedent.i} | {
            t.i for t in of_chain(antecedent)}, verbal=verbal)
        found = [item for item in found if not item[0][4]] or found
        if found:
            return _best(document, found, places, "clause")
    # a participle or adverbial clause takes the place of the clause it hangs from
    governor, hops = anchor, 0
    while governor.dep_ in ("advcl", "conj", "xcomp", "acl") and hops < 3 and \
            governor.head.i != governor.i:
        governor, hops = governor.head, hops + 1
        if governor.lemma_.lower() in _reporting():
            break
        found = _attached(document, places, {governor.i}, set(), verbal=verbal)
        if found:
            return _best(document, found, places, "sentence")
    if material:
        loose = [p for p in places if not any(a <= p.start < b for a, b in participants)
                 and _in_locative_phrase(document, p)]
        if loose:
            return EventPlace(_most_specific(document, loose), "sentence")
    return None


def _most_specific(document: Document, places: list[Place]) -> Place:
    """The most specific of places named apart from the event, as :func:`_attached` ranks
    them: one that the words put no other place inside ("Kandahar's Panjwai district"),
    then by kind, then one that is no landmark another is told from ("south of the
    capital Algiers, near Medea")."""
    roots = [(p, _place_root(document, p)) for p in places]

    def key(item: tuple[Place, object]) -> tuple:
        place, root = item
        if root is None:
            return (False, -_rank(place), False)
        holds = any(other is not None and other is not root
                    and _contains(root, other, place.name is not None,
                                  other_place.name is not None)
                    and not (_rank(place) >= 4 and _rank(other_place) <= 1)
                    for other_place, other in roots)
        node = root  # "south of the capital Algiers": from the name to its phrase
        while node.dep_ in ("compound", "appos", "nmod", "flat", "amod") and \
                node.head.i != node.i:
            node = node.head
        landmark = node.dep_ == "pobj" and node.head.lower_ in ("of", "from") and \
            node.head.head.lower_ in _DIRECTIONS
        return (holds, -_rank(place), landmark)

    return min(roots, key=key)[0]


def _in_locative_phrase(document: Document, place: Place, verbal: bool = False) -> bool:
    """Is the place named where something happens in its own clause ("in X", "near the
    town of X"), not as what something is about (``verbal``: for a verbal act), or where
    someone comes from?"""
    node = _place_root(document, place)
    if node is None or (place.feature == "country" and _whose(node)):
        return False
    path = [node]
    while node.head.i != node.i and node.dep_ not in _CLAUSE_EDGES and node.dep_ != "ROOT" \
            and len(path) < 10:
        node = node.head
        path.append(node)
    if any(below.dep_ == "pobj" and token.lower_ == "from" and
           token.head.lower_ not in _DIRECTIONS for below, token in zip(path, path[1:],
                                                                      strict=False)):
        return False
    return bool(_locative(path, verbal))


def _acting(document: Document, sentence) -> list[tuple[int, int]]:
    """Character spans of the sentence's actors that are subjects, agents or possessors: a
    country among them acts ("Iraq said", "Iraq's army"), it is not a place."""
    found = []
    for token in sentence:
        actor = document.actor_by_head.get(token.i)
        if actor is not None and token.dep_ in ("nsubj", "nsubjpass", "poss", "agent"):
            found.append((actor.start, actor.end))
    return found


#: the last document's places by start offset: (its places list, their number, the starts,
#: the places), so that each event finds its sentence's and paragraph's places without a
#: scan of the whole article (an article can have thousands of sentences)
_ORDERED: list[tuple | None] = [None]


def _by_start(document: Document) -> tuple[list[int], list[Place]]:
    places = document.places
    cached = _ORDERED[0]
    if cached is None or cached[0] is not places or cached[1] != len(places):
        ordered = sorted(places, key=lambda p: p.start)
        cached = (places, len(places), [p.start for p in ordered], ordered)
        _ORDERED[0] = cached
    return cached[2], cached[3]


#: the last document's text (spaCy builds ``Doc.text`` anew at each call)
_TEXT: list[tuple | None] = [None]


def _text(document: Document) -> str:
    cached = _TEXT[0]
    if cached is None or cached[0] is not document.doc:
        cached = (document.doc, document.doc.text)
        _TEXT[0] = cached
    return cached[1]


def _places_between(document: Document, start: int, end: int) -> list[Place]:
    """The places that begin between the character offsets ``start`` and ``end``."""
    starts, ordered = _by_start(document)
    return ordered[bisect_left(starts, start):bisect_left(starts, end)]


def _named_places(document: Document, sentence) -> list[Place]:
    """The places named in the sentence that are not acting countries."""
    places = _places_between(document, sentence.start_char, sentence.end_char)
    if not any(p.feature == "country" for p in places):
        return places
    acting = _acting(document, sentence)
    return [p for p in places
            if not (p.feature == "country" and any(s <= p.start < e for s, e in acting))]


def _happens_at(document: Document, place: Place) -> bool:
    """Is the place where something happens in its sentence: named in a locative phrase
    ("in X", "south of X") or acted on ("seized X"), and not an acting country?"""
    root = _place_root(document, place)
    if root is None or (place.feature == "country" and any(
            s <= place.start < e for s, e in _acting(document, root.sent))):
        return False
    return _in_locative_phrase(document, place) or (
        root.dep_ in ("dobj", "obj", "nsubjpass") and root.head.pos_ == "VERB"
        and not (place.feature == "country" and _whose(root)))


def paragraph_place(document: Document, sentence) -> Place | None:
    """For a deed whose sentence names no place: the nearest place of its paragraph (the
    text between two line breaks) where something happens, named in a locative phrase
    ("in X", "south of X") or acted on ("seized X") in another sentence; at equal
    distance the one before.  None when the sentence names a place or the paragraph none."""
    if _named_places(document, sentence):
        return None
    text = _text(document)
    start = text.rfind("\n", 0, sentence.start_char) + 1
    end = text.find("\n", sentence.end_char)
    end = len(text) if end == -1 else end
    before = _places_between(document, start, sentence.start_char)
    after = _places_between(document, sentence.end_char, end)
    # the nearest first on each side: stop at the first place where something happens
    earlier = next((p for p in reversed(before) if _happens_at(document, p)), None)
    later = next((p for p in after if _happens_at(document, p)), None)
    if earlier is None or later is None:
        return earlier or later
    if sentence.start_char - earlier.end <= later.start - sentence.end_char:
        return earlier
    return later


def place_for_token(document: Document, index: int) -> Place | None:
    """The place the coder would attach to an event at token ``index`` (see
    :func:`event_place`): what the verb acts on is its direct object; it counts as material
    unless it is a reporting verb ("said", "told")."""
    token = document.doc[index]
    targets = [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    material = token.lemma_.lower() not in _reporting()
    found = event_place(document, token, targets=targets, material=material)
    return found.place if found is not None else None
