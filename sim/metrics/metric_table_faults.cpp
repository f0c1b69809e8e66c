// The fault-window metrics (one set per fault of the timeline), declared
// once, in flatten order. Success and the async final states are in
// summary.json's outcomes but not flattened ("successes" is).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lambdasim/metrics/metric_spec.hpp"
#include "metrics/metric_table_support.hpp"

namespace lambdasim {

namespace {

using K = MetricKind;
using metric_table::metric;

double num(std::uint64_t v) {
  return static_cast<double>(v);
}

// summary.json order of a fault window's metrics, after its identity fields.
enum FaultRank : int { kCounts, kAvailability, kOutcomes, kAsyncFinal, kAsyncQueue, kCost, kTimes };

// Per outcome (success is "successes" above, but summary.json lists it with
// the others), and the async final states again at the window's top level.
void add_outcomes(std::vector<FaultMetricSpec>& out) {
  using W = FaultWindowSummary;
  constexpr bool kJsonOnly = false;
  constexpr JsonValue kInt = JsonValue::kInteger;
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    const std::string name(outcome_name(o));
    FaultMetricSpec s = metric<W>(
        "outcomes_" + name, "count", K::kCounter,
        "attempts (async final states: events) ending as " + name + " inside the window",
        [i](const W& w) { return num(w.outcomes[i]); }, kOutcomes, o != Outcome::kSuccess, kInt);
    s.at.json_path = "outcomes." + name;
    out.push_back(std::move(s));
  }
  // The same counts as two of the outcomes, also at the window's top level in
  // summary.json.
  out.push_back(metric<W>(
      "async_expired", "count", K::kCounter, "async events expiring inside the window",
      [](const W& w) { return num(w.async_expired); }, kAsyncFinal, kJsonOnly, kInt));
  out.push_back(metric<W>(
      "async_destination", "count", K::kCounter,
      "async events sent to a destination inside the window",
      [](const W& w) { return num(w.async_destination); }, kAsyncFinal, kJsonOnly, kInt));
}

std::vector<FaultMetricSpec> build_faults() {
  using W = FaultWindowSummary;
  constexpr JsonValue kInt = JsonValue::kInteger;
  std::vector<FaultMetricSpec> out = {
      metric<W>(
          "availability", "ratio", K::kRatio,
          "successes / attempts that ended inside the window; NaN if none",
          [](const W& w) { return w.availability; }, kAvailability),
      metric<W>(
          "attempts", "count", K::kCounter, "attempts arriving inside the window",
          [](const W& w) { return num(w.attempts); }, kCounts, true, kInt),
      metric<W>(
          "successes", "count", K::kCounter, "successful completions inside the window",
          [](const W& w) { return num(w.successes); }, kCounts, true, kInt),
      metric<W>(
          "first_success_after_start_s", "s", K::kGauge,
          "fault start to the first success of a cold attempt that arrived after it",
          [](const W& w) { return w.first_success_after_start_s; }, kTimes),
      metric<W>(
          "time_to_recover_s", "s", K::kGauge,
          "fault end to the first time-series row back at the pre-fault availability",
          [](const W& w) { return w.time_to_recover_s; }, kTimes),
      metric<W>(
          "cost_compute_usd", "USD", K::kCost,
          "requests and duration of invocations completing inside the window",
          [](const W& w) { return w.cost_usd; }, kCost),
      metric<W>(
          "async_delayed", "count", K::kCounter,
          "async events first sent back to the queue inside the window",
          [](const W& w) { return num(w.async_delayed); }, kAsyncQueue, true, kInt),
      metric<W>(
          "async_retries", "count", K::kCounter, "async requeues inside the window",
          [](const W& w) { return num(w.async_retries); }, kAsyncQueue, true, kInt),
  };
  add_outcomes(out);
  return out;
}

}  // namespace

std::span<const FaultMetricSpec> fault_metric_specs() {
  static const std::vector<FaultMetricSpec> kSpecs = build_faults();
  return kSpecs;
}

}  // namespace lambdasim
