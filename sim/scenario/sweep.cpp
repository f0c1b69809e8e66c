// `spec.sweep`: axes over key paths, their values (listed, or a range read
// with the units of the key's type), and the points: the grid (first axis
// slowest), explicit points, or a Latin-hypercube sample from a seeded PCG
// stream. Everything here is exact and platform-independent: integer-valued
// types (durations in ns, sizes, memory, integers) are stepped in integers,
// and the sample uses the project's Rng, never <random>'s distributions.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/scenario/params.hpp"
#include "lambdasim/scenario/scenario.hpp"
#include "lambdasim/scenario/units.hpp"
#include "scenario/override_apply.hpp"
#include "scenario/sweep_read.hpp"

namespace lambdasim {

std::string SweepPoint::label() const {
  std::string out;
  for (const auto& [name, value] : values) {
    if (!out.empty()) out += ',';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::vector<Override> point_overrides(const SweepSpec& sweep, const SweepPoint& point) {
  std::vector<Override> out;
  for (const auto& [name, value] : point.values) {
    for (const SweepAxis& a : sweep.axes) {
      if (a.name == name) {
        out.push_back(Override{a.key, value});
        break;
      }
    }
  }
  return out;
}

namespace {

constexpr std::string_view kSweepPath = "spec.sweep";
constexpr std::string_view kMaxPointsText = "100,000";  // kMaxSweepPoints, for messages
static_assert(kMaxSweepPoints == 100'000);

bool is_null(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull();
}

// The value of `key` in a map (its first occurrence), without creating it.
YAML::Node lookup(const YAML::Node& map, std::string_view key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsDefined() && it->first.IsScalar() && it->first.Scalar() == key) {
      return it->second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node sweep_node(const YAML::Node& root) {
  return lookup(lookup(root, "spec"), "sweep");
}

bool is_under(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix &&
          (path[prefix.size()] == '.' || path[prefix.size()] == '['));
}

// ---- range values ----------------------------------------------------------

// How a key's type steps: in integers (its parser's unit: ns, bytes, MiB, or
// plain), in unsigned 64-bit integers, or in reals; kNone has no ranges.
enum class Scale : std::uint8_t { kNone, kInteger, kUnsigned, kReal };

Scale scale_of(ParamType t) {
  switch (t) {
    case ParamType::kDuration:
    case ParamType::kDistribution:  // a plain duration: deterministic
    case ParamType::kSize:
    case ParamType::kMemory:
    case ParamType::kInt:
      return Scale::kInteger;
    case ParamType::kUint64:
      return Scale::kUnsigned;
    case ParamType::kRate:
    case ParamType::kBandwidth:
    case ParamType::kFraction:
    case ParamType::kNumber:
      return Scale::kReal;
    default:
      return Scale::kNone;
  }
}

// A value of a range. Integers are kept as an order-preserving uint64 (a
// signed value plus 2^63), so that differences and steps never overflow.
struct RangeValue {
  std::uint64_t u = 0;
  double x = 0;
};

constexpr std::uint64_t kBias = std::uint64_t{1} << 63;

std::uint64_t biased(std::int64_t v) {
  return static_cast<std::uint64_t>(v) ^ kBias;
}
std::int64_t unbiased(std::uint64_t u) {
  return static_cast<std::int64_t>(u ^ kBias);
}

std::optional<RangeValue> parse_range_value(ParamType t, std::string_view text,
                                            std::string* error) {
  auto integer = [error](const UnitResult<std::int64_t>& r) -> std::optional<RangeValue> {
    if (!r) {
      *error = r.error;
      return std::nullopt;
    }
    return RangeValue{biased(*r), 0};
  };
  auto real = [error](const UnitResult<double>& r) -> std::optional<RangeValue> {
    if (!r) {
      *error = r.error;
      return std::nullopt;
    }
    return RangeValue{0, *r};
  };
  switch (t) {
    case ParamType::kDuration:
    case ParamType::kDistribution: {
      const auto r = parse_duration(text);
      if (!r) {
        *error = r.error;
        return std::nullopt;
      }
      return RangeValue{biased((*r).count()), 0};
    }
    case ParamType::kSize:
      return integer(parse_size(text));
    case ParamType::kMemory:
      return integer(parse_memory_mib(text));
    case ParamType::kInt:
      return integer(parse_int(text));
    case ParamType::kUint64: {
      const auto r = parse_uint64(text);
      if (!r) {
        *error = r.error;
        return std::nullopt;
      }
      return RangeValue{*r, 0};
    }
    case ParamType::kRate:
      return real(parse_rate(text));
    case ParamType::kBandwidth:
      return real(parse_bandwidth(text));
    case ParamType::kFraction:
      return real(parse_fraction(text));
    case ParamType::kNumber:
      return real(parse_number(text));
    default:
      *error = "not a numeric type";
      return std::nullopt;
  }
}

// The shortest fixed-notation text that reads back as exactly `x` (the unit
// parsers take no exponent).
std::string fixed_text(double x) {
  if (x == 0) x = 0;  // no "-0"
  std::array<char, 512> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed);
  return std::string(buf.data(), r.ptr);
}

// Nanoseconds as exact seconds: "0.25s", "90s", "0.000001s".
std::string seconds_text(std::int64_t ns) {
  constexpr std::int64_t kNsPerSecond = 1'000'000'000;
  std::string out = ns < 0 ? "-" : "";
  const std::uint64_t n =
      ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  out += fmt::format("{}", n / kNsPerSecond);
  if (const std::uint64_t frac = n % kNsPerSecond; frac != 0) {
    std::string digits = fmt::format("{:09}", frac);
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + "s";
}

// A range value as YAML text, in the one unit of its type.
std::string range_value_text(ParamType t, const RangeValue& v) {
  switch (t) {
    case ParamType::kDuration:
    case ParamType::kDistribution:
      return seconds_text(unbiased(v.u));
    case ParamType::kSize:
      return fmt::format("{}B", unbiased(v.u));
    case ParamType::kMemory:
      return fmt::format("{}MiB", unbiased(v.u));
    case ParamType::kInt:
      return fmt::format("{}", unbiased(v.u));
    case ParamType::kUint64:
      return fmt::format("{}", v.u);
    case ParamType::kRate:
      return fixed_text(v.x) + "/s";
    case ParamType::kBandwidth:
      return fixed_text(v.x) + "bps";
    default:
      return fixed_text(v.x);
  }
}

// `x` rounded to 12 significant digits when that moves it by less than a
// billionth of `step`: from + i * step in binary floating point gives
// 0.30000000000000004 where 0.3 was meant.
double cleaned(double x, double step) {
  double y = x;
  const std::string text = fmt::format("{:.12g}", x);
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), y);
  if (ec != std::errc() || ptr != text.data() + text.size()) return x;
  return std::abs(y - x) <= 1e-9 * step ? y : x;
}

bool step_positive(Scale scale, const RangeValue& step) {
  switch (scale) {
    case Scale::kReal:
      return step.x > 0;
    case Scale::kInteger:
      return unbiased(step.u) > 0;
    default:
      return step.u > 0;
  }
}

struct Range {
  ParamType type = ParamType::kNumber;
  Scale scale = Scale::kReal;
  RangeValue from, to;
  bool has_step = false;
  std::uint64_t step_u = 0;  // integer scales: the step, > 0
  double step_x = 0;         // real scale: the step, > 0

  // The number of values from, from + step, ... up to `to`, saturated at
  // kMaxSweepPoints + 1 (so a huge range is refused before it is expanded).
  std::uint64_t count() const {
    constexpr std::uint64_t kOver = kMaxSweepPoints + 1;
    if (scale == Scale::kReal) {
      const double q = (to.x - from.x) / step_x;
      if (!(q < static_cast<double>(kMaxSweepPoints))) return kOver;
      return static_cast<std::uint64_t>(std::floor(q * (1 + 1e-12) + 1e-9)) + 1;
    }
    const std::uint64_t steps = (to.u - from.u) / step_u;
    return steps >= kMaxSweepPoints ? kOver : steps + 1;
  }
  // Value i of the range, i < count().
  RangeValue at(std::uint64_t i) const {
    if (scale != Scale::kReal) return RangeValue{from.u + i * step_u, 0};
    const double x = cleaned(from.x + static_cast<double>(i) * step_x, step_x);
    return RangeValue{0, std::min(x, to.x)};
  }
  // The value at `f` in [0, 1) of [from, to]: snapped to the step when there
  // is one, else to an integer for integer types.
  RangeValue sample(double f) const {
    if (scale == Scale::kReal) {
      if (!has_step) return RangeValue{0, std::min(to.x, from.x + f * (to.x - from.x))};
      const double k = std::round(f * (to.x - from.x) / step_x);
      return at(std::min(count() - 1, static_cast<std::uint64_t>(std::max(0.0, k))));
    }
    const std::uint64_t span = to.u - from.u;
    const std::uint64_t unit = has_step ? step_u : 1;
    const std::uint64_t max_k = span / unit;
    const double k = std::round(f * static_cast<double>(span) / static_cast<double>(unit));
    // Compared in double first: a k near 2^64 must not be converted.
    const std::uint64_t steps =
        k >= static_cast<double>(max_k) ? max_k : static_cast<std::uint64_t>(k);
    return RangeValue{from.u + steps * unit, 0};
  }
  bool less(const RangeValue& a, const RangeValue& b) const {
    return scale == Scale::kReal ? a.x < b.x : a.u < b.u;
  }
};

// ---- reading ---------------------------------------------------------------

// One axis as read: its values listed, or its range, and where they are.
struct AxisRead {
  SweepAxis axis;
  std::string path;  // spec.sweep.axes.<name>
  std::vector<Location> value_locations;
  std::optional<Range> range;
  Location from_location;
  Location to_location;
  bool ok = true;
};

class SweepReader {
 public:
  SweepReader(const YAML::Node& root, Walker& walker) : root_(root), walker_(walker) {}

  SweepRead read();

 private:
  void error(const std::string& path, std::string message) {
    walker_.error(walker_.location_of(path), path, std::move(message));
    ok_ = false;
  }
  AxisRead read_axis(const std::string& name, const YAML::Node& node, SweepMode mode,
                     std::map<std::string, std::string>& keys);
  const ParamSpec* check_key(AxisRead& a, const std::string& key,
                             std::map<std::string, std::string>& keys);
  void read_values(AxisRead& a, const YAML::Node& values);
  void read_range(AxisRead& a, const ParamSpec& row, const YAML::Node& axis, SweepMode mode);
  // `from`, `to` and `step` parsed by the key's type (a missing `step` is
  // nullopt with `lhs`); a.ok false after an error.
  std::array<std::optional<RangeValue>, 3> read_range_parts(AxisRead& a, const ParamSpec& row,
                                                            const YAML::Node& axis, SweepMode mode);
  void expand_grid(std::vector<AxisRead>& axes, SweepSpec& spec);
  void read_points(std::vector<AxisRead>& axes, const YAML::Node& points, SweepSpec& spec);
  void sample_lhs(std::vector<AxisRead>& axes, const YAML::Node& lhs, SweepSpec& spec);
  void add_checks(const std::vector<AxisRead>& axes);

  const YAML::Node& root_;
  Walker& walker_;
  bool ok_ = true;
  std::vector<SweepValueCheck> checks_;
};

SweepRead SweepReader::read() {
  SweepRead out;
  const YAML::Node sweep = sweep_node(root_);
  // Problems the walker found (an unknown key, a missing `key`) are reported
  // already; reading on would repeat them.
  if (is_null(sweep) || !sweep.IsMap() || walker_.failed(kSweepPath)) return out;
  const std::string spath(kSweepPath);
  const YAML::Node points = lookup(sweep, "points");
  const YAML::Node lhs = lookup(sweep, "lhs");
  SweepSpec spec;
  spec.location = walker_.location_of(spath);
  if (!is_null(points) && !is_null(lhs)) {
    error(spath + ".lhs",
          "`points` and `lhs` exclude each other: give explicit points or a sample (or neither, "
          "for the grid)");
    return out;
  }
  spec.mode = !is_null(points) ? SweepMode::kPoints
              : !is_null(lhs)  ? SweepMode::kLhs
                               : SweepMode::kGrid;
  std::vector<AxisRead> axes;
  std::map<std::string, std::string> keys;  // normalised key path -> axis name
  const YAML::Node axes_node = lookup(sweep, "axes");
  for (auto it = axes_node.begin(); it != axes_node.end(); ++it) {
    axes.push_back(read_axis(it->first.Scalar(), it->second, spec.mode, keys));
  }
  if (!ok_) return out;
  switch (spec.mode) {
    case SweepMode::kGrid:
      expand_grid(axes, spec);
      break;
    case SweepMode::kPoints:
      read_points(axes, points, spec);
      break;
    case SweepMode::kLhs:
      sample_lhs(axes, lhs, spec);
      break;
  }
  if (!ok_) return out;
  add_checks(axes);
  for (AxisRead& a : axes) spec.axes.push_back(std::move(a.axis));
  out.spec = std::move(spec);
  out.checks = std::move(checks_);
  return out;
}

AxisRead SweepReader::read_axis(const std::string& name, const YAML::Node& node, SweepMode mode,
                                std::map<std::string, std::string>& keys) {
  AxisRead a;
  a.axis.name = name;
  a.path = fmt::format("{}.axes.{}", kSweepPath, name);
  a.axis.location = walker_.location_of(a.path);
  a.axis.key = lookup(node, "key").Scalar();
  const ParamSpec* row = check_key(a, a.axis.key, keys);
  const YAML::Node values = lookup(node, "values");
  const bool has_range = !is_null(lookup(node, "from")) || !is_null(lookup(node, "to")) ||
                         !is_null(lookup(node, "step"));
  if (mode == SweepMode::kPoints) {
    if (!is_null(values) || has_range) {
      error(a.path + (is_null(values) ? "" : ".values"),
            fmt::format("axis '{}': with `points`, an axis takes only `key` (each point gives "
                        "its value)",
                        name));
      a.ok = false;
    }
    return a;
  }
  if (!is_null(values) && has_range) {
    error(
        a.path + ".values",
        fmt::format("axis '{}': give `values` or a range (`from`, `to`, `step`), not both", name));
    a.ok = false;
  } else if (is_null(values) && !has_range) {
    error(
        a.path,
        fmt::format("axis '{}': needs `values` (a list) or a range (`from`, `to`, `step`)", name));
    a.ok = false;
  } else if (!is_null(values)) {
    read_values(a, values);
  } else if (row != nullptr) {
    read_range(a, *row, node, mode);
  }
  return a;
}

const ParamSpec* SweepReader::check_key(AxisRead& a, const std::string& key,
                                        std::map<std::string, std::string>& keys) {
  const std::string kpath = a.path + ".key";
  auto bad = [&](std::string message) -> const ParamSpec* {
    error(kpath, fmt::format("axis '{}': {}", a.axis.name, message));
    a.ok = false;
    return nullptr;
  };
  std::string why;
  const auto segments = split_key_path(key, &why);
  if (!segments) return bad(why);
  const std::vector<PathSegment> normalized = normalize_key_path(*segments);
  const std::string text = key_path_text(normalized);
  if (is_under(text, "spec.sweep") || is_under(text, "spec.variants")) {
    return bad("an axis cannot set spec.sweep or spec.variants");
  }
  // On a copy: a dry run of the override, which checks the path against the
  // table and the document (the function, the list item must exist).
  const OverrideApplied r = apply_override(YAML::Clone(root_), normalized, YAML::Node());
  if (!r.ok) return bad(r.error);
  const ParamSpec* row = find_param(param_pattern_of(r.path));
  if (row == nullptr) return bad(fmt::format("'{}' is not a parameter", key));
  if (const auto [it, fresh] = keys.emplace(r.path, a.axis.name); !fresh) {
    return bad(fmt::format("axis '{}' sets {} already: one axis per key", it->second, r.path));
  }
  return row;
}

void SweepReader::read_values(AxisRead& a, const YAML::Node& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string ipath = fmt::format("{}.values[{}]", a.path, i);
    const auto text = to_flow_yaml(values[i]);
    if (!text) {
      error(ipath, "value too large or nested too deeply");
      a.ok = false;
      continue;
    }
    a.axis.values.push_back(*text);
    a.value_locations.push_back(walker_.location_of(ipath));
  }
}

std::array<std::optional<RangeValue>, 3> SweepReader::read_range_parts(AxisRead& a,
                                                                       const ParamSpec& row,
                                                                       const YAML::Node& axis,
                                                                       SweepMode mode) {
  std::array<std::optional<RangeValue>, 3> parsed{};
  const std::array<std::string_view, 3> parts{"from", "to", "step"};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const YAML::Node n = lookup(axis, parts[i]);
    if (is_null(n)) {
      if (parts[i] == "step" && mode == SweepMode::kLhs) continue;  // optional for a sample
      error(a.path, fmt::format("axis '{}': a range needs `{}`{}", a.axis.name, parts[i],
                                parts[i] == "step" ? " (only `lhs` can do without)" : ""));
      a.ok = false;
      continue;
    }
    std::string why;
    parsed[i] = parse_range_value(row.type, n.Scalar(), &why);
    if (!parsed[i]) {
      error(
          fmt::format("{}.{}", a.path, parts[i]),
          fmt::format("axis '{}' {}: {} (the type of {})", a.axis.name, parts[i], why, a.axis.key));
      a.ok = false;
    }
  }
  return parsed;
}

void SweepReader::read_range(AxisRead& a, const ParamSpec& row, const YAML::Node& axis,
                             SweepMode mode) {
  Range r;
  r.type = row.type;
  r.scale = scale_of(row.type);
  const std::string& name = a.axis.name;
  if (r.scale == Scale::kNone) {
    error(a.path + ".from",
          fmt::format("axis '{}': a range needs a numeric key, and {} is {}: list its values "
                      "with `values`",
                      name, a.axis.key, param_type_text(row)));
    a.ok = false;
    return;
  }
  const auto parsed = read_range_parts(a, row, axis, mode);
  if (!a.ok) return;
  r.from = *parsed[0];
  r.to = *parsed[1];
  if (parsed[2]) {
    r.has_step = true;
    r.step_u = r.scale == Scale::kUnsigned ? parsed[2]->u
                                           : static_cast<std::uint64_t>(unbiased(parsed[2]->u));
    r.step_x = parsed[2]->x;
    if (!step_positive(r.scale, *parsed[2])) {
      error(a.path + ".step", fmt::format("axis '{}': step must be > 0", name));
      a.ok = false;
    }
  }
  if (r.less(r.to, r.from)) {
    error(a.path + ".to",
          fmt::format("axis '{}': to ({}) is below from ({})", name, range_value_text(r.type, r.to),
                      range_value_text(r.type, r.from)));
    a.ok = false;
  }
  if (!a.ok) return;
  a.from_location = walker_.location_of(a.path + ".from");
  a.to_location = walker_.location_of(a.path + ".to");
  if (r.has_step && r.count() > kMaxSweepPoints) {
    error(a.path + ".step",
          fmt::format("axis '{}': the range has more than {} values", name, kMaxPointsText));
    a.ok = false;
    return;
  }
  if (mode == SweepMode::kGrid) {
    for (std::uint64_t i = 0, n = r.count(); i < n; ++i) {
      a.axis.values.push_back(range_value_text(r.type, r.at(i)));
      a.value_locations.push_back(a.from_location);
    }
  }
  a.range = r;
}

void SweepReader::expand_grid(std::vector<AxisRead>& axes, SweepSpec& spec) {
  // The size first, without overflow: a huge grid is refused before anything is made.
  std::size_t total = 1;
  std::string sizes;
  for (const AxisRead& a : axes) {
    const std::size_t n = a.axis.values.size();
    sizes += fmt::format("{}{}", sizes.empty() ? "" : " x ", n);
    total = (n != 0 && total > kMaxSweepPoints / n) ? kMaxSweepPoints + 1 : total * n;
  }
  if (total > kMaxSweepPoints) {
    error(std::string(kSweepPath),
          fmt::format("the grid has more than {} points ({} values)", kMaxPointsText, sizes));
    return;
  }
  // An odometer, the last axis fastest.
  std::vector<std::size_t> at(axes.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    SweepPoint point;
    point.index = p;
    for (std::size_t i = 0; i < axes.size(); ++i) {
      point.values.emplace_back(axes[i].axis.name, axes[i].axis.values[at[i]]);
      point.locations.push_back(axes[i].value_locations[at[i]]);
    }
    spec.points.push_back(std::move(point));
    for (std::size_t i = axes.size(); i-- > 0;) {
      if (++at[i] < axes[i].axis.values.size()) break;
      at[i] = 0;
    }
  }
}

void SweepReader::read_points(std::vector<AxisRead>& axes, const YAML::Node& points,
                              SweepSpec& spec) {
  const std::string ppath = std::string(kSweepPath) + ".points";
  if (points.size() > kMaxSweepPoints) {
    error(ppath, fmt::format("{} points: at most {}", points.size(), kMaxPointsText));
    return;
  }
  std::vector<std::string> names;
  names.reserve(axes.size());
  for (const AxisRead& a : axes) names.push_back(a.axis.name);
  std::map<std::string, std::size_t> seen;  // label -> first point with it
  std::vector<std::set<std::string>> distinct(axes.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    const YAML::Node item = points[p];
    const std::string ipath = fmt::format("{}[{}]", ppath, p);
    SweepPoint point;
    point.index = p;
    bool good = true;
    for (auto it = item.begin(); it != item.end(); ++it) {
      const std::string& key = it->first.Scalar();
      if (std::find(names.begin(), names.end(), key) == names.end()) {
        error(fmt::format("{}.{}", ipath, key),
              fmt::format("point {}: no axis named '{}'{}", p, key, did_you_mean(key, names)));
        good = false;
      }
    }
    for (std::size_t i = 0; i < axes.size(); ++i) {
      const YAML::Node v = lookup(item, names[i]);
      if (is_null(v)) {
        error(ipath, fmt::format("point {}: missing axis '{}' (each point names every axis)", p,
                                 names[i]));
        good = false;
        continue;
      }
      const auto text = to_flow_yaml(v);
      if (!text) {
        error(fmt::format("{}.{}", ipath, names[i]), "value too large or nested too deeply");
        good = false;
        continue;
      }
      const Location where = walker_.location_of(fmt::format("{}.{}", ipath, names[i]));
      point.values.emplace_back(names[i], *text);
      point.locations.push_back(where);
      if (distinct[i].insert(*text).second) {
        axes[i].axis.values.push_back(*text);
        axes[i].value_locations.push_back(where);
      }
    }
    if (!good) continue;
    if (const auto [it, fresh] = seen.emplace(point.label(), p); !fresh) {
      error(ipath, fmt::format("point {} repeats point {}", p, it->second));
      continue;
    }
    spec.points.push_back(std::move(point));
  }
}

void SweepReader::sample_lhs(std::vector<AxisRead>& axes, const YAML::Node& lhs, SweepSpec& spec) {
  // The walker checked both (an integer in range, a uint64).
  const auto samples = parse_int(lookup(lhs, "samples").Scalar());
  const auto seed = parse_uint64(lookup(lhs, "seed").Scalar());
  if (!samples || !seed || *samples < 1) return;
  const auto n = static_cast<std::size_t>(*samples);
  spec.lhs_seed = *seed;
  spec.points.resize(n);
  for (std::size_t s = 0; s < n; ++s) spec.points[s].index = s;
  // One stream for the whole sample: per axis, in axis order, a permutation
  // of the strata (Fisher-Yates) and then one offset inside each stratum.
  Rng rng = Rng::for_entity(*seed, 0, "sweep/lhs");
  for (AxisRead& a : axes) {
    std::vector<std::size_t> strata(n);
    for (std::size_t s = 0; s < n; ++s) strata[s] = s;
    for (std::size_t s = n; s-- > 1;) std::swap(strata[s], strata[rng.below(s + 1)]);
    std::vector<std::pair<RangeValue, std::string>> drawn;
    const std::vector<std::string> listed = a.axis.values;
    for (std::size_t s = 0; s < n; ++s) {
      const double f = (static_cast<double>(strata[s]) + rng.uniform01()) / static_cast<double>(n);
      std::string text;
      Location where = a.from_location;
      if (a.range) {
        const RangeValue v = a.range->sample(f);
        text = range_value_text(a.range->type, v);
        drawn.emplace_back(v, text);
      } else {
        const std::size_t k = std::min(
            listed.size() - 1, static_cast<std::size_t>(f * static_cast<double>(listed.size())));
        text = listed[k];
        where = a.value_locations[k];
      }
      spec.points[s].values.emplace_back(a.axis.name, text);
      spec.points[s].locations.push_back(where);
    }
    if (a.range) {
      const Range& r = *a.range;
      std::sort(drawn.begin(), drawn.end(),
                [&r](const auto& x, const auto& y) { return r.less(x.first, y.first); });
      for (std::size_t i = 0; i < drawn.size(); ++i) {
        if (i == 0 || drawn[i].second != drawn[i - 1].second)
          a.axis.values.push_back(drawn[i].second);
      }
    }
  }
}

void SweepReader::add_checks(const std::vector<AxisRead>& axes) {
  for (const AxisRead& a : axes) {
    auto check = [&](const std::string& value, const Location& where) {
      checks_.push_back(SweepValueCheck{a.axis.name, a.axis.key, value, where});
    };
    if (!a.range) {
      // Listed values (or the points' distinct values): each once.
      for (std::size_t i = 0; i < a.axis.values.size(); ++i) {
        check(a.axis.values[i], a.value_locations[i]);
      }
      continue;
    }
    // A range: its two ends (the values between lie between them).
    const Range& r = *a.range;
    if (r.has_step) {
      check(range_value_text(r.type, r.at(0)), a.from_location);
      if (r.count() > 1) check(range_value_text(r.type, r.at(r.count() - 1)), a.to_location);
    } else {
      check(range_value_text(r.type, r.from), a.from_location);
      if (r.less(r.from, r.to)) check(range_value_text(r.type, r.to), a.to_location);
    }
  }
}

}  // namespace

SweepRead read_sweep(const YAML::Node& root, Walker& walker) {
  return SweepReader(root, walker).read();
}

std::optional<std::string> sweep_axis_key(const YAML::Node& root, const std::string& name) {
  const YAML::Node axis = lookup(lookup(sweep_node(root), "axes"), name);
  const YAML::Node key = lookup(axis, "key");
  if (is_null(key) || !key.IsScalar()) return std::nullopt;
  return key.Scalar();
}

std::vector<std::string> sweep_axis_names(const YAML::Node& root) {
  std::vector<std::string> out;
  const YAML::Node axes = lookup(sweep_node(root), "axes");
  if (!axes.IsDefined() || !axes.IsMap()) return out;
  for (auto it = axes.begin(); it != axes.end(); ++it) {
    if (it->first.IsDefined() && it->first.IsScalar()) out.push_back(it->first.Scalar());
  }
  return out;
}

}  // namespace lambdasim
