#include "lambdasim/kernel/simulation.hpp"

#include <stdexcept>
#include <string>

namespace lambdasim {

EventType Simulation::register_handler(Handler handler, void* context) {
  if (handler == nullptr) throw std::invalid_argument("register_handler: null handler");
  handlers_.push_back(HandlerEntry{handler, context});
  return static_cast<EventType>(handlers_.size() - 1);
}

EventId Simulation::schedule_at(SimTime t, EventType type, EventArgs args) {
  if (t < now_) {
    throw std::logic_error("schedule_at: time " + format_time(t) + " is before now " +
                           format_time(now_));
  }
  if (type >= handlers_.size()) throw std::logic_error("schedule_at: unknown event type");
  std::uint32_t slot = free_head_;
  if (slot != kNoSlot) {
    free_head_ = slab_[slot].next_free;
  } else {
    slot = static_cast<std::uint32_t>(slab_.size());
    slab_.emplace_back();
  }
  Payload& p = slab_[slot];
  p.args = args;
  p.type = type;
  p.live = true;
  queue_.push(EventKey{static_cast<std::uint64_t>(t.count()), next_seq_++, slot, p.generation});
  ++live_;
  return EventId{slot, p.generation};
}

void Simulation::release(std::uint32_t slot) {
  Payload& p = slab_[slot];
  p.live = false;
  ++p.generation;  // invalidates the queue key and any EventId still held
  p.next_free = free_head_;
  free_head_ = slot;
  --live_;
}

bool Simulation::cancel(EventId id) {
  if (!id.valid() || id.slot >= slab_.size()) return false;
  Payload& p = slab_[id.slot];
  if (!p.live || p.generation != id.generation) return false;
  release(id.slot);
  return true;
}

bool Simulation::step(SimTime limit) {
  const auto limit_key = static_cast<std::uint64_t>(limit.count());
  while (!queue_.empty()) {
    const EventKey& top = queue_.top();
    const Payload& p = slab_[top.slot];
    if (p.generation != top.generation) {  // cancelled: drop the stale key
      queue_.pop();
      continue;
    }
    if (top.time > limit_key) return false;
    const EventKey k = queue_.pop();
    const EventArgs args = p.args;
    const EventType type = p.type;
    // Freed before the handler runs, so the handler may reuse the slot and
    // cancelling the running event is a harmless no-op.
    release(k.slot);
    now_ = SimTime{static_cast<std::int64_t>(k.time)};
    ++processed_;
    const HandlerEntry& h = handlers_[type];
    h.fn(h.context, *this, args);
    return true;
  }
  return false;
}

void Simulation::run_until(SimTime t) {
  if (t < now_) throw std::logic_error("run_until: time is before now");
  stopped_ = false;
  while (!stopped_ && step(t)) {
  }
  if (!stopped_) now_ = t;
}

void Simulation::run() {
  stopped_ = false;
  while (!stopped_ && step(kTimeInfinity)) {
  }
}

}  // namespace lambdasim
