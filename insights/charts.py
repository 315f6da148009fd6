"""Server-side SVG charts: no script, each with a title, a description and its data table beside it."""

from dataclasses import dataclass

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 6, 220, 640


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float


def bar_chart(rows):
    """Horizontal bars for [(label, value)], largest first as given."""
    largest = max((value for _label, value in rows), default=0) or 1
    usable = CHART_WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(str(label), value, i * (BAR_HEIGHT + BAR_GAP), round(usable * value / largest, 1))
        for i, (label, value) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


PALETTE = ["#0b5a4a", "#1d5fa8", "#8a5a12", "#6a3d9a", "#b03a48", "#2e7d32", "#5d4037", "#37474f", "#ad1457", "#00838f"]


def line_chart(series: dict[int, list[int]]):
    """One line per year over twelve months."""
    width, height, left, bottom = 640, 260, 40, 30
    largest = max((max(values) for values in series.values() if values), default=0) or 1
    step = (width - left - 10) / 11

    def point(month, value):
        return round(left + month * step, 1), round(height - bottom - (height - bottom - 10) * value / largest, 1)

    lines = []
    for i, (year, values) in enumerate(sorted(series.items())):
        points = " ".join(f"{x},{y}" for x, y in (point(m, v) for m, v in enumerate(values)))
        lines.append({"year": year, "points": points, "colour": PALETTE[i % len(PALETTE)], "values": values})
    ticks = [{"x": round(left + m * step, 1), "month": m + 1} for m in range(12)]
    return {
        "lines": lines,
        "width": width,
        "height": height,
        "largest": largest,
        "ticks": ticks,
        "baseline": height - bottom,
    }


def paired_bar_chart(rows, limit=None):
    """Two horizontal bars per label for [(label, first, second, ...)]: requested against
    confirmed, full against closed. Extra columns are ignored; `limit` keeps the first rows."""
    rows = list(rows)[:limit] if limit else list(rows)
    largest = max((max(row[1], row[2]) for row in rows), default=0) or 1
    usable = CHART_WIDTH - LABEL_WIDTH - 60
    half = BAR_HEIGHT // 2
    groups = []
    for i, row in enumerate(rows):
        y = i * (BAR_HEIGHT + 2 + BAR_GAP * 2)
        groups.append(
            {
                "label": str(row[0]),
                "y": y,
                "bars": [
                    Bar(str(row[0]), value, y + n * (half + 2), round(usable * value / largest, 1))
                    for n, value in enumerate(row[1:3])
                ],
            }
        )
    return {
        "groups": groups,
        "height": max(len(groups) * (BAR_HEIGHT + 2 + BAR_GAP * 2), BAR_HEIGHT),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": half,
        "colours": PALETTE[:2],
    }
