// Fault timeline: each kind's effect on a tiny scenario, AZ-outage designs,
// the detection delay, and determinism.
#include <catch2/catch.hpp>

#include "lambdasim/metrics/collector.hpp"
#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::CountingObserver;
using lambdasim::testing::resolved;
using lambdasim::testing::simple_function;

namespace {

SubnetConfig subnet(const char* name, const char* az, const char* nat) {
  SubnetConfig s;
  s.name = name;
  s.az = az;
  s.cidr = "10.0.0.0/24";
  s.prefix_length = 24;
  s.route_nat = nat;
  return s;
}

NatGatewayConfig nat(const char* name, const char* az) {
  NatGatewayConfig n;
  n.name = name;
  n.az = az;
  return n;
}

TargetConfig internet() {
  TargetConfig t;
  t.name = "api";
  t.kind = TargetKind::kInternet;
  t.latency = DurationDistribution{Distribution::deterministic(0.01)};
  return t;
}

FaultConfig az_outage(SimTime at, SimTime duration, double severity = 1.0) {
  FaultConfig f;
  f.kind = FaultKind::kAzOutage;
  f.az = "az1";
  f.at = at;
  f.duration = duration;
  f.severity = severity;
  return f;
}

// Two AZs; `nat_per_az` gives each subnet its own NAT, else both use nat-a in az1.
ModelConfig two_az(bool nat_per_az) {
  ModelConfig c;
  c.account.azs = {"az1", "az2"};
  VpcConfig v;
  v.name = "main";
  v.subnets = {subnet("a", "az1", "nat-a"), subnet("b", "az2", nat_per_az ? "nat-b" : "nat-a")};
  v.nat_gateways = {nat("nat-a", "az1"), nat("nat-b", "az2")};
  c.network.vpcs.push_back(v);
  c.targets = {internet()};
  FunctionConfig f = simple_function("api", milliseconds(50));
  f.timeout = seconds(5);
  f.keep_alive = DurationDistribution{Distribution::deterministic(600)};
  f.vpc = FunctionVpcConfig{};
  f.vpc->vpc = "main";
  f.vpc->subnets = {"a", "b"};
  f.vpc->security_groups = {"sg"};
  CallConfig call;
  call.target = "api";
  f.calls = {call};
  ArrivalConfig a;
  a.rate_per_s = 50;
  f.arrivals = {a};
  c.functions.push_back(f);
  return c;
}

struct Window {
  long ok = 0, failed = 0;
};

struct FaultRun {
  CountingObserver obs;
  std::vector<Window> per_minute;
};

// Runs to `horizon`, collecting successes and failures per minute.
std::unique_ptr<FaultRun> run(ModelConfig config, SimTime horizon, std::uint64_t seed = 1) {
  struct Recorder final : ModelObserver {
    FaultRun* out;
    CountingObserver* inner;
    void bucket(SimTime now, bool ok) {
      const auto m = static_cast<std::size_t>(now / minutes(1));
      if (out->per_minute.size() <= m) out->per_minute.resize(m + 1);
      (ok ? out->per_minute[m].ok : out->per_minute[m].failed)++;
    }
    void on_rejected(SimTime n, FunctionIndex f, Outcome o, InvocationType t) override {
      inner->on_rejected(n, f, o, t);
      bucket(n, false);
    }
    void on_started(SimTime n, FunctionIndex f, bool c, bool p) override {
      inner->on_started(n, f, c, p);
    }
    void on_completed(SimTime n, const Completion& c) override {
      inner->on_completed(n, c);
      bucket(n, c.outcome == Outcome::kSuccess);
    }
    void on_environment_ready(SimTime n, FunctionIndex f, bool p) override {
      inner->on_environment_ready(n, f, p);
    }
    void on_environment_removed(SimTime n, FunctionIndex f) override {
      inner->on_environment_removed(n, f);
    }
    void on_async_final(SimTime n, FunctionIndex f, Outcome o, SimTime a) override {
      inner->on_async_final(n, f, o, a);
    }
    void on_async_requeued(SimTime n, FunctionIndex f, bool first) override {
      inner->on_async_requeued(n, f, first);
    }
  };
  auto result = std::make_unique<FaultRun>();
  Recorder rec;
  rec.out = result.get();
  rec.inner = &result->obs;
  Simulation sim;
  LambdaModel model(sim, resolved(config), rec, seed, 0);
  model.start();
  sim.run_until(horizon);
  return result;
}

double failure_share(const Window& w) {
  return static_cast<double>(w.failed) / static_cast<double>(w.ok + w.failed);
}

}  // namespace

TEST_CASE("AZ outage, NAT per AZ: only the failed AZ's share fails, and only until detection") {
  ModelConfig c = two_az(/*nat_per_az=*/true);
  c.faults.detection_delay = minutes(2);
  c.faults.timeline = {az_outage(minutes(5), minutes(5))};
  const auto r = run(c, minutes(12));
  CHECK(r->per_minute[3].failed == 0);
  // Minutes 5-6: half of the new environments land in az1 and fail; warm ones
  // in az2 keep serving, so the share is at most one half.
  CHECK(r->per_minute[5].failed > 0);
  CHECK(failure_share(r->per_minute[5]) < 0.5);
  // After detection (minute 7 on) Lambda places only in az2: nothing fails.
  CHECK(r->per_minute[7].failed == 0);
  CHECK(r->per_minute[8].failed == 0);
  CHECK(r->per_minute[11].failed == 0);  // after the outage
  CHECK(r->obs.completed_of(Outcome::kCallTimeout) == 0);
}

TEST_CASE("AZ outage, one shared NAT in the failed AZ takes the other AZ's internet calls down") {
  ModelConfig c = two_az(/*nat_per_az=*/false);
  c.faults.detection_delay = minutes(2);
  c.faults.timeline = {az_outage(minutes(5), minutes(5))};
  const auto r = run(c, minutes(12));
  CHECK(r->per_minute[3].failed == 0);
  // Every call goes through nat-a in az1: all calls hang, before and after detection.
  CHECK(r->per_minute[7].ok == 0);
  CHECK(r->per_minute[8].ok == 0);
  CHECK(r->obs.completed_of(Outcome::kCallTimeout) > 0);
  CHECK(r->per_minute[11].failed == 0);  // recovered
}

TEST_CASE("detection delay 0 vs 60 s: placement failures only while Lambda does not know") {
  auto errors = [](SimTime delay) {
    ModelConfig c = two_az(true);
    // Every invocation cold, so every one is a placement.
    c.functions[0].keep_alive = DurationDistribution{Distribution::deterministic(0)};
    c.faults.detection_delay = delay;
    c.faults.timeline = {az_outage(minutes(5), minutes(5))};
    const auto r = run(c, minutes(12));
    return r->obs.rejected_of(Outcome::kAzFailure);
  };
  const long immediate = errors(kTimeZero);
  const long delayed = errors(seconds(60));
  CHECK(immediate == 0);
  // 50/s x 60 s, half of them placed in the lost AZ: ~1,500 (sd ~40).
  CHECK(static_cast<double>(delayed) == Approx(1500).margin(200));
}

TEST_CASE("AZ outage kills in-flight invocations in that AZ with az_failure") {
  ModelConfig c = two_az(true);
  c.functions[0].duration = DurationDistribution{Distribution::deterministic(2.0)};
  c.faults.timeline = {az_outage(minutes(1), minutes(1))};
  const auto r = run(c, minutes(3));
  const long killed = r->obs.completed_of(Outcome::kAzFailure);
  // ~100 running (50/s x 2 s), about half of them in az1.
  CHECK(killed > 25);
  CHECK(killed < 75);
}

TEST_CASE("partial AZ impairment fails about `severity` of placements there") {
  ModelConfig c = two_az(true);
  c.functions[0].keep_alive = DurationDistribution{Distribution::deterministic(0)};  // all cold
  c.faults.timeline = {az_outage(minutes(1), minutes(5), 0.5)};
  const auto r = run(c, minutes(6));
  const double refused = static_cast<double>(r->obs.rejected_of(Outcome::kAzFailure));
  // 50/s x 300 s = 15,000 cold starts, half placed in az1, half of those fail.
  CHECK(refused / 15000.0 == Approx(0.25).margin(0.02));
}

TEST_CASE("NAT failure: calls through it hang until the timeout") {
  ModelConfig c = two_az(true);
  // Every invocation cold, so placement (half in az2, behind nat-b) decides.
  c.functions[0].keep_alive = DurationDistribution{Distribution::deterministic(0)};
  FaultConfig f;
  f.kind = FaultKind::kNatFailure;
  f.vpc = "main";
  f.resource = "nat-b";
  f.at = minutes(1);
  f.duration = minutes(1);
  c.faults.timeline = {f};
  const auto r = run(c, minutes(4));
  const double timeouts = static_cast<double>(r->obs.completed_of(Outcome::kCallTimeout));
  CHECK(timeouts / 3000.0 == Approx(0.5).margin(0.05));  // az2's half of 60 s x 50/s
  CHECK(r->per_minute[0].failed == 0);
  CHECK(r->per_minute[3].failed == 0);  // hangs started before 2 min end by 2:05
}

TEST_CASE("endpoint failure: calls through the endpoint hang") {
  ModelConfig c = two_az(true);
  InterfaceEndpointConfig ep;
  ep.name = "sqs-ep";
  ep.service = "sqs";
  ep.subnets = {"a", "b"};
  c.network.vpcs[0].interface_endpoints = {ep};
  c.targets[0].kind = TargetKind::kAwsService;
  c.targets[0].service = "sqs";
  FaultConfig f;
  f.kind = FaultKind::kEndpointFailure;
  f.vpc = "main";
  f.resource = "sqs-ep";
  f.at = minutes(1);
  f.duration = minutes(1);
  c.faults.timeline = {f};
  const auto r = run(c, minutes(4));
  CHECK(r->per_minute[1].ok < 10);  // only calls that began before the fault
  CHECK(r->per_minute[1].failed > 2000);
  CHECK(r->per_minute[0].failed == 0);
  CHECK(r->per_minute[3].failed == 0);
}

TEST_CASE("target outage: refuse fails fast, timeout hangs; latency fault adds latency") {
  ModelConfig c = two_az(true);
  FaultConfig refuse;
  refuse.kind = FaultKind::kTargetOutage;
  refuse.target = "api";
  refuse.mode = TargetOutageMode::kRefuse;
  refuse.at = seconds(10);
  refuse.duration = seconds(10);
  FaultConfig hang = refuse;
  hang.mode = TargetOutageMode::kTimeout;
  hang.at = seconds(30);
  FaultConfig slow;
  slow.kind = FaultKind::kLatency;
  slow.target = "api";
  slow.extra_latency = milliseconds(200);
  slow.at = seconds(50);
  slow.duration = seconds(10);
  c.faults.timeline = {refuse, hang, slow};
  c.functions[0].arrivals = {lambdasim::testing::constant_arrivals(10.0)};
  Simulation sim;
  CountingObserver obs;
  obs.keep_completions = true;
  LambdaModel model(sim, resolved(c), obs, 1, 0);
  model.start();
  sim.run_until(seconds(70));
  CHECK(obs.completed_of(Outcome::kTargetRefused) == 100);
  CHECK(obs.completed_of(Outcome::kCallTimeout) == 100);
  long slow_calls = 0;
  for (const Completion& comp : obs.completions) {
    if (comp.outcome == Outcome::kSuccess && comp.run_duration >= milliseconds(260)) ++slow_calls;
  }
  CHECK(slow_calls == 100);
}

TEST_CASE("ENI creation failure and API throttle faults") {
  ModelConfig c = two_az(true);
  c.network.eni_model = EniModel::kPerExecution;
  c.functions[0].calls.clear();
  c.functions[0].keep_alive = DurationDistribution{Distribution::deterministic(0)};
  c.network.per_execution_release_after = kTimeZero;
  c.functions[0].memory_mb = 3072;  // one environment per ENI: every cold start creates one
  c.network.eni_api_rate_per_s = 100;
  c.network.eni_api_burst = 20;
  // Fast creation keeps few ENIs in flight, so subnet IPs never run out here.
  c.network.per_execution_creation = DurationDistribution{Distribution::deterministic(0.1)};
  FaultConfig fail;
  fail.kind = FaultKind::kEniCreationFailure;
  fail.at = seconds(10);
  fail.duration = seconds(10);
  FaultConfig throttle;
  throttle.kind = FaultKind::kEniApiThrottle;
  throttle.severity = 10;  // 100/s becomes 10/s
  throttle.at = seconds(30);
  throttle.duration = seconds(10);
  c.faults.timeline = {fail, throttle};
  c.functions[0].arrivals = {lambdasim::testing::constant_arrivals(50.0)};
  const auto r = run(c, seconds(50));
  CHECK(r->obs.rejected_of(Outcome::kEniCreationFailed) == 500);
  // 20 in the bucket, then 10/s: ~120 of the 500 creations pass.
  CHECK(r->obs.rejected_of(Outcome::kEc2Throttled) > 300);
  CHECK(r->per_minute[0].failed == 500 + r->obs.rejected_of(Outcome::kEc2Throttled));
}

TEST_CASE("service-VPC functions shift placement away from a lost AZ") {
  ModelConfig c;
  c.account.azs = {"az1", "az2", "az3"};
  FunctionConfig f = simple_function("svc", milliseconds(50));
  f.keep_alive = DurationDistribution{Distribution::deterministic(0)};
  ArrivalConfig a;
  a.rate_per_s = 30;
  f.arrivals = {a};
  c.functions.push_back(f);
  c.faults.detection_delay = seconds(30);
  c.faults.timeline = {az_outage(minutes(1), minutes(2))};
  const auto r = run(c, minutes(4));
  CHECK(r->per_minute[0].failed == 0);
  const double share = failure_share(r->per_minute[1]);  // 30 s of 60 s at 1/3
  CHECK(share == Approx(1.0 / 6).margin(0.04));
  CHECK(r->per_minute[2].failed == 0);
  CHECK(r->per_minute[3].failed == 0);
}

TEST_CASE("fault replays are deterministic") {
  ModelConfig c = two_az(false);
  c.faults.timeline = {az_outage(minutes(1), minutes(1), 0.7)};
  const auto a = run(c, minutes(3), 9);
  const auto b = run(c, minutes(3), 9);
  REQUIRE(a->per_minute.size() == b->per_minute.size());
  for (std::size_t i = 0; i < a->per_minute.size(); ++i) {
    CHECK(a->per_minute[i].ok == b->per_minute[i].ok);
    CHECK(a->per_minute[i].failed == b->per_minute[i].failed);
  }
}

TEST_CASE("a partial AZ impairment also fails invocations sent to warm environments there") {
  ModelConfig c;
  c.account.azs = {"az1"};
  FunctionConfig f = simple_function("svc", milliseconds(50));
  ArrivalConfig a;
  a.rate_per_s = 100;
  f.arrivals = {a};
  c.functions.push_back(f);
  c.faults.timeline = {az_outage(minutes(1), minutes(1), 0.3)};
  const auto r = run(c, minutes(3));
  CHECK(r->per_minute[0].failed == 0);
  CHECK(failure_share(r->per_minute[1]) == Approx(0.3).margin(0.03));
  CHECK(r->per_minute[2].failed == 0);
}

TEST_CASE("an AZ outage delays async events; the window counts them and they drain after") {
  ModelConfig c = two_az(true);
  c.functions[0].invocation = InvocationType::kAsync;
  c.functions[0].keep_alive = DurationDistribution{Distribution::deterministic(0)};  // all cold
  c.faults.detection_delay = seconds(60);
  c.faults.timeline = {az_outage(minutes(1), minutes(2))};
  Simulation sim;
  MetricsCollector metrics(c, seconds(10), minutes(10));
  LambdaModel model(sim, resolved(c), metrics, 3, 0);
  model.start();
  sim.run_until(minutes(10));
  metrics.finish(minutes(10));
  const RunSummary s = metrics.summary();
  REQUIRE(s.faults.size() == 1);
  const FaultWindowSummary& w = s.faults[0];
  // During the 60 s detection delay about half the placements (az1) fail:
  // 50/s x 60 s / 2 = ~1,500 events go back to the queue, once each at least.
  CHECK(w.outcomes[static_cast<std::size_t>(Outcome::kAzFailure)] > 1200);
  CHECK(w.async_delayed > 1200);
  CHECK(w.async_delayed <= w.outcomes[static_cast<std::size_t>(Outcome::kAzFailure)]);
  CHECK(w.async_retries >= w.async_delayed);
  // Nothing is delayed outside the window, and every delayed event is delivered.
  CHECK(s.total.async_delayed == w.async_delayed);
  CHECK(s.total.outcomes[static_cast<std::size_t>(Outcome::kAsyncExpired)] == 0);
  CHECK(s.total.outcomes[static_cast<std::size_t>(Outcome::kAsyncDropped)] == 0);
  // 50/s x 600 s = 30,000 events (Poisson, sd 173); those in flight at the end
  // (~0.25 s x 50/s) are the only ones not yet delivered.
  CHECK(model.async_backlog() < 100);
  CHECK(static_cast<double>(s.total.async_delivered) == Approx(30000).margin(700));
}

TEST_CASE("in-VPC clients lose the Lambda API while their NAT or endpoint is down") {
  for (const bool via_endpoint : {false, true}) {
    INFO("through the lambda endpoint: " << via_endpoint);
    ModelConfig c = two_az(true);
    c.functions[0].calls.clear();
    c.functions[0].arrivals[0].source = InvocationSourceConfig{};
    c.functions[0].arrivals[0].source->vpc = "main";
    c.functions[0].arrivals[0].source->subnet = "a";
    FaultConfig f;
    f.vpc = "main";
    f.at = minutes(1);
    f.duration = minutes(1);
    if (via_endpoint) {
      InterfaceEndpointConfig ep;
      ep.name = "lambda-ep";
      ep.service = "lambda";
      ep.subnets = {"a"};
      c.network.vpcs[0].interface_endpoints = {ep};
      f.kind = FaultKind::kEndpointFailure;
      f.resource = "lambda-ep";
    } else {
      f.kind = FaultKind::kNatFailure;
      f.resource = "nat-a";
    }
    c.faults.timeline = {f};
    const auto r = run(c, minutes(3));
    REQUIRE(r->per_minute.size() == 3);
    CHECK(r->per_minute[0].failed == 0);
    // 50/s for the minute of the fault, every request lost.
    CHECK(static_cast<double>(r->per_minute[1].failed) == Approx(3000).margin(250));
    CHECK(r->per_minute[1].ok < 10);  // only invocations that arrived before it
    CHECK(r->obs.rejected_of(Outcome::kUnreachable) == r->per_minute[1].failed);
    CHECK(r->per_minute[2].failed == 0);
  }
}

TEST_CASE("a cold start's calls meet the faults of the moment they run, after ENI wait and init") {
  // One invocation at 0 s: a per-execution ENI takes 10 s, init 0.2 s, so
  // its call runs at 10.2 s. A target refusing over [5 s, 20 s) refuses it; one
  // over [0 s, 5 s) does not.
  for (const bool late_fault : {true, false}) {
    INFO("fault over [5 s, 20 s): " << late_fault);
    ModelConfig c = two_az(true);
    c.network.eni_model = EniModel::kPerExecution;
    c.network.per_execution_creation = DurationDistribution{Distribution::deterministic(10)};
    c.functions[0].arrivals = {constant_arrivals(1.0, kTimeZero, seconds(1))};
    FaultConfig refuse;
    refuse.kind = FaultKind::kTargetOutage;
    refuse.target = "api";
    refuse.mode = TargetOutageMode::kRefuse;
    refuse.at = late_fault ? seconds(5) : kTimeZero;
    refuse.duration = seconds(late_fault ? 15 : 5);
    c.faults.timeline = {refuse};
    const auto r = run(c, seconds(30));
    CHECK(r->obs.started == 1);
    CHECK(r->obs.completed_of(Outcome::kTargetRefused) == (late_fault ? 1 : 0));
    CHECK(r->obs.completed_of(Outcome::kSuccess) == (late_fault ? 0 : 1));
  }
}
