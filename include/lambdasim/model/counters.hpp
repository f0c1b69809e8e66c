// Event counts and levels a model part declares next to the code that
// measures them, so that a new metric is its declaration plus the line that
// updates it: the metrics layer makes each one a metric (flatten,
// summary.json, aggregates, compare). Declared at static initialisation, as
// ns-3 registers TypeIds.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lambdasim/model/config.hpp"

namespace lambdasim {

enum class CounterScope : std::uint8_t {
  kFunction,  // per function (functions.<f>.<name>); the total's count is the
              // sum, its level the account-wide level (not the sum of peaks)
  kNetwork,   // account-wide networking (network.<name>), only with VPCs
};

enum class CounterKind : std::uint8_t {
  kCount,  // events (ModelObserver::on_count): the metric <name> is their total
  kLevel,  // a level (ModelObserver::on_level, by deltas): the metrics
           // <name>_peak and <name>_avg (time average over the run)
};

struct CounterSpec {
  std::string_view name;       // the metric's flatten name after its prefix
  std::string_view json_path;  // inside the function's or the network's summary.json object
  std::string_view help;
  CounterKind kind = CounterKind::kCount;
  CounterScope scope = CounterScope::kFunction;
  int json_rank = 0;      // summary.json key order (MetricPlacement::json_rank)
  std::string_view part;  // the declaring part: outputs list counters by part, then
                          // in declaration order, whatever the link order
  // Written only when this holds for the run's config (null: always), so
  // that runs without the part keep their outputs unchanged.
  bool (*present)(const ModelConfig&) = nullptr;
};

// A declared counter: an index into declared_counters() and into every
// summary's counter values.
struct CounterId {
  std::uint16_t index = 0;
};

// Declares a counter; call it to initialise a namespace-scope constant
// (`const CounterId kDnsLookups = declare_counter({...});`). Not thread-safe:
// static initialisation only.
CounterId declare_counter(const CounterSpec& spec);

// Every declared counter, indexed by CounterId::index (declaration order).
std::span<const CounterSpec> declared_counters();

// The counter declared under `name` (tests, tools); throws std::out_of_range
// if none is.
CounterId counter_named(std::string_view name);

// The declared counters' indices in output order: by part, then in
// declaration order. Independent of the order translation units initialise.
const std::vector<std::uint16_t>& counter_output_order();

}  // namespace lambdasim
