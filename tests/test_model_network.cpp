// VPC networking rules (issue: ENIs, subnets and IPs, NAT, endpoints, routes).
#include <catch2/catch.hpp>

#include <set>

#include "model/network_model.hpp"
#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::CountingObserver;
using lambdasim::testing::resolved;
using lambdasim::testing::simple_function;

namespace {

SubnetConfig subnet(const char* name, const char* az, int prefix, const char* nat = "") {
  SubnetConfig s;
  s.name = name;
  s.az = az;
  s.cidr = "10.0.0.0/" + std::to_string(prefix);
  s.prefix_length = prefix;
  s.route_nat = nat;
  return s;
}

NatGatewayConfig nat(const char* name, const char* az) {
  NatGatewayConfig n;
  n.name = name;
  n.az = az;
  return n;
}

// main: priv-a (az1, NAT a), priv-b (az2, NAT a: cross-AZ), iso-c (az1, no NAT).
ModelConfig vpc_config() {
  ModelConfig c;
  c.account.azs = {"use1-az1", "use1-az2"};
  VpcConfig v;
  v.name = "main";
  v.subnets = {subnet("priv-a", "use1-az1", 24, "nat-a"), subnet("priv-b", "use1-az2", 24, "nat-a"),
               subnet("iso-c", "use1-az1", 24)};
  v.nat_gateways = {nat("nat-a", "use1-az1")};
  c.network.vpcs.push_back(v);
  return c;
}

FunctionVpcConfig attach(std::vector<std::string> subnets, std::vector<std::string> sgs) {
  FunctionVpcConfig v;
  v.vpc = "main";
  v.subnets = std::move(subnets);
  v.security_groups = std::move(sgs);
  return v;
}

TargetConfig target(const char* name, TargetKind kind, const char* service = "") {
  TargetConfig t;
  t.name = name;
  t.kind = kind;
  t.service = service;
  if (kind == TargetKind::kPrivate) t.vpc = "main";
  t.latency = DurationDistribution{Distribution::deterministic(0.01)};
  return t;
}

CallConfig call(const char* target_name, ConnectionMode mode = ConnectionMode::kNew) {
  CallConfig c;
  c.target = target_name;
  c.connection = mode;
  return c;
}

struct Harness {
  Simulation sim;
  CountingObserver obs;
  ModelConfig config = vpc_config();
  std::unique_ptr<LambdaModel> model;
  void start() {
    model = std::make_unique<LambdaModel>(sim, resolved(config), obs, 1, 0);
    model->start();
  }
};

}  // namespace

TEST_CASE("route table: every cell of DESIGN.md's egress table") {
  ModelConfig c = vpc_config();
  c.network.vpcs[0].gateway_endpoints = {"s3"};
  InterfaceEndpointConfig sqs;
  sqs.name = "sqs-ep";
  sqs.service = "sqs";
  sqs.subnets = {"priv-b"};
  c.network.vpcs[0].interface_endpoints = {sqs};
  c.targets = {target("api", TargetKind::kInternet), target("s3", TargetKind::kAwsService, "s3"),
               target("sqs", TargetKind::kAwsService, "sqs"),
               target("ddb", TargetKind::kAwsService, "dynamodb"),
               target("db", TargetKind::kPrivate)};
  resolve_names(c);
  const NetworkIndex index(c);
  FunctionConfig service_vpc = simple_function("svc", seconds(1));
  FunctionConfig in_vpc = simple_function("vpc", seconds(1));
  in_vpc.vpc = attach({"priv-a", "priv-b", "iso-c"}, {"sg"});
  const TargetConfig& internet = c.targets[0];
  const TargetConfig& s3 = c.targets[1];
  const TargetConfig& sqs_t = c.targets[2];
  const TargetConfig& ddb = c.targets[3];
  const TargetConfig& db = c.targets[4];
  // Global subnet numbers, as resolve_names writes them.
  const std::uint32_t a = 0;
  const std::uint32_t b = 1;
  const std::uint32_t iso = 2;
  CHECK(c.network.vpcs[0].subnets[2].az_index == 0);  // use1-az1: the account's first AZ
  CHECK(c.network.vpcs[0].subnets[0].route_nat_index == 0);
  CHECK(c.network.vpcs[0].subnets[2].route_nat_index == kNoIndex);
  CHECK(c.network.vpcs[0].interface_endpoints[0].subnet_indices == std::vector<std::uint32_t>{b});
  auto kind = [&](const FunctionConfig& f, std::uint32_t s, const TargetConfig& t) {
    return resolve_route(c, index, f, s, t).kind;
  };
  // Service VPC: internet and AWS services direct; private unreachable.
  CHECK(kind(service_vpc, Route::kNone, internet) == RouteKind::kDirect);
  CHECK(kind(service_vpc, Route::kNone, ddb) == RouteKind::kDirect);
  CHECK(kind(service_vpc, Route::kNone, db) == RouteKind::kUnreachable);
  // In VPC with a NAT route.
  CHECK(kind(in_vpc, a, internet) == RouteKind::kNat);
  CHECK_FALSE(resolve_route(c, index, in_vpc, a, internet).cross_az);
  CHECK(resolve_route(c, index, in_vpc, b, internet).cross_az);  // NAT in az1
  CHECK(kind(in_vpc, a, s3) == RouteKind::kGatewayEndpoint);     // gateway first
  CHECK(kind(in_vpc, a, sqs_t) == RouteKind::kInterfaceEndpoint);
  CHECK(resolve_route(c, index, in_vpc, a, sqs_t).cross_az);  // endpoint only in az2
  CHECK_FALSE(resolve_route(c, index, in_vpc, b, sqs_t).cross_az);
  CHECK(kind(in_vpc, a, ddb) == RouteKind::kNat);  // no endpoint: NAT
  CHECK(kind(in_vpc, a, db) == RouteKind::kPrivate);
  // In VPC without a NAT route.
  CHECK(kind(in_vpc, iso, internet) == RouteKind::kUnreachable);
  CHECK(kind(in_vpc, iso, ddb) == RouteKind::kUnreachable);
  CHECK(kind(in_vpc, iso, s3) == RouteKind::kGatewayEndpoint);
  CHECK(kind(in_vpc, iso, sqs_t) == RouteKind::kInterfaceEndpoint);
  CHECK(kind(in_vpc, iso, db) == RouteKind::kPrivate);
  // Client route to the Lambda API: NAT, or the Lambda endpoint when present.
  CHECK(resolve_client_route(c, index, a).kind == RouteKind::kNat);
  CHECK(resolve_client_route(c, index, iso).kind == RouteKind::kUnreachable);
  InterfaceEndpointConfig lambda_ep;
  lambda_ep.name = "lambda-ep";
  lambda_ep.service = "lambda";
  lambda_ep.subnets = {"iso-c"};
  c.network.vpcs[0].interface_endpoints.push_back(lambda_ep);
  resolve_names(c);
  const NetworkIndex index2(c);
  CHECK(resolve_client_route(c, index2, iso).kind == RouteKind::kInterfaceEndpoint);
}

TEST_CASE("Hyperplane ENIs = distinct (subnet, security-group set) pairs in the account") {
  Harness h;
  const std::vector<std::vector<std::string>> sg_sets = {{"a"}, {"b"}, {"a", "b"}, {"b", "a"}};
  const std::vector<std::vector<std::string>> subnet_sets = {
      {"priv-a"}, {"priv-b"}, {"priv-a", "priv-b"}, {"priv-a", "priv-b", "iso-c"}};
  std::set<std::pair<std::string, std::set<std::string>>> distinct;
  int n = 0;
  for (const auto& sgs : sg_sets) {
    for (const auto& subnets : subnet_sets) {
      FunctionConfig f = simple_function(("f" + std::to_string(n++)).c_str(), seconds(1));
      f.vpc = attach(subnets, sgs);
      h.config.functions.push_back(f);
      for (const auto& s : subnets)
        distinct.insert({s, std::set<std::string>(sgs.begin(), sgs.end())});
    }
  }
  h.start();
  REQUIRE(distinct.size() == 9);  // {a}, {b}, {a,b} x 3 subnets
  CHECK(h.model->network().enis_in_vpc(0) == 9);
  CHECK(h.model->network().free_ips(0) == 256 - 5 - 3);  // priv-a: 3 SG sets
}

TEST_CASE("per-execution ENIs follow AWS's sizing formula") {
  for (const auto& [memory, expected] : std::vector<std::pair<int, int>>{{1024, 334}, {128, 42}}) {
    Harness h;
    h.config.network.eni_model = EniModel::kPerExecution;
    h.config.network.eni_api_rate_per_s = 1e6;
    h.config.network.eni_api_burst = 100000;
    h.config.network.vpcs[0].subnets[0].prefix_length = 20;
    FunctionConfig f = simple_function("legacy", seconds(600));
    f.memory_mb = memory;
    f.timeout = seconds(900);
    f.vpc = attach({"priv-a"}, {"sg"});
    f.arrivals.push_back(constant_arrivals(1000.0, kTimeZero, seconds(1)));  // 1,000 concurrent
    h.config.functions.push_back(f);
    h.start();
    h.sim.run_until(seconds(60));
    INFO("memory " << memory);
    CHECK(h.obs.started == 1000);
    CHECK(h.model->network().region_enis() == expected);
  }
}

TEST_CASE("per-execution: quota, subnet IPs and the EC2 API refuse with their 502s") {
  SECTION("region network-interface quota") {
    Harness h;
    h.config.network.eni_model = EniModel::kPerExecution;
    h.config.network.network_interfaces_per_region = 10;
    h.config.network.eni_api_burst = 1000;
    FunctionConfig f = simple_function("legacy", seconds(600));
    f.memory_mb = 3072;  // one environment per ENI
    f.timeout = seconds(900);
    f.vpc = attach({"priv-a"}, {"sg"});
    f.arrivals.push_back(constant_arrivals(100.0, kTimeZero, milliseconds(200)));  // 20 cold starts
    h.config.functions.push_back(f);
    h.start();
    h.sim.run_until(seconds(30));
    CHECK(h.obs.started == 10);
    CHECK(h.obs.rejected_of(Outcome::kEniLimitReached) == 10);
  }
  SECTION("subnet IPs: a /28 has 11 usable addresses, then the next subnet") {
    Harness h;
    h.config.network.eni_model = EniModel::kPerExecution;
    h.config.network.eni_api_burst = 1000;
    h.config.network.vpcs[0].subnets[0].prefix_length = 28;
    h.config.network.vpcs[0].subnets[1].prefix_length = 28;
    FunctionConfig f = simple_function("legacy", seconds(600));
    f.memory_mb = 3072;
    f.timeout = seconds(900);
    f.vpc = attach({"priv-a", "priv-b"}, {"sg"});
    f.arrivals.push_back(constant_arrivals(100.0, kTimeZero, milliseconds(300)));  // 30 cold starts
    h.config.functions.push_back(f);
    h.start();
    h.sim.run_until(seconds(30));
    CHECK(h.obs.started == 22);
    CHECK(h.obs.rejected_of(Outcome::kSubnetIpLimitReached) == 8);
    CHECK(h.model->network().free_ips(0) == 0);
    CHECK(h.model->network().free_ips(1) == 0);
  }
  SECTION("EC2 API rate") {
    Harness h;
    h.config.network.eni_model = EniModel::kPerExecution;
    h.config.network.eni_api_burst = 5;
    h.config.network.eni_api_rate_per_s = 1;
    FunctionConfig f = simple_function("legacy", seconds(600));
    f.memory_mb = 3072;
    f.timeout = seconds(900);
    f.vpc = attach({"priv-a"}, {"sg"});
    f.arrivals.push_back(constant_arrivals(100.0, kTimeZero, milliseconds(100)));  // 10 in 0.1 s
    h.config.functions.push_back(f);
    h.start();
    h.sim.run_until(seconds(30));
    CHECK(h.obs.started == 5);
    CHECK(h.obs.rejected_of(Outcome::kEc2Throttled) == 5);
  }
  SECTION("ENI creation is on the cold path") {
    Harness h;
    h.config.network.eni_model = EniModel::kPerExecution;
    h.config.network.per_execution_creation = DurationDistribution{Distribution::deterministic(10)};
    FunctionConfig f = simple_function("legacy", milliseconds(100));
    f.vpc = attach({"priv-a"}, {"sg"});
    f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));
    h.config.functions.push_back(f);
    h.obs.keep_completions = true;
    h.start();
    h.sim.run_until(seconds(30));
    REQUIRE(h.obs.completions.size() == 1);
    CHECK(h.obs.completions[0].latency == seconds(10) + milliseconds(300));
    CHECK(h.obs.completions[0].init_duration == milliseconds(200));  // the wait is not init
  }
}

TEST_CASE("idle per-execution ENIs are released after the delay, freeing their IP") {
  Harness h;
  h.config.network.eni_model = EniModel::kPerExecution;
  h.config.network.per_execution_release_after = minutes(5);
  FunctionConfig f = simple_function("legacy", milliseconds(100));
  f.keep_alive = DurationDistribution{Distribution::deterministic(60)};
  f.vpc = attach({"priv-a"}, {"sg"});
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(minutes(5));  // env gone at ~70 s; ENI idle since then
  CHECK(h.model->network().region_enis() == 1);
  h.sim.run_until(minutes(7));
  CHECK(h.model->network().region_enis() == 0);
  CHECK(h.model->network().free_ips(0) == 251);
}

TEST_CASE("Hyperplane: Pending after deploy, then Active; a second function reuses the ENI") {
  Harness h;
  h.config.network.hyperplane_creation = DurationDistribution{Distribution::deterministic(75)};
  FunctionConfig first = simple_function("first", milliseconds(100));
  first.vpc = attach({"priv-a"}, {"sg"});
  first.deployed_at = seconds(10);
  first.arrivals.push_back(constant_arrivals(1.0));
  FunctionConfig second = first;
  second.name = "second";
  second.deployed_at = seconds(200);
  second.arrivals = {constant_arrivals(1.0, seconds(200))};
  h.config.functions = {first, second};
  h.start();
  h.sim.run_until(seconds(300) - nanoseconds(1));
  // first: not deployed 0-9 s, Pending 10-84 s (ENI ready at 85 s): 85 refusals.
  CHECK(h.obs.rejected_of(Outcome::kFunctionNotReady) == 85);
  // second reuses the ENI: Active at once.
  CHECK(h.model->network().enis_in_vpc(0) == 1);
  CHECK(h.obs.started == (300 - 85) + 100);
}

TEST_CASE("Hyperplane: quota and subnet IPs decide whether a deployment succeeds") {
  Harness h;
  h.config.network.enis_per_vpc = 2;
  h.config.network.vpcs[0].subnets.push_back(subnet("priv-d", "use1-az2", 24));
  FunctionConfig f = simple_function("big", milliseconds(100));
  f.vpc = attach({"priv-a", "iso-c", "priv-d"}, {"sg"});  // needs 3 ENIs, quota 2
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(5)));
  FunctionConfig g = simple_function("small", milliseconds(100));
  h.config.network.vpcs[0].subnets[1].other_tenant_ips = 256 - 5;  // priv-b full
  g.vpc = attach({"priv-b"}, {"other"});
  g.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(5)));
  h.config.functions = {g, f};  // small fails on IPs first, then big on the quota
  h.start();
  h.sim.run_until(seconds(10));
  CHECK(h.obs.rejected_of(Outcome::kEniLimitReached) == 5);
  CHECK(h.obs.rejected_of(Outcome::kSubnetIpLimitReached) == 5);
  CHECK(h.obs.started == 0);
}

TEST_CASE("Hyperplane: 14 days idle makes the function Inactive for one re-creation") {
  Harness h;
  h.config.network.hyperplane_creation = DurationDistribution{Distribution::deterministic(60)};
  FunctionConfig f = simple_function("rare", milliseconds(100));
  f.vpc = attach({"priv-a"}, {"sg"});
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));   // day 0
  f.arrivals.push_back(constant_arrivals(1.0, days(15), seconds(120)));  // day 15
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(days(15) + seconds(200));
  CHECK(h.obs.rejected_of(Outcome::kResourceNotReady) == 60);
  CHECK(h.obs.started == 1 + 60);
}

TEST_CASE("unreachable calls hang until the function timeout") {
  Harness h;
  h.config.targets = {target("api", TargetKind::kInternet), target("db", TargetKind::kPrivate)};
  FunctionConfig iso = simple_function("isolated", milliseconds(50));
  iso.timeout = seconds(6);
  iso.vpc = attach({"iso-c"}, {"sg"});
  iso.calls = {call("api")};
  iso.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));
  FunctionConfig svc = simple_function("service", milliseconds(50));
  svc.timeout = seconds(3);
  svc.calls = {call("db")};
  svc.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));
  h.config.functions = {iso, svc};
  h.obs.keep_completions = true;
  h.start();
  h.sim.run_until(seconds(20));
  REQUIRE(h.obs.completions.size() == 2);
  for (const Completion& c : h.obs.completions) {
    CHECK(c.outcome == Outcome::kCallTimeout);
    CHECK(c.run_duration == (c.function == 0 ? seconds(6) : seconds(3)));
  }
}

TEST_CASE("NAT port exhaustion at exactly 55,000 connections per IP per destination") {
  Harness h;
  h.config.account.concurrency_limit = 200000;
  h.config.account.request_rate_per_s = 1e7;
  h.config.account.scaling_environments = 200000;
  h.config.network.vpcs[0].nat_gateways[0].ips = 1;
  h.config.targets = {target("api", TargetKind::kInternet)};
  FunctionConfig f = simple_function("leaky", milliseconds(10));
  f.init = DurationDistribution{Distribution::deterministic(0)};
  f.vpc = attach({"priv-a"}, {"sg"});
  CallConfig leak = call("api");
  leak.hold = seconds(350);  // never closed: lingers until the NAT idle timeout
  f.calls = {leak};
  f.arrivals.push_back(constant_arrivals(1000.0, kTimeZero, seconds(60)));  // 60,000 calls
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(61));
  CHECK(h.model->network().nat_connections(0, 0) == 55000);
  CHECK(h.obs.completed_of(Outcome::kNatPortAllocation) == 5000);
  CHECK(h.obs.completed_of(Outcome::kSuccess) == 55000);
  h.sim.run_until(seconds(420));  // held connections released after 350 s
  CHECK(h.model->network().nat_connections(0, 0) == 0);
}

TEST_CASE("private targets refuse connections past their limit; pooled ones are per environment") {
  Harness h;
  h.config.targets = {target("db", TargetKind::kPrivate)};
  h.config.targets[0].max_connections = 10;
  FunctionConfig f = simple_function("api", seconds(5));
  f.vpc = attach({"priv-a"}, {"sg"});
  f.calls = {call("db", ConnectionMode::kPooled)};
  f.arrivals.push_back(constant_arrivals(100.0, kTimeZero, milliseconds(150)));  // 15 at once
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(3));
  CHECK(h.model->network().target_connections(0) == 10);
  h.sim.run_until(seconds(30));
  CHECK(h.obs.completed_of(Outcome::kTargetRefused) == 5);
  // Pooled: the 10 environments keep their connections while they live.
  CHECK(h.model->network().target_connections(0) == 10);
}

TEST_CASE("a NAT drops a connection held past its idle timeout at that timeout") {
  Harness h;
  h.config.targets = {target("api", TargetKind::kInternet)};
  FunctionConfig f = simple_function("leaky", milliseconds(10));
  f.vpc = attach({"priv-a"}, {"sg"});
  CallConfig leak = call("api");
  leak.hold = hours(1);  // the code never closes it
  f.calls = {leak};
  f.arrivals.push_back(constant_arrivals(1.0, kTimeZero, seconds(1)));  // one, ends at 0.22 s
  h.config.functions.push_back(f);
  h.start();
  h.sim.run_until(seconds(350));
  CHECK(h.model->network().nat_connections(0, 0) == 1);
  h.sim.run_until(seconds(351));
  CHECK(h.model->network().nat_connections(0, 0) == 0);
}

TEST_CASE("an idle environment's pooled NAT connections time out and reopen on next use") {
  Harness h;
  h.config.targets = {target("api", TargetKind::kInternet), target("db", TargetKind::kPrivate)};
  FunctionConfig f = simple_function("pooler", milliseconds(10));
  f.keep_alive = DurationDistribution{Distribution::deterministic(3600)};
  f.vpc = attach({"priv-a"}, {"sg"});
  f.calls = {call("api", ConnectionMode::kPooled), call("db", ConnectionMode::kPooled)};
  // One invocation at 0 s, one at 300 s (idle 300 s < 350 s), one at 1000 s.
  for (const double at : {0.0, 300.0, 1000.0}) {
    f.arrivals.push_back(constant_arrivals(1.0, from_seconds(at), seconds(1)));
  }
  h.config.functions.push_back(f);
  h.start();
  const NetworkModel& net = h.model->network();
  h.sim.run_until(seconds(600));  // idle since ~300.2 s: NAT timeout at ~650.2 s
  CHECK(net.nat_connections(0, 0) == 1);
  CHECK(net.target_connections(1) == 1);
  h.sim.run_until(seconds(651));
  CHECK(net.nat_connections(0, 0) == 0);  // the NAT forgot it ...
  CHECK(net.target_connections(1) == 1);  // ... the database did not
  h.sim.run_until(seconds(1001));
  CHECK(h.obs.cold == 1);  // the same environment, warm
  CHECK(h.obs.completed_of(Outcome::kSuccess) == 3);
  CHECK(net.nat_connections(0, 0) == 1);  // reopened
  CHECK(net.target_connections(1) == 1);  // not opened twice
  h.sim.run_until(seconds(1351));
  CHECK(net.nat_connections(0, 0) == 0);
  h.sim.run_until(hours(2));  // keep-alive ends at ~4600 s: the rest closes, once
  CHECK(h.obs.removed == 1);
  CHECK(net.nat_connections(0, 0) == 0);
  CHECK(net.target_connections(1) == 0);
}

TEST_CASE("in-VPC clients take NAT ports to the Lambda API, refused past the limit") {
  Harness h;
  h.config.network.vpcs[0].nat_gateways[0].ips = 1;
  h.config.network.vpcs[0].nat_gateways[0].connections_per_ip = 300;
  FunctionConfig f = simple_function("api", milliseconds(10));
  ArrivalConfig a = constant_arrivals(100.0, kTimeZero, seconds(5));  // 500 requests
  a.source = InvocationSourceConfig{};
  a.source->vpc = "main";
  a.source->subnet = "priv-a";
  a.source->connection_hold = seconds(10);
  f.arrivals.push_back(a);
  h.config.functions.push_back(f);
  h.start();
  const NetworkModel& net = h.model->network();
  h.sim.run_until(seconds(6));
  CHECK(net.nat_lambda_connections(0) == 300);
  CHECK(h.obs.rejected_of(Outcome::kNatPortAllocation) == 200);
  CHECK(h.obs.started == 300);
  h.sim.run_until(seconds(20));
  CHECK(net.nat_lambda_connections(0) == 0);
}

TEST_CASE("in-VPC client connections: none held at hold 0, cut at the NAT idle timeout") {
  for (const double hold_s : {0.0, 3600.0}) {
    INFO("hold " << hold_s << " s");
    Harness h;
    h.config.network.vpcs[0].nat_gateways[0].idle_timeout = seconds(2);
    FunctionConfig f = simple_function("api", milliseconds(10));
    ArrivalConfig a = constant_arrivals(10.0, kTimeZero, seconds(1));  // 10 requests
    a.source = InvocationSourceConfig{};
    a.source->vpc = "main";
    a.source->subnet = "priv-b";  // routed to nat-a in the other AZ
    a.source->connection_hold = from_seconds(hold_s);
    f.arrivals.push_back(a);
    h.config.functions.push_back(f);
    h.start();
    h.sim.run_until(milliseconds(1500));
    CHECK(h.model->network().nat_lambda_connections(0) == (hold_s > 0 ? 10 : 0));
    h.sim.run_until(seconds(4));
    CHECK(h.model->network().nat_lambda_connections(0) == 0);
    CHECK(h.obs.completed_of(Outcome::kSuccess) == 10);
  }
}
