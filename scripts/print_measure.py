#!/usr/bin/env python3
"""Measure what a printed chart looks like, from the PDF itself (not from the layout's own numbers).

    print_measure.py FLOW.json CHART.pdf  ->  one JSON object on stdout

FLOW.json is `liucheng export` of the flow; CHART.pdf is `liucheng render --format pdf` of it.
For every text run on every page (pypdf's content-stream visitor), the printed size in pt is the
font size times the scale of the text matrix times the current transformation matrix. Runs are
classed by what they say:

- step text: part of a step, decision or sub-flow text (its label or name), not a number;
- small text: a step number (编号), a time limit (时限) or an edge label (是/否, 退回 …).

Consecutive glyphs of one size on one baseline, close together, are one run (krilla may place each glyph on
its own); runs equal to the flow's name, code, unit or date or to a title-block label are skipped.

The chart pages are the ones holding step text; the 流程说明表 pages after them hold the same
words, so only pages before the first page whose text starts a table (「流程说明表」) count.
Reports the page size (mm) and orientation of the first page, the number of chart pages and of
all pages, and the smallest and median printed size of each class.
"""

import json
import re
import statistics
import sys

from pypdf import PdfReader

PT_PER_MM = 72 / 25.4
# Labels of the title block and the legend (they can be words of a step, e.g. 审核).
FURNITURE = {
    "流程名称", "编号", "版本", "编制单位", "日期", "生效日期", "编制", "审核", "批准", "图例",
    "修订记录", "修订人", "修订摘要",
}
# A step number as the chart writes it: B9a-1, A3, B12-14a.
NUMBER = re.compile(r"[A-Z]*\d+[a-z]?(-\d+[a-z]?)?")


def mat_mul(a, b):
    """PDF matrices [a b c d e f], row-vector convention: a × b."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def classify(flow):
    """The texts of each class, from the exported flow."""
    step_texts, small = [], set()
    for node in flow["nodes"]:
        if node["kind"] in ("step", "decision", "subflow"):
            step_texts.append(re.sub(r"\s+", "", node.get("label") or node["name"]))
            step_texts.append(re.sub(r"\s+", "", node["name"]))
        if node.get("short_id"):
            small.add(node["short_id"])
        if node.get("limit"):
            small.add(node["limit"]["text"])
    for edge in flow["edges"]:
        if edge.get("label"):
            small.add(edge["label"])
    return step_texts, small


def measure(flow, pdf_path):
    step_texts, small_texts = classify(flow)
    reader = PdfReader(pdf_path)
    pages = reader.pages
    box = pages[0].mediabox
    w_mm, h_mm = float(box.width) / PT_PER_MM, float(box.height) / PT_PER_MM
    step_sizes, small_sizes = [], []
    chart_pages = 0
    meta = {v for v in (flow.get("flow") or {}).values() if isinstance(v, str)}
    for page in pages:
        glyphs = []

        def visit(text, cm, tm, font, size):
            text = re.sub(r"\s+", "", text or "")
            if not text:
                return
            m = mat_mul(tm, cm)
            scale = (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5
            glyphs.append((text, round(size * scale, 3), round(m[5], 1), m[4]))

        page.extract_text(visitor_text=visit)
        # The PDF may place text a glyph at a time: consecutive glyphs of one size on one
        # baseline, each at most a glyph and a half after the last, are one run (one line of
        # a box, a number, a label).
        runs = []
        last_x = None
        for text, pt, y, x in glyphs:
            if runs and runs[-1][1] == pt and runs[-1][2] == y and 0 <= x - last_x <= 1.5 * pt:
                runs[-1][0] += text
            else:
                runs.append([text, pt, y])
            last_x = x
        if "流程说明表" in "".join(t for t, _, _ in runs):
            break  # the tables start: the same words again, at table size
        chart_pages += 1
        for text, pt, _ in runs:
            if text in meta or text in FURNITURE:
                continue  # the title block: its labels, the flow's name, unit, code
            if text in small_texts or NUMBER.fullmatch(text):
                small_sizes.append(pt)
            elif any(text in s for s in step_texts):
                step_sizes.append(pt)

    def stats(xs):
        return {
            "min": round(min(xs), 2) if xs else None,
            "median": round(statistics.median(xs), 2) if xs else None,
        }

    return {
        "page_mm": [round(w_mm), round(h_mm)],
        "orientation": "landscape" if w_mm > h_mm else "portrait",
        "chart_pages": chart_pages,
        "pages": len(pages),
        "step_pt": stats(step_sizes),
        "small_pt": stats(small_sizes),
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        flow = json.load(f)
    print(json.dumps(measure(flow, sys.argv[2]), ensure_ascii=False))


if __name__ == "__main__":
    main()
