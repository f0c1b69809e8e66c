// --threshold 'METRIC OP NUMBER' on run and compare, with spec.thresholds
// (lambdasim/experiment/thresholds.hpp): checked before simulating (exit 2
// on a bad one), then against the results, a missed one printed in a table
// on stderr after the outputs are written (exit 1).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "lambdasim/experiment/thresholds.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim::cli {

// --threshold (repeatable); `applies_to` ends its help ("" for run).
void add_threshold_option(CLI::App& cmd, std::vector<std::string>& thresholds,
                          const std::string& applies_to);

// The scenario's and the flags' thresholds, resolved; nullopt after printing
// each bad one (file:line:col for spec.thresholds, the flag otherwise);
// steady.* metrics only with a warm-up deletion.
std::optional<ThresholdCheck> thresholds_or_report(const Scenario& scenario,
                                                   const std::vector<std::string>& flags,
                                                   Warmup warmup);

// (flatten name, mean) of each aggregated metric.
std::vector<std::pair<std::string, double>> aggregate_means(const AggregateSummary& aggregate);

// kExitOk when nothing failed, else the failures' table on stderr and
// kExitThresholdMissed.
int report_thresholds(const std::vector<ThresholdFailure>& failures, std::size_t checked);

}  // namespace lambdasim::cli
