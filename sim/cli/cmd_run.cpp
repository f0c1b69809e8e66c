// `lambdasim run`: simulates a scenario, once or over replications; a table
// or JSON on stdout, and summary.json, timeseries.csv, manifest.json in --out.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/budget_options.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/table.hpp"

namespace lambdasim::cli {
namespace {

struct RunArgs {
  ScenarioOptions scenario;
  std::string format;
  std::string out_dir;
  ReplicationOptions replications;
  BudgetOptions budget;
};

int run(const RunArgs& args, const std::string& command_line) {
  const std::optional<Scenario> scenario = load_or_report(args.scenario);
  if (!scenario) return kExitBadInput;
  if (!make_out_dir(args.out_dir)) return kExitBadInput;

  const std::size_t count = args.replications.replications;
  // Without --out nobody reads the time series: keep none of it, so memory
  // does not grow with the horizon.
  RunOptions options;
  options.timeseries = args.out_dir.empty() ? TimeSeriesKeep::kNone : TimeSeriesKeep::kAll;
  const RunShape shape{count, threads_used(count, args.replications.jobs), options.timeseries};
  if (!check_run_budget(*scenario, shape, args.budget)) return kExitBadInput;

  const bool progress = count > 1 && isatty(STDERR_FILENO);
  if (progress) std::cerr << "running " << count << " replications...\r";
  const std::vector<ReplicationResult> results =
      run_replications(*scenario, count, args.replications.jobs, options);
  if (progress) std::cerr << std::string(40, ' ') << "\r";

  std::vector<RunSummary> summaries;
  summaries.reserve(results.size());
  for (const auto& r : results) summaries.push_back(r.summary);

  const std::string json = results.size() == 1
                               ? summary_to_json(*scenario, summaries[0])
                               : aggregate_to_json(*scenario, summaries, aggregate(summaries));
  if (args.format == "json") {
    std::cout << json << "\n";
  } else if (results.size() == 1) {
    std::cout << render_summary_table(*scenario, summaries[0]);
  } else {
    std::cout << render_aggregate_table(*scenario, aggregate(summaries));
  }

  if (args.out_dir.empty()) return kExitOk;
  const std::vector<std::string> names = {"summary.json", "timeseries.csv", "manifest.json"};
  const bool written = write_outputs(
      args.out_dir, {{"summary.json", json},
                     {"timeseries.csv", timeseries_to_csv(results[0].timeseries, scenario->model)},
                     {"manifest.json", manifest_to_json(*scenario, count, command_line, names)}});
  return written ? kExitOk : kExitBadInput;
}

}  // namespace

Command add_run_command(CLI::App& app, const std::string& command_line) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "simulate a scenario; a table on stdout");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file",
                       "override a scenario key: key.path=value (repeatable)");
  add_format_option(*cmd, args->format, "stdout format", {"table", "json"});
  add_out_option(*cmd, args->out_dir, "directory for summary.json, timeseries.csv, manifest.json");
  add_replication_options(*cmd, args->replications,
                          "independent replications; mean and 95% Student-t CI",
                          "threads (0 = one per core); never changes results");
  add_budget_options(*cmd, args->budget);
  return {cmd, [args, command_line] { return run(*args, command_line); }};
}

}  // namespace lambdasim::cli
