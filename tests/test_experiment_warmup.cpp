// --warmup mser5 end to end: a cold-start ramp then steady load (Little's
// law holds after the deleted warm-up, not over the whole run), the steady.*
// metrics in flatten(), summary.json, aggregates and compare, nothing else
// changed by the flag, and the CLI option.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "lambdasim/experiment/compare.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

// 20 arrivals/s (Poisson) of a 60 s handler after a 1 s init: Little's law
// gives L = lambda x E[S] = 20 x 60 = 1200 running once warm (cold starts,
// whose init adds 1 s, become rare after the first minute). Concurrency
// ramps from 0 over the first ~61 s, so the whole 5-minute run's average is
// ~10% below L. The account limit is raised so that nothing is throttled.
const char* const kRamp = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: ramp}
spec:
  horizon: 5m
  seed: 11
  timeseries_interval: 1s
  account: {concurrency: 5000}
  functions:
    api:
      timeout: 120s
      duration: {dist: deterministic, value: 60s}
      init: {dist: deterministic, value: 1s}
      arrivals:
        - {dist: poisson, rate: 20/s}
)";
constexpr double kLittle = 20.0 * 60.0;

Scenario load_text(const char* yaml) {
  const LoadResult r = load_scenario_text(yaml, "ramp.yaml", "");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

double value_of(const FlatMetrics& flat, const std::string& name) {
  for (const auto& [n, v] : flat) {
    if (n == name) return v;
  }
  FAIL("no metric " << name);
  return 0;
}

}  // namespace

TEST_CASE("warmup mser5: Little's law after the warm-up, not over the whole run",
          "[experiment][warmup]") {
  const Scenario s = load_text(kRamp);
  RunOptions options;
  options.timeseries = TimeSeriesKeep::kNone;
  options.warmup = Warmup::kMser5;
  const ReplicationResult r = run_replication(s, 0, options);
  REQUIRE(r.summary.steady);
  const SteadyStateSummary& st = *r.summary.steady;
  const double whole = r.summary.total.concurrency_avg;
  INFO("warm-up " << st.warmup_s << " s; steady concurrency " << st.concurrency_avg
                  << "; whole run " << whole << "; L " << kLittle << "; attempts/s "
                  << st.attempts_per_s);
  // The ramp lasts the handler's 60 s (+1 s init): the cut is a multiple of
  // 5 rows near it.
  CHECK(st.warmup_s >= 40);
  CHECK(st.warmup_s <= 100);
  CHECK(std::fmod(st.warmup_s, 5.0) == 0);
  CHECK(std::abs(st.concurrency_avg - kLittle) / kLittle < 0.03);
  CHECK(std::abs(whole - kLittle) / kLittle > 0.08);
  CHECK(st.attempts_per_s == Approx(20).epsilon(0.05));
  CHECK(st.p_throttle == 0);
  // Successes are counted at completion: after the warm-up, as many end per
  // second as arrive, the ratio ~1 (the whole run's is ~0.8: the last minute's
  // arrivals are still running at the end).
  CHECK(st.success_rate == Approx(1).epsilon(0.03));
  CHECK(r.summary.total.success_rate < 0.85);
}

TEST_CASE("warmup: the flag adds steady.* last and changes no other metric",
          "[experiment][warmup][threads]") {
  const Scenario s = load_text(kRamp);
  for (const TimeSeriesKeep keep :
       {TimeSeriesKeep::kNone, TimeSeriesKeep::kAll, TimeSeriesKeep::kStream}) {
    RunOptions off;
    off.timeseries = keep;
    std::size_t streamed_off = 0;
    std::size_t streamed_on = 0;
    if (keep == TimeSeriesKeep::kStream) {
      off.timeseries_sink = [&](const TimeSeries& c) { streamed_off += c.rows.size(); };
    }
    RunOptions on = off;
    on.warmup = Warmup::kMser5;
    if (keep == TimeSeriesKeep::kStream) {
      on.timeseries_sink = [&](const TimeSeries& c) { streamed_on += c.rows.size(); };
    }
    const ReplicationResult a = run_replication(s, 0, off);
    const ReplicationResult b = run_replication(s, 0, on);
    CHECK_FALSE(a.summary.steady);
    REQUIRE(b.summary.steady);
    const FlatMetrics fa = flatten(a.summary);
    const FlatMetrics fb = flatten(b.summary);
    REQUIRE(fb.size() == fa.size() + 5);
    for (std::size_t i = 0; i < fa.size(); ++i) {
      INFO(fa[i].first);
      CHECK(fb[i].first == fa[i].first);
      CHECK(
          (fb[i].second == fa[i].second || (std::isnan(fb[i].second) && std::isnan(fa[i].second))));
    }
    CHECK(fb[fa.size()].first == "steady.warmup_s");
    CHECK(fb.back().first == "steady.p_throttle");
    // The caller's rows are what they were: kept, or streamed to its sink.
    CHECK(b.timeseries.rows.size() == a.timeseries.rows.size());
    CHECK(streamed_on == streamed_off);
    if (keep == TimeSeriesKeep::kStream) CHECK(streamed_on == 300);
    // Same steady metrics whichever way the rows were captured.
    CHECK(b.summary.steady->concurrency_avg == value_of(fb, "steady.concurrency_avg"));
  }

  // summary.json: a "steady" object after "faults", before "metrics"; absent
  // without the flag.
  RunOptions on;
  on.timeseries = TimeSeriesKeep::kNone;
  on.warmup = Warmup::kMser5;
  const auto j =
      nlohmann::ordered_json::parse(summary_to_json(s, run_replication(s, 0, on).summary));
  REQUIRE(j.contains("steady"));
  CHECK(j["steady"].size() == 5);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  REQUIRE(keys.size() >= 2);
  CHECK(keys[keys.size() - 2] == "steady");
  CHECK(keys.back() == "metrics");
  CHECK(j["steady"]["warmup_s"].get<double>() > 0);
  const auto plain = nlohmann::json::parse(summary_to_json(s, run_replication(s, 0).summary));
  CHECK_FALSE(plain.contains("steady"));

  // Aggregates and compare carry them like any metric.
  const std::vector<ReplicationResult> runs = run_replications(s, 3, 2, on);
  std::vector<RunSummary> summaries;
  for (const ReplicationResult& r : runs) summaries.push_back(r.summary);
  const AggregateSummary agg = aggregate(summaries);
  const AggregateMetric* c = agg.find("steady.concurrency_avg");
  REQUIRE(c != nullptr);
  CHECK(c->ci.n == 3);
  CHECK(c->ci.mean == Approx(kLittle).epsilon(0.03));
  const Comparison cmp =
      compare_variants({s, s}, {"a", "b"}, 2, 2, nullptr, nullptr, {}, Warmup::kMser5);
  const ComparedMetric* m = cmp.find("steady.warmup_s");
  REQUIRE(m != nullptr);
  CHECK(m->values[0].n == 2);
  CHECK(m->difference[1].mean == 0);  // the same scenario twice: identical runs
  const Comparison plain_compare = compare_variants({s}, {"a"}, 1, 1);
  CHECK(plain_compare.find("steady.warmup_s") == nullptr);
}

TEST_CASE("warmup: the --warmup option of run and compare", "[experiment][warmup][cli]") {
  using lambdasim::testing::cli;
  const std::string steady = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/steady-api.yaml";
  const auto r = cli("run " + steady + " --set horizon=2m --warmup mser5 --format json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.contains("steady"));
  // 200 req/s of a 40 ms (median) handler: ~10 running.
  CHECK(j["steady"]["attempts_per_s"].get<double>() == Approx(200).epsilon(0.05));
  const auto none = cli("run " + steady + " --set horizon=2m --warmup none --format json");
  REQUIRE(none.code == 0);
  CHECK_FALSE(nlohmann::json::parse(none.out).contains("steady"));
  // The table says them under the per-function table; with -r, ± half-width.
  const auto table = cli("run " + steady + " --set horizon=1m --warmup mser5 -r 2");
  REQUIRE(table.code == 0);
  CHECK(table.out.find("Steady state (MSER-5") != std::string::npos);
  CHECK(table.out.find("steady.attempts_per_s") != std::string::npos);
  CHECK(table.out.find(" ± ") != std::string::npos);
  const auto plain = cli("run " + steady + " --set horizon=1m");
  CHECK(plain.out.find("Steady state") == std::string::npos);
  const auto bad = cli("run " + steady + " --warmup mser7");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--warmup") != std::string::npos);
  const std::string variants =
      std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/vpc-client-endpoint.yaml";
  const auto c = cli("compare " + variants + " --set horizon=1m -r 2 --warmup mser5 --format json");
  REQUIRE(c.code == 0);
  CHECK(c.out.find("steady.concurrency_avg") != std::string::npos);

  // Thresholds and --ci-target may name steady.* metrics, with --warmup only.
  const std::string limit = " --threshold 'steady.attempts_per_s < 100'";
  const auto refused = cli("run " + steady + " --set horizon=1m" + limit);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("exists only with --warmup mser5") != std::string::npos);
  const auto missed = cli("run " + steady + " --set horizon=1m --warmup mser5" + limit);
  CHECK(missed.code == 1);  // ~200/s
  CHECK(missed.err.find("steady.attempts_per_s") != std::string::npos);
  CHECK(cli("run " + steady + " --set horizon=1m --warmup mser5 -r 2" +
            " --threshold 'steady.attempts_per_s > 100'")
            .code == 0);
  const std::string sweep = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/subnet-size-sweep.yaml";
  const auto target =
      cli("sweep " + sweep + " --set horizon=1m --ci-target steady.success_rate:1%");
  CHECK(target.code == 2);
  CHECK(target.err.find("exists only with --warmup mser5") != std::string::npos);
}
