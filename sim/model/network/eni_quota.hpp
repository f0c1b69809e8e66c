// ENI quotas and subnet IPs shared by both ENI models: the Lambda ENIs-per-VPC
// quota, the EC2 network interfaces per region, and each subnet's free IPs.
// Private to the network model (sim/model/network/).
#pragma once

#include <vector>

#include "lambdasim/model/config.hpp"
#include "lambdasim/model/outcome.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

class EniQuota {
 public:
  EniQuota(const NetworkConfig& net, const NetworkIndex& index) : net_(net), index_(index) {
    vpc_enis_.assign(net.vpcs.size(), 0);
    for (std::uint32_t s = 0; s < index.subnet_count(); ++s) {
      subnet_free_ips_.push_back(index.subnet(s).usable_ips());
    }
  }

  // Takes an IP in `subnet` and a slot of the quotas (the VPC quota counts
  // Hyperplane ENIs only: `count_vpc_quota`), or says which refuses.
  Outcome add(std::uint32_t subnet, bool count_vpc_quota) {
    if (quota_reached(subnet, count_vpc_quota)) return Outcome::kEniLimitReached;
    if (subnet_free_ips_[subnet] <= 0) return Outcome::kSubnetIpLimitReached;
    const std::uint32_t vpc = index_.subnet_vpc(subnet);
    ++vpc_enis_[vpc];
    ++region_enis_;
    --subnet_free_ips_[subnet];
    return Outcome::kSuccess;
  }
  // Would a quota (not the subnet's IPs) refuse an ENI in `subnet` now? Lambda
  // knows its quotas, so it asks before spending an EC2 API call.
  bool quota_reached(std::uint32_t subnet, bool count_vpc_quota) const {
    if (count_vpc_quota && vpc_enis_[index_.subnet_vpc(subnet)] >= net_.enis_per_vpc) return true;
    return region_enis_ >= net_.network_interfaces_per_region;
  }
  // An ENI is deleted (every ENI counts against the VPC quota, though only
  // Hyperplane ENIs are refused by it).
  void remove(std::uint32_t subnet) {
    ++subnet_free_ips_[subnet];
    --vpc_enis_[index_.subnet_vpc(subnet)];
    --region_enis_;
  }

  int vpc_enis(std::uint32_t vpc) const { return vpc_enis_[vpc]; }
  int region_enis() const { return region_enis_; }
  int free_ips(std::uint32_t subnet) const { return subnet_free_ips_[subnet]; }

 private:
  const NetworkConfig& net_;
  const NetworkIndex& index_;
  std::vector<int> subnet_free_ips_;
  std::vector<int> vpc_enis_;
  int region_enis_ = 0;
};

}  // namespace lambdasim
