// The lambdasim subcommands, one file each (cmd_run.cpp, cmd_validate.cpp,
// cmd_explain.cpp, cmd_compare.cpp, cmd_schema.cpp, cmd_report.cpp): each adds itself to the
// app with its option groups and returns what runs it once parsed.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/options.hpp"

namespace lambdasim::cli {

struct Command {
  CLI::App* app = nullptr;   // the subcommand; true when it was given
  std::function<int()> run;  // returns the exit code (options.hpp)
};

// `command_line` is recorded in manifest.json.
Command add_run_command(CLI::App& app, const std::string& command_line);
Command add_validate_command(CLI::App& app);
Command add_explain_command(CLI::App& app);
Command add_compare_command(CLI::App& app, const std::string& command_line);
Command add_schema_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_sweep_command(CLI::App& app);
Command add_merge_command(CLI::App& app);

}  // namespace lambdasim::cli
