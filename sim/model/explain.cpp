#include "lambdasim/model/explain.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace lambdasim {

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
      const bool active = t >= a.at && (a.duration == kTimeInfinity || t < a.at + a.duration);
      if (!active) continue;
      switch (a.kind) {
        case ArrivalKind::kRamp:
          sum += std::max(a.rate_per_s, a.to_rate_per_s);
          break;
        case ArrivalKind::kSine:
          sum += a.rate_per_s + std::fabs(a.amplitude_per_s);
          break;
        case ArrivalKind::kTrace: {
          if (!a.trace || a.trace->empty()) break;
          // Busiest one-second window of the trace.
          std::size_t best = 0, lo = 0;
          const auto& v = *a.trace;
          for (std::size_t hi = 0; hi < v.size(); ++hi) {
            while (v[hi] - v[lo] >= seconds(1)) ++lo;
            best = std::max(best, hi - lo + 1);
          }
          sum += static_cast<double>(best);
          break;
        }
        default:
          sum += a.rate_per_s;
      }
    }
    peak = std::max(peak, sum);
  }
  return peak;
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

}  // namespace

Explanation explain(const ModelConfig& config, SimTime horizon) {
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
  std::set<std::pair<std::uint32_t, std::vector<std::string>>> pairs;
  // Destinations: the targets, then the Lambda API for in-VPC clients
  // (unless a target is the Lambda service: the same endpoint).
  const std::uint32_t lambda_api = lambda_api_destination(config);
  std::vector<std::vector<double>> nat_need(index.nat_count(),
                                            std::vector<double>(config.targets.size() + 1, 0.0));

  for (const FunctionConfig& fc : config.functions) {
    ExplainedFunction ef;
    ef.name = fc.name;
    ef.peak_rate_per_s = peak_arrival_rate(fc, horizon);
    std::vector<std::uint32_t> targets;
    for (const CallConfig& call : fc.calls) {
      std::uint32_t t = 0;
      while (t < config.targets.size() && config.targets[t].name != call.target) ++t;
      targets.push_back(t);
    }
    // Busy time per subnet: duration plus each call's latency, or its hang
    // when unreachable (it holds the environment until its connect timeout);
    // averaged over the function's subnets, which placement picks uniformly.
    std::vector<std::uint32_t> busy_slots;
    if (fc.vpc) {
      const std::uint32_t vpc = index.find_vpc(fc.vpc->vpc);
      for (const std::string& sn : fc.vpc->subnets) {
        const std::uint32_t g = index.find_subnet(vpc, sn);
        if (g != Route::kNone) busy_slots.push_back(g);
      }
    }
    if (busy_slots.empty()) busy_slots.push_back(Route::kNone);
    double busy_sum = 0;
    std::vector<double> slot_busy;  // per subnet, for NAT connection lifetimes
    for (std::uint32_t g : busy_slots) {
      double busy = fc.duration.mean_seconds();
      for (std::size_t c = 0; c < fc.calls.size(); ++c) {
        if (targets[c] >= config.targets.size()) continue;
        const TargetConfig& target = config.targets[targets[c]];
        const Route r = resolve_route(config, index, fc, g, target);
        busy += r.kind == RouteKind::kUnreachable
                    ? to_seconds(fc.calls[c].connect_timeout.value_or(fc.timeout))
                    : target.latency.mean_seconds();
      }
      slot_busy.push_back(std::min(busy, to_seconds(fc.timeout)));
      busy_sum += slot_busy.back();
    }
    ef.mean_busy_s = busy_sum / static_cast<double>(busy_slots.size());
    ef.peak_concurrency = ef.peak_rate_per_s * ef.mean_busy_s;
    if (fc.reserved_concurrency) {
      ef.peak_concurrency = std::min<double>(ef.peak_concurrency, *fc.reserved_concurrency);
    }
    ef.peak_concurrency = std::min<double>(ef.peak_concurrency, config.account.concurrency_limit);
    ef.legacy_envs_per_eni = std::max(1, 3072 / std::max(1, fc.memory_mb));
    ef.legacy_enis =
        fc.vpc ? static_cast<int>(std::ceil(ef.peak_concurrency / ef.legacy_envs_per_eni)) : 0;
    std::vector<std::uint32_t> subnets;
    if (fc.vpc) {
      const std::uint32_t vpc = index.find_vpc(fc.vpc->vpc);
      for (const std::string& s : fc.vpc->subnets) {
        const std::uint32_t g = index.find_subnet(vpc, s);
        if (g != Route::kNone) subnets.push_back(g);
      }
      std::vector<std::string> sgs = fc.vpc->security_groups;
      std::sort(sgs.begin(), sgs.end());
      sgs.erase(std::unique(sgs.begin(), sgs.end()), sgs.end());
      std::set<std::string> azs;
      for (std::uint32_t g : subnets) {
        pairs.insert({g, sgs});
        azs.insert(index.subnet(g).az);
      }
      ef.hyperplane_enis = static_cast<int>(subnets.size());
      ef.attachment = fmt::format("vpc {}: {}; security groups {}", fc.vpc->vpc,
                                  join(fc.vpc->subnets, ", "), join(sgs, ", "));
      if (azs.size() < 2) {
        ef.warnings.push_back(
            "subnets in one AZ only: AWS recommends at least two (Security Hub Lambda.5)");
      }
      // Legacy: ENIs spread evenly over the function's subnets.
      for (std::uint32_t g : subnets) {
        out.subnets[g].legacy_enis += static_cast<int>(
            std::ceil(static_cast<double>(ef.legacy_enis) / static_cast<double>(subnets.size())));
      }
    } else {
      ef.attachment = "Lambda service VPC";
    }
    const std::vector<std::uint32_t> slots =
        subnets.empty() ? std::vector<std::uint32_t>{Route::kNone} : subnets;
    for (std::size_t c = 0; c < fc.calls.size(); ++c) {
      if (targets[c] >= config.targets.size()) continue;
      const TargetConfig& target = config.targets[targets[c]];
      for (std::size_t k = 0; k < slots.size(); ++k) {
        const std::uint32_t g = slots[k];
        const Route r = resolve_route(config, index, fc, g, target);
        ef.routes.push_back({g == Route::kNone ? "" : index.subnet(g).name, target.name, r.kind,
                             r.cross_az, r.why});
        if (r.kind == RouteKind::kUnreachable) {
          ef.warnings.push_back(
              fmt::format("call to {} from {} is unreachable ({}): it hangs until {} and holds its "
                          "concurrency",
                          target.name, g == Route::kNone ? "the service VPC" : index.subnet(g).name,
                          r.why, format_time(fc.calls[c].connect_timeout.value_or(fc.timeout))));
        }
        if (r.kind == RouteKind::kNat) {
          const double share = 1.0 / static_cast<double>(slots.size());
          const CallConfig& call = fc.calls[c];
          // The NAT drops a connection idle past its timeout.
          const double hold =
              std::min(to_seconds(call.hold), to_seconds(index.nat(r.resource).idle_timeout));
          const double need = call.connection == ConnectionMode::kPooled
                                  ? ef.peak_concurrency * share
                                  : ef.peak_rate_per_s * share * (slot_busy[k] + hold);
          nat_need[r.resource][targets[c]] += need;
        }
      }
    }
    // In-VPC clients through a NAT: a port to the Lambda API per request, for
    // its connection hold (cut at the NAT's idle timeout).
    for (const ArrivalConfig& a : fc.arrivals) {
      if (!a.source || a.source->connection_hold <= kTimeZero) continue;
      const std::uint32_t g = index.find_subnet(index.find_vpc(a.source->vpc), a.source->subnet);
      if (g == Route::kNone) continue;
      const Route r = resolve_client_route(config, index, g);
      if (r.kind != RouteKind::kNat) continue;
      FunctionConfig one = fc;
      one.arrivals = {a};
      const double hold = std::min(to_seconds(a.source->connection_hold),
                                   to_seconds(index.nat(r.resource).idle_timeout));
      nat_need[r.resource][lambda_api] += peak_arrival_rate(one, horizon) * hold;
    }
    out.legacy_enis_total += ef.legacy_enis;
    out.functions.push_back(std::move(ef));
  }
  for (const auto& p : pairs) out.subnets[p.first].hyperplane_enis += 1;
  out.hyperplane_enis_total = static_cast<int>(pairs.size());

  std::vector<int> vpc_enis(net.vpcs.size(), 0);
  for (const auto& p : pairs) vpc_enis[index.subnet_vpc(p.first)] += 1;
  for (std::size_t v = 0; v < net.vpcs.size(); ++v) {
    if (vpc_enis[v] > net.enis_per_vpc) {
      out.warnings.push_back(fmt::format("VPC {} needs {} Hyperplane ENIs; the quota is {}",
                                         net.vpcs[v].name, vpc_enis[v], net.enis_per_vpc));
    }
  }
  for (const ExplainedSubnet& s : out.subnets) {
    const int needed = net.eni_model == EniModel::kHyperplane ? s.hyperplane_enis : s.legacy_enis;
    if (needed > s.usable_ips) {
      out.warnings.push_back(fmt::format(
          "subnet {} has {} usable IPs; {} ENIs need {}", s.name, s.usable_ips,
          net.eni_model == EniModel::kHyperplane ? "Hyperplane" : "per-execution", needed));
    }
  }
  if (net.eni_model == EniModel::kPerExecution &&
      out.legacy_enis_total > net.network_interfaces_per_region) {
    out.warnings.push_back(fmt::format(
        "the legacy formula needs {} ENIs at peak; the region allows {} network interfaces",
        out.legacy_enis_total, net.network_interfaces_per_region));
  }
  for (std::uint32_t n = 0; n < index.nat_count(); ++n) {
    const NatGatewayConfig& nat = index.nat(n);
    for (std::uint32_t t = 0; t <= config.targets.size(); ++t) {
      if (nat_need[n][t] <= 0) continue;
      ExplainedNat en{net.vpcs[0].name, nat.name,
                      t < config.targets.size() ? config.targets[t].name : "the Lambda API",
                      nat_need[n][t], nat.ips * nat.connections_per_ip};
      for (std::uint32_t v = 0; v < net.vpcs.size(); ++v) {
        if (index.find_nat(v, nat.name) == n) en.vpc = net.vpcs[v].name;
      }
      if (en.connections_needed > en.connections_limit) {
        out.warnings.push_back(fmt::format(
            "NAT {} needs ~{:.0f} connections to {}; it allows {} (ErrorPortAllocation past that)",
            nat.name, en.connections_needed, en.target, en.connections_limit));
      }
      out.nats.push_back(en);
    }
  }
  return out;
}

}  // namespace lambdasim
