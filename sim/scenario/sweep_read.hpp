// Private to the scenario layer: reads `spec.sweep` from a document the
// walker has checked, expands it into points (grid, explicit points or a
// Latin-hypercube sample), and lists the values the loader checks once each
// by applying them like a variant's entries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/sweep.hpp"
#include "scenario/walker.hpp"

namespace lambdasim {

// One axis value to check at load time: each listed value, a range's two
// ends, each distinct value of the explicit points.
struct SweepValueCheck {
  std::string axis;
  std::string key;    // as written (`functions.api.memory`)
  std::string value;  // YAML text
  Location location;  // where it is written
};

struct SweepRead {
  std::optional<SweepSpec> spec;  // none without spec.sweep, or when it has errors
  std::vector<SweepValueCheck> checks;
};

// Reads `spec.sweep` of `root` (the document `walker` walked); reports
// problems through the walker, located like the rest of the file.
SweepRead read_sweep(const YAML::Node& root, Walker& walker);

// The key path (as written) of axis `name` of the document's sweep; nullopt
// when there is no such axis.
std::optional<std::string> sweep_axis_key(const YAML::Node& root, const std::string& name);

// The names of the document's sweep axes, in order.
std::vector<std::string> sweep_axis_names(const YAML::Node& root);

}  // namespace lambdasim
