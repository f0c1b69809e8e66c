#include "lambdasim/model/routes.hpp"

#include <fmt/format.h>

namespace lambdasim {

std::string_view route_kind_name(RouteKind k) {
  switch (k) {
    case RouteKind::kDirect:
      return "direct";
    case RouteKind::kNat:
      return "nat";
    case RouteKind::kGatewayEndpoint:
      return "gateway_endpoint";
    case RouteKind::kInterfaceEndpoint:
      return "interface_endpoint";
    case RouteKind::kPrivate:
      return "private";
    case RouteKind::kUnreachable:
      return "unreachable";
  }
  return "?";
}

NetworkIndex::NetworkIndex(const ModelConfig& config) : config_(config) {
  const auto& vpcs = config.network.vpcs;
  for (std::uint32_t v = 0; v < vpcs.size(); ++v) {
    subnet_base_.push_back(static_cast<std::uint32_t>(subnets_.size()));
    for (std::uint32_t s = 0; s < vpcs[v].subnets.size(); ++s) subnets_.push_back({v, s});
    for (std::uint32_t n = 0; n < vpcs[v].nat_gateways.size(); ++n) nats_.push_back({v, n});
    for (std::uint32_t e = 0; e < vpcs[v].interface_endpoints.size(); ++e) {
      endpoints_.push_back({v, e});
    }
  }
}

const SubnetConfig& NetworkIndex::subnet(std::uint32_t global) const {
  const SubnetRef& r = subnets_[global];
  return config_.network.vpcs[r.vpc].subnets[r.local];
}

const NatGatewayConfig& NetworkIndex::nat(std::uint32_t global) const {
  const SubnetRef& r = nats_[global];
  return config_.network.vpcs[r.vpc].nat_gateways[r.local];
}

const InterfaceEndpointConfig& NetworkIndex::endpoint(std::uint32_t global) const {
  const SubnetRef& r = endpoints_[global];
  return config_.network.vpcs[r.vpc].interface_endpoints[r.local];
}

namespace {

// The interface endpoint for `service` in `vpc`, preferring an endpoint
// subnet in `az`; Route::kNone when the VPC has none.
Route endpoint_route(const NetworkIndex& index, std::uint32_t vpc, const std::string& service,
                     std::uint32_t az) {
  Route r;
  for (std::uint32_t e = 0; e < index.endpoint_count(); ++e) {
    if (index.endpoint_vpc(e) != vpc || index.endpoint(e).service != service) continue;
    const InterfaceEndpointConfig& ep = index.endpoint(e);
    r.kind = RouteKind::kInterfaceEndpoint;
    r.resource = e;
    r.endpoint_subnet = 0;
    r.cross_az = true;
    for (std::uint32_t k = 0; k < ep.subnet_indices.size(); ++k) {
      const std::uint32_t g = ep.subnet_indices[k];
      if (g != Route::kNone && index.subnet(g).az_index == az) {
        r.endpoint_subnet = k;
        r.cross_az = false;
        break;
      }
    }
    r.why = fmt::format("interface endpoint {} ({}){}", ep.name, service,
                        r.cross_az ? ", in another AZ" : "");
    return r;
  }
  r.kind = RouteKind::kUnreachable;
  return r;
}

Route nat_route(const NetworkIndex& index, std::uint32_t subnet) {
  Route r;
  const SubnetConfig& s = index.subnet(subnet);
  const std::uint32_t nat = s.route_nat_index;
  if (nat == Route::kNone) {
    r.kind = RouteKind::kUnreachable;
    r.why = fmt::format("subnet {} has no route to a NAT gateway", s.name);
    return r;
  }
  const NatGatewayConfig& n = index.nat(nat);
  r.kind = RouteKind::kNat;
  r.resource = nat;
  r.cross_az = !n.regional && n.az_index != s.az_index;
  r.why = fmt::format("NAT gateway {}{}", n.name,
                      r.cross_az ? fmt::format(" in {} (cross-AZ from {})", n.az, s.az) : "");
  return r;
}

}  // namespace

Route resolve_route(const ModelConfig& config, const NetworkIndex& index,
                    const FunctionConfig& function, std::uint32_t subnet,
                    const TargetConfig& target) {
  (void)config;
  Route r;
  const bool in_vpc = function.vpc.has_value() && subnet != Route::kNone;
  if (!in_vpc) {
    if (target.kind == TargetKind::kPrivate) {
      r.kind = RouteKind::kUnreachable;
      r.why = "a service-VPC function cannot reach a private resource in a VPC";
    } else {
      r.kind = RouteKind::kDirect;
      r.why = "direct from the Lambda service VPC";
    }
    return r;
  }
  const SubnetConfig& s = index.subnet(subnet);
  const std::uint32_t vpc = index.subnet_vpc(subnet);
  switch (target.kind) {
    case TargetKind::kPrivate: {
      if (target.vpc_index != vpc) {
        r.kind = RouteKind::kUnreachable;
        r.why = fmt::format("target is in VPC {}, the function in {} (no peering modelled)",
                            target.vpc, config.network.vpcs[vpc].name);
        return r;
      }
      r.kind = RouteKind::kPrivate;
      r.cross_az = target.az_index != kNoIndex && target.az_index != s.az_index;
      r.why = fmt::format("through the Hyperplane ENI in {}{}", s.name,
                          r.cross_az ? fmt::format(" to {} (cross-AZ)", target.az) : "");
      return r;
    }
    case TargetKind::kAwsService: {
      for (const std::string& g : config.network.vpcs[vpc].gateway_endpoints) {
        if (g == target.service) {
          r.kind = RouteKind::kGatewayEndpoint;
          r.why = fmt::format("gateway endpoint ({})", g);
          return r;
        }
      }
      Route e = endpoint_route(index, vpc, target.service, s.az_index);
      if (e.kind == RouteKind::kInterfaceEndpoint) return e;
      Route n = nat_route(index, subnet);
      if (n.kind == RouteKind::kUnreachable) {
        n.why = fmt::format("no endpoint for {} and {}", target.service, n.why);
      }
      return n;
    }
    case TargetKind::kInternet:
      return nat_route(index, subnet);
  }
  return r;
}

Route resolve_client_route(const ModelConfig& config, const NetworkIndex& index,
                           std::uint32_t subnet) {
  (void)config;
  const SubnetConfig& s = index.subnet(subnet);
  Route e = endpoint_route(index, index.subnet_vpc(subnet), "lambda", s.az_index);
  if (e.kind == RouteKind::kInterfaceEndpoint) return e;
  Route n = nat_route(index, subnet);
  if (n.kind == RouteKind::kUnreachable) {
    n.why = fmt::format("no Lambda interface endpoint and {}", n.why);
  }
  return n;
}

std::uint32_t lambda_api_destination(const ModelConfig& config) {
  for (std::uint32_t t = 0; t < config.targets.size(); ++t) {
    const TargetConfig& target = config.targets[t];
    if (target.kind == TargetKind::kAwsService && target.service == "lambda") return t;
  }
  return static_cast<std::uint32_t>(config.targets.size());
}

}  // namespace lambdasim
