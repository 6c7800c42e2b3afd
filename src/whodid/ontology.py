"""CAMEO event codes with Goldstein values, quad/penta classes and the PLOVER mapping.

Loaded once from the package's ``data/cameo.tsv`` (see scripts/build_ontology.py).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from whodid.resources import data_path


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    level: int
    name: str
    goldstein: float
    quad_class: int
    penta_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO event code, keyed by its code string ("1212")."""
    table: dict[str, CameoCode] = {}
    with data_path("cameo.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            table[row["code"]] = CameoCode(
                code=row["code"],
                root=row["root"],
                level=int(row["level"]),
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                penta_class=int(row["penta_class"]),
                plover_event=row["plover_event"] or None,
                plover_mode=row["plover_mode"] or None,
                plover_context=row["plover_context"] or None,
            )
    return table


def lookup(code: str) -> CameoCode:
    """The entry for ``code``; an unknown code raises KeyError naming it."""
    try:
        return cameo_codes()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO event code {code!r}") from None
