#include "lambdasim/metrics/timeseries_metrics.hpp"

#include <algorithm>
#include <cstdint>

namespace lambdasim {

namespace {

// Reserve time-series rows up front only this far; longer runs grow the vector.
constexpr std::int64_t kMaxReservedRows = 100'000;

}  // namespace

TimeSeriesMetrics::TimeSeriesMetrics(std::size_t functions, SimTime interval, SimTime horizon)
    : function_rows_(functions) {
  series_.interval = interval;
  series_.function_count = functions;
  if (interval <= kTimeZero) return;
  row_end_ = interval;
  if (horizon > kTimeZero && horizon < kTimeInfinity) {
    const std::int64_t rows = std::min(horizon.count() / interval.count() + 1, kMaxReservedRows);
    series_.rows.reserve(static_cast<std::size_t>(rows));
    series_.function_rows.reserve(static_cast<std::size_t>(rows) * functions);
  }
}

void TimeSeriesMetrics::close_row(SimTime end) {
  row_.start = row_start_;
  row_.end = end;
  series_.rows.push_back(row_);
  row_ = TimeSeriesRow{};
  for (TimeSeriesFunctionRow& fr : function_rows_) {
    series_.function_rows.push_back(fr);
    fr = TimeSeriesFunctionRow{};
  }
}

}  // namespace lambdasim
