// The resource-budget flags of `run` and `compare` (--max-arrivals,
// --max-memory, --force) and the check they drive before any simulation.
#pragma once

#include <cstddef>
#include <string>

#include <CLI/CLI.hpp>

#include "lambdasim/experiment/budget.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim::cli {

struct BudgetOptions {
  BudgetLimits limits;
  std::string max_memory;  // as given ("8GiB"); parsed by check_run_budget
  bool force = false;
};
void add_budget_options(CLI::App& cmd, BudgetOptions& options);

// The threads a run of `replications` on `jobs` (0 = one per core) uses.
std::size_t threads_used(std::size_t replications, std::size_t jobs);

// Estimates the run's budget and refuses it over the limits: prints each
// located error on stderr and returns false (unless --force, which logs a
// warning instead). False also for a malformed --max-memory.
bool check_run_budget(const Scenario& scenario, const RunShape& shape,
                      const BudgetOptions& options);

}  // namespace lambdasim::cli
