// The time integral of a piecewise-constant count (environments alive, running
// invocations), giving its time average and peak over the run and over the
// current window (a time-series row). O(1) per change. PeakCount is the same
// count without the integral, for account-wide peaks whose averages are sums
// of per-function integrals.
#pragma once

#include <algorithm>
#include <cstdint>

#include "lambdasim/kernel/invariant.hpp"
#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

// Exact value-nanoseconds: no overflow for any horizon, and integrals of
// several counts add up without rounding.
__extension__ using WideIntegral = __int128;

// Time average of an exact integral over [from, until); `value_now` for an
// empty interval.
inline double average_over(WideIntegral integral_ns, SimTime from, SimTime until,
                           double value_now) {
  if (until <= from) return value_now;
  return static_cast<double>(integral_ns) / static_cast<double>((until - from).count());
}

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = kTimeZero, std::int64_t value = 0)
      : value_(value),
        peak_(value),
        window_peak_(value),
        start_(start),
        window_start_(start),
        weighted_(WideIntegral{value} * start.count()) {}

  // The count changes by `delta` at `now`. Calls come in non-decreasing time.
  // The area up to T is value(T)·T − (v0·start + Σ delta_i·t_i): one exact
  // 128-bit multiply-add per change, with no branch on the previous time.
  // Only the window's peak is tracked here; the run's peak folds it in when
  // the window restarts.
  void add(SimTime now, std::int64_t delta) {
    value_ += delta;
    LAMBDASIM_INVARIANT(value_ >= 0, "a time-weighted gauge went negative");
    weighted_ += WideIntegral{delta} * now.count();
    if (value_ > window_peak_) window_peak_ = value_;
  }
  void set(SimTime now, std::int64_t value) { add(now, value - value_); }

  double value() const { return static_cast<double>(value_); }
  SimTime start() const { return start_; }
  // Largest value held since the start (including the value at the start).
  double peak() const { return static_cast<double>(std::max(peak_, window_peak_)); }
  // Area under the value from the start to `until` (>= the last change).
  WideIntegral integral_ns(SimTime until) const {
    return WideIntegral{value_} * until.count() - weighted_;
  }
  // The same in value-seconds.
  double integral(SimTime until) const { return static_cast<double>(integral_ns(until)) * 1e-9; }
  // Time average over [start, until); the current value for an empty interval.
  double average(SimTime until) const {
    return average_over(integral_ns(until), start_, until, value());
  }

  // The window: [window_start, ...), restarted at `now` with integral 0 and
  // peak = the current value. The run's figures above are unaffected.
  void restart_window(SimTime now) {
    window_base_ = integral_ns(now);
    peak_ = std::max(peak_, window_peak_);
    window_peak_ = value_;
    window_start_ = now;
  }
  SimTime window_start() const { return window_start_; }
  double window_peak() const { return static_cast<double>(window_peak_); }
  WideIntegral window_integral_ns(SimTime until) const { return integral_ns(until) - window_base_; }
  double window_average(SimTime until) const {
    return average_over(window_integral_ns(until), window_start_, until, value());
  }

 private:
  std::int64_t value_;
  std::int64_t peak_;         // before the current window
  std::int64_t window_peak_;  // inside the current window
  SimTime start_;
  SimTime window_start_;
  WideIntegral weighted_;         // v0·start + Σ delta·t, in value-nanoseconds
  WideIntegral window_base_ = 0;  // integral_ns(window_start_)
};

// A count with its peak over the run and over the current window, and no
// integral: three instructions per change.
class PeakCount {
 public:
  void add(std::int64_t delta) {
    value_ += delta;
    LAMBDASIM_INVARIANT(value_ >= 0, "a peak-tracked gauge went negative");
    if (value_ > window_peak_) window_peak_ = value_;
  }
  double value() const { return static_cast<double>(value_); }
  double peak() const { return static_cast<double>(std::max(peak_, window_peak_)); }
  double window_peak() const { return static_cast<double>(window_peak_); }
  void restart_window() {
    peak_ = std::max(peak_, window_peak_);
    window_peak_ = value_;
  }

 private:
  std::int64_t value_ = 0;
  std::int64_t peak_ = 0;
  std::int64_t window_peak_ = 0;
};

}  // namespace lambdasim
