#!/usr/bin/python3
"""Opens report.html of every shipped scenario in headless Chromium.

For each scenarios/*.yaml: `lambdasim run` (short horizon) and, when it has
variants, `lambdasim compare`, both with --out; then each report.html is
loaded by `chromium --headless --dump-dom` and `--screenshot`. Fails on a
console or script error (the page lists them in #js-errors; Chromium's
log is searched for "Uncaught" and any console message too), a missing section, a chart that
neither rendered (data-rendered="true", data-points > 0, a canvas) nor says
why it is absent, a chart that the data has columns for but that did not
render, and a screenshot with too few non-blank or coloured pixels.

Usage: check_report.py LAMBDASIM SOURCE_DIR [--keep DIR] [--only NAME]
Exit 0 ok, 1 a check failed, 77 Chromium is not installed (ctest: skipped).
The PNG is read with python3-matplotlib when present, else decoded with
zlib and struct (slow, but the standard library only).
"""
import argparse
import concurrent.futures
import csv
import html.parser
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SHORT_HORIZON = "2m"
# The compare whose screenshot the README describes: long enough for its AZ
# outage (10 to 20 min) to show.
SHOWCASE = "az-outage-designs"
SHOWCASE_HORIZON = "25m"
RUN_SECTIONS = ["overview", "explain", "summary", "charts", "faults"]
COMPARE_SECTIONS = RUN_SECTIONS + ["compare-delta", "compare-overlay"]
WINDOW = "1280,4200"
MIN_NONBLANK = 0.03  # of the screenshot's pixels
MIN_COLOURED = 400  # pixels with a clear hue: chart lines, legend markers, bands


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Dom(html.parser.HTMLParser):
    """Ids, the chart boxes' attributes and the canvases inside them."""

    def __init__(self):
        super().__init__()
        self.ids = {}
        self.charts = []  # [attrs dict, canvas count]
        self.stack = []  # chart index of each open div, or None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = (tag, a)
        if tag == "canvas":
            for i in reversed(self.stack):
                if i is not None:
                    self.charts[i][1] += 1
                    break
        if tag == "div":
            if "chart" in (a.get("class") or "").split():
                self.charts.append([a, 0])
                self.stack.append(len(self.charts) - 1)
            else:
                self.stack.append(None)

    def handle_endtag(self, tag):
        if tag == "div" and self.stack:
            self.stack.pop()


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"{path}: PNG colour type {colour} depth {depth}")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def pixel_counts(path):
    """(fraction of pixels that are not near-white, count with a clear hue)."""
    try:  # numpy through python3-matplotlib (tools/setup.sh): fast
        import matplotlib.image
        rgb = (matplotlib.image.imread(path)[:, :, :3] * 255).astype("int16")
        low, high = rgb.min(axis=2), rgb.max(axis=2)
        return float((low < 235).mean()), int(((high - low) > 60).sum())
    except ImportError:
        pass
    width, height, bpp, rows = png_pixels(path)
    nonblank = coloured = 0
    for line in rows:
        for x in range(0, width * bpp, bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if min(r, g, b) < 235:
                nonblank += 1
            if max(r, g, b) - min(r, g, b) > 60:
                coloured += 1
    return nonblank / float(width * height), coloured


def header(path):
    """The columns of a CSV that have at least one non-empty cell."""
    try:
        with open(path) as f:
            rows = list(csv.reader(f))
    except OSError:
        return []
    if not rows:
        return []
    filled = set()
    for row in rows[1:]:
        filled.update(i for i, cell in enumerate(row) if cell != "")
    return [c for i, c in enumerate(rows[0]) if i in filled]


def browse(browser, page, shot, profile):
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
              "--virtual-time-budget=10000", f"--window-size={WINDOW}"]
    url = "file://" + os.path.abspath(page)
    # One browser for both: the DOM after the scripts ran on stdout, and the
    # screenshot (a window tall enough for most of the page).
    r = subprocess.run(common + ["--dump-dom", f"--screenshot={shot}", url], capture_output=True,
                       text=True, timeout=120)
    return r.stdout, r.stderr


def check_page(browser, page, kind, required, work):
    """Problems found in one report (empty: fine)."""
    problems = []
    name = os.path.relpath(page, work)
    shot = page[:-5] + ".png"
    profile = tempfile.mkdtemp(dir=work, prefix="profile-")
    dom_text, log = browse(browser, page, shot, profile)
    for line in log.splitlines():
        # The page logs nothing: any console message is a failure.
        if "Uncaught" in line or ":CONSOLE" in line:
            problems.append(f"{name}: console: {line.strip()}")
    dom = Dom()
    dom.feed(dom_text)
    errors = dom.ids.get("js-errors")
    if errors is None or errors[1].get("data-count") != "0":
        problems.append(f"{name}: #js-errors reports script errors or the script did not run: "
                        f"{errors[1] if errors else 'no #js-errors element'}")
    body_ready = 'data-report-ready="true"' in dom_text
    if not body_ready:
        problems.append(f"{name}: the page's script did not finish (no data-report-ready)")
    for section in COMPARE_SECTIONS if kind == "compare" else RUN_SECTIONS:
        if section not in dom.ids:
            problems.append(f"{name}: section #{section} missing")
    if not dom.charts:
        problems.append(f"{name}: no chart at all")
    rendered = set()
    for attrs, canvases in dom.charts:
        cid = attrs.get("id", "?")
        if attrs.get("data-missing") == "true":
            continue
        points = int(attrs.get("data-points", "0") or 0)
        if attrs.get("data-rendered") != "true" or points <= 0 or canvases == 0:
            problems.append(f"{name}: chart {cid} is blank (rendered={attrs.get('data-rendered')}, "
                            f"points={points}, canvases={canvases})")
        else:
            rendered.add(cid)
    for cid in required:
        if cid not in rendered:
            problems.append(f"{name}: chart {cid} has data but did not render")
    if not os.path.exists(shot):
        problems.append(f"{name}: no screenshot")
    else:
        nonblank, coloured = pixel_counts(shot)
        if nonblank < MIN_NONBLANK or coloured < MIN_COLOURED:
            problems.append(f"{name}: screenshot nearly blank ({nonblank:.1%} non-blank pixels, "
                            f"{coloured} coloured)")
    shutil.rmtree(profile, ignore_errors=True)
    return problems


def required_charts(columns, prefix):
    """The charts a time series with these columns must show."""
    if not columns:
        return []
    out = [prefix + "concurrency", prefix + "outcomes"]
    if "latency_p99_ms" in columns:
        out.append(prefix + "latency")
    return out


def lambdasim(bin_path, args):
    r = subprocess.run([bin_path] + args, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"lambdasim {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")


def make_reports(bin_path, scenario, work):
    """[(page, kind, required charts)] for one scenario."""
    name = os.path.basename(scenario)[:-5]
    horizon = ["--set", f"spec.horizon={SHORT_HORIZON}"]
    run_dir = os.path.join(work, name + ".run")
    lambdasim(bin_path, ["run", scenario] + horizon + ["--out", run_dir])
    pages = [(os.path.join(run_dir, "report.html"), "run",
              required_charts(header(os.path.join(run_dir, "timeseries.csv")), "chart-"))]
    with open(scenario) as f:
        has_variants = any(line.startswith("  variants:") for line in f)
    if has_variants:
        compare_dir = os.path.join(work, name + ".compare")
        h = SHOWCASE_HORIZON if name == SHOWCASE else SHORT_HORIZON
        lambdasim(bin_path, ["compare", scenario, "--set", f"spec.horizon={h}", "-r", "2", "-j", "1",
                             "--out", compare_dir])
        required = []
        series = [f for f in os.listdir(compare_dir) if f.startswith("timeseries-")]
        if series:
            required = ["overlay-concurrency"] + required_charts(
                header(os.path.join(compare_dir, sorted(series)[0])), "chart-")
        pages.append((os.path.join(compare_dir, "report.html"), "compare", required))
    return pages


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lambdasim")
    ap.add_argument("source_dir")
    ap.add_argument("--keep", help="write the reports and screenshots here and keep them")
    ap.add_argument("--only", action="append", help="only this scenario (repeatable)")
    args = ap.parse_args()
    browser = chromium()
    if browser is None:
        print("check_report: SKIPPED: chromium is not installed (tools/setup.sh installs it)")
        return 77
    scenarios_dir = os.path.join(args.source_dir, "scenarios")
    scenarios = sorted(os.path.join(scenarios_dir, f) for f in os.listdir(scenarios_dir)
                       if f.endswith(".yaml") and (not args.only or f[:-5] in args.only))
    work = args.keep or tempfile.mkdtemp(prefix="lambdasim-report-")
    os.makedirs(work, exist_ok=True)
    problems = []
    pages = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for made in pool.map(lambda s: make_reports(args.lambdasim, s, work), scenarios):
                pages.extend(made)
            results = pool.map(lambda p: check_page(browser, p[0], p[1], p[2], work), pages)
            for page, found in zip(pages, results):
                print(f"{'FAIL' if found else 'ok  '} {os.path.relpath(page[0], work)}")
                problems.extend(found)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print("check_report: " + p, file=sys.stderr)
    print(f"check_report: {len(pages)} reports of {len(scenarios)} scenarios, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
