"""Write the events the default pipeline codes for a JSONL file, one JSON line per record, so
that two runs (before and after a refactor) can be compared byte for byte with ``cmp``.

Usage: python scripts/snapshot_events.py INPUT.jsonl [--limit N] [--out PATH] [--emitted-order]

INPUT has one JSON object a line with ``text`` and optionally ``date`` and ``id`` (gold
files and corpora such as ``articles.jsonl``).  Each output line is
``{"id", "events": [...]}`` where every event carries all its fields (source and target
with code and span, cameo, root, PLOVER category, modality, confidence, trigger, date,
location, reported_by, quote).  Events are sorted by sentence, trigger offsets and then their
whole JSON, unless ``--emitted-order`` keeps the order the coder emitted them in.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from whodid import get_pipeline
from whodid.evaluate import _iso
from whodid.model import Article, Event
from whodid.normalize import normalize_article


def read_records(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of a JSONL file that have a ``text``, at most ``limit`` of them."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(records) >= limit:
                break
            if line.strip():
                record = json.loads(line)
                if record.get("text"):
                    records.append(record)
    return records


def event_fields(event: Event) -> dict[str, Any]:
    """Every field of an event, nested dataclasses as dicts."""
    return asdict(event)


def _sort_key(fields: dict[str, Any]) -> tuple:
    trigger = fields["trigger"]
    return (fields["sentence"], trigger["start"], trigger["end"],
            json.dumps(fields, sort_keys=True, ensure_ascii=False))


def snapshot(records: list[dict[str, Any]], emitted_order: bool = False,
             pipeline=None) -> list[str]:
    """One JSON line per record: its id and its coded events (``pipeline`` defaults to
    :func:`whodid.get_pipeline`)."""
    articles = [
        normalize_article(Article(id=str(r.get("id") or n), text=r["text"],
                                  date=_iso(r.get("date"))))
        for n, r in enumerate(records, 1)
    ]
    lines = []
    pipeline = pipeline or get_pipeline()
    for result in pipeline.code_articles(articles, on_error="raise"):
        events = [event_fields(e) for e in result.events]
        if not emitted_order:
            events.sort(key=_sort_key)
        lines.append(json.dumps({"id": result.id, "events": events}, sort_keys=True,
                                ensure_ascii=False))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="JSONL with `text` and optional `date`/`id`")
    parser.add_argument("--limit", type=int, default=None, help="code only the first N records")
    parser.add_argument("--out", default=None, help="output path (default: stdout)")
    parser.add_argument("--emitted-order", action="store_true",
                        help="keep events in the order coded instead of sorting them")
    args = parser.parse_args(argv)
    lines = snapshot(read_records(args.input, args.limit), emitted_order=args.emitted_order)
    text = "".join(line + "\n" for line in lines)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
