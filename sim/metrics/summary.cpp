#include "lambdasim/metrics/summary.hpp"

namespace lambdasim {

namespace {

using Metrics = std::vector<std::pair<std::string, double>>;

void put(Metrics& out, const std::string& prefix, std::string_view name, double value) {
  std::string key;
  key.reserve(prefix.size() + name.size());
  key.append(prefix).append(name);
  out.emplace_back(std::move(key), value);
}

void put(Metrics& out, const std::string& prefix, std::string_view name, std::uint64_t value) {
  put(out, prefix, name, static_cast<double>(value));
}

void put_latency(Metrics& out, const std::string& prefix, const std::string& name,
                 const LatencySummary& l) {
  put(out, prefix, name + "_count", l.count);
  put(out, prefix, name + "_mean_ms", l.mean_ms);
  put(out, prefix, name + "_p50_ms", l.p50_ms);
  put(out, prefix, name + "_p90_ms", l.p90_ms);
  put(out, prefix, name + "_p99_ms", l.p99_ms);
  put(out, prefix, name + "_p999_ms", l.p999_ms);
  put(out, prefix, name + "_max_ms", l.max_ms);
}

}  // namespace

void flatten_into(const FunctionSummary& f, const std::string& prefix, Metrics& out) {
  put(out, prefix, "invocations", f.invocations);
  put(out, prefix, "started", f.started);
  put(out, prefix, "completed", f.completed);
  put(out, prefix, "in_flight", f.in_flight);
  put(out, prefix, "cold_starts", f.cold_starts);
  put(out, prefix, "provisioned_starts", f.provisioned_starts);
  put(out, prefix, "successes", f.successes);
  put(out, prefix, "throttles", f.throttles);
  put(out, prefix, "errors", f.errors);
  put(out, prefix, "async_delivered", f.async_delivered);
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    put(out, prefix, outcome_name(static_cast<Outcome>(i)), f.outcomes[i]);
  }
  put(out, prefix, "success_rate", f.success_rate);
  put(out, prefix, "p_cold", f.p_cold);
  put(out, prefix, "p_throttle", f.p_throttle);
  put_latency(out, prefix, "latency", f.latency);
  put_latency(out, prefix, "latency_cold", f.latency_cold);
  put_latency(out, prefix, "latency_warm", f.latency_warm);
  put_latency(out, prefix, "async_delay", f.async_delay);
  put(out, prefix, "concurrency_avg", f.concurrency_avg);
  put(out, prefix, "concurrency_peak", f.concurrency_peak);
  put(out, prefix, "environments_avg", f.environments_avg);
  put(out, prefix, "environments_peak", f.environments_peak);
  put(out, prefix, "idle_avg", f.idle_avg);
  put(out, prefix, "idle_peak", f.idle_peak);
  const CostSummary& c = f.cost;
  put(out, prefix, "billed_requests", c.billed_requests);
  put(out, prefix, "billed_gb_seconds", c.billed_gb_seconds);
  put(out, prefix, "provisioned_gb_seconds", c.provisioned_gb_seconds);
  put(out, prefix, "cost_requests_usd", c.requests_usd);
  put(out, prefix, "cost_duration_usd", c.duration_usd);
  put(out, prefix, "cost_provisioned_usd", c.provisioned_usd);
  put(out, prefix, "cost_provisioned_duration_usd", c.provisioned_duration_usd);
  put(out, prefix, "cost_usd", c.total_usd);
  put(out, prefix, "cost_per_million_usd", c.per_million_usd);
}

Metrics flatten(const RunSummary& summary) {
  Metrics out;
  out.reserve((summary.functions.size() + 1) * 96);
  flatten_into(summary.total, "total.", out);
  for (const FunctionSummary& f : summary.functions) {
    flatten_into(f, "functions." + f.name + ".", out);
  }
  return out;
}

}  // namespace lambdasim
