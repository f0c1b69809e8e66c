// Thresholds (issue 11, item 6): the `METRIC OP NUMBER` syntax, metrics named
// by summary.json path or flat name, the metric set known before simulating
// (the names a real run flattens), spec.thresholds located at file:line:col,
// and which values pass.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/experiment/thresholds.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

const std::string kRoot = LAMBDASIM_SOURCE_DIR;

Threshold parsed(const std::string& text) {
  std::string error;
  const std::optional<Threshold> t = parse_threshold(text, &error);
  INFO(text << ": " << error);
  REQUIRE(t);
  return *t;
}

std::string parse_error(const std::string& text) {
  std::string error;
  CHECK_FALSE(parse_threshold(text, &error));
  return error;
}

const std::string kHead =
    "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  horizon: 1m\n"
    "  functions:\n    api:\n      arrivals: [{dist: poisson, rate: 5/s}]\n";

}  // namespace

TEST_CASE("thresholds: METRIC OP NUMBER, each operator, spaces optional", "[thresholds]") {
  const Threshold a = parsed("functions.api.p_throttle<0.01");
  CHECK(a.metric == "functions.api.p_throttle");
  CHECK(a.op == ThresholdOp::kLess);
  CHECK(a.limit == 0.01);
  const Threshold b = parsed("  total.latency.p99_ms  <=  800 ");
  CHECK(b.metric == "total.latency.p99_ms");
  CHECK(b.op == ThresholdOp::kLessEqual);
  CHECK(b.limit == 800);
  CHECK(b.text == "total.latency.p99_ms  <=  800");
  CHECK(parsed("x>1e3").op == ThresholdOp::kGreater);
  CHECK(parsed("x>1e3").limit == 1000);
  CHECK(parsed("x >= -2.5").op == ThresholdOp::kGreaterEqual);
  CHECK(parsed("x >= -2.5").limit == -2.5);
  CHECK(parsed("x == 0").op == ThresholdOp::kEqual);
  CHECK(parsed("x != 0").op == ThresholdOp::kNotEqual);
}

TEST_CASE("thresholds: a malformed expression says what is expected", "[thresholds]") {
  CHECK(parse_error("total.success_rate").find("expected METRIC OP NUMBER") != std::string::npos);
  CHECK(parse_error("total.success_rate = 1").find("expected METRIC OP NUMBER") !=
        std::string::npos);
  CHECK(parse_error("< 1").find("no metric before '<'") != std::string::npos);
  CHECK(parse_error("total.success_rate >").find("no number after '>'") != std::string::npos);
  CHECK(parse_error("total.success_rate > 99%").find("'99%' is not a number") != std::string::npos);
  CHECK(parse_error("total.success_rate > nan").find("is not a number") != std::string::npos);
  CHECK(parse_error("total.success_rate < < 1").find("is not a number") != std::string::npos);
  CHECK(parse_error("total success_rate < 1").find("is not a metric name") != std::string::npos);
}

TEST_CASE("thresholds: met or missed; an undefined value misses every one", "[thresholds]") {
  CHECK(threshold_met(parsed("x < 1"), 0.5));
  CHECK_FALSE(threshold_met(parsed("x < 1"), 1));
  CHECK(threshold_met(parsed("x <= 1"), 1));
  CHECK_FALSE(threshold_met(parsed("x > 1"), 1));
  CHECK(threshold_met(parsed("x >= 1"), 1));
  CHECK(threshold_met(parsed("x == 1"), 1));
  CHECK_FALSE(threshold_met(parsed("x != 1"), 1));
  for (const char* text : {"x < 1", "x > 1", "x == 1", "x != 1", "x <= 1", "x >= 1"}) {
    CHECK_FALSE(threshold_met(parsed(text), std::nan("")));
  }
}

TEST_CASE("thresholds: a metric by summary.json path or by flat name", "[thresholds]") {
  const std::vector<std::string> names = {"total.success_rate", "total.latency_p99_ms",
                                          "functions.my_api.latency_cold_p50_ms",
                                          "functions.my_api.p_throttle", "network.enis_peak"};
  CHECK(resolve_metric("total.latency_p99_ms", names) == "total.latency_p99_ms");
  CHECK(resolve_metric("total.latency.p99_ms", names) == "total.latency_p99_ms");
  CHECK(resolve_metric("functions.my_api.latency.cold.p50_ms", names) ==
        "functions.my_api.latency_cold_p50_ms");
  CHECK(resolve_metric("functions.my_api.p_throttle", names) == "functions.my_api.p_throttle");
  CHECK(resolve_metric("network.enis.peak", names) == "network.enis_peak");
  // Only the metric's own JSON path: not any '_' written '.', and never in
  // the function's name.
  CHECK(resolve_metric("total.latency.p99.ms", names).empty());
  CHECK(resolve_metric("functions.my.api.p_throttle", names).empty());
  CHECK(resolve_metric("functions.other.p_throttle", names).empty());
  CHECK(resolve_metric("p_throttle", names).empty());
}

TEST_CASE("thresholds: the metrics known before simulating are those a run has", "[thresholds]") {
  // Plain, with VPCs and NATs, and with faults.
  for (const char* file : {"steady-api.yaml", "vpc-client-endpoint.yaml", "az-outage-designs.yaml",
                           "dns-resolver-limit.yaml"}) {
    INFO(file);
    const LoadResult r =
        load_scenario_file(kRoot + "/scenarios/" + file, {Override{"spec.horizon", "30s"}});
    REQUIRE(r.ok());
    std::vector<std::string> ran;
    RunOptions options;
    options.timeseries = TimeSeriesKeep::kNone;
    for (const auto& [name, value] : flatten(run_replication(*r.scenario, 0, options).summary)) {
      ran.push_back(name);
    }
    CHECK(scenario_metric_names(*r.scenario) == ran);
    CHECK(ran.size() > 50);
  }
}

TEST_CASE("thresholds: spec.thresholds and flags, each bad one located", "[thresholds]") {
  const LoadResult r = load_scenario_text(kHead +
                                              "  thresholds:\n"
                                              "    - total.success_rate >= 0.99\n"
                                              "    - functions.api.latency.p99_ms < 500\n"
                                              "    - functions.web.p_throttle < 0.01\n"
                                              "    - total.success_rate => 1\n",
                                          "t.yaml", "");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());  // the syntax is checked with the metrics, after loading
  CHECK(r.scenario->run.thresholds.size() == 4);
  const ThresholdCheck check =
      collect_thresholds(*r.scenario, {"total.cold_starts == 0", "total.bogus < 1", "x"});
  REQUIRE(check.diagnostics.size() == 4);
  CHECK(format_diagnostic(check.diagnostics[0]) ==
        "t.yaml:12:7: error: spec.thresholds[2]: unknown metric 'functions.web.p_throttle'; did "
        "you mean total.p_throttle, functions.api.p_throttle?");
  CHECK(check.diagnostics[1].line == 13);
  CHECK(check.diagnostics[1].column == 7);
  CHECK(check.diagnostics[1].message.find("expected METRIC OP NUMBER") != std::string::npos);
  CHECK(format_diagnostic(check.diagnostics[2])
            .rfind("--threshold 'total.bogus < 1': error: "
                   "unknown metric 'total.bogus'",
                   0) == 0);
  CHECK(check.diagnostics[3].file == "--threshold 'x'");
  REQUIRE(check.thresholds.size() == 3);
  CHECK(check.thresholds[1].name == "functions.api.latency_p99_ms");
  CHECK(check.thresholds[2].name == "total.cold_starts");
}

TEST_CASE("thresholds: the failures and their table", "[thresholds]") {
  const LoadResult r = load_scenario_text(kHead, "t.yaml", "");
  REQUIRE(r.ok());
  const ThresholdCheck check = collect_thresholds(
      *r.scenario, {"total.success_rate >= 0.99", "functions.api.latency.p99_ms < 500",
                    "functions.api.p_throttle < 0.01"});
  REQUIRE(check.ok());
  const std::vector<ThresholdFailure> failed = failed_thresholds(
      check.thresholds, {{"total.success_rate", 0.995}, {"functions.api.latency_p99_ms", 612.5}},
      "");
  // p_throttle is absent from the values: undefined, so missed.
  REQUIRE(failed.size() == 2);
  CHECK(failed[0].metric == "functions.api.latency_p99_ms");
  CHECK(failed[0].value == 612.5);
  CHECK(failed[1].metric == "functions.api.p_throttle");
  CHECK(std::isnan(failed[1].value));
  CHECK(render_threshold_failures(failed, 3) ==
        "lambdasim: 2 of 3 thresholds missed:\n"
        "  metric                        threshold                           value\n"
        "  functions.api.latency_p99_ms  functions.api.latency.p99_ms < 500  612.5\n"
        "  functions.api.p_throttle      functions.api.p_throttle < 0.01     undefined\n");
}

TEST_CASE("thresholds: steady.* metrics only with --warmup mser5", "[thresholds][warmup]") {
  const LoadResult r = load_scenario_text(
      kHead + "  thresholds:\n    - steady.concurrency_avg < 50\n", "t.yaml", "");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  // validate cannot know whether the run will delete a warm-up: accepted.
  CHECK(check_scenario_thresholds(*r.scenario).empty());
  // A run without --warmup: refused where the threshold is, saying why.
  const ThresholdCheck plain = collect_thresholds(*r.scenario, {"steady.success_rate > 0.9"});
  REQUIRE(plain.diagnostics.size() == 2);
  CHECK(format_diagnostic(plain.diagnostics[0]) ==
        "t.yaml:10:7: error: spec.thresholds[0]: steady.concurrency_avg is a steady-state "
        "metric: it exists only with --warmup mser5");
  CHECK(plain.diagnostics[1].file == "--threshold 'steady.success_rate > 0.9'");
  // With it: both resolved, by flat name.
  const ThresholdCheck steady =
      collect_thresholds(*r.scenario, {"steady.success_rate > 0.9"}, Warmup::kMser5);
  INFO(format_diagnostics(steady.diagnostics));
  REQUIRE(steady.ok());
  REQUIRE(steady.thresholds.size() == 2);
  CHECK(steady.thresholds[0].name == "steady.concurrency_avg");
  CHECK(steady.thresholds[1].name == "steady.success_rate");
  CHECK(steady_metric_problem("total.success_rate", Warmup::kNone).empty());
  const std::vector<std::string> names = scenario_metric_names(*r.scenario);
  const std::vector<std::string> with = scenario_metric_names(*r.scenario, true);
  CHECK(with.size() > names.size());
  CHECK(std::find(names.begin(), names.end(), "steady.warmup_s") == names.end());
  CHECK(std::find(with.begin(), with.end(), "steady.warmup_s") != with.end());
}
