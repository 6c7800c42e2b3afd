"""Benchmark of the gazetteer (not a test): prints the figures quoted in docs/places.md.

    .venv/bin/python bench/bench_gazetteer.py

1. Build: the index is built from the installed packages into a fresh cache directory
   (wall time, and the builder's peak resident memory).
2. Load: a fresh process maps the cached index and looks up one name (wall time, and the
   resident memory it adds).  Targets (issue 15): load <= 2 s, <= 300 MB resident.
3. Sharing: two worker processes map the same index; the memory they hold privately (USS
   from /proc/PID/smaps_rollup) stays small because the index pages are shared through the
   page cache.
4. Lookups: the time of an uncached lookup, averaged over 7,000.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

_LOAD = """
import os, time
def rss():
    return int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1])
import numpy, whodid.resources  # what every whodid process imports anyway
before = rss(); started = time.perf_counter()
from whodid.gazetteer import gazetteer
index = gazetteer(); index.lookup('Mosul')
elapsed = time.perf_counter() - started
private = sum(int(l.split()[1]) for l in open('/proc/self/smaps_rollup')
              if l.startswith(('Private_Clean', 'Private_Dirty')))
print(f'{elapsed:.3f} {(rss() - before) / 1024:.1f} {private / 1024:.1f}')
"""

_BUILD = """
import resource, time
started = time.perf_counter()
from whodid.gazetteer import gazetteer
entries = len(gazetteer())
print(f'{time.perf_counter() - started:.1f} '
      f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {entries}')
"""


def _run(code: str, cache: str) -> str:
    env = {**os.environ, "WHODID_CACHE": cache}
    return subprocess.run([sys.executable, "-c", code], env=env, check=True,
                          capture_output=True, text=True).stdout.split()


def main() -> int:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as cache:
        seconds, peak, entries = _run(_BUILD, cache)
        size = sum(os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache))
        print(f"build: {seconds} s, peak RSS {peak} MB, {entries} entries, "
              f"index {size / 1e6:.0f} MB on disk")
        loads = [_run(_LOAD, cache) for _ in range(3)]
        best = min(loads, key=lambda row: float(row[0]))
        print(f"load (best of 3 fresh processes): {best[0]} s, +{best[1]} MB resident")
        workers = [subprocess.Popen([sys.executable, "-c", _LOAD], text=True,
                                    stdout=subprocess.PIPE,
                                    env={**os.environ, "WHODID_CACHE": cache})
                   for _ in range(2)]
        for number, worker in enumerate(workers):
            elapsed, added, private = worker.communicate()[0].split()
            print(f"worker {number}: load {elapsed} s, +{added} MB resident, "
                  f"{private} MB private in all")
        os.environ["WHODID_CACHE"] = cache
        from whodid.gazetteer import gazetteer

        index = gazetteer()
        names = ["Mosul", "Baghdad", "Kent", "Springfield", "London", "Rapides Parish", "Qxz"]
        started = time.perf_counter()
        for _ in range(1000):
            for name in names:
                index._found.clear()  # time the binary search, not the memo
                index.lookup(name)
        print(f"lookup (uncached): {(time.perf_counter() - started) / 7000 * 1e6:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
