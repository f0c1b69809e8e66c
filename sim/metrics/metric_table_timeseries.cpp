// The columns of timeseries.csv, declared once, in column order: the
// account-wide row, then per function, per subnet and per VPC; then the
// columns added since (`appended`: account, per function, per subnet, per
// NAT). The CSV header and rows are generated from these (sim/report/csv.cpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/metrics/metric_spec.hpp"

namespace lambdasim {

namespace {

using K = MetricKind;
using R = TimeSeriesRow;

double num(std::uint64_t v) {
  return static_cast<double>(v);
}

template <class Row>
ColumnSpec<Row> column(std::string_view name, std::string_view unit, K kind, std::string_view help,
                       std::function<double(const Row&)> read, CsvValue csv) {
  return {.name = std::string(name),
          .unit = unit,
          .kind = kind,
          .help = std::string(help),
          .read = std::move(read),
          .csv = csv};
}

// What a latency percentile column is, with the row histogram's resolution.
std::string latency_help(std::string_view which, std::string_view of) {
  return fmt::format(
      "{} end-to-end latency of the {}successful completions in the row (as summary.json's "
      "latency), within {:.1f}% (a {}-bucket histogram per row); empty when none",
      which, of, RowHistogram::kRelativeError * 100, RowHistogram::kBucketCount);
}

template <class Row>
ColumnSpec<Row> appended(ColumnSpec<Row> c) {
  c.appended = true;
  return c;
}

std::vector<RowColumnSpec> row_head() {
  constexpr CsvValue kInt = CsvValue::kInteger;
  constexpr CsvValue kReal = CsvValue::kReal;
  return {
      column<R>(
          "t_start_s", "s", K::kGauge, "row start", [](const R& r) { return to_seconds(r.start); },
          CsvValue::kSeconds),
      column<R>(
          "t_end_s", "s", K::kGauge, "row end (the last row ends at the run's end)",
          [](const R& r) { return to_seconds(r.end); }, CsvValue::kSeconds),
      column<R>(
          "attempts", "count", K::kCounter, "attempts arriving in the row",
          [](const R& r) { return num(r.arrivals); }, kInt),
      column<R>(
          "completed", "count", K::kCounter, "invocations that ran and ended in the row",
          [](const R& r) { return num(r.completions); }, kInt),
      column<R>(
          "successes", "count", K::kCounter, "completions with outcome success",
          [](const R& r) { return num(r.successes); }, kInt),
      column<R>(
          "throttles", "count", K::kCounter, "failed attempts that were 429s",
          [](const R& r) { return num(r.throttles); }, kInt),
      column<R>(
          "errors", "count", K::kCounter, "function errors (CloudWatch Errors)",
          [](const R& r) { return num(r.errors); }, kInt),
      column<R>(
          "platform_errors", "count", K::kCounter, "failures neither 429s nor function errors",
          [](const R& r) { return num(r.platform_errors); }, kInt),
      column<R>(
          "cold_starts", "count", K::kCounter, "cold starts",
          [](const R& r) { return num(r.cold_starts); }, kInt),
      column<R>(
          "concurrency_avg", "count", K::kTimeWeighted, "running invocations, time average",
          [](const R& r) { return r.concurrency_avg; }, kReal),
      column<R>(
          "concurrency_peak", "count", K::kGauge, "running invocations, peak inside the row",
          [](const R& r) { return r.concurrency_max; }, kReal),
      column<R>(
          "environments_avg", "count", K::kTimeWeighted,
          "environments alive (running + idle), time average",
          [](const R& r) { return r.environments_avg; }, kReal),
      column<R>(
          "environments_idle_avg", "count", K::kTimeWeighted, "idle environments, time average",
          [](const R& r) { return r.idle_avg; }, kReal),
  };
}

void add_outcome_columns(std::vector<RowColumnSpec>& out) {
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    const std::string name(outcome_name(static_cast<Outcome>(i)));
    out.push_back(column<R>(
        "outcomes_" + name, "count", K::kCounter,
        "attempts (async final states: events) ending as " + name,
        [i](const R& r) { return num(r.outcomes[i]); }, CsvValue::kInteger));
  }
}

std::vector<RowColumnSpec> row_tail() {
  constexpr CsvValue kReal = CsvValue::kReal;
  std::vector<RowColumnSpec> out = {
      column<R>(
          "availability", "ratio", K::kRatio,
          "successes / attempts that ended in the row (refused or completed), in [0, 1]; empty "
          "when none ended",
          [](const R& r) { return r.availability(); }, kReal),
      column<R>(
          "enis_avg", "count", K::kTimeWeighted, "ENIs in service, time average",
          [](const R& r) { return r.enis_avg; }, kReal),
      column<R>(
          "enis_creating_avg", "count", K::kTimeWeighted, "ENIs being created, time average",
          [](const R& r) { return r.enis_creating_avg; }, kReal),
      column<R>(
          "ips_used_peak", "count", K::kGauge, "IPs held by ENIs, peak inside the row",
          [](const R& r) { return r.ips_used_max; }, kReal),
      column<R>(
          "nat_connections_peak", "count", K::kGauge,
          "connections open through all NATs together, peak inside the row",
          [](const R& r) { return r.nat_connections_max; }, kReal),
      column<R>(
          "faults_active", "count", K::kGauge, "faults active at any time in the row",
          [](const R& r) { return static_cast<double>(r.faults_active); }, CsvValue::kInteger),
  };
  for (RowColumnSpec& c : out) c.after_functions = true;
  return out;
}

std::vector<RowColumnSpec> row_appended() {
  constexpr CsvValue kReal = CsvValue::kReal;
  constexpr K kP = K::kPercentile;
  std::vector<RowColumnSpec> out = {
      column<R>(
          "latency_p50_ms", "ms", kP, latency_help("p50", ""),
          [](const R& r) { return r.latency_p50_ms; }, kReal),
      column<R>(
          "latency_p99_ms", "ms", kP, latency_help("p99", ""),
          [](const R& r) { return r.latency_p99_ms; }, kReal),
      column<R>(
          "latency_cold_p50_ms", "ms", kP, latency_help("p50", "cold-start "),
          [](const R& r) { return r.latency_cold_p50_ms; }, kReal),
      column<R>(
          "latency_cold_p99_ms", "ms", kP, latency_help("p99", "cold-start "),
          [](const R& r) { return r.latency_cold_p99_ms; }, kReal),
      column<R>(
          "latency_warm_p50_ms", "ms", kP, latency_help("p50", "warm "),
          [](const R& r) { return r.latency_warm_p50_ms; }, kReal),
      column<R>(
          "latency_warm_p99_ms", "ms", kP, latency_help("p99", "warm "),
          [](const R& r) { return r.latency_warm_p99_ms; }, kReal),
  };
  for (RowColumnSpec& c : out) c.appended = true;
  return out;
}

std::vector<RowColumnSpec> build_rows() {
  std::vector<RowColumnSpec> out = row_head();
  add_outcome_columns(out);
  for (RowColumnSpec& c : row_tail()) out.push_back(std::move(c));
  for (RowColumnSpec& c : row_appended()) out.push_back(std::move(c));
  return out;
}

std::vector<FunctionColumnSpec> build_functions() {
  using F = TimeSeriesFunctionRow;
  constexpr CsvValue kInt = CsvValue::kInteger;
  return {
      column<F>(
          "attempts", "count", K::kCounter, "attempts arriving in the row",
          [](const F& f) { return num(f.arrivals); }, kInt),
      column<F>(
          "successes", "count", K::kCounter, "successful completions",
          [](const F& f) { return num(f.successes); }, kInt),
      column<F>(
          "throttles", "count", K::kCounter, "429s", [](const F& f) { return num(f.throttles); },
          kInt),
      column<F>(
          "errors", "count", K::kCounter, "function errors (CloudWatch Errors)",
          [](const F& f) { return num(f.errors); }, kInt),
      column<F>(
          "platform_errors", "count", K::kCounter, "failures neither 429s nor function errors",
          [](const F& f) { return num(f.platform_errors); }, kInt),
      column<F>(
          "cold_starts", "count", K::kCounter, "cold starts",
          [](const F& f) { return num(f.cold_starts); }, kInt),
      column<F>(
          "concurrency_avg", "count", K::kTimeWeighted, "running invocations, time average",
          [](const F& f) { return f.concurrency_avg; }, CsvValue::kReal),
      column<F>(
          "concurrency_peak", "count", K::kGauge, "running invocations, peak inside the row",
          [](const F& f) { return f.concurrency_max; }, CsvValue::kReal),
      appended(column<F>(
          "latency_p50_ms", "ms", K::kPercentile, latency_help("p50", "function's "),
          [](const F& f) { return f.latency_p50_ms; }, CsvValue::kReal)),
      appended(column<F>(
          "latency_p99_ms", "ms", K::kPercentile, latency_help("p99", "function's "),
          [](const F& f) { return f.latency_p99_ms; }, CsvValue::kReal)),
  };
}

std::vector<SubnetColumnSpec> build_subnets() {
  using S = TimeSeriesSubnetRow;
  constexpr CsvValue kInt = CsvValue::kInteger;
  return {
      column<S>(
          "enis_peak", "count", K::kGauge, "ENIs in service, peak inside the row",
          [](const S& s) { return static_cast<double>(s.enis_max); }, kInt),
      column<S>(
          "creating_peak", "count", K::kGauge, "ENIs being created, peak inside the row",
          [](const S& s) { return static_cast<double>(s.creating_max); }, kInt),
      column<S>(
          "free_ips_min", "count", K::kGauge, "free IPs, minimum",
          [](const S& s) { return static_cast<double>(s.free_ips_min); }, kInt),
      appended(column<S>(
          "enis_avg", "count", K::kTimeWeighted, "ENIs in service, time average",
          [](const S& s) { return s.enis_avg; }, CsvValue::kReal)),
      appended(column<S>(
          "ips_free_min", "count", K::kGauge,
          "free IPs (usable by Lambda, less those ENIs hold), fewest in the row: free_ips_min "
          "under the name the reports read",
          [](const S& s) { return static_cast<double>(s.free_ips_min); }, kInt)),
  };
}

}  // namespace

std::span<const RowColumnSpec> timeseries_row_columns() {
  static const std::vector<RowColumnSpec> kColumns = build_rows();
  return kColumns;
}

std::span<const FunctionColumnSpec> timeseries_function_columns() {
  static const std::vector<FunctionColumnSpec> kColumns = build_functions();
  return kColumns;
}

std::span<const SubnetColumnSpec> timeseries_subnet_columns() {
  static const std::vector<SubnetColumnSpec> kColumns = build_subnets();
  return kColumns;
}

std::span<const NatColumnSpec> timeseries_nat_columns() {
  static const std::vector<NatColumnSpec> kColumns = {appended(column<int>(
      "connections_peak", "count", K::kGauge,
      "connections open through the NAT gateway (all destinations), peak inside the row; "
      "each destination has ips x 55,000 ports",
      [](const int& n) { return static_cast<double>(n); }, CsvValue::kInteger))};
  return kColumns;
}

std::span<const VpcColumnSpec> timeseries_vpc_columns() {
  static const std::vector<VpcColumnSpec> kColumns = {column<int>(
      "enis_peak", "count", K::kGauge, "ENIs in service in the VPC, peak inside the row",
      [](const int& v) { return static_cast<double>(v); }, CsvValue::kInteger)};
  return kColumns;
}

}  // namespace lambdasim
