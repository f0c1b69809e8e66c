// resolve_names: every name of a config becomes an index once (loader, or
// by hand via testing::resolved), and the model refuses unresolved configs.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/model/resolve.hpp"
#include "model/network/fault_state.hpp"
#include "model_test_support.hpp"

using namespace lambdasim;

namespace {

SubnetConfig subnet(const char* name, const char* az, const char* nat = "") {
  SubnetConfig s;
  s.name = name;
  s.az = az;
  s.route_nat = nat;
  return s;
}

// Two VPCs so that global numbering differs from local numbering.
ModelConfig two_vpcs() {
  ModelConfig c;
  c.account.azs = {"az1", "az2"};
  VpcConfig edge;
  edge.name = "edge";
  edge.subnets = {subnet("e-a", "az1")};
  VpcConfig main;
  main.name = "main";
  main.subnets = {subnet("m-a", "az1", "nat-m"), subnet("m-b", "az9")};
  NatGatewayConfig nat;
  nat.name = "nat-m";
  nat.az = "az2";
  main.nat_gateways = {nat};
  InterfaceEndpointConfig ep;
  ep.name = "ep";
  ep.service = "sqs";
  ep.subnets = {"m-b"};
  main.interface_endpoints = {ep};
  c.network.vpcs = {edge, main};
  TargetConfig api;
  api.name = "api";
  TargetConfig db;
  db.name = "db";
  db.kind = TargetKind::kPrivate;
  db.vpc = "main";
  db.az = "az2";
  c.targets = {api, db};
  FunctionConfig f = testing::simple_function("f", seconds(1));
  f.vpc = FunctionVpcConfig{};
  f.vpc->vpc = "main";
  f.vpc->subnets = {"m-b", "m-a"};
  f.calls.resize(1);
  f.calls[0].target = "db";
  ArrivalConfig a = testing::constant_arrivals(1.0);
  a.source = InvocationSourceConfig{};
  a.source->vpc = "main";
  a.source->subnet = "m-a";
  f.arrivals = {a};
  c.functions = {f};
  FaultConfig az;
  az.kind = FaultKind::kAzOutage;
  az.az = "az2";
  FaultConfig nat_down;
  nat_down.kind = FaultKind::kNatFailure;
  nat_down.vpc = "main";
  nat_down.resource = "nat-m";
  FaultConfig slow;
  slow.kind = FaultKind::kLatency;
  slow.target = "db";
  c.faults.timeline = {az, nat_down, slow};
  return c;
}

}  // namespace

TEST_CASE("resolve_names writes every index once", "[model][resolve]") {
  ModelConfig c = two_vpcs();
  resolve_names(c);
  const VpcConfig& main = c.network.vpcs[1];
  CHECK(main.subnets[0].az_index == 0);
  CHECK(main.subnets[1].az_index == 2);  // az9: after the account's AZs
  CHECK(main.subnets[0].route_nat_index == 0);
  CHECK(main.subnets[1].route_nat_index == kNoIndex);
  CHECK(main.nat_gateways[0].az_index == 1);
  CHECK(main.interface_endpoints[0].subnet_indices == std::vector<std::uint32_t>{2});
  CHECK(c.targets[0].vpc_index == kNoIndex);
  CHECK(c.targets[1].vpc_index == 1);
  CHECK(c.targets[1].az_index == 1);
  const FunctionConfig& f = c.functions[0];
  CHECK(f.calls[0].target_index == 1);
  CHECK(f.vpc->vpc_index == 1);
  CHECK(f.vpc->subnet_indices == std::vector<std::uint32_t>{2, 1});  // global: edge's e-a is 0
  CHECK(f.arrivals[0].source->subnet_index == 1);
  CHECK(c.faults.timeline[0].az_index == 1);
  CHECK(c.faults.timeline[1].resource_index == 0);
  CHECK(c.faults.timeline[2].target_index == 1);
  CHECK(resolved_az_count(c) == 3);
  const ModelConfig once = c;
  resolve_names(c);  // idempotent
  CHECK(c.functions[0].vpc->subnet_indices == once.functions[0].vpc->subnet_indices);
  CHECK(c.network.vpcs[1].subnets[1].az_index == 2);
}

TEST_CASE("a model refuses a config whose names were never resolved", "[model][resolve]") {
  ModelConfig c = two_vpcs();
  Simulation sim;
  testing::CountingObserver obs;
  CHECK_THROWS_AS(LambdaModel(sim, c, obs, 1, 0), std::logic_error);
  resolve_names(c);
  c.functions[0].calls.emplace_back();  // changed after resolving: unresolved again
  c.functions[0].calls.back().target = "api";
  CHECK_THROWS_AS(LambdaModel(sim, c, obs, 1, 0), std::logic_error);
  resolve_names(c);
  CHECK_NOTHROW(LambdaModel(sim, c, obs, 1, 0));
}

TEST_CASE("an unknown call target is a logic error, not a silent index", "[model][resolve]") {
  ModelConfig c = two_vpcs();
  c.functions[0].calls[0].target = "nowhere";
  CHECK_THROWS_AS(resolve_names(c), std::logic_error);
}

TEST_CASE("every fault kind of the table has an effect on the fault state", "[model][faults]") {
  // A kind without its `case` in FaultState::apply does not compile
  // (-Wswitch, -Werror); this checks each one changes something visible.
  ModelConfig c = two_vpcs();
  resolve_names(c);
  const NetworkIndex index(c);
  for (const FaultKindSpec& spec : fault_kind_specs()) {
    FaultConfig f;
    f.kind = spec.kind;
    f.severity = spec.default_severity;
    f.az_index = 0;
    f.resource_index = 0;
    f.target_index = 0;
    f.extra_latency = milliseconds(5);
    ModelConfig one = c;
    one.faults.timeline = {f};
    FaultState state(one, index, 3, Rng::for_entity(1, 0, "faults"));
    CHECK_FALSE(state.active());
    state.begin(0);
    CHECK(state.active());
    const bool changed = state.az_severity(0) > 0 || state.api_factor() > 1 ||
                         state.eni_creation() != Outcome::kSuccess || [&] {
                           SimTime latency{};
                           Route nat{};
                           nat.kind = RouteKind::kNat;
                           nat.resource = 0;
                           Route endpoint{};
                           endpoint.kind = RouteKind::kInterfaceEndpoint;
                           endpoint.resource = 0;
                           return state.on_call(0, Route{}, latency) != CallFault::kNone ||
                                  latency > kTimeZero || state.path_down(nat, latency) ||
                                  state.path_down(endpoint, latency);
                         }();
    INFO(spec.name);
    CHECK(changed);
  }
}
