#include "lambdasim/metrics/timeseries_metrics.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace lambdasim {

namespace {

// Reserve time-series rows up front only this far; longer runs grow the vector.
constexpr std::int64_t kMaxReservedRows = 100'000;

}  // namespace

TimeSeriesMetrics::TimeSeriesMetrics(std::size_t functions, SimTime interval, SimTime horizon,
                                     TimeSeriesKeep keep, TimeSeriesSink sink)
    : keep_(keep), sink_(std::move(sink)), function_rows_(functions) {
  series_.interval = interval;
  series_.function_count = functions;
  if (interval <= kTimeZero) return;
  row_end_ = interval;
  if (keep_ != TimeSeriesKeep::kNone) latency_.resize(functions);
  if (keep_ == TimeSeriesKeep::kStream) {
    series_.rows.reserve(kTimeSeriesChunkRows);
    series_.function_rows.reserve(kTimeSeriesChunkRows * functions);
  } else if (keep_ == TimeSeriesKeep::kAll && horizon > kTimeZero && horizon < kTimeInfinity) {
    const std::int64_t rows = std::min(horizon.count() / interval.count() + 1, kMaxReservedRows);
    series_.rows.reserve(static_cast<std::size_t>(rows));
    series_.function_rows.reserve(static_cast<std::size_t>(rows) * functions);
  }
}

void TimeSeriesMetrics::fill_latency() {
  if (latency_.empty()) return;
  row_.latency_p50_ms = RowHistogram::quantile_ms(0.50, cold_latency_, &warm_latency_);
  row_.latency_p99_ms = RowHistogram::quantile_ms(0.99, cold_latency_, &warm_latency_);
  row_.latency_cold_p50_ms = cold_latency_.quantile_ms(0.50);
  row_.latency_cold_p99_ms = cold_latency_.quantile_ms(0.99);
  row_.latency_warm_p50_ms = warm_latency_.quantile_ms(0.50);
  row_.latency_warm_p99_ms = warm_latency_.quantile_ms(0.99);
  cold_latency_.clear();
  warm_latency_.clear();
  for (std::size_t f = 0; f < latency_.size(); ++f) {
    function_rows_[f].latency_p50_ms = latency_[f].quantile_ms(0.50);
    function_rows_[f].latency_p99_ms = latency_[f].quantile_ms(0.99);
    latency_[f].clear();
  }
}

void TimeSeriesMetrics::close_row(SimTime end) {
  stamp_row(end);
  if (keep_ == TimeSeriesKeep::kNone) {
    // The network part appended its rows: drop them with ours.
    series_.subnet_rows.clear();
    series_.vpc_enis_max.clear();
    series_.nat_connections_max.clear();
  } else {
    fill_latency();
    series_.rows.push_back(row_);
    series_.function_rows.insert(series_.function_rows.end(), function_rows_.begin(),
                                 function_rows_.end());
  }
  row_ = TimeSeriesRow{};
  std::fill(function_rows_.begin(), function_rows_.end(), TimeSeriesFunctionRow{});
  if (keep_ == TimeSeriesKeep::kStream && series_.rows.size() >= kTimeSeriesChunkRows) flush();
}

void TimeSeriesMetrics::flush() {
  if (keep_ != TimeSeriesKeep::kStream || series_.rows.empty()) return;
  if (sink_) sink_(series_);
  series_.rows.clear();
  series_.function_rows.clear();
  series_.subnet_rows.clear();
  series_.vpc_enis_max.clear();
  series_.nat_connections_max.clear();
}

}  // namespace lambdasim
