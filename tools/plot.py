#!/usr/bin/python3
"""Plots a lambdasim output directory.

A run (`lambdasim run --out DIR`): reads DIR/timeseries.csv and
DIR/summary.json and writes concurrency.png, outcomes.png and latency.png,
plus network.png when the run had ENIs or NAT connections. Fault windows
(summary.json "faults", else the faults_active column) are shaded on every
time chart.

A comparison (`lambdasim compare --out DIR`): when DIR holds compare.csv
(long format: metric,variant,mean,half_width,diff_mean,diff_half_width),
writes compare.png: one panel per headline metric (success rate, p99 latency,
cost per million, peak ENIs; those present), a bar per variant with the
confidence half-width as error bar.

Usage: tools/plot.py DIR

Columns are found by name, so unknown extra columns are ignored. Needs only
the standard library and matplotlib (Debian: python3-matplotlib).
Exit codes: 0 ok, 2 missing or unreadable input, 3 matplotlib missing.
"""

import csv
import json
import math
import os
import sys

USAGE = ("usage: plot.py DIR  (DIR holds timeseries.csv and summary.json, "
         "or compare.csv)")

COMPARE_HEADER = ["metric", "variant", "mean", "half_width", "diff_mean", "diff_half_width"]
# (metric, panel title, scale applied to mean and half-width)
COMPARE_METRICS = [
    ("total.success_rate", "success rate (%)", 100.0),
    ("total.latency_p99_ms", "latency p99 (ms)", 1.0),
    ("total.cost_per_million_usd", "cost per 1M requests (USD)", 1.0),
    ("network.enis_peak", "peak ENIs", 1.0),
]


def fail(message, code=2):
    print(f"plot.py: {message}", file=sys.stderr)
    sys.exit(code)


def read_timeseries(path):
    """Returns {column: [float, ...]}; empty cells become NaN."""
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if not header:
                fail(f"{path}: empty file, expected a header row")
            columns = {name: [] for name in header}
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(header):
                    fail(f"{path}:{line_no}: {len(row)} fields, header has {len(header)}")
                for name, cell in zip(header, row):
                    try:
                        columns[name].append(float(cell) if cell != "" else math.nan)
                    except ValueError:
                        columns[name].append(math.nan)
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    for required in ("t_start_s", "t_end_s"):
        if required not in columns:
            fail(f"{path}: no '{required}' column; is this a lambdasim timeseries.csv?")
    return columns


def read_summary(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    except json.JSONDecodeError as e:
        fail(f"{path}: not valid JSON: {e}")


def function_names(columns):
    """Function names in column order, from functions.<name>.<metric> columns."""
    names = []
    for col in columns:
        if col.startswith("functions.") and col.endswith(".concurrency_avg"):
            names.append(col[len("functions."):-len(".concurrency_avg")])
    return names


def time_unit(columns):
    """Seconds per unit and axis label: the unit that keeps numbers readable."""
    end = max(columns["t_end_s"], default=0.0)
    if end >= 3 * 3600:
        return 3600.0, "time (h)"
    if end >= 3 * 60:
        return 60.0, "time (min)"
    return 1.0, "time (s)"


def time_axis(columns):
    """Interval midpoints in the readable unit, and the axis label."""
    unit, label = time_unit(columns)
    mids = [(a + b) / 2 for a, b in zip(columns["t_start_s"], columns["t_end_s"])]
    return [m / unit for m in mids], label


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v)


def fault_windows(columns, summary):
    """[(start_s, end_s, label)] of the faults: exact times from summary.json
    when it lists them, else merged runs of rows with faults_active > 0."""
    windows = []
    faults = summary.get("faults") if isinstance(summary, dict) else None
    if isinstance(faults, list) and faults:
        end_default = max(columns["t_end_s"], default=0.0)
        for f in faults:
            if not isinstance(f, dict) or not f.get("started", True):
                continue
            start = f.get("start_s")
            end = f.get("end_s")
            if not is_number(start):
                continue
            windows.append((start, end if is_number(end) else end_default,
                            str(f.get("kind", "fault"))))
        return windows
    active = columns.get("faults_active")
    if not active:
        return windows
    current = None
    for a, b, n in zip(columns["t_start_s"], columns["t_end_s"], active):
        if is_number(n) and n > 0:
            current = (current[0], b) if current else (a, b)
        elif current:
            windows.append((current[0], current[1], "fault"))
            current = None
    if current:
        windows.append((current[0], current[1], "fault"))
    return windows


def shade_faults(ax, windows, unit):
    """Shades each fault window; labels the first one for the legend."""
    for i, (start, end, kind) in enumerate(windows):
        ax.axvspan(start / unit, end / unit, color="tab:red", alpha=0.12, linewidth=0,
                   label="fault window" if i == 0 else None)


def plot_concurrency(plt, columns, t, t_label, faults, unit, out):
    fig, ax = plt.subplots(figsize=(10, 5))
    shade_faults(ax, faults, unit)
    series = [
        ("environments_avg", "environments (avg)", "-"),
        ("environments_idle_avg", "idle environments (avg)", ":"),
        ("concurrency_avg", "concurrency (avg)", "-"),
        ("concurrency_peak", "concurrency (peak)", "--"),
    ]
    for col, label, style in series:
        if col in columns:
            ax.plot(t, columns[col], style, label=label, linewidth=1.2)
    names = function_names(columns)
    if len(names) > 1:  # one line per function when there is more than one
        for name in names:
            ax.plot(t, columns[f"functions.{name}.concurrency_avg"], "-", linewidth=0.8,
                    alpha=0.7, label=f"{name} concurrency (avg)")
    ax.set_xlabel(t_label)
    ax.set_ylabel("count")
    ax.set_title("Concurrency and execution environments")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_outcomes(plt, columns, t, t_label, faults, unit, out):
    fig, ax = plt.subplots(figsize=(10, 5))
    shade_faults(ax, faults, unit)
    plotted = 0
    for col, values in columns.items():
        if not col.startswith("outcomes_") or col == "outcomes_success":
            continue
        if not any(v > 0 for v in values if not math.isnan(v)):
            continue
        ax.plot(t, values, "-", linewidth=1.0, label=col[len("outcomes_"):])
        plotted += 1
    if plotted == 0:
        ax.text(0.5, 0.5, "no throttles or errors", ha="center", va="center",
                transform=ax.transAxes)
    if "attempts" in columns:
        ax2 = ax.twinx()
        ax2.plot(t, columns["attempts"], color="0.6", linewidth=0.8, alpha=0.6)
        ax2.set_ylabel("attempts per interval (grey)")
    ax.set_xlabel(t_label)
    ax.set_ylabel("count per interval")
    ax.set_title("Throttles and errors by reason")
    ax.grid(True, alpha=0.3)
    if plotted or faults:
        ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


NETWORK_SERIES = [
    ("enis_avg", "ENIs in service (avg)", "-"),
    ("enis_creating_avg", "ENIs being created (avg)", ":"),
    ("ips_used_peak", "IPs used (peak)", "--"),
]


def has_network(columns):
    cols = [c for c, _, _ in NETWORK_SERIES] + ["nat_connections_peak"]
    return any(is_number(v) and v != 0 for c in cols for v in columns.get(c, []))


def plot_network(plt, columns, t, t_label, faults, unit, out):
    fig, ax = plt.subplots(figsize=(10, 5))
    shade_faults(ax, faults, unit)
    for col, label, style in NETWORK_SERIES:
        if col in columns:
            ax.plot(t, columns[col], style, label=label, linewidth=1.2)
    ax.set_xlabel(t_label)
    ax.set_ylabel("ENIs / IPs")
    handles, labels = ax.get_legend_handles_labels()
    nat = columns.get("nat_connections_peak")
    if nat and any(is_number(v) and v != 0 for v in nat):
        # Connections run to tens of thousands: their own axis.
        ax2 = ax.twinx()
        line, = ax2.plot(t, nat, "-", color="tab:purple", linewidth=1.0,
                         label="NAT connections (max)")
        ax2.set_ylabel("NAT connections")
        handles.append(line)
        labels.append(line.get_label())
    ax.set_title("VPC networking: ENIs, IPs and NAT connections")
    ax.grid(True, alpha=0.3)
    ax.legend(handles, labels, loc="upper left", fontsize="small")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def latency_rows(summary):
    """[(label, {p: value}, {p: half_width or None})] from a run summary or
    an aggregate of replications (whose half-widths become error bars)."""
    percentiles = ("p50", "p90", "p99", "p999")
    rows = []
    if isinstance(summary.get("functions"), dict):  # summary_to_json
        entries = list(summary["functions"].items())
        if len(entries) != 1 and isinstance(summary.get("total"), dict):
            entries.append(("total", summary["total"]))
        for name, f in entries:
            lat = f.get("latency") or {}
            rows.append((name, {p: lat.get(f"{p}_ms") for p in percentiles}, {}))
    elif isinstance(summary.get("metrics"), dict):  # aggregate_to_json
        metrics = summary["metrics"]
        names = list(summary.get("functions") or [])
        prefixes = [(n, f"functions.{n}.") for n in names]
        if len(names) != 1:
            prefixes.append(("total", "total."))
        for name, prefix in prefixes:
            values, errors = {}, {}
            for p in percentiles:
                m = metrics.get(f"{prefix}latency_{p}_ms") or {}
                values[p] = m.get("mean")
                errors[p] = m.get("half_width")
            rows.append((name, values, errors))
    return rows


def plot_latency(plt, summary, out):
    rows = latency_rows(summary)
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(rows) + 3), 5))
    percentiles = ("p50", "p90", "p99", "p999")
    labels = {"p50": "p50", "p90": "p90", "p99": "p99", "p999": "p99.9"}
    width = 0.8 / len(percentiles)
    any_value = False
    number = is_number

    for i, p in enumerate(percentiles):
        xs, ys, errs = [], [], []
        for j, (_, values, errors) in enumerate(rows):
            v = values.get(p)
            if number(v):
                xs.append(j + (i - (len(percentiles) - 1) / 2) * width)
                ys.append(v)
                e = errors.get(p)
                errs.append(e if number(e) else 0.0)
        if ys:
            any_value = True
            ax.bar(xs, ys, width, label=labels[p],
                   yerr=errs if any(errs) else None, capsize=3 if any(errs) else 0)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([row[0] for row in rows])
    ax.set_ylabel("end-to-end latency (ms)")
    ax.set_title("Latency percentiles of successful invocations")
    if any_value:
        ax.legend(fontsize="small")
    else:
        ax.text(0.5, 0.5, "no successful invocations", ha="center", va="center",
                transform=ax.transAxes)
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def read_compare(path):
    """{metric: [(variant, mean, half_width)]} in file order; empty cells are NaN."""
    def cell(value, line_no, name):
        if value == "":
            return math.nan
        try:
            return float(value)
        except ValueError:
            fail(f"{path}:{line_no}: {name} '{value}' is not a number")

    rows = {}
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header != COMPARE_HEADER:
                fail(f"{path}: header must be '{','.join(COMPARE_HEADER)}'; "
                     "is this a lambdasim compare.csv?")
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(COMPARE_HEADER):
                    fail(f"{path}:{line_no}: {len(row)} fields, header has {len(COMPARE_HEADER)}")
                metric, variant = row[0], row[1]
                if not metric or not variant:
                    fail(f"{path}:{line_no}: empty metric or variant")
                rows.setdefault(metric, []).append(
                    (variant, cell(row[2], line_no, "mean"), cell(row[3], line_no, "half_width")))
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    return rows


def plot_compare(plt, rows, out):
    panels = [(m, title, scale) for m, title, scale in COMPARE_METRICS if m in rows]
    variants = []
    for metric, _, _ in panels:
        for variant, _, _ in rows[metric]:
            if variant not in variants:
                variants.append(variant)
    fig, axes = plt.subplots(1, len(panels), figsize=(max(6, 3.2 * len(panels)), 4.5),
                             squeeze=False)
    colors = plt.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    for ax, (metric, title, scale) in zip(axes[0], panels):
        by_variant = {v: (m, h) for v, m, h in rows[metric]}
        xs, ys, errs, tints = [], [], [], []
        for i, v in enumerate(variants):
            mean, half = by_variant.get(v, (math.nan, math.nan))
            if not is_number(mean):
                continue
            xs.append(i)
            ys.append(mean * scale)
            errs.append(half * scale if is_number(half) else 0.0)
            tints.append(colors[i % len(colors)])
        if ys:
            ax.bar(xs, ys, 0.7, color=tints, yerr=errs if any(errs) else None,
                   capsize=4 if any(errs) else 0)
        else:
            ax.text(0.5, 0.5, "undefined", ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks(range(len(variants)))
        ax.set_xticklabels(variants, rotation=30, ha="right", fontsize="small")
        ax.set_title(title, fontsize="medium")
        ax.grid(True, axis="y", alpha=0.3)
    fig.suptitle("Variants compared (error bars: confidence half-width)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def import_pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        fail("matplotlib is not installed (Debian: apt-get install python3-matplotlib)", 3)
    return plt


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 2 if len(argv) != 2 else 0
    directory = argv[1]
    if not os.path.isdir(directory):
        fail(f"{directory}: no such directory\n{USAGE}")
    csv_path = os.path.join(directory, "timeseries.csv")
    json_path = os.path.join(directory, "summary.json")
    compare_path = os.path.join(directory, "compare.csv")

    written = []
    compare_mode = os.path.isfile(compare_path)
    if compare_mode:
        rows = read_compare(compare_path)
        if not any(m in rows for m, _, _ in COMPARE_METRICS):
            fail(f"{compare_path}: none of "
                 f"{', '.join(m for m, _, _ in COMPARE_METRICS)} is present")
        plt = import_pyplot()
        out = os.path.join(directory, "compare.png")
        plot_compare(plt, rows, out)
        written.append(out)

    # A run directory; a comparison directory may hold one too.
    have_run = os.path.isfile(csv_path) and os.path.isfile(json_path)
    if not compare_mode or have_run:
        for path in (csv_path, json_path):
            if not os.path.isfile(path):
                fail(f"{path}: missing; run `lambdasim run SCENARIO --out {directory}` "
                     "(or `lambdasim compare SCENARIO --out DIR`) first")
        columns = read_timeseries(csv_path)
        summary = read_summary(json_path)
        if not isinstance(summary, dict):
            fail(f"{json_path}: expected a JSON object")
        plt = import_pyplot()

        t, t_label = time_axis(columns)
        unit, _ = time_unit(columns)
        faults = fault_windows(columns, summary)
        charts = [
            ("concurrency.png",
             lambda out: plot_concurrency(plt, columns, t, t_label, faults, unit, out)),
            ("outcomes.png",
             lambda out: plot_outcomes(plt, columns, t, t_label, faults, unit, out)),
            ("latency.png", lambda out: plot_latency(plt, summary, out)),
        ]
        if has_network(columns):
            charts.append(("network.png",
                           lambda out: plot_network(plt, columns, t, t_label, faults, unit, out)))
        for name, draw in charts:
            out = os.path.join(directory, name)
            draw(out)
            written.append(out)
    for out in written:
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
