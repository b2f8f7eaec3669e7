"""Chart geometry for server-rendered SVG: pure functions from numbers to coordinates.

No JavaScript and no charting library: the templates draw these shapes as SVG, and every chart
stands beside a table with the same numbers. Series differ by dash pattern and marker as well
as colour, so a chart reads without colour vision.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil, log10


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Series:
    label: str
    points: str  # "x,y x,y ..." for <polyline>
    css: str  # class name: colour and dash pattern


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    top: int
    right: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown at the end of the bar
    y: float
    length: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    plot_width: int
    bars: list[Bar]


def nice_ceiling(value: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) at or above *value*; 1 for zero."""
    if value <= 0:
        return 1
    power = 10 ** int(log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    *,
    width: int = 720,
    height: int = 260,
    x_tick_count: int = 6,
) -> LineChart:
    """Lines over evenly spaced x labels (days), the y axis from 0 to a round maximum."""
    left, right, top, bottom = 48, 28, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = nice_ceiling(max((max(values, default=0) for _l, values, _c in series), default=0))
    count = max(len(x_labels), 1)

    def x_of(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    lines = [
        Series(label, " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values)), css)
        for label, values, css in series
    ]
    y_ticks = [Tick(round(y_of(peak * k / 4), 1), _number(peak * k / 4)) for k in range(5)]
    step = max(1, ceil(count / x_tick_count))
    indexes = list(range(0, count, step))
    if count - 1 not in indexes:
        indexes.append(count - 1)
    x_ticks = [Tick(round(x_of(i), 1), x_labels[i]) for i in indexes if i < len(x_labels)]
    return LineChart(
        width, height, left, height - bottom, top, width - right, lines, y_ticks, x_ticks
    )


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    maximum: float | None = None,
    unit: str = "",
    width: int = 520,
    label_width: int = 200,
    bar_height: int = 22,
) -> BarChart:
    """Horizontal bars, one per row, scaled to *maximum* (or the largest value)."""
    plot_width = width - label_width - 60
    top = maximum if maximum is not None else nice_ceiling(max((v for _l, v in rows), default=0))
    bars = [
        Bar(
            label=_shorten(label),
            value=value,
            text=f"{_number(value)}{unit}",
            y=index * (bar_height + 6),
            length=round(plot_width * min(value, top) / top, 1) if top else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(
        width, max(len(bars), 1) * (bar_height + 6), label_width, bar_height, plot_width, bars
    )


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else "…" + label[-(limit - 1) :]
