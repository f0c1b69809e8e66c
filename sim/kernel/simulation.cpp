#include "lambdasim/kernel/simulation.hpp"

#include <bit>
#include <limits>
#include <stdexcept>
#include <string>

namespace lambdasim {

EventType Simulation::register_handler(Handler handler, void* context) {
  if (handler == nullptr) throw std::invalid_argument("register_handler: null handler");
  handlers_.push_back(HandlerEntry{handler, context});
  return static_cast<EventType>(handlers_.size() - 1);
}

void Simulation::grow_slots() {
  const std::size_t old_slots = generation_.size();
  const std::size_t slots = old_slots == 0 ? 1024 : 2 * old_slots;
  if (slots > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("Simulation: too many pending events");
  }
  generation_.resize(slots, 0);
  slot_bits_.resize(2 * (slots / 64), 0);
  cursor_ = static_cast<std::uint32_t>(old_slots);  // the new slots are all free
}

std::uint32_t Simulation::allocate_slot() {
  // Never more than 3/4 used: one sweep of the slots allocates at least a
  // quarter of them, so the scan costs amortised O(1) words per allocation.
  if (4 * used_ >= 3 * generation_.size()) grow_slots();
  const std::size_t words = generation_.size() / 64;
  std::size_t w = cursor_ >> 6;
  std::uint64_t free = ~slot_bits_[2 * w + 1] & (~std::uint64_t{0} << (cursor_ & 63));
  while (free == 0) {
    w = w + 1 == words ? 0 : w + 1;
    free = ~slot_bits_[2 * w + 1];
  }
  const std::size_t slot = w * 64 + static_cast<std::size_t>(std::countr_zero(free));
  cursor_ = slot + 1 == generation_.size() ? 0 : static_cast<std::uint32_t>(slot + 1);
  return static_cast<std::uint32_t>(slot);
}

void Simulation::throw_bad_schedule(SimTime t, EventType type) const {
  if (t < now_) {
    throw std::logic_error("schedule: time " + format_time(t) + " is before now " +
                           format_time(now_));
  }
  throw std::logic_error("schedule: unknown event type " + std::to_string(type));
}

EventId Simulation::schedule_at(SimTime t, EventType type, EventArgs args) {
  check_schedule(t, type);
  const std::uint32_t slot = allocate_slot();
  live_word(slot) |= bit(slot);
  used_word(slot) |= bit(slot);
  ++used_;
  ++live_;
  const std::uint32_t generation = ++generation_[slot];
  queue_.push(QueuedEvent{static_cast<std::uint64_t>(t.count()), next_seq_++, args, type, slot});
  return EventId{slot, generation};
}

bool Simulation::cancel(EventId id) {
  if (!id.valid() || id.slot >= generation_.size()) return false;
  if (!live(id.slot) || generation_[id.slot] != id.generation) return false;
  live_word(id.slot) &= ~bit(id.slot);  // the key is dropped when it reaches the top
  --live_;
  return true;
}

bool Simulation::step(SimTime limit) {
  const auto limit_key = static_cast<std::uint64_t>(limit.count());
  while (!queue_.empty()) {
    const QueuedEvent& top = queue_.top();
    const std::uint32_t slot = top.slot;
    if (slot != kNoSlot && !live(slot)) {  // cancelled: drop the key and free the slot
      queue_.pop();
      used_word(slot) &= ~bit(slot);
      --used_;
      continue;
    }
    if (top.time > limit_key) return false;
    const QueuedEvent ev = queue_.pop();
    // Freed before the handler runs, so the handler may reuse the slot and
    // cancelling the running event is a harmless no-op.
    if (slot != kNoSlot) {
      live_word(slot) &= ~bit(slot);
      used_word(slot) &= ~bit(slot);
      --used_;
    }
    --live_;
    now_ = SimTime{static_cast<std::int64_t>(ev.time)};
    ++processed_;
    const HandlerEntry& h = handlers_[ev.type];
    h.fn(h.context, *this, ev.args);
    return true;
  }
  return false;
}

void Simulation::run_events(SimTime limit) {
  stopped_ = false;
  interrupted_ = false;
  if (interrupt_ == nullptr && progress_ == nullptr) {
    while (!stopped_ && step(limit)) {
    }
    return;
  }
  // The same loop in batches: one relaxed load (and with progress, two
  // relaxed adds) per batch keeps the check off the per-event path.
  std::uint64_t events_shown = processed_;
  SimTime time_shown = now_;
  const auto show_progress = [&] {
    if (progress_ == nullptr) return;
    progress_->events.fetch_add(processed_ - events_shown, std::memory_order_relaxed);
    progress_->simulated_ns.fetch_add((now_ - time_shown).count(), std::memory_order_relaxed);
    events_shown = processed_;
    time_shown = now_;
  };
  for (;;) {
    if (interrupt_ != nullptr && interrupt_->load(std::memory_order_relaxed)) {
      interrupted_ = true;
      show_progress();
      return;
    }
    for (std::uint32_t i = 0; i < kInterruptCheckEvents; ++i) {
      if (stopped_ || !step(limit)) {
        show_progress();
        return;
      }
    }
    show_progress();
  }
}

void Simulation::run_until(SimTime t) {
  if (t < now_) throw std::logic_error("run_until: time is before now");
  run_events(t);
  if (!stopped_ && !interrupted_) {
    // The quiet stretch after the last event counts as simulated too.
    if (progress_ != nullptr && t != kTimeInfinity) {
      progress_->simulated_ns.fetch_add((t - now_).count(), std::memory_order_relaxed);
    }
    now_ = t;
  }
}

void Simulation::run() {
  run_events(kTimeInfinity);
}

}  // namespace lambdasim
