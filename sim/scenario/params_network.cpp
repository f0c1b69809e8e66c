// Parameter rows of VPC networking, targets, calls and faults: the sections
// DESIGN.md adds on top of the compute model. Inserted into the one table by
// params.cpp; defaults come from AWS_FACTS.md, and keys AWS documents nothing
// about say so in their source.
#include "scenario/params_network.hpp"

#include <charconv>

#include "scenario/apply_context.hpp"

namespace lambdasim {
namespace {

using P = ParamType;
using Ctx = ApplyContext;
using V = ParamValue;

constexpr std::string_view kModel = kModelParameterSource;
constexpr std::string_view kWorkload = "workload description (not an AWS fact)";
constexpr std::string_view kTopology = "network topology (not an AWS fact)";
constexpr std::string_view kFaults = "fault timeline (not an AWS fact)";
constexpr double kDay = 86400;

int to_int(const V& v) {
  return static_cast<int>(v.integer);
}

// "10.0.1.0/24" -> 24; -1 when malformed (checks.cpp reports it).
int prefix_of(const std::string& cidr) {
  const auto slash = cidr.find('/');
  if (slash == std::string::npos) return -1;
  int n = -1;
  const char* first = cidr.data() + slash + 1;
  const char* last = cidr.data() + cidr.size();
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (ec != std::errc{} || ptr != last) return -1;
  return n;
}

}  // namespace

std::vector<ParamSpec> network_rows() {
  return {
      {.path = "spec.network",
       .type = P::kSection,
       .help = "VPC networking: the ENI model, quotas, and the VPCs functions attach to.",
       .source = kTopology},
      {.path = "spec.network.eni_model",
       .type = P::kEnum,
       .default_text = "hyperplane",
       .help = "hyperplane: one ENI per (subnet, security-group set) in the account, made at "
               "deployment (since late 2019); per-execution: cold starts need a slot on an ENI, "
               "floor(3 GB / memory) environments per ENI (before late 2019).",
       .source = "AWS_FACTS.md: Hyperplane ENI key; Legacy ENI sizing",
       .values = {"hyperplane", "per-execution"},
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.network.eni_model =
                 v.text == "per-execution" ? EniModel::kPerExecution : EniModel::kHyperplane;
           }},
      {.path = "spec.network.enis_per_vpc",
       .type = P::kInt,
       .default_text = "250",
       .min = 1,
       .max = 1e6,
       .help = "Lambda quota: Hyperplane ENIs per VPC (160 in Oct 2019).",
       .source = "AWS_FACTS.md: Lambda quota ENIs per VPC (L-9FEE3D26)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.network.enis_per_vpc = to_int(v); }},
      {.path = "spec.network.network_interfaces_per_region",
       .type = P::kInt,
       .default_text = "5000",
       .min = 1,
       .max = 1e6,
       .help = "EC2 quota: network interfaces per region (350 before 2020).",
       .source = "AWS_FACTS.md: EC2 network interfaces per region; Legacy binding quota",
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.network.network_interfaces_per_region = to_int(v);
           }},
      {.path = "spec.network.eni_api_rate",
       .type = P::kRate,
       .unit = "1/s",
       .default_text = "10/s",
       .min = 0,
       .max = 1e6,
       .min_exclusive = true,
       .help = "EC2 ENI-creation API rate (token bucket); past it, per-execution cold starts get "
               "EC2ThrottledException.",
       .source = "AWS_FACTS.md: Legacy scaling pressure (EC2 API limits; the rate itself is not "
                 "documented: model parameter)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.network.eni_api_rate_per_s = v.number; }},
      {.path = "spec.network.eni_api_burst",
       .type = P::kInt,
       .default_text = "50",
       .min = 1,
       .max = 1e6,
       .help = "EC2 ENI-creation API burst (bucket size).",
       .source = kModel,
       .apply = [](Ctx& c, const V& v) { c.scenario->model.network.eni_api_burst = to_int(v); }},
      {.path = "spec.network.hyperplane_creation",
       .type = P::kDistribution,
       .unit = "s",
       .default_text = "{dist: uniform, min: 60s, max: 90s}",
       .min = 0,
       .max = 3600,
       .help = "Time to create a Hyperplane ENI: the function is Pending meanwhile (and an "
               "Inactive function is re-activated in this time).",
       .source = "AWS_FACTS.md: ENI creation (function Pending), 60-90 s (2019 blog)",
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.network.hyperplane_creation = DurationDistribution{v.distribution};
           }},
      {.path = "spec.network.connections_per_hyperplane_eni",
       .type = P::kInt,
       .default_text = "65000",
       .min = 1,
       .max = 1e7,
       .help = "Connections one Hyperplane ENI carries; Lambda adds an ENI past that.",
       .source = "AWS_FACTS.md: Connections per Hyperplane ENI",
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.network.connections_per_hyperplane_eni = to_int(v);
           }},
      {.path = "spec.network.inactive_after",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "14d",
       .min = 0,
       .max = 3650 * kDay,
       .min_exclusive = true,
       .help = "Idle time after which a VPC function goes Inactive and loses its ENIs; the next "
               "invoke fails with ResourceNotReadyException.",
       .source = "AWS_FACTS.md: Idle reclaim (14 days)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.network.inactive_after = v.duration; }},
      {.path = "spec.network.per_execution_creation",
       .type = P::kDistribution,
       .unit = "s",
       .default_text = "{dist: uniform, min: 3s, max: 15s}",
       .min = 0,
       .max = 3600,
       .help = "per-execution: ENI creation time, on the cold path.",
       .source = "AWS_FACTS.md: Legacy ENI cold-start penalty (3rd: 3-15 s, ~10 s)",
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.network.per_execution_creation =
                 DurationDistribution{v.distribution};
           }},
      {.path = "spec.network.per_execution_release_after",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "20m",
       .min = 0,
       .max = 30 * kDay,
       .help = "per-execution: an ENI with no environment is deleted after this long.",
       .source = kModel,
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.network.per_execution_release_after = v.duration;
           }},
      {.path = "spec.network.cross_az_latency",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "1ms",
       .min = 0,
       .max = 1,
       .help = "Latency added to a call that crosses AZs (AZs are single-digit ms apart).",
       .source = "AWS_FACTS.md: AZs (single-digit ms between them); the figure is a parameter",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.network.cross_az_latency = v.duration; }},
      {.path = "spec.network.vpcs",
       .type = P::kNamedMap,
       .default_text = "{} (none)",
       .help = "The VPCs, by name.",
       .source = kTopology,
       .entry_noun = "VPC"},
      {.path = "spec.network.vpcs.<name>",
       .type = P::kSection,
       .help = "One VPC: subnets, NAT gateways, endpoints.",
       .source = kTopology,
       .apply =
           [](Ctx& c, const V& v) {
             auto& vpcs = c.scenario->model.network.vpcs;
             vpcs.push_back(VpcConfig{});
             vpcs.back().name = v.text;
             c.vpc = vpcs.size() - 1;
           }},
      {.path = "spec.network.vpcs.<name>.subnets",
       .type = P::kList,
       .required = true,
       .help = "Subnets of the VPC.",
       .source = kTopology,
       .min_entries = 1},
      {.path = "spec.network.vpcs.<name>.subnets[]",
       .type = P::kSection,
       .help = "One subnet.",
       .source = kTopology,
       .apply =
           [](Ctx& c, const V&) {
             c.vpc_cfg().subnets.push_back(SubnetConfig{});
             c.item = c.vpc_cfg().subnets.size() - 1;
           }},
      {.path = "spec.network.vpcs.<name>.subnets[].name",
       .type = P::kString,
       .required = true,
       .help = "Subnet name, unique in the VPC.",
       .source = kTopology,
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().subnets[c.item].name = v.text; }},
      {.path = "spec.network.vpcs.<name>.subnets[].az",
       .type = P::kString,
       .required = true,
       .help = "Availability zone id of the subnet.",
       .source = kTopology,
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().subnets[c.item].az = v.text; }},
      {.path = "spec.network.vpcs.<name>.subnets[].cidr",
       .type = P::kString,
       .required = true,
       .help = "IPv4 block, /16 to /28. Usable IPs: block size - 5 reserved by AWS - "
               "other_tenant_ips.",
       .source = "AWS_FACTS.md: Subnet addresses (AWS reserves 5)",
       .apply =
           [](Ctx& c, const V& v) {
             SubnetConfig& s = c.vpc_cfg().subnets[c.item];
             s.cidr = v.text;
             s.prefix_length = prefix_of(v.text);
           }},
      {.path = "spec.network.vpcs.<name>.subnets[].route",
       .type = P::kString,
       .default_text = "(none: no internet route)",
       .help = "NAT gateway (of this VPC) of the subnet's default route; omit it (or `none`) for "
               "an isolated subnet.",
       .source = kTopology,
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().subnets[c.item].route_nat = v.text == "none" ? "" : v.text;
           }},
      {.path = "spec.network.vpcs.<name>.subnets[].other_tenant_ips",
       .type = P::kInt,
       .default_text = "0",
       .min = 0,
       .max = 1 << 16,
       .help = "IPs of the subnet held by others (EC2, RDS, other ENIs).",
       .source = kTopology,
       .apply = [](Ctx& c,
                   const V& v) { c.vpc_cfg().subnets[c.item].other_tenant_ips = to_int(v); }},
      {.path = "spec.network.vpcs.<name>.nat_gateways",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "NAT gateways of the VPC.",
       .source = kTopology},
      {.path = "spec.network.vpcs.<name>.nat_gateways[]",
       .type = P::kSection,
       .help = "One NAT gateway.",
       .source = kTopology,
       .apply =
           [](Ctx& c, const V&) {
             c.vpc_cfg().nat_gateways.push_back(NatGatewayConfig{});
             c.item = c.vpc_cfg().nat_gateways.size() - 1;
           }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].name",
       .type = P::kString,
       .required = true,
       .help = "NAT name, unique in the VPC.",
       .source = kTopology,
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().nat_gateways[c.item].name = v.text; }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].az",
       .type = P::kString,
       .required = true,
       .help = "AZ of a zonal NAT: if it is lost, every subnet routed to the NAT loses egress.",
       .source = "AWS_FACTS.md: NAT zonality",
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().nat_gateways[c.item].az = v.text; }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].regional",
       .type = P::kBool,
       .default_text = "false",
       .help = "Regional NAT mode (since 19 Nov 2025): survives the loss of one AZ, no cross-AZ "
               "hop.",
       .source = "AWS_FACTS.md: NAT zonality (regional NAT mode)",
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().nat_gateways[c.item].regional = v.boolean; }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].ips",
       .type = P::kInt,
       .default_text = "2",
       .min = 1,
       .max = 8,
       .help = "Elastic IPs of the NAT; each allows connections_per_ip per destination.",
       .source = "AWS_FACTS.md: NAT connections (1-8 IPs, 2 EIPs by default)",
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().nat_gateways[c.item].ips = to_int(v); }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].connections_per_ip",
       .type = P::kInt,
       .default_text = "55000",
       .min = 1,
       .max = 1e6,
       .help = "Simultaneous connections per IP per unique destination; ErrorPortAllocation "
               "past that.",
       .source = "AWS_FACTS.md: NAT connections (55,000)",
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().nat_gateways[c.item].connections_per_ip = to_int(v);
           }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].bandwidth",
       .type = P::kBandwidth,
       .unit = "bps",
       .default_text = "5Gbps",
       .min = 0,
       .max = 1e12,
       .min_exclusive = true,
       .help = "Starting bandwidth; traffic beyond it queues (delays calls).",
       .source = "AWS_FACTS.md: NAT bandwidth (5 Gbps, scales to 100 Gbps)",
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().nat_gateways[c.item].bandwidth_gbps = v.number / 1e9;
           }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].max_bandwidth",
       .type = P::kBandwidth,
       .unit = "bps",
       .default_text = "100Gbps",
       .min = 0,
       .max = 1e12,
       .min_exclusive = true,
       .help = "Bandwidth the NAT scales up to.",
       .source = "AWS_FACTS.md: NAT bandwidth (5 Gbps, scales to 100 Gbps)",
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().nat_gateways[c.item].max_bandwidth_gbps = v.number / 1e9;
           }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].bandwidth_scale_interval",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "60s",
       .min = 0,
       .max = kDay,
       .min_exclusive = true,
       .help = "Bandwidth doubles after each interval in which the NAT was saturated.",
       .source = "AWS_FACTS.md: NAT bandwidth (how fast it scales is not documented: model "
                 "parameter)",
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().nat_gateways[c.item].bandwidth_scale_interval = v.duration;
           }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].idle_timeout",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "350s",
       .min = 0,
       .max = kDay,
       .help = "Idle connection time-out, then RST: a call's connection held longer is dropped "
               "at it, and so are an idle environment's pooled connections (reopened on next "
               "use).",
       .source = "AWS_FACTS.md: NAT idle timeout (350 s)",
       .apply = [](Ctx& c,
                   const V& v) { c.vpc_cfg().nat_gateways[c.item].idle_timeout = v.duration; }},
      {.path = "spec.network.vpcs.<name>.nat_gateways[].latency",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "0s",
       .min = 0,
       .max = 1,
       .help = "Latency the NAT adds to each call.",
       .source = "AWS_FACTS.md: NAT per-hop latency (not documented: model parameter)",
       .apply = [](Ctx& c,
                   const V& v) { c.vpc_cfg().nat_gateways[c.item].added_latency = v.duration; }},
      {.path = "spec.network.vpcs.<name>.interface_endpoints",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "Interface endpoints (PrivateLink) of the VPC. `lambda` carries invocations from "
               "clients in the VPC into Lambda.",
       .source = "AWS_FACTS.md: Interface endpoint; Lambda interface endpoint"},
      {.path = "spec.network.vpcs.<name>.interface_endpoints[]",
       .type = P::kSection,
       .help = "One interface endpoint.",
       .source = kTopology,
       .apply =
           [](Ctx& c, const V&) {
             c.vpc_cfg().interface_endpoints.push_back(InterfaceEndpointConfig{});
             c.item = c.vpc_cfg().interface_endpoints.size() - 1;
           }},
      {.path = "spec.network.vpcs.<name>.interface_endpoints[].name",
       .type = P::kString,
       .required = true,
       .help = "Endpoint name, unique in the VPC.",
       .source = kTopology,
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().interface_endpoints[c.item].name = v.text; }},
      {.path = "spec.network.vpcs.<name>.interface_endpoints[].service",
       .type = P::kString,
       .required = true,
       .help = "AWS service: s3, dynamodb, sqs, sts, lambda, ...",
       .source = kTopology,
       .apply = [](Ctx& c,
                   const V& v) { c.vpc_cfg().interface_endpoints[c.item].service = v.text; }},
      {.path = "spec.network.vpcs.<name>.interface_endpoints[].subnets",
       .type = P::kStringList,
       .required = true,
       .help = "Subnets with an endpoint ENI, at most one per AZ.",
       .source = "AWS_FACTS.md: Interface endpoint (one ENI per subnet, one subnet per AZ)",
       .min_entries = 1,
       .apply = [](Ctx& c,
                   const V& v) { c.vpc_cfg().interface_endpoints[c.item].subnets = v.strings; }},
      {.path = "spec.network.vpcs.<name>.interface_endpoints[].bandwidth",
       .type = P::kBandwidth,
       .unit = "bps",
       .default_text = "10Gbps",
       .min = 0,
       .max = 1e12,
       .min_exclusive = true,
       .help = "Bandwidth per AZ at the start.",
       .source = "AWS_FACTS.md: Interface endpoint (10 Gbps per AZ, scaling to 100 Gbps)",
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().interface_endpoints[c.item].bandwidth_gbps = v.number / 1e9;
           }},
      {.path = "spec.network.vpcs.<name>.interface_endpoints[].max_bandwidth",
       .type = P::kBandwidth,
       .unit = "bps",
       .default_text = "100Gbps",
       .min = 0,
       .max = 1e12,
       .min_exclusive = true,
       .help = "Bandwidth per AZ it scales up to.",
       .source = "AWS_FACTS.md: Interface endpoint (10 Gbps per AZ, scaling to 100 Gbps)",
       .apply =
           [](Ctx& c, const V& v) {
             c.vpc_cfg().interface_endpoints[c.item].max_bandwidth_gbps = v.number / 1e9;
           }},
      {.path = "spec.network.vpcs.<name>.gateway_endpoints",
       .type = P::kStringList,
       .default_text = "[] (none)",
       .help = "Gateway endpoints (s3, dynamodb): free, preferred over interface endpoints and "
               "NAT.",
       .source = "AWS_FACTS.md: Gateway endpoint (S3, DynamoDB) free",
       .apply = [](Ctx& c, const V& v) { c.vpc_cfg().gateway_endpoints = v.strings; }},

      // ---- targets --------------------------------------------------------
      {.path = "spec.targets",
       .type = P::kNamedMap,
       .default_text = "{} (none)",
       .help = "What functions call, by name.",
       .source = kWorkload,
       .entry_noun = "target"},
      {.path = "spec.targets.<name>",
       .type = P::kSection,
       .help = "One target; `kind` says which keys apply.",
       .source = kWorkload,
       .discriminator = "kind",
       .apply =
           [](Ctx& c, const V& v) {
             auto& targets = c.scenario->model.targets;
             targets.push_back(TargetConfig{});
             targets.back().name = v.text;
             c.target = targets.size() - 1;
           }},
      {.path = "spec.targets.<name>.kind",
       .type = P::kEnum,
       .required = true,
       .help = "internet: a public API; aws: an AWS service; private: a resource in a VPC "
               "(reachable only from that VPC).",
       .source = kWorkload,
       .values = {"internet", "aws", "private"},
       .apply =
           [](Ctx& c, const V& v) {
             c.tgt().kind = v.text == "aws"       ? TargetKind::kAwsService
                            : v.text == "private" ? TargetKind::kPrivate
                                                  : TargetKind::kInternet;
           }},
      {.path = "spec.targets.<name>.service",
       .type = P::kString,
       .help = "aws: the service (s3, dynamodb, sqs, sts, lambda, ...), matched against "
               "gateway and interface endpoints.",
       .source = kWorkload,
       .only_for = {"aws"},
       .required_for = {"aws"},
       .apply = [](Ctx& c, const V& v) { c.tgt().service = v.text; }},
      {.path = "spec.targets.<name>.vpc",
       .type = P::kString,
       .help = "private: the VPC the resource lives in.",
       .source = kWorkload,
       .only_for = {"private"},
       .required_for = {"private"},
       .ref_target = "spec.network.vpcs",
       .apply = [](Ctx& c, const V& v) { c.tgt().vpc = v.text; }},
      {.path = "spec.targets.<name>.az",
       .type = P::kString,
       .default_text = "(any)",
       .help = "private: the resource's AZ (calls from other AZs cross AZs; lost with the AZ).",
       .source = kWorkload,
       .only_for = {"private"},
       .apply = [](Ctx& c, const V& v) { c.tgt().az = v.text; }},
      {.path = "spec.targets.<name>.max_connections",
       .type = P::kInt,
       .default_text = "0 (unlimited)",
       .min = 0,
       .max = 1e7,
       .help = "private: connections the resource accepts (e.g. a database's max_connections); "
               "it refuses past that.",
       .source = kWorkload,
       .only_for = {"private"},
       .apply = [](Ctx& c, const V& v) { c.tgt().max_connections = to_int(v); }},
      {.path = "spec.targets.<name>.latency",
       .type = P::kDistribution,
       .unit = "s",
       .default_text = "{dist: lognormal, median: 5ms, p99: 50ms}",
       .min = 0,
       .max = 900,
       .help = "Latency of one call, before network effects (NAT, cross-AZ, queueing).",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.tgt().latency = DurationDistribution{v.distribution}; }},
  };
}

std::vector<ParamSpec> function_network_rows() {
  return {
      {.path = "spec.functions.<name>.deployed_at",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "(deployed and Active before the run)",
       .min = 0,
       .max = 3650 * kDay,
       .help = "Deployment time. A VPC function is Pending until its Hyperplane ENIs exist "
               "(ResourceConflictException meanwhile); before it, calls fail the same way.",
       .source = "AWS_FACTS.md: ENI creation (function Pending)",
       .apply = [](Ctx& c, const V& v) { c.fn().deployed_at = v.duration; }},
      {.path = "spec.functions.<name>.vpc",
       .type = P::kSection,
       .default_text = "(none: the Lambda service VPC)",
       .help = "VPC attachment. `none` (useful in variants) means the Lambda service VPC.",
       .source = "AWS_FACTS.md: VpcConfig",
       .allow_none = true,
       .apply = [](Ctx& c, const V&) { c.fn().vpc = FunctionVpcConfig{}; }},
      {.path = "spec.functions.<name>.vpc.vpc",
       .type = P::kString,
       .required = true,
       .help = "The VPC.",
       .source = "AWS_FACTS.md: VpcConfig",
       .ref_target = "spec.network.vpcs",
       .apply = [](Ctx& c, const V& v) { c.fn().vpc->vpc = v.text; }},
      {.path = "spec.functions.<name>.vpc.subnets",
       .type = P::kStringList,
       .required = true,
       .help = "Subnets of that VPC (at most 16; AWS recommends at least two AZs).",
       .source = "AWS_FACTS.md: VpcConfig (at most 16 subnets); Guidance (2 AZs)",
       .min_entries = 1,
       .apply = [](Ctx& c, const V& v) { c.fn().vpc->subnets = v.strings; }},
      {.path = "spec.functions.<name>.vpc.security_groups",
       .type = P::kStringList,
       .required = true,
       .help = "Security groups (at most 5); with each subnet they key a Hyperplane ENI.",
       .source = "AWS_FACTS.md: VpcConfig (at most 5 security groups); Hyperplane ENI key",
       .min_entries = 1,
       .apply = [](Ctx& c, const V& v) { c.fn().vpc->security_groups = v.strings; }},
      {.path = "spec.functions.<name>.calls",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "Calls every invocation makes, in order, before its own run time.",
       .source = kWorkload},
      {.path = "spec.functions.<name>.calls[]",
       .type = P::kSection,
       .help = "One call.",
       .source = kWorkload,
       .apply =
           [](Ctx& c, const V&) {
             c.fn().calls.push_back(CallConfig{});
             c.call = c.fn().calls.size() - 1;
           }},
      {.path = "spec.functions.<name>.calls[].target",
       .type = P::kString,
       .required = true,
       .help = "The target called.",
       .source = kWorkload,
       .ref_target = "spec.targets",
       .apply = [](Ctx& c, const V& v) { c.fn().calls[c.call].target = v.text; }},
      {.path = "spec.functions.<name>.calls[].connection",
       .type = P::kEnum,
       .default_text = "new",
       .help = "new: a connection per invocation; pooled: one per execution environment, kept "
               "while it lives.",
       .source = kWorkload,
       .values = {"new", "pooled"},
       .apply =
           [](Ctx& c, const V& v) {
             c.fn().calls[c.call].connection =
                 v.text == "pooled" ? ConnectionMode::kPooled : ConnectionMode::kNew;
           }},
      {.path = "spec.functions.<name>.calls[].bytes_out",
       .type = P::kSize,
       .unit = "B",
       .default_text = "1KiB",
       .min = 0,
       .max = 1e12,
       .help = "Bytes sent per call (NAT and endpoint GB, cross-AZ GB).",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.fn().calls[c.call].bytes_out = v.integer; }},
      {.path = "spec.functions.<name>.calls[].bytes_in",
       .type = P::kSize,
       .unit = "B",
       .default_text = "4KiB",
       .min = 0,
       .max = 1e12,
       .help = "Bytes received per call.",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.fn().calls[c.call].bytes_in = v.integer; }},
      {.path = "spec.functions.<name>.calls[].hold",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "0s",
       .min = 0,
       .max = kDay,
       .help = "new connections: how long the connection stays open after the invocation; "
               "through a NAT it is dropped at the NAT's idle timeout (350 s), so a connection "
               "never closed holds its port that long.",
       .source = "AWS_FACTS.md: NAT idle timeout (350 s)",
       .apply = [](Ctx& c, const V& v) { c.fn().calls[c.call].hold = v.duration; }},
      {.path = "spec.functions.<name>.calls[].connect_timeout",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "(the function's timeout)",
       .min = 0,
       .max = 900,
       .min_exclusive = true,
       .help = "How long an unreachable call hangs (packets are dropped: nothing fails fast).",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.fn().calls[c.call].connect_timeout = v.duration; }},
  };
}

std::vector<ParamSpec> arrival_source_rows() {
  return {
      {.path = "spec.functions.<name>.arrivals[].source",
       .type = P::kSection,
       .default_text = "(a client on the internet)",
       .help = "A client inside a VPC: its invocations reach Lambda through the VPC's `lambda` "
               "interface endpoint, else through its subnet's NAT, else not at all.",
       .source = "AWS_FACTS.md: Lambda interface endpoint",
       .apply = [](Ctx& c, const V&) { c.arr().source = InvocationSourceConfig{}; }},
      {.path = "spec.functions.<name>.arrivals[].source.vpc",
       .type = P::kString,
       .required = true,
       .help = "The client's VPC.",
       .source = kWorkload,
       .ref_target = "spec.network.vpcs",
       .apply = [](Ctx& c, const V& v) { c.arr().source->vpc = v.text; }},
      {.path = "spec.functions.<name>.arrivals[].source.subnet",
       .type = P::kString,
       .required = true,
       .help = "The client's subnet in that VPC.",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.arr().source->subnet = v.text; }},
      {.path = "spec.functions.<name>.arrivals[].source.payload",
       .type = P::kSize,
       .unit = "B",
       .default_text = "1KiB",
       .min = 0,
       .max = 6 * 1024 * 1024,
       .help = "Request payload per invocation (at most 6 MiB, Lambda's sync payload limit).",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.arr().source->payload_bytes = v.integer; }},
      {.path = "spec.functions.<name>.arrivals[].source.response",
       .type = P::kSize,
       .unit = "B",
       .default_text = "1KiB",
       .min = 0,
       .max = 6 * 1024 * 1024,
       .help = "Response payload per invocation.",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.arr().source->response_bytes = v.integer; }},
      {.path = "spec.functions.<name>.arrivals[].source.connection_hold",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "0s",
       .min = 0,
       .max = kDay,
       .help = "Through a NAT: how long each request's connection (a NAT port to the Lambda API) "
               "stays open from the request; 0 = a keep-alive pool, no port per request. The NAT "
               "drops it after its idle timeout (350 s).",
       .source = "AWS_FACTS.md: NAT connections (55,000 per IP per destination), NAT idle "
                 "timeout (350 s); the client's behaviour is workload",
       .apply = [](Ctx& c, const V& v) { c.arr().source->connection_hold = v.duration; }},
  };
}

std::vector<ParamSpec> fault_rows() {
  return {
      {.path = "spec.account.az_detection_delay",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "2m",
       .min = 0,
       .max = kDay,
       .help = "After an AZ fails, Lambda keeps placing there (and those placements fail) until "
               "this has passed.",
       .source = "AWS_FACTS.md: Lambda's own recovery from AZ impairment (\"a few minutes\"; the "
                 "delay itself is not documented: model parameter)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.faults.detection_delay = v.duration; }},
      {.path = "spec.faults",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "A timeline of faults; `kind` says which keys apply.",
       .source = kFaults},
      {.path = "spec.faults[]",
       .type = P::kSection,
       .help = "One fault.",
       .source = kFaults,
       .discriminator = "kind",
       .apply =
           [](Ctx& c, const V&) {
             auto& t = c.scenario->model.faults.timeline;
             t.push_back(FaultConfig{});
             c.fault = t.size() - 1;
           }},
      {.path = "spec.faults[].kind",
       .type = P::kEnum,
       .required = true,
       .help = "az_outage: an AZ lost (its environments, ENIs, NATs, endpoint ENIs); "
               "nat_failure, endpoint_failure: one resource down; eni_creation_failure: EC2 "
               "refuses ENIs; eni_api_throttle: the ENI API slowed by `factor`; latency: extra "
               "latency on a target; target_outage: a target refusing or timing out.",
       .source = kFaults,
       .values = {"az_outage", "nat_failure", "endpoint_failure", "eni_creation_failure",
                  "eni_api_throttle", "latency", "target_outage"},
       .apply =
           [](Ctx& c, const V& v) {
             static constexpr std::pair<std::string_view, FaultKind> kKinds[] = {
                 {"az_outage", FaultKind::kAzOutage},
                 {"nat_failure", FaultKind::kNatFailure},
                 {"endpoint_failure", FaultKind::kEndpointFailure},
                 {"eni_creation_failure", FaultKind::kEniCreationFailure},
                 {"eni_api_throttle", FaultKind::kEniApiThrottle},
                 {"latency", FaultKind::kLatency},
                 {"target_outage", FaultKind::kTargetOutage}};
             for (const auto& [name, kind] : kKinds) {
               if (v.text == name) c.flt().kind = kind;
             }
           }},
      {.path = "spec.faults[].at",
       .type = P::kDuration,
       .unit = "s",
       .min = 0,
       .max = 3650 * kDay,
       .required = true,
       .help = "Start of the fault.",
       .source = kFaults,
       .apply = [](Ctx& c, const V& v) { c.flt().at = v.duration; }},
      {.path = "spec.faults[].for",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "(open-ended)",
       .min = 0,
       .max = 3650 * kDay,
       .min_exclusive = true,
       .help = "Length of the fault.",
       .source = kFaults,
       .apply = [](Ctx& c, const V& v) { c.flt().duration = v.duration; }},
      {.path = "spec.faults[].az",
       .type = P::kString,
       .help = "az_outage: the AZ lost.",
       .source = kFaults,
       .only_for = {"az_outage"},
       .required_for = {"az_outage"},
       .apply = [](Ctx& c, const V& v) { c.flt().az = v.text; }},
      {.path = "spec.faults[].vpc",
       .type = P::kString,
       .help = "nat_failure, endpoint_failure: the VPC of the resource.",
       .source = kFaults,
       .only_for = {"nat_failure", "endpoint_failure"},
       .required_for = {"nat_failure", "endpoint_failure"},
       .ref_target = "spec.network.vpcs",
       .apply = [](Ctx& c, const V& v) { c.flt().vpc = v.text; }},
      {.path = "spec.faults[].nat",
       .type = P::kString,
       .help = "nat_failure: the NAT gateway.",
       .source = kFaults,
       .only_for = {"nat_failure"},
       .required_for = {"nat_failure"},
       .apply = [](Ctx& c, const V& v) { c.flt().resource = v.text; }},
      {.path = "spec.faults[].endpoint",
       .type = P::kString,
       .help = "endpoint_failure: the interface endpoint.",
       .source = kFaults,
       .only_for = {"endpoint_failure"},
       .required_for = {"endpoint_failure"},
       .apply = [](Ctx& c, const V& v) { c.flt().resource = v.text; }},
      {.path = "spec.faults[].target",
       .type = P::kString,
       .help = "latency, target_outage: the target.",
       .source = kFaults,
       .only_for = {"latency", "target_outage"},
       .required_for = {"latency", "target_outage"},
       .ref_target = "spec.targets",
       .apply = [](Ctx& c, const V& v) { c.flt().target = v.text; }},
      {.path = "spec.faults[].severity",
       .type = P::kFraction,
       .default_text = "1",
       .min = 0,
       .max = 1,
       .min_exclusive = true,
       .help = "Fraction of placements and invocations (az_outage), ENI creations "
               "(eni_creation_failure) or calls (target_outage) that fail; 1 = all. A partial "
               "AZ impairment is never taken out of placement.",
       .source = kFaults,
       .only_for = {"az_outage", "eni_creation_failure", "target_outage"},
       .apply = [](Ctx& c, const V& v) { c.flt().severity = v.number; }},
      {.path = "spec.faults[].factor",
       .type = P::kNumber,
       .default_text = "10",
       .min = 1,
       .max = 1e6,
       .help = "eni_api_throttle: the ENI API rate is divided and ENI creation time multiplied "
               "by this.",
       .source = kFaults,
       .only_for = {"eni_api_throttle"},
       .apply = [](Ctx& c, const V& v) { c.flt().severity = v.number; }},
      {.path = "spec.faults[].extra",
       .type = P::kDuration,
       .unit = "s",
       .min = 0,
       .max = 900,
       .help = "latency: latency added to every call to the target.",
       .source = kFaults,
       .only_for = {"latency"},
       .required_for = {"latency"},
       .apply = [](Ctx& c, const V& v) { c.flt().extra_latency = v.duration; }},
      {.path = "spec.faults[].mode",
       .type = P::kEnum,
       .default_text = "timeout",
       .help = "target_outage: refuse (calls fail at once) or timeout (calls hang until the "
               "function times out).",
       .source = kFaults,
       .values = {"refuse", "timeout"},
       .only_for = {"target_outage"},
       .apply =
           [](Ctx& c, const V& v) {
             c.flt().mode =
                 v.text == "refuse" ? TargetOutageMode::kRefuse : TargetOutageMode::kTimeout;
           }},
  };
}

}  // namespace lambdasim
