#include "lambdasim/experiment/thresholds.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {
namespace {

using detail::metric_char;
using detail::trim;

constexpr std::string_view kExpected =
    "expected METRIC OP NUMBER, OP one of < <= > >= == != (such as "
    "'functions.api.p_throttle < 0.01')";

struct OpText {
  std::string_view text;
  ThresholdOp op;
};
// Two-character operators first, so "<=" is not read as "<" then "=1".
constexpr std::array<OpText, 6> kOps = {{{"<=", ThresholdOp::kLessEqual},
                                         {">=", ThresholdOp::kGreaterEqual},
                                         {"==", ThresholdOp::kEqual},
                                         {"!=", ThresholdOp::kNotEqual},
                                         {"<", ThresholdOp::kLess},
                                         {">", ThresholdOp::kGreater}}};

template <class S>
void add_json_paths(std::span<const MetricSpec<S>> specs,
                    std::map<std::string, std::set<std::string>>& out) {
  for (const MetricSpec<S>& s : specs) {
    if (!s.at.json_path.empty()) out[s.name].insert(s.at.json_path);
  }
}

// Metric name (after the prefix) -> its summary.json paths (after the prefix).
const std::map<std::string, std::set<std::string>>& json_paths() {
  static const std::map<std::string, std::set<std::string>> paths = [] {
    std::map<std::string, std::set<std::string>> out;
    add_json_paths(function_metric_specs(), out);
    add_json_paths(network_metric_specs(), out);
    add_json_paths(vpc_metric_specs(), out);
    add_json_paths(subnet_metric_specs(), out);
    add_json_paths(nat_metric_specs(), out);
    add_json_paths(endpoint_metric_specs(), out);
    add_json_paths(fault_metric_specs(), out);
    return out;
  }();
  return paths;
}

// Metrics near `metric` for a "did you mean" (same leaf, or same prefix).
// Names ending like `metric`, only those the run will have (no steady.*
// without a warm-up deletion).
std::string suggestion(std::string_view metric, const std::vector<std::string>& names,
                       Warmup warmup) {
  const std::size_t dot = metric.find_last_of('.');
  const std::string leaf(dot == std::string_view::npos ? metric : metric.substr(dot + 1));
  std::vector<std::string> near;
  for (const std::string& n : names) {
    if (!steady_metric_problem(n, warmup).empty()) continue;
    if (n.size() >= leaf.size() && n.compare(n.size() - leaf.size(), leaf.size(), leaf) == 0) {
      near.push_back(n);
    }
  }
  if (near.empty() || near.size() > 5) {
    return "; the run's metrics are listed by `lambdasim compare --format json` and in the "
           "README's \"Metric names\"";
  }
  std::string out = "; did you mean ";
  for (std::size_t i = 0; i < near.size(); ++i) out += (i ? ", " : "") + near[i];
  return out + "?";
}

// Parses and resolves one threshold; "" or the message of what is wrong.
std::string read_one(std::string_view text, const std::vector<std::string>& names, Warmup warmup,
                     Threshold* out) {
  std::string error;
  std::optional<Threshold> t = parse_threshold(text, &error);
  if (!t) return error;
  t->name = resolve_metric(t->metric, names);
  if (t->name.empty()) {
    return fmt::format("unknown metric '{}'{}", sanitize_text(t->metric),
                       suggestion(t->metric, names, warmup));
  }
  error = steady_metric_problem(t->name, warmup);
  if (!error.empty()) return error;
  *out = std::move(*t);
  return {};
}

std::string shown_value(double v) {
  return std::isnan(v) ? "undefined" : fmt::format("{:.6g}", v);
}

}  // namespace

std::string_view threshold_op_text(ThresholdOp op) {
  for (const OpText& o : kOps) {
    if (o.op == op) return o.text;
  }
  return "?";
}

std::optional<Threshold> parse_threshold(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<Threshold> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  // The first operator character splits the text; which operator follows.
  const std::size_t at = text.find_first_of("<>=!");
  if (at == std::string_view::npos) return fail(std::string(kExpected));
  const OpText* op = nullptr;
  for (const OpText& o : kOps) {
    if (text.substr(at, o.text.size()) == o.text) {
      op = &o;
      break;
    }
  }
  if (op == nullptr) return fail(std::string(kExpected));
  Threshold t;
  t.text = std::string(trim(text));
  t.op = op->op;
  t.metric = std::string(trim(text.substr(0, at)));
  if (t.metric.empty()) return fail(fmt::format("no metric before '{}': {}", op->text, kExpected));
  if (!std::all_of(t.metric.begin(), t.metric.end(), metric_char)) {
    return fail(fmt::format("'{}' is not a metric name (letters, digits, '_', '-', '.'): {}",
                            sanitize_text(t.metric), kExpected));
  }
  const std::string_view number = trim(text.substr(at + op->text.size()));
  if (number.empty()) return fail(fmt::format("no number after '{}': {}", op->text, kExpected));
  const char* end = number.data() + number.size();
  const auto [ptr, ec] = std::from_chars(number.data(), end, t.limit);
  if (ec != std::errc() || ptr != end || !std::isfinite(t.limit)) {
    return fail(fmt::format("'{}' is not a number: {}", sanitize_text(number), kExpected));
  }
  return t;
}

bool threshold_met(const Threshold& t, double value) {
  if (std::isnan(value)) return false;
  switch (t.op) {
    case ThresholdOp::kLess:
      return value < t.limit;
    case ThresholdOp::kLessEqual:
      return value <= t.limit;
    case ThresholdOp::kGreater:
      return value > t.limit;
    case ThresholdOp::kGreaterEqual:
      return value >= t.limit;
    case ThresholdOp::kEqual:
      return value == t.limit;
    case ThresholdOp::kNotEqual:
      return value != t.limit;
  }
  return false;
}

std::vector<std::string> scenario_metric_names(const Scenario& scenario, bool with_steady) {
  // A run that ends at 0 has every metric its config gives (`present` and
  // the function, network and fault sets all follow from the config).
  MetricsCollector empty(scenario.model, SimTime{0}, scenario.run.horizon, TimeSeriesKeep::kNone);
  empty.finish(SimTime{0});
  RunSummary summary = empty.summary();
  if (with_steady) summary.steady.emplace();
  std::vector<std::string> names;
  for (auto& [name, value] : flatten(summary)) names.push_back(std::move(name));
  return names;
}

std::string steady_metric_problem(std::string_view name, Warmup warmup) {
  if (warmup != Warmup::kNone || !name.starts_with(kSteadyPrefix)) return {};
  return fmt::format("{} is a steady-state metric: it exists only with --warmup mser5",
                     sanitize_text(name));
}

std::string resolve_metric(std::string_view metric, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n == metric) return n;
  }
  // A summary.json path: a name's prefix (up to its last '.', function and
  // resource names have none) then one of its metric's JSON paths.
  const auto& paths = json_paths();
  for (const std::string& n : names) {
    if (n.size() != metric.size()) continue;  // '.' for '_' keeps the length
    const std::size_t dot = n.find_last_of('.');
    const std::size_t leaf = dot == std::string::npos ? 0 : dot + 1;
    if (metric.substr(0, leaf) != std::string_view(n).substr(0, leaf)) continue;
    const auto it = paths.find(n.substr(leaf));
    if (it != paths.end() && it->second.count(std::string(metric.substr(leaf))) > 0) return n;
  }
  return {};
}

ThresholdCheck collect_thresholds(const Scenario& scenario, const std::vector<std::string>& flags,
                                  Warmup warmup) {
  ThresholdCheck out;
  if (scenario.run.thresholds.empty() && flags.empty()) return out;
  const std::vector<std::string> names = scenario_metric_names(scenario, true);
  for (std::size_t i = 0; i < scenario.run.thresholds.size(); ++i) {
    Threshold t;
    const std::string error = read_one(scenario.run.thresholds[i], names, warmup, &t);
    if (error.empty()) {
      out.thresholds.push_back(std::move(t));
      continue;
    }
    const std::string path = fmt::format("spec.thresholds[{}]", i);
    out.diagnostics.push_back(
        make_diagnostic(Severity::kError, scenario.location_of(path), path, error));
  }
  for (const std::string& flag : flags) {
    Threshold t;
    const std::string error = read_one(flag, names, warmup, &t);
    if (error.empty()) {
      out.thresholds.push_back(std::move(t));
      continue;
    }
    out.diagnostics.push_back(Diagnostic{
        Severity::kError, fmt::format("--threshold '{}'", sanitize_text(flag)), 0, 0, "", error});
  }
  return out;
}

std::vector<Diagnostic> check_scenario_thresholds(const Scenario& scenario) {
  // validate does not know whether the run will have --warmup.
  return collect_thresholds(scenario, {}, Warmup::kMser5).diagnostics;
}

std::vector<ThresholdFailure> failed_thresholds(
    const std::vector<Threshold>& thresholds,
    const std::vector<std::pair<std::string, double>>& values, const std::string& variant) {
  std::vector<ThresholdFailure> out;
  for (const Threshold& t : thresholds) {
    double value = std::nan("");
    for (const auto& [name, v] : values) {
      if (name == t.name) {
        value = v;
        break;
      }
    }
    if (threshold_met(t, value)) continue;
    out.push_back(ThresholdFailure{variant, t.name, t.text, value});
  }
  return out;
}

std::string render_threshold_failures(const std::vector<ThresholdFailure>& failures,
                                      std::size_t checked) {
  const bool variants = std::any_of(failures.begin(), failures.end(),
                                    [](const ThresholdFailure& f) { return !f.variant.empty(); });
  std::size_t w_variant = std::string_view("variant").size();
  std::size_t w_metric = std::string_view("metric").size();
  std::size_t w_expr = std::string_view("threshold").size();
  for (const ThresholdFailure& f : failures) {
    w_variant = std::max(w_variant, f.variant.size());
    w_metric = std::max(w_metric, f.metric.size());
    w_expr = std::max(w_expr, f.expression.size());
  }
  std::string out = fmt::format("lambdasim: {} of {} threshold{} missed:\n", failures.size(),
                                checked, checked == 1 ? "" : "s");
  const auto row = [&](std::string_view variant, std::string_view metric, std::string_view expr,
                       std::string_view value) {
    out += "  ";
    if (variants) out += fmt::format("{:<{}}  ", variant, w_variant);
    out += fmt::format("{:<{}}  {:<{}}  {}\n", metric, w_metric, expr, w_expr, value);
  };
  row("variant", "metric", "threshold", "value");
  for (const ThresholdFailure& f : failures) {
    row(f.variant, f.metric, f.expression, shown_value(f.value));
  }
  return out;
}

namespace detail {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool metric_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

}  // namespace detail

}  // namespace lambdasim
