// Issue 13, item 10: end-of-run invariants on every shipped scenario and every
// fault kind. Arrivals stop at a short horizon and the event queue runs dry:
// every request ends, idle environments reach their keep-alive, NATs drop idle
// connections, idle per-execution ENIs are deleted. Then the running
// invocations, connections, per-execution ENIs and the IPs they took are back
// to zero, and what is left is explained: provisioned environments and the
// Hyperplane ENIs that Lambda keeps while the function exists. All along, no
// gauge the observer sees goes negative. (Debug builds also stop at the first
// negative count inside the model: include/lambdasim/kernel/invariant.hpp.)
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/metrics/time_weighted.hpp"
#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "scenario_support.hpp"
#include "shipped_scenarios.hpp"

using namespace lambdasim;

namespace {

namespace fs = std::filesystem;

using lambdasim::testing::load_ok;

// Forwards everything to the metrics (so their own checks run) and keeps its
// own count of every gauge the observer interface describes, with the lowest
// value each reached.
class GaugeWatcher final : public ModelObserver {
 public:
  explicit GaugeWatcher(MetricsCollector& metrics) : metrics_(metrics) {}

  struct Gauge {
    std::int64_t value = 0;
    std::int64_t lowest = 0;
    std::int64_t highest = 0;
    void add(std::int64_t delta) {
      value += delta;
      lowest = std::min(lowest, value);
      highest = std::max(highest, value);
    }
  };

  void on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType type) override {
    metrics_.on_rejected(now, f, why, type);
  }
  void on_started(SimTime now, FunctionIndex f, bool cold, bool provisioned) override {
    running.add(+1);
    if (!cold) idle.add(-1);
    metrics_.on_started(now, f, cold, provisioned);
  }
  void on_completed(SimTime now, const Completion& c) override {
    running.add(-1);
    if (c.environment_kept) idle.add(+1);
    metrics_.on_completed(now, c);
  }
  void on_environment_ready(SimTime now, FunctionIndex f, bool provisioned) override {
    idle.add(+1);
    metrics_.on_environment_ready(now, f, provisioned);
  }
  void on_environment_removed(SimTime now, FunctionIndex f) override {
    idle.add(-1);
    metrics_.on_environment_removed(now, f);
  }
  void on_async_final(SimTime now, FunctionIndex f, Outcome final_state, SimTime age) override {
    metrics_.on_async_final(now, f, final_state, age);
  }
  void on_async_requeued(SimTime now, FunctionIndex f, bool first) override {
    metrics_.on_async_requeued(now, f, first);
  }
  void on_eni_change(SimTime now, std::uint32_t subnet, int delta_enis,
                     int delta_creating) override {
    enis[subnet].add(delta_enis);
    creating[subnet].add(delta_creating);
    metrics_.on_eni_change(now, subnet, delta_enis, delta_creating);
  }
  void on_transfer(SimTime now, TransferKind kind, std::uint32_t resource,
                   std::int64_t bytes) override {
    metrics_.on_transfer(now, kind, resource, bytes);
  }
  void on_nat_connections(SimTime now, std::uint32_t nat, int delta) override {
    nat_connections[nat].add(delta);
    metrics_.on_nat_connections(now, nat, delta);
  }
  void on_count(SimTime now, CounterId id, FunctionIndex f, std::uint64_t n) override {
    metrics_.on_count(now, id, f, n);
  }
  void on_level(SimTime now, CounterId id, FunctionIndex f, std::int64_t delta) override {
    levels[{id.index, f}].add(delta);
    metrics_.on_level(now, id, f, delta);
  }
  void on_fault(SimTime now, std::uint32_t index, bool active) override {
    metrics_.on_fault(now, index, active);
  }

  Gauge running, idle;
  std::map<std::uint32_t, Gauge> enis, creating, nat_connections;
  std::map<std::pair<std::size_t, FunctionIndex>, Gauge> levels;  // by (CounterId::index, f)

 private:
  MetricsCollector& metrics_;
};

std::int64_t highest(const std::map<std::uint32_t, GaugeWatcher::Gauge>& gauges) {
  std::int64_t n = 0;
  for (const auto& [key, g] : gauges) n = std::max(n, g.highest);
  return n;
}

std::int64_t total(const std::map<std::uint32_t, GaugeWatcher::Gauge>& gauges) {
  std::int64_t n = 0;
  for (const auto& [key, g] : gauges) n += g.value;
  return n;
}

template <typename Map>
void check_never_negative(const Map& gauges, const char* what) {
  for (const auto& [key, g] : gauges) {
    INFO(what);
    CHECK(g.lowest >= 0);
  }
}

struct Drained {
  ResourceAudit audit;
  std::uint64_t attempts = 0;
  std::int64_t enis_peak = 0;             // in one subnet, in service or being created
  std::int64_t nat_connections_peak = 0;  // through one NAT
};

// Arrivals end at `stop`; the run goes on until no event is left (capped at
// 30 simulated days, which only a model that never settles would reach).
Drained drain_and_check(Scenario s, SimTime stop) {
  for (FunctionConfig& f : s.model.functions) {
    for (ArrivalConfig& a : f.arrivals) {
      a.duration = a.at >= stop ? kTimeZero : std::min(a.duration, stop - a.at);
    }
  }
  Simulation sim;
  const SimTime cap = days(30);
  // Hour-long rows: the drain may run for simulated hours.
  MetricsCollector metrics(s.model, hours(1), cap);
  GaugeWatcher watch(metrics);
  LambdaModel model(sim, s.model, watch, s.run.seed, 0);
  model.start();
  sim.run_until(cap);
  INFO("simulated until " << format_time(sim.now()) << ", events left " << sim.pending());
  REQUIRE(sim.pending() == 0);
  metrics.finish(sim.now());

  const ResourceAudit a = model.audit();
  INFO("running " << a.running << ", environments " << a.environments << " ("
                  << a.provisioned_environments << " provisioned), async " << a.async_backlog
                  << ", NAT connections " << a.nat_connections << ", target connections "
                  << a.target_connections << ", Hyperplane connections " << a.hyperplane_connections
                  << ", Hyperplane ENIs " << a.hyperplane_enis << ", per-execution ENIs "
                  << a.per_execution_enis << ", region ENIs " << a.region_enis << ", VPC ENIs "
                  << a.vpc_enis << ", IPs used " << a.ips_used);
  // Everything transient is back to zero.
  CHECK(a.running == 0);
  CHECK(a.async_backlog == 0);
  CHECK(a.environments == a.provisioned_environments);
  CHECK(a.per_execution_enis == 0);
  // Provisioned environments keep their pooled connections to private
  // targets (no idle timeout there); NATs drop every idle one.
  CHECK(a.nat_connections == 0);
  if (a.provisioned_environments == 0) {
    CHECK(a.target_connections == 0);
    CHECK(a.hyperplane_connections == 0);
  }
  // What is left is the Hyperplane ENIs, one IP and one quota slot each.
  CHECK(a.region_enis == a.hyperplane_enis);
  CHECK(a.vpc_enis == a.hyperplane_enis);
  CHECK(a.ips_used == a.hyperplane_enis);

  // The observer's view agrees with the model's, and never went below zero.
  CHECK(watch.running.value == 0);
  CHECK(watch.running.lowest >= 0);
  CHECK(watch.idle.value == a.environments);
  CHECK(watch.idle.lowest >= 0);
  check_never_negative(watch.enis, "ENIs in a subnet");
  check_never_negative(watch.creating, "ENIs being created in a subnet");
  check_never_negative(watch.nat_connections, "connections through a NAT");
  check_never_negative(watch.levels, "a declared level");
  CHECK(total(watch.enis) + total(watch.creating) == a.hyperplane_enis);
  CHECK(total(watch.creating) == 0);
  CHECK(total(watch.nat_connections) == 0);

  const RunSummary summary = metrics.summary();
  CHECK(summary.total.in_flight == 0);
  return {a, summary.total.attempts, std::max(highest(watch.enis), highest(watch.creating)),
          highest(watch.nat_connections)};
}

}  // namespace

TEST_CASE("every shipped scenario drains back to zero", "[invariant][drain][shipped]") {
  for (const std::string& path : testing::shipped_scenarios()) {
    SECTION(fs::path(path).filename().string()) {
      const Scenario s = load_ok(path);
      // 2 minutes of arrivals (faults inside them kept), then the drain.
      const Drained d = drain_and_check(s, std::min(s.run.horizon, minutes(2)));
      CHECK(d.attempts > 0);
    }
  }
}

TEST_CASE("the drain is not vacuous: ENIs and NAT ports were in use before it",
          "[invariant][drain]") {
  // nat-port-exhaustion holds NAT ports; eni-quota-burst has per-execution
  // ENIs. Both must be back to zero.
  const std::string dir = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/";
  const Scenario nat = load_ok(dir + "nat-port-exhaustion.yaml");
  const Drained n = drain_and_check(nat, minutes(2));
  CHECK(n.nat_connections_peak > 1000);
  const Scenario legacy = load_ok(dir + "eni-quota-burst.yaml");
  const Drained l = drain_and_check(legacy, minutes(2));
  CHECK(l.enis_peak > 10);
  CHECK(l.audit.hyperplane_enis == 0);
}

TEST_CASE("every fault kind drains back to zero, arrivals stopped inside the fault",
          "[invariant][drain][faults]") {
  const std::string path =
      std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/golden/faults_tiny.yaml";
  const Scenario base = load_ok(path);
  for (const FaultKindSpec& spec : fault_kind_specs()) {
    SECTION(std::string(spec.name)) {
      for (const FaultConfig& fault : base.model.faults.timeline) {
        if (fault.kind != spec.kind) continue;
        Scenario s = base;
        s.model.faults.timeline = {fault};
        const SimTime length = fault.duration == kTimeInfinity ? seconds(20) : fault.duration;
        INFO(spec.name << " at " << format_time(fault.at));
        const Drained d = drain_and_check(s, fault.at + length / 2);
        CHECK(d.attempts > 0);
      }
    }
  }
}

#if defined(LAMBDASIM_CHECK_INVARIANTS) && LAMBDASIM_CHECK_INVARIANTS
TEST_CASE("a gauge going negative stops a test build with a message", "[invariant]") {
  // In a child process: the check aborts.
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Catch2's handler would report the abort as a failure of its own.
    std::signal(SIGABRT, SIG_DFL);
    dup2(pipe_fds[1], STDERR_FILENO);
    TimeWeighted gauge;
    gauge.add(seconds(1), -1);
    _exit(0);  // not reached
  }
  close(pipe_fds[1]);
  std::string err;
  char buf[512];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) {
    err.append(buf, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGABRT);
  CHECK(err.find("invariant broken") != std::string::npos);
  CHECK(err.find("went negative") != std::string::npos);
}
#endif
