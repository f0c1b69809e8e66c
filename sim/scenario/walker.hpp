// Private to the scenario layer: walks a YAML document along the parameter
// table, reporting every problem (unknown, duplicate, missing keys, wrong
// types, out-of-range values) at file:line:col and storing each good value
// through its row's `apply`.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/params.hpp"
#include "scenario/apply_context.hpp"

namespace lambdasim {

// Where the nodes under a key path came from when an override replaced them.
struct OverrideSource {
  std::string path;         // normalised: spec.functions.api.arrivals[1].rate
  std::string file;         // "<--set>", or the scenario file for variants
  bool file_marks = false;  // node marks are positions in `file` (variants)
  int line = 1;             // else: where the value text starts
  int column = 1;
};

// One `spec.variants.<name>` entry as read (applied later by the loader).
struct VariantEntry {
  std::string key;  // the key path as written
  Location key_location;
  YAML::Node value;
};
struct VariantSpec {
  std::string name;
  Location location;  // of the name
  std::vector<VariantEntry> entries;
};

class Walker {
 public:
  Walker(std::string file, std::vector<OverrideSource> overrides, ApplyContext& ctx,
         std::vector<Diagnostic>& diagnostics);

  void walk_document(const YAML::Node& root);
  // Reports references (ref_target rows) to entries that do not exist.
  void check_references();

  // The location recorded for a concrete key path, else that of its nearest
  // recorded ancestor, else the file's first line.
  Location location_of(std::string_view path) const;
  // Whether the key was written (in the file or by an override).
  bool present(std::string_view path) const { return locations_.count(std::string(path)) > 0; }
  // Whether the value at this path (or below it) was rejected.
  bool failed(std::string_view path) const;
  const std::vector<VariantSpec>& variants() const { return variants_; }
  // Every key path written, with where (for Scenario::key_locations).
  const std::map<std::string, Location>& locations() const { return locations_; }

  void error(const Location& where, const std::string& path, std::string message);
  void warning(const Location& where, const std::string& path, std::string message);

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  struct Reference {
    std::string value;
    std::string target;  // pattern of the named map
    std::string path;
    Location location;
  };

  Location locate(const YAML::Node& node, const std::string& path) const;
  Location locate_value(const YAML::Node& value, const YAML::Node& key,
                        const std::string& path) const;
  std::vector<Entry> entries_of(const YAML::Node& map, const std::string& path);
  void walk_section(const ParamSpec& row, const YAML::Node& node, const std::string& path,
                    const Location& where);
  // The parts of walk_section: the discriminator entry (`dist`, walked first:
  // it decides which other keys are valid), each other entry, required keys.
  static const Entry* discriminator_entry(const ParamSpec& row, const std::vector<Entry>& entries);
  std::optional<std::string> walk_discriminator(const ParamSpec& row, const Entry& entry,
                                                const std::string& path);
  void walk_section_entry(const ParamSpec& row, const Entry& e, const std::string& path,
                          const std::optional<std::string>& disc);
  void check_required_keys(const ParamSpec& row, const std::vector<Entry>& entries,
                           const std::string& path, const Location& where,
                           const std::optional<std::string>& disc);
  void walk_value(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                  const YAML::Node& key);
  void walk_named_map(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                      const Location& where);
  void walk_list(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                 const Location& where);
  void walk_variant(const YAML::Node& value, const std::string& name, const std::string& path,
                    const Location& where);
  // A map of names to plain values (a sweep point); the sweep reads it later.
  void walk_scalar_map(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                       const Location& where);
  bool parse_scalar(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                    const Location& where, ParamValue* out);
  bool parse_list(const ParamSpec& row, const YAML::Node& value, const std::string& path,
                  const Location& where, ParamValue* out);
  bool check_range(const ParamSpec& row, double canonical, const std::string& path,
                   const Location& where);
  std::optional<Distribution> parse_distribution(const ParamSpec& row, const YAML::Node& value,
                                                 const std::string& path, const Location& where);
  std::optional<Distribution> build_distribution(const ParamSpec& row, const DistributionSpec& spec,
                                                 const std::string& path, const Location& where);
  // Reports what makes a `dist` map invalid (before build_distribution makes it).
  void check_distribution(const ParamSpec& row, const DistributionSpec& s, const std::string& path,
                          const Location& where);
  void check_lognormal(const ParamSpec& row, const DistributionSpec& s, const std::string& path,
                       const Location& where);
  // A duration parameter `key` of a distribution at `path`, if given, in the range of `row`.
  void check_key_range(const ParamSpec& row, const std::string& path, std::string_view key,
                       const std::optional<double>& seconds);
  void fail(const Location& where, const std::string& path, std::string message);
  // Errors this walker reported (not a count over all diagnostics: linear time).
  std::size_t error_count() const;

  std::string file_;
  std::vector<OverrideSource> overrides_;
  ApplyContext& ctx_;
  std::vector<Diagnostic>& diagnostics_;
  std::map<std::string, Location> locations_;
  std::set<std::string, std::less<>> failed_;              // transparent: lower_bound(string_view)
  std::size_t errors_ = 0;                                 // reported through error(), in O(1)
  std::map<std::string, std::vector<std::string>> names_;  // named-map pattern -> entry names
  std::vector<Reference> references_;
  std::vector<VariantSpec> variants_;
};

// Names of functions, variants and other named-map entries: letters, digits,
// '-' and '_', 1 to 64 characters (AWS function names; no '.', which
// separates keys in paths).
bool is_valid_entry_name(std::string_view name);

// "a map", "a list", "a value", "nothing".
std::string describe_node(const YAML::Node& node);

}  // namespace lambdasim
