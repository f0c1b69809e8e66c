#include "lambdasim/model/fault_kinds.hpp"

#include <stdexcept>

namespace lambdasim {
namespace {

using K = FaultKey;

constexpr FaultKindSpec kSpecs[] = {
    {.kind = FaultKind::kAzOutage,
     .name = "az_outage",
     .help = "an AZ lost (its environments, ENIs, NATs, endpoint ENIs)",
     .required = static_cast<FaultKeys>(K::kAz),
     .optional = static_cast<FaultKeys>(K::kSeverity),
     .subject = FaultSubject::kAz,
     .source = "docs/aws-facts.md#az-in-flight; docs/aws-facts.md#az-recovery; "
               "docs/aws-facts.md#nat-zonality"},
    {.kind = FaultKind::kNatFailure,
     .name = "nat_failure",
     .help = "one resource down",
     .required = K::kVpc | K::kNat,
     .subject = FaultSubject::kVpcResource,
     .source = "docs/aws-facts.md#nat-zonality"},
    {.kind = FaultKind::kEndpointFailure,
     .name = "endpoint_failure",
     .help = "one resource down",
     .required = K::kVpc | K::kEndpoint,
     .subject = FaultSubject::kVpcResource,
     .source = "docs/aws-facts.md#interface-endpoint"},
    {.kind = FaultKind::kEniCreationFailure,
     .name = "eni_creation_failure",
     .help = "EC2 refuses ENIs",
     .optional = static_cast<FaultKeys>(K::kSeverity),
     .source = "docs/aws-facts.md#error-ec2-unexpected"},
    {.kind = FaultKind::kEniApiThrottle,
     .name = "eni_api_throttle",
     .help = "the ENI API slowed by `factor`",
     .optional = static_cast<FaultKeys>(K::kFactor),
     .default_severity = 10,
     .source = "docs/aws-facts.md#eni-api-throttling"},
    {.kind = FaultKind::kLatency,
     .name = "latency",
     .help = "extra latency on a target",
     .required = K::kTarget | K::kExtra,
     .subject = FaultSubject::kTarget,
     .source = "a target of the user's (not an AWS fact)"},
    {.kind = FaultKind::kTargetOutage,
     .name = "target_outage",
     .help = "a target refusing or timing out",
     .required = static_cast<FaultKeys>(K::kTarget),
     .optional = K::kSeverity | K::kMode,
     .subject = FaultSubject::kTarget,
     .source = "a target of the user's (not an AWS fact)"},
};

}  // namespace

std::string_view fault_key_name(FaultKey k) {
  switch (k) {
    case FaultKey::kAz:
      return "az";
    case FaultKey::kVpc:
      return "vpc";
    case FaultKey::kNat:
      return "nat";
    case FaultKey::kEndpoint:
      return "endpoint";
    case FaultKey::kTarget:
      return "target";
    case FaultKey::kSeverity:
      return "severity";
    case FaultKey::kFactor:
      return "factor";
    case FaultKey::kExtra:
      return "extra";
    case FaultKey::kMode:
      return "mode";
  }
  return "?";
}

std::span<const FaultKindSpec> fault_kind_specs() {
  return kSpecs;
}

const FaultKindSpec& fault_kind_spec(FaultKind k) {
  for (const FaultKindSpec& s : kSpecs) {
    if (s.kind == k) return s;
  }
  throw std::logic_error("fault kind missing from fault_kinds.cpp");
}

std::optional<FaultKind> fault_kind_from_name(std::string_view name) {
  for (const FaultKindSpec& s : kSpecs) {
    if (s.name == name) return s.kind;
  }
  return std::nullopt;
}

std::string_view fault_kind_name(FaultKind k) {
  return fault_kind_spec(k).name;
}

std::string fault_subject(const FaultConfig& f) {
  switch (fault_kind_spec(f.kind).subject) {
    case FaultSubject::kAz:
      return f.az;
    case FaultSubject::kVpcResource:
      return f.vpc.empty() ? f.resource : f.vpc + "/" + f.resource;
    case FaultSubject::kTarget:
      return f.target;
    case FaultSubject::kNone:
      break;
  }
  return {};
}

}  // namespace lambdasim
