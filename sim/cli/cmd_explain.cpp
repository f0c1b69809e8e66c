// `lambdasim explain`: static analysis before simulating (routes, ENIs and
// IPs, NAT connections), as text or JSON.
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/explain_report.hpp"

namespace lambdasim::cli {
namespace {

int explain_scenario(const ScenarioOptions& options, const std::string& format) {
  const std::optional<Scenario> scenario = load_or_report(options);
  if (!scenario) return kExitBadInput;
  const Explanation e = explain(scenario->model, scenario->run.horizon);
  std::cout << (format == "json" ? render_explanation_json(e) + "\n" : render_explanation_text(e));
  return kExitOk;
}

}  // namespace

Command add_explain_command(CLI::App& app) {
  return add_scenario_report_command(
      app, "explain", "static analysis before simulating: routes, ENIs and IPs, NAT connections",
      "output format", explain_scenario);
}

}  // namespace lambdasim::cli
