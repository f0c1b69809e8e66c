#include "lambdasim/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace lambdasim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

LogHistogram::LogHistogram() : counts_(kBucketCount, 0) {}

std::uint64_t LogHistogram::bucket_lower(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;  // width-1 buckets
  const std::size_t shift = (index >> kSubBucketBits) - 1;
  const std::uint64_t sub = index & (kSubBuckets - 1);
  return (kSubBuckets + sub) << shift;
}

std::uint64_t LogHistogram::bucket_width(std::size_t index) {
  if (index < 2 * kSubBuckets) return 1;
  return std::uint64_t{1} << ((index >> kSubBucketBits) - 1);
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  // Only the buckets between other's extremes can hold counts.
  const std::size_t first = bucket_index(other.min_);
  const std::size_t last = bucket_index(other.max_);
  for (std::size_t i = first; i <= last; ++i) counts_[i] += other.counts_[i];
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
  // Nearest rank; the 0-quantile is the smallest value. The extremes are known.
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  if (rank == 1) return static_cast<double>(min_);
  if (rank == count_) return static_cast<double>(max_);
  // Find the bucket holding the rank, walking from whichever extreme is nearer
  // (p99 and p99.9 from the top) over the buckets between min and max only.
  const std::size_t first = bucket_index(min_);
  const std::size_t last = bucket_index(max_);
  std::size_t i = first;
  std::uint64_t below = 0;  // values in buckets before i
  if (rank <= count_ / 2) {
    while (below + counts_[i] < rank) below += counts_[i++];
  } else {
    std::uint64_t above = 0;  // values in buckets after i
    i = last;
    while (count_ - above - counts_[i] >= rank) above += counts_[i--];
    below = count_ - above - counts_[i];
  }
  // The bucket's values as spread evenly over it, narrowed to [min, max]: the
  // j-th of c at fraction (j - 1/2) / c. Width-1 buckets give their value.
  const std::uint64_t c = counts_[i];
  const std::uint64_t j = rank - below;  // 1 <= j <= c
  // The top bucket also holds everything above kMaxTrackable.
  const std::uint64_t upper =
      i + 1 == kBucketCount ? UINT64_MAX : bucket_lower(i) + bucket_width(i) - 1;
  const auto lo = static_cast<double>(std::max(bucket_lower(i), min_));
  const auto hi = static_cast<double>(std::min(upper, max_));
  const double fraction = (static_cast<double>(j) - 0.5) / static_cast<double>(c);
  return lo + (hi - lo) * fraction;
}

// --------------------------------------------------------------- RowHistogram

std::uint64_t RowHistogram::bucket_lower(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;
  const std::size_t shift = (index >> kSubBucketBits) - 1;
  const std::uint64_t sub = index & (kSubBuckets - 1);
  return (kSubBuckets + sub) << shift;
}

std::uint64_t RowHistogram::bucket_width(std::size_t index) {
  if (index < 2 * kSubBuckets) return 1;
  return std::uint64_t{1} << ((index >> kSubBucketBits) - 1);
}

void RowHistogram::clear() {
  if (count_ == 0) return;
  std::fill(counts_.begin() + static_cast<std::ptrdiff_t>(first()),
            counts_.begin() + static_cast<std::ptrdiff_t>(last()) + 1, 0U);
  count_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
}

double RowHistogram::quantile_ms(double q, const RowHistogram& a, const RowHistogram* b) {
  const std::uint64_t count = a.count_ + (b != nullptr ? b->count_ : 0);
  if (count == 0) return kNaN;
  const std::uint64_t min = b != nullptr ? std::min(a.min_, b->min_) : a.min_;
  const std::uint64_t max = b != nullptr ? std::max(a.max_, b->max_) : a.max_;
  const std::size_t first = bucket_index(min >> kUnitShift);
  const std::size_t last = bucket_index(max >> kUnitShift);
  constexpr double kMs = 1e-6;
  // Nearest rank, as LogHistogram; the extremes are exact.
  auto rank =
      static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count)));
  rank = std::clamp<std::uint64_t>(rank, 1, count);
  if (rank == 1) return static_cast<double>(min) * kMs;
  if (rank == count) return static_cast<double>(max) * kMs;
  std::uint64_t below = 0;
  std::size_t i = first;
  for (; i < last; ++i) {
    const std::uint64_t c = a.counts_[i] + (b != nullptr ? b->counts_[i] : 0);
    if (below + c >= rank) break;
    below += c;
  }
  // The middle of the bucket narrowed to [min, max]: within half its width
  // of every value in it. The top bucket holds everything above it too.
  constexpr std::uint64_t kUnit = std::uint64_t{1} << kUnitShift;
  const std::uint64_t lower = bucket_lower(i) * kUnit;
  const std::uint64_t upper =
      i + 1 == kBucketCount ? max : (bucket_lower(i) + bucket_width(i)) * kUnit - 1;
  const auto lo = static_cast<double>(std::max(lower, min));
  const auto hi = static_cast<double>(std::min(upper, max));
  return (lo + hi) / 2 * kMs;
}

}  // namespace lambdasim
