// How a call gets from a function's environment to its target: the route
// table of DESIGN.md ("Egress and targets"), resolved once per (function,
// subnet, target) and shared by the simulation and `lambdasim explain`.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "lambdasim/model/config.hpp"

namespace lambdasim {

enum class RouteKind : std::uint8_t {
  kDirect,             // service VPC to the internet or an AWS service
  kNat,                // through the subnet's NAT gateway
  kGatewayEndpoint,    // S3 / DynamoDB gateway endpoint: free
  kInterfaceEndpoint,  // PrivateLink endpoint ENI
  kPrivate,            // into the VPC through the Hyperplane ENI
  kUnreachable,        // packets dropped: the call hangs until its timeout
};

std::string_view route_kind_name(RouteKind k);

struct Route {
  static constexpr std::uint32_t kNone = kNoIndex;
  RouteKind kind = RouteKind::kDirect;
  // kNat: global NAT index; kInterfaceEndpoint: global endpoint index.
  std::uint32_t resource = kNone;
  // kInterfaceEndpoint: which of the endpoint's subnets (prefers the caller's AZ).
  std::uint32_t endpoint_subnet = 0;
  bool cross_az = false;  // the hop leaves the environment's AZ
  std::string why;        // human explanation (explain, validate warnings)
};

// Global numbering of subnets, NATs and endpoints across VPCs (VPC order,
// then declaration order). Built once from a ModelConfig; names are resolved
// to these numbers by resolve_names (resolve.hpp), not here.
class NetworkIndex {
 public:
  explicit NetworkIndex(const ModelConfig& config);

  struct SubnetRef {
    std::uint32_t vpc;
    std::uint32_t local;
  };
  std::size_t subnet_count() const { return subnets_.size(); }
  const SubnetConfig& subnet(std::uint32_t global) const;
  std::uint32_t subnet_vpc(std::uint32_t global) const { return subnets_[global].vpc; }
  std::uint32_t subnet_global(std::uint32_t vpc, std::uint32_t local) const {
    return subnet_base_[vpc] + local;
  }
  std::size_t nat_count() const { return nats_.size(); }
  const NatGatewayConfig& nat(std::uint32_t global) const;
  std::size_t endpoint_count() const { return endpoints_.size(); }
  const InterfaceEndpointConfig& endpoint(std::uint32_t global) const;
  std::uint32_t endpoint_vpc(std::uint32_t global) const { return endpoints_[global].vpc; }
  std::uint32_t nat_vpc(std::uint32_t global) const { return nats_[global].vpc; }

 private:
  const ModelConfig& config_;
  std::vector<SubnetRef> subnets_;
  std::vector<std::uint32_t> subnet_base_;
  std::vector<SubnetRef> nats_;
  std::vector<SubnetRef> endpoints_;
};

// Route of a call to `target` from an environment of `function` in global
// subnet `subnet` (Route::kNone for a service-VPC function). `config` must
// have its names resolved (resolve.hpp).
Route resolve_route(const ModelConfig& config, const NetworkIndex& index,
                    const FunctionConfig& function, std::uint32_t subnet,
                    const TargetConfig& target);

// Route of an in-VPC client's invocation to the Lambda API (through the
// Lambda interface endpoint of its VPC, else its subnet's NAT).
Route resolve_client_route(const ModelConfig& config, const NetworkIndex& index,
                           std::uint32_t subnet);

// NAT destination of those invocations: the index of a target that is the
// Lambda service (the same regional endpoint), else targets.size(), a
// destination after the targets.
std::uint32_t lambda_api_destination(const ModelConfig& config);

}  // namespace lambdasim
