#include "cli/thresholds.hpp"

#include <iostream>

#include "cli/options.hpp"
#include "lambdasim/scenario/diagnostics.hpp"

namespace lambdasim::cli {

void add_threshold_option(CLI::App& cmd, std::vector<std::string>& thresholds,
                          const std::string& applies_to) {
  cmd.add_option("--threshold", thresholds,
                 "a check for CI, 'METRIC OP NUMBER' (repeatable, added to spec.thresholds): OP "
                 "one of < <= > >= == !=, METRIC a summary.json path "
                 "(functions.api.p_throttle, total.latency.p99_ms) or its flat name "
                 "(total.latency_p99_ms); with -r > 1 the mean of the replications is "
                 "checked" +
                     applies_to +
                     ". One missed: outputs written as usual, a table of the misses on "
                     "stderr, exit 1")
      ->allow_extra_args(false);  // one expression per flag: never the scenario file
}

std::optional<ThresholdCheck> thresholds_or_report(const Scenario& scenario,
                                                   const std::vector<std::string>& flags,
                                                   Warmup warmup) {
  ThresholdCheck check = collect_thresholds(scenario, flags, warmup);
  if (check.ok()) return check;
  std::cerr << format_diagnostics(check.diagnostics);
  return std::nullopt;
}

std::vector<std::pair<std::string, double>> aggregate_means(const AggregateSummary& aggregate) {
  std::vector<std::pair<std::string, double>> out;
  out.reserve(aggregate.metrics.size());
  for (const AggregateMetric& m : aggregate.metrics) out.emplace_back(m.name, m.ci.mean);
  return out;
}

int report_thresholds(const std::vector<ThresholdFailure>& failures, std::size_t checked) {
  if (failures.empty()) return kExitOk;
  std::cerr << render_threshold_failures(failures, checked);
  return kExitThresholdMissed;
}

}  // namespace lambdasim::cli
