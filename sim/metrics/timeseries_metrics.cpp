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
  if (keep_ == TimeSeriesKeep::kStream) {
    series_.rows.reserve(kTimeSeriesChunkRows);
    series_.function_rows.reserve(kTimeSeriesChunkRows * functions);
  } else if (keep_ == TimeSeriesKeep::kAll && horizon > kTimeZero && horizon < kTimeInfinity) {
    const std::int64_t rows = std::min(horizon.count() / interval.count() + 1, kMaxReservedRows);
    series_.rows.reserve(static_cast<std::size_t>(rows));
    series_.function_rows.reserve(static_cast<std::size_t>(rows) * functions);
  }
}

void TimeSeriesMetrics::close_row(SimTime end) {
  stamp_row(end);
  if (keep_ == TimeSeriesKeep::kNone) {
    // The network part appended its rows: drop them with ours.
    series_.subnet_rows.clear();
    series_.vpc_enis_max.clear();
  } else {
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
}

}  // namespace lambdasim
