// Private to the scenario layer: key paths as written in `--set` and in
// variants (`functions.api.arrivals[1].rate`), checked against the parameter
// table and applied to a YAML document before it is walked, so an override
// is validated exactly like a value in the file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace lambdasim {

struct PathSegment {
  std::string key;
  std::optional<std::size_t> index;  // `key[3]`
};

// Splits "functions.api.arrivals[1].rate"; nullopt and a message on bad syntax.
std::optional<std::vector<PathSegment>> split_key_path(std::string_view path, std::string* error);

// Adds the `spec.` prefix unless the path starts at the top level (spec,
// apiVersion, kind, metadata).
std::vector<PathSegment> normalize_key_path(std::vector<PathSegment> segments);
std::string key_path_text(const std::vector<PathSegment>& segments);

struct OverrideApplied {
  bool ok = false;
  std::string path;   // normalised concrete path, e.g. spec.functions.api.memory
  std::string error;  // when !ok
};

// Sets `value` at the (normalised) path inside `root` (a map). Sections on the
// way are created; named-map entries and list items must exist, except the
// last segment, which may add an entry (`functions.new={...}`) or append an
// item (`arrivals[N]` with N = the list's length).
OverrideApplied apply_override(YAML::Node root, const std::vector<PathSegment>& path,
                               const YAML::Node& value);

// A YAML flow rendering of a node ("{dist: poisson, rate: 10/s}"), for
// Override::value; nullopt when nested deeper than `max_depth` or longer
// than 64 KiB.
std::optional<std::string> to_flow_yaml(const YAML::Node& node, int max_depth = 64);

}  // namespace lambdasim
