// Latency percentiles per time-series row (RowHistogram), the per-subnet and
// per-NAT columns of timeseries.csv, manifest.json's limits, and compare's
// timeseries-<variant>.csv (issue 14, item 2).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/kernel/distribution.hpp"
#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;
using namespace lambdasim::testing;

namespace {

// timeseries.csv as rows of cells by column name (no quoted fields: the
// names below have none).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    INFO(name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
  const std::string& cell(std::size_t row, const std::string& name) const {
    return rows.at(row).at(col(name));
  }
  double number(std::size_t row, const std::string& name) const {
    const std::string& c = cell(row, name);
    INFO(name << " row " << row << " '" << c << "'");
    REQUIRE(!c.empty());
    return std::stod(c);
  }
  bool has(const std::string& name) const {
    return std::find(header.begin(), header.end(), name) != header.end();
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

Csv parse_csv(const std::string& text) {
  Csv csv;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  csv.header = split(line);
  while (std::getline(in, line)) {
    csv.rows.push_back(split(line));
    REQUIRE(csv.rows.back().size() == csv.header.size());
  }
  return csv;
}

// The exact nearest-rank quantile.
double nearest_rank(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

const std::string kScenarios = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/";

}  // namespace

TEST_CASE("RowHistogram: quantiles within 1/64 of the exact nearest rank",
          "[metrics][histogram][timeseries]") {
  CHECK(RowHistogram::kBucketCount == 832);
  CHECK(RowHistogram::kRelativeError == 1.0 / 64);
  RowHistogram h;
  CHECK(std::isnan(h.quantile_ms(0.5)));
  // Lognormal latencies from 0.07 ms to minutes, in several rows.
  Rng rng(7, 1);
  for (int row = 0; row < 4; ++row) {
    std::vector<double> ms;
    for (int i = 0; i < 5000; ++i) {
      const double v = std::exp(std::log(50.0 * (row + 1)) + 1.5 * standard_normal(rng));
      const auto ns = static_cast<std::int64_t>(std::max(v, 0.07) * 1e6);
      ms.push_back(static_cast<double>(ns) * 1e-6);
      h.record(nanoseconds(ns));
    }
    REQUIRE(h.count() == 5000);
    for (const double q : {0.0, 0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
      const double exact = nearest_rank(ms, q);
      INFO("row " << row << " q " << q << " exact " << exact << " ms");
      CHECK(h.quantile_ms(q) == Approx(exact).epsilon(RowHistogram::kRelativeError));
    }
    h.clear();
    CHECK(h.count() == 0);
    CHECK(std::isnan(h.quantile_ms(0.99)));
  }
  // Two histograms together (cold and warm make the row's "all").
  RowHistogram cold;
  RowHistogram warm;
  for (int i = 1; i <= 10; ++i) cold.record(milliseconds(1000));
  for (int i = 1; i <= 90; ++i) warm.record(milliseconds(100));
  CHECK(RowHistogram::quantile_ms(0.5, cold, &warm) == Approx(100).epsilon(1.0 / 64));
  CHECK(RowHistogram::quantile_ms(0.99, cold, &warm) == Approx(1000).epsilon(1.0 / 64));
  CHECK(RowHistogram::quantile_ms(1.0, cold, &warm) == 1000);  // the max, exact
  CHECK(RowHistogram::quantile_ms(0.9, cold, &warm) == Approx(100).epsilon(1.0 / 64));
  CHECK(RowHistogram::quantile_ms(0.91, cold, &warm) == Approx(1000).epsilon(1.0 / 64));
  // One value: exact (the bucket narrowed to [min, max]).
  RowHistogram one;
  one.record(microseconds(123'456));
  CHECK(one.quantile_ms(0.5) == Approx(123.456).epsilon(1e-12));
  CHECK(one.quantile_ms(0.99) == Approx(123.456).epsilon(1e-12));
}

TEST_CASE("time series: latency p50/p99 per row, cold and warm, per function",
          "[metrics][timeseries][latency]") {
  Scenario s;
  s.run.horizon = seconds(3);
  FunctionConfig api;
  api.name = "api";
  FunctionConfig worker;
  worker.name = "worker";
  s.model.functions = {api, worker};
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  // Idle environments for the warm starts below (counts never go negative).
  for (int i = 0; i < 200; ++i) {
    m.on_environment_ready(kTimeZero, 0, false);
    m.on_environment_ready(kTimeZero, 1, false);
  }
  // Row 0: api warm 1..100 ms, 10 cold starts of 500..590 ms; worker 5 warm of 20 ms.
  std::vector<double> api_ms;
  std::vector<double> warm_ms;
  std::vector<double> all_ms;
  const auto complete = [&m](SimTime at, FunctionIndex f, bool cold, SimTime latency,
                             Outcome outcome = Outcome::kSuccess) {
    m.on_started(at, f, cold, false);
    Completion c;
    c.function = f;
    c.cold = cold;
    c.outcome = outcome;
    c.latency = latency;
    c.run_duration = latency;
    c.environment_kept = true;
    m.on_completed(at + latency, c);
  };
  for (int i = 0; i < 10; ++i) {
    complete(milliseconds(10 * i), 0, true, milliseconds(500 + 10 * i));
    api_ms.push_back(500 + 10 * i);
    all_ms.push_back(500 + 10 * i);
  }
  for (int i = 1; i <= 100; ++i) {
    complete(milliseconds(100 + i), 0, false, milliseconds(i));
    api_ms.push_back(i);
    warm_ms.push_back(i);
    all_ms.push_back(i);
  }
  for (int i = 0; i < 5; ++i) {
    complete(milliseconds(200 + i), 1, false, milliseconds(20));
    warm_ms.push_back(20);
    all_ms.push_back(20);
  }
  // A failed completion has no latency: not in the row's percentiles.
  complete(milliseconds(300), 0, false, milliseconds(700), Outcome::kFunctionError);
  // Row 1: warm only, api 40 ms x 3. Row 2: nothing completes.
  for (int i = 0; i < 3; ++i) complete(milliseconds(1100 + i), 0, false, milliseconds(40));
  m.finish(s.run.horizon);

  const Csv csv = parse_csv(timeseries_to_csv(m.timeseries(), s.model));
  REQUIRE(csv.rows.size() == 3);
  const double e = RowHistogram::kRelativeError;
  CHECK(csv.number(0, "latency_p50_ms") == Approx(nearest_rank(all_ms, 0.5)).epsilon(e));
  CHECK(csv.number(0, "latency_p99_ms") == Approx(nearest_rank(all_ms, 0.99)).epsilon(e));
  CHECK(csv.number(0, "latency_cold_p50_ms") == Approx(540).epsilon(e));
  CHECK(csv.number(0, "latency_cold_p99_ms") == 590);  // the cold max, exact
  CHECK(csv.number(0, "latency_warm_p50_ms") == Approx(nearest_rank(warm_ms, 0.5)).epsilon(e));
  CHECK(csv.number(0, "latency_warm_p99_ms") == Approx(99).epsilon(e));
  CHECK(csv.number(0, "functions.api.latency_p50_ms") ==
        Approx(nearest_rank(api_ms, 0.5)).epsilon(e));
  CHECK(csv.number(0, "functions.api.latency_p99_ms") ==
        Approx(nearest_rank(api_ms, 0.99)).epsilon(e));
  CHECK(csv.number(0, "functions.worker.latency_p50_ms") == 20);
  // Row 1: no cold start: empty cold cells; the warm ones are the 40 ms.
  CHECK(csv.cell(1, "latency_cold_p50_ms").empty());
  CHECK(csv.cell(1, "latency_cold_p99_ms").empty());
  CHECK(csv.number(1, "latency_warm_p50_ms") == 40);
  CHECK(csv.number(1, "latency_p99_ms") == 40);
  CHECK(csv.cell(1, "functions.worker.latency_p50_ms").empty());
  // Row 2: nothing completed: every latency cell empty.
  for (const char* c : {"latency_p50_ms", "latency_p99_ms", "latency_warm_p50_ms",
                        "functions.api.latency_p99_ms"}) {
    INFO(c);
    CHECK(csv.cell(2, c).empty());
  }
  // The new columns come after every older one.
  CHECK(csv.header.back() == "functions.worker.latency_p99_ms");
  CHECK(csv.col("latency_p50_ms") > csv.col("faults_active"));
}

TEST_CASE("time series: without kept rows no latency is recorded",
          "[metrics][timeseries][latency]") {
  Scenario s;
  s.run.horizon = seconds(2);
  FunctionConfig api;
  api.name = "api";
  s.model.functions = {api};
  MetricsCollector m(s.model, seconds(1), s.run.horizon, TimeSeriesKeep::kNone);
  m.on_started(milliseconds(1), 0, true, false);
  Completion c;
  c.cold = true;
  c.latency = milliseconds(10);
  c.run_duration = c.latency;
  m.on_completed(milliseconds(11), c);
  m.finish(s.run.horizon);
  CHECK(m.timeseries().rows.empty());
  CHECK(m.summary().total.latency.count == 1);  // the run's histograms still count it
}

TEST_CASE("run --out: a fixed-duration scenario's row percentiles, and an empty cold cell",
          "[cli][timeseries][latency]") {
  const TempDir dir;
  // Warm latency is the handler's fixed time: fast 100 ms (18/s), slow 300 ms
  // (2/s). Cold starts (init 400 ms) only in the first seconds.
  write_text(dir.path() / "fixed.yaml", R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: fixed-latency}
spec:
  horizon: 30s
  seed: 1
  timeseries_interval: 5s
  functions:
    fast:
      duration: 100ms
      init: 400ms
      arrivals: [{dist: constant, rate: 18/s}]
    slow:
      duration: 300ms
      init: 400ms
      arrivals: [{dist: constant, rate: 2/s}]
)");
  const CliResult r = cli("run " + quote(dir / "fixed.yaml") + " --out " + quote(dir / "out"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Csv csv = parse_csv(read_text(dir.path() / "out" / "timeseries.csv"));
  REQUIRE(csv.rows.size() == 6);
  const double e = RowHistogram::kRelativeError;
  for (std::size_t row = 0; row < 6; ++row) {
    INFO("row " << row);
    CHECK(csv.number(row, "functions.fast.latency_p50_ms") == Approx(100).epsilon(e));
    CHECK(csv.number(row, "functions.slow.latency_p50_ms") == Approx(300).epsilon(e));
    CHECK(csv.number(row, "latency_warm_p50_ms") == Approx(100).epsilon(e));
    CHECK(csv.number(row, "latency_warm_p99_ms") == Approx(300).epsilon(e));  // 10% are slow
  }
  // Cold starts in the first row only: init + handler, 500 and 700 ms.
  CHECK(csv.number(0, "latency_cold_p50_ms") == Approx(500).epsilon(e));
  CHECK(csv.number(0, "latency_cold_p99_ms") == Approx(700).epsilon(e));
  CHECK(csv.number(0, "cold_starts") > 0);
  for (std::size_t row = 1; row < 6; ++row) {
    INFO("row " << row);
    CHECK(csv.number(row, "cold_starts") == 0);
    CHECK(csv.cell(row, "latency_cold_p50_ms").empty());
    CHECK(csv.cell(row, "latency_cold_p99_ms").empty());
    CHECK(csv.number(row, "latency_p50_ms") == Approx(100).epsilon(e));
  }
  // manifest.json's limits: the default account concurrency, nothing reserved.
  const auto manifest = parse_json(read_text(dir.path() / "out" / "manifest.json"));
  CHECK(manifest["limits"]["account_concurrency"] == 1000);
  CHECK(manifest["limits"]["reserved_concurrency"].empty());
  CHECK(manifest["limits"]["subnet_usable_ips"].empty());
}

TEST_CASE("run --out: per-subnet ENIs and free IPs, per-NAT connections, their limits",
          "[cli][timeseries][network]") {
  // nat-port-exhaustion: one NAT IP, every call to one destination.
  const TempDir dir;
  const CliResult r = cli("run " + quote(kScenarios + "nat-port-exhaustion.yaml") +
                          " --set spec.horizon=5m --out " + quote(dir / "out"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Csv csv = parse_csv(read_text(dir.path() / "out" / "timeseries.csv"));
  const auto manifest = parse_json(read_text(dir.path() / "out" / "manifest.json"));
  const auto& limits = manifest["limits"];
  REQUIRE(!limits["subnet_usable_ips"].empty());
  REQUIRE(!limits["nat_ports_per_destination"].empty());
  int subnets = 0;
  for (const auto& [subnet, usable] : limits["subnet_usable_ips"].items()) {
    ++subnets;
    const std::string base = "network.subnets." + subnet + ".";
    INFO(base);
    REQUIRE(csv.has(base + "enis_avg"));
    REQUIRE(csv.has(base + "ips_free_min"));
    double enis = 0;
    for (std::size_t row = 0; row < csv.rows.size(); ++row) {
      const double free = csv.number(row, base + "ips_free_min");
      CHECK(free == csv.number(row, base + "free_ips_min"));
      CHECK(free >= 0);
      CHECK(free <= usable.get<double>());
      // An average lies within the row's peak.
      CHECK(csv.number(row, base + "enis_avg") <= csv.number(row, base + "enis_peak"));
      enis = std::max(enis, csv.number(row, base + "enis_avg"));
    }
    CHECK(enis >= 1);  // a Hyperplane ENI from the start
  }
  CHECK(subnets >= 1);
  double peak = 0;
  for (const auto& [nat, ports] : limits["nat_ports_per_destination"].items()) {
    const std::string c = "network.nats." + nat + ".connections_peak";
    INFO(c);
    REQUIRE(csv.has(c));
    CHECK(ports.get<double>() == 55000);
    for (std::size_t row = 0; row < csv.rows.size(); ++row) {
      const double n = csv.number(row, c);
      CHECK(n <= 55000);
      CHECK(n <= csv.number(row, "nat_connections_peak"));
      peak = std::max(peak, n);
    }
  }
  CHECK(peak == 55000);  // the scenario runs its NAT out of ports
}

TEST_CASE("compare --out: each variant's replication-0 time series",
          "[cli][compare][timeseries][threads]") {
  // az-outage-designs: four variants (NAT per AZ, one AZ, a shared NAT, no VPC).
  const TempDir dir;
  const std::string file = kScenarios + "az-outage-designs.yaml";
  const CliResult r =
      cli("compare " + quote(file) + " --set spec.horizon=90s -r 2 --out " + quote(dir / "out"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto compared = parse_json(read_text(dir.path() / "out" / "compare.json"))["variants"];
  REQUIRE(compared.size() == 4);
  std::set<std::string> expected = {"compare.json", "compare.csv",   "explain.json", "report.html",
                                    "results.csv",  "aggregate.csv", "manifest.json"};
  for (const auto& v : compared) expected.insert("timeseries-" + v.get<std::string>() + ".csv");
  CHECK(files_in(dir.path() / "out") == expected);
  // Each file is what a run of that variant writes for replication 0.
  for (const auto& v : compared) {
    const std::string name = v.get<std::string>();
    INFO(name);
    LoadResult loaded = load_scenario_variant(file, name, {{"spec.horizon", "90s"}});
    REQUIRE(loaded.ok());
    const ReplicationResult run = run_replication(*loaded.scenario, 0);
    CHECK(read_text(dir.path() / "out" / ("timeseries-" + name + ".csv")) ==
          timeseries_to_csv(run.timeseries, loaded.scenario->model));
  }
  const std::string vpc = read_text(dir.path() / "out" / "timeseries-nat-per-az.csv");
  CHECK(vpc.find(",network.nats.main.nat-a.connections_peak") != std::string::npos);
  CHECK(vpc.find(",latency_p50_ms,") != std::string::npos);
}
