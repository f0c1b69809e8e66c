// Reads a YAML scenario into a validated Scenario, applying `--set`
// overrides, and reports every problem at once as diagnostics (file:line:col,
// key path, message). Never throws and never crashes, whatever the input.
//   LoadResult r = load_scenario_file("s.yaml", {{"functions.api.memory", "512MiB"}});
//   if (!r.ok()) std::cerr << format_diagnostics(r.diagnostics);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The file name that diagnostics about `--set` overrides carry.
inline constexpr std::string_view kOverrideFileLabel = "<--set>";

struct LoadResult {
  std::optional<Scenario> scenario;  // set when there is no error (warnings allowed)
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return scenario.has_value() && !has_errors(diagnostics); }
};

// Trace files named by the scenario are read relative to its directory.
LoadResult load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {});
// `file_label` names the text in diagnostics; `base_dir` is where relative
// trace files are looked up ("" = the working directory).
LoadResult load_scenario_text(std::string_view yaml, const std::string& file_label,
                              const std::string& base_dir,
                              const std::vector<Override>& overrides = {});

// The scenario with one of its `spec.variants` applied on top of `overrides`
// (for `lambdasim compare`). Its hash is the base scenario's (file text plus
// `overrides`): the variant is a separate part of a run's address.
LoadResult load_scenario_variant(const std::string& path, const std::string& variant,
                                 const std::vector<Override>& overrides = {});
LoadResult load_scenario_variant_text(std::string_view yaml, const std::string& file_label,
                                      const std::string& base_dir, const std::string& variant,
                                      const std::vector<Override>& overrides = {});

// "functions.api.memory=512MiB" -> {path, value}. The path may omit `spec.`,
// name entries of named maps (`functions.api`) and list items by index
// (`functions.api.arrivals[1].rate`). Only the syntax is checked here; the
// loader checks the path against the schema and the value like file values.
std::optional<Override> parse_override(std::string_view text, std::string* error);

// Hex of stable_hash over the scenario text and the overrides, in order.
std::string scenario_hash(std::string_view text, const std::vector<Override>& overrides);

}  // namespace lambdasim
