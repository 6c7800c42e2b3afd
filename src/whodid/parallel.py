"""Coding on several cores (:func:`code_parallel`) or a Dask cluster (:func:`code_dask`).

Both cut the input stream into chunks of whole ``nlp.pipe`` batches, code each chunk in a
worker process that builds its :class:`~whodid.pipeline.Pipeline` once, and yield the
results in input order -- the same results, in the same order, as ``Pipeline.run`` in one
process.  Read errors travel with their chunk and come out as Failures in their place.

At most a few chunks per worker are in flight, so memory stays bounded on any input size.

A chunk is also a *partition*: with ``shard_dir`` its events go to one Parquet shard
(``part-000042.parquet``), written atomically by the process that coded it, so a Dask
cluster can write its output without sending it back through the client.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from whodid.model import CodedArticle
from whodid.pipeline import Failure, Pipeline

__all__ = ["Sharded", "code_dask", "code_parallel", "default_workers", "worker_pipeline"]

#: Chunks per worker kept in flight (one being coded, the next ones queued).
IN_FLIGHT_PER_WORKER = 2
#: ``nlp.pipe`` batches per chunk.
BATCHES_PER_CHUNK = 2

Outcome = CodedArticle | Failure
Warnings = Callable[[list[str]], None]

_PIPELINES: dict[tuple, Pipeline] = {}


def default_workers() -> int:
    """Worker processes used by default: one per CPU, at least 1."""
    return max(1, os.cpu_count() or 1)


def _key(pipeline_kwargs: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v)
                        for k, v in pipeline_kwargs.items()))


def worker_pipeline(**pipeline_kwargs: Any) -> Pipeline:
    """The Pipeline of this process for these options, built once (model loaded once)."""
    key = _key(pipeline_kwargs)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        pipeline = _PIPELINES[key] = Pipeline(**pipeline_kwargs)
    return pipeline


def _exit_with_parent() -> None:
    """Run in each worker as it starts: exit as soon as the process that started it is gone.

    A worker blocks reading its task queue, whose write end it holds itself, so it would
    never see the end of the input if the parent died (kill -9, OOM killer): it would wait
    forever, holding its memory.  The parent's sentinel becomes ready when the parent exits.
    """
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="whodid-parent-watch", daemon=True).start()


@dataclass
class Sharded:
    """An article coded and written to a Parquet shard by the worker: what the caller needs
    to count it, when it asked for shards only (the coded article stays on the worker)."""

    id: str
    n_events: int


#: Where a chunk's shard goes: (directory, partition index, send the results back too).
Shard = tuple[str, int, bool]


def _code_chunk(chunk: list, pipeline_kwargs: dict[str, Any], shard: Shard | None = None
                ) -> tuple[list[str], list]:
    """Run in a worker: code one chunk; returns (dictionary warnings, outcomes in order).

    With ``shard``, the chunk's events are written to its Parquet shard here, and unless
    results are wanted back, coded articles come back as :class:`Sharded` counts.
    """
    pipeline = worker_pipeline(**pipeline_kwargs)
    outcomes: list = list(pipeline.run(chunk))
    if shard is not None:
        from whodid.writers import write_shard

        directory, index, keep = shard
        write_shard([o for o in outcomes if not isinstance(o, Failure)], directory, index)
        if not keep:
            outcomes = [o if isinstance(o, Failure) else Sharded(o.id, len(o.events))
                        for o in outcomes]
    return pipeline.dictionary_warnings, outcomes


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _chunk_size(pipeline_kwargs: dict[str, Any], chunk_size: int | None) -> int:
    batch = int(pipeline_kwargs.get("batch_size", 16))
    if chunk_size is None:
        return batch * BATCHES_PER_CHUNK
    # Whole batches, so that nlp.pipe sees the same batches as in one process.
    return max(1, -(-chunk_size // batch)) * batch


def _shard(shard_dir: str | None, index: int, keep: bool) -> Shard | None:
    return None if shard_dir is None else (shard_dir, index, keep)


def _ordered(submit: Callable[[int, list], Any],
             result: Callable[[Any], tuple[list[str], list]],
             chunks: Iterator[list], in_flight: int, on_warnings: Warnings | None
             ) -> Iterator[Outcome]:
    pending: deque = deque()
    warned = False
    for index, chunk in enumerate(chunks):
        pending.append(submit(index, chunk))
        while len(pending) >= in_flight:
            warnings, outcomes = result(pending.popleft())
            if not warned and on_warnings is not None:
                on_warnings(warnings)
            warned = True
            yield from outcomes
    while pending:
        warnings, outcomes = result(pending.popleft())
        if not warned and on_warnings is not None:
            on_warnings(warnings)
        warned = True
        yield from outcomes


def code_parallel(items: Iterable, workers: int | None = None, *, chunk_size: int | None = None,
                  on_warnings: Warnings | None = None, start_method: str = "spawn",
                  shard_dir: str | os.PathLike[str] | None = None, keep_results: bool = True,
                  **pipeline_kwargs: Any) -> Iterator[Outcome | Sharded]:
    """Code ``items`` (Articles and read errors) on ``workers`` processes, in input order.

    ``pipeline_kwargs`` are passed to :class:`~whodid.pipeline.Pipeline` in each worker
    (they must pickle: strings, numbers, tuples).  ``workers=1`` codes in this process.
    ``on_warnings`` is called once with the actor-dictionary warnings.  A worker that dies
    raises :class:`concurrent.futures.process.BrokenProcessPool`; errors building the
    pipeline (model not installed, bad lexicon) are raised as in one process.

    With ``shard_dir``, the events of partition *i* (input items ``i * size`` to
    ``(i + 1) * size``, ``size`` being the chunk size) are written to Parquet shard *i* in
    that directory by the process that coded them (:func:`whodid.writers.write_shard`);
    ``keep_results=False`` then yields :class:`Sharded` counts instead of coded articles.
    """
    workers = default_workers() if workers is None else max(1, int(workers))
    shards = None if shard_dir is None else os.path.abspath(shard_dir)
    if workers == 1 and shards is None:
        pipeline = worker_pipeline(**pipeline_kwargs)
        if on_warnings is not None:
            on_warnings(pipeline.dictionary_warnings)
        yield from pipeline.run(items)
        return
    size = _chunk_size(pipeline_kwargs, chunk_size)
    if workers == 1:  # shards, coded here
        yield from _ordered(
            lambda index, chunk: _code_chunk(chunk, pipeline_kwargs,
                                             _shard(shards, index, keep_results)),
            lambda done: done, _chunks(items, size), 1, on_warnings)
        return
    context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_exit_with_parent) as pool:
        try:
            yield from _ordered(
                lambda index, chunk: pool.submit(_code_chunk, chunk, pipeline_kwargs,
                                                 _shard(shards, index, keep_results)),
                lambda future: future.result(), _chunks(items, size),
                workers * IN_FLIGHT_PER_WORKER, on_warnings)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def code_dask(items: Iterable, scheduler: str | None = None, n_workers: int = 2, *,
              chunk_size: int | None = None, on_warnings: Warnings | None = None,
              client: Any = None, shard_dir: str | os.PathLike[str] | None = None,
              keep_results: bool = True, **pipeline_kwargs: Any
              ) -> Iterator[Outcome | Sharded]:
    """Code ``items`` on a Dask ``distributed`` cluster, yielding results in input order.

    ``scheduler`` is the address of a running scheduler (``tcp://HOST:8786``); without it a
    LocalCluster of ``n_workers`` single-threaded worker processes is started and stopped
    here.  An existing ``client`` may be passed instead.  Each worker loads the model once
    (:func:`worker_pipeline`); whodid (same version, same model) must be installed on every
    worker.  The client keeps a bounded number of partitions in flight; the caller writes
    the results it gets back (JSON Lines, Parquet, the store).

    With ``shard_dir`` each worker writes the events of the partitions it codes to Parquet
    shards there, as :func:`code_parallel` does; on a real cluster the directory must be on
    a file system every worker and the client share.  ``keep_results=False`` keeps the coded
    articles on the workers (only :class:`Sharded` counts and Failures travel back).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency
        raise RuntimeError("Dask is not installed: pip install 'distributed==2026.8.0'") from None
    size = _chunk_size(pipeline_kwargs, chunk_size)
    cluster = None
    own_client = client is None
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=max(1, n_workers), threads_per_worker=1,
                                   processes=True, dashboard_address=None,
                                   memory_limit=0)
            client = Client(cluster)
    shards = None if shard_dir is None else os.path.abspath(shard_dir)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or n_workers)
        yield from _ordered(
            lambda index, chunk: client.submit(_code_chunk, chunk, pipeline_kwargs,
                                               _shard(shards, index, keep_results), pure=False),
            lambda future: future.result(), _chunks(items, size),
            n * IN_FLIGHT_PER_WORKER, on_warnings)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
