// How `lambdasim schema` describes one row in words, shared by the text,
// Markdown and JSON Schema renderings (schema.cpp, json_schema.cpp).
#pragma once

#include <string>

#include "lambdasim/scenario/params.hpp"

namespace lambdasim {

// The row's help, plus when it applies for keys selected by a discriminator
// ("Only for dist: ramp. Required for dist: ramp.").
std::string param_description(const ParamSpec& p);

// The row's range, plus "at least N <entries>" for maps and lists; "" when
// unbounded.
std::string param_range_cell(const ParamSpec& p);

}  // namespace lambdasim
