// Plain configuration of VPC networking: VPCs, subnets, NAT gateways,
// endpoints, targets and the calls functions make. Defaults come from
// docs/aws-facts.md; where AWS documents nothing the field says so and
// the scenario exposes it as a parameter.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "lambdasim/kernel/distribution.hpp"
#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

// Value equality of duration distributions (family, parameters, samples), so
// the config structs below can default their operator== (config.cpp).
bool operator==(const DurationDistribution& a, const DurationDistribution& b);

// The `*_index` fields below are written by resolve_names (resolve.hpp) once
// the names are validated; kNoIndex until then, or where a name is empty.
// Subnets, NATs and endpoints are numbered globally (NetworkIndex: VPC order,
// then declaration order); AZs as in AccountConfig::azs, then any other AZ
// named, in order of appearance.
inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

enum class EniModel { kHyperplane, kPerExecution };
// Per-execution ENIs: how environments share an ENI. kMemory: an ENI carries
// 3 GB of environments' memory (AWS's formula, ENIs = concurrency x memory /
// 3 GB); kWholeEnvironments: floor(3 GB / memory) whole environments per ENI.
enum class EniPacking { kMemory, kWholeEnvironments };

struct SubnetConfig {
  std::string name;
  std::string az;
  std::string cidr;          // "10.0.1.0/24"
  int prefix_length = 24;    // parsed from cidr
  int other_tenant_ips = 0;  // IPs held by EC2, RDS, other ENIs: not Lambda's
  std::string route_nat;     // NAT gateway of the subnet's default route; empty = no NAT
  std::uint32_t az_index = kNoIndex;
  std::uint32_t route_nat_index = kNoIndex;  // global NAT; kNoIndex = no NAT route
  // Usable by Lambda: block size - 5 AWS-reserved - other tenants (VPC user guide).
  int usable_ips() const {
    const long block = prefix_length >= 32 ? 1L : (1L << (32 - prefix_length));
    const long usable = block - 5 - other_tenant_ips;
    return usable < 0 ? 0 : static_cast<int>(usable);
  }

  bool operator==(const SubnetConfig&) const = default;
};

struct NatGatewayConfig {
  std::string name;
  std::string az;                   // zonal NAT: lives in one AZ
  bool regional = false;            // regional NAT mode (since Nov 2025): spans AZs
  int ips = 2;                      // AWS: 1-8 IPs, 2 EIPs by default on a public NAT
  int connections_per_ip = 55000;   // AWS: per IP per unique destination
  double bandwidth_gbps = 5;        // AWS: 5 Gbps, scales automatically ...
  double max_bandwidth_gbps = 100;  // ... to 100 Gbps
  // How fast bandwidth scales is not documented: it doubles each interval in
  // which the NAT was saturated, up to the maximum.
  SimTime bandwidth_scale_interval = seconds(60);
  SimTime idle_timeout = seconds(350);  // AWS: 350 s, then RST
  SimTime added_latency = kTimeZero;    // per-hop latency: not documented
  std::uint32_t az_index = kNoIndex;

  bool operator==(const NatGatewayConfig&) const = default;
};

struct InterfaceEndpointConfig {
  std::string name;
  std::string service;                          // "s3", "sqs", "lambda", ...
  std::vector<std::string> subnets;             // at most one per AZ
  std::vector<std::uint32_t> subnet_indices{};  // global, one per entry of `subnets`
  double bandwidth_gbps = 10;                   // AWS: 10 Gbps per AZ, scaling to 100
  double max_bandwidth_gbps = 100;

  bool operator==(const InterfaceEndpointConfig&) const = default;
};

struct VpcConfig {
  std::string name;
  std::vector<SubnetConfig> subnets;
  std::vector<NatGatewayConfig> nat_gateways;
  std::vector<InterfaceEndpointConfig> interface_endpoints;
  std::vector<std::string> gateway_endpoints;  // "s3", "dynamodb": free

  bool operator==(const VpcConfig&) const = default;
};

// The Amazon-provided VPC DNS server (VPC base + 2) as VPC functions see it
// (sim/model/network/dns_resolver.hpp).
struct DnsConfig {
  // AWS: VPC user guide, DNS quotas (per network interface; excess dropped).
  int packets_per_second_per_eni = 1024;
  // resolv.conf(5), glibc defaults `options timeout:5 attempts:2`.
  SimTime timeout = seconds(5);
  int attempts = 2;
  // Model parameter: getaddrinfo sends an A and an AAAA query per lookup.
  // AWS documents nothing here.
  int packets_per_lookup = 2;

  bool operator==(const DnsConfig&) const = default;
};

struct NetworkConfig {
  EniModel eni_model = EniModel::kHyperplane;
  int enis_per_vpc = 250;                    // Lambda quota L-9FEE3D26 (160 in Oct 2019)
  int network_interfaces_per_region = 5000;  // EC2 quota (350 before 2020)
  // EC2 ENI-creation API rate: AWS does not publish it; a token bucket.
  double eni_api_rate_per_s = 10;
  int eni_api_burst = 50;
  // Hyperplane: function Pending while its ENIs are created (60-90 s in 2019).
  DurationDistribution hyperplane_creation{Distribution::uniform(60, 90)};
  int connections_per_hyperplane_eni = 65000;  // AWS; another ENI past that
  SimTime inactive_after = days(14);           // idle function loses its ENIs
  // Per-execution (the pre-2019 ENI model): ENI creation on the cold path, 3-15 s, ~10 s (3rd).
  DurationDistribution per_execution_creation{Distribution::uniform(3, 15)};
  // Idle per-execution ENIs are released after this long: AWS documents no figure.
  SimTime per_execution_release_after = minutes(20);
  EniPacking per_execution_eni_packing =
      EniPacking::kMemory;                     // AWS: ENIs ~ concurrency x memory / 3 GB
  SimTime cross_az_latency = milliseconds(1);  // "single-digit ms": model parameter
  DnsConfig dns;
  std::vector<VpcConfig> vpcs;

  bool operator==(const NetworkConfig&) const = default;
};

enum class TargetKind { kInternet, kAwsService, kPrivate };

struct TargetConfig {
  std::string name;
  TargetKind kind = TargetKind::kInternet;
  std::string service;                 // kAwsService: "s3", "dynamodb", "sqs", "sts", "lambda", ...
  std::string vpc;                     // kPrivate: the VPC it lives in
  std::string az;                      // kPrivate: its AZ (cross-AZ cost); empty = unknown/any
  int max_connections = 0;             // kPrivate: 0 = unlimited
  std::uint32_t vpc_index = kNoIndex;  // kPrivate
  std::uint32_t az_index = kNoIndex;   // kNoIndex when `az` is empty
  DurationDistribution latency{Distribution::lognormal_from_median_p99(0.005, 0.05)};

  bool operator==(const TargetConfig&) const = default;
};

enum class ConnectionMode { kPooled, kNew };

// A call that resolves its target's hostname (through the VPC DNS server).
struct DnsCallConfig {
  // How long the environment's runtime keeps the answer; 0: no cache (glibc).
  SimTime ttl = kTimeZero;

  bool operator==(const DnsCallConfig&) const = default;
};

struct CallConfig {
  std::string target;
  std::uint32_t target_index = kNoIndex;
  ConnectionMode connection = ConnectionMode::kNew;
  std::int64_t bytes_out = 1024;
  std::int64_t bytes_in = 4096;
  // How long a new connection stays open after the call (a connection the
  // code never closes lingers until the NAT idle timeout, 350 s).
  SimTime hold = kTimeZero;
  // An unreachable call hangs until this, or the function's timeout if unset.
  std::optional<SimTime> connect_timeout;
  // Present: the call resolves its target's name when it opens a connection.
  std::optional<DnsCallConfig> dns;

  bool operator==(const CallConfig&) const = default;
};

struct FunctionVpcConfig {
  std::string vpc;
  std::uint32_t vpc_index = kNoIndex;
  std::vector<std::string> subnets;             // at most 16
  std::vector<std::uint32_t> subnet_indices{};  // global, one per entry of `subnets`
  // At most 5. Order and duplicates do not matter: the model compares the
  // sorted, unique set (one Hyperplane ENI per subnet and set).
  std::vector<std::string> security_groups;

  bool operator==(const FunctionVpcConfig&) const = default;
};

// The caller's SDK retry mode (docs/aws-facts.md#sdk-retries-standard,
// #sdk-retries-legacy): `none` (no retries) is the default; `custom` is the
// standard algorithm with the scenario's own numbers.
enum class RetryMode : std::uint8_t { kNone, kStandard, kLegacy, kCustom };

// How the caller retries a refused attempt: up to max_attempts in all, each
// retry after uniform(0, min(cap, base x 2^(retries so far))) (full jitter).
// Unset numbers take the mode's defaults (client_retry_policy).
struct ClientRetryConfig {
  RetryMode mode = RetryMode::kNone;
  std::optional<int> max_attempts;
  std::optional<SimTime> base;
  std::optional<SimTime> cap;

  bool operator==(const ClientRetryConfig&) const = default;
};

// The numbers a source retries with: the scenario's, else its mode's.
// Standard makes 3 attempts (every SDK), base 100 ms (JavaScript SDK v3 and
// Java SDK v2 for non-throttling errors), cap 20 s; legacy makes 4 (3
// retries), base 100 ms, cap 20 s (Java SDK v1, JavaScript SDK v2); custom
// starts from standard's; none makes 1 attempt.
struct ClientRetryPolicy {
  int max_attempts = 1;
  SimTime base = kTimeZero;
  SimTime cap = kTimeZero;
};
inline ClientRetryPolicy client_retry_policy(const ClientRetryConfig& c) {
  if (c.mode == RetryMode::kNone) return {};
  return {.max_attempts = c.max_attempts.value_or(c.mode == RetryMode::kLegacy ? 4 : 3),
          .base = c.base.value_or(milliseconds(100)),
          .cap = c.cap.value_or(seconds(20))};
}

// Where an invocation comes from: a client inside a VPC (vpc and subnet; unset:
// a client on the internet), and how it retries.
struct InvocationSourceConfig {
  std::string vpc;
  std::string subnet;
  std::uint32_t vpc_index = kNoIndex;
  std::uint32_t subnet_index = kNoIndex;  // global
  std::int64_t payload_bytes = 1024;      // request
  std::int64_t response_bytes = 1024;     // response
  // Through a NAT, each request holds a connection (a port to the Lambda API)
  // this long; 0 = an SDK's keep-alive pool, no port per request.
  SimTime connection_hold = kTimeZero;
  ClientRetryConfig retries;

  bool operator==(const InvocationSourceConfig&) const = default;
};

}  // namespace lambdasim
