"""Where the package's data files live."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """Path of a data file shipped inside the package."""
    return DATA_DIR / name


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated data file with a header line, as dicts; blank lines and
    ``#`` comment lines are skipped, and quotes are plain characters."""
    import csv

    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "coded-article.schema.json"


def output_schema() -> dict:
    """The JSON Schema that every ``whodid code`` JSON Lines record validates against."""
    import json

    return json.loads(SCHEMA_PATH.read_text("utf-8"))


def cache_dir() -> Path:
    """Where built models and indexes are cached: ``$WHODID_CACHE`` or ``~/.cache/whodid``."""
    import os

    return Path(os.environ.get("WHODID_CACHE") or Path.home() / ".cache" / "whodid")


def load_or_build(path: Path, load, build, save, stale_glob: str | None = None):
    """``load(path)`` if a good cache file is there, else ``build()`` and ``save(built,
    path)``; files matching ``stale_glob`` beside it are removed after a save.  A damaged
    cache is rebuilt and a read-only cache directory still gives a working (uncached) result."""
    import contextlib

    if path.exists():
        try:
            return load(path)
        except Exception:  # a stale or damaged cache file is rebuilt, never fatal
            pass
    built = build()
    with contextlib.suppress(OSError):
        save(built, path)
        for stale in path.parent.glob(stale_glob) if stale_glob else ():
            if stale != path:
                stale.unlink()
    return built
