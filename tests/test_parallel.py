"""Coding on several processes and on a Dask cluster gives the one-process results."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, SHARED
from whodid.cli import main
from whodid.parallel import code_dask, code_parallel
from whodid.pipeline import Failure
from whodid.readers import read_inputs

BBC = SHARED / "corpora" / "bbc-2004-2005" / "articles.jsonl"


def _as_json(outcomes) -> list[str]:
    return [f"FAILURE {o}" if isinstance(o, Failure)
            else json.dumps(o.to_dict(), ensure_ascii=False, sort_keys=True)
            for o in outcomes]


def _inputs(tmp_path: Path) -> list:
    """examples/*.txt, a missing file (a read error) in the middle, and 60 BBC articles."""
    examples = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    paths = examples[:3] + [str(tmp_path / "missing.txt")] + examples[3:]
    items = list(read_inputs(paths))
    if BBC.exists():
        with BBC.open(encoding="utf-8") as lines:
            prefix = tmp_path / "bbc.jsonl"
            prefix.write_text("".join(islice(lines, 60)), encoding="utf-8")
        items += list(read_inputs([str(prefix)]))
    return items


def test_two_workers_match_one_process(pipeline, tmp_path):
    items = _inputs(tmp_path)
    expected = _as_json(pipeline.run(items))
    assert sum(e.startswith("FAILURE") for e in expected) == 1
    assert "missing.txt" in next(e for e in expected if e.startswith("FAILURE"))
    # small chunks so that both workers get several, out of step
    got = _as_json(code_parallel(items, 2, chunk_size=8))
    assert got == expected


def test_one_worker_codes_in_process(pipeline):
    items = list(read_inputs([str(EXAMPLES)]))
    assert _as_json(code_parallel(items, 1)) == _as_json(pipeline.run(items))


def test_dead_worker_is_an_error_not_a_hang(pipeline):
    class Bomb:
        """Unpickling it in the worker kills the worker process."""

        def __reduce__(self):
            return (os._exit, (3,))

    items = list(read_inputs([str(EXAMPLES)]))[:2] + [Bomb()]
    started = time.monotonic()
    with pytest.raises(BrokenProcessPool):
        list(code_parallel(items, 2, chunk_size=1))
    assert time.monotonic() - started < 120


def test_cli_workers_output_identical(tmp_path):
    if not BBC.exists():
        pytest.skip(f"{BBC} is not here")
    with BBC.open(encoding="utf-8") as lines:
        prefix = tmp_path / "bbc.jsonl"
        prefix.write_text("".join(islice(lines, 40)), encoding="utf-8")
    runner = CliRunner()
    outs = {}
    for n in (1, 2):
        out = tmp_path / f"w{n}.jsonl"
        result = runner.invoke(main, ["code", str(prefix), str(EXAMPLES), "--workers", str(n),
                                      "--batch-size", "4", "--out", str(out), "-q"])
        assert result.exit_code == 0, result.output
        outs[n] = out.read_text(encoding="utf-8")
    assert outs[1] == outs[2]
    assert len(outs[1].splitlines()) == 40 + len(list(read_inputs([str(EXAMPLES)])))


def test_dask_local_cluster_matches_one_process(pipeline):
    pytest.importorskip("distributed")
    items = list(read_inputs(sorted(str(p) for p in EXAMPLES.glob("*.txt"))))
    expected = _as_json(pipeline.run(items))
    got = _as_json(code_dask(items, n_workers=2, chunk_size=2))
    assert sorted(got) == sorted(expected)
    assert got == expected  # gathered back in input order, too


def test_cli_dask_workers(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "dask.jsonl"
    result = CliRunner().invoke(main, ["code", str(EXAMPLES), "--dask-workers", "2",
                                       "--batch-size", "2", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    one = tmp_path / "one.jsonl"
    result = CliRunner().invoke(main, ["code", str(EXAMPLES), "--workers", "1",
                                       "--batch-size", "2", "--out", str(one), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(out.read_text().splitlines()) == sorted(one.read_text().splitlines())


def test_scheduler_and_dask_workers_exclusive():
    result = CliRunner().invoke(main, ["code", str(EXAMPLES), "--dask-workers", "2",
                                       "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "not both" in result.output


# --- Parquet shards ---------------------------------------------------------------------------

def _rows(table) -> list[str]:
    """The rows of an Arrow table, order aside."""
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in table.to_pylist())


def _shards_and_one_process(tmp_path: Path, *args: str):
    import pyarrow.parquet as pq

    runner = CliRunner()
    one = tmp_path / "one.parquet"
    result = runner.invoke(main, ["code", str(EXAMPLES), "--workers", "1", "--batch-size", "2",
                                  "--format", "parquet", "--out", str(one), "-q"])
    assert result.exit_code == 0, result.output
    shards = tmp_path / "shards"
    result = runner.invoke(main, ["code", str(EXAMPLES), "--batch-size", "2",
                                  "--parquet-dir", str(shards), *args])
    assert result.exit_code == 0, result.output
    return pq.read_table(one), shards, result.output


def test_dask_parquet_shards_equal_one_process(tmp_path):
    """A 2-worker LocalCluster writes one shard per partition whose union is the one-process
    Parquet output; with --db the store gets every article too."""
    pytest.importorskip("distributed")
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from whodid.store import Store

    db = tmp_path / "dask.duckdb"
    expected, shards, output = _shards_and_one_process(tmp_path, "--dask-workers", "2",
                                                       "--db", str(db))
    articles = list(read_inputs([str(EXAMPLES)]))
    n = len(articles)
    names = sorted(p.name for p in shards.iterdir())
    # partitions of 2 x --batch-size inputs, and no temporary file left behind
    assert names == [f"part-{i:06d}.parquet" for i in range(-(-n // 4))]
    for name in names:
        assert pq.read_table(shards / name).schema == expected.schema
    assert _rows(ds.dataset(shards).to_table()) == _rows(expected)
    assert f"{expected.num_rows} events written" in output
    with Store(db, read_only=True) as store:
        # the same story in two inputs is stored once
        assert store.counts()["articles"] == len({a.content_hash for a in articles})


def test_worker_shards_are_the_in_process_shards(tmp_path):
    """Shard i holds the same rows whoever codes it, and a rerun rewrites it in place."""
    import pyarrow.parquet as pq

    items = list(read_inputs([str(EXAMPLES)]))
    one, two = tmp_path / "one", tmp_path / "two"
    counted = list(code_parallel(items, 1, chunk_size=4, batch_size=2, shard_dir=one,
                                 keep_results=False))
    assert all(type(o).__name__ == "Sharded" for o in counted)
    list(code_parallel(items, 2, chunk_size=4, batch_size=2, shard_dir=two))
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) > 1
    for name in names:
        assert _rows(pq.read_table(one / name)) == _rows(pq.read_table(two / name))
    before = {name: pq.read_table(one / name) for name in names}
    list(code_parallel(items, 1, chunk_size=4, batch_size=2, shard_dir=one))
    assert sorted(p.name for p in one.iterdir()) == names
    assert all(pq.read_table(one / name).equals(before[name]) for name in names)
    assert sum(o.n_events for o in counted) == sum(t.num_rows for t in before.values())
