#include "lambdasim/metrics/summary.hpp"

#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/metrics/mser.hpp"

namespace lambdasim {

namespace {

using Metrics = std::vector<std::pair<std::string, double>>;

void put(Metrics& out, const std::string& prefix, std::string_view name, double value) {
  std::string key;
  key.reserve(prefix.size() + name.size());
  key.append(prefix).append(name);
  out.emplace_back(std::move(key), value);
}

// Every flattened metric of `specs` under `prefix`, in declaration order.
// `network_costs` selects the total-only network cost metrics instead.
template <class S>
void put_all(std::span<const MetricSpec<S>> specs, const S& s, const std::string& prefix,
             Metrics& out, bool network_costs = false) {
  for (const MetricSpec<S>& spec : specs) {
    if (spec.at.flattened && spec.total_with_network_only == network_costs &&
        (spec.present == nullptr || spec.present(s))) {
      put(out, prefix, spec.name, spec.value(s));
    }
  }
}

void flatten_network(const NetworkSummary& n, Metrics& out) {
  put_all(network_metric_specs(), n, "network.", out);
  for (const VpcNetworkSummary& v : n.vpcs) {
    put_all(vpc_metric_specs(), v, "network.vpcs." + v.name + ".", out);
  }
  for (const SubnetNetworkSummary& s : n.subnets) {
    put_all(subnet_metric_specs(), s, "network.subnets." + s.vpc + "." + s.name + ".", out);
  }
  for (const NatNetworkSummary& s : n.nats) {
    put_all(nat_metric_specs(), s, "network.nats." + s.vpc + "." + s.name + ".", out);
  }
  for (const EndpointNetworkSummary& s : n.endpoints) {
    put_all(endpoint_metric_specs(), s, "network.endpoints." + s.vpc + "." + s.name + ".", out);
  }
}

}  // namespace

void flatten_into(const FunctionSummary& f, const std::string& prefix, Metrics& out) {
  put_all(function_metric_specs(), f, prefix, out);
}

Metrics flatten(const RunSummary& summary) {
  Metrics out;
  out.reserve((summary.functions.size() + 1) * 96);
  flatten_into(summary.total, "total.", out);
  // The network part of the account's cost; total.cost_usd already holds it.
  if (summary.network) put_all(function_metric_specs(), summary.total, "total.", out, true);
  for (const FunctionSummary& f : summary.functions) {
    flatten_into(f, "functions." + f.name + ".", out);
  }
  if (summary.network) flatten_network(*summary.network, out);
  for (const FaultWindowSummary& w : summary.faults) {
    put_all(fault_metric_specs(), w, "faults." + std::to_string(w.index) + ".", out);
  }
  if (summary.steady)
    put_all(steady_metric_specs(), *summary.steady, std::string(kSteadyPrefix), out);
  return out;
}

}  // namespace lambdasim
