// The lambdasim executable: CLI11 subcommands that call the library, nothing
// else. Exit codes are in options.hpp. Results go to stdout or --out;
// diagnostics and logs (-v, --log-level) to stderr.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/version.hpp"

namespace {

using namespace lambdasim::cli;

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    s += argv[i];
  }
  return s;
}

int real_main(int argc, char** argv) {
  setup_logging();
  CLI::App app{
      "lambdasim: a discrete-event simulator of AWS Lambda networking and "
      "ENI-limited concurrency"};
  app.set_version_flag("--version", std::string(version_text()));
  app.require_subcommand(1);
  // Subcommands created after this pass options they do not know (-v,
  // --log-level) up to the app, so these may follow the subcommand.
  app.fallthrough();
  LogOptions log;
  add_log_options(app, log);

  const std::vector<Command> commands = {add_run_command(app, command_line(argc, argv)),
                                         add_validate_command(app), add_explain_command(app),
                                         add_compare_command(app), add_schema_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  apply_log_options(log);
  for (const Command& c : commands) {
    if (*c.app) return c.run();
  }
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return real_main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    std::cerr << "lambdasim: internal error\n";
    return kExitInternal;
  }
}
