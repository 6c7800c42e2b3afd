"""Score the coder against gold records (the normalized PLOVER gold-standard schema).

Gold record: ``{id, date, text, category, events: [{source: [{text, code, sector}],
target: [...], code}]}`` where an event ``code`` is a PLOVER category.  Measures:

* event category accuracy: the coder's main event (highest confidence, then first) has the
  record's category;
* source / target country accuracy over records whose gold event names one: the main
  event's source (target) country is among the gold source (target) countries;
* precision / recall / F1 of (source country, target country, category) triples;
* a per-category table.

ConfliBERT-style records (``{id, text, penta?, source_spans?, target_spans?}``, every
sentence with an event) are scored by :func:`score_penta`: penta-class macro-F1 of the main
event, coverage (share of sentences with an event) and the dyad span measure (share of
sentences with both spans where one event's source overlaps a gold source span and its
target a gold target span).

Every gold set is split into a *tune* half (records at even zero-based positions) and a
*check* half (odd positions): errors are read on the tune half only, figures reported on
the check half (:func:`select_half`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whodid.model import Actor, Article, CodedArticle, Event
from whodid.ontology import cameo_codes

HALVES = ("tune", "check", "all")
PENTA_CLASSES = (0, 1, 2, 3, 4)
PENTA_NAMES = {0: "statement", 1: "verbal cooperation", 2: "material cooperation",
               3: "verbal conflict", 4: "material conflict"}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def select_half(items: Iterable[Any], half: str) -> list[Any]:
    """The tune half (even zero-based positions), the check half (odd positions) or all of
    ``items``, in their order."""
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}: use one of {', '.join(HALVES)}")
    items = list(items)
    if half == "all":
        return items
    return items[(half == "check")::2]

# PLOVER 0.5b1 names in the gold set -> the 2021 names the coder emits.
CATEGORY_ALIASES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# Country-code quirks in the gold set -> ISO 3166 alpha-3.
COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "GER": "DEU"}
_TRANSNATIONAL = ("IGO", "NGO", "IMG", "MNC", "INT")


def category(name: str | None) -> str | None:
    if not name:
        return None
    name = name.upper()
    return CATEGORY_ALIASES.get(name, name)


def gold_country(code: str | None) -> str | None:
    if not code or code in ("***", "---"):
        return None
    prefix = code[:3].upper()
    return COUNTRY_ALIASES.get(prefix, prefix)


def actor_country(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.country:
        return actor.country
    if actor.code and actor.code[:3] in _TRANSNATIONAL:
        return actor.code[:3]
    return None


def gold_sector(sector: str | None) -> str | None:
    if not sector or sector == "***":
        return None
    return sector[:3].upper()


@dataclass
class Scores:
    records: int = 0
    category_correct: int = 0
    source_total: int = 0
    source_correct: int = 0
    target_total: int = 0
    target_correct: int = 0
    sector_total: int = 0
    sector_correct: int = 0
    triples_gold: int = 0
    triples_predicted: int = 0
    triples_matched: int = 0
    per_category: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        precision = _ratio(self.triples_matched, self.triples_predicted)
        recall = _ratio(self.triples_matched, self.triples_gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "records": self.records,
            "category_accuracy": round(_ratio(self.category_correct, self.records), 4),
            "source_country_accuracy": round(_ratio(self.source_correct,
                                                         self.source_total), 4),
            "target_country_accuracy": round(_ratio(self.target_correct,
                                                         self.target_total), 4),
            "sector_accuracy": round(_ratio(self.sector_correct, self.sector_total), 4),
            "triple_precision": round(precision, 4),
            "triple_recall": round(recall, 4),
            "triple_f1": round(f1, 4),
            "per_category": {
                name: {
                    "gold": counts["gold"],
                    "correct": counts["correct"],
                    "predicted": counts["predicted"],
                    "accuracy": round(_ratio(counts["correct"], counts["gold"]), 4),
                }
                for name, counts in sorted(self.per_category.items())
            },
        }


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}:{number}: not valid JSON: {error}") from None
    return records


def main_event(result: CodedArticle, cameo: bool = False) -> Event | None:
    """The event a one-event gold record is compared with: the most confident one (with a
    PLOVER category, unless scoring CAMEO codes)."""
    categorized = [e for e in result.events if cameo or e.plover.event]
    if not categorized:
        return None
    return max(categorized, key=lambda e: (e.confidence, -result.events.index(e)))


def _as_actor_list(value: Any) -> list[dict[str, Any]]:
    """Gold actors as a list of {code, sector}: PLOVER records list them, CAMEO (PETRARCH)
    records give one code string such as "USAGOV"."""
    if not value:
        return []
    if isinstance(value, str):
        return [{"code": value, "sector": value[3:6] or None}]
    return list(value)


def normalize_record(record: dict[str, Any], read_markup: bool = True) -> dict[str, Any]:
    """A gold record with actors as lists and, for CAMEO-coded records (PETRARCH unit
    tests), the category set to the CAMEO root of the first event."""
    events = [dict(e, source=_as_actor_list(e.get("source")),
                   target=_as_actor_list(e.get("target"))) for e in record.get("events") or []]
    markup = json.dumps(record.get("extra") or "") if read_markup else ""  # shape varies
    for event in events:
        if "SRC/TAR:" in markup and len(event["source"]) > 1 and not event["target"]:
            # "(SRC/TAR: Israel) and (SRC/TAR: Lebanon) renewed negotiations": the annotators
            # marked each party as source and target; the normalized file keeps them as
            # sources only.  Scored as the dyads they mark: each party toward the others.
            event["target"] = list(event["source"])
            event["reciprocal"] = True
    record = dict(record, events=events)
    if events and str(events[0].get("code", "")).isdigit():
        record["category"] = "CAMEO" + str(events[0]["code"])[:2]
        for event in events:
            event["code"] = "CAMEO" + str(event["code"])[:2]
    return record


def _predicted_category(event: Event, cameo: bool) -> str | None:
    if cameo:
        return "CAMEO" + event.root
    return category(event.plover.event)


def score(records: Iterable[dict[str, Any]], results: Iterable[CodedArticle],
          read_markup: bool = True) -> Scores:
    """Scores of ``results`` against gold ``records``; ``read_markup`` scores parties marked
    both source and target (SRC/TAR) as the dyads they mark."""
    scores = Scores()
    for record, result in zip(records, results, strict=True):
        record = normalize_record(record, read_markup)
        cameo = str(record.get("category", "")).startswith("CAMEO")
        if cameo and record.get("noevents"):
            record["category"] = "NONE"
        scores.records += 1
        gold_events = record.get("events") or []
        gold_category = category(record.get("category")
                                 or (gold_events[0]["code"] if gold_events else None))
        predicted = main_event(result, cameo)
        predicted_category = _predicted_category(predicted, cameo) if predicted else None
        if predicted is None and gold_category == "NONE":
            predicted_category = "NONE"
        scores.per_category[gold_category or "-"]["gold"] += 1
        if predicted_category:
            scores.per_category[predicted_category]["predicted"] += 1
        if predicted_category == gold_category:
            scores.category_correct += 1
            scores.per_category[gold_category or "-"]["correct"] += 1
        gold_sources = {gold_country(a["code"]) for e in gold_events for a in e["source"]} - {None}
        gold_targets = {gold_country(a["code"]) for e in gold_events for a in e["target"]} - {None}
        if gold_sources:
            scores.source_total += 1
            scores.source_correct += actor_country(predicted.source if predicted else None) \
                in gold_sources
        if gold_targets:
            scores.target_total += 1
            scores.target_correct += actor_country(predicted.target if predicted else None) \
                in gold_targets
        gold_sectors = {gold_sector(a.get("sector")) for e in gold_events for a in e["source"]}
        gold_sectors -= {None}
        if gold_sectors:
            scores.sector_total += 1
            sector = predicted.source.sector if predicted and predicted.source else None
            scores.sector_correct += sector in gold_sectors
        gold_triples = {
            (gold_country(s["code"]), gold_country(t["code"]) if t else None, category(e["code"]))
            for e in gold_events for s in e["source"] for t in (e["target"] or [None])
            if not (e.get("reciprocal") and gold_country(s["code"]) == gold_country(t["code"]))
        }
        predicted_triples = {
            (actor_country(e.source), actor_country(e.target), _predicted_category(e, cameo))
            for e in result.events if cameo or e.plover.event
        }
        scores.triples_gold += len(gold_triples)
        scores.triples_predicted += len(predicted_triples)
        scores.triples_matched += len(gold_triples & predicted_triples)
        if gold_triples != predicted_triples or predicted_category != gold_category:
            scores.failures.append({
                "id": record.get("id"), "text": record.get("text", ""),
                "gold": f"{gold_category} " + ", ".join(
                    f"{s or '-'}->{t or '-'} {c}" for s, t, c in sorted(gold_triples, key=str)),
                "events": _described(result.events)})
    return scores


def _described(events: list[Event]) -> list[str]:
    return [f"{e.source.text if e.source else '-'} [{e.source.code if e.source else ''}] "
            f"{e.cameo} {e.target.text if e.target else '-'} "
            f"[{e.target.code if e.target else ''}] ({e.trigger.text}, {e.confidence:.2f})"
            for e in events]


def gold_format(records: list[dict[str, Any]]) -> str:
    """``"events"`` for records listing coded events (PLOVER, PETRARCH), ``"penta"`` for
    ConfliBERT-style records (a penta class and/or actor spans, no event list)."""
    if any("events" in r for r in records):
        return "events"
    if any(k in r for r in records for k in ("penta", "source_spans", "target_spans")):
        return "penta"
    raise ValueError("records carry neither 'events' (PLOVER/PETRARCH gold) nor 'penta' / "
                     "'source_spans' / 'target_spans' (ConfliBERT gold)")


def code_records(path: str | Path, records: list[tuple[int, dict[str, Any]]], pipeline=None,
                 actor_dictionaries: Iterable[str] = ()) -> list[CodedArticle]:
    """Code gold ``records`` (with their one-based line numbers, for messages) in order."""
    from whodid import get_pipeline
    from whodid.normalize import normalize_article

    if pipeline is None:
        if actor_dictionaries:
            from whodid.pipeline import Pipeline

            pipeline = Pipeline(actor_dictionaries=actor_dictionaries)
        else:
            pipeline = get_pipeline()
    for number, record in records:
        if not isinstance(record.get("text"), str):
            raise ValueError(f"{path}:{number}: record has no 'text'")
    articles = [
        normalize_article(Article(id=str(r.get("id") or n), text=r["text"],
                                  date=_iso(r.get("date")), origin=f"{path}:{n}"))
        for n, r in records
    ]
    return list(pipeline.code_articles(articles, on_error="raise"))


def evaluate(path: str | Path, pipeline=None, actor_dictionaries: Iterable[str] = (),
             read_markup: bool = True, half: str = "all") -> Scores | PentaScores:
    """Code every gold record's text (of the chosen half) with ``pipeline`` and score the
    output: :class:`Scores` for records with events, :class:`PentaScores` for ConfliBERT."""
    numbered = select_half(enumerate(read_gold(path), 1), half)
    records = [record for _, record in numbered]
    results = code_records(path, numbered, pipeline, actor_dictionaries)
    if gold_format(records) == "penta":
        return score_penta(records, results)
    return score(records, results, read_markup)


def _iso(value: Any) -> str | None:
    """Gold dates as ISO: PETRARCH records write 19950101."""
    text = str(value or "")
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text or None


def _figure_lines(summary: dict[str, Any], fields: list[tuple[str, str]]) -> list[str]:
    """One aligned line per (label, key): counts as they are, ratios to three places."""
    return [f"{label:<28} {summary[key]:.3f}" if isinstance(summary[key], float)
            else f"{label:<28} {summary[key]}" for label, key in fields]


def format_table(summary: dict[str, Any]) -> str:
    lines = [
        *_figure_lines(summary, [
            ("records", "records"), ("event category accuracy", "category_accuracy"),
            ("source country accuracy", "source_country_accuracy"),
            ("target country accuracy", "target_country_accuracy"),
            ("source sector accuracy", "sector_accuracy"),
            ("triple precision", "triple_precision"), ("triple recall", "triple_recall"),
            ("triple F1", "triple_f1")]),
        "",
        f"{'category':<12} {'gold':>5} {'correct':>8} {'predicted':>10} {'accuracy':>9}",
    ]
    for name, row in summary["per_category"].items():
        lines.append(f"{name:<12} {row['gold']:>5} {row['correct']:>8} {row['predicted']:>10} "
                     f"{row['accuracy']:>9.3f}")
    return "\n".join(lines)


def penta_class(event: Event) -> int:
    """The Phoenix penta class of a coded event (0 statement ... 4 material conflict)."""
    entry = cameo_codes().get(event.cameo) or cameo_codes().get(event.root)
    if entry is None:
        raise KeyError(f"unknown CAMEO event code {event.cameo!r}")
    return entry.penta_class


def _overlaps(actor: Actor | None, spans: Iterable[Iterable[int]]) -> bool:
    if actor is None:
        return False
    return any(actor.start < end and start < actor.end for start, end in spans)


@dataclass
class PentaScores:
    """Scores on ConfliBERT-style records: main-event penta class, coverage, dyad spans."""

    records: int = 0
    covered: int = 0
    penta_records: int = 0
    # confusion[gold][predicted]; predicted None: the coder found no event
    confusion: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    dyad_records: int = 0
    dyad_matched: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def per_class(self) -> dict[int, dict[str, float]]:
        """Precision, recall and F1 of each penta class; a sentence left without an event
        counts against recall of its gold class."""
        table = {}
        for penta in PENTA_CLASSES:
            gold = sum(self.confusion[penta].values())
            predicted = sum(row[penta] for row in self.confusion.values())
            correct = self.confusion[penta][penta]
            precision = _ratio(correct, predicted)
            recall = _ratio(correct, gold)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            table[penta] = {"gold": gold, "predicted": predicted, "correct": correct,
                            "precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(f1, 4)}
        return table

    def summary(self) -> dict[str, Any]:
        table = self.per_class()
        macro = sum(row["f1"] for row in table.values()) / len(table)
        accuracy = _ratio(sum(self.confusion[p][p] for p in PENTA_CLASSES),
                               self.penta_records)
        return {
            "records": self.records,
            "coverage": round(_ratio(self.covered, self.records), 4),
            "penta_records": self.penta_records,
            "penta_macro_f1": round(macro, 4),
            "penta_accuracy": round(accuracy, 4),
            "dyad_records": self.dyad_records,
            "dyad_span_match": round(_ratio(self.dyad_matched, self.dyad_records), 4),
            "per_class": {PENTA_NAMES[p]: row for p, row in table.items()},
        }


def score_penta(records: Iterable[dict[str, Any]],
                results: Iterable[CodedArticle]) -> PentaScores:
    """Scores of ``results`` against ConfliBERT-style ``records``.

    * coverage: every record counts; covered when the coder finds any event;
    * penta class: over records with ``penta``, the main event's class (the most confident
      event, then the first; :func:`main_event` with every CAMEO code) against the gold
      class, a record without an event counting as a miss;
    * dyad span measure: over records with both ``source_spans`` and ``target_spans``,
      matched when one event's source overlaps a gold source span and the same event's
      target a gold target span.
    """
    scores = PentaScores()
    for record, result in zip(records, results, strict=True):
        scores.records += 1
        scores.covered += bool(result.events)
        predicted = main_event(result, cameo=True)
        failure: dict[str, Any] = {}
        if record.get("penta") is not None:
            gold = int(record["penta"])
            if gold not in PENTA_CLASSES:
                raise ValueError(f"record {record.get('id')!r}: penta {gold!r} is not 0-4")
            scores.penta_records += 1
            guess = penta_class(predicted) if predicted else None
            scores.confusion[gold][guess] += 1
            if guess != gold:
                failure.update(gold_penta=gold, predicted_penta=guess)
        sources, targets = record.get("source_spans"), record.get("target_spans")
        if sources and targets:
            scores.dyad_records += 1
            if any(_overlaps(e.source, sources) and _overlaps(e.target, targets)
                   for e in result.events):
                scores.dyad_matched += 1
            else:
                failure.update(
                    gold_sources=[record["text"][a:b] for a, b in sources],
                    gold_targets=[record["text"][a:b] for a, b in targets])
        if failure:
            scores.failures.append({"id": record.get("id"), "text": record["text"], **failure,
                                    "events": _described(result.events)})
    return scores


def format_penta_table(summary: dict[str, Any]) -> str:
    lines = [
        *_figure_lines(summary, [
            ("records", "records"), ("coverage (with an event)", "coverage"),
            ("penta records", "penta_records"), ("penta macro-F1", "penta_macro_f1"),
            ("penta accuracy", "penta_accuracy"), ("dyad records", "dyad_records"),
            ("dyad span match", "dyad_span_match")]),
        "",
        f"{'penta class':<22} {'gold':>5} {'correct':>8} {'predicted':>10} {'P':>6} "
        f"{'R':>6} {'F1':>6}",
    ]
    for name, row in summary["per_class"].items():
        lines.append(f"{name:<22} {row['gold']:>5} {row['correct']:>8} {row['predicted']:>10} "
                     f"{row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f}")
    return "\n".join(lines)


def format_failures(failures: list[dict[str, Any]]) -> str:
    """Errors, one block each (the record, what the gold says, the events coded), for
    reading the tune half."""
    blocks = []
    for failure in failures:
        lines = [f"{failure.get('id')}: {failure.get('text', '')}"]
        lines.extend(f"  {key}: {value}" for key, value in failure.items()
                     if key not in ("id", "text", "events"))
        lines.extend(f"  event {e}" for e in failure.get("events") or ["(none)"])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
