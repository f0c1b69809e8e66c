// Parameter rows of VPC networking, targets, calls and faults: the sections
// DESIGN.md adds on top of the compute model. Inserted into the one table by
// params.cpp; defaults come from docs/aws-facts.md, and keys AWS documents
// nothing about say so in their source.
#include "scenario/params_network.hpp"

#include <charconv>
#include <stdexcept>

#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/scenario/units.hpp"
#include "scenario/field_binding.hpp"

namespace lambdasim {
namespace {

using P = ParamType;
using C = ApplyContext;
using V = ParamValue;

constexpr std::string_view kModel = kModelParameterSource;
constexpr std::string_view kWorkload = "workload description (not an AWS fact)";
constexpr std::string_view kTopology = "network topology (not an AWS fact)";
constexpr std::string_view kFaults = "fault timeline (not an AWS fact)";
constexpr double kDay = 86400;

ClientRetryConfig& source_retries(C& c) {
  return c.source().retries;
}

// The keys of a fault item apply to the kinds whose spec lists them
// (fault_kinds.hpp); severity and factor default to those kinds' severity.
ParamSpec fault_key(FaultKey key, ParamSpec row) {
  for (const FaultKindSpec& k : fault_kind_specs()) {
    if (!has_key(k.required | k.optional, key)) continue;
    const bool first = row.only_for.empty();
    row.only_for.push_back(k.name);
    if (has_key(k.required, key)) row.required_for.push_back(k.name);
    if (first && (key == FaultKey::kSeverity || key == FaultKey::kFactor)) {
      row.default_text = format_number(k.default_severity);
    }
  }
  if (always_required(row)) row.default_text.clear();
  return row;
}

// `kind`: its values and help from the fault-kind table; storing it also sets
// the kind's default severity (severity and factor may then override it).
ParamSpec fault_kind_row(ParamSpec row) {
  static const std::string kHelp = [] {
    std::string help;
    const auto specs = fault_kind_specs();
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const bool group_ends = i + 1 == specs.size() || specs[i + 1].help != specs[i].help;
      help += std::string(specs[i].name) + (group_ends ? ": " : ", ");
      if (group_ends) help += std::string(specs[i].help) + (i + 1 == specs.size() ? "." : "; ");
    }
    return help;
  }();
  for (const FaultKindSpec& k : fault_kind_specs()) row.values.push_back(k.name);
  row.help = kHelp;
  row.apply = [](C& c, const ParamSpec&, const V& v) {
    const std::optional<FaultKind> kind = fault_kind_from_name(v.text);
    if (!kind) throw std::logic_error("fault kind missing from its table: " + v.text);
    c.flt().kind = *kind;
    c.flt().severity = fault_kind_spec(*kind).default_severity;
  };
  return row;
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
      field<&C::network, &NetworkConfig::eni_model>(
          {.path = "spec.network.eni_model",
           .type = P::kEnum,
           .help = "hyperplane: one ENI per (subnet, security-group set) in the account, made at "
                   "deployment (since late 2019); per-execution: cold starts need room on an ENI, "
                   "3 GB of environments' memory per ENI (before late 2019; see "
                   "per_execution_eni_packing).",
           .source = "docs/aws-facts.md#hyperplane-eni-key; docs/aws-facts.md#eni-legacy-sizing"}),
      field<&C::network, &NetworkConfig::enis_per_vpc>(
          {.path = "spec.network.enis_per_vpc",
           .type = P::kInt,
           .min = 1,
           .max = 1e6,
           .help = "Lambda quota: Hyperplane ENIs per VPC (160 in Oct 2019).",
           .source = "docs/aws-facts.md#lambda-enis-per-vpc (L-9FEE3D26)"}),
      field<&C::network, &NetworkConfig::network_interfaces_per_region>(
          {.path = "spec.network.network_interfaces_per_region",
           .type = P::kInt,
           .min = 1,
           .max = 1e6,
           .help = "EC2 quota: network interfaces per region (350 before 2020).",
           .source =
               "docs/aws-facts.md#ec2-network-interfaces; docs/aws-facts.md#eni-legacy-quota"}),
      field<&C::network, &NetworkConfig::eni_api_rate_per_s>(
          {.path = "spec.network.eni_api_rate",
           .type = P::kRate,
           .min = 0,
           .max = 1e6,
           .min_exclusive = true,
           .help =
               "EC2 ENI-creation API rate (token bucket); past it, per-execution cold starts get "
               "EC2ThrottledException.",
           .source = "docs/aws-facts.md#eni-api-throttling (EC2 API limits; the rate itself is not "
                     "documented: model parameter)"}),
      field<&C::network, &NetworkConfig::eni_api_burst>(
          {.path = "spec.network.eni_api_burst",
           .type = P::kInt,
           .min = 1,
           .max = 1e6,
           .help = "EC2 ENI-creation API burst (bucket size).",
           .source = kModel}),
      field<&C::network, &NetworkConfig::hyperplane_creation>(
          {.path = "spec.network.hyperplane_creation",
           .type = P::kDistribution,
           .min = 0,
           .max = 3600,
           .help = "Time to create a Hyperplane ENI: the function is Pending meanwhile (and an "
                   "Inactive function is re-activated in this time).",
           .source = "docs/aws-facts.md#hyperplane-eni-creation (function Pending), 60-90 s (2019 "
                     "blog)"}),
      field<&C::network, &NetworkConfig::connections_per_hyperplane_eni>(
          {.path = "spec.network.connections_per_hyperplane_eni",
           .type = P::kInt,
           .min = 1,
           .max = 1e7,
           .help = "Connections one Hyperplane ENI carries; Lambda adds an ENI past that.",
           .source = "docs/aws-facts.md#hyperplane-connections"}),
      field<&C::network, &NetworkConfig::inactive_after>(
          {.path = "spec.network.inactive_after",
           .type = P::kDuration,
           .min = 0,
           .max = 3650 * kDay,
           .min_exclusive = true,
           .help =
               "Idle time after which a VPC function goes Inactive and loses its ENIs; the next "
               "invoke fails with ResourceNotReadyException.",
           .source = "docs/aws-facts.md#idle-reclaim (14 days)"}),
      field<&C::network, &NetworkConfig::per_execution_creation>(
          {.path = "spec.network.per_execution_creation",
           .type = P::kDistribution,
           .min = 0,
           .max = 3600,
           .help = "per-execution: ENI creation time, on the cold path.",
           .source = "docs/aws-facts.md#eni-legacy-cold-start (3rd: 3-15 s, ~10 s)"}),
      field<&C::network, &NetworkConfig::per_execution_release_after>(
          {.path = "spec.network.per_execution_release_after",
           .type = P::kDuration,
           .min = 0,
           .max = 30 * kDay,
           .help = "per-execution: an ENI with no environment is deleted after this long.",
           .source = kModel}),
      field<&C::network, &NetworkConfig::per_execution_eni_packing>(
          {.path = "spec.network.per_execution_eni_packing",
           .type = P::kEnum,
           .help = "per-execution: memory: an ENI carries 3 GB of environments' memory, so a "
                   "function needs ceil(concurrency x memory / 3 GB) ENIs per subnet (AWS's "
                   "formula; an environment above 3 GB takes a whole ENI); whole_environments: "
                   "floor(3 GB / memory) whole environments per ENI (at least 1).",
           .source = "docs/aws-facts.md#eni-legacy-sizing (ENIs ~ peak concurrent executions x "
                     "memory GB / 3 GB); whole-environment packing is a model option"}),
      field<&C::network, &NetworkConfig::cross_az_latency>(
          {.path = "spec.network.cross_az_latency",
           .type = P::kDuration,
           .min = 0,
           .max = 1,
           .help = "Latency added to a call that crosses AZs (AZs are single-digit ms apart).",
           .source = "docs/aws-facts.md#az-distance (single-digit ms between them); the figure is "
                     "a parameter"}),
      {.path = "spec.network.vpcs",
       .type = P::kNamedMap,
       .default_text = "{} (none)",
       .help = "The VPCs, by name.",
       .source = kTopology,
       .entry_noun = "VPC"},
      element<&C::vpcs, &C::vpc>({.path = "spec.network.vpcs.<name>",
                                  .type = P::kSection,
                                  .help = "One VPC: subnets, NAT gateways, endpoints.",
                                  .source = kTopology}),
      {.path = "spec.network.vpcs.<name>.subnets",
       .type = P::kList,
       .required = true,
       .help = "Subnets of the VPC.",
       .source = kTopology,
       .min_entries = 1},
      element<&C::subnets, &C::item>({.path = "spec.network.vpcs.<name>.subnets[]",
                                      .type = P::kSection,
                                      .help = "One subnet.",
                                      .source = kTopology}),
      field<&C::subnet, &SubnetConfig::name>({.path = "spec.network.vpcs.<name>.subnets[].name",
                                              .type = P::kString,
                                              .required = true,
                                              .help = "Subnet name, unique in the VPC.",
                                              .source = kTopology}),
      field<&C::subnet, &SubnetConfig::az>({.path = "spec.network.vpcs.<name>.subnets[].az",
                                            .type = P::kString,
                                            .required = true,
                                            .help = "Availability zone id of the subnet.",
                                            .source = kTopology}),
      {.path = "spec.network.vpcs.<name>.subnets[].cidr",
       .type = P::kString,
       .required = true,
       .help = "IPv4 block, /16 to /28. Usable IPs: block size - 5 reserved by AWS - "
               "other_tenant_ips.",
       .source = "docs/aws-facts.md#subnet-reserved-addresses (AWS reserves 5)",
       .apply =
           [](C& c, const ParamSpec&, const V& v) {
             c.subnet().cidr = v.text;
             c.subnet().prefix_length = prefix_of(v.text);
           }},
      {.path = "spec.network.vpcs.<name>.subnets[].route",
       .type = P::kString,
       .default_text = "(none: no internet route)",
       .help = "NAT gateway (of this VPC) of the subnet's default route; omit it (or `none`) for "
               "an isolated subnet.",
       .source = kTopology,
       .apply = [](C& c, const ParamSpec&,
                   const V& v) { c.subnet().route_nat = v.text == "none" ? "" : v.text; }},
      field<&C::subnet, &SubnetConfig::other_tenant_ips>(
          {.path = "spec.network.vpcs.<name>.subnets[].other_tenant_ips",
           .type = P::kInt,
           .min = 0,
           .max = 1 << 16,
           .help = "IPs of the subnet held by others (EC2, RDS, other ENIs).",
           .source = kTopology}),
      {.path = "spec.network.vpcs.<name>.nat_gateways",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "NAT gateways of the VPC.",
       .source = kTopology},
      element<&C::nats, &C::item>({.path = "spec.network.vpcs.<name>.nat_gateways[]",
                                   .type = P::kSection,
                                   .help = "One NAT gateway.",
                                   .source = kTopology}),
      field<&C::nat, &NatGatewayConfig::name>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].name",
           .type = P::kString,
           .required = true,
           .help = "NAT name, unique in the VPC.",
           .source = kTopology}),
      field<&C::nat, &NatGatewayConfig::az>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].az",
           .type = P::kString,
           .required = true,
           .help = "AZ of a zonal NAT: if it is lost, every subnet routed to the NAT loses egress.",
           .source = "docs/aws-facts.md#nat-zonality"}),
      field<&C::nat, &NatGatewayConfig::regional>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].regional",
           .type = P::kBool,
           .help =
               "Regional NAT mode (since 19 Nov 2025): survives the loss of one AZ, no cross-AZ "
               "hop.",
           .source = "docs/aws-facts.md#nat-zonality (regional NAT mode)"}),
      field<&C::nat, &NatGatewayConfig::ips>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].ips",
           .type = P::kInt,
           .min = 1,
           .max = 8,
           .help = "Elastic IPs of the NAT; each allows connections_per_ip per destination.",
           .source = "docs/aws-facts.md#nat-connections (1-8 IPs, 2 EIPs by default)"}),
      field<&C::nat, &NatGatewayConfig::connections_per_ip>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].connections_per_ip",
           .type = P::kInt,
           .min = 1,
           .max = 1e6,
           .help = "Simultaneous connections per IP per unique destination; ErrorPortAllocation "
                   "past that.",
           .source = "docs/aws-facts.md#nat-connections (55,000)"}),
      field<&C::nat, &NatGatewayConfig::bandwidth_gbps, FieldUnit::kGbps>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].bandwidth",
           .type = P::kBandwidth,
           .min = 0,
           .max = 1e12,
           .min_exclusive = true,
           .help = "Starting bandwidth; traffic beyond it queues (delays calls).",
           .source = "docs/aws-facts.md#nat-bandwidth (5 Gbps, scales to 100 Gbps)"}),
      field<&C::nat, &NatGatewayConfig::max_bandwidth_gbps, FieldUnit::kGbps>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].max_bandwidth",
           .type = P::kBandwidth,
           .min = 0,
           .max = 1e12,
           .min_exclusive = true,
           .help = "Bandwidth the NAT scales up to.",
           .source = "docs/aws-facts.md#nat-bandwidth (5 Gbps, scales to 100 Gbps)"}),
      field<&C::nat, &NatGatewayConfig::bandwidth_scale_interval>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].bandwidth_scale_interval",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .min_exclusive = true,
           .help = "Bandwidth doubles after each interval in which the NAT was saturated.",
           .source = "docs/aws-facts.md#nat-bandwidth (how fast it scales is not documented: model "
                     "parameter)"}),
      field<&C::nat, &NatGatewayConfig::idle_timeout>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].idle_timeout",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .help = "Idle connection time-out, then RST: a call's connection held longer is dropped "
                   "at it, and so are an idle environment's pooled connections (reopened on next "
                   "use).",
           .source = "docs/aws-facts.md#nat-idle-timeout (350 s)"}),
      field<&C::nat, &NatGatewayConfig::added_latency>(
          {.path = "spec.network.vpcs.<name>.nat_gateways[].latency",
           .type = P::kDuration,
           .min = 0,
           .max = 1,
           .help = "Latency the NAT adds to each call.",
           .source = "docs/aws-facts.md#nat-latency (not documented: model parameter)"}),
      {.path = "spec.network.vpcs.<name>.interface_endpoints",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "Interface endpoints (PrivateLink) of the VPC. `lambda` carries invocations from "
               "clients in the VPC into Lambda.",
       .source =
           "docs/aws-facts.md#interface-endpoint; docs/aws-facts.md#lambda-interface-endpoint"},
      element<&C::endpoints, &C::item>({.path = "spec.network.vpcs.<name>.interface_endpoints[]",
                                        .type = P::kSection,
                                        .help = "One interface endpoint.",
                                        .source = kTopology}),
      field<&C::endpoint, &InterfaceEndpointConfig::name>(
          {.path = "spec.network.vpcs.<name>.interface_endpoints[].name",
           .type = P::kString,
           .required = true,
           .help = "Endpoint name, unique in the VPC.",
           .source = kTopology}),
      field<&C::endpoint, &InterfaceEndpointConfig::service>(
          {.path = "spec.network.vpcs.<name>.interface_endpoints[].service",
           .type = P::kString,
           .required = true,
           .help = "AWS service: s3, dynamodb, sqs, sts, lambda, ...",
           .source = kTopology}),
      field<&C::endpoint, &InterfaceEndpointConfig::subnets>(
          {.path = "spec.network.vpcs.<name>.interface_endpoints[].subnets",
           .type = P::kStringList,
           .required = true,
           .help = "Subnets with an endpoint ENI, at most one per AZ.",
           .source = "docs/aws-facts.md#interface-endpoint (one ENI per subnet, one subnet per AZ)",
           .min_entries = 1}),
      field<&C::endpoint, &InterfaceEndpointConfig::bandwidth_gbps, FieldUnit::kGbps>(
          {.path = "spec.network.vpcs.<name>.interface_endpoints[].bandwidth",
           .type = P::kBandwidth,
           .min = 0,
           .max = 1e12,
           .min_exclusive = true,
           .help = "Bandwidth per AZ at the start.",
           .source = "docs/aws-facts.md#interface-endpoint (10 Gbps per AZ, scaling to 100 Gbps)"}),
      field<&C::endpoint, &InterfaceEndpointConfig::max_bandwidth_gbps, FieldUnit::kGbps>(
          {.path = "spec.network.vpcs.<name>.interface_endpoints[].max_bandwidth",
           .type = P::kBandwidth,
           .min = 0,
           .max = 1e12,
           .min_exclusive = true,
           .help = "Bandwidth per AZ it scales up to.",
           .source = "docs/aws-facts.md#interface-endpoint (10 Gbps per AZ, scaling to 100 Gbps)"}),
      field<&C::vpc_cfg, &VpcConfig::gateway_endpoints>(
          {.path = "spec.network.vpcs.<name>.gateway_endpoints",
           .type = P::kStringList,
           .default_text = "[] (none)",
           .help = "Gateway endpoints (s3, dynamodb): free, preferred over interface endpoints and "
                   "NAT.",
           .source = "docs/aws-facts.md#price-gateway-endpoint (S3, DynamoDB) free"}),

      // ---- targets --------------------------------------------------------
      {.path = "spec.targets",
       .type = P::kNamedMap,
       .default_text = "{} (none)",
       .help = "What functions call, by name.",
       .source = kWorkload,
       .entry_noun = "target"},
      element<&C::targets, &C::target>({.path = "spec.targets.<name>",
                                        .type = P::kSection,
                                        .help = "One target; `kind` says which keys apply.",
                                        .source = kWorkload,
                                        .discriminator = "kind"}),
      field<&C::tgt, &TargetConfig::kind>(
          {.path = "spec.targets.<name>.kind",
           .type = P::kEnum,
           .required = true,
           .help = "internet: a public API; aws: an AWS service; private: a resource in a VPC "
                   "(reachable only from that VPC).",
           .source = kWorkload}),
      field<&C::tgt, &TargetConfig::service>(
          {.path = "spec.targets.<name>.service",
           .type = P::kString,
           .help = "aws: the service (s3, dynamodb, sqs, sts, lambda, ...), matched against "
                   "gateway and interface endpoints.",
           .source = kWorkload,
           .only_for = {"aws"},
           .required_for = {"aws"}}),
      field<&C::tgt, &TargetConfig::vpc>({.path = "spec.targets.<name>.vpc",
                                          .type = P::kString,
                                          .help = "private: the VPC the resource lives in.",
                                          .source = kWorkload,
                                          .only_for = {"private"},
                                          .required_for = {"private"},
                                          .ref_target = "spec.network.vpcs"}),
      field<&C::tgt, &TargetConfig::az>(
          {.path = "spec.targets.<name>.az",
           .type = P::kString,
           .default_text = "(any)",
           .help = "private: the resource's AZ (calls from other AZs cross AZs; lost with the AZ).",
           .source = kWorkload,
           .only_for = {"private"}}),
      field<&C::tgt, &TargetConfig::max_connections>(
          {.path = "spec.targets.<name>.max_connections",
           .type = P::kInt,
           .default_text = "0 (unlimited)",
           .min = 0,
           .max = 1e7,
           .help = "private: connections the resource accepts (e.g. a database's max_connections); "
                   "it refuses past that.",
           .source = kWorkload,
           .only_for = {"private"}}),
      field<&C::tgt, &TargetConfig::latency>(
          {.path = "spec.targets.<name>.latency",
           .type = P::kDistribution,
           .min = 0,
           .max = 900,
           .help = "Latency of one call, before network effects (NAT, cross-AZ, queueing).",
           .source = kWorkload}),
  };
}

std::vector<ParamSpec> function_network_rows() {
  return {
      field<&C::fn, &FunctionConfig::deployed_at>(
          {.path = "spec.functions.<name>.deployed_at",
           .type = P::kDuration,
           .default_text = "(deployed and Active before the run)",
           .min = 0,
           .max = 3650 * kDay,
           .help = "Deployment time. A VPC function is Pending until its Hyperplane ENIs exist "
                   "(ResourceConflictException meanwhile); before it, calls fail the same way.",
           .source = "docs/aws-facts.md#hyperplane-eni-creation (function Pending)"}),
      optional_section<&C::fn, &FunctionConfig::vpc>(
          {.path = "spec.functions.<name>.vpc",
           .type = P::kSection,
           .default_text = "(none: the Lambda service VPC)",
           .help = "VPC attachment. `none` (useful in variants) means the Lambda service VPC.",
           .source = "docs/aws-facts.md#vpc-config-limits",
           .allow_none = true}),
      field<&C::fn_vpc, &FunctionVpcConfig::vpc>({.path = "spec.functions.<name>.vpc.vpc",
                                                  .type = P::kString,
                                                  .required = true,
                                                  .help = "The VPC.",
                                                  .source = "docs/aws-facts.md#vpc-config-limits",
                                                  .ref_target = "spec.network.vpcs"}),
      field<&C::fn_vpc, &FunctionVpcConfig::subnets>(
          {.path = "spec.functions.<name>.vpc.subnets",
           .type = P::kStringList,
           .required = true,
           .help = "Subnets of that VPC (at most 16; AWS recommends at least two AZs).",
           .source = "docs/aws-facts.md#vpc-config-limits (at most 16 subnets); "
                     "docs/aws-facts.md#az-guidance (2 AZs)",
           .min_entries = 1}),
      field<&C::fn_vpc, &FunctionVpcConfig::security_groups>(
          {.path = "spec.functions.<name>.vpc.security_groups",
           .type = P::kStringList,
           .required = true,
           .help = "Security groups (at most 5); with each subnet they key a Hyperplane ENI.",
           .source = "docs/aws-facts.md#vpc-config-limits (at most 5 security groups); "
                     "docs/aws-facts.md#hyperplane-eni-key",
           .min_entries = 1}),
      {.path = "spec.functions.<name>.calls",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "Calls every invocation makes, in order, before its own run time.",
       .source = kWorkload},
      element<&C::calls, &C::call>({.path = "spec.functions.<name>.calls[]",
                                    .type = P::kSection,
                                    .help = "One call.",
                                    .source = kWorkload}),
      field<&C::call_cfg, &CallConfig::target>({.path = "spec.functions.<name>.calls[].target",
                                                .type = P::kString,
                                                .required = true,
                                                .help = "The target called.",
                                                .source = kWorkload,
                                                .ref_target = "spec.targets"}),
      field<&C::call_cfg, &CallConfig::connection>(
          {.path = "spec.functions.<name>.calls[].connection",
           .type = P::kEnum,
           .help = "new: a connection per invocation; pooled: one per execution environment, kept "
                   "while it lives.",
           .source = kWorkload}),
      field<&C::call_cfg, &CallConfig::bytes_out>(
          {.path = "spec.functions.<name>.calls[].bytes_out",
           .type = P::kSize,
           .min = 0,
           .max = 1e12,
           .help = "Bytes sent per call (NAT and endpoint GB, cross-AZ GB).",
           .source = kWorkload}),
      field<&C::call_cfg, &CallConfig::bytes_in>({.path = "spec.functions.<name>.calls[].bytes_in",
                                                  .type = P::kSize,
                                                  .min = 0,
                                                  .max = 1e12,
                                                  .help = "Bytes received per call.",
                                                  .source = kWorkload}),
      field<&C::call_cfg, &CallConfig::hold>(
          {.path = "spec.functions.<name>.calls[].hold",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .help = "new connections: how long the connection stays open after the invocation; "
                   "through a NAT it is dropped at the NAT's idle timeout (350 s), so a connection "
                   "never closed holds its port that long.",
           .source = "docs/aws-facts.md#nat-idle-timeout (350 s)"}),
      field<&C::call_cfg, &CallConfig::connect_timeout>(
          {.path = "spec.functions.<name>.calls[].connect_timeout",
           .type = P::kDuration,
           .default_text = "(the function's timeout)",
           .min = 0,
           .max = 900,
           .min_exclusive = true,
           .help = "How long an unreachable call hangs (packets are dropped: nothing fails fast).",
           .source = kWorkload}),
  };
}

std::vector<ParamSpec> arrival_source_rows() {
  return {
      optional_section<&C::arr, &ArrivalConfig::source>(
          {.path = "spec.functions.<name>.arrivals[].source",
           .type = P::kSection,
           .default_text = "(a client on the internet that does not retry)",
           .help = "The caller. With `vpc` and `subnet`, a client inside a VPC: its invocations "
                   "reach Lambda through the VPC's `lambda` interface endpoint, else through its "
                   "subnet's NAT, else not at all. Without them, a client on the internet. "
                   "`retries`: its SDK's.",
           .source = "docs/aws-facts.md#lambda-interface-endpoint"}),
      field<&C::source, &InvocationSourceConfig::vpc>(
          {.path = "spec.functions.<name>.arrivals[].source.vpc",
           .type = P::kString,
           .default_text = "(none: on the internet)",
           .help = "The client's VPC (with `subnet`).",
           .source = kWorkload,
           .ref_target = "spec.network.vpcs"}),
      field<&C::source, &InvocationSourceConfig::subnet>(
          {.path = "spec.functions.<name>.arrivals[].source.subnet",
           .type = P::kString,
           .default_text = "(none: on the internet)",
           .help = "The client's subnet in that VPC (with `vpc`).",
           .source = kWorkload}),
      field<&C::source, &InvocationSourceConfig::payload_bytes>(
          {.path = "spec.functions.<name>.arrivals[].source.payload",
           .type = P::kSize,
           .min = 0,
           .max = 6 * 1024 * 1024,
           .help = "Request payload per invocation (at most 6 MiB, Lambda's sync payload limit).",
           .source = kWorkload}),
      field<&C::source, &InvocationSourceConfig::response_bytes>(
          {.path = "spec.functions.<name>.arrivals[].source.response",
           .type = P::kSize,
           .min = 0,
           .max = 6 * 1024 * 1024,
           .help = "Response payload per invocation.",
           .source = kWorkload}),
      field<&C::source, &InvocationSourceConfig::connection_hold>(
          {.path = "spec.functions.<name>.arrivals[].source.connection_hold",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .help =
               "Through a NAT: how long each request's connection (a NAT port to the Lambda API) "
               "stays open from the request; 0 = a keep-alive pool, no port per request. The NAT "
               "drops it after its idle timeout (350 s).",
           .source =
               "docs/aws-facts.md#nat-connections (55,000 per IP per destination), "
               "docs/aws-facts.md#nat-idle-timeout (350 s); the client's behaviour is workload"}),
      {.path = "spec.functions.<name>.arrivals[].source.retries",
       .type = P::kSection,
       .default_text = "(mode none: no retries)",
       .help = "How the caller's AWS SDK retries a refused attempt: throttles (429), 5xx answers "
               "and connection errors, never a function error or timeout (a 200 with "
               "X-Amz-Function-Error). A retry is a new attempt of the same invocation type "
               "after uniform(0, min(cap, base x 2^(retries so far))) (full jitter); Lambda "
               "counts every attempt. Counted as `client_retries` and `client_give_ups`. The "
               "SDK's retry quota (token bucket per client) is not modelled.",
       .source = "docs/aws-facts.md#sdk-retries-standard; docs/aws-facts.md#sdk-retries-legacy"},
      field<&source_retries, &ClientRetryConfig::mode>(
          {.path = "spec.functions.<name>.arrivals[].source.retries.mode",
           .type = P::kEnum,
           .help = "none: every attempt is final. standard: the AWS SDKs' standard mode (3 "
                   "attempts, base 100 ms, cap 20 s). legacy: the pre-standard mode of Java SDK "
                   "v1 and JavaScript SDK v2 (4 attempts, base 100 ms, cap 20 s). custom: "
                   "standard's back-off with your own numbers. The numbers below override any "
                   "mode's but none's.",
           .source =
               "docs/aws-facts.md#sdk-retries-standard; docs/aws-facts.md#sdk-retries-legacy"}),
      field<&source_retries, &ClientRetryConfig::max_attempts>(
          {.path = "spec.functions.<name>.arrivals[].source.retries.max_attempts",
           .type = P::kInt,
           .default_text = "(the mode's: standard 3, legacy 4, custom 3)",
           .min = 1,
           .max = 100,
           .help = "Attempts in all, the first included (the SDKs' `max_attempts`).",
           .source = "docs/aws-facts.md#sdk-retries-standard (3); "
                     "docs/aws-facts.md#sdk-retries-legacy (per SDK)"}),
      field<&source_retries, &ClientRetryConfig::base>(
          {.path = "spec.functions.<name>.arrivals[].source.retries.base",
           .type = P::kDuration,
           .default_text = "(the mode's: 100ms)",
           .min = 0,
           .max = 3600,
           .help = "Back-off base: the first retry waits up to this, each later one up to twice "
                   "the previous bound. The JavaScript SDK v3 uses 500 ms for throttles: set it "
                   "for a throttle-bound workload.",
           .source = "docs/aws-facts.md#sdk-retries-standard (JavaScript SDK v3, Java SDK v2)"}),
      field<&source_retries, &ClientRetryConfig::cap>(
          {.path = "spec.functions.<name>.arrivals[].source.retries.cap",
           .type = P::kDuration,
           .default_text = "(the mode's: 20s)",
           .min = 0,
           .max = 3600,
           .help = "Longest back-off bound (the SDKs' maximum backoff).",
           .source = "docs/aws-facts.md#sdk-retries-standard (20 s)"}),
  };
}

std::vector<ParamSpec> fault_rows() {
  return {
      field<&C::faults, &FaultsConfig::detection_delay>(
          {.path = "spec.account.az_detection_delay",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .help =
               "After an AZ fails, Lambda keeps placing there (and those placements fail) until "
               "this has passed.",
           .source = "docs/aws-facts.md#az-recovery (\"a few minutes\"; the "
                     "delay itself is not documented: model parameter)"}),
      {.path = "spec.faults",
       .type = P::kList,
       .default_text = "[] (none)",
       .help = "A timeline of faults; `kind` says which keys apply.",
       .source = kFaults},
      element<&C::timeline, &C::fault>({.path = "spec.faults[]",
                                        .type = P::kSection,
                                        .help = "One fault.",
                                        .source = kFaults,
                                        .discriminator = "kind"}),
      fault_kind_row(
          {.path = "spec.faults[].kind", .type = P::kEnum, .required = true, .source = kFaults}),
      field<&C::flt, &FaultConfig::at>({.path = "spec.faults[].at",
                                        .type = P::kDuration,
                                        .min = 0,
                                        .max = 3650 * kDay,
                                        .required = true,
                                        .help = "Start of the fault.",
                                        .source = kFaults}),
      field<&C::flt, &FaultConfig::duration>({.path = "spec.faults[].for",
                                              .type = P::kDuration,
                                              .default_text = "(open-ended)",
                                              .min = 0,
                                              .max = 3650 * kDay,
                                              .min_exclusive = true,
                                              .help = "Length of the fault.",
                                              .source = kFaults}),
      fault_key(FaultKey::kAz, field<&C::flt, &FaultConfig::az>({.path = "spec.faults[].az",
                                                                 .type = P::kString,
                                                                 .help = "az_outage: the AZ lost.",
                                                                 .source = kFaults})),
      fault_key(FaultKey::kVpc,
                field<&C::flt, &FaultConfig::vpc>(
                    {.path = "spec.faults[].vpc",
                     .type = P::kString,
                     .help = "nat_failure, endpoint_failure: the VPC of the resource.",
                     .source = kFaults,
                     .ref_target = "spec.network.vpcs"})),
      fault_key(FaultKey::kNat,
                field<&C::flt, &FaultConfig::resource>({.path = "spec.faults[].nat",
                                                        .type = P::kString,
                                                        .help = "nat_failure: the NAT gateway.",
                                                        .source = kFaults})),
      fault_key(FaultKey::kEndpoint, field<&C::flt, &FaultConfig::resource>(
                                         {.path = "spec.faults[].endpoint",
                                          .type = P::kString,
                                          .help = "endpoint_failure: the interface endpoint.",
                                          .source = kFaults})),
      fault_key(FaultKey::kTarget,
                field<&C::flt, &FaultConfig::target>({.path = "spec.faults[].target",
                                                      .type = P::kString,
                                                      .help = "latency, target_outage: the target.",
                                                      .source = kFaults,
                                                      .ref_target = "spec.targets"})),
      fault_key(
          FaultKey::kSeverity,
          field<&C::flt, &FaultConfig::severity>(
              {.path = "spec.faults[].severity",
               .type = P::kFraction,
               .min = 0,
               .max = 1,
               .min_exclusive = true,
               .help =
                   "Fraction of placements and invocations (az_outage), ENI creations "
                   "(eni_creation_failure) or calls (target_outage) that fail; 1 = all. A partial "
                   "AZ impairment is never taken out of placement.",
               .source = kFaults})),
      fault_key(
          FaultKey::kFactor,
          field<&C::flt, &FaultConfig::severity>(
              {.path = "spec.faults[].factor",
               .type = P::kNumber,
               .min = 1,
               .max = 1e6,
               .help =
                   "eni_api_throttle: the ENI API rate is divided and ENI creation time multiplied "
                   "by this.",
               .source = kFaults})),
      fault_key(FaultKey::kExtra,
                field<&C::flt, &FaultConfig::extra_latency>(
                    {.path = "spec.faults[].extra",
                     .type = P::kDuration,
                     .min = 0,
                     .max = 900,
                     .help = "latency: latency added to every call to the target.",
                     .source = kFaults})),
      fault_key(
          FaultKey::kMode,
          field<&C::flt, &FaultConfig::mode>(
              {.path = "spec.faults[].mode",
               .type = P::kEnum,
               .help =
                   "target_outage: refuse (calls fail at once) or timeout (calls hang until the "
                   "function times out).",
               .source = kFaults})),
  };
}

}  // namespace lambdasim
