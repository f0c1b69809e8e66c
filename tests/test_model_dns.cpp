// The VPC DNS resolver hooked into the model (issue 10, item 10): calls with
// `dns` resolve through their environment's interface, over-budget lookups
// end as dns_timeout, a TTL cache removes lookups, a Hyperplane group's
// functions share one budget, and explain's estimate for the shipped scenario.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "lambdasim/model/explain.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::resolved;
using lambdasim::testing::simple_function;

namespace {

// Outcomes and lookups, all the test needs.
struct DnsObserver final : ModelObserver {
  long completed = 0;
  long dns_timeouts = 0;
  long timeouts = 0;
  long lookups = 0;
  long dropped_tries = 0;
  long failed_lookups = 0;  // every try dropped (2 attempts by default)
  void on_rejected(SimTime, FunctionIndex, Outcome, InvocationType) override {}
  void on_started(SimTime, FunctionIndex, bool, bool) override {}
  void on_completed(SimTime, const Completion& c) override {
    ++completed;
    if (c.outcome == Outcome::kDnsTimeout) ++dns_timeouts;
    if (c.outcome == Outcome::kTimeout) ++timeouts;
  }
  void on_environment_ready(SimTime, FunctionIndex, bool) override {}
  void on_environment_removed(SimTime, FunctionIndex) override {}
  void on_async_final(SimTime, FunctionIndex, Outcome, SimTime) override {}
  void on_count(SimTime, CounterId id, FunctionIndex, std::uint64_t n) override {
    if (id.index == counter_named("dns_lookups").index) ++lookups;
    if (id.index != counter_named("dns_dropped_tries").index) return;
    dropped_tries += static_cast<int>(n);
    if (n == 2) ++failed_lookups;
  }
};

// One VPC, one private subnet behind a NAT, an internet target at 10 ms. The
// DNS budget is 100 packets/s per ENI: 50 lookups/s of 2 packets.
ModelConfig dns_config() {
  ModelConfig c;
  c.account.azs = {"use1-az1"};
  c.account.concurrency_limit = 10000;
  VpcConfig v;
  v.name = "main";
  SubnetConfig s;
  s.name = "priv-a";
  s.az = "use1-az1";
  s.cidr = "10.0.0.0/20";
  s.prefix_length = 20;
  s.route_nat = "nat-a";
  v.subnets = {s};
  NatGatewayConfig nat;
  nat.name = "nat-a";
  nat.az = "use1-az1";
  v.nat_gateways = {nat};
  c.network.vpcs = {v};
  c.network.dns.packets_per_second_per_eni = 100;
  TargetConfig t;
  t.name = "api";
  t.latency = DurationDistribution{Distribution::deterministic(0.01)};
  c.targets = {t};
  return c;
}

// A function calling `api` with a lookup per connection (`ttl` cache).
FunctionConfig resolving(const char* name, double rate_per_s, const char* sg = "sg",
                         SimTime ttl = kTimeZero) {
  FunctionConfig f = simple_function(name, milliseconds(10));
  f.vpc = FunctionVpcConfig{.vpc = "main", .subnets = {"priv-a"}, .security_groups = {sg}};
  CallConfig call;
  call.target = "api";
  call.dns = DnsCallConfig{.ttl = ttl};
  f.calls = {call};
  f.arrivals = {constant_arrivals(rate_per_s)};
  return f;
}

DnsObserver run(ModelConfig config, SimTime horizon = seconds(30)) {
  Simulation sim;
  DnsObserver obs;
  LambdaModel model(sim, resolved(config), obs, 7, 0);
  model.start();
  sim.run_until(horizon);
  return obs;
}

}  // namespace

TEST_CASE("dns: a function over its ENI's budget gets dns_timeout, one under it none", "[dns]") {
  ModelConfig over = dns_config();
  over.functions = {resolving("busy", 200)};  // 400 packets/s against 100
  const DnsObserver busy = run(over);
  CHECK(busy.lookups > 3000);
  CHECK(busy.dropped_tries > 0);
  CHECK(busy.dns_timeouts > 0);
  // Sustained 4x overload: about 1 - 1/4 of lookups fail.
  CHECK(static_cast<double>(busy.failed_lookups) / static_cast<double>(busy.lookups) ==
        Approx(0.75).margin(0.05));

  ModelConfig under = dns_config();
  under.functions = {resolving("calm", 20)};  // 40 packets/s
  const DnsObserver calm = run(under);
  CHECK(calm.lookups > 500);
  CHECK(calm.dropped_tries == 0);
  CHECK(calm.dns_timeouts == 0);
}

TEST_CASE("dns: the function's timeout before the resolver gives up is a timeout", "[dns]") {
  ModelConfig c = dns_config();
  c.functions = {resolving("short", 200)};
  c.functions[0].timeout = seconds(8);  // < attempts x timeout = 10 s
  const DnsObserver obs = run(c);
  CHECK(obs.dropped_tries > 0);
  CHECK(obs.dns_timeouts == 0);
  CHECK(obs.timeouts > 0);
}

TEST_CASE("dns: a TTL cache in the environment removes lookups", "[dns]") {
  ModelConfig c = dns_config();
  c.functions = {resolving("cached", 200, "sg", seconds(60))};
  const DnsObserver obs = run(c);
  CHECK(obs.completed > 5000);
  // One lookup per environment (a handful at 200/s x 20 ms), none dropped.
  CHECK(obs.lookups > 0);
  CHECK(obs.lookups < 50);
  CHECK(obs.dns_timeouts == 0);
}

TEST_CASE("dns: a Hyperplane group's functions share one budget, per-execution ENIs do not",
          "[dns]") {
  // 40 lookups/s each: 80 packets/s alone, 160 together against 100.
  ModelConfig shared = dns_config();
  shared.functions = {resolving("a", 40, "sg"), resolving("b", 40, "sg")};
  CHECK(run(shared).dns_timeouts > 0);

  ModelConfig apart = dns_config();  // another security group: another ENI
  apart.functions = {resolving("a", 40, "sg-a"), resolving("b", 40, "sg-b")};
  const DnsObserver obs = run(apart);
  CHECK(obs.lookups > 1000);
  CHECK(obs.dropped_tries == 0);

  // Each function's environments on their own ENIs. The environments that
  // waited for an ENI's creation start their handlers together when it is
  // ready (a burst of lookups on it), so allow a few drops there.
  ModelConfig per_execution = shared;
  per_execution.network.eni_model = EniModel::kPerExecution;
  const DnsObserver pe = run(per_execution, seconds(60));
  CHECK(pe.lookups > 1000);
  CHECK(pe.dropped_tries < pe.lookups / 100);
  CHECK(pe.dns_timeouts == 0);
}

TEST_CASE("dns: explain estimates the shipped scenario's packets per ENI", "[dns][explain]") {
  const std::string path = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/dns-resolver-limit.yaml";
  const LoadResult no_cache = load_scenario_variant(path, "no-cache");
  REQUIRE(no_cache.ok());
  const Explanation e = explain(no_cache.scenario->model, no_cache.scenario->run.horizon);
  REQUIRE(e.tables.size() == 1);
  REQUIRE(e.tables[0].json_key == "dns");
  REQUIRE(e.tables[0].rows.size() == 1);
  const std::vector<ExplainCell>& row = e.tables[0].rows[0];  // interface, packets, budget, failed
  CHECK(row[0].text == "priv-a/sg-checkout");
  CHECK(row[1].value == Approx(1600).margin(1));  // 800/s x 2 packets at the burst
  CHECK(row[2].value == 1024);
  CHECK(row[3].value == Approx(0.36).margin(0.01));
  bool warned = false;
  for (const std::string& w : e.warnings) warned = warned || w.find("dns_timeout") != w.npos;
  CHECK(warned);

  const LoadResult cached = load_scenario_variant(path, "cached");
  REQUIRE(cached.ok());
  const Explanation c = explain(cached.scenario->model, cached.scenario->run.horizon);
  REQUIRE(c.tables.size() == 1);
  REQUIRE(c.tables[0].rows.size() == 1);
  CHECK(c.tables[0].rows[0][1].value < 5);   // packets per second
  CHECK(c.tables[0].rows[0][3].value == 0);  // lookups that fail
}

TEST_CASE("dns: validate warns that a service-VPC function's lookups are not modelled",
          "[dns][scenario]") {
  constexpr const char* kText = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: t}
spec:
  targets:
    web: {kind: internet}
  functions:
    api:
      calls: [{target: web, dns: {ttl: 0s}}]
      arrivals: [{dist: poisson, rate: 1/s}]
)";
  const LoadResult r = load_scenario_text(kText, "t.yaml", "");
  REQUIRE(r.ok());
  bool warned = false;
  for (const Diagnostic& d : r.diagnostics) {
    warned = warned ||
             (d.severity == Severity::kWarning && d.path == "spec.functions.api.calls[0].dns" &&
              d.message.find("not limited") != std::string::npos);
  }
  CHECK(warned);
}
