// Test helpers for the model: a counting observer and tiny configurations.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/model/resolve.hpp"

namespace lambdasim::testing {

struct CountingObserver final : ModelObserver {
  std::array<long, kOutcomeCount> rejected{};
  std::array<long, kOutcomeCount> completed{};
  std::array<long, kOutcomeCount> async_final{};
  long started = 0, cold = 0, provisioned_starts = 0, removed = 0, ready = 0;
  long running = 0, idle = 0, peak_running = 0;
  long async_requeued = 0, async_first_delays = 0;
  std::vector<Completion> completions;
  std::vector<SimTime> async_ages;
  bool keep_completions = false;

  void on_rejected(SimTime, FunctionIndex, Outcome why, InvocationType) override {
    ++rejected[static_cast<std::size_t>(why)];
  }
  void on_started(SimTime, FunctionIndex, bool is_cold, bool provisioned) override {
    ++started;
    if (is_cold)
      ++cold;
    else
      --idle;
    if (provisioned) ++provisioned_starts;
    ++running;
    if (running > peak_running) peak_running = running;
  }
  void on_completed(SimTime, const Completion& c) override {
    ++completed[static_cast<std::size_t>(c.outcome)];
    --running;
    if (c.environment_kept) ++idle;
    if (keep_completions) completions.push_back(c);
  }
  void on_environment_ready(SimTime, FunctionIndex, bool) override {
    ++ready;
    ++idle;
  }
  void on_environment_removed(SimTime, FunctionIndex) override {
    ++removed;
    --idle;
  }
  void on_async_final(SimTime, FunctionIndex, Outcome s, SimTime age) override {
    ++async_final[static_cast<std::size_t>(s)];
    async_ages.push_back(age);
  }
  void on_async_requeued(SimTime, FunctionIndex, bool first) override {
    ++async_requeued;
    if (first) ++async_first_delays;
  }
  long rejected_of(Outcome o) const { return rejected[static_cast<std::size_t>(o)]; }
  long completed_of(Outcome o) const { return completed[static_cast<std::size_t>(o)]; }
  long async_of(Outcome o) const { return async_final[static_cast<std::size_t>(o)]; }
};

// A config built by hand has its names resolved (resolve.hpp) as the loader
// would: `LambdaModel model(sim, resolved(config), ...)`.
inline ModelConfig& resolved(ModelConfig& config) {
  resolve_names(config);
  return config;
}

inline FunctionConfig simple_function(const char* name, SimTime duration) {
  FunctionConfig f;
  f.name = name;
  f.duration = DurationDistribution{Distribution::deterministic(to_seconds(duration))};
  f.init = DurationDistribution{Distribution::deterministic(0.2)};
  f.timeout = seconds(30);
  return f;
}

inline ArrivalConfig constant_arrivals(double rate_per_s, SimTime at = kTimeZero,
                                       SimTime duration = kTimeInfinity) {
  ArrivalConfig a;
  a.kind = ArrivalKind::kConstant;
  a.rate_per_s = rate_per_s;
  a.at = at;
  a.duration = duration;
  return a;
}

// A model on a fresh simulation: fill `config`, then start() (the names
// resolved, as the loader does) and run `sim`.
struct ModelHarness {
  Simulation sim;
  CountingObserver obs;
  ModelConfig config;
  std::unique_ptr<LambdaModel> model;
  void start(std::uint64_t seed = 1) {
    model = std::make_unique<LambdaModel>(sim, resolved(config), obs, seed, 0);
    model->start();
  }
};

}  // namespace lambdasim::testing
