// A sweep's cells made runnable: every (point, variant) loaded once as a
// Scenario (the --set overrides, then the variant, then the point's axis
// values), the run function the dealers call, the store layout naming the
// cells, and the experiment's key (what --resume and merge check).
//   SweepCells cells = load_sweep_cells(file, base, {"base"}, overrides,
//   options);
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "lambdasim/experiment/dealer.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/report/results_store.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

struct SweepCells {
  std::vector<std::string> variants;  // names; "base" for the scenario without one
  std::size_t points = 0;
  std::vector<Scenario> scenarios;  // point * variants.size() + variant
  std::vector<Diagnostic> diagnostics;
  bool ok() const {
    return !has_errors(diagnostics) && scenarios.size() == points * variants.size();
  }
  const Scenario& at(std::size_t point, std::size_t variant) const {
    return scenarios[point * variants.size() + variant];
  }
};

// `variants`: names of spec.variants, or {"base"} for the scenario itself.
// A diagnostic of a cell names its point and variant.
SweepCells load_sweep_cells(const std::string& file, const Scenario& base,
                            const std::vector<std::string>& variants,
                            const std::vector<Override>& overrides, const LoadOptions& options);

// Runs an address on its cell: replication r of (spec.seed, r) streams, no
// time series kept. Safe to call from several threads.
RunFunction sweep_run_function(const SweepCells& cells, const std::atomic<bool>* interrupt,
                               Warmup warmup);

StoreLayout sweep_layout(const Scenario& base, const std::vector<std::string>& variants);

// Hex key of what decides a run's result: the scenario hash (file text and
// overrides), the seed, the variants and the points. Equal keys: a run at
// the same address gives the same record.
std::string experiment_key(const Scenario& base, const StoreLayout& layout);

}  // namespace lambdasim
