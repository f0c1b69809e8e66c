// Kernel: SimTime arithmetic, from_seconds and format_time.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "lambdasim/kernel/sim_time.hpp"

using namespace lambdasim;

TEST_CASE("SimTime unit constructors and arithmetic are exact integers") {
  STATIC_REQUIRE(seconds(1) == milliseconds(1000));
  STATIC_REQUIRE(milliseconds(1) == microseconds(1000));
  STATIC_REQUIRE(microseconds(1) == nanoseconds(1000));
  STATIC_REQUIRE(minutes(1) == seconds(60));
  STATIC_REQUIRE(hours(1) == minutes(60));
  STATIC_REQUIRE(days(1) == hours(24));
  STATIC_REQUIRE(kTimeZero.count() == 0);
  CHECK((seconds(1) + milliseconds(500)).count() == 1'500'000'000);
  CHECK((seconds(2) - milliseconds(1)).count() == 1'999'000'000);
  CHECK(seconds(3) * 2 == seconds(6));
  CHECK(seconds(3) / 2 == milliseconds(1500));
  CHECK(seconds(3) / milliseconds(1) == 3000);
  CHECK(seconds(1) % milliseconds(300) == milliseconds(100));
  CHECK(nanoseconds(1) > kTimeZero);
  CHECK(kTimeInfinity > days(365 * 200));
  CHECK(kTimeInfinity.count() == std::numeric_limits<std::int64_t>::max());
  // 0.1 s added ten times is exactly 1 s: no floating-point drift.
  SimTime t = kTimeZero;
  for (int i = 0; i < 10; ++i) t += milliseconds(100);
  CHECK(t == seconds(1));
  CHECK(to_seconds(milliseconds(1500)) == 1.5);
  CHECK(to_milliseconds(microseconds(250)) == 0.25);
}

TEST_CASE("from_seconds rounds to the nearest nanosecond and saturates") {
  CHECK(from_seconds(0.0) == kTimeZero);
  CHECK(from_seconds(1.5) == milliseconds(1500));
  CHECK(from_seconds(-1.5) == -milliseconds(1500));
  CHECK(from_seconds(0.25) == milliseconds(250));
  CHECK(from_seconds(1e-9) == nanoseconds(1));
  CHECK(from_seconds(1.4e-9) == nanoseconds(1));
  CHECK(from_seconds(1.6e-9) == nanoseconds(2));
  CHECK(from_seconds(-1.6e-9) == nanoseconds(-2));
  CHECK(from_seconds(0.3e-9) == kTimeZero);
  CHECK(from_seconds(0.1) == milliseconds(100));  // 0.1 is not exact in binary
  CHECK(from_seconds(86'400.0 * 365) == days(365));
  CHECK(from_seconds(1e300) == kTimeInfinity);
  CHECK(from_seconds(std::numeric_limits<double>::infinity()) == kTimeInfinity);
  CHECK(from_seconds(-1e300) == -kTimeInfinity);
  CHECK(from_seconds(std::numeric_limits<double>::quiet_NaN()) == kTimeZero);
  // Exact halves round away from zero.
  CHECK(from_seconds(2.5e-9) == nanoseconds(3));  // 2.5e-9 * 1e9 == 2.5 exactly
  CHECK(from_seconds(-2.5e-9) == nanoseconds(-3));
  // Regressions: rounding by adding 0.5 then truncating got these wrong.
  CHECK(from_seconds(0.49999999999999994e-9) == kTimeZero);  // s * 1e9 just below 0.5
  // Odd nanosecond counts in [2^52, 2^53) (about 52 days): n + 0.5 is not a
  // double there and rounded up to n + 1.
  for (std::int64_t ns = (1LL << 52) - 100; ns < (1LL << 52) + 100; ++ns) {
    const double s = static_cast<double>(ns) * 1e-9;
    REQUIRE(from_seconds(s).count() == std::llround(s * 1e9));
  }
  // Round trip of whole nanoseconds well within double precision.
  for (std::int64_t ns : {1LL, 999LL, 123'456'789LL, 86'400'000'000'000LL}) {
    CHECK(from_seconds(to_seconds(nanoseconds(ns))) == nanoseconds(ns));
  }
}

TEST_CASE("format_time picks the largest unit that keeps the value >= 1") {
  CHECK(format_time(milliseconds(250)) == "250ms");
  CHECK(format_time(milliseconds(1500)) == "1.5s");
  CHECK(format_time(minutes(30)) == "30m");
  CHECK(format_time(kTimeZero) == "0s");
  CHECK(format_time(kTimeInfinity) == "inf");
  CHECK(format_time(-kTimeInfinity) == "-inf");
  CHECK(format_time(seconds(1) + milliseconds(20)) == "1.02s");
  CHECK(format_time(seconds(1) + milliseconds(525)) == "1.525s");
  CHECK(format_time(hours(2)) == "2h");
  CHECK(format_time(days(3)) == "3d");
  CHECK(format_time(seconds(90)) == "1.5m");
  CHECK(format_time(microseconds(7)) == "7us");
  CHECK(format_time(nanoseconds(42)) == "42ns");
  CHECK(format_time(-milliseconds(250)) == "-250ms");
  CHECK(format_time(seconds(59)) == "59s");
  CHECK(format_time(seconds(60)) == "1m");
}
