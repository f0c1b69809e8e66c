// The scenario format as a JSON Schema (draft-07), generated from the
// parameter table, so editors (yaml-language-server) and python3-jsonschema
// can check scenarios: `lambdasim schema --format json-schema`.
#pragma once

#include <string>
#include <string_view>

namespace lambdasim {

// Draft-07: the newest draft yaml-language-server fully supports, and one
// Debian's python3-jsonschema (4.10) implements (Draft7Validator).
inline constexpr std::string_view kJsonSchemaDialect = "http://json-schema.org/draft-07/schema#";

// The schema, pretty-printed. Every section is closed (additionalProperties
// false), so a misspelt key is an error; `dist`/`kind` select which keys
// apply (if/then); values with units are strings checked by a pattern
// ("250ms", "512MiB", "200/s"). Ranges of plain numbers are checked; ranges
// of values with units, references between names and cross-key rules are
// left to `lambdasim validate`.
std::string render_json_schema();

}  // namespace lambdasim
