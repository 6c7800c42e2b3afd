"""Shared fixtures: one spaCy pipeline per test session, and the path to ../shared."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


def load_script(name: str) -> ModuleType:
    """The module of ``scripts/<name>.py`` (the scripts are no package), registered in
    ``sys.modules`` because dataclasses look their module up while it loads."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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


#: How to get the npm packages of the dashboard's basemap and the /docs page.
WEB_HINT = "install npm (apt-get install -y nodejs npm), then run `make web`"


def need_web_modules() -> None:
    """Skip the calling test unless ``web/node_modules`` holds the basemap and Swagger UI
    files that ``make web`` installs, with a reason that says how to get them.  In CI (``CI``
    set) fail instead: there every test must run, nothing may skip unnoticed."""
    import os

    from whodid.server import DEFAULT_WEB_MODULES, VENDOR_FILES

    missing = [name for name, path in VENDOR_FILES.items()
               if not (DEFAULT_WEB_MODULES / path).is_file()]
    if not missing:
        return
    reason = (f"the npm packages of the basemap and /docs are not installed ({missing[0]} "
              f"and {len(missing) - 1} more missing in {DEFAULT_WEB_MODULES}): {WEB_HINT}")
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run every test")
    pytest.skip(reason)
