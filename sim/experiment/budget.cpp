#include "lambdasim/experiment/budget.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "lambdasim/metrics/compute_metrics.hpp"
#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/model/routes.hpp"
#include "lambdasim/report/csv.hpp"

namespace lambdasim {

namespace {

// A queued async event: the model's AsyncEvent (24 bytes) and its kernel
// event (32 bytes), twice over for the vectors' capacity doubling.
constexpr double kAsyncEventBytes = 2.0 * (24 + 32);
// A trace instant (SimTime).
constexpr double kTraceInstantBytes = 8;
// A time-series cell as CSV text, when all rows are written at once.
constexpr double kCsvCellBytes = 12;

double seconds_of(SimTime t) {
  return to_seconds(t);
}

// The part of [at, at + duration) inside [0, horizon), in seconds.
double window_inside(const ArrivalConfig& a, SimTime horizon) {
  const SimTime start = std::min(a.at, horizon);
  const SimTime end = a.duration >= horizon - start ? horizon : start + a.duration;
  return end > start ? seconds_of(end - start) : 0.0;
}

// Expected arrivals of one source over [0, horizon).
double source_arrivals(const ArrivalConfig& a, SimTime horizon) {
  switch (a.kind) {
    case ArrivalKind::kTrace: {
      if (!a.trace) return 0;
      const SimTime room = horizon - std::min(a.at, horizon);
      const auto end = std::lower_bound(a.trace->begin(), a.trace->end(), room);
      return static_cast<double>(end - a.trace->begin());
    }
    case ArrivalKind::kRamp: {
      // Linear from rate to to_rate over the whole window; integrate the part
      // inside the horizon.
      const double inside = window_inside(a, horizon);
      const double length = a.duration >= kTimeInfinity ? inside : seconds_of(a.duration);
      if (inside <= 0 || length <= 0) return 0;
      const double slope = (a.to_rate_per_s - a.rate_per_s) / length;
      return a.rate_per_s * inside + 0.5 * slope * inside * inside;
    }
    case ArrivalKind::kPoisson:
    case ArrivalKind::kConstant:
    case ArrivalKind::kBurst:
    case ArrivalKind::kSine:  // the sine averages out to its mean rate
      return a.rate_per_s * window_inside(a, horizon);
  }
  return 0;
}

std::string arrivals_path(const FunctionConfig& f, std::size_t i) {
  return fmt::format("spec.functions.{}.arrivals[{}]", f.name, i);
}

std::string human_count(double n) {
  return n < 1e6 ? fmt::format("{:.0f}", n) : fmt::format("{:.3g}", n);
}

}  // namespace

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  std::size_t u = 0;
  while (bytes >= 1024 && u + 1 < std::size(units)) {
    bytes /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, units[u]);
}

namespace {

// The sources' arrivals, trace instants and async backlog (with the keys of
// the largest), all replications together; traces' keys in `trace_key`.
struct SourceTotals {
  double arrivals = 0;
  std::string arrivals_key;
  double largest_arrivals = -1;
  double trace_instants = 0;
  std::string trace_key;
  double backlog = 0;
  std::string backlog_key;
  double largest_backlog = -1;
};

// Async events wait at most their maximum age (or to the horizon): at worst
// every arrival of that span waits at once.
double async_waiting(const ArrivalConfig& a, const FunctionConfig& f, SimTime horizon,
                     double arrivals) {
  const SimTime age = std::min(f.async.max_event_age, horizon);
  const double rate = a.kind == ArrivalKind::kTrace
                          ? arrivals / std::max(seconds_of(horizon), 1e-9)
                          : std::max(a.rate_per_s, a.to_rate_per_s) + a.amplitude_per_s;
  return std::min(arrivals, rate * seconds_of(age));
}

void add_source(const FunctionConfig& f, std::size_t i, SimTime horizon, SourceTotals& t) {
  const ArrivalConfig& a = f.arrivals[i];
  const double n = source_arrivals(a, horizon);
  const std::string item = arrivals_path(f, i);
  const bool trace = a.kind == ArrivalKind::kTrace;
  t.arrivals += n;
  if (n > t.largest_arrivals) {
    t.largest_arrivals = n;
    t.arrivals_key = item + (trace ? ".file" : ".rate");
  }
  if (trace && a.trace) {
    t.trace_instants += static_cast<double>(a.trace->size());
    if (t.trace_key.empty()) t.trace_key = item + ".file";
  }
  if (a.invocation.value_or(f.invocation) != InvocationType::kAsync) return;
  const double waiting = async_waiting(a, f, horizon, n);
  t.backlog += waiting;
  if (waiting > t.largest_backlog) {
    t.largest_backlog = waiting;
    t.backlog_key = f.async.max_event_age < horizon
                        ? fmt::format("spec.functions.{}.async.max_event_age", f.name)
                        : item + ".rate";
  }
}

// Kept rows (none, a chunk, or all and then their CSV text), in bytes.
BudgetPart timeseries_part(const ModelConfig& model, double rows_computed, TimeSeriesKeep keep) {
  const double functions = static_cast<double>(model.functions.size());
  const double subnets = static_cast<double>(NetworkIndex(model).subnet_count());
  const double vpcs = static_cast<double>(model.network.vpcs.size());
  const double nats = static_cast<double>(NetworkIndex(model).nat_count());
  const double row_bytes = sizeof(TimeSeriesRow) + functions * sizeof(TimeSeriesFunctionRow) +
                           subnets * sizeof(TimeSeriesSubnetRow) + (vpcs + nats) * sizeof(int);
  // A kept series' latency histograms: one per function, cold and warm.
  const double histograms = (functions + 2) * sizeof(RowHistogram);
  const double columns = static_cast<double>(timeseries_columns(model).size());
  const bool stream = keep == TimeSeriesKeep::kStream;
  const double rows =
      stream ? std::min(rows_computed, double{kTimeSeriesChunkRows}) : rows_computed;
  const double text = stream ? 0 : columns * kCsvCellBytes;
  return {"time-series rows", rows, rows * (row_bytes + text) + histograms,
          "spec.timeseries_interval"};
}

}  // namespace

ResourceBudget estimate_budget(const Scenario& scenario, const RunShape& shape) {
  ResourceBudget b;
  const SimTime horizon = scenario.run.horizon;
  const double replications = static_cast<double>(std::max<std::size_t>(shape.replications, 1));
  const double at_once =
      std::min(replications, static_cast<double>(std::max<std::size_t>(shape.jobs, 1)));
  const ModelConfig& model = scenario.model;

  SourceTotals t;
  for (const FunctionConfig& f : model.functions) {
    for (std::size_t i = 0; i < f.arrivals.size(); ++i) add_source(f, i, horizon, t);
  }
  b.arrivals = t.arrivals * replications;
  b.arrivals_key = t.arrivals_key;
  b.trace_arrivals = t.trace_instants;
  b.async_backlog_peak = t.backlog;
  if (scenario.run.timeseries_interval > kTimeZero) {
    b.timeseries_rows =
        std::ceil(seconds_of(horizon) / seconds_of(scenario.run.timeseries_interval));
  }

  const double functions = static_cast<double>(model.functions.size());
  const double histogram_bytes = static_cast<double>(ComputeMetrics::kHistogramsPerFunction) *
                                 static_cast<double>(LogHistogram::kBucketCount) *
                                 sizeof(std::uint64_t);
  b.memory.push_back({"latency and duration histograms", functions,
                      functions * histogram_bytes * at_once, "spec.functions"});
  if (shape.timeseries != TimeSeriesKeep::kNone && b.timeseries_rows > 0) {
    b.memory.push_back(timeseries_part(model, b.timeseries_rows, shape.timeseries));
  }
  if (t.trace_instants > 0) {
    b.memory.push_back(
        {"trace instants", t.trace_instants, t.trace_instants * kTraceInstantBytes, t.trace_key});
  }
  if (t.backlog > 0) {
    b.memory.push_back({"async backlog at worst", t.backlog, t.backlog * kAsyncEventBytes * at_once,
                        t.backlog_key});
  }
  std::stable_sort(b.memory.begin(), b.memory.end(),
                   [](const BudgetPart& x, const BudgetPart& y) { return x.bytes > y.bytes; });
  for (const BudgetPart& p : b.memory) b.memory_bytes += p.bytes;
  return b;
}

std::vector<Diagnostic> check_budget(const Scenario& scenario, const ResourceBudget& budget,
                                     const BudgetLimits& limits) {
  std::vector<Diagnostic> out;
  const char* proceed =
      "; raise the limit (--max-arrivals, --max-memory) or pass --force to run anyway";
  if (budget.arrivals > limits.max_arrivals) {
    out.push_back(make_diagnostic(
        Severity::kError, scenario.location_of(budget.arrivals_key), budget.arrivals_key,
        fmt::format("the run would simulate about {} arrivals (all replications), over the "
                    "budget of {}{}",
                    human_count(budget.arrivals), human_count(limits.max_arrivals), proceed)));
  }
  if (budget.memory_bytes > static_cast<double>(limits.max_memory_bytes)) {
    const BudgetPart& top = budget.memory.front();  // memory_bytes > 0: not empty
    out.push_back(make_diagnostic(
        Severity::kError, scenario.location_of(top.key), top.key,
        fmt::format("the run would need about {} of memory, over the budget of {}; most of it is "
                    "{} ({}, {}){}",
                    human_bytes(budget.memory_bytes),
                    human_bytes(static_cast<double>(limits.max_memory_bytes)), top.what,
                    human_count(top.count), human_bytes(top.bytes), proceed)));
  }
  return out;
}

}  // namespace lambdasim
