// `lambdasim explain`: static analysis before simulating (routes, ENIs and
// IPs, NAT connections), as text or JSON.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/explain_report.hpp"

namespace lambdasim::cli {
namespace {

struct ExplainArgs {
  ScenarioOptions scenario;
  std::string format;
};

int explain_scenario(const ExplainArgs& args) {
  const std::optional<std::vector<Override>> overrides = collect_overrides(args.scenario);
  if (!overrides) return kExitBadInput;
  const std::optional<Scenario> scenario = load_or_report(args.scenario, *overrides);
  if (!scenario) return kExitBadInput;
  const Explanation e = explain(scenario->model, scenario->run.horizon);
  std::cout << (args.format == "json" ? render_explanation_json(e) + "\n"
                                      : render_explanation_text(e));
  return kExitOk;
}

}  // namespace

Command add_explain_command(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "static analysis before simulating: routes, ENIs and IPs, NAT connections");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file",
                       "override a scenario key: key.path=value");
  add_format_option(*cmd, args->format, "output format", {"text", "json"});
  return {cmd, [args] { return explain_scenario(*args); }};
}

}  // namespace lambdasim::cli
