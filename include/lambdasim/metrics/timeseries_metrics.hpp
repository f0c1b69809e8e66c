// The time-series part of MetricsCollector: the row being filled,
// [row_start, row_end), account-wide and per function, and the rows already
// closed. The other parts write their gauges' columns when a row closes
// (MetricsCollector::close_row), so this part only counts events, and
// the latencies of the row's successes when rows are kept (a RowHistogram
// per function and cold/warm account-wide; none with TimeSeriesKeep::kNone).
#pragma once

#include <cstddef>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class TimeSeriesMetrics {
 public:
  // interval <= 0 computes no rows. horizon only sizes the reservation of
  // kAll. kStream hands rows to `sink` (which must be set).
  TimeSeriesMetrics(std::size_t functions, SimTime interval, SimTime horizon,
                    TimeSeriesKeep keep = TimeSeriesKeep::kAll, TimeSeriesSink sink = {});

  // Whether rows are computed (whatever is kept of them).
  bool kept() const { return series_.interval > kTimeZero; }
  // True when `now` is past the current row: close rows until it is not.
  bool due(SimTime now) const { return now >= row_end_; }
  SimTime row_start() const { return row_start_; }
  SimTime row_end() const { return row_end_; }

  void arrival(FunctionIndex f) {
    ++row_.arrivals;
    ++function_rows_[f].arrivals;
  }
  void cold_start(FunctionIndex f) {
    ++row_.cold_starts;
    ++function_rows_[f].cold_starts;
  }
  void outcome(std::size_t o) { ++row_.outcomes[o]; }
  void completion() { ++row_.completions; }
  void success(FunctionIndex f) {
    ++row_.successes;
    ++function_rows_[f].successes;
  }
  void throttle(FunctionIndex f) {
    ++row_.throttles;
    ++function_rows_[f].throttles;
  }
  void error(FunctionIndex f) {
    ++row_.errors;
    ++function_rows_[f].errors;
  }
  void platform_error(FunctionIndex f) {
    ++row_.platform_errors;
    ++function_rows_[f].platform_errors;
  }
  // A success's end-to-end latency; one branch, taken only when rows are kept.
  void latency(FunctionIndex f, bool cold, SimTime latency) {
    if (latency_.empty()) return;
    latency_[f].record(latency);
    (cold ? cold_latency_ : warm_latency_).record(latency);
  }

  // The rows being filled, for the other parts' columns at close.
  TimeSeriesRow& row() { return row_; }
  std::vector<TimeSeriesFunctionRow>& function_rows() { return function_rows_; }
  TimeSeries& series() { return series_; }
  const TimeSeries& series() const { return series_; }

  // Stamps the current row with [row_start, end), for readers before close_row.
  void stamp_row(SimTime end) {
    row_.start = row_start_;
    row_.end = end;
  }
  // Keeps the current rows as asked (see TimeSeriesKeep), with their latency
  // percentiles, and clears them.
  // The network part appends its own rows to series() just before.
  void close_row(SimTime end);
  // Hands the rows not yet streamed to the sink (kStream); call at the end.
  void flush();
  // The next row starts where the current one ends.
  void next_row() {
    row_start_ = row_end_;
    row_end_ += series_.interval;
  }
  // After the run: no more rows.
  void stop() { row_end_ = kTimeInfinity; }

 private:
  // The row's latency percentiles from the histograms, which are cleared.
  void fill_latency();

  TimeSeries series_;
  TimeSeriesKeep keep_;
  TimeSeriesSink sink_;
  TimeSeriesRow row_;
  std::vector<TimeSeriesFunctionRow> function_rows_;
  SimTime row_start_{};
  SimTime row_end_ = kTimeInfinity;
  // The row's latencies of successes, per function (empty: rows not kept),
  // and account-wide by cold start or warm.
  std::vector<RowHistogram> latency_;
  RowHistogram cold_latency_;
  RowHistogram warm_latency_;
};

}  // namespace lambdasim
