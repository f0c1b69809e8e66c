#include <charconv>
#include <optional>
#include <string>
#include <vector>

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

// One walk of a key path down the parameter table and the document. With
// `mutate`, it also sets the value (a dry run first makes a failed override
// leave no trace). Each step returns nullopt to go on, else the result.
class PathResolver {
 public:
  PathResolver(YAML::Node root, const YAML::Node& value, bool mutate)
      : row_(find_param("")), cur_(root), value_(value), mutate_(mutate) {}

  std::optional<OverrideApplied> step(const PathSegment& seg, bool last);

 private:
  // The row `seg` names under the current row, in *next; else the failure.
  std::optional<OverrideApplied> next_row(const PathSegment& seg, bool last,
                                          const std::string& where, const ParamSpec** next) const;
  // Into item [k] of the list `seg` names (appending at k == size).
  std::optional<OverrideApplied> into_item(const PathSegment& seg, bool last, const ParamSpec& next,
                                           const YAML::Node& child, const std::string& where);
  // Into the map `seg` names, creating sections on the way.
  std::optional<OverrideApplied> into_map(const PathSegment& seg, const ParamSpec& next,
                                          const YAML::Node& child);
  OverrideApplied done() const { return OverrideApplied{true, concrete_, {}}; }

  const ParamSpec* row_;
  YAML::Node cur_;  // a map (or, in a dry run, undefined where one would be created)
  std::string concrete_;
  const YAML::Node& value_;
  bool mutate_;
};

std::optional<OverrideApplied> PathResolver::step(const PathSegment& seg, bool last) {
  const std::string where = concrete_.empty() ? std::string("the top level") : concrete_;
  const ParamSpec* next = nullptr;
  if (auto failed = next_row(seg, last, where, &next)) return failed;
  concrete_ += (concrete_.empty() ? "" : ".") + seg.key;
  if (seg.index && next->type != ParamType::kList) {
    return failure(fmt::format("'{}' is not a list: it has no item [{}]", concrete_, *seg.index));
  }
  if (!seg.index && next->type == ParamType::kList && !last) {
    return failure(fmt::format("'{}' is a list: say which item, e.g. {}[0]", concrete_, concrete_));
  }
  if (last && !seg.index) {
    if (mutate_) cur_[seg.key] = value_;
    return done();
  }
  const YAML::Node child = lookup(cur_, seg.key);
  if (seg.index) return into_item(seg, last, *next, child, where);
  return into_map(seg, *next, child);
}

std::optional<OverrideApplied> PathResolver::next_row(const PathSegment& seg, bool last,
                                                      const std::string& where,
                                                      const ParamSpec** next) const {
  switch (row_->type) {
    case ParamType::kSection: {
      const std::string pattern =
          row_->path.empty() ? seg.key : std::string(row_->path) + "." + seg.key;
      *next = seg.key.front() == '<' ? nullptr : find_param(pattern);
      if (*next == nullptr) {
        return failure(fmt::format("unknown key '{}' in {}{}", seg.key, where,
                                   did_you_mean(seg.key, keys_of(row_->path))));
      }
      return std::nullopt;
    }
    case ParamType::kNamedMap: {
      *next = param_entry(*row_);
      if (*next == nullptr) return failure(fmt::format("'{}' has no entries", where));
      const bool exists = lookup(cur_, seg.key).IsDefined();
      if (!exists && !(last && !seg.index)) {
        return failure(fmt::format("no {} named '{}' in {}{}", row_->entry_noun, seg.key, where,
                                   did_you_mean(seg.key, map_keys(cur_))));
      }
      if ((*next)->type == ParamType::kOverrides && !last) {
        return failure(fmt::format("a {} can only be set whole: {}.{}={{...}}", row_->entry_noun,
                                   where, seg.key));
      }
      return std::nullopt;
    }
    case ParamType::kDistribution: {
      *next = find_param(std::string(kDistributionPattern) + "." + seg.key);
      if (*next == nullptr) {
        return failure(fmt::format("unknown key '{}' in distribution {}{}", seg.key, where,
                                   did_you_mean(seg.key, keys_of(kDistributionPattern))));
      }
      return std::nullopt;
    }
    default:
      return failure(fmt::format("'{}' is a value, not a section: nothing is inside it", where));
  }
}

std::optional<OverrideApplied> PathResolver::into_item(const PathSegment& seg, bool last,
                                                       const ParamSpec& next,
                                                       const YAML::Node& child,
                                                       const std::string& where) {
  const bool is_list = child.IsDefined() && child.IsSequence();
  const std::size_t n = is_list ? child.size() : 0;
  const std::size_t k = *seg.index;
  concrete_ += fmt::format("[{}]", k);
  if (last && k == n) {
    if (mutate_) {
      if (!is_list) cur_[seg.key] = YAML::Node(YAML::NodeType::Sequence);
      YAML::Node seq = cur_[seg.key];
      seq.push_back(value_);
    }
    return done();
  }
  if (k >= n) {
    return failure(fmt::format("{} has {} item(s): no item [{}]{}", where + "." + seg.key, n, k,
                               last ? fmt::format(" (use [{}] to append)", n) : ""));
  }
  if (!mutate_) {
    const YAML::Node item = child[k];
    cur_.reset(item.IsDefined() && item.IsMap() ? item : YAML::Node(YAML::NodeType::Undefined));
  } else {
    YAML::Node seq = cur_[seg.key];
    if (last) {
      seq[k] = value_;
      return done();
    }
    if (!seq[k].IsMap()) seq[k] = YAML::Node(YAML::NodeType::Map);
    YAML::Node item = seq[k];
    cur_.reset(item);
  }
  if (last) return done();
  row_ = param_entry(next);
  return std::nullopt;
}

std::optional<OverrideApplied> PathResolver::into_map(const PathSegment& seg, const ParamSpec& next,
                                                      const YAML::Node& child) {
  if (!child.IsDefined() || !child.IsMap()) {
    if (next.type == ParamType::kDistribution) {
      return failure(fmt::format(
          "'{}' is not a distribution map here: set it whole, e.g. {}={{dist: exponential, "
          "mean: 50ms}}",
          concrete_, concrete_));
    }
    if (!mutate_) {
      cur_.reset(YAML::Node(YAML::NodeType::Undefined));
      row_ = &next;
      return std::nullopt;
    }
    cur_[seg.key] = YAML::Node(YAML::NodeType::Map);
  }
  if (mutate_) {
    YAML::Node down = cur_[seg.key];
    cur_.reset(down);
  } else {
    cur_.reset(child);
  }
  row_ = &next;
  return std::nullopt;
}

// Resolves `path` against the table and the document; with `mutate`, also
// sets the value (a dry run first makes a failed override leave no trace).
OverrideApplied resolve(YAML::Node root, const std::vector<PathSegment>& path,
                        const YAML::Node& value, bool mutate) {
  if (path.empty()) return failure("empty key path");
  if (!root.IsDefined() || !root.IsMap()) return failure("the scenario is not a map");
  PathResolver resolver(root, value, mutate);
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (auto result = resolver.step(path[i], i + 1 == path.size())) return std::move(*result);
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
