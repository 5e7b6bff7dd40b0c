"""Bar charts drawn on the server: the geometry of each bar, for a template to write as
inline SVG (readable without JavaScript; the same numbers go in a table beside it)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 200  # the drawing's own units; it scales to the page
_LEFT, _BOTTOM, _TOP = 44, 22, 8


@dataclass(frozen=True)
class Bar:
    label: str
    views: int
    visitors: int
    x: float
    width: float
    views_y: float
    views_height: float
    visitors_y: float
    visitors_height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = _LEFT
    baseline: float = HEIGHT - _BOTTOM

    @property
    def label_every(self) -> int:
        """Show every n-th bar's label, so labels do not overlap."""
        return max(1, math.ceil(len(self.bars) / 10))


def nice_top(largest: int) -> int:
    """The top of the scale: 1, 2 or 5 times a power of ten, at least ``largest``."""
    if largest <= 0:
        return 1
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 5, 10):
        if step * power >= largest:
            return step * power
    return 10 * power


def bar_chart(points: Sequence[tuple[str, int, int]]) -> Chart:
    """A chart of (label, views, visitors): a bar of views for each point, with its
    visitors as a narrower bar inside it."""
    top = nice_top(max((views for _, views, _ in points), default=0))
    plot_height = HEIGHT - _BOTTOM - _TOP
    baseline = HEIGHT - _BOTTOM
    slot = (WIDTH - _LEFT) / max(1, len(points))
    bars = []
    for number, (label, views, visitors) in enumerate(points):
        views_height = plot_height * views / top
        visitors_height = plot_height * min(visitors, views) / top
        bars.append(Bar(
            label, views, visitors,
            x=round(_LEFT + number * slot + slot * 0.1, 2), width=round(slot * 0.8, 2),
            views_y=round(baseline - views_height, 2), views_height=round(views_height, 2),
            visitors_y=round(baseline - visitors_height, 2),
            visitors_height=round(visitors_height, 2),
        ))
    # As many steps as divide the top evenly, so every tick is a whole number.
    steps = next(count for count in (4, 5, 2, 1) if top % count == 0)
    ticks = [Tick(top * n // steps, round(baseline - plot_height * n / steps, 2))
             for n in range(steps + 1)]
    return Chart(bars, ticks)
