#include "model/network/dns_resolver.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lambdasim/model/explain.hpp"

namespace lambdasim {

namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
// A window no second maps to: a fresh ring holds no bookings.
constexpr std::int64_t kNoSecond = std::numeric_limits<std::int64_t>::min();
// An expiry no time reaches: no cached answer.
constexpr SimTime kNoAnswer = SimTime::min();

std::int64_t second_of(SimTime t) {  // floor(t / 1 s); simulated time is >= 0
  return t.count() / kNanosPerSecond;
}

// The counters are written only when a VPC function's call resolves a name,
// so that runs without DNS keep their outputs.
bool resolves_names(const ModelConfig& config) {
  for (const FunctionConfig& fc : config.functions) {
    if (!fc.vpc) continue;
    for (const CallConfig& call : fc.calls) {
      if (call.dns) return true;
    }
  }
  return false;
}

constexpr int kDnsJsonRank = 2;  // after the network's ENI and NAT figures

const CounterId kDnsLookups =
    declare_counter({.name = "dns_lookups",
                     .json_path = "dns.lookups",
                     .help = "name lookups sent to the VPC DNS server (cache misses)",
                     .scope = CounterScope::kNetwork,
                     .json_rank = kDnsJsonRank,
                     .part = "dns_resolver",
                     .present = &resolves_names});
const CounterId kDnsDroppedTries =
    declare_counter({.name = "dns_dropped_tries",
                     .json_path = "dns.dropped_tries",
                     .help = "lookup tries the VPC DNS server dropped (over its packets per "
                             "second per ENI)",
                     .scope = CounterScope::kNetwork,
                     .json_rank = kDnsJsonRank,
                     .part = "dns_resolver",
                     .present = &resolves_names});

}  // namespace

void count_lookup(ModelObserver& observer, SimTime now, FunctionIndex f, const DnsLookup& r) {
  observer.on_count(now, kDnsLookups, f, 1);
  if (r.dropped > 0)
    observer.on_count(now, kDnsDroppedTries, f, static_cast<std::uint64_t>(r.dropped));
}

DnsResolver::DnsResolver(const DnsConfig& config) : config_(config) {
  assert(config.packets_per_second_per_eni >= 0 && config.timeout > kTimeZero &&
         config.attempts >= 1 && config.packets_per_lookup >= 1);
  // Tries of a lookup at `now` fall in seconds floor(now) ..
  // floor(now + (attempts - 1) x timeout), at most ceil((attempts - 1) x
  // timeout) + 1 windows. With `now` never decreasing, a ring that long
  // never holds two live seconds in one slot: a slot found holding another
  // second holds an older one, which no later lookup can reach.
  const std::int64_t span_ns = (config.attempts - 1) * config.timeout.count();
  ring_ = static_cast<std::uint32_t>((span_ns + kNanosPerSecond - 1) / kNanosPerSecond + 1);
}

void DnsResolver::reserve_interfaces(std::uint32_t count) {
  const std::size_t needed = static_cast<std::size_t>(count) * ring_;
  if (windows_.size() < needed) windows_.resize(needed, Window{kNoSecond, 0});
}

DnsLookup DnsResolver::resolve(std::uint32_t interface, int enis, SimTime now) {
  assert(now >= last_now_ && now >= kTimeZero && "DNS lookups must come in time order");
  last_now_ = now;
  if (static_cast<std::size_t>(interface) * ring_ >= windows_.size()) {
    // A new interface id: grow geometrically, so ids seen one by one cost
    // amortised O(1).
    reserve_interfaces(
        std::max(interface + 1, static_cast<std::uint32_t>(windows_.size() / ring_ * 2)));
  }
  Window* ring = windows_.data() + static_cast<std::size_t>(interface) * ring_;
  const std::int64_t budget = std::int64_t{config_.packets_per_second_per_eni} * enis;
  const std::int64_t packets = config_.packets_per_lookup;

  DnsLookup result;
  SimTime at = now;
  for (int attempt = 0; attempt < config_.attempts; ++attempt, at += config_.timeout) {
    ++result.tries;
    const std::int64_t second = second_of(at);
    Window& w = ring[static_cast<std::uint64_t>(second) % ring_];
    if (w.second != second) w = Window{second, 0};  // an older second: reuse the slot
    if (w.packets + packets <= budget) {
      w.packets += packets;
      result.delay = at - now;
      return result;
    }
    ++result.dropped;
  }
  result.delay = at - now;  // the last try's timeout ran out too
  result.failed = true;
  return result;
}

std::int64_t DnsResolver::packets_in_second(std::uint32_t interface, std::int64_t second) const {
  const std::size_t base = static_cast<std::size_t>(interface) * ring_;
  if (base >= windows_.size()) return 0;
  const Window& w = windows_[base + static_cast<std::uint64_t>(second) % ring_];
  return w.second == second ? w.packets : 0;
}

DnsCache::DnsCache(std::uint32_t calls_per_environment) : width_(calls_per_environment) {}

void DnsCache::reserve(std::size_t environments) {
  const std::size_t needed = environments * width_;
  if (expires_at_.size() < needed) expires_at_.resize(needed, kNoAnswer);
}

bool DnsCache::fresh(std::uint32_t env, std::uint32_t call, SimTime now) const {
  assert(call < width_);
  const std::size_t i = static_cast<std::size_t>(env) * width_ + call;
  return i < expires_at_.size() && now < expires_at_[i];
}

void DnsCache::store(std::uint32_t env, std::uint32_t call, SimTime answered_at, SimTime ttl) {
  assert(call < width_);
  if (ttl <= kTimeZero) return;
  const std::size_t i = static_cast<std::size_t>(env) * width_ + call;
  if (i >= expires_at_.size())
    reserve(std::max<std::size_t>(env + std::size_t{1}, expires_at_.size() / width_ * 2));
  expires_at_[i] = answered_at + ttl;
}

void DnsCache::clear(std::uint32_t env) {
  const std::size_t begin = static_cast<std::size_t>(env) * width_;
  if (begin >= expires_at_.size()) return;
  std::fill_n(expires_at_.begin() + static_cast<std::ptrdiff_t>(begin), width_, kNoAnswer);
}

double dns_lookups_per_s(double arrival_rate_per_s, SimTime ttl, double warm_environments) {
  if (arrival_rate_per_s <= 0) return 0;
  if (ttl <= kTimeZero) return arrival_rate_per_s;
  const double environments = std::max(warm_environments, 1.0);  // a running function has one
  return 1.0 / (1.0 / arrival_rate_per_s + to_seconds(ttl) / environments);
}

double dns_packets_per_s(double arrival_rate_per_s, std::span<const SimTime> call_ttls,
                         double warm_environments, int packets_per_lookup) {
  double lookups = 0;
  for (SimTime ttl : call_ttls)
    lookups += dns_lookups_per_s(arrival_rate_per_s, ttl, warm_environments);
  return lookups * packets_per_lookup;
}

DnsDropEstimate estimate_dns_drops(double packets_per_s, double budget_packets_per_s,
                                   int attempts) {
  DnsDropEstimate e;
  e.packets_per_s = packets_per_s;
  if (packets_per_s <= budget_packets_per_s || packets_per_s <= 0) return e;
  e.failed_fraction = 1.0 - budget_packets_per_s / packets_per_s;
  e.try_drop_fraction = std::pow(e.failed_fraction, 1.0 / attempts);
  // Tries per lookup: 1 + d + ... + d^(attempts - 1).
  double tries = 0;
  double reach = 1;
  for (int k = 0; k < attempts; ++k, reach *= e.try_drop_fraction) tries += reach;
  e.packets_per_s = packets_per_s * tries;
  return e;
}

// ---- explain: DNS packets per second at peak per interface ----

namespace {

using DnsRow = std::vector<ExplainCell>;

DnsRow dns_row(std::string interface, double packets_per_s, const DnsConfig& dns) {
  const double budget = static_cast<double>(dns.packets_per_second_per_eni);
  const double failed = estimate_dns_drops(packets_per_s, budget, dns.attempts).failed_fraction;
  return {{.text = std::move(interface), .value = 0},
          {.text = {}, .value = packets_per_s},
          {.text = {}, .value = budget},
          {.text = {}, .value = failed}};
}

// Each interface (a Hyperplane group, or a function's per-execution ENI):
// its calls' packets at the peak arrival rate, spread evenly over the
// function's subnets, against its budget; a warning where lookups fail.
void explain_dns(const ModelConfig& config, const NetworkIndex& index, Explanation& out) {
  const DnsConfig& dns = config.network.dns;
  std::vector<DnsRow> rows;
  std::map<std::pair<std::uint32_t, std::set<std::string>>, double> group_packets;
  for (std::size_t f = 0; f < config.functions.size() && f < out.functions.size(); ++f) {
    const FunctionConfig& fc = config.functions[f];
    const ExplainedFunction& ef = out.functions[f];
    std::vector<SimTime> ttls;
    for (const CallConfig& call : fc.calls) {
      if (call.dns) ttls.push_back(call.dns->ttl);
    }
    if (ttls.empty() || !fc.vpc || fc.vpc->subnet_indices.empty()) continue;
    if (out.eni_model == EniModel::kPerExecution) {
      // One ENI serves envs_per_eni environments: its share of the rate.
      const double share = 1.0 / std::max(1, ef.per_execution_enis);
      rows.push_back(dns_row(fc.name + " per-execution ENI",
                             dns_packets_per_s(ef.peak_rate_per_s * share, ttls,
                                               ef.peak_concurrency * share, dns.packets_per_lookup),
                             dns));
      continue;
    }
    const std::set<std::string> groups(fc.vpc->security_groups.begin(),
                                       fc.vpc->security_groups.end());
    const double share = 1.0 / static_cast<double>(fc.vpc->subnet_indices.size());
    for (std::uint32_t g : fc.vpc->subnet_indices) {
      group_packets[{g, groups}] += dns_packets_per_s(
          ef.peak_rate_per_s * share, ttls, ef.peak_concurrency * share, dns.packets_per_lookup);
    }
  }
  for (const auto& [group, packets] : group_packets) {
    rows.push_back(
        dns_row(fmt::format("{}/{}", index.subnet(group.first).name, fmt::join(group.second, ",")),
                packets, dns));
  }
  if (rows.empty()) return;  // only with calls that resolve names
  for (const DnsRow& r : rows) {
    if (r[3].value <= 0) continue;
    out.warnings.push_back(
        fmt::format("{}: {:.0f} DNS packets/s at peak, budget {:.0f}: ~{:.0f}% of lookups fail "
                    "(dns_timeout), the rest wait {}",
                    r[0].text, r[1].value, r[2].value, 100 * r[3].value, format_time(dns.timeout)));
  }
  out.tables.push_back(
      {.json_key = "dns",
       .columns = {{"DNS interface", "interface", 30, ExplainFormat::kText},
                   {"packets/s", "packets_per_s", 14, ExplainFormat::kNumber0},
                   {"budget", "budget_packets_per_s", 10, ExplainFormat::kNumber0},
                   {"lookups fail", "failed_fraction", 12, ExplainFormat::kPercent0}},
       .rows = std::move(rows)});
}

[[maybe_unused]] const bool kExplainRegistered =
    register_explain_step("dns_resolver", &explain_dns);

}  // namespace

}  // namespace lambdasim
