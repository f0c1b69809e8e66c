#include "lambdasim/experiment/sweep_experiment.hpp"

#include <fmt/format.h>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/scenario/sweep.hpp"

namespace lambdasim {

SweepCells load_sweep_cells(const std::string& file, const Scenario& base,
                            const std::vector<std::string>& variants,
                            const std::vector<Override>& overrides, const LoadOptions& options) {
  SweepCells cells;
  cells.variants = variants;
  if (!base.sweep) return cells;
  cells.points = base.sweep->points.size();
  cells.scenarios.reserve(cells.points * variants.size());
  for (const SweepPoint& point : base.sweep->points) {
    for (const std::string& v : variants) {
      LoadResult r = load_scenario_point(file, v == "base" && base.variants.empty() ? "" : v, point,
                                         overrides, options);
      for (Diagnostic& d : r.diagnostics) {
        if (d.severity != Severity::kError) continue;
        d.message =
            fmt::format("sweep point {} ({}){}: {}", point.index, point.label(),
                        variants.size() > 1 ? fmt::format(", variant '{}'", v) : "", d.message);
        cells.diagnostics.push_back(std::move(d));
      }
      if (!r.ok()) return cells;
      cells.scenarios.push_back(std::move(*r.scenario));
    }
  }
  return cells;
}

RunFunction sweep_run_function(const SweepCells& cells, const std::atomic<bool>* interrupt,
                               Warmup warmup) {
  return [&cells, interrupt, warmup](const RunAddress& a) {
    RunOptions options;
    options.timeseries = TimeSeriesKeep::kNone;
    options.interrupt = interrupt;
    options.warmup = warmup;
    const ReplicationResult r =
        run_replication(cells.at(a.point, a.variant), a.replication, options);
    return RunRecord{a, flatten(r.summary), to_seconds(r.summary.end), r.events, r.partial};
  };
}

StoreLayout sweep_layout(const Scenario& base, const std::vector<std::string>& variants) {
  StoreLayout layout;
  layout.variants = variants;
  if (!base.sweep) return layout;
  for (const SweepPoint& p : base.sweep->points) {
    layout.points.push_back(StorePoint{p.index, p.label(), p.values});
  }
  return layout;
}

std::string experiment_key(const Scenario& base, const StoreLayout& layout) {
  std::string text = fmt::format("lambdasim-store-{}\nscenario {}\nseed {}\n", kStoreVersion,
                                 base.hash, base.run.seed);
  for (const std::string& v : layout.variants) text += "variant " + v + "\n";
  for (const StorePoint& p : layout.points) text += fmt::format("point {} {}\n", p.index, p.label);
  return scenario_hash(text, {});
}

}  // namespace lambdasim
