// Private to the scenario layer: reading files and turning text into one YAML
// document (a map), with diagnostics for unreadable files, non-text bytes,
// YAML syntax errors, empty or non-map documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "lambdasim/scenario/diagnostics.hpp"

namespace lambdasim {

inline constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;

// False (and a message such as "No such file or directory") when the file
// cannot be read whole or is larger than `max_bytes`.
bool read_text_file(const std::string& path, std::size_t max_bytes, std::string* out,
                    std::string* error);

// Like read_text_file for a regular file only: a FIFO, device, socket or
// directory is refused after a stat() without being opened (so it can never
// block), the size is checked before reading, and the file is opened
// non-blocking and checked again through its descriptor.
bool read_regular_file(const std::string& path, std::uint64_t max_bytes, std::string* out,
                       std::string* error);

// The first byte of raw text that cannot be in a scenario, trace or `--set`
// value: a control byte (other than tab and line ends), a C1 control, or
// anything that is not well-formed UTF-8; the message says which.
struct TextProblem {
  std::size_t offset = 0;
  std::string message;
};
std::optional<TextProblem> find_text_problem(std::string_view text);

// 1-based line and byte column of `offset` in `text`.
Location location_at(std::string_view text, std::size_t offset, const std::string& file);

// What the event scan of a YAML text (that YAML::Load accepted) found: in
// its first document, explicit tags (refused: values are typed by their
// key) and strings that escapes made invalid UTF-8; and where a second
// non-empty document starts, if any.
struct YamlProblem {
  YAML::Mark mark;
  std::string message;
};
struct YamlScan {
  std::vector<YamlProblem> problems;
  std::optional<YAML::Mark> second_document;
};
YamlScan scan_yaml(const std::string& text);

// The top-level map of the only document in `text`, or nullopt after adding
// diagnostics.
std::optional<YAML::Node> parse_document(std::string_view text, const std::string& file_label,
                                         std::vector<Diagnostic>& diagnostics);

}  // namespace lambdasim
