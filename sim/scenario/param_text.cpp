// How parameter rows read as text: type names, ranges, values in their unit,
// and what a value should look like (for messages).
#include <fmt/format.h>

#include "lambdasim/scenario/params.hpp"
#include "lambdasim/scenario/units.hpp"

namespace lambdasim {
namespace {

std::string join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace

std::string param_type_text(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::kSection:
      return "section";
    case ParamType::kNamedMap:
      return fmt::format("map: {} name -> settings", p.entry_noun);
    case ParamType::kList:
      return "list";
    case ParamType::kOverrides:
      return "map: key path -> value";
    case ParamType::kDuration:
      return "duration";
    case ParamType::kSize:
      return "size";
    case ParamType::kMemory:
      return "memory (MiB)";
    case ParamType::kRate:
      return "rate";
    case ParamType::kBandwidth:
      return "bandwidth";
    case ParamType::kFraction:
      return "fraction or %";
    case ParamType::kInt:
      return "integer";
    case ParamType::kUint64:
      return "integer (64-bit)";
    case ParamType::kNumber:
      return p.unit.empty() ? std::string("number") : fmt::format("number ({})", p.unit);
    case ParamType::kBool:
      return "bool";
    case ParamType::kString:
      return "string";
    case ParamType::kEnum:
      return "one of: " + join(p.values, ", ");
    case ParamType::kStringList:
      return "list of strings";
    case ParamType::kDurationList:
      return "list of durations";
    case ParamType::kDistribution:
      return "distribution";
    case ParamType::kScalarMap:
      return "map: name -> value";
  }
  return "?";
}

std::string format_param_value(const ParamSpec& p, double canonical) {
  switch (p.type) {
    case ParamType::kDuration:
    case ParamType::kDistribution:
    case ParamType::kDurationList:
      return format_duration_seconds(canonical);
    case ParamType::kSize:
      return format_size(static_cast<std::int64_t>(canonical));
    case ParamType::kMemory:
      return format_memory_mib(static_cast<std::int64_t>(canonical));
    case ParamType::kRate:
      return format_rate(canonical);
    case ParamType::kBandwidth:
      return format_bandwidth(canonical);
    default:
      return format_number(canonical);
  }
}

std::string param_range_text(const ParamSpec& p) {
  if (p.min && p.max) {
    return fmt::format("{}{} .. {}", p.min_exclusive ? "> " : "", format_param_value(p, *p.min),
                       format_param_value(p, *p.max));
  }
  if (p.min)
    return fmt::format("{} {}", p.min_exclusive ? ">" : ">=", format_param_value(p, *p.min));
  if (p.max) return fmt::format("<= {}", format_param_value(p, *p.max));
  return {};
}

std::string param_expected_text(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::kSection:
      return "a map of keys";
    case ParamType::kNamedMap:
      return fmt::format("a map of {} names to their settings", p.entry_noun);
    case ParamType::kList:
      return "a list";
    case ParamType::kOverrides:
      return "a map of key paths to values";
    case ParamType::kDuration:
      return std::string(kExpectDuration);
    case ParamType::kSize:
      return std::string(kExpectSize);
    case ParamType::kMemory:
      return std::string(kExpectMemory);
    case ParamType::kRate:
      return std::string(kExpectRate);
    case ParamType::kBandwidth:
      return std::string(kExpectBandwidth);
    case ParamType::kFraction:
      return std::string(kExpectFraction);
    case ParamType::kInt:
    case ParamType::kUint64:
      return std::string(kExpectInteger);
    case ParamType::kNumber:
      return std::string(kExpectNumber);
    case ParamType::kBool:
      return std::string(kExpectBool);
    case ParamType::kString:
      return "a string";
    case ParamType::kEnum:
      return "one of " + join(p.values, ", ");
    case ParamType::kStringList:
      return "a list of strings such as [a, b]";
    case ParamType::kDurationList:
      return "a list of durations such as [10ms, 20ms]";
    case ParamType::kDistribution:
      return "a distribution: a duration such as 100ms, or a map such as "
             "{dist: lognormal, median: 40ms, p99: 250ms}";
    case ParamType::kScalarMap:
      return "a map of names to values such as {burst: 500/s, memory: 512MiB}";
  }
  return "?";
}

}  // namespace lambdasim
