// The resource budget as `explain` shows it: a text section, and a JSON
// object for `explain --format json`'s "budget" key.
#pragma once

#include <string>

#include "lambdasim/experiment/budget.hpp"

namespace lambdasim {

std::string render_budget_text(const ResourceBudget& budget, const BudgetLimits& limits);
// {"arrivals", "arrivals_key", "max_arrivals", "timeseries_rows", "trace_arrivals",
//  "async_backlog_peak", "memory_bytes", "max_memory_bytes",
//  "memory": [{"what", "count", "bytes", "key"}]}
std::string budget_to_json(const ResourceBudget& budget, const BudgetLimits& limits);

}  // namespace lambdasim
