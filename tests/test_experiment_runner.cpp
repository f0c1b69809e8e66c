// run_replications: the thread count bounds, a worker thread that cannot be
// started (the others take its share, same results, no deadlock), and an
// interrupt that stops the runs with partial results.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <system_error>
#include <thread>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

const std::string kSteady = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/steady-api.yaml";

Scenario load_ok(const std::vector<Override>& overrides) {
  const LoadResult r = load_scenario_file(kSteady, overrides);
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

std::atomic<int> g_started{0};
int g_allowed = 0;

// Starts g_allowed threads, then fails as pthread_create does without
// resources (EAGAIN).
std::thread start_limited(std::function<void()> work) {
  if (g_started.load() >= g_allowed) {
    throw std::system_error(EAGAIN, std::generic_category(), "thread creation refused (test)");
  }
  ++g_started;
  return std::thread(std::move(work));
}

}  // namespace

TEST_CASE("effective_jobs: 1 to kMaxJobs, at most 4 per core and one per replication", "[runner]") {
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  CHECK(effective_jobs(0, 1000) == std::min(cores, kMaxJobs));
  CHECK(effective_jobs(1, 1000) == 1);
  CHECK(effective_jobs(3, 2) == 2);
  CHECK(effective_jobs(0, 0) == 1);
  CHECK(effective_jobs(kMaxJobs, 1000) == std::min(4 * cores, kMaxJobs));
  CHECK(effective_jobs(1'000'000, 1'000'000) <= kMaxJobs);
}

TEST_CASE("a worker thread that cannot be started leaves its share to the others",
          "[runner][threads]") {
  const Scenario s = load_ok({{"spec.horizon", "30s"}});
  const std::vector<ReplicationResult> reference = run_replications(s, 4, 1);
  REQUIRE(reference.size() == 4);
  // effective_jobs caps at 4 per core: 4 threads are asked for on any machine.
  for (const int allowed : {0, 1, 2}) {
    INFO("threads that start: " << allowed);
    g_started = 0;
    g_allowed = allowed;
    RunOptions options;
    options.start_thread = start_limited;
    const std::vector<ReplicationResult> results = run_replications(s, 4, 4, options);
    CHECK(g_started.load() == allowed);
    REQUIRE(results.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(results[i].replication == i);
      CHECK(results[i].events == reference[i].events);
      CHECK(results[i].summary.total.invocations == reference[i].summary.total.invocations);
      CHECK_FALSE(results[i].partial);
    }
  }
}

TEST_CASE("an interrupt stops the runs at an event boundary with partial results",
          "[runner][interrupt][threads]") {
  // 30 days would take minutes: the interrupt must end it within a second.
  const Scenario s = load_ok({{"spec.horizon", "30d"}, {"spec.timeseries_interval", "1h"}});
  std::atomic<bool> flag{false};
  RunOptions options;
  options.interrupt = &flag;

  SECTION("already set: nothing runs") {
    flag = true;
    CHECK(run_replications(s, 3, 1, options).empty());
  }
  SECTION("set during the run: the started replication is partial, the others never run") {
    std::thread raiser([&flag] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      flag = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const std::vector<ReplicationResult> results = run_replications(s, 3, 1, options);
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    raiser.join();
    CHECK(wall_s < 10.0);
    REQUIRE(results.size() == 1);
    const ReplicationResult& r = results[0];
    CHECK(r.partial);
    CHECK(r.summary.end > seconds(1));
    CHECK(r.summary.end < s.run.horizon);
    CHECK(r.summary.total.invocations > 0);
    // The time series stops where the run did.
    REQUIRE(!r.timeseries.rows.empty());
    CHECK(r.timeseries.rows.back().end == r.summary.end);
  }
}
