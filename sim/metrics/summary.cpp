#include "lambdasim/metrics/summary.hpp"

namespace lambdasim {

namespace {

using Metrics = std::vector<std::pair<std::string, double>>;

void put(Metrics& out, const std::string& prefix, std::string_view name, double value) {
  std::string key;
  key.reserve(prefix.size() + name.size());
  key.append(prefix).append(name);
  out.emplace_back(std::move(key), value);
}

void put(Metrics& out, const std::string& prefix, std::string_view name, std::uint64_t value) {
  put(out, prefix, name, static_cast<double>(value));
}

void put_latency(Metrics& out, const std::string& prefix, const std::string& name,
                 const LatencySummary& l) {
  put(out, prefix, name + "_count", l.count);
  put(out, prefix, name + "_mean_ms", l.mean_ms);
  put(out, prefix, name + "_p50_ms", l.p50_ms);
  put(out, prefix, name + "_p90_ms", l.p90_ms);
  put(out, prefix, name + "_p99_ms", l.p99_ms);
  put(out, prefix, name + "_p999_ms", l.p999_ms);
  put(out, prefix, name + "_max_ms", l.max_ms);
}

}  // namespace

void flatten_into(const FunctionSummary& f, const std::string& prefix, Metrics& out) {
  put(out, prefix, "invocations", f.invocations);
  put(out, prefix, "started", f.started);
  put(out, prefix, "completed", f.completed);
  put(out, prefix, "in_flight", f.in_flight);
  put(out, prefix, "cold_starts", f.cold_starts);
  put(out, prefix, "provisioned_starts", f.provisioned_starts);
  put(out, prefix, "successes", f.successes);
  put(out, prefix, "throttles", f.throttles);
  put(out, prefix, "errors", f.errors);
  put(out, prefix, "async_delivered", f.async_delivered);
  put(out, prefix, "async_delayed", f.async_delayed);
  put(out, prefix, "async_retries", f.async_retries);
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    put(out, prefix, outcome_name(static_cast<Outcome>(i)), f.outcomes[i]);
  }
  put(out, prefix, "success_rate", f.success_rate);
  put(out, prefix, "p_cold", f.p_cold);
  put(out, prefix, "p_throttle", f.p_throttle);
  put_latency(out, prefix, "latency", f.latency);
  put_latency(out, prefix, "latency_cold", f.latency_cold);
  put_latency(out, prefix, "latency_warm", f.latency_warm);
  put_latency(out, prefix, "async_delay", f.async_delay);
  put(out, prefix, "concurrency_avg", f.concurrency_avg);
  put(out, prefix, "concurrency_peak", f.concurrency_peak);
  put(out, prefix, "environments_avg", f.environments_avg);
  put(out, prefix, "environments_peak", f.environments_peak);
  put(out, prefix, "idle_avg", f.idle_avg);
  put(out, prefix, "idle_peak", f.idle_peak);
  const CostSummary& c = f.cost;
  put(out, prefix, "billed_requests", c.billed_requests);
  put(out, prefix, "billed_gb_seconds", c.billed_gb_seconds);
  put(out, prefix, "provisioned_gb_seconds", c.provisioned_gb_seconds);
  put(out, prefix, "cost_requests_usd", c.requests_usd);
  put(out, prefix, "cost_duration_usd", c.duration_usd);
  put(out, prefix, "cost_provisioned_usd", c.provisioned_usd);
  put(out, prefix, "cost_provisioned_duration_usd", c.provisioned_duration_usd);
  put(out, prefix, "cost_usd", c.total_usd);
  put(out, prefix, "cost_per_million_usd", c.per_million_usd);
}

namespace {

void flatten_network(const NetworkSummary& n, Metrics& out) {
  const std::string net = "network.";
  put(out, net, "enis_peak", n.enis_peak);
  put(out, net, "enis_avg", n.enis_avg);
  put(out, net, "ips_used_peak", n.ips_used_peak);
  put(out, net, "nat_connections_peak", n.nat_connections_peak);
  put(out, net, "cross_az_gb", n.cross_az_gb);
  for (const VpcNetworkSummary& v : n.vpcs) {
    const std::string prefix = "network.vpcs." + v.name + ".";
    put(out, prefix, "enis_peak", v.enis_peak);
    put(out, prefix, "ips_used_peak", v.ips_used_peak);
  }
  for (const SubnetNetworkSummary& s : n.subnets) {
    const std::string prefix = "network.subnets." + s.vpc + "." + s.name + ".";
    put(out, prefix, "enis_peak", s.enis_peak);
    put(out, prefix, "enis_avg", s.enis_avg);
    put(out, prefix, "creating_peak", s.creating_peak);
    put(out, prefix, "free_ips_min", s.free_ips_min);
  }
  for (const NatNetworkSummary& s : n.nats) {
    const std::string prefix = "network.nats." + s.vpc + "." + s.name + ".";
    put(out, prefix, "connections_peak", s.connections_peak);
    put(out, prefix, "gb", s.gb);
  }
  for (const EndpointNetworkSummary& s : n.endpoints) {
    put(out, "network.endpoints." + s.vpc + "." + s.name + ".", "gb", s.gb);
  }
}

void flatten_fault(const FaultWindowSummary& w, Metrics& out) {
  const std::string prefix = "faults." + std::to_string(w.index) + ".";
  put(out, prefix, "availability", w.availability);
  put(out, prefix, "attempts", w.attempts);
  put(out, prefix, "successes", w.successes);
  put(out, prefix, "first_success_after_start_s", w.first_success_after_start_s);
  put(out, prefix, "time_to_recover_s", w.time_to_recover_s);
  put(out, prefix, "cost_usd", w.cost_usd);
  put(out, prefix, "async_delayed", w.async_delayed);
  put(out, prefix, "async_retries", w.async_retries);
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    if (o != Outcome::kSuccess) put(out, prefix, outcome_name(o), w.outcomes[i]);
  }
}

}  // namespace

Metrics flatten(const RunSummary& summary) {
  Metrics out;
  out.reserve((summary.functions.size() + 1) * 96);
  flatten_into(summary.total, "total.", out);
  if (summary.network) {
    // The network part of the account's cost; total.cost_usd already holds it.
    const CostSummary& c = summary.total.cost;
    const std::string total = "total.";
    put(out, total, "cost_nat_usd", c.nat_usd);
    put(out, total, "cost_endpoint_usd", c.endpoint_usd);
    put(out, total, "cost_cross_az_usd", c.cross_az_usd);
  }
  for (const FunctionSummary& f : summary.functions) {
    flatten_into(f, "functions." + f.name + ".", out);
  }
  if (summary.network) flatten_network(*summary.network, out);
  for (const FaultWindowSummary& w : summary.faults) flatten_fault(w, out);
  return out;
}

}  // namespace lambdasim
