"""Bare spaCy (nlp.pipe only) vs whodid end to end (read, code, write JSON Lines).

    .venv/bin/python bench/bench_throughput.py [--limit N] [--batch-size 16] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import io
import resource
import time
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/bbc-2004-2005/articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from whodid.model import Article
    from whodid.nlp import load_nlp
    from whodid.pipeline import Pipeline, _parse_text
    from whodid.readers import read_inputs
    from whodid.writers import JsonLinesWriter

    pipeline = Pipeline(batch_size=args.batch_size)  # loads the model once, for both runs
    articles = [a for a in islice(read_inputs([args.corpus]), args.limit)
                if isinstance(a, Article)]
    n = len(articles)
    nlp = load_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe((_parse_text(a) for a in articles), batch_size=args.batch_size):
        pass
    spacy_rate = n / (time.perf_counter() - started)

    started = time.perf_counter()
    out = io.StringIO()
    writer = JsonLinesWriter(out)
    items = islice(read_inputs([args.corpus]), args.limit)
    for outcome in pipeline.run(items):
        if not hasattr(outcome, "reason"):  # Failures are counted, not written
            writer.write([outcome])
    writer.close()
    whodid_rate = n / (time.perf_counter() - started)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles:          {n}")
    print(f"bare spaCy:        {spacy_rate:.1f} articles/s")
    print(f"whodid end to end: {whodid_rate:.1f} articles/s")
    print(f"ratio:             {whodid_rate / spacy_rate:.2f}")
    print(f"peak RSS:          {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
