// Option groups shared by the lambdasim subcommands (scenario file + --set +
// --seed, --format, --out, -r/-j, logging) and the helpers behind them: each
// group is declared once here and added to a subcommand with one call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "lambdasim/metrics/mser.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim::cli {

// Exit codes (DESIGN.md, README "Exit codes", --help): 0 ok, 2 bad input,
// 3 internal error, 4 I/O error (--out unusable, a write to stdout or a file
// failed), 5 out of memory, 130/143 interrupted by SIGINT/SIGTERM (128 +
// signal; partial results written), 1 a threshold (--threshold,
// spec.thresholds) was missed (the outputs are written all the same).
inline constexpr int kExitOk = 0;
inline constexpr int kExitThresholdMissed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;
inline constexpr int kExitIo = 4;
inline constexpr int kExitOutOfMemory = 5;

// The scenario file (positional), --set key.path=value (repeatable), --seed
// (text, parsed as strictly as spec.seed), --allow-path DIR (repeatable) and
// --max-trace-size for trace files.
struct ScenarioOptions {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::string> seed;
  std::vector<std::string> allow_paths;
  std::string max_trace_size;  // "" = the default (kDefaultMaxTraceBytes)
  std::string variant;         // --variant (run, explain): "" = the base scenario
};
void add_scenario_options(CLI::App& cmd, ScenarioOptions& options, const std::string& file_help,
                          const std::string& set_help);
// The same without the positional file (validate takes several).
void add_override_options(CLI::App& cmd, ScenarioOptions& options, const std::string& set_help);
// --variant NAME: load_or_report then gives the scenario with that variant of
// spec.variants applied, as `compare` runs it.
void add_variant_option(CLI::App& cmd, ScenarioOptions& options);

// The --set and --seed overrides, in that order; nullopt after printing every
// malformed --set (named by its index and text) and a bad --seed on stderr.
std::optional<std::vector<Override>> collect_overrides(const ScenarioOptions& options);
// What the loader may read (--allow-path, --max-trace-size); nullopt after a
// message when --max-trace-size is not a size.
std::optional<LoadOptions> collect_load_options(const ScenarioOptions& options);

// Loads options.file with its overrides (stored in `overrides` when given),
// and options.variant's when set, prints every diagnostic on stderr and logs
// "scenario loaded"; nullopt on any error (an unknown variant: a message
// listing the scenario's variants).
std::optional<Scenario> load_or_report(const ScenarioOptions& options,
                                       std::vector<Override>* overrides = nullptr);

// Logs (info) what was loaded: file, functions, horizon, warnings.
void log_scenario_loaded(const Scenario& scenario, const std::vector<Diagnostic>& diagnostics);

// --format, one of `choices`; the first is the default.
void add_format_option(CLI::App& cmd, std::string& format, const std::string& help,
                       const std::vector<std::string>& choices);

// --out DIR.
void add_out_option(CLI::App& cmd, std::string& dir, const std::string& help);
// Before simulating: creates DIR and its parents, checks it is a writable
// directory where none of `names` is a directory ("" does nothing); false
// after a message (exit kExitIo).
bool check_out_dir(const std::string& dir, const std::vector<std::string>& names);
// Writes the (file name, content) pairs into `dir` as a set (OutputSet): all
// or none, the previous files untouched on failure; false after a message
// (exit kExitIo).
bool write_outputs(const std::string& dir,
                   const std::vector<std::pair<std::string, std::string>>& files);
// Flushes stdout; false after a message when anything written to it was lost
// (a full disk, a closed pipe): exit kExitIo.
bool flush_stdout();

// --replications/-r and --jobs/-j.
struct ReplicationOptions {
  std::size_t replications = 1;
  std::size_t jobs = 0;  // 0 = one thread per core; at most kMaxJobs (runner.hpp)
};
void add_replication_options(CLI::App& cmd, ReplicationOptions& options,
                             const std::string& replications_help, const std::string& jobs_help);

// --warmup none|mser5 (RunOptions::warmup): warm-up deletion by MSER-5 and
// the steady.* metrics; the default, none, changes nothing.
void add_warmup_option(CLI::App& cmd, Warmup& warmup);

// -v/--verbose and --log-level, on the top-level app (they may also follow the
// subcommand). Logs go to stderr through spdlog; the default level, warn,
// prints nothing on a successful run.
struct LogOptions {
  bool verbose = false;  // info
  std::string level;     // trace|debug|info|warn|error|off; overrides -v
};
void add_log_options(CLI::App& app, LogOptions& options);
// Installs the stderr logger at level warn; call before parsing.
void setup_logging();
// Sets the level the parsed options ask for.
void apply_log_options(const LogOptions& options);

}  // namespace lambdasim::cli
