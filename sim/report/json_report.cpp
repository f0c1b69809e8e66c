#include "lambdasim/report/json_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string_view>

#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/metrics/metric_spec.hpp"

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

// A declared metric's value: whole numbers as integers, others as numbers.
template <class S>
Json metric_json(const MetricSpec<S>& spec, const S& s) {
  const double v = spec.value(s);
  if (spec.at.json != JsonValue::kInteger) return number(v);
  return v < 0 ? Json(static_cast<std::int64_t>(v)) : Json(static_cast<std::uint64_t>(v));
}

// Writes every declared metric of `specs` into `j` at its json_path, in
// summary.json order. `network_costs` selects the total-only network costs.
template <class S>
void put_metrics(Json& j, std::span<const MetricSpec<S>> specs, const S& s,
                 bool network_costs = false) {
  for (const MetricSpec<S>* spec : json_order(specs)) {
    if (spec->total_with_network_only != network_costs) continue;
    if (spec->present != nullptr && !spec->present(s)) continue;
    Json* node = &j;
    std::string_view path = spec->at.json_path;
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
      node = &(*node)[std::string(path.substr(0, dot))];
      path.remove_prefix(dot + 1);
    }
    (*node)[std::string(path)] = metric_json(*spec, s);
  }
}

Json function_json(const FunctionSummary& f) {
  Json j;
  put_metrics(j, function_metric_specs(), f);
  return j;
}

// Seconds, or null for an unbounded time (a fault that never ends).
Json seconds_json(SimTime t) {
  return t >= kTimeInfinity ? Json(nullptr) : Json(to_seconds(t));
}

// The network's cost is in total.cost (nat_usd, endpoint_usd, cross_az_usd,
// network_usd), under the one name each metric has.
Json network_json(const NetworkSummary& n) {
  Json j;
  put_metrics(j, network_metric_specs(), n);
  Json vpcs = Json::array();
  for (const VpcNetworkSummary& v : n.vpcs) {
    Json o = {{"name", v.name}};
    put_metrics(o, vpc_metric_specs(), v);
    vpcs.push_back(std::move(o));
  }
  j["vpcs"] = std::move(vpcs);
  // Arrays, not objects keyed by name: names are unique only inside a VPC.
  Json subnets = Json::array();
  for (const SubnetNetworkSummary& s : n.subnets) {
    Json o = {{"vpc", s.vpc}, {"name", s.name}, {"az", s.az}};
    put_metrics(o, subnet_metric_specs(), s);
    subnets.push_back(std::move(o));
  }
  j["subnets"] = std::move(subnets);
  Json nats = Json::array();
  for (const NatNetworkSummary& s : n.nats) {
    Json o = {{"vpc", s.vpc}, {"name", s.name}, {"az", s.az}};
    put_metrics(o, nat_metric_specs(), s);
    nats.push_back(std::move(o));
  }
  j["nats"] = std::move(nats);
  Json endpoints = Json::array();
  for (const EndpointNetworkSummary& s : n.endpoints) {
    Json o = {{"vpc", s.vpc}, {"name", s.name}, {"service", s.service}};
    put_metrics(o, endpoint_metric_specs(), s);
    endpoints.push_back(std::move(o));
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
  put_metrics(j, fault_metric_specs(), w);
  return j;
}

// How precise the latency percentiles are: each is within this relative error
// of the exact nearest-rank percentile of the run's values (LogHistogram).
Json latency_resolution_json() {
  return {{"relative_error", LogHistogram::kRelativeError}};
}

std::string dump(const Json& j) {
  // Never throws: scenario strings are UTF-8 (checked at load), and the file
  // name from the command line, which need not be, becomes U+FFFD.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json run_json(const RunSummary& summary) {
  Json j;
  j["end_s"] = to_seconds(summary.end);
  j["total"] = function_json(summary.total);
  Json functions = Json::object();
  for (const FunctionSummary& f : summary.functions) functions[f.name] = function_json(f);
  j["functions"] = std::move(functions);
  if (summary.network) {
    put_metrics(j["total"], function_metric_specs(), summary.total, true);
    j["network"] = network_json(*summary.network);
  }
  Json faults = Json::array();
  for (const FaultWindowSummary& w : summary.faults) faults.push_back(fault_json(w));
  j["faults"] = std::move(faults);
  if (summary.steady) put_metrics(j["steady"], steady_metric_specs(), *summary.steady);
  return j;
}

// The limits that charts of the run draw as lines (tools/plot.py): account
// concurrency, reserved concurrency by function, usable IPs by subnet and
// ports per destination by NAT gateway ("<vpc>.<name>", as the time series'
// column prefixes).
Json limits_json(const ModelConfig& m) {
  Json j;
  j["account_concurrency"] = m.account.concurrency_limit;
  Json reserved = Json::object();
  for (const FunctionConfig& f : m.functions) {
    if (f.reserved_concurrency) reserved[f.name] = *f.reserved_concurrency;
  }
  j["reserved_concurrency"] = std::move(reserved);
  Json subnets = Json::object();
  Json nats = Json::object();
  for (const VpcConfig& v : m.network.vpcs) {
    for (const SubnetConfig& sn : v.subnets) subnets[v.name + "." + sn.name] = sn.usable_ips();
    for (const NatGatewayConfig& n : v.nat_gateways) {
      nats[v.name + "." + n.name] = std::int64_t{n.ips} * n.connections_per_ip;
    }
  }
  j["subnet_usable_ips"] = std::move(subnets);
  j["nat_ports_per_destination"] = std::move(nats);
  return j;
}

}  // namespace

namespace {

Json metrics_json(const AggregateSummary& aggregate) {
  Json metrics = Json::object();
  for (const AggregateMetric& m : aggregate.metrics) {
    metrics[m.name] = {{"mean", number(m.ci.mean)},
                       {"half_width", number(m.ci.half_width)},
                       {"stddev", number(m.ci.stddev)},
                       {"n", m.ci.n}};
  }
  return metrics;
}

Json mean_tree(const std::vector<const Json*>& docs);  // below

// The members of `docs` at `key` (or index), for those that have it.
std::vector<const Json*> members_at(const std::vector<const Json*>& docs, const std::string& key) {
  std::vector<const Json*> parts;
  parts.reserve(docs.size());
  for (const Json* d : docs) {
    if (d->is_object() && d->contains(key)) parts.push_back(&(*d)[key]);
  }
  return parts;
}

std::vector<const Json*> items_at(const std::vector<const Json*>& docs, std::size_t i) {
  std::vector<const Json*> parts;
  parts.reserve(docs.size());
  for (const Json* d : docs) {
    if (d->is_array() && i < d->size()) parts.push_back(&(*d)[i]);
  }
  return parts;
}

// A number's mean over the documents (NaN where one has none); the first
// document's value when none is a number or there is only one.
Json mean_leaf(const std::vector<const Json*>& docs) {
  if (docs.size() == 1) return *docs.front();
  std::vector<double> values;
  values.reserve(docs.size());
  bool any_number = false;
  for (const Json* d : docs) {
    any_number = any_number || d->is_number();
    values.push_back(d->is_number() ? d->get<double>() : std::nan(""));
  }
  return any_number ? number(mean(values)) : *docs.front();
}

// The replications' documents merged leaf by leaf: a number becomes the mean
// of that leaf over the documents that have it (mean(): the same arithmetic
// as the "metrics" means), anything else is the first document's.
Json mean_tree(const std::vector<const Json*>& docs) {
  const Json& first = *docs.front();
  if (first.is_object()) {
    Json out = Json::object();
    for (const auto& [key, value] : first.items()) out[key] = mean_tree(members_at(docs, key));
    return out;
  }
  if (first.is_array()) {
    Json out = Json::array();
    for (std::size_t i = 0; i < first.size(); ++i) out.push_back(mean_tree(items_at(docs, i)));
    return out;
  }
  if (first.is_number() || first.is_null()) return mean_leaf(docs);
  return first;
}

}  // namespace

std::string aggregate_to_json(const Scenario& scenario, const std::vector<RunSummary>& runs,
                              const AggregateSummary& aggregate) {
  Json j;
  j["lambdasim_version"] = LAMBDASIM_VERSION;
  j["scenario"] = scenario_json(scenario);
  j["replications"] = aggregate.replications;
  j["confidence"] = aggregate.confidence;
  j["latency_resolution"] = latency_resolution_json();
  if (!runs.empty()) {
    std::vector<Json> docs;
    docs.reserve(runs.size());
    for (const RunSummary& r : runs) docs.push_back(run_json(r));
    std::vector<const Json*> parts;
    parts.reserve(docs.size());
    for (const Json& d : docs) parts.push_back(&d);
    j.update(mean_tree(parts));
  }
  j["metrics"] = metrics_json(aggregate);
  return dump(j);
}

std::string summary_to_json(const Scenario& scenario, const RunSummary& summary) {
  return aggregate_to_json(scenario, {summary}, aggregate({summary}));
}

std::string aggregate_to_json(const Scenario& scenario, const AggregateSummary& aggregate) {
  return aggregate_to_json(scenario, {}, aggregate);
}

std::string manifest_to_json(const Scenario& scenario, const RunManifest& manifest) {
  Json j;
  j["lambdasim_version"] = LAMBDASIM_VERSION;
  j["store_version"] = kStoreVersion;
  j["kind"] = manifest.kind;
  if (!manifest.experiment.empty()) j["experiment"] = manifest.experiment;
  Json s = scenario_json(scenario);
  s.erase("seed");  // the seed used is below; the scenario's may have been overridden
  s["description"] = scenario.description;
  j["scenario"] = std::move(s);
  j["seed"] = manifest.seed;
  j["replications"] = manifest.replications;
  if (!manifest.ci_targets.empty()) {
    j["ci_targets"] = manifest.ci_targets;
    j["max_replications"] = manifest.max_replications;
  }
  if (manifest.kind == "run") j["variant"] = manifest.variant;
  Json variants = Json::array();
  for (const std::string& v : manifest.layout.variants) variants.push_back(v);
  if (manifest.layout.variants.empty()) {
    variants.push_back(manifest.variant.empty() ? "base" : manifest.variant);
  }
  j["variants"] = std::move(variants);
  Json points = Json::array();
  for (const StorePoint& p : manifest.layout.points) {
    Json parameters = Json::object();
    for (const auto& [axis, value] : p.parameters) parameters[axis] = value;
    points.push_back({{"index", p.index}, {"label", p.label}, {"parameters", parameters}});
  }
  if (manifest.layout.points.empty()) {
    points.push_back({{"index", 0}, {"label", ""}, {"parameters", Json::object()}});
  }
  j["points"] = std::move(points);
  if (!manifest.sweep_mode.empty()) j["sweep_mode"] = manifest.sweep_mode;
  if (!manifest.shard.empty()) j["shard"] = manifest.shard;
  if (manifest.kind != "sweep") j["command_line"] = manifest.command_line;
  j["files"] = manifest.files;
  j["limits"] = limits_json(scenario.model);
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

std::string mark_partial(const std::string& json, const PartialRun& partial) {
  const Json in = Json::parse(json);
  Json out;
  for (const auto& [key, value] : in.items()) {
    out[key] = value;
    if (key != "scenario") continue;
    out["partial"] = true;
    out["interrupted_by"] = partial.interrupted_by;
    out["simulated_s"] = partial.simulated_s;
    out["replications_requested"] = partial.replications_requested;
    out["replications_complete"] = partial.replications_complete;
  }
  return dump(out);
}

}  // namespace lambdasim
