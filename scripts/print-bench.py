#!/usr/bin/env python3
"""How the standard library prints: one row per flow, measured from the PDFs themselves.

    scripts/print-bench.py [FLOWS_DIR]   ->  a Markdown table on stdout (docs/layout.md quotes it)

Builds liucheng and the `bench_graphs` example (release), renders every flow of FLOWS_DIR
(default `flows/`) to PDF as `liucheng render DIR -o OUT --format pdf` does, and for each flow
reports: paper and orientation, chart pages, scale (as the command prints it), the smallest
and median printed size of step text and the smallest of small text (numbers, time limits,
branch labels), measured in the PDF by `print_measure.py`; the chart's area against the
spacious layout and against Graphviz `dot` (one cluster per lane, same node sizes, no
labels), and edge crossings of both, counted by the same code (`layout::metrics`).

Needs pypdf (pip) and Graphviz (apt); installs neither. Output goes to target/print-bench/.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from print_measure import measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "print-bench"
ELIGIBLE_STEPS, ELIGIBLE_LANES, TARGET_PT = 25, 8, 7.0


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kw)


def dot_metrics(bench, dot_file):
    """(crossings, area) of dot's layout of one flow, or None when dot fails."""
    plain = dot_file.with_suffix(".txt")
    try:
        with open(plain, "w", encoding="utf-8") as f:
            subprocess.run(["dot", "-Tplain", str(dot_file)], check=True, stdout=f, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None
    row = run([bench, "dot", str(plain), dot_file.stem, "swimlane", ""]).stdout
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return int(cells[5]), float(cells[7])


def main():
    flows = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "flows"
    run(["cargo", "build", "-q", "--release", "--bin", "liucheng", "--example", "bench_graphs"])
    liucheng = str(ROOT / "target" / "release" / "liucheng")
    bench = str(ROOT / "target" / "release" / "examples" / "bench_graphs")
    pdf_dir, dot_dir, json_dir = OUT / "pdf", OUT / "dot", OUT / "json"
    for d in (pdf_dir, dot_dir, json_dir):
        d.mkdir(parents=True, exist_ok=True)
    said = run([liucheng, "render", str(flows), "-o", str(pdf_dir), "--format", "pdf"]).stderr
    told = {}
    for line in said.splitlines():
        m = re.match(r"(.+?)：(A\d) (\S+)，(\d+) 页，缩放 (\d+)%", line)
        if m:
            told[m.group(1)] = (m.group(2), m.group(3), int(m.group(4)), int(m.group(5)))
    layout = {}
    for line in run([bench, "flows", str(flows), str(dot_dir)]).stdout.splitlines()[1:]:
        name, _, cc, ca, sc, sa = line.split("\t")
        layout[name] = (int(cc), float(ca), int(sc), float(sa))

    print(
        "| flow | steps | lanes | paper | pages | scale | step pt min / median | small pt min "
        "| area ÷ spacious | area ÷ dot | crossings liucheng / dot |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    eligible = one_a4 = at_target = 0
    for path in sorted(flows.rglob("*.flow")):
        name = path.stem
        if name not in told or name not in layout:
            continue
        flow = json.loads(run([liucheng, "export", str(path)]).stdout)
        (json_dir / f"{name}.json").write_text(json.dumps(flow, ensure_ascii=False), "utf-8")
        steps = sum(1 for n in flow["nodes"] if n["kind"] not in ("start", "end"))
        lanes = len(flow["roles"])
        printed = measure(flow, pdf_dir / f"{name}.pdf")
        paper, orient, pages, scale = told[name]
        cc, ca, _, sa = layout[name]
        dot = dot_metrics(bench, dot_dir / f"{name}.lanes.dot")
        step, small = printed["step_pt"], printed["small_pt"]
        print(
            f"| {name} | {steps} | {lanes} | {paper} {orient} | {printed['chart_pages']} | {scale} % "
            f"| {step['min']} / {step['median']} | {small['min']} | {ca / sa:.2f} "
            f"| {(ca / dot[1]) if dot else float('nan'):.2f} "
            f"| {cc} / {dot[0] if dot else 'n/a'} |"
        )
        if steps <= ELIGIBLE_STEPS and lanes <= ELIGIBLE_LANES:
            eligible += 1
            if paper == "A4" and printed["chart_pages"] == 1:
                one_a4 += 1
        if (step["min"] or 0) >= TARGET_PT - 0.05 and (small["min"] or 0) >= 6.0 - 0.05:
            at_target += 1
    print()
    print(
        f"Flows of ≤ {ELIGIBLE_STEPS} steps and ≤ {ELIGIBLE_LANES} lanes on one A4 page: "
        f"{one_a4} of {eligible}; flows with every step text ≥ {TARGET_PT:g} pt and every small "
        f"text ≥ 6 pt: {at_target} of {len(told)}."
    )


if __name__ == "__main__":
    main()
