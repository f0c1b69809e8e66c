// The time integral of a piecewise-constant value (environments alive, running
// invocations), giving its time average and peak over a window. O(1) per
// change; the window can be restarted, which is how time-series buckets reuse it.
#pragma once

#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = kTimeZero, double value = 0)
      : value_(value), peak_(value), start_(start), last_(start) {}

  // The value changes at `now`. Calls must come in non-decreasing time; a call
  // earlier than the previous one changes the value without adding area.
  void set(SimTime now, double value) {
    if (now > last_) {
      integral_ += value_ * static_cast<double>((now - last_).count());
      last_ = now;
    }
    value_ = value;
    if (value > peak_) peak_ = value;
  }
  void add(SimTime now, double delta) { set(now, value_ + delta); }

  // Starts a new window at `now` holding the current value: integral 0, peak =
  // the current value.
  void restart(SimTime now) {
    integral_ = 0;
    peak_ = value_;
    start_ = now;
    last_ = now;
  }

  double value() const { return value_; }
  // Largest value held inside the window (including the value at its start).
  double peak() const { return peak_; }
  SimTime start() const { return start_; }
  // Area under the value from the window start to `until` (>= the last change),
  // in value-seconds.
  double integral(SimTime until) const { return integral_ns(until) * 1e-9; }
  // Time average over [start, until); the current value for an empty window.
  double average(SimTime until) const {
    if (until <= start_) return value_;
    return integral_ns(until) / static_cast<double>((until - start_).count());
  }

 private:
  double integral_ns(SimTime until) const {
    const double tail = until > last_ ? value_ * static_cast<double>((until - last_).count()) : 0.0;
    return integral_ + tail;
  }

  double value_;
  double peak_;
  double integral_ = 0;  // value x nanoseconds from start_ to last_
  SimTime start_;
  SimTime last_;
};

}  // namespace lambdasim
