"""Fit the place ranker's weights (``src/whodid/data/place_ranker.tsv``) on GeoWebNews' tune half.

Usage::

    .venv/bin/python scripts/fit_place_ranker.py [--rounds 2] [--l2 1.0] [--dry-run]

Every tune-half article (even zero-based positions of ``shared/gold/geowebnews/GWN.xml``;
the check half is never read) goes through the pipeline up to the places stage.  Each place
mention that overlaps a gold place toponym with coordinates gives one ranking example: its
plausible gazetteer candidates, each with the features of :func:`whodid.places._features`
in the mention's context, labelled right when within 161 km of the gold point or the gold's
own GeoNames id.  Examples where every candidate or none is right say nothing about the
ranking and are left out.

The model is a conditional logit (a softmax over each mention's candidates, the score being
the weights times the features), fitted by L-BFGS with an L2 penalty that pulls the weights
towards the hand-set ones the file held before the ranker was learned (:data:`PRIOR`): a
handful of examples cannot then swing a weight that has no evidence.  The penalty's strength
is chosen by 5-fold cross-validation over articles on the tune half (held-out
log-likelihood) (``--l2`` fixes it).
The features of a mention depend on the article's other places as a first pass resolves
them, which depend on the weights: ``--rounds`` refits that many times, each round on the
contexts the previous weights give.

Only the weights are written (no gold text, names or points); ``--dry-run`` prints them.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_places import GWN, KM_THRESHOLD, SHARED, haversine_km, read_gwn  # noqa: E402

#: the weights set by hand before the ranker was fitted, which the penalty pulls towards
PRIOR = {
    "log_population": 1.0, "focus": 3.0, "contained_country": 8.0, "contained_admin1": 4.0,
    "home_admin1": 2.5, "alternate": -2.0, "country_or_region": 3.0, "admin1_worded": 5.0,
    "admin1_strong_word": 1.0, "admin1_bare": -1.5, "admin2_admin2_word": 6.0,
    "admin2_other_word": 3.0, "admin2_bare": -2.5, "seat": 0.5, "others_country": 0.0,
    "others_admin1": 0.0, "others_near": 0.0, "dateline_near": 0.0}


def _documents(pipeline, articles):
    """Each article's working document after the places stage."""
    from whodid.document import Document
    from whodid.model import Article as WArticle
    from whodid.normalize import normalize_article

    normalized = [normalize_article(WArticle(id=a.id, text=a.text, origin="<fit>"))
                  for a in articles]
    stages = []
    for name, stage in pipeline.stages:
        stages.append(stage)
        if name == "places":
            break
    for article, doc in zip(normalized, pipeline.nlp.pipe([a.text for a in normalized]),
                            strict=True):
        document = Document(article=article, doc=doc)
        for stage in stages:
            stage(document)
        yield document


def examples(articles, documents) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(article number, candidate features, labels) for every informative mention."""
    from whodid.places import _resolution_contexts, _resolver

    resolver = _resolver()
    found = []
    for number, (article, document) in enumerate(zip(articles, documents, strict=True)):
        gold = [g for g in article.toponyms if g.role == "place" and g.lat is not None]
        mentions, contexts, _dateline, _focus = _resolution_contexts(document)
        for mention, context in zip(mentions, contexts, strict=True):
            overlapping = [g for g in gold if g.start < mention.end and mention.start < g.end]
            if not overlapping:
                continue
            g = overlapping[0]
            ranked = resolver.ranked(mention.name or mention.text, context)
            labels = [float((e.geonames_id is not None and e.geonames_id == g.geonames_id)
                            or (e.lat is not None and haversine_km(e.lat, e.lon, g.lat, g.lon)
                                <= KM_THRESHOLD)) for e, _ in ranked]
            if 0 < sum(labels) < len(labels):
                found.append((number, np.array([f for _, f in ranked]), np.array(labels)))
    return found


def _loss(weights, data, prior, l2):
    """Negative log-likelihood of the right candidates plus the penalty, and its gradient."""
    total = l2 * float(np.sum((weights - prior) ** 2))
    grad = 2 * l2 * (weights - prior)
    for _, features, labels in data:
        scores = features @ weights
        scores -= scores.max()
        p = np.exp(scores)
        p /= p.sum()
        # the likelihood of choosing any right candidate (several may be within 161 km)
        mass = max(float(p @ labels), 1e-300)
        total -= math.log(mass)
        grad -= features.T @ (p * labels / mass) - features.T @ p
    return total, grad


def fit(data, prior: np.ndarray, l2: float) -> np.ndarray:
    """Weights minimising :func:`_loss` from the prior."""
    from scipy.optimize import minimize

    outcome = minimize(_loss, prior.copy(), args=(data, prior, l2), jac=True,
                       method="L-BFGS-B")
    return outcome.x


def top1(data, weights) -> float:
    """Share of the examples whose best-scored candidate is right."""
    if not data:
        return 0.0
    return sum(labels[int(np.argmax(features @ weights))] for _, features, labels in data) \
        / len(data)


def choose_l2(data, prior, grid=(0.1, 0.3, 1.0, 3.0, 10.0)) -> float:
    """The penalty whose 5-fold (by article) cross-validated log-likelihood of the right
    candidates is best (smoother than top-1 accuracy on a few hundred examples)."""
    folds = 5
    best, best_l2 = -math.inf, grid[-1]
    zero = np.zeros_like(prior)
    for l2 in grid:
        likelihood, right = 0.0, 0.0
        for k in range(folds):
            train = [d for d in data if d[0] % folds != k]
            held = [d for d in data if d[0] % folds == k]
            weights = fit(train, prior, l2)
            likelihood -= _loss(weights, held, zero, 0.0)[0]
            right += top1(held, weights) * len(held)
        print(f"  l2={l2}: cross-validated log-likelihood {likelihood / len(data):.4f}, "
              f"top-1 {right / len(data):.3f}")
        if likelihood > best:
            best, best_l2 = likelihood, l2
    return best_l2


def write_weights(path: Path, names, weights) -> None:
    """Rewrite the weight rows of ``path``, keeping its comment header."""
    header = [line for line in path.read_text("utf-8").splitlines() if line.startswith("#")]
    rows = [f"{name}\t{weight:.4g}" for name, weight in zip(names, weights, strict=True)]
    path.write_text("\n".join([*header, "feature\tweight", *rows]) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Fit and write the weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--l2", type=float, default=None,
                        help="the penalty's strength (default: chosen by cross-validation)")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    if not GWN.exists():
        print(f"{GWN} is not here ({SHARED}); nothing to fit on", file=sys.stderr)
        return 1

    from whodid import places
    from whodid.pipeline import Pipeline
    from whodid.resources import data_path

    path = data_path(places.RANKER_WEIGHTS)
    names = places.RANKER_FEATURES
    prior = np.array([PRIOR[n] for n in names])
    articles = read_gwn(half="tune")
    pipeline = Pipeline(use_classifier=False)
    documents = list(_documents(pipeline, articles))
    weights = np.array(places.ranker_weights())
    original = places.ranker_weights
    for round_ in range(args.rounds):
        data = examples(articles, documents)
        sizes = Counter(len(labels) for _, _, labels in data)
        print(f"round {round_ + 1}: {len(data)} informative mentions "
              f"(candidates: {dict(sorted(sizes.items()))}); top-1 with the current "
              f"weights {top1(data, weights):.3f}, with the prior {top1(data, prior):.3f}")
        l2 = args.l2 if args.l2 is not None else choose_l2(data, prior)
        weights = fit(data, prior, l2)
        print(f"  l2={l2}: top-1 on the tune half {top1(data, weights):.3f}")
        # the next round's contexts (the first pass behind "others") use these weights
        places.ranker_weights = lambda w=tuple(float(x) for x in weights): w
    places.ranker_weights = original
    for name, weight in zip(names, weights, strict=True):
        print(f"  {name:22s} {weight:8.3f}")
    if not args.dry_run:
        write_weights(path, names, weights)
        print(f"wrote {path}")
    return 0 if all(math.isfinite(w) for w in weights) else 1


if __name__ == "__main__":
    sys.exit(main())
