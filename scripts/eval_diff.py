"""Print gold vs predicted for each gold record that the coder gets wrong (development aid).

Usage: python scripts/eval_diff.py GOLD.jsonl [CATEGORY]
"""

from __future__ import annotations

import sys

from whodid import get_pipeline
from whodid.evaluate import actor_country, category, gold_country, main_event, read_gold
from whodid.model import Article
from whodid.normalize import normalize_article


def main(path: str, only: str | None = None) -> None:
    records = read_gold(path)
    articles = [normalize_article(Article(id=str(n), text=r["text"], date=r.get("date")))
                for n, r in enumerate(records)]
    for record, result in zip(records, get_pipeline().code_articles(articles), strict=True):
        gold = category(record.get("category"))
        if only and gold != only:
            continue
        event = main_event(result)
        predicted = category(event.plover.event) if event else None
        gold_src = sorted({gold_country(a["code"]) or "-" for e in record["events"]
                           for a in e["source"]})
        gold_tgt = sorted({gold_country(a["code"]) or "-" for e in record["events"]
                           for a in e["target"]})
        src = actor_country(event.source) if event else None
        tgt = actor_country(event.target) if event else None
        ok = predicted == gold and src in gold_src
        if ok:
            continue
        print(f"[{gold} {gold_src}->{gold_tgt}] got {predicted} {src}->{tgt}"
              f" {event.cameo + ' ' + repr(event.trigger.text) if event else ''}")
        print("   ", record["text"][:220])
        print("   ", [(e.cameo, e.source.text, e.target and e.target.text) for e in result.events])


if __name__ == "__main__":
    main(*sys.argv[1:])
