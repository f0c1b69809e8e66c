// What happened in each fixed interval of a run ([t_start, t_end) rows), account-
// wide and per function. Filled by MetricsCollector; written as timeseries.csv
// by the report layer. Rows are kept only when asked for: all of them (memory
// grows with horizon / interval), or streamed to a sink a chunk at a time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/outcome.hpp"

namespace lambdasim {

// A row's statistic of nothing (a latency percentile without completions).
inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct TimeSeriesRow {
  SimTime start{};
  SimTime end{};               // start + interval, except the last row, which ends at the run's end
  std::uint64_t arrivals = 0;  // attempts (sync requests and async attempts, retries included)
  std::uint64_t completions = 0;      // attempts that ran and ended
  std::uint64_t successes = 0;        // completions with outcome success
  std::uint64_t throttles = 0;        // rejected attempts that were 429s
  std::uint64_t errors = 0;           // function errors (CloudWatch Errors)
  std::uint64_t platform_errors = 0;  // failures neither 429s nor function errors
  std::uint64_t cold_starts = 0;
  // Attempts by outcome; the async_* slots count async events reaching that
  // final state instead (async success is not counted here, it is an attempt).
  std::array<std::uint64_t, kOutcomeCount> outcomes{};
  double concurrency_avg = 0;   // running invocations, time average over the row
  double concurrency_max = 0;   // ... and its maximum inside the row
  double environments_avg = 0;  // environments alive (running + idle), time average
  double idle_avg = 0;          // idle environments, time average
  // VPC networking, account-wide (0 without VPCs).
  double enis_avg = 0;              // ENIs in service, time average
  double enis_creating_avg = 0;     // ENIs being created, time average
  double ips_used_max = 0;          // IPs held by ENIs (in service + creating), maximum
  double nat_connections_max = 0;   // open through all NATs together, maximum
  std::uint32_t faults_active = 0;  // faults of the timeline active at any time in the row
  // End-to-end latency (ms) of the successful completions in the row (as
  // summary.json's latency): all, cold starts, warm; NaN when the row had
  // none. Filled only when rows are kept (RowHistogram: within 1.6%).
  double latency_p50_ms = kNoValue;
  double latency_p99_ms = kNoValue;
  double latency_cold_p50_ms = kNoValue;
  double latency_cold_p99_ms = kNoValue;
  double latency_warm_p50_ms = kNoValue;
  double latency_warm_p99_ms = kNoValue;
  // Attempts that ended in the row, refused or completed: every outcome slot
  // but the async final states (those count events, not attempts).
  std::uint64_t attempts_ended() const {
    std::uint64_t n = 0;
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
      const auto oc = static_cast<Outcome>(o);
      if (oc != Outcome::kAsyncExpired && oc != Outcome::kAsyncDestination &&
          oc != Outcome::kAsyncDropped) {
        n += outcomes[o];
      }
    }
    return n;
  }
  // The row's availability: successes / attempts that ended in the row, as a
  // fault window's. A success is one of those attempts, so it lies in [0, 1]
  // (successes / arrivals did not: attempts that arrived in earlier rows and
  // succeeded in this one pushed it past 1). NaN when no attempt ended.
  double availability() const {
    const std::uint64_t ended = attempts_ended();
    return ended == 0 ? std::numeric_limits<double>::quiet_NaN()
                      : static_cast<double>(successes) / static_cast<double>(ended);
  }
};

struct TimeSeriesFunctionRow {
  std::uint64_t arrivals = 0;
  std::uint64_t successes = 0;
  std::uint64_t throttles = 0;
  std::uint64_t errors = 0;  // function errors
  std::uint64_t platform_errors = 0;
  std::uint64_t cold_starts = 0;
  double concurrency_avg = 0;
  double concurrency_max = 0;
  double latency_p50_ms = kNoValue;  // as TimeSeriesRow's, of this function
  double latency_p99_ms = kNoValue;
};

// Per subnet and row (VPC networking, NetworkIndex order): ENIs in service
// and being created (maxima inside the row), the fewest free IPs, and ENIs
// in service, time average.
struct TimeSeriesSubnetRow {
  int enis_max = 0;
  int creating_max = 0;
  int free_ips_min = 0;
  double enis_avg = 0;
};

struct TimeSeries {
  SimTime interval{};  // <= 0: no time series was kept
  std::size_t function_count = 0;
  std::vector<TimeSeriesRow> rows;
  // rows.size() x function_count, row-major.
  std::vector<TimeSeriesFunctionRow> function_rows;

  const TimeSeriesFunctionRow& function_row(std::size_t row, FunctionIndex f) const {
    return function_rows[row * function_count + f];
  }
  // rows.size() x subnet_count and rows.size() x vpc_count, row-major; empty
  // without VPCs.
  std::size_t subnet_count = 0;
  std::vector<TimeSeriesSubnetRow> subnet_rows;
  std::size_t vpc_count = 0;
  std::vector<int> vpc_enis_max;
  // rows.size() x nat_count, row-major: connections open through each NAT
  // gateway (NetworkIndex order), peak inside the row; empty without NATs.
  std::size_t nat_count = 0;
  std::vector<int> nat_connections_max;
};

// What a run does with its closed rows. The rows are computed either way:
// fault recovery is read from them as they close.
enum class TimeSeriesKeep : std::uint8_t {
  kNone,    // nobody reads them: none kept, memory flat in the horizon
  kAll,     // kept in the TimeSeries (tests, small runs)
  kStream,  // handed to a sink in chunks of at most kTimeSeriesChunkRows rows
};
inline constexpr std::size_t kTimeSeriesChunkRows = 4096;

// Receives closed rows in time order: `chunk` holds only the rows closed
// since the last call (its rows, function_rows, subnet_rows, vpc_enis_max
// and nat_connections_max are that chunk's), then is cleared.
using TimeSeriesSink = std::function<void(const TimeSeries& chunk)>;

}  // namespace lambdasim
