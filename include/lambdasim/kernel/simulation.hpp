// The discrete-event kernel: one Simulation is one independent run (no
// globals), so many can run side by side on a thread pool. Handlers are plain
// function pointers in a table indexed by event type, and each event carries a
// fixed 8-byte payload: posting and dispatch never allocate once the queue and
// slot tables have grown to the run's high-water mark. The model posts every
// event (post_*); schedule_* + cancel() are for events that may be taken back.
//   EventType tick = sim.register_method<&Model::on_tick>(&model);
//   sim.post_in(seconds(1), tick, {.a = 7});
//   sim.run_until(minutes(5));
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <vector>

#include "lambdasim/kernel/event_queue.hpp"
#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

// Fixed payload of an event; models pack indices and generations into it.
// One word keeps a queued event at 32 bytes, two to a cache line: the event
// list's moves are the kernel's main cost.
struct EventArgs {
  std::uint64_t a = 0;
};

using EventType = std::uint32_t;

// Names one scheduled event for cancel(). Stale ids are harmless.
struct EventId {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

// What runs have done so far, for a progress display read from another
// thread (relaxed loads): a Simulation given it adds its events and the
// simulated time it advanced once per kInterruptCheckEvents events (never per
// event); the runner counts replications finished.
struct SimulationProgress {
  std::atomic<std::uint64_t> events{0};
  std::atomic<std::int64_t> simulated_ns{0};
  std::atomic<std::uint64_t> runs{0};
};

class Simulation {
 public:
  using Handler = void (*)(void* context, Simulation& sim, const EventArgs& args);

  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Registers a handler; the returned type is passed to post_* and schedule_*.
  EventType register_handler(Handler handler, void* context);

  // Registers `obj->*Method(const EventArgs&)` without any allocation.
  template <auto Method, class T>
  EventType register_method(T* obj) {
    return register_handler(
        [](void* context, Simulation&, const EventArgs& args) {
          (static_cast<T*>(context)->*Method)(args);
        },
        obj);
  }

  SimTime now() const { return now_; }

  // Schedules at absolute time t >= now(); throws std::logic_error otherwise.
  EventId schedule_at(SimTime t, EventType type, EventArgs args = {});
  // Saturates at kTimeInfinity instead of overflowing (signed overflow is UB).
  EventId schedule_in(SimTime delay, EventType type, EventArgs args = {}) {
    return schedule_at(saturating_at(delay), type, args);
  }

  // Like schedule_at/schedule_in, for events that are never cancelled: no
  // slot is allocated, which is cheaper on the hot path (arrivals,
  // completions). A model that may need to ignore such an event later checks
  // its own state (a generation) in the handler instead.
  void post_at(SimTime t, EventType type, EventArgs args = {}) {
    check_schedule(t, type);
    ++live_;
    queue_.push(
        QueuedEvent{static_cast<std::uint64_t>(t.count()), next_seq_++, args, type, kNoSlot});
  }
  void post_in(SimTime delay, EventType type, EventArgs args = {}) {
    post_at(saturating_at(delay), type, args);
  }

  // O(1): marks the event dead; its key is discarded when it reaches the top.
  // Returns false when the event already ran, was cancelled, or is running.
  bool cancel(EventId id);

  // Runs every event with time <= t, then sets now() = t (unless stopped).
  void run_until(SimTime t);
  // Runs until no event is left or stop() is called.
  void run();
  // Ends run()/run_until() after the current handler returns.
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  // Ends run()/run_until() at an event boundary soon after `*flag` becomes
  // true: how SIGINT/SIGTERM stop a long run from a signal handler or another
  // thread. The flag is read (a relaxed load) once per kInterruptCheckEvents
  // events, never per event. interrupted() then says so, and now() stays at
  // the time of the last event run (run_until does not move it to t).
  // nullptr, the default, is never checked.
  void set_interrupt_flag(const std::atomic<bool>* flag) { interrupt_ = flag; }
  bool interrupted() const { return interrupted_; }
  static constexpr std::uint32_t kInterruptCheckEvents = 4096;
  // Adds events and simulated time to `*progress` once per
  // kInterruptCheckEvents events and when run()/run_until() returns;
  // nullptr, the default, adds nothing.
  void set_progress(SimulationProgress* progress) { progress_ = progress; }

  std::uint64_t events_processed() const { return processed_; }
  // Live (scheduled, not cancelled, not yet run) events.
  std::size_t pending() const { return live_; }

 private:
  // The queued key carries the event's payload: dispatch reads only the
  // queue's buckets (sequential memory), never a payload slab at a random
  // slot, which cost a cache miss per event with 10^5+ events pending.
  struct QueuedEvent {
    std::uint64_t time = 0;  // nanoseconds (never negative: time starts at 0)
    std::uint64_t seq = 0;   // scheduling order, unique: FIFO among equal times
    EventArgs args;
    EventType type = 0;
    std::uint32_t slot = 0;  // names the event for cancel(); kNoSlot if posted
    friend bool operator<(const QueuedEvent& x, const QueuedEvent& y) {
      return x.time != y.time ? x.time < y.time : x.seq < y.seq;
    }
  };
  static_assert(sizeof(QueuedEvent) == 32, "two queued events per cache line");
  struct HandlerEntry {
    Handler fn;
    void* context;
  };

  // Marks posted events (no slot: they cannot be cancelled).
  static constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

  SimTime saturating_at(SimTime delay) const {
    return delay > kTimeInfinity - now_ ? kTimeInfinity : now_ + delay;
  }
  // Throws std::logic_error unless t >= now() and type is registered.
  void check_schedule(SimTime t, EventType type) const {
    if (t < now_ || type >= handlers_.size()) [[unlikely]]
      throw_bad_schedule(t, type);
  }
  [[noreturn]] void throw_bad_schedule(SimTime t, EventType type) const;
  // Pops and dispatches the earliest live event if its time is <= limit.
  bool step(SimTime limit);
  // Runs step(limit) until it returns false, stop() or the interrupt flag.
  void run_events(SimTime limit);
  std::uint32_t allocate_slot();
  void grow_slots();

  // Slot bits, interleaved so that both bits of a slot share a cache line:
  // word 2w holds the `live` bits of slots 64w..64w+63, word 2w+1 their
  // `used` bits.
  bool live(std::uint32_t slot) const {
    return ((slot_bits_[2 * (slot >> 6)] >> (slot & 63)) & 1U) != 0;
  }
  std::uint64_t& live_word(std::uint32_t slot) { return slot_bits_[2 * (slot >> 6)]; }
  std::uint64_t& used_word(std::uint32_t slot) { return slot_bits_[2 * (slot >> 6) + 1]; }
  static std::uint64_t bit(std::uint32_t slot) { return std::uint64_t{1} << (slot & 63); }

  BasicRadixHeapQueue<QueuedEvent> queue_;
  // A slot is `used` while a key naming it is queued and `live` while its
  // event is scheduled (not run, not cancelled). A cancelled slot stays used
  // until its key reaches the top and is dropped, so a slot is never reused
  // while a key for it is queued, and the live bit alone says whether the top
  // key is live. The generation, bumped at each allocation, tells stale
  // EventIds apart. Allocation sweeps the slots in order (cursor_), so these
  // small tables are touched close to sequentially.
  std::vector<std::uint64_t> slot_bits_;
  std::vector<std::uint32_t> generation_;
  std::uint32_t cursor_ = 0;
  std::size_t used_ = 0;
  std::vector<HandlerEntry> handlers_;
  SimTime now_ = kTimeZero;
  std::uint64_t next_seq_ = 0;
  std::uint64_t processed_ = 0;
  std::size_t live_ = 0;
  bool stopped_ = false;
  const std::atomic<bool>* interrupt_ = nullptr;
  bool interrupted_ = false;
  SimulationProgress* progress_ = nullptr;
};

}  // namespace lambdasim
