"""Load benchmarks of POST /v1/code on loopback against a real uvicorn server.

    .venv/bin/python bench/bench_server.py [--case load|mixed|all] [--requests 200]
                                           [--concurrency 200] [--large-mb 1] [--timeout 120]

Starts ``whodid serve`` in a subprocess on a free 127.0.0.1 port (over a temporary store),
waits for it (bounded) and warms both coding lanes, then runs:

- ``load``: the requests all at once (the example articles); p50/p95/max latency,
  throughput and the error count.
- ``mixed``: one large body (``--large-mb``, default 1 MB of BBC articles, read at run time
  from the shared corpus, else the examples repeated) and, while it is in flight, one-sentence
  requests one after another; the small requests' p50/p95/max, how many there were, and how
  long the large one took.

Exits 1 on any error or when a case takes longer than --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "examples").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-2004-2005" / "articles.jsonl"
#: The small requests of the mixed case: one sentence each, written for this bench.
SENTENCES = [
    "Iran rejected the United States offer on Monday.",
    "Kenyan police fired tear gas at protesters in Nairobi on Tuesday.",
    "The French president met the German chancellor in Berlin.",
    "Rebels attacked an army post near the border with Chad.",
    "Japan praised South Korea for its help after the earthquake.",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(latencies: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted ``latencies``, in ms."""
    return 1000 * latencies[max(0, int(round(share * len(latencies))) - 1)]


def large_text(size: int) -> str:
    """About ``size`` bytes of news text: BBC articles from the shared corpus if it is
    there, else the example articles, repeated until long enough."""
    texts: list[str] = []
    if CORPUS.is_file():
        with CORPUS.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
    texts = texts or [p.read_text(encoding="utf-8") for p in ARTICLES]
    out: list[str] = []
    length = 0
    while length < size:
        for text in texts:
            out.append(text)
            length += len(text.encode("utf-8")) + 2
            if length >= size:
                break
    return "\n\n".join(out).encode("utf-8")[:size].decode("utf-8", "ignore")


async def mixed(url: str, large_bytes: int, timeout: float) -> dict:
    """One large POST /v1/code, and one-sentence requests sent one after another while it
    runs (each timed until its answer)."""
    body = large_text(large_bytes)
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        started = time.perf_counter()
        large = asyncio.create_task(client.post(
            "/v1/code?date=2005-01-01&title=Large", content=body.encode("utf-8"),
            headers={"Content-Type": "text/plain; charset=utf-8"}))
        await asyncio.sleep(0.5)  # the large body is sent and being coded
        latencies: list[float] = []
        errors: list[str] = []
        i = 0
        while not large.done():
            sent = time.perf_counter()
            response = await client.post("/v1/code", json={
                "text": SENTENCES[i % len(SENTENCES)], "date": "2024-05-12"})
            # counted even when answered after the large one: it was sent while it ran
            latencies.append(time.perf_counter() - sent)
            if response.status_code != 200:
                errors.append(f"small {i}: HTTP {response.status_code}")
            i += 1
            await asyncio.sleep(0.05)
        answer = await large
        large_s = time.perf_counter() - started
    if answer.status_code != 200:
        errors.append(f"large: HTTP {answer.status_code} {answer.text[:200]}")
    latencies.sort()
    return {"small": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "large_bytes": len(body.encode("utf-8")), "large_s": large_s,
            "large_status": answer.status_code,
            "p50_ms": percentile(latencies, 0.5) if latencies else float("nan"),
            "p95_ms": percentile(latencies, 0.95) if latencies else float("nan"),
            "max_ms": 1000 * latencies[-1] if latencies else float("nan")}


async def warm(url: str) -> None:
    """Load both coding lanes' pipelines: a sentence (small lane) and a long text (large)."""
    async with httpx.AsyncClient(base_url=url, timeout=300) as client:
        (await client.post("/v1/code", json={"text": SENTENCES[0]})).raise_for_status()
        (await client.post("/v1/code", json={"text": large_text(25_000)})).raise_for_status()


async def run(url: str, total: int, concurrency: int, timeout: float) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES] or ["Iran rejected the offer."]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
        warm = await client.post("/v1/code", json={"text": texts[0], "date": "2024-05-12"})
        warm.raise_for_status()
        gate = asyncio.Semaphore(concurrency)
        latencies: list[float] = []
        errors: list[str] = []

        async def one(i: int) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/code", json={
                        "text": texts[i % len(texts)], "date": "2024-05-12", "id": f"b{i}"})
                    if response.status_code != 200 or "events" not in response.json():
                        errors.append(f"{i}: HTTP {response.status_code}")
                except httpx.HTTPError as error:
                    errors.append(f"{i}: {type(error).__name__}: {error}")
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(total))), timeout)
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": total, "concurrency": concurrency, "errors": len(errors),
        "error_samples": errors[:5], "wall_s": wall, "rps": total / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": 1000 * latencies[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("load", "mixed", "all"), default="all")
    parser.add_argument("--large-mb", type=float, default=1.0,
                        help="Size of the mixed case's large body, in MB (1,000,000 bytes).")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="Bound on the whole run, in seconds.")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "WHODID_TOKEN"}
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen(
            [sys.executable, "-m", "whodid", "serve", "--db", str(Path(tmp) / "bench.duckdb"),
             "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(url + "/v1/health", timeout=2).raise_for_status()
                    break
                except httpx.HTTPError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print("server did not start:", server.stderr.read().decode()[-2000:])
                        return 1
                    time.sleep(0.2)
            failed = 0
            try:
                asyncio.run(warm(url))
                if args.case in ("load", "all"):
                    failed += report_load(asyncio.run(
                        run(url, args.requests, args.concurrency, args.timeout)))
                if args.case in ("mixed", "all"):
                    failed += report_mixed(asyncio.run(
                        mixed(url, int(args.large_mb * 1_000_000), args.timeout)))
            except (TimeoutError, httpx.TimeoutException):
                print(f"FAILED: a case took longer than {args.timeout:.0f}s")
                return 1
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
    return 1 if failed else 0


def report_load(result: dict) -> int:
    """Print the load case; the number of errors."""
    print(f"POST /v1/code x{result['requests']} (concurrency {result['concurrency']}, "
          f"{len(ARTICLES)} example articles): p50 {result['p50_ms']:.0f} ms, "
          f"p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms, "
          f"{result['rps']:.1f} req/s, wall {result['wall_s']:.1f} s, "
          f"errors {result['errors']}")
    for sample in result["error_samples"]:
        print("  error:", sample)
    return result["errors"]


def report_mixed(result: dict) -> int:
    """Print the mixed case; the number of errors (no small request answered is one)."""
    print(f"POST /v1/code, one sentence at a time while a {result['large_bytes']:,}-byte body "
          f"is coded: {result['small']} small requests, p50 {result['p50_ms']:.0f} ms, "
          f"p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms; the large one "
          f"HTTP {result['large_status']} in {result['large_s']:.1f} s, "
          f"errors {result['errors']}")
    for sample in result["error_samples"]:
        print("  error:", sample)
    return result["errors"] + (result["small"] == 0)


if __name__ == "__main__":
    sys.exit(main())
