// Shapes of the report writers: summary / aggregate / manifest JSON, the
// time-series CSV and the text tables, from a small hand-fed collector.
#include <fmt/format.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/table.hpp"

using namespace lambdasim;
using Json = nlohmann::json;

namespace {

Scenario small_scenario() {
  Scenario s;
  s.file = "scenarios/test.yaml";
  s.name = "writers";
  s.hash = "abc123";
  s.run.seed = 7;
  s.run.horizon = seconds(3);
  s.run.timeseries_interval = seconds(1);
  FunctionConfig api;
  api.name = "api";
  api.memory_mb = 512;
  FunctionConfig idle;
  idle.name = "idle";  // never invoked: its latencies are undefined
  s.model.functions = {api, idle};
  return s;
}

RunSummary small_run(const Scenario& s, MetricsCollector& m, int scale = 1) {
  for (int i = 0; i < scale; ++i) {
    m.on_started(milliseconds(100 + i), 0, true, false);
    Completion c;
    c.function = 0;
    c.cold = true;
    c.latency = milliseconds(300 + 10 * i);
    c.init_duration = milliseconds(200);
    c.run_duration = milliseconds(100 + 10 * i);
    m.on_completed(milliseconds(400 + 10 * i), c);
  }
  m.on_rejected(milliseconds(1500), 0, Outcome::kThrottleAccountConcurrency, InvocationType::kSync);
  m.on_rejected(milliseconds(1600), 0, Outcome::kEniLimitReached, InvocationType::kSync);
  m.finish(s.run.horizon);
  return m.summary();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

TEST_CASE("summary_to_json shape", "[report][json]") {
  const Scenario s = small_scenario();
  MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
  const RunSummary r = small_run(s, m);
  const Json j = Json::parse(summary_to_json(s, r));
  CHECK(j["lambdasim_version"] == LAMBDASIM_VERSION);
  CHECK(j["scenario"]["name"] == "writers");
  CHECK(j["scenario"]["hash"] == "abc123");
  CHECK(j["scenario"]["seed"] == 7);
  CHECK(j["end_s"] == 3.0);
  CHECK(j["total"]["attempts"] == 3);
  CHECK(j["total"]["invocations"] == 1);  // CloudWatch's: the throttle and the ENI refusal are not
  CHECK(j["total"]["throttles"] == 1);
  CHECK(j["total"]["errors"] == 0);  // an ENI refusal is no function error
  CHECK(j["total"]["platform_errors"] == 1);
  CHECK(j["functions"].size() == 2);
  const Json& api = j["functions"]["api"];
  CHECK(api["outcomes"].size() == kOutcomeCount);
  CHECK(api["outcomes"]["throttle_account_concurrency"] == 1);
  CHECK(api["outcomes"]["eni_limit_reached"] == 1);
  CHECK(api["latency"]["count"] == 1);
  CHECK(api["latency"]["p50_ms"].get<double>() == Approx(300));
  CHECK(api["p_cold"] == 1.0);
  CHECK(api["cost"]["billed_requests"] == 1);
  CHECK(api["cost"]["total_usd"].get<double>() > 0);
  // Undefined values are null, not NaN (which is not JSON).
  const Json& idle = j["functions"]["idle"];
  CHECK(idle["latency"]["p50_ms"].is_null());
  CHECK(idle["p_cold"].is_null());
  CHECK(idle["cost"]["per_million_usd"].is_null());
  // Key order is stable (functions in config order).
  CHECK(j["functions"].begin().key() == "api");
}

TEST_CASE("aggregate_to_json and manifest_to_json shapes", "[report][json]") {
  const Scenario s = small_scenario();
  std::vector<RunSummary> runs;
  for (int k = 1; k <= 3; ++k) {
    MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
    runs.push_back(small_run(s, m, k));
  }
  const AggregateSummary a = aggregate(runs);
  const Json j = Json::parse(aggregate_to_json(s, a));
  CHECK(j["replications"] == 3);
  CHECK(j["confidence"] == 0.95);
  CHECK(!j.contains("functions"));  // no runs: metrics only
  const Json& inv = j["metrics"]["total.attempts"];
  CHECK(inv["mean"] == 4.0);  // 1+2, 2+2, 3+2 attempts
  CHECK(inv["n"] == 3);
  CHECK(inv["half_width"].get<double>() == Approx(4.302653 * 1.0 / std::sqrt(3.0)).epsilon(1e-5));
  CHECK(j["metrics"]["functions.idle.latency_p50_ms"]["mean"].is_null());

  // With the replications: summary.json's tree, each number their mean.
  const Json jr = Json::parse(aggregate_to_json(s, runs, a));
  CHECK(!jr.contains("runs"));
  CHECK(jr["total"]["attempts"] == 4.0);
  CHECK(jr["functions"]["api"]["outcomes"]["eni_limit_reached"] == 1.0);
  CHECK(jr["functions"].begin().key() == "api");
  CHECK(jr["metrics"] == j["metrics"]);

  RunManifest man;
  man.seed = 99;
  man.replications = 3;
  man.command_line = "lambdasim run scenarios/test.yaml --out out";
  man.files = {"summary.json", "timeseries.csv"};
  const Json mj = Json::parse(manifest_to_json(s, man));
  CHECK(mj["lambdasim_version"] == LAMBDASIM_VERSION);
  CHECK(mj["scenario"]["file"] == "scenarios/test.yaml");
  CHECK(mj["scenario"]["hash"] == "abc123");
  CHECK(mj["seed"] == 99);
  CHECK(mj["replications"] == 3);
  CHECK(mj["variant"].get<std::string>().empty());
  CHECK(mj["command_line"] == "lambdasim run scenarios/test.yaml --out out");
  CHECK(mj["files"] == Json::array({"summary.json", "timeseries.csv"}));

  const Json mj2 = Json::parse(manifest_to_json(s, 4, "lambdasim run x.yaml", {"summary.json"}));
  CHECK(mj2["seed"] == 7);  // the scenario's
  CHECK(mj2["replications"] == 4);
  CHECK(mj2["files"].size() == 1);
}

TEST_CASE("timeseries_to_csv shape", "[report][csv]") {
  const Scenario s = small_scenario();
  MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
  small_run(s, m);
  const std::vector<std::string> out = lines(timeseries_to_csv(m.timeseries(), s.model));
  REQUIRE(out.size() == 1 + 3);
  const std::vector<std::string> header = split(out[0]);
  CHECK(header == timeseries_columns(s.model));
  // The older columns keep their positions; the newer ones come last.
  const std::size_t tail = 13 + kOutcomeCount + 2 * 8;
  // Then the appended ones: 6 account latency columns, 2 per function (2 functions).
  REQUIRE(header.size() == tail + 6 + 6 + 2 * 2);
  CHECK(header[0] == "t_start_s");
  CHECK(header[1] == "t_end_s");
  CHECK(header[7] == "platform_errors");
  CHECK(header[9] == "concurrency_avg");
  CHECK(header[10] ==
        "concurrency_peak");  // summary.json concurrency.peak, flatten concurrency_peak
  CHECK(header[13] == "outcomes_success");
  CHECK(header[13 + kOutcomeCount] == "functions.api.attempts");
  CHECK(header[tail - 1] == "functions.idle.concurrency_peak");
  CHECK(std::vector<std::string>(header.begin() + static_cast<std::ptrdiff_t>(tail),
                                 header.begin() + static_cast<std::ptrdiff_t>(tail) + 6) ==
        std::vector<std::string>{"availability", "enis_avg", "enis_creating_avg", "ips_used_peak",
                                 "nat_connections_peak", "faults_active"});
  CHECK(header[tail + 6] == "latency_p50_ms");
  CHECK(header.back() == "functions.idle.latency_p99_ms");
  for (std::size_t i = 1; i < out.size(); ++i) CHECK(split(out[i]).size() == header.size());
  const std::vector<std::string> r0 = split(out[1]);
  CHECK(r0[0] == "0");
  CHECK(r0[1] == "1");
  CHECK(r0[2] == "1");     // attempts
  CHECK(r0[3] == "1");     // completed
  CHECK(r0[9] == "0.3");   // concurrency_avg: running 0.1..0.4 s
  CHECK(r0[tail] == "1");  // availability: 1 success of 1 arrival
  const std::vector<std::string> r1 = split(out[2]);
  CHECK(r1[5] == "1");         // throttles
  CHECK(r1[6] == "0");         // errors: an ENI refusal is no function error
  CHECK(r1[7] == "1");         // platform_errors
  CHECK(r1[tail] == "0");      // 0 of 2
  CHECK(r1[tail + 1] == "0");  // no VPC: no ENIs
  CHECK(r1[tail + 5] == "0");  // no faults
  CHECK(r1.back().empty());    // idle never completes: its latency is undefined
  const std::vector<std::string> r2 = split(out[3]);
  CHECK(r2[tail].empty());  // no arrivals: availability undefined
}

TEST_CASE("Text tables", "[report][table]") {
  const Scenario s = small_scenario();
  std::vector<RunSummary> runs;
  for (int k = 1; k <= 3; ++k) {
    MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
    runs.push_back(small_run(s, m, k));
  }
  const std::string table = render_summary_table(runs[0]);
  INFO(table);
  CHECK(table.find("invocations") != std::string::npos);
  CHECK(table.find("api") != std::string::npos);
  CHECK(table.find("total") != std::string::npos);
  CHECK(table.find("throttle_account_concurrency") != std::string::npos);
  CHECK(table.find("ConcurrentInvocationLimitExceeded") != std::string::npos);
  CHECK(table.find("ENILimitReachedException") != std::string::npos);
  CHECK(table.find("33.33%") != std::string::npos);  // success rate of api

  const std::string agg = render_aggregate_table(s, aggregate(runs));
  INFO(agg);
  CHECK(agg.rfind("Scenario writers (scenarios/test.yaml), seed 7\n", 0) == 0);
  CHECK(agg.find("3 replications") != std::string::npos);
  // Invocations 3, 4, 5: mean 4, half-width t(0.975, 2) / sqrt(3) = 2.48, shown
  // with one decimal so that it keeps two significant figures.
  CHECK(agg.find("4.0 ± 2.5") != std::string::npos);
  CHECK(agg.find("±") != std::string::npos);
  CHECK(agg.find("eni_limit_reached") != std::string::npos);
}

namespace {

// One VPC (main: priv-a /28 in use1-az1 with NAT nat-a, endpoint ep-sqs in
// priv-a) and one AZ outage [1 s, 2 s) over a 4 s run.
Scenario network_scenario() {
  Scenario s = small_scenario();
  s.run.horizon = seconds(4);
  VpcConfig main;
  main.name = "main";
  main.subnets = {{.name = "priv-a",
                   .az = "use1-az1",
                   .cidr = "10.0.1.0/28",
                   .prefix_length = 28,
                   .route_nat = ""}};
  main.nat_gateways = {{.name = "nat-a", .az = "use1-az1"}};
  main.interface_endpoints = {{.name = "ep-sqs", .service = "sqs", .subnets = {"priv-a"}}};
  s.model.network.vpcs = {main};
  FaultConfig az;
  az.kind = FaultKind::kAzOutage;
  az.at = seconds(1);
  az.duration = seconds(1);
  az.az = "use1-az1";
  s.model.faults.timeline = {az};
  return s;
}

RunSummary network_run(MetricsCollector& m) {
  m.on_eni_change(kTimeZero, 0, 0, 1);
  m.on_eni_change(milliseconds(500), 0, 1, -1);
  m.on_started(milliseconds(600), 0, true, false);
  m.on_nat_connections(milliseconds(600), 0, 3);
  m.on_transfer(milliseconds(700), TransferKind::kNat, 0, 2'000'000'000);
  m.on_transfer(milliseconds(700), TransferKind::kCrossAz, 0, 1'000'000'000);
  m.on_fault(seconds(1), 0, true);
  Completion failed;
  failed.outcome = Outcome::kAzFailure;
  failed.cold = true;
  failed.environment_kept = false;
  failed.latency = milliseconds(600);
  failed.run_duration = milliseconds(600);
  m.on_completed(milliseconds(1200), failed);
  m.on_rejected(milliseconds(1300), 0, Outcome::kEniLimitReached, InvocationType::kSync);
  m.on_nat_connections(milliseconds(1500), 0, -3);
  m.on_fault(seconds(2), 0, false);
  m.finish(seconds(4));
  return m.summary();
}

}  // namespace

TEST_CASE("Network and fault columns in timeseries.csv", "[report][csv]") {
  const Scenario s = network_scenario();
  MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
  network_run(m);
  const std::vector<std::string> out = lines(timeseries_to_csv(m.timeseries(), s.model));
  REQUIRE(out.size() == 1 + 4);
  const std::vector<std::string> header = split(out[0]);
  const auto col = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::vector<std::string> r0 = split(out[1]);
  CHECK(r0[col("enis_avg")] == "0.5");           // in service from 0.5 s
  CHECK(r0[col("enis_creating_avg")] == "0.5");  // creating until 0.5 s
  CHECK(r0[col("ips_used_peak")] == "1");
  CHECK(r0[col("nat_connections_peak")] == "3");
  CHECK(r0[col("faults_active")] == "0");
  CHECK(r0[col("availability")].empty());  // 1 arrival, no attempt ended yet
  const std::vector<std::string> r1 = split(out[2]);
  CHECK(r1[col("faults_active")] == "1");
  CHECK(r1[col("nat_connections_peak")] == "3");  // open at the row's start
  CHECK(r1[col("availability")] == "0");
  const std::vector<std::string> r2 = split(out[3]);
  CHECK(r2[col("faults_active")] == "0");  // ended at 2 s, where the row starts
  CHECK(r2[col("nat_connections_peak")] == "0");
  CHECK(r2[col("availability")].empty());
  CHECK(r2[col("enis_avg")] == "1");
}

TEST_CASE("summary_to_json network and faults", "[report][json]") {
  const Scenario s = network_scenario();
  MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
  const Json j = Json::parse(summary_to_json(s, network_run(m)));
  REQUIRE(j.contains("network"));
  const Json& n = j["network"];
  CHECK(n["enis"]["peak"] == 1.0);
  CHECK(n["ips_used_peak"] == 1.0);
  CHECK(n["nat_connections_peak"] == 3.0);
  CHECK(n["cross_az_gb"].get<double>() == Approx(1.0));
  CHECK(n["nat_gb"].get<double>() == Approx(2.0));
  CHECK(n["nat_hours"].get<double>() == Approx(4.0 / 3600));
  CHECK(n["endpoint_az_hours"].get<double>() == Approx(4.0 / 3600));
  REQUIRE(n["subnets"].size() == 1);
  CHECK(n["subnets"][0]["name"] == "priv-a");
  CHECK(n["subnets"][0]["vpc"] == "main");
  CHECK(n["subnets"][0]["usable_ips"] == 11);
  CHECK(n["subnets"][0]["free_ips_min"] == 10.0);
  CHECK(n["nats"][0]["name"] == "nat-a");
  CHECK(n["nats"][0]["connections_peak"] == 3.0);
  CHECK(n["endpoints"][0]["azs"] == 1);
  CHECK(n["vpcs"][0]["name"] == "main");
  const double network_usd = 4.0 / 3600 * 0.045 + 2 * 0.045 + 4.0 / 3600 * 0.01 + 1 * 0.01 * 2;
  CHECK_FALSE(n.contains("cost"));  // the network's cost is total.cost's, under one name each
  CHECK(j["total"]["cost"]["network_usd"].get<double>() == Approx(network_usd));
  CHECK(j["total"]["cost"]["cross_az_usd"].get<double>() == Approx(0.02));
  CHECK(j["total"]["cost"]["total_usd"].get<double>() ==
        Approx(network_usd + j["functions"]["api"]["cost"]["total_usd"].get<double>()));
  CHECK_FALSE(j["functions"]["api"]["cost"].contains("nat_usd"));

  REQUIRE(j["faults"].size() == 1);
  const Json& f = j["faults"][0];
  CHECK(f["kind"] == "az_outage");
  CHECK(f["subject"] == "use1-az1");
  CHECK(f["started"] == true);
  CHECK(f["open"] == false);
  CHECK(f["start_s"] == 1.0);
  CHECK(f["end_s"] == 2.0);
  CHECK(f["attempts"] == 1);
  CHECK(f["successes"] == 0);
  CHECK(f["availability"] == 0.0);
  CHECK(f["outcomes"]["az_failure"] == 1);
  CHECK(f["outcomes"]["eni_limit_reached"] == 1);
  CHECK(f["first_success_after_start_s"].is_null());
  CHECK(f["time_to_recover_s"].is_null());  // no attempts after the fault
  CHECK(f["cost_compute_usd"].get<double>() > 0);

  // Without VPCs or faults: no network object, an empty faults array.
  const Scenario plain = small_scenario();
  MetricsCollector pm(plain.model, plain.run.timeseries_interval, plain.run.horizon);
  const Json pj = Json::parse(summary_to_json(plain, small_run(plain, pm)));
  CHECK_FALSE(pj.contains("network"));
  CHECK(pj["faults"].empty());
  CHECK_FALSE(pj["total"]["cost"].contains("nat_usd"));
}

TEST_CASE("Text table network and fault sections", "[report][table]") {
  const Scenario s = network_scenario();
  MetricsCollector m(s.model, s.run.timeseries_interval, s.run.horizon);
  const RunSummary r = network_run(m);
  const std::string table = render_summary_table(s, r);
  INFO(table);
  CHECK(table.find("Network: enis_peak 1, enis_avg 0.9, ips_used_peak 1, nat_connections_peak 3") !=
        std::string::npos);
  CHECK(table.find("main/priv-a") != std::string::npos);
  CHECK(table.find("cost_nat_usd") != std::string::npos);
  CHECK(table.find("cost_endpoint_usd") != std::string::npos);
  // The account's cost as compare gives it: compute + network = total.
  const std::string cost_line = fmt::format(
      "account: cost_compute_usd {:.4f} + cost_network_usd {:.4f} = cost_total_usd {:.4f}",
      r.total.cost.compute_usd, r.total.cost.network_usd, r.total.cost.total_usd);
  CHECK(table.find(cost_line) != std::string::npos);
  CHECK(r.total.cost.total_usd ==
        Approx(r.total.cost.compute_usd + r.total.cost.network_usd).epsilon(1e-12));
  CHECK(r.total.cost.network_usd > 0.09);
  CHECK(table.find("billed in each direction") != std::string::npos);
  CHECK(table.find("Fault windows") != std::string::npos);
  CHECK(table.find("az_outage") != std::string::npos);
  CHECK(table.find("use1-az1") != std::string::npos);
  CHECK(table.find("eni_limit_reached 1, az_failure 1") != std::string::npos);  // ties: enum order

  std::vector<RunSummary> runs;
  for (int k = 0; k < 2; ++k) {
    MetricsCollector mk(s.model, s.run.timeseries_interval, s.run.horizon);
    runs.push_back(network_run(mk));
  }
  const std::string agg = render_aggregate_table(aggregate(runs));
  INFO(agg);
  CHECK(agg.find("Network: enis_peak 1") != std::string::npos);
  CHECK(agg.find("account: cost_compute_usd ") != std::string::npos);
  CHECK(agg.find("Fault windows (mean per run)") != std::string::npos);

  // Neither section without VPCs and faults.
  const Scenario plain = small_scenario();
  MetricsCollector pm(plain.model, plain.run.timeseries_interval, plain.run.horizon);
  const std::string pt = render_summary_table(small_run(plain, pm));
  CHECK(pt.find("Network") == std::string::npos);
  CHECK(pt.find("Fault") == std::string::npos);
}
