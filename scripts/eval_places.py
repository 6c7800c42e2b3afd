"""Evaluate the places stage: toponyms on GeoWebNews and event locations on event_location.

Usage::

    .venv/bin/python scripts/eval_places.py [--half tune|check|all] [--limit N]
        [--gwn-only | --events-only] [--errors N] [--dump FILE]

``--half`` keeps the articles (GeoWebNews, in file order) or sentences (event_location, by
line) at even zero-based positions (tune) or odd ones (check); read errors on the tune half
only and report the check half.

(a) GeoWebNews (``shared/gold/geowebnews/GWN.xml``, 200 articles): every article is coded by
the whole pipeline; its places (plus the dateline place, placed on the dateline's words) are
matched to the gold toponyms by character overlap.  Which gold toponyms count:

* **places** (recall and precision): ``Literal``, ``Mixed`` and noun ``Literal_Modifier``
  toponyms, i.e. names used for a location ("in Mosul", "the Mosul road");
* **neutral** (neither rewarded nor penalised): ``Metonymic`` ("Turkey said"),
  ``Embedded_Literal``/``Embedded_Non_Lit`` (a toponym inside another name, "BBC Russian
  Service"), noun ``Non_Literal_Modifier`` ("the Russia probe"), adjective
  ``Literal_Modifier`` and ``Coercion`` (a non-toponym used as a place, "2231 Royal");
* **not places** (a prediction here is a false positive): ``Demonym``, ``Language``,
  adjective ``Non_Literal_Modifier`` ("Russian"), ``Homonym``, ``Non_Toponym`` and the
  ``*_Expression`` common words, as well as any span with no gold toponym at all.

Accuracy within 161 km (100 miles; acc@161) is over matched places whose gold has
coordinates; a match we left without coordinates counts as wrong.  End to end, the share of
all gold places with coordinates (found or not) that were found and placed within 161 km.
A match with the gold's own GeoNames id also counts as right: a country is placed at the
project's centroid, which can be more than 161 km from the point GeoNames gives the same
country (the figure by distance alone is printed beside it).  Accuracy is also printed by
the size of the name's candidate set (how many entries the gazetteer has under the words
found: 0 for a name it does not know, placed, if at all, at the article's town).

(b) event_location (``shared/gold/event_location/dev.jsonl``): each sentence is coded by the
whole pipeline.  Records whose gold spans are malformed (empty, a single character, or
offsets that do not give the span's text) are dropped and counted.  A predicted place is
right when its span overlaps one of the gold spans; where gold has no place, predicting
none is right.  Two figures:

* **end to end**: a record is right when an event the coder coded with a trigger that
  overlaps the gold verb is located at a gold place (its ``location``; the other places in
  ``location.also`` do not count), or, where gold has no place, has no location.  A record
  with no such event is wrong.  Printed over all records and over those with such an event;
* **attachment** (the gold verb given): the first event at the gold verb gives the place;
  where no event was coded there, :func:`whodid.event_places.place_for_token` at the verb's
  last token (the place the coder would attach to a clause there) does.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whodid.evaluate import HALVES, select_half

SHARED = Path(__file__).resolve().parents[2] / "shared"
GWN = SHARED / "gold" / "geowebnews" / "GWN.xml"
EVENT_LOCATION = SHARED / "gold" / "event_location" / "dev.jsonl"

PLACE_TYPES = frozenset({"Literal", "Mixed"})
NEUTRAL_TYPES = frozenset({"Metonymic", "Embedded_Literal", "Embedded_Non_Lit", "Coercion"})
KM_THRESHOLD = 161.0


@dataclass(frozen=True)
class Toponym:
    """One gold toponym of GeoWebNews."""

    text: str
    start: int
    end: int
    type: str
    modifier: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None = None

    @property
    def role(self) -> str:
        """"place", "neutral" or "other" (see the module docstring)."""
        if self.type in PLACE_TYPES:
            return "place"
        if self.type == "Literal_Modifier":
            return "neutral" if self.modifier == "Adjective" else "place"
        if self.type == "Non_Literal_Modifier":
            return "other" if self.modifier == "Adjective" else "neutral"
        if self.type in NEUTRAL_TYPES:
            return "neutral"
        return "other"


@dataclass
class Article:
    """One GeoWebNews article and its gold toponyms."""

    id: str
    text: str
    toponyms: list[Toponym]


def read_gwn(path: Path = GWN, limit: int | None = None, half: str = "all") -> list[Article]:
    """The GeoWebNews articles of ``half`` (toponyms whose offsets disagree with the text are
    dropped)."""
    articles = []
    for element in select_half(ET.parse(path).getroot().iter("article"), half):
        text = element.findtext("text") or ""
        toponyms = []
        for top in element.iter("toponym"):
            fields = {child.tag: child.text for child in top}
            start, end = int(fields["start"]), int(fields["end"])
            if text[start:end] != fields.get("extractedName"):
                continue
            lat, lon = fields.get("latitude"), fields.get("longitude")
            gid = fields.get("geonamesID")
            toponyms.append(Toponym(fields["extractedName"] or "", start, end,
                                    fields.get("type") or "", fields.get("modifierType"),
                                    float(lat) if lat else None, float(lon) if lon else None,
                                    int(gid) if gid and gid.strip().isdigit() else None))
        articles.append(Article(element.get("file") or str(len(articles)), text, toponyms))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class GwnScore:
    """Counts behind the GeoWebNews figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0
    geocoded: int = 0  # gold place toponyms with coordinates, found or not
    with_gold_coords: int = 0  # matched place toponyms whose gold has coordinates
    resolved: int = 0  # ... of which we gave coordinates
    within: int = 0  # within 161 km, or the same GeoNames id
    within_strict: int = 0  # within 161 km
    #: candidate-set size bucket -> [matched place toponyms with gold coordinates, within]
    by_candidates: dict[str, list[int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy_161(self) -> float:
        """Share of matched place toponyms (gold with coordinates) placed within 161 km or
        at the gold's GeoNames id; a match left without coordinates is wrong."""
        return self.within / self.with_gold_coords if self.with_gold_coords else 0.0

    @property
    def end_to_end_161(self) -> float:
        """Share of all gold place toponyms with coordinates found and placed right."""
        return self.within / self.geocoded if self.geocoded else 0.0


def _predicted_places(result) -> list[tuple]:
    """(start, end, text, lat, lon, geonames id) for every place the coder found, the
    dateline's too: its place ("WASHINGTON", matched whatever its case: the dateline keeps
    it title-cased) and the division or country after its comma ("SEVERN, Md.")."""
    from whodid.places import _division_named, resolve_place_name

    predicted = [(p.start, p.end, p.text, p.lat, p.lon, p.geonames_id) for p in result.places]
    dateline = result.dateline
    if dateline is not None and dateline.place:
        head, _, rest = dateline.place.partition(",")
        name, region = head.strip(), rest.strip()
        folded = result.text.casefold()
        at = folded.find(name.casefold(), dateline.start, dateline.end)
        place = resolve_place_name(dateline.place)
        if at >= 0 and place is not None:
            predicted.append((at, at + len(name), result.text[at:at + len(name)], place.lat,
                              place.lon, place.geonames_id))
            there = folded.find(region.casefold(), at + len(name), dateline.end) \
                if region else -1
            container = _division_named(region) if there >= 0 else None
            if container is not None:
                predicted.append((there, there + len(region),
                                  result.text[there:there + len(region)], container.lat,
                                  container.lon, container.geonames_id))
    return predicted


#: candidate-set sizes reported apart: the gazetteer's entries under the name
CANDIDATE_BUCKETS = ((0, 0, "0"), (1, 1, "1"), (2, 4, "2-4"), (5, 19, "5-19"),
                     (20, 10**9, "20+"))


def candidate_bucket(count: int) -> str:
    """The label of the candidate-set size bucket ``count`` falls in."""
    return next(label for low, high, label in CANDIDATE_BUCKETS if low <= count <= high)


def candidate_count(text: str) -> int:
    """How many gazetteer entries the name has (the candidates the ranker chooses from,
    before the context rules some out)."""
    from whodid.places import gazetteer

    return len(gazetteer().candidates(text))


def score_article(gold: list[Toponym], predicted: list[tuple], score: GwnScore,
                  errors: Counter | None = None, sizes: list[int] | None = None) -> None:
    """Add one article's counts to ``score``: ``predicted`` holds (start, end, text, lat,
    lon, GeoNames id) for every place found, matched to the gold toponyms by overlap;
    ``sizes`` (optional) the candidate-set size of each, for the accuracy per size."""
    matched: set[int] = set()
    for number, (start, end, text, lat, lon, gid) in enumerate(predicted):
        overlapping = [i for i, g in enumerate(gold) if g.start < end and start < g.end]
        places = [i for i in overlapping if gold[i].role == "place"]
        if places:
            fresh = [i for i in places if i not in matched]
            if not fresh:
                continue  # a second prediction on the same toponym
            best = fresh[0]
            matched.add(best)
            score.tp += 1
            g = gold[best]
            if g.lat is None or g.lon is None:
                continue  # nothing to measure the distance to
            score.with_gold_coords += 1
            bucket = score.by_candidates.setdefault(
                candidate_bucket(sizes[number]) if sizes is not None else "?", [0, 0])
            bucket[0] += 1
            if lat is None or lon is None:
                # found but left without coordinates: wrong, as the docstring says
                if gid is not None and gid == g.geonames_id:
                    score.within += 1
                    bucket[1] += 1
                elif errors is not None:
                    errors[f"unresolved: {text}"] += 1
                continue
            score.resolved += 1
            near = haversine_km(lat, lon, g.lat, g.lon) <= KM_THRESHOLD
            score.within_strict += near
            if near or (gid is not None and gid == g.geonames_id):
                score.within += 1
                bucket[1] += 1
            elif errors is not None:
                errors[f"far: {text} ({lat}, {lon}) vs ({g.lat}, {g.lon})"] += 1
        elif any(gold[i].role == "neutral" for i in overlapping):
            score.neutral += 1
        else:
            score.fp += 1
            if errors is not None:
                kinds = ",".join(sorted({gold[i].type for i in overlapping})) or "none"
                errors[f"fp[{kinds}]: {text}"] += 1
    for i, g in enumerate(gold):
        if g.role != "place":
            continue
        score.geocoded += g.lat is not None and g.lon is not None
        if i not in matched:
            score.fn += 1
            if errors is not None:
                errors[f"fn: {g.text}"] += 1


def score_gwn(articles: list[Article], pipeline, errors: Counter | None = None) -> GwnScore:
    """Code each article and score its places against the gold toponyms."""
    score = GwnScore()
    for article in articles:
        result = pipeline.code_text(article.text, id=article.id)
        predicted = _predicted_places(result)
        score_article(article.toponyms, predicted, score, errors,
                      [candidate_count(p[2]) for p in predicted])
    return score


@dataclass
class EventScore:
    """Counts behind the event-location figures (see the module docstring)."""

    total: int = 0
    right: int = 0  # attachment: the place at the gold verb, coded or by the fallback
    with_event: int = 0  # records with an event whose trigger overlaps the gold verb
    gold_none: int = 0
    gold_none_right: int = 0
    end_to_end_right: int = 0  # an event at the gold verb located at a gold place

    @property
    def accuracy(self) -> float:
        """Attachment: the share of records whose place at the gold verb is right."""
        return self.right / self.total if self.total else 0.0

    @property
    def end_to_end(self) -> float:
        """The share of records with an event at the gold verb located right; records with
        no such event are wrong."""
        return self.end_to_end_right / self.total if self.total else 0.0

    @property
    def end_to_end_with_event(self) -> float:
        """The share of the records with an event at the gold verb whose event is located
        right."""
        return self.end_to_end_right / self.with_event if self.with_event else 0.0


Span = tuple[int, int, str]


def _right(gold: list[dict], predicted: Span | None) -> bool:
    """A place overlapping a gold span, or no place where gold has none."""
    if not gold:
        return predicted is None
    return predicted is not None and any(
        g["start"] < predicted[1] and predicted[0] < g["end"] for g in gold)


def score_record(record: dict, located: list[Span | None], fallback: Span | None,
                 score: EventScore, errors: Counter | None = None) -> None:
    """Add one record to ``score``.  ``located`` holds, for each event whose trigger overlaps
    the gold verb (in the coder's order), its location's span, None when it has none (an
    empty list: no event there); ``fallback`` the place :func:`place_for_token` gives the
    gold verb, used by the attachment figure only when ``located`` is empty."""
    gold = record.get("locations") or []
    score.total += 1
    if not gold:
        score.gold_none += 1
    if located:
        score.with_event += 1
        score.end_to_end_right += any(_right(gold, span) for span in located)
        predicted = located[0]
    else:
        predicted = fallback
    right = _right(gold, predicted)
    score.right += right
    score.gold_none_right += right and not gold
    if not right and errors is not None:
        want = "|".join(g["text"] for g in gold) or "-"
        errors[f"{'none' if predicted is None else predicted[2]} -> want {want}"] += 1


def read_event_locations(path: Path = EVENT_LOCATION, limit: int | None = None,
                         dropped: Counter | None = None, half: str = "all") -> list[dict]:
    """The event_location records of ``half`` (by line; sentence, verb span, gold place
    spans).  A record with a
    gold span that is empty, a single character, or whose offsets do not give its text
    (e.g. ``{"start": 5, "end": 5, "text": ""}``) is dropped and counted in ``dropped``."""
    records = []
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
        for line in select_half(lines, half):
            record = json.loads(line)
            text = record["text"]
            if any(len(g["text"].strip()) < 2 or text[g["start"]:g["end"]] != g["text"]
                   for g in record.get("locations") or []):
                if dropped is not None:
                    dropped["malformed gold span"] += 1
                continue
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    return records


def _documents(pipeline, texts: list[str]):
    """Run the pipeline's stages and keep the working documents (the fallback needs them)."""
    from whodid.document import Document
    from whodid.model import Article as WArticle
    from whodid.normalize import normalize_article

    articles = [normalize_article(WArticle(id=str(i), text=t, origin="<eval>"))
                for i, t in enumerate(texts)]
    for article, doc in zip(articles, pipeline.nlp.pipe([a.text for a in articles],
                                                         batch_size=64), strict=True):
        document = Document(article=article, doc=doc)
        for _name, stage in pipeline.stages:
            stage(document)
        yield document


def score_events(records: list[dict], pipeline, errors: Counter | None = None,
                 dump=None) -> EventScore:
    """Score the location of the event at each record's gold verb (see the module
    docstring).  ``dump`` (an open text file, tune half only) receives one JSON line per
    record that is wrong end to end: its text, verb, gold places, the places found in it
    and the located events at the verb (span, precision, CAMEO code)."""
    from whodid.event_places import place_for_token

    score = EventScore()
    texts = [r["text"] for r in records]
    for record, document in zip(records, _documents(pipeline, texts), strict=True):
        verb = record["verb"]
        vs, ve = verb["start"], verb["end"]
        located: list[Span | None] = []
        how: list[tuple[str, str | None]] = []
        for event in document.events:
            if not (event.trigger.start < ve and vs < event.trigger.end):
                continue
            location = event.location
            how.append((event.cameo, location.precision if location is not None else None))
            located.append((location.start, location.end, location.text or "")
                           if location is not None and location.start is not None
                           and location.end is not None else None)
        fallback: Span | None = None
        if not located:
            tokens = [t for t in document.doc if t.idx < ve and vs < t.idx + len(t)]
            place = place_for_token(document, tokens[-1].i) if tokens else None
            if place is not None:
                fallback = (place.start, place.end, place.text)
        before = score.end_to_end_right
        score_record(record, located, fallback, score, errors)
        if dump is not None and score.end_to_end_right == before:
            dump.write(json.dumps({
                "text": record["text"], "verb": verb["text"],
                "gold": [g["text"] for g in record.get("locations") or []],
                "places": [p.text for p in document.places],
                "events": [{"at": span[2] if span else None, "precision": precision,
                            "cameo": cameo}
                           for span, (cameo, precision) in zip(located, how, strict=True)],
                "fallback": fallback[2] if fallback else None}) + "\n")
    return score


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None,
                        help="use only the first N GWN articles / event sentences")
    parser.add_argument("--half", choices=HALVES, default="all",
                        help="tune (even positions), check (odd) or all records")
    parser.add_argument("--gwn-only", action="store_true")
    parser.add_argument("--events-only", action="store_true")
    parser.add_argument("--errors", type=int, default=0,
                        help="print the N most frequent errors of each evaluation")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write the event-location records wrong end to end, one JSON "
                             "line each, to this file (tune half only)")
    args = parser.parse_args(argv)
    if args.dump is not None and args.half != "tune":
        parser.error("--dump reads individual errors: only with --half tune")
    if not SHARED.exists():
        print(f"{SHARED} is not here; nothing to evaluate", file=sys.stderr)
        return 1

    from whodid.pipeline import Pipeline

    started = time.perf_counter()
    pipeline = Pipeline()
    print(f"pipeline loaded in {time.perf_counter() - started:.1f}s")
    if not args.events_only:
        errors: Counter = Counter()
        started = time.perf_counter()
        score = score_gwn(read_gwn(limit=args.limit, half=args.half), pipeline, errors)
        print(f"GeoWebNews toponyms: P={score.precision:.3f} R={score.recall:.3f} "
              f"F1={score.f1:.3f} (tp={score.tp} fp={score.fp} fn={score.fn} "
              f"neutral={score.neutral}); acc@{KM_THRESHOLD:.0f} over matched: "
              f"{score.accuracy_161:.3f} ({score.within}/{score.with_gold_coords}; "
              f"{score.resolved} with coordinates, by distance alone {score.within_strict}); "
              f"end to end: {score.end_to_end_161:.3f} ({score.within}/{score.geocoded} "
              f"geocoded gold places) [{time.perf_counter() - started:.0f}s]")
        print("  acc@161 over matched, by the name's candidate-set size (gazetteer entries): "
              + "; ".join(f"{label}: {right / total:.3f} ({right}/{total})"
                          for _, _, label in CANDIDATE_BUCKETS
                          for total, right in [score.by_candidates.get(label, (0, 0))]
                          if total))
        for error, count in errors.most_common(args.errors):
            print(f"  {count:4d} {error}")
    if not args.gwn_only:
        errors = Counter()
        started = time.perf_counter()
        dropped: Counter = Counter()
        records = read_event_locations(limit=args.limit, dropped=dropped, half=args.half)
        if args.dump is not None:
            with args.dump.open("w", encoding="utf-8") as dump:
                events = score_events(records, pipeline, errors, dump)
        else:
            events = score_events(records, pipeline, errors)
        print(f"event locations end to end: {events.end_to_end:.3f} "
              f"({events.end_to_end_right}/{events.total}); among records with an event at "
              f"the gold verb: {events.end_to_end_with_event:.3f} "
              f"({events.end_to_end_right}/{events.with_event})")
        print(f"event locations, attachment (gold verb given): accuracy={events.accuracy:.3f} "
              f"({events.right}/{events.total}; event at verb {events.with_event}; gold 'no "
              f"place' right {events.gold_none_right}/{events.gold_none}; records dropped "
              f"for malformed gold spans: {dropped.total()}) "
              f"[{time.perf_counter() - started:.0f}s]")
        for error, count in errors.most_common(args.errors):
            print(f"  {count:4d} {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
