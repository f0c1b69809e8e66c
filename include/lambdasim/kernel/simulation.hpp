// The discrete-event kernel: one Simulation is one independent run (no
// globals), so many can run side by side on a thread pool. Handlers are plain
// function pointers in a table indexed by event type, and each event carries a
// fixed 16-byte payload: scheduling and dispatch never allocate once the
// queue and slab have grown to the run's high-water mark.
//   Simulation sim;
//   EventType tick = sim.register_method<&Model::on_tick>(&model);
//   sim.schedule_in(seconds(1), tick, {.a = 7});
//   sim.run_until(minutes(5));
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "lambdasim/kernel/event_queue.hpp"
#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

// Fixed payload of an event; models pack indices and generations into it.
struct EventArgs {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
};

using EventType = std::uint32_t;

// Names one scheduled event for cancel(). Stale ids are harmless.
struct EventId {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

class Simulation {
 public:
  using Handler = void (*)(void* context, Simulation& sim, const EventArgs& args);

  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Registers a handler; the returned type is passed to schedule_*.
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
  EventId schedule_in(SimTime delay, EventType type, EventArgs args = {}) {
    return schedule_at(now_ + delay, type, args);
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

  std::uint64_t events_processed() const { return processed_; }
  // Live (scheduled, not cancelled, not yet run) events.
  std::size_t pending() const { return live_; }

 private:
  struct Payload {
    EventArgs args;
    EventType type = 0;
    std::uint32_t generation = 0;
    std::uint32_t next_free = 0;
    bool live = false;
  };
  struct HandlerEntry {
    Handler fn;
    void* context;
  };

  // Pops and dispatches the earliest live event if its time is <= limit.
  bool step(SimTime limit);
  void release(std::uint32_t slot);

  RadixHeapQueue queue_;
  std::vector<Payload> slab_;
  std::vector<HandlerEntry> handlers_;
  std::uint32_t free_head_ = kNoSlot;
  SimTime now_ = kTimeZero;
  std::uint64_t next_seq_ = 0;
  std::uint64_t processed_ = 0;
  std::size_t live_ = 0;
  bool stopped_ = false;

  static constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();
};

}  // namespace lambdasim
