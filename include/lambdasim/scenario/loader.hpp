// Reads a YAML scenario into a validated Scenario, applying `--set`
// overrides, and reports every problem at once as diagnostics (file:line:col,
// key path, message). Never throws and never crashes, whatever the input.
//   LoadResult r = load_scenario_file("s.yaml", {{"functions.api.memory", "512MiB"}});
//   if (!r.ok()) std::cerr << format_diagnostics(r.diagnostics);
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The file name that diagnostics about `--set` overrides carry starts with
// this; the rest names which one: "<--set #2 'functions.api.memory=5x'>".
inline constexpr std::string_view kOverrideFileLabel = "<--set";

// The file label of the `index`-th (1-based) `--set`, whose text was `text`
// (key.path=value); the text is shortened and sanitised.
std::string override_label(std::size_t index, std::string_view text);

// Trace files: largest size read (checked before reading), by default.
inline constexpr std::uint64_t kDefaultMaxTraceBytes = std::uint64_t{256} << 20;

// What the loader may read besides the scenario text.
struct LoadOptions {
  // Trace files are read relative to the scenario file and must stay inside
  // its directory; an absolute path or one leaving it ('../', a symbolic
  // link) is read only when it lies in one of these (`--allow-path DIR`).
  std::vector<std::string> allowed_dirs;
  std::uint64_t max_trace_bytes = kDefaultMaxTraceBytes;  // `--max-trace-size`
  // Arrivals of all the scenario's traces together (counts expand: an
  // 11-byte line can mean 50 M arrivals); 0 = the default, 50,000,000.
  std::size_t max_trace_arrivals = 0;
};

struct LoadResult {
  std::optional<Scenario> scenario;  // set when there is no error (warnings allowed)
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return scenario.has_value() && !has_errors(diagnostics); }
};

// Trace files named by the scenario are read relative to its directory.
LoadResult load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {},
                              const LoadOptions& options = {});
// `file_label` names the text in diagnostics; `base_dir` is where relative
// trace files are looked up ("" = the working directory).
LoadResult load_scenario_text(std::string_view yaml, const std::string& file_label,
                              const std::string& base_dir,
                              const std::vector<Override>& overrides = {},
                              const LoadOptions& options = {});

// The scenario with one of its `spec.variants` applied on top of `overrides`
// (for `lambdasim compare`). Its hash is the base scenario's (file text plus
// `overrides`): the variant is a separate part of a run's address.
LoadResult load_scenario_variant(const std::string& path, const std::string& variant,
                                 const std::vector<Override>& overrides = {},
                                 const LoadOptions& options = {});
LoadResult load_scenario_variant_text(std::string_view yaml, const std::string& file_label,
                                      const std::string& base_dir, const std::string& variant,
                                      const std::vector<Override>& overrides = {},
                                      const LoadOptions& options = {});

// The scenario at one point of its `spec.sweep` (for `lambdasim sweep`):
// `overrides` (--set), then `variant` ("" = none), then the point's axis
// values, applied like a variant's entries; a problem with a value is
// located where the point's value is written. Its hash is the base
// scenario's (file text plus `overrides`) and its `sweep` the plan as
// written: variant and point are separate parts of a run's address.
LoadResult load_scenario_point(const std::string& path, const std::string& variant,
                               const SweepPoint& point, const std::vector<Override>& overrides = {},
                               const LoadOptions& options = {});
LoadResult load_scenario_point_text(std::string_view yaml, const std::string& file_label,
                                    const std::string& base_dir, const std::string& variant,
                                    const SweepPoint& point,
                                    const std::vector<Override>& overrides = {},
                                    const LoadOptions& options = {});

// "functions.api.memory=512MiB" -> {path, value}. The path may omit `spec.`,
// name entries of named maps (`functions.api`) and list items by index
// (`functions.api.arrivals[1].rate`). Only the syntax is checked here; the
// loader checks the path against the schema and the value like file values.
std::optional<Override> parse_override(std::string_view text, std::string* error);

// Hex of stable_hash over the scenario text and the overrides, in order.
std::string scenario_hash(std::string_view text, const std::vector<Override>& overrides);

}  // namespace lambdasim
