// `lambdasim sweep`: the scenario's spec.sweep points x its variants x
// replications, on threads (or MPI ranks), optionally with sequential
// replications (--ci-target), a slice of the cells (--shard K/N) and
// --resume; a table of every cell on stdout and the results store in --out.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "cli/budget_options.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/sweep_ranks.hpp"
#include "lambdasim/experiment/ci_target.hpp"
#include "lambdasim/experiment/experiment.hpp"
#include "lambdasim/experiment/sweep_experiment.hpp"
#include "lambdasim/experiment/thresholds.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/results_store.hpp"
#include "lambdasim/report/sweep_report.hpp"
#include "lambdasim/scenario/sanitize.hpp"
#include "lambdasim/scenario/sweep.hpp"

namespace lambdasim::cli {
namespace {

struct SweepArgs {
  ScenarioOptions scenario;
  std::string format;
  std::string out_dir;
  ReplicationOptions replications;
  std::vector<std::string> only;  // --variants
  std::vector<std::string> ci_targets;
  std::size_t max_replications = 0;
  std::string shard;
  bool resume = false;
  std::vector<std::string> metrics;  // --metric: table columns
  BudgetOptions budget;
  Warmup warmup = Warmup::kNone;
  bool quiet = false;
};

const std::vector<std::string> kStoreFiles = {"summary.json", "results.csv", "aggregate.csv",
                                              "manifest.json"};
constexpr std::size_t kDefaultMaxReplications = 100;

// The variants a sweep crosses its points with: --variants, else every one
// of spec.variants, else the scenario itself ("base").
std::optional<std::vector<std::string>> sweep_variants(const SweepArgs& args,
                                                       const Scenario& base) {
  std::vector<std::string> all;
  for (const Variant& v : base.variants) all.push_back(v.name);
  if (args.only.empty()) {
    if (all.empty()) return std::vector<std::string>{"base"};
    return all;
  }
  for (const std::string& name : args.only) {
    if (std::find(all.begin(), all.end(), name) == all.end()) {
      std::cerr << args.scenario.file << ": error: --variants: no variant named '"
                << sanitize_text(name) << "' in spec.variants\n";
      return std::nullopt;
    }
  }
  return args.only;
}

// --ci-target texts parsed, their metrics resolved against the scenario's.
std::optional<std::vector<CiTarget>> ci_targets_or_report(const SweepArgs& args,
                                                          const Scenario& base) {
  std::vector<CiTarget> out;
  const std::vector<std::string> names = scenario_metric_names(base, true);
  bool ok = true;
  for (const std::string& text : args.ci_targets) {
    std::string error;
    std::optional<CiTarget> t = parse_ci_target(text, &error);
    const std::string resolved = t ? resolve_metric(t->metric, names) : std::string();
    if (t && resolved.empty()) {
      error = fmt::format("unknown metric '{}' (see `lambdasim schema --metrics`)",
                          sanitize_text(t->metric));
    } else if (t) {
      error = steady_metric_problem(resolved, args.warmup);
    }
    if (t && error.empty()) {
      t->metric = resolved;
    } else {
      t.reset();
    }
    if (!t) {
      std::cerr << "lambdasim: error: --ci-target '" << sanitize_text(text) << "': " << error
                << "\n";
      ok = false;
      continue;
    }
    out.push_back(std::move(*t));
  }
  if (!ok) return std::nullopt;
  return out;
}

// Whether every target is met by the cell's replications so far.
bool targets_met(const std::vector<CiTarget>& targets, std::span<const RunRecord* const> cell) {
  for (const CiTarget& t : targets) {
    std::vector<double> values;
    values.reserve(cell.size());
    for (const RunRecord* r : cell) {
      double v = std::nan("");
      for (const auto& [name, value] : r->metrics) {
        if (name == t.metric) {
          v = value;
          break;
        }
      }
      values.push_back(v);
    }
    if (!ci_target_met(t, confidence_interval(values))) return false;
  }
  return true;
}

std::optional<std::string> read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// --resume: the runs DIR's store already holds, when it is this experiment's;
// nullopt after a message when it is another's or unreadable.
std::optional<std::vector<RunRecord>> resumed_records(const std::string& dir,
                                                      const std::string& key,
                                                      const StoreLayout& layout) {
  const std::string manifest_path = dir + "/manifest.json";
  const std::optional<std::string> manifest_text = read_file_text(manifest_path);
  if (!manifest_text) {
    spdlog::info("--resume: {} has no manifest.json; starting afresh", dir);
    return std::vector<RunRecord>{};
  }
  const nlohmann::json manifest = nlohmann::json::parse(*manifest_text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() ||
      manifest.value("experiment", std::string()) != key) {
    std::cerr << "lambdasim: error: --resume: " << manifest_path
              << " belongs to another experiment (the scenario text, --set, "
                 "--seed, the "
                 "variants or the sweep points differ): use another --out, or "
                 "run without "
                 "--resume to replace it\n";
    return std::nullopt;
  }
  const std::optional<std::string> results = read_file_text(dir + "/results.csv");
  if (!results) return std::vector<RunRecord>{};
  StoreRead read = read_results_csv(*results, layout);
  if (!read.ok()) {
    std::cerr << "lambdasim: error: --resume: " << dir << "/results.csv: " << read.error << "\n";
    return std::nullopt;
  }
  spdlog::info("--resume: {} runs already in {}", read.records.size(), dir);
  return std::move(read.records);
}

std::vector<std::string> axis_names(const Scenario& base) {
  std::vector<std::string> out;
  for (const SweepAxis& a : base.sweep->axes) out.push_back(a.name);
  return out;
}

std::string sweep_mode_name(SweepMode mode) {
  switch (mode) {
    case SweepMode::kGrid:
      return "grid";
    case SweepMode::kPoints:
      return "points";
    case SweepMode::kLhs:
      return "lhs";
  }
  return "grid";
}

// --shard K/N (whole when empty); nullopt after a message.
std::optional<Shard> shard_or_report(const std::string& text) {
  if (text.empty()) return Shard{};
  std::string error;
  const std::optional<Shard> s = parse_shard(text, &error);
  if (!s) {
    std::cerr << "lambdasim: error: --shard '" << sanitize_text(text) << "': " << error << "\n";
  }
  return s;
}

ExperimentPlan experiment_plan(const SweepArgs& args, const SweepCells& cells,
                               const std::vector<std::string>& variants,
                               const std::vector<CiTarget>& targets, const Shard& shard) {
  ExperimentPlan plan;
  plan.points = cells.points;
  plan.variants = variants.size();
  plan.replications = args.replications.replications;
  plan.shard = shard;
  if (!targets.empty()) {
    plan.max_replications =
        args.max_replications > 0 ? args.max_replications : kDefaultMaxReplications;
    plan.enough = [&targets](std::span<const RunRecord* const> cell) {
      return targets_met(targets, cell);
    };
  }
  return plan;
}

// The results store in --out, as a set; false after a message.
bool write_store(const SweepArgs& args, const Scenario& base, const ExperimentPlan& plan,
                 const std::vector<CiTarget>& targets, const StoreLayout& layout,
                 const std::string& key, const ExperimentResult& result,
                 const std::vector<CellAggregate>& aggregates, const std::string& summary) {
  RunManifest m;
  m.kind = "sweep";
  m.seed = base.run.seed;
  m.replications = plan.replications;
  m.files = kStoreFiles;
  m.layout = layout;
  m.experiment = key;
  m.sweep_mode = sweep_mode_name(base.sweep->mode);
  m.shard = plan.shard.whole() ? "" : shard_text(plan.shard);
  for (const CiTarget& t : targets) {
    m.ci_targets.push_back(fmt::format("{}:{}{}", t.metric,
                                       t.relative ? t.half_width * 100 : t.half_width,
                                       t.relative ? "%" : ""));
  }
  m.max_replications = plan.max_replications;
  std::string manifest = manifest_to_json(base, m);
  if (result.interrupted) {
    PartialRun p;
    p.interrupted_by = signal_name(interrupt_signal());
    p.replications_requested = plan.replications;
    p.replications_complete = 0;
    manifest = mark_partial(manifest, p);
  }
  return write_outputs(args.out_dir, {{"summary.json", summary},
                                      {"results.csv", results_csv(result.records, layout)},
                                      {"aggregate.csv", aggregate_csv(aggregates, layout)},
                                      {"manifest.json", manifest}});
}

// summary.json (--format json) or the table on stdout.
void print_sweep(const SweepArgs& args, const Scenario& base, const StoreLayout& layout,
                 const std::vector<CellAggregate>& aggregates, const std::string& summary) {
  if (args.format == "json") {
    std::cout << summary;
  } else {
    const std::vector<std::string> metrics =
        args.metrics.empty() ? default_sweep_metrics() : args.metrics;
    std::cout << render_sweep_table(base, layout, axis_names(base), aggregates, metrics,
                                    kDefaultConfidence);
  }
}

// The resource budget of every cell of the shard, checked before anything
// runs; false after a message.
bool within_budget(const SweepArgs& args, const ExperimentPlan& plan, const SweepCells& cells) {
  const std::size_t planned_runs =
      (plan.cells() / plan.shard.count + 1) * std::max(plan.replications, plan.max_replications);
  const RunShape shape{planned_runs, threads_used(planned_runs, args.replications.jobs),
                       TimeSeriesKeep::kNone};
  for (std::size_t c = 0; c < plan.cells(); ++c) {
    if (plan.in_shard(c) && !check_run_budget(cells.scenarios[c], shape, args.budget)) {
      return false;
    }
  }
  return true;
}

// stdout and --out from the experiment's records; the exit code.
int report_sweep(const SweepArgs& args, const Scenario& base, const ExperimentPlan& plan,
                 const std::vector<CiTarget>& targets, const StoreLayout& layout,
                 const std::string& key, const ExperimentResult& result) {
  const std::vector<CellAggregate> aggregates = aggregate_cells(result.records);
  const std::string summary = sweep_summary_json(sweep_header(base), layout, plan.replications,
                                                 aggregates, kDefaultConfidence);
  print_sweep(args, base, layout, aggregates, summary);
  if (!flush_stdout()) return kExitIo;

  if (!args.out_dir.empty() &&
      !write_store(args, base, plan, targets, layout, key, result, aggregates, summary)) {
    return kExitIo;
  }
  if (result.interrupted) {
    std::cerr << "lambdasim: interrupted by " << signal_name(interrupt_signal()) << "; "
              << result.records.size() << " whole runs "
              << (args.out_dir.empty() ? "shown" : "written (complete them with --resume)") << "\n";
    return interrupt_exit_code(interrupt_signal());
  }
  return kExitOk;
}

int sweep(const SweepArgs& args) {
  install_interrupt_handlers();
  // Under mpirun every rank loads and checks the same scenario (so a bad one
  // fails everywhere alike); only rank 0 goes on to deal, print and write.
  std::optional<SweepRanks> ranks = SweepRanks::start();
  if (!ranks) return kExitBadInput;
  std::vector<Override> overrides;
  const std::optional<Scenario> base = load_or_report(args.scenario, &overrides);
  if (!base) return kExitBadInput;
  if (!base->sweep || base->sweep->points.empty()) {
    std::cerr << args.scenario.file
              << ": error: spec.sweep: sweep needs spec.sweep with at least one axis "
                 "(README \"Sweeps\")\n";
    return kExitBadInput;
  }
  const std::optional<std::vector<std::string>> variants = sweep_variants(args, *base);
  if (!variants) return kExitBadInput;
  const std::optional<std::vector<CiTarget>> targets = ci_targets_or_report(args, *base);
  if (!targets) return kExitBadInput;
  const std::optional<Shard> shard = shard_or_report(args.shard);
  if (!shard) return kExitBadInput;
  const std::optional<LoadOptions> load_options = collect_load_options(args.scenario);
  if (!load_options) return kExitBadInput;
  const SweepCells cells =
      load_sweep_cells(args.scenario.file, *base, *variants, overrides, *load_options);
  if (!cells.ok()) {
    std::cerr << format_diagnostics(cells.diagnostics);
    return kExitBadInput;
  }

  const ExperimentPlan plan = experiment_plan(args, cells, *variants, *targets, *shard);
  if (!within_budget(args, plan, cells)) return kExitBadInput;
  const RunFunction run = sweep_run_function(cells, interrupt_flag(), args.warmup);
  if (ranks->worker()) {
    ranks->serve(run);
    return kExitOk;
  }
  if (!check_out_dir(args.out_dir, kStoreFiles)) return kExitIo;

  const StoreLayout layout = sweep_layout(*base, *variants);
  const std::string key = experiment_key(*base, layout);
  std::optional<std::vector<RunRecord>> done = args.resume && !args.out_dir.empty()
                                                   ? resumed_records(args.out_dir, key, layout)
                                                   : std::vector<RunRecord>{};
  if (!done) return kExitBadInput;

  const std::size_t first_round =
      (plan.cells() + shard->count - 1) / shard->count * plan.replications;
  ProgressLine progress(progress_wanted(args.quiet), first_round,
                        base->run.horizon * static_cast<std::int64_t>(first_round));
  const std::unique_ptr<Dealer> dealer =
      ranks->dealer(args.replications.jobs, interrupt_flag(), progress.counters());
  const ExperimentResult result = run_experiment(plan, run, *dealer, std::move(*done));
  dealer->finish();
  progress.finish();
  spdlog::info("sweep: {} runs simulated, {} reused, {} rounds", result.simulated, result.reused,
               result.rounds);

  return report_sweep(args, *base, plan, *targets, layout, key, result);
}

}  // namespace

Command add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand("sweep",
                                     "run the scenario's spec.sweep points x "
                                     "variants x replications, on threads or under mpirun "
                                     "on MPI ranks; a row per cell");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file with spec.sweep",
                       "override a key at every point: key.path=value (repeatable)");
  add_format_option(*cmd, args->format, "stdout format", {"table", "json"});
  add_out_option(*cmd, args->out_dir,
                 "directory for the results store: summary.json, results.csv, "
                 "aggregate.csv, "
                 "manifest.json (replaced as a set)");
  cmd->add_option("--variants", args->only,
                  "only these variants of spec.variants (comma-separated; "
                  "default: all, or "
                  "the scenario itself when it has none)")
      ->delimiter(',');
  add_replication_options(*cmd, args->replications,
                          "replications per cell (point x variant); with --ci-target, the "
                          "first round's, then as many more per round",
                          "threads, 1 to 256 (0 = one per core; under mpirun, one run per "
                          "rank at a time instead); never changes results");
  cmd->add_option("--ci-target", args->ci_targets,
                  "METRIC:HALF_WIDTH (absolute) or METRIC:P% (relative to the mean), e.g. "
                  "total.success_rate:0.001; adds replications to a cell until every "
                  "target's "
                  "95% confidence half-width is met or --max-replications (repeatable)");
  cmd->add_option("--max-replications", args->max_replications,
                  "with --ci-target, the most replications a cell gets (default 100)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{100000}));
  cmd->add_option("--shard", args->shard,
                  "K/N: only the cells whose index is K-1 modulo N (job arrays; join the "
                  "shards' --out directories with `lambdasim merge`)");
  cmd->add_flag("--resume", args->resume,
                "keep the runs --out already holds for this same experiment "
                "and run only the "
                "others (an interrupted or shorter sweep)");
  cmd->add_option("--metric", args->metrics,
                  "a table column: a flattened metric name (repeatable; "
                  "default: success rate, "
                  "p_throttle, p99 latency, peak concurrency, total cost)");
  add_budget_options(*cmd, args->budget);
  add_warmup_option(*cmd, args->warmup);
  add_quiet_option(*cmd, args->quiet);
  return {cmd, [args] { return sweep(*args); }};
}

}  // namespace lambdasim::cli
