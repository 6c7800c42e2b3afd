"""Load benchmark: N concurrent POST /v1/code on loopback against a real uvicorn server.

    .venv/bin/python bench/bench_server.py [--requests 200] [--concurrency 200] [--timeout 120]

Starts ``whodid serve`` in a subprocess on a free 127.0.0.1 port (over a temporary store),
waits for it (bounded), warms the model with one request, then sends the requests all at
once and prints p50/p95/max latency, throughput and the error count.  Exits 1 on any error
or when the whole run exceeds --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        "p95_ms": 1000 * latencies[max(0, int(round(0.95 * len(latencies))) - 1)],
        "max_ms": 1000 * latencies[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
            try:
                result = asyncio.run(run(url, args.requests, args.concurrency, args.timeout))
            except TimeoutError:
                print(f"FAILED: the run took longer than {args.timeout:.0f}s")
                return 1
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
    print(f"POST /v1/code x{result['requests']} (concurrency {result['concurrency']}, "
          f"{len(ARTICLES)} example articles): p50 {result['p50_ms']:.0f} ms, "
          f"p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms, "
          f"{result['rps']:.1f} req/s, wall {result['wall_s']:.1f} s, "
          f"errors {result['errors']}")
    for sample in result["error_samples"]:
        print("  error:", sample)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
