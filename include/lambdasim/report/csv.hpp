// timeseries.csv: one row per interval [t_start_s, t_end_s), times in seconds.
// Column order is stable and tools (tools/plot.py) find columns by name, so
// columns may be added later without breaking readers:
//   t_start_s,t_end_s,arrivals,completions,successes,throttles,errors,cold_starts,
//   concurrency_avg,concurrency_max,environments_avg,idle_avg,
//   outcome.<outcome name> (every Outcome, in enum order),
//   function.<name>.{arrivals,successes,throttles,errors,cold_starts,
//                    concurrency_avg,concurrency_max} (per function, config order),
//   availability (successes / attempts that ended in the row; empty if none),
//   enis,enis_creating (time averages), ips_used_max,nat_connections_max,
//   faults_active (faults active at any time in the row)
// Each column is declared once (name, unit, kind, format) in
// sim/metrics/metric_table_timeseries.cpp; the header and rows iterate them.
#pragma once

#include <string>
#include <vector>

#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/model/config.hpp"

namespace lambdasim {

std::vector<std::string> timeseries_columns(const ModelConfig& config);
std::string timeseries_to_csv(const TimeSeries& series, const ModelConfig& config);
// The same in parts, for rows streamed in chunks (TimeSeriesKeep::kStream):
// the header line, then each chunk's rows; concatenated they equal
// timeseries_to_csv of all the rows.
std::string timeseries_csv_header(const ModelConfig& config);
std::string timeseries_csv_rows(const TimeSeries& chunk, const ModelConfig& config);

}  // namespace lambdasim
