// Priority queues of event keys for the kernel, ordered by (time, sequence).
// Ties at equal time pop in sequence order (FIFO), so runs are deterministic.
// Both structures are templates over the key: EventKey (time, sequence, slot,
// generation: 24 bytes, no payload) for benchmarking the bare structures, or
// the Simulation's own key, which also carries the event's payload so that
// dispatch never reads a slab at a random index. Two structures share one
// interface (push, pop, top, size) so they can be benchmarked side by side
// (bench/bench_hold.cpp):
//   RadixHeapQueue  monotone integer keys, 16-way digits; the default
//   DaryHeapQueue   4-ary implicit heap, O(log n); accepts any insertion order
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace lambdasim {

struct EventKey {
  std::uint64_t time;  // nanoseconds, shifted so that ordering is unsigned
  std::uint64_t seq;   // scheduling order, unique
  std::uint32_t slot;  // index of the payload in the slab
  std::uint32_t generation;

  friend bool operator<(const EventKey& a, const EventKey& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  }
};

// A radix heap over the 128-bit key (time, seq), with 4-bit digits. Valid
// because simulated time never goes backwards: every key pushed is >= the last
// key taken to the top. A push below that (possible only after a peek that ran
// past run_until's horizon) is handled by rebuilding, O(n), which is rare by
// construction.
// A key's bucket is (the highest 4-bit digit in which it differs from the last
// key taken, its value of that digit): every key of a bucket is smaller than
// every key of a later bucket, and refilling from the lowest bucket moves its
// keys to strictly lower ones. With 16-way digits a key moves about
// log16(pending) times before it pops, where binary buckets moved it about
// log2(pending) times (~10 at the ~2,000 events of a steady Lambda run).
// 256-way digits move keys less often but cost more in wall time (their
// 2,305 buckets' headers no longer fit in L1).
// Key: EventKey, or any struct with unsigned `time` and `seq` members,
// value-initialisable, ordered by operator< on (time, seq).
template <class Key>
class BasicRadixHeapQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(const Key& k) {
    if (k < last_) rebase(k);
    put(k);
    ++size_;
  }

  // Smallest key; the queue must not be empty.
  const Key& top() {
    if (!has_top_) refill();
    return top_;
  }

  Key pop() {
    if (!has_top_) refill();
    has_top_ = false;
    --size_;
    return top_;
  }

  void clear() {
    for (auto& b : buckets_) b.clear();
    nonempty_ = {};
    summary_ = 0;
    size_ = 0;
    last_ = Key{};
    has_top_ = false;
  }

 private:
  static constexpr int kDigitBits = 4;
  static constexpr std::size_t kDigits = 1 << kDigitBits;
  static constexpr std::size_t kLevels = 64 / kDigitBits;
  // Bucket 0 holds keys equal to the last key taken; then the keys of the
  // same time (by their sequence), then the later times.
  static constexpr std::size_t kSeqBase = 1;
  static constexpr std::size_t kTimeBase = kSeqBase + kLevels * kDigits;
  static constexpr std::size_t kBuckets = kTimeBase + kLevels * kDigits;
  static constexpr std::size_t kWords = (kBuckets + 63) / 64;
  static_assert(kWords <= 64, "the summary word has one bit per bitmask word");

  // Bucket among the 256 of one 64-bit field: (level, digit) of x vs last.
  static std::size_t digit_bucket(std::uint64_t x, std::uint64_t last) {
    const auto level = static_cast<std::size_t>(63 - std::countl_zero(x ^ last)) / kDigitBits;
    return level * kDigits + ((x >> (level * kDigitBits)) & (kDigits - 1));
  }

  std::size_t bucket_of(const Key& k) const {
    if (k.time != last_.time) return kTimeBase + digit_bucket(k.time, last_.time);
    if (k.seq != last_.seq) return kSeqBase + digit_bucket(k.seq, last_.seq);
    return 0;
  }

  void set_bit(std::size_t b) {
    nonempty_[b >> 6] |= std::uint64_t{1} << (b & 63);
    summary_ |= std::uint64_t{1} << (b >> 6);
  }
  void clear_bit(std::size_t b) {
    std::uint64_t& word = nonempty_[b >> 6];
    word &= ~(std::uint64_t{1} << (b & 63));
    if (word == 0) summary_ &= ~(std::uint64_t{1} << (b >> 6));
  }

  void put(const Key& k) {
    const std::size_t b = bucket_of(k);
    buckets_[b].push_back(k);
    set_bit(b);
  }

  // The lowest non-empty bucket: two count-trailing-zeros, no scan.
  std::size_t lowest_nonempty() const {
    const auto w = static_cast<std::size_t>(std::countr_zero(summary_));
    return w * 64 + static_cast<std::size_t>(std::countr_zero(nonempty_[w]));
  }

  // Takes the smallest key out of the lowest bucket into top_ (it becomes
  // last_) and spreads the rest of that bucket over lower ones. The smallest
  // key is never stored again: one move fewer per event than refilling a
  // bucket of keys equal to last_.
  void refill() {
    const std::size_t i = lowest_nonempty();
    auto& src = buckets_[i];
    clear_bit(i);
    has_top_ = true;
    if (i == 0 || src.size() == 1) {  // bucket 0: keys equal to last_, any will do
      last_ = top_ = src.back();
      src.pop_back();
      if (!src.empty()) set_bit(i);
      return;
    }
    std::size_t best = 0;
    for (std::size_t j = 1; j < src.size(); ++j) {
      if (src[j] < src[best]) best = j;
    }
    last_ = top_ = src[best];
    src[best] = src.back();
    src.pop_back();
    for (const Key& k : src) put(k);  // never back into bucket i
    src.clear();
  }

  void rebase(const Key& new_last) {
    std::vector<Key> all;
    all.reserve(size_);
    if (has_top_) all.push_back(top_);
    has_top_ = false;
    for (auto& b : buckets_) {
      all.insert(all.end(), b.begin(), b.end());
      b.clear();
    }
    nonempty_ = {};
    summary_ = 0;
    last_ = new_last;
    for (const Key& k : all) put(k);
  }

  std::array<std::vector<Key>, kBuckets> buckets_{};
  std::array<std::uint64_t, kWords> nonempty_{};  // bit b: bucket b has keys
  std::uint64_t summary_ = 0;                     // bit w: nonempty_[w] != 0
  Key last_{};
  Key top_{};  // the smallest key, when has_top_; counted in size_
  bool has_top_ = false;
  std::size_t size_ = 0;
};

// A 4-ary min-heap: shallower than a binary heap and each node's children
// share a cache line or two.
template <class Key>
class BasicDaryHeapQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Key& top() const { return heap_.front(); }

  void push(const Key& k) {
    std::size_t i = heap_.size();
    heap_.push_back(k);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!(k < heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = k;
  }

  Key pop() {
    Key result = heap_.front();
    Key last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return result;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (heap_[c] < heap_[best]) best = c;
      }
      if (!(heap_[best] < last)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = last;
    return result;
  }

  void clear() { heap_.clear(); }

 private:
  static constexpr std::size_t kArity = 4;
  std::vector<Key> heap_;
};

using RadixHeapQueue = BasicRadixHeapQueue<EventKey>;
using DaryHeapQueue = BasicDaryHeapQueue<EventKey>;

}  // namespace lambdasim
