// Storing parsed values into config fields and printing a field's default as
// scenario text, by the field's C++ type (field_binding.hpp).
#include "scenario/field_binding.hpp"

#include <array>
#include <cmath>
#include <span>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/scenario/units.hpp"

namespace lambdasim {
namespace {

// A rate per second as per minute, without the rounding noise of x/60*60.
double per_minute(double per_s) {
  const double m = per_s * 60;
  const double r = std::round(m);
  return std::fabs(m - r) <= 1e-9 * std::fabs(m) ? r : m;
}

// Prices keep at least cents: 0.20, 0.045, 0.0000166667.
std::string money_text(double usd) {
  std::string s = fmt::format("{:.10f}", usd);
  while (s.back() == '0' && s.size() - s.find('.') > 3) s.pop_back();
  return s;
}

// A default duration as a person writes it: the largest of d, h, m that
// counts at least 2 of it exactly ("24h", "90s", "60s", "20m"), else seconds
// or below ("1s", "250ms").
std::string duration_text(SimTime t) {
  static constexpr std::array<std::pair<std::int64_t, const char*>, 3> kLarge{
      {{86'400'000'000'000, "d"}, {3'600'000'000'000, "h"}, {60'000'000'000, "m"}}};
  const std::int64_t n = t.count();
  for (const auto& [ns, name] : kLarge) {
    if (n > 0 && n % ns == 0 && n / ns >= 2) return fmt::format("{}{}", n / ns, name);
  }
  if (n % 1'000'000'000 == 0) return fmt::format("{}s", n / 1'000'000'000);
  return format_duration(t);
}

std::string seconds_text(double s) {
  return duration_text(from_seconds(s));
}

}  // namespace

std::span<const EnumName<FaultKind>> enum_names(FaultKind) {
  static const std::vector<EnumName<FaultKind>> kNames = [] {
    std::vector<EnumName<FaultKind>> out;
    for (const FaultKindSpec& s : fault_kind_specs()) out.push_back({s.name, s.kind});
    return out;
  }();
  return kNames;
}

void assign_value(int& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = static_cast<int>(v.integer);
}
void assign_value(std::int64_t& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = v.integer;
}
void assign_value(std::uint64_t& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = v.u64;
}
void assign_value(double& f, const ParamSpec& row, const ParamValue& v, FieldUnit u) {
  if (row.type == ParamType::kDuration) {
    f = to_seconds(v.duration);  // distribution keys: seconds
  } else if (u == FieldUnit::kPerMinute) {
    f = per_minute(v.number);
  } else if (u == FieldUnit::kGbps) {
    f = v.number / 1e9;
  } else {
    f = v.number;
  }
}
void assign_value(bool& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = v.boolean;
}
void assign_value(SimTime& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = v.duration;
}
void assign_value(std::string& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = v.text;
}
void assign_value(std::vector<std::string>& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = v.strings;
}
void assign_value(std::vector<double>& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f.clear();
  f.reserve(v.durations.size());
  for (SimTime d : v.durations) f.push_back(to_seconds(d));
}
void assign_value(DurationDistribution& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  f = DurationDistribution{v.distribution};
}

std::string value_text(int f, const ParamSpec& row, FieldUnit u) {
  return value_text(static_cast<std::int64_t>(f), row, u);
}
std::string value_text(std::int64_t f, const ParamSpec& row, FieldUnit) {
  return row.type == ParamType::kSize ? format_size(f) : fmt::format("{}", f);
}
std::string value_text(std::uint64_t f, const ParamSpec&, FieldUnit) {
  return fmt::format("{}", f);
}
std::string value_text(double f, const ParamSpec& row, FieldUnit u) {
  if (u == FieldUnit::kPerMinute) return format_number(f) + "/m";
  if (u == FieldUnit::kGbps) return format_bandwidth(f * 1e9);
  switch (row.type) {
    case ParamType::kDuration:
      return seconds_text(f);
    case ParamType::kRate:
      return format_rate(f);
    case ParamType::kBandwidth:
      return format_bandwidth(f);
    default:
      return row.unit == "USD" ? money_text(f) : format_number(f);
  }
}
std::string value_text(bool f, const ParamSpec&, FieldUnit) {
  return f ? "true" : "false";
}
std::string value_text(SimTime f, const ParamSpec&, FieldUnit) {
  return duration_text(f);
}
std::string value_text(const std::string& f, const ParamSpec&, FieldUnit) {
  return f;
}
std::string value_text(const std::vector<std::string>& f, const ParamSpec&, FieldUnit) {
  return f.empty() ? std::string() : fmt::format("[{}]", fmt::join(f, ", "));
}
std::string value_text(const std::vector<double>& f, const ParamSpec&, FieldUnit) {
  std::vector<std::string> items;
  items.reserve(f.size());
  for (double s : f) items.push_back(seconds_text(s));
  return f.empty() ? std::string() : fmt::format("[{}]", fmt::join(items, ", "));
}
std::string value_text(const DurationDistribution& f, const ParamSpec&, FieldUnit) {
  const Distribution& d = f.seconds();
  const double a = d.param_a();
  const double b = d.param_b();
  switch (d.kind()) {
    case DistributionKind::kDeterministic:
      return seconds_text(a);
    case DistributionKind::kExponential:
      return fmt::format("{{dist: exponential, mean: {}}}", seconds_text(a));
    case DistributionKind::kUniform:
      return fmt::format("{{dist: uniform, min: {}, max: {}}}", seconds_text(a), seconds_text(b));
    case DistributionKind::kNormal:
      return fmt::format("{{dist: normal, mean: {}, sd: {}}}", seconds_text(a), seconds_text(b));
    case DistributionKind::kLognormal:
      return fmt::format("{{dist: lognormal, median: {}, p99: {}}}", seconds_text(std::exp(a)),
                         seconds_text(std::exp(a + kZ99 * b)));
    case DistributionKind::kPareto:
      return fmt::format("{{dist: pareto, scale: {}, shape: {}}}", seconds_text(a),
                         format_number(b));
    case DistributionKind::kEmpirical: {
      std::vector<std::string> items;
      if (d.samples() != nullptr) {
        for (double s : *d.samples()) items.push_back(seconds_text(s));
      }
      return fmt::format("{{dist: empirical, samples: [{}]}}", fmt::join(items, ", "));
    }
  }
  return "?";
}

}  // namespace lambdasim
