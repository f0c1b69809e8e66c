// Pass/fail criteria for CI, k6-style: `METRIC OP NUMBER` (`--threshold`,
// `spec.thresholds`), METRIC a summary.json path (total.latency.p99_ms) or its
// flat name (total.latency_p99_ms), checked against a run's values (with
// replications, their mean). Parsed and resolved before simulating, so a typo
// is a located error (exit 2), never a silently passing check.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lambdasim/metrics/mser.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

enum class ThresholdOp { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual };

std::string_view threshold_op_text(ThresholdOp op);  // "<", "<=", ...

struct Threshold {
  std::string text;    // as written
  std::string metric;  // as written: a summary.json path or a flat name
  ThresholdOp op = ThresholdOp::kLess;
  double limit = 0;
  std::string name;  // the flatten() name `metric` denotes (set by resolve)
};

// "METRIC OP NUMBER", spaces allowed around each part; nullopt with *error
// saying what is expected.
std::optional<Threshold> parse_threshold(std::string_view text, std::string* error);

// True when `value` meets the threshold. An undefined value (NaN: a ratio
// with nothing to divide, such as p_throttle without attempts) meets none.
bool threshold_met(const Threshold& t, double value);

// The flatten() names every run of `scenario` has, in flatten() order (they
// follow from the config, not from results); `with_steady`: and the steady.*
// names a run with --warmup adds.
std::vector<std::string> scenario_metric_names(const Scenario& scenario, bool with_steady = false);

// Why a threshold or --ci-target cannot name `name` in a run with `warmup`
// (a steady.* metric without --warmup mser5); "" when it can.
std::string steady_metric_problem(std::string_view name, Warmup warmup);

// The flatten() name that `metric` (a flat name, or a summary.json path:
// the flat name with the metric's '_' written '.' where its JSON path has
// them) denotes among `names`; "" when none.
std::string resolve_metric(std::string_view metric, const std::vector<std::string>& names);

// The scenario's spec.thresholds then `flags` (each a --threshold's text),
// parsed and resolved against the scenario's metrics.
struct ThresholdCheck {
  std::vector<Threshold> thresholds;
  std::vector<Diagnostic> diagnostics;  // errors, at spec.thresholds[i] (file:line:col)
                                        // or "--threshold 'EXPR'"
  bool ok() const { return !has_errors(diagnostics); }
};
ThresholdCheck collect_thresholds(const Scenario& scenario, const std::vector<std::string>& flags,
                                  Warmup warmup = Warmup::kNone);
// The scenario's own thresholds only (for validate, which accepts steady.*
// names: whether the run has --warmup is not known there).
std::vector<Diagnostic> check_scenario_thresholds(const Scenario& scenario);

// A threshold a run did not meet.
struct ThresholdFailure {
  std::string variant;  // compare: the variant; "" for run
  std::string metric;   // flatten() name
  std::string expression;
  double value = 0;  // NaN when undefined
};

// The thresholds that `values` (flatten() name -> value; a name missing is
// undefined) do not meet, in the thresholds' order.
std::vector<ThresholdFailure> failed_thresholds(
    const std::vector<Threshold>& thresholds,
    const std::vector<std::pair<std::string, double>>& values, const std::string& variant = "");

// A text table of the failures (variant column only when one has a name),
// headed by how many of `checked` thresholds were missed.
std::string render_threshold_failures(const std::vector<ThresholdFailure>& failures,
                                      std::size_t checked);

namespace detail {
// Shared by the METRIC parsers of --threshold and --ci-target: blanks
// trimmed, and the characters a metric name may hold (letters, digits, _ - .).
std::string_view trim(std::string_view s);
bool metric_char(char c);
}  // namespace detail

}  // namespace lambdasim
