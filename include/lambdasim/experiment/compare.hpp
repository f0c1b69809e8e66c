// `lambdasim compare`: the same workload through several variants of one
// scenario with common random numbers. Replication r of every variant uses
// the same streams (spec.seed, r, entity name), so arrivals and durations are
// identical and paired differences are tight.
//   Comparison c = compare_variants(variants, /*replications=*/10, /*jobs=*/2);
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "lambdasim/experiment/dealer.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/mser.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

struct ComparedMetric {
  std::string name;                            // a flatten() name
  std::vector<ConfidenceInterval> values;      // per variant
  std::vector<ConfidenceInterval> difference;  // variant - first variant, paired; [0] is zero
};

struct Comparison {
  std::vector<std::string> variants;
  std::size_t replications = 0;
  double confidence = kDefaultConfidence;
  std::vector<ComparedMetric> metrics;  // flatten() order of the first variant
  // Lvalues only: a pointer into a temporary comparison would dangle.
  const ComparedMetric* find(const std::string& name) const&;
  const ComparedMetric* find(const std::string& name) const&& = delete;
};

// `variants` are fully loaded scenarios (the base with each variant's
// overrides applied), named by Scenario::name of each entry in `names`.
// `interrupt` (RunOptions::interrupt) stops the runs early; the comparison is
// then incomplete and only good for discarding. `progress`
// (RunOptions::progress) counts every variant's runs.
// `series_sinks`, when set, gives the sink of variant v's replication-0 time
// series (its rows streamed in chunks, as `run --out` writes them).
// `warmup` (RunOptions::warmup) adds the steady.* metrics to every variant.
// The statistics are those of replication x metric matrices
// (ReplicationMatrix): per variant its columns' intervals, and the
// intervals of its paired differences from the first variant.
// `records`, when set, receives every run's flattened metrics (address:
// point 0, the variant's index, the replication), in address order: the
// results store's rows.
using VariantSeriesSinks = std::function<TimeSeriesSink(std::size_t variant)>;
Comparison compare_variants(const std::vector<Scenario>& variants,
                            const std::vector<std::string>& names, std::size_t replications,
                            std::size_t jobs, const std::atomic<bool>* interrupt = nullptr,
                            SimulationProgress* progress = nullptr,
                            const VariantSeriesSinks& series_sinks = {},
                            Warmup warmup = Warmup::kNone,
                            std::vector<RunRecord>* records = nullptr);

}  // namespace lambdasim
