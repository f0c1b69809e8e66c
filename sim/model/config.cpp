#include "lambdasim/model/config.hpp"

namespace lambdasim {

bool operator==(const DurationDistribution& a, const DurationDistribution& b) {
  const Distribution& x = a.seconds();
  const Distribution& y = b.seconds();
  if (x.kind() != y.kind() || x.param_a() != y.param_a() || x.param_b() != y.param_b()) {
    return false;
  }
  if (x.samples() == nullptr || y.samples() == nullptr) return x.samples() == y.samples();
  return *x.samples() == *y.samples();
}

int legacy_burst_for_region(const std::string& region) {
  // docs/aws-facts.md#scaling-legacy: 3,000 in us-east-1, us-west-2,
  // eu-west-1; 1,000 in ap-northeast-1, eu-central-1, us-east-2; 500 elsewhere.
  if (region == "us-east-1" || region == "us-west-2" || region == "eu-west-1") return 3000;
  if (region == "ap-northeast-1" || region == "eu-central-1" || region == "us-east-2") return 1000;
  return 500;
}

}  // namespace lambdasim
