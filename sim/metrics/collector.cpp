#include "lambdasim/metrics/collector.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace lambdasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kNanosPerMilli = 1'000'000;
// Reserve time-series rows up front only this far; longer runs grow the vector.
constexpr std::int64_t kMaxReservedRows = 100'000;

constexpr std::size_t idx(Outcome o) { return static_cast<std::size_t>(o); }

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

}  // namespace

MetricsCollector::MetricsCollector(const ModelConfig& config, SimTime timeseries_interval,
                                   SimTime horizon)
    : pricing_(config.pricing), functions_(config.functions.size()) {
  // AWS prices Arm provisioned concurrency at the same discount as Arm
  // on-demand duration (x 0.8 in us-east-1); PricingConfig carries x86 prices.
  const double arm_factor = pricing_.gb_second_x86_usd > 0
                                ? pricing_.gb_second_arm_usd / pricing_.gb_second_x86_usd
                                : 1.0;
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    const FunctionConfig& fc = config.functions[i];
    FunctionMetrics& m = functions_[i];
    m.name = fc.name;
    m.memory_gb = static_cast<double>(fc.memory_mb) / 1024.0;
    const bool arm = fc.architecture == Architecture::kArm64;
    m.gb_second_usd = arm ? pricing_.gb_second_arm_usd : pricing_.gb_second_x86_usd;
    const double factor = arm ? arm_factor : 1.0;
    m.provisioned_usd = pricing_.provisioned_gb_second_usd * factor;
    m.provisioned_duration_usd = pricing_.provisioned_duration_gb_second_usd * factor;
  }

  series_.interval = timeseries_interval;
  series_.function_count = functions_.size();
  function_row_.assign(functions_.size(), TimeSeriesFunctionRow{});
  row_function_running_.assign(functions_.size(), TimeWeighted{});
  if (timeseries_interval > kTimeZero) {
    bucket_end_ = timeseries_interval;
    if (horizon > kTimeZero && horizon < kTimeInfinity) {
      const std::int64_t rows =
          std::min(horizon.count() / timeseries_interval.count() + 1, kMaxReservedRows);
      series_.rows.reserve(static_cast<std::size_t>(rows));
      series_.function_rows.reserve(static_cast<std::size_t>(rows) * functions_.size());
    }
  }
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    throttle_[i] = is_throttle(static_cast<Outcome>(i));
  }
}

// ------------------------------------------------------------------ gauges

void MetricsCollector::change_running(SimTime now, FunctionIndex f, double delta) {
  functions_[f].running.add(now, delta);
  running_.add(now, delta);
  row_running_.add(now, delta);
  row_function_running_[f].add(now, delta);
}

void MetricsCollector::change_idle(SimTime now, FunctionIndex f, double delta) {
  functions_[f].idle.add(now, delta);
  idle_.add(now, delta);
  row_idle_.add(now, delta);
}

void MetricsCollector::change_environments(SimTime now, FunctionIndex f, double delta) {
  functions_[f].environments.add(now, delta);
  environments_.add(now, delta);
  row_environments_.add(now, delta);
}

// --------------------------------------------------------------- observer

void MetricsCollector::on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType) {
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  const std::size_t o = idx(why);
  ++m.rejected;
  ++m.outcomes[o];
  ++row_.arrivals;
  ++row_.outcomes[o];
  TimeSeriesFunctionRow& fr = function_row_[f];
  ++fr.arrivals;
  if (throttle_[o]) {
    ++m.throttles;
    ++row_.throttles;
    ++fr.throttles;
  } else {
    ++m.errors;
    ++row_.errors;
    ++fr.errors;
  }
}

void MetricsCollector::on_started(SimTime now, FunctionIndex f, bool cold, bool provisioned) {
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  ++m.started;
  ++row_.arrivals;
  TimeSeriesFunctionRow& fr = function_row_[f];
  ++fr.arrivals;
  if (provisioned) ++m.provisioned_starts;
  change_running(now, f, 1);
  if (cold) {
    ++m.cold_starts;
    ++row_.cold_starts;
    ++fr.cold_starts;
    change_environments(now, f, 1);
  } else {
    change_idle(now, f, -1);
  }
}

void MetricsCollector::on_completed(SimTime now, const Completion& c) {
  const FunctionIndex f = c.function;
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  const std::size_t o = idx(c.outcome);
  ++m.completed;
  ++m.outcomes[o];
  ++row_.completions;
  ++row_.outcomes[o];
  TimeSeriesFunctionRow& fr = function_row_[f];
  if (c.outcome == Outcome::kSuccess) {
    ++row_.successes;
    ++fr.successes;
    (c.cold ? m.latency_cold : m.latency_warm).record(c.latency);
  } else if (throttle_[o]) {
    ++m.throttles;
    ++row_.throttles;
    ++fr.throttles;
  } else {
    ++m.errors;
    ++row_.errors;
    ++fr.errors;
  }
  if (c.type == InvocationType::kAsync) m.async_delay.record(c.async_delay);

  // Billed duration: init (when this invocation initialised its environment
  // and init is billed) plus run, rounded up to the next millisecond.
  SimTime billed = c.run_duration;
  if (c.cold && pricing_.bill_init) billed += c.init_duration;
  const std::int64_t ns = std::max<std::int64_t>(billed.count(), 0);
  const std::int64_t ms = (ns + kNanosPerMilli - 1) / kNanosPerMilli;
  (c.provisioned ? m.billed_ms_provisioned : m.billed_ms_on_demand) += ms;

  change_running(now, f, -1);
  if (c.environment_kept) {
    change_idle(now, f, 1);
  } else {
    change_environments(now, f, -1);
  }
}

void MetricsCollector::on_environment_ready(SimTime now, FunctionIndex f, bool provisioned) {
  assert(f < functions_.size());
  advance(now);
  change_idle(now, f, 1);
  change_environments(now, f, 1);
  // Provisioned concurrency is billed while configured: from readiness to the
  // end of the run (AWS keeps the configured count, replacing lost environments).
  if (provisioned) functions_[f].provisioned.add(now, 1);
}

void MetricsCollector::on_environment_removed(SimTime now, FunctionIndex f) {
  assert(f < functions_.size());
  advance(now);
  change_idle(now, f, -1);
  change_environments(now, f, -1);
}

void MetricsCollector::on_async_final(SimTime now, FunctionIndex f, Outcome final_state,
                                      SimTime) {
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  if (final_state == Outcome::kSuccess) {
    ++m.async_delivered;  // its successful attempt was counted on completion
    return;
  }
  ++m.outcomes[idx(final_state)];
  ++row_.outcomes[idx(final_state)];
}

// ------------------------------------------------------------ time series

void MetricsCollector::roll(SimTime now) {
  if (series_.interval <= kTimeZero) return;
  while (now >= bucket_end_) {
    close_row(bucket_end_);
    bucket_start_ = bucket_end_;
    bucket_end_ += series_.interval;
  }
}

void MetricsCollector::close_row(SimTime end) {
  row_.start = bucket_start_;
  row_.end = end;
  row_.concurrency_avg = row_running_.average(end);
  row_.concurrency_max = row_running_.peak();
  row_.environments_avg = row_environments_.average(end);
  row_.idle_avg = row_idle_.average(end);
  series_.rows.push_back(row_);
  row_ = TimeSeriesRow{};
  row_running_.restart(end);
  row_idle_.restart(end);
  row_environments_.restart(end);
  for (std::size_t f = 0; f < function_row_.size(); ++f) {
    TimeSeriesFunctionRow& fr = function_row_[f];
    fr.concurrency_avg = row_function_running_[f].average(end);
    fr.concurrency_max = row_function_running_[f].peak();
    series_.function_rows.push_back(fr);
    fr = TimeSeriesFunctionRow{};
    row_function_running_[f].restart(end);
  }
}

void MetricsCollector::finish(SimTime end) {
  if (finished_) return;
  finished_ = true;
  end_ = end;
  if (series_.interval > kTimeZero) {
    roll(end);
    if (end > bucket_start_) close_row(end);  // the partial last interval
    bucket_end_ = kTimeInfinity;
  }
}

// ---------------------------------------------------------------- summary

FunctionSummary MetricsCollector::summarize(const FunctionMetrics& m) const {
  FunctionSummary s;
  s.name = m.name;
  s.invocations = m.rejected + m.started;
  s.started = m.started;
  s.completed = m.completed;
  s.in_flight = m.started - m.completed;
  s.cold_starts = m.cold_starts;
  s.provisioned_starts = m.provisioned_starts;
  s.successes = m.outcomes[idx(Outcome::kSuccess)];
  s.throttles = m.throttles;
  s.errors = m.errors;
  s.outcomes = m.outcomes;
  s.async_delivered = m.async_delivered;
  s.success_rate = ratio(s.successes, s.invocations);
  s.p_cold = ratio(s.cold_starts, s.started);
  s.p_throttle = ratio(s.throttles, s.invocations);
  LogHistogram all = m.latency_cold;
  all.merge(m.latency_warm);
  s.latency = summarize_latency(all);
  s.latency_cold = summarize_latency(m.latency_cold);
  s.latency_warm = summarize_latency(m.latency_warm);
  s.async_delay = summarize_latency(m.async_delay);
  s.concurrency_avg = m.running.average(end_);
  s.concurrency_peak = m.running.peak();
  s.environments_avg = m.environments.average(end_);
  s.environments_peak = m.environments.peak();
  s.idle_avg = m.idle.average(end_);
  s.idle_peak = m.idle.peak();

  CostSummary& c = s.cost;
  const double on_demand_gb_s = static_cast<double>(m.billed_ms_on_demand) * 1e-3 * m.memory_gb;
  const double provisioned_run_gb_s =
      static_cast<double>(m.billed_ms_provisioned) * 1e-3 * m.memory_gb;
  c.billed_requests = m.started;
  c.billed_gb_seconds = on_demand_gb_s + provisioned_run_gb_s;
  c.provisioned_gb_seconds = m.provisioned.integral(end_) * m.memory_gb;
  c.requests_usd = static_cast<double>(m.started) * pricing_.request_per_million_usd * 1e-6;
  c.duration_usd = on_demand_gb_s * m.gb_second_usd;
  c.provisioned_usd = c.provisioned_gb_seconds * m.provisioned_usd;
  c.provisioned_duration_usd = provisioned_run_gb_s * m.provisioned_duration_usd;
  c.total_usd = c.requests_usd + c.duration_usd + c.provisioned_usd + c.provisioned_duration_usd;
  c.per_million_usd = c.billed_requests == 0
                          ? kNaN
                          : c.total_usd / static_cast<double>(c.billed_requests) * 1e6;
  return s;
}

RunSummary MetricsCollector::summary() const {
  RunSummary r;
  r.end = end_;
  r.functions.reserve(functions_.size());
  LogHistogram cold;
  LogHistogram warm;
  LogHistogram async_delay;
  FunctionSummary& t = r.total;
  t.name = "total";
  for (const FunctionMetrics& m : functions_) {
    FunctionSummary s = summarize(m);
    cold.merge(m.latency_cold);
    warm.merge(m.latency_warm);
    async_delay.merge(m.async_delay);
    t.invocations += s.invocations;
    t.started += s.started;
    t.completed += s.completed;
    t.in_flight += s.in_flight;
    t.cold_starts += s.cold_starts;
    t.provisioned_starts += s.provisioned_starts;
    t.successes += s.successes;
    t.throttles += s.throttles;
    t.errors += s.errors;
    t.async_delivered += s.async_delivered;
    for (std::size_t i = 0; i < kOutcomeCount; ++i) t.outcomes[i] += s.outcomes[i];
    CostSummary& c = t.cost;
    c.billed_requests += s.cost.billed_requests;
    c.billed_gb_seconds += s.cost.billed_gb_seconds;
    c.provisioned_gb_seconds += s.cost.provisioned_gb_seconds;
    c.requests_usd += s.cost.requests_usd;
    c.duration_usd += s.cost.duration_usd;
    c.provisioned_usd += s.cost.provisioned_usd;
    c.provisioned_duration_usd += s.cost.provisioned_duration_usd;
    c.total_usd += s.cost.total_usd;
    r.functions.push_back(std::move(s));
  }
  t.success_rate = ratio(t.successes, t.invocations);
  t.p_cold = ratio(t.cold_starts, t.started);
  t.p_throttle = ratio(t.throttles, t.invocations);
  t.latency_cold = summarize_latency(cold);
  t.latency_warm = summarize_latency(warm);
  cold.merge(warm);
  t.latency = summarize_latency(cold);
  t.async_delay = summarize_latency(async_delay);
  t.concurrency_avg = running_.average(end_);
  t.concurrency_peak = running_.peak();
  t.environments_avg = environments_.average(end_);
  t.environments_peak = environments_.peak();
  t.idle_avg = idle_.average(end_);
  t.idle_peak = idle_.peak();
  t.cost.per_million_usd = t.cost.billed_requests == 0 ? kNaN
                                                       : t.cost.total_usd /
                                                             static_cast<double>(
                                                                 t.cost.billed_requests) *
                                                             1e6;
  return r;
}

}  // namespace lambdasim
