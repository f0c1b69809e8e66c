// What the fuzz target does with one input, shared with the deterministic
// mutation test (tests/test_scenario_fuzz.cpp): arbitrary bytes as a scenario
// (lines after a line "#@set" are `--set` texts) through load -> diagnostics
// -> explain -> a short, bounded run -> the table, JSON and CSV writers, all
// in-process. Anything thrown or crashing is a finding; a refused input is not.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/table.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/loader.hpp"

namespace lambdasim::fuzz {

// How far one input went, for the mutation test's assertions.
struct PipelineResult {
  bool loaded = false;
  bool ran = false;
  std::uint64_t events = 0;
  std::size_t output_bytes = 0;  // of every writer together
};

// A run is kept short: at most this many expected arrivals and this much
// simulated time (the lead's resource budget does the same for users).
inline constexpr double kMaxFuzzArrivals = 5000;
inline constexpr SimTime kMaxFuzzHorizon = seconds(2);
inline constexpr int kMaxFuzzProvisioned = 2000;

// The expected number of arrivals of `config` per simulated second (traces:
// their whole length, as if in one second).
inline double arrival_rate_bound(const ModelConfig& config) {
  double rate = 0;
  for (const FunctionConfig& f : config.functions) {
    for (const ArrivalConfig& a : f.arrivals) {
      rate += std::max(a.rate_per_s, a.to_rate_per_s) + a.amplitude_per_s;
      if (a.trace) rate += static_cast<double>(a.trace->size());
    }
  }
  return rate;
}

// The scenario with its horizon cut so that the run stays small, or false
// when even a short run would not.
inline bool bound_run(Scenario& s) {
  std::int64_t provisioned = 0;
  for (const FunctionConfig& f : s.model.functions) provisioned += f.provisioned_concurrency;
  if (provisioned > kMaxFuzzProvisioned) return false;
  const double rate = arrival_rate_bound(s.model);
  SimTime horizon = std::min(s.run.horizon, kMaxFuzzHorizon);
  if (rate > 0 && to_seconds(horizon) * rate > kMaxFuzzArrivals) {
    horizon = from_seconds(kMaxFuzzArrivals / rate);
  }
  if (horizon < milliseconds(1)) return false;
  s.run.horizon = horizon;
  // At most ~1,000 time-series rows.
  s.run.timeseries_interval = std::max(s.run.timeseries_interval, horizon / 1000);
  return true;
}

inline PipelineResult run_pipeline(std::string_view input, const std::string& base_dir) {
  PipelineResult out;
  std::string_view yaml = input;
  std::vector<Override> overrides;
  constexpr std::string_view kSetMarker = "\n#@set\n";
  if (const std::size_t cut = input.find(kSetMarker); cut != std::string_view::npos) {
    yaml = input.substr(0, cut);
    std::string_view rest = input.substr(cut + kSetMarker.size());
    while (!rest.empty() && overrides.size() < 8) {
      const std::size_t nl = rest.find('\n');
      std::string error;
      if (auto o = parse_override(rest.substr(0, nl), &error)) overrides.push_back(*o);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
  }
  LoadResult r = load_scenario_text(yaml, "fuzz.yaml", base_dir, overrides);
  out.output_bytes += format_diagnostics(r.diagnostics).size();
  out.output_bytes += diagnostics_to_json(r.diagnostics).size();
  if (!r.ok()) return out;
  out.loaded = true;
  Scenario& s = *r.scenario;
  if (!bound_run(s)) return out;
  const Explanation e = explain(s.model, s.run.horizon);
  out.output_bytes += render_explanation_text(e).size();
  out.output_bytes += render_explanation_json(e).size();
  const ReplicationResult run = run_replication(s, 0);
  out.ran = true;
  out.events = run.events;
  out.output_bytes += render_summary_table(s, run.summary).size();
  out.output_bytes += summary_to_json(s, run.summary).size();
  out.output_bytes += timeseries_to_csv(run.timeseries, s.model).size();
  out.output_bytes += manifest_to_json(s, 1, "fuzz", {"summary.json"}).size();
  return out;
}

}  // namespace lambdasim::fuzz
