// The classic hold model: N pending events; one hold pops the earliest event
// and schedules one at now + increment. One benchmark iteration = one hold, so
// items_per_second = holds per second. See bench/README.md for the results.
//
//   BM_HoldKernel[Bimodal]/N         lambdasim::Simulation, registered handler
//   BM_HoldPriorityQueue[Bimodal]/N  std::priority_queue of (double, std::function)
//   BM_HoldMultimap[Bimodal]/N       std::multimap<double, std::function> (ns-3 shape)
//   BM_HoldRadixQueue[Bimodal]/N     bare RadixHeapQueue of EventKey, no payload
//   BM_HoldDaryQueue[Bimodal]/N      bare DaryHeapQueue of EventKey, no payload
//
// Increments are pre-generated in a ring of 2^16 values, identical for every
// benchmark: the same integer nanoseconds go to the kernel as SimTime and to
// the baselines as (exactly representable) doubles, so every structure sees
// the same workload and RNG cost is not measured.
//   exponential: mean 1 ms
//   bimodal:     90% exponential mean 1 ms, 10% exponential mean 100 ms
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <utility>
#include <vector>

#include "lambdasim/kernel/distribution.hpp"
#include "lambdasim/kernel/event_queue.hpp"
#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"

namespace lambdasim {
namespace {

constexpr std::size_t kRingSize = std::size_t{1} << 16;
constexpr std::size_t kRingMask = kRingSize - 1;
constexpr double kUnitSeconds = 1e-3;  // one "time unit" of the hold model

struct Ring {
  std::vector<std::int64_t> ns;  // for the kernel and the bare queues
  std::vector<double> real;      // the same values, for the double-keyed baselines
};

Ring make_ring(bool bimodal) {
  Rng rng = Rng::for_entity(1, 0, bimodal ? "bench/hold/bimodal" : "bench/hold/exponential");
  const Distribution small = Distribution::exponential(kUnitSeconds);
  const Distribution large = Distribution::exponential(100 * kUnitSeconds);
  Ring ring;
  ring.ns.reserve(kRingSize);
  ring.real.reserve(kRingSize);
  for (std::size_t i = 0; i < kRingSize; ++i) {
    const bool big = bimodal && rng.uniform01() < 0.1;
    const std::int64_t ns = from_seconds((big ? large : small).sample(rng)).count();
    ring.ns.push_back(ns);
    ring.real.push_back(static_cast<double>(ns));
  }
  return ring;
}

const Ring& ring(bool bimodal) {
  static const Ring exponential = make_ring(false);
  static const Ring two_modes = make_ring(true);
  return bimodal ? two_modes : exponential;
}

std::size_t pending_count(const benchmark::State& state) {
  return static_cast<std::size_t>(state.range(0));
}

// Runs `hold` N times untimed so that the queue reaches its steady state
// (initial times are one increment each, not the stationary distribution).
template <class Hold>
void warm_up(std::size_t n, Hold&& hold) {
  for (std::size_t i = 0; i < n; ++i) hold();
}

// ---------------------------------------------------------------------------
// lambdasim::Simulation. The handler reschedules and calls stop(), so each
// sim.run() in the loop dispatches exactly one event.

struct KernelHold {
  Simulation* sim = nullptr;
  EventType type = 0;
  const std::int64_t* inc = nullptr;
  std::size_t next = 0;

  void on_event(const EventArgs& args) {
    sim->schedule_in(SimTime{inc[next++ & kRingMask]}, type, args);
    sim->stop();
  }
};

void hold_kernel(benchmark::State& state, bool bimodal) {
  const Ring& r = ring(bimodal);
  Simulation sim;
  KernelHold model{&sim, 0, r.ns.data(), 0};
  model.type = sim.register_method<&KernelHold::on_event>(&model);
  const std::size_t n = pending_count(state);
  for (std::size_t i = 0; i < n; ++i) {
    sim.schedule_at(SimTime{r.ns[model.next++ & kRingMask]}, model.type, {.a = i});
  }
  warm_up(n, [&] { sim.run(); });
  for (auto _ : state) sim.run();
  if (sim.pending() != n) state.SkipWithError("pending count changed");
  state.SetItemsProcessed(state.iterations());
}

// ---------------------------------------------------------------------------
// std::priority_queue of (double time, std::function<void()>): the textbook
// event list with a type-erased handler per event.

struct PqEvent {
  double time;
  std::function<void()> fn;
};
struct PqLater {
  bool operator()(const PqEvent& a, const PqEvent& b) const { return a.time > b.time; }
};

struct PqHold {
  std::priority_queue<PqEvent, std::vector<PqEvent>, PqLater> queue;
  const double* inc = nullptr;
  std::size_t next = 0;
  double now = 0;
  std::function<void()> handler;

  void on_event() { queue.push(PqEvent{now + inc[next++ & kRingMask], handler}); }
  void step() {
    // Moving the handler out of top() is safe: the ordering key is untouched.
    PqEvent ev = std::move(const_cast<PqEvent&>(queue.top()));
    queue.pop();
    now = ev.time;
    ev.fn();
  }
};

void hold_priority_queue(benchmark::State& state, bool bimodal) {
  const Ring& r = ring(bimodal);
  PqHold h;
  h.inc = r.real.data();
  h.handler = [&h] { h.on_event(); };
  const std::size_t n = pending_count(state);
  for (std::size_t i = 0; i < n; ++i) h.queue.push(PqEvent{h.inc[h.next++ & kRingMask], h.handler});
  warm_up(n, [&] { h.step(); });
  for (auto _ : state) h.step();
  if (h.queue.size() != n) state.SkipWithError("pending count changed");
  state.SetItemsProcessed(state.iterations());
}

// ---------------------------------------------------------------------------
// std::multimap<double, std::function<void()>>: the shape of ns-3's default
// MapScheduler (a red-black tree, one node allocation per event).

struct MultimapHold {
  std::multimap<double, std::function<void()>> queue;
  const double* inc = nullptr;
  std::size_t next = 0;
  double now = 0;
  std::function<void()> handler;

  void on_event() { queue.emplace(now + inc[next++ & kRingMask], handler); }
  void step() {
    auto it = queue.begin();
    now = it->first;
    std::function<void()> fn = std::move(it->second);
    queue.erase(it);
    fn();
  }
};

void hold_multimap(benchmark::State& state, bool bimodal) {
  const Ring& r = ring(bimodal);
  MultimapHold h;
  h.inc = r.real.data();
  h.handler = [&h] { h.on_event(); };
  const std::size_t n = pending_count(state);
  for (std::size_t i = 0; i < n; ++i) h.queue.emplace(h.inc[h.next++ & kRingMask], h.handler);
  warm_up(n, [&] { h.step(); });
  for (auto _ : state) h.step();
  if (h.queue.size() != n) state.SkipWithError("pending count changed");
  state.SetItemsProcessed(state.iterations());
}

// ---------------------------------------------------------------------------
// The bare key queues: pop a key, push (time + increment, next sequence).

template <class Queue>
void hold_bare_queue(benchmark::State& state, bool bimodal) {
  const Ring& r = ring(bimodal);
  const std::int64_t* inc = r.ns.data();
  Queue queue;
  std::uint64_t seq = 0;
  std::size_t next = 0;
  const std::size_t n = pending_count(state);
  for (std::size_t i = 0; i < n; ++i) {
    queue.push(EventKey{static_cast<std::uint64_t>(inc[next++ & kRingMask]), seq++, 0, 0});
  }
  auto step = [&] {
    const EventKey k = queue.pop();
    queue.push(
        EventKey{k.time + static_cast<std::uint64_t>(inc[next++ & kRingMask]), seq++, k.slot, 0});
  };
  warm_up(n, step);
  for (auto _ : state) step();
  if (queue.size() != n) state.SkipWithError("pending count changed");
  state.SetItemsProcessed(state.iterations());
}

}  // namespace
}  // namespace lambdasim

// Global names: tools read "BM_HoldKernel/100000" and so on verbatim.
using lambdasim::DaryHeapQueue;
using lambdasim::RadixHeapQueue;

static void BM_HoldKernel(benchmark::State& state) {
  lambdasim::hold_kernel(state, false);
}
static void BM_HoldKernelBimodal(benchmark::State& state) {
  lambdasim::hold_kernel(state, true);
}
static void BM_HoldPriorityQueue(benchmark::State& state) {
  lambdasim::hold_priority_queue(state, false);
}
static void BM_HoldPriorityQueueBimodal(benchmark::State& state) {
  lambdasim::hold_priority_queue(state, true);
}
static void BM_HoldMultimap(benchmark::State& state) {
  lambdasim::hold_multimap(state, false);
}
static void BM_HoldMultimapBimodal(benchmark::State& state) {
  lambdasim::hold_multimap(state, true);
}
static void BM_HoldRadixQueue(benchmark::State& state) {
  lambdasim::hold_bare_queue<RadixHeapQueue>(state, false);
}
static void BM_HoldRadixQueueBimodal(benchmark::State& state) {
  lambdasim::hold_bare_queue<RadixHeapQueue>(state, true);
}
static void BM_HoldDaryQueue(benchmark::State& state) {
  lambdasim::hold_bare_queue<DaryHeapQueue>(state, false);
}
static void BM_HoldDaryQueueBimodal(benchmark::State& state) {
  lambdasim::hold_bare_queue<DaryHeapQueue>(state, true);
}

BENCHMARK(BM_HoldKernel)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldKernelBimodal)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldPriorityQueue)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldPriorityQueueBimodal)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldMultimap)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldMultimapBimodal)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldRadixQueue)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldRadixQueueBimodal)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldDaryQueue)->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldDaryQueueBimodal)->Arg(1000)->Arg(100000)->Arg(1000000);

BENCHMARK_MAIN();
