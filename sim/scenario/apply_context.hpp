// Private to the scenario layer: what a parameter row's `apply` writes into
// while the walker reads a scenario (the Scenario being built, the current
// function and arrival, a distribution being assembled, trace requests).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The keys of a distribution map, as read; turned into a Distribution once
// the map has been read whole (distribution_value.cpp).
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

  FunctionConfig& fn() { return scenario->model.functions[function]; }
  ArrivalConfig& arr() { return fn().arrivals[arrival]; }
  VpcConfig& vpc_cfg() { return scenario->model.network.vpcs[vpc]; }
  TargetConfig& tgt() { return scenario->model.targets[target]; }
  FaultConfig& flt() { return scenario->model.faults.timeline[fault]; }
  TraceRequest& trace() {
    for (TraceRequest& t : traces) {
      if (t.function == function && t.arrival == arrival) return t;
    }
    traces.push_back(TraceRequest{function, arrival, {}, TraceFormat::kTimestamps, seconds(1)});
    return traces.back();
  }
};

}  // namespace lambdasim
