#include "lambdasim/experiment/ci_target.hpp"

#include "lambdasim/experiment/thresholds.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include <fmt/format.h>

#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {
namespace {

constexpr std::string_view kExpected =
    "expected METRIC:HALF_WIDTH, an absolute half-width or a percentage of the mean (such as "
    "'total.success_rate:0.001' or 'total.success_rate:1%')";

using detail::metric_char;
using detail::trim;

}  // namespace

std::optional<CiTarget> parse_ci_target(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<CiTarget> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  // The last ':' splits: metric names have none, and "a:b:1" is then
  // reported as a bad metric name rather than a bad number.
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return fail(std::string(kExpected));
  CiTarget t;
  t.metric = std::string(trim(text.substr(0, colon)));
  if (t.metric.empty()) return fail(fmt::format("no metric before ':': {}", kExpected));
  if (!std::all_of(t.metric.begin(), t.metric.end(), metric_char)) {
    return fail(fmt::format("'{}' is not a metric name (letters, digits, '_', '-', '.'): {}",
                            sanitize_text(t.metric), kExpected));
  }
  std::string_view number = trim(text.substr(colon + 1));
  if (!number.empty() && number.back() == '%') {
    t.relative = true;
    number = trim(number.substr(0, number.size() - 1));
  }
  if (number.empty()) return fail(fmt::format("no half-width after ':': {}", kExpected));
  const char* end = number.data() + number.size();
  const auto [ptr, ec] = std::from_chars(number.data(), end, t.half_width);
  if (ec != std::errc() || ptr != end || !std::isfinite(t.half_width)) {
    return fail(fmt::format("'{}' is not a number: {}", sanitize_text(number), kExpected));
  }
  if (!(t.half_width > 0)) {
    return fail(fmt::format("the half-width must be above 0, not {}: {}", sanitize_text(number),
                            kExpected));
  }
  if (t.relative) t.half_width /= 100;
  return t;
}

bool ci_target_met(const CiTarget& target, const ConfidenceInterval& ci) {
  if (ci.n < 2 || !std::isfinite(ci.half_width)) return false;
  if (!target.relative) return ci.half_width <= target.half_width;
  if (!std::isfinite(ci.mean)) return false;
  // A mean of 0 has no relative precision: only an interval of width 0
  // (every replication 0) is as tight as any percentage of it.
  if (ci.mean == 0) return ci.half_width == 0;
  return ci.half_width <= target.half_width * std::abs(ci.mean);
}

}  // namespace lambdasim
