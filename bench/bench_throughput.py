"""Bare spaCy (nlp.pipe only) vs whodid end to end (read, code, write JSON Lines).

    .venv/bin/python bench/bench_throughput.py [--limit N] [--batch-size 16] [--repeat R]
                                               [--corpus PATH]

Both runs use the same loaded model (with whodid's sentence cap, see whodid.nlp), the same
texts and the same batch size, in this one process.  Loading is timed apart ("start-up"):
the model, and whodid's lazily built resources (knowledge base, gazetteer, classifier),
which a first throwaway article loads, as a long run pays them once.  With ``--repeat R``
the two runs alternate R times and the best of each is reported, which evens out a shared
machine's noise and the vocabulary warm-up the first run pays.
"""

from __future__ import annotations

import argparse
import io
import resource
import time
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/bbc-2004-2005/articles.jsonl"
#: Not from the corpus: it only makes every lazily loaded resource load before timing.
WARM_UP = ("Iran rejected the offer from the United States in Geneva on Tuesday, the "
           "foreign minister said.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    from whodid.model import Article
    from whodid.nlp import load_nlp
    from whodid.pipeline import Pipeline, _parse_text
    from whodid.readers import read_inputs
    from whodid.writers import JsonLinesWriter

    pipeline = Pipeline(batch_size=args.batch_size)  # loads the model once, for both runs
    pipeline.code_text(WARM_UP, date="2024-05-07")
    startup = time.perf_counter() - started
    articles = [a for a in islice(read_inputs([args.corpus]), args.limit)
                if isinstance(a, Article)]
    n = len(articles)
    nlp = load_nlp()

    def bare_spacy() -> float:
        started = time.perf_counter()
        for _ in nlp.pipe((_parse_text(a) for a in articles), batch_size=args.batch_size):
            pass
        return time.perf_counter() - started

    def whodid() -> float:
        started = time.perf_counter()
        out = io.StringIO()
        writer = JsonLinesWriter(out)
        items = islice(read_inputs([args.corpus]), args.limit)
        for outcome in pipeline.run(items):
            if not hasattr(outcome, "reason"):  # Failures are counted, not written
                writer.write([outcome])
        writer.close()
        return time.perf_counter() - started

    spacy_seconds, whodid_seconds = [], []
    for _ in range(max(1, args.repeat)):
        spacy_seconds.append(bare_spacy())
        whodid_seconds.append(whodid())
    spacy_rate = n / min(spacy_seconds)
    whodid_rate = n / min(whodid_seconds)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles:          {n}")
    print(f"start-up:          {startup:.1f} s (model, knowledge base, gazetteer, classifier)")
    print(f"bare spaCy:        {spacy_rate:.1f} articles/s")
    print(f"whodid end to end: {whodid_rate:.1f} articles/s")
    print(f"ratio:             {whodid_rate / spacy_rate:.2f}")
    print(f"peak RSS:          {rss_mb:.0f} MB")
    if args.repeat > 1:
        print("runs (s):          spaCy " + " ".join(f"{s:.1f}" for s in spacy_seconds)
              + "; whodid " + " ".join(f"{s:.1f}" for s in whodid_seconds))


if __name__ == "__main__":
    main()
