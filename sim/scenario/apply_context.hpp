// Private to the scenario layer: what a parameter row's `apply` writes into
// while the walker reads a scenario (the Scenario being built, the current
// function and arrival, a distribution being assembled, trace requests).
// Its accessors are how a row bound to a field reaches that field's struct
// (field_binding.hpp): `field<&ApplyContext::account, &AccountConfig::...>`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The keys of a distribution map, as read; turned into a Distribution once
// the map has been read whole (Walker::build_distribution, walker.cpp).
struct DistributionSpec {
  std::string dist;
  std::optional<double> value, mean, min, max, sd, median, p99, mu, sigma, scale, shape;
  std::optional<std::vector<double>> samples;
};

enum class TraceFormat { kTimestamps, kCounts };

// A `dist: trace` arrival whose file is loaded after the walk.
struct TraceRequest {
  std::size_t function = 0;
  std::size_t arrival = 0;
  std::string file;
  TraceFormat format = TraceFormat::kTimestamps;
  SimTime interval = seconds(1);
};

struct ApplyContext {
  Scenario* scenario = nullptr;
  std::size_t function = 0;          // index of the function being read
  std::size_t arrival = 0;           // index of its arrival being read
  std::size_t vpc = 0;               // network: the VPC being read
  std::size_t item = 0;              // ... its subnet / NAT / endpoint being read
  std::size_t target = 0;            // the target being read
  std::size_t call = 0;              // the function's call being read
  std::size_t fault = 0;             // the fault being read
  DistributionSpec* dist = nullptr;  // set while a distribution map is read
  std::vector<TraceRequest> traces;

  Scenario& doc() { return *scenario; }
  RunConfig& run() { return scenario->run; }
  AccountConfig& account() { return scenario->model.account; }
  PricingConfig& pricing() { return scenario->model.pricing; }
  NetworkConfig& network() { return scenario->model.network; }
  FaultsConfig& faults() { return scenario->model.faults; }
  std::vector<FunctionConfig>& functions() { return scenario->model.functions; }
  std::vector<TargetConfig>& targets() { return scenario->model.targets; }
  std::vector<VpcConfig>& vpcs() { return scenario->model.network.vpcs; }
  std::vector<FaultConfig>& timeline() { return scenario->model.faults.timeline; }

  FunctionConfig& fn() { return scenario->model.functions[function]; }
  AsyncConfig& async() { return fn().async; }
  FunctionVpcConfig& fn_vpc() { return *fn().vpc; }
  std::vector<ArrivalConfig>& arrivals() { return fn().arrivals; }
  ArrivalConfig& arr() { return fn().arrivals[arrival]; }
  InvocationSourceConfig& source() { return *arr().source; }
  std::vector<CallConfig>& calls() { return fn().calls; }
  CallConfig& call_cfg() { return fn().calls[call]; }
  VpcConfig& vpc_cfg() { return scenario->model.network.vpcs[vpc]; }
  std::vector<SubnetConfig>& subnets() { return vpc_cfg().subnets; }
  SubnetConfig& subnet() { return vpc_cfg().subnets[item]; }
  std::vector<NatGatewayConfig>& nats() { return vpc_cfg().nat_gateways; }
  NatGatewayConfig& nat() { return vpc_cfg().nat_gateways[item]; }
  std::vector<InterfaceEndpointConfig>& endpoints() { return vpc_cfg().interface_endpoints; }
  InterfaceEndpointConfig& endpoint() { return vpc_cfg().interface_endpoints[item]; }
  TargetConfig& tgt() { return scenario->model.targets[target]; }
  FaultConfig& flt() { return scenario->model.faults.timeline[fault]; }
  DistributionSpec& distribution() { return *dist; }
  TraceRequest& trace() {
    for (TraceRequest& t : traces) {
      if (t.function == function && t.arrival == arrival) return t;
    }
    TraceRequest& t = traces.emplace_back();
    t.function = function;
    t.arrival = arrival;
    return t;
  }
};

}  // namespace lambdasim
