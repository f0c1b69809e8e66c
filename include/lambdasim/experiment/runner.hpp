// Runs simulations: one replication (a Simulation, a LambdaModel and a
// MetricsCollector wired together), or many on a pool of std::threads.
// A replication's random streams follow from (spec.seed, replication index,
// entity name) only, so results are identical for any number of threads.
//   auto results = run_replications(scenario, /*count=*/10, /*jobs=*/2);
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/mser.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The most threads run_replications uses: --jobs above it is refused by the
// CLI; the library also never starts more than 4 per hardware thread.
inline constexpr std::size_t kMaxJobs = 256;

// Starts a worker thread; tests pass one that throws std::system_error to
// check that a thread which cannot be created only means fewer workers.
using ThreadStarter = std::thread (*)(std::function<void()> work);

struct RunOptions {
  // What replication 0 keeps of its time series; the others keep none (only
  // #0's is ever written). kNone keeps memory flat in the horizon.
  TimeSeriesKeep timeseries = TimeSeriesKeep::kAll;
  // With kStream: replication 0's rows, in chunks, on the thread running it.
  TimeSeriesSink timeseries_sink;
  // When set, runs stop at an event boundary soon after it becomes true
  // (Simulation::set_interrupt_flag) and replications not yet started are
  // not run: SIGINT/SIGTERM.
  const std::atomic<bool>* interrupt = nullptr;
  // When set, every replication adds its events and simulated time to it as
  // it goes (per batch of events, Simulation::set_progress) and counts itself
  // in `runs` when done: a progress display reads it from another thread.
  SimulationProgress* progress = nullptr;
  ThreadStarter start_thread = nullptr;  // nullptr: std::thread
  // kMser5: every replication keeps a light copy of its time-series rows
  // (SteadyRow, whatever `timeseries` says) and its summary gets `steady`:
  // MSER-5 on the rows' running concurrency, steady.* over the rows after.
  Warmup warmup = Warmup::kNone;
};

struct ReplicationResult {
  std::uint64_t replication = 0;
  RunSummary summary;        // summary.end: the simulated time reached
  TimeSeries timeseries;     // replication 0 with TimeSeriesKeep::kAll only
  std::uint64_t events = 0;  // kernel events processed
  bool partial = false;      // interrupted before the horizon
};

ReplicationResult run_replication(const Scenario& scenario, std::uint64_t replication,
                                  const RunOptions& options = {});

// The threads run_replications uses for `count` replications: `requested`
// (0 = one per hardware thread), at most 4 per hardware thread and kMaxJobs,
// at most `count`, at least 1.
std::size_t effective_jobs(std::size_t requested, std::size_t count);

// Replications 0..count-1 on effective_jobs(jobs, count) threads (the
// calling thread is one of them), in replication order. A worker thread that
// cannot be started leaves its share to the others (a warning, same
// results). The first exception thrown by any run (std::bad_alloc included)
// is rethrown once every worker has stopped. When options.interrupt is set
// during the call, the result holds only the replications that started
// (0..k-1), the interrupted ones marked partial.
std::vector<ReplicationResult> run_replications(const Scenario& scenario, std::size_t count,
                                                std::size_t jobs, const RunOptions& options = {});

}  // namespace lambdasim
