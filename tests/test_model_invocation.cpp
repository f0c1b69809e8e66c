#include <catch2/catch.hpp>

#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::simple_function;

namespace {

using Harness = lambdasim::testing::ModelHarness;

}  // namespace

TEST_CASE("one arrival per second on a 100 ms function reuses one warm environment") {
  Harness h;
  auto f = simple_function("api", milliseconds(100));
  f.arrivals.push_back(constant_arrivals(1.0));
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(10) - nanoseconds(1));
  CHECK(h.obs.started == 10);
  CHECK(h.obs.cold == 1);
  CHECK(h.obs.completed_of(Outcome::kSuccess) == 10);
  CHECK(h.model->idle(0) == 1);
  CHECK(h.model->environment_slots() == 1);
}

TEST_CASE("keep-alive expires an idle environment and the next call is cold again") {
  Harness h;
  auto f = simple_function("api", milliseconds(100));
  f.keep_alive = DurationDistribution{Distribution::deterministic(60)};
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));     // one call at t=0
  f.arrivals.push_back(constant_arrivals(1.0, seconds(30), seconds(1)));   // warm at 30 s
  f.arrivals.push_back(constant_arrivals(1.0, seconds(200), seconds(1)));  // cold again
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(100));
  CHECK(h.obs.started == 2);
  CHECK(h.obs.cold == 1);
  CHECK(h.obs.removed == 1);  // idle from 30.1 s, expires at 90.1 s
  CHECK(h.model->idle(0) == 0);
  h.sim.run_until(seconds(300));
  CHECK(h.obs.cold == 2);
  // Lazy timers: at most one keep-alive event per environment is ever pending.
  CHECK(h.sim.pending() <= 1);
}

TEST_CASE("idle environments are reused newest first") {
  Harness h;
  auto f = simple_function("api", seconds(1));
  f.keep_alive = DurationDistribution{Distribution::deterministic(100)};
  // Three overlapping calls make three environments; they go idle at 1.0, 1.1, 1.2 s.
  f.arrivals.push_back(constant_arrivals(10.0, kTimeZero, milliseconds(250)));
  // One call at 2 s: must take the environment that went idle last (at 1.2 s).
  f.arrivals.push_back(constant_arrivals(1.0, seconds(2), milliseconds(500)));
  h.config.functions.push_back(f);
  h.obs.keep_completions = true;
  h.start();
  // Environments go idle at 1.2, 1.3 and 1.4 s (0.2 s init + 1 s). At 101.35 s
  // newest-first reuse has expired the two older ones (101.2 and 101.3 s);
  // oldest-first would have expired only one (101.3 s).
  h.sim.run_until(seconds(101) + milliseconds(350));
  REQUIRE(h.obs.cold == 3);
  REQUIRE(h.obs.started == 4);
  CHECK(h.obs.removed == 2);
  CHECK(h.model->idle(0) == 1);
}

TEST_CASE("reserved concurrency caps a function and throttles with the reserved reason") {
  Harness h;
  auto f = simple_function("api", seconds(10));
  f.reserved_concurrency = 5;
  f.arrivals.push_back(constant_arrivals(10.0, kTimeZero, seconds(1)));  // 10 calls in 1 s
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(5));
  CHECK(h.obs.started == 5);
  CHECK(h.obs.rejected_of(Outcome::kThrottleReservedConcurrency) == 5);
  CHECK(h.model->running(0) == 5);
}

TEST_CASE("the unreserved pool excludes other functions' reservations") {
  Harness h;
  h.config.account.concurrency_limit = 110;
  auto reserved = simple_function("reserved", seconds(10));
  reserved.reserved_concurrency = 100;
  auto open = simple_function("open", seconds(10));
  open.arrivals.push_back(constant_arrivals(100.0, kTimeZero, milliseconds(200)));  // 20 calls
  h.config.functions.push_back(reserved);
  h.config.functions.push_back(open);
  h.start();
  h.sim.run_until(seconds(1));
  CHECK(h.obs.started == 10);
  CHECK(h.obs.rejected_of(Outcome::kThrottleAccountConcurrency) == 10);
}

TEST_CASE("the account request-rate limit throttles short functions") {
  Harness h;
  h.config.account.request_rate_per_s = 50;
  auto f = simple_function("api", milliseconds(1));
  f.arrivals.push_back(constant_arrivals(100.0, kTimeZero, seconds(10)));
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(11));
  // Bucket of 50 tokens refilled at 50/s: 50 + 50 * ~10 s of 1,000 calls get through.
  const long passed = h.obs.started;
  CHECK(passed >= 540);
  CHECK(passed <= 552);
  CHECK(h.obs.rejected_of(Outcome::kThrottleAccountRate) == 1000 - passed);
}

TEST_CASE("timeouts and function errors are outcomes of runs") {
  Harness h;
  auto slow = simple_function("slow", seconds(5));
  slow.timeout = seconds(2);
  slow.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(3)));
  auto flaky = simple_function("flaky", milliseconds(10));
  flaky.error_rate = 0.25;
  flaky.arrivals.push_back(constant_arrivals(100.0, kTimeZero, seconds(100)));
  h.config.account.request_rate_per_s = 1e6;
  h.config.functions.push_back(slow);
  h.config.functions.push_back(flaky);
  h.obs.keep_completions = true;
  h.start();
  h.sim.run_until(seconds(200));
  CHECK(h.obs.completed_of(Outcome::kTimeout) == 3);
  for (const Completion& c : h.obs.completions) {
    if (c.outcome == Outcome::kTimeout) CHECK(c.run_duration == seconds(2));
  }
  const double errors = static_cast<double>(h.obs.completed_of(Outcome::kFunctionError));
  CHECK(errors / 10000.0 == Approx(0.25).margin(0.015));  // > 3 standard errors
}

TEST_CASE("async events retry function errors twice after 1 and 2 minutes") {
  Harness h;
  auto f = simple_function("worker", milliseconds(100));
  f.invocation = InvocationType::kAsync;
  f.error_rate = 1.0;
  f.async.on_failure = OnFailure::kDestination;
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(minutes(10));
  CHECK(h.obs.started == 3);
  CHECK(h.obs.completed_of(Outcome::kFunctionError) == 3);
  CHECK(h.obs.async_of(Outcome::kAsyncDestination) == 1);
  CHECK(h.obs.async_requeued == 2);  // two retries of one event
  CHECK(h.obs.async_first_delays == 1);
  REQUIRE(h.obs.async_ages.size() == 1);
  // 0.2 s init + 0.1 s, retry at +1 min, +0.1 s, retry at +2 min, +0.1 s.
  CHECK(h.obs.async_ages[0] ==
        milliseconds(200 + 100) + minutes(1) + milliseconds(100) + minutes(2) + milliseconds(100));
  CHECK(h.model->async_backlog() == 0);
}

TEST_CASE("throttled async events back off and expire at their maximum age") {
  Harness h;
  auto f = simple_function("worker", hours(1));
  f.timeout = seconds(900);
  f.reserved_concurrency = 1;
  f.invocation = InvocationType::kAsync;
  f.async.max_event_age = minutes(10);
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(2)));  // 2 events
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(minutes(11));
  CHECK(h.obs.started == 1);  // the first holds the only slot for 15 min
  CHECK(h.obs.async_of(Outcome::kAsyncExpired) == 1);
  REQUIRE(h.obs.async_ages.size() == 1);
  CHECK(h.obs.async_ages[0] == minutes(10));
  // Back-off 1, 2, 4, ..., 256 s, then capped at 300 s: 9 doublings reach 511 s,
  // one more capped retry at 811 s > 600 s, so 10 attempts in all.
  CHECK(h.obs.rejected_of(Outcome::kThrottleReservedConcurrency) == 10);
  // Every throttle sent it back to the queue; the expiry check comes at the
  // next attempt. One event delayed.
  CHECK(h.obs.async_requeued == 10);
  CHECK(h.obs.async_first_delays == 1);
}

TEST_CASE("provisioned concurrency is ready after delay plus allocation, then used first") {
  Harness h;
  auto f = simple_function("api", milliseconds(100));
  f.provisioned_concurrency = 600;
  f.provisioned_delay = seconds(60);  // 600 at 6,000/min: 6 s more
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(120)));
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(120));
  CHECK(h.obs.ready == 600);
  CHECK(h.obs.cold == 1);  // on-demand before 66 s, then provisioned
  CHECK(h.obs.provisioned_starts == 120 - 66);
}

TEST_CASE("environments retire after their maximum lifetime") {
  Harness h;
  auto f = simple_function("api", milliseconds(100));
  f.max_lifetime = seconds(10);
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(35)));
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(40));
  CHECK(h.obs.cold == 4);  // new environments at 0, 10, 20, 30 s
}

TEST_CASE("same seed gives the same run; another seed another run") {
  auto run = [](std::uint64_t seed) {
    Harness h;
    auto f = simple_function("api", milliseconds(100));
    f.duration = DurationDistribution{Distribution::exponential(0.2)};
    ArrivalConfig a;
    a.rate_per_s = 50;
    f.arrivals.push_back(a);
    f.reserved_concurrency = 10;
    h.config.functions.push_back(f);
    h.start(seed);
    h.sim.run_until(seconds(60));
    return std::pair{h.obs.started, h.obs.rejected_of(Outcome::kThrottleReservedConcurrency)};
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
}
