// timeseries.csv: one row per interval [t_start_s, t_end_s), times in seconds.
// Column order is stable and tools (tools/plot.py) find columns by name, so
// columns may be added later without breaking readers:
//   t_start_s,t_end_s,attempts,completed,successes,throttles,errors,
//   platform_errors,cold_starts,concurrency_avg,concurrency_peak,
//   environments_avg,environments_idle_avg,
//   outcomes_<outcome name> (every Outcome, in enum order),
//   functions.<name>.{attempts,successes,throttles,errors,platform_errors,
//                     cold_starts,concurrency_avg,concurrency_peak} (config order),
//   availability (successes / attempts that ended in the row; empty if none),
//   enis_avg,enis_creating_avg (time averages), ips_used_peak,
//   nat_connections_peak, faults_active (faults active at any time in the row),
//   network.subnets.<vpc>.<subnet>.{enis_peak,creating_peak,free_ips_min},
//   network.vpcs.<vpc>.enis_peak
// The names are the summary's (README "Metric names"); a row's statistic is
// taken over the row.
// Each column is declared once (name, unit, kind, format) in
// sim/metrics/metric_table_timeseries.cpp; the header and rows iterate them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/model/config.hpp"

namespace lambdasim {

// RFC 4180: the field quoted when it holds a separator, quote or line break.
std::string csv_field(std::string_view s);

std::vector<std::string> timeseries_columns(const ModelConfig& config);
std::string timeseries_to_csv(const TimeSeries& series, const ModelConfig& config);
// The same in parts, for rows streamed in chunks (TimeSeriesKeep::kStream):
// the header line, then each chunk's rows; concatenated they equal
// timeseries_to_csv of all the rows.
std::string timeseries_csv_header(const ModelConfig& config);
std::string timeseries_csv_rows(const TimeSeries& chunk, const ModelConfig& config);

}  // namespace lambdasim
