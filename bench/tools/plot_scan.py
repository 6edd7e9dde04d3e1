#!/usr/bin/env python3
"""Render scan.csv as a log-log SVG chart (scan time against file count), stdlib only.

    plot_scan.py [CSV] [SVG]      defaults: bench/results/raw/scan.csv, bench/results/raw/scan.svg

One colour per implementation; solid line + dots = warm median, dashed = cold first
scan (page cache dropped when the CSV says so).
"""
from __future__ import annotations

import csv
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
W, H = 780, 500
LEFT, RIGHT, TOP, BOTTOM = 80, 220, 50, 60
COLOURS = {"floor": "#2b8a3e", "python-seed": "#c92a2a", "java": "#1864ab", "java-jvm-defaults": "#862e9c"}
LABELS = {"floor": "C syscall floor", "python-seed": "Python seed", "java": "Java, deployed flags",
          "java-jvm-defaults": "Java, JVM defaults"}


def fmt_count(v: float) -> str:
    return f"{v / 1000:g}k" if v >= 1000 else f"{v:g}"


def fmt_ms(v: float) -> str:
    return f"{v / 1000:g} s" if v >= 1000 else f"{v:g} ms"


def decades(lo: float, hi: float) -> range:
    return range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)


def main() -> int:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "results" / "raw" / "scan.csv"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE.parent / "results" / "raw" / "scan.svg"
    rows = list(csv.DictReader(src.open()))
    series: dict[str, list[tuple[int, float, float]]] = {}
    failures = []
    for r in rows:
        if r.get("error") or not r.get("warm_median_ms"):
            failures.append((r["impl"], int(r["n"]), (r.get("error") or "no result").split(":")[-1].strip()))
            continue
        series.setdefault(r["impl"], []).append((int(r["n"]), float(r["warm_median_ms"]), float(r["cold_ms"])))
    for pts in series.values():
        pts.sort()

    xs = [p[0] for pts in series.values() for p in pts]
    ys = [v for pts in series.values() for p in pts for v in p[1:]]
    xd, yd = decades(min(xs), max(xs)), decades(min(ys), max(ys))
    x0, x1, y0, y1 = xd.start, max(xd.stop - 1, xd.start + 1), yd.start, max(yd.stop - 1, yd.start + 1)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(v: float) -> float:
        return LEFT + (math.log10(v) - x0) / (x1 - x0) * pw

    def py(v: float) -> float:
        return TOP + ph - (math.log10(v) - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT + pw / 2}" y="28" text-anchor="middle" font-size="15" font-weight="bold">'
           'Heartbeat directory scan: time against file count (log-log)</text>']
    for d in range(x0, x1 + 1):  # x grid: decades strong, 2..9 faint
        for m in range(1, 10) if d < x1 else [1]:
            x = px(m * 10 ** d)
            out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + ph}" '
                       f'stroke="{"#bbb" if m == 1 else "#eee"}"/>')
        out.append(f'<text x="{px(10 ** d):.1f}" y="{TOP + ph + 18}" text-anchor="middle">{fmt_count(10 ** d)}</text>')
    for d in range(y0, y1 + 1):
        for m in range(1, 10) if d < y1 else [1]:
            y = py(m * 10 ** d)
            out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + pw}" y2="{y:.1f}" '
                       f'stroke="{"#bbb" if m == 1 else "#eee"}"/>')
        out.append(f'<text x="{LEFT - 8}" y="{py(10 ** d) + 4:.1f}" text-anchor="end">{fmt_ms(10 ** d)}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 18}" text-anchor="middle">heartbeat files in the directory</text>')
    out.append(f'<text transform="translate(20,{TOP + ph / 2}) rotate(-90)" text-anchor="middle">time per scan</text>')

    ly = TOP + 10
    for impl in [k for k in COLOURS if k in series] + [k for k in series if k not in COLOURS]:
        pts, colour = series[impl], COLOURS.get(impl, "#555")
        warm = " ".join(f"{px(n):.1f},{py(w):.1f}" for n, w, _ in pts)
        cold = " ".join(f"{px(n):.1f},{py(c):.1f}" for n, _, c in pts)
        out.append(f'<polyline points="{cold}" fill="none" stroke="{colour}" stroke-width="1.5" '
                   'stroke-dasharray="5,4" opacity="0.7"/>')
        out.append(f'<polyline points="{warm}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        out.extend(f'<circle cx="{px(n):.1f}" cy="{py(w):.1f}" r="3.5" fill="{colour}"/>' for n, w, _ in pts)
        lx = LEFT + pw + 15
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" stroke-width="2.5"/>')
        out.append(f'<text x="{lx + 35}" y="{ly + 4}">{escape(LABELS.get(impl, impl))}</text>')
        ly += 22
    lx = LEFT + pw + 15
    ly += 8
    out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="#555" stroke-width="2.5"/>')
    out.append(f'<text x="{lx + 35}" y="{ly + 4}">warm (median)</text>')
    out.append(f'<line x1="{lx}" y1="{ly + 20}" x2="{lx + 28}" y2="{ly + 20}" stroke="#555" '
               'stroke-width="1.5" stroke-dasharray="5,4"/>')
    out.append(f'<text x="{lx + 35}" y="{ly + 24}">cold (first scan)</text>')
    ly += 50
    for impl, n, why in failures:  # a run that did not finish: say so where its point would be
        colour = COLOURS.get(impl, "#555")
        out.append(f'<text x="{px(n):.1f}" y="{TOP + 16}" text-anchor="end" fill="{colour}" font-size="18">&#x2715;</text>')
        out.append(f'<text x="{lx}" y="{ly}" fill="{colour}" font-size="11">&#x2715; {escape(LABELS.get(impl, impl))},</text>')
        out.append(f'<text x="{lx + 10}" y="{ly + 14}" fill="{colour}" font-size="11">{fmt_count(n)} files: {escape(why[:28])}</text>')
        ly += 34
    out.append("</svg>")
    dst.write_text("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
