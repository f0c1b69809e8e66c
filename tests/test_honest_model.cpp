// Issue 12 ("Honest numbers"): AWS rules the model once got wrong. Each test
// asserts the count AWS's documented behaviour gives, where the old model
// gave another.
#include <catch2/catch.hpp>

#include <memory>

#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::simple_function;

namespace {

using Harness = lambdasim::testing::ModelHarness;

}  // namespace

TEST_CASE("reserved concurrency 0 throttles every call with the concurrency-limit reason",
          "[honest][model]") {
  Harness h;
  auto f = simple_function("off", milliseconds(100));
  f.reserved_concurrency = 0;
  f.arrivals.push_back(constant_arrivals(10.0, kTimeZero, seconds(2)));  // 20 calls
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(5));
  CHECK(h.obs.started == 0);
  // Before: all 20 were ReservedFunctionInvocationRateLimitExceeded (10 x 0 per second).
  CHECK(h.obs.rejected_of(Outcome::kThrottleReservedConcurrency) == 20);
  CHECK(h.obs.rejected_of(Outcome::kThrottleReservedRate) == 0);
  CHECK(outcome_info(Outcome::kThrottleReservedConcurrency).aws_reason ==
        "ReservedFunctionConcurrentInvocationLimitExceeded");
}

TEST_CASE("an async event that expires goes to the on-failure destination when there is one",
          "[honest][model][async]") {
  // Reserved concurrency 1 and a 100 s handler: of 3 events sent at once, one
  // runs and two are throttled, back off (1, 2, 4 ... s) and reach their
  // 60 s maximum age before the environment frees.
  for (const OnFailure on_failure : {OnFailure::kDestination, OnFailure::kDrop}) {
    Harness h;
    auto f = simple_function("worker", seconds(100));
    f.timeout = seconds(200);
    f.invocation = InvocationType::kAsync;
    f.reserved_concurrency = 1;
    f.async.max_event_age = seconds(60);
    f.async.on_failure = on_failure;
    f.arrivals.push_back(constant_arrivals(10.0, kTimeZero, milliseconds(300)));  // 3 events
    h.config.functions.push_back(f);
    h.start();
    h.sim.run_until(seconds(90));
    const bool destination = on_failure == OnFailure::kDestination;
    INFO((destination ? "destination" : "drop"));
    // Before: both expired events were counted as async_expired only, even
    // with a destination configured.
    CHECK(h.obs.async_of(Outcome::kAsyncDestination) == (destination ? 2 : 0));
    CHECK(h.obs.async_of(Outcome::kAsyncExpired) == (destination ? 0 : 2));
    CHECK(h.obs.async_of(Outcome::kAsyncDropped) == 0);
    CHECK(h.model->async_backlog() == 1);  // the running event
  }
}
