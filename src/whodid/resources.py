"""Where the package's data files live."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """Path of a data file shipped inside the package."""
    return DATA_DIR / name


SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "coded-article.schema.json"


def output_schema() -> dict:
    """The JSON Schema that every ``whodid code`` JSON Lines record validates against."""
    import json

    return json.loads(SCHEMA_PATH.read_text("utf-8"))
