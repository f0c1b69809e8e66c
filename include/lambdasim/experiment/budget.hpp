// What a run will cost, worked out before it runs: expected arrivals, the
// time-series rows it keeps, trace arrivals held in memory, the async backlog
// at worst, and an estimate of peak memory, each with the scenario key that
// drives it. `run` refuses a run over its limits (unless --force), so a typo
// in a rate or a horizon is a located message rather than the OOM killer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// How the run is asked for (the budget depends on it, not only the scenario).
struct RunShape {
  std::size_t replications = 1;
  std::size_t jobs = 1;  // threads actually used (replications run at once)
  TimeSeriesKeep timeseries = TimeSeriesKeep::kNone;
};

struct BudgetLimits {
  // About 40 min of one core at ~4 M arrivals/s (README, "Performance").
  double max_arrivals = 1e10;
  std::int64_t max_memory_bytes = std::int64_t{4} << 30;  // 4 GiB
};

// One thing that takes memory, with the key that drives its size.
struct BudgetPart {
  std::string what;  // "latency histograms", "time-series rows", ...
  double count = 0;  // of what (functions, rows, events)
  double bytes = 0;  // estimated, for every replication running at once
  std::string key;   // scenario key path that drives it ("" when none does)
};

struct ResourceBudget {
  double arrivals = 0;             // expected first attempts, all replications (traces included)
  std::string arrivals_key;        // the source contributing most
  double timeseries_rows = 0;      // rows of one replication (computed; kept only if asked)
  double trace_arrivals = 0;       // instants held, all traces together
  double async_backlog_peak = 0;   // async events that could wait at once, at worst
  std::vector<BudgetPart> memory;  // largest first
  double memory_bytes = 0;         // their sum: peak estimate
};

ResourceBudget estimate_budget(const Scenario& scenario, const RunShape& shape);

// Errors for each limit the budget is over, located at the key that drives
// it (file:line:col), saying the figure, the limit, and how to proceed.
std::vector<Diagnostic> check_budget(const Scenario& scenario, const ResourceBudget& budget,
                                     const BudgetLimits& limits);

// "4.4 GiB", "512.0 MiB", "100 B".
std::string human_bytes(double bytes);

}  // namespace lambdasim
