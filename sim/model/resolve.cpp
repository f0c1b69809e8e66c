#include "lambdasim/model/resolve.hpp"

#include <algorithm>
#include <stdexcept>

#include "lambdasim/model/routes.hpp"

namespace lambdasim {

namespace {

// AZ numbering: the account's AZs (one unnamed "az" when it lists none), then
// each other AZ in order of appearance (subnets, NATs, targets, faults).
class AzNames {
 public:
  explicit AzNames(const AccountConfig& account) : names_(account.azs) {
    if (names_.empty()) names_.emplace_back("az");
  }
  std::uint32_t index(const std::string& name) {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it != names_.end()) return static_cast<std::uint32_t>(it - names_.begin());
    names_.push_back(name);
    return static_cast<std::uint32_t>(names_.size() - 1);
  }

 private:
  std::vector<std::string> names_;
};

// Lookups return kNoIndex for an unknown name: the model treats those as
// it always did (no route, no effect); only a call's target and a function's
// VPC and subnets must exist (`required`).
std::uint32_t required(std::uint32_t index, const std::string& what, const std::string& name) {
  if (index == kNoIndex) {
    throw std::logic_error("resolve_names: unknown " + what + " '" + name + "'");
  }
  return index;
}

std::uint32_t vpc_named(const ModelConfig& config, const std::string& name) {
  const auto& vpcs = config.network.vpcs;
  for (std::uint32_t v = 0; v < vpcs.size(); ++v) {
    if (vpcs[v].name == name) return v;
  }
  return kNoIndex;
}

std::uint32_t subnet_named(const NetworkIndex& index, std::uint32_t vpc, const std::string& name) {
  for (std::uint32_t g = 0; g < index.subnet_count(); ++g) {
    if (index.subnet_vpc(g) == vpc && index.subnet(g).name == name) return g;
  }
  return kNoIndex;
}

std::uint32_t target_named(const ModelConfig& config, const std::string& name) {
  for (std::uint32_t t = 0; t < config.targets.size(); ++t) {
    if (config.targets[t].name == name) return t;
  }
  return kNoIndex;
}

// Global NAT (is_nat) or interface endpoint named `name` in `vpc`.
std::uint32_t resource_named(const NetworkIndex& index, std::uint32_t vpc, const std::string& name,
                             bool is_nat) {
  const std::size_t n = is_nat ? index.nat_count() : index.endpoint_count();
  for (std::uint32_t r = 0; r < n; ++r) {
    const bool in_vpc = (is_nat ? index.nat_vpc(r) : index.endpoint_vpc(r)) == vpc;
    if (in_vpc && (is_nat ? index.nat(r).name : index.endpoint(r).name) == name) return r;
  }
  return kNoIndex;
}

void resolve_vpcs(ModelConfig& config, const NetworkIndex& index, AzNames& azs) {
  auto& vpcs = config.network.vpcs;
  for (std::uint32_t v = 0; v < vpcs.size(); ++v) {
    for (SubnetConfig& s : vpcs[v].subnets) {
      s.az_index = azs.index(s.az);
      s.route_nat_index =
          s.route_nat.empty() ? kNoIndex : resource_named(index, v, s.route_nat, true);
    }
  }
  for (VpcConfig& vpc : vpcs) {
    for (NatGatewayConfig& nat : vpc.nat_gateways) nat.az_index = azs.index(nat.az);
  }
  for (std::uint32_t v = 0; v < vpcs.size(); ++v) {
    for (InterfaceEndpointConfig& ep : vpcs[v].interface_endpoints) {
      ep.subnet_indices.clear();
      for (const std::string& s : ep.subnets)
        ep.subnet_indices.push_back(subnet_named(index, v, s));
    }
  }
}

void resolve_functions(ModelConfig& config, const NetworkIndex& index) {
  for (FunctionConfig& f : config.functions) {
    for (CallConfig& call : f.calls) {
      call.target_index = required(target_named(config, call.target), "target", call.target);
    }
    if (f.vpc) {
      f.vpc->vpc_index = required(vpc_named(config, f.vpc->vpc), "VPC", f.vpc->vpc);
      f.vpc->subnet_indices.clear();
      for (const std::string& s : f.vpc->subnets) {
        f.vpc->subnet_indices.push_back(
            required(subnet_named(index, f.vpc->vpc_index, s), "subnet", s));
      }
    }
    for (ArrivalConfig& a : f.arrivals) {
      if (!a.source) continue;
      a.source->vpc_index = vpc_named(config, a.source->vpc);
      a.source->subnet_index = subnet_named(index, a.source->vpc_index, a.source->subnet);
    }
  }
}

void resolve_faults(ModelConfig& config, const NetworkIndex& index, AzNames& azs) {
  for (FaultConfig& fault : config.faults.timeline) {
    fault.az_index = fault.resource_index = fault.target_index = kNoIndex;
    switch (fault.kind) {
      case FaultKind::kAzOutage:
        fault.az_index = azs.index(fault.az);
        break;
      case FaultKind::kNatFailure:
      case FaultKind::kEndpointFailure:
        fault.resource_index = resource_named(index, vpc_named(config, fault.vpc), fault.resource,
                                              fault.kind == FaultKind::kNatFailure);
        break;
      case FaultKind::kLatency:
      case FaultKind::kTargetOutage:
        fault.target_index = target_named(config, fault.target);
        break;
      case FaultKind::kEniCreationFailure:
      case FaultKind::kEniApiThrottle:
        break;
    }
  }
}

bool unresolved(std::uint32_t index) {
  return index == kNoIndex;
}

}  // namespace

void resolve_names(ModelConfig& config) {
  const NetworkIndex index(config);
  AzNames azs(config.account);
  resolve_vpcs(config, index, azs);
  for (TargetConfig& t : config.targets) {
    t.vpc_index = t.kind == TargetKind::kPrivate ? vpc_named(config, t.vpc) : kNoIndex;
    t.az_index = t.az.empty() ? kNoIndex : azs.index(t.az);
  }
  resolve_functions(config, index);
  resolve_faults(config, index, azs);
}

void check_names_resolved(const ModelConfig& config) {
  bool ok = true;
  for (const VpcConfig& vpc : config.network.vpcs) {
    for (const SubnetConfig& s : vpc.subnets) {
      ok = ok && !unresolved(s.az_index);
    }
    for (const NatGatewayConfig& nat : vpc.nat_gateways) ok = ok && !unresolved(nat.az_index);
    for (const InterfaceEndpointConfig& ep : vpc.interface_endpoints) {
      ok = ok && ep.subnet_indices.size() == ep.subnets.size();
    }
  }
  for (const TargetConfig& t : config.targets) {
    ok = ok && t.az.empty() == unresolved(t.az_index);
  }
  for (const FunctionConfig& f : config.functions) {
    for (const CallConfig& call : f.calls) ok = ok && !unresolved(call.target_index);
    if (f.vpc)
      ok = ok && !unresolved(f.vpc->vpc_index) &&
           f.vpc->subnet_indices.size() == f.vpc->subnets.size();
  }
  for (const FaultConfig& fault : config.faults.timeline) {
    ok = ok && (fault.kind != FaultKind::kAzOutage || !unresolved(fault.az_index));
  }
  if (!ok) {
    throw std::logic_error(
        "ModelConfig has unresolved names: call resolve_names() (lambdasim/model/resolve.hpp) "
        "after building or changing a config by hand");
  }
}

std::uint32_t resolved_az_count(const ModelConfig& config) {
  std::uint32_t n =
      std::max<std::uint32_t>(1, static_cast<std::uint32_t>(config.account.azs.size()));
  auto see = [&n](std::uint32_t az) {
    if (az != kNoIndex) n = std::max(n, az + 1);
  };
  for (const VpcConfig& vpc : config.network.vpcs) {
    for (const SubnetConfig& s : vpc.subnets) see(s.az_index);
    for (const NatGatewayConfig& nat : vpc.nat_gateways) see(nat.az_index);
  }
  for (const TargetConfig& t : config.targets) see(t.az_index);
  for (const FaultConfig& fault : config.faults.timeline) see(fault.az_index);
  return n;
}

}  // namespace lambdasim
