// The per-function metrics (also the account total's), declared once, in
// flatten order. Every writer (flatten, summary.json, the text tables,
// compare) iterates this list.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "lambdasim/metrics/metric_spec.hpp"
#include "metrics/metric_table_support.hpp"

namespace lambdasim {

namespace {

using F = FunctionSummary;
using K = MetricKind;
using A = AcrossFunctions;

// summary.json key order of the function object: its groups by rank.
enum JsonRank : int { kAttempts, kResults, kStarts, kAsync, kRatios, kOutcomes, kDistributions };

// Compare table rows (shared with the network declarations' 10..12).
enum CompareRow : int {
  kRowAttempts = 1,
  kRowSuccess,
  kRowThrottles,
  kRowErrors,
  kRowOutcomes,
  kRowP50,
  kRowP99,
  kRowColdStarts,
  kRowPeakConcurrency,
  kRowCostCompute = 13,
  kRowCostNetwork,
  kRowCostTotal,
  kRowCostPerMillion,
};

// CloudWatch's names, "namespace metric" (docs/aws-facts.md#cloudwatch-lambda-metrics).
constexpr std::string_view kCwInvocations = "AWS/Lambda Invocations";
constexpr std::string_view kCwThrottles = "AWS/Lambda Throttles";
constexpr std::string_view kCwErrors = "AWS/Lambda Errors";
constexpr std::string_view kCwDuration = "AWS/Lambda Duration";
constexpr std::string_view kCwConcurrency = "AWS/Lambda ConcurrentExecutions";

double num(std::uint64_t v) {
  return static_cast<double>(v);
}

std::vector<FunctionMetricSpec> attempts() {
  return {
      {.name = "attempts",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "ours: the offered load, every invocation attempt Lambda received (each retry "
               "counted): invocations + refused throttles and platform errors",
       .counter = &F::attempts,
       .at = {.json_path = "attempts",
              .json_rank = kAttempts,
              .json = JsonValue::kInteger,
              .table_column = 1,
              .text = TextFormat::kCount,
              .compare_row = kRowAttempts}},
      {.name = "invocations",
       .unit = "count",
       .across_functions = A::kSum,
       .cloudwatch = kCwInvocations,
       .help = "attempts that ran the function's code, successful or failed with a function "
               "error (throttled and refused attempts excluded)",
       .counter = &F::invocations,
       .at = {.json_path = "invocations",
              .json_rank = kAttempts,
              .json = JsonValue::kInteger,
              .table_column = 2,
              .text = TextFormat::kCount}},
      {.name = "completed",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "started attempts that ended before the end of the run",
       .counter = &F::completed,
       .at = {.json_path = "completed", .json_rank = kAttempts, .json = JsonValue::kInteger}},
      {.name = "in_flight",
       .unit = "count",
       .kind = K::kGauge,
       .across_functions = A::kSum,
       .help = "started, still running at the end of the run",
       .counter = &F::in_flight,
       .at = {.json_path = "in_flight", .json_rank = kAttempts, .json = JsonValue::kInteger}},
      {.name = "cold_starts",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "attempts that initialised a new execution environment",
       .counter = &F::cold_starts,
       .at = {.json_path = "cold_starts",
              .json_rank = kStarts,
              .json = JsonValue::kInteger,
              .compare_row = kRowColdStarts}},
      {.name = "provisioned_starts",
       .unit = "count",
       .across_functions = A::kSum,
       .cloudwatch = "AWS/Lambda ProvisionedConcurrencyInvocations",
       .help = "attempts that ran on a provisioned environment",
       .counter = &F::provisioned_starts,
       .at = {.json_path = "provisioned_starts",
              .json_rank = kStarts,
              .json = JsonValue::kInteger}},
  };
}

std::vector<FunctionMetricSpec> results() {
  return {
      {.name = "successes",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "attempts that completed successfully",
       .counter = &F::successes,
       .at = {.json_path = "successes", .json_rank = kResults, .json = JsonValue::kInteger}},
      {.name = "throttles",
       .unit = "count",
       .across_functions = A::kSum,
       .cloudwatch = kCwThrottles,
       .help = "attempts refused with a 429 (TooManyRequestsException)",
       .counter = &F::throttles,
       .at = {.json_path = "throttles",
              .json_rank = kResults,
              .json = JsonValue::kInteger,
              .table_column = 4,
              .text = TextFormat::kCount,
              .compare_row = kRowThrottles}},
      {.name = "errors",
       .unit = "count",
       .across_functions = A::kSum,
       .cloudwatch = kCwErrors,
       .help = "function errors: invocations answered 200 with X-Amz-Function-Error (the code "
               "failed, timed out, or a call it made failed: call_timeout, target_refused, "
               "nat_port_allocation, dns_timeout)",
       .counter = &F::errors,
       .at = {.json_path = "errors",
              .json_rank = kResults,
              .json = JsonValue::kInteger,
              .table_column = 5,
              .text = TextFormat::kCount,
              .compare_row = kRowErrors}},
      {.name = "platform_errors",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "ours: failures that are neither 429s nor function errors: ENI, subnet IP and "
               "EC2 errors, function not ready, AZ failures, an in-VPC client's NAT port or "
               "unreachable API (CloudWatch's Errors leaves these out)",
       .counter = &F::platform_errors,
       .at = {.json_path = "platform_errors",
              .json_rank = kResults,
              .json = JsonValue::kInteger,
              .table_column = 6,
              .text = TextFormat::kCount,
              .compare_row = kRowErrors}},
      {.name = "async_delivered",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "async events that finally succeeded",
       .counter = &F::async_delivered,
       .at = {.json_path = "async_delivered", .json_rank = kAsync, .json = JsonValue::kInteger}},
      {.name = "async_delayed",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "async events sent back to the queue at least once",
       .counter = &F::async_delayed,
       .at = {.json_path = "async_delayed", .json_rank = kAsync, .json = JsonValue::kInteger}},
      {.name = "async_retries",
       .unit = "count",
       .across_functions = A::kSum,
       .help = "async requeues: back-offs and error retries",
       .counter = &F::async_retries,
       .at = {.json_path = "async_retries", .json_rank = kAsync, .json = JsonValue::kInteger}},
  };
}

// One counter per outcome; the async_* ones count async events ending so.
std::string_view outcome_cloudwatch(Outcome o) {
  return o == Outcome::kNatPortAllocation ? "AWS/NATGateway ErrorPortAllocation" : "";
}

void add_outcomes(std::vector<FunctionMetricSpec>& out) {
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    const std::string name(outcome_name(o));
    const bool in_compare = o != Outcome::kSuccess;
    out.push_back(
        {.name = "outcomes_" + name,
         .unit = "count",
         .across_functions = A::kSum,
         .cloudwatch = outcome_cloudwatch(o),
         .help = "attempts (async final states: events) ending as " + name + " (" +
                 std::string(outcome_info(o).aws_error.empty() ? std::string_view("200")
                                                               : outcome_info(o).aws_error) +
                 ")",
         .read = [i](const F& f) { return num(f.outcomes[i]); },
         .at = {.json_path = "outcomes." + name,
                .json_rank = kOutcomes,
                .json = JsonValue::kInteger,
                .compare_row = in_compare ? kRowOutcomes : 0,
                .compare_skip_if_zero = true}});
  }
}

std::vector<FunctionMetricSpec> ratios() {
  return {
      {.name = "success_rate",
       .unit = "ratio",
       .kind = K::kRatio,
       .across_functions = A::kRecompute,
       .help = "ours: successes / attempts",
       .read = [](const F& f) { return f.success_rate; },
       .at = {.json_path = "success_rate",
              .json_rank = kRatios,
              .table_column = 3,
              .text = TextFormat::kPercent2,
              .compare_row = kRowSuccess,
              .compare_format = "{:.5f}"}},
      {.name = "p_cold",
       .unit = "ratio",
       .kind = K::kRatio,
       .across_functions = A::kRecompute,
       .help = "ours: cold_starts / invocations",
       .read = [](const F& f) { return f.p_cold; },
       .at = {.json_path = "p_cold",
              .json_rank = kRatios,
              .table_column = 7,
              .text = TextFormat::kPercent3}},
      {.name = "p_throttle",
       .unit = "ratio",
       .kind = K::kRatio,
       .across_functions = A::kRecompute,
       .help = "ours: throttles / attempts",
       .read = [](const F& f) { return f.p_throttle; },
       .at = {.json_path = "p_throttle", .json_rank = kRatios}},
  };
}

// A histogram's statistics: flatten "<name>_<key>", JSON "<path>.<key>".
struct LatencyStat {
  const char* suffix;
  const char* key;
  double (*read)(const LatencySummary&);
};

constexpr std::array<LatencyStat, 7> kLatencyStats = {{
    {"_count", "count", [](const LatencySummary& l) { return num(l.count); }},
    {"_mean_ms", "mean_ms", [](const LatencySummary& l) { return l.mean_ms; }},
    {"_p50_ms", "p50_ms", [](const LatencySummary& l) { return l.p50_ms; }},
    {"_p90_ms", "p90_ms", [](const LatencySummary& l) { return l.p90_ms; }},
    {"_p99_ms", "p99_ms", [](const LatencySummary& l) { return l.p99_ms; }},
    {"_p999_ms", "p999_ms", [](const LatencySummary& l) { return l.p999_ms; }},
    {"_max_ms", "max_ms", [](const LatencySummary& l) { return l.max_ms; }},
}};

struct Histogram {
  const char* name;
  const char* json_path;
  LatencySummary F::*field;
  const char* help;
  std::string_view cloudwatch;
};

constexpr std::array<Histogram, 5> kHistograms = {{
    {"latency", "latency", &F::latency,
     "ours: end-to-end latency of successful attempts, arrival (or async attempt) to response: "
     "ENI wait, init when cold, calls and handler",
     ""},
    {"latency_cold", "latency.cold", &F::latency_cold,
     "ours: end-to-end latency of successful cold attempts", ""},
    {"latency_warm", "latency.warm", &F::latency_warm,
     "ours: end-to-end latency of successful warm attempts", ""},
    {"duration", "duration", &F::duration,
     "the handler's time (its calls included; no init, no ENI wait) of invocations that "
     "succeeded or failed with a function error",
     kCwDuration},
    {"async_delay", "async_delay", &F::async_delay,
     "async completions: first enqueue to the start of the attempt", "AWS/Lambda AsyncEventAge"},
}};

// Compare and table placement of the overall latency's p50 and p99.
void place_latency(FunctionMetricSpec& s) {
  const auto place = [&s](int column, int row) {
    s.at.table_column = column;
    s.at.text = TextFormat::kMillis;
    s.at.compare_row = row;
    s.at.compare_format = "{:.2f}";
  };
  if (s.name == "latency_p50_ms") place(8, kRowP50);
  if (s.name == "latency_p99_ms") place(9, kRowP99);
  if (s.name == "duration_p50_ms") {  // compare only: the table is wide enough
    place(0, kRowP50);
    s.at.text = TextFormat::kNone;
  }
  if (s.name == "duration_p99_ms") place(11, kRowP99);
}

void add_latencies(std::vector<FunctionMetricSpec>& out) {
  for (const Histogram& h : kHistograms) {
    for (const LatencyStat& stat : kLatencyStats) {
      const bool count = std::string_view(stat.key) == "count";
      // A CloudWatch histogram's sample count is its SampleCount statistic.
      FunctionMetricSpec s{
          .name = std::string(h.name) + stat.suffix,
          .unit = count ? "count" : "ms",
          .kind = count ? K::kCounter : K::kPercentile,
          .across_functions = count ? A::kSum : A::kRecompute,
          .cloudwatch = h.cloudwatch,
          .help = h.help,
          .read = [field = h.field, read = stat.read](const F& f) { return read(f.*field); },
          .at = {.json_path = std::string(h.json_path) + "." + stat.key,
                 .json_rank = kDistributions,
                 .json = count ? JsonValue::kInteger : JsonValue::kNumber}};
      place_latency(s);
      out.push_back(std::move(s));
    }
  }
}

std::vector<FunctionMetricSpec> gauges() {
  const auto gauge = [](const char* name, K kind, const char* json_path, const char* help,
                        double F::*field) {
    return FunctionMetricSpec{.name = name,
                              .unit = "count",
                              .kind = kind,
                              .across_functions = A::kRecompute,
                              .help = help,
                              .read = [field](const F& f) { return f.*field; },
                              .at = {.json_path = json_path, .json_rank = kDistributions}};
  };
  std::vector<FunctionMetricSpec> out = {
      gauge("concurrency_avg", K::kTimeWeighted, "concurrency.avg",
            "running invocations, time average", &F::concurrency_avg),
      gauge("concurrency_peak", K::kGauge, "concurrency.peak", "running invocations, peak",
            &F::concurrency_peak),
      gauge("environments_avg", K::kTimeWeighted, "environments.avg",
            "execution environments (running + idle), time average", &F::environments_avg),
      gauge("environments_peak", K::kGauge, "environments.peak",
            "execution environments (running + idle), peak", &F::environments_peak),
      gauge("environments_idle_avg", K::kTimeWeighted, "environments.idle_avg",
            "idle execution environments, time average", &F::idle_avg),
      gauge("environments_idle_peak", K::kGauge, "environments.idle_peak",
            "idle execution environments, peak", &F::idle_peak),
  };
  out[0].cloudwatch = kCwConcurrency;
  out[0].at.table_column = 12;
  out[0].at.text = TextFormat::kDecimal1;
  out[1].cloudwatch = kCwConcurrency;
  out[1].at.table_column = 13;
  out[1].at.text = TextFormat::kCount;
  out[1].at.compare_row = kRowPeakConcurrency;
  return out;
}

FunctionMetricSpec cost(const char* name, const char* unit, const char* json_key, const char* help,
                        double CostSummary::*field) {
  return {.name = name,
          .unit = unit,
          .kind = K::kCost,
          .across_functions = A::kSum,
          .help = help,
          .read = [field](const F& f) { return f.cost.*field; },
          .at = {.json_path = std::string("cost.") + json_key, .json_rank = kDistributions}};
}

std::vector<FunctionMetricSpec> costs() {
  std::vector<FunctionMetricSpec> out = {
      {.name = "cost_billed_requests",
       .unit = "count",
       .kind = K::kCost,
       .across_functions = A::kSum,
       .help = "requests billed: every started attempt",
       .read = [](const F& f) { return num(f.cost.billed_requests); },
       .at = {.json_path = "cost.billed_requests",
              .json_rank = kDistributions,
              .json = JsonValue::kInteger}},
      cost("cost_billed_gb_seconds", "GB-s", "billed_gb_seconds",
           "duration GB-s billed, on-demand and provisioned", &CostSummary::billed_gb_seconds),
      cost("cost_provisioned_gb_seconds", "GB-s", "provisioned_gb_seconds",
           "configured provisioned concurrency GB-s", &CostSummary::provisioned_gb_seconds),
      cost("cost_requests_usd", "USD", "requests_usd", "request charges",
           &CostSummary::requests_usd),
      cost("cost_duration_usd", "USD", "duration_usd", "on-demand duration charges",
           &CostSummary::duration_usd),
      cost("cost_provisioned_usd", "USD", "provisioned_usd",
           "configured provisioned concurrency charges", &CostSummary::provisioned_usd),
      cost("cost_provisioned_duration_usd", "USD", "provisioned_duration_usd",
           "duration charges of invocations on provisioned environments",
           &CostSummary::provisioned_duration_usd),
      cost("cost_compute_usd", "USD", "compute_usd",
           "Lambda's charges: requests + duration + provisioned (the same in run and compare)",
           &CostSummary::compute_usd),
      cost("cost_total_usd", "USD", "total_usd",
           "cost_compute_usd + cost_network_usd (a function's: its compute cost; the network's "
           "is the account's)",
           &CostSummary::total_usd),
      cost("cost_per_million_usd", "USD per 1M requests", "per_million_usd",
           "cost_total_usd per million billed requests", &CostSummary::per_million_usd),
  };
  FunctionMetricSpec& compute = out[7];
  compute.at.table_column = 14;
  compute.at.text = TextFormat::kUsd;
  compute.at.compare_row = kRowCostCompute;
  compute.at.compare_format = "{:.4f}";
  FunctionMetricSpec& total = out[8];
  total.at.compare_row = kRowCostTotal;
  total.at.compare_format = "{:.4f}";
  FunctionMetricSpec& per_million = out[9];
  per_million.across_functions = A::kRecompute;
  per_million.at.table_column = 15;
  per_million.at.text = TextFormat::kUsd;
  per_million.at.compare_row = kRowCostPerMillion;
  per_million.at.compare_format = "{:.3f}";
  return out;
}

// The account's network charges: the total only, with VPCs.
std::vector<FunctionMetricSpec> network_costs() {
  std::vector<FunctionMetricSpec> out = {
      cost("cost_nat_usd", "USD", "nat_usd", "NAT gateway hours and GB processed",
           &CostSummary::nat_usd),
      cost("cost_endpoint_usd", "USD", "endpoint_usd", "interface endpoint AZ-hours and GB",
           &CostSummary::endpoint_usd),
      cost("cost_cross_az_usd", "USD", "cross_az_usd",
           "cross-AZ transfer, billed in each direction", &CostSummary::cross_az_usd),
      cost("cost_network_usd", "USD", "network_usd", "nat + endpoint + cross-AZ",
           &CostSummary::network_usd),
  };
  for (FunctionMetricSpec& s : out) {
    s.across_functions = A::kNone;
    s.total_with_network_only = true;
  }
  // Beside cost_compute_usd and cost_total_usd in compare, as in run's table.
  out.back().at.compare_row = kRowCostNetwork;
  out.back().at.compare_format = "{:.4f}";
  return out;
}

void append(std::vector<FunctionMetricSpec>& out, std::vector<FunctionMetricSpec> part) {
  for (FunctionMetricSpec& s : part) out.push_back(std::move(s));
}

std::vector<FunctionMetricSpec> build() {
  std::vector<FunctionMetricSpec> out = attempts();
  append(out, results());
  add_outcomes(out);
  append(out, ratios());
  add_latencies(out);
  append(out, gauges());
  append(out, costs());
  append(out, network_costs());
  // Counters that model parts declare next to the code that counts them.
  metric_table::append_declared_counters(out, CounterScope::kFunction);
  return out;
}

}  // namespace

std::span<const FunctionMetricSpec> function_metric_specs() {
  static const std::vector<FunctionMetricSpec> kSpecs = build();
  return kSpecs;
}

}  // namespace lambdasim
