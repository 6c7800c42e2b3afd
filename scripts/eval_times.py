"""Evaluate time expressions (TIMEX3) on TempEval-3's TimeBank + AQUAINT (TBAQ).

Usage::

    .venv/bin/python scripts/eval_times.py [--half tune|check|all] [--limit N] [--errors N]
        [--context]

Each document (``shared/gold/tempeval3_tbaq/{TimeBank,AQUAINT}/*.tml``, 256 documents in
sorted file-name order; ``--half`` keeps the even zero-based positions (tune) or the odd ones
(check)) is coded by the whole pipeline with the text of its ``<TEXT>`` element as the
article text and its creation time (the ``CREATION_TIME`` TIMEX3) as the publication date.

Recognition, as TempEval-3 scores it: a predicted expression matches a gold one **strictly**
when the character spans are equal, **relaxed** when they overlap (one-to-one, in text
order).  Over the relaxed matches, *value accuracy* is the share with the gold ``value``
string and *type accuracy* the share with the gold ``type``; *value F1* counts a prediction
right when it matches relaxed and has the gold value (TempEval-3's attribute F1).  Figures
are given over all types, over DATE+TIME (gold and predictions of those types), and per type.

Events: every asserted or reported event dated after the creation time is counted (must be
0): a date is after it when its first day is later than the creation date (the first day of
a week, a quarter or a season, not its value compared as a string).
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whodid.evaluate import HALVES, select_half

SHARED = Path(__file__).resolve().parents[2] / "shared"
TBAQ = SHARED / "gold" / "tempeval3_tbaq"
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Timex:
    """A time expression: character span in the document text, TimeML type and value."""

    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@dataclass
class TimeMLDocument:
    id: str
    text: str
    creation_time: str | None
    timexes: list[Timex]


def parse_timeml(source: str, doc_id: str = "doc") -> TimeMLDocument:
    """The text of ``<TEXT>`` (tags removed), its TIMEX3s and the creation time of a TimeML
    document given as a string."""
    root = ET.fromstring(source)
    creation = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            creation = timex.get("value")
            break
    body = root.find("TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []
    offset = 0

    def walk(element: ET.Element) -> None:
        nonlocal offset
        start = offset
        if element.text:
            parts.append(element.text)
            offset += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                offset += len(child.tail)
        if element.tag == "TIMEX3" and element is not body:
            text = "".join(parts)[start:offset]
            timexes.append(Timex(start, offset, element.get("type", ""),
                                 element.get("value"), text))

    if body is not None:
        walk(body)
    return TimeMLDocument(doc_id, "".join(parts), creation, sorted(timexes,
                                                                key=lambda t: t.start))


def read_tbaq(root: Path = TBAQ, half: str = "all",
              limit: int | None = None) -> list[TimeMLDocument]:
    """The TBAQ documents of ``half`` (TimeBank and AQUAINT, sorted by file name)."""
    paths = sorted((p for sub in ("TimeBank", "AQUAINT") for p in (root / sub).glob("*.tml")),
                   key=lambda p: p.name)
    docs = [parse_timeml(p.read_text(encoding="utf-8"), p.stem)
            for p in select_half(paths, half)]
    return docs[:limit] if limit is not None else docs


# --------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    """Counts of one comparison; the figures are properties."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value_right: int = 0
    type_right: int = 0

    def add(self, other: Score) -> None:
        for name in ("gold", "predicted", "strict", "relaxed", "value_right", "type_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(right: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = right / predicted if predicted else 0.0
        r = right / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._f1(self.strict, self.predicted, self.gold)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self._f1(self.relaxed, self.predicted, self.gold)

    @property
    def value_accuracy(self) -> float:
        return self.value_right / self.relaxed if self.relaxed else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_right / self.relaxed if self.relaxed else 0.0

    @property
    def value_f1(self) -> float:
        return self._f1(self.value_right, self.predicted, self.gold)[2]


def match(gold: list[Timex], predicted: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one relaxed (overlap) matches: each gold expression takes the first unused
    overlapping prediction, an exact-span one first."""
    pairs: list[tuple[Timex, Timex]] = []
    used: set[int] = set()
    for g in gold:
        overlapping = [i for i, p in enumerate(predicted)
                       if i not in used and p.start < g.end and g.start < p.end]
        if not overlapping:
            continue
        exact = [i for i in overlapping if (predicted[i].start, predicted[i].end)
                 == (g.start, g.end)]
        best = (exact or overlapping)[0]
        used.add(best)
        pairs.append((g, predicted[best]))
    return pairs


def score(gold: list[Timex], predicted: list[Timex],
          errors: Counter | None = None, contexts: list[str] | None = None,
          doc: TimeMLDocument | None = None) -> Score:
    """Counts of one document's (or any) gold and predicted expressions; with ``contexts``
    and ``doc``, each wrong value is also listed with the document, its creation time and
    the text around it."""
    pairs = match(gold, predicted)
    result = Score(gold=len(gold), predicted=len(predicted), relaxed=len(pairs))
    for g, p in pairs:
        result.strict += (g.start, g.end) == (p.start, p.end)
        result.value_right += g.value == p.value
        result.type_right += g.type == p.type
        if errors is not None and g.value != p.value:
            errors[f"value {p.text!r}={p.value} want {g.text!r}={g.value}"] += 1
        if contexts is not None and doc is not None and g.value != p.value:
            around = " ".join(doc.text[max(0, g.start - 200):g.end + 80].split())
            contexts.append(f"{doc.id} (created {doc.creation_time}): {p.text!r}={p.value} "
                            f"want {g.text!r}={g.value}\n    ...{around}...")
    if errors is not None:
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        for g in gold:
            if id(g) not in matched_gold:
                errors[f"missed {g.type} {g.text!r}={g.value}"] += 1
        for p in predicted:
            if id(p) not in matched_pred:
                errors[f"spurious {p.type} {p.text!r}={p.value}"] += 1
    return result


def of_types(timexes: list[Timex], types: tuple[str, ...]) -> list[Timex]:
    return [t for t in timexes if t.type in types]


@dataclass
class Report:
    """Scores over all types, DATE+TIME and each type, and the event-date check."""

    scores: dict[str, Score] = field(default_factory=lambda: {
        name: Score() for name in ("all", "DATE+TIME", *TYPES)})
    events: int = 0
    after_publication: int = 0
    after_examples: list[str] = field(default_factory=list)

    def add(self, gold: list[Timex], predicted: list[Timex],
            errors: Counter | None = None, contexts: list[str] | None = None,
            doc: TimeMLDocument | None = None) -> None:
        self.scores["all"].add(score(gold, predicted))
        self.scores["DATE+TIME"].add(score(of_types(gold, ("DATE", "TIME")),
                                           of_types(predicted, ("DATE", "TIME")), errors,
                                           contexts, doc))
        for kind in TYPES:
            self.scores[kind].add(score(of_types(gold, (kind,)), of_types(predicted, (kind,))))

    def lines(self) -> list[str]:
        out = [f"{'':10} {'gold':>5} {'pred':>5}  {'strict P/R/F1':>17}  "
               f"{'relaxed P/R/F1':>17}  {'val.acc':>7} {'val.F1':>6} {'type.acc':>8}"]
        for name, s in self.scores.items():
            sp, rp = s.strict_prf, s.relaxed_prf
            out.append(f"{name:10} {s.gold:5d} {s.predicted:5d}  "
                       f"{sp[0]:.3f}/{sp[1]:.3f}/{sp[2]:.3f}  {rp[0]:.3f}/{rp[1]:.3f}/{rp[2]:.3f}"
                       f"  {s.value_accuracy:7.3f} {s.value_f1:6.3f} {s.type_accuracy:8.3f}")
        out.append(f"events: {self.events}; asserted/reported dated after the creation time: "
                   f"{self.after_publication}")
        out.extend(f"  {example}" for example in self.after_examples[:10])
        return out


def predicted_timexes(result) -> list[Timex]:
    """A coded article's time expressions as :class:`Timex` (no type: DATE)."""
    return [Timex(t.start, t.end, getattr(t, "type", None) or "DATE", t.value, t.text)
            for t in result.times]


#: The first month of a quarter, a half or a season (winter: January, the earliest month a
#: year's winter can take in), by the letters of its TimeML value.
_FIRST_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7,
                "WI": 1, "SP": 3, "SU": 6, "FA": 9}


def first_day(value: str | None) -> str | None:
    """The first day ``YYYY-MM-DD`` of a calendar value: a day or a time of it, an ISO week
    (its Monday), a month, a quarter, a half, a season, a year or a decade ("199"); a value
    with unknown parts counts from what it knows ("1989-QX": 1989-01-01); None for any
    other value (PRESENT_REF, durations, ``XXXX``)."""
    import datetime
    import re

    if not value:
        return None
    if re.fullmatch(r"\d{3}", value):  # a decade
        return f"{value}0-01-01"
    match = re.match(r"(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|W(\d\d)|([QH][1-4]|WI|SP|SU|FA)))?"
                     r"(?=$|[T-])", value)
    if match is None:
        return None
    year, month, day, week, part = match.groups()
    if week:
        try:
            return datetime.date.fromisocalendar(int(year), int(week), 1).isoformat()
        except ValueError:
            return None
    if part:
        month = f"{_FIRST_MONTH[part]:02d}"
    return f"{year}-{month or '01'}-{day or '01'}"


def dated_after(value: str | None, creation: str) -> bool:
    """Whether a date value's first day (:func:`first_day`) is later than the creation date
    ``YYYY-MM-DD``."""
    first = first_day(value)
    return first is not None and first > creation[:10]


def count_events(report: Report, result, creation: str) -> None:
    for event in result.events:
        report.events += 1
        date = event.date
        if event.modality in ("asserted", "reported") and date is not None \
                and dated_after(date.value, creation):
            report.after_publication += 1
            report.after_examples.append(
                f"{result.id}: {event.trigger.text!r} {event.modality} {date.value} "
                f"from {date.text!r} ({date.precision}) > {creation}")


def evaluate(docs: list[TimeMLDocument], pipeline, errors: Counter | None = None,
             contexts: list[str] | None = None) -> Report:
    """Code every document and score its times and event dates (``errors`` and
    ``contexts``, when given, collect the DATE+TIME errors; see :func:`score`)."""
    from whodid.model import Article

    report = Report()
    articles = [Article(id=d.id, text=d.text, date=(d.creation_time or "")[:10] or None,
                        origin=f"<tbaq {d.id}>") for d in docs]
    for doc, result in zip(docs, pipeline.code_articles(articles), strict=True):
        report.add(doc.timexes, predicted_timexes(result), errors, contexts, doc)
        if doc.creation_time:
            count_events(report, result, doc.creation_time)
    return report


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=HALVES, default="all")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--errors", type=int, default=0,
                        help="print the N commonest DATE+TIME errors (tune half only!)")
    parser.add_argument("--context", action="store_true",
                        help="print every wrong DATE+TIME value with its document, creation "
                             "time and the text around it (tune half only!)")
    args = parser.parse_args(argv)
    if args.context and args.half != "tune":
        parser.error(f"--context lists individual errors of the tune half only, not --half "
                     f"{args.half}")
    if args.errors and args.half != "tune":
        # errors are read on the tune half only; the check half is looked at as totals
        parser.error(f"--errors lists individual errors of the tune half only, not --half "
                     f"{args.half}")

    from whodid import get_pipeline

    docs = read_tbaq(half=args.half, limit=args.limit)
    errors: Counter | None = Counter() if args.errors else None
    contexts: list[str] | None = [] if args.context else None
    report = evaluate(docs, get_pipeline(), errors, contexts)
    print(f"TBAQ {args.half}: {len(docs)} documents")
    print("\n".join(report.lines()))
    if errors:
        for error, count in errors.most_common(args.errors):
            print(f"{count:4d}  {error}")
    for line in contexts or []:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
