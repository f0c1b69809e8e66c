// The VPC DNS resolver part: per-interface packet budget in 1-second
// windows, retries after the client timeout, per-environment caching, and
// the steady-state estimates `explain` prints.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "model/network/dns_resolver.hpp"

using namespace lambdasim;

namespace {

// `n` lookups on `interface` at `at`; returns how many were answered at once.
int resolve_many(DnsResolver& resolver, int n, std::uint32_t interface, int enis, SimTime at) {
  int answered_now = 0;
  for (int i = 0; i < n; ++i) {
    if (resolver.resolve(interface, enis, at).tries == 1) ++answered_now;
  }
  return answered_now;
}

SimTime exponential_gap(Rng& rng, double rate_per_s) {
  return from_seconds(-std::log(rng.uniform01_open_low()) / rate_per_s);
}

}  // namespace

TEST_CASE("DNS: one ENI answers 1,024 packets (512 lookups) a second", "[dns]") {
  DnsResolver resolver{DnsConfig{}};
  for (int i = 0; i < 512; ++i) {
    const DnsLookup r = resolver.resolve(0, 1, milliseconds(i));
    REQUIRE(r.delay == kTimeZero);
    REQUIRE(r.tries == 1);
    REQUIRE(r.dropped == 0);
    REQUIRE_FALSE(r.failed);
  }
  CHECK(resolver.packets_in_second(0, 0) == 1024);

  // The 513th in the same second is dropped; its retry 5 s later is answered.
  const DnsLookup late = resolver.resolve(0, 1, milliseconds(999));
  CHECK(late.tries == 2);
  CHECK(late.dropped == 1);
  CHECK_FALSE(late.failed);
  CHECK(late.delay == seconds(5));
  CHECK(resolver.packets_in_second(0, 0) == 1024);
  CHECK(resolver.packets_in_second(0, 5) == 2);

  // The next second has its own budget.
  const DnsLookup next = resolver.resolve(0, 1, seconds(1));
  CHECK(next.delay == kTimeZero);
  CHECK(next.dropped == 0);
  CHECK(resolver.packets_in_second(0, 1) == 2);
}

TEST_CASE("DNS: the budget scales with the ENIs of the interface; interfaces are apart", "[dns]") {
  DnsResolver resolver{DnsConfig{}};
  CHECK(resolve_many(resolver, 1025, 7, 2, seconds(3)) == 1024);  // 2 x 1,024 packets
  CHECK(resolver.packets_in_second(7, 3) == 2048);
  // Interface 3 (and the ids below 7, created on the way) start empty.
  CHECK(resolve_many(resolver, 513, 3, 1, seconds(3)) == 512);
  CHECK(resolver.packets_in_second(0, 3) == 0);
}

TEST_CASE("DNS: a retry storm fills the window one timeout later; all tries dropped fails",
          "[dns]") {
  DnsResolver resolver{DnsConfig{}};
  // Second 0: 512 answered, 512 dropped whose retries are booked in second 5.
  CHECK(resolve_many(resolver, 1024, 0, 1, kTimeZero) == 512);
  CHECK(resolver.packets_in_second(0, 5) == 1024);

  // Another lookup in second 0 finds second 5 full too: both tries dropped.
  const DnsLookup lost = resolver.resolve(0, 1, milliseconds(500));
  CHECK(lost.failed);
  CHECK(lost.tries == 2);
  CHECK(lost.dropped == 2);
  CHECK(lost.delay == seconds(10));  // attempts x timeout

  // A first try in second 5 meets the retries booked there: dropped, and
  // answered at its retry in second 10.
  const DnsLookup after = resolver.resolve(0, 1, milliseconds(5200));
  CHECK(after.dropped == 1);
  CHECK(after.delay == seconds(5));
  CHECK(resolver.packets_in_second(0, 10) == 2);
}

TEST_CASE("DNS: attempts and timeout are parameters", "[dns]") {
  DnsConfig config;
  config.attempts = 3;
  config.timeout = milliseconds(1500);
  config.packets_per_second_per_eni = 4;  // 2 lookups a second
  DnsResolver resolver{config};
  CHECK(resolve_many(resolver, 2, 0, 1, kTimeZero) == 2);
  // Third lookup at 0: dropped at 0, answered at 1.5 s (second 1).
  CHECK(resolver.resolve(0, 1, kTimeZero).delay == milliseconds(1500));
  CHECK(resolver.resolve(0, 1, kTimeZero).delay == milliseconds(1500));
  // Seconds 0 and 1 full: answered at 3 s.
  CHECK(resolver.resolve(0, 1, kTimeZero).delay == seconds(3));
  CHECK(resolver.resolve(0, 1, kTimeZero).delay == seconds(3));
  const DnsLookup lost = resolver.resolve(0, 1, kTimeZero);
  CHECK(lost.failed);
  CHECK(lost.tries == 3);
  CHECK(lost.delay == milliseconds(4500));
}

TEST_CASE("DNS: the window ring agrees with an unbounded table over a long bursty run", "[dns]") {
  // A reference that keeps every second, checked against the ring on a run
  // whose retries reach across many ring turns (timeout not a whole second).
  DnsConfig config;
  config.attempts = 3;
  config.timeout = milliseconds(2300);
  config.packets_per_second_per_eni = 100;
  DnsResolver resolver{config};
  std::map<std::pair<std::uint32_t, std::int64_t>, std::int64_t> reference;

  Rng rng{42, 1};
  SimTime now = kTimeZero;
  int failed = 0, dropped = 0;
  while (now < seconds(300)) {
    const bool burst = (now / seconds(20)) % 2 == 1;  // 20 s quiet, 20 s at 2-4x the budget
    now += exponential_gap(rng, burst ? 300.0 : 20.0);
    const auto interface = static_cast<std::uint32_t>(rng.below(3));
    const int enis = interface == 2 ? 2 : 1;
    const DnsLookup got = resolver.resolve(interface, enis, now);

    DnsLookup want;
    SimTime at = now;
    for (int a = 0; a < config.attempts; ++a, at += config.timeout) {
      ++want.tries;
      std::int64_t& packets = reference[{interface, at / seconds(1)}];
      if (packets + config.packets_per_lookup <= config.packets_per_second_per_eni * enis) {
        packets += config.packets_per_lookup;
        want.delay = at - now;
        break;
      }
      ++want.dropped;
    }
    want.failed = want.dropped == config.attempts;
    if (want.failed) want.delay = at - now;

    REQUIRE(got.tries == want.tries);
    REQUIRE(got.dropped == want.dropped);
    REQUIRE(got.failed == want.failed);
    REQUIRE(got.delay == want.delay);
    failed += got.failed ? 1 : 0;
    dropped += got.dropped;
  }
  CHECK(failed > 0);  // the run did exercise drops and failures
  CHECK(dropped > failed);
}

TEST_CASE("DNS cache: an answer is reused within its TTL, per environment and call", "[dns]") {
  DnsCache cache{2};
  CHECK_FALSE(cache.fresh(0, 0, kTimeZero));  // nothing cached yet
  CHECK_FALSE(cache.fresh(5, 1, kTimeZero));  // beyond the table: a miss

  cache.store(3, 1, seconds(10), seconds(60));  // grows to hold environment 3
  CHECK(cache.fresh(3, 1, seconds(10)));
  CHECK(cache.fresh(3, 1, seconds(69)));
  CHECK_FALSE(cache.fresh(3, 1, seconds(70)));  // expired at answer + TTL
  CHECK_FALSE(cache.fresh(3, 0, seconds(20)));  // another call
  CHECK_FALSE(cache.fresh(2, 1, seconds(20)));  // another environment

  // TTL 0: the runtime does not cache, every invocation resolves.
  cache.store(1, 0, seconds(10), kTimeZero);
  CHECK_FALSE(cache.fresh(1, 0, seconds(10)));

  // A recycled environment slot starts with an empty cache.
  cache.store(3, 0, seconds(10), seconds(60));
  cache.clear(3);
  CHECK_FALSE(cache.fresh(3, 0, seconds(20)));
  CHECK_FALSE(cache.fresh(3, 1, seconds(20)));
  cache.reserve(100);
  CHECK_FALSE(cache.fresh(99, 1, seconds(20)));
}

TEST_CASE("DNS estimate: packets per second match a steady simulation", "[dns]") {
  const double rate = 200;  // invocations per second
  const int environments = 20;
  const int packets_per_lookup = 2;

  SECTION("TTL 0: every invocation resolves") {
    const std::vector<SimTime> ttls{kTimeZero, kTimeZero};
    CHECK(dns_packets_per_s(rate, ttls, environments, packets_per_lookup) ==
          Approx(2 * rate * packets_per_lookup));
  }
  SECTION("TTL > 0: about one lookup per environment per TTL plus the wait for the next call") {
    const SimTime ttl = milliseconds(500);
    const std::vector<SimTime> ttls{ttl};
    const double estimate = dns_packets_per_s(rate, ttls, environments, packets_per_lookup);
    CHECK(estimate <= std::min(rate, environments / to_seconds(ttl)) * packets_per_lookup);

    // Poisson arrivals spread uniformly over the environments, each with
    // its cache; count the packets the resolver sees.
    DnsResolver resolver{DnsConfig{}};
    DnsCache cache{1};
    Rng rng{7, 3};
    const SimTime horizon = seconds(600);
    std::int64_t packets = 0;
    for (SimTime now = exponential_gap(rng, rate); now < horizon;
         now += exponential_gap(rng, rate)) {
      const auto env = static_cast<std::uint32_t>(rng.below(environments));
      if (cache.fresh(env, 0, now)) continue;
      const DnsLookup r = resolver.resolve(0, 1, now);
      REQUIRE_FALSE(r.failed);
      packets += packets_per_lookup * r.tries;
      cache.store(env, 0, now + r.delay, ttl);
    }
    const double simulated = static_cast<double>(packets) / to_seconds(horizon);
    CHECK(simulated == Approx(estimate).epsilon(0.03));
  }
}

TEST_CASE("DNS estimate: the failed fraction under sustained overload matches a simulation",
          "[dns]") {
  const DnsConfig config;
  const double budget = config.packets_per_second_per_eni;  // one ENI

  const DnsDropEstimate under = estimate_dns_drops(600, budget, config.attempts);
  CHECK(under.failed_fraction == 0);
  CHECK(under.try_drop_fraction == 0);
  CHECK(under.packets_per_s == 600);

  // 800 lookups/s x 2 packets = 1,600 pps against 1,024: 36% of lookups fail
  // (1 - 1024/1600); a try is dropped with 0.6 = sqrt(0.36).
  const DnsDropEstimate over = estimate_dns_drops(1600, budget, config.attempts);
  CHECK(over.failed_fraction == Approx(0.36));
  CHECK(over.try_drop_fraction == Approx(0.6));
  CHECK(over.packets_per_s == Approx(1600 * 1.6));

  DnsResolver resolver{config};
  Rng rng{11, 5};
  std::int64_t lookups = 0, failures = 0;
  for (SimTime now = exponential_gap(rng, 800); now < seconds(600);
       now += exponential_gap(rng, 800)) {
    ++lookups;
    failures += resolver.resolve(0, 1, now).failed ? 1 : 0;
  }
  const double simulated = static_cast<double>(failures) / static_cast<double>(lookups);
  CHECK(simulated == Approx(over.failed_fraction).margin(0.01));
}
