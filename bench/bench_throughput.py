"""Bare spaCy (nlp.pipe only) vs whodid end to end (read, code, write JSON Lines).

    .venv/bin/python bench/bench_throughput.py [--limit N] [--batch-size 16] [--chunk 64]
                                               [--corpus PATH] [--stages]

Both use the same loaded model (with whodid's sentence cap, see whodid.nlp), the same texts
and the same batch size, in this one process.  Loading is timed apart ("start-up"): the
model, and whodid's lazily built resources (knowledge base, gazetteer, classifier), which a
first throwaway article loads, as a long run pays them once.

The two runs are interleaved: the corpus is taken ``--chunk`` articles at a time, and each
chunk is parsed by bare spaCy and coded by whodid, alternating which goes first.  A shared
machine's load, which comes and goes over minutes, then falls on both alike, and neither
always finds the vocabulary warmed up by the other.  whodid's time includes reading the
chunk from the corpus file; spaCy gets the texts ready-made.

``--stages`` then parses the texts once more and times each coding stage on them, in
seconds over the corpus and milliseconds an article: where whodid's share of the time goes.
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


def corpus_parser(description: str | None) -> argparse.ArgumentParser:
    """The options of a benchmark that codes a corpus in interleaved chunks (here and in
    bench_fallback.py)."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--chunk", type=int, default=64,
                        help="articles per interleaved chunk (whole batches are best)")
    return parser


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--stages", action="store_true",
                        help="also time each coding stage over the corpus")
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
    nlp = load_nlp()
    writer = JsonLinesWriter(io.StringIO())
    reader = islice(read_inputs([args.corpus]), args.limit)
    n = 0
    spacy_seconds = whodid_seconds = 0.0
    for index in range(10**9):
        started = time.perf_counter()
        items = list(islice(reader, args.chunk))  # reading is whodid's work
        whodid_seconds += time.perf_counter() - started
        if not items:
            break
        texts = [_parse_text(item) for item in items if isinstance(item, Article)]
        n += len(texts)

        def bare_spacy(texts: list[str] = texts) -> float:
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=args.batch_size):
                pass
            return time.perf_counter() - started

        def whodid(items: list = items) -> float:
            started = time.perf_counter()
            for outcome in pipeline.run(items):
                if not hasattr(outcome, "reason"):  # Failures are counted, not written
                    writer.write([outcome])
            return time.perf_counter() - started

        if index % 2:
            whodid_seconds += whodid()
            spacy_seconds += bare_spacy()
        else:
            spacy_seconds += bare_spacy()
            whodid_seconds += whodid()
    writer.close()
    spacy_rate = n / spacy_seconds
    whodid_rate = n / whodid_seconds
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles:          {n}")
    print(f"start-up:          {startup:.1f} s (model, knowledge base, gazetteer, classifier)")
    print(f"bare spaCy:        {spacy_rate:.1f} articles/s ({spacy_seconds:.1f} s)")
    print(f"whodid end to end: {whodid_rate:.1f} articles/s ({whodid_seconds:.1f} s)")
    print(f"ratio:             {whodid_rate / spacy_rate:.2f}")
    print(f"peak RSS:          {rss_mb:.0f} MB")
    if args.stages:
        _time_stages(pipeline, args)


def _time_stages(pipeline, args: argparse.Namespace) -> None:
    """Each stage of ``pipeline`` timed over the parsed corpus, as Pipeline runs them."""
    from whodid import __version__
    from whodid.document import Document
    from whodid.model import Article
    from whodid.pipeline import _parse_text
    from whodid.readers import read_inputs

    articles = [a for a in islice(read_inputs([args.corpus]), args.limit)
                if isinstance(a, Article)]
    seconds = dict.fromkeys(["spacy", *(name for name, _ in pipeline.stages), "result"], 0.0)
    docs = pipeline.nlp.pipe((_parse_text(a) for a in articles), batch_size=args.batch_size)
    for article in articles:
        started = time.perf_counter()
        document = Document(article=article, doc=next(docs))
        seconds["spacy"] += time.perf_counter() - started
        for name, stage in pipeline.stages:
            started = time.perf_counter()
            stage(document)
            seconds[name] += time.perf_counter() - started
        started = time.perf_counter()
        document.to_result(__version__)
        seconds["result"] += time.perf_counter() - started
    print("stages:            seconds over the corpus (ms an article)")
    for name, total in seconds.items():
        print(f"  {name:<16} {total:7.1f} s ({1000 * total / len(articles):5.1f} ms)")


if __name__ == "__main__":
    main()
