// The precision a sequential experiment stops at (`--ci-target`): a metric
// and the half-width its confidence interval must reach, absolute
// ("total.success_rate:0.001") or relative to |mean| ("total.success_rate:1%").
//   auto t = parse_ci_target("total.success_rate:1%", &error);
//   while (!ci_target_met(*t, confidence_interval(values))) { /* one more replication */ }
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lambdasim/metrics/statistics.hpp"

namespace lambdasim {

struct CiTarget {
  std::string metric;     // as written: a flatten() name or a summary.json path
  double half_width = 0;  // > 0; with `relative`, a fraction of |mean| (1% is 0.01)
  bool relative = false;
};

// "METRIC:NUMBER" or "METRIC:NUMBER%", spaces allowed around each part;
// the number finite and above 0. nullopt with *error saying what is expected.
// The metric is not resolved here (the caller knows the run's metric names).
std::optional<CiTarget> parse_ci_target(std::string_view text, std::string* error);

// True when the interval is as narrow as the target asks: at least 2
// replications, a finite half-width, and half_width <= target (absolute) or
// <= target x |mean| (relative; a mean of 0 is met only by a half-width of 0,
// and an undefined mean never).
bool ci_target_met(const CiTarget& target, const ConfidenceInterval& ci);

}  // namespace lambdasim
