// The Amazon-provided VPC DNS resolver as seen from Lambda: a budget of
// packets per second per network interface (excess dropped, the client times
// out and retries), each environment's cache of answers, and the estimates
// `explain` prints. Standalone: the caller names interfaces and environments.
//   DnsResolver resolver{DnsConfig{}};
//   DnsLookup r = resolver.resolve(/*interface=*/group, /*enis=*/1, now);
//   if (!r.failed) cache.store(env, call, now + r.delay, ttl);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/network_config.hpp"  // DnsConfig
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

// What one lookup cost the caller.
struct DnsLookup {
  SimTime delay{};      // from the first try to the answer; attempts x timeout when failed
  int tries = 0;        // tries sent, the answered one included
  int dropped = 0;      // tries the resolver dropped (each cost the client `timeout`)
  bool failed = false;  // every try dropped: the lookup timed out
};

// Per-interface packet budget in fixed 1-second windows (second floor(t)).
// An interface is an id the caller gives (a Hyperplane ENI group, or a
// per-execution ENI) with its current number of ENIs: the budget is
// packets_per_second_per_eni x enis. A lookup is decided when it starts: its
// tries at now, now + timeout, ... are booked into their windows at once, so
// a window holds the retries booked earlier before the first tries of its
// own second (first booked, first served). A try is answered if its window
// has room for all packets_per_lookup packets; a dropped try books nothing.
// O(1) per lookup, no allocation except when a new interface id appears.
class DnsResolver {
 public:
  // Requires packets_per_second_per_eni >= 0, timeout > 0, attempts >= 1,
  // packets_per_lookup >= 1 (the parameter table validates them).
  explicit DnsResolver(const DnsConfig& config);

  // One lookup through `interface` (of `enis` ENIs) starting at `now`.
  // `now` must not decrease from one call to the next (simulation order).
  DnsLookup resolve(std::uint32_t interface, int enis, SimTime now);

  // Makes room for interface ids below `count` ahead of time.
  void reserve_interfaces(std::uint32_t count);

  // Packets answered in window `second` of `interface` (0 if not booked or
  // no longer held). For tests.
  std::int64_t packets_in_second(std::uint32_t interface, std::int64_t second) const;

 private:
  struct Window {
    std::int64_t second = 0;
    std::int64_t packets = 0;
  };

  DnsConfig config_;
  std::uint32_t ring_ = 1;       // windows per interface: every second a lookup can reach
  std::vector<Window> windows_;  // ring_ per interface, interface-major
  SimTime last_now_ = kTimeZero;
};

// Cached answers per (environment slot, call): the expiry time of each, in
// one flat table. TTL 0 means the runtime does not cache. A recycled
// environment slot (a new runtime) must be cleared.
class DnsCache {
 public:
  // `calls_per_environment`: the most DNS calls of any function (call
  // indices are 0 .. calls_per_environment - 1).
  explicit DnsCache(std::uint32_t calls_per_environment);

  // Grows the table to `environments` slots (never shrinks); store() grows
  // it too, so this only moves the allocation to where environments grow.
  void reserve(std::size_t environments);

  // Does `env` hold an answer for `call` that is still valid at `now`?
  bool fresh(std::uint32_t env, std::uint32_t call, SimTime now) const;

  // `call`'s lookup was answered at `answered_at`: valid for `ttl` (0: not cached).
  void store(std::uint32_t env, std::uint32_t call, SimTime answered_at, SimTime ttl);

  // `env`'s runtime is gone: forget its answers.
  void clear(std::uint32_t env);

 private:
  std::uint32_t width_;
  std::vector<SimTime> expires_at_;  // [env * width_ + call]
};

// Publishes a lookup that was sent (not a cache hit) as the resolver's two
// declared counters: network.dns_lookups and network.dns_dropped_tries.
void count_lookup(ModelObserver& observer, SimTime now, FunctionIndex f, const DnsLookup& r);

// ---- Estimates for `explain` (steady state, no randomness) ----

// Expected lookups per second of one call, for invocations arriving at
// `arrival_rate_per_s` spread over `warm_environments` (rate x mean
// duration, Little; at least 1). TTL 0: every invocation resolves. TTL > 0:
// an environment resolves at its first invocation after its answer expired,
// i.e. once per TTL + mean gap between its invocations, which gives
// 1 / (1 / rate + TTL / environments): at most min(rate, environments / TTL).
double dns_lookups_per_s(double arrival_rate_per_s, SimTime ttl, double warm_environments);

// Expected DNS packets per second (first tries) on one interface from one
// function whose calls resolve with `call_ttls`.
double dns_packets_per_s(double arrival_rate_per_s, std::span<const SimTime> call_ttls,
                         double warm_environments, int packets_per_lookup);

struct DnsDropEstimate {
  double failed_fraction = 0;    // lookups whose every try is dropped
  double try_drop_fraction = 0;  // tries dropped
  double packets_per_s = 0;      // offered, retries included
};

// Sustained load of `packets_per_s` first-try packets against a budget of
// `budget_packets_per_s` (packets_per_second_per_eni x ENIs). Overloaded, the
// resolver answers exactly its budget each second, so a fraction
// 1 - budget / load of lookups fail whatever the order of service; with
// each try dropped alike, a try is dropped with d = failed^(1 / attempts).
// Holds for overloads longer than attempts x timeout; a shorter burst's
// retries land in quieter seconds and fail less.
DnsDropEstimate estimate_dns_drops(double packets_per_s, double budget_packets_per_s, int attempts);

}  // namespace lambdasim
