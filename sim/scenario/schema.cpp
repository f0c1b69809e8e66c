// Renders the parameter table: plain text and JSON for `lambdasim schema`,
// Markdown for the README's scenario reference.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "lambdasim/scenario/params.hpp"
#include "scenario/schema_text.hpp"

namespace lambdasim {
namespace {

std::string_view type_id(ParamType t) {
  switch (t) {
    case ParamType::kSection:
      return "section";
    case ParamType::kNamedMap:
      return "named_map";
    case ParamType::kList:
      return "list";
    case ParamType::kOverrides:
      return "overrides";
    case ParamType::kDuration:
      return "duration";
    case ParamType::kSize:
      return "size";
    case ParamType::kMemory:
      return "memory";
    case ParamType::kRate:
      return "rate";
    case ParamType::kBandwidth:
      return "bandwidth";
    case ParamType::kFraction:
      return "fraction";
    case ParamType::kInt:
      return "int";
    case ParamType::kUint64:
      return "uint64";
    case ParamType::kNumber:
      return "number";
    case ParamType::kBool:
      return "bool";
    case ParamType::kString:
      return "string";
    case ParamType::kEnum:
      return "enum";
    case ParamType::kStringList:
      return "string_list";
    case ParamType::kDurationList:
      return "duration_list";
    case ParamType::kDistribution:
      return "distribution";
    case ParamType::kScalarMap:
      return "scalar_map";
  }
  return "?";
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + std::string(items[i]);
  return out;
}

std::string default_cell(const ParamSpec& p) {
  if (!p.default_text.empty()) return std::string(p.default_text);
  if (p.required) return "(required)";
  return "";
}

std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string code(std::string_view s) {
  return s.empty() ? "" : fmt::format("`{}`", s);
}

// Rows listed in the table of section `pattern`: its keys, and the entries of
// named maps whose entries are not sections themselves (variants).
std::vector<const ParamSpec*> listed_rows(std::string_view pattern) {
  std::vector<const ParamSpec*> out;
  for (const ParamSpec* c : param_children(pattern)) {
    out.push_back(c);
    if (c->type == ParamType::kNamedMap) {
      const ParamSpec* entry = param_entry(*c);
      if (entry != nullptr && entry->type != ParamType::kSection) out.push_back(entry);
    }
  }
  return out;
}

}  // namespace

std::string param_range_cell(const ParamSpec& p) {
  std::string r = param_range_text(p);
  if (p.min_entries > 0) {
    if (!r.empty()) r += "; ";
    r += fmt::format("at least {} {}", p.min_entries,
                     p.type == ParamType::kNamedMap ? std::string(p.entry_noun) : "item");
  }
  return r;
}

// Help plus when the key applies, for keys selected by a discriminator.
std::string param_description(const ParamSpec& p) {
  std::string d(p.help);
  const std::string_view disc = [&]() -> std::string_view {
    const ParamSpec* parent = find_param(param_parent(p.path));
    return parent != nullptr ? parent->discriminator : std::string_view();
  }();
  if (!p.only_for.empty()) d += fmt::format(" Only for {}: {}.", disc, join(p.only_for));
  if (!p.required_for.empty())
    d += fmt::format(" Required for {}: {}.", disc, join(p.required_for));
  return d;
}

std::string render_schema_text() {
  std::string out;
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty()) continue;
    out += fmt::format("{}\n  type: {}", p.path, param_type_text(p));
    if (p.required) out += "   required";
    if (!p.default_text.empty()) out += fmt::format("   default: {}", p.default_text);
    if (const std::string r = param_range_cell(p); !r.empty())
      out += fmt::format("   range: {}", r);
    out += fmt::format("\n  {}\n  source: {}\n", param_description(p), p.source);
  }
  return out;
}

std::string render_schema_json() {
  nlohmann::json params = nlohmann::json::array();
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty()) continue;
    nlohmann::json j{
        {"path", p.path}, {"type", type_id(p.type)},   {"type_text", param_type_text(p)},
        {"unit", p.unit}, {"default", p.default_text}, {"required", p.required},
        {"help", p.help}, {"source", p.source}};
    j["min"] = p.min ? nlohmann::json(*p.min) : nlohmann::json();
    j["max"] = p.max ? nlohmann::json(*p.max) : nlohmann::json();
    j["min_exclusive"] = p.min_exclusive;
    j["range"] = param_range_text(p);
    auto list = [](const std::vector<std::string_view>& v) {
      nlohmann::json a = nlohmann::json::array();
      for (std::string_view s : v) a.push_back(s);
      return a;
    };
    if (!p.values.empty()) j["values"] = list(p.values);
    if (!p.discriminator.empty()) j["discriminator"] = p.discriminator;
    if (!p.only_for.empty()) j["only_for"] = list(p.only_for);
    if (!p.required_for.empty()) j["required_for"] = list(p.required_for);
    if (!p.entry_noun.empty()) j["entry_noun"] = p.entry_noun;
    if (p.min_entries > 0) j["min_entries"] = p.min_entries;
    if (!p.ref_target.empty()) j["ref_target"] = p.ref_target;
    params.push_back(std::move(j));
  }
  const nlohmann::json doc{{"apiVersion", "lambdasim/v1"}, {"parameters", params}};
  return doc.dump(2);
}

std::string render_schema_markdown() {
  std::string out =
      "Values carry their units: durations `250ms`, `1.5s`, `30m` (`ns us ms s m h d`; a plain "
      "`0` is allowed); sizes `512MiB`, `10MB` (`KiB MiB GiB` are powers of 1,024, `KB MB GB` "
      "of 1,000); rates `200/s`, `12000/m`, `5/h`, `1000/10s`; bandwidths `5Gbps`, `100Mbps`; "
      "fractions `0.02` or `2%`. `<name>` stands for a name you choose, `[]` for each item of "
      "a list. Unknown keys are errors. A distribution is a duration (always that value) or a "
      "map such as `{dist: lognormal, median: 40ms, p99: 250ms}`; its range is that of its "
      "durations.\n";
  for (const ParamSpec& section : param_table()) {
    if (section.type != ParamType::kSection) continue;
    const std::vector<const ParamSpec*> rows = listed_rows(section.path);
    if (rows.empty()) continue;
    const std::string title =
        section.path.empty() ? std::string("Top level") : fmt::format("`{}`", section.path);
    out += fmt::format("\n### {}\n\n{}\n\n", title, cell(section.help));
    out += "| key | type | default | range | description | source |\n";
    out += "| --- | --- | --- | --- | --- | --- |\n";
    for (const ParamSpec* p : rows) {
      const std::string_view key =
          p->path.substr(section.path.empty() ? 0 : section.path.size() + 1);
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", code(key), cell(param_type_text(*p)),
                         cell(default_cell(*p)), cell(param_range_cell(*p)),
                         cell(param_description(*p)), cell(p->source));
    }
  }
  return out;
}

}  // namespace lambdasim
