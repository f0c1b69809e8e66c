// `lambdasim run`: simulates a scenario, once or over replications; a table
// or JSON on stdout, and summary.json, timeseries.csv, manifest.json,
// explain.json and report.html in --out.
// SIGINT/SIGTERM stop it at an event boundary: what was simulated is printed
// and written, marked partial, and the exit code is 128 + signal.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/budget_options.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/thresholds.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/report/atomic_file.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/html_report.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/results_store.hpp"
#include "lambdasim/report/table.hpp"

namespace lambdasim::cli {
namespace {

struct RunArgs {
  ScenarioOptions scenario;
  std::string format;
  std::string out_dir;
  ReplicationOptions replications;
  BudgetOptions budget;
  std::vector<std::string> thresholds;
  bool quiet = false;
  Warmup warmup = Warmup::kNone;
};

const std::vector<std::string> kOutFiles = {"summary.json",   "results.csv",   "aggregate.csv",
                                            "timeseries.csv", "manifest.json", "explain.json",
                                            "report.html"};

// The replications a report covers. After an interruption, those that reached
// the horizon, or when none did, the interrupted ones (each partial).
std::vector<const ReplicationResult*> reported(const std::vector<ReplicationResult>& results) {
  std::vector<const ReplicationResult*> whole;
  std::vector<const ReplicationResult*> all;
  for (const ReplicationResult& r : results) {
    all.push_back(&r);
    if (!r.partial) whole.push_back(&r);
  }
  return whole.empty() ? all : whole;
}

// Set when the run stopped early; the table's first line and summary.json say so.
std::optional<PartialRun> partial_run(const std::vector<ReplicationResult>& results,
                                      const std::vector<const ReplicationResult*>& shown,
                                      std::size_t requested) {
  const std::size_t whole = static_cast<std::size_t>(std::count_if(
      results.begin(), results.end(), [](const ReplicationResult& r) { return !r.partial; }));
  if (whole == requested) return std::nullopt;
  PartialRun p;
  p.interrupted_by = signal_name(interrupt_signal());
  p.replications_requested = requested;
  p.replications_complete = whole;
  SimTime reached = kTimeInfinity;
  for (const ReplicationResult* r : shown) reached = std::min(reached, r->summary.end);
  p.simulated_s = to_seconds(reached);
  return p;
}

std::string partial_heading(const PartialRun& p, const Scenario& scenario, std::size_t shown) {
  if (p.replications_requested == 1) {
    return fmt::format(
        "PARTIAL: interrupted by {} after {} of {} simulated; the numbers cover "
        "[0, {}).\n",
        p.interrupted_by, format_time(from_seconds(p.simulated_s)),
        format_time(scenario.run.horizon), format_time(from_seconds(p.simulated_s)));
  }
  if (p.replications_complete > 0) {
    return fmt::format(
        "PARTIAL: interrupted by {}; {} of {} replications complete, the numbers "
        "cover those {}.\n",
        p.interrupted_by, p.replications_complete, p.replications_requested, shown);
  }
  return fmt::format(
      "PARTIAL: interrupted by {}; no replication complete, the numbers cover {} "
      "interrupted after at least {} of {} simulated.\n",
      p.interrupted_by, shown, format_time(from_seconds(p.simulated_s)),
      format_time(scenario.run.horizon));
}

// The one line on stderr, and the exit code, of an interrupted run.
int report_interrupted(const std::optional<PartialRun>& partial, bool written) {
  const int signal = interrupt_signal();
  std::cerr << "lambdasim: interrupted by " << signal_name(signal);
  if (partial) {
    std::cerr << " at " << format_time(from_seconds(partial->simulated_s)) << " simulated; partial "
              << "results " << (written ? "written" : "printed") << "\n";
  } else {
    std::cerr << " after the run finished; results complete\n";
  }
  return interrupt_exit_code(signal);
}

// Stages summary.json, the store's results.csv and aggregate.csv,
// manifest.json and explain.json beside the streamed
// timeseries.csv, then report.html made from the staged files (as `lambdasim
// report` would), and replaces --out's files as a set; false after a message.
bool commit_outputs(OutputSet& out, bool series_ok, const std::string& summary,
                    const std::vector<std::pair<std::string, std::string>>& store,
                    const std::string& manifest, const std::string& explain) {
  WriteResult r;
  if (!series_ok) {
    r = WriteResult{false, out.staged_path("timeseries.csv").string() + ": write failed"};
  }
  if (r) r = out.add("summary.json", summary);
  for (const auto& [name, content] : store) {
    if (r) r = out.add(name, content);
  }
  if (r) r = out.add_written("timeseries.csv");
  if (r) r = out.add("manifest.json", manifest);
  if (r) r = out.add("explain.json", explain);
  if (r) {
    const HtmlReport page = render_html_report(out.staged_path("report.html").parent_path());
    r = page.ok ? out.add("report.html", page.html) : WriteResult{false, page.error};
  }
  if (r) r = out.commit();
  if (!r) {
    out.discard();
    std::cerr << "lambdasim: error: --out: " << r.error << " (left as it was)\n";
    return false;
  }
  for (const std::string& name : kOutFiles) spdlog::debug("wrote {}", name);
  return true;
}

// --out's staged set, and its timeseries.csv that replication 0's rows
// stream into as they close (memory flat in the horizon).
struct StreamedOut {
  std::optional<OutputSet> set;
  std::ofstream series;
};

// Opens the stage in `dir` and points options' time series at it; false
// after a message.
bool open_out(const std::string& dir, const ModelConfig& model, StreamedOut& out,
              RunOptions& options) {
  out.set.emplace(dir);
  if (const WriteResult r = out.set->open(); !r) {
    std::cerr << "lambdasim: error: --out: " << r.error << "\n";
    return false;
  }
  out.series.open(out.set->staged_path("timeseries.csv"), std::ios::binary);
  out.series << timeseries_csv_header(model);
  options.timeseries_sink = [&series = out.series, &model](const TimeSeries& chunk) {
    series << timeseries_csv_rows(chunk, model);
  };
  return true;
}

// A run's store: one point, one variant (its name, or "base").
StoreLayout run_store_layout(const std::string& variant) {
  return StoreLayout{{variant.empty() ? "base" : variant}, {StorePoint{}}};
}

// results.csv and aggregate.csv of the reported replications.
std::vector<std::pair<std::string, std::string>> store_files(
    const std::vector<const ReplicationResult*>& shown, const StoreLayout& layout) {
  std::vector<RunRecord> records;
  records.reserve(shown.size());
  for (const ReplicationResult* r : shown) {
    records.push_back(RunRecord{RunAddress{0, 0, r->replication}, flatten(r->summary),
                                to_seconds(r->summary.end), r->events, r->partial});
  }
  return {{"results.csv", results_csv(records, layout)},
          {"aggregate.csv", aggregate_csv(aggregate_cells(records), layout)}};
}

// With --warmup: the steady.* metrics under the table, as "name value" or,
// over replications, "name mean ± half-width"; "" without.
std::string steady_lines(const std::vector<RunSummary>& summaries) {
  if (summaries.empty() || !summaries.front().steady) return {};
  const AggregateSummary a = aggregate(summaries);
  std::string out = "\nSteady state (MSER-5 warm-up deleted per replication):\n";
  for (const SteadyMetricSpec& spec : steady_metric_specs()) {
    const AggregateMetric* m = a.find(std::string(kSteadyPrefix) + spec.name);
    if (m == nullptr) continue;
    out += fmt::format("  steady.{:<18} {:.6g}", spec.name, m->ci.mean);
    if (summaries.size() > 1) out += fmt::format(" ± {:.3g}", m->ci.half_width);
    out += "\n";
  }
  return out;
}

// The JSON, or the table (headed by what an interruption left out).
void print_results(const std::string& format, const Scenario& scenario,
                   const std::vector<RunSummary>& summaries, const std::string& json,
                   const std::optional<PartialRun>& partial) {
  if (format == "json") {
    std::cout << json << "\n";
    return;
  }
  if (partial) std::cout << partial_heading(*partial, scenario, summaries.size()) << "\n";
  std::cout << (summaries.size() == 1 ? render_summary_table(scenario, summaries[0])
                                      : render_aggregate_table(scenario, aggregate(summaries)))
            << steady_lines(summaries);
}

int run(const RunArgs& args, const std::string& command_line) {
  install_interrupt_handlers();
  const std::optional<Scenario> scenario = load_or_report(args.scenario);
  if (!scenario) return kExitBadInput;
  const std::optional<ThresholdCheck> thresholds =
      thresholds_or_report(*scenario, args.thresholds, args.warmup);
  if (!thresholds) return kExitBadInput;
  if (!check_out_dir(args.out_dir, kOutFiles)) return kExitIo;

  const std::size_t count = args.replications.replications;
  // Without --out nobody reads the time series: keep none of it. With --out
  // its rows stream into the staged timeseries.csv as they close. Either
  // way memory does not grow with the horizon.
  RunOptions options;
  options.timeseries = args.out_dir.empty() ? TimeSeriesKeep::kNone : TimeSeriesKeep::kStream;
  options.warmup = args.warmup;
  const RunShape shape{count, threads_used(count, args.replications.jobs), options.timeseries};
  if (!check_run_budget(*scenario, shape, args.budget)) return kExitBadInput;
  StreamedOut out;
  if (!args.out_dir.empty() && !open_out(args.out_dir, scenario->model, out, options)) {
    return kExitIo;
  }

  ProgressLine progress(progress_wanted(args.quiet), count,
                        scenario->run.horizon * static_cast<std::int64_t>(count));
  options.progress = progress.counters();
  options.interrupt = interrupt_flag();
  const std::vector<ReplicationResult> results =
      run_replications(*scenario, count, args.replications.jobs, options);
  progress.finish();
  if (results.empty()) {  // interrupted before the first run started
    std::cerr << "lambdasim: interrupted by " << signal_name(interrupt_signal())
              << " before simulating; nothing written\n";
    return interrupt_exit_code(interrupt_signal());
  }

  const std::vector<const ReplicationResult*> shown = reported(results);
  const std::optional<PartialRun> partial = partial_run(results, shown, count);
  std::vector<RunSummary> summaries;
  summaries.reserve(shown.size());
  for (const ReplicationResult* r : shown) summaries.push_back(r->summary);

  std::string json = summaries.size() == 1
                         ? summary_to_json(*scenario, summaries[0])
                         : aggregate_to_json(*scenario, summaries, aggregate(summaries));
  if (partial) json = mark_partial(json, *partial);
  print_results(args.format, *scenario, summaries, json, partial);

  bool written = true;
  if (out.set) {
    RunManifest m;
    m.seed = scenario->run.seed;
    m.replications = count;
    m.variant = args.scenario.variant;
    m.command_line = command_line;
    m.files = kOutFiles;
    m.layout = run_store_layout(args.scenario.variant);
    std::string manifest = manifest_to_json(*scenario, m);
    if (partial) manifest = mark_partial(manifest, *partial);
    out.series.close();
    written =
        commit_outputs(*out.set, out.series.good(), json, store_files(shown, m.layout), manifest,
                       run_explain_json(*scenario, scenario_question_of_file(scenario->file)));
  }
  if (interrupt_signal() != 0) {
    const int code = report_interrupted(partial, written && !args.out_dir.empty());
    return written ? code : kExitIo;
  }
  if (!written) return kExitIo;
  // Checked on what was reported: the run, or the mean of the replications.
  const std::vector<std::pair<std::string, double>> values =
      summaries.size() == 1 ? flatten(summaries[0]) : aggregate_means(aggregate(summaries));
  return report_thresholds(failed_thresholds(thresholds->thresholds, values),
                           thresholds->thresholds.size());
}

}  // namespace

Command add_run_command(CLI::App& app, const std::string& command_line) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "simulate a scenario; a table on stdout (SIGINT/SIGTERM: partial results, exit 130/143)");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file",
                       "override a scenario key: key.path=value (repeatable)");
  add_variant_option(*cmd, args->scenario);
  add_format_option(*cmd, args->format, "stdout format", {"table", "json"});
  add_out_option(*cmd, args->out_dir,
                 "directory for summary.json, timeseries.csv, manifest.json, explain.json, "
                 "report.html (replaced as a set)");
  add_replication_options(*cmd, args->replications,
                          "independent replications; mean and 95% Student-t CI",
                          "threads, 1 to 256 (0 = one per core; at most 4 per core are used); "
                          "never changes results");
  add_budget_options(*cmd, args->budget);
  add_threshold_option(*cmd, args->thresholds, "");
  add_quiet_option(*cmd, args->quiet);
  add_warmup_option(*cmd, args->warmup);
  return {cmd, [args, command_line] { return run(*args, command_line); }};
}

}  // namespace lambdasim::cli
