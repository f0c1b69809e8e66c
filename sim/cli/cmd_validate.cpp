// `lambdasim validate`: loads scenarios and reports every diagnostic at once,
// with explain's static warnings and the thresholds' checks, without
// simulating. Takes several files, directories (their *.yaml and *.yml,
// sorted, not recursive) and `-` for stdin; one status line per file.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/experiment/thresholds.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim::cli {
namespace {

namespace fs = std::filesystem;

// The label diagnostics give the scenario read from stdin.
constexpr const char* kStdinLabel = "<stdin>";

struct ValidateArgs {
  std::vector<std::string> inputs;
  ScenarioOptions scenario;  // its file unused: the inputs name them
  std::string format;
};

// Static analysis warnings (unreachable calls, quotas, subnet sizes) come
// before any simulation: they are not errors, the scenario still runs.
void add_explain_warnings(const std::string& file, LoadResult& r) {
  const Explanation e = explain(r.scenario->model, r.scenario->run.horizon);
  auto warn = [&](const std::string& where, const std::string& message) {
    r.diagnostics.push_back(Diagnostic{Severity::kWarning, file, 0, 0, where, message});
  };
  for (const ExplainedFunction& f : e.functions) {
    for (const std::string& w : f.warnings) warn("spec.functions." + f.name, w);
  }
  for (const std::string& w : e.warnings) warn("spec.network", w);
}

// The files the inputs name, in order: a directory gives its *.yaml and
// *.yml files, sorted by name; nullopt after a message when an input is a
// directory without any or cannot be listed.
std::optional<std::vector<std::string>> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  bool ok = true;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input == "-" || !fs::is_directory(input, ec)) {
      files.push_back(input);  // a missing file is the loader's located error
      continue;
    }
    std::vector<std::string> found;
    for (fs::directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string ext = it->path().extension().string();
      if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) {
        found.push_back(it->path().string());
      }
    }
    if (ec) {
      std::cerr << sanitize_text(input) << ": error: cannot list the directory: " << ec.message()
                << "\n";
      ok = false;
      continue;
    }
    if (found.empty()) {
      std::cerr << sanitize_text(input) << ": error: no *.yaml or *.yml file in the directory\n";
      ok = false;
      continue;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  if (!ok) return std::nullopt;
  return files;
}

// One file (or stdin) loaded and checked, its diagnostics complete.
LoadResult check_one(const std::string& file, const std::vector<Override>& overrides,
                     const LoadOptions& load_options) {
  LoadResult r;
  if (file == "-") {
    const std::string text{std::istreambuf_iterator<char>(std::cin),
                           std::istreambuf_iterator<char>()};
    // Trace files are looked up from the working directory.
    r = load_scenario_text(text, kStdinLabel, "", overrides, load_options);
  } else {
    r = load_scenario_file(file, overrides, load_options);
  }
  if (!r.ok()) return r;
  add_explain_warnings(r.scenario->file, r);
  std::vector<Diagnostic> checked = check_scenario_thresholds(*r.scenario);
  r.diagnostics.insert(r.diagnostics.end(), checked.begin(), checked.end());
  if (has_errors(r.diagnostics)) r.scenario.reset();
  return r;
}

std::string status_line(const std::string& label, const LoadResult& r) {
  if (r.ok()) {
    return sanitize_text(label) + ": ok (" + std::to_string(r.scenario->model.functions.size()) +
           " functions)";
  }
  const std::size_t errors = count_errors(r.diagnostics);
  return sanitize_text(label) + ": invalid (" + std::to_string(errors) +
         (errors == 1 ? " error)" : " errors)");
}

int validate(const ValidateArgs& args) {
  const std::optional<std::vector<Override>> overrides = collect_overrides(args.scenario);
  if (!overrides) return kExitBadInput;
  const std::optional<LoadOptions> load_options = collect_load_options(args.scenario);
  if (!load_options) return kExitBadInput;
  const std::optional<std::vector<std::string>> files = expand_inputs(args.inputs);
  if (!files) return kExitBadInput;
  if (std::count(files->begin(), files->end(), "-") > 1) {
    std::cerr << "lambdasim: error: validate: '-' (stdin) given more than once\n";
    return kExitBadInput;
  }

  bool all_ok = true;
  std::vector<Diagnostic> all;
  nlohmann::json statuses = nlohmann::json::array();
  for (const std::string& file : *files) {
    const std::string label = file == "-" ? kStdinLabel : file;
    const LoadResult r = check_one(file, *overrides, *load_options);
    all_ok = all_ok && r.ok();
    if (args.format == "json") {
      all.insert(all.end(), r.diagnostics.begin(), r.diagnostics.end());
      statuses.push_back({{"file", label},
                          {"ok", r.ok()},
                          {"errors", count_errors(r.diagnostics)},
                          {"warnings", r.diagnostics.size() - count_errors(r.diagnostics)}});
    } else {
      std::cerr << format_diagnostics(r.diagnostics);
      std::cout << status_line(label, r) << "\n";
    }
    if (r.ok()) log_scenario_loaded(*r.scenario, r.diagnostics);
  }
  if (args.format == "json") {
    // The diagnostics document of one file (diagnostics, errors, warnings)
    // over all of them, and "files": each one's status.
    nlohmann::json doc = nlohmann::json::parse(diagnostics_to_json(all));
    doc["files"] = std::move(statuses);
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return all_ok ? kExitOk : kExitBadInput;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "check scenarios, every diagnostic at once; one status line per file (exit 2 if any is "
      "invalid)");
  cmd->add_option("scenarios", args->inputs,
                  "scenario YAML files, directories (their *.yaml and *.yml, sorted, not "
                  "recursive), or - for stdin (diagnostics say <stdin>:line:col)")
      ->required();
  add_override_options(*cmd, args->scenario, "override a scenario key: key.path=value");
  add_format_option(*cmd, args->format, "diagnostics format", {"text", "json"});
  return {cmd, [args] { return validate(*args); }};
}

}  // namespace lambdasim::cli
