// Kernel: RadixHeapQueue and DaryHeapQueue against a reference priority queue.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <vector>

#include "lambdasim/kernel/event_queue.hpp"
#include "lambdasim/kernel/rng.hpp"

using namespace lambdasim;

namespace {

bool same(const EventKey& x, const EventKey& y) {
  return x.time == y.time && x.seq == y.seq && x.slot == y.slot && x.generation == y.generation;
}

struct Greater {
  bool operator()(const EventKey& x, const EventKey& y) const { return y < x; }
};
using Reference = std::priority_queue<EventKey, std::vector<EventKey>, Greater>;

// Pops one key from each structure and checks that all agree.
void pop_all_three(Reference& ref, RadixHeapQueue& radix, DaryHeapQueue& dary) {
  REQUIRE(!ref.empty());
  const EventKey expected = ref.top();
  ref.pop();
  REQUIRE(same(radix.top(), expected));
  REQUIRE(same(dary.top(), expected));
  REQUIRE(same(radix.pop(), expected));
  REQUIRE(same(dary.pop(), expected));
  REQUIRE(radix.size() == ref.size());
  REQUIRE(dary.size() == ref.size());
}

}  // namespace

TEST_CASE("EventKey orders by time, then sequence") {
  CHECK(EventKey{1, 9, 0, 0} < EventKey{2, 0, 0, 0});
  CHECK(EventKey{2, 0, 5, 5} < EventKey{2, 1, 0, 0});
  CHECK_FALSE(EventKey{2, 1, 0, 0} < EventKey{2, 1, 7, 7});
  CHECK(sizeof(EventKey) == 24);
}

TEST_CASE("both queues pop in (time, seq) order on a hold workload with ties") {
  // Hold model: the pushed time is the last popped time plus an increment,
  // with many exact ties (increment 0) and occasional large jumps.
  Rng rng(99, 3);
  Reference ref;
  RadixHeapQueue radix;
  DaryHeapQueue dary;
  std::uint64_t seq = 0;
  std::uint64_t now = 0;
  auto push = [&](std::uint64_t t) {
    const EventKey k{t, seq, static_cast<std::uint32_t>(seq % 1000),
                     static_cast<std::uint32_t>(seq / 1000)};
    ++seq;
    ref.push(k);
    radix.push(k);
    dary.push(k);
  };
  for (int i = 0; i < 1000; ++i) push(rng.below(1000));
  for (int step = 0; step < 100'000; ++step) {
    const EventKey top = ref.top();
    now = top.time;
    pop_all_three(ref, radix, dary);
    const std::uint64_t kind = rng.below(10);
    const std::uint64_t inc = kind < 3   ? 0
                              : kind < 9 ? rng.below(2000)
                                         : rng.below(std::uint64_t{1} << 40);
    push(now + inc);
    if (step % 7 == 0) push(now + rng.below(3));  // grow a little
    if (step % 5 == 0 && ref.size() > 1) pop_all_three(ref, radix, dary);
  }
  while (!ref.empty()) pop_all_three(ref, radix, dary);
  CHECK(radix.empty());
  CHECK(dary.empty());
}

TEST_CASE("both queues handle keys in arbitrary order, including below the last pop") {
  // RadixHeapQueue rebuilds when a key is below the last key it returned
  // (run_until peeks past its horizon, then the model schedules at now).
  Rng rng(5, 5);
  Reference ref;
  RadixHeapQueue radix;
  DaryHeapQueue dary;
  std::uint64_t seq = 0;
  for (int round = 0; round < 20'000; ++round) {
    if (rng.below(3) != 0 || ref.empty()) {
      const EventKey k{rng.below(500), seq++, 0, 0};
      ref.push(k);
      radix.push(k);
      dary.push(k);
    } else {
      pop_all_three(ref, radix, dary);
    }
  }
  while (!ref.empty()) pop_all_three(ref, radix, dary);
}

TEST_CASE("peek, push below the peeked key, then pop (the run_until pattern)") {
  RadixHeapQueue radix;
  radix.push({100, 0, 0, 0});
  radix.push({200, 1, 1, 0});
  CHECK(radix.pop().seq == 0);
  CHECK(radix.top().time == 200);  // peeked past a horizon of, say, 150
  radix.push({150, 2, 2, 0});      // scheduled at now = 150
  radix.push({150, 3, 3, 0});
  CHECK(radix.size() == 3);
  CHECK(radix.pop().seq == 2);
  CHECK(radix.pop().seq == 3);
  CHECK(radix.pop().seq == 1);
  CHECK(radix.empty());
}

TEST_CASE("extreme keys: time near the top of the range and large sequences") {
  const std::uint64_t big = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::vector<EventKey> keys = {
      {big, 5, 0, 0},        {big, 1ULL << 62, 0, 0}, {0, 3, 0, 0},   {big - 1, 7, 0, 0},
      {1ULL << 32, 2, 0, 0}, {0, 1ULL << 63, 0, 0},   {big, 4, 0, 0}, {1, 0, 0, 0},
  };
  RadixHeapQueue radix;
  DaryHeapQueue dary;
  for (const EventKey& k : keys) {
    radix.push(k);
    dary.push(k);
  }
  std::sort(keys.begin(), keys.end());
  for (const EventKey& k : keys) {
    REQUIRE(same(radix.pop(), k));
    REQUIRE(same(dary.pop(), k));
  }
}

TEST_CASE("clear() empties the queues and they can be reused from time 0") {
  RadixHeapQueue radix;
  DaryHeapQueue dary;
  for (std::uint64_t i = 0; i < 100; ++i) {
    radix.push({1000 + i, i, 0, 0});
    dary.push({1000 + i, i, 0, 0});
  }
  radix.pop();
  dary.pop();
  radix.clear();
  dary.clear();
  CHECK(radix.empty());
  CHECK(dary.empty());
  CHECK(radix.size() == 0);
  radix.push({5, 1, 0, 0});
  radix.push({5, 0, 0, 0});
  dary.push({5, 1, 0, 0});
  dary.push({5, 0, 0, 0});
  CHECK(radix.pop().seq == 0);
  CHECK(dary.pop().seq == 0);
  CHECK(radix.pop().seq == 1);
  CHECK(dary.pop().seq == 1);
}
