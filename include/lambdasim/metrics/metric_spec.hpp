// One declaration per metric: name, unit, kind, how it combines across
// functions and replications, its CloudWatch name, help text, how to read it
// from a summary, and where it shows (flatten, summary.json, the text table,
// the compare table), and the columns of timeseries.csv. flatten(),
// summary.json, timeseries.csv, the per-function table and compare are
// generated from these lists (sim/metrics/metric_table*.cpp), so adding a
// metric is its declaration plus the line of the collector that counts it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"

namespace lambdasim {

enum class MetricKind : std::uint8_t {
  kCounter,       // events since the start of the run (or inside a fault window)
  kGauge,         // a level: its peak, minimum or end value, or a configured size
  kTimeWeighted,  // a level's time average
  kPercentile,    // a statistic of a latency histogram
  kRatio,         // one count over another; NaN when the denominator is 0
  kCost,          // USD, or the billed quantity it is priced from
};

// How the account-wide total is made from the functions' values.
enum class AcrossFunctions : std::uint8_t {
  kSum,        // the total is the sum
  kRecompute,  // from the summed parts: ratios, merged histograms, account-wide
               // integrals and peaks (not the sum or max of per-function peaks)
  kNone,       // not per function: a network resource, a fault window, the total only
};

// How replications combine. Every metric is averaged with a Student-t
// confidence interval (aggregate(), compare's paired differences).
enum class AcrossRuns : std::uint8_t { kMeanCi };

// How summary.json writes the value.
enum class JsonValue : std::uint8_t {
  kInteger,  // a whole number (counts, bytes)
  kNumber,   // a double; NaN as null
};

// How the text table prints the value (single run; the aggregate table adds
// "± half-width" with matching decimals).
enum class TextFormat : std::uint8_t {
  kNone,
  kCount,     // 12,345
  kPercent2,  // 99.25%
  kPercent3,  // 0.125%
  kMillis,    // three significant figures
  kDecimal1,  // 12.3
  kUsd,       // 2 decimals from $1, 4 below
};

// Where a metric appears, beyond its kind. Zero positions mean "not shown".
struct MetricPlacement {
  // summary.json: the dotted path inside the summary's object ("latency_ms.all.p50");
  // empty: not written. Keys come out sorted by json_rank, then by
  // declaration order (which is flatten's order).
  std::string json_path{};
  int json_rank = 0;
  JsonValue json = JsonValue::kNumber;
  bool flattened = true;  // in flatten() (and so in aggregates and compare.json/csv)
  // Text table (the per-function table): column position; its header is
  // the metric's name.
  int table_column = 0;
  TextFormat text = TextFormat::kNone;
  // Compare table: row position (labelled with the metric's name), value
  // scale and fmt format; rows whose value is zero or absent in every
  // variant are skipped when asked.
  int compare_row = 0;
  double compare_scale = 1;
  std::string_view compare_format = "{:.0f}";
  bool compare_skip_if_zero = false;
};

template <class Summary>
struct MetricSpec {
  // flatten name after the prefix ("latency_p99_ms"): json_path with its
  // dots written as underscores, when it has one (tests/test_metrics_names.cpp).
  std::string name{};
  std::string_view unit{};  // "count", "ms", "ratio", "USD", "GB", ...
  MetricKind kind = MetricKind::kCounter;
  AcrossFunctions across_functions = AcrossFunctions::kNone;
  AcrossRuns across_runs = AcrossRuns::kMeanCi;
  // The CloudWatch metric it matches, "Namespace/Metric" with the statistic
  // that gives our value ("AWS/Lambda/Invocations (Sum)"); empty if none:
  // then `help` says what it is (the README's mapping table shows both).
  std::string_view cloudwatch{};
  std::string help{};
  // How to read it: a count field of the summary (the account total is the
  // sum of the functions' fields; most are counted in place by
  // ComputeMetrics), or an accessor.
  std::uint64_t Summary::*counter = nullptr;
  std::function<double(const Summary&)> read{};
  MetricPlacement at{};
  // Only in the account total, and only when the run has VPCs (network cost).
  bool total_with_network_only = false;
  // Written (flatten, summary.json) only when this holds; empty: always.
  // From the config, never from results, so replications and variants agree.
  std::function<bool(const Summary&)> present{};

  double value(const Summary& s) const {
    return counter != nullptr ? static_cast<double>(s.*counter) : read(s);
  }
};

using FunctionMetricSpec = MetricSpec<FunctionSummary>;
using NetworkMetricSpec = MetricSpec<NetworkSummary>;
using VpcMetricSpec = MetricSpec<VpcNetworkSummary>;
using SubnetMetricSpec = MetricSpec<SubnetNetworkSummary>;
using NatMetricSpec = MetricSpec<NatNetworkSummary>;
using EndpointMetricSpec = MetricSpec<EndpointNetworkSummary>;
using FaultMetricSpec = MetricSpec<FaultWindowSummary>;
using SteadyMetricSpec = MetricSpec<SteadyStateSummary>;

// The declarations, in flatten order (sim/metrics/metric_table.cpp).
std::span<const FunctionMetricSpec> function_metric_specs();
std::span<const NetworkMetricSpec> network_metric_specs();  // account-wide networking
std::span<const VpcMetricSpec> vpc_metric_specs();
std::span<const SubnetMetricSpec> subnet_metric_specs();
std::span<const NatMetricSpec> nat_metric_specs();
std::span<const EndpointMetricSpec> endpoint_metric_specs();
std::span<const FaultMetricSpec> fault_metric_specs();
// steady.<name>, with --warmup only (sim/metrics/metric_table_steady.cpp).
std::span<const SteadyMetricSpec> steady_metric_specs();

// A column of timeseries.csv, read from one row of the time series.
enum class CsvValue : std::uint8_t {
  kInteger,  // a whole number
  kSeconds,  // a time, shortest exact form
  kReal,     // 9 significant digits; NaN as an empty cell
};

template <class Row>
struct ColumnSpec {
  std::string name{};       // the column's name after its prefix ("arrivals")
  std::string_view unit{};  // "count", "s", "ratio"
  MetricKind kind = MetricKind::kCounter;
  std::string help{};
  std::function<double(const Row&)> read{};
  CsvValue csv = CsvValue::kInteger;
  // Account-wide columns only: written after the per-function columns
  // (added later, so that every older column keeps its position).
  bool after_functions = false;
  // Written after every column without it, in the same order of families
  // (account, per function, per subnet; then per NAT): added later still,
  // so that every older column keeps its position.
  bool appended = false;
};

using RowColumnSpec = ColumnSpec<TimeSeriesRow>;
using FunctionColumnSpec = ColumnSpec<TimeSeriesFunctionRow>;
using SubnetColumnSpec = ColumnSpec<TimeSeriesSubnetRow>;
using VpcColumnSpec = ColumnSpec<int>;  // a VPC's ENIs in service, maximum in the row
using NatColumnSpec = ColumnSpec<int>;  // a NAT's connections open, maximum in the row

// timeseries.csv's columns, in order (sim/metrics/metric_table_timeseries.cpp).
std::span<const RowColumnSpec> timeseries_row_columns();  // account-wide
std::span<const FunctionColumnSpec> timeseries_function_columns();
std::span<const SubnetColumnSpec> timeseries_subnet_columns();
std::span<const VpcColumnSpec> timeseries_vpc_columns();
std::span<const NatColumnSpec> timeseries_nat_columns();  // all appended

// The specs written to summary.json, in its key order: by json_rank, then
// in declaration order.
template <class Summary>
std::vector<const MetricSpec<Summary>*> json_order(std::span<const MetricSpec<Summary>> specs) {
  std::vector<const MetricSpec<Summary>*> out;
  for (const MetricSpec<Summary>& s : specs) {
    if (!s.at.json_path.empty()) out.push_back(&s);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->at.json_rank < b->at.json_rank; });
  return out;
}

}  // namespace lambdasim
