#include "lambdasim/experiment/runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/model/lambda_model.hpp"

namespace lambdasim {

ReplicationResult run_replication(const Scenario& scenario, std::uint64_t replication,
                                  const RunOptions& options) {
  Simulation sim;
  sim.set_interrupt_flag(options.interrupt);
  sim.set_progress(options.progress);
  const bool first = replication == 0;
  TimeSeriesKeep keep = first ? options.timeseries : TimeSeriesKeep::kNone;
  TimeSeriesSink sink = first ? options.timeseries_sink : TimeSeriesSink{};
  // With a warm-up deletion, the rows' few columns it reads are copied as
  // they close (streamed rows are passed on to the caller's sink).
  std::vector<SteadyRow> steady_rows;
  const bool steady = options.warmup != Warmup::kNone;
  if (steady && keep != TimeSeriesKeep::kAll) {
    sink = [&steady_rows, next = std::move(sink)](const TimeSeries& chunk) {
      append_steady_rows(chunk, steady_rows);
      if (next) next(chunk);
    };
    keep = TimeSeriesKeep::kStream;
  }
  MetricsCollector metrics(scenario.model, scenario.run.timeseries_interval, scenario.run.horizon,
                           keep, std::move(sink));
  LambdaModel model(sim, scenario.model, metrics, scenario.run.seed, replication);
  model.start();
  sim.run_until(scenario.run.horizon);
  // Interrupted: the run covers [0, time of the last event run).
  const SimTime end = sim.interrupted() ? sim.now() : scenario.run.horizon;
  metrics.finish(end);

  ReplicationResult result;
  result.replication = replication;
  result.summary = metrics.summary();
  if (keep == TimeSeriesKeep::kAll) result.timeseries = metrics.timeseries();
  if (steady) {
    if (keep == TimeSeriesKeep::kAll) append_steady_rows(result.timeseries, steady_rows);
    result.summary.steady = mser5_steady_state(steady_rows);
  }
  result.events = sim.events_processed();
  result.partial = sim.interrupted();
  return result;
}

std::size_t effective_jobs(std::size_t requested, std::size_t count) {
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t jobs = requested == 0 ? cores : requested;
  return std::max<std::size_t>(1, std::min({jobs, 4 * cores, kMaxJobs, count}));
}

namespace {

bool interrupted(const RunOptions& options) {
  return options.interrupt != nullptr && options.interrupt->load(std::memory_order_relaxed);
}

std::thread start_std_thread(std::function<void()> work) {
  return std::thread(std::move(work));
}

// Replications 0..results.size()-1 taken in index order by the calling
// thread and up to jobs-1 worker threads; returns how many were started.
// Workers exit when no replication is left, so a thread that could not be
// started is never waited for: its share goes to the others.
std::size_t run_on_pool(const Scenario& scenario, std::size_t jobs, const RunOptions& options,
                        std::vector<ReplicationResult>& results) {
  std::vector<std::exception_ptr> errors(results.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    while (!failed.load(std::memory_order_relaxed) && !interrupted(options)) {
      const std::size_t i = next.fetch_add(1);
      if (i >= results.size()) return;
      try {
        results[i] = run_replication(scenario, i, options);
        if (options.progress != nullptr) {
          options.progress->runs.fetch_add(1, std::memory_order_relaxed);
        }
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;  // the others finish their run and take no more
      }
    }
  };

  std::vector<std::thread> threads;
  const ThreadStarter start = options.start_thread ? options.start_thread : start_std_thread;
  try {
    threads.reserve(jobs - 1);
    while (threads.size() + 1 < jobs) threads.push_back(start(work));
  } catch (const std::system_error& e) {
    spdlog::warn("could start only {} of {} worker threads ({}); running on {}", threads.size(),
                 jobs - 1, e.what(), threads.size() + 1);
  } catch (...) {
    failed = true;
    for (std::thread& t : threads) t.join();
    throw;
  }
  work();
  for (std::thread& t : threads) t.join();

  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return std::min(next.load(), results.size());
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
  jobs = effective_jobs(jobs, count);
  spdlog::info("runs started: {} x {} (seed {}, horizon {}) on {} threads", count, scenario.name,
               scenario.run.seed, format_time(scenario.run.horizon), jobs);
  const auto start = std::chrono::steady_clock::now();
  results.resize(run_on_pool(scenario, jobs, options, results));
  log_finished(scenario, results, std::chrono::steady_clock::now() - start);
  return results;
}

}  // namespace lambdasim
