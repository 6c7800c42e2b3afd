"""The Makefile's `make test` on a machine without npm (issue 17 #12): everything else runs,
the tests of the npm assets skip saying how to enable them; in CI a missing npm fails."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import REPO

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def make_without_npm(tmp_path, *args: str, ci: bool = False) -> subprocess.CompletedProcess:
    """``make -n ARGS`` in the repository with a PATH that holds no npm (an empty folder).
    ``-n`` prints the recipes instead of running them, except those that call $(MAKE)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(tmp_path)
    if ci:
        env["CI"] = "true"
    return subprocess.run([MAKE, "-n", "--no-print-directory", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def test_make_test_runs_the_suite_without_npm(tmp_path):
    done = make_without_npm(tmp_path, "test")
    assert done.returncode == 0, done.stderr
    assert "pytest" in done.stdout and "ruff check" in done.stdout
    assert "npm ci" not in done.stdout
    assert ("npm is missing: the basemap and /docs tests will skip (to run them: "
            "apt-get install -y nodejs npm, then make web)") in done.stderr


def test_make_test_in_ci_fails_without_npm(tmp_path):
    done = make_without_npm(tmp_path, "test", ci=True)
    assert done.returncode != 0
    assert "npm is missing and CI is set" in done.stderr
    assert "pytest" not in done.stdout
