#include "lambdasim/report/json_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lambdasim {

namespace {

using Json = nlohmann::ordered_json;

// nlohmann writes non-finite numbers as null; say so explicitly so the intent
// does not depend on a library detail.
Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

Json scenario_json(const Scenario& s) {
  Json j;
  j["file"] = s.file;
  j["name"] = s.name;
  j["hash"] = s.hash;
  j["seed"] = s.run.seed;
  j["horizon_s"] = to_seconds(s.run.horizon);
  j["timeseries_interval_s"] = to_seconds(s.run.timeseries_interval);
  return j;
}

Json latency_json(const LatencySummary& l) {
  Json j;
  j["count"] = l.count;
  j["mean"] = number(l.mean_ms);
  j["p50"] = number(l.p50_ms);
  j["p90"] = number(l.p90_ms);
  j["p99"] = number(l.p99_ms);
  j["p999"] = number(l.p999_ms);
  j["max"] = number(l.max_ms);
  return j;
}

Json function_json(const FunctionSummary& f) {
  Json j;
  j["invocations"] = f.invocations;
  j["started"] = f.started;
  j["completed"] = f.completed;
  j["in_flight"] = f.in_flight;
  j["successes"] = f.successes;
  j["throttles"] = f.throttles;
  j["errors"] = f.errors;
  j["cold_starts"] = f.cold_starts;
  j["provisioned_starts"] = f.provisioned_starts;
  j["async_delivered"] = f.async_delivered;
  j["async_delayed"] = f.async_delayed;
  j["async_retries"] = f.async_retries;
  j["success_rate"] = number(f.success_rate);
  j["p_cold"] = number(f.p_cold);
  j["p_throttle"] = number(f.p_throttle);
  Json outcomes = Json::object();
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    outcomes[std::string(outcome_name(static_cast<Outcome>(i)))] = f.outcomes[i];
  }
  j["outcomes"] = std::move(outcomes);
  j["latency_ms"] = {{"all", latency_json(f.latency)},
                     {"cold", latency_json(f.latency_cold)},
                     {"warm", latency_json(f.latency_warm)}};
  j["async_delay_ms"] = latency_json(f.async_delay);
  j["concurrency"] = {{"avg", number(f.concurrency_avg)}, {"peak", number(f.concurrency_peak)}};
  j["environments"] = {{"avg", number(f.environments_avg)},
                       {"peak", number(f.environments_peak)},
                       {"idle_avg", number(f.idle_avg)},
                       {"idle_peak", number(f.idle_peak)}};
  const CostSummary& c = f.cost;
  j["cost"] = {{"billed_requests", c.billed_requests},
               {"billed_gb_seconds", number(c.billed_gb_seconds)},
               {"provisioned_gb_seconds", number(c.provisioned_gb_seconds)},
               {"requests_usd", number(c.requests_usd)},
               {"duration_usd", number(c.duration_usd)},
               {"provisioned_usd", number(c.provisioned_usd)},
               {"provisioned_duration_usd", number(c.provisioned_duration_usd)},
               {"total_usd", number(c.total_usd)},
               {"per_million_usd", number(c.per_million_usd)}};
  return j;
}

// Seconds, or null for an unbounded time (a fault that never ends).
Json seconds_json(SimTime t) {
  return t >= kTimeInfinity ? Json(nullptr) : Json(to_seconds(t));
}

Json network_json(const NetworkSummary& n, const CostSummary& cost) {
  Json j;
  j["enis"] = {{"avg", number(n.enis_avg)}, {"peak", number(n.enis_peak)}};
  j["ips_used_peak"] = number(n.ips_used_peak);
  j["nat_connections_peak"] = number(n.nat_connections_peak);
  j["cross_az_gb"] = number(n.cross_az_gb);
  j["nat_hours"] = number(n.nat_hours);
  j["nat_gb"] = number(n.nat_gb);
  j["endpoint_az_hours"] = number(n.endpoint_az_hours);
  j["endpoint_gb"] = number(n.endpoint_gb);
  j["cost"] = {{"nat_usd", number(cost.nat_usd)},
               {"endpoint_usd", number(cost.endpoint_usd)},
               {"cross_az_usd", number(cost.cross_az_usd)},
               {"total_usd", number(cost.network_usd)}};
  Json vpcs = Json::array();
  for (const VpcNetworkSummary& v : n.vpcs) {
    vpcs.push_back({{"name", v.name},
                    {"enis_peak", number(v.enis_peak)},
                    {"ips_used_peak", number(v.ips_used_peak)}});
  }
  j["vpcs"] = std::move(vpcs);
  // Arrays, not objects keyed by name: names are unique only inside a VPC.
  Json subnets = Json::array();
  for (const SubnetNetworkSummary& s : n.subnets) {
    subnets.push_back({{"vpc", s.vpc},
                       {"name", s.name},
                       {"az", s.az},
                       {"usable_ips", s.usable_ips},
                       {"enis_avg", number(s.enis_avg)},
                       {"enis_peak", number(s.enis_peak)},
                       {"creating_avg", number(s.creating_avg)},
                       {"creating_peak", number(s.creating_peak)},
                       {"ips_used_peak", number(s.ips_used_peak)},
                       {"free_ips_min", number(s.free_ips_min)}});
  }
  j["subnets"] = std::move(subnets);
  Json nats = Json::array();
  for (const NatNetworkSummary& s : n.nats) {
    nats.push_back({{"vpc", s.vpc},
                    {"name", s.name},
                    {"az", s.az},
                    {"connections_peak", number(s.connections_peak)},
                    {"connections_end", number(s.connections_end)},
                    {"bytes", s.bytes},
                    {"gb", number(s.gb)}});
  }
  j["nats"] = std::move(nats);
  Json endpoints = Json::array();
  for (const EndpointNetworkSummary& s : n.endpoints) {
    endpoints.push_back({{"vpc", s.vpc},
                         {"name", s.name},
                         {"service", s.service},
                         {"azs", s.azs},
                         {"bytes", s.bytes},
                         {"gb", number(s.gb)}});
  }
  j["endpoints"] = std::move(endpoints);
  return j;
}

Json fault_json(const FaultWindowSummary& w) {
  Json j;
  j["index"] = w.index;
  j["kind"] = w.kind;
  j["subject"] = w.subject;
  j["started"] = w.started;
  j["open"] = w.open;
  j["start_s"] = seconds_json(w.start);
  j["end_s"] = seconds_json(w.end);
  j["attempts"] = w.attempts;
  j["successes"] = w.successes;
  j["availability"] = number(w.availability);
  Json outcomes = Json::object();
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    outcomes[std::string(outcome_name(static_cast<Outcome>(i)))] = w.outcomes[i];
  }
  j["outcomes"] = std::move(outcomes);
  j["async_expired"] = w.async_expired;
  j["async_destination"] = w.async_destination;
  j["async_delayed"] = w.async_delayed;
  j["async_retries"] = w.async_retries;
  j["cost_usd"] = number(w.cost_usd);
  j["first_success_after_start_s"] = number(w.first_success_after_start_s);
  j["time_to_recover_s"] = number(w.time_to_recover_s);
  return j;
}

std::string dump(const Json& j) {
  return j.dump(2) + "\n";
}

Json run_json(const RunSummary& summary) {
  Json j;
  j["end_s"] = to_seconds(summary.end);
  j["total"] = function_json(summary.total);
  Json functions = Json::object();
  for (const FunctionSummary& f : summary.functions) functions[f.name] = function_json(f);
  j["functions"] = std::move(functions);
  if (summary.network) {
    Json& cost = j["total"]["cost"];
    const CostSummary& c = summary.total.cost;
    cost["nat_usd"] = number(c.nat_usd);
    cost["endpoint_usd"] = number(c.endpoint_usd);
    cost["cross_az_usd"] = number(c.cross_az_usd);
    cost["network_usd"] = number(c.network_usd);
    j["network"] = network_json(*summary.network, c);
  }
  Json faults = Json::array();
  for (const FaultWindowSummary& w : summary.faults) faults.push_back(fault_json(w));
  j["faults"] = std::move(faults);
  return j;
}

}  // namespace

std::string summary_to_json(const Scenario& scenario, const RunSummary& summary) {
  Json j;
  j["lambdasim_version"] = LAMBDASIM_VERSION;
  j["scenario"] = scenario_json(scenario);
  j.update(run_json(summary));
  return dump(j);
}

std::string aggregate_to_json(const Scenario& scenario, const std::vector<RunSummary>& runs,
                              const AggregateSummary& aggregate) {
  Json j;
  j["lambdasim_version"] = LAMBDASIM_VERSION;
  j["scenario"] = scenario_json(scenario);
  j["replications"] = aggregate.replications;
  j["confidence"] = aggregate.confidence;
  j["functions"] = aggregate.functions;
  Json metrics = Json::object();
  for (const AggregateMetric& m : aggregate.metrics) {
    metrics[m.name] = {{"mean", number(m.ci.mean)},
                       {"half_width", number(m.ci.half_width)},
                       {"stddev", number(m.ci.stddev)},
                       {"n", m.ci.n}};
  }
  j["metrics"] = std::move(metrics);
  Json per_run = Json::array();
  for (const RunSummary& r : runs) per_run.push_back(run_json(r));
  j["runs"] = std::move(per_run);
  return dump(j);
}

std::string aggregate_to_json(const Scenario& scenario, const AggregateSummary& aggregate) {
  return aggregate_to_json(scenario, {}, aggregate);
}

std::string manifest_to_json(const Scenario& scenario, const RunManifest& manifest) {
  Json j;
  j["lambdasim_version"] = LAMBDASIM_VERSION;
  Json s = scenario_json(scenario);
  s.erase("seed");  // the seed used is below; the scenario's may have been overridden
  s["description"] = scenario.description;
  j["scenario"] = std::move(s);
  j["seed"] = manifest.seed;
  j["replications"] = manifest.replications;
  j["variant"] = manifest.variant;
  j["command_line"] = manifest.command_line;
  j["files"] = manifest.files;
  return dump(j);
}

std::string manifest_to_json(const Scenario& scenario, std::size_t replications,
                             const std::string& command_line,
                             const std::vector<std::string>& files) {
  RunManifest m;
  m.seed = scenario.run.seed;
  m.replications = replications;
  m.command_line = command_line;
  m.files = files;
  return manifest_to_json(scenario, m);
}

}  // namespace lambdasim
