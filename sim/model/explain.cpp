#include "lambdasim/model/explain.hpp"

#include "explain_limits.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "lambdasim/kernel/registry.hpp"
#include "lambdasim/model/resolve.hpp"

namespace lambdasim {

namespace {

// Arrivals in the busiest one-second window of a trace.
double busiest_second(const std::vector<SimTime>& v) {
  std::size_t best = 0;
  std::size_t lo = 0;
  for (std::size_t hi = 0; hi < v.size(); ++hi) {
    while (v[hi] - v[lo] >= seconds(1)) ++lo;
    best = std::max(best, hi - lo + 1);
  }
  return static_cast<double>(best);
}

// The most one source sends per second while its window is open.
double source_peak_rate(const ArrivalConfig& a) {
  switch (a.kind) {
    case ArrivalKind::kRamp:
      return std::max(a.rate_per_s, a.to_rate_per_s);
    case ArrivalKind::kSine:
      return a.rate_per_s + std::fabs(a.amplitude_per_s);
    case ArrivalKind::kTrace:
      return a.trace && !a.trace->empty() ? busiest_second(*a.trace) : 0.0;
    default:
      return a.rate_per_s;
  }
}

bool source_active(const ArrivalConfig& a, SimTime t) {
  return t >= a.at && (a.duration == kTimeInfinity || t < a.at + a.duration);
}

}  // namespace

double peak_arrival_rate(const FunctionConfig& function, SimTime horizon) {
  // The sum of piecewise rates peaks at some source's window start (or at 0):
  // evaluate at every such instant.
  std::vector<SimTime> instants{kTimeZero};
  for (const ArrivalConfig& a : function.arrivals) instants.push_back(a.at);
  double peak = 0;
  for (SimTime t : instants) {
    if (t >= horizon) continue;
    double sum = 0;
    for (const ArrivalConfig& a : function.arrivals) {
      if (source_active(a, t)) sum += source_peak_rate(a);
    }
    peak = std::max(peak, sum);
  }
  return peak;
}

double arrival_rate_before_peak(const FunctionConfig& function, SimTime horizon) {
  const double peak = peak_arrival_rate(function, horizon);
  // The first window start where the summed rate reaches the peak.
  std::vector<SimTime> instants{kTimeZero};
  for (const ArrivalConfig& a : function.arrivals) instants.push_back(a.at);
  std::sort(instants.begin(), instants.end());
  for (SimTime t : instants) {
    if (t >= horizon) break;
    double sum = 0;
    for (const ArrivalConfig& a : function.arrivals) {
      if (source_active(a, t)) sum += source_peak_rate(a);
    }
    if (sum < peak) continue;
    if (t == kTimeZero) return 0;
    double before = 0;
    for (const ArrivalConfig& a : function.arrivals) {
      if (source_active(a, t - nanoseconds(1))) before += source_peak_rate(a);
    }
    return before;
  }
  return 0;
}

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

// What explaining one function adds to the account-wide picture.
struct Totals {
  // Distinct (subnet, sorted security-group set) pairs: one Hyperplane ENI each.
  std::set<std::pair<std::uint32_t, std::vector<std::string>>> pairs;
  // NAT connections needed per (NAT, destination): the targets, then the
  // Lambda API for in-VPC clients (unless a target is the Lambda service:
  // the same endpoint).
  std::vector<std::vector<double>> nat_need;
  std::uint32_t lambda_api = 0;
};

std::vector<std::string> sorted_groups(const FunctionVpcConfig& vpc) {
  std::vector<std::string> sgs = vpc.security_groups;
  std::sort(sgs.begin(), sgs.end());
  sgs.erase(std::unique(sgs.begin(), sgs.end()), sgs.end());
  return sgs;
}

// Busy time per subnet: duration plus each call's latency, or its hang when
// unreachable (it holds the environment until its connect timeout).
std::vector<double> busy_per_slot(const ModelConfig& config, const NetworkIndex& index,
                                  const FunctionConfig& fc,
                                  const std::vector<std::uint32_t>& slots) {
  std::vector<double> slot_busy;
  for (std::uint32_t g : slots) {
    double busy = fc.duration.mean_seconds();
    for (const CallConfig& call : fc.calls) {
      const TargetConfig& target = config.targets[call.target_index];
      const Route r = resolve_route(config, index, fc, g, target);
      busy += r.kind == RouteKind::kUnreachable
                  ? to_seconds(call.connect_timeout.value_or(fc.timeout))
                  : target.latency.mean_seconds();
    }
    slot_busy.push_back(std::min(busy, to_seconds(fc.timeout)));
  }
  return slot_busy;
}

// The VPC attachment: Hyperplane pairs, per-execution ENIs spread evenly
// over the function's subnets, the one-AZ warning.
void explain_attachment(const FunctionConfig& fc, const NetworkIndex& index, ExplainedFunction& ef,
                        Explanation& out, Totals& totals) {
  if (!fc.vpc) {
    ef.attachment = "Lambda service VPC";
    return;
  }
  const std::vector<std::uint32_t>& subnets = fc.vpc->subnet_indices;
  const std::vector<std::string> sgs = sorted_groups(*fc.vpc);
  std::set<std::uint32_t> azs;
  for (std::uint32_t g : subnets) {
    totals.pairs.insert({g, sgs});
    azs.insert(index.subnet(g).az_index);
  }
  ef.hyperplane_enis = static_cast<int>(subnets.size());
  ef.attachment = fmt::format("vpc {}: {}; security groups {}", fc.vpc->vpc,
                              join(fc.vpc->subnets, ", "), join(sgs, ", "));
  if (azs.size() < 2) {
    ef.warnings.emplace_back(
        "subnets in one AZ only: AWS recommends at least two (Security Hub Lambda.5)");
  }
  for (std::uint32_t g : subnets) {
    out.subnets[g].per_execution_enis += static_cast<int>(std::ceil(
        static_cast<double>(ef.per_execution_enis) / static_cast<double>(subnets.size())));
  }
}

// Each call's route from each subnet, unreachable warnings, NAT connections.
void explain_routes(const ModelConfig& config, const NetworkIndex& index, const FunctionConfig& fc,
                    const std::vector<std::uint32_t>& slots, const std::vector<double>& slot_busy,
                    ExplainedFunction& ef, Totals& totals) {
  for (const CallConfig& call : fc.calls) {
    const TargetConfig& target = config.targets[call.target_index];
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const std::uint32_t g = slots[k];
      const Route r = resolve_route(config, index, fc, g, target);
      ef.routes.push_back(
          {g == Route::kNone ? "" : index.subnet(g).name, target.name, r.kind, r.cross_az, r.why});
      if (r.kind == RouteKind::kUnreachable) {
        ef.warnings.push_back(
            fmt::format("call to {} from {} is unreachable ({}): it hangs until {} and holds its "
                        "concurrency",
                        target.name, g == Route::kNone ? "the service VPC" : index.subnet(g).name,
                        r.why, format_time(call.connect_timeout.value_or(fc.timeout))));
      }
      if (r.kind != RouteKind::kNat) continue;
      const double share = 1.0 / static_cast<double>(slots.size());
      // The NAT drops a connection idle past its timeout.
      const double hold =
          std::min(to_seconds(call.hold), to_seconds(index.nat(r.resource).idle_timeout));
      const double need = call.connection == ConnectionMode::kPooled
                              ? ef.peak_concurrency * share
                              : ef.peak_rate_per_s * share * (slot_busy[k] + hold);
      totals.nat_need[r.resource][call.target_index] += need;
    }
  }
}

// In-VPC clients through a NAT: a port to the Lambda API per request, for
// its connection hold (cut at the NAT's idle timeout).
void explain_clients(const ModelConfig& config, const NetworkIndex& index, const FunctionConfig& fc,
                     SimTime horizon, Totals& totals) {
  for (const ArrivalConfig& a : fc.arrivals) {
    if (!a.source || a.source->connection_hold <= kTimeZero) continue;
    const std::uint32_t g = a.source->subnet_index;
    if (g == Route::kNone) continue;
    const Route r = resolve_client_route(config, index, g);
    if (r.kind != RouteKind::kNat) continue;
    FunctionConfig one = fc;
    one.arrivals = {a};
    const double hold = std::min(to_seconds(a.source->connection_hold),
                                 to_seconds(index.nat(r.resource).idle_timeout));
    totals.nat_need[r.resource][totals.lambda_api] += peak_arrival_rate(one, horizon) * hold;
  }
}

ExplainedFunction explain_function(const ModelConfig& config, const NetworkIndex& index,
                                   const FunctionConfig& fc, SimTime horizon, Explanation& out,
                                   Totals& totals) {
  ExplainedFunction ef;
  ef.name = fc.name;
  ef.peak_rate_per_s = peak_arrival_rate(fc, horizon);
  // Placement picks the function's subnets uniformly: average over them.
  std::vector<std::uint32_t> slots;
  if (fc.vpc) slots = fc.vpc->subnet_indices;
  if (slots.empty()) slots.push_back(Route::kNone);
  const std::vector<double> slot_busy = busy_per_slot(config, index, fc, slots);
  double busy_sum = 0;
  for (double b : slot_busy) busy_sum += b;
  ef.mean_busy_s = busy_sum / static_cast<double>(slots.size());
  ef.demand_concurrency = ef.peak_rate_per_s * ef.mean_busy_s;
  ef.peak_concurrency = ef.demand_concurrency;
  if (fc.reserved_concurrency) {
    ef.peak_concurrency = std::min<double>(ef.peak_concurrency, *fc.reserved_concurrency);
  }
  ef.peak_concurrency = std::min<double>(ef.peak_concurrency, config.account.concurrency_limit);
  // As the model packs them (per_execution_enis.cpp): 3 GB of memory per ENI
  // (AWS's formula; an environment above 3 GB takes a whole ENI), or
  // floor(3 GB / memory) whole environments.
  constexpr int kEniMemoryMb = 3072;
  const int memory_mb = std::clamp(fc.memory_mb, 1, kEniMemoryMb);
  const bool by_memory = config.network.per_execution_eni_packing == EniPacking::kMemory;
  const double per_eni = static_cast<double>(kEniMemoryMb) / memory_mb;
  ef.per_execution_envs_per_eni = by_memory ? per_eni : std::floor(per_eni);
  const double enis = by_memory ? ef.peak_concurrency * memory_mb / kEniMemoryMb
                                : ef.peak_concurrency / ef.per_execution_envs_per_eni;
  ef.per_execution_enis = fc.vpc ? static_cast<int>(std::ceil(enis)) : 0;
  explain_attachment(fc, index, ef, out, totals);
  explain_routes(config, index, fc, slots, slot_busy, ef, totals);
  explain_clients(config, index, fc, horizon, totals);
  return ef;
}

// Hyperplane ENIs per VPC and ENIs per subnet against quotas and IPs.
void explain_quotas(const NetworkConfig& net, const NetworkIndex& index, const Totals& totals,
                    Explanation& out) {
  for (const auto& p : totals.pairs) out.subnets[p.first].hyperplane_enis += 1;
  out.hyperplane_enis_total = static_cast<int>(totals.pairs.size());
  std::vector<int> vpc_enis(net.vpcs.size(), 0);
  for (const auto& p : totals.pairs) vpc_enis[index.subnet_vpc(p.first)] += 1;
  for (std::size_t v = 0; v < net.vpcs.size(); ++v) {
    if (vpc_enis[v] > net.enis_per_vpc) {
      out.warnings.push_back(fmt::format("VPC {} needs {} Hyperplane ENIs; the quota is {}",
                                         net.vpcs[v].name, vpc_enis[v], net.enis_per_vpc));
    }
  }
  for (const ExplainedSubnet& s : out.subnets) {
    const int needed =
        net.eni_model == EniModel::kHyperplane ? s.hyperplane_enis : s.per_execution_enis;
    if (needed > s.usable_ips) {
      out.warnings.push_back(fmt::format(
          "subnet {} has {} usable IPs; {} ENIs need {}", s.name, s.usable_ips,
          net.eni_model == EniModel::kHyperplane ? "Hyperplane" : "per-execution", needed));
    }
  }
  if (net.eni_model == EniModel::kPerExecution &&
      out.per_execution_enis_total > net.network_interfaces_per_region) {
    out.warnings.push_back(fmt::format(
        "the legacy formula needs {} ENIs at peak; the region allows {} network interfaces",
        out.per_execution_enis_total, net.network_interfaces_per_region));
  }
}

void explain_nats(const ModelConfig& config, const NetworkIndex& index, const Totals& totals,
                  Explanation& out) {
  const NetworkConfig& net = config.network;
  for (std::uint32_t n = 0; n < index.nat_count(); ++n) {
    const NatGatewayConfig& nat = index.nat(n);
    for (std::uint32_t t = 0; t <= config.targets.size(); ++t) {
      if (totals.nat_need[n][t] <= 0) continue;
      const ExplainedNat en{net.vpcs[index.nat_vpc(n)].name, nat.name,
                            t < config.targets.size() ? config.targets[t].name : "the Lambda API",
                            totals.nat_need[n][t], nat.ips * nat.connections_per_ip};
      if (en.connections_needed > en.connections_limit) {
        out.warnings.push_back(fmt::format(
            "NAT {} needs ~{:.0f} connections to {}; it allows {} (ErrorPortAllocation past that)",
            nat.name, en.connections_needed, en.target, en.connections_limit));
      }
      out.nats.push_back(en);
    }
  }
}

}  // namespace

bool register_explain_step(std::string_view part, ExplainStep step) {
  Registry<ExplainStep>::add(part, step);
  return true;
}

Explanation explain(const ModelConfig& config, SimTime horizon) {
  check_names_resolved(config);  // every lookup below is by index
  Explanation out;
  const NetworkConfig& net = config.network;
  const NetworkIndex index(config);
  out.eni_model = net.eni_model;
  out.enis_per_vpc_quota = net.enis_per_vpc;
  out.region_interface_quota = net.network_interfaces_per_region;
  for (std::uint32_t s = 0; s < index.subnet_count(); ++s) {
    const SubnetConfig& sc = index.subnet(s);
    out.subnets.push_back(
        {net.vpcs[index.subnet_vpc(s)].name, sc.name, sc.az, sc.usable_ips(), 0, 0});
  }
  Totals totals;
  totals.lambda_api = lambda_api_destination(config);
  totals.nat_need.assign(index.nat_count(), std::vector<double>(config.targets.size() + 1, 0.0));
  for (const FunctionConfig& fc : config.functions) {
    ExplainedFunction ef = explain_function(config, index, fc, horizon, out, totals);
    out.per_execution_enis_total += ef.per_execution_enis;
    out.functions.push_back(std::move(ef));
  }
  explain_quotas(net, index, totals, out);
  explain_nats(config, index, totals, out);
  explain_limits(config, index, horizon, out);
  const auto steps = Registry<ExplainStep>::in_registration_order();
  for (const std::size_t i : Registry<ExplainStep>::part_order())
    steps[i].entry(config, index, out);
  return out;
}

}  // namespace lambdasim
