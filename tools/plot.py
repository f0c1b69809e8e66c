#!/usr/bin/python3
"""Plots a lambdasim output directory.

A run (`lambdasim run --out DIR`): reads DIR/timeseries.csv, DIR/summary.json
and, when present, DIR/manifest.json (its "limits": account and reserved
concurrency, subnets' usable IPs, NAT ports per destination), and writes
  concurrency.png  running invocations against the account and reserved
                   limits; execution environments (separate panels)
  outcomes.png     attempts and successes; throttles and errors by reason;
                   availability (each its own panel)
  latency.png      p50/p99 over time, cold starts and warm; the run's
                   percentiles per function
  network.png      (VPC runs) ENIs per subnet; free IPs per subnet against
                   its usable IPs; connections per NAT gateway against its
                   ports per destination
Fault windows (summary.json "faults", else the faults_active column) are
shaded on every time chart and labelled by kind and subject (the AZ).

A comparison (`lambdasim compare --out DIR`): from DIR/compare.csv (and
compare.json for the scenario and the baseline) writes compare.png: per
headline metric, each variant's paired difference from the baseline with its
confidence interval; and from DIR/timeseries-<variant>.csv, overlay.png: the
variants' time series on common axes.

A sweep (`lambdasim sweep --out DIR`): from DIR/aggregate.csv and the points
of DIR/manifest.json writes sweep.png: per metric (--metric, repeatable;
default success rate, p_throttle, p99 latency, peak concurrency) its mean
against a sweep axis (--axis, default the first) with the confidence band,
one line per variant and value of the other axes.

Every chart is titled with the scenario (and variant); one y-axis per unit;
legends sit outside the data. DIR/plots.json lists what was drawn (files,
titles, panels, lines, limit lines, fault labels) for tests and tools.

Usage: tools/plot.py DIR [--format png|svg] [--axis NAME] [--metric NAME]...

Columns are found by name, so unknown extra columns are ignored. Needs only
the standard library and matplotlib (Debian: python3-matplotlib).
Exit codes: 0 ok, 2 missing or unreadable input, 3 matplotlib missing.
"""

import csv
import json
import math
import os
import re
import sys
import traceback

USAGE = ("usage: plot.py DIR [--format png|svg] [--axis NAME] [--metric NAME]...  (DIR holds "
         "timeseries.csv and summary.json, compare.csv, or a sweep's aggregate.csv)")
AGGREGATE_HEADER = ["point", "variant", "metric", "mean", "half_width", "stddev", "n"]
SWEEP_METRICS = ["total.success_rate", "total.p_throttle", "total.latency_p99_ms",
                 "total.concurrency_peak"]
# Flat-name suffixes shown as percentages.
PERCENT_SUFFIXES = ("success_rate", "p_throttle", "p_cold", "availability")

COMPARE_HEADER = ["metric", "variant", "mean", "half_width", "diff_mean", "diff_half_width"]
# (metric, panel title, scale applied to values and half-widths)
COMPARE_METRICS = [
    ("total.success_rate", "success rate (percentage points)", 100.0),
    ("total.latency_p99_ms", "latency p99 (ms)", 1.0),
    ("total.cost_per_million_usd", "cost per 1M requests (USD)", 1.0),
    ("network.enis_peak", "peak ENIs", 1.0),
]
# Ports a NAT gateway IP has per destination (AWS); used when the run
# directory has no manifest.json limits.
NAT_PORTS_PER_IP = 55000
DPI = 100
LEGEND_INCHES = 3.2  # right of the panels
LEGEND_CHARS = 44  # longer legend labels are cut to fit
ABOVE = "limit-above"  # the gid of a limit line left above the chart (Chart.fit_limits)
FAULT_COLORS = ["tab:red", "tab:purple", "tab:brown", "tab:olive", "tab:cyan", "tab:pink"]


def fail(message, code=2):
    print(f"plot.py: {message}", file=sys.stderr)
    sys.exit(code)


# ------------------------------------------------------------------ reading

class Columns:
    """timeseries.csv by column name; a column's cells become floats (empty
    cells NaN) when first read, so unread columns cost nothing."""

    def __init__(self, header, rows):
        self._index = {name: i for i, name in enumerate(header)}
        self._rows = rows
        self._cache = {}

    def __contains__(self, name):
        return name in self._index

    def __iter__(self):
        return iter(self._index)

    def __getitem__(self, name):
        values = self._cache.get(name)
        if values is None:
            i = self._index[name]
            values = []
            for row in self._rows:
                cell = row[i]
                try:
                    values.append(float(cell) if cell != "" else math.nan)
                except ValueError:
                    values.append(math.nan)
            self._cache[name] = values
        return values

    def get(self, name, default=None):
        return self[name] if name in self._index else default


def read_timeseries(path):
    """The file's Columns."""
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if not header:
                fail(f"{path}: empty file, expected a header row")
            rows = []
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(header):
                    fail(f"{path}:{line_no}: {len(row)} fields, header has {len(header)}")
                rows.append(row)
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    for required in ("t_start_s", "t_end_s"):
        if required not in header:
            fail(f"{path}: no '{required}' column; is this a lambdasim timeseries.csv?")
    return Columns(header, rows)


def read_json(path, required=True):
    """The parsed file; None when it is optional and absent."""
    if not required and not os.path.isfile(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    except json.JSONDecodeError as e:
        fail(f"{path}: not valid JSON: {e}")


def read_compare(path):
    """{metric: [(variant, mean, half_width, diff_mean, diff_half_width)]} in
    file order; empty cells are NaN."""
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
                    (variant,) + tuple(cell(row[i], line_no, COMPARE_HEADER[i])
                                       for i in range(2, 6)))
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    return rows


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v)


def any_nonzero(values):
    return any(is_number(v) and v != 0 for v in values)


def any_value(values):
    return any(is_number(v) for v in values)


def columns_matching(columns, prefix, suffix):
    """[(name between prefix and suffix, column)] in column order."""
    out = []
    for col in columns:
        if col.startswith(prefix) and col.endswith(suffix) and len(col) > len(prefix) + len(suffix):
            out.append((col[len(prefix):-len(suffix)], col))
    return out


def function_names(columns):
    """Function names in column order, from functions.<name>.<metric> columns."""
    return [name for name, _ in columns_matching(columns, "functions.", ".concurrency_avg")]


def series_file(variant):
    """compare's file name for a variant's time series (cmd_compare.cpp)."""
    return "timeseries-" + re.sub(r"[^A-Za-z0-9._-]", "_", variant) + ".csv"


# ----------------------------------------------------------------- time axis

def time_unit(columns):
    """Seconds per unit and axis label: the unit that keeps numbers readable."""
    end = max(columns["t_end_s"], default=0.0)
    if end >= 3 * 3600:
        return 3600.0, "time (h)"
    if end >= 3 * 60:
        return 60.0, "time (min)"
    return 1.0, "time (s)"


def time_axis(columns, unit):
    """Interval midpoints in `unit`."""
    return [(a + b) / 2 / unit for a, b in zip(columns["t_start_s"], columns["t_end_s"])]


def fault_windows(columns, summary):
    """[(start_s, end_s, label)] of the faults: exact times, kind and subject
    from summary.json when it lists them, else merged runs of rows with
    faults_active > 0."""
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
            label = str(f.get("kind", "fault"))
            if f.get("subject"):
                label += f" {f['subject']}"
            windows.append((start, end if is_number(end) else end_default, label))
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


# ------------------------------------------------------------------- drawing

class Chart:
    """One figure of stacked panels sharing the time axis (or not), drawn
    and then described for plots.json."""

    def __init__(self, plt, title, panels, sharex=True, width=12.0, panel_height=2.4,
                 left=0.95, right=LEGEND_INCHES):
        self.plt = plt
        height = 1.1 + panel_height * panels
        self.fig, axes = plt.subplots(panels, 1, sharex=sharex, squeeze=False,
                                      figsize=(width, height))
        # Fixed margins (bbox_inches="tight" would draw every chart twice):
        # the right quarter holds the legends, outside the data.
        self.fig.subplots_adjust(left=left / width, right=1 - right / width,
                                 top=1 - 0.55 / height, bottom=0.55 / height,
                                 hspace=0.45 if sharex else 0.6)
        self.axes = [row[0] for row in axes]
        self.title = title
        self.fig.suptitle(title, fontsize="medium")
        self.faults = []

    def shade_faults(self, windows, unit, axes=None):
        """Shades each fault window on every time panel (`axes`, default all),
        in a colour per label, named in the first panel's legend and over the
        top of its span."""
        colors = {}
        axes = self.axes if axes is None else axes
        for start, end, label in windows:
            color = colors.setdefault(label, FAULT_COLORS[len(colors) % len(FAULT_COLORS)])
            for i, ax in enumerate(axes):
                span = ax.axvspan(start / unit, end / unit, color=color, alpha=0.12, linewidth=0,
                                  label=label if i == 0 and label not in self.faults else None)
                span.set_gid("fault")
            top = axes[0]
            top.text((start + end) / 2 / unit, 0.97, label, transform=top.get_xaxis_transform(),
                     ha="center", va="top", fontsize="x-small", color=color,
                     bbox={"facecolor": "white", "alpha": 0.7, "linewidth": 0, "pad": 1})
            if label not in self.faults:
                self.faults.append(label)

    @staticmethod
    def limit(ax, value, label, color="black"):
        line = ax.axhline(value, color=color, linestyle="--", linewidth=1.0, label=label)
        line.set_gid("limit")
        return line

    def finish(self, out, xlabel=None):
        for ax in self.axes:
            ax.grid(True, alpha=0.3)
            self.fit_limits(ax)
            handles, labels = ax.get_legend_handles_labels()
            if handles:
                labels = [l if len(l) <= LEGEND_CHARS else l[:LEGEND_CHARS - 1] + "…"
                          for l in labels]
                labels = [f"{l} (above)" if getattr(h, "get_gid", lambda: None)() == ABOVE
                          else l for h, l in zip(handles, labels)]
                ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                          borderaxespad=0.0, fontsize="small", frameon=False)
        if xlabel:
            self.axes[-1].set_xlabel(xlabel)
        self.fig.savefig(out, dpi=DPI)
        description = self.describe(out)
        self.plt.close(self.fig)
        return description

    @staticmethod
    def fit_limits(ax):
        """Brings the limit lines into view, unless one is so far above the
        data (over 3x its maximum) that the data would be flattened: that
        one stays above the chart, and its legend entry says "(above)"."""
        limits = [l for l in ax.get_lines() if l.get_gid() == "limit"]
        if not limits or ax.get_yscale() != "linear":
            return
        data = [v for l in ax.get_lines() if l.get_gid() not in ("limit", ABOVE)
                for v in l.get_ydata() if is_number(v)]
        high = max(data, default=0.0)
        bottom, top = ax.get_ylim()
        for line in limits:
            value = line.get_ydata()[0]
            if high > 0 and value > 3 * high:
                line.set_gid(ABOVE)
            else:
                top = max(top, value * 1.08)
        ax.set_ylim(bottom, top)

    def describe(self, out):
        panels = []
        for ax in self.axes:
            lines = [l.get_label() for l in ax.get_lines()
                     if l.get_gid() not in ("limit", ABOVE)
                     and not l.get_label().startswith("_")]
            limits = [{"label": l.get_label(), "value": float(l.get_ydata()[0]),
                       "in_view": l.get_gid() == "limit"}
                      for l in ax.get_lines() if l.get_gid() in ("limit", ABOVE)]
            bars = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
            panels.append({"title": ax.get_title(loc="left") or ax.get_title(),
                           "ylabel": ax.get_ylabel(), "lines": lines,
                           "limits": limits, "bars": bars if not lines else [],
                           "legend_outside": ax.get_legend() is not None})
        return {"file": os.path.basename(out), "title": self.title, "panels": panels,
                "faults": list(self.faults)}


def plot_lines(ax, t, columns, specs):
    """Draws each (column, label, style) present; returns how many."""
    drawn = 0
    for col, label, style in specs:
        if col in columns and any_value(columns[col]):
            ax.plot(t, columns[col], style, label=label, linewidth=1.1)
            drawn += 1
    return drawn


def empty_note(ax, text):
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="0.4")


def plot_concurrency(ctx, out):
    columns, t, limits = ctx["columns"], ctx["t"], ctx["limits"]
    chart = Chart(ctx["plt"], f"{ctx['title']}: concurrency and environments", 2)
    chart.shade_faults(ctx["faults"], ctx["unit"])
    ax = chart.axes[0]
    ax.set_title("running invocations", fontsize="small", loc="left")
    plot_lines(ax, t, columns, [("concurrency_avg", "account (avg)", "-"),
                                ("concurrency_peak", "account (peak)", "--")])
    reserved = limits.get("reserved_concurrency") or {}
    names = function_names(columns)
    if len(names) > 1 or reserved:
        for name in names:
            line, = ax.plot(t, columns[f"functions.{name}.concurrency_avg"], "-", linewidth=0.8,
                            alpha=0.8, label=f"{name} (avg)")
            if is_number(reserved.get(name)):
                chart.limit(ax, reserved[name], f"{name} reserved concurrency ({reserved[name]:,})",
                            color=line.get_color())
    account = limits.get("account_concurrency")
    if is_number(account):
        chart.limit(ax, account, f"account concurrency limit ({account:,})")
    ax.set_ylabel("invocations")
    ax.set_ylim(bottom=0)
    ax = chart.axes[1]
    ax.set_title("execution environments", fontsize="small", loc="left")
    plot_lines(ax, t, columns, [("environments_avg", "alive (avg)", "-"),
                                ("environments_idle_avg", "idle (avg)", ":")])
    ax.set_ylabel("environments")
    ax.set_ylim(bottom=0)
    return chart.finish(out, ctx["t_label"])


def plot_outcomes(ctx, out):
    columns, t = ctx["columns"], ctx["t"]
    failures = [(col, columns[col]) for col in columns
                if col.startswith("outcomes_") and col != "outcomes_success"
                and any_nonzero(columns[col])]
    show_availability = bool(failures) and any_value(columns.get("availability", []))
    chart = Chart(ctx["plt"], f"{ctx['title']}: outcomes", 3 if show_availability else 2)
    chart.shade_faults(ctx["faults"], ctx["unit"])
    ax = chart.axes[0]
    ax.set_title("attempts", fontsize="small", loc="left")
    plot_lines(ax, t, columns, [("attempts", "attempts", "-"), ("successes", "successes", "--")])
    ax.set_ylabel("per interval")
    ax.set_ylim(bottom=0)
    ax = chart.axes[1]
    ax.set_title("throttles and errors by reason", fontsize="small", loc="left")
    for col, values in failures:
        ax.plot(t, values, "-", linewidth=1.0, label=col[len("outcomes_"):])
    if not failures:
        empty_note(ax, "no throttles or errors")
    ax.set_ylabel("per interval")
    ax.set_ylim(bottom=0)
    if show_availability:
        ax = chart.axes[2]
        ax.set_title("availability (successes / attempts ended)", fontsize="small", loc="left")
        ax.plot(t, [v * 100 if is_number(v) else math.nan for v in columns["availability"]], "-",
                linewidth=1.1, label="availability")
        ax.set_ylabel("%")
    return chart.finish(out, ctx["t_label"])


# Cold starts in one colour, warm in another; p50 solid, p99 dashed.
LATENCY_SERIES = [
    ("latency_cold_p50_ms", "cold p50", "C3-"),
    ("latency_cold_p99_ms", "cold p99", "C3--"),
    ("latency_warm_p50_ms", "warm p50", "C0-"),
    ("latency_warm_p99_ms", "warm p99", "C0--"),
]
PERCENTILES = ("p50", "p90", "p99", "p999")
PERCENTILE_LABELS = {"p50": "p50", "p90": "p90", "p99": "p99", "p999": "p99.9"}


def latency_rows(summary):
    """[(label, {p: value}, {p: half_width or None})] from a run summary or
    an aggregate of replications (whose half-widths become error bars)."""
    rows = []
    several = (summary.get("replications") or 1) > 1
    if isinstance(summary.get("functions"), dict) and not several:  # one run
        entries = list(summary["functions"].items())
        if len(entries) != 1 and isinstance(summary.get("total"), dict):
            entries.append(("total", summary["total"]))
        for name, f in entries:
            lat = f.get("latency") or {}
            rows.append((name, {p: lat.get(f"{p}_ms") for p in PERCENTILES}, {}))
    elif isinstance(summary.get("metrics"), dict):  # replications: mean and CI
        metrics = summary["metrics"]
        names = list(summary.get("functions") or [])  # a dict's keys, or a list
        prefixes = [(n, f"functions.{n}.") for n in names]
        if len(names) != 1:
            prefixes.append(("total", "total."))
        for name, prefix in prefixes:
            values, errors = {}, {}
            for p in PERCENTILES:
                m = metrics.get(f"{prefix}latency_{p}_ms") or {}
                values[p] = m.get("mean")
                errors[p] = m.get("half_width")
            rows.append((name, values, errors))
    return rows


def draw_percentile_bars(ax, rows):
    width = 0.8 / len(PERCENTILES)
    drawn = False
    for i, p in enumerate(PERCENTILES):
        xs, ys, errs = [], [], []
        for j, (_, values, errors) in enumerate(rows):
            v = values.get(p)
            if is_number(v):
                xs.append(j + (i - (len(PERCENTILES) - 1) / 2) * width)
                ys.append(v)
                e = errors.get(p)
                errs.append(e if is_number(e) else 0.0)
        if ys:
            drawn = True
            ax.bar(xs, ys, width, label=PERCENTILE_LABELS[p],
                   yerr=errs if any(errs) else None, capsize=3 if any(errs) else 0)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([row[0] for row in rows])
    if not drawn:
        empty_note(ax, "no successful invocations")


def plot_latency(ctx, out):
    columns, t = ctx["columns"], ctx["t"]
    over_time = any(any_value(columns.get(c, [])) for c, _, _ in LATENCY_SERIES)
    chart = Chart(ctx["plt"], f"{ctx['title']}: latency of successful invocations",
                  2 if over_time else 1, sharex=False)
    if over_time:
        ax = chart.axes[0]
        chart.shade_faults(ctx["faults"], ctx["unit"], axes=[ax])
        ax.set_title("p50 and p99 per interval, cold starts and warm", fontsize="small",
                     loc="left")
        plot_lines(ax, t, columns, LATENCY_SERIES)
        values = [v for c, _, _ in LATENCY_SERIES for v in columns.get(c, []) if is_number(v)]
        if values and min(values) > 0 and max(values) / min(values) > 30:
            ax.set_yscale("log")
        ax.set_ylabel("latency (ms)")
        ax.set_xlabel(ctx["t_label"])
    ax = chart.axes[-1]
    ax.set_title("percentiles over the run", fontsize="small", loc="left")
    draw_percentile_bars(ax, latency_rows(ctx["summary"]))
    ax.set_ylabel("latency (ms)")
    return chart.finish(out)


def network_panels(ctx):
    """The network chart's panels that have data: (kind, [(name, column)])."""
    columns = ctx["columns"]
    panels = []
    enis = columns_matching(columns, "network.subnets.", ".enis_avg")
    if not enis:  # older series: the peak per subnet
        enis = columns_matching(columns, "network.subnets.", ".enis_peak")
    if any(any_nonzero(columns[c]) for _, c in enis) or any_nonzero(columns.get("enis_avg", [])):
        panels.append(("enis", enis))
    free = columns_matching(columns, "network.subnets.", ".ips_free_min")
    if not free:
        free = columns_matching(columns, "network.subnets.", ".free_ips_min")
    if free and panels:
        panels.append(("ips", free))
    nats = columns_matching(columns, "network.nats.", ".connections_peak")
    if any(any_nonzero(columns[c]) for _, c in nats):
        panels.append(("nats", nats))
    elif any_nonzero(columns.get("nat_connections_peak", [])):
        panels.append(("nats", [("all NATs", "nat_connections_peak")]))
    return panels


def subnet_limits(ctx):
    """{"vpc.subnet": usable IPs} from manifest limits, else summary.json."""
    limits = ctx["limits"].get("subnet_usable_ips")
    if isinstance(limits, dict):
        return limits
    out = {}
    network = ctx["summary"].get("network") if isinstance(ctx["summary"], dict) else None
    for s in (network or {}).get("subnets", []) or []:
        if isinstance(s, dict) and is_number(s.get("usable_ips")):
            out[f"{s.get('vpc')}.{s.get('name')}"] = s["usable_ips"]
    return out


def plot_network(ctx, panels, out):
    columns, t = ctx["columns"], ctx["t"]
    chart = Chart(ctx["plt"], f"{ctx['title']}: VPC networking", len(panels))
    chart.shade_faults(ctx["faults"], ctx["unit"])
    usable = subnet_limits(ctx)
    nat_ports = ctx["limits"].get("nat_ports_per_destination") or {}
    for ax, (kind, series) in zip(chart.axes, panels):
        if kind == "enis":
            ax.set_title("ENIs in service per subnet", fontsize="small", loc="left")
            for name, col in series:
                ax.plot(t, columns[col], "-", linewidth=1.0, label=name)
            if len(series) != 1:
                plot_lines(ax, t, columns, [("enis_avg", "all subnets (avg)", "k-")])
            ax.set_ylabel("ENIs")
        elif kind == "ips":
            ax.set_title("free IPs per subnet (fewest in the interval)", fontsize="small",
                         loc="left")
            for name, col in series:
                line, = ax.plot(t, columns[col], "-", linewidth=1.0, label=name)
                if is_number(usable.get(name)):
                    chart.limit(ax, usable[name], f"{name} usable IPs ({usable[name]:,})",
                                color=line.get_color())
            ax.set_ylabel("IPs")
        else:
            ax.set_title("connections per NAT gateway (peak in the interval)", fontsize="small",
                         loc="left")
            for name, col in series:
                line, = ax.plot(t, columns[col], "-", linewidth=1.0, label=name)
                ports = nat_ports.get(name)
                if is_number(ports):
                    chart.limit(ax, ports, f"{name} ports per destination ({ports:,})",
                                color=line.get_color())
            if not nat_ports:
                chart.limit(ax, NAT_PORTS_PER_IP,
                            f"{NAT_PORTS_PER_IP:,} ports per NAT IP and destination")
            ax.set_ylabel("connections")
        ax.set_ylim(bottom=0)
    return chart.finish(out, ctx["t_label"])


# --------------------------------------------------------------- comparison

def plot_compare(plt, rows, title, baseline, confidence, out):
    """Per headline metric, each variant's paired difference from the
    baseline with its confidence interval."""
    panels = [(m, label, scale) for m, label, scale in COMPARE_METRICS if m in rows]
    chart = Chart(plt, title, len(panels), sharex=False, width=9.0, panel_height=1.9, left=1.6,
                  right=0.3)
    bars = []
    for ax, (metric, label, scale) in zip(chart.axes, panels):
        entries = rows[metric]
        base = next((e for e in entries if e[0] == baseline), entries[0])
        others = [e for e in entries if e[0] != base[0]]
        names, deltas, errors = [], [], []
        for variant, _, _, diff, diff_half in others:
            names.append(variant)
            deltas.append(diff * scale if is_number(diff) else math.nan)
            errors.append(diff_half * scale if is_number(diff_half) else 0.0)
        bars.append(names)
        ys = list(range(len(names)))
        drawn = [i for i in ys if is_number(deltas[i])]
        if drawn:
            ax.barh([ys[i] for i in drawn], [deltas[i] for i in drawn], 0.6,
                    color="tab:blue",  # a sign is not good or bad: latency up is worse
                    xerr=[errors[i] for i in drawn], capsize=4, alpha=0.8)
        else:
            empty_note(ax, "undefined")
        ax.axvline(0, color="black", linewidth=1.0)
        ax.set_yticks(ys)
        ax.set_yticklabels(names, fontsize="small")
        ax.set_ylim(-0.7, max(len(names), 1) - 0.3)
        base_value = base[1] * scale if is_number(base[1]) else math.nan
        shown = f"{base_value:.4g}" if is_number(base_value) else "undefined"
        ax.set_title(f"{label}: Δ vs {base[0]} (= {shown}) ± {confidence:.0%} CI",
                     fontsize="small", loc="left")
        ax.set_xlabel(f"Δ {label}", fontsize="small")
    description = chart.finish(out)
    for panel, (metric, _, _), names in zip(description["panels"], panels, bars):
        panel["metric"] = metric
        panel["bars"] = names
    description["baseline"] = baseline
    return description


def plot_overlay(plt, series, title, out):
    """The variants' time series on common axes (replication 0 of each)."""
    first = next(iter(series.values()))
    unit, t_label = time_unit(first)
    specs = [
        ("concurrency_avg", "running invocations (avg)", "invocations"),
        ("availability", "availability (successes / attempts ended)", "%"),
        ("latency_p99_ms", "latency p99 of successes", "ms"),
        ("enis_avg", "ENIs in service (avg)", "ENIs"),
        ("nat_connections_peak", "NAT connections, all NATs (peak)", "connections"),
    ]
    specs = [s for s in specs
             if any(any_nonzero(columns.get(s[0], [])) for columns in series.values())]
    chart = Chart(plt, title, max(len(specs), 1))
    windows = fault_windows(first, None)
    chart.shade_faults(windows, unit)
    for i, (col, panel_title, ylabel) in enumerate(specs):
        ax = chart.axes[i]
        ax.set_title(panel_title, fontsize="small", loc="left")
        for variant, columns in series.items():
            values = columns.get(col, [])
            if col == "availability":
                values = [v * 100 if is_number(v) else math.nan for v in values]
            ax.plot(time_axis(columns, unit), values, "-", linewidth=1.0,
                    label=variant if i == 0 else "_" + variant)
        ax.set_ylabel(ylabel)
    if not specs:
        empty_note(chart.axes[0], "nothing to draw")
    return chart.finish(out, t_label)


# ---------------------------------------------------------------------- main

def import_pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text
        import matplotlib.pyplot as plt
    except ImportError:
        fail("matplotlib is not installed (Debian: apt-get install python3-matplotlib)", 3)
    return plt


def parse_args(argv):
    """(directory, format, sweep options {"axis": name or None, "metrics": [...]})."""
    args = argv[1:]
    fmt = "png"
    sweep = {"axis": None, "metrics": []}
    i = 0
    rest = []
    while i < len(args):
        flag = args[i]
        if flag in ("--format", "--axis", "--metric"):
            if i + 1 >= len(args):
                fail(f"{flag} takes a value\n{USAGE}")
            value = args[i + 1]
            if flag == "--format":
                if value not in ("png", "svg"):
                    fail(f"--format takes png or svg\n{USAGE}")
                fmt = value
            elif flag == "--axis":
                sweep["axis"] = value
            else:
                sweep["metrics"].append(value)
            i += 2
            continue
        rest.append(flag)
        i += 1
    if len(rest) != 1 or rest[0].startswith("-"):
        fail(USAGE)
    return rest[0], fmt, sweep


def read_aggregate(path):
    """{(point, variant): {metric: (mean, half_width, n)}} from a store's
    aggregate.csv, and the variants in file order."""
    cells, variants = {}, []
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header != AGGREGATE_HEADER:
                fail(f"{path}: expected the header {','.join(AGGREGATE_HEADER)}")
            for line, row in enumerate(reader, start=2):
                if len(row) != len(AGGREGATE_HEADER):
                    fail(f"{path}:{line}: expected {len(AGGREGATE_HEADER)} fields")
                try:
                    point = int(row[0])
                    mean = float(row[3]) if row[3] else math.nan
                    half = float(row[4]) if row[4] else math.nan
                    n = int(row[6])
                except ValueError:
                    fail(f"{path}:{line}: expected numbers")
                if row[1] not in variants:
                    variants.append(row[1])
                cells.setdefault((point, row[1]), {})[row[2]] = (mean, half, n)
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    return cells, variants


def axis_number(text):
    """The number a sweep value starts with (units dropped: '512MiB' -> 512),
    or None for a name ('per-execution')."""
    m = re.match(r"\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)", str(text))
    return float(m.group(1)) if m else None


def plot_sweep(plt, cells, variants, points, axis, metrics, title, out):
    """Each metric against `axis`: one line per variant and combination of
    the other axes' values, the mean with its confidence band."""
    others = [a for a in points[0]["parameters"] if a != axis] if points else []
    numeric = all(axis_number(p["parameters"].get(axis)) is not None for p in points)
    categories = []
    for p in points:
        v = p["parameters"].get(axis)
        if v not in categories:
            categories.append(v)
    chart = Chart(plt, title, max(len(metrics), 1), sharex=True, width=11.0, panel_height=2.3)
    for ax, metric in zip(chart.axes, metrics):
        pct = metric.endswith(PERCENT_SUFFIXES)
        scale = 100.0 if pct else 1.0
        drawn = False
        for variant in variants:
            groups = {}
            for p in points:
                key = tuple(p["parameters"].get(a) for a in others)
                groups.setdefault(key, []).append(p)
            for key, members in groups.items():
                xs, ys, lo, hi = [], [], [], []
                for p in members:
                    value = cells.get((p["index"], variant), {}).get(metric)
                    if value is None or not is_number(value[0]):
                        continue
                    raw = p["parameters"].get(axis)
                    xs.append(axis_number(raw) if numeric else categories.index(raw))
                    mean, half = value[0] * scale, value[1] * scale
                    ys.append(mean)
                    half = half if is_number(half) else 0.0
                    lo.append(mean - half)
                    hi.append(mean + half)
                if not xs:
                    continue
                order = sorted(range(len(xs)), key=lambda i: xs[i])
                xs = [xs[i] for i in order]
                ys = [ys[i] for i in order]
                lo = [lo[i] for i in order]
                hi = [hi[i] for i in order]
                parts = [variant] if len(variants) > 1 else []
                parts += [f"{a}={v}" for a, v in zip(others, key)]
                label = ", ".join(parts) or metric
                line, = ax.plot(xs, ys, "o-", linewidth=1.2, markersize=3, label=label)
                ax.fill_between(xs, lo, hi, color=line.get_color(), alpha=0.2, linewidth=0)
                drawn = True
        ax.set_title(f"{metric}{' (%)' if pct else ''}: mean ± CI", fontsize="small",
                     loc="left")
        ax.set_ylabel("%" if pct else metric.rsplit(".", 1)[-1], fontsize="small")
        if not numeric:
            ax.set_xticks(range(len(categories)))
            ax.set_xticklabels(categories, fontsize="small")
        if not drawn:
            empty_note(ax, f"{metric}: not in aggregate.csv")
    xlabel = axis
    if numeric and points:
        first = str(points[0]["parameters"].get(axis))
        unit = re.sub(r"^\s*[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?", "", first).strip()
        if unit:
            xlabel = f"{axis} ({unit})"
    description = chart.finish(out, xlabel)
    for panel, metric in zip(description["panels"], metrics):
        panel["metric"] = metric
    description["axis"] = axis
    return description


def plot_sweep_dir(plt, directory, fmt, options):
    manifest = read_json(os.path.join(directory, "manifest.json"))
    if not isinstance(manifest, dict) or not isinstance(manifest.get("points"), list):
        fail(f"{os.path.join(directory, 'manifest.json')}: expected a sweep's manifest (points)")
    points = [p for p in manifest["points"] if isinstance(p, dict)
              and isinstance(p.get("parameters"), dict) and isinstance(p.get("index"), int)]
    axes = list(points[0]["parameters"]) if points else []
    axis = options["axis"] or (axes[0] if axes else None)
    if axis not in axes:
        fail(f"--axis {axis}: the sweep's axes are {', '.join(axes) or '(none)'}")
    cells, variants = read_aggregate(os.path.join(directory, "aggregate.csv"))
    metrics = options["metrics"] or SWEEP_METRICS
    known = {m for values in cells.values() for m in values}
    unknown = [m for m in metrics if m not in known]
    if options["metrics"] and unknown:
        fail(f"--metric {unknown[0]}: not in aggregate.csv (flattened names such as "
             "total.success_rate)")
    metrics = [m for m in metrics if m in known] or metrics
    name = ((manifest.get("scenario") or {}).get("name")) or "lambdasim sweep"
    title = f"{name}: sweep over {axis}"
    return [lambda: plot_sweep(plt, cells, variants, points, axis, metrics, title,
                               os.path.join(directory, f"sweep.{fmt}"))]


def run_title(summary, manifest):
    scenario = summary.get("scenario") if isinstance(summary, dict) else None
    name = scenario.get("name") if isinstance(scenario, dict) else None
    title = str(name) if name else "lambdasim run"
    variant = manifest.get("variant") if isinstance(manifest, dict) else None
    if variant:
        title += f" (variant {variant})"
    return title


def plot_run(plt, directory, fmt):
    csv_path = os.path.join(directory, "timeseries.csv")
    json_path = os.path.join(directory, "summary.json")
    for path in (csv_path, json_path):
        if not os.path.isfile(path):
            fail(f"{path}: missing; run `lambdasim run SCENARIO --out {directory}` "
                 "(or `lambdasim compare SCENARIO --out DIR`) first")
    columns = read_timeseries(csv_path)
    summary = read_json(json_path)
    if not isinstance(summary, dict):
        fail(f"{json_path}: expected a JSON object")
    manifest = read_json(os.path.join(directory, "manifest.json"), required=False)
    limits = manifest.get("limits") if isinstance(manifest, dict) else None
    unit, t_label = time_unit(columns)
    ctx = {"plt": plt, "columns": columns, "summary": summary, "unit": unit,
           "t": time_axis(columns, unit), "t_label": t_label,
           "faults": fault_windows(columns, summary),
           "limits": limits if isinstance(limits, dict) else {},
           "title": run_title(summary, manifest)}
    path = lambda name: os.path.join(directory, f"{name}.{fmt}")
    jobs = [lambda: plot_concurrency(ctx, path("concurrency")),
            lambda: plot_outcomes(ctx, path("outcomes")),
            lambda: plot_latency(ctx, path("latency"))]
    panels = network_panels(ctx)
    if panels:
        jobs.append(lambda: plot_network(ctx, panels, path("network")))
    return jobs


def plot_comparison(plt, directory, fmt):
    rows = read_compare(os.path.join(directory, "compare.csv"))
    if not any(m in rows for m, _, _ in COMPARE_METRICS):
        fail(f"{os.path.join(directory, 'compare.csv')}: none of "
             f"{', '.join(m for m, _, _ in COMPARE_METRICS)} is present")
    meta = read_json(os.path.join(directory, "compare.json"), required=False)
    meta = meta if isinstance(meta, dict) else {}
    scenario = (meta.get("scenario") or {}).get("name") or "lambdasim compare"
    variants = meta.get("variants") or []
    if not variants:
        for entries in rows.values():
            for e in entries:
                if e[0] not in variants:
                    variants.append(e[0])
    baseline = meta.get("baseline") or variants[0]
    confidence = meta.get("confidence") if is_number(meta.get("confidence")) else 0.95
    replications = meta.get("replications")
    title = f"{scenario}: variants vs {baseline}"
    if is_number(replications):
        title += f" ({replications} replications, paired)"
    jobs = [lambda: plot_compare(plt, rows, title, baseline, confidence,
                                 os.path.join(directory, f"compare.{fmt}"))]
    series = {}
    for v in variants:
        path = os.path.join(directory, series_file(v))
        if os.path.isfile(path):
            series[v] = read_timeseries(path)
    if series:
        jobs.append(lambda: plot_overlay(plt, series,
                                         f"{scenario}: variants over time (replication 0)",
                                         os.path.join(directory, f"overlay.{fmt}")))
    return jobs


def run_jobs(jobs):
    """Draws each chart in a child process of its own, forked after
    matplotlib's import (a third of the cost): the charts then take about the
    time of the slowest rather than the sum when there is more than one core.
    Returns their descriptions in job order; exits like the child that failed."""
    if len(jobs) == 1 or not hasattr(os, "fork"):
        return [job() for job in jobs]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for job in jobs:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: draw, send the description, exit
            os.close(read_end)
            code = 0
            try:
                payload = {"chart": job()}
            except SystemExit as e:  # fail(): its message is on stderr already
                code = e.code if isinstance(e.code, int) else 2
                payload = {"exit": code}
            except BaseException:  # pylint: disable=broad-except
                code = 1
                payload = {"error": traceback.format_exc()}
            with os.fdopen(write_end, "w") as w:
                json.dump(payload, w)
            sys.stderr.flush()
            os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    charts, code = [], 0
    for pid, read_end in children:
        with os.fdopen(read_end) as r:
            text = r.read()
        os.waitpid(pid, 0)
        try:
            payload = json.loads(text)
        except json.JSONDecodeError:
            payload = {"error": "a drawing process died"}
        if "chart" in payload:
            charts.append(payload["chart"])
        elif "error" in payload:
            print(f"plot.py: error: {payload['error']}", file=sys.stderr)
            code = code or 1
        else:
            code = code or payload.get("exit", 1)
    if code:
        sys.exit(code)
    return charts


def main(argv):
    if len(argv) == 2 and argv[1] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 0
    directory, fmt, sweep = parse_args(argv)
    if not os.path.isdir(directory):
        fail(f"{directory}: no such directory\n{USAGE}")
    manifest = read_json(os.path.join(directory, "manifest.json"), required=False)
    if isinstance(manifest, dict) and manifest.get("kind") == "sweep":
        plt = import_pyplot()
        charts = run_jobs(plot_sweep_dir(plt, directory, fmt, sweep))
        with open(os.path.join(directory, "plots.json"), "w") as f:
            json.dump({"charts": charts}, f, indent=1)
            f.write("\n")
        for chart in charts:
            print(os.path.join(directory, chart["file"]))
        return 0
    compare_mode = os.path.isfile(os.path.join(directory, "compare.csv"))
    have_run = all(os.path.isfile(os.path.join(directory, f))
                   for f in ("timeseries.csv", "summary.json"))
    if not compare_mode or have_run:  # a comparison directory may hold a run too
        for f in ("timeseries.csv", "summary.json"):
            path = os.path.join(directory, f)
            if not os.path.isfile(path):
                fail(f"{path}: missing; run `lambdasim run SCENARIO --out {directory}` "
                     "(or `lambdasim compare SCENARIO --out DIR`) first")
    if compare_mode:
        read_compare(os.path.join(directory, "compare.csv"))  # fail before importing
    plt = import_pyplot()
    jobs = []
    if compare_mode:
        jobs += plot_comparison(plt, directory, fmt)
    if not compare_mode or have_run:
        jobs += plot_run(plt, directory, fmt)
    charts = run_jobs(jobs)
    with open(os.path.join(directory, "plots.json"), "w") as f:
        json.dump({"charts": charts}, f, indent=1)
        f.write("\n")
    for chart in charts:
        print(os.path.join(directory, chart["file"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
