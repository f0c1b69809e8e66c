// Simulated time: a signed 64-bit count of nanoseconds, never floating point,
// so that event ordering is exact and runs are reproducible bit for bit.
//   SimTime t = from_seconds(1.5) + milliseconds(20);   format_time(t) == "1.52s"
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace lambdasim {

using SimTime = std::chrono::duration<std::int64_t, std::nano>;

inline constexpr SimTime kTimeZero{0};
inline constexpr SimTime kTimeInfinity{std::numeric_limits<std::int64_t>::max()};

constexpr SimTime nanoseconds(std::int64_t n) {
  return SimTime{n};
}
constexpr SimTime microseconds(std::int64_t n) {
  return SimTime{n * 1'000};
}
constexpr SimTime milliseconds(std::int64_t n) {
  return SimTime{n * 1'000'000};
}
constexpr SimTime seconds(std::int64_t n) {
  return SimTime{n * 1'000'000'000};
}
constexpr SimTime minutes(std::int64_t n) {
  return seconds(n * 60);
}
constexpr SimTime hours(std::int64_t n) {
  return seconds(n * 3'600);
}
constexpr SimTime days(std::int64_t n) {
  return seconds(n * 86'400);
}

// Out-of-range and NaN cases of from_seconds().
SimTime from_seconds_slow(double s);

// Rounds to the nearest nanosecond (half away from zero); saturates at
// +-kTimeInfinity; NaN gives 0. Inline: it runs for every sampled duration.
inline SimTime from_seconds(double s) {
  const double ns = s * 1e9;
  if (ns < 9.2e18 && ns > -9.2e18) {
    // Add the largest double below 0.5, then truncate: adding 0.5 itself
    // would round 0.49999999999999994 up, and odd values in [2^52, 2^53) ns
    // (52 to 104 days) up by 1 ns, as ns + 0.5 is not representable there.
    constexpr double kHalf = 0.49999999999999994;
    return SimTime{static_cast<std::int64_t>(ns + (ns >= 0 ? kHalf : -kHalf))};
  }
  return from_seconds_slow(s);
}
// Division, not multiplication by 1e-9: it is correctly rounded, so whole
// seconds (and most decimal values) come out exact (60 s -> 60.0).
constexpr double to_seconds(SimTime t) {
  return static_cast<double>(t.count()) / 1e9;
}
constexpr double to_milliseconds(SimTime t) {
  return static_cast<double>(t.count()) / 1e6;
}

// Human-readable, shortest unit that keeps the value >= 1: "250ms", "1.5s",
// "30m", "2h", "3d", "0s", "inf". At most 3 significant decimals.
std::string format_time(SimTime t);

}  // namespace lambdasim
