// The time integral of a piecewise-constant count (environments alive, running
// invocations), giving its time average and peak over a window. O(1) per
// change; the window can be restarted, which is how time-series buckets reuse it.
#pragma once

#include <cstdint>

#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = kTimeZero, std::int64_t value = 0)
      : value_(value), peak_(value), start_(start), weighted_(Wide{value} * start.count()) {}

  // The count changes by `delta` at `now`. Calls come in non-decreasing time.
  // The area up to T is value(T)·T − (v0·start + Σ delta_i·t_i): one exact
  // 128-bit multiply-add per change, with no branch on the previous time.
  void add(SimTime now, std::int64_t delta) {
    value_ += delta;
    weighted_ += Wide{delta} * now.count();
    if (value_ > peak_) peak_ = value_;
  }
  void set(SimTime now, std::int64_t value) { add(now, value - value_); }

  // Starts a new window at `now` holding the current value: integral 0, peak =
  // the current value.
  void restart(SimTime now) {
    weighted_ = Wide{value_} * now.count();
    peak_ = value_;
    start_ = now;
  }

  double value() const { return static_cast<double>(value_); }
  // Largest value held inside the window (including the value at its start).
  double peak() const { return static_cast<double>(peak_); }
  SimTime start() const { return start_; }
  // Area under the value from the window start to `until` (>= the last change),
  // in value-seconds.
  double integral(SimTime until) const { return integral_ns(until) * 1e-9; }
  // Time average over [start, until); the current value for an empty window.
  double average(SimTime until) const {
    if (until <= start_) return value();
    return integral_ns(until) / static_cast<double>((until - start_).count());
  }

 private:
  __extension__ using Wide = __int128;  // exact: no overflow for any horizon

  double integral_ns(SimTime until) const {
    return static_cast<double>(Wide{value_} * until.count() - weighted_);
  }

  std::int64_t value_;
  std::int64_t peak_;
  SimTime start_;
  Wide weighted_;  // v0·start + Σ delta·t, in value-nanoseconds
};

}  // namespace lambdasim
