// Private to the scenario layer: reading files and turning text into one YAML
// document (a map), with diagnostics for unreadable files, non-text bytes,
// YAML syntax errors, empty or non-map documents.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "lambdasim/scenario/diagnostics.hpp"

namespace lambdasim {

inline constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;
inline constexpr std::size_t kMaxTraceBytes = std::size_t{1} << 30;

// False (and a message such as "No such file or directory") when the file
// cannot be read whole or is larger than `max_bytes`.
bool read_text_file(const std::string& path, std::size_t max_bytes, std::string* out,
                    std::string* error);

// The top-level map of the only document in `text`, or nullopt after adding
// diagnostics.
std::optional<YAML::Node> parse_document(std::string_view text, const std::string& file_label,
                                         std::vector<Diagnostic>& diagnostics);

}  // namespace lambdasim
