"""Rebuild src/whodid/data/cameo.tsv from the reference tables in ../shared/reference.

The project keeps its own table (one row per CAMEO code with its Goldstein value, quad and
penta class, and PLOVER category/mode/context) so that whodid needs nothing outside the
package at run time.  Run: ``python scripts/build_ontology.py [../shared/reference]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whodid" / "data" / "cameo.tsv"


def read_codes(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (event, mode, context); a code's entry is inherited by its children."""
    table: dict[str, tuple[str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = (part.strip() for part in line.split(":", 1))
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        event = parts[0] if parts else ""
        mode = parts[1] if len(parts) > 1 else ""
        context = parts[2] if len(parts) > 2 else ""
        context = ";".join(c.strip() for c in context.split(";") if c.strip())
        # Where two roots share a code line (e.g. 08 CONCEDE / RETREAT), keep the first.
        table.setdefault(code, (event, mode, context))
    return table


def plover_for(code: str, plover: dict[str, tuple[str, str, str]]) -> tuple[str, str, str]:
    for length in range(len(code), 1, -1):
        hit = plover.get(code[:length])
        if hit and hit[0]:
            return hit
    return ("", "", "")


def appeal_as_request(code: str, plover: dict[str, tuple[str, str, str]]
                      ) -> tuple[str, str, str] | None:
    """PLOVER's REQUEST covers CAMEO's APPEAL (02) as well as DEMAND (10), but the 2021
    table lists only the 10x codes.  CAMEO numbers the two families in parallel (0253
    "appeal for release of persons" / 1053 "demand release of persons"), so an appeal takes
    the category, mode and context of its demand twin."""
    if not code.startswith("02"):
        return None
    twin = plover_for("10" + code[2:], plover)
    return twin if twin[0] else None


def main(reference: Path) -> None:
    codes = read_codes(reference / "cameo_event_codes.tsv")
    plover = read_plover(reference / "cameo_to_plover_2021.txt")
    header = ["code", "root", "level", "name", "goldstein", "quad_class", "penta_class",
              "plover_event", "plover_mode", "plover_context"]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# CAMEO event codes with Goldstein, quad/penta class and PLOVER mapping.\n")
        handle.write("# Built by scripts/build_ontology.py; PLOVER columns from the 2021 "
                     "CAMEO->PLOVER table;\n# appeals (02x) take the "
                     "category of their demand twin (10x): PLOVER's REQUEST covers both.\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        for row in codes:
            event, mode, context = (appeal_as_request(row["code"], plover)
                                    or plover_for(row["code"], plover))
            writer.writerow([row["code"], row["root"], row["level"], row["name"], row["goldstein"],
                             row["quad_class"], row["penta_class"], event, mode, context])
    print(f"wrote {len(codes)} codes to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference")
