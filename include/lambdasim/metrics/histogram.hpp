// A log-linear (HDR-style) histogram of non-negative integers (latencies in
// nanoseconds) with a stated relative error and fixed memory, cheap enough to
// record on every simulated invocation: each power-of-two range is split into
// kSubBuckets linear sub-buckets, and a value's bucket is found with bit tricks.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

class LogHistogram {
 public:
  // 2^10 = 1,024 sub-buckets per power of two: a bucket holding values from L
  // up is less than L / 1,024 wide, and a quantile is placed inside the bucket
  // that holds the exact one, so its relative error is below 1/1,024 < 0.1%
  // (kRelativeError, stated in summary.json). Values below 2^(kSubBucketBits + 1)
  // (2,048 ns) have buckets of width 1 and are exact.
  static constexpr int kSubBucketBits = 10;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;
  static constexpr double kRelativeError = 1.0 / static_cast<double>(kSubBuckets);
  // Values from 2^50 ns (~13 days) up are counted in the top bucket; min/max
  // and the mean stay exact. Simulated latencies and async ages (6 h) fit.
  static constexpr int kMaxExponent = 50;
  static constexpr std::uint64_t kMaxTrackable = (std::uint64_t{1} << kMaxExponent) - 1;
  // 41 x 1,024 buckets of 8 bytes: 328 KiB, allocated once in the constructor.
  static constexpr std::size_t kBucketCount =
      static_cast<std::size_t>(kMaxExponent - kSubBucketBits + 1) * kSubBuckets;

  LogHistogram();

  // Hot path: O(1), no allocation, no branch but the n == 0 test. Negative
  // values count as 0.
  void record(std::int64_t value) { record_n(value, 1); }
  void record(SimTime t) { record_n(t.count(), 1); }
  void record_n(std::int64_t value, std::uint64_t n) {
    if (n == 0) return;
    const std::uint64_t v = static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0));
    counts_[bucket_index(v)] += n;
    count_ += n;
    sum_ += static_cast<double>(v) * static_cast<double>(n);
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }

  // Adds other's counts bucket by bucket: the result is exactly the histogram
  // of both value sets (quantiles included); the mean's sum is a double sum.
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
  // Nearest-rank quantile, q in [0, 1]: an estimate of the ceil(q * count)-th
  // smallest value (rank 1 for q = 0). The bucket holding that rank is found
  // from the counts, and the rank is placed inside it as if the bucket's c
  // values were spread evenly (the j-th at fraction (j - 1/2) / c of the
  // bucket), the bucket first narrowed to [min, max]. q = 0 gives min and
  // q = 1 max exactly; quantile() is non-decreasing in q, and within
  // kRelativeError of the exact nearest-rank value. NaN when empty.
  double quantile(double q) const;

  // Bucket geometry, public for tests. Branch-free: values below
  // 2 * kSubBuckets are their own index; above, a value with top bit e lands
  // in the e - kSubBucketBits th group of kSubBuckets, at its top
  // kSubBucketBits + 1 bits.
  static std::size_t bucket_index(std::uint64_t v) {
    v = std::min(v, kMaxTrackable);
    const int shift =
        static_cast<int>(std::bit_width(v | (2 * kSubBuckets - 1))) - (kSubBucketBits + 1);
    return static_cast<std::size_t>((static_cast<std::uint64_t>(shift) << kSubBucketBits) +
                                    (v >> shift));
  }
  static std::uint64_t bucket_lower(std::size_t index);
  static std::uint64_t bucket_width(std::size_t index);

 private:
  std::vector<std::uint64_t> counts_;  // kBucketCount, sized once in the constructor
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

// The latencies of one time-series row, for its p50 and p99: the same
// log-linear layout, coarser and small (832 buckets of 4 bytes, 3.3 KiB, no
// allocation), cleared at each row's close. Values are counted in units of
// 1,024 ns with 32 linear sub-buckets per power of two, so from 64 units
// (65.5 us) up a bucket [L, L + W) has W <= L / 32; a quantile is the middle
// of its bucket narrowed to the row's exact [min, max], within W / 2 of the
// exact nearest-rank value: relative error <= 1/64 (1.6%, kRelativeError).
// Below 65.5 us the error is at most 0.512 us; from 2^30 units (1,100 s) up
// values share the top bucket (the max stays exact).
class RowHistogram {
 public:
  static constexpr int kUnitShift = 10;  // 1,024 ns
  static constexpr int kSubBucketBits = 5;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;
  static constexpr int kMaxExponent = 30;
  static constexpr std::uint64_t kMaxTrackable = (std::uint64_t{1} << kMaxExponent) - 1;
  static constexpr std::size_t kBucketCount =
      static_cast<std::size_t>(kMaxExponent - kSubBucketBits + 1) * kSubBuckets;
  static constexpr double kRelativeError = 1.0 / static_cast<double>(2 * kSubBuckets);

  // Hot path: O(1), no allocation. Negative values count as 0.
  void record(SimTime t) {
    const auto v = static_cast<std::uint64_t>(std::max<std::int64_t>(t.count(), 0));
    const std::size_t i = bucket_index(v >> kUnitShift);
    ++counts_[i];
    ++count_;
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }
  std::uint64_t count() const { return count_; }
  // Zeroes the buckets used since the last clear only.
  void clear();
  // Nearest-rank quantile in ms of the values of `a` and `b` together (b may
  // be null); NaN when both are empty.
  static double quantile_ms(double q, const RowHistogram& a, const RowHistogram* b = nullptr);
  double quantile_ms(double q) const { return quantile_ms(q, *this); }

  // Bucket geometry in units (LogHistogram's, with fewer sub-buckets).
  static std::size_t bucket_index(std::uint64_t units) {
    units = std::min(units, kMaxTrackable);
    const int shift =
        static_cast<int>(std::bit_width(units | (2 * kSubBuckets - 1))) - (kSubBucketBits + 1);
    return static_cast<std::size_t>((static_cast<std::uint64_t>(shift) << kSubBucketBits) +
                                    (units >> shift));
  }
  static std::uint64_t bucket_lower(std::size_t index);  // in units
  static std::uint64_t bucket_width(std::size_t index);  // in units

 private:
  // Buckets used since the last clear: those of [min_, max_].
  std::size_t first() const { return bucket_index(min_ >> kUnitShift); }
  std::size_t last() const { return bucket_index(max_ >> kUnitShift); }

  std::array<std::uint32_t, kBucketCount> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t min_ = UINT64_MAX;  // ns
  std::uint64_t max_ = 0;
};

}  // namespace lambdasim
