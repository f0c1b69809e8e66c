// Runs simulations: one replication (a Simulation, a LambdaModel and a
// MetricsCollector wired together), or many on a Boost.Asio thread pool.
// A replication's random streams follow from (spec.seed, replication index,
// entity name) only, so results are identical for any number of threads.
//   auto results = run_replications(scenario, /*count=*/10, /*jobs=*/2);
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

struct RunOptions {
  bool keep_timeseries = true;  // false drops the series (replications > 1 keep only #0's)
};

struct ReplicationResult {
  std::uint64_t replication = 0;
  RunSummary summary;
  TimeSeries timeseries;
  std::uint64_t events = 0;  // kernel events processed
};

ReplicationResult run_replication(const Scenario& scenario, std::uint64_t replication,
                                  const RunOptions& options = {});

// Replications 0..count-1 on `jobs` threads (0 = hardware concurrency), in
// replication order. The first exception thrown by any run is rethrown.
std::vector<ReplicationResult> run_replications(const Scenario& scenario, std::size_t count,
                                                std::size_t jobs, const RunOptions& options = {});

}  // namespace lambdasim
