// Shared by the metric tables (sim/metrics/metric_table_*.cpp): a metric
// of a network resource or a fault window, read by accessor, never summed
// over functions, at the JSON path of its own name.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "lambdasim/metrics/metric_spec.hpp"

namespace lambdasim::metric_table {

template <class S>
MetricSpec<S> metric(std::string_view name, std::string_view unit, MetricKind kind,
                     std::string_view help, std::function<double(const S&)> read, int json_rank = 0,
                     bool flattened = true, JsonValue json = JsonValue::kNumber) {
  return {.name = std::string(name),
          .unit = unit,
          .kind = kind,
          .across_functions = AcrossFunctions::kNone,
          .help = std::string(help),
          .read = std::move(read),
          .at = {.json_path = std::string(name),
                 .json_rank = json_rank,
                 .json = json,
                 .flattened = flattened}};
}

}  // namespace lambdasim::metric_table
