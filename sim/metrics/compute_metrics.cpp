#include "lambdasim/metrics/compute_metrics.hpp"

#include <limits>

#include "lambdasim/metrics/metric_spec.hpp"

namespace lambdasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(std::uint64_t num, std::uint64_t den) {
  return den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den);
}

LatencySummary summarize_latency(const LogHistogram& h) {
  LatencySummary s;
  s.count = h.count();
  constexpr double kMs = 1e-6;
  s.mean_ms = h.mean() * kMs;
  s.p50_ms = h.quantile(0.50) * kMs;
  s.p90_ms = h.quantile(0.90) * kMs;
  s.p99_ms = h.quantile(0.99) * kMs;
  s.p999_ms = h.quantile(0.999) * kMs;
  s.max_ms = h.max() * kMs;
  return s;
}

// The ratios every summary derives from its counts.
void derive_ratios(FunctionSummary& s) {
  s.success_rate = ratio(s.successes, s.attempts);
  s.p_cold = ratio(s.cold_starts, s.invocations);
  s.p_throttle = ratio(s.throttles, s.attempts);
}

// The compute costs, summed in function order (the network's are added later).
void add_cost(CostSummary& t, const CostSummary& s) {
  t.billed_requests += s.billed_requests;
  t.billed_gb_seconds += s.billed_gb_seconds;
  t.provisioned_gb_seconds += s.provisioned_gb_seconds;
  t.requests_usd += s.requests_usd;
  t.duration_usd += s.duration_usd;
  t.provisioned_usd += s.provisioned_usd;
  t.provisioned_duration_usd += s.provisioned_duration_usd;
  t.compute_usd += s.compute_usd;
  t.total_usd += s.total_usd;
}

}  // namespace

double ComputeMetrics::per_million(const CostSummary& c) {
  return c.billed_requests == 0 ? kNaN : c.total_usd / static_cast<double>(c.billed_requests) * 1e6;
}

ComputeMetrics::ComputeMetrics(const ModelConfig& config)
    : pricing_(config.pricing),
      bill_init_(config.pricing.bill_init),
      request_usd_(config.pricing.request_per_million_usd * 1e-6),
      functions_(config.functions.size()),
      levels_(declared_counters().size()) {
  // AWS prices Arm provisioned concurrency at the same discount as Arm
  // on-demand duration (x 0.8 in us-east-1); PricingConfig carries x86 prices.
  const double arm_factor = pricing_.gb_second_x86_usd > 0
                                ? pricing_.gb_second_arm_usd / pricing_.gb_second_x86_usd
                                : 1.0;
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    const FunctionConfig& fc = config.functions[i];
    FunctionCompute& m = functions_[i];
    m.counts.name = fc.name;
    m.counts.counters.assign(declared_counters().size(), 0);
    m.levels.resize(declared_counters().size());
    for (const CounterSpec& c : declared_counters()) {
      m.counts.counter_present.push_back(c.present == nullptr || c.present(config));
    }
    m.memory_gb = static_cast<double>(fc.memory_mb) / 1024.0;
    const bool arm = fc.architecture == Architecture::kArm64;
    m.gb_second_usd = arm ? pricing_.gb_second_arm_usd : pricing_.gb_second_x86_usd;
    const double factor = arm ? arm_factor : 1.0;
    m.provisioned_usd = pricing_.provisioned_gb_second_usd * factor;
    m.provisioned_duration_usd = pricing_.provisioned_duration_gb_second_usd * factor;
    m.usd_per_ms_on_demand = m.memory_gb * m.gb_second_usd * 1e-3;
    m.usd_per_ms_provisioned = m.memory_gb * m.provisioned_duration_usd * 1e-3;
  }
}

template <class Integral>
double ComputeMetrics::account_average(TimeWeighted FunctionCompute::*gauge, Integral integral,
                                       SimTime from, SimTime until, double value_now) const {
  WideIntegral sum = 0;
  for (const FunctionCompute& m : functions_) sum += integral(m.*gauge, until);
  return average_over(sum, from, until, value_now);
}

// ------------------------------------------------------------ time series

void ComputeMetrics::write_row(TimeSeriesRow& row,
                               std::vector<TimeSeriesFunctionRow>& function_rows, SimTime start,
                               SimTime end) const {
  const auto window = [](const TimeWeighted& g, SimTime until) {
    return g.window_integral_ns(until);
  };
  row.concurrency_avg =
      account_average(&FunctionCompute::running, window, start, end, running_.value());
  row.concurrency_max = running_.window_peak();
  row.environments_avg =
      account_average(&FunctionCompute::environments, window, start, end, environments_.value());
  row.idle_avg = account_average(&FunctionCompute::idle, window, start, end, idle_.value());
  for (std::size_t f = 0; f < function_rows.size() && f < functions_.size(); ++f) {
    function_rows[f].concurrency_avg = functions_[f].running.window_average(end);
    function_rows[f].concurrency_max = functions_[f].running.window_peak();
  }
}

void ComputeMetrics::restart_windows(SimTime end) {
  running_.restart_window();
  idle_.restart_window();
  environments_.restart_window();
  for (FunctionCompute& m : functions_) {
    m.running.restart_window(end);
    m.idle.restart_window(end);
    m.environments.restart_window(end);
  }
}

// ---------------------------------------------------------------- summary

FunctionSummary ComputeMetrics::summarize(const FunctionCompute& m, SimTime end) const {
  FunctionSummary s = m.counts;
  for (const TimeWeighted& l : m.levels) {
    s.level_peak.push_back(l.peak());
    s.level_avg.push_back(l.average(end));
  }
  s.attempts = m.rejected + s.invocations;
  s.in_flight = s.invocations - s.completed;
  s.successes = s.outcomes[static_cast<std::size_t>(Outcome::kSuccess)];
  derive_ratios(s);
  LogHistogram warm = m.latency_warm_same;
  warm.merge(m.latency_warm_other);
  LogHistogram all = m.latency_cold;
  all.merge(warm);
  s.latency = summarize_latency(all);
  s.latency_cold = summarize_latency(m.latency_cold);
  s.latency_warm = summarize_latency(warm);
  s.async_delay = summarize_latency(m.async_delay);
  LogHistogram duration = m.latency_warm_same;
  duration.merge(m.duration_other);
  s.duration = summarize_latency(duration);
  s.concurrency_avg = m.running.average(end);
  s.concurrency_peak = m.running.peak();
  s.environments_avg = m.environments.average(end);
  s.environments_peak = m.environments.peak();
  s.idle_avg = m.idle.average(end);
  s.idle_peak = m.idle.peak();

  CostSummary& c = s.cost;
  const double on_demand_gb_s = static_cast<double>(m.billed_ms_on_demand) * 1e-3 * m.memory_gb;
  const double provisioned_run_gb_s =
      static_cast<double>(m.billed_ms_provisioned) * 1e-3 * m.memory_gb;
  c.billed_requests = s.invocations;
  c.billed_gb_seconds = on_demand_gb_s + provisioned_run_gb_s;
  c.provisioned_gb_seconds = m.provisioned.integral(end) * m.memory_gb;
  c.requests_usd = static_cast<double>(s.invocations) * pricing_.request_per_million_usd * 1e-6;
  c.duration_usd = on_demand_gb_s * m.gb_second_usd;
  c.provisioned_usd = c.provisioned_gb_seconds * m.provisioned_usd;
  c.provisioned_duration_usd = provisioned_run_gb_s * m.provisioned_duration_usd;
  c.compute_usd = c.requests_usd + c.duration_usd + c.provisioned_usd + c.provisioned_duration_usd;
  c.total_usd = c.compute_usd;  // a function has no network cost of its own
  c.per_million_usd = ComputeMetrics::per_million(c);
  return s;
}

std::vector<FunctionSummary> ComputeMetrics::summarize_functions(SimTime end) const {
  std::vector<FunctionSummary> out;
  out.reserve(functions_.size());
  for (const FunctionCompute& m : functions_) out.push_back(summarize(m, end));
  return out;
}

FunctionSummary ComputeMetrics::summarize_total(const std::vector<FunctionSummary>& functions,
                                                SimTime end) const {
  FunctionSummary t;
  t.name = "total";
  t.counters.assign(declared_counters().size(), 0);
  for (const TimeWeighted& l : levels_) {  // the account-wide level, not a sum of peaks
    t.level_peak.push_back(l.peak());
    t.level_avg.push_back(l.average(end));
  }
  if (!functions.empty()) t.counter_present = functions.front().counter_present;
  LogHistogram cold;
  LogHistogram warm;
  LogHistogram async_delay;
  LogHistogram duration;
  for (std::size_t i = 0; i < functions.size() && i < functions_.size(); ++i) {
    const FunctionSummary& s = functions[i];
    cold.merge(functions_[i].latency_cold);
    warm.merge(functions_[i].latency_warm_same);
    warm.merge(functions_[i].latency_warm_other);
    async_delay.merge(functions_[i].async_delay);
    duration.merge(functions_[i].latency_warm_same);
    duration.merge(functions_[i].duration_other);
    // Declared plain counters add up; the rest is recomputed below.
    for (const FunctionMetricSpec& spec : function_metric_specs()) {
      if (spec.counter != nullptr) t.*spec.counter += s.*spec.counter;
    }
    for (std::size_t o = 0; o < kOutcomeCount; ++o) t.outcomes[o] += s.outcomes[o];
    for (std::size_t c = 0; c < s.counters.size() && c < t.counters.size(); ++c) {
      t.counters[c] += s.counters[c];
    }
    add_cost(t.cost, s.cost);
  }
  derive_ratios(t);
  t.latency_cold = summarize_latency(cold);
  t.latency_warm = summarize_latency(warm);
  cold.merge(warm);
  t.latency = summarize_latency(cold);
  t.async_delay = summarize_latency(async_delay);
  t.duration = summarize_latency(duration);
  const auto run = [](const TimeWeighted& g, SimTime until) { return g.integral_ns(until); };
  t.concurrency_avg =
      account_average(&FunctionCompute::running, run, kTimeZero, end, running_.value());
  t.concurrency_peak = running_.peak();
  t.environments_avg =
      account_average(&FunctionCompute::environments, run, kTimeZero, end, environments_.value());
  t.environments_peak = environments_.peak();
  t.idle_avg = account_average(&FunctionCompute::idle, run, kTimeZero, end, idle_.value());
  t.idle_peak = idle_.peak();
  t.cost.per_million_usd = ComputeMetrics::per_million(t.cost);
  return t;
}

}  // namespace lambdasim
