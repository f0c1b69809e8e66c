// The README's "Metric names" reference: every declared metric (flatten name,
// summary.json path, unit, statistic) against the CloudWatch metric it
// matches, or what it is when CloudWatch has none, and every timeseries.csv
// column. Generated from the declarations (metric_spec.hpp) by
// `lambdasim schema --metrics`; a test checks the README holds it.
#pragma once

#include <string>

namespace lambdasim {

std::string render_metric_names_markdown();

}  // namespace lambdasim
