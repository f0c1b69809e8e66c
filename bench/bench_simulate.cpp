// Whole simulations, metrics on: items_per_second = simulated invocations per
// second of wall time. BM_SimulateSteady/H runs H simulated seconds of Poisson
// arrivals keeping ~1,000 environments busy (sync, keep-alive on); comparing
// H = 60 and H = 600 shows memory flat in the number of invocations (the
// rss_mb counter). BM_SimulateBurst runs scenarios/burst-10x.yaml.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <stdexcept>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/resolve.hpp"
#include "lambdasim/scenario/loader.hpp"

namespace lambdasim {
namespace {

double resident_mb() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

Scenario steady_scenario(SimTime horizon) {
  Scenario s;
  s.name = "bench-steady";
  s.run.horizon = horizon;
  s.run.seed = 1;
  FunctionConfig f;
  f.name = "api";
  f.memory_mb = 1024;
  f.timeout = seconds(10);
  // Mean 0.2 s at 5,000/s: Little's law gives 1,000 running on average.
  f.duration = DurationDistribution{Distribution::lognormal_from_median_p99(0.15, 0.6)};
  f.init = DurationDistribution{Distribution::lognormal_from_median_p99(0.4, 1.2)};
  ArrivalConfig a;
  a.rate_per_s = 5000;
  f.arrivals.push_back(a);
  s.model.account.concurrency_limit = 3000;  // room above the mean, no throttling
  s.model.functions.push_back(f);
  return s;
}

void report(benchmark::State& state, std::uint64_t invocations, std::uint64_t events) {
  state.SetItemsProcessed(static_cast<std::int64_t>(invocations));
  state.counters["events_per_invocation"] =
      static_cast<double>(events) / static_cast<double>(invocations);
  state.counters["rss_mb"] = resident_mb();
}

void BM_SimulateSteady(benchmark::State& state) {
  const Scenario s = steady_scenario(seconds(state.range(0)));
  std::uint64_t invocations = 0, events = 0;
  for (auto _ : state) {
    const ReplicationResult r = run_replication(s, 0);
    invocations += r.summary.total.invocations;
    events += r.events;
    benchmark::DoNotOptimize(r.summary.total.latency.p99_ms);
  }
  report(state, invocations, events);
}
BENCHMARK(BM_SimulateSteady)->Arg(60)->Arg(600)->Unit(benchmark::kMillisecond);

// The same function with calls to an internet API and to S3, run from the
// service VPC (arg 0) and attached to a VPC (arg 1: two subnets, NAT per AZ,
// an S3 gateway endpoint, Hyperplane ENIs). Issue: networking may cost at
// most 2x the invocations per second of the service-VPC run.
Scenario calls_scenario(bool in_vpc) {
  Scenario s = steady_scenario(seconds(60));
  s.model.targets.resize(2);
  s.model.targets[0].name = "api";
  s.model.targets[0].kind = TargetKind::kInternet;
  s.model.targets[1].name = "s3";
  s.model.targets[1].kind = TargetKind::kAwsService;
  s.model.targets[1].service = "s3";
  FunctionConfig& f = s.model.functions[0];
  f.calls.resize(2);
  f.calls[0].target = "api";
  f.calls[1].target = "s3";
  f.duration = DurationDistribution{Distribution::lognormal_from_median_p99(0.12, 0.5)};
  if (in_vpc) {
    VpcConfig v;
    v.name = "main";
    for (int i = 0; i < 2; ++i) {
      SubnetConfig sub;
      sub.name = i == 0 ? "a" : "b";
      sub.az = s.model.account.azs[static_cast<std::size_t>(i)];
      sub.prefix_length = 20;
      sub.route_nat = i == 0 ? "nat-a" : "nat-b";
      v.subnets.push_back(sub);
      NatGatewayConfig nat;
      nat.name = sub.route_nat;
      nat.az = sub.az;
      v.nat_gateways.push_back(nat);
    }
    v.gateway_endpoints = {"s3"};
    s.model.network.vpcs.push_back(v);
    f.vpc = FunctionVpcConfig{};
    f.vpc->vpc = "main";
    f.vpc->subnets = {"a", "b"};
    f.vpc->security_groups = {"sg"};
  }
  resolve_names(s.model);  // built by hand: names to indices, as the loader does
  return s;
}

void BM_SimulateCalls(benchmark::State& state) {
  const Scenario s = calls_scenario(state.range(0) == 1);
  state.SetLabel(state.range(0) == 1 ? "vpc" : "service-vpc");
  std::uint64_t invocations = 0, events = 0;
  for (auto _ : state) {
    const ReplicationResult r = run_replication(s, 0);
    invocations += r.summary.total.invocations;
    events += r.events;
  }
  report(state, invocations, events);
}
BENCHMARK(BM_SimulateCalls)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SimulateBurst(benchmark::State& state) {
  const LoadResult loaded = load_scenario_file(LAMBDASIM_SOURCE_DIR "/scenarios/burst-10x.yaml");
  if (!loaded.ok()) {
    state.SkipWithError("scenarios/burst-10x.yaml does not load");
    return;
  }
  std::uint64_t invocations = 0, events = 0;
  for (auto _ : state) {
    const ReplicationResult r = run_replication(*loaded.scenario, 0);
    invocations += r.summary.total.invocations;
    events += r.events;
  }
  report(state, invocations, events);
}
BENCHMARK(BM_SimulateBurst)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lambdasim

BENCHMARK_MAIN();
