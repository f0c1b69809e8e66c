#include "lambdasim/metrics/collector.hpp"

#include <string>
#include <utility>
#include <vector>

#include "lambdasim/model/fault_kinds.hpp"

namespace lambdasim {

namespace {

constexpr std::size_t idx(Outcome o) {
  return static_cast<std::size_t>(o);
}

// The timeline's faults as windows: kind, subject and configured times.
std::vector<FaultWindowSummary> fault_windows(const ModelConfig& config) {
  const auto& timeline = config.faults.timeline;
  std::vector<FaultWindowSummary> out(timeline.size());
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    FaultWindowSummary& w = out[i];
    w.index = i;
    w.kind = std::string(fault_kind_name(timeline[i].kind));
    w.subject = fault_subject(timeline[i]);
    w.start = timeline[i].at;
    w.end = timeline[i].duration >= kTimeInfinity - timeline[i].at
                ? kTimeInfinity
                : timeline[i].at + timeline[i].duration;
  }
  return out;
}

}  // namespace

MetricsCollector::MetricsCollector(const ModelConfig& config, SimTime timeseries_interval,
                                   SimTime horizon, TimeSeriesKeep keep, TimeSeriesSink sink)
    : pricing_(config.pricing),
      compute_(config),
      network_(config),
      faults_(fault_windows(config)),
      series_(config.functions.size(), timeseries_interval, horizon, keep, std::move(sink)) {
  network_.size_series(series_.series());
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    throttle_[i] = is_throttle(static_cast<Outcome>(i));
  }
}

// --------------------------------------------------------------- compute

void MetricsCollector::on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType) {
  assert(f < series_.function_rows().size());
  advance(now);
  const std::size_t o = idx(why);
  compute_.rejected(f, o);
  faults_.attempt();
  faults_.outcome(o);
  series_.arrival(f);
  series_.outcome(o);
  count_refusal(f, o);
}

void MetricsCollector::on_started(SimTime now, FunctionIndex f, bool cold, bool provisioned) {
  assert(f < series_.function_rows().size());
  advance(now);
  faults_.attempt();
  series_.arrival(f);
  compute_.started(now, f, cold, provisioned);
  if (cold) series_.cold_start(f);
}

void MetricsCollector::on_completed(SimTime now, const Completion& c) {
  const FunctionIndex f = c.function;
  assert(f < series_.function_rows().size());
  advance(now);
  const std::size_t o = idx(c.outcome);
  faults_.outcome(o);
  series_.completion();
  series_.outcome(o);
  // A completion that is not a success is a function error unless the
  // invocation was cut short by the loss of its AZ.
  const bool function_error = c.outcome != Outcome::kSuccess && c.outcome != Outcome::kAzFailure;
  if (c.outcome == Outcome::kSuccess) {
    series_.success(f);
    series_.latency(f, c.cold, c.latency);
    if (c.cold) faults_.cold_success(now, now - c.latency);
  } else {
    count_failed_completion(f, function_error);
  }
  faults_.cost(compute_.completed(now, c, o, function_error));
}

void MetricsCollector::on_environment_ready(SimTime now, FunctionIndex f, bool provisioned) {
  assert(f < series_.function_rows().size());
  advance(now);
  compute_.environment_ready(now, f, provisioned);
}

void MetricsCollector::on_environment_removed(SimTime now, FunctionIndex f) {
  assert(f < series_.function_rows().size());
  advance(now);
  compute_.environment_removed(now, f);
}

void MetricsCollector::on_async_final(SimTime now, FunctionIndex f, Outcome final_state, SimTime) {
  assert(f < series_.function_rows().size());
  advance(now);
  const std::size_t o = idx(final_state);
  const bool success = final_state == Outcome::kSuccess;
  compute_.async_final(f, o, success);
  if (success) return;  // its successful attempt was counted on completion
  faults_.outcome(o);
  series_.outcome(o);
}

void MetricsCollector::on_async_requeued(SimTime now, FunctionIndex f, bool first) {
  assert(f < series_.function_rows().size());
  advance(now);
  compute_.async_requeued(f, first);
  faults_.async_requeued(first);
}

// ------------------------------------------------------------- networking

void MetricsCollector::on_eni_change(SimTime now, std::uint32_t subnet, int delta_enis,
                                     int delta_creating) {
  assert(network_.has_subnet(subnet));
  if (!network_.has_subnet(subnet)) return;
  advance(now);
  network_.eni_change(now, subnet, delta_enis, delta_creating);
}

void MetricsCollector::on_transfer(SimTime, TransferKind kind, std::uint32_t resource,
                                   std::int64_t bytes) {
  // Byte counts are whole-run totals (not in the time series): no advance().
  network_.transfer(kind, resource, bytes);
}

void MetricsCollector::on_count(SimTime /*now*/, CounterId id, FunctionIndex f, std::uint64_t n) {
  if (declared_counters()[id.index].scope == CounterScope::kFunction) {
    compute_.count(f, id, n);
  } else if (network_.enabled()) {
    network_.count(id, n);
  }
}

void MetricsCollector::on_level(SimTime now, CounterId id, FunctionIndex f, std::int64_t delta) {
  if (declared_counters()[id.index].scope == CounterScope::kFunction) {
    compute_.level(now, f, id, delta);
  } else if (network_.enabled()) {
    network_.level(now, id, delta);
  }
}

void MetricsCollector::on_nat_connections(SimTime now, std::uint32_t nat, int delta) {
  assert(network_.has_nat(nat));
  if (!network_.has_nat(nat)) return;
  advance(now);
  network_.nat_connections(nat, delta);
}

// ----------------------------------------------------------------- faults

void MetricsCollector::on_fault(SimTime now, std::uint32_t index, bool active) {
  assert(faults_.has(index));
  if (!faults_.has(index)) return;
  advance(now);
  faults_.fault(now, index, active, series_.row_start());
}

// ------------------------------------------------------------ time series

void MetricsCollector::roll(SimTime now) {
  if (!series_.kept()) return;
  while (series_.due(now)) {
    close_row(series_.row_end());
    series_.next_row();
  }
}

void MetricsCollector::close_row(SimTime end) {
  TimeSeriesRow& row = series_.row();
  compute_.write_row(row, series_.function_rows(), series_.row_start(), end);
  network_.close_row(row, series_.series(), end);
  row.faults_active = faults_.row_faults();
  series_.stamp_row(end);
  faults_.row_closed(row);
  series_.close_row(end);
  compute_.restart_windows(end);
  faults_.restart_row();
}

void MetricsCollector::finish(SimTime end) {
  if (finished_) return;
  finished_ = true;
  end_ = end;
  if (series_.kept()) {
    roll(end);
    if (end > series_.row_start()) close_row(end);  // the partial last interval
    series_.stop();
    series_.flush();
  }
}

// ---------------------------------------------------------------- summary

RunSummary MetricsCollector::summary() const {
  RunSummary r;
  r.end = end_;
  r.functions = compute_.summarize_functions(end_);
  r.total = compute_.summarize_total(r.functions, end_);
  if (network_.enabled()) {
    r.network = network_.summarize(end_);
    NetworkMetrics::add_cost(*r.network, pricing_, r.total.cost);
    r.total.cost.per_million_usd = ComputeMetrics::per_million(r.total.cost);
  }
  r.faults = faults_.summarize(end_);
  return r;
}

}  // namespace lambdasim
