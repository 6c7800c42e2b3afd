"""The ``whodid`` command line: a thin shell over the Python API.

    whodid code ARTICLES... [--out FILE] [--format jsonl|csv|parquet|gdelt] [--db whodid.duckdb]
    whodid events --db whodid.duckdb [--root 19] [--country IRQ] [--since 2014-06-01]
    whodid eval GOLD.jsonl
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator

import click

from whodid import __version__

BATCH_SIZE = 32


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="whodid")
def main() -> None:
    """whodid turns news into political event data: who did what to whom, where, when, and
    who said it.

    \b
    Quick start:
      whodid code article.txt                     # coded events as JSON Lines on stdout
      whodid code news/ --db whodid.duckdb        # code a folder into the event store
      whodid events --db whodid.duckdb --root 19  # look at stored fights
    """


@main.command("code")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write output here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt"]),
              default="jsonl", show_default=True,
              help="jsonl: one record per article; csv/parquet: one row per event; "
                   "gdelt: GDELT-style tab-separated event table.")
@click.option("--db", is_flag=False, flag_value="whodid.duckdb", default=None,
              metavar="PATH", help="Also store articles and events in this DuckDB file "
                                   "(default whodid.duckdb). With --db and no --out, nothing "
                                   "is printed but the summary.")
@click.option("--date", "default_date", metavar="YYYY-MM-DD", default=None,
              help="Publication date for inputs that have none.")
@click.option("--text-column", default="text", show_default=True,
              help="The CSV column that holds the article text.")
@click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True),
              help="Extra lexicon YAML adding or overriding event entries (repeatable).")
@click.option("--actors", "actor_dictionaries", multiple=True, type=click.Path(exists=True),
              help="Your own actor/agent dictionary (PETRARCH .actors/.agents, CSV or YAML); "
                   "its entries override the built-in knowledge base (repeatable).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop events coded with less confidence.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=BATCH_SIZE,
              show_default=True, help="Articles parsed and stored per batch.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def code_command(inputs: tuple[str, ...], out: str | None, fmt: str, db: str | None,
                 default_date: str | None, text_column: str, lexicon_files: tuple[str, ...],
                 actor_dictionaries: tuple[str, ...], min_confidence: float, batch_size: int,
                 quiet: bool) -> None:
    """Code news articles into events.

    INPUT is a file (plain text with the headline on line 1, JSON Lines, HTML, RSS/Atom,
    CSV), a directory (read recursively), a .gz file, or - for stdin.

    \b
    Examples:
      whodid code examples/
      whodid code news.jsonl --db whodid.duckdb
      whodid code feed.xml --format csv --out events.csv
      cat story.txt | whodid code - --date 2014-06-18
    """
    from whodid.dictionaries import DictionaryError
    from whodid.lexicon import LexiconError
    from whodid.nlp import ModelNotInstalled
    from whodid.pipeline import Failure, Pipeline
    from whodid.readers import read_inputs
    from whodid.store import Store
    from whodid.writers import open_writer

    if fmt == "parquet" and not out:
        raise click.UsageError("--format parquet needs --out FILE (Parquet is not written "
                               "to a terminal)")
    try:
        pipeline = Pipeline(lexicon_files=lexicon_files, batch_size=batch_size,
                            min_confidence=min_confidence,
                            actor_dictionaries=actor_dictionaries)
    except (ModelNotInstalled, LexiconError, DictionaryError) as error:
        raise click.ClickException(str(error)) from None
    for warning in pipeline.dictionary_warnings:
        click.echo(f"whodid: warning: {warning}", err=True)

    try:
        items = read_inputs(inputs, text_column=text_column, default_date=default_date)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--date") from None

    writer = open_writer(fmt, out) if (out or not db) else None
    store = Store(db) if db else None
    counts: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    progress = _progress(quiet)
    try:
        for batch in _batches(pipeline.run(items), batch_size):
            coded = []
            for outcome in batch:
                counts["read"] += 1
                if isinstance(outcome, Failure):
                    counts["failed"] += 1
                    failures.append(str(outcome))
                    click.echo(f"whodid: {outcome}", err=True)
                else:
                    counts["coded"] += 1
                    counts["events"] += len(outcome.events)
                    coded.append(outcome)
            if store is not None and coded:
                store.write(coded)
            if writer is not None:
                writer.write(coded)
            progress.update(len(batch))
        if writer is not None:
            writer.close()
            writer = None
    finally:
        progress.close()
        if writer is not None:
            writer.abort()
        if store is not None:
            store.close()
    if not quiet:
        elapsed = time.monotonic() - started
        rate = counts["read"] / elapsed if elapsed else 0.0
        click.echo(
            f"whodid: read {counts['read']} articles, coded {counts['coded']}, "
            f"failed {counts['failed']}; {counts['events']} events written"
            f"{' to ' + db if db else ''} ({elapsed:.1f}s, {rate:.1f} articles/s)",
            err=True,
        )
        if failures:
            click.echo("failed inputs:\n  " + "\n  ".join(failures), err=True)
    sys.exit(1 if counts["failed"] else 0)


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(unit=" articles", desc="coding", file=sys.stderr, dynamic_ncols=True)


@main.command("events")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH",
              help="The DuckDB event store.")
@click.option("--root", help="CAMEO root code, e.g. 19 (fight) or 12 (reject).")
@click.option("--country", help="ISO alpha-3 country of the source or target, e.g. IRQ.")
@click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this date.")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def events_command(db: str, root: str | None, country: str | None, since: str | None,
                   until: str | None, limit: int, fmt: str) -> None:
    """Show stored events: who did what to whom, where and when.

    \b
    Examples:
      whodid events --db whodid.duckdb
      whodid events --root 19 --country IRQ --since 2014-06-01
    """
    import os

    from whodid.store import Store

    if not os.path.exists(db):
        raise click.ClickException(f"no event store at {db}; create one with "
                                   f"`whodid code INPUT... --db {db}`")
    try:
        with Store(db, read_only=True) as store:
            rows = store.events(root=root, country=country, since=since, until=until,
                                limit=limit)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["cameo"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        click.echo(format_events(rows))


def format_events(rows: list[dict]) -> str:
    """A readable who / what / whom / where / when table."""
    columns = [("when", 10), ("who", 24), ("did", 34), ("to whom", 22), ("where", 16),
               ("trigger", 22)]
    lines = ["  ".join(name.ljust(width) for name, width in columns),
             "  ".join("-" * width for _, width in columns)]
    for row in rows:
        who = _actor_label(row, "source")
        whom = _actor_label(row, "target")
        did = f"{row.get('cameo')} {(row.get('event_name') or '').lower()}"
        values = [str(row.get("event_date") or row.get("article_date") or ""), who, did, whom,
                  row.get("location_name") or "", row.get("trigger_text") or ""]
        lines.append("  ".join(_fit(v, w) for v, (_, w) in zip(values, columns, strict=True)))
    lines.append(f"({len(rows)} events)")
    return "\n".join(lines)


def _actor_label(row: dict, prefix: str) -> str:
    text = row.get(f"{prefix}_text")
    if not text:
        return ""
    code = row.get(f"{prefix}_code") or row.get(f"{prefix}_sector") or "?"
    return f"{code} {text}"


def _fit(value: str, width: int) -> str:
    value = " ".join(str(value).split())
    return value[: width - 1] + "…" if len(value) > width else value.ljust(width)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--actors", "actor_dictionaries", multiple=True, type=click.Path(exists=True),
              help="Actor/agent dictionaries to code with (e.g. PETRARCH's validation "
                   "dictionaries for its unit-test records).")
def eval_command(gold: str, as_json: bool, actor_dictionaries: tuple[str, ...]) -> None:
    """Score the coder on gold records (normalized PLOVER gold schema).

    \b
    Example:
      whodid eval ../shared/gold/plover_gsr/plover_gsr.normalized.jsonl
    """
    from whodid.evaluate import evaluate, format_table

    try:
        summary = evaluate(gold, actor_dictionaries=actor_dictionaries).summary()
    except (ValueError, KeyError) as error:
        raise click.ClickException(f"{gold}: {error}") from None
    click.echo(json.dumps(summary, indent=2) if as_json else format_table(summary))


@main.command("train")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Cross-validation folds for the reported accuracy.")
def train_command(folds: int) -> None:
    """Build the event classifier from the shipped example sentences, cache it, and report
    its cross-validated accuracy on those examples.

    \b
    Example:
      whodid train
    """
    from whodid.classifier import (
        cache_dir,
        cross_validate,
        default_classifier,
        read_examples,
        training_hash,
    )

    examples = read_examples()
    if not examples:
        raise click.ClickException("no training examples found in the package's "
                                   "data/training/events/")
    scores = cross_validate(examples, folds=folds)
    default_classifier()
    click.echo(f"examples {scores['examples']}, classes {scores['classes']}; "
               f"{folds}-fold accuracy {scores['accuracy']:.3f} "
               f"(root {scores['root_accuracy']:.3f})")
    model = cache_dir() / f"event-classifier-{training_hash()}.joblib"
    click.echo(f"model cached at {model}")
