// The VPC networking part of MetricsCollector: Hyperplane ENIs and the IPs
// they hold per subnet, VPC and account, NAT connections, bytes through NATs,
// interface endpoints and across AZs, their time-series columns and the
// network's cost. Sized once from NetworkIndex, so calls index vectors and
// never allocate; MetricsCollector calls them directly (no virtual call).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/time_weighted.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class NetworkMetrics {
 public:
  explicit NetworkMetrics(const ModelConfig& config);

  bool enabled() const { return enabled_; }
  bool has_subnet(std::uint32_t subnet) const { return subnet < subnets_.size(); }
  bool has_nat(std::uint32_t nat) const { return nat < nats_.size(); }

  void eni_change(SimTime now, std::uint32_t subnet, int delta_enis, int delta_creating);
  void transfer(TransferKind kind, std::uint32_t resource, std::int64_t bytes);
  void nat_connections(std::uint32_t nat, int delta) {
    NatMetrics& n = nats_[nat];
    n.connections += delta;
    n.connections_peak = std::max(n.connections_peak, n.connections);
    n.row_connections_max = std::max(n.row_connections_max, n.connections);
    nat_connections_ += delta;
    nat_connections_peak_ = std::max(nat_connections_peak_, nat_connections_);
    row_nat_connections_max_ = std::max(row_nat_connections_max_, nat_connections_);
  }

  // A declared network counter (counters.hpp).
  void count(CounterId id, std::uint64_t n) { counters_[id.index] += n; }
  void level(SimTime now, CounterId id, std::int64_t delta) { levels_[id.index].add(now, delta); }

  // Time series: the number of subnet, VPC and NAT columns.
  void size_series(TimeSeries& series) const;
  // Writes the row ending at `end` (account columns into `row`, subnets,
  // VPCs and NATs appended to `series`) and starts the next one from the current state.
  void close_row(TimeSeriesRow& row, TimeSeries& series, SimTime end);

  // Valid after the run.
  NetworkSummary summarize(SimTime end) const;
  // The network's charges added to the account's cost (total_usd included).
  static void add_cost(const NetworkSummary& n, const PricingConfig& pricing, CostSummary& c);

 private:
  // Indexed by NetworkIndex's global numbering.
  struct SubnetMetrics {
    TimeWeighted enis;      // in service
    TimeWeighted creating;  // being created (already holding their IP)
    int ips_used = 0;       // enis + creating
    int ips_used_peak = 0;
    int usable_ips = 0;
    std::uint32_t vpc = 0;
  };
  struct VpcMetrics {
    int enis = 0;
    int enis_peak = 0;
    int ips_used = 0;
    int ips_used_peak = 0;
  };
  struct NatMetrics {
    int connections = 0;
    int connections_peak = 0;
    int row_connections_max = 0;  // in the current time-series row
    std::int64_t bytes = 0;
  };

  void change_ips(SubnetMetrics& s, VpcMetrics& v, int ips);

  bool enabled_ = false;
  std::vector<SubnetMetrics> subnets_;
  std::vector<VpcMetrics> vpcs_;
  std::vector<NatMetrics> nats_;
  std::vector<std::int64_t> endpoint_bytes_;
  std::int64_t cross_az_bytes_ = 0;
  TimeWeighted enis_;  // windows are time-series rows
  TimeWeighted creating_;
  int ips_used_ = 0;
  int ips_used_peak_ = 0;
  int nat_connections_ = 0;
  int nat_connections_peak_ = 0;
  std::vector<std::uint64_t> counters_;  // by CounterId (network ones used)
  std::vector<TimeWeighted> levels_;     // likewise
  NetworkSummary names_;                 // names and sizes from the config; numbers at summarize()

  // The current time-series row: account maxima, per subnet and per VPC.
  int row_ips_used_max_ = 0;
  int row_nat_connections_max_ = 0;
  std::vector<TimeSeriesSubnetRow> row_subnet_;
  std::vector<int> row_vpc_enis_max_;
};

}  // namespace lambdasim
