#include "lambdasim/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lambdasim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

LogHistogram::LogHistogram() : counts_(kBucketCount, 0) {}

std::uint64_t LogHistogram::bucket_lower(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;  // width-1 buckets
  const std::size_t shift = index / kSubBuckets - 1;
  const std::uint64_t sub = index % kSubBuckets;
  return (kSubBuckets + sub) << shift;
}

std::uint64_t LogHistogram::bucket_width(std::size_t index) {
  if (index < 2 * kSubBuckets) return 1;
  return std::uint64_t{1} << (index / kSubBuckets - 1);
}

void LogHistogram::merge(const LogHistogram& other) {
  for (std::size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LogHistogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  sum_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
}

double LogHistogram::mean() const {
  return count_ == 0 ? kNaN : sum_ / static_cast<double>(count_);
}

double LogHistogram::min() const {
  return count_ == 0 ? kNaN : static_cast<double>(min_);
}

double LogHistogram::max() const {
  return count_ == 0 ? kNaN : static_cast<double>(max_);
}

double LogHistogram::quantile(double q) const {
  if (count_ == 0) return kNaN;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank; the 0-quantile is the smallest value.
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const double mid =
          static_cast<double>(bucket_lower(i)) + static_cast<double>(bucket_width(i) - 1) / 2.0;
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace lambdasim
