// The scenario format as a JSON Schema (draft-07), generated from the
// parameter table: one definition per section (list items, named-map
// entries and `<distribution>` included), closed to unknown keys, with the
// discriminator's if/then rules and the units as string patterns.
#include "lambdasim/scenario/json_schema.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "lambdasim/scenario/params.hpp"
#include "scenario/schema_text.hpp"

namespace lambdasim {
namespace {

using nlohmann::json;

// The patterns follow the parsers of units.cpp: a number without exponent
// ("12", "1.5", ".5"), spaces or tabs allowed around it and its unit; a plain
// zero needs no unit.
constexpr std::string_view kNum = R"((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))";
constexpr std::string_view kZero = R"((?:0+(?:\.0*)?|\.0+))";
constexpr std::string_view kSp = "[ \\t]*";
constexpr std::string_view kTimeUnit = "(?:ns|us|ms|s|m|h|d)";
// Entry names of named maps (walker.cpp's is_valid_entry_name).
constexpr std::string_view kEntryName = "[A-Za-z0-9_-]{1,64}";

std::string anchored(std::string_view body) {
  return fmt::format("^{}{}{}$", kSp, body, kSp);
}

std::string duration_pattern() {
  return anchored(fmt::format("(?:{}{}{}|{})", kNum, kSp, kTimeUnit, kZero));
}

// The schema of a scalar: a string matching `pattern`, or a plain YAML
// number or bool of `number_type` ("" for none).
json unit_value(std::string pattern, std::string_view number_type) {
  json j{{"pattern", std::move(pattern)}};
  j["type"] = number_type.empty() ? json("string") : json::array({"string", number_type});
  return j;
}

// The row's range, for a value given as a plain number in the row's unit.
void add_numeric_range(json& j, const ParamSpec& p) {
  if (p.min) j[p.min_exclusive ? "exclusiveMinimum" : "minimum"] = *p.min;
  if (p.max) j["maximum"] = *p.max;
}

// Durations, rates and bandwidths take a plain number only when it is zero
// (and zero is in range).
json zero_or_unit(std::string pattern, const ParamSpec& p) {
  const bool zero_ok = !(p.min && (p.min_exclusive ? *p.min >= 0 : *p.min > 0));
  json j = unit_value(std::move(pattern), zero_ok ? "number" : "");
  if (zero_ok) {
    j["minimum"] = 0;
    j["maximum"] = 0;
  }
  return j;
}

json duration_value(const ParamSpec& p) {
  return zero_or_unit(duration_pattern(), p);
}

json scalar_value(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::kDuration:
      return duration_value(p);
    case ParamType::kRate:
      return zero_or_unit(anchored(fmt::format("(?:{0}{1}/{1}(?:min|(?:{0}{1})?{2})|{3})", kNum,
                                               kSp, kTimeUnit, kZero)),
                          p);
    case ParamType::kBandwidth:
      return zero_or_unit(anchored(fmt::format("(?:{}{}(?:bps|[KkMGT]bps)|{})", kNum, kSp, kZero)),
                          p);
    case ParamType::kSize: {
      json j = unit_value(anchored(fmt::format("{}{}(?:[KMGT]i?B|B)?", kNum, kSp)), "integer");
      add_numeric_range(j, p);
      return j;
    }
    case ParamType::kMemory: {
      json j = unit_value(anchored(fmt::format("{}{}(?:[MG]i?B)?", kNum, kSp)), "integer");
      add_numeric_range(j, p);
      return j;
    }
    case ParamType::kFraction: {
      json j = unit_value(anchored(fmt::format("-?{}{}%?", kNum, kSp)), "number");
      add_numeric_range(j, p);
      return j;
    }
    case ParamType::kInt:
    case ParamType::kUint64: {
      json j = unit_value(anchored(p.type == ParamType::kInt ? "-?[0-9]+" : "[0-9]+"), "integer");
      add_numeric_range(j, p);
      if (p.type == ParamType::kUint64) j["minimum"] = 0;
      return j;
    }
    case ParamType::kNumber: {
      json j = unit_value(anchored(fmt::format("[+-]?{}(?:[eE][+-]?[0-9]+)?", kNum)), "number");
      add_numeric_range(j, p);
      return j;
    }
    case ParamType::kBool:
      return unit_value(anchored("(?:[Tt][Rr][Uu][Ee]|[Yy][Ee][Ss]|[Oo][Nn]|[Ff][Aa][Ll][Ss][Ee]|"
                                 "[Nn][Oo]|[Oo][Ff][Ff])"),
                        "boolean");
    case ParamType::kEnum:
      return json{{"enum", p.values}};
    case ParamType::kString: {
      // lambdasim reads every scalar as text: `name: 7` is the name "7".
      json j{{"type", {"string", "number", "boolean"}}};
      if (p.required) j["minLength"] = 1;
      return j;
    }
    default:
      return json::object();
  }
}

// A definition's name: the row's path with `<name>` and `[]` spelt so that
// it needs no escaping in a JSON pointer or a URI fragment.
std::string definition_name(std::string_view path) {
  if (path == kDistributionPattern) return "distribution";
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path.compare(i, 6, "<name>") == 0) {
      out += "name";
      i += 5;
    } else if (path.compare(i, 2, "[]") == 0) {
      out += ".item";
      i += 1;
    } else {
      out += path[i];
    }
  }
  return out;
}

json ref_to(std::string_view path) {
  return json{{"$ref", "#/definitions/" + definition_name(path)}};
}

// Sections, maps and lists may be left empty (null) when nothing in them is
// required.
json object_type(bool nullable, std::string_view type) {
  return nullable ? json::array({type, "null"}) : json(type);
}

bool has_required_child(const ParamSpec& section) {
  const std::vector<const ParamSpec*> children = param_children(section.path);
  return std::any_of(children.begin(), children.end(),
                     [](const ParamSpec* c) { return c->required; });
}

// The value of `p` where it is used (a section's key, a variant's key path):
// scalars inline, containers by reference to their definition.
json value_schema(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::kSection:
    case ParamType::kOverrides:
    case ParamType::kScalarMap:
      return ref_to(p.path);
    case ParamType::kNamedMap: {
      const ParamSpec* entry = param_entry(p);
      json j{{"type", object_type(p.min_entries == 0, "object")},
             {"propertyNames", {{"pattern", fmt::format("^{}$", kEntryName)}}},
             {"additionalProperties", entry != nullptr ? ref_to(entry->path) : json(true)}};
      if (p.min_entries > 0) j["minProperties"] = p.min_entries;
      return j;
    }
    case ParamType::kList: {
      const ParamSpec* item = param_entry(p);
      json j{{"type", object_type(p.min_entries == 0, "array")},
             {"items", item != nullptr ? ref_to(item->path) : json(true)}};
      if (p.min_entries > 0) j["minItems"] = p.min_entries;
      return j;
    }
    case ParamType::kStringList:
    case ParamType::kDurationList: {
      json item = p.type == ParamType::kStringList
                      ? json{{"type", {"string", "number", "boolean"}}}
                      : duration_value(ParamSpec{.type = ParamType::kDuration});
      json j{{"type", "array"}, {"items", std::move(item)}};
      if (p.type == ParamType::kStringList) j["uniqueItems"] = true;
      if (p.min_entries > 0) j["minItems"] = p.min_entries;
      return j;
    }
    case ParamType::kDistribution:
      return json{{"anyOf", {duration_value(p), ref_to(kDistributionPattern)}}};
    default:
      return scalar_value(p);
  }
}

bool parses_as_number(std::string_view s, double* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

// The row's default as a JSON value, for editors' completion; null when it
// is not a plain value ("(derived: ...)", "{} (none)", a distribution map).
json default_value(const ParamSpec& p) {
  const std::string& d = p.default_text;
  if (d.empty() || d.front() == '(' || d.front() == '{' || d.front() == '[') return nullptr;
  double x = 0;
  switch (p.type) {
    case ParamType::kInt:
    case ParamType::kUint64:
    case ParamType::kNumber:
    case ParamType::kFraction:
      if (!parses_as_number(d, &x)) return nullptr;
      if (p.type == ParamType::kInt || p.type == ParamType::kUint64) {
        return static_cast<std::int64_t>(x);
      }
      return x;
    case ParamType::kBool:
      return d == "true" ? json(true) : d == "false" ? json(false) : json(nullptr);
    case ParamType::kEnum:
      return std::find(p.values.begin(), p.values.end(), d) != p.values.end() ? json(d)
                                                                              : json(nullptr);
    case ParamType::kSize:
    case ParamType::kMemory:
      if (parses_as_number(d, &x)) return static_cast<std::int64_t>(x);
      return d;
    case ParamType::kString:
    case ParamType::kDuration:
    case ParamType::kRate:
    case ParamType::kBandwidth:
    case ParamType::kDistribution:
      return d;
    default:
      return nullptr;
  }
}

// Hover text: help, when the key applies, default, range, source.
std::string hover_text(const ParamSpec& p) {
  std::string d = param_description(p);
  if (!p.default_text.empty()) d += fmt::format(" Default: {}.", p.default_text);
  if (const std::string r = param_range_cell(p); !r.empty()) d += fmt::format(" Range: {}.", r);
  if (!p.source.empty()) d += fmt::format(" Source: {}.", p.source);
  return d;
}

// A key of a section: its value schema with the row's hover text and
// default. A reference is wrapped in allOf: draft-07 ignores a $ref's
// siblings.
json property_schema(const ParamSpec& p) {
  json v = value_schema(p);
  json j = v.contains("$ref") ? json{{"allOf", json::array({std::move(v)})}} : std::move(v);
  j["description"] = hover_text(p);
  if (json d = default_value(p); !d.is_null()) j["default"] = std::move(d);
  return j;
}

bool contains(const std::vector<std::string_view>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// For a section with a discriminator (`dist`, `kind`): per value, the keys
// that do not apply are forbidden and the keys it needs are required.
json discriminator_rules(const ParamSpec& section, const std::vector<const ParamSpec*>& children) {
  json rules = json::array();
  const ParamSpec* disc =
      find_param(section.path.empty() ? std::string(section.discriminator)
                                      : fmt::format("{}.{}", section.path, section.discriminator));
  if (disc == nullptr) return rules;
  for (std::string_view value : disc->values) {
    json forbidden = json::object();
    json needed = json::array();
    for (const ParamSpec* c : children) {
      const std::string key(param_key(c->path));
      if (!c->only_for.empty() && !contains(c->only_for, value)) forbidden[key] = false;
      if (contains(c->required_for, value)) needed.push_back(key);
    }
    if (forbidden.empty() && needed.empty()) continue;
    json then = json::object();
    if (!forbidden.empty()) then["properties"] = std::move(forbidden);
    if (!needed.empty()) then["required"] = std::move(needed);
    rules.push_back({{"if",
                      {{"properties", {{section.discriminator, {{"const", value}}}}},
                       {"required", {section.discriminator}}}},
                     {"then", std::move(then)}});
  }
  return rules;
}

// A section: its keys, the required ones, nothing else.
json section_schema(const ParamSpec& section) {
  const std::vector<const ParamSpec*> children = param_children(section.path);
  json properties = json::object();
  json required = json::array();
  for (const ParamSpec* c : children) {
    properties[std::string(param_key(c->path))] = property_schema(*c);
    if (c->required) required.push_back(param_key(c->path));
  }
  json j{{"type", object_type(!has_required_child(section), "object")},
         {"description", param_description(section)},
         {"properties", std::move(properties)},
         {"additionalProperties", false}};
  if (!required.empty()) j["required"] = std::move(required);
  if (!section.discriminator.empty()) {
    if (json rules = discriminator_rules(section, children); !rules.empty()) {
      j["allOf"] = std::move(rules);
    }
  }
  if (section.allow_none) {
    // `none` (or nothing) removes the section, e.g. in a variant.
    j = json{{"description", j["description"]},
             {"anyOf", json::array({std::move(j), json{{"enum", {"none", nullptr}}}})}};
  }
  return j;
}

std::string escape_regex(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// The key paths that name row `path` in a variant: `<name>` is any entry
// name, `[]` an item index, and the `spec.` prefix is optional.
std::string key_path_regex(std::string_view path) {
  std::string body;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path.compare(i, 6, "<name>") == 0) {
      body += kEntryName;
      i += 5;
    } else if (path.compare(i, 2, "[]") == 0) {
      body += R"(\[[0-9]+\])";
      i += 1;
    } else {
      body += escape_regex(path.substr(i, 1));
    }
  }
  if (path.starts_with("spec.")) return fmt::format("(?:spec\\.)?{}", body.substr(6));
  return body;
}

// A variant: key paths of the table (overrides.cpp), each with its row's
// value; a distribution's keys may be set one by one.
json overrides_schema(const ParamSpec& row) {
  json patterns = json::object();
  std::vector<std::string> distributions;
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty() || p.path.starts_with(kDistributionPattern)) continue;
    // Variants and the sweep are not set in a variant.
    if (p.path.starts_with("spec.variants") || p.path.starts_with("spec.sweep")) continue;
    const std::string re = key_path_regex(p.path);
    patterns[fmt::format("^{}$", re)] = value_schema(p);
    if (p.type == ParamType::kDistribution) distributions.push_back(re);
  }
  std::string any_distribution;
  for (const std::string& re : distributions) {
    any_distribution += (any_distribution.empty() ? "" : "|") + re;
  }
  for (const ParamSpec* c : param_children(kDistributionPattern)) {
    patterns[fmt::format("^(?:{})\\.{}$", any_distribution, param_key(c->path))] = value_schema(*c);
  }
  return json{{"type", {"object", "null"}},
              {"description", param_description(row)},
              {"patternProperties", std::move(patterns)},
              {"additionalProperties", false}};
}

// A map of user-chosen names (a sweep point's axis names) to plain values.
json scalar_map_schema(const ParamSpec& row) {
  return json{{"type", "object"},
              {"description", param_description(row)},
              {"propertyNames", {{"pattern", fmt::format("^{}$", kEntryName)}}},
              {"additionalProperties", {{"type", {"string", "number", "boolean"}}}}};
}

}  // namespace

std::string render_json_schema() {
  json definitions = json::object();
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty()) continue;
    if (p.type == ParamType::kSection) definitions[definition_name(p.path)] = section_schema(p);
    if (p.type == ParamType::kOverrides) definitions[definition_name(p.path)] = overrides_schema(p);
    if (p.type == ParamType::kScalarMap)
      definitions[definition_name(p.path)] = scalar_map_schema(p);
  }
  json doc = section_schema(*find_param(""));
  doc["$schema"] = kJsonSchemaDialect;
  doc["title"] = "lambdasim scenario (apiVersion lambdasim/v1)";
  doc["definitions"] = std::move(definitions);
  return doc.dump(2);
}

}  // namespace lambdasim
