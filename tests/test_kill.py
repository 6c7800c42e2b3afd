"""kill -9 of `whodid code --db` and of `whodid watch` at a random point, then the same command
again: every article is in the store exactly once, and the store opens.

The commands run in their own process group (so that a test failure never leaves workers
behind); the kill itself goes to the command's process only, as ``kill -9 PID`` would.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from whodid.store import TABLES, Store

#: Seconds a command may run before the test calls it a hang.
HANG = 600
#: The kill lands this many seconds (drawn at random) after the first sign of progress.
KILL_WINDOW = 3.0

COUNTRIES = ["Iran", "Iraq", "Turkey", "Egypt", "Kenya", "Peru", "Chile", "Japan", "China",
             "France", "Germany", "Brazil", "India", "Russia", "Israel", "Syria"]
VERBS = ["rejected the offer from", "criticized", "met with officials from",
         "accused", "signed an agreement with", "sent aid to"]


def _seed() -> int:
    """A fresh seed per run (``WHODID_KILL_SEED`` repeats one), shown in failure messages."""
    return int(os.environ.get("WHODID_KILL_SEED") or random.SystemRandom().randrange(10**6))


def _story(i: int) -> tuple[str, str]:
    """A short article of its own (distinct text, so a distinct content hash)."""
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
    if a == b:
        b = "Spain"
    title = f"{a} and {b}, report {i}"
    text = (f"{a} {VERBS[i % len(VERBS)]} {b} on Tuesday, officials said in report {i}. "
            f"The talks will continue next week.")
    return title, text


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "whodid", *args]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    try:
        return subprocess.Popen(args, stdout=handle, stderr=handle, start_new_session=True)
    finally:
        handle.close()


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen, what: str,
              log: Path) -> None:
    deadline = time.monotonic() + HANG
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the command ended (exit {proc.returncode}) before {what}:\n"
                        + log.read_text(errors="replace")[-3000:])
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} in {HANG} s")
        time.sleep(0.05)


def _kill(proc: subprocess.Popen) -> None:
    """kill -9 the command's own process, then wait for its worker processes to go too."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.returncode == 0:
        pytest.skip("the command finished just before the kill; nothing to test")
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 120
    while _group_alive(proc.pid):
        if time.monotonic() > deadline:
            pytest.fail("worker processes outlived the killed command by two minutes")
        time.sleep(0.2)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _cleanup(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=30)


def _check_store(db: Path, expected: dict[str, str]) -> None:
    """The store opens, holds exactly the ``expected`` id -> content hash, and is consistent."""
    with Store(db, read_only=True) as store:
        con = store.con
        rows = con.execute("SELECT id, content_hash FROM articles").fetchall()
        ids = [row[0] for row in rows]
        assert len(ids) == len(set(ids)), "an article is stored twice"
        missing = sorted(set(expected) - set(ids))
        assert not missing, f"{len(missing)} articles lost, e.g. {missing[:3]}"
        assert dict(rows) == expected
        for table in TABLES[1:]:
            orphans = con.execute(f"SELECT count(*) FROM {table} t ANTI JOIN articles a "
                                  "ON a.id = t.article_id").fetchone()
            assert orphans == (0,), table
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] >= len(expected) // 2


# --------------------------------------------------------------------------- whodid code


def _kill_when(proc, ready, what: str, log: Path, rng: random.Random, seed: int) -> None:
    """Wait until ``ready()``, then SIGKILL the run at a random point of the kill window."""
    try:
        _wait_for(ready, proc, what, log)
        time.sleep(rng.uniform(0, KILL_WINDOW))
        if proc.poll() is not None:
            pytest.skip(f"the run finished before the kill (seed {seed}); nothing to test")
        _kill(proc)
    finally:
        _cleanup(proc)


def _news_file(tmp_path: Path, n: int) -> tuple[Path, dict[str, str]]:
    """n stories as JSON Lines, and each story's id -> content hash as the reader sees it."""
    from whodid.readers import read_inputs

    news = tmp_path / "news.jsonl"
    with news.open("w", encoding="utf-8") as handle:
        for i in range(n):
            title, text = _story(i)
            handle.write(json.dumps({"id": f"story-{i}", "title": title, "text": text,
                                     "date": "2024-05-07"}) + "\n")
    return news, {a.id: a.content_hash for a in read_inputs([str(news)])}


@pytest.mark.parametrize("workers", [1, 2])
def test_kill_code_then_rerun(tmp_path, workers):
    seed = _seed()
    rng = random.Random(seed)
    n = 600
    news, expected = _news_file(tmp_path, n)
    db, out, log = tmp_path / "news.duckdb", tmp_path / "out.jsonl", tmp_path / "log.txt"
    args = _command("code", str(news), "--db", str(db), "--out", str(out), "--batch-size", "8",
                    "--workers", str(workers), "-q")
    proc = _start(args, log)
    # The output is written after each batch is committed: output means stored articles.
    _kill_when(proc, lambda: any(p.stat().st_size for p in tmp_path.glob("out.jsonl*")),
               "output", log, rng, seed)
    with Store(db) as store:  # opens (the WAL is replayed) and holds whole batches
        stored = store.counts()["articles"]
    assert 0 < stored < n, f"seed {seed}"
    # the partial output is a temporary file: no half-written out.jsonl looks complete
    assert not out.exists()

    rerun = subprocess.run(args, capture_output=True, text=True, timeout=HANG)
    assert rerun.returncode == 0, rerun.stderr
    _check_store(db, expected)
    lines = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(lines) == sorted(expected), f"seed {seed}"
    assert not list(tmp_path.glob("out.jsonl.*")), "a temporary output file was left"


def test_kill_code_then_resume(tmp_path):
    """With --resume the rerun codes only what the killed run had not stored."""
    seed = _seed()
    rng = random.Random(seed)
    n = 600
    news, expected = _news_file(tmp_path, n)
    db, log = tmp_path / "news.duckdb", tmp_path / "log.txt"
    Store(db).close()  # an empty store: from now on the write-ahead log grows only by batches
    wal = Path(f"{db}.wal")
    args = _command("code", str(news), "--db", str(db), "--resume", "--batch-size", "8",
                    "--workers", "2")
    proc = _start(args, log)
    _kill_when(proc, lambda: wal.exists() and wal.stat().st_size > 0, "a stored batch", log,
               rng, seed)
    with Store(db) as store:
        stored = store.counts()["articles"]
    assert 0 < stored < n, f"seed {seed}"

    rerun = subprocess.run(args, capture_output=True, text=True, timeout=HANG)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {stored} article{'' if stored == 1 else 's'} already stored" in rerun.stderr
    assert f"coded {n - stored}," in rerun.stderr
    _check_store(db, expected)


# --------------------------------------------------------------------------- whodid watch


def _drop(inbox: Path, i: int) -> str:
    """Write story ``i`` into the inbox the way a well-behaved producer does: under a hidden
    name first, then renamed (the watcher never reads half a file)."""
    title, text = _story(i)
    name = f"2024-05-07-story-{i:04d}.txt"
    hidden = inbox / f".{name}.part"
    hidden.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    os.replace(hidden, inbox / name)
    return name


def _state_files(state: Path) -> int:
    try:
        return len(json.loads(state.read_text(encoding="utf-8")).get("files", {}))
    except (OSError, ValueError):
        return 0


def test_kill_watch_then_restart(tmp_path):
    from whodid.readers import read_inputs

    seed = _seed()
    rng = random.Random(seed)
    n = 120
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db, log = tmp_path / "watch.duckdb", tmp_path / "log.txt"
    state = tmp_path / "watch.duckdb.watch.json"
    args = _command("watch", str(inbox), "--db", str(db), "--interval", "1")
    dropped = 0

    def drop_some(count: int) -> None:
        nonlocal dropped
        for _ in range(count):
            if dropped < n:
                _drop(inbox, dropped)
                dropped += 1

    proc = _start(args, log)
    try:
        drop_some(10)
        _wait_for(lambda: _state_files(state) > 0, proc, "a coded file", log)
        # Files keep arriving while the watcher codes; the kill lands among them.
        kill_at = time.monotonic() + rng.uniform(0, KILL_WINDOW)
        while time.monotonic() < kill_at:
            drop_some(1)
            time.sleep(0.05)
        _kill(proc)
    finally:
        _cleanup(proc)
    coded_before = _state_files(state)
    with Store(db) as store:
        assert store.counts()["articles"] >= coded_before  # committed before remembered
    drop_some(n)  # the rest arrive while the watcher is down

    proc = _start(args, log)
    try:
        _wait_for(lambda: _state_files(state) >= n, proc, f"all {n} files coded", log)
        proc.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop
        assert proc.wait(timeout=HANG) == 0, log.read_text(errors="replace")[-3000:]
    finally:
        _cleanup(proc)
    assert 0 < coded_before < n, f"seed {seed}: the kill did not land among the files"
    expected = {a.id: a.content_hash for a in read_inputs([str(inbox)])}
    assert len(expected) == n
    _check_store(db, expected)
