// `lambdasim schema`: the scenario parameter table as text, JSON or the
// Markdown that tools/update_readme.sh puts in README.md.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/scenario/params.hpp"

namespace lambdasim::cli {
namespace {

int schema(const std::string& format) {
  if (format == "json") {
    std::cout << render_schema_json() << "\n";
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
  CLI::App* cmd = app.add_subcommand("schema", "the scenario parameter table");
  add_format_option(*cmd, *format, "output format", {"text", "json", "markdown"});
  return {cmd, [format] { return schema(*format); }};
}

}  // namespace lambdasim::cli
