// Renders a Comparison (lambdasim compare): a side-by-side table with paired
// differences to the first variant, and compare.json / compare.csv.
#pragma once

#include <string>

#include "lambdasim/experiment/compare.hpp"

namespace lambdasim {

std::string render_comparison_table(const Comparison& c);
std::string comparison_to_json(const Scenario& base, const Comparison& c);
// Long format: metric,variant,mean,half_width,diff_mean,diff_half_width
std::string comparison_to_csv(const Comparison& c);

}  // namespace lambdasim
