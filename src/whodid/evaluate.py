"""Score the coder against gold records (the normalized PLOVER gold-standard schema).

Gold record: ``{id, date, text, category, events: [{source: [{text, code, sector}],
target: [...], code}]}`` where an event ``code`` is a PLOVER category.  Measures:

* event category accuracy: the coder's main event (highest confidence, then first) has the
  record's category;
* source / target country accuracy over records whose gold event names one: the main
  event's source (target) country is among the gold source (target) countries;
* precision / recall / F1 of (source country, target country, category) triples;
* a per-category table.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whodid.model import Actor, Article, CodedArticle, Event

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
    failures: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    def summary(self) -> dict[str, Any]:
        precision = self._ratio(self.triples_matched, self.triples_predicted)
        recall = self._ratio(self.triples_matched, self.triples_gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "records": self.records,
            "category_accuracy": round(self._ratio(self.category_correct, self.records), 4),
            "source_country_accuracy": round(self._ratio(self.source_correct,
                                                         self.source_total), 4),
            "target_country_accuracy": round(self._ratio(self.target_correct,
                                                         self.target_total), 4),
            "sector_accuracy": round(self._ratio(self.sector_correct, self.sector_total), 4),
            "triple_precision": round(precision, 4),
            "triple_recall": round(recall, 4),
            "triple_f1": round(f1, 4),
            "per_category": {
                name: {
                    "gold": counts["gold"],
                    "correct": counts["correct"],
                    "predicted": counts["predicted"],
                    "accuracy": round(self._ratio(counts["correct"], counts["gold"]), 4),
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
    return scores


def evaluate(path: str | Path, pipeline=None, actor_dictionaries: Iterable[str] = (),
             read_markup: bool = True) -> Scores:
    """Code every gold record's text with ``pipeline`` and score the output."""
    from whodid import get_pipeline
    from whodid.normalize import normalize_article

    if pipeline is None:
        if actor_dictionaries:
            from whodid.pipeline import Pipeline

            pipeline = Pipeline(actor_dictionaries=actor_dictionaries)
        else:
            pipeline = get_pipeline()
    records = read_gold(path)
    articles = [
        normalize_article(Article(id=str(r.get("id") or n), text=r["text"],
                                  date=_iso(r.get("date")), origin=f"{path}:{n}"))
        for n, r in enumerate(records, 1)
    ]
    return score(records, pipeline.code_articles(articles, on_error="raise"), read_markup)


def _iso(value: Any) -> str | None:
    """Gold dates as ISO: PETRARCH records write 19950101."""
    text = str(value or "")
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text or None


def format_table(summary: dict[str, Any]) -> str:
    lines = [
        f"records                      {summary['records']}",
        f"event category accuracy      {summary['category_accuracy']:.3f}",
        f"source country accuracy      {summary['source_country_accuracy']:.3f}",
        f"target country accuracy      {summary['target_country_accuracy']:.3f}",
        f"source sector accuracy       {summary['sector_accuracy']:.3f}",
        f"triple precision             {summary['triple_precision']:.3f}",
        f"triple recall                {summary['triple_recall']:.3f}",
        f"triple F1                    {summary['triple_f1']:.3f}",
        "",
        f"{'category':<12} {'gold':>5} {'correct':>8} {'predicted':>10} {'accuracy':>9}",
    ]
    for name, row in summary["per_category"].items():
        lines.append(f"{name:<12} {row['gold']:>5} {row['correct']:>8} {row['predicted']:>10} "
                     f"{row['accuracy']:>9.3f}")
    return "\n".join(lines)
