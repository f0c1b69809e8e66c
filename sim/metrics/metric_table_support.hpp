// Shared by the metric tables (sim/metrics/metric_table_*.cpp): a metric
// of a network resource or a fault window, read by accessor, never summed
// over functions, at the JSON path of its own name; and the metrics of the
// counters that model parts declare (model/counters.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/model/counters.hpp"

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

// Appends the metrics of the declared counters of `scope`, in counter output
// order: a count's total, or a level's peak and time average; each written
// where the summary's `counter_present` says.
template <class S>
void append_declared_counters(std::vector<MetricSpec<S>>& out, CounterScope scope) {
  const std::span<const CounterSpec> counters = declared_counters();
  const auto add = [&out, scope](std::size_t i, const std::string& name, const std::string& path,
                                 MetricKind kind, std::string_view help,
                                 std::function<double(const S&)> read, int rank, JsonValue json) {
    MetricSpec<S> spec = metric<S>(name, "count", kind, help, std::move(read), rank, true, json);
    spec.at.json_path = path;
    if (scope == CounterScope::kFunction) {
      spec.across_functions =
          kind == MetricKind::kCounter ? AcrossFunctions::kSum : AcrossFunctions::kRecompute;
    }
    spec.present = [i](const S& s) { return i < s.counter_present.size() && s.counter_present[i]; };
    out.push_back(std::move(spec));
  };
  const auto at = [](const std::vector<double>& v, std::size_t i) {
    return i < v.size() ? v[i] : 0.0;
  };
  for (const std::uint16_t i : counter_output_order()) {
    const CounterSpec& c = counters[i];
    if (c.scope != scope) continue;
    const std::string name(c.name);
    const std::string path(c.json_path);
    if (c.kind == CounterKind::kCount) {
      add(
          i, name, path, MetricKind::kCounter, c.help,
          [i](const S& s) {
            return i < s.counters.size() ? static_cast<double>(s.counters[i]) : 0.0;
          },
          c.json_rank, JsonValue::kInteger);
      continue;
    }
    add(
        i, name + "_peak", path + ".peak", MetricKind::kGauge, c.help,
        [i, at](const S& s) { return at(s.level_peak, i); }, c.json_rank, JsonValue::kNumber);
    add(
        i, name + "_avg", path + ".avg", MetricKind::kTimeWeighted, c.help,
        [i, at](const S& s) { return at(s.level_avg, i); }, c.json_rank, JsonValue::kNumber);
  }
}

}  // namespace lambdasim::metric_table
