// `lambdasim validate`: loads a scenario and reports every diagnostic at once,
// with explain's static warnings, without simulating.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/scenario/diagnostics.hpp"

namespace lambdasim::cli {
namespace {

struct ValidateArgs {
  ScenarioOptions scenario;
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

int validate(const ValidateArgs& args) {
  const std::optional<std::vector<Override>> overrides = collect_overrides(args.scenario);
  if (!overrides) return kExitBadInput;
  const std::string& file = args.scenario.file;
  LoadResult r = load_scenario_file(file, *overrides);
  if (r.ok()) add_explain_warnings(file, r);
  if (args.format == "json") {
    std::cout << diagnostics_to_json(r.diagnostics) << "\n";
  } else {
    for (const Diagnostic& d : r.diagnostics) std::cerr << format_diagnostic(d) << "\n";
    if (r.ok())
      std::cout << file << ": ok (" << r.scenario->model.functions.size() << " functions)\n";
  }
  if (!r.ok()) return kExitBadInput;
  log_scenario_loaded(*r.scenario, r.diagnostics);
  return kExitOk;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand("validate", "check a scenario; every diagnostic at once");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file",
                       "override a scenario key: key.path=value");
  add_format_option(*cmd, args->format, "diagnostics format", {"text", "json"});
  return {cmd, [args] { return validate(*args); }};
}

}  // namespace lambdasim::cli
