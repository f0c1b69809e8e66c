// `lambdasim compare`: runs the scenario's variants with common random
// numbers, side by side; a table or JSON on stdout, compare.json,
// compare.csv, each variant's timeseries-<variant>.csv (replication 0),
// explain.json and report.html in --out. --baseline NAME puts that variant
// first: the paired differences are taken against it.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "cli/budget_options.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/thresholds.hpp"
#include "lambdasim/experiment/compare.hpp"
#include "lambdasim/report/atomic_file.hpp"
#include "lambdasim/report/compare_report.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/html_report.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/results_store.hpp"
#include "lambdasim/scenario/diagnostics.hpp"

namespace lambdasim::cli {
namespace {

struct CompareArgs {
  ScenarioOptions scenario;
  std::string format;
  std::string out_dir;
  std::vector<std::string> only;
  std::string baseline;  // empty: the first variant
  ReplicationOptions replications;
  BudgetOptions budget;
  std::vector<std::string> thresholds;
  bool quiet = false;
  Warmup warmup = Warmup::kNone;
};

bool wanted(const CompareArgs& args, const std::string& variant) {
  return args.only.empty() ||
         std::find(args.only.begin(), args.only.end(), variant) != args.only.end();
}

// The variants to run, each the base plus its own overrides, and their names;
// false after a message when one does not load or --variants names none.
bool load_variants(const CompareArgs& args, const Scenario& base,
                   const std::vector<Override>& overrides, std::vector<Scenario>& scenarios,
                   std::vector<std::string>& names) {
  const std::string& file = args.scenario.file;
  for (const Variant& v : base.variants) {
    if (!wanted(args, v.name)) continue;
    LoadResult loaded = load_scenario_variant(
        file, v.name, overrides, collect_load_options(args.scenario).value_or(LoadOptions{}));
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity == Severity::kError) std::cerr << format_diagnostic(d) << "\n";
    }
    if (!loaded.ok()) {
      std::cerr << file << ": error: spec.variants." << v.name << ": the variant does not "
                << "give a valid scenario (see above)\n";
      return false;
    }
    spdlog::debug("variant {} loaded", v.name);
    scenarios.push_back(std::move(*loaded.scenario));
    names.push_back(v.name);
  }
  for (const std::string& name : args.only) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::cerr << file << ": error: --variants: no variant named '" << name << "'\n";
      return false;
    }
  }
  return true;
}

// Moves --baseline's variant to the front (the differences are taken against
// the first); false after a message when no variant to run has that name.
bool put_baseline_first(const CompareArgs& args, std::vector<Scenario>& scenarios,
                        std::vector<std::string>& names) {
  if (args.baseline.empty()) return true;
  const auto it = std::find(names.begin(), names.end(), args.baseline);
  if (it == names.end()) {
    std::cerr << args.scenario.file << ": error: --baseline: no variant named '" << args.baseline
              << "' among those compared\n";
    return false;
  }
  const auto i = it - names.begin();
  std::rotate(names.begin(), it, it + 1);
  std::rotate(scenarios.begin(), scenarios.begin() + i, scenarios.begin() + i + 1);
  return true;
}

// timeseries-<variant>.csv, the variant's name kept to [A-Za-z0-9._-].
std::string series_file(const std::string& variant) {
  std::string name = variant;
  for (char& ch : name) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!keep) ch = '_';
  }
  return "timeseries-" + name + ".csv";
}

// --out's staged set: each variant's replication-0 rows stream into its
// staged timeseries-<variant>.csv as they close (memory flat in the horizon);
// compare.json, compare.csv and explain.json join them at the end, then
// report.html made from the staged files (as `lambdasim report` would).
struct CompareOut {
  std::optional<OutputSet> set;
  std::vector<std::string> series_names;
  std::vector<std::ofstream> series;

  bool open(const std::string& dir, const std::vector<Scenario>& scenarios,
            const std::vector<std::string>& names) {
    set.emplace(dir);
    if (const WriteResult r = set->open(); !r) {
      std::cerr << "lambdasim: error: --out: " << r.error << "\n";
      return false;
    }
    series.resize(scenarios.size());
    for (std::size_t v = 0; v < scenarios.size(); ++v) {
      series_names.push_back(series_file(names[v]));
      series[v].open(set->staged_path(series_names[v]), std::ios::binary);
      series[v] << timeseries_csv_header(scenarios[v].model);
    }
    return true;
  }
  VariantSeriesSinks sinks(const std::vector<Scenario>& scenarios) {
    if (!set) return {};
    return [this, &scenarios](std::size_t v) -> TimeSeriesSink {
      return [&stream = series[v], &model = scenarios[v].model](const TimeSeries& chunk) {
        stream << timeseries_csv_rows(chunk, model);
      };
    };
  }
  // Adds `files` (name, content) and the series, then report.html, and
  // commits; false after a message.
  bool commit(const std::vector<std::pair<std::string, std::string>>& files) {
    WriteResult r{true, ""};
    for (const auto& [name, content] : files) {
      if (r) r = set->add(name, content);
    }
    for (std::size_t v = 0; r && v < series.size(); ++v) {
      series[v].close();
      r = series[v].good()
              ? set->add_written(series_names[v])
              : WriteResult{false, set->staged_path(series_names[v]).string() + ": write failed"};
    }
    if (r) {
      const HtmlReport page = render_html_report(set->staged_path("report.html").parent_path());
      r = page.ok ? set->add("report.html", page.html) : WriteResult{false, page.error};
    }
    if (r) r = set->commit();
    if (!r) {
      set->discard();
      std::cerr << "lambdasim: error: --out: " << r.error << " (left as it was)\n";
      return false;
    }
    return true;
  }
};

// Each variant's thresholds against its column (the mean of its replications).
int check_variant_thresholds(const Comparison& c, const std::vector<ThresholdCheck>& thresholds) {
  std::vector<ThresholdFailure> failures;
  std::size_t checked = 0;
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    std::vector<std::pair<std::string, double>> values;
    values.reserve(c.metrics.size());
    for (const ComparedMetric& m : c.metrics) values.emplace_back(m.name, m.values[v].mean);
    const std::vector<ThresholdFailure> failed =
        failed_thresholds(thresholds[v].thresholds, values, c.variants[v]);
    failures.insert(failures.end(), failed.begin(), failed.end());
    checked += thresholds[v].thresholds.size();
  }
  return report_thresholds(failures, checked);
}

int compare(const CompareArgs& args, const std::string& command_line) {
  install_interrupt_handlers();
  std::vector<Override> overrides;
  const std::optional<Scenario> base = load_or_report(args.scenario, &overrides);
  if (!base) return kExitBadInput;
  const std::string& file = args.scenario.file;
  if (base->variants.empty()) {
    std::cerr << file << ": error: spec.variants: compare needs at least one variant "
              << "(a map of name -> {key.path: value})\n";
    return kExitBadInput;
  }
  std::vector<Scenario> scenarios;
  std::vector<std::string> names;
  if (!load_variants(args, *base, overrides, scenarios, names)) return kExitBadInput;
  if (!put_baseline_first(args, scenarios, names)) return kExitBadInput;
  // Each variant's spec.thresholds (a variant may set its own) and the flags.
  std::vector<ThresholdCheck> thresholds;
  for (const Scenario& s : scenarios) {
    std::optional<ThresholdCheck> t = thresholds_or_report(s, args.thresholds, args.warmup);
    if (!t) return kExitBadInput;
    thresholds.push_back(std::move(*t));
  }
  std::vector<std::string> out_files = {"compare.json",  "compare.csv",   "results.csv",
                                        "aggregate.csv", "manifest.json", "explain.json",
                                        "report.html"};
  for (const std::string& name : names) out_files.push_back(series_file(name));
  if (!check_out_dir(args.out_dir, out_files)) return kExitIo;
  const std::size_t count = args.replications.replications;
  const RunShape shape{count, threads_used(count, args.replications.jobs),
                       args.out_dir.empty() ? TimeSeriesKeep::kNone : TimeSeriesKeep::kStream};
  for (const Scenario& s : scenarios) {
    if (!check_run_budget(s, shape, args.budget)) return kExitBadInput;
  }
  CompareOut out;
  if (!args.out_dir.empty() && !out.open(args.out_dir, scenarios, names)) return kExitIo;

  SimTime simulated{0};
  for (const Scenario& s : scenarios) simulated += s.run.horizon * static_cast<std::int64_t>(count);
  ProgressLine progress(progress_wanted(args.quiet), count * scenarios.size(), simulated);
  std::vector<RunRecord> records;
  const Comparison c = compare_variants(
      scenarios, names, args.replications.replications, args.replications.jobs, interrupt_flag(),
      progress.counters(), out.sinks(scenarios), args.warmup, &records);
  progress.finish();
  if (const int signal = interrupt_signal(); signal != 0) {
    // Paired differences need every variant's runs whole: nothing to show.
    std::cerr << "lambdasim: interrupted by " << signal_name(signal)
              << "; a comparison of incomplete runs is not written\n";
    return interrupt_exit_code(signal);
  }
  const std::string json = comparison_to_json(*base, c);
  if (args.format == "json") {
    std::cout << json << "\n";
  } else {
    std::cout << "Scenario " << base->name << " (" << file << "): " << names.size()
              << " variants\n\n"
              << render_comparison_table(c);
  }
  // The results store: one point, the variants in the order run.
  RunManifest manifest;
  manifest.kind = "compare";
  manifest.seed = base->run.seed;
  manifest.replications = count;
  manifest.command_line = command_line;
  manifest.files = out_files;
  manifest.layout = StoreLayout{names, {StorePoint{}}};
  const bool written =
      args.out_dir.empty() ||
      out.commit({{"compare.json", json},
                  {"compare.csv", comparison_to_csv(c)},
                  {"results.csv", results_csv(records, manifest.layout)},
                  {"aggregate.csv", aggregate_csv(aggregate_cells(records), manifest.layout)},
                  {"manifest.json", manifest_to_json(*base, manifest)},
                  {"explain.json", compare_explain_json(*base, scenario_question_of_file(file),
                                                        scenarios, names)}});
  if (!written) return kExitIo;
  return check_variant_thresholds(c, thresholds);
}

}  // namespace

Command add_compare_command(CLI::App& app, const std::string& command_line) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "run the scenario's variants with common random numbers, side by side");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file with spec.variants",
                       "override a key in every variant: key.path=value");
  add_format_option(*cmd, args->format, "stdout format", {"table", "json"});
  add_out_option(*cmd, args->out_dir,
                 "directory for compare.json, compare.csv, each variant's "
                 "timeseries-<variant>.csv (replication 0), explain.json and report.html "
                 "(replaced as a set)");
  cmd->add_option("--variants", args->only, "only these variants (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--baseline", args->baseline,
                  "the variant the paired differences are taken against, shown first (default: "
                  "the first variant)");
  add_replication_options(*cmd, args->replications,
                          "replications per variant; paired differences need 2 or more",
                          "threads, 1 to 256 (0 = one per core; at most 4 per core are used)");
  add_budget_options(*cmd, args->budget);
  add_threshold_option(*cmd, args->thresholds, ", for each variant");
  add_quiet_option(*cmd, args->quiet);
  add_warmup_option(*cmd, args->warmup);
  return {cmd, [args, command_line] { return compare(*args, command_line); }};
}

}  // namespace lambdasim::cli
