// Kernel: Simulation scheduling, FIFO ties, cancellation, run_until, stop().
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"

using namespace lambdasim;

namespace {

struct Fired {
  SimTime time;
  std::uint64_t a;
  friend bool operator==(const Fired& x, const Fired& y) { return x.time == y.time && x.a == y.a; }
};

// Records every event it receives; optional hooks let a test act from inside
// a handler.
struct Recorder {
  Simulation& sim;
  std::vector<Fired> log{};
  void on_event(const EventArgs& args) { log.push_back({sim.now(), args.a}); }
};

std::vector<std::uint64_t> ids_of(const std::vector<Fired>& log) {
  std::vector<std::uint64_t> ids;
  for (const Fired& f : log) ids.push_back(f.a);
  return ids;
}

}  // namespace

TEST_CASE("events run in time order whatever the scheduling order") {
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  Rng rng(7, 0);
  std::vector<std::int64_t> times;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    const auto ns = static_cast<std::int64_t>(rng.below(1'000'000'000));
    times.push_back(ns);
    sim.schedule_at(nanoseconds(ns), t, {.a = i});
  }
  CHECK(sim.pending() == 2000);
  sim.run();
  REQUIRE(rec.log.size() == 2000);
  for (std::size_t i = 1; i < rec.log.size(); ++i) REQUIRE(rec.log[i - 1].time <= rec.log[i].time);
  for (const Fired& f : rec.log) REQUIRE(f.time == nanoseconds(times[f.a]));
  CHECK(sim.pending() == 0);
  CHECK(sim.events_processed() == 2000);
  CHECK(sim.now() == rec.log.back().time);
}

TEST_CASE("events at equal times run in scheduling order (FIFO)") {
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  // Interleave two time values so that the ties are not scheduled contiguously.
  for (std::uint64_t i = 0; i < 200; ++i) {
    sim.schedule_at(i % 2 == 0 ? milliseconds(5) : milliseconds(3), t, {.a = i});
  }
  sim.schedule_at(kTimeZero, t, {.a = 1000});
  sim.run();
  REQUIRE(rec.log.size() == 201);
  CHECK(rec.log[0].a == 1000);
  std::vector<std::uint64_t> expected{1000};
  for (std::uint64_t i = 1; i < 200; i += 2) expected.push_back(i);
  for (std::uint64_t i = 0; i < 200; i += 2) expected.push_back(i);
  CHECK(ids_of(rec.log) == expected);
}

TEST_CASE("register_handler passes context, simulation and args") {
  Simulation sim;
  struct Ctx {
    int calls = 0;
    std::uint64_t b = 0;
    SimTime seen = kTimeZero;
  } ctx;
  const EventType t = sim.register_handler(
      [](void* c, Simulation& s, const EventArgs& args) {
        auto* self = static_cast<Ctx*>(c);
        ++self->calls;
        self->b = args.a;
        self->seen = s.now();
      },
      &ctx);
  sim.schedule_in(seconds(2), t, {.a = 99});
  sim.run();
  CHECK(ctx.calls == 1);
  CHECK(ctx.b == 99);
  CHECK(ctx.seen == seconds(2));
  CHECK_THROWS_AS(sim.register_handler(nullptr, nullptr), std::invalid_argument);
  CHECK_THROWS_AS(sim.schedule_in(seconds(1), t + 1), std::logic_error);
}

TEST_CASE("cancellation is immediate and lazy") {
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  const EventId e0 = sim.schedule_at(milliseconds(1), t, {.a = 0});
  const EventId e1 = sim.schedule_at(milliseconds(2), t, {.a = 1});
  const EventId e2 = sim.schedule_at(milliseconds(3), t, {.a = 2});
  REQUIRE(sim.pending() == 3);

  SECTION("a cancelled event never runs; cancelling twice returns false") {
    CHECK(sim.cancel(e1));
    CHECK(sim.pending() == 2);  // at once, before its key leaves the queue
    CHECK_FALSE(sim.cancel(e1));
    CHECK(sim.pending() == 2);
    sim.run();
    CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{0, 2});
    CHECK(sim.events_processed() == 2);
    CHECK(sim.pending() == 0);
  }
  SECTION("cancelling the earliest and the latest event") {
    CHECK(sim.cancel(e0));
    CHECK(sim.cancel(e2));
    CHECK(sim.pending() == 1);
    sim.run();
    CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{1});
    CHECK(sim.now() == milliseconds(2));  // the cancelled e2 does not move time
  }
  SECTION("an event that already ran cannot be cancelled, nor can a default id") {
    sim.run_until(milliseconds(1));
    CHECK_FALSE(sim.cancel(e0));
    CHECK_FALSE(sim.cancel(EventId{}));
    CHECK_FALSE(sim.cancel(EventId{12345, 0}));
    CHECK(sim.pending() == 2);
  }
  SECTION("a stale id does not cancel the event that later reuses its slot") {
    sim.run_until(milliseconds(1));  // e0 ran; its slot is free again
    // Schedule and run events at now until one reuses e0's slot: reuse is
    // what makes the generation check matter.
    EventId reused;
    for (std::uint64_t i = 0; i < 100'000 && reused.slot != e0.slot; ++i) {
      reused = sim.schedule_at(sim.now(), t, {.a = 100});
      if (reused.slot != e0.slot) sim.run_until(sim.now());
    }
    REQUIRE(reused.slot == e0.slot);
    CHECK(reused.generation != e0.generation);
    CHECK_FALSE(sim.cancel(e0));
    CHECK(sim.pending() == 3);
    CHECK(sim.cancel(reused));
    CHECK_FALSE(sim.cancel(e0));
    CHECK(sim.pending() == 2);
  }
  SECTION("a cancelled event's slot is reused only once its key has left the queue") {
    CHECK(sim.cancel(e2));
    std::vector<EventId> later;
    for (std::uint64_t i = 0; i < 5000; ++i) {
      later.push_back(sim.schedule_at(milliseconds(3), t, {.a = 10 + i}));
      // While e2's stale key is queued its slot holds a new event only if the
      // kernel tells the two apart by generation.
      if (later.back().slot == e2.slot) CHECK(later.back().generation != e2.generation);
    }
    CHECK_FALSE(sim.cancel(e2));
    CHECK(sim.pending() == 5002);
    sim.run();
    CHECK(rec.log.size() == 5002);
    CHECK(rec.log[0].a == 0);
    CHECK(rec.log[1].a == 1);
    CHECK(rec.log[2].a == 10);
    CHECK(rec.log.back().a == 5009);
    CHECK(sim.events_processed() == 5002);
  }
}

namespace {

// A handler that, in turn, cancels itself, cancels or reschedules others.
struct Actor {
  Simulation& sim;
  EventType type = 0;
  std::vector<Fired> log{};
  std::map<std::uint64_t, EventId> ids{};
  std::vector<bool> cancel_results{};

  // The payload packs the event's number a and its action.
  static constexpr int kActionBits = 8;
  EventId schedule(SimTime t, std::uint64_t a, std::uint64_t action = 0) {
    const EventId id = sim.schedule_at(t, type, {.a = (a << kActionBits) | action});
    ids[a] = id;
    return id;
  }
  // action: 1 = cancel myself, 2 = cancel event a+1, 3 = schedule a+100 at
  // now, 4 = schedule a+100 at now + 1 ns, 5 = stop.
  void on_event(const EventArgs& packed) {
    const EventArgs args{.a = packed.a >> kActionBits};
    log.push_back({sim.now(), args.a});
    switch (packed.a & ((1U << kActionBits) - 1)) {
      case 1:
        cancel_results.push_back(sim.cancel(ids.at(args.a)));
        break;
      case 2:
        cancel_results.push_back(sim.cancel(ids.at(args.a + 1)));
        break;
      case 3:
        schedule(sim.now(), args.a + 100);
        break;
      case 4:
        schedule(sim.now() + nanoseconds(1), args.a + 100);
        break;
      case 5:
        sim.stop();
        break;
      default:
        break;
    }
  }
};

}  // namespace

TEST_CASE("actions from inside a handler") {
  Simulation sim;
  Actor actor{sim};
  actor.type = sim.register_method<&Actor::on_event>(&actor);

  SECTION("cancelling the event being dispatched returns false and is harmless") {
    actor.schedule(seconds(1), 0, 1);
    actor.schedule(seconds(1), 1);
    sim.run();
    CHECK(actor.cancel_results == std::vector<bool>{false});
    CHECK(ids_of(actor.log) == std::vector<std::uint64_t>{0, 1});
    CHECK(sim.events_processed() == 2);
    CHECK(sim.pending() == 0);
  }
  SECTION("a handler cancels a pending event at the same time") {
    actor.schedule(seconds(1), 0, 2);
    actor.schedule(seconds(1), 1);
    actor.schedule(seconds(1), 2);
    CHECK(sim.pending() == 3);
    sim.run();
    CHECK(actor.cancel_results == std::vector<bool>{true});
    CHECK(ids_of(actor.log) == std::vector<std::uint64_t>{0, 2});
    CHECK(sim.events_processed() == 2);
  }
  SECTION("rescheduling at now runs after the events already queued at now") {
    actor.schedule(seconds(1), 0, 3);
    actor.schedule(seconds(1), 1, 3);
    actor.schedule(seconds(1), 2);
    actor.schedule(seconds(1) + nanoseconds(1), 3);
    sim.run();
    CHECK(ids_of(actor.log) == std::vector<std::uint64_t>{0, 1, 2, 100, 101, 3});
    for (std::size_t i = 0; i < 5; ++i) CHECK(actor.log[i].time == seconds(1));
  }
  SECTION("rescheduling 1 ns later runs before later events") {
    actor.schedule(seconds(1), 0, 4);
    actor.schedule(seconds(1) + nanoseconds(1), 1);
    actor.schedule(seconds(1) + nanoseconds(2), 2);
    sim.run();
    // 100 is at the same time as 1 but was scheduled after it.
    CHECK(ids_of(actor.log) == std::vector<std::uint64_t>{0, 1, 100, 2});
  }
  SECTION("a handler that reschedules itself forever is bounded by run_until") {
    struct Ticker {
      Simulation& sim;
      EventType type = 0;
      int ticks = 0;
      void on_tick(const EventArgs&) {
        ++ticks;
        sim.schedule_in(milliseconds(10), type);
      }
    } ticker{sim};
    ticker.type = sim.register_method<&Ticker::on_tick>(&ticker);
    sim.schedule_at(kTimeZero, ticker.type);
    sim.run_until(seconds(1));
    CHECK(ticker.ticks == 101);  // 0, 10 ms, ..., 1000 ms inclusive
    CHECK(sim.now() == seconds(1));
    CHECK(sim.pending() == 1);
  }
}

TEST_CASE("run_until boundaries") {
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  const SimTime horizon = milliseconds(100);
  sim.schedule_at(horizon - nanoseconds(1), t, {.a = 0});
  sim.schedule_at(horizon, t, {.a = 1});
  sim.schedule_at(horizon + nanoseconds(1), t, {.a = 2});
  sim.schedule_at(horizon + nanoseconds(1), t, {.a = 3});

  sim.run_until(horizon);
  CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{0, 1});  // exactly t runs
  CHECK(sim.now() == horizon);
  CHECK(sim.pending() == 2);

  SECTION("scheduling at now after run_until runs before the later events") {
    // The queue has already looked at the event at horizon + 1 ns; a key below
    // it makes RadixHeapQueue rebase.
    sim.schedule_at(horizon, t, {.a = 10});
    sim.schedule_at(horizon, t, {.a = 11});
    sim.schedule_at(horizon + nanoseconds(1), t, {.a = 12});
    sim.run_until(horizon);  // the same horizon again: runs 10 and 11 only
    CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{0, 1, 10, 11});
    sim.run_until(horizon + nanoseconds(1));
    CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{0, 1, 10, 11, 2, 3, 12});
    CHECK(sim.now() == horizon + nanoseconds(1));
    CHECK(sim.events_processed() == 7);
  }
  SECTION("run_until with nothing due only advances now") {
    sim.run_until(horizon + milliseconds(0));
    CHECK(sim.events_processed() == 2);
    sim.schedule_in(kTimeZero, t, {.a = 20});
    sim.run_until(horizon);
    CHECK(rec.log.back().a == 20);
  }
  SECTION("run_until into the past throws; schedule before now throws") {
    CHECK_THROWS_AS(sim.run_until(horizon - nanoseconds(1)), std::logic_error);
    CHECK_THROWS_AS(sim.schedule_at(horizon - nanoseconds(1), t), std::logic_error);
    CHECK_THROWS_AS(sim.schedule_in(nanoseconds(-1), t), std::logic_error);
    CHECK(sim.pending() == 2);
    CHECK_NOTHROW(sim.schedule_at(horizon, t, {.a = 30}));
  }
  SECTION("run() after run_until drains the rest and leaves now at the last event") {
    sim.run();
    CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{0, 1, 2, 3});
    CHECK(sim.now() == horizon + nanoseconds(1));
  }
  SECTION("run_until far past the last event leaves now at the horizon") {
    sim.run_until(hours(1));
    CHECK(sim.now() == hours(1));
    CHECK(sim.pending() == 0);
  }
}

TEST_CASE("schedule_at in the past throws, also from inside a handler") {
  Simulation sim;
  struct Bad {
    Simulation& sim;
    EventType type = 0;
    bool threw = false;
    void on_event(const EventArgs&) {
      try {
        sim.schedule_at(sim.now() - nanoseconds(1), type);
      } catch (const std::logic_error&) {
        threw = true;
      }
    }
  } bad{sim};
  bad.type = sim.register_method<&Bad::on_event>(&bad);
  sim.schedule_at(seconds(3), bad.type);
  sim.run();
  CHECK(bad.threw);
  CHECK(sim.pending() == 0);
  CHECK_THROWS_AS(sim.schedule_at(seconds(2), bad.type), std::logic_error);
}

TEST_CASE("stop() ends run and run_until after the current handler") {
  Simulation sim;
  Actor actor{sim};
  actor.type = sim.register_method<&Actor::on_event>(&actor);
  for (std::uint64_t i = 0; i < 10; ++i)
    actor.schedule(seconds(static_cast<std::int64_t>(i + 1)), i, i == 2 || i == 6 ? 5 : 0);

  sim.run();
  CHECK(sim.stopped());
  CHECK(actor.log.size() == 3);
  CHECK(sim.events_processed() == 3);
  CHECK(sim.pending() == 7);
  CHECK(sim.now() == seconds(3));

  sim.run_until(seconds(20));  // stops at the event at 7 s; now is not moved to 20 s
  CHECK(sim.stopped());
  CHECK(actor.log.size() == 7);
  CHECK(sim.now() == seconds(7));

  sim.run_until(seconds(20));  // resumes: stop() does not stick
  CHECK_FALSE(sim.stopped());
  CHECK(actor.log.size() == 10);
  CHECK(sim.now() == seconds(20));
  CHECK(sim.events_processed() == 10);
}

TEST_CASE("the event counter counts dispatched events only") {
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  std::vector<EventId> ids;
  for (std::uint64_t i = 0; i < 100; ++i) {
    ids.push_back(sim.schedule_at(microseconds(static_cast<std::int64_t>(i)), t, {.a = i}));
  }
  for (std::size_t i = 0; i < ids.size(); i += 4) CHECK(sim.cancel(ids[i]));
  CHECK(sim.events_processed() == 0);
  CHECK(sim.pending() == 75);
  sim.run_until(microseconds(49));
  CHECK(sim.events_processed() == 50 - 13);
  sim.run();
  CHECK(sim.events_processed() == 75);
  CHECK(rec.log.size() == 75);
}

namespace {

// Differential test: the kernel against an obviously correct reference (an
// ordered map of (time, seq)), with cancels, run_until at random horizons,
// scheduling at now after run_until, and handlers that reschedule (often at
// now, with many exact ties).
struct Diff {
  Simulation& sim;
  EventType type = 0;
  std::uint64_t next_id = 0;
  std::vector<EventId> handles{};  // by id; kept after the event ran or was cancelled
  std::vector<Fired> log{};

  // Every fifth event is posted (no handle: it cannot be cancelled).
  static bool posted(std::uint64_t id) { return id % 5 == 1; }
  std::uint64_t schedule(SimTime t) {
    const std::uint64_t id = next_id++;
    if (posted(id)) {
      sim.post_at(t, type, {.a = id});
      handles.push_back(EventId{});
    } else {
      handles.push_back(sim.schedule_at(t, type, {.a = id}));
    }
    return id;
  }
  void on_event(const EventArgs& args) {
    log.push_back({sim.now(), args.a});
    if (args.a % 3 == 0) schedule(sim.now() + nanoseconds(static_cast<std::int64_t>(args.a % 4)));
  }
};

struct Reference {
  SimTime now = kTimeZero;
  std::uint64_t next_seq = 0;
  std::uint64_t next_id = 0;
  std::map<std::pair<std::int64_t, std::uint64_t>, std::uint64_t> queue;  // (time, seq) -> id
  std::map<std::uint64_t, std::pair<std::int64_t, std::uint64_t>> where;  // id -> key
  std::vector<Fired> log{};

  std::uint64_t schedule(SimTime t) {
    const std::uint64_t id = next_id++;
    const auto key = std::make_pair(t.count(), next_seq++);
    queue[key] = id;
    where[id] = key;
    return id;
  }
  bool cancel(std::uint64_t id) {
    auto it = where.find(id);
    if (it == where.end() || Diff::posted(id)) return false;
    queue.erase(it->second);
    where.erase(it);
    return true;
  }
  void run_until(SimTime t) {
    while (!queue.empty() && queue.begin()->first.first <= t.count()) {
      const auto [key, id] = *queue.begin();
      queue.erase(queue.begin());
      where.erase(id);
      now = SimTime{key.first};
      log.push_back({now, id});
      if (id % 3 == 0) schedule(now + nanoseconds(static_cast<std::int64_t>(id % 4)));
    }
    now = t;
  }
};

}  // namespace

TEST_CASE("posted events run in (time, seq) order with scheduled ones and count as pending") {
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  sim.schedule_at(nanoseconds(10), t, {.a = 0});
  sim.post_at(nanoseconds(10), t, {.a = 1});
  sim.post_at(nanoseconds(5), t, {.a = 2});
  const EventId cancelled = sim.schedule_at(nanoseconds(7), t, {.a = 3});
  sim.post_in(nanoseconds(7), t, {.a = 4});
  sim.post_in(kTimeInfinity, t, {.a = 5});  // saturates instead of overflowing
  CHECK(sim.pending() == 6);
  CHECK(sim.cancel(cancelled));
  CHECK(sim.pending() == 5);
  sim.run_until(nanoseconds(100));
  CHECK(ids_of(rec.log) == std::vector<std::uint64_t>{2, 4, 0, 1});
  CHECK(sim.pending() == 1);
  CHECK(sim.events_processed() == 4);
  CHECK_THROWS_AS(sim.post_at(nanoseconds(99), t), std::logic_error);
  CHECK_THROWS_AS(sim.post_at(nanoseconds(200), t + 1), std::logic_error);
}

TEST_CASE("random workload: the kernel matches a reference event list") {
  Simulation sim;
  Diff diff{sim};
  diff.type = sim.register_method<&Diff::on_event>(&diff);
  Reference ref;
  Rng rng(2024, 1);
  for (int round = 0; round < 30000; ++round) {
    const std::uint64_t op = rng.below(10);
    if (op < 5) {  // schedule a few, often at now (ties), sometimes far ahead
      const std::uint64_t n = 1 + rng.below(4);
      for (std::uint64_t i = 0; i < n; ++i) {
        const auto delay =
            static_cast<std::int64_t>(rng.below(4) == 0 ? rng.below(1'000'000) : rng.below(8));
        const std::uint64_t a = diff.schedule(sim.now() + nanoseconds(delay));
        const std::uint64_t b = ref.schedule(ref.now + nanoseconds(delay));
        REQUIRE(a == b);
      }
    } else if (op < 7) {  // cancel a random id: live, ran, or cancelled (stale handles)
      if (ref.next_id == 0) continue;
      const std::uint64_t id = rng.below(ref.next_id);
      REQUIRE(sim.cancel(diff.handles[id]) == ref.cancel(id));
    } else {  // run to a horizon just past now, or further
      const auto step =
          static_cast<std::int64_t>(rng.below(2) == 0 ? rng.below(5) : rng.below(200'000));
      sim.run_until(sim.now() + nanoseconds(step));
      ref.run_until(ref.now + nanoseconds(step));
      REQUIRE(sim.now() == ref.now);
    }
    REQUIRE(sim.pending() == ref.where.size());
  }
  sim.run_until(sim.now() + seconds(1));
  ref.run_until(ref.now + seconds(1));
  REQUIRE(diff.log.size() == ref.log.size());
  CHECK(diff.log.size() > 3000);
  CHECK(diff.log == ref.log);
  CHECK(sim.events_processed() == ref.log.size());
  CHECK(sim.pending() == 0);
}

TEST_CASE("many pending events with heavy cancellation keep (time, seq) order") {
  // Enough events to grow the slot tables several times, a third cancelled,
  // then timers that are re-armed (cancel + schedule) as a keep-alive would.
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  Rng rng(31, 7);
  struct Expected {
    std::int64_t time;
    std::uint64_t seq;
    std::uint64_t id;
  };
  std::vector<Expected> expected;
  std::vector<EventId> handles;
  std::vector<bool> cancelled;
  std::uint64_t seq = 0;
  auto schedule = [&](std::int64_t ns) {
    const std::uint64_t id = handles.size();
    handles.push_back(sim.schedule_at(nanoseconds(ns), t, {.a = id}));
    expected.push_back({ns, seq++, id});
    cancelled.push_back(false);
  };
  for (int i = 0; i < 40'000; ++i) schedule(static_cast<std::int64_t>(rng.below(50'000)));
  for (std::uint64_t id = 0; id < handles.size(); ++id) {
    if (rng.below(3) == 0) {
      REQUIRE(sim.cancel(handles[id]));
      cancelled[id] = true;
    }
  }
  for (int i = 0; i < 20'000; ++i) {  // re-arm: cancel one live timer, schedule another
    const std::uint64_t id = rng.below(handles.size());
    REQUIRE(sim.cancel(handles[id]) == !cancelled[id]);
    cancelled[id] = true;
    schedule(static_cast<std::int64_t>(rng.below(50'000)));
  }
  std::size_t live = 0;
  for (bool c : cancelled) live += c ? 0 : 1;
  CHECK(sim.pending() == live);
  sim.run();
  std::vector<Expected> order;
  for (const Expected& e : expected) {
    if (!cancelled[e.id]) order.push_back(e);
  }
  std::sort(order.begin(), order.end(), [](const Expected& x, const Expected& y) {
    return x.time != y.time ? x.time < y.time : x.seq < y.seq;
  });
  REQUIRE(rec.log.size() == order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    REQUIRE(rec.log[i].a == order[i].id);
    REQUIRE(rec.log[i].time == nanoseconds(order[i].time));
  }
  for (const EventId& h : handles) CHECK_FALSE(sim.cancel(h));
  CHECK(sim.pending() == 0);
}

TEST_CASE("a cancelled event's slot is not reused while its key is queued") {
  // Cancelled events far ahead (their keys stay queued), then enough
  // short-lived events that slot allocation wraps around over them many
  // times, interleaved with events that are still pending when the cancelled
  // keys come up. A slot reused too early would run a cancelled event.
  Simulation sim;
  Recorder rec{sim, {}};
  const EventType t = sim.register_method<&Recorder::on_event>(&rec);
  // A live event ahead of the cancelled ones keeps run_until from reaching
  // (and dropping) their keys early.
  sim.schedule_at(milliseconds(500), t, {.a = 999});
  for (std::uint64_t i = 0; i < 200; ++i) {
    CHECK(sim.cancel(sim.schedule_at(seconds(1), t, {.a = 1'000'000 + i})));
  }
  std::uint64_t later = 0;
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    if (i % 5 == 0) {
      sim.schedule_at(seconds(2), t, {.a = 2'000'000 + later++});
    } else {
      sim.schedule_at(sim.now(), t, {.a = i});
      sim.run_until(sim.now());
    }
  }
  CHECK(sim.pending() == later + 1);
  const std::size_t before = rec.log.size() + 1;
  CHECK(before == 8001);
  sim.run();
  CHECK(rec.log[before - 1].a == 999);
  REQUIRE(rec.log.size() == before + later);
  for (std::size_t i = before; i < rec.log.size(); ++i) {
    REQUIRE(rec.log[i].a == 2'000'000 + (i - before));
    REQUIRE(rec.log[i].time == seconds(2));
  }
}
