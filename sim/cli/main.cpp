// The lambdasim executable: CLI11 subcommands that call the library, nothing
// else. Exit codes are in options.hpp. Results go to stdout or --out;
// diagnostics and logs (-v, --log-level) to stderr.
#include <exception>
#include <iostream>
#include <new>
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

constexpr const char* kExitCodesFooter =
    "Exit codes: 0 ok, 1 a threshold (--threshold, spec.thresholds) was missed (outputs written), "
    "2 bad input (scenario, flag, override, threshold), 3 internal error, 4 I/O error "
    "(--out unusable, a write to stdout or a file failed), 5 out of memory, 130/143 interrupted "
    "by SIGINT/SIGTERM (partial results written; a second signal ends at once).";

int real_main(int argc, char** argv) {
  setup_logging();
  CLI::App app{
      "lambdasim: a discrete-event simulator of AWS Lambda networking and "
      "ENI-limited concurrency"};
  app.set_version_flag("--version", std::string(version_text()));
  app.footer(kExitCodesFooter);
  app.require_subcommand(1);
  // Subcommands created after this pass options they do not know (-v,
  // --log-level) up to the app, so these may follow the subcommand.
  app.fallthrough();
  LogOptions log;
  add_log_options(app, log);

  const std::vector<Command> commands = {add_run_command(app, command_line(argc, argv)),
                                         add_validate_command(app),
                                         add_explain_command(app),
                                         add_compare_command(app, command_line(argc, argv)),
                                         add_schema_command(app),
                                         add_report_command(app),
                                         add_sweep_command(app),
                                         add_merge_command(app)};

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

// Results that did not reach stdout make a failed run, whatever it computed.
int with_stdout_checked(int code) {
  const bool flushed = flush_stdout();
  return code == kExitOk && !flushed ? kExitIo : code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return with_stdout_checked(real_main(argc, argv));
  } catch (const std::bad_alloc&) {
    // Unwinding has freed what the run held, so the message can be printed.
    std::cerr << "lambdasim: error: out of memory: more is needed than is available (for a run: "
                 "reduce horizon, arrival rates, replications or -j, or raise "
                 "timeseries_interval)\n";
    return kExitOutOfMemory;
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    std::cerr << "lambdasim: internal error\n";
    return kExitInternal;
  }
}
