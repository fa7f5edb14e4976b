"""Place points and their labels, placed where they collide with nothing."""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.transforms import Bbox

from .. import places
from ..projections import transformer
from .figure import MapFigure
from .style import MIN_FONT


def draw_points(
    ax,
    crs: str,
    ids: Iterable[str],
    names: str,
    fig: MapFigure,
    *,
    marker: str = "o",
    size: float = 18,
    color: str = "black",
    fontsize: float = MIN_FONT,
    label_fn=None,
) -> dict[str, tuple[float, float]]:
    """Project place points, draw them, and queue their labels for placement."""

    to_xy = transformer(4326, crs)
    xy = {}
    for pid in ids:
        item = places.place(pid)
        if not item.has_point:
            continue
        x, y = to_xy.transform(item.lon, item.lat)
        xy[pid] = (x, y)
        ax.scatter(
            [x],
            [y],
            s=size,
            marker=marker,
            color=color,
            edgecolor="white",
            linewidth=0.6,
            zorder=15,
        )
        text = label_fn(pid) if label_fn else places.label(pid, names)
        fig.extra.setdefault("_queue", []).append((ax, x, y, text, fontsize))
        fig.labels.append(text)
        fig.places[pid] = text
    return xy


def place_labels(fig: MapFigure) -> None:
    """Greedy label placement: first of eight positions that collides with nothing."""
    queue = fig.extra.pop("_queue", [])
    if not queue:
        return
    renderer = fig.canvas.get_renderer()
    taken: list = []
    offsets = [
        (5, 4, "left", "bottom"),
        (5, -4, "left", "top"),
        (-5, 4, "right", "bottom"),
        (-5, -4, "right", "top"),
        (0, 7, "center", "bottom"),
        (0, -7, "center", "top"),
        (9, 0, "left", "center"),
        (-9, 0, "right", "center"),
    ]

    for ax, x, y, _, _ in queue:  # markers are obstacles too
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - 3, py - 3, px + 3, py + 3))
    for artist in fig.extra.pop("_obstacles", []):  # fixed texts: value boxes, legends
        taken.append(artist.get_window_extent(renderer))
    for ax, x, y, text, fontsize in queue:
        chosen = None
        for dx, dy, ha, va in offsets:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                zorder=16,
                bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 0.6},
            )
            box = label.get_window_extent(renderer).expanded(1.02, 1.05)
            axbox = ax.get_window_extent(renderer)
            inside = axbox.contains(box.x0, box.y0) and axbox.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in taken):
                chosen = label
                taken.append(box)
                break
            label.remove()
        if chosen is None:  # no free spot: place NE anyway, smaller
            label = ax.annotate(
                text,
                (x, y),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=fontsize,
                zorder=16,
                bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 0.6},
            )
            taken.append(label.get_window_extent(renderer))
