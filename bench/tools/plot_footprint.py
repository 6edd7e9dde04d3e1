#!/usr/bin/env python3
"""Bar chart of run-footprint-bench.sh results: memory after the window (RSS and private)
and start to health, per variant, beside the bare Boot app's. SVG, stdlib only.

    plot_footprint.py RESULTS_DIR [--baseline boot] [--out RESULTS_DIR/footprint.svg]

Reads RESULTS_DIR/mem-summary.csv and, when there, start-summary.csv (medians; the whisker
is min-max). The dashed lines are the baseline's RSS and private memory and 5% above them.
"""
from __future__ import annotations

import argparse
import csv
import os
from html import escape

ROW, BAR, LEFT, WIDTH = 26, 9, 150, 330


def summary(path: str) -> list[dict]:
    return list(csv.DictReader(open(path))) if os.path.exists(path) else []


def panel(x0: int, title: str, rows: list[dict], bars: list[tuple[str, str]], unit: str, base: dict | None) -> list[str]:
    top = max(float(r[f"{key}_max"]) for r in rows for key, _ in bars) * 1.08
    scale = WIDTH / top
    out = [f'<text x="{x0}" y="16" font-weight="bold">{escape(title)}</text>']
    for i, (key, colour) in enumerate(bars):
        out.append(f'<rect x="{x0 + 140 * i}" y="24" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x0 + 14 + 140 * i}" y="33">{escape(key.replace("_", " "))}</text>')
    for n, r in enumerate(rows):
        y = 48 + n * ROW
        for i, (key, colour) in enumerate(bars):
            median, lo, hi = (float(r[f"{key}_{s}"]) for s in ("median", "min", "max"))
            yb = y + i * (BAR + 1)
            out.append(f'<rect x="{x0}" y="{yb}" width="{median * scale:.1f}" height="{BAR}" fill="{colour}"/>')
            out.append(f'<line x1="{x0 + lo * scale:.1f}" x2="{x0 + hi * scale:.1f}" y1="{yb + BAR / 2}" '
                       f'y2="{yb + BAR / 2}" stroke="#333"/>')
            out.append(f'<text x="{x0 + hi * scale + 4:.1f}" y="{yb + BAR - 1}" font-size="9">{median:g} {unit}</text>')
    if base:
        bottom = 48 + len(rows) * ROW
        for key, colour in bars:
            for factor in (1.0, 1.05):
                x = x0 + float(base[f"{key}_median"]) * factor * scale
                out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="40" y2="{bottom}" stroke="{colour}" '
                           f'stroke-dasharray="{"4,3" if factor == 1.0 else "1,3"}"/>')
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--baseline", default="boot")
    ap.add_argument("--out")
    args = ap.parse_args()
    mem = summary(os.path.join(args.results, "mem-summary.csv"))
    start = {r["label"]: r for r in summary(os.path.join(args.results, "start-summary.csv"))}
    labels = [r["label"] for r in mem]
    body = [f'<text x="{LEFT - 6}" y="{48 + n * ROW + BAR + 2}" text-anchor="end">{escape(label)}</text>'
            for n, label in enumerate(labels)]
    base = next((r for r in mem if r["label"] == args.baseline), None)
    body += panel(LEFT, "memory after the window (MiB)", mem,
                  [("rss_mib_last", "#9ab"), ("private_dirty_mib", "#357")], "MiB", base)
    width = LEFT + WIDTH + 80
    if start:
        rows = [start[label] for label in labels if label in start]
        if len(rows) == len(labels):
            body += panel(width + 20, "start to /actuator/health (ms)", rows, [("ms", "#c84")], "ms",
                          start.get(args.baseline))
            width += WIDTH + 120
    height = 60 + len(labels) * ROW
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="white"/>\n'
           + "\n".join(body) + "\n</svg>\n")
    out = args.out or os.path.join(args.results, "footprint.svg")
    with open(out, "w") as f:
        f.write(svg)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
