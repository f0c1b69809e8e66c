// `lambdasim validate`: loads a scenario and reports every diagnostic at once,
// with explain's static warnings, without simulating.
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim::cli {
namespace {

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

int validate(const ScenarioOptions& scenario, const std::string& format) {
  const std::optional<std::vector<Override>> overrides = collect_overrides(scenario);
  if (!overrides) return kExitBadInput;
  const std::optional<LoadOptions> load_options = collect_load_options(scenario);
  if (!load_options) return kExitBadInput;
  const std::string& file = scenario.file;
  LoadResult r = load_scenario_file(file, *overrides, *load_options);
  if (r.ok()) add_explain_warnings(file, r);
  if (format == "json") {
    std::cout << diagnostics_to_json(r.diagnostics) << "\n";
  } else {
    std::cerr << format_diagnostics(r.diagnostics);
    if (r.ok()) {
      std::cout << sanitize_text(file) << ": ok (" << r.scenario->model.functions.size()
                << " functions)\n";
    }
  }
  if (!r.ok()) return kExitBadInput;
  log_scenario_loaded(*r.scenario, r.diagnostics);
  return kExitOk;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  return add_scenario_report_command(app, "validate", "check a scenario; every diagnostic at once",
                                     "diagnostics format", validate);
}

}  // namespace lambdasim::cli
