#include "lambdasim/metrics/collector.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "lambdasim/model/routes.hpp"

namespace lambdasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kNanosPerMilli = 1'000'000;
// Reserve time-series rows up front only this far; longer runs grow the vector.
constexpr std::int64_t kMaxReservedRows = 100'000;

// Data is billed per GB; the scenario's units make GB decimal (10^9 bytes).
constexpr double kBytesPerGb = 1e9;
// A row has recovered when its availability is at most this far below the
// availability before the fault (0.5 percentage points).
constexpr double kRecoveryTolerance = 0.005;

constexpr std::size_t idx(Outcome o) {
  return static_cast<std::size_t>(o);
}

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

double gigabytes(std::int64_t bytes) {
  return static_cast<double>(bytes) / kBytesPerGb;
}

// What a fault hits, for reports: the AZ, "vpc/resource" or the target.
std::string fault_subject(const FaultConfig& f) {
  switch (f.kind) {
    case FaultKind::kAzOutage:
      return f.az;
    case FaultKind::kNatFailure:
    case FaultKind::kEndpointFailure:
      return f.vpc.empty() ? f.resource : f.vpc + "/" + f.resource;
    case FaultKind::kLatency:
    case FaultKind::kTargetOutage:
      return f.target;
    case FaultKind::kEniCreationFailure:
    case FaultKind::kEniApiThrottle:
      break;
  }
  return {};
}

// Fault end to the end of the first row starting at or after it whose
// availability is back within kRecoveryTolerance of the availability over the
// rows that ended before the fault began. Rows without arrivals say nothing.
double time_to_recover(const TimeSeries& ts, SimTime start, SimTime end) {
  if (ts.interval <= kTimeZero) return kNaN;
  std::uint64_t successes = 0;
  std::uint64_t arrivals = 0;
  for (const TimeSeriesRow& row : ts.rows) {
    if (row.end > start) break;
    successes += row.successes;
    arrivals += row.arrivals;
  }
  if (arrivals == 0) return kNaN;
  // A tiny slack so that a row exactly 0.5 points below counts despite rounding.
  const double threshold = ratio(successes, arrivals) - kRecoveryTolerance - 1e-12;
  for (const TimeSeriesRow& row : ts.rows) {
    if (row.start < end || row.arrivals == 0) continue;
    if (row.availability() >= threshold) return to_seconds(row.end - end);
  }
  return kNaN;
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
    m.usd_per_ms_on_demand = m.memory_gb * m.gb_second_usd * 1e-3;
    m.usd_per_ms_provisioned = m.memory_gb * m.provisioned_duration_usd * 1e-3;
  }

  // Networking: sized once from the global numbering, so observer calls index
  // vectors and never allocate.
  has_network_ = !config.network.vpcs.empty();
  if (has_network_) {
    const NetworkIndex net(config);
    const auto& vpcs = config.network.vpcs;
    subnets_.resize(net.subnet_count());
    vpcs_.resize(vpcs.size());
    nats_.resize(net.nat_count());
    endpoint_bytes_.assign(net.endpoint_count(), 0);
    NetworkSummary& names = network_names_;
    for (std::uint32_t i = 0; i < net.subnet_count(); ++i) {
      const SubnetConfig& sc = net.subnet(i);
      subnets_[i].vpc = net.subnet_vpc(i);
      subnets_[i].usable_ips = sc.usable_ips();
      SubnetNetworkSummary sn;
      sn.vpc = vpcs[net.subnet_vpc(i)].name;
      sn.name = sc.name;
      sn.az = sc.az;
      sn.usable_ips = sc.usable_ips();
      names.subnets.push_back(std::move(sn));
    }
    for (const VpcConfig& v : vpcs) names.vpcs.push_back({.name = v.name});
    for (std::uint32_t v = 0; v < vpcs.size(); ++v) {
      for (const NatGatewayConfig& nat : vpcs[v].nat_gateways) {
        NatNetworkSummary ns;
        ns.vpc = vpcs[v].name;
        ns.name = nat.name;
        ns.az = nat.az;
        names.nats.push_back(std::move(ns));
      }
      for (const InterfaceEndpointConfig& ep : vpcs[v].interface_endpoints) {
        EndpointNetworkSummary es;
        es.vpc = vpcs[v].name;
        es.name = ep.name;
        es.service = ep.service;
        es.azs = ep.subnets.size();
        names.endpoints.push_back(std::move(es));
      }
    }
  }

  const auto& timeline = config.faults.timeline;
  faults_.resize(timeline.size());
  awaiting_success_.reserve(timeline.size());
  fault_names_.resize(timeline.size());
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    FaultWindowSummary& w = fault_names_[i];
    w.index = i;
    w.kind = std::string(fault_kind_name(timeline[i].kind));
    w.subject = fault_subject(timeline[i]);
    w.start = timeline[i].at;
    w.end = timeline[i].duration >= kTimeInfinity - timeline[i].at
                ? kTimeInfinity
                : timeline[i].at + timeline[i].duration;
  }

  series_.interval = timeseries_interval;
  series_.function_count = functions_.size();
  function_row_.assign(functions_.size(), TimeSeriesFunctionRow{});
  if (has_network_) {
    series_.subnet_count = subnets_.size();
    series_.vpc_count = vpcs_.size();
    row_subnet_.resize(subnets_.size());
    for (std::size_t i = 0; i < subnets_.size(); ++i) {
      row_subnet_[i].free_ips_min = subnets_[i].usable_ips;
    }
    row_vpc_enis_max_.assign(vpcs_.size(), 0);
  }
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

void MetricsCollector::change_running(SimTime now, FunctionIndex f, std::int64_t delta) {
  functions_[f].running.add(now, delta);
  running_.add(delta);
}

void MetricsCollector::change_idle(SimTime now, FunctionIndex f, std::int64_t delta) {
  functions_[f].idle.add(now, delta);
  idle_.add(delta);
}

void MetricsCollector::change_environments(SimTime now, FunctionIndex f, std::int64_t delta) {
  functions_[f].environments.add(now, delta);
  environments_.add(delta);
}

template <class Integral>
double MetricsCollector::account_average(TimeWeighted FunctionMetrics::*gauge, Integral integral,
                                         SimTime from, SimTime until, double value_now) const {
  WideIntegral sum = 0;
  for (const FunctionMetrics& m : functions_) sum += integral(m.*gauge, until);
  return average_over(sum, from, until, value_now);
}

// --------------------------------------------------------------- observer

void MetricsCollector::on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType) {
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  const std::size_t o = idx(why);
  ++m.rejected;
  ++m.outcomes[o];
  ++tally_.attempts;
  ++tally_.outcomes[o];
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
  ++tally_.attempts;
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
  ++tally_.outcomes[o];
  ++row_.completions;
  ++row_.outcomes[o];
  TimeSeriesFunctionRow& fr = function_row_[f];
  if (c.outcome == Outcome::kSuccess) {
    ++row_.successes;
    ++fr.successes;
    (c.cold ? m.latency_cold : m.latency_warm).record(c.latency);
    if (c.cold && !awaiting_success_.empty()) note_cold_success(now, now - c.latency);
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
  tally_.cost_usd +=
      pricing_.request_per_million_usd * 1e-6 +
      static_cast<double>(ms) * (c.provisioned ? m.usd_per_ms_provisioned : m.usd_per_ms_on_demand);

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

void MetricsCollector::on_async_final(SimTime now, FunctionIndex f, Outcome final_state, SimTime) {
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  if (final_state == Outcome::kSuccess) {
    ++m.async_delivered;  // its successful attempt was counted on completion
    return;
  }
  ++m.outcomes[idx(final_state)];
  ++tally_.outcomes[idx(final_state)];
  ++row_.outcomes[idx(final_state)];
}

void MetricsCollector::on_async_requeued(SimTime now, FunctionIndex f, bool first) {
  assert(f < functions_.size());
  advance(now);
  FunctionMetrics& m = functions_[f];
  ++m.async_retries;
  ++tally_.async_retries;
  if (first) {
    ++m.async_delayed;
    ++tally_.async_delayed;
  }
}

void MetricsCollector::note_cold_success(SimTime now, SimTime arrived) {
  // Few faults are ever awaiting at once; each leaves the list when found.
  for (std::size_t k = 0; k < awaiting_success_.size();) {
    FaultWindow& w = faults_[awaiting_success_[k]];
    if (arrived >= w.start) {
      w.first_success_s = to_seconds(now - w.start);
      awaiting_success_[k] = awaiting_success_.back();
      awaiting_success_.pop_back();
    } else {
      ++k;
    }
  }
}

// ------------------------------------------------------------- networking

void MetricsCollector::on_eni_change(SimTime now, std::uint32_t subnet, int delta_enis,
                                     int delta_creating) {
  assert(subnet < subnets_.size());
  if (subnet >= subnets_.size()) return;
  advance(now);
  SubnetMetrics& s = subnets_[subnet];
  VpcMetrics& v = vpcs_[s.vpc];
  if (delta_enis != 0) {
    const std::int64_t d = delta_enis;
    s.enis.add(now, d);
    enis_.add(now, d);
    v.enis += delta_enis;
    v.enis_peak = std::max(v.enis_peak, v.enis);
  }
  if (delta_creating != 0) {
    const std::int64_t d = delta_creating;
    s.creating.add(now, d);
    creating_.add(now, d);
  }
  // An ENI holds its IP from the start of its creation: creating -> in
  // service (+1, -1) leaves the IPs unchanged.
  const int ips = delta_enis + delta_creating;
  if (ips != 0) {
    s.ips_used += ips;
    s.ips_used_peak = std::max(s.ips_used_peak, s.ips_used);
    v.ips_used += ips;
    v.ips_used_peak = std::max(v.ips_used_peak, v.ips_used);
    ips_used_ += ips;
    ips_used_peak_ = std::max(ips_used_peak_, ips_used_);
    row_ips_used_max_ = std::max(row_ips_used_max_, ips_used_);
  }
  if (!row_subnet_.empty()) {
    TimeSeriesSubnetRow& r = row_subnet_[subnet];
    r.enis_max = std::max(r.enis_max, static_cast<int>(s.enis.value()));
    r.creating_max = std::max(r.creating_max, static_cast<int>(s.creating.value()));
    r.free_ips_min = std::min(r.free_ips_min, s.usable_ips - s.ips_used);
    row_vpc_enis_max_[s.vpc] = std::max(row_vpc_enis_max_[s.vpc], v.enis);
  }
}

void MetricsCollector::on_transfer(SimTime, TransferKind kind, std::uint32_t resource,
                                   std::int64_t bytes) {
  // Byte counts are whole-run totals (not in the time series): no advance().
  switch (kind) {
    case TransferKind::kNat:
      assert(resource < nats_.size());
      if (resource < nats_.size()) nats_[resource].bytes += bytes;
      break;
    case TransferKind::kInterfaceEndpoint:
      assert(resource < endpoint_bytes_.size());
      if (resource < endpoint_bytes_.size()) endpoint_bytes_[resource] += bytes;
      break;
    case TransferKind::kCrossAz:
      cross_az_bytes_ += bytes;
      break;
    case TransferKind::kInternet:
      break;  // direct from the Lambda service VPC: not billed to the account here
  }
}

void MetricsCollector::on_nat_connections(SimTime now, std::uint32_t nat, int delta) {
  assert(nat < nats_.size());
  if (nat >= nats_.size()) return;
  advance(now);
  NatMetrics& n = nats_[nat];
  n.connections += delta;
  n.connections_peak = std::max(n.connections_peak, n.connections);
  nat_connections_ += delta;
  nat_connections_peak_ = std::max(nat_connections_peak_, nat_connections_);
  row_nat_connections_max_ = std::max(row_nat_connections_max_, nat_connections_);
}

// ----------------------------------------------------------------- faults

void MetricsCollector::on_fault(SimTime now, std::uint32_t index, bool active) {
  assert(index < faults_.size());
  if (index >= faults_.size()) return;
  advance(now);
  FaultWindow& w = faults_[index];
  if (active) {
    if (w.started) return;  // each fault of the timeline happens once
    w.started = true;
    w.active = true;
    w.start = now;
    w.at_start = tally_;
    ++faults_active_;
    ++row_faults_;
    awaiting_success_.push_back(index);  // reserved for every fault: no allocation
  } else {
    if (!w.active) return;
    w.active = false;
    w.end = now;
    w.at_end = tally_;
    --faults_active_;
    // Ending exactly where the current row starts: the row counted it when it
    // opened, but [start, end) does not reach into the row.
    if (now == bucket_start_ && row_faults_ > 0) --row_faults_;
  }
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
  const auto window = [](const TimeWeighted& g, SimTime until) {
    return g.window_integral_ns(until);
  };
  row_.concurrency_avg =
      account_average(&FunctionMetrics::running, window, bucket_start_, end, running_.value());
  row_.concurrency_max = running_.window_peak();
  row_.environments_avg = account_average(&FunctionMetrics::environments, window, bucket_start_,
                                          end, environments_.value());
  row_.idle_avg =
      account_average(&FunctionMetrics::idle, window, bucket_start_, end, idle_.value());
  row_.enis_avg = enis_.window_average(end);
  row_.enis_creating_avg = creating_.window_average(end);
  row_.ips_used_max = row_ips_used_max_;
  row_.nat_connections_max = row_nat_connections_max_;
  row_.faults_active = row_faults_;
  series_.rows.push_back(row_);
  row_ = TimeSeriesRow{};
  running_.restart_window();
  idle_.restart_window();
  environments_.restart_window();
  enis_.restart_window(end);
  creating_.restart_window(end);
  row_ips_used_max_ = ips_used_;
  row_nat_connections_max_ = nat_connections_;
  row_faults_ = faults_active_;
  // Per subnet and VPC: append the row, then start the next one from the
  // current state (a row's maxima and minima include its first instant).
  for (std::size_t i = 0; i < row_subnet_.size(); ++i) {
    series_.subnet_rows.push_back(row_subnet_[i]);
    const SubnetMetrics& m = subnets_[i];
    row_subnet_[i] =
        TimeSeriesSubnetRow{static_cast<int>(m.enis.value()), static_cast<int>(m.creating.value()),
                            m.usable_ips - m.ips_used};
  }
  for (std::size_t v = 0; v < row_vpc_enis_max_.size(); ++v) {
    series_.vpc_enis_max.push_back(row_vpc_enis_max_[v]);
    row_vpc_enis_max_[v] = vpcs_[v].enis;
  }
  for (std::size_t f = 0; f < function_row_.size(); ++f) {
    TimeSeriesFunctionRow& fr = function_row_[f];
    FunctionMetrics& m = functions_[f];
    fr.concurrency_avg = m.running.window_average(end);
    fr.concurrency_max = m.running.window_peak();
    series_.function_rows.push_back(fr);
    fr = TimeSeriesFunctionRow{};
    m.running.restart_window(end);
    m.idle.restart_window(end);
    m.environments.restart_window(end);
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
  s.async_delayed = m.async_delayed;
  s.async_retries = m.async_retries;
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
  c.per_million_usd =
      c.billed_requests == 0 ? kNaN : c.total_usd / static_cast<double>(c.billed_requests) * 1e6;
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
    t.async_delayed += s.async_delayed;
    t.async_retries += s.async_retries;
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
  const auto run = [](const TimeWeighted& g, SimTime until) { return g.integral_ns(until); };
  t.concurrency_avg =
      account_average(&FunctionMetrics::running, run, kTimeZero, end_, running_.value());
  t.concurrency_peak = running_.peak();
  t.environments_avg =
      account_average(&FunctionMetrics::environments, run, kTimeZero, end_, environments_.value());
  t.environments_peak = environments_.peak();
  t.idle_avg = account_average(&FunctionMetrics::idle, run, kTimeZero, end_, idle_.value());
  t.idle_peak = idle_.peak();
  if (has_network_) {
    r.network = summarize_network();
    const NetworkSummary& n = *r.network;
    CostSummary& c = t.cost;
    c.nat_usd = n.nat_hours * pricing_.nat_hour_usd + n.nat_gb * pricing_.nat_gb_usd;
    c.endpoint_usd = n.endpoint_az_hours * pricing_.endpoint_az_hour_usd +
                     n.endpoint_gb * pricing_.endpoint_gb_usd;
    // "Per GB each direction": the sending and the receiving side are both billed.
    c.cross_az_usd = n.cross_az_gb * pricing_.cross_az_gb_usd * 2;
    c.network_usd = c.nat_usd + c.endpoint_usd + c.cross_az_usd;
    c.total_usd += c.network_usd;
  }
  t.cost.per_million_usd =
      t.cost.billed_requests == 0
          ? kNaN
          : t.cost.total_usd / static_cast<double>(t.cost.billed_requests) * 1e6;
  r.faults = summarize_faults();
  return r;
}

NetworkSummary MetricsCollector::summarize_network() const {
  NetworkSummary n = network_names_;
  const double hours = to_seconds(end_) / 3600.0;
  for (std::size_t i = 0; i < subnets_.size(); ++i) {
    const SubnetMetrics& m = subnets_[i];
    SubnetNetworkSummary& s = n.subnets[i];
    s.enis_avg = m.enis.average(end_);
    s.enis_peak = m.enis.peak();
    s.creating_avg = m.creating.average(end_);
    s.creating_peak = m.creating.peak();
    s.ips_used_peak = m.ips_used_peak;
    s.free_ips_min = static_cast<double>(s.usable_ips - m.ips_used_peak);
  }
  for (std::size_t v = 0; v < vpcs_.size(); ++v) {
    n.vpcs[v].enis_peak = vpcs_[v].enis_peak;
    n.vpcs[v].ips_used_peak = vpcs_[v].ips_used_peak;
  }
  std::int64_t nat_bytes = 0;
  for (std::size_t i = 0; i < nats_.size(); ++i) {
    NatNetworkSummary& s = n.nats[i];
    s.connections_end = nats_[i].connections;
    s.connections_peak = nats_[i].connections_peak;
    s.bytes = nats_[i].bytes;
    s.gb = gigabytes(s.bytes);
    nat_bytes += s.bytes;
  }
  std::int64_t endpoint_bytes = 0;
  std::size_t endpoint_azs = 0;
  for (std::size_t i = 0; i < endpoint_bytes_.size(); ++i) {
    EndpointNetworkSummary& s = n.endpoints[i];
    s.bytes = endpoint_bytes_[i];
    s.gb = gigabytes(s.bytes);
    endpoint_bytes += s.bytes;
    endpoint_azs += s.azs;
  }
  n.enis_avg = enis_.average(end_);
  n.enis_peak = enis_.peak();
  n.ips_used_peak = ips_used_peak_;
  n.nat_connections_peak = nat_connections_peak_;
  n.cross_az_bytes = cross_az_bytes_;
  n.cross_az_gb = gigabytes(cross_az_bytes_);
  n.nat_hours = static_cast<double>(nats_.size()) * hours;
  n.nat_gb = gigabytes(nat_bytes);
  n.endpoint_az_hours = static_cast<double>(endpoint_azs) * hours;
  n.endpoint_gb = gigabytes(endpoint_bytes);
  return n;
}

std::vector<FaultWindowSummary> MetricsCollector::summarize_faults() const {
  std::vector<FaultWindowSummary> out = fault_names_;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const FaultWindow& w = faults_[i];
    FaultWindowSummary& s = out[i];
    s.started = w.started;
    s.availability = kNaN;
    s.first_success_after_start_s = kNaN;
    s.time_to_recover_s = kNaN;
    if (!w.started) continue;  // configured times stay; nothing happened
    s.open = w.active;
    s.start = w.start;
    s.end = w.active ? end_ : w.end;
    const Tally& a = w.at_start;
    const Tally& b = w.active ? tally_ : w.at_end;
    s.attempts = b.attempts - a.attempts;
    for (std::size_t o = 0; o < kOutcomeCount; ++o) s.outcomes[o] = b.outcomes[o] - a.outcomes[o];
    s.successes = s.outcomes[idx(Outcome::kSuccess)];
    // Availability of the attempts that ended inside the window (refused or
    // completed), so an invocation that began before the window and succeeded
    // inside it is counted on both sides: successes / attempts of the same set.
    std::uint64_t concluded = 0;
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
      const auto oc = static_cast<Outcome>(o);
      if (oc != Outcome::kAsyncExpired && oc != Outcome::kAsyncDestination &&
          oc != Outcome::kAsyncDropped) {
        concluded += s.outcomes[o];
      }
    }
    s.availability = ratio(s.successes, concluded);
    s.async_expired = s.outcomes[idx(Outcome::kAsyncExpired)];
    s.async_destination = s.outcomes[idx(Outcome::kAsyncDestination)];
    s.async_delayed = b.async_delayed - a.async_delayed;
    s.async_retries = b.async_retries - a.async_retries;
    s.cost_usd = b.cost_usd - a.cost_usd;
    s.first_success_after_start_s = w.first_success_s;
    if (!w.active) s.time_to_recover_s = time_to_recover(series_, w.start, w.end);
  }
  return out;
}

}  // namespace lambdasim
