#include <charconv>

#include <fmt/format.h>

#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/params.hpp"
#include "scenario/override_apply.hpp"

namespace lambdasim {
namespace {

bool is_null(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull();
}

// The value of `key` in a map, without creating it; undefined when absent.
YAML::Node lookup(const YAML::Node& map, const std::string& key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsDefined() && it->first.IsScalar() && it->first.Scalar() == key) {
      return it->second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::vector<std::string> map_keys(const YAML::Node& map) {
  std::vector<std::string> out;
  if (!map.IsDefined() || !map.IsMap()) return out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsDefined() && it->first.IsScalar()) out.push_back(it->first.Scalar());
  }
  return out;
}

std::vector<std::string> keys_of(std::string_view pattern) {
  std::vector<std::string> out;
  for (const ParamSpec* c : param_children(pattern)) out.emplace_back(param_key(c->path));
  return out;
}

OverrideApplied failure(std::string message) {
  return OverrideApplied{false, {}, std::move(message)};
}

bool plain_safe(const std::string& s) {
  if (s.empty()) return false;
  static constexpr std::string_view kNullish[] = {"~", "null", "Null", "NULL"};
  for (std::string_view n : kNullish) {
    if (s == n) return false;
  }
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '/' || c == '%' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Aliases can make a small document render huge: stop at this size.
constexpr std::size_t kMaxFlowChars = 64 * 1024;

bool flow(const YAML::Node& n, int depth, int max_depth, std::string* out) {
  if (depth > max_depth || out->size() > kMaxFlowChars) return false;
  if (is_null(n)) {
    *out += "~";
    return true;
  }
  if (n.IsScalar()) {
    *out += plain_safe(n.Scalar()) ? n.Scalar() : double_quoted(n.Scalar());
    return true;
  }
  if (n.IsSequence()) {
    *out += "[";
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i > 0) *out += ", ";
      if (!flow(n[i], depth + 1, max_depth, out)) return false;
    }
    *out += "]";
    return true;
  }
  *out += "{";
  bool first = true;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!first) *out += ", ";
    first = false;
    if (!flow(it->first, depth + 1, max_depth, out)) return false;
    *out += ": ";
    if (!flow(it->second, depth + 1, max_depth, out)) return false;
  }
  *out += "}";
  return true;
}

}  // namespace

std::optional<std::vector<PathSegment>> split_key_path(std::string_view path, std::string* error) {
  auto bad = [&](std::string message) -> std::optional<std::vector<PathSegment>> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  std::vector<PathSegment> out;
  if (path.empty()) return bad("empty key path");
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t end = path.find('.', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(pos, end - pos);
    PathSegment seg;
    const std::size_t open = segment.find('[');
    seg.key = std::string(segment.substr(0, open));
    if (seg.key.empty()) {
      return bad(fmt::format("bad key path '{}': empty key (expected a.b.c, items as a[0])", path));
    }
    if (seg.key.find_first_of("]= \t") != std::string::npos) {
      return bad(fmt::format("bad key path '{}': unexpected character in '{}'", path, seg.key));
    }
    if (open != std::string_view::npos) {
      const std::string_view rest = segment.substr(open);
      std::size_t index = 0;
      const auto [ptr, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), index);
      if (rest.size() < 3 || ec != std::errc() || ptr != rest.data() + rest.size() - 1 ||
          rest.back() != ']') {
        return bad(
            fmt::format("bad key path '{}': expected an item index such as {}[0]", path, seg.key));
      }
      seg.index = index;
    }
    out.push_back(std::move(seg));
    if (end == path.size()) break;
    pos = end + 1;
  }
  return out;
}

std::vector<PathSegment> normalize_key_path(std::vector<PathSegment> segments) {
  if (segments.empty()) return segments;
  const std::string& first = segments.front().key;
  if (first == "spec" || first == "apiVersion" || first == "kind" || first == "metadata") {
    return segments;
  }
  segments.insert(segments.begin(), PathSegment{"spec", std::nullopt});
  return segments;
}

std::string key_path_text(const std::vector<PathSegment>& segments) {
  std::string out;
  for (const PathSegment& s : segments) {
    if (!out.empty()) out += '.';
    out += s.key;
    if (s.index) out += fmt::format("[{}]", *s.index);
  }
  return out;
}

namespace {

// Resolves `path` against the table and the document; with `mutate`, also
// sets the value (a dry run first makes a failed override leave no trace).
OverrideApplied resolve(YAML::Node root, const std::vector<PathSegment>& path,
                        const YAML::Node& value, bool mutate) {
  if (path.empty()) return failure("empty key path");
  if (!root.IsDefined() || !root.IsMap()) return failure("the scenario is not a map");
  const ParamSpec* row = find_param("");
  YAML::Node cur = root;  // a map (or, in a dry run, undefined where one would be created)
  std::string concrete;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const PathSegment& seg = path[i];
    const bool last = i + 1 == path.size();
    const std::string where = concrete.empty() ? std::string("the top level") : concrete;
    const ParamSpec* next = nullptr;
    switch (row->type) {
      case ParamType::kSection: {
        const std::string pattern =
            row->path.empty() ? seg.key : std::string(row->path) + "." + seg.key;
        next = seg.key.front() == '<' ? nullptr : find_param(pattern);
        if (next == nullptr) {
          return failure(fmt::format("unknown key '{}' in {}{}", seg.key, where,
                                     did_you_mean(seg.key, keys_of(row->path))));
        }
        break;
      }
      case ParamType::kNamedMap: {
        next = param_entry(*row);
        if (next == nullptr) return failure(fmt::format("'{}' has no entries", where));
        const bool exists = lookup(cur, seg.key).IsDefined();
        if (!exists && !(last && !seg.index)) {
          return failure(fmt::format("no {} named '{}' in {}{}", row->entry_noun, seg.key, where,
                                     did_you_mean(seg.key, map_keys(cur))));
        }
        if (next->type == ParamType::kOverrides && !last) {
          return failure(fmt::format("a {} can only be set whole: {}.{}={{...}}", row->entry_noun,
                                     where, seg.key));
        }
        break;
      }
      case ParamType::kDistribution: {
        next = find_param(std::string(kDistributionPattern) + "." + seg.key);
        if (next == nullptr) {
          return failure(fmt::format("unknown key '{}' in distribution {}{}", seg.key, where,
                                     did_you_mean(seg.key, keys_of(kDistributionPattern))));
        }
        break;
      }
      default:
        return failure(fmt::format("'{}' is a value, not a section: nothing is inside it", where));
    }
    concrete += (concrete.empty() ? "" : ".") + seg.key;
    if (seg.index && next->type != ParamType::kList) {
      return failure(fmt::format("'{}' is not a list: it has no item [{}]", concrete, *seg.index));
    }
    if (!seg.index && next->type == ParamType::kList && !last) {
      return failure(fmt::format("'{}' is a list: say which item, e.g. {}[0]", concrete, concrete));
    }
    if (last && !seg.index) {
      if (mutate) cur[seg.key] = value;
      return OverrideApplied{true, concrete, {}};
    }
    const YAML::Node child = lookup(cur, seg.key);
    if (seg.index) {
      const bool is_list = child.IsDefined() && child.IsSequence();
      const std::size_t n = is_list ? child.size() : 0;
      const std::size_t k = *seg.index;
      concrete += fmt::format("[{}]", k);
      if (last && k == n) {
        if (mutate) {
          if (!is_list) cur[seg.key] = YAML::Node(YAML::NodeType::Sequence);
          YAML::Node seq = cur[seg.key];
          seq.push_back(value);
        }
        return OverrideApplied{true, concrete, {}};
      }
      if (k >= n) {
        return failure(fmt::format("{} has {} item(s): no item [{}]{}", where + "." + seg.key, n, k,
                                   last ? fmt::format(" (use [{}] to append)", n) : ""));
      }
      if (!mutate) {
        const YAML::Node item = child[k];
        cur.reset(item.IsDefined() && item.IsMap() ? item : YAML::Node(YAML::NodeType::Undefined));
      } else {
        YAML::Node seq = cur[seg.key];
        if (last) {
          seq[k] = value;
          return OverrideApplied{true, concrete, {}};
        }
        if (!seq[k].IsMap()) seq[k] = YAML::Node(YAML::NodeType::Map);
        YAML::Node item = seq[k];
        cur.reset(item);
      }
      if (last) return OverrideApplied{true, concrete, {}};
      row = param_entry(*next);
      continue;
    }
    // Descend into a map, creating sections on the way.
    if (!child.IsDefined() || !child.IsMap()) {
      if (next->type == ParamType::kDistribution) {
        return failure(fmt::format(
            "'{}' is not a distribution map here: set it whole, e.g. {}={{dist: exponential, "
            "mean: 50ms}}",
            concrete, concrete));
      }
      if (!mutate) {
        cur.reset(YAML::Node(YAML::NodeType::Undefined));
        row = next;
        continue;
      }
      cur[seg.key] = YAML::Node(YAML::NodeType::Map);
    }
    if (mutate) {
      YAML::Node down = cur[seg.key];
      cur.reset(down);
    } else {
      cur.reset(child);
    }
    row = next;
  }
  return failure("empty key path");
}

}  // namespace

OverrideApplied apply_override(YAML::Node root, const std::vector<PathSegment>& path,
                               const YAML::Node& value) {
  OverrideApplied dry = resolve(root, path, value, false);
  if (!dry.ok) return dry;
  return resolve(root, path, value, true);
}

std::optional<std::string> to_flow_yaml(const YAML::Node& node, int max_depth) {
  std::string out;
  if (!flow(node, 0, max_depth, &out)) return std::nullopt;
  return out;
}

}  // namespace lambdasim
