// Issue 12 ("Honest numbers"): AWS rules the model once got wrong. Each test
// asserts the count AWS's documented behaviour gives, where the old model
// gave another.
#include <catch2/catch.hpp>

#include <memory>

#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::CountingObserver;
using lambdasim::testing::resolved;
using lambdasim::testing::simple_function;

namespace {

struct Harness {
  Simulation sim;
  CountingObserver obs;
  ModelConfig config;
  std::unique_ptr<LambdaModel> model;
  void start(std::uint64_t seed = 1) {
    model = std::make_unique<LambdaModel>(sim, resolved(config), obs, seed, 0);
    model->start();
  }
};

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
