// tools/plot.py end to end: our writers produce timeseries.csv and
// summary.json (or a compare.csv) in a temporary directory, the script turns
// them into PNGs: run charts with fault windows shaded, network.png, and
// compare.png. Skipped (with a warning) when /usr/bin/python3 has no matplotlib.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

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
  s.model.functions = {api};
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

  const std::string quiet = " >/dev/null 2>&1";
  REQUIRE(run(kPython + " " + kPlot + " " + dir.string() + quiet) == 0);
  for (const char* png : {"concurrency.png", "outcomes.png", "latency.png", "network.png"}) {
    INFO(png);
    REQUIRE(fs::exists(dir / png));
    CHECK(fs::file_size(dir / png) > 1000);
  }
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
