#include "cli/options.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>
#include <system_error>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/report/atomic_file.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/sanitize.hpp"
#include "lambdasim/scenario/units.hpp"

namespace lambdasim::cli {

void add_scenario_options(CLI::App& cmd, ScenarioOptions& options, const std::string& file_help,
                          const std::string& set_help) {
  cmd.add_option("scenario", options.file, file_help)->required();
  add_override_options(cmd, options, set_help);
}

void add_override_options(CLI::App& cmd, ScenarioOptions& options, const std::string& set_help) {
  cmd.add_option("--set", options.sets, set_help);
  cmd.add_option("--seed", options.seed, "override spec.seed (an integer 0 .. 2^64-1)");
  cmd.add_option("--allow-path", options.allow_paths,
                 "also read trace files from DIR (repeatable); by default only files inside "
                 "the scenario file's directory, named by a relative path, are read");
  cmd.add_option("--max-trace-size", options.max_trace_size,
                 "largest trace file read, such as 64MiB (default " +
                     format_size(static_cast<std::int64_t>(kDefaultMaxTraceBytes)) + ")");
}

void add_variant_option(CLI::App& cmd, ScenarioOptions& options) {
  cmd.add_option("--variant", options.variant,
                 "use the scenario with this variant of spec.variants applied (on top of --set), "
                 "as compare runs it");
}

std::optional<std::vector<Override>> collect_overrides(const ScenarioOptions& options) {
  std::vector<Override> out;
  bool ok = true;
  for (std::size_t i = 0; i < options.sets.size(); ++i) {
    const std::string& text = options.sets[i];
    std::string error;
    if (auto o = parse_override(text, &error)) {
      out.push_back(*o);
    } else {
      std::cerr << format_diagnostic(
                       Diagnostic{Severity::kError, override_label(i + 1, text), 0, 0, "", error})
                << "\n";
      ok = false;
    }
  }
  if (options.seed) {
    // Parsed like spec.seed: "-1", "1e3", "0x10" and overflow are refused.
    const UnitResult<std::uint64_t> seed = parse_uint64(*options.seed);
    if (seed) {
      out.push_back(Override{"spec.seed", std::to_string(*seed)});
    } else {
      std::cerr << format_diagnostic(Diagnostic{Severity::kError, "--seed", 0, 0, "", seed.error})
                << "\n";
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<LoadOptions> collect_load_options(const ScenarioOptions& options) {
  LoadOptions out;
  out.allowed_dirs = options.allow_paths;
  if (!options.max_trace_size.empty()) {
    const UnitResult<std::int64_t> size = parse_size(options.max_trace_size);
    if (!size || *size <= 0) {
      std::cerr << format_diagnostic(
                       Diagnostic{Severity::kError, "--max-trace-size", 0, 0, "",
                                  size ? "expected a size above 0, such as 64MiB" : size.error})
                << "\n";
      return std::nullopt;
    }
    out.max_trace_bytes = static_cast<std::uint64_t>(*size);
  }
  return out;
}

namespace {

// False after a message naming the scenario's variants when none is `name`.
bool has_variant(const Scenario& scenario, const std::string& name) {
  std::string names;
  for (const Variant& v : scenario.variants) {
    if (v.name == name) return true;
    names += (names.empty() ? "" : ", ") + v.name;
  }
  std::cerr << sanitize_text(scenario.file) << ": error: --variant: no variant named '"
            << sanitize_text(name) << "'; "
            << (names.empty() ? std::string("the scenario has no spec.variants")
                              : "its variants: " + sanitize_text(names))
            << "\n";
  return false;
}

}  // namespace

void log_scenario_loaded(const Scenario& scenario, const std::vector<Diagnostic>& diagnostics) {
  std::size_t warnings = 0;
  for (const Diagnostic& d : diagnostics) warnings += d.severity == Severity::kWarning ? 1 : 0;
  spdlog::info("scenario loaded: {} ({}): functions {}, horizon {}, seed {}, warnings {}",
               scenario.file, scenario.name, scenario.model.functions.size(),
               format_time(scenario.run.horizon), scenario.run.seed, warnings);
}

std::optional<Scenario> load_or_report(const ScenarioOptions& options,
                                       std::vector<Override>* overrides) {
  std::optional<std::vector<Override>> collected = collect_overrides(options);
  if (!collected) return std::nullopt;
  const std::optional<LoadOptions> load_options = collect_load_options(options);
  if (!load_options) return std::nullopt;
  LoadResult r = load_scenario_file(options.file, *collected, *load_options);
  std::cerr << format_diagnostics(r.diagnostics);
  if (!r.ok()) return std::nullopt;
  if (!options.variant.empty()) {
    // The base loaded (its diagnostics cover every variant): now the one asked
    // for, loaded as compare loads it.
    if (!has_variant(*r.scenario, options.variant)) return std::nullopt;
    LoadResult v = load_scenario_variant(options.file, options.variant, *collected, *load_options);
    for (const Diagnostic& d : v.diagnostics) {
      if (d.severity == Severity::kError) std::cerr << format_diagnostic(d) << "\n";
    }
    if (!v.ok()) return std::nullopt;
    r.scenario = std::move(v.scenario);
    spdlog::info("variant {} applied", sanitize_text(options.variant));
  }
  if (overrides) *overrides = std::move(*collected);
  log_scenario_loaded(*r.scenario, r.diagnostics);
  return std::move(r.scenario);
}

void add_format_option(CLI::App& cmd, std::string& format, const std::string& help,
                       const std::vector<std::string>& choices) {
  format = choices.front();
  cmd.add_option("--format", format, help)->check(CLI::IsMember(choices))->capture_default_str();
}

void add_out_option(CLI::App& cmd, std::string& dir, const std::string& help) {
  cmd.add_option("--out", dir, help);
}

bool check_out_dir(const std::string& dir, const std::vector<std::string>& names) {
  if (dir.empty()) return true;
  const WriteResult r = check_output_dir(dir, names);
  if (!r) std::cerr << "lambdasim: error: --out: " << r.error << "\n";
  return r.ok;
}

bool write_outputs(const std::string& dir,
                   const std::vector<std::pair<std::string, std::string>>& files) {
  const WriteResult r = write_output_set(dir, files);
  if (!r) {
    std::cerr << "lambdasim: error: --out: " << r.error << " (" << dir << " left as it was)\n";
    return false;
  }
  for (const auto& file : files) {
    spdlog::debug("wrote {}", (std::filesystem::path(dir) / file.first).string());
  }
  return true;
}

bool flush_stdout() {
  errno = 0;
  std::cout.flush();
  const bool ok = std::cout.good() && std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
  if (!ok) {
    const int err = errno;
    std::cerr << "lambdasim: error: writing to stdout failed"
              << (err != 0 ? ": " + std::generic_category().message(err) : std::string()) << "\n";
  }
  return ok;
}

void add_replication_options(CLI::App& cmd, ReplicationOptions& options,
                             const std::string& replications_help, const std::string& jobs_help) {
  cmd.add_option("--replications,-r", options.replications, replications_help)
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  // CLI11 reads "-1" into a size_t as 2^64-1: the text is checked instead.
  const CLI::Validator thread_count(
      [](std::string& text) -> std::string {
        const bool digits =
            !text.empty() && text.size() <= 4 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && std::stoul(text) <= kMaxJobs) return {};
        return "'" + text + "' is not a thread count: give 1 to " + std::to_string(kMaxJobs) +
               ", or 0 for one per core";
      },
      "0.." + std::to_string(kMaxJobs));
  cmd.add_option("--jobs,-j", options.jobs, jobs_help)->check(thread_count)->capture_default_str();
}

void add_warmup_option(CLI::App& cmd, Warmup& warmup) {
  // By name: CLI11 would print a uint8_t enum's values as characters.
  cmd.add_option_function<std::string>(
         "--warmup",
         [&warmup](const std::string& name) {
           warmup = name == warmup_name(Warmup::kMser5) ? Warmup::kMser5 : Warmup::kNone;
         },
         "warm-up deletion for steady-state metrics: none, or mser5: MSER-5 (White "
         "1997) truncates each replication's time-series rows where the batch means of "
         "5 rows of running concurrency settle, and adds steady.warmup_s, "
         "steady.concurrency_avg, steady.attempts_per_s, steady.success_rate and "
         "steady.p_throttle over the rows after it. Every replication then keeps 56 "
         "bytes per row: memory grows with horizon / spec.timeseries_interval")
      ->check(CLI::IsMember(
          {std::string(warmup_name(Warmup::kNone)), std::string(warmup_name(Warmup::kMser5))}))
      ->default_str(std::string(warmup_name(warmup)));
}

void add_log_options(CLI::App& app, LogOptions& options) {
  app.add_flag("-v,--verbose", options.verbose,
               "log progress to stderr (scenario loaded, runs started and finished)");
  app.add_option("--log-level", options.level, "stderr log level (default warn; overrides -v)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

namespace {

// %Q: the message, sanitised (sanitize.hpp): a scenario name or path logged
// with -v cannot put a control character on the terminal.
class SanitizedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*time*/,
              spdlog::memory_buf_t& dest) override {
    const std::string text =
        sanitize_text(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<SanitizedMessage>();
  }
};

}  // namespace

void setup_logging() {
  auto logger = spdlog::stderr_color_mt("lambdasim");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<SanitizedMessage>('Q').set_pattern("[%T.%e] [%^%l%$] %Q");
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);
}

void apply_log_options(const LogOptions& options) {
  if (!options.level.empty()) {
    spdlog::set_level(spdlog::level::from_str(options.level));
  } else if (options.verbose) {
    spdlog::set_level(spdlog::level::info);
  }
}

}  // namespace lambdasim::cli
