// The fault kinds as one table: for each FaultKind its scenario name, help,
// the keys a `spec.faults[]` item of that kind takes, its default severity and
// what it is counted against in reports. The scenario rows, the loader's
// checks and fault_subject() are all generated from it; adding a kind is a
// row here (plus what it does to the network state, in the network model).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lambdasim/model/fault_config.hpp"

namespace lambdasim {

// The keys of a fault item besides kind, at and for, as bits.
enum class FaultKey : std::uint16_t {
  kAz = 1 << 0,        // az: an AZ id
  kVpc = 1 << 1,       // vpc: the VPC of a resource
  kNat = 1 << 2,       // nat: a NAT gateway of that VPC -> FaultConfig::resource
  kEndpoint = 1 << 3,  // endpoint: an interface endpoint of that VPC -> resource
  kTarget = 1 << 4,    // target: a target name
  kSeverity = 1 << 5,  // severity: fraction that fails
  kFactor = 1 << 6,    // factor: slow-down factor -> FaultConfig::severity
  kExtra = 1 << 7,     // extra: added latency
  kMode = 1 << 8,      // mode: refuse | timeout
};
inline constexpr FaultKey kAllFaultKeys[] = {
    FaultKey::kAz,       FaultKey::kVpc,    FaultKey::kNat,
    FaultKey::kEndpoint, FaultKey::kTarget, FaultKey::kSeverity,
    FaultKey::kFactor,   FaultKey::kExtra,  FaultKey::kMode};

using FaultKeys = std::uint16_t;  // a set of FaultKey bits
constexpr FaultKeys operator|(FaultKey a, FaultKey b) {
  return static_cast<FaultKeys>(static_cast<FaultKeys>(a) | static_cast<FaultKeys>(b));
}
constexpr FaultKeys operator|(FaultKeys a, FaultKey b) {
  return static_cast<FaultKeys>(a | static_cast<FaultKeys>(b));
}
constexpr bool has_key(FaultKeys set, FaultKey k) {
  return (set & static_cast<FaultKeys>(k)) != 0;
}
// The scenario key: "az", "vpc", "nat", ...
std::string_view fault_key_name(FaultKey k);

// What a fault is counted against in reports (summary.json `faults[].subject`).
enum class FaultSubject {
  kNone,         // account-wide (the EC2 ENI API)
  kAz,           // FaultConfig::az
  kVpcResource,  // "vpc/resource"
  kTarget,       // FaultConfig::target
};

struct FaultKindSpec {
  FaultKind kind;
  std::string_view name;  // the scenario's `kind`
  // What it does, for the `kind` row's help; kinds in a row with the same
  // text are listed together ("nat_failure, endpoint_failure: ...").
  std::string_view help;
  FaultKeys required = 0;  // keys an item of this kind must have
  FaultKeys optional = 0;  // keys it may have
  FaultSubject subject = FaultSubject::kNone;
  // FaultConfig::severity when the item does not set it (severity or factor).
  double default_severity = 1;
  // The AWS behaviour the kind stands for: "docs/aws-facts.md#<id> ...", or
  // "... (not an AWS fact)" for faults of the user's own targets.
  std::string_view source;
};

// Every kind, in FaultKind order.
std::span<const FaultKindSpec> fault_kind_specs();
const FaultKindSpec& fault_kind_spec(FaultKind k);
// nullopt for a name no kind has: never a silent default.
std::optional<FaultKind> fault_kind_from_name(std::string_view name);
// What the fault hits, for reports: the AZ, "vpc/resource", the target, or "".
std::string fault_subject(const FaultConfig& f);

}  // namespace lambdasim
