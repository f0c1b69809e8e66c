// The parameter table: every scenario key declared once (path, type, unit,
// range, help, AWS source) together with the config field its value is
// stored in, whose default-constructed value is the key's default.
// Parsing, validation, `lambdasim schema` and the README reference all come
// from it; adding a section (say `network`) is adding rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/kernel/distribution.hpp"
#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

enum class ParamType {
  kSection,       // a map with fixed keys (the rows below it)
  kNamedMap,      // a map of user-chosen names to entries (`spec.functions.<name>`)
  kList,          // a list of items (`...arrivals[]`)
  kOverrides,     // a map of key path -> value (`spec.variants.<name>`)
  kDuration,      // 250ms, 10s, 30m
  kSize,          // bytes: 512MiB, 10MB
  kMemory,        // MiB: 1024, 512MiB, 1GiB (MB/GB mean MiB/GiB here)
  kRate,          // per second: 200/s, 12000/m
  kBandwidth,     // bits per second: 5Gbps
  kFraction,      // 0.02 or 2%
  kInt,           // signed integer
  kUint64,        // unsigned 64-bit integer
  kNumber,        // real number
  kBool,          // true | false
  kString,        // any text
  kEnum,          // one of `values`
  kStringList,    // [a, b, c]
  kDurationList,  // [10ms, 20ms]
  kDistribution,  // a duration (deterministic) or {dist: ..., ...}: see "<distribution>" rows
  kScalarMap,     // a map of user-chosen names to plain values (`spec.sweep.points[]`)
};

// A value parsed from the scenario, handed to a row's `apply`. Only the field
// of the row's type is meaningful.
struct ParamValue {
  std::string text;                  // kString, kEnum; a named-map entry's name
  double number = 0;                 // kRate (per s), kBandwidth (bps), kFraction, kNumber
  std::int64_t integer = 0;          // kInt, kSize (bytes), kMemory (MiB); a list item's index
  std::uint64_t u64 = 0;             // kUint64
  bool boolean = false;              // kBool
  SimTime duration{};                // kDuration
  std::vector<std::string> strings;  // kStringList
  std::vector<SimTime> durations;    // kDurationList
  Distribution distribution;         // kDistribution (values in seconds)
};

// Where parsed values go (the Scenario being built and the current function,
// arrival, ...); defined privately in sim/scenario/. An apply function gets
// its row, so one function per field type serves every row bound to a field
// (sim/scenario/field_binding.hpp).
struct ApplyContext;
struct ParamSpec;
using ApplyFn = void (*)(ApplyContext&, const ParamSpec&, const ParamValue&);

struct ParamSpec {
  // Dotted key path; `<name>` stands for a named-map entry, `[]` for a list
  // item. Rows under the pseudo-path `<distribution>` describe the keys of a
  // distribution map, shared by every kDistribution row.
  std::string_view path{};
  ParamType type = ParamType::kString;
  std::string_view unit{};  // canonical unit of min/max: "s", "MiB", "1/s", "USD", ...
  // "3s", "(derived: ...)", "" when none. A row bound to a field derives it
  // from the default-constructed config struct (field_binding.hpp).
  std::string default_text{};
  // Range in canonical units: seconds, bytes, MiB, per second, bits/s, the
  // fraction itself, or the number. For a kDistribution row, the range of
  // its duration parameters (value, mean, median, p99, min, max, scale,
  // samples).
  std::optional<double> min{};
  std::optional<double> max{};
  bool min_exclusive = false;  // min is a strict bound ("> 0s")
  bool required = false;
  std::string_view help{};
  // "docs/aws-facts.md#<id> ...", kModelParameterSource, or "... (not an AWS fact)".
  std::string_view source{};
  std::vector<std::string_view> values{};  // kEnum: the allowed values
  // kSection / list item: the key whose value selects which other keys are
  // valid (arrival and distribution `dist`).
  std::string_view discriminator{};
  std::vector<std::string_view> only_for{};      // valid only for these discriminator values
  std::vector<std::string_view> required_for{};  // required for these discriminator values
  std::string_view entry_noun{};                 // kNamedMap: what an entry is ("function")
  std::size_t min_entries = 0;                   // kNamedMap, kList, kStringList, kDurationList
  // kString / kStringList: each value must name an entry of the named map at
  // this pattern path (a reference); checked after the whole file is read.
  std::string_view ref_target{};
  // kSection: the scalar `none` (or null) is accepted and means "absent", so a
  // variant can remove a section (`functions.api.vpc: none`).
  bool allow_none = false;
  ApplyFn apply = nullptr;  // stores a value; for sections and entries, called on entry
};

inline constexpr std::string_view kDistributionPattern = "<distribution>";
inline constexpr std::string_view kModelParameterSource =
    "not documented by AWS: model parameter (docs/aws-facts.md#not-documented)";

// The table, in document order. The first row is the document itself (path "").
const std::vector<ParamSpec>& param_table();
// The row with exactly this pattern path, or nullptr.
const ParamSpec* find_param(std::string_view pattern);
// The rows of the keys directly inside a section (not list items, not
// named-map entries). "" gives the top-level keys.
std::vector<const ParamSpec*> param_children(std::string_view pattern);
// A named map's entry row (`spec.functions.<name>`) or a list's item row
// (`...arrivals[]`); nullptr when there is none.
const ParamSpec* param_entry(const ParamSpec& container);
// "spec.functions.<name>.arrivals[]" -> "spec.functions.<name>.arrivals";
// "spec.account.concurrency" -> "spec.account"; "spec" -> "".
std::string_view param_parent(std::string_view pattern);
// The last key of a path: "spec.account.concurrency" -> "concurrency".
std::string_view param_key(std::string_view pattern);
// The pattern path of a concrete path, given the table:
// "spec.functions.api.arrivals[1].rate" -> "spec.functions.<name>.arrivals[].rate".
// Empty when the path does not resolve to a row.
std::string param_pattern_of(std::string_view concrete_path);

// "duration", "enum (current | legacy)", "map of function name -> section", ...
std::string param_type_text(const ParamSpec& p);
// "1s .. 900s", ">= 0", "> 0s", or "" when unbounded.
std::string param_range_text(const ParamSpec& p);
// A canonical value in the row's unit as scenario text: 90 -> "90s" for a
// duration, 1024 -> "1024MiB" for memory, ...
std::string format_param_value(const ParamSpec& p, double canonical);
// What a value of this row looks like, for messages: "a duration such as 250ms, 10s, 30m".
std::string param_expected_text(const ParamSpec& p);

// The table for humans (`lambdasim schema`), as JSON (`--format json`), and
// as the README's Markdown scenario reference (`--format markdown`).
std::string render_schema_text();
std::string render_schema_json();
std::string render_schema_markdown();

}  // namespace lambdasim
