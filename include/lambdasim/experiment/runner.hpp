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
  // What replication 0 keeps of its time series; the others keep none (only
  // #0's is ever written). kNone keeps memory flat in the horizon.
  TimeSeriesKeep timeseries = TimeSeriesKeep::kAll;
  // With kStream: replication 0's rows, in chunks, on the thread running it.
  TimeSeriesSink timeseries_sink;
};

struct ReplicationResult {
  std::uint64_t replication = 0;
  RunSummary summary;
  TimeSeries timeseries;     // replication 0 with TimeSeriesKeep::kAll only
  std::uint64_t events = 0;  // kernel events processed
};

ReplicationResult run_replication(const Scenario& scenario, std::uint64_t replication,
                                  const RunOptions& options = {});

// Replications 0..count-1 on `jobs` threads (0 = hardware concurrency), in
// replication order. The first exception thrown by any run is rethrown.
std::vector<ReplicationResult> run_replications(const Scenario& scenario, std::size_t count,
                                                std::size_t jobs, const RunOptions& options = {});

}  // namespace lambdasim
