"""Tests of the plots (whodid.plots): real PNG/SVG files, also through the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from factories import make_result
from whodid.cli import main
from whodid.plots import plot_dyad, plot_map
from whodid.store import Store

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "p.duckdb") as opened:
        opened.write([
            make_result(f"p{i}", n_events=4, date=f"2024-0{1 + i % 3}-1{i % 9}",
                        text_suffix=f" {i}")
            for i in range(12)
        ])
        yield opened


def _is_svg(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "<svg" in text and text.rstrip().endswith("</svg>")


def test_plot_dyad_png_and_svg(store: Store, tmp_path: Path) -> None:
    png = tmp_path / "dyad.png"
    assert plot_dyad(store, "IRN", "IRQ", png) > 1
    assert png.read_bytes().startswith(PNG_MAGIC) and png.stat().st_size > 5000
    svg = tmp_path / "dyad.svg"
    plot_dyad(store, "FRA", "IRN", svg, by="month", dedup=True)
    assert _is_svg(svg)


def test_plot_dyad_empty_and_bad_suffix(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    assert plot_dyad(store, "USA", "CHN", empty) == 0
    assert empty.read_bytes().startswith(PNG_MAGIC)
    with pytest.raises(ValueError, match="must end in"):
        plot_dyad(store, "IRN", "IRQ", tmp_path / "dyad.gif")


def test_plot_map(store: Store, tmp_path: Path) -> None:
    png = tmp_path / "map.png"
    assert plot_map(store, png) == 48
    assert png.read_bytes().startswith(PNG_MAGIC)
    svg = tmp_path / "map.svg"
    assert plot_map(store, svg, root="11") == 12
    assert _is_svg(svg)


def test_plot_commands(store: Store, tmp_path: Path) -> None:
    db = store.path
    store.close()
    runner = CliRunner()
    dyad = tmp_path / "cli-dyad.svg"
    result = runner.invoke(main, ["plot", "dyad", "IRN", "IRQ", "--db", db, "--out", str(dyad),
                                  "--by", "month"])
    assert result.exit_code == 0, result.output
    assert _is_svg(dyad)
    world = tmp_path / "cli-map.png"
    result = runner.invoke(main, ["plot", "map", "--db", db, "--out", str(world)])
    assert result.exit_code == 0, result.output
    assert world.read_bytes().startswith(PNG_MAGIC)
    bad = runner.invoke(main, ["plot", "map", "--db", db, "--out", str(tmp_path / "m.bmp")])
    assert bad.exit_code == 1 and "must end in" in bad.output
