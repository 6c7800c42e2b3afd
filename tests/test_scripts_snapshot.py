"""scripts/snapshot_events.py: one JSON line per record with every field of every event."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from conftest import load_script


def _snapshot_module() -> ModuleType:
    return load_script("snapshot_events")


def test_snapshot_writes_every_event_field(tmp_path: Path, pipeline, monkeypatch) -> None:
    records = [
        {"id": "one", "date": "2024-03-04",
         "text": "Russian troops attacked Ukrainian positions near Kharkiv on Monday."},
        {"text": "Iran strongly condemned the Israeli air strikes on Gaza."},
        {"id": "third", "text": "Nobody reads this one."},
    ]
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "snapshot.jsonl"
    module = _snapshot_module()
    monkeypatch.setattr(module, "get_pipeline", lambda: pipeline)

    assert module.main([str(source), "--limit", "2", "--out", str(out)]) == 0

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["one", "2"]
    events = [event for line in lines for event in line["events"]]
    assert events and all(line["events"] for line in lines)
    for event in events:
        assert {"source", "target", "cameo", "modality", "confidence", "trigger", "date",
                "location"} <= event.keys()
        assert {"code", "start", "end", "text"} <= event["source"].keys()
        assert {"text", "start", "end"} <= event["trigger"].keys()
    attack = next(e for e in lines[0]["events"] if e["cameo"].startswith("19"))
    assert attack["source"]["country"] == "RUS"
    assert attack["date"]["value"] == "2024-03-04"
    # the same input gives the same bytes
    again = tmp_path / "again.jsonl"
    module.main([str(source), "--limit", "2", "--out", str(again)])
    assert again.read_bytes() == out.read_bytes()
