// Values with units as written in scenario files and on the command line
// (`250ms`, `512MiB`, `200/s`, `5Gbps`, `2%`): parsers that return the value
// or a message saying what was expected (never throw), and formatters back.
//   auto t = parse_duration("1.5s");  if (!t) puts(t.error.c_str());  SimTime v = *t;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

// A parsed value or, when `value` is empty, an error message such as
// "expected a duration such as 250ms, 10s, 30m".
template <typename T>
struct UnitResult {
  std::optional<T> value;
  std::string error;

  static UnitResult ok(T v) { return UnitResult{std::move(v), {}}; }
  static UnitResult fail(std::string message) {
    return UnitResult{std::nullopt, std::move(message)};
  }
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
};

// What each parser expects, for messages and the schema.
inline constexpr std::string_view kExpectDuration = "a duration such as 250ms, 10s, 30m";
inline constexpr std::string_view kExpectSize = "a size such as 512MiB, 2KiB, 10MB";
inline constexpr std::string_view kExpectMemory = "memory in MiB such as 1024, 512MiB, 1GiB, 2GB";
inline constexpr std::string_view kExpectRate = "a rate such as 200/s, 12000/m, 5/h, 1000/10s";
inline constexpr std::string_view kExpectBandwidth = "a bandwidth such as 5Gbps, 100Mbps, 10Kbps";
inline constexpr std::string_view kExpectFraction =
    "a fraction such as 0.02 or a percentage such as 2%";
inline constexpr std::string_view kExpectInteger = "an integer";
inline constexpr std::string_view kExpectNumber = "a number";
inline constexpr std::string_view kExpectBool = "true or false";

// Durations: a non-negative decimal number and a unit among ns us ms s m h d
// (`250ms`, `1.5s`, `30m`); a plain `0` is allowed. Rounded to the nanosecond.
UnitResult<SimTime> parse_duration(std::string_view text);
// Sizes in bytes: `B`, `KB MB GB TB` (powers of 1,000), `KiB MiB GiB TiB`
// (powers of 1,024); a plain integer is bytes.
UnitResult<std::int64_t> parse_size(std::string_view text);
// Lambda memory in MiB: a plain integer is MiB (as in the Lambda API); `MiB`,
// `GiB`, and `MB`/`GB` meaning MiB/GiB as in the Lambda console. Must be a
// whole number of MiB.
UnitResult<std::int64_t> parse_memory_mib(std::string_view text);
// Rates, per second: a count over a duration, `200/s`, `12000/m`, `5/h`,
// `1000/10s`; a plain `0` is allowed.
UnitResult<double> parse_rate(std::string_view text);
// Bandwidth in bits per second: `bps`, `Kbps`, `Mbps`, `Gbps`, `Tbps` (powers
// of 1,000).
UnitResult<double> parse_bandwidth(std::string_view text);
// A fraction: `0.02` or `2%` (both give 0.02). Not range-checked.
UnitResult<double> parse_fraction(std::string_view text);
// Plain numbers, without a unit.
UnitResult<std::int64_t> parse_int(std::string_view text);
UnitResult<std::uint64_t> parse_uint64(std::string_view text);
UnitResult<double> parse_number(std::string_view text);
// true/false (also yes/no, on/off), case-insensitive.
UnitResult<bool> parse_bool(std::string_view text);

// Formatting back to text that the parsers accept. Durations use the largest
// unit that keeps the text short and exact enough: "90s", "10m", "1.5s",
// "250ms", "0s", "inf".
std::string format_duration(SimTime t);
std::string format_duration_seconds(double s);    // same, from seconds
std::string format_size(std::int64_t bytes);      // "512MiB", "10MB", "100B"
std::string format_memory_mib(std::int64_t mib);  // "1024MiB"
std::string format_rate(double per_second);       // "200/s", "500/m", "5/h", "0.25/s"
std::string format_bandwidth(double bps);         // "5Gbps", "100Mbps"
std::string format_percent(double fraction);      // "2%"
std::string format_number(double x);              // shortest round-trip-ish "%g"

}  // namespace lambdasim
