"""Hostile inputs: each ends in a clear message or a coded result, in bounded time, and the
good article in the same batch is never lost."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLES
from whodid.model import CodedArticle
from whodid.pipeline import Failure
from whodid.readers import ReadError, read_inputs

GOOD = sorted(EXAMPLES.glob("*.txt"))[0]
rng = random.Random(8)

CASES = {
    "random.bin": bytes(rng.getrandbits(8) for _ in range(50_000)),
    "random.txt": bytes(rng.getrandbits(8) for _ in range(5_000)),
    "invalid-utf8.txt": b"Iran rejected the offer.\n\nThe minister \xff\xfe said \xc3\x28 no.",
    "empty.txt": b"",
    "blank.txt": b"   \n\n\t  \n",
    "nested.html": (b"<html><body>" + b"<div>" * 20_000 + b"Iran rejected the offer."
                    + b"</div>" * 20_000 + b"</body></html>"),
    "huge.html": (b"<html><body><article>"
                  + b"<p>Iran rejected the offer, the minister said.</p>" * 100_000
                  + b"</article></body></html>"),
    "malformed.xml": b"<?xml version='1.0'?><rss><channel><item><title>x</title><descr",
    "not-a-feed.rss": b"\x00\x01garbage<<<>>>",
    "chinese.txt": "伊朗拒绝了这项提议\n\n伊朗外交部长周二表示，德黑兰拒绝了美国的提议。".encode(),
    "arabic.txt": "إيران ترفض العرض\n\nقال وزير الخارجية الإيراني إن طهران رفضت العرض.".encode(),
    "punctuation.txt": ("Headline\n\n" + "!?.,;:\"'()[]{}--...“”«»" * 4_000).encode(),
    "one-word-lines.txt": ("Headline\n\n" + "Iran\n" * 20_000).encode(),
    "bad.jsonl": b'{"text": "Iran rejected the offer."}\n{not json\n[1, 2]\n{"text": 5}\n',
    "bad.csv": b'text,title\n"unterminated,quote\n',
}


def _check(outcomes: list, n_inputs: int) -> None:
    for outcome in outcomes:
        assert isinstance(outcome, CodedArticle | Failure)
        if isinstance(outcome, Failure):
            assert outcome.reason and outcome.origin, outcome


#: Cases that take tens of seconds: run in a child process, so that a regression to the old
#: hang (20,000 one-word lines took more than 8 minutes) fails the test instead of the suite.
SLOW = {"one-word-lines.txt"}
#: Seconds a child process may take before the test calls it a hang.
HANG = 900


@pytest.mark.parametrize("name", sorted(set(CASES) - SLOW))
def test_hostile_input_beside_a_good_article(pipeline, tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(CASES[name])
    items = list(read_inputs([str(GOOD), str(bad), str(GOOD)]))
    started = time.monotonic()
    outcomes = list(pipeline.run(items))
    elapsed = time.monotonic() - started
    _check(outcomes, len(items))
    assert len(outcomes) == len(items)
    # the good articles on both sides are coded, with events
    assert isinstance(outcomes[0], CodedArticle) and outcomes[0].events
    assert isinstance(outcomes[-1], CodedArticle)
    assert outcomes[-1].to_dict() == outcomes[0].to_dict()
    assert elapsed < 120, f"{name} took {elapsed:.0f}s"


@pytest.mark.parametrize("name", sorted(SLOW))
def test_slow_hostile_input_finishes(tmp_path, name):
    """The whole command finishes, codes the good articles on both sides, and the hostile one
    is coded (the sentence cap bounds the parse) or named in a clear message."""
    bad = tmp_path / name
    bad.write_bytes(CASES[name])
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "whodid", "code", str(GOOD), str(bad), str(GOOD),
               "--workers", "1", "--out", str(out)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"whodid code {name} did not finish in {HANG} s")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if run.returncode == 0:
        assert len(records) == 3
        assert records[1]["id"] == "one-word-lines"
    else:  # a clear message naming the article, and the rest still written
        assert run.returncode == 1 and name in run.stderr, run.stderr
        assert len(records) == 2
    assert records[0]["events"] and records[-1] == records[0]


@pytest.mark.parametrize("megabytes", [
    0.3,  # past MAX_CHARS (200,000): the cut is reported
    20,  # a 20 MB article: only its parsed prefix is coded
])
def test_huge_article(pipeline, tmp_path, megabytes):
    sentence = "Iran rejected the offer from the United States on Tuesday, officials said. "
    size = int(megabytes * 1024 * 1024)
    big = tmp_path / "big.txt"
    big.write_text("Big\n\n" + sentence * (size // len(sentence)), encoding="utf-8")
    assert os.path.getsize(big) >= size - 200
    items = list(read_inputs([str(big), str(GOOD)]))
    started = time.monotonic()
    outcomes = list(pipeline.run(items))
    assert time.monotonic() - started < 180
    first, second = outcomes
    if isinstance(first, CodedArticle):
        assert first.metadata.get("truncated_at")  # the cut is reported
    else:
        assert first.reason
    assert isinstance(second, CodedArticle) and second.events


def test_read_errors_are_clear(tmp_path):
    (tmp_path / "random.bin").write_bytes(CASES["random.bin"])
    (tmp_path / "bad.jsonl").write_bytes(CASES["bad.jsonl"])
    errors = [i for i in read_inputs([str(tmp_path / "random.bin"), str(tmp_path / "bad.jsonl"),
                                      str(tmp_path / "nope.txt")]) if isinstance(i, ReadError)]
    assert len(errors) >= 4
    for error in errors:
        assert str(error).count(":") >= 1 and len(error.reason) > 5


# --- property tests for the readers ---------------------------------------------------------
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SUFFIXES = [".txt", ".jsonl", ".json", ".html", ".xml", ".csv", ".tsv", "", ".gz", ".dat"]
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(tmp_path, suffix: str, data: bytes) -> list:
    path = tmp_path / f"in{suffix}"
    path.write_bytes(data)
    return list(read_inputs([str(path)]))


@PROPERTY
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=4000))
def test_readers_never_raise_on_bytes(tmp_path, suffix, data):
    for item in _read(tmp_path, suffix, data):
        assert isinstance(item, ReadError) or item.__class__.__name__ == "Article"
        if isinstance(item, ReadError):
            assert item.reason


@PROPERTY
@given(suffix=st.sampled_from(SUFFIXES), text=st.text(max_size=2000))
def test_readers_never_raise_on_text(tmp_path, suffix, text):
    for item in _read(tmp_path, suffix, text.encode("utf-8", "surrogatepass")):
        if not isinstance(item, ReadError):
            assert isinstance(item.text, str) and item.id


@PROPERTY
@given(records=st.lists(st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=200)},
    optional={"title": st.text(max_size=50), "date": st.text(max_size=20),
              "id": st.text(max_size=20)}), min_size=1, max_size=8))
def test_jsonl_one_item_per_line(tmp_path, records):
    import json

    lines = "\n".join(json.dumps(r) for r in records)
    items = _read(tmp_path, ".jsonl", lines.encode("utf-8"))
    assert len(items) == len(records)
