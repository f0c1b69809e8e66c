// explain's binding limit: each limit as the concurrency it allows at the
// function's peak. The rules are the model's (lambda_model.cpp for the
// account, reserved and scaling limits; the network model for ENIs, IPs and
// NAT ports), approximated at the peak as explain's other numbers are.
#include "explain_limits.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace lambdasim {

namespace {

// Concurrent environments one ENI carries, as explain_function sizes them.
double envs_per_eni(const ExplainedFunction& ef) {
  return ef.per_execution_envs_per_eni;
}

// Account and reserved concurrency: a reservation is the function's own
// pool; the others share what is left of the account's, in proportion to
// their demand when together they want more (docs/aws-facts.md#concurrency).
void concurrency_limits(const ModelConfig& config, std::size_t f, const Explanation& out,
                        std::vector<ExplainedLimit>& limits) {
  const FunctionConfig& fc = config.functions[f];
  const ExplainedFunction& ef = out.functions[f];
  if (fc.reserved_concurrency) {
    limits.push_back({"reserved concurrency", static_cast<double>(*fc.reserved_concurrency),
                      "reserved_concurrency"});
    const double rate = 10.0 * *fc.reserved_concurrency;
    limits.push_back(
        {"request rate", rate * ef.mean_busy_s,
         fmt::format("10 x reserved = {:.0f}/s x busy {:.3f}s", rate, ef.mean_busy_s)});
    return;
  }
  int reserved_total = 0;
  double unreserved_demand = 0;
  std::size_t sharing = 0;
  for (std::size_t i = 0; i < config.functions.size(); ++i) {
    if (config.functions[i].reserved_concurrency) {
      reserved_total += *config.functions[i].reserved_concurrency;
    } else {
      unreserved_demand += out.functions[i].demand_concurrency;
      ++sharing;
    }
  }
  const double pool = config.account.concurrency_limit - reserved_total;
  if (sharing > 1 && unreserved_demand > pool && unreserved_demand > 0) {
    limits.push_back({"account concurrency", pool * ef.demand_concurrency / unreserved_demand,
                      fmt::format("its share of {:.0f} unreserved, by demand (~{:.0f} in all)",
                                  pool, unreserved_demand)});
  } else {
    limits.push_back(
        {"account concurrency", pool,
         reserved_total > 0
             ? fmt::format("{} - {} reserved", config.account.concurrency_limit, reserved_total)
             : "the account's limit"});
  }
  const double rate =
      config.account.request_rate_per_s.value_or(10.0 * config.account.concurrency_limit);
  limits.push_back({"request rate", rate * ef.mean_busy_s,
                    fmt::format("{:.0f}/s x busy {:.3f}s", rate, ef.mean_busy_s)});
}

// How high concurrency may climb at the peak: what runs before it plus the
// scaling allowance (current: a full bucket of scaling_environments per
// function; legacy: the account's initial burst, then +500/min).
ExplainedLimit scaling_limit(const ModelConfig& config, const FunctionConfig& fc,
                             const ExplainedFunction& ef, SimTime horizon) {
  const AccountConfig& a = config.account;
  const double before = std::max(arrival_rate_before_peak(fc, horizon) * ef.mean_busy_s,
                                 static_cast<double>(fc.provisioned_concurrency));
  if (a.scaling == ScalingModel::kCurrent) {
    return {"scaling rate", before + a.scaling_environments,
            fmt::format("~{:.0f} before the peak + {} new environments per {}", before,
                        a.scaling_environments, format_time(a.scaling_window))};
  }
  const int burst = a.legacy_burst.value_or(legacy_burst_for_region(a.region));
  return {"scaling rate", std::max<double>(burst, before),
          fmt::format("legacy burst {}, then +{:.0f}/min", burst, a.legacy_increase_per_min)};
}

// ENIs and subnet IPs. Per-execution: the region's interface quota and each
// subnet's IPs, less what the other functions' ENIs take, times the
// environments an ENI carries (the function spreads evenly over its subnets,
// so its fullest subnet binds). Hyperplane: a pair over its quota or a subnet
// without an IP for its ENI lets nothing run.
void vpc_limits(const ModelConfig& config, const NetworkIndex& index, std::size_t f,
                const Explanation& out, std::vector<ExplainedLimit>& limits) {
  const FunctionConfig& fc = config.functions[f];
  const ExplainedFunction& ef = out.functions[f];
  if (!fc.vpc || fc.vpc->subnet_indices.empty()) return;
  const std::vector<std::uint32_t>& subnets = fc.vpc->subnet_indices;
  const double n = static_cast<double>(subnets.size());
  if (out.eni_model == EniModel::kPerExecution) {
    const int others = out.per_execution_enis_total - ef.per_execution_enis;
    const double free_enis = std::max(0, out.region_interface_quota - others);
    limits.push_back({"ENIs", free_enis * envs_per_eni(ef),
                      fmt::format("region quota {} network interfaces, {} used by other functions, "
                                  "{:.3g} environments per ENI",
                                  out.region_interface_quota, others, envs_per_eni(ef))});
    const int own_per_subnet = static_cast<int>(std::ceil(ef.per_execution_enis / n));
    double fewest = std::numeric_limits<double>::infinity();
    std::string where;
    for (std::uint32_t g : subnets) {
      const ExplainedSubnet& s = out.subnets[g];
      const double free_ips = std::max(0, s.usable_ips - (s.per_execution_enis - own_per_subnet));
      if (free_ips < fewest) {
        fewest = free_ips;
        where = s.name;
      }
    }
    limits.push_back(
        {"subnet IPs", fewest * n * envs_per_eni(ef),
         fmt::format("{:.0f} free IPs in {} x {} subnets x {:.3g} environments per ENI", fewest,
                     where, subnets.size(), envs_per_eni(ef))});
    return;
  }
  std::set<std::uint32_t> vpcs;
  bool ips_short = false;
  std::string short_subnet;
  for (std::uint32_t g : subnets) {
    vpcs.insert(index.subnet_vpc(g));
    if (out.subnets[g].hyperplane_enis > out.subnets[g].usable_ips && !ips_short) {
      ips_short = true;
      short_subnet = out.subnets[g].name;
    }
  }
  std::vector<int> vpc_pairs(config.network.vpcs.size(), 0);
  for (const ExplainedSubnet& s : out.subnets) {
    for (std::size_t v = 0; v < config.network.vpcs.size(); ++v) {
      if (config.network.vpcs[v].name == s.vpc) vpc_pairs[v] += s.hyperplane_enis;
    }
  }
  for (std::uint32_t v : vpcs) {
    const bool over = vpc_pairs[v] > out.enis_per_vpc_quota;
    limits.push_back({"ENIs", over ? 0.0 : std::numeric_limits<double>::infinity(),
                      fmt::format("{} Hyperplane ENIs in VPC {}, quota {}", vpc_pairs[v],
                                  config.network.vpcs[v].name, out.enis_per_vpc_quota)});
  }
  if (ips_short) {
    limits.push_back(
        {"subnet IPs", 0.0,
         fmt::format("subnet {} has no IP left for its Hyperplane ENI", short_subnet)});
  }
}

// NAT ports: each (NAT, destination) the function's calls or its in-VPC
// clients use allows limit / needed of the demand (the need grows with it).
void nat_limits(const ModelConfig& config, const NetworkIndex& index, std::size_t f,
                const Explanation& out, std::vector<ExplainedLimit>& limits) {
  const FunctionConfig& fc = config.functions[f];
  const ExplainedFunction& ef = out.functions[f];
  std::set<std::tuple<std::string, std::string, std::string>> used;  // vpc, nat, destination
  auto use = [&](const Route& r, const std::string& destination) {
    if (r.kind != RouteKind::kNat) return;
    used.insert({config.network.vpcs[index.nat_vpc(r.resource)].name, index.nat(r.resource).name,
                 destination});
  };
  if (fc.vpc) {
    for (const CallConfig& call : fc.calls) {
      const TargetConfig& target = config.targets[call.target_index];
      for (std::uint32_t g : fc.vpc->subnet_indices) {
        use(resolve_route(config, index, fc, g, target), target.name);
      }
    }
  }
  const std::uint32_t api = lambda_api_destination(config);
  const std::string api_name =
      api < config.targets.size() ? config.targets[api].name : "the Lambda API";
  for (const ArrivalConfig& a : fc.arrivals) {
    if (!a.source || a.source->connection_hold <= kTimeZero) continue;
    if (a.source->subnet_index == Route::kNone) continue;
    use(resolve_client_route(config, index, a.source->subnet_index), api_name);
  }
  const ExplainedNat* worst = nullptr;
  for (const ExplainedNat& nat : out.nats) {
    if (nat.connections_needed <= 0 || used.count({nat.vpc, nat.nat, nat.target}) == 0) continue;
    if (worst == nullptr || nat.connections_limit / nat.connections_needed <
                                worst->connections_limit / worst->connections_needed) {
      worst = &nat;
    }
  }
  if (worst == nullptr) return;
  limits.push_back(
      {"NAT ports", ef.demand_concurrency * worst->connections_limit / worst->connections_needed,
       fmt::format("NAT {} to {}: {} connections, ~{:.0f} needed at the demand", worst->nat,
                   worst->target, worst->connections_limit, worst->connections_needed)});
}

}  // namespace

std::string binding_limit_text(const ExplainedFunction& f) {
  if (!f.binding_limit || *f.binding_limit >= f.limits.size()) {
    return fmt::format("binding limit: none: demand ~{:.0f} fits every limit",
                       f.demand_concurrency);
  }
  const ExplainedLimit& l = f.limits[*f.binding_limit];
  return fmt::format("binding limit: {} {:.0f} (demand ~{:.0f})", l.name, l.capacity,
                     f.demand_concurrency);
}

void explain_limits(const ModelConfig& config, const NetworkIndex& index, SimTime horizon,
                    Explanation& out) {
  for (std::size_t f = 0; f < out.functions.size() && f < config.functions.size(); ++f) {
    std::vector<ExplainedLimit> limits;
    concurrency_limits(config, f, out, limits);
    limits.push_back(scaling_limit(config, config.functions[f], out.functions[f], horizon));
    vpc_limits(config, index, f, out, limits);
    nat_limits(config, index, f, out, limits);
    ExplainedFunction& ef = out.functions[f];
    ef.binding_limit.reset();
    // A limit binds when it allows less than the demand (half an execution
    // of slack for rounding); the lowest binds first.
    for (std::size_t i = 0; i < limits.size(); ++i) {
      if (!(limits[i].capacity < ef.demand_concurrency - 0.5)) continue;
      if (!ef.binding_limit || limits[i].capacity < limits[*ef.binding_limit].capacity) {
        ef.binding_limit = i;
      }
    }
    ef.limits = std::move(limits);
  }
}

}  // namespace lambdasim
