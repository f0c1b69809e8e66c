// The VPC networking metrics (account-wide, per VPC, subnet, NAT gateway and
// interface endpoint), declared once, in flatten order. JSON-only entries
// (flattened = false) are sizes, hours and byte counts that summary.json
// shows but aggregates do not average.
#include <cstddef>
#include <string>
#include <vector>

#include "lambdasim/metrics/metric_spec.hpp"
#include "metrics/metric_table_support.hpp"

namespace lambdasim {

namespace {

using K = MetricKind;
using metric_table::metric;

// Compare table rows, after the function rows of metric_table.cpp (1..9).
constexpr int kRowPeakEnis = 10;
constexpr int kRowPeakIps = 11;
constexpr int kRowPeakNatConnections = 12;

void compare_row(NetworkMetricSpec& s, int row) {
  s.at.compare_row = row;
  s.at.compare_skip_if_zero = true;
}

std::vector<NetworkMetricSpec> build_network() {
  using N = NetworkSummary;
  constexpr bool kJsonOnly = false;
  std::vector<NetworkMetricSpec> out = {
      metric<N>(
          "enis_peak", "count", K::kGauge, "Hyperplane ENIs in service, peak",
          [](const N& n) { return n.enis_peak; }, 1),
      metric<N>(
          "enis_avg", "count", K::kTimeWeighted, "Hyperplane ENIs in service, time average",
          [](const N& n) { return n.enis_avg; }, 0),
      metric<N>(
          "ips_used_peak", "count", K::kGauge, "subnet IPs held by ENIs, peak",
          [](const N& n) { return n.ips_used_peak; }, 1),
      metric<N>(
          "nat_connections_peak", "count", K::kGauge,
          "connections open through all NAT gateways together, peak",
          [](const N& n) { return n.nat_connections_peak; }, 1),
      metric<N>(
          "cross_az_gb", "GB", K::kCounter, "cross-AZ transfer, one direction counted once",
          [](const N& n) { return n.cross_az_gb; }, 1),
      metric<N>(
          "nat_hours", "h", K::kCost, "NAT gateways x run hours",
          [](const N& n) { return n.nat_hours; }, 1, kJsonOnly),
      metric<N>(
          "nat_gb", "GB", K::kCost, "GB processed by NAT gateways",
          [](const N& n) { return n.nat_gb; }, 1, kJsonOnly),
      metric<N>(
          "endpoint_az_hours", "h", K::kCost, "interface endpoint AZs x run hours",
          [](const N& n) { return n.endpoint_az_hours; }, 1, kJsonOnly),
      metric<N>(
          "endpoint_gb", "GB", K::kCost, "GB processed by interface endpoints",
          [](const N& n) { return n.endpoint_gb; }, 1, kJsonOnly),
  };
  out[0].at.json_path = "enis.peak";
  out[1].at.json_path = "enis.avg";
  compare_row(out[0], kRowPeakEnis);
  compare_row(out[2], kRowPeakIps);
  compare_row(out[3], kRowPeakNatConnections);
  out[3].cloudwatch = "AWS/NATGateway ActiveConnectionCount";
  // The network parts' own counters (the DNS resolver's), declared with them.
  metric_table::append_declared_counters(out, CounterScope::kNetwork);
  return out;
}

std::vector<VpcMetricSpec> build_vpcs() {
  using V = VpcNetworkSummary;
  return {
      metric<V>("enis_peak", "count", K::kGauge, "ENIs in service in the VPC, peak",
                [](const V& v) { return v.enis_peak; }),
      metric<V>("ips_used_peak", "count", K::kGauge, "IPs held by the VPC's ENIs, peak",
                [](const V& v) { return v.ips_used_peak; }),
  };
}

std::vector<SubnetMetricSpec> build_subnets() {
  using S = SubnetNetworkSummary;
  constexpr bool kJsonOnly = false;
  return {
      metric<S>(
          "usable_ips", "count", K::kGauge, "IPs the subnet offers (size - 5)",
          [](const S& s) { return static_cast<double>(s.usable_ips); }, 0, kJsonOnly,
          JsonValue::kInteger),
      metric<S>(
          "enis_peak", "count", K::kGauge, "ENIs in service, peak",
          [](const S& s) { return s.enis_peak; }, 2),
      metric<S>(
          "enis_avg", "count", K::kTimeWeighted, "ENIs in service, time average",
          [](const S& s) { return s.enis_avg; }, 1),
      metric<S>(
          "creating_avg", "count", K::kTimeWeighted, "ENIs being created, time average",
          [](const S& s) { return s.creating_avg; }, 3, kJsonOnly),
      metric<S>(
          "creating_peak", "count", K::kGauge, "ENIs being created, peak",
          [](const S& s) { return s.creating_peak; }, 3),
      metric<S>(
          "ips_used_peak", "count", K::kGauge, "IPs held (in service + creating), peak",
          [](const S& s) { return s.ips_used_peak; }, 3, kJsonOnly),
      metric<S>(
          "free_ips_min", "count", K::kGauge, "usable_ips - ips_used_peak",
          [](const S& s) { return s.free_ips_min; }, 3),
  };
}

std::vector<NatMetricSpec> build_nats() {
  using T = NatNetworkSummary;
  constexpr bool kJsonOnly = false;
  std::vector<NatMetricSpec> out = {
      metric<T>("connections_peak", "count", K::kGauge, "connections open, peak",
                [](const T& t) { return t.connections_peak; }),
      metric<T>(
          "connections_end", "count", K::kGauge, "connections open at the end of the run",
          [](const T& t) { return t.connections_end; }, 0, kJsonOnly),
      metric<T>(
          "bytes", "bytes", K::kCounter, "bytes processed, both directions",
          [](const T& t) { return static_cast<double>(t.bytes); }, 0, kJsonOnly,
          JsonValue::kInteger),
      metric<T>("gb", "GB", K::kCounter, "GB processed, both directions",
                [](const T& t) { return t.gb; }),
  };
  // CloudWatch's is per NAT gateway, its Maximum over a period.
  out[0].cloudwatch = "AWS/NATGateway ActiveConnectionCount";
  return out;
}

std::vector<EndpointMetricSpec> build_endpoints() {
  using E = EndpointNetworkSummary;
  constexpr bool kJsonOnly = false;
  return {
      metric<E>(
          "azs", "count", K::kGauge, "its subnets, one per AZ, each billed per hour",
          [](const E& e) { return static_cast<double>(e.azs); }, 0, kJsonOnly, JsonValue::kInteger),
      metric<E>(
          "bytes", "bytes", K::kCounter, "bytes processed",
          [](const E& e) { return static_cast<double>(e.bytes); }, 0, kJsonOnly,
          JsonValue::kInteger),
      metric<E>("gb", "GB", K::kCounter, "GB processed", [](const E& e) { return e.gb; }),
  };
}

}  // namespace

std::span<const NetworkMetricSpec> network_metric_specs() {
  static const std::vector<NetworkMetricSpec> kSpecs = build_network();
  return kSpecs;
}

std::span<const VpcMetricSpec> vpc_metric_specs() {
  static const std::vector<VpcMetricSpec> kSpecs = build_vpcs();
  return kSpecs;
}

std::span<const SubnetMetricSpec> subnet_metric_specs() {
  static const std::vector<SubnetMetricSpec> kSpecs = build_subnets();
  return kSpecs;
}

std::span<const NatMetricSpec> nat_metric_specs() {
  static const std::vector<NatMetricSpec> kSpecs = build_nats();
  return kSpecs;
}

std::span<const EndpointMetricSpec> endpoint_metric_specs() {
  static const std::vector<EndpointMetricSpec> kSpecs = build_endpoints();
  return kSpecs;
}

}  // namespace lambdasim
