// report.html (sim/report/html_report.cpp, `lambdasim report`): hostile
// scenario strings stay text, `report DIR` rebuilds the very bytes `run` and
// `compare` wrote, a bad directory is exit 2 with a located message, the
// page does not depend on -j, long series are thinned without losing counts.
// The page in a real browser: tools/check_report.py (ctest label browser).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "lambdasim/report/html_report.hpp"

namespace lambdasim::testing {
namespace {

using nlohmann::json;

const std::string kRoot = LAMBDASIM_SOURCE_DIR;
const std::string kTiny = kRoot + "/tests/data/golden/explain_tiny.yaml";
const std::string kAzOutage = kRoot + "/scenarios/az-outage-designs.yaml";
const std::string kShort = " --set horizon=1m";
const std::string kHostile = "</script><script>alert(1)</script>";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + 1)) {
    ++n;
  }
  return n;
}

// The JSON block the charts are drawn from.
json report_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const std::size_t start = html.find(open);
  REQUIRE(start != std::string::npos);
  const std::size_t end = html.find("</script>", start);
  REQUIRE(end != std::string::npos);
  return parse_json(html.substr(start + open.size(), end - start - open.size()));
}

const json& find_chart(const json& charts, const std::string& id) {
  for (const json& c : charts) {
    if (c["id"] == id) return c;
  }
  FAIL("no chart " << id);
  static const json kNone;
  return kNone;
}

}  // namespace

TEST_CASE("report: html_escape and script_safe_json leave no markup", "[report][html]") {
  CHECK(html_escape(kHostile) == "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(html_escape("a & 'b' \"c\"") == "a &amp; &#39;b&#39; &quot;c&quot;");
  const std::string safe = script_safe_json(json{{"name", kHostile + "<!--"}}.dump());
  CHECK(safe.find('<') == std::string::npos);
  CHECK(safe.find('>') == std::string::npos);
  CHECK(json::parse(safe)["name"] == kHostile + "<!--");  // JSON.parse reads it back
}

TEST_CASE("report: the question is the scenario file's leading comment", "[report][html]") {
  CHECK(scenario_question(
            "# Question: why?\n# Because.\n#\n# Second.\napiVersion: x\n# not this\n") ==
        "Question: why? Because.\n\nSecond.");
  CHECK(scenario_question("apiVersion: x\n# late\n").empty());
  CHECK(scenario_question("").empty());
}

TEST_CASE("report: hostile scenario strings are shown as text", "[report][html][cli]") {
  const TempDir dir;
  std::string yaml = read_text(kTiny);
  const std::size_t name = yaml.find("metadata:");
  REQUIRE(name != std::string::npos);
  yaml.insert(name + 9, "\n  description: \"" + kHostile + " & <img src=x onerror=alert(2)>\"");
  yaml = "# Question: " + kHostile + "?\n" + yaml;
  const std::string file = dir / "hostile.yaml";
  write_text(file, yaml);
  const std::string out = dir / "out";
  const CliResult r = cli("run " + quote(file) + kShort + " --out " + quote(out));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string html = read_text(fs::path(out) / "report.html");
  // Exactly the page's own four scripts: error capture, data, uPlot, charts.
  CHECK(count(html, "<script") == 4);
  CHECK(count(html, "</script>") == 4);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  // The description and the question, escaped, in the overview.
  CHECK(count(html, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 2);
  CHECK(html.find("&amp; &lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
  CHECK(report_data(html)["kind"] == "run");
}

TEST_CASE("report: a run's page holds every section and its charts' data", "[report][html][cli]") {
  const TempDir dir;
  const std::string out = dir / "out";
  const CliResult r = cli("run " + quote(kTiny) + kShort + " --out " + quote(out));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string html = read_text(fs::path(out) / "report.html");
  for (const char* id : {"overview", "explain", "summary", "charts", "faults", "js-errors"}) {
    INFO(id);
    CHECK(html.find(std::string("id=\"") + id + "\"") != std::string::npos);
  }
  // Nothing loaded from anywhere: no src, no <link>, no url(); the one
  // address is uPlot's banner comment.
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(count(html, "http") == 1);
  CHECK(html.find("/*! https://github.com/leeoniya/uPlot (v1.6.32) */") != std::string::npos);
  const json data = report_data(html);
  const json& charts = data["detail"][0]["charts"];
  const json& concurrency = find_chart(charts, "chart-concurrency");
  CHECK(concurrency["x"].size() == 60);  // one point per second of the minute
  CHECK(concurrency["limits"][0]["label"] == "account concurrency 1000");
  CHECK(concurrency["limits"][0]["value"] == 1000);
  CHECK_FALSE(find_chart(charts, "chart-outcomes").contains("missing"));
  // explain_tiny has NAT gateways: the chart draws their port limit.
  const json& nat = find_chart(charts, "chart-nat");
  REQUIRE_FALSE(nat.contains("missing"));
  CHECK(nat["limits"][0]["value"].get<double>() >= 55000);

  // explain.json is `explain --format json` plus the scenario's context.
  json explain = parse_json(read_text(fs::path(out) / "explain.json"));
  CHECK(explain["scenario"]["account_concurrency"] == 1000);
  explain.erase("scenario");
  const CliResult e = cli("explain " + quote(kTiny) + kShort + " --format json");
  REQUIRE(e.code == 0);
  CHECK(explain == parse_json(e.out));
}

TEST_CASE("report DIR rebuilds the bytes run and compare wrote", "[report][html][cli][threads]") {
  const TempDir dir;
  SECTION("run") {
    const std::string out = dir / "run";
    REQUIRE(cli("run " + quote(kTiny) + kShort + " --out " + quote(out)).code == 0);
    const std::string written = read_text(fs::path(out) / "report.html");
    const CliResult r = cli("report " + quote(out) + " --out " + quote(dir / "again.html"));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(read_text(dir / "again.html") == written);
    // Without --out: DIR/report.html, the same bytes again.
    REQUIRE(cli("report " + quote(out)).code == 0);
    CHECK(read_text(fs::path(out) / "report.html") == written);
  }
  SECTION("compare") {
    const std::string out = dir / "compare";
    const CliResult c = cli("compare " + quote(kAzOutage) + kShort + " -r 2 --out " + quote(out));
    INFO(c.err);
    REQUIRE(c.code == 0);
    const std::string written = read_text(fs::path(out) / "report.html");
    REQUIRE(cli("report " + quote(out) + " --out " + quote(dir / "again.html")).code == 0);
    CHECK(read_text(dir / "again.html") == written);
    for (const char* id : {"overview", "explain", "summary", "compare-delta", "compare-overlay",
                           "charts", "faults"}) {
      INFO(id);
      CHECK(written.find(std::string("id=\"") + id + "\"") != std::string::npos);
    }
    const json data = report_data(written);
    CHECK(data["kind"] == "compare");
    CHECK(data["detail"].size() == 4);  // one chart set per variant
    CHECK(data["detail"][0]["name"] == "nat-per-az");
    // The AZ outage, as configured, in the fault table.
    CHECK(written.find("<td>az_outage</td><td>use1-az1</td><td>10:00</td><td>20:00</td>") !=
          std::string::npos);
  }
}

// What the "series" work adds to a compare directory: timeseries-<variant>.csv
// per variant, with latency and per-subnet/per-NAT columns. The page finds
// them by name and draws the overlays and each variant's charts.
TEST_CASE("report: a compare's per-variant series make its overlays", "[report][html][cli]") {
  const TempDir dir;
  const std::string out = dir / "out";
  const CliResult c = cli("compare " + quote(kAzOutage) + kShort + " -r 2 --out " + quote(out));
  INFO(c.err);
  REQUIRE(c.code == 0);
  const std::vector<std::string> variants = {"nat-per-az", "one-az", "shared-nat", "service-vpc"};
  for (std::size_t v = 0; v < variants.size(); ++v) {
    std::string csv =
        "t_start_s,t_end_s,attempts,successes,throttles,errors,platform_errors,concurrency_avg,"
        "outcomes_success,latency_p50_ms,latency_p99_ms,latency_cold_p99_ms,"
        "subnets.main.priv-a.enis_avg,subnets.main.priv-a.ips_free_min,"
        "nats.main.nat-a.connections_peak,nat_connections_peak\n";
    for (int t = 0; t < 60; ++t) {
      // No cold start in most buckets: an empty cell.
      csv += fmt::format("{},{},200,{},0,0,{},{},{},110,{},{},1,250,30,30\n", t, t + 1, 200 - v, v,
                         25 + v, 200 - v, 400 + v, t % 10 == 0 ? "350" : "");
    }
    write_text(fs::path(out) / ("timeseries-" + variants[v] + ".csv"), csv);
  }
  REQUIRE(cli("report " + quote(out)).code == 0);
  const json data = report_data(read_text(fs::path(out) / "report.html"));
  const json& concurrency = find_chart(data["overlay"], "overlay-concurrency");
  REQUIRE(concurrency["series"].size() == 4);
  CHECK(concurrency["series"][3]["label"] == "service-vpc");
  CHECK(concurrency["series"][3]["values"][0] == 28);
  CHECK(concurrency["limits"][0]["value"] == 1000);
  const json& failures = find_chart(data["overlay"], "overlay-failures");
  CHECK(failures["series"][2]["values"][0] == 2);  // throttles + errors + platform errors
  CHECK_FALSE(find_chart(data["overlay"], "overlay-latency").contains("missing"));
  // Each variant's own charts: latency all and cold, a gap where no cold start.
  const json& latency = find_chart(data["detail"][1]["charts"], "chart-latency");
  REQUIRE(latency["series"].size() == 3);
  CHECK(latency["series"][2]["label"] == "cold p99");
  CHECK(latency["series"][2]["values"][0] == 350);
  CHECK(latency["series"][2]["values"][1].is_null());
  const json& enis = find_chart(data["detail"][0]["charts"], "chart-enis");
  CHECK(enis["series"][0]["label"] == "main.priv-a ENIs");
  const json& nat = find_chart(data["detail"][0]["charts"], "chart-nat");
  CHECK(nat["series"][0]["label"] == "main.nat-a connections (peak)");
  CHECK(nat["limits"][0]["value"] == 110000);  // 2 IPs x 55,000 to one destination
}

TEST_CASE("compare --baseline puts that variant first", "[report][html][cli][threads]") {
  const TempDir dir;
  const std::string out = dir / "out";
  const CliResult c = cli("compare " + quote(kAzOutage) + kShort +
                          " -r 2 --baseline one-az --format json --out " + quote(out));
  INFO(c.err);
  REQUIRE(c.code == 0);
  const json j = parse_json(c.out);
  CHECK(j["variants"] == json::array({"one-az", "nat-per-az", "shared-nat", "service-vpc"}));
  CHECK_FALSE(j["metrics"]["total.attempts"]["one-az"].contains("difference"));
  CHECK(j["metrics"]["total.attempts"]["nat-per-az"].contains("difference"));
  const std::string html = read_text(fs::path(out) / "report.html");
  CHECK(html.find("Baseline <strong>one-az</strong>") != std::string::npos);

  const CliResult bad = cli("compare " + quote(kAzOutage) + kShort + " --baseline nope");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--baseline: no variant named 'nope'") != std::string::npos);
}

TEST_CASE("report: the page does not depend on -j", "[report][html][cli][threads]") {
  const TempDir dir;
  for (const char* j : {"1", "2"}) {
    REQUIRE(cli("run " + quote(kTiny) + kShort + " -r 2 -j " + j + " --out " +
                quote(dir / (std::string("run") + j)))
                .code == 0);
    REQUIRE(cli("compare " + quote(kAzOutage) + kShort + " -r 2 -j " + j + " --out " +
                quote(dir / (std::string("compare") + j)))
                .code == 0);
  }
  const std::string run1 = read_text(dir / "run1/report.html");
  CHECK(run1.size() > 60000);  // the page with uPlot inlined
  CHECK(run1 == read_text(dir / "run2/report.html"));
  CHECK(read_text(dir / "compare1/report.html") == read_text(dir / "compare2/report.html"));
  // Replications: the summary shows mean ± half-width.
  CHECK(run1.find(" ±") != std::string::npos);
}

TEST_CASE("report: a missing, empty or broken directory is exit 2 with a message",
          "[report][html][cli]") {
  const TempDir dir;
  const CliResult missing = cli("report " + quote(dir / "nope"));
  CHECK(missing.code == 2);
  CHECK(missing.err.find(dir / "nope") != std::string::npos);
  CHECK(missing.err.find("no such directory") != std::string::npos);

  const CliResult empty = cli("report " + quote(dir.path().string()));
  CHECK(empty.code == 2);
  CHECK(empty.err.find("neither summary.json nor compare.json") != std::string::npos);

  write_text(dir.path() / "summary.json", "{\"total\": ");
  const CliResult broken = cli("report " + quote(dir.path().string()));
  CHECK(broken.code == 2);
  CHECK(broken.err.find((dir.path() / "summary.json").string() + ": not valid JSON") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "report.html"));

  write_text(dir.path() / "summary.json", "{}");
  write_text(dir.path() / "timeseries.csv", "t_start_s,t_end_s,attempts\n0,1,5\n1,2\n");
  const CliResult short_row = cli("report " + quote(dir.path().string()));
  CHECK(short_row.code == 2);
  CHECK(short_row.err.find("timeseries.csv:3: 2 cells where the header has 3 columns") !=
        std::string::npos);
}

TEST_CASE("report: long series are thinned, counts kept", "[report][html]") {
  const TempDir dir;
  write_text(dir.path() / "summary.json",
             "{\"scenario\": {\"name\": \"long\", \"horizon_s\": 4000}}");
  std::string csv =
      "t_start_s,t_end_s,attempts,concurrency_peak,concurrency_avg,outcomes_success\n";
  for (int t = 0; t < 4000; ++t) {
    csv += fmt::format("{},{},{},{},{},{}\n", t, t + 1, t % 7, t % 100, 2.0, t % 7);
  }
  write_text(dir.path() / "timeseries.csv", csv);
  const HtmlReport page = render_html_report(dir.path());
  INFO(page.error);
  REQUIRE(page.ok);
  const json charts = report_data(page.html)["detail"][0]["charts"];
  const json& concurrency = find_chart(charts, "chart-concurrency");
  // 4000 rows, 3 per point: 1334 points, each starting where its first row did.
  REQUIRE(concurrency["x"].size() == 1334);
  CHECK(concurrency["x"][1] == 3);
  CHECK(concurrency["series"][0]["label"] == "concurrency (avg)");
  CHECK(concurrency["series"][0]["values"][5] == 2.0);  // averages: the mean
  CHECK(concurrency["series"][1]["values"][0] == 2.0);  // peaks: the maximum of 0, 1, 2
  const json& outcomes = find_chart(charts, "chart-outcomes");
  double total = 0;
  for (const json& v : outcomes["series"][0]["values"]) total += v.get<double>();
  double expected = 0;
  for (int t = 0; t < 4000; ++t) expected += t % 7;
  CHECK(total == expected);  // counts: summed, none lost
  CHECK(outcomes["note"].get<std::string>().find("3 buckets per point") != std::string::npos);
  // No explain.json: the explain section says so; the latency chart is absent.
  CHECK(page.html.find("explain.json: not in this directory") != std::string::npos);
  CHECK(find_chart(charts, "chart-latency")["missing"] == "not in this run's data");
}

}  // namespace lambdasim::testing
