// The metric declarations (metric_spec.hpp) against the outputs generated
// from them: every declared metric appears in flatten(), summary.json, the
// compare CSV/JSON and the tables under its declared name, timeseries.csv
// has exactly the declared columns, and nothing undeclared appears there; names are unique, units
// and help non-empty; the CloudWatch names are the expected set.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "lambdasim/experiment/compare.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/report/compare_report.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/table.hpp"

using namespace lambdasim;
using Json = nlohmann::json;

namespace {

// Two functions, one VPC (two subnets, a NAT, an interface endpoint) and one
// fault, a call that resolves its name: every family of metrics is present.
Scenario spec_scenario() {
  Scenario s;
  s.name = "specs";
  s.run.horizon = seconds(10);
  FunctionConfig api;
  api.name = "api";
  FunctionConfig worker;
  worker.name = "worker";
  // The DNS metrics are written only when a VPC function's call resolves.
  api.vpc = FunctionVpcConfig{.vpc = "main", .subnets = {"a"}, .security_groups = {"sg"}};
  CallConfig resolving;
  resolving.target = "web";
  resolving.dns = DnsCallConfig{};
  api.calls = {resolving};
  // tests/test_parts.cpp declares a counter written only with a function
  // named "counted": with it, every declared metric is present.
  FunctionConfig counted;
  counted.name = "counted";
  // The client retry counters are written only when a source retries.
  ArrivalConfig retrying;
  retrying.source = InvocationSourceConfig{};
  retrying.source->retries.mode = RetryMode::kStandard;
  worker.arrivals = {retrying};
  s.model.functions = {api, worker, counted};
  VpcConfig vpc;
  vpc.name = "main";
  vpc.subnets = {
      {.name = "a", .az = "use1-az1", .cidr = "10.0.1.0/24", .prefix_length = 24, .route_nat = ""},
      {.name = "b", .az = "use1-az2", .cidr = "10.0.2.0/24", .prefix_length = 24, .route_nat = ""}};
  vpc.nat_gateways = {{.name = "nat", .az = "use1-az1"}};
  vpc.interface_endpoints = {{.name = "ep", .service = "sqs", .subnets = {"a", "b"}}};
  s.model.network.vpcs = {vpc};
  FaultConfig fault;
  fault.az = "use1-az1";
  fault.at = seconds(2);
  fault.duration = seconds(3);
  s.model.faults.timeline = {fault};
  return s;
}

RunSummary spec_run(const Scenario& s) {
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  m.on_eni_change(kTimeZero, 0, 1, 0);
  m.on_started(seconds(1), 0, true, false);
  Completion c;
  c.function = 0;
  c.cold = true;
  c.latency = seconds(1);
  c.run_duration = seconds(1);
  m.on_completed(seconds(2), c);
  m.on_fault(seconds(2), 0, true);
  m.on_rejected(seconds(3), 1, Outcome::kNatPortAllocation, InvocationType::kSync);
  m.on_nat_connections(seconds(3), 0, 1);
  m.on_count(seconds(3), counter_named("dns_lookups"), 0, 1);
  m.on_count(seconds(3), counter_named("dns_dropped_tries"), 0, 1);
  m.on_transfer(seconds(3), TransferKind::kNat, 0, 1000);
  m.on_fault(seconds(5), 0, false);
  m.finish(s.run.horizon);
  return m.summary();
}

template <class S>
void check_declarations(std::span<const MetricSpec<S>> specs) {
  std::set<std::string> names;
  for (const MetricSpec<S>& s : specs) {
    INFO(s.name);
    CHECK(names.insert(s.name).second);
    CHECK(!s.unit.empty());
    CHECK(!s.help.empty());
    CHECK((s.counter != nullptr || static_cast<bool>(s.read)));
    CHECK(!s.at.json_path.empty());
  }
}

// Every flattened declaration of `specs` under `prefix`, in order.
template <class S>
std::vector<std::string> declared(std::span<const MetricSpec<S>> specs, const std::string& prefix,
                                  bool network_costs = false) {
  std::vector<std::string> out;
  for (const MetricSpec<S>& s : specs) {
    if (s.at.flattened && s.total_with_network_only == network_costs)
      out.push_back(prefix + s.name);
  }
  return out;
}

void append(std::vector<std::string>& out, const std::vector<std::string>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

// The flatten() names the declarations promise for spec_scenario(), in order.
std::vector<std::string> expected_flatten_names() {
  std::vector<std::string> out = declared(function_metric_specs(), "total.");
  append(out, declared(function_metric_specs(), "total.", true));
  append(out, declared(function_metric_specs(), "functions.api."));
  append(out, declared(function_metric_specs(), "functions.worker."));
  append(out, declared(function_metric_specs(), "functions.counted."));
  append(out, declared(network_metric_specs(), "network."));
  append(out, declared(vpc_metric_specs(), "network.vpcs.main."));
  append(out, declared(subnet_metric_specs(), "network.subnets.main.a."));
  append(out, declared(subnet_metric_specs(), "network.subnets.main.b."));
  append(out, declared(nat_metric_specs(), "network.nats.main.nat."));
  append(out, declared(endpoint_metric_specs(), "network.endpoints.main.ep."));
  append(out, declared(fault_metric_specs(), "faults.0."));
  return out;
}

// The leaves of a JSON object as dotted paths.
void leaves(const Json& j, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& [key, value] : j.items()) {
    if (value.is_object()) {
      leaves(value, prefix + key + ".", out);
    } else {
      out.insert(prefix + key);
    }
  }
}

template <class S>
std::set<std::string> json_paths(std::span<const MetricSpec<S>> specs, bool network_costs) {
  std::set<std::string> out;
  for (const MetricSpec<S>& s : specs) {
    if (!s.total_with_network_only || network_costs) out.insert(s.at.json_path);
  }
  return out;
}

template <class S>
std::set<std::string> json_leaves_without(const Json& j, const std::set<std::string>& identity) {
  std::set<std::string> out;
  leaves(j, "", out);
  for (const std::string& id : identity) out.erase(id);
  return out;
}

}  // namespace

TEST_CASE("Metric declarations: unique names, units, help, JSON paths", "[metrics][specs]") {
  check_declarations(function_metric_specs());
  check_declarations(network_metric_specs());
  check_declarations(vpc_metric_specs());
  check_declarations(subnet_metric_specs());
  check_declarations(nat_metric_specs());
  check_declarations(endpoint_metric_specs());
  check_declarations(fault_metric_specs());
  check_declarations(steady_metric_specs());
  // Plain counters are whole numbers in JSON and add up across functions.
  for (const FunctionMetricSpec& s : function_metric_specs()) {
    INFO(s.name);
    if (s.counter != nullptr) CHECK(s.at.json == JsonValue::kInteger);
    if (s.counter != nullptr) CHECK(s.across_functions == AcrossFunctions::kSum);
  }
}

TEST_CASE("Metric declarations: the CloudWatch names", "[metrics][specs]") {
  std::set<std::string> names;
  const auto collect = [&](auto specs) {
    for (const auto& s : specs) {
      if (!s.cloudwatch.empty()) names.insert(std::string(s.cloudwatch));
    }
  };
  collect(function_metric_specs());
  collect(network_metric_specs());
  collect(vpc_metric_specs());
  collect(subnet_metric_specs());
  collect(nat_metric_specs());
  collect(endpoint_metric_specs());
  collect(fault_metric_specs());
  const std::set<std::string> expected = {"AWS/Lambda Invocations",
                                          "AWS/Lambda Throttles",
                                          "AWS/Lambda Errors",
                                          "AWS/Lambda Duration",
                                          "AWS/Lambda ConcurrentExecutions",
                                          "AWS/Lambda AsyncEventAge",
                                          "AWS/Lambda ProvisionedConcurrencyInvocations",
                                          "AWS/NATGateway ErrorPortAllocation",
                                          "AWS/NATGateway ActiveConnectionCount"};
  CHECK(names == expected);
}

TEST_CASE("flatten() holds exactly the declared metrics, in declaration order",
          "[metrics][specs]") {
  const Scenario s = spec_scenario();
  const RunSummary r = spec_run(s);
  std::vector<std::string> names;
  for (const auto& [name, value] : flatten(r)) names.push_back(name);
  CHECK(names == expected_flatten_names());
}

TEST_CASE("summary.json holds exactly the declared metrics at their paths", "[metrics][specs]") {
  const Scenario s = spec_scenario();
  const RunSummary r = spec_run(s);
  const Json j = Json::parse(summary_to_json(s, r));
  CHECK(json_leaves_without<FunctionSummary>(j["total"], {}) ==
        json_paths(function_metric_specs(), true));
  const std::set<std::string> per_function = json_paths(function_metric_specs(), false);
  CHECK(json_leaves_without<FunctionSummary>(j["functions"]["api"], {}) == per_function);
  CHECK(json_leaves_without<FunctionSummary>(j["functions"]["worker"], {}) == per_function);
  const Json& n = j["network"];
  Json top = n;
  for (const char* k : {"vpcs", "subnets", "nats", "endpoints"}) top.erase(k);
  CHECK(json_leaves_without<NetworkSummary>(top, {}) == json_paths(network_metric_specs(), false));
  CHECK(json_leaves_without<VpcNetworkSummary>(n["vpcs"][0], {"name"}) ==
        json_paths(vpc_metric_specs(), false));
  CHECK(json_leaves_without<SubnetNetworkSummary>(n["subnets"][1], {"vpc", "name", "az"}) ==
        json_paths(subnet_metric_specs(), false));
  CHECK(json_leaves_without<NatNetworkSummary>(n["nats"][0], {"vpc", "name", "az"}) ==
        json_paths(nat_metric_specs(), false));
  CHECK(
      json_leaves_without<EndpointNetworkSummary>(n["endpoints"][0], {"vpc", "name", "service"}) ==
      json_paths(endpoint_metric_specs(), false));
  CHECK(json_leaves_without<FaultWindowSummary>(
            j["faults"][0], {"index", "kind", "subject", "started", "open", "start_s", "end_s"}) ==
        json_paths(fault_metric_specs(), false));
  // A value goes through unchanged.
  CHECK(j["total"]["attempts"] == 2);
  CHECK(j["functions"]["worker"]["outcomes"]["nat_port_allocation"] == 1);
}

TEST_CASE("compare CSV and JSON list the declared metrics; its table the declared rows",
          "[metrics][specs]") {
  const Scenario s = spec_scenario();
  const RunSummary r = spec_run(s);
  Comparison c;
  c.variants = {"base"};
  c.replications = 1;
  for (const auto& [name, value] : flatten(r)) {
    const std::vector<double> v = {value};
    c.metrics.push_back({name, {confidence_interval(v)}, {ConfidenceInterval{}}});
  }
  std::vector<std::string> csv_names;
  const std::string csv = comparison_to_csv(c);
  for (std::size_t at = csv.find('\n') + 1; at < csv.size(); at = csv.find('\n', at) + 1) {
    csv_names.push_back(csv.substr(at, csv.find(',', at) - at));
  }
  CHECK(csv_names == expected_flatten_names());
  const Json j = Json::parse(comparison_to_json(s, c));
  CHECK(j["metrics"].size() == expected_flatten_names().size());
  // Declared compare rows with a non-zero value are shown, under their name.
  const std::string table = render_comparison_table(c);
  for (const FunctionMetricSpec& spec : function_metric_specs()) {
    if (spec.at.compare_row == 0) continue;
    const double v = spec.value(r.total);
    if (spec.at.compare_skip_if_zero && v == 0) continue;
    INFO(spec.name);
    CHECK(table.find("\n" + spec.name + " ") != std::string::npos);
  }
  CHECK(table.find("\nenis_peak ") != std::string::npos);
  CHECK(table.find("\noutcomes_nat_port_allocation ") != std::string::npos);
}

TEST_CASE("The text table's columns are the declared ones", "[metrics][specs]") {
  const Scenario s = spec_scenario();
  const RunSummary r = spec_run(s);
  std::string header = "function";
  std::map<int, std::string_view> columns;
  for (const FunctionMetricSpec& spec : function_metric_specs()) {
    if (spec.at.table_column > 0) columns[spec.at.table_column] = spec.name;
  }
  REQUIRE(columns.size() == 14);
  const std::string table = render_summary_table(r);
  const std::string first = table.substr(table.find("\n\n") + 2);
  std::size_t at = 0;
  for (const auto& [column, label] : columns) {
    INFO(label);
    at = first.find(label, at);
    CHECK(at != std::string::npos);
  }
  CHECK(first.find('\n') > at);  // all of them on the header line
}

TEST_CASE("timeseries.csv holds exactly the declared columns", "[metrics][specs][csv]") {
  const Scenario s = spec_scenario();
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  m.on_eni_change(kTimeZero, 0, 1, 0);
  m.on_started(seconds(1), 0, true, false);
  m.finish(s.run.horizon);
  std::vector<std::string> expected;
  // The older columns in their places, then the appended ones family by family.
  for (const bool appended : {false, true}) {
    for (const RowColumnSpec& c : timeseries_row_columns()) {
      if (!c.after_functions && c.appended == appended) expected.push_back(c.name);
    }
    if (appended) {
      for (const RowColumnSpec& c : timeseries_row_columns()) {
        if (c.after_functions && c.appended) expected.push_back(c.name);
      }
    }
    for (const char* f : {"api", "worker", "counted"}) {
      for (const FunctionColumnSpec& c : timeseries_function_columns()) {
        if (c.appended == appended)
          expected.push_back(std::string("functions.") + f + "." + c.name);
      }
    }
    if (!appended) {
      for (const RowColumnSpec& c : timeseries_row_columns()) {
        if (c.after_functions && !c.appended) expected.push_back(c.name);
      }
    }
    for (const char* subnet : {"network.subnets.main.a.", "network.subnets.main.b."}) {
      for (const SubnetColumnSpec& c : timeseries_subnet_columns()) {
        if (c.appended == appended) expected.push_back(subnet + c.name);
      }
    }
    if (!appended) {
      for (const VpcColumnSpec& c : timeseries_vpc_columns())
        expected.push_back("network.vpcs.main." + c.name);
    }
  }
  for (const NatColumnSpec& c : timeseries_nat_columns()) {
    CHECK(c.appended);
    expected.push_back("network.nats.main.nat." + c.name);
  }
  CHECK(timeseries_columns(s.model) == expected);
  CHECK(expected.back() == "network.nats.main.nat.connections_peak");
  // The header is those names; every row has as many cells.
  const std::string csv = timeseries_to_csv(m.timeseries(), s.model);
  std::vector<std::size_t> cells;
  for (std::size_t at = 0; at < csv.size(); at = csv.find('\n', at) + 1) {
    const std::string line = csv.substr(at, csv.find('\n', at) - at);
    cells.push_back(static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1);
  }
  REQUIRE(cells.size() == 11);  // header + 10 rows of 1 s
  for (const std::size_t n : cells) CHECK(n == expected.size());
  CHECK(csv.substr(0, csv.find(',')) == expected.front());
  for (const RowColumnSpec& c : timeseries_row_columns()) {
    INFO(c.name);
    CHECK(!c.unit.empty());
    CHECK(!c.help.empty());
  }
}
