// A scenario's `spec.sweep`: named axes over parameter key paths, expanded
// into points (the grid of all combinations, explicit points, or a seeded
// Latin-hypercube sample). A point is a list of overrides applied like a
// variant's entries, on top of the variant (`lambdasim sweep`).
//   for (const SweepPoint& p : scenario.sweep->points) load_scenario_point(file, "", p);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lambdasim/scenario/diagnostics.hpp"

namespace lambdasim {

struct Override;

// Points of one sweep, at most (a grid's size is checked before it is expanded).
inline constexpr std::size_t kMaxSweepPoints = 100'000;

enum class SweepMode : std::uint8_t {
  kGrid,    // every combination of the axes' values, first axis slowest
  kPoints,  // spec.sweep.points, as written
  kLhs,     // spec.sweep.lhs: `samples` points, one per stratum of every axis
};

struct SweepAxis {
  std::string name;  // as written under spec.sweep.axes
  std::string key;   // the key path it sets, as in --set (`functions.api.memory`)
  // Its values as YAML text, in order (a `from/to/step` range expanded, each
  // value written in one unit per type: "128MiB", "0.25s", "500/s").
  // With `points`, the distinct values of the points in order of first
  // appearance; with `lhs`, the sampled values (a range's in ascending order).
  std::vector<std::string> values;
  Location location;  // of the axis (its first key), for messages about it
};

struct SweepPoint {
  std::size_t index = 0;  // 0-based, in expansion order
  // (axis name, YAML text of its value), in axis order.
  std::vector<std::pair<std::string, std::string>> values;
  // Where each value is written in the file, in axis order (a range's values:
  // its `from`), so that a problem at this point is located there.
  std::vector<Location> locations;
  // "burst=500/s,eni_model=per-execution": stable, for tables and file names.
  std::string label() const;
};

struct SweepSpec {
  SweepMode mode = SweepMode::kGrid;
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;  // expanded at load time (deterministic)
  std::uint64_t lhs_seed = 0;      // kLhs only
  Location location;               // of `spec.sweep`
};

// The overrides that put a scenario at `point` (axis key = value), in axis order.
std::vector<Override> point_overrides(const SweepSpec& sweep, const SweepPoint& point);

}  // namespace lambdasim
