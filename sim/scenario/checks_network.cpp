// Cross-reference checks of VPC networking and faults: names that must exist
// (subnets of a VPC, NATs of a route, endpoint subnets, fault resources), AWS
// limits that span keys (16 subnets, 5 security groups, one endpoint subnet
// per AZ) and CIDR blocks. Run once the whole file is read, so every error is
// reported at its key, and the model never sees a dangling name.
#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "lambdasim/model/fault_kinds.hpp"
#include "scenario/checks.hpp"

namespace lambdasim {
namespace {

std::string names_of(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// "a.b.c.d/n" with octets <= 255 and n in [16, 28] (VPC user guide).
bool valid_cidr(const std::string& cidr) {
  const auto slash = cidr.find('/');
  if (slash == std::string::npos) return false;
  int octets = 0;
  std::size_t pos = 0;
  while (pos <= slash) {
    const std::size_t end = std::min(cidr.find('.', pos), slash);
    int v = -1;
    auto [p, ec] = std::from_chars(cidr.data() + pos, cidr.data() + end, v);
    if (ec != std::errc{} || p != cidr.data() + end || v < 0 || v > 255 || end == pos) return false;
    ++octets;
    pos = end + 1;
    if (end == slash) break;
  }
  int prefix = -1;
  auto [p, ec] = std::from_chars(cidr.data() + slash + 1, cidr.data() + cidr.size(), prefix);
  return octets == 4 && ec == std::errc{} && p == cidr.data() + cidr.size() && prefix >= 16 &&
         prefix <= 28;
}

const VpcConfig* find_vpc(const Scenario& s, const std::string& name) {
  for (const VpcConfig& v : s.model.network.vpcs) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::vector<std::string> subnet_names(const VpcConfig& v) {
  std::vector<std::string> out;
  for (const SubnetConfig& s : v.subnets) out.push_back(s.name);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// NAT gateway names are unique in their VPC; returns them.
std::vector<std::string> check_nat_names(const VpcConfig& vpc, const std::string& base, Walker& w) {
  std::vector<std::string> nats;
  for (std::size_t i = 0; i < vpc.nat_gateways.size(); ++i) {
    const std::string path = fmt::format("{}.nat_gateways[{}].name", base, i);
    if (has(nats, vpc.nat_gateways[i].name) && !w.failed(path)) {
      w.error(w.location_of(path), path,
              fmt::format("duplicate NAT gateway name '{}'", vpc.nat_gateways[i].name));
    }
    nats.push_back(vpc.nat_gateways[i].name);
  }
  return nats;
}

// A subnet's CIDR and free IPs.
void check_subnet_addresses(const SubnetConfig& sub, const std::string& item, Walker& w) {
  if (!w.failed(item + ".cidr") && !valid_cidr(sub.cidr)) {
    w.error(w.location_of(item + ".cidr"), item + ".cidr",
            fmt::format("'{}' is not an IPv4 CIDR block from /16 to /28 (such as 10.0.1.0/24)",
                        sub.cidr));
  } else if (sub.usable_ips() == 0 && !w.failed(item + ".other_tenant_ips")) {
    w.warning(w.location_of(item + ".other_tenant_ips"), item + ".other_tenant_ips",
              fmt::format("subnet {} has no IP left for Lambda ({} reserved by AWS, {} held "
                          "by others)",
                          sub.name, 5, sub.other_tenant_ips));
  }
}

// One subnet: its address block, its route's NAT, its AZ.
void check_subnet(const Scenario& s, const VpcConfig& vpc, const SubnetConfig& sub,
                  const std::string& item, const std::vector<std::string>& nats, Walker& w) {
  check_subnet_addresses(sub, item, w);
  if (!sub.route_nat.empty() && !has(nats, sub.route_nat) && !w.failed(item + ".route")) {
    w.error(w.location_of(item + ".route"), item + ".route",
            fmt::format("no NAT gateway '{}' in VPC {} (NAT gateways: {})", sub.route_nat, vpc.name,
                        names_of(nats)));
  }
  const std::vector<std::string>& azs = s.model.account.azs;
  if (!azs.empty() && !has(azs, sub.az) && !w.failed(item + ".az")) {
    w.warning(w.location_of(item + ".az"), item + ".az",
              fmt::format("AZ {} is not in spec.account.azs ({})", sub.az, names_of(azs)));
  }
}

// An interface endpoint's subnets exist, at most one per AZ.
void check_endpoint_subnets(const VpcConfig& vpc, const InterfaceEndpointConfig& ep,
                            const std::string& path, Walker& w) {
  const std::vector<std::string> subnets = subnet_names(vpc);
  std::set<std::string> endpoint_azs;
  for (const std::string& name : ep.subnets) {
    const auto it = std::find(subnets.begin(), subnets.end(), name);
    if (it == subnets.end()) {
      w.error(
          w.location_of(path), path,
          fmt::format("no subnet '{}' in VPC {} (subnets: {})", name, vpc.name, names_of(subnets)));
      continue;
    }
    const std::string& az = vpc.subnets[static_cast<std::size_t>(it - subnets.begin())].az;
    if (!endpoint_azs.insert(az).second) {
      w.error(w.location_of(path), path,
              fmt::format("endpoint {} has two subnets in {}: at most one per AZ", ep.name, az));
    }
  }
}

void check_vpc(const Scenario& s, const VpcConfig& vpc, Walker& w) {
  const std::string base = "spec.network.vpcs." + vpc.name;
  const std::vector<std::string> nats = check_nat_names(vpc, base, w);
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < vpc.subnets.size(); ++i) {
    const SubnetConfig& sub = vpc.subnets[i];
    const std::string item = fmt::format("{}.subnets[{}]", base, i);
    if (w.failed(item)) continue;
    if (has(seen, sub.name)) {
      w.error(w.location_of(item + ".name"), item + ".name",
              fmt::format("duplicate subnet name '{}' in VPC {}", sub.name, vpc.name));
    }
    seen.push_back(sub.name);
    check_subnet(s, vpc, sub, item, nats, w);
  }
  for (std::size_t i = 0; i < vpc.interface_endpoints.size(); ++i) {
    const std::string path = fmt::format("{}.interface_endpoints[{}].subnets", base, i);
    if (!w.failed(path)) check_endpoint_subnets(vpc, vpc.interface_endpoints[i], path, w);
  }
  const std::string gateways = base + ".gateway_endpoints";
  for (const std::string& g : vpc.gateway_endpoints) {
    if (g != "s3" && g != "dynamodb" && !w.failed(gateways)) {
      w.error(w.location_of(gateways), gateways,
              fmt::format("'{}': gateway endpoints exist for s3 and dynamodb only", g));
    }
  }
}

// A function's VpcConfig: subnets of its VPC, at most 16 of them and 5 groups.
void check_function_vpc(const Scenario& s, const FunctionConfig& f, const std::string& base,
                        Walker& w) {
  const VpcConfig* vpc = find_vpc(s, f.vpc->vpc);
  const std::string subnets = base + ".vpc.subnets";
  if (vpc != nullptr && !w.failed(subnets)) {
    const std::vector<std::string> names = subnet_names(*vpc);
    for (const std::string& name : f.vpc->subnets) {
      if (!has(names, name)) {
        w.error(w.location_of(subnets), subnets,
                fmt::format("no subnet '{}' in VPC {} (subnets: {})", name, vpc->name,
                            names_of(names)));
      }
    }
    if (f.vpc->subnets.size() > 16) {
      w.error(w.location_of(subnets), subnets,
              fmt::format("{} subnets: a VpcConfig takes at most 16", f.vpc->subnets.size()));
    }
  }
  const std::string sgs = base + ".vpc.security_groups";
  if (f.vpc->security_groups.size() > 5 && !w.failed(sgs)) {
    w.error(w.location_of(sgs), sgs,
            fmt::format("{} security groups: a VpcConfig takes at most 5",
                        f.vpc->security_groups.size()));
  }
}

// Invocation sources inside a VPC name a subnet of it.
void check_sources(const Scenario& s, const FunctionConfig& f, const std::string& base, Walker& w) {
  for (std::size_t i = 0; i < f.arrivals.size(); ++i) {
    const auto& src = f.arrivals[i].source;
    const std::string path = fmt::format("{}.arrivals[{}].source.subnet", base, i);
    if (!src || w.failed(path)) continue;
    if (const VpcConfig* vpc = find_vpc(s, src->vpc)) {
      const std::vector<std::string> names = subnet_names(*vpc);
      if (!has(names, src->subnet)) {
        w.error(w.location_of(path), path,
                fmt::format("no subnet '{}' in VPC {} (subnets: {})", src->subnet, vpc->name,
                            names_of(names)));
      }
    }
  }
}

void check_function_network(const Scenario& s, const FunctionConfig& f, Walker& w) {
  const std::string base = "spec.functions." + f.name;
  if (f.vpc && !w.failed(base + ".vpc")) check_function_vpc(s, f, base, w);
  const std::string calls = base + ".calls";
  if (f.calls.size() > 64 && !w.failed(calls)) {
    // The model keeps an environment's pooled connections in a 64-bit set.
    w.error(w.location_of(calls), calls,
            fmt::format("{} calls: lambdasim models at most 64 per function", f.calls.size()));
  }
  check_sources(s, f, base, w);
}

// A fault's names must exist. Which keys a kind has comes from the
// fault-kind table, so a new kind taking `nat` (say) is checked like
// nat_failure.
void check_fault_names(const Scenario& s, const FaultConfig& f, const std::string& item,
                       const std::vector<std::string>& azs, Walker& w) {
  const FaultKindSpec& spec = fault_kind_spec(f.kind);
  auto check = [&](FaultKey key, const std::vector<std::string>& names, const std::string& value,
                   const std::string& message) {
    const std::string path = item + "." + std::string(fault_key_name(key));
    if (!has_key(spec.required | spec.optional, key) || w.failed(path) || has(names, value)) {
      return;
    }
    w.error(w.location_of(path), path, message);
  };
  check(FaultKey::kAz, azs, f.az, fmt::format("unknown AZ '{}' (AZs: {})", f.az, names_of(azs)));
  const VpcConfig* vpc = find_vpc(s, f.vpc);
  if (vpc == nullptr) return;  // an unknown vpc is reported as a reference
  std::vector<std::string> nats;
  for (const NatGatewayConfig& n : vpc->nat_gateways) nats.push_back(n.name);
  check(FaultKey::kNat, nats, f.resource,
        fmt::format("no NAT gateway '{}' in VPC {} (NAT gateways: {})", f.resource, vpc->name,
                    names_of(nats)));
  std::vector<std::string> eps;
  for (const InterfaceEndpointConfig& e : vpc->interface_endpoints) eps.push_back(e.name);
  check(FaultKey::kEndpoint, eps, f.resource,
        fmt::format("no interface endpoint '{}' in VPC {} (endpoints: {})", f.resource, vpc->name,
                    names_of(eps)));
}

void check_faults(const Scenario& s, Walker& w) {
  std::vector<std::string> azs = s.model.account.azs;
  for (const VpcConfig& v : s.model.network.vpcs) {
    for (const SubnetConfig& sub : v.subnets) {
      if (!has(azs, sub.az)) azs.push_back(sub.az);
    }
  }
  const auto& timeline = s.model.faults.timeline;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const FaultConfig& f = timeline[i];
    const std::string item = fmt::format("spec.faults[{}]", i);
    if (w.failed(item)) continue;
    check_fault_names(s, f, item, azs, w);
    if (f.at >= s.run.horizon && !w.failed(item + ".at")) {
      w.warning(w.location_of(item + ".at"), item + ".at",
                "starts at or after the horizon: it never happens");
    }
  }
}

}  // namespace

void check_network(const Scenario& s, Walker& w) {
  for (const VpcConfig& v : s.model.network.vpcs) check_vpc(s, v, w);
  for (const FunctionConfig& f : s.model.functions) check_function_network(s, f, w);
  check_faults(s, w);
}

}  // namespace lambdasim
