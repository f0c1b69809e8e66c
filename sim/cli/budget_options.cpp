#include "cli/budget_options.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/units.hpp"

namespace lambdasim::cli {

void add_budget_options(CLI::App& cmd, BudgetOptions& options) {
  cmd.add_option("--max-arrivals", options.limits.max_arrivals,
                 "refuse a run expected to simulate more arrivals than this, all replications "
                 "together (sum of rate x time inside the horizon, traces included)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--max-memory", options.max_memory,
                 "refuse a run whose estimated peak memory is above this (e.g. 8GiB; default "
                 "4GiB): histograms per function, kept time-series rows, trace instants, the "
                 "async backlog at worst");
  cmd.add_flag("--force", options.force, "run even when over the resource budget");
}

std::size_t threads_used(std::size_t replications, std::size_t jobs) {
  if (jobs == 0) jobs = std::max(1U, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min(jobs, replications));
}

bool check_run_budget(const Scenario& scenario, const RunShape& shape,
                      const BudgetOptions& options) {
  BudgetLimits limits = options.limits;
  if (!options.max_memory.empty()) {
    const UnitResult<std::int64_t> bytes = parse_size(options.max_memory);
    if (!bytes || *bytes <= 0) {
      std::cerr << "--max-memory: error: '" << options.max_memory
                << "': " << (bytes ? "must be positive" : bytes.error) << "\n";
      return false;
    }
    limits.max_memory_bytes = *bytes;
  }
  const ResourceBudget budget = estimate_budget(scenario, shape);
  spdlog::info("resource budget: ~{:.3g} arrivals, ~{} memory", budget.arrivals,
               human_bytes(budget.memory_bytes));
  const std::vector<Diagnostic> over = check_budget(scenario, budget, limits);
  if (over.empty()) return true;
  if (options.force) {
    for (const Diagnostic& d : over) spdlog::warn("--force: {}", format_diagnostic(d));
    return true;
  }
  for (const Diagnostic& d : over) std::cerr << format_diagnostic(d) << "\n";
  return false;
}

}  // namespace lambdasim::cli
