// A validated, immutable scenario: the model's configuration plus how to run
// it. Produced once by load_scenario() (loader.hpp) from YAML; nothing
// downstream sees YAML.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/sweep.hpp"

namespace lambdasim {

struct RunConfig {
  SimTime horizon = minutes(30);
  std::uint64_t seed = 1;
  SimTime timeseries_interval = seconds(1);
  // spec.thresholds: "METRIC OP NUMBER" checks of a run's results, checked
  // by run and compare (lambdasim/experiment/thresholds.hpp); none by default.
  std::vector<std::string> thresholds;

  bool operator==(const RunConfig&) const = default;
};

// One `--set`-style override: a key path and the YAML text of its value.
struct Override {
  std::string path;   // e.g. "spec.functions.api.memory" or "functions.api.memory"
  std::string value;  // e.g. "512MiB"
};

struct Variant {
  std::string name;
  std::vector<Override> overrides;
};

struct Scenario {
  std::string file;  // as given on the command line
  std::string name;
  std::string description;
  // Stable hash (hex) of the scenario text plus the overrides applied; part of
  // a run's address in manifest.json.
  std::string hash;
  RunConfig run;
  ModelConfig model;
  std::vector<Variant> variants;  // spec.variants, for `lambdasim compare`
  // spec.sweep, its points expanded (for `lambdasim sweep`); a scenario
  // loaded at a point (load_scenario_point) keeps it as written.
  std::optional<SweepSpec> sweep;
  // Where each key was written (file or `--set`), so that checks made after
  // loading (the resource budget) are located too. Copies share it.
  std::shared_ptr<const std::map<std::string, Location>> key_locations;

  // The location of a key path, else of its nearest written ancestor, else
  // the file's first line.
  Location location_of(std::string_view path) const;
};

}  // namespace lambdasim
