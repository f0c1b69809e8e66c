// `lambdasim explain`: static analysis before simulating (routes, ENIs and
// IPs, NAT connections) and the resource budget, as text or JSON, of the
// scenario or of one of its variants (--variant).
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>
#include "cli/commands.hpp"
#include "cli/options.hpp"

#include "lambdasim/experiment/budget.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/budget_report.hpp"
#include "lambdasim/report/explain_report.hpp"

namespace lambdasim::cli {
namespace {

struct ExplainArgs {
  ScenarioOptions scenario;
  std::string format;
};

int explain_scenario(const ScenarioOptions& options, const std::string& format) {
  const std::optional<Scenario> scenario = load_or_report(options);
  if (!scenario) return kExitBadInput;
  const Explanation e = explain(scenario->model, scenario->run.horizon);
  const ResourceBudget budget = estimate_budget(*scenario, RunShape{});
  const BudgetLimits limits;
  if (format == "json") {
    nlohmann::json j = nlohmann::json::parse(render_explanation_json(e));
    j["budget"] = nlohmann::json::parse(budget_to_json(budget, limits));
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << render_explanation_text(e) << "\n" << render_budget_text(budget, limits);
  }
  return kExitOk;
}

}  // namespace

Command add_explain_command(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "static analysis before simulating: routes, ENIs and IPs, NAT connections");
  add_scenario_options(*cmd, args->scenario, "scenario YAML file",
                       "override a scenario key: key.path=value");
  add_variant_option(*cmd, args->scenario);
  add_format_option(*cmd, args->format, "output format", {"text", "json"});
  return {cmd, [args] { return explain_scenario(args->scenario, args->format); }};
}

}  // namespace lambdasim::cli
