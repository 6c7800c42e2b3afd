"""Evaluate the quotes stage on the hand-written test set (tests/data/quotes.jsonl).

Each line is ``{"text": ..., "quotes": [{"content", "speaker", "direct"}], "pattern": ...}``
where ``content`` is a substring of ``text`` and ``speaker`` the surface text of the speaker
mention (or null).  A found quote matches a gold quote when their content spans overlap by
at least half of the longer span; matching is one-to-one, best overlap first.  Reported:

* content precision / recall / F1 over all quotes (direct and indirect);
* the same for direct quotes only;
* speaker accuracy over matched pairs: both null, or one surface text contains the other
  (case-insensitive), so "Kerry" matches "US Secretary of State John Kerry";
* direct-flag accuracy over matched pairs, and recall per pattern.

Usage: ``.venv/bin/python scripts/eval_quotes.py [--data PATH] [--errors] [--json]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "quotes.jsonl"
DATE = "2014-06-18"


@dataclass
class Scores:
    """Counts over the test set, and the figures computed from them."""

    found: int = 0
    gold: int = 0
    matched: int = 0
    found_direct: int = 0
    gold_direct: int = 0
    matched_direct: int = 0
    speaker_right: int = 0
    direct_right: int = 0
    per_pattern: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    def figures(self) -> dict[str, float]:
        """Precision, recall, F1 (all and direct), speaker and direct-flag accuracy."""
        precision = self._ratio(self.matched, self.found)
        recall = self._ratio(self.matched, self.gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "direct_precision": self._ratio(self.matched_direct, self.found_direct),
            "direct_recall": self._ratio(self.matched_direct, self.gold_direct),
            "speaker_accuracy": self._ratio(self.speaker_right, self.matched),
            "direct_flag_accuracy": self._ratio(self.direct_right, self.matched),
        }


def load_cases(path: Path = DATA) -> list[dict[str, Any]]:
    """The test cases, one JSON object per line."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters as a fraction of the longer span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return shared / longer if shared > 0 and longer else 0.0


def same_speaker(gold: str | None, found: str | None) -> bool:
    """Both absent, or one surface text contains the other."""
    if gold is None or found is None:
        return gold is None and found is None
    g, f = gold.lower().strip(), found.lower().strip()
    return g in f or f in g


def match(gold: list[dict[str, Any]], found: list[dict[str, Any]]
          ) -> list[tuple[int, int]]:
    """One-to-one (gold index, found index) pairs with overlap >= 0.5, best first."""
    pairs = sorted(((overlap(g["span"], f["span"]), gi, fi)
                    for gi, g in enumerate(gold) for fi, f in enumerate(found)), reverse=True)
    used_gold: set[int] = set()
    used_found: set[int] = set()
    result = []
    for score, gi, fi in pairs:
        if score < 0.5 or gi in used_gold or fi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(fi)
        result.append((gi, fi))
    return result


def evaluate(pipeline: Any, cases: list[dict[str, Any]]) -> Scores:
    """Code every case with ``pipeline`` and count matches against the gold quotes."""
    scores = Scores()
    for number, case in enumerate(cases, 1):
        text = case["text"]
        result = pipeline.code_text(text, date=case.get("date", DATE))
        gold = []
        for quote in case["quotes"]:
            start = text.index(quote["content"])
            gold.append({**quote, "span": (start, start + len(quote["content"]))})
        found = [{"content": q.content.text, "span": (q.content.start, q.content.end),
                  "speaker": q.speaker.text if q.speaker else None, "direct": q.direct}
                 for q in result.quotes]
        pairs = match(gold, found)
        scores.found += len(found)
        scores.gold += len(gold)
        scores.matched += len(pairs)
        scores.found_direct += sum(f["direct"] for f in found)
        scores.gold_direct += sum(g["direct"] for g in gold)
        pattern = case.get("pattern", "?")
        scores.per_pattern[pattern][1] += len(gold)
        scores.per_pattern[pattern][0] += len(pairs)
        for gi, fi in pairs:
            g, f = gold[gi], found[fi]
            if g["direct"] and f["direct"]:
                scores.matched_direct += 1
            scores.direct_right += g["direct"] == f["direct"]
            if same_speaker(g["speaker"], f["speaker"]):
                scores.speaker_right += 1
            else:
                scores.errors.append(f"#{number} {pattern}: speaker {f['speaker']!r}, "
                                     f"expected {g['speaker']!r} for {g['content'][:50]!r}")
        for gi in set(range(len(gold))) - {gi for gi, _ in pairs}:
            scores.errors.append(f"#{number} {pattern}: missed {gold[gi]['content'][:60]!r}")
        for fi in set(range(len(found))) - {fi for _, fi in pairs}:
            scores.errors.append(f"#{number} {pattern}: spurious {found[fi]['content'][:60]!r}"
                                 f" (direct={found[fi]['direct']}, "
                                 f"speaker={found[fi]['speaker']!r})")
    return scores


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and, with --errors, every miss)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="list misses and spurious quotes")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    from whodid.pipeline import Pipeline

    cases = load_cases(args.data)
    scores = evaluate(Pipeline(), cases)
    figures = scores.figures()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{len(cases)} cases, {scores.gold} gold quotes ({scores.gold_direct} direct), "
          f"{scores.found} found ({scores.found_direct} direct), {scores.matched} matched")
    print(f"content     precision {figures['precision']:.3f}  recall {figures['recall']:.3f}"
          f"  F1 {figures['f1']:.3f}")
    print(f"direct only precision {figures['direct_precision']:.3f}  "
          f"recall {figures['direct_recall']:.3f}")
    print(f"speaker accuracy (matched) {figures['speaker_accuracy']:.3f}  "
          f"direct flag accuracy {figures['direct_flag_accuracy']:.3f}")
    print("recall by pattern:")
    for pattern, (hit, total) in sorted(scores.per_pattern.items()):
        if total:
            print(f"  {pattern:26} {hit}/{total}")
    if args.errors:
        print("errors:")
        for error in scores.errors:
            print("  " + error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
