#include "cli/commands.hpp"

#include <memory>

namespace lambdasim::cli {

namespace {
struct ScenarioReportArgs {
  ScenarioOptions scenario;
  std::string format;
};
}  // namespace

Command add_scenario_report_command(CLI::App& app, const std::string& name, const std::string& help,
                                    const std::string& format_help, ScenarioReport run) {
  auto args = std::make_shared<ScenarioReportArgs>();
  CLI::App* cmd = app.add_subcommand(name, help);
  add_scenario_options(*cmd, args->scenario, "scenario YAML file",
                       "override a scenario key: key.path=value");
  add_format_option(*cmd, args->format, format_help, {"text", "json"});
  return {cmd, [args, run] { return run(args->scenario, args->format); }};
}

}  // namespace lambdasim::cli
