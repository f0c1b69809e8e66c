// Kernel: the interrupt flag (SIGINT/SIGTERM) stops run_until at an event
// boundary, read once per kInterruptCheckEvents events.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>

#include "lambdasim/kernel/simulation.hpp"

using namespace lambdasim;

namespace {

// An event every millisecond, for ever; it can raise the flag at event n.
struct Ticker {
  Simulation& sim;
  EventType tick = 0;
  std::atomic<bool>* flag = nullptr;
  std::uint64_t raise_at = 0;
  std::uint64_t seen = 0;
  void on_tick(const EventArgs& /*args*/) {
    if (++seen == raise_at && flag != nullptr) flag->store(true);
    sim.post_in(milliseconds(1), tick);
  }
};

}  // namespace

TEST_CASE("the interrupt flag stops run_until at the next check", "[kernel][interrupt]") {
  Simulation sim;
  std::atomic<bool> flag{false};
  Ticker t{sim};
  t.tick = sim.register_method<&Ticker::on_tick>(&t);
  t.flag = &flag;
  t.raise_at = 10;
  sim.set_interrupt_flag(&flag);
  sim.post_at(kTimeZero, t.tick);
  sim.run_until(seconds(100));

  CHECK(sim.interrupted());
  // Raised at event 10, read after the first batch: exactly one batch ran.
  CHECK(sim.events_processed() == Simulation::kInterruptCheckEvents);
  // now() is the last event's time, not the horizon: events at 0, 1 ms, ...
  CHECK(sim.now() == milliseconds(Simulation::kInterruptCheckEvents - 1));

  SECTION("cleared, the same simulation runs on to the horizon") {
    flag = false;
    sim.run_until(seconds(100));
    CHECK_FALSE(sim.interrupted());
    CHECK(sim.now() == seconds(100));
    CHECK(sim.events_processed() == 100'001);  // 0 ms to 100,000 ms inclusive
  }
}

TEST_CASE("a flag already set stops before the first event; none set is never read",
          "[kernel][interrupt]") {
  Simulation sim;
  std::atomic<bool> flag{true};
  Ticker t{sim};
  t.tick = sim.register_method<&Ticker::on_tick>(&t);
  sim.post_at(kTimeZero, t.tick);

  sim.set_interrupt_flag(&flag);
  sim.run_until(seconds(1));
  CHECK(sim.interrupted());
  CHECK(sim.events_processed() == 0);
  CHECK(sim.now() == kTimeZero);

  sim.set_interrupt_flag(nullptr);
  sim.run_until(seconds(1));
  CHECK_FALSE(sim.interrupted());
  CHECK(sim.events_processed() == 1'001);
  CHECK(sim.now() == seconds(1));
}
