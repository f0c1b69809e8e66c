#include "lambdasim/metrics/network_metrics.hpp"

#include <cassert>

#include "lambdasim/model/routes.hpp"

namespace lambdasim {

namespace {

// Data is billed per GB; the scenario's units make GB decimal (10^9 bytes).
constexpr double kBytesPerGb = 1e9;

double gigabytes(std::int64_t bytes) {
  return static_cast<double>(bytes) / kBytesPerGb;
}

NetworkSummary resource_names(const ModelConfig& config, const NetworkIndex& net) {
  NetworkSummary names;
  const auto& vpcs = config.network.vpcs;
  for (std::uint32_t i = 0; i < net.subnet_count(); ++i) {
    const SubnetConfig& sc = net.subnet(i);
    names.subnets.push_back({.vpc = vpcs[net.subnet_vpc(i)].name,
                             .name = sc.name,
                             .az = sc.az,
                             .usable_ips = sc.usable_ips()});
  }
  for (const VpcConfig& v : vpcs) names.vpcs.push_back({.name = v.name});
  for (const CounterSpec& c : declared_counters()) {
    names.counter_present.push_back(c.present == nullptr || c.present(config));
  }
  for (const VpcConfig& v : vpcs) {
    for (const NatGatewayConfig& nat : v.nat_gateways) {
      names.nats.push_back({.vpc = v.name, .name = nat.name, .az = nat.az});
    }
    for (const InterfaceEndpointConfig& ep : v.interface_endpoints) {
      names.endpoints.push_back(
          {.vpc = v.name, .name = ep.name, .service = ep.service, .azs = ep.subnets.size()});
    }
  }
  return names;
}

}  // namespace

NetworkMetrics::NetworkMetrics(const ModelConfig& config) : enabled_(!config.network.vpcs.empty()) {
  if (!enabled_) return;
  const NetworkIndex net(config);
  subnets_.resize(net.subnet_count());
  vpcs_.resize(config.network.vpcs.size());
  nats_.resize(net.nat_count());
  endpoint_bytes_.assign(net.endpoint_count(), 0);
  for (std::uint32_t i = 0; i < net.subnet_count(); ++i) {
    subnets_[i].vpc = net.subnet_vpc(i);
    subnets_[i].usable_ips = net.subnet(i).usable_ips();
  }
  names_ = resource_names(config, net);
  counters_.assign(declared_counters().size(), 0);
  levels_.resize(declared_counters().size());
  row_subnet_.resize(subnets_.size());
  for (std::size_t i = 0; i < subnets_.size(); ++i) {
    row_subnet_[i].free_ips_min = subnets_[i].usable_ips;
  }
  row_vpc_enis_max_.assign(vpcs_.size(), 0);
}

// An ENI holds its IP from the start of its creation: creating -> in
// service (+1, -1) leaves the IPs unchanged.
void NetworkMetrics::change_ips(SubnetMetrics& s, VpcMetrics& v, int ips) {
  s.ips_used += ips;
  s.ips_used_peak = std::max(s.ips_used_peak, s.ips_used);
  v.ips_used += ips;
  v.ips_used_peak = std::max(v.ips_used_peak, v.ips_used);
  ips_used_ += ips;
  ips_used_peak_ = std::max(ips_used_peak_, ips_used_);
  row_ips_used_max_ = std::max(row_ips_used_max_, ips_used_);
}

void NetworkMetrics::eni_change(SimTime now, std::uint32_t subnet, int delta_enis,
                                int delta_creating) {
  SubnetMetrics& s = subnets_[subnet];
  VpcMetrics& v = vpcs_[s.vpc];
  if (delta_enis != 0) {
    const std::int64_t d = delta_enis;
    s.enis.add(now, d);
    enis_.add(now, d);
    v.enis += delta_enis;
    v.enis_peak = std::max(v.enis_peak, v.enis);
  }
  if (delta_creating != 0) {
    const std::int64_t d = delta_creating;
    s.creating.add(now, d);
    creating_.add(now, d);
  }
  const int ips = delta_enis + delta_creating;
  if (ips != 0) change_ips(s, v, ips);
  TimeSeriesSubnetRow& r = row_subnet_[subnet];
  r.enis_max = std::max(r.enis_max, static_cast<int>(s.enis.value()));
  r.creating_max = std::max(r.creating_max, static_cast<int>(s.creating.value()));
  r.free_ips_min = std::min(r.free_ips_min, s.usable_ips - s.ips_used);
  row_vpc_enis_max_[s.vpc] = std::max(row_vpc_enis_max_[s.vpc], v.enis);
}

void NetworkMetrics::transfer(TransferKind kind, std::uint32_t resource, std::int64_t bytes) {
  switch (kind) {
    case TransferKind::kNat:
      assert(resource < nats_.size());
      if (resource < nats_.size()) nats_[resource].bytes += bytes;
      break;
    case TransferKind::kInterfaceEndpoint:
      assert(resource < endpoint_bytes_.size());
      if (resource < endpoint_bytes_.size()) endpoint_bytes_[resource] += bytes;
      break;
    case TransferKind::kCrossAz:
      cross_az_bytes_ += bytes;
      break;
    case TransferKind::kInternet:
      break;  // direct from the Lambda service VPC: not billed to the account here
  }
}

void NetworkMetrics::size_series(TimeSeries& series) const {
  if (!enabled_) return;
  series.subnet_count = subnets_.size();
  series.vpc_count = vpcs_.size();
  series.nat_count = nats_.size();
}

void NetworkMetrics::close_row(TimeSeriesRow& row, TimeSeries& series, SimTime end) {
  row.enis_avg = enis_.window_average(end);
  row.enis_creating_avg = creating_.window_average(end);
  row.ips_used_max = row_ips_used_max_;
  row.nat_connections_max = row_nat_connections_max_;
  enis_.restart_window(end);
  creating_.restart_window(end);
  row_ips_used_max_ = ips_used_;
  row_nat_connections_max_ = nat_connections_;
  // Append the row, then start the next one from the current state (a row's
  // maxima and minima include its first instant).
  for (std::size_t i = 0; i < row_subnet_.size(); ++i) {
    SubnetMetrics& m = subnets_[i];
    row_subnet_[i].enis_avg = m.enis.window_average(end);
    m.enis.restart_window(end);  // the run's average and peak are unaffected
    series.subnet_rows.push_back(row_subnet_[i]);
    row_subnet_[i] = TimeSeriesSubnetRow{.enis_max = static_cast<int>(m.enis.value()),
                                         .creating_max = static_cast<int>(m.creating.value()),
                                         .free_ips_min = m.usable_ips - m.ips_used};
  }
  for (std::size_t v = 0; v < row_vpc_enis_max_.size(); ++v) {
    series.vpc_enis_max.push_back(row_vpc_enis_max_[v]);
    row_vpc_enis_max_[v] = vpcs_[v].enis;
  }
  for (NatMetrics& n : nats_) {
    series.nat_connections_max.push_back(n.row_connections_max);
    n.row_connections_max = n.connections;
  }
}

NetworkSummary NetworkMetrics::summarize(SimTime end) const {
  NetworkSummary n = names_;
  const double hours = to_seconds(end) / 3600.0;
  for (std::size_t i = 0; i < subnets_.size(); ++i) {
    const SubnetMetrics& m = subnets_[i];
    SubnetNetworkSummary& s = n.subnets[i];
    s.enis_avg = m.enis.average(end);
    s.enis_peak = m.enis.peak();
    s.creating_avg = m.creating.average(end);
    s.creating_peak = m.creating.peak();
    s.ips_used_peak = m.ips_used_peak;
    s.free_ips_min = static_cast<double>(s.usable_ips - m.ips_used_peak);
  }
  for (std::size_t v = 0; v < vpcs_.size(); ++v) {
    n.vpcs[v].enis_peak = vpcs_[v].enis_peak;
    n.vpcs[v].ips_used_peak = vpcs_[v].ips_used_peak;
  }
  std::int64_t nat_bytes = 0;
  for (std::size_t i = 0; i < nats_.size(); ++i) {
    NatNetworkSummary& s = n.nats[i];
    s.connections_end = nats_[i].connections;
    s.connections_peak = nats_[i].connections_peak;
    s.bytes = nats_[i].bytes;
    s.gb = gigabytes(s.bytes);
    nat_bytes += s.bytes;
  }
  std::int64_t endpoint_bytes = 0;
  std::size_t endpoint_azs = 0;
  for (std::size_t i = 0; i < endpoint_bytes_.size(); ++i) {
    EndpointNetworkSummary& s = n.endpoints[i];
    s.bytes = endpoint_bytes_[i];
    s.gb = gigabytes(s.bytes);
    endpoint_bytes += s.bytes;
    endpoint_azs += s.azs;
  }
  n.enis_avg = enis_.average(end);
  n.enis_peak = enis_.peak();
  n.ips_used_peak = ips_used_peak_;
  n.nat_connections_peak = nat_connections_peak_;
  n.cross_az_bytes = cross_az_bytes_;
  n.cross_az_gb = gigabytes(cross_az_bytes_);
  n.nat_hours = static_cast<double>(nats_.size()) * hours;
  n.nat_gb = gigabytes(nat_bytes);
  n.endpoint_az_hours = static_cast<double>(endpoint_azs) * hours;
  n.endpoint_gb = gigabytes(endpoint_bytes);
  n.counters = counters_;
  for (const TimeWeighted& l : levels_) {
    n.level_peak.push_back(l.peak());
    n.level_avg.push_back(l.average(end));
  }
  return n;
}

void NetworkMetrics::add_cost(const NetworkSummary& n, const PricingConfig& pricing,
                              CostSummary& c) {
  c.nat_usd = n.nat_hours * pricing.nat_hour_usd + n.nat_gb * pricing.nat_gb_usd;
  c.endpoint_usd =
      n.endpoint_az_hours * pricing.endpoint_az_hour_usd + n.endpoint_gb * pricing.endpoint_gb_usd;
  // "Per GB each direction": the sending and the receiving side are both billed.
  c.cross_az_usd = n.cross_az_gb * pricing.cross_az_gb_usd * 2;
  c.network_usd = c.nat_usd + c.endpoint_usd + c.cross_az_usd;
  c.total_usd += c.network_usd;
}

}  // namespace lambdasim
