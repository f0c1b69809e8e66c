// A log-bucketed histogram of non-negative integers (latencies in nanoseconds)
// with bounded relative error and fixed memory, cheap enough to record on
// every simulated invocation. HDR-style: each power-of-two range is split into
// kSubBuckets linear sub-buckets, and a value's bucket is found with bit tricks.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

class LogHistogram {
 public:
  // 2^6 = 64 sub-buckets per power of two: a bucket is at most 1/64 of its lower
  // bound wide, and quantiles report the bucket's midpoint, so the relative
  // error is at most 1/128 < 0.8%. Values below 2^(kSubBucketBits + 1) are exact.
  static constexpr int kSubBucketBits = 6;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;
  // Values from 2^50 ns (~13 days) up are counted in the top bucket; min/max
  // and the mean stay exact. Simulated latencies and async ages (6 h) fit.
  static constexpr int kMaxExponent = 50;
  static constexpr std::uint64_t kMaxTrackable = (std::uint64_t{1} << kMaxExponent) - 1;
  static constexpr std::size_t kBucketCount =
      static_cast<std::size_t>(kMaxExponent - kSubBucketBits + 1) * kSubBuckets;

  LogHistogram();

  // Hot path: O(1), no allocation. Negative values count as 0.
  void record(std::int64_t value) { record_n(value, 1); }
  void record(SimTime t) { record_n(t.count(), 1); }
  void record_n(std::int64_t value, std::uint64_t n) {
    if (n == 0) return;
    const std::uint64_t v = value < 0 ? 0 : static_cast<std::uint64_t>(value);
    counts_[bucket_index(v)] += n;
    count_ += n;
    sum_ += static_cast<double>(v) * static_cast<double>(n);
    if (v < min_) min_ = v;
    if (v > max_) max_ = v;
  }

  void merge(const LogHistogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  double sum() const { return sum_; }
  // Exact mean of the recorded values; NaN when empty.
  double mean() const;
  // Exact extremes; NaN when empty.
  double min() const;
  double max() const;
  // Nearest-rank quantile, q in [0, 1]: the midpoint of the bucket holding the
  // ceil(q * count)-th smallest value, clamped to [min, max]. NaN when empty.
  double quantile(double q) const;

  // Bucket geometry, public for tests.
  static std::size_t bucket_index(std::uint64_t v) {
    if (v > kMaxTrackable) v = kMaxTrackable;
    if (v < kSubBuckets) return static_cast<std::size_t>(v);
    const int exponent = static_cast<int>(std::bit_width(v)) - 1;  // >= kSubBucketBits
    const int shift = exponent - kSubBucketBits;
    const std::uint64_t sub = (v >> shift) - kSubBuckets;  // in [0, kSubBuckets)
    return static_cast<std::size_t>(static_cast<std::uint64_t>(shift + 1) * kSubBuckets + sub);
  }
  static std::uint64_t bucket_lower(std::size_t index);
  static std::uint64_t bucket_width(std::size_t index);

 private:
  std::vector<std::uint64_t> counts_;  // sized once in the constructor
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

}  // namespace lambdasim
