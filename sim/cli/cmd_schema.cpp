// `lambdasim schema`: the scenario parameter table as text, JSON or the
// Markdown that tools/update_readme.sh puts in README.md, or the scenario
// format as a JSON Schema for editors and validators; `--metrics`: the
// metric names and their CloudWatch counterparts (Markdown, for the README).
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/report/metric_names.hpp"
#include "lambdasim/scenario/json_schema.hpp"
#include "lambdasim/scenario/params.hpp"

namespace lambdasim::cli {
namespace {

int schema(const std::string& format, bool metrics) {
  if (metrics) {
    std::cout << render_metric_names_markdown();
  } else if (format == "json") {
    std::cout << render_schema_json() << "\n";
  } else if (format == "json-schema") {
    std::cout << render_json_schema() << "\n";
  } else if (format == "markdown") {
    std::cout << render_schema_markdown();
  } else {
    std::cout << render_schema_text();
  }
  return kExitOk;
}

}  // namespace

Command add_schema_command(CLI::App& app) {
  auto format = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("schema", "the scenario parameter table, or its JSON Schema");
  add_format_option(*cmd, *format,
                    "output format (json-schema: a JSON Schema, draft-07, of the scenario "
                    "format for editors and validators)",
                    {"text", "json", "markdown", "json-schema"});
  auto metrics = std::make_shared<bool>(false);
  cmd->add_flag("--metrics", *metrics,
                "instead: the metric names, each with its CloudWatch counterpart (Markdown)");
  return {cmd, [format, metrics] { return schema(*format, *metrics); }};
}

}  // namespace lambdasim::cli
