// The lambdasim executable: CLI11 subcommands that call the library, nothing
// else. Exit codes (DESIGN.md): 0 ok, 1 threshold missed, 2 bad input,
// 3 internal error. Results go to stdout or --out; diagnostics to stderr.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "lambdasim/experiment/compare.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/atomic_file.hpp"
#include "lambdasim/report/compare_report.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/table.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/params.hpp"

namespace {

using namespace lambdasim;

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 3;

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    s += argv[i];
  }
  return s;
}

// Parses --set values and --seed into overrides; prints errors, returns false on any.
bool collect_overrides(const std::vector<std::string>& sets, std::optional<std::uint64_t> seed,
                       std::vector<Override>& out) {
  bool ok = true;
  for (const std::string& text : sets) {
    std::string error;
    if (auto o = parse_override(text, &error)) {
      out.push_back(*o);
    } else {
      std::cerr << "<--set>: error: " << error << "\n";
      ok = false;
    }
  }
  if (seed) out.push_back(Override{"spec.seed", std::to_string(*seed)});
  return ok;
}

std::optional<Scenario> load_or_report(const std::string& file,
                                       const std::vector<Override>& overrides) {
  LoadResult r = load_scenario_file(file, overrides);
  for (const Diagnostic& d : r.diagnostics) std::cerr << format_diagnostic(d) << "\n";
  if (!r.ok()) return std::nullopt;
  return std::move(r.scenario);
}

// Creates --out DIR and its parents; false, after a message, when it cannot.
bool make_out_dir(const std::string& dir) {
  if (dir.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << dir << ": error: cannot create output directory: " << ec.message() << "\n";
    return false;
  }
  return true;
}

// Writes each (file name, content) into `dir`, each whole or not at all.
bool write_outputs(const std::string& dir,
                   const std::vector<std::pair<std::string, std::string>>& files) {
  std::string error;
  for (const auto& [name, content] : files) {
    if (!write_file_atomic((std::filesystem::path(dir) / name).string(), content, &error)) {
      std::cerr << error << "\n";
      return false;
    }
  }
  return true;
}

struct RunArgs {
  std::string file;
  std::string format = "table";
  std::string out_dir;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::size_t replications = 1;
  std::size_t jobs = 0;
};

int cmd_run(const RunArgs& args, const std::string& cmdline) {
  std::vector<Override> overrides;
  if (!collect_overrides(args.sets, args.seed, overrides)) return kExitBadInput;
  std::optional<Scenario> scenario = load_or_report(args.file, overrides);
  if (!scenario) return kExitBadInput;

  if (!make_out_dir(args.out_dir)) return kExitBadInput;

  const bool progress = args.replications > 1 && isatty(STDERR_FILENO);
  if (progress) std::cerr << "running " << args.replications << " replications...\r";
  RunOptions options;
  std::vector<ReplicationResult> results =
      run_replications(*scenario, args.replications, args.jobs, options);
  if (progress) std::cerr << std::string(40, ' ') << "\r";

  std::vector<RunSummary> summaries;
  summaries.reserve(results.size());
  for (const auto& r : results) summaries.push_back(r.summary);

  std::string json;
  if (results.size() == 1) {
    json = summary_to_json(*scenario, summaries[0]);
  } else {
    json = aggregate_to_json(*scenario, summaries, aggregate(summaries));
  }

  if (args.format == "json") {
    std::cout << json << "\n";
  } else if (results.size() == 1) {
    std::cout << render_summary_table(*scenario, summaries[0]);
  } else {
    std::cout << render_aggregate_table(*scenario, aggregate(summaries));
  }

  if (!args.out_dir.empty()) {
    const std::vector<std::string> names = {"summary.json", "timeseries.csv", "manifest.json"};
    if (!write_outputs(
            args.out_dir,
            {{"summary.json", json},
             {"timeseries.csv", timeseries_to_csv(results[0].timeseries, scenario->model)},
             {"manifest.json", manifest_to_json(*scenario, args.replications, cmdline, names)}})) {
      return kExitBadInput;
    }
  }
  return kExitOk;
}

int cmd_validate(const std::string& file, const std::vector<std::string>& sets,
                 const std::string& format) {
  std::vector<Override> overrides;
  if (!collect_overrides(sets, std::nullopt, overrides)) return kExitBadInput;
  LoadResult r = load_scenario_file(file, overrides);
  if (r.ok()) {
    // Static analysis warnings (unreachable calls, quotas, subnet sizes) come
    // before any simulation: they are not errors, the scenario still runs.
    const Explanation e = explain(r.scenario->model, r.scenario->run.horizon);
    auto warn = [&](const std::string& where, const std::string& message) {
      r.diagnostics.push_back(Diagnostic{Severity::kWarning, file, 0, 0, where, message});
    };
    for (const ExplainedFunction& f : e.functions) {
      for (const std::string& w : f.warnings) warn("spec.functions." + f.name, w);
    }
    for (const std::string& w : e.warnings) warn("spec.network", w);
  }
  if (format == "json") {
    std::cout << diagnostics_to_json(r.diagnostics) << "\n";
  } else {
    for (const Diagnostic& d : r.diagnostics) std::cerr << format_diagnostic(d) << "\n";
    if (r.ok())
      std::cout << file << ": ok (" << r.scenario->model.functions.size() << " functions)\n";
  }
  return r.ok() ? kExitOk : kExitBadInput;
}

int cmd_explain(const std::string& file, const std::vector<std::string>& sets,
                const std::string& format) {
  std::vector<Override> overrides;
  if (!collect_overrides(sets, std::nullopt, overrides)) return kExitBadInput;
  std::optional<Scenario> scenario = load_or_report(file, overrides);
  if (!scenario) return kExitBadInput;
  const Explanation e = explain(scenario->model, scenario->run.horizon);
  std::cout << (format == "json" ? render_explanation_json(e) + "\n" : render_explanation_text(e));
  return kExitOk;
}

struct CompareArgs {
  std::string file;
  std::string format = "table";
  std::string out_dir;
  std::vector<std::string> sets;
  std::vector<std::string> only;
  std::optional<std::uint64_t> seed;
  std::size_t replications = 1;
  std::size_t jobs = 0;
};

int cmd_compare(const CompareArgs& args) {
  std::vector<Override> overrides;
  if (!collect_overrides(args.sets, args.seed, overrides)) return kExitBadInput;
  std::optional<Scenario> base = load_or_report(args.file, overrides);
  if (!base) return kExitBadInput;
  if (base->variants.empty()) {
    std::cerr << args.file << ": error: spec.variants: compare needs at least one variant "
              << "(a map of name -> {key.path: value})\n";
    return kExitBadInput;
  }
  std::vector<Scenario> scenarios;
  std::vector<std::string> names;
  for (const Variant& v : base->variants) {
    if (!args.only.empty() &&
        std::find(args.only.begin(), args.only.end(), v.name) == args.only.end()) {
      continue;
    }
    LoadResult loaded = load_scenario_variant(args.file, v.name, overrides);
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity == Severity::kError) std::cerr << format_diagnostic(d) << "\n";
    }
    std::optional<Scenario> s;
    if (loaded.ok()) s = std::move(loaded.scenario);
    if (!s) {
      std::cerr << args.file << ": error: spec.variants." << v.name << ": the variant does not "
                << "give a valid scenario (see above)\n";
      return kExitBadInput;
    }
    scenarios.push_back(std::move(*s));
    names.push_back(v.name);
  }
  for (const std::string& name : args.only) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::cerr << args.file << ": error: --variants: no variant named '" << name << "'\n";
      return kExitBadInput;
    }
  }
  if (!make_out_dir(args.out_dir)) return kExitBadInput;
  const Comparison c = compare_variants(scenarios, names, args.replications, args.jobs);
  const std::string json = comparison_to_json(*base, c);
  if (args.format == "json") {
    std::cout << json << "\n";
  } else {
    std::cout << "Scenario " << base->name << " (" << args.file << "): " << names.size()
              << " variants\n\n"
              << render_comparison_table(c);
  }
  if (!args.out_dir.empty() &&
      !write_outputs(args.out_dir,
                     {{"compare.json", json}, {"compare.csv", comparison_to_csv(c)}})) {
    return kExitBadInput;
  }
  return kExitOk;
}

int cmd_schema(const std::string& format) {
  if (format == "json") {
    std::cout << render_schema_json() << "\n";
  } else if (format == "markdown") {
    std::cout << render_schema_markdown();
  } else {
    std::cout << render_schema_text();
  }
  return kExitOk;
}

int real_main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("lambdasim");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{
      "lambdasim: a discrete-event simulator of AWS Lambda networking and "
      "ENI-limited concurrency"};
  app.set_version_flag("--version", std::string("lambdasim ") + LAMBDASIM_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log progress to stderr");

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "simulate a scenario; a table on stdout");
  run_cmd->add_option("scenario", run.file, "scenario YAML file")->required();
  run_cmd->add_option("--format", run.format, "stdout format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  run_cmd->add_option("--out", run.out_dir,
                      "directory for summary.json, timeseries.csv, manifest.json");
  run_cmd->add_option("--set", run.sets, "override a scenario key: key.path=value (repeatable)");
  run_cmd->add_option("--seed", run.seed, "override spec.seed");
  run_cmd
      ->add_option("--replications,-r", run.replications,
                   "independent replications; mean and 95% Student-t CI")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  run_cmd->add_option("--jobs,-j", run.jobs, "threads (0 = one per core); never changes results")
      ->capture_default_str();

  std::string validate_file, validate_format = "text";
  std::vector<std::string> validate_sets;
  CLI::App* validate_cmd =
      app.add_subcommand("validate", "check a scenario; every diagnostic at once");
  validate_cmd->add_option("scenario", validate_file, "scenario YAML file")->required();
  validate_cmd->add_option("--format", validate_format, "diagnostics format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  validate_cmd->add_option("--set", validate_sets, "override a scenario key: key.path=value");

  std::string explain_file, explain_format = "text";
  std::vector<std::string> explain_sets;
  CLI::App* explain_cmd = app.add_subcommand(
      "explain", "static analysis before simulating: routes, ENIs and IPs, NAT connections");
  explain_cmd->add_option("scenario", explain_file, "scenario YAML file")->required();
  explain_cmd->add_option("--format", explain_format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  explain_cmd->add_option("--set", explain_sets, "override a scenario key: key.path=value");

  CompareArgs cmp;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "run the scenario's variants with common random numbers, side by side");
  compare_cmd->add_option("scenario", cmp.file, "scenario YAML file with spec.variants")
      ->required();
  compare_cmd->add_option("--format", cmp.format, "stdout format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  compare_cmd->add_option("--out", cmp.out_dir, "directory for compare.json and compare.csv");
  compare_cmd->add_option("--set", cmp.sets, "override a key in every variant: key.path=value");
  compare_cmd->add_option("--variants", cmp.only, "only these variants (comma-separated)")
      ->delimiter(',');
  compare_cmd->add_option("--seed", cmp.seed, "override spec.seed");
  compare_cmd
      ->add_option("--replications,-r", cmp.replications,
                   "replications per variant; paired differences need 2 or more")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  compare_cmd->add_option("--jobs,-j", cmp.jobs, "threads (0 = one per core)")
      ->capture_default_str();

  std::string schema_format = "text";
  CLI::App* schema_cmd = app.add_subcommand("schema", "the scenario parameter table");
  schema_cmd->add_option("--format", schema_format, "output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (verbose) spdlog::set_level(spdlog::level::info);

  if (*run_cmd) return cmd_run(run, command_line(argc, argv));
  if (*validate_cmd) return cmd_validate(validate_file, validate_sets, validate_format);
  if (*schema_cmd) return cmd_schema(schema_format);
  if (*explain_cmd) return cmd_explain(explain_file, explain_sets, explain_format);
  if (*compare_cmd) return cmd_compare(cmp);
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return real_main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    std::cerr << "lambdasim: internal error\n";
    return kExitInternal;
  }
}
