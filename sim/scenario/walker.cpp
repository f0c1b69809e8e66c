#include "scenario/walker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "lambdasim/scenario/sanitize.hpp"
#include "lambdasim/scenario/units.hpp"

namespace lambdasim {
namespace {

bool is_null(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull();
}

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

bool contains(const std::vector<std::string_view>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

// A short, printable rendering of user text for messages.
std::string shown(std::string_view s) {
  return text_excerpt(s);
}

// The row of key `key` directly inside section `row`, or nullptr; never a
// pseudo-row (named-map entry, list item, <distribution>).
const ParamSpec* child_row(const ParamSpec& row, std::string_view key) {
  if (key.empty() || key.front() == '<' || key.find('[') != std::string_view::npos ||
      key.find('.') != std::string_view::npos) {
    return nullptr;
  }
  return find_param(row.path.empty() ? std::string(key)
                                     : std::string(row.path) + "." + std::string(key));
}

std::vector<std::string> child_keys(const ParamSpec& row, const std::optional<std::string>& disc) {
  std::vector<std::string> keys;
  for (const ParamSpec* c : param_children(row.path)) {
    if (disc && !c->only_for.empty() && !contains(c->only_for, *disc)) continue;
    keys.emplace_back(param_key(c->path));
  }
  return keys;
}

// A scalar of a unit, number or bool row, parsed and stored: the parser's
// message, or the value in the row's unit that its range applies to (none
// for uint64 and bool, which have no range).
struct TypedScalar {
  bool ok = false;
  std::string error;
  std::optional<double> canonical;
};

// Stores a parsed value through `store`, which gives its canonical number.
template <typename T, typename Store>
TypedScalar store_parsed(const UnitResult<T>& parsed, Store store) {
  if (!parsed) return TypedScalar{false, parsed.error, std::nullopt};
  return TypedScalar{true, {}, store(*parsed)};
}

// Parses `value` (a scalar) by the type of `row` and stores it in `out`.
TypedScalar parse_typed_scalar(const ParamSpec& row, const YAML::Node& value, ParamValue* out) {
  const std::string& text = value.Scalar();
  auto as_integer = [out](std::int64_t n) -> std::optional<double> {
    out->integer = n;
    return static_cast<double>(n);
  };
  auto as_number = [out](double x) -> std::optional<double> {
    out->number = x;
    return x;
  };
  switch (row.type) {
    case ParamType::kDuration:
      return store_parsed(parse_duration(text), [out](SimTime t) -> std::optional<double> {
        out->duration = t;
        return to_seconds(t);
      });
    case ParamType::kSize:
      return store_parsed(parse_size(text), as_integer);
    case ParamType::kMemory:
      return store_parsed(parse_memory_mib(text), as_integer);
    case ParamType::kRate:
      return store_parsed(parse_rate(text), as_number);
    case ParamType::kBandwidth:
      return store_parsed(parse_bandwidth(text), as_number);
    case ParamType::kFraction:
      return store_parsed(parse_fraction(text), as_number);
    case ParamType::kInt:
      return store_parsed(parse_int(text), as_integer);
    case ParamType::kUint64:
      return store_parsed(parse_uint64(text), [out](std::uint64_t n) -> std::optional<double> {
        out->u64 = n;
        return std::nullopt;
      });
    case ParamType::kNumber:
      return store_parsed(parse_number(text), as_number);
    case ParamType::kBool:
      return store_parsed(parse_bool(text), [out](bool b) -> std::optional<double> {
        out->boolean = b;
        return std::nullopt;
      });
    default:
      return TypedScalar{
          false, fmt::format("expected {}, got {}", param_expected_text(row), describe_node(value)),
          std::nullopt};
  }
}

// Whether `v` lies within [min, max] of `row` (either bound optional; the
// lognormal median exp(mu) is checked this way, ignoring min_exclusive,
// unlike check_range).
bool param_in_range(const ParamSpec& row, double v) {
  return !((row.min && !(v >= *row.min)) || (row.max && !(v <= *row.max)));
}

// The distribution a checked `dist` map describes; nullopt for an unknown
// kind or a lognormal given by neither (or both) of its parametrisations.
std::optional<Distribution> make_distribution(const DistributionSpec& s) {
  if (s.dist == "deterministic") return Distribution::deterministic(*s.value);
  if (s.dist == "exponential") return Distribution::exponential(*s.mean);
  if (s.dist == "uniform") return Distribution::uniform(*s.min, *s.max);
  if (s.dist == "normal") return Distribution::normal(*s.mean, *s.sd);
  if (s.dist == "pareto") return Distribution::pareto(*s.scale, *s.shape);
  if (s.dist == "empirical") return Distribution::empirical(*s.samples);
  if (s.dist != "lognormal") return std::nullopt;
  const bool by_percentiles = s.median || s.p99;
  const bool by_moments = s.mu || s.sigma;
  if (by_percentiles == by_moments) return std::nullopt;
  if (by_percentiles) return Distribution::lognormal_from_median_p99(*s.median, *s.p99);
  return Distribution::lognormal(*s.mu, *s.sigma);
}

}  // namespace

bool is_valid_entry_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string describe_node(const YAML::Node& node) {
  if (is_null(node)) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return fmt::format("'{}'", shown(node.Scalar()));
}

Walker::Walker(std::string file, std::vector<OverrideSource> overrides, ApplyContext& ctx,
               std::vector<Diagnostic>& diagnostics)
    : file_(std::move(file)),
      overrides_(std::move(overrides)),
      ctx_(ctx),
      diagnostics_(diagnostics) {}

void Walker::error(const Location& where, const std::string& path, std::string message) {
  ++errors_;
  diagnostics_.push_back(make_diagnostic(Severity::kError, where, path, std::move(message)));
}

void Walker::warning(const Location& where, const std::string& path, std::string message) {
  diagnostics_.push_back(make_diagnostic(Severity::kWarning, where, path, std::move(message)));
}

void Walker::fail(const Location& where, const std::string& path, std::string message) {
  failed_.insert(path);
  error(where, path, std::move(message));
}

std::size_t Walker::error_count() const {
  return errors_;
}

bool Walker::failed(std::string_view path) const {
  // The paths at or below `path` sort together from lower_bound(path) on,
  // among others that merely share its prefix ("api2" after "api"): a
  // logarithmic lookup, so that checking every function against 10,000
  // failures stays linear in the scenario.
  for (auto it = failed_.lower_bound(path); it != failed_.end(); ++it) {
    const std::string& f = *it;
    if (f.compare(0, path.size(), path) != 0) break;
    if (f.size() == path.size() || f[path.size()] == '.' || f[path.size()] == '[') return true;
  }
  return false;
}

Location Walker::locate(const YAML::Node& node, const std::string& path) const {
  // The override whose path is the longest prefix of `path`, if any.
  const OverrideSource* source = nullptr;
  for (const OverrideSource& o : overrides_) {
    const bool under =
        path == o.path ||
        (path.size() > o.path.size() && path.compare(0, o.path.size(), o.path) == 0 &&
         (path[o.path.size()] == '.' || path[o.path.size()] == '['));
    if (under && (source == nullptr || o.path.size() >= source->path.size())) source = &o;
  }
  YAML::Mark mark = YAML::Mark::null_mark();
  if (node.IsDefined()) mark = node.Mark();
  if (source != nullptr && !source->file_marks) {
    if (path == source->path || mark.is_null()) {
      return Location{source->file, source->line, source->column};
    }
    return Location{source->file, source->line + mark.line,
                    mark.line == 0 ? source->column + mark.column : mark.column + 1};
  }
  if (mark.is_null()) {
    if (source != nullptr) return Location{source->file, source->line, source->column};
    return Location{file_, 1, 1};
  }
  return Location{file_, mark.line + 1, mark.column + 1};
}

Location Walker::locate_value(const YAML::Node& value, const YAML::Node& key,
                              const std::string& path) const {
  // A null value's mark points past the key (often at the next line): use the key.
  return is_null(value) ? locate(key, path) : locate(value, path);
}

Location Walker::location_of(std::string_view path) const {
  std::string p(path);
  for (;;) {
    if (auto it = locations_.find(p); it != locations_.end()) return it->second;
    const std::size_t cut = p.find_last_of(".[");
    if (cut == std::string::npos || p.empty()) break;
    p.resize(cut);
  }
  if (auto it = locations_.find(""); it != locations_.end()) return it->second;
  return Location{file_, 1, 1};
}

std::vector<Walker::Entry> Walker::entries_of(const YAML::Node& map, const std::string& path) {
  std::vector<Entry> out;
  std::map<std::string, Location> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (is_null(key) || !key.IsScalar()) {
      const Location where = locate(key.IsDefined() ? key : map, path);
      fail(where, path,
           is_null(key) ? "empty key" : "a key must be a plain name, not a map or a list");
      continue;
    }
    const std::string& name = key.Scalar();
    const std::string child = join_path(path, name);
    if (auto first = seen.find(name); first != seen.end()) {
      fail(locate(key, child), child,
           fmt::format("duplicate key '{}' (first at line {}); each key may appear once",
                       shown(name), first->second.line));
      continue;
    }
    seen.emplace(name, locate(key, child));
    out.push_back(Entry{name, key, value});
  }
  return out;
}

void Walker::walk_document(const YAML::Node& root) {
  locations_[""] = locate(root, "");
  walk_section(*find_param(""), root, "", locations_[""]);
}

void Walker::walk_section(const ParamSpec& row, const YAML::Node& node, const std::string& path,
                          const Location& where) {
  std::vector<Entry> entries;
  if (!is_null(node)) {
    if (!node.IsMap()) {
      std::vector<std::string> keys = child_keys(row, std::nullopt);
      if (keys.size() > 4) keys.resize(4);
      fail(where, path,
           fmt::format("expected a map with keys such as {}, got {}", join(keys),
                       describe_node(node)));
      return;
    }
    entries = entries_of(node, path);
  }

  // The discriminator (`dist`) first: it decides which other keys are valid.
  const Entry* disc_entry = discriminator_entry(row, entries);
  std::optional<std::string> disc;
  if (disc_entry != nullptr) disc = walk_discriminator(row, *disc_entry, path);

  for (const Entry& e : entries) {
    if (&e != disc_entry) walk_section_entry(row, e, path, disc);
  }
  check_required_keys(row, entries, path, where, disc);
}

const Walker::Entry* Walker::discriminator_entry(const ParamSpec& row,
                                                 const std::vector<Entry>& entries) {
  if (row.discriminator.empty()) return nullptr;
  const Entry* found = nullptr;
  for (const Entry& e : entries) {
    if (e.key == row.discriminator) found = &e;
  }
  return found;
}

std::optional<std::string> Walker::walk_discriminator(const ParamSpec& row, const Entry& entry,
                                                      const std::string& path) {
  const ParamSpec* d = child_row(row, row.discriminator);
  const std::string dpath = join_path(path, entry.key);
  const Location dwhere = locate_value(entry.value, entry.key_node, dpath);
  locations_[dpath] = dwhere;
  ParamValue v;
  if (d == nullptr || !parse_scalar(*d, entry.value, dpath, dwhere, &v)) return std::nullopt;
  std::optional<std::string> disc = v.text;
  if (d->apply != nullptr) d->apply(ctx_, *d, v);
  return disc;
}

void Walker::walk_section_entry(const ParamSpec& row, const Entry& e, const std::string& path,
                                const std::optional<std::string>& disc) {
  const std::string child_path = join_path(path, e.key);
  const ParamSpec* child = child_row(row, e.key);
  if (child == nullptr) {
    const auto keys = child_keys(row, disc);
    std::string hint = did_you_mean(e.key, keys);
    if (hint.empty() && !keys.empty()) hint = fmt::format(" (keys here: {})", join(keys));
    fail(locate(e.key_node, child_path), child_path, "unknown key" + hint);
    return;
  }
  if (disc && !child->only_for.empty() && !contains(child->only_for, *disc)) {
    std::vector<std::string> applies(child->only_for.begin(), child->only_for.end());
    fail(locate(e.key_node, child_path), child_path,
         fmt::format("'{}' does not apply to {}: {} (only to {}: {})", e.key, row.discriminator,
                     *disc, row.discriminator, join(applies)));
    return;
  }
  walk_value(*child, e.value, child_path, e.key_node);
}

void Walker::check_required_keys(const ParamSpec& row, const std::vector<Entry>& entries,
                                 const std::string& path, const Location& where,
                                 const std::optional<std::string>& disc) {
  for (const ParamSpec* c : param_children(row.path)) {
    const bool needed = c->required || (disc && contains(c->required_for, *disc));
    if (!needed) continue;
    const std::string_view key = param_key(c->path);
    const bool there =
        std::any_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
    if (there) continue;
    std::string why;
    if (!c->required && disc) why = fmt::format(" ({}: {} needs it)", row.discriminator, *disc);
    fail(where, path, fmt::format("missing required key '{}'{}", key, why));
  }
}

void Walker::walk_value(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                        const YAML::Node& key) {
  const Location where = locate_value(value, key, path);
  locations_[path] = where;
  switch (row.type) {
    case ParamType::kSection:
      if (row.allow_none && (is_null(value) || (value.IsScalar() && value.Scalar() == "none"))) {
        return;  // explicitly absent
      }
      if (row.apply != nullptr) row.apply(ctx_, row, ParamValue{});
      walk_section(row, value, path, where);
      return;
    case ParamType::kNamedMap:
      walk_named_map(row, value, path, where);
      return;
    case ParamType::kList:
      walk_list(row, value, path, where);
      return;
    case ParamType::kOverrides:
      return;  // only as a named-map entry
    case ParamType::kScalarMap:
      walk_scalar_map(row, value, path, where);
      return;
    case ParamType::kDistribution:
      if (auto d = parse_distribution(row, value, path, where)) {
        ParamValue v;
        v.distribution = *d;
        if (row.apply != nullptr) row.apply(ctx_, row, v);
      }
      return;
    case ParamType::kStringList:
    case ParamType::kDurationList: {
      ParamValue v;
      if (parse_list(row, value, path, where, &v) && row.apply != nullptr) row.apply(ctx_, row, v);
      return;
    }
    default: {
      ParamValue v;
      if (parse_scalar(row, value, path, where, &v) && row.apply != nullptr)
        row.apply(ctx_, row, v);
      return;
    }
  }
}

void Walker::walk_named_map(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                            const Location& where) {
  std::vector<Entry> entries;
  if (!is_null(value)) {
    if (!value.IsMap()) {
      fail(where, path,
           fmt::format("expected {}, got {}", param_expected_text(row), describe_node(value)));
      return;
    }
    entries = entries_of(value, path);
  }
  const ParamSpec* entry_row = param_entry(row);
  std::size_t good = 0;
  for (const Entry& e : entries) {
    const std::string child = path + "." + e.key;
    if (!is_valid_entry_name(e.key)) {
      fail(locate(e.key_node, child), child,
           fmt::format("invalid {} name '{}': use letters, digits, '-' and '_' (at most 64)",
                       row.entry_noun, shown(e.key)));
      continue;
    }
    ++good;
    names_[std::string(row.path)].push_back(e.key);
    const Location w = locate_value(e.value, e.key_node, child);
    locations_[child] = w;
    if (entry_row->type == ParamType::kOverrides) {
      walk_variant(e.value, e.key, child, locate(e.key_node, child));
      continue;
    }
    ParamValue v;
    v.text = e.key;
    if (entry_row->apply != nullptr) entry_row->apply(ctx_, *entry_row, v);
    walk_section(*entry_row, e.value, child, w);
  }
  if (good == 0 && entries.size() < row.min_entries) {
    fail(where, path, fmt::format("at least one {} is required", row.entry_noun));
  }
}

void Walker::walk_list(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                       const Location& where) {
  if (is_null(value)) {
    if (row.min_entries > 0) fail(where, path, "expected a non-empty list");
    return;
  }
  if (!value.IsSequence()) {
    fail(where, path,
         fmt::format("expected a list (one '- item' per line, or [a, b]), got {}",
                     describe_node(value)));
    return;
  }
  const ParamSpec* item_row = param_entry(row);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const YAML::Node item = value[i];
    const std::string child = fmt::format("{}[{}]", path, i);
    const Location w = locate(item, child);
    locations_[child] = w;
    if (item_row->type == ParamType::kScalarMap) {
      walk_scalar_map(*item_row, item, child, w);
      continue;
    }
    ParamValue v;
    v.integer = static_cast<std::int64_t>(i);
    if (item_row->apply != nullptr) item_row->apply(ctx_, *item_row, v);
    walk_section(*item_row, item, child, w);
  }
  if (value.size() < row.min_entries) fail(where, path, "expected a non-empty list");
}

void Walker::walk_variant(const YAML::Node& value, const std::string& name, const std::string& path,
                          const Location& where) {
  VariantSpec variant{name, where, {}};
  if (!is_null(value)) {
    if (!value.IsMap()) {
      fail(locate(value, path), path,
           fmt::format("expected a map of key paths to values such as "
                       "{{functions.api.memory: 512MiB}}, got {}",
                       describe_node(value)));
      return;
    }
    for (const Entry& e : entries_of(value, path)) {
      variant.entries.push_back(
          VariantEntry{e.key, locate(e.key_node, path + "." + e.key), e.value});
    }
  }
  variants_.push_back(std::move(variant));
}

void Walker::walk_scalar_map(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                             const Location& where) {
  if (is_null(value) || !value.IsMap()) {
    fail(where, path,
         fmt::format("expected {}, got {}", param_expected_text(row), describe_node(value)));
    return;
  }
  for (const Entry& e : entries_of(value, path)) {
    const std::string child = path + "." + e.key;
    const Location w = locate_value(e.value, e.key_node, child);
    locations_[child] = w;
    if (!is_valid_entry_name(e.key)) {
      fail(locate(e.key_node, child), child,
           fmt::format("invalid name '{}': use letters, digits, '-' and '_' (at most 64)",
                       shown(e.key)));
    } else if (is_null(e.value) || !e.value.IsScalar()) {
      fail(w, child, fmt::format("expected a plain value, got {}", describe_node(e.value)));
    }
  }
}

bool Walker::check_range(const ParamSpec& row, double canonical, const std::string& path,
                         const Location& where) {
  const bool below =
      row.min && (row.min_exclusive ? !(canonical > *row.min) : !(canonical >= *row.min));
  const bool above = row.max && !(canonical <= *row.max);
  if (!below && !above) return true;
  fail(where, path,
       fmt::format("out of range: expected {}, got {}", param_range_text(row),
                   format_param_value(row, canonical)));
  return false;
}

bool Walker::parse_scalar(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                          const Location& where, ParamValue* out) {
  if (is_null(value)) {
    fail(where, path, fmt::format("missing value: expected {}", param_expected_text(row)));
    return false;
  }
  if (!value.IsScalar()) {
    fail(where, path,
         fmt::format("expected {}, got {}", param_expected_text(row), describe_node(value)));
    return false;
  }
  const std::string& text = value.Scalar();
  auto bad = [&](const std::string& message) {
    fail(where, path, message);
    return false;
  };
  switch (row.type) {
    case ParamType::kString:
      if (text.empty() && row.required) return bad("expected a non-empty string");
      out->text = text;
      if (!row.ref_target.empty()) {
        references_.push_back(Reference{text, std::string(row.ref_target), path, where});
      }
      return true;
    case ParamType::kEnum: {
      if (contains(row.values, text)) {
        out->text = text;
        return true;
      }
      std::vector<std::string> values(row.values.begin(), row.values.end());
      return bad(fmt::format("expected one of {}, got '{}'{}", join(values), shown(text),
                             did_you_mean(text, values)));
    }
    default:
      break;
  }
  const TypedScalar typed = parse_typed_scalar(row, value, out);
  if (!typed.ok) return bad(typed.error);
  return !typed.canonical || check_range(row, *typed.canonical, path, where);
}

bool Walker::parse_list(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                        const Location& where, ParamValue* out) {
  if (is_null(value) || !value.IsSequence()) {
    fail(where, path,
         fmt::format("{}: expected {}, got {}", is_null(value) ? "missing value" : "wrong type",
                     param_expected_text(row), describe_node(value)));
    return false;
  }
  bool ok = true;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const YAML::Node item = value[i];
    const std::string ipath = fmt::format("{}[{}]", path, i);
    const Location iwhere = locate(item, ipath);
    locations_[ipath] = iwhere;
    if (is_null(item) || !item.IsScalar()) {
      fail(iwhere, ipath,
           fmt::format("expected {}, got {}",
                       row.type == ParamType::kStringList ? "a string" : "a duration",
                       describe_node(item)));
      ok = false;
      continue;
    }
    const std::string& text = item.Scalar();
    if (row.type == ParamType::kStringList) {
      if (auto f = seen.find(text); f != seen.end()) {
        fail(iwhere, ipath, fmt::format("duplicate '{}' (also item {})", shown(text), f->second));
        ok = false;
        continue;
      }
      seen.emplace(text, i);
      out->strings.push_back(text);
      if (!row.ref_target.empty()) {
        references_.push_back(Reference{text, std::string(row.ref_target), ipath, iwhere});
      }
    } else {
      const auto r = parse_duration(text);
      if (!r) {
        fail(iwhere, ipath, r.error);
        ok = false;
        continue;
      }
      out->durations.push_back(*r);
    }
  }
  if (ok && value.size() < row.min_entries) {
    fail(where, path, fmt::format("expected at least {} item(s)", row.min_entries));
    return false;
  }
  return ok;
}

std::optional<Distribution> Walker::parse_distribution(const ParamSpec& row,
                                                       const YAML::Node& value,
                                                       const std::string& path,
                                                       const Location& where) {
  if (is_null(value)) {
    fail(where, path, fmt::format("missing value: expected {}", param_expected_text(row)));
    return std::nullopt;
  }
  if (value.IsScalar()) {
    const auto r = parse_duration(value.Scalar());
    if (!r) {
      fail(where, path,
           fmt::format("expected {}, got {}", param_expected_text(row), describe_node(value)));
      return std::nullopt;
    }
    if (!check_range(row, to_seconds(*r), path, where)) return std::nullopt;
    return Distribution::deterministic(to_seconds(*r));
  }
  if (!value.IsMap()) {
    fail(where, path,
         fmt::format("expected {}, got {}", param_expected_text(row), describe_node(value)));
    return std::nullopt;
  }
  DistributionSpec spec;
  DistributionSpec* saved = ctx_.dist;
  ctx_.dist = &spec;
  const std::size_t before = error_count();
  walk_section(*find_param(kDistributionPattern), value, path, where);
  ctx_.dist = saved;
  if (error_count() > before) return std::nullopt;
  return build_distribution(row, spec, path, where);
}

std::optional<Distribution> Walker::build_distribution(const ParamSpec& row,
                                                       const DistributionSpec& spec,
                                                       const std::string& path,
                                                       const Location& where) {
  const std::size_t before = error_count();
  try {
    check_distribution(row, spec, path, where);
    if (error_count() == before) return make_distribution(spec);
  } catch (const std::exception& e) {
    fail(where, path, fmt::format("invalid distribution: {}", e.what()));
  }
  return std::nullopt;
}

void Walker::check_distribution(const ParamSpec& row, const DistributionSpec& s,
                                const std::string& path, const Location& where) {
  if (s.dist == "deterministic") {
    check_key_range(row, path, "value", s.value);
  } else if (s.dist == "exponential") {
    if (!(*s.mean > 0)) {
      fail(location_of(path + ".mean"), path + ".mean", "exponential: mean must be > 0s");
    }
    check_key_range(row, path, "mean", s.mean);
  } else if (s.dist == "uniform") {
    check_key_range(row, path, "min", s.min);
    check_key_range(row, path, "max", s.max);
    if (!(*s.max >= *s.min)) {
      fail(location_of(path + ".max"), path + ".max",
           fmt::format("uniform: max ({}) must be at least min ({})",
                       format_duration_seconds(*s.max), format_duration_seconds(*s.min)));
    }
  } else if (s.dist == "normal") {
    check_key_range(row, path, "mean", s.mean);
  } else if (s.dist == "lognormal") {
    check_lognormal(row, s, path, where);
  } else if (s.dist == "pareto") {
    check_key_range(row, path, "scale", s.scale);
  } else if (s.dist == "empirical") {
    for (std::size_t i = 0; i < s.samples->size(); ++i) {
      const std::string ipath = fmt::format("{}.samples[{}]", path, i);
      check_range(row, (*s.samples)[i], ipath, location_of(ipath));
    }
  }
}

void Walker::check_lognormal(const ParamSpec& row, const DistributionSpec& s,
                             const std::string& path, const Location& where) {
  const bool by_percentiles = s.median || s.p99;
  const bool by_moments = s.mu || s.sigma;
  if (by_percentiles && by_moments) {
    fail(where, path, "lognormal takes median and p99, or mu and sigma, not both");
  } else if (by_percentiles) {
    if (!s.median) fail(where, path, "missing required key 'median' (lognormal with p99 needs it)");
    if (!s.p99) fail(where, path, "missing required key 'p99' (lognormal with median needs it)");
    if (s.median && s.p99 && !(*s.p99 >= *s.median)) {
      fail(location_of(path + ".p99"), path + ".p99",
           fmt::format("lognormal: p99 ({}) must be at least the median ({})",
                       format_duration_seconds(*s.p99), format_duration_seconds(*s.median)));
    }
    check_key_range(row, path, "median", s.median);
    check_key_range(row, path, "p99", s.p99);
  } else if (by_moments) {
    if (!s.mu) fail(where, path, "missing required key 'mu' (lognormal with sigma needs it)");
    if (!s.sigma) fail(where, path, "missing required key 'sigma' (lognormal with mu needs it)");
    if (s.mu && !param_in_range(row, std::exp(*s.mu))) {
      fail(location_of(path + ".mu"), path + ".mu",
           fmt::format("lognormal: the median exp(mu) = {} is out of range: expected {}",
                       format_param_value(row, std::exp(*s.mu)), param_range_text(row)));
    }
  } else {
    fail(where, path, "lognormal needs median and p99 (or mu and sigma)");
  }
}

void Walker::check_key_range(const ParamSpec& row, const std::string& path, std::string_view key,
                             const std::optional<double>& seconds) {
  if (!seconds) return;
  const std::string kpath = path + "." + std::string(key);
  check_range(row, *seconds, kpath, location_of(kpath));
}

void Walker::check_references() {
  // Each named map's names as a set: a lookup per reference, not a scan.
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> known;
  for (const auto& [pattern, names] : names_) known[pattern].insert(names.begin(), names.end());
  for (const Reference& r : references_) {
    const auto it = names_.find(r.target);
    static const std::vector<std::string> kNone;
    const std::vector<std::string>& names = it == names_.end() ? kNone : it->second;
    if (const auto k = known.find(r.target); k != known.end() && k->second.count(r.value) > 0) {
      continue;
    }
    const ParamSpec* target = find_param(r.target);
    const std::string_view noun = target != nullptr ? target->entry_noun : "entry";
    fail(r.location, r.path,
         fmt::format("no {} named '{}' in {}{}", noun, shown(r.value), r.target,
                     did_you_mean(r.value, names)));
  }
}

}  // namespace lambdasim
