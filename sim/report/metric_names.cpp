#include "lambdasim/report/metric_names.hpp"

#include <fmt/format.h>

#include <array>
#include <span>
#include <string_view>
#include <utility>

#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/metrics/mser.hpp"

namespace lambdasim {

namespace {

// CloudWatch metrics with a row of docs/aws-facts.md saying what they count.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kFacts = {{
    {"AWS/Lambda Invocations", "cw-invocations"},
    {"AWS/Lambda Errors", "cw-errors"},
    {"AWS/Lambda Throttles", "cw-throttles"},
    {"AWS/Lambda Duration", "cw-duration"},
    {"AWS/Lambda ConcurrentExecutions", "cw-concurrent-executions"},
    {"AWS/NATGateway ActiveConnectionCount", "cw-nat-active-connections"},
    {"AWS/NATGateway ErrorPortAllocation", "cw-nat-error-port-allocation"},
}};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The statistic that gives the value, in CloudWatch's words where it has one.
std::string_view statistic(MetricKind kind, std::string_view name) {
  switch (kind) {
    case MetricKind::kCounter:
      return ends_with(name, "_count") ? "SampleCount" : "Sum";
    case MetricKind::kGauge:
      if (ends_with(name, "_peak")) return "Maximum";
      if (ends_with(name, "_min")) return "Minimum";
      if (ends_with(name, "_end") || name == "in_flight") return "at the end";
      return "value";
    case MetricKind::kTimeWeighted:
      return "Average (time-weighted)";
    case MetricKind::kPercentile: {
      constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kStats = {{
          {"_mean_ms", "Average"},
          {"_p50_ms", "p50"},
          {"_p90_ms", "p90"},
          {"_p999_ms", "p99.9"},
          {"_p99_ms", "p99"},
          {"_max_ms", "Maximum"},
      }};
      for (const auto& [suffix, stat] : kStats) {
        if (ends_with(name, suffix)) return stat;
      }
      return "percentile";
    }
    case MetricKind::kRatio:
      return "ratio";
    case MetricKind::kCost:
      return "Sum";
  }
  return "";
}

std::string cloudwatch_cell(std::string_view cloudwatch) {
  if (cloudwatch.empty()) return "ours";
  for (const auto& [metric, id] : kFacts) {
    if (metric == cloudwatch) return fmt::format("`{}` ([fact](docs/aws-facts.md#{}))", metric, id);
  }
  return fmt::format("`{}`", cloudwatch);
}

// "ours: ..." in a help text is said by the CloudWatch column already.
std::string_view what(std::string_view help) {
  constexpr std::string_view kOurs = "ours: ";
  return help.starts_with(kOurs) ? help.substr(kOurs.size()) : help;
}

std::string escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

template <class S>
std::string metric_table(std::string_view title, std::string_view prefix,
                         std::span<const MetricSpec<S>> specs) {
  std::string out =
      fmt::format("#### {}\n\nflatten() and compare name `{}<name>`.\n\n", title, prefix);
  out +=
      "| name | summary.json | unit | CloudWatch | statistic | what it is |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  for (const MetricSpec<S>& s : specs) {
    std::string json = s.at.json_path.empty() ? "—" : fmt::format("`{}`", s.at.json_path);
    if (!s.at.flattened) json += " (summary.json only)";
    out +=
        fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", s.name, json, s.unit,
                    cloudwatch_cell(s.cloudwatch), statistic(s.kind, s.name), escape(what(s.help)));
  }
  return out + "\n";
}

template <class Row>
std::string column_table(std::string_view title, std::string_view prefix,
                         std::span<const ColumnSpec<Row>> columns) {
  std::string out = fmt::format("#### {}\n\nColumns `{}<name>`.\n\n", title, prefix);
  out +=
      "| name | unit | statistic in the row | what it is |\n"
      "| --- | --- | --- | --- |\n";
  for (const ColumnSpec<Row>& c : columns) {
    out += fmt::format("| `{}` | {} | {} | {} |\n", c.name, c.unit, statistic(c.kind, c.name),
                       escape(c.help));
  }
  return out + "\n";
}

}  // namespace

std::string render_metric_names_markdown() {
  std::string out =
      "Generated from the metric declarations by `lambdasim schema --metrics` "
      "(`tools/update_readme.sh build/dev/lambdasim` rewrites it); a test fails when this "
      "section is stale. CloudWatch is `namespace metric`, with the statistic that gives our "
      "value; `ours` is a metric CloudWatch does not have, and its last column says what it "
      "is. Per-function counters that model parts declare appear in the first table.\n\n";
  out += metric_table("Per function, and the account total as `total.<name>`",
                      "functions.<function>.", function_metric_specs());
  out += metric_table("Networking, account-wide", "network.", network_metric_specs());
  out += metric_table("Per VPC", "network.vpcs.<vpc>.", vpc_metric_specs());
  out += metric_table("Per subnet", "network.subnets.<vpc>.<subnet>.", subnet_metric_specs());
  out += metric_table("Per NAT gateway", "network.nats.<vpc>.<nat>.", nat_metric_specs());
  out += metric_table("Per interface endpoint", "network.endpoints.<vpc>.<endpoint>.",
                      endpoint_metric_specs());
  out += metric_table("Per fault window", "faults.<index>.", fault_metric_specs());
  out += metric_table("Steady state, with `--warmup mser5` only", kSteadyPrefix,
                      steady_metric_specs());
  out += column_table("timeseries.csv, account-wide", "", timeseries_row_columns());
  out += column_table("timeseries.csv, per function", "functions.<function>.",
                      timeseries_function_columns());
  out += column_table("timeseries.csv, per subnet", "network.subnets.<vpc>.<subnet>.",
                      timeseries_subnet_columns());
  out += column_table("timeseries.csv, per VPC", "network.vpcs.<vpc>.", timeseries_vpc_columns());
  out += column_table("timeseries.csv, per NAT gateway", "network.nats.<vpc>.<nat>.",
                      timeseries_nat_columns());
  out +=
      "CloudWatch metrics with no counterpart: `AWS/NATGateway PacketsDropCount` "
      "([fact](docs/aws-facts.md#cw-nat-packets-drop)): packets are not modelled; a NAT that "
      "is down makes its calls hang (`outcomes_call_timeout`).\n";
  return out;
}

}  // namespace lambdasim
