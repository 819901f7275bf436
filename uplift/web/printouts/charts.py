"""The pages' charts drawn for print: the JSON a page hands `charts.js` (computed by the
presenters) drawn by matplotlib as SVG that WeasyPrint places in the PDF. Same kinds, colours and
units as on screen; text stays text, so a PDF reader can search and copy it.

Kinds: `scatter` (raw metric against the index, by band), `forest` (an estimate per row with its
interval), `lines` (series over periods), `bars` (one value per row, with reference lines)."""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType

COLORS = {
    "star": "#c47f00",
    "core": "#2b59c3",
    "tail": "#8a94a6",
    "me": "#12a594",
    "team": "#1d2433",
    "clear": "#2b59c3",
    "unclear": "#9aa6bd",
    "grid": "#e1e6ef",
}
BAND_LABELS = {"star": "Stars", "core": "Core", "tail": "Tail"}
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
WIDTH_IN = 6.7  # the A4 text width at the printouts' margins
NAMED_RANKS = 50  # a ranks chart names its reps up to this many (the table lists them all)
STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text as text: searchable in the PDF, drawn in the page's font
    "svg.hashsalt": "uplift",  # the same chart draws the same SVG
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#c9d1e0",
    "axes.labelcolor": "#4a5368",
    "xtick.color": "#4a5368",
    "ytick.color": "#4a5368",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


PLAIN: dict[str, Callable[[float], str]] = {
    "fraction": lambda v: f"{v * 100:.1f}%",
    "change": lambda v: f"{'+' if v >= 0 else ''}{round(v * 100)}%",
    "points": lambda v: f"{v * 100:+.1f} pts",
    "days": lambda v: f"{round(v)} d",
    "index": lambda v: f"{v:.2f}",
    "rank": lambda v: str(round(v)),
    "count": lambda v: str(round(v)),
}
SIGNED = {"signed-currency": "currency"}


def _money(value: float, currency: str) -> str:
    prefix = SYMBOLS.get(currency, f"{currency} " if currency else "")
    size, sign = abs(value), "-" if value < 0 else ""
    for step, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= step:
            scaled = size / step
            return f"{sign}{prefix}{scaled:.{1 if scaled < 100 else 0}f}{suffix}"
    return f"{sign}{prefix}{size:.0f}"


def value_text(value: float | None, unit: str, currency: str = "") -> str:
    """A number as the page writes it (the same rules as charts.js)."""
    if value is None or not math.isfinite(value):
        return "—"
    if unit in SIGNED:
        return ("+" if value >= 0 else "") + value_text(value, SIGNED[unit], currency)
    if unit == "currency":
        return _money(value, currency)
    if unit in PLAIN:
        return PLAIN[unit](value)
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def _formatter(unit: str, currency: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _position: value_text(value, unit, currency))


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _ranks(axes: Axes, chart: dict[str, Any]) -> None:
    points = chart["points"]
    positions = list(range(len(points)))[::-1]  # the best at the top
    for band in ("star", "core", "tail"):
        mine = [(y, p) for y, p in zip(positions, points, strict=True) if p.get("band") == band]
        if not mine:
            continue
        axes.errorbar(
            [p["rank"] for _, p in mine],
            [y for y, _ in mine],
            xerr=[
                [p["rank"] - p["low"] for _, p in mine],
                [p["high"] - p["rank"] for _, p in mine],
            ],
            fmt="o",
            markersize=3,
            elinewidth=1,
            color=COLORS[band],
            label=BAND_LABELS[band],
        )
    for cut, band in zip(chart.get("cuts", []), ("star", "tail"), strict=False):
        axes.axvline(cut, color=COLORS[band], linewidth=0.8, linestyle=(0, (4, 3)))
    named = len(points) <= NAMED_RANKS
    axes.set_yticks(positions, [p["label"] for p in points] if named else [])
    axes.tick_params(axis="y", labelsize=6.5, length=0 if not named else 3.5)
    axes.set_xlim(0.5, chart["n"] + 0.5)
    axes.set_xlabel("Rank (1 = best), with its 90% interval; dashed lines are the band cuts")
    axes.grid(axis="x", color=COLORS["grid"], linewidth=0.6)
    axes.legend(frameon=False, loc="upper right")  # the best ranks sit top left


def _scatter(axes: Axes, chart: dict[str, Any]) -> None:
    x_axis, y_axis = chart["x"], chart["y"]
    for band in ("tail", "core", "star"):
        points = [
            p
            for p in chart["points"]
            if p.get("band") == band and _finite(p.get("x")) and _finite(p.get("y"))
        ]
        axes.scatter(
            [p["x"] for p in points],
            [p["y"] for p in points],
            s=16,
            color=COLORS[band],
            label=BAND_LABELS[band],
            alpha=0.85,
            linewidths=0,
        )
    axes.axhline(1.0, color=COLORS["team"], linewidth=0.6, linestyle=(0, (4, 3)))
    axes.set_xlabel(x_axis["label"])
    axes.set_ylabel(y_axis["label"])
    axes.xaxis.set_major_formatter(_formatter(x_axis["unit"], chart.get("currency", "")))
    axes.yaxis.set_major_formatter(_formatter(y_axis["unit"], ""))
    axes.legend(frameon=False, loc="best")


def _forest(axes: Axes, chart: dict[str, Any]) -> None:
    rows = [r for r in chart["rows"] if _finite(r.get("estimate"))]
    positions = list(range(len(rows)))[::-1]
    for y, row in zip(positions, rows, strict=True):
        color = COLORS["clear"] if row.get("clear") else COLORS["unclear"]
        if _finite(row.get("low")) and _finite(row.get("high")):
            axes.plot([row["low"], row["high"]], [y, y], color=color, linewidth=1.6)
        axes.plot([row["estimate"]], [y], marker="o", color=color, markersize=4.5)
    axes.axvline(0, color=COLORS["team"], linewidth=0.8)
    axes.set_yticks(positions, [r["label"] for r in rows])
    axes.xaxis.set_major_formatter(_formatter(chart.get("unit", "change"), ""))
    axes.set_xlabel("Stars against core (95% interval; grey: no clear difference)")
    axes.grid(axis="x", color=COLORS["grid"], linewidth=0.6)


def _lines(axes: Axes, chart: dict[str, Any]) -> None:
    labels: Sequence[str] = chart["labels"]
    for series in chart["series"]:
        values = [v if _finite(v) else math.nan for v in series["values"]]
        axes.plot(
            range(len(labels)),
            values,
            label=series["label"],
            color=COLORS.get(series.get("key", ""), COLORS["team"]),
            linewidth=1.6,
            linestyle=(0, tuple(series["dash"])) if series.get("dash") else "-",
            marker="o",
            markersize=2.5,
        )
    step = max(1, math.ceil(len(labels) / 12))
    ticks = list(range(0, len(labels), step))
    axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right")
    axes.yaxis.set_major_formatter(_formatter(chart.get("unit", ""), chart.get("currency", "")))
    if chart.get("y_title"):
        axes.set_ylabel(chart["y_title"])
    axes.grid(axis="y", color=COLORS["grid"], linewidth=0.6)
    axes.legend(frameon=False, loc="best")


def _bars(axes: Axes, chart: dict[str, Any]) -> None:
    rows = chart["rows"]
    positions = list(range(len(rows)))[::-1]
    values = [r["value"] if _finite(r.get("value")) else 0 for r in rows]
    colors = [COLORS.get(r.get("band", ""), COLORS["core"]) for r in rows]
    axes.barh(positions, values, color=colors, height=0.6)
    unit, currency = chart.get("unit", "count"), chart.get("currency", "")
    for y, row in zip(positions, rows, strict=True):
        shown = value_text(row.get("value"), unit, currency)
        axes.annotate(
            shown,
            (values[rows.index(row)], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    for reference in chart.get("references", []):
        axes.axvline(
            reference["value"],
            color=COLORS.get(reference.get("key", ""), "#555"),
            linewidth=0.8,
            linestyle=(0, (4, 3)),
            label=reference["label"],
        )
    if chart.get("references"):
        axes.legend(frameon=False, loc="lower right")
    axes.set_yticks(positions, [r["label"] for r in rows])
    axes.xaxis.set_major_formatter(_formatter(unit, currency))
    if unit == "count":
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    references = [r["value"] for r in chart.get("references", []) if _finite(r.get("value"))]
    largest = max([*values, *references, 0])
    axes.set_xlim(0, largest * 1.15 if largest > 0 else 1)  # bars start at zero, never below
    axes.grid(axis="x", color=COLORS["grid"], linewidth=0.6)


DRAWERS: dict[str, Callable[[Axes, dict[str, Any]], None]] = {
    "ranks": _ranks,
    "scatter": _scatter,
    "forest": _forest,
    "lines": _lines,
    "bars": _bars,
}


def chart_svg(chart: dict[str, Any] | None, *, height_in: float = 3.0) -> str:
    """The chart as an SVG document ("" for no chart, or a kind print does not draw)."""
    if not chart or chart.get("kind") not in DRAWERS:
        return ""
    if chart["kind"] in ("forest", "bars"):  # one row per metric or team
        height_in = max(height_in, 0.7 + 0.26 * len(chart.get("rows", [])))
    if chart["kind"] == "ranks":  # one row per rep, named while there are few
        rows = len(chart.get("points", []))
        height_in = min(9.0, 0.9 + (0.13 if rows <= NAMED_RANKS else 0.07) * rows)
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, height_in))
        axes = figure.add_subplot()
        DRAWERS[chart["kind"]](axes, chart)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    return _own_ids(svg[svg.index("<svg") :], chart)  # no XML prologue: it goes inline


def _own_ids(svg: str, chart: dict[str, Any]) -> str:
    """The SVG with ids of its own: several charts inline in one page would otherwise share
    matplotlib's `text_1`, `line2d_1`, … and their references would cross."""
    digest = hashlib.sha256(json.dumps(chart, sort_keys=True, default=str).encode()).hexdigest()
    prefix = f"c{digest[:10]}-"
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    return re.sub(r'(url\(#|href="#)', rf"\1{prefix}", svg)
