"""Shared fixtures: one spaCy pipeline per test session, and the path to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the repo in development "
                    "and CI)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from whodid.pipeline import Pipeline

    return Pipeline()
