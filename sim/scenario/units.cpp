#include "lambdasim/scenario/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The text quoted in messages, shortened so that garbage stays readable.
std::string quoted(std::string_view s) {
  return "'" + text_excerpt(s) + "'";
}

template <typename T>
UnitResult<T> expected(std::string_view what, std::string_view got) {
  return UnitResult<T>::fail(fmt::format("expected {}, got {}", what, quoted(got)));
}

// A non-negative decimal without exponent at the start of `s`: "12", "1.5",
// ".5". Returns the number of characters used (0 when there is no number).
std::size_t decimal_prefix(std::string_view s, double* out) {
  std::size_t i = 0;
  bool digits = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, digits = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, digits = true;
  }
  if (!digits) return 0;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + i, v, std::chars_format::fixed);
  if (ec != std::errc() || ptr != s.data() + i || !std::isfinite(v)) return 0;
  *out = v;
  return i;
}

// Splits "1.5 GiB" into 1.5 and "GiB". False when there is no leading number.
bool number_and_unit(std::string_view text, double* number, std::string_view* unit) {
  const std::size_t n = decimal_prefix(text, number);
  if (n == 0) return false;
  *unit = trim(text.substr(n));
  return true;
}

struct UnitScale {
  std::string_view name;
  double scale;
};

constexpr std::array<UnitScale, 7> kTimeUnits{
    {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}, {"d", 86400e9}}};

const UnitScale* find_unit(std::string_view name, const auto& table) {
  for (const UnitScale& u : table) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

bool is_plain_zero(std::string_view text) {
  double v = 0;
  const std::size_t n = decimal_prefix(text, &v);
  return n > 0 && n == text.size() && v == 0;
}

// The shortest "%g"-like text with at most `decimals` decimals and no
// trailing zeros.
std::string trimmed_fixed(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace

UnitResult<SimTime> parse_duration(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (is_plain_zero(trimmed)) return UnitResult<SimTime>::ok(kTimeZero);
  double v = 0;
  std::string_view unit;
  if (!number_and_unit(trimmed, &v, &unit)) return expected<SimTime>(kExpectDuration, text);
  const UnitScale* u = find_unit(unit, kTimeUnits);
  if (u == nullptr) {
    if (unit.empty()) {
      return UnitResult<SimTime>::fail(
          fmt::format("expected {}, got {} (a unit is required: ns us ms s m h d)", kExpectDuration,
                      quoted(text)));
    }
    return expected<SimTime>(kExpectDuration, text);
  }
  const double ns = std::round(v * u->scale);
  if (!(ns < 9.2e18)) {
    return UnitResult<SimTime>::fail(fmt::format("duration {} is too large", quoted(text)));
  }
  return UnitResult<SimTime>::ok(SimTime{static_cast<std::int64_t>(ns)});
}

UnitResult<std::int64_t> parse_size(std::string_view text) {
  static constexpr std::array<UnitScale, 9> kUnits{{{"B", 1},
                                                    {"KB", 1e3},
                                                    {"MB", 1e6},
                                                    {"GB", 1e9},
                                                    {"TB", 1e12},
                                                    {"KiB", 1024.0},
                                                    {"MiB", 1048576.0},
                                                    {"GiB", 1073741824.0},
                                                    {"TiB", 1099511627776.0}}};
  const std::string_view trimmed = trim(text);
  double v = 0;
  std::string_view unit;
  if (!number_and_unit(trimmed, &v, &unit)) return expected<std::int64_t>(kExpectSize, text);
  double scale = 1;
  if (!unit.empty()) {
    const UnitScale* u = find_unit(unit, kUnits);
    if (u == nullptr) return expected<std::int64_t>(kExpectSize, text);
    scale = u->scale;
  }
  const double bytes = v * scale;
  if (!(bytes < 9.2e18)) {
    return UnitResult<std::int64_t>::fail(fmt::format("size {} is too large", quoted(text)));
  }
  if (bytes != std::floor(bytes)) {
    return UnitResult<std::int64_t>::fail(
        fmt::format("size {} is not a whole number of bytes", quoted(text)));
  }
  return UnitResult<std::int64_t>::ok(static_cast<std::int64_t>(bytes));
}

UnitResult<std::int64_t> parse_memory_mib(std::string_view text) {
  // Console convention: MB and GB are MiB and GiB for Lambda memory.
  static constexpr std::array<UnitScale, 4> kUnits{
      {{"MiB", 1}, {"MB", 1}, {"GiB", 1024}, {"GB", 1024}}};
  const std::string_view trimmed = trim(text);
  double v = 0;
  std::string_view unit;
  if (!number_and_unit(trimmed, &v, &unit)) return expected<std::int64_t>(kExpectMemory, text);
  double scale = 1;
  if (!unit.empty()) {
    const UnitScale* u = find_unit(unit, kUnits);
    if (u == nullptr) return expected<std::int64_t>(kExpectMemory, text);
    scale = u->scale;
  }
  const double mib = v * scale;
  if (!(mib < 1e15)) {
    return UnitResult<std::int64_t>::fail(fmt::format("memory {} is too large", quoted(text)));
  }
  if (mib != std::floor(mib)) {
    return UnitResult<std::int64_t>::fail(
        fmt::format("memory {} is not a whole number of MiB", quoted(text)));
  }
  return UnitResult<std::int64_t>::ok(static_cast<std::int64_t>(mib));
}

UnitResult<double> parse_rate(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (is_plain_zero(trimmed)) return UnitResult<double>::ok(0);
  const std::size_t slash = trimmed.find('/');
  if (slash == std::string_view::npos) {
    return UnitResult<double>::fail(
        fmt::format("expected {}, got {} (say per what: /s, /m, /h)", kExpectRate, quoted(text)));
  }
  double count = 0;
  const std::string_view left = trim(trimmed.substr(0, slash));
  if (decimal_prefix(left, &count) != left.size() || left.empty()) {
    return expected<double>(kExpectRate, text);
  }
  std::string_view per = trim(trimmed.substr(slash + 1));
  if (per == "min") per = "m";  // common spelling
  double per_count = 1;
  std::string_view per_unit = per;
  if (!per.empty() && (per.front() == '.' || (per.front() >= '0' && per.front() <= '9'))) {
    if (!number_and_unit(per, &per_count, &per_unit)) return expected<double>(kExpectRate, text);
  }
  const UnitScale* u = find_unit(per_unit, kTimeUnits);
  if (u == nullptr || !(per_count > 0)) return expected<double>(kExpectRate, text);
  const double rate = count / (per_count * u->scale * 1e-9);
  if (!std::isfinite(rate)) return expected<double>(kExpectRate, text);
  return UnitResult<double>::ok(rate);
}

UnitResult<double> parse_bandwidth(std::string_view text) {
  static constexpr std::array<UnitScale, 6> kUnits{
      {{"bps", 1}, {"Kbps", 1e3}, {"kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9}, {"Tbps", 1e12}}};
  const std::string_view trimmed = trim(text);
  if (is_plain_zero(trimmed)) return UnitResult<double>::ok(0);
  double v = 0;
  std::string_view unit;
  if (!number_and_unit(trimmed, &v, &unit)) return expected<double>(kExpectBandwidth, text);
  const UnitScale* u = find_unit(unit, kUnits);
  if (u == nullptr) return expected<double>(kExpectBandwidth, text);
  return UnitResult<double>::ok(v * u->scale);
}

UnitResult<double> parse_fraction(std::string_view text) {
  const std::string_view trimmed = trim(text);
  double v = 0;
  const bool negative = !trimmed.empty() && trimmed.front() == '-';
  const std::string_view body = negative ? trimmed.substr(1) : trimmed;
  const std::size_t n = decimal_prefix(body, &v);
  if (n == 0) return expected<double>(kExpectFraction, text);
  const std::string_view rest = trim(body.substr(n));
  if (rest == "%") {
    v /= 100;
  } else if (!rest.empty()) {
    return expected<double>(kExpectFraction, text);
  }
  return UnitResult<double>::ok(negative ? -v : v);
}

UnitResult<std::int64_t> parse_int(std::string_view text) {
  const std::string_view trimmed = trim(text);
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), v);
  if (trimmed.empty() || ptr != trimmed.data() + trimmed.size()) {
    return expected<std::int64_t>(kExpectInteger, text);
  }
  if (ec == std::errc::result_out_of_range) {
    return UnitResult<std::int64_t>::fail(fmt::format("integer {} is too large", quoted(text)));
  }
  if (ec != std::errc()) return expected<std::int64_t>(kExpectInteger, text);
  return UnitResult<std::int64_t>::ok(v);
}

UnitResult<std::uint64_t> parse_uint64(std::string_view text) {
  const std::string_view trimmed = trim(text);
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), v);
  if (trimmed.empty() || ptr != trimmed.data() + trimmed.size()) {
    return UnitResult<std::uint64_t>::fail(
        fmt::format("expected a non-negative integer, got {}", quoted(text)));
  }
  if (ec == std::errc::result_out_of_range) {
    return UnitResult<std::uint64_t>::fail(
        fmt::format("integer {} is too large (at most 2^64 - 1)", quoted(text)));
  }
  if (ec != std::errc()) return expected<std::uint64_t>(kExpectInteger, text);
  return UnitResult<std::uint64_t>::ok(v);
}

UnitResult<double> parse_number(std::string_view text) {
  std::string_view trimmed = trim(text);
  if (!trimmed.empty() && trimmed.front() == '+') trimmed.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), v);
  if (trimmed.empty() || ec != std::errc() || ptr != trimmed.data() + trimmed.size() ||
      !std::isfinite(v)) {
    return expected<double>(kExpectNumber, text);
  }
  return UnitResult<double>::ok(v);
}

UnitResult<bool> parse_bool(std::string_view text) {
  std::string lower;
  for (char c : trim(text)) {
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (lower == "true" || lower == "yes" || lower == "on") return UnitResult<bool>::ok(true);
  if (lower == "false" || lower == "no" || lower == "off") return UnitResult<bool>::ok(false);
  return expected<bool>(kExpectBool, text);
}

std::string format_duration(SimTime t) {
  if (t == kTimeInfinity) return "inf";
  if (t == -kTimeInfinity) return "-inf";
  const std::int64_t n = t.count();
  if (n == 0) return "0s";
  if (n < 0) return "-" + format_duration(SimTime{-n});
  // The largest unit that divides exactly; but "1.5s" rather than "1500ms".
  static constexpr std::array<std::int64_t, 7> kNs{
      86'400'000'000'000, 3'600'000'000'000, 60'000'000'000, 1'000'000'000, 1'000'000, 1'000, 1};
  static constexpr std::array<const char*, 7> kNames{"d", "h", "m", "s", "ms", "us", "ns"};
  std::size_t exact = kNs.size() - 1;
  for (std::size_t i = 0; i < kNs.size(); ++i) {
    if (n % kNs[i] == 0) {
      exact = i;
      break;
    }
  }
  if (exact >= 4 && n / kNs[exact] >= 1000) {
    // "1.5s" rather than "1500ms": the largest of s, ms, us not above the
    // value, with as many decimals as it takes to stay exact.
    std::size_t up = 3;
    while (n < kNs[up]) ++up;
    return trimmed_fixed(static_cast<double>(n) / static_cast<double>(kNs[up]), 9) + kNames[up];
  }
  return fmt::format("{}{}", n / kNs[exact], kNames[exact]);
}

std::string format_duration_seconds(double s) {
  return format_duration(from_seconds(s));
}

std::string format_size(std::int64_t bytes) {
  static constexpr std::array<std::pair<std::int64_t, const char*>, 8> kUnits{
      {{1LL << 40, "TiB"},
       {1LL << 30, "GiB"},
       {1LL << 20, "MiB"},
       {1LL << 10, "KiB"},
       {1'000'000'000'000LL, "TB"},
       {1'000'000'000LL, "GB"},
       {1'000'000LL, "MB"},
       {1'000LL, "KB"}}};
  if (bytes != 0) {
    for (const auto& [scale, name] : kUnits) {
      if (bytes % scale == 0) return fmt::format("{}{}", bytes / scale, name);
    }
  }
  return fmt::format("{}B", bytes);
}

std::string format_memory_mib(std::int64_t mib) {
  return fmt::format("{}MiB", mib);
}

std::string format_rate(double per_second) {
  if (per_second == 0) return "0/s";
  if (per_second == std::floor(per_second)) return fmt::format("{}/s", format_number(per_second));
  const double per_minute = per_second * 60;
  if (std::fabs(per_minute - std::round(per_minute)) < 1e-9 * per_minute) {
    return fmt::format("{}/m", format_number(std::round(per_minute)));
  }
  const double per_hour = per_second * 3600;
  if (std::fabs(per_hour - std::round(per_hour)) < 1e-9 * per_hour) {
    return fmt::format("{}/h", format_number(std::round(per_hour)));
  }
  return fmt::format("{}/s", format_number(per_second));
}

std::string format_bandwidth(double bps) {
  static constexpr std::array<std::pair<double, const char*>, 4> kUnits{
      {{1e12, "Tbps"}, {1e9, "Gbps"}, {1e6, "Mbps"}, {1e3, "Kbps"}}};
  for (const auto& [scale, name] : kUnits) {
    if (bps >= scale) return format_number(bps / scale) + name;
  }
  return format_number(bps) + "bps";
}

std::string format_percent(double fraction) {
  return format_number(fraction * 100) + "%";
}

std::string format_number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == std::floor(x) && std::fabs(x) < 1e15)
    return fmt::format("{}", static_cast<std::int64_t>(x));
  return fmt::format("{:.10g}", x);
}

}  // namespace lambdasim
