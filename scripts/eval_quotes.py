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

With ``--polnear DIR`` it scores instead on PolNeAR (brat standoff: ``DIR/text/*.txt`` and
``DIR/attributions/<article>_<annotator>.ann``; the first annotator's file in file-name order
is the gold of an article).  Articles in sorted file-name order at even zero-based positions
are the tune half, odd ones the check half (``--half tune|check|all``).  Each gold
attribution is the covering span of its ``Content`` (discontinuous fragments, and the
pieces of a ``Content2`` argument, joined), its ``Source`` and ``Cue`` spans; it is
*direct* when its content, stripped of edge spaces and ``.,;:``, opens and closes with a
double quotation mark (Penn Treebank pairs of backquotes or apostrophes count).  Reported:

* direct-quote P/R/F1: found direct quotes against gold direct attributions;
* all-attribution P/R/F1: every found quote against every gold attribution;
* speaker accuracy over matched pairs (all-attribution matching): the found speaker span
  overlaps the gold source span (a gold attribution without a source counts as wrong);
* cue accuracy over matched pairs: the found cue's first word occurs in the gold cue text
  (case-insensitive), or both are absent.

Matching is the same one-to-one overlap matching as above (shared characters >= half of
the longer content span; quotation marks count, so a found direct quote whose content
excludes them still matches).

Usage: ``.venv/bin/python scripts/eval_quotes.py [--data PATH] [--errors] [--json]``
       ``.venv/bin/python scripts/eval_quotes.py --polnear DIR [--half tune|check|all]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "quotes.jsonl"
DATE = "2014-06-18"


def _ratio(part: int, whole: int) -> float:
    """``part / whole``; 1.0 when there is nothing to count."""
    return part / whole if whole else 1.0


def _prf(matched: int, found: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``matched`` pairs among ``found`` and ``gold``."""
    precision, recall = _ratio(matched, found), _ratio(matched, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class _AttributionCounts:
    """Attributions found, in gold and matched (all, and direct quotes), with the matched
    ones' right speakers: what both scores count."""

    found: int = 0
    gold: int = 0
    matched: int = 0
    found_direct: int = 0
    gold_direct: int = 0
    matched_direct: int = 0
    speaker_right: int = 0
    errors: list[str] = field(default_factory=list)

    def _shared_figures(self) -> dict[str, float]:
        """Precision, recall and F1 of all attributions, of direct quotes the precision
        and recall, and speaker accuracy over matched pairs."""
        precision, recall, f1 = _prf(self.matched, self.found, self.gold)
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "direct_precision": _ratio(self.matched_direct, self.found_direct),
            "direct_recall": _ratio(self.matched_direct, self.gold_direct),
            "speaker_accuracy": _ratio(self.speaker_right, self.matched),
        }


@dataclass
class Scores(_AttributionCounts):
    """Counts over the test set, and the figures computed from them."""

    direct_right: int = 0
    per_pattern: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def figures(self) -> dict[str, float]:
        """Precision, recall, F1 (all and direct), speaker and direct-flag accuracy."""
        return {**self._shared_figures(),
                "direct_flag_accuracy": _ratio(self.direct_right, self.matched)}


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


# -- PolNeAR ------------------------------------------------------------------------------
_OPEN_MARKS = "\"\u201c\u201e\u00ab"
_CLOSE_MARKS = "\"\u201d\u00bb"


def _opens(content: str) -> bool:
    """Whether ``content`` opens with a double quotation mark (the Penn Treebank pairs of
    backquotes and of apostrophes, which some archives use for the opening mark too,
    count)."""
    return content[:1] in _OPEN_MARKS or content[:2] in ("``", "''")


def _closes(content: str) -> bool:
    """Whether ``content`` closes with a double quotation mark (``''`` counts)."""
    return content[-1:] in _CLOSE_MARKS or content[-2:] == "''"


def _brat_span(field: str) -> tuple[int, int]:
    """Covering (start, end) of a brat span field such as ``315 448;463 553``."""
    pieces = [tuple(int(x) for x in part.split()) for part in field.split(";")]
    return min(p[0] for p in pieces), max(p[1] for p in pieces)


def read_brat(ann: str, text: str) -> list[dict[str, Any]]:
    """Gold attributions of one ``.ann`` file: ``{span, source, cue, cue_text, direct}``
    with ``source`` / ``cue`` spans or None.  Attributions without content are skipped."""
    spans: dict[str, tuple[str, tuple[int, int]]] = {}
    events = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, field = parts[1].partition(" ")
            spans[parts[0]] = (kind, _brat_span(field))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    gold = []
    for event in events:
        roles = {role: spans[ref][1] for role, ref in event.items()
                 if role in ("Source", "Cue", "Content") and ref in spans}
        # brat numbers a repeated argument (Content2, Content3, ...): the content is in
        # pieces annotated as separate spans, and covers all of them
        pieces = [spans[ref][1] for role, ref in event.items()
                  if re.fullmatch(r"Content\d*", role) and ref in spans]
        if not pieces:
            continue
        start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
        content = text[start:end].strip().strip(".,;:").strip()
        if content[:1] == "'" and text[start - 1:start] == "'" and content[:2] != "''":
            # a span that starts inside a Penn Treebank opening mark ("'We ...,''" of
            # "''We ...,''") opens with that mark all the same
            content = "'" + content
        cue = roles.get("Cue")
        gold.append({"span": (start, end), "content": text[start:end],
                     "source": roles.get("Source"), "cue": cue,
                     "cue_text": text[cue[0]:cue[1]] if cue else None,
                     "direct": _opens(content) and _closes(content)})
    return gold


def load_polnear(directory: Path, half: str = "all") -> list[dict[str, Any]]:
    """``{id, date, text, gold}`` per article of ``half`` (by position in sorted order)."""
    texts = sorted((directory / "text").glob("*.txt"))
    records = []
    for position, path in enumerate(texts):
        if half == "tune" and position % 2 or half == "check" and not position % 2:
            continue
        anns = sorted((directory / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        date = next(iter(re.findall(r"_(\d{4}-\d{2}-\d{2})_", path.name)), None)
        records.append({"id": path.stem, "date": date, "text": text,
                        "gold": read_brat(anns[0].read_text(encoding="utf-8"), text)})
    return records


@dataclass
class PolnearScores(_AttributionCounts):
    """Counts over PolNeAR articles."""

    cue_right: int = 0

    def figures(self) -> dict[str, float]:
        """P/R/F1 (direct and all), speaker and cue accuracy over matched pairs."""
        return {**self._shared_figures(),
                "direct_f1": _prf(self.matched_direct, self.found_direct, self.gold_direct)[2],
                "cue_accuracy": _ratio(self.cue_right, self.matched)}


def _spans_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def same_cue(gold: str | None, found: str | None) -> bool:
    """Both absent, or the found cue's first word occurs in the gold cue."""
    if gold is None or found is None:
        return gold is None and found is None
    words = re.findall(r"\w+", found.lower())
    return bool(words) and words[0] in re.findall(r"\w+", gold.lower())


def score_polnear(gold: list[dict[str, Any]], found: list[dict[str, Any]],
                  scores: PolnearScores, name: str = "") -> None:
    """Add one article's counts.  ``found``: ``{span, speaker, cue, direct}`` with
    ``speaker`` a (start, end) span or None."""
    scores.found += len(found)
    scores.gold += len(gold)
    pairs = match(gold, found)
    scores.matched += len(pairs)
    gold_direct = [g for g in gold if g["direct"]]
    found_direct = [f for f in found if f["direct"]]
    scores.gold_direct += len(gold_direct)
    scores.found_direct += len(found_direct)
    scores.matched_direct += len(match(gold_direct, found_direct))
    for gi, fi in pairs:
        g, f = gold[gi], found[fi]
        if _spans_overlap(g["source"], f["speaker"]):
            scores.speaker_right += 1
        else:
            scores.errors.append(f"{name}: speaker {f.get('speaker_text')!r}, expected "
                                 f"{g.get('source_text')!r} for {g['content'][:60]!r}")
        scores.cue_right += same_cue(g["cue_text"], f["cue"])
    for gi in set(range(len(gold))) - {gi for gi, _ in pairs}:
        scores.errors.append(f"{name}: missed {'direct' if gold[gi]['direct'] else 'indirect'}"
                             f" {gold[gi]['content'][:70]!r} (source "
                             f"{gold[gi].get('source_text')!r}, cue {gold[gi]['cue_text']!r})")
    for fi in set(range(len(found))) - {fi for _, fi in pairs}:
        scores.errors.append(f"{name}: spurious {found[fi]['content'][:70]!r} "
                             f"(direct={found[fi]['direct']}, cue={found[fi]['cue']!r})")


def evaluate_polnear(pipeline: Any, records: list[dict[str, Any]]) -> PolnearScores:
    """Code every PolNeAR article and score its quotes."""
    scores = PolnearScores()
    for record in records:
        text = record["text"]
        result = pipeline.code_text(text, date=record["date"], id=record["id"])
        for g in record["gold"]:
            g["source_text"] = text[g["source"][0]:g["source"][1]] if g["source"] else None
        found = [{"content": q.content.text, "span": (q.content.start, q.content.end),
                  "speaker": (q.speaker.start, q.speaker.end) if q.speaker else None,
                  "speaker_text": q.speaker.text if q.speaker else None,
                  "cue": q.cue, "direct": q.direct} for q in result.quotes]
        score_polnear(record["gold"], found, scores, record["id"][:40])
    return scores


def main_polnear(args: argparse.Namespace) -> int:
    from whodid.pipeline import Pipeline

    records = load_polnear(args.polnear, args.half)
    scores = evaluate_polnear(Pipeline(), records)
    figures = scores.figures()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"PolNeAR {args.half}: {len(records)} articles, {scores.gold} gold attributions "
          f"({scores.gold_direct} direct), {scores.found} found ({scores.found_direct} "
          f"direct), {scores.matched} matched")
    print(f"direct quotes   precision {figures['direct_precision']:.3f}  recall "
          f"{figures['direct_recall']:.3f}  F1 {figures['direct_f1']:.3f}")
    print(f"all attribution precision {figures['precision']:.3f}  recall "
          f"{figures['recall']:.3f}  F1 {figures['f1']:.3f}")
    print(f"speaker accuracy {figures['speaker_accuracy']:.3f}  cue accuracy "
          f"{figures['cue_accuracy']:.3f}  (matched)")
    if args.errors:
        print("errors:")
        for error in scores.errors:
            print("  " + error)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and, with --errors, every miss)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="list misses and spurious quotes")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--polnear", type=Path, help="score on a PolNeAR brat directory")
    parser.add_argument("--half", choices=("tune", "check", "all"), default="all")
    args = parser.parse_args(argv)
    if args.polnear is not None:
        return main_polnear(args)
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
