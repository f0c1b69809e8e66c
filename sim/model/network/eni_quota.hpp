// ENI quotas and subnet IPs shared by both ENI models: the Lambda ENIs-per-VPC
// quota, the EC2 network interfaces per region, and each subnet's free IPs.
// Private to the network model (sim/model/network/).
#pragma once

#include <cstdint>
#include <vector>

#include "lambdasim/kernel/invariant.hpp"
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
    LAMBDASIM_INVARIANT(region_enis_ <= net_.network_interfaces_per_region,
                        "ENIs above the region's quota");
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
    LAMBDASIM_INVARIANT(subnet_free_ips_[subnet] <= index_.subnet(subnet).usable_ips(),
                        "a subnet got back more IPs than it has");
    LAMBDASIM_INVARIANT(vpc_enis_[index_.subnet_vpc(subnet)] >= 0 && region_enis_ >= 0,
                        "ENI count went negative");
  }

  int vpc_enis(std::uint32_t vpc) const { return vpc_enis_[vpc]; }
  int region_enis() const { return region_enis_; }
  int free_ips(std::uint32_t subnet) const { return subnet_free_ips_[subnet]; }
  // IPs taken in every subnet, and ENIs counted against every VPC's quota.
  std::int64_t ips_used() const {
    std::int64_t used = 0;
    for (std::uint32_t s = 0; s < index_.subnet_count(); ++s) {
      used += index_.subnet(s).usable_ips() - subnet_free_ips_[s];
    }
    return used;
  }
  std::int64_t vpc_enis_total() const {
    std::int64_t n = 0;
    for (const int v : vpc_enis_) n += v;
    return n;
  }

 private:
  const NetworkConfig& net_;
  const NetworkIndex& index_;
  std::vector<int> subnet_free_ips_;
  std::vector<int> vpc_enis_;
  int region_enis_ = 0;
};

}  // namespace lambdasim
