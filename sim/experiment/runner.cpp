#include "lambdasim/experiment/runner.hpp"

#include <algorithm>
#include <exception>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/model/lambda_model.hpp"

namespace lambdasim {

ReplicationResult run_replication(const Scenario& scenario, std::uint64_t replication,
                                  const RunOptions& options) {
  Simulation sim;
  MetricsCollector metrics(scenario.model, scenario.run.timeseries_interval, scenario.run.horizon);
  LambdaModel model(sim, scenario.model, metrics, scenario.run.seed, replication);
  model.start();
  sim.run_until(scenario.run.horizon);
  metrics.finish(scenario.run.horizon);

  ReplicationResult result;
  result.replication = replication;
  result.summary = metrics.summary();
  if (options.keep_timeseries) result.timeseries = metrics.timeseries();
  result.events = sim.events_processed();
  return result;
}

std::vector<ReplicationResult> run_replications(const Scenario& scenario, std::size_t count,
                                                std::size_t jobs, const RunOptions& options) {
  std::vector<ReplicationResult> results(count);
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, std::max<std::size_t>(count, 1));
  if (jobs <= 1) {
    for (std::size_t i = 0; i < count; ++i) results[i] = run_replication(scenario, i, options);
    return results;
  }
  std::vector<std::exception_ptr> errors(count);
  {
    boost::asio::thread_pool pool(jobs);
    for (std::size_t i = 0; i < count; ++i) {
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
  return results;
}

}  // namespace lambdasim
