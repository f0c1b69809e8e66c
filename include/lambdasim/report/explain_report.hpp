// Renders an Explanation (lambdasim explain) as readable text or JSON.
#pragma once

#include <string>

#include "lambdasim/model/explain.hpp"

namespace lambdasim {

std::string render_explanation_text(const Explanation& e);
std::string render_explanation_json(const Explanation& e);

}  // namespace lambdasim
