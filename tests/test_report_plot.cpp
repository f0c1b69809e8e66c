// tools/plot.py end to end: our writers produce timeseries.csv, summary.json
// and manifest.json (or a compare.csv, compare.json and timeseries-<variant>
// files) in a temporary directory, the script turns them into PNGs: run
// charts with limit lines and labelled fault windows, network.png, and
// compare.png / overlay.png; plots.json says what was drawn. Skipped (with a
// warning) when /usr/bin/python3 has no matplotlib.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/report/atomic_file.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/json_report.hpp"

using namespace lambdasim;
namespace fs = std::filesystem;

namespace {

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const std::string kPython = "/usr/bin/python3";
const std::string kPlot = std::string(LAMBDASIM_SOURCE_DIR) + "/tools/plot.py";

bool have_matplotlib() {
  return fs::exists(kPython) && run(kPython + " -c 'import matplotlib' >/dev/null 2>&1") == 0;
}

}  // namespace

TEST_CASE("plot.py writes the three PNGs", "[report][plot]") {
  if (!have_matplotlib()) {
    WARN(kPython << " has no matplotlib: plot test skipped");
    return;
  }
  const fs::path dir =
      fs::temp_directory_path() / ("lambdasim_test_plot_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  Scenario s;
  s.name = "plot";
  s.run.horizon = seconds(20);
  FunctionConfig api;
  api.name = "api";
  FunctionConfig worker;
  worker.name = "worker";
  s.model.functions = {api, worker};
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  for (int i = 0; i < 200; ++i) {
    const SimTime t = milliseconds(100 * i);
    const auto f = static_cast<FunctionIndex>(i % 2);
    if (i % 7 == 3) {
      m.on_rejected(t, f, Outcome::kThrottleScaling, InvocationType::kSync);
      continue;
    }
    m.on_started(t, f, i < 10, false);
    Completion c;
    c.function = f;
    c.cold = i < 10;
    c.latency = milliseconds(50 + i);
    c.run_duration = c.latency;
    m.on_completed(t + c.latency, c);
  }
  m.finish(s.run.horizon);
  REQUIRE(write_file_atomic(dir / "timeseries.csv", timeseries_to_csv(m.timeseries(), s.model)));
  REQUIRE(write_file_atomic(dir / "summary.json", summary_to_json(s, m.summary())));

  const std::string quiet = " >/dev/null 2>&1";
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  for (const char* png : {"concurrency.png", "outcomes.png", "latency.png"}) {
    INFO(png);
    REQUIRE(fs::exists(dir / png));
    CHECK(fs::file_size(dir / png) > 1000);
  }

  // Missing inputs: a clear error and exit code 2.
  CHECK(run(kPython + " " + kPlot + " " + (dir / "nope").string() + quiet) == 2);
  fs::remove(dir / "summary.json");
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 2);
  CHECK(run(kPython + " " + kPlot + quiet) == 2);
  fs::remove_all(dir);
}

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 ("lambdasim_test_plot_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

using Json = nlohmann::json;

// plots.json: what plot.py drew.
Json read_plots(const fs::path& dir) {
  std::ifstream in(dir / "plots.json");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  REQUIRE(Json::accept(text.str()));
  return Json::parse(text.str());
}

Json chart(const Json& plots, const std::string& file) {
  for (const Json& c : plots["charts"]) {
    if (c["file"] == file) return c;
  }
  FAIL("no chart " << file << " in plots.json");
  return {};
}

// The limit lines of every panel of a chart, label -> value.
std::map<std::string, double> limits(const Json& c) {
  std::map<std::string, double> out;
  for (const Json& p : c["panels"]) {
    for (const Json& l : p["limits"]) out[l["label"].get<std::string>()] = l["value"].get<double>();
  }
  return out;
}

std::vector<std::string> lines(const Json& c) {
  std::vector<std::string> out;
  for (const Json& p : c["panels"]) {
    for (const Json& l : p["lines"]) out.push_back(l.get<std::string>());
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// plot.py on `dir`: the best wall time of up to three runs, in seconds (a
// loaded machine slows one run, rarely three).
double plot_seconds(const fs::path& dir) {
  double best = 1e9;
  for (int i = 0; i < 3 && best >= 2.0; ++i) {
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + " >/dev/null 2>&1") == 0);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

// "Under 2 s per directory" (issue 14): checked where it can be measured; on a
// machine running more than a process per core, a wall time says little.
void check_plot_time(const fs::path& dir) {
  double load = 0;
  if (getloadavg(&load, 1) == 1 &&
      load > static_cast<double>(std::thread::hardware_concurrency())) {
    WARN("load average " << load << ": plot.py's time not checked against 2 s");
    return;
  }
  const double took = plot_seconds(dir);
  INFO("plot.py took " << took << " s; load average " << load);
  CHECK(took < 2.0);
}

}  // namespace

TEST_CASE("plot.py shades fault windows and draws network.png", "[report][plot]") {
  if (!have_matplotlib()) {
    WARN(kPython << " has no matplotlib: plot test skipped");
    return;
  }
  const fs::path dir = fresh_dir("network");
  Scenario s;
  s.name = "plot-network";
  s.run.horizon = seconds(30);
  FunctionConfig api;
  api.name = "api";
  api.reserved_concurrency = 50;
  s.model.functions = {api};
  s.model.account.concurrency_limit = 400;
  VpcConfig main;
  main.name = "main";
  main.subnets = {{.name = "priv-a",
                   .az = "use1-az1",
                   .cidr = "10.0.1.0/24",
                   .prefix_length = 24,
                   .route_nat = ""}};
  main.nat_gateways = {{.name = "nat-a", .az = "use1-az1"}};
  s.model.network.vpcs = {main};
  FaultConfig az;
  az.kind = FaultKind::kAzOutage;
  az.at = seconds(10);
  az.duration = seconds(5);
  az.az = "use1-az1";
  s.model.faults.timeline = {az};

  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  m.on_eni_change(kTimeZero, 0, 0, 1);
  m.on_eni_change(seconds(2), 0, 1, -1);
  bool fault_on = false;
  for (int i = 0; i < 300; ++i) {
    const SimTime t = milliseconds(100 * i);
    if (!fault_on && t >= seconds(10)) {
      m.on_fault(seconds(10), 0, true);
      fault_on = true;
    }
    if (fault_on && t >= seconds(15) && t < seconds(16)) {
      m.on_fault(seconds(15), 0, false);
      fault_on = false;
    }
    const bool failing = t >= seconds(10) && t < seconds(15);
    m.on_started(t, 0, true, false);
    m.on_nat_connections(t, 0, 1);
    Completion c;
    c.cold = true;
    c.outcome = failing ? Outcome::kAzFailure : Outcome::kSuccess;
    c.environment_kept = false;
    c.latency = milliseconds(50);
    c.run_duration = c.latency;
    m.on_nat_connections(t + c.latency, 0, -1);
    m.on_completed(t + c.latency, c);
  }
  m.finish(s.run.horizon);
  REQUIRE(write_file_atomic(dir / "timeseries.csv", timeseries_to_csv(m.timeseries(), s.model)));
  REQUIRE(write_file_atomic(dir / "summary.json", summary_to_json(s, m.summary())));
  REQUIRE(write_file_atomic(dir / "manifest.json",
                            manifest_to_json(s, 1, "lambdasim run plot.yaml", {})));

  const std::string quiet = " >/dev/null 2>&1";
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  for (const char* png : {"concurrency.png", "outcomes.png", "latency.png", "network.png"}) {
    INFO(png);
    REQUIRE(fs::exists(dir / png));
    CHECK(fs::file_size(dir / png) > 1000);
  }
  // What was drawn: titles, limit lines from manifest.json, the fault by kind
  // and AZ on every time chart, one unit per panel, legends outside.
  const Json plots = read_plots(dir);
  REQUIRE(plots["charts"].size() == 4);
  for (const Json& c : plots["charts"]) {
    INFO(c.dump());
    CHECK(c["title"].get<std::string>().rfind("plot-network: ", 0) == 0);
    CHECK(c["faults"] == Json::array({"az_outage use1-az1"}));
    for (const Json& p : c["panels"]) {
      CHECK(!p["ylabel"].get<std::string>().empty());
      if (!p["lines"].empty()) CHECK(p["legend_outside"] == true);
    }
  }
  const auto concurrency = limits(chart(plots, "concurrency.png"));
  CHECK(concurrency.at("account concurrency limit (400)") == 400);
  CHECK(concurrency.at("api reserved concurrency (50)") == 50);
  const Json outcomes = chart(plots, "outcomes.png");
  CHECK(outcomes["panels"].size() == 3);  // attempts; failures by reason; availability
  CHECK(has(lines(outcomes), "az_failure"));
  CHECK(has(lines(outcomes), "attempts"));
  const auto latency = lines(chart(plots, "latency.png"));
  CHECK(has(latency, "cold p50"));
  CHECK(has(latency, "cold p99"));
  const Json network = chart(plots, "network.png");
  CHECK(network["panels"].size() == 3);  // ENIs, free IPs, NAT connections
  const auto network_limits = limits(network);
  CHECK(network_limits.at("main.priv-a usable IPs (251)") == 251);
  CHECK(network_limits.at("main.nat-a ports per destination (110,000)") == 110000);
  // A limit far above the data (110,000 ports for a connection or two) is not
  // drawn to scale: it would flatten the data; one near it (251 IPs, 250 free) is.
  for (const Json& p : network["panels"]) {
    for (const Json& l : p["limits"]) {
      INFO(l.dump());
      CHECK(l["in_view"] == (l["value"].get<double>() == 251));
    }
  }
  CHECK(has(lines(network), "main.nat-a"));
  CHECK(has(lines(network), "main.priv-a"));
  check_plot_time(dir);
  // SVG on request, with the same titles as text.
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + " --format svg" + quiet) == 0);
  std::ifstream svg(dir / "network.svg");
  std::stringstream svg_text;
  svg_text << svg.rdbuf();
  CHECK(svg_text.str().find("plot-network: VPC networking") != std::string::npos);
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + " --format gif" + quiet) == 2);
  // Shading from the faults_active column alone (a summary without "faults").
  write_text(dir / "summary.json", R"({"functions": {}, "total": {}})");
  fs::remove(dir / "network.png");
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  CHECK(fs::exists(dir / "network.png"));
  fs::remove_all(dir);
}

TEST_CASE("plot.py compare mode", "[report][plot]") {
  if (!have_matplotlib()) {
    WARN(kPython << " has no matplotlib: plot test skipped");
    return;
  }
  const fs::path dir = fresh_dir("compare");
  const std::string header = "metric,variant,mean,half_width,diff_mean,diff_half_width\n";
  write_text(dir / "compare.csv", header +
                                      "total.success_rate,shared-nat,0.97,0.004,,\n"
                                      "total.success_rate,nat-per-az,0.995,0.001,0.025,0.003\n"
                                      "total.latency_p99_ms,shared-nat,250,12,,\n"
                                      "total.latency_p99_ms,nat-per-az,180,9,-70,8\n"
                                      "total.cost_per_million_usd,shared-nat,3.1,0.1,,\n"
                                      "total.cost_per_million_usd,nat-per-az,4.2,0.1,1.1,0.05\n"
                                      "network.enis_peak,shared-nat,2,,,\n"
                                      "network.enis_peak,nat-per-az,2,,0,\n"
                                      "total.attempts,shared-nat,1000,,,\n");
  const std::string quiet = " >/dev/null 2>&1";
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  REQUIRE(fs::exists(dir / "compare.png"));
  CHECK(fs::file_size(dir / "compare.png") > 1000);
  CHECK_FALSE(fs::exists(dir / "concurrency.png"));  // no run files here
  {
    const Json plots = read_plots(dir);
    REQUIRE(plots["charts"].size() == 1);
    const Json c = chart(plots, "compare.png");
    CHECK(c["baseline"] == "shared-nat");  // no compare.json: the first variant
    REQUIRE(c["panels"].size() == 4);
    for (const Json& p : c["panels"]) {
      INFO(p.dump());
      CHECK(p["title"].get<std::string>().find("Δ vs shared-nat") != std::string::npos);
      CHECK(p["bars"] == Json::array({"nat-per-az"}));  // the baseline is the zero line
    }
    CHECK(c["panels"][1]["title"].get<std::string>().find("(= 250)") != std::string::npos);
  }

  // With compare.json (scenario, baseline) and each variant's time series:
  // overlay.png, the variants on common axes.
  write_text(dir / "compare.json",
             R"({"scenario": {"name": "nat-designs"}, "variants": ["shared-nat", "nat-per-az"],)"
             R"( "replications": 3, "confidence": 0.95})");
  Scenario s;
  s.name = "plot-compare";
  s.run.horizon = seconds(20);
  FunctionConfig api;
  api.name = "api";
  s.model.functions = {api};
  for (const char* variant : {"shared-nat", "nat-per-az"}) {
    MetricsCollector m(s.model, seconds(1), s.run.horizon);
    for (int i = 0; i < 100; ++i) {
      m.on_started(milliseconds(200 * i), 0, i < 3, false);
      Completion c;
      c.cold = i < 3;
      c.latency = milliseconds(variant[0] == 's' ? 80 : 40);
      c.run_duration = c.latency;
      c.environment_kept = true;
      m.on_completed(milliseconds(200 * i) + c.latency, c);
    }
    m.finish(s.run.horizon);
    REQUIRE(write_file_atomic(dir / (std::string("timeseries-") + variant + ".csv"),
                              timeseries_to_csv(m.timeseries(), s.model)));
  }
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  {
    const Json plots = read_plots(dir);
    REQUIRE(plots["charts"].size() == 2);
    CHECK(chart(plots, "compare.png")["title"] ==
          "nat-designs: variants vs shared-nat (3 replications, paired)");
    const Json overlay = chart(plots, "overlay.png");
    CHECK(overlay["title"] == "nat-designs: variants over time (replication 0)");
    CHECK(lines(overlay).size() >= 2);
    CHECK(has(lines(overlay), "shared-nat"));
    CHECK(has(lines(overlay), "nat-per-az"));
    std::vector<std::string> ylabels;
    for (const Json& p : overlay["panels"]) ylabels.push_back(p["ylabel"]);
    CHECK(has(ylabels, "ms"));  // latency p99 over time
    CHECK(fs::file_size(dir / "overlay.png") > 1000);
  }
  check_plot_time(dir);

  // Garbled input: exit 2.
  write_text(dir / "compare.csv", "metric,variant,mean\ntotal.success_rate,a,0.9\n");
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 2);
  write_text(dir / "compare.csv", header + "total.success_rate,a,ninety,,,\n");
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 2);
  write_text(dir / "compare.csv", header + "total.success_rate,a,0.9\n");
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 2);
  write_text(dir / "compare.csv", header + "total.attempts,a,10,,,\n");  // nothing to draw
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 2);
  fs::remove_all(dir);
}

TEST_CASE("plot.py sweep mode: a line per variant against the axis, CI bands", "[report][plot]") {
  if (!have_matplotlib()) {
    WARN(kPython << " has no matplotlib: plot test skipped");
    return;
  }
  // A real sweep store: the shipped burst-size x ENI-model sweep, shortened.
  const fs::path dir = fresh_dir("sweep");
  const std::string quiet = " >/dev/null 2>&1";
  const std::string scenario =
      std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/eni-burst-sweep.yaml";
  REQUIRE(run(std::string(LAMBDASIM_CLI) + " sweep '" + scenario +
              "' --set horizon=10s -r 2 --quiet --out '" + dir.string() + "'" + quiet) == 0);
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  REQUIRE(fs::exists(dir / "sweep.png"));
  CHECK(fs::file_size(dir / "sweep.png") > 1000);
  {
    const Json plots = read_plots(dir);
    REQUIRE(plots["charts"].size() == 1);
    const Json c = chart(plots, "sweep.png");
    CHECK(c["axis"] == "burst");
    CHECK(c["title"] == "eni-burst-sweep: sweep over burst");
    REQUIRE(c["panels"].size() == 4);  // the default metrics
    CHECK(c["panels"][0]["metric"] == "total.success_rate");
    for (const Json& p : c["panels"]) {
      INFO(p.dump());
      CHECK(p["lines"] == Json::array({"per-execution", "hyperplane"}));
    }
  }
  // --metric and --axis choose; an unknown one is refused with exit 2.
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() +
              " --metric network.enis_peak --axis burst" + quiet) == 0);
  {
    const Json c = chart(read_plots(dir), "sweep.png");
    REQUIRE(c["panels"].size() == 1);
    CHECK(c["panels"][0]["metric"] == "network.enis_peak");
  }
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + " --metric no.such_metric" + quiet) == 2);
  CHECK(run(kPython + " " + kPlot + " " + dir.string() + " --axis memory" + quiet) == 2);
  fs::remove_all(dir);
}
