#include "lambdasim/report/budget_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lambdasim {

namespace {

std::string count_text(double n) {
  return n < 1e6 ? fmt::format("{:.0f}", n) : fmt::format("{:.3g}", n);
}

}  // namespace

std::string render_budget_text(const ResourceBudget& b, const BudgetLimits& limits) {
  std::string out =
      "Resource budget (one replication, no --out; `run` checks it before simulating):\n";
  out +=
      fmt::format("  arrivals           ~{} (limit {} over all replications; --max-arrivals){}\n",
                  count_text(b.arrivals), count_text(limits.max_arrivals),
                  b.arrivals_key.empty() ? "" : ", mostly " + b.arrivals_key);
  out += fmt::format("  time-series rows   {} (computed; kept only with --out)\n",
                     count_text(b.timeseries_rows));
  if (b.trace_arrivals > 0) {
    out += fmt::format("  trace instants     {}\n", count_text(b.trace_arrivals));
  }
  if (b.async_backlog_peak > 0) {
    out += fmt::format("  async backlog      at most {} events waiting at once\n",
                       count_text(b.async_backlog_peak));
  }
  out += fmt::format("  memory             ~{} (limit {}; --max-memory)\n",
                     human_bytes(b.memory_bytes),
                     human_bytes(static_cast<double>(limits.max_memory_bytes)));
  for (const BudgetPart& p : b.memory) {
    out += fmt::format("    {:<36} {:>10}  (count {}{})\n", p.what, human_bytes(p.bytes),
                       count_text(p.count), p.key.empty() ? "" : ", " + p.key);
  }
  return out;
}

std::string budget_to_json(const ResourceBudget& b, const BudgetLimits& limits) {
  using nlohmann::json;
  json j{{"arrivals", b.arrivals},
         {"arrivals_key", b.arrivals_key},
         {"max_arrivals", limits.max_arrivals},
         {"timeseries_rows", b.timeseries_rows},
         {"trace_arrivals", b.trace_arrivals},
         {"async_backlog_peak", b.async_backlog_peak},
         {"memory_bytes", b.memory_bytes},
         {"max_memory_bytes", limits.max_memory_bytes}};
  j["memory"] = json::array();
  for (const BudgetPart& p : b.memory) {
    j["memory"].push_back(
        {{"what", p.what}, {"count", p.count}, {"bytes", p.bytes}, {"key", p.key}});
  }
  return j.dump(2);
}

}  // namespace lambdasim
