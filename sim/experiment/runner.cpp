#include "lambdasim/experiment/runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/model/lambda_model.hpp"

namespace lambdasim {

ReplicationResult run_replication(const Scenario& scenario, std::uint64_t replication,
                                  const RunOptions& options) {
  Simulation sim;
  const bool first = replication == 0;
  const TimeSeriesKeep keep = first ? options.timeseries : TimeSeriesKeep::kNone;
  MetricsCollector metrics(scenario.model, scenario.run.timeseries_interval, scenario.run.horizon,
                           keep, first ? options.timeseries_sink : TimeSeriesSink{});
  LambdaModel model(sim, scenario.model, metrics, scenario.run.seed, replication);
  model.start();
  sim.run_until(scenario.run.horizon);
  metrics.finish(scenario.run.horizon);

  ReplicationResult result;
  result.replication = replication;
  result.summary = metrics.summary();
  if (keep == TimeSeriesKeep::kAll) result.timeseries = metrics.timeseries();
  result.events = sim.events_processed();
  return result;
}

namespace {

// Replications 0..count-1 on a pool of `jobs` threads (jobs >= 2).
void run_on_pool(const Scenario& scenario, std::size_t jobs, const RunOptions& options,
                 std::vector<ReplicationResult>& results) {
  std::vector<std::exception_ptr> errors(results.size());
  {
    boost::asio::thread_pool pool(jobs);
    for (std::size_t i = 0; i < results.size(); ++i) {
      boost::asio::post(pool, [&, i] {
        try {
          results[i] = run_replication(scenario, i, options);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
    pool.join();
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// One line per call (never per replication or event): count, wall time and
// the kernel's event rate.
void log_finished(const Scenario& scenario, const std::vector<ReplicationResult>& results,
                  std::chrono::steady_clock::duration wall) {
  std::uint64_t events = 0;
  for (const ReplicationResult& r : results) events += r.events;
  const double wall_s = std::chrono::duration<double>(wall).count();
  const double rate = wall_s > 0 ? static_cast<double>(events) / wall_s : 0.0;
  spdlog::info("runs finished: {} x {} in {:.3f} s wall, {} events, {:.3g} events/s",
               results.size(), scenario.name, wall_s, events, rate);
}

}  // namespace

std::vector<ReplicationResult> run_replications(const Scenario& scenario, std::size_t count,
                                                std::size_t jobs, const RunOptions& options) {
  std::vector<ReplicationResult> results(count);
  if (jobs == 0) jobs = std::max(1U, std::thread::hardware_concurrency());
  jobs = std::min(jobs, std::max<std::size_t>(count, 1));
  spdlog::info("runs started: {} x {} (seed {}, horizon {}) on {} threads", count, scenario.name,
               scenario.run.seed, format_time(scenario.run.horizon), jobs);
  const auto start = std::chrono::steady_clock::now();
  if (jobs <= 1) {
    for (std::size_t i = 0; i < count; ++i) results[i] = run_replication(scenario, i, options);
  } else {
    run_on_pool(scenario, jobs, options, results);
  }
  log_finished(scenario, results, std::chrono::steady_clock::now() - start);
  return results;
}

}  // namespace lambdasim
