"""The ``whodid`` command line: a thin shell over the Python API.

    whodid code ARTICLES... [--out FILE] [--format jsonl|csv|parquet|gdelt] [--db whodid.duckdb]
    whodid events --db whodid.duckdb [--root 19] [--country IRQ] [--since 2014-06-01] [--dedup]
    whodid dyads --by week|month [--source IRN --target USA]
    whodid stats | export --format gdelt|phoenix|plover|csv|parquet --out PATH
    whodid plot dyad IRN USA --out f.png | plot map --out map.png
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
@click.option("--encoding", default="utf-8", show_default=True, metavar="NAME",
              help="The text encoding of plain text, JSON Lines and CSV inputs that are not "
                   "UTF-8 (latin-1, windows-1252, utf-16...); HTML and feeds say their own.")
@click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True),
              help="Extra lexicon YAML adding or overriding event entries (repeatable).")
@click.option("--actors", "actor_dictionaries", multiple=True, type=click.Path(exists=True),
              help="Your own actor/agent dictionary (PETRARCH .actors/.agents, CSV or YAML); "
                   "its entries override the built-in knowledge base (repeatable).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop events coded with less confidence.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=BATCH_SIZE,
              show_default=True, help="Articles parsed and stored per batch.")
@click.option("--time-budget", type=click.FloatRange(min=0.1), default=120.0,
              show_default=True, metavar="SECONDS",
              help="Give up an article whose coding (after the parse) takes longer, with a "
                   "message naming it: it is stopped inside the slow stage, not after it; "
                   "the rest of the batch goes on. Articles over 200,000 characters are coded "
                   "up to there (metadata.truncated_at), as the server codes them.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes coding in parallel (default: one per CPU); 1 codes in "
                   "this process. The output is the same, in the same order.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Code on this Dask distributed cluster (see docs/performance.md).")
@click.option("--dask-workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Code on a local Dask cluster of N worker processes.")
@click.option("--parquet-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Also write the events as Parquet shards in DIR, one per partition of "
                   "2 x --batch-size inputs (part-000000.parquet, ...), each written "
                   "atomically by the process or Dask worker that coded it. With "
                   "--parquet-dir and no --out, nothing is printed but the summary.")
@click.option("--resume", is_flag=True,
              help="Skip the articles already in the --db store (same id and text, coded by "
                   "this whodid version): rerun a killed or interrupted run with --resume to "
                   "code only what it had not stored. Not with --out or --parquet-dir, which "
                   "would miss the skipped articles.")
def code_command(inputs: tuple[str, ...], out: str | None, fmt: str, db: str | None,
                 default_date: str | None, text_column: str, lexicon_files: tuple[str, ...],
                 actor_dictionaries: tuple[str, ...], min_confidence: float, batch_size: int,
                 quiet: bool, workers: int | None, scheduler: str | None,
                 dask_workers: int | None, parquet_dir: str | None, resume: bool,
                 time_budget: float, encoding: str) -> None:
    """Code news articles into events.

    INPUT is a file (plain text with the headline on line 1, JSON Lines, HTML, RSS/Atom,
    CSV), a directory (read recursively), a .gz file, or - for stdin.

    \b
    Examples:
      whodid code examples/
      whodid code news.jsonl --db whodid.duckdb
      whodid code feed.xml --format csv --out events.csv
      cat story.txt | whodid code - --date 2014-06-18
      whodid code news/ --workers 2 --db whodid.duckdb
      whodid code news/ --scheduler tcp://10.0.0.5:8786 --db whodid.duckdb
      whodid code news/ --dask-workers 2 --parquet-dir events-parquet/
      whodid code news/ --db whodid.duckdb --resume     # after a crash: only what is missing
    """
    from itertools import chain, islice

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
    from whodid.parallel import (
        BATCHES_PER_CHUNK,
        Sharded,
        code_dask,
        code_parallel,
        default_workers,
    )

    if scheduler and dask_workers:
        raise click.UsageError("use --scheduler or --dask-workers, not both")
    if resume and not db:
        raise click.UsageError("--resume skips the articles already in the store: give --db")
    if resume and (out or parquet_dir):
        raise click.UsageError("--resume skips the articles already in the store, so --out "
                               "and --parquet-dir would miss them; rerun those without it")
    pipeline_kwargs = {"lexicon_files": lexicon_files, "batch_size": batch_size,
                       "min_confidence": min_confidence,
                       "actor_dictionaries": actor_dictionaries, "time_budget": time_budget}
    workers = default_workers() if workers is None else workers
    distributed = bool(scheduler or dask_workers)

    def warn(warnings: list[str]) -> None:
        for warning in warnings:
            click.echo(f"whodid: warning: {warning}", err=True)

    counts: Counter[str] = Counter()
    from whodid.readers import text_encoding

    try:
        encoding = text_encoding(encoding)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--encoding") from None
    try:
        items = read_inputs(inputs, text_column=text_column, default_date=default_date,
                            encoding=encoding)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--date") from None
    # Opened before reading when resuming: the reader's stream is filtered against it.
    store = Store(db) if db and resume else None
    if store is not None:
        items = _unstored(items, store, batch_size, counts)
    # Fewer articles than one parallel chunk: coding here beats starting worker processes.
    chunk = batch_size * BATCHES_PER_CHUNK
    head = list(islice(items, chunk)) if workers > 1 and not distributed else []
    in_process = not distributed and (workers == 1 or len(head) < chunk)
    # Shards only: the coded articles need not travel back from the workers.
    shards = {"shard_dir": parquet_dir, "keep_results": bool(out or db)} if parquet_dir else {}
    if in_process and not parquet_dir:
        try:
            pipeline = Pipeline(**pipeline_kwargs)
        except (ModelNotInstalled, LexiconError, DictionaryError) as error:
            raise click.ClickException(str(error)) from None
        warn(pipeline.dictionary_warnings)
        outcomes = pipeline.run(chain(head, items))
    elif distributed:
        outcomes = code_dask(items, scheduler=scheduler, n_workers=dask_workers or 2,
                             on_warnings=warn, **shards, **pipeline_kwargs)
    else:
        outcomes = code_parallel(chain(head, items), 1 if in_process else workers,
                                 on_warnings=warn, **shards, **pipeline_kwargs)

    writer = open_writer(fmt, out) if (out or not (db or parquet_dir)) else None
    if db and store is None:
        store = Store(db)
    failures: list[str] = []
    started = time.monotonic()
    progress = _progress(quiet)
    try:
        for batch in _batches(outcomes, batch_size):
            coded = []
            for outcome in batch:
                counts["read"] += 1
                if isinstance(outcome, Failure):
                    counts["failed"] += 1
                    failures.append(str(outcome))
                    click.echo(f"whodid: {outcome}", err=True)
                elif isinstance(outcome, Sharded):  # in its shard already
                    counts["coded"] += 1
                    counts["events"] += outcome.n_events
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
    except (ModelNotInstalled, LexiconError, DictionaryError) as error:  # raised by a worker
        raise click.ClickException(str(error)) from None
    finally:
        progress.close()
        if writer is not None:
            writer.abort()
        if store is not None:
            store.close()
    if not quiet:
        places = [db] if db else []
        places += [f"Parquet shards in {parquet_dir}"] if parquet_dir else []
        click.echo(_summary(counts, time.monotonic() - started, places), err=True)
        if resume:
            click.echo(f"whodid: skipped {_plural(counts['skipped'], 'article')} already stored",
                       err=True)
        if failures:
            click.echo("failed inputs:\n  " + "\n  ".join(failures), err=True)
    sys.exit(1 if counts["failed"] else 0)


@main.command("watch")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False), metavar="[DIR]...")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS/Atom feed to poll; its linked pages are fetched and coded "
                   "(repeatable).")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH",
              help="The event store the results go to.")
@click.option("--state", "state_path", default=None, metavar="PATH",
              help="Where processed files, feed ETags and seen URLs are remembered "
                   "(default: DB.watch.json).")
@click.option("--interval", type=click.FloatRange(1, 86_400), default=60.0, show_default=True,
              help="Seconds between polls (feeds back off up to an hour after errors).")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=20.0, show_default=True,
              help="Seconds per HTTP request.")
def watch_command(directories: tuple[str, ...], feeds: tuple[str, ...], db: str,
                  state_path: str | None, interval: float, once: bool, timeout: float) -> None:
    """Code new files in DIR and new articles in feeds as they appear, into the store.

    \b
    Examples:
      whodid watch incoming/ --db whodid.duckdb
      whodid watch --feed https://example.org/rss.xml --interval 300
      whodid watch incoming/ --once
    """
    import contextlib

    from whodid.nlp import ModelNotInstalled
    from whodid.pipeline import Pipeline
    from whodid.store import Store
    from whodid.watch import Watcher

    if not directories and not feeds:
        raise click.UsageError("give a directory to watch, or --feed URL")
    try:
        pipeline = Pipeline()
    except ModelNotInstalled as error:
        raise click.ClickException(str(error)) from None
    with Store(db) as store:
        try:
            watcher = Watcher(store, pipeline, state_path or f"{db}.watch.json",
                              directories=directories, feeds=feeds, interval=interval,
                              timeout=timeout, log=lambda m: click.echo(m, err=True))
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        with contextlib.suppress(KeyboardInterrupt):
            watcher.run(once=once)
    c = watcher.counts
    click.echo(f"whodid: coded {_plural(c['coded'], 'article')} "
               f"({_plural(c['events'], 'event')}), failed {c['failed']}, skipped "
               f"{_plural(c['skipped'], 'duplicate')}", err=True)


def _plural(n: int, noun: str) -> str:
    """ "1 article", "0 articles", "2 articles". """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary(counts: Counter[str], elapsed: float, places: list[str]) -> str:
    """The line ``whodid code`` ends with: what was read, coded and failed, and the rate
    only when something was coded (a failed file read in a millisecond is no speed)."""
    written = f"{_plural(counts['events'], 'event')} written"
    if places:
        written += " to " + " and ".join(places)
    timing = f"{elapsed:.1f}s"
    if counts["coded"] and elapsed > 0:
        timing += f", {counts['coded'] / elapsed:.1f} articles/s"
    return (f"whodid: read {_plural(counts['read'], 'article')}, coded {counts['coded']}, "
            f"failed {counts['failed']}; {written} ({timing})")


def _unstored(items: Iterator, store, size: int, counts: Counter[str]) -> Iterator:
    """``items`` without the articles ``store`` holds already (same id and content, coded by
    this version), looked up a batch at a time; counts them as "skipped"."""
    from whodid.model import Article

    for group in _batches(items, size):
        keys = [(item.id, item.content_hash) for item in group if isinstance(item, Article)]
        done = store.stored(keys, __version__)
        for item in group:
            if isinstance(item, Article) and (item.id, item.content_hash) in done:
                counts["skipped"] += 1
            else:
                yield item


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


def _open_store(db: str):
    """The store at ``db`` opened read-only (upgrading an older schema first), or a usage error."""
    import os

    from whodid.store import SchemaError, open_for_reading

    if not os.path.exists(db):
        raise click.ClickException(f"no event store at {db}; create one with "
                                   f"`whodid code INPUT... --db {db}`")
    try:
        return open_for_reading(db)
    except SchemaError as error:
        raise click.ClickException(str(error)) from None


def _floats(value: str | None, n: int, name: str) -> tuple[float, ...] | None:
    from whodid.store import parse_numbers

    try:
        return parse_numbers(value, n)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=name) from None


def _echo_rows(rows: list[dict], fmt: str, table) -> None:
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["cameo"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        click.echo(table(rows))


@main.command("events")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH",
              help="The DuckDB event store.")
@click.option("--since", "--from", "since", metavar="YYYY-MM-DD",
              help="Events on or after this date.")
@click.option("--until", "--to", "until", metavar="YYYY-MM-DD",
              help="Events on or before this date.")
@click.option("--actor", help="Source or target actor: a code prefix (IRN, IRNMIL) or text "
                              "in the mention or name (\"army\").")
@click.option("--source", "source_actor", help="Source actor, as --actor.")
@click.option("--target", "target_actor", help="Target actor, as --actor.")
@click.option("--country", help="ISO alpha-3 country of the source or target, e.g. IRQ.")
@click.option("--sector", help="Source or target sector (CAMEO role), e.g. MIL, GOV.")
@click.option("--root", help="CAMEO root code, e.g. 19 (fight) or 12 (reject).")
@click.option("--cameo", help="CAMEO code or prefix, e.g. 173 or 0311.")
@click.option("--quad", "quad_class", type=click.IntRange(1, 4), multiple=True,
              help="Quad class 1-4 (repeatable).")
@click.option("--bbox", metavar="MINLON,MINLAT,MAXLON,MAXLAT",
              help="Events located inside this box.")
@click.option("--near", metavar="LAT,LON", help="Events within --radius-km of this point.")
@click.option("--radius-km", type=click.FloatRange(min=0), default=50.0, show_default=True,
              help="Radius for --near.")
@click.option("--text", help="Text in the trigger, actor or place mentions, title or sentence.")
@click.option("--dedup", is_flag=True,
              help="List deduplicated events (with num_articles/num_sources/num_mentions).")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def events_command(db: str, since: str | None, until: str | None, actor: str | None,
                   source_actor: str | None, target_actor: str | None, country: str | None,
                   sector: str | None, root: str | None, cameo: str | None,
                   quad_class: tuple[int, ...], bbox: str | None, near: str | None,
                   radius_km: float, text: str | None, dedup: bool, limit: int,
                   fmt: str) -> None:
    """Show stored events: who did what to whom, where and when.

    \b
    Examples:
      whodid events --db whodid.duckdb
      whodid events --root 19 --country IRQ --since 2014-06-01
      whodid events --actor IRNMIL --near 33.3,44.4 --radius-km 100 --format csv
      whodid events --dedup --from 2024-03-01 --to 2024-03-31
    """
    filters = {
        "actor": actor, "source_actor": source_actor, "target_actor": target_actor,
        "sector": sector, "cameo": cameo, "quad_class": list(quad_class) or None,
        "bbox": _floats(bbox, 4, "--bbox"), "text": text,
    }
    point = _floats(near, 2, "--near")
    if point is not None:
        filters.update(near=point, radius_km=radius_km)
    from whodid.store import FilterError

    with _open_store(db) as store:
        try:
            rows = store.events(root=root, country=country, since=since, until=until,
                                limit=limit, dedup=dedup,
                                **{k: v for k, v in filters.items() if v is not None})
        except FilterError as error:
            raise click.BadParameter(error.message, param_hint=f"--{error.name}") from None
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    _echo_rows(rows, fmt, format_events)


@main.command("dyads")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="week",
              show_default=True, help="The period.")
@click.option("--from", "--since", "since", metavar="YYYY-MM-DD", help="First event date.")
@click.option("--to", "--until", "until", metavar="YYYY-MM-DD", help="Last event date.")
@click.option("--source", "source_country", metavar="ISO3", help="Source country.")
@click.option("--target", "target_country", metavar="ISO3", help="Target country.")
@click.option("--dedup", is_flag=True, help="Count deduplicated events, not mentions.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def dyads_command(db: str, by: str, since: str | None, until: str | None,
                  source_country: str | None, target_country: str | None, dedup: bool,
                  fmt: str) -> None:
    """Events per directed dyad (source country -> target country) and period: counts per
    quad class, and the sum and mean of Goldstein scores.

    \b
    Examples:
      whodid dyads --by month
      whodid dyads --by week --source IRN --target USA --format csv > irn-usa.csv
    """
    with _open_store(db) as store:
        try:
            rows = store.dyads(by, since=since, until=until, source_country=source_country,
                               target_country=target_country, dedup=dedup)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    _echo_rows(rows, fmt, format_dyads)


def format_dyads(rows: list[dict]) -> str:
    """A plain table of dyad rows."""
    header = ("period", "source", "target", "events", "q1", "q2", "q3", "q4", "gold.sum",
              "gold.mean")
    lines = ["{:<10} {:<6} {:<6} {:>7} {:>5} {:>5} {:>5} {:>5} {:>9} {:>9}".format(*header)]
    for r in rows:
        lines.append(
            f"{r['period']:<10} {r['source_country']:<6} {r['target_country']:<6} "
            f"{r['events']:>7} {r['q1']:>5} {r['q2']:>5} {r['q3']:>5} {r['q4']:>5} "
            f"{r['goldstein_sum']:>9.1f} {r['goldstein_mean']:>9.2f}"
        )
    lines.append(f"({_plural(len(rows), 'row')})")
    return "\n".join(lines)


@main.command("stats")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many dyads to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def stats_command(db: str, top: int, as_json: bool) -> None:
    """Summarize an event store: articles, events, dates, top dyads, roots, quad classes."""
    with _open_store(db) as store:
        summary = store.stats(top=top)
    if as_json:
        click.echo(json.dumps(summary, indent=2, default=str))
        return
    counts = summary["counts"]
    lines = [
        f"{summary['path']} (schema {summary['schema_version']}, dedup radius "
        f"{summary['dedup_radius_km']:g} km)",
        "  " + ", ".join(f"{n} {table}" for table, n in counts.items()),
        f"  {_plural(summary['dedup_events'], 'deduplicated event')} from "
        f"{_plural(summary['publishers'], 'publisher')}",
        f"  event dates {summary['event_dates'][0]} .. {summary['event_dates'][1]} "
        f"({summary['dated_events']} dated); "
        f"article dates {summary['article_dates'][0]} .. {summary['article_dates'][1]}",
        "  coder versions: " + ", ".join(f"{v} ({n})"
                                         for v, n in summary["coder_versions"].items()),
        "  top dyads:",
    ]
    for row in summary["top_dyads"]:
        lines.append(f"    {row['source_country']} -> {row['target_country']}: "
                     f"{_plural(row['events'], 'event')}, mean Goldstein "
                     f"{row['goldstein_mean']:.2f}")
    lines.append("  events per root: " + ", ".join(f"{r}: {n}"
                                                   for r, n in summary["roots"].items()))
    lines.append("  events per quad class: " + ", ".join(
        f"{q}: {n}" for q, n in summary["quad_classes"].items()))
    click.echo("\n".join(lines))


@main.command("export")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH")
@click.option("--format", "fmt",
              type=click.Choice(["gdelt", "phoenix", "plover", "csv", "parquet"]),
              required=True, help="gdelt: GDELT 2.0 event table; phoenix: Phoenix TSV; "
                                  "plover: PLOVER/POLECAT-style JSON Lines; csv: one row per "
                                  "mention; parquet: a directory partitioned by month.")
@click.option("--out", "-o", required=True, metavar="PATH",
              help="Output file (- for stdout: gdelt, phoenix, plover), or directory (parquet).")
def export_command(db: str, fmt: str, out: str) -> None:
    """Export a store in the layout of the field's data sets (see docs/store.md).

    \b
    Examples:
      whodid export --db whodid.duckdb --format gdelt --out events.gdelt.tsv
      whodid export --format parquet --out events-parquet/
    """
    from whodid.exports import export

    with _open_store(db) as store:
        try:
            n = export(store, fmt, out)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    if out != "-":
        click.echo(f"whodid: wrote {_plural(n, 'row')} to {out}", err=True)


@main.group("plot")
def plot_group() -> None:
    """Draw a store's events: a dyad's time series, or a map of event locations."""


@plot_group.command("dyad")
@click.argument("source")
@click.argument("target")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH")
@click.option("--out", "-o", required=True, metavar="FILE.png|FILE.svg")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="week",
              show_default=True)
@click.option("--from", "--since", "since", metavar="YYYY-MM-DD")
@click.option("--to", "--until", "until", metavar="YYYY-MM-DD")
@click.option("--dedup", is_flag=True, help="Count deduplicated events, not mentions.")
def plot_dyad_command(source: str, target: str, db: str, out: str, by: str,
                      since: str | None, until: str | None, dedup: bool) -> None:
    """Goldstein and quad-class counts over time for SOURCE -> TARGET (ISO alpha-3).

    \b
    Example:
      whodid plot dyad IRN USA --db whodid.duckdb --out irn-usa.png
    """
    from whodid.plots import plot_dyad

    with _open_store(db) as store:
        try:
            n = plot_dyad(store, source, target, out, by=by, since=since, until=until,
                          dedup=dedup)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"whodid: plotted {n} {by}s of {source} -> {target} to {out}", err=True)


@plot_group.command("map")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH")
@click.option("--out", "-o", required=True, metavar="FILE.png|FILE.svg")
@click.option("--from", "--since", "since", metavar="YYYY-MM-DD")
@click.option("--to", "--until", "until", metavar="YYYY-MM-DD")
@click.option("--root", help="Only this CAMEO root.")
def plot_map_command(db: str, out: str, since: str | None, until: str | None,
                     root: str | None) -> None:
    """A map of event locations (drawn offline over the world's cities).

    \b
    Example:
      whodid plot map --db whodid.duckdb --out map.png
    """
    from whodid.plots import plot_map

    with _open_store(db) as store:
        try:
            n = plot_map(store, out, since=since, until=until, root=root)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"whodid: plotted {_plural(n, 'located event')} to {out}", err=True)


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
    lines.append(f"({_plural(len(rows), 'event')})")
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
@click.option("--half", type=click.Choice(["tune", "check", "all"]), default="all",
              show_default=True,
              help="Score the tune half (records at even positions), the check half (odd "
                   "positions) or all. Read errors on the tune half; report the check half.")
@click.option("--errors", is_flag=True,
              help="Also print each record scored wrong (tune half only, so the check half "
                   "stays unseen).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--actors", "actor_dictionaries", multiple=True, type=click.Path(exists=True),
              help="Actor/agent dictionaries to code with (e.g. PETRARCH's validation "
                   "dictionaries for its unit-test records).")
@click.option("--sources-only", is_flag=True,
              help="Score parties the annotators marked both source and target (SRC/TAR) as "
                   "sources without a target, as the normalized file lists them, instead of "
                   "as the dyads they mark.")
def eval_command(gold: str, half: str, errors: bool, as_json: bool,
                 actor_dictionaries: tuple[str, ...], sources_only: bool) -> None:
    """Score the coder on gold records.

    Two kinds of gold file are read, one JSON record a line: records with coded events
    (the normalized PLOVER gold schema, PETRARCH unit tests), scored on event category,
    source/target countries and (source, target, category) triples; and ConfliBERT-style
    records ({id, text, penta?, source_spans?, target_spans?}), scored on the main event's
    penta class (macro-F1), coverage (share of sentences with an event) and the dyad span
    measure.

    \b
    Examples:
      whodid eval ../shared/gold/plover_gsr/plover_gsr.normalized.jsonl --half check
      whodid eval ../shared/gold/conflibert_dev/conflibert_dev.jsonl --half check
      whodid eval ../shared/gold/conflibert_dev/conflibert_dev.jsonl --half tune --errors
    """
    from whodid.evaluate import (
        PentaScores,
        evaluate,
        format_failures,
        format_penta_table,
        format_table,
    )

    if errors and half != "tune":
        raise click.UsageError("--errors shows the tune half only: add --half tune (the "
                               "check half's errors stay unread, so its figures stay honest)")
    try:
        scores = evaluate(gold, actor_dictionaries=actor_dictionaries,
                          read_markup=not sources_only, half=half)
    except (ValueError, KeyError) as error:
        raise click.ClickException(f"{gold}: {error}") from None
    summary = dict(scores.summary(), half=half)
    if errors:
        summary["errors"] = scores.failures
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    table = format_penta_table if isinstance(scores, PentaScores) else format_table
    click.echo(f"half                         {half}\n{table(summary)}")
    if errors:
        click.echo("\n" + format_failures(scores.failures))


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
        heldout_accuracy,
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
    heldout = heldout_accuracy()
    if heldout is not None:
        click.echo(f"held-out sentences {heldout['examples']} (never trained on): accuracy "
                   f"{heldout['accuracy']:.3f} (root {heldout['root_accuracy']:.3f})")
    model = cache_dir() / f"event-classifier-{training_hash()}.joblib"
    click.echo(f"model cached at {model}")


@main.command("serve")
@click.option("--db", default="whodid.duckdb", show_default=True, metavar="PATH",
              help="The DuckDB event store (created if absent, unless --read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="WHODID_TOKEN", default=None, metavar="TOKEN",
              help="Bearer token required by write endpoints (env WHODID_TOKEN).")
@click.option("--read-only", is_flag=True, help="Open the store read-only (no POST /v1/articles).")
@click.option("--max-body-mb", type=click.FloatRange(min=0.001), default=5.0, show_default=True,
              help="Largest request body accepted (larger gets 413).")
@click.option("--max-code-mb", type=click.FloatRange(min=0.001), default=1.0, show_default=True,
              help="Largest POST /v1/code body (larger gets 413; at most --max-body-mb). "
                   "Only an article's first 200,000 characters are coded.")
@click.option("--code-timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, metavar="SECONDS",
              help="Longest a POST /v1/code may take, waiting included (longer gets 504).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Allow cross-origin requests from this origin (repeatable; default none).")
def serve_command(db: str, host: str, port: int, token: str | None, read_only: bool,
                  max_body_mb: float, max_code_mb: float, code_timeout: float,
                  cors_origins: tuple[str, ...]) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web dashboard (at /) over the store.

    POST /v1/code is coded in two lanes, each a thread with a pipeline of its own: texts up
    to 20,000 characters in one, longer ones in the other, so a large article does not hold
    up short ones.

    \b
    Examples:
      whodid serve --db whodid.duckdb                 # http://127.0.0.1:8000/
      WHODID_TOKEN=s3cret whodid serve --host 0.0.0.0 --port 8080
    """
    import os

    from whodid.server import serve

    if read_only and not os.path.exists(db):
        raise click.ClickException(f"no event store at {db}")
    try:
        serve(db, host=host, port=port, token=token, read_only=read_only,
              max_body=int(max_body_mb * 1024 * 1024),
              max_code_body=int(max_code_mb * 1024 * 1024), code_timeout=code_timeout,
              cors_origins=cors_origins)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
