// The parameter table. Each row is one scenario key; `apply` stores a parsed
// value in the Scenario being built (ApplyContext). Sources name the row of
// AWS_FACTS.md a default comes from.
#include "lambdasim/scenario/params.hpp"

#include <algorithm>
#include <cmath>

#include "scenario/apply_context.hpp"
#include "scenario/params_network.hpp"

namespace lambdasim {
namespace {

using P = ParamType;
using Ctx = ApplyContext;
using V = ParamValue;

constexpr std::string_view kFormat = "scenario format (not an AWS fact)";
constexpr std::string_view kSimulation = "simulation setting (not an AWS fact)";
constexpr std::string_view kWorkload = "workload description (not an AWS fact)";
constexpr std::string_view kModel = kModelParameterSource;

constexpr double kMaxCount = 1e6;        // concurrency-like integers
constexpr double kMaxRate = 1e7;         // per second
constexpr double kYear = 365.0 * 86400;  // seconds
constexpr double kDay = 86400;           // seconds

int to_int(const V& v) {
  return static_cast<int>(v.integer);
}
double secs(const V& v) {
  return to_seconds(v.duration);
}
// A rate per second as per minute, without the rounding noise of x/60*60.
double per_minute(const V& v) {
  const double m = v.number * 60;
  const double r = std::round(m);
  return std::fabs(m - r) <= 1e-9 * std::fabs(m) ? r : m;
}

std::vector<ParamSpec> build_table() {
  const std::vector<std::string_view> kArrivalRateKinds{"poisson", "constant", "burst", "ramp",
                                                        "sine"};
  std::vector<ParamSpec> t{
      // ---- the document -------------------------------------------------
      {.path = "",
       .type = P::kSection,
       .help = "A lambdasim scenario: YAML with apiVersion, kind, metadata and spec.",
       .source = kFormat},
      {.path = "apiVersion",
       .type = P::kEnum,
       .required = true,
       .help = "Scenario format version.",
       .source = kFormat,
       .values = {"lambdasim/v1"}},
      {.path = "kind",
       .type = P::kEnum,
       .required = true,
       .help = "Document kind.",
       .source = kFormat,
       .values = {"Scenario"}},
      {.path = "metadata",
       .type = P::kSection,
       .required = true,
       .help = "Name and description of the scenario.",
       .source = kFormat},
      {.path = "metadata.name",
       .type = P::kString,
       .required = true,
       .help = "Scenario name, shown in reports.",
       .source = kFormat,
       .apply = [](Ctx& c, const V& v) { c.scenario->name = v.text; }},
      {.path = "metadata.description",
       .type = P::kString,
       .help = "Free text, shown in reports.",
       .source = kFormat,
       .apply = [](Ctx& c, const V& v) { c.scenario->description = v.text; }},
      {.path = "spec",
       .type = P::kSection,
       .required = true,
       .help = "What to simulate: account, pricing, functions, variants.",
       .source = kFormat},
      {.path = "spec.horizon",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "30m",
       .min = 0,
       .max = kYear,
       .min_exclusive = true,
       .help = "Simulated time of one run.",
       .source = kSimulation,
       .apply = [](Ctx& c, const V& v) { c.scenario->run.horizon = v.duration; }},
      {.path = "spec.seed",
       .type = P::kUint64,
       .default_text = "1",
       .help = "Master seed of the random streams; `--seed` overrides it.",
       .source = kSimulation,
       .apply = [](Ctx& c, const V& v) { c.scenario->run.seed = v.u64; }},
      {.path = "spec.timeseries_interval",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "1s",
       .min = 0.001,
       .max = kDay,
       .help = "Bucket width of timeseries.csv.",
       .source = kSimulation,
       .apply = [](Ctx& c, const V& v) { c.scenario->run.timeseries_interval = v.duration; }},

      // ---- account --------------------------------------------------------
      {.path = "spec.account",
       .type = P::kSection,
       .help = "The AWS account and region: quotas and the scaling model.",
       .source = kModel},
      {.path = "spec.account.region",
       .type = P::kString,
       .default_text = "us-east-1",
       .help = "AWS region; selects the legacy burst. Prices are us-east-1's unless set in "
               "spec.pricing.",
       .source = "AWS_FACTS.md: Scaling rate, legacy (burst by region)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.account.region = v.text; }},
      {.path = "spec.account.azs",
       .type = P::kStringList,
       .default_text = "[use1-az1, use1-az2, use1-az4]",
       .help = "Availability zone ids of the region that Lambda uses.",
       .source = kModel,
       .min_entries = 1,
       .apply = [](Ctx& c, const V& v) { c.scenario->model.account.azs = v.strings; }},
      {.path = "spec.account.concurrency",
       .type = P::kInt,
       .default_text = "1000",
       .min = 1,
       .max = kMaxCount,
       .help = "Account concurrency limit of the region (concurrent executions).",
       .source = "AWS_FACTS.md: Account concurrency (Lambda quotas)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.account.concurrency_limit = to_int(v); }},
      {.path = "spec.account.unreserved_minimum",
       .type = P::kInt,
       .default_text = "100",
       .min = 0,
       .max = kMaxCount,
       .help = "Concurrency that reserved concurrency may never take.",
       .source = "AWS_FACTS.md: Unreserved minimum (Lambda concurrency docs)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.account.unreserved_minimum = to_int(v); }},
      {.path = "spec.account.request_rate",
       .type = P::kRate,
       .unit = "1/s",
       .default_text = "(derived: 10 x concurrency per second)",
       .min = 0,
       .max = kMaxRate * 10,
       .min_exclusive = true,
       .help = "Invocation request-rate limit, account-wide and per function.",
       .source = "AWS_FACTS.md: Request rate (Lambda concurrency docs)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.account.request_rate_per_s = v.number; }},
      {.path = "spec.account.scaling",
       .type = P::kEnum,
       .default_text = "current",
       .help = "Scaling model: `current` (per function, since Nov 2023) or `legacy` (account-wide "
               "burst, then +legacy_increase).",
       .source = "AWS_FACTS.md: Scaling rate, current / Scaling rate, legacy",
       .values = {"current", "legacy"},
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.account.scaling =
                 v.text == "legacy" ? ScalingModel::kLegacy : ScalingModel::kCurrent;
           }},
      {.path = "spec.account.scaling_environments",
       .type = P::kInt,
       .default_text = "1000",
       .min = 1,
       .max = kMaxCount,
       .help = "current scaling: new execution environments per scaling_window per function "
               "(500 is a sensitivity case).",
       .source = "AWS_FACTS.md: Scaling rate, current (Lambda scaling-behavior)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.account.scaling_environments = to_int(v); }},
      {.path = "spec.account.scaling_window",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "10s",
       .min = 0,
       .max = 3600,
       .min_exclusive = true,
       .help = "current scaling: the window of scaling_environments (refilled continuously).",
       .source = "AWS_FACTS.md: Scaling rate, current (Lambda scaling-behavior)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.account.scaling_window = v.duration; }},
      {.path = "spec.account.legacy_burst",
       .type = P::kInt,
       .default_text = "(derived: by region: 3000, 1000 or 500)",
       .min = 1,
       .max = kMaxCount,
       .help = "legacy scaling: account-wide initial burst of concurrency.",
       .source = "AWS_FACTS.md: Scaling rate, legacy (Lambda guide invocation-scaling.md)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.account.legacy_burst = to_int(v); }},
      {.path = "spec.account.legacy_increase",
       .type = P::kRate,
       .unit = "1/s",
       .default_text = "500/m",
       .min = 0,
       .max = kMaxRate,
       .help = "legacy scaling: concurrency added after the burst.",
       .source = "AWS_FACTS.md: Scaling rate, legacy (Lambda guide invocation-scaling.md)",
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.account.legacy_increase_per_min = per_minute(v);
           }},

      // ---- pricing ---------------------------------------------------------
      {.path = "spec.pricing",
       .type = P::kSection,
       .help = "Prices in USD (default: us-east-1).",
       .source = "AWS_FACTS.md: Prices (us-east-1)"},
      {.path = "spec.pricing.request_per_million",
       .type = P::kNumber,
       .unit = "USD",
       .default_text = "0.20",
       .min = 0,
       .help = "Price of one million requests.",
       .source = "AWS_FACTS.md: Prices, Requests (AWS Lambda pricing)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.pricing.request_per_million_usd = v.number; }},
      {.path = "spec.pricing.gb_second_x86",
       .type = P::kNumber,
       .unit = "USD",
       .default_text = "0.0000166667",
       .min = 0,
       .help = "Price of one GB-second of duration, x86_64 (1 ms rounding).",
       .source = "AWS_FACTS.md: Prices, Duration x86 / Arm (AWS Lambda pricing)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.pricing.gb_second_x86_usd = v.number; }},
      {.path = "spec.pricing.gb_second_arm",
       .type = P::kNumber,
       .unit = "USD",
       .default_text = "0.0000133334",
       .min = 0,
       .help = "Price of one GB-second of duration, arm64.",
       .source = "AWS_FACTS.md: Prices, Duration x86 / Arm (AWS Lambda pricing)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.pricing.gb_second_arm_usd = v.number; }},
      {.path = "spec.pricing.provisioned_gb_second",
       .type = P::kNumber,
       .unit = "USD",
       .default_text = "0.0000041667",
       .min = 0,
       .help = "Price of one GB-second of provisioned concurrency configured.",
       .source = "AWS_FACTS.md: Prices, Provisioned concurrency (AWS Lambda pricing)",
       .apply = [](Ctx& c,
                   const V& v) { c.scenario->model.pricing.provisioned_gb_second_usd = v.number; }},
      {.path = "spec.pricing.provisioned_duration_gb_second",
       .type = P::kNumber,
       .unit = "USD",
       .default_text = "0.0000097222",
       .min = 0,
       .help = "Price of one GB-second of duration on provisioned concurrency.",
       .source = "AWS_FACTS.md: Prices, Provisioned concurrency (AWS Lambda pricing)",
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.pricing.provisioned_duration_gb_second_usd = v.number;
           }},
      {.path = "spec.pricing.bill_init",
       .type = P::kBool,
       .default_text = "true",
       .help = "Bill the init phase (AWS does since 1 Aug 2025).",
       .source = "AWS_FACTS.md: Prices, Duration x86 / Arm (init billed since 1 Aug 2025)",
       .apply = [](Ctx& c, const V& v) { c.scenario->model.pricing.bill_init = v.boolean; }},

      // ---- functions -------------------------------------------------------
      {.path = "spec.functions",
       .type = P::kNamedMap,
       .required = true,
       .help = "The functions, by name (letters, digits, '-', '_'; at most 64).",
       .source = kWorkload,
       .entry_noun = "function",
       .min_entries = 1},
      {.path = "spec.functions.<name>",
       .type = P::kSection,
       .help = "One function.",
       .source = kWorkload,
       .apply =
           [](Ctx& c, const V& v) {
             c.scenario->model.functions.push_back(FunctionConfig{});
             c.scenario->model.functions.back().name = v.text;
             c.function = c.scenario->model.functions.size() - 1;
           }},
      {.path = "spec.functions.<name>.memory",
       .type = P::kMemory,
       .unit = "MiB",
       .default_text = "128",
       .min = 128,
       .max = 10240,
       .help = "Memory size. A plain integer is MiB, as in the Lambda API; MB and GB mean MiB "
               "and GiB here, as in the Lambda console (1024MB = 1GB = 1GiB = 1024).",
       .source = "AWS_FACTS.md: Memory (Lambda quotas); 128 is the Lambda default",
       .apply = [](Ctx& c, const V& v) { c.fn().memory_mb = to_int(v); }},
      {.path = "spec.functions.<name>.architecture",
       .type = P::kEnum,
       .default_text = "x86_64",
       .help = "Instruction set; selects the GB-second price.",
       .source = "AWS_FACTS.md: Prices, Duration x86 / Arm",
       .values = {"x86_64", "arm64"},
       .apply =
           [](Ctx& c, const V& v) {
             c.fn().architecture = v.text == "arm64" ? Architecture::kArm64 : Architecture::kX86_64;
           }},
      {.path = "spec.functions.<name>.timeout",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "3s",
       .min = 1,
       .max = 900,
       .help = "Invocation time-out; a longer run is a function error.",
       .source = "AWS_FACTS.md: Maximum duration (Lambda quotas); 3 s is the Lambda default",
       .apply = [](Ctx& c, const V& v) { c.fn().timeout = v.duration; }},
      {.path = "spec.functions.<name>.duration",
       .type = P::kDistribution,
       .unit = "s",
       .default_text = "100ms",
       .min = 0,
       .max = 900,
       .help = "Run time of one invocation (handler), before time-out.",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.fn().duration = DurationDistribution{v.distribution}; }},
      {.path = "spec.functions.<name>.init",
       .type = P::kDistribution,
       .unit = "s",
       .default_text = "{dist: lognormal, median: 250ms, p99: 1s}",
       .min = 0,
       .max = 900,
       .help = "Init (cold start) duration of a new execution environment, capped at init_cap.",
       .source = "AWS_FACTS.md: Cold starts (< 100 ms to > 1 s); Init duration by runtime (3rd)",
       .apply = [](Ctx& c, const V& v) { c.fn().init = DurationDistribution{v.distribution}; }},
      {.path = "spec.functions.<name>.init_cap",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "10s",
       .min = 0,
       .max = 900,
       .min_exclusive = true,
       .help = "Longest on-demand init phase.",
       .source = "AWS_FACTS.md: Init phase (Lambda runtime environment docs)",
       .apply = [](Ctx& c, const V& v) { c.fn().init_cap = v.duration; }},
      {.path = "spec.functions.<name>.reserved_concurrency",
       .type = P::kInt,
       .default_text = "(none: uses the unreserved pool)",
       .min = 0,
       .max = kMaxCount,
       .help = "Reserved concurrency: both the function's maximum and its guaranteed share; 0 "
               "throttles everything.",
       .source = "AWS_FACTS.md: Reserved concurrency (Lambda concurrency docs)",
       .apply = [](Ctx& c, const V& v) { c.fn().reserved_concurrency = to_int(v); }},
      {.path = "spec.functions.<name>.provisioned_concurrency",
       .type = P::kInt,
       .default_text = "0",
       .min = 0,
       .max = kMaxCount,
       .help = "Provisioned (pre-initialised) execution environments.",
       .source = "AWS_FACTS.md: Provisioned concurrency (Lambda concurrency docs)",
       .apply = [](Ctx& c, const V& v) { c.fn().provisioned_concurrency = to_int(v); }},
      {.path = "spec.functions.<name>.provisioned_at",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "0s",
       .min = 0,
       .max = kYear,
       .help = "When provisioned concurrency is configured (simulated time).",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.fn().provisioned_start = v.duration; }},
      {.path = "spec.functions.<name>.provisioned_delay",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "90s",
       .min = 0,
       .max = 3600,
       .help = "Delay before provisioned environments start being allocated.",
       .source = "AWS_FACTS.md: Provisioned concurrency (allocation starts after 1-2 min)",
       .apply = [](Ctx& c, const V& v) { c.fn().provisioned_delay = v.duration; }},
      {.path = "spec.functions.<name>.provisioned_rate",
       .type = P::kRate,
       .unit = "1/s",
       .default_text = "6000/m",
       .min = 0,
       .max = kMaxRate,
       .min_exclusive = true,
       .help = "Provisioned environments allocated per unit of time; none is usable until all "
               "are ready.",
       .source = "AWS_FACTS.md: Provisioned concurrency (up to 6,000 per minute per function)",
       .apply = [](Ctx& c, const V& v) { c.fn().provisioned_rate_per_min = per_minute(v); }},
      {.path = "spec.functions.<name>.error_rate",
       .type = P::kFraction,
       .default_text = "0",
       .min = 0,
       .max = 1,
       .help = "Fraction of invocations whose code fails (function error), as 0.02 or 2%.",
       .source = kModel,
       .apply = [](Ctx& c, const V& v) { c.fn().error_rate = v.number; }},
      {.path = "spec.functions.<name>.keep_alive",
       .type = P::kDistribution,
       .unit = "s",
       .default_text = "10m",
       .min = 0,
       .max = kDay,
       .help = "How long an idle execution environment is kept for reuse.",
       .source = "AWS_FACTS.md: Idle keep-alive (3rd, ~10 min); not documented by AWS: model "
                 "parameter",
       .apply = [](Ctx& c,
                   const V& v) { c.fn().keep_alive = DurationDistribution{v.distribution}; }},
      {.path = "spec.functions.<name>.max_lifetime",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "4h",
       .min = 0,
       .max = kYear,
       .min_exclusive = true,
       .help = "An execution environment is recycled after this long, busy or not.",
       .source = "AWS_FACTS.md: Idle keep-alive (\"recycled every few hours\"); not documented "
                 "by AWS: model parameter",
       .apply = [](Ctx& c, const V& v) { c.fn().max_lifetime = v.duration; }},
      {.path = "spec.functions.<name>.invocation",
       .type = P::kEnum,
       .default_text = "sync",
       .help = "How the function is invoked (an arrival may say otherwise).",
       .source = "AWS_FACTS.md: Invocation semantics (Sync throttle, Async throttle or 5xx)",
       .values = {"sync", "async"},
       .apply =
           [](Ctx& c, const V& v) {
             c.fn().invocation = v.text == "async" ? InvocationType::kAsync : InvocationType::kSync;
           }},
      {.path = "spec.functions.<name>.async",
       .type = P::kSection,
       .help = "Asynchronous invocation: event age, retries, back-off, failure handling.",
       .source = "AWS_FACTS.md: Invocation semantics (Lambda guide invocation-async.md)"},
      {.path = "spec.functions.<name>.async.max_event_age",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "6h",
       .min = 60,
       .max = 21600,
       .help = "An event older than this is dropped (or sent to the destination).",
       .source = "AWS_FACTS.md: Async throttle or 5xx (6 h default, 60 s - 6 h)",
       .apply = [](Ctx& c, const V& v) { c.fn().async.max_event_age = v.duration; }},
      {.path = "spec.functions.<name>.async.max_retries",
       .type = P::kInt,
       .default_text = "2",
       .min = 0,
       .max = 2,
       .help = "Retries after a function error.",
       .source = "AWS_FACTS.md: Async function errors (2 retries by default, 0-2)",
       .apply = [](Ctx& c, const V& v) { c.fn().async.max_retries = to_int(v); }},
      {.path = "spec.functions.<name>.async.first_retry_delay",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "1m",
       .min = 0,
       .max = 21600,
       .help = "Delay before the first retry after a function error.",
       .source = "AWS_FACTS.md: Async function errors (after 1 min then 2 min)",
       .apply = [](Ctx& c, const V& v) { c.fn().async.first_retry_delay = v.duration; }},
      {.path = "spec.functions.<name>.async.second_retry_delay",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "2m",
       .min = 0,
       .max = 21600,
       .help = "Delay before the second retry.",
       .source = "AWS_FACTS.md: Async function errors (after 1 min then 2 min)",
       .apply = [](Ctx& c, const V& v) { c.fn().async.second_retry_delay = v.duration; }},
      {.path = "spec.functions.<name>.async.throttle_backoff_initial",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "1s",
       .min = 0,
       .max = 21600,
       .min_exclusive = true,
       .help = "First back-off of a throttled (or 5xx) event; it doubles each time.",
       .source = "AWS_FACTS.md: Async throttle or 5xx (back-off from 1 s up to 5 min)",
       .apply = [](Ctx& c, const V& v) { c.fn().async.throttle_backoff_initial = v.duration; }},
      {.path = "spec.functions.<name>.async.throttle_backoff_max",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "5m",
       .min = 0,
       .max = 21600,
       .min_exclusive = true,
       .help = "Longest back-off of a throttled event.",
       .source = "AWS_FACTS.md: Async throttle or 5xx (back-off from 1 s up to 5 min)",
       .apply = [](Ctx& c, const V& v) { c.fn().async.throttle_backoff_max = v.duration; }},
      {.path = "spec.functions.<name>.async.on_failure",
       .type = P::kEnum,
       .default_text = "drop",
       .help = "What happens to an event that failed for good: dropped, or sent to a DLQ / "
               "on-failure destination.",
       .source = "AWS_FACTS.md: Async function errors (discarded or sent to a DLQ / destination)",
       .values = {"drop", "destination"},
       .apply =
           [](Ctx& c, const V& v) {
             c.fn().async.on_failure =
                 v.text == "destination" ? OnFailure::kDestination : OnFailure::kDrop;
           }},

      // ---- arrivals -----------------------------------------------------
      {.path = "spec.functions.<name>.arrivals",
       .type = P::kList,
       .default_text = "[] (no traffic)",
       .help = "Traffic: a list of arrival processes, added together.",
       .source = kWorkload},
      {.path = "spec.functions.<name>.arrivals[]",
       .type = P::kSection,
       .help = "One arrival process; `dist` says which keys apply.",
       .source = kWorkload,
       .discriminator = "dist",
       .apply =
           [](Ctx& c, const V&) {
             c.fn().arrivals.push_back(ArrivalConfig{});
             c.arrival = c.fn().arrivals.size() - 1;
           }},
      {.path = "spec.functions.<name>.arrivals[].dist",
       .type = P::kEnum,
       .required = true,
       .help = "poisson: Poisson at `rate`; constant: evenly spaced; burst: Poisson, a window "
               "on top of a base load; ramp: Poisson, rate going linearly from `rate` to `to`; "
               "sine: Poisson, rate + amplitude * sin(2 pi (t + phase) / period); trace: replay "
               "of a CSV file.",
       .source = kWorkload,
       .values = {"poisson", "constant", "burst", "ramp", "sine", "trace"},
       .apply =
           [](Ctx& c, const V& v) {
             static constexpr std::pair<std::string_view, ArrivalKind> kKinds[] = {
                 {"poisson", ArrivalKind::kPoisson}, {"constant", ArrivalKind::kConstant},
                 {"burst", ArrivalKind::kBurst},     {"ramp", ArrivalKind::kRamp},
                 {"sine", ArrivalKind::kSine},       {"trace", ArrivalKind::kTrace}};
             for (const auto& [name, kind] : kKinds) {
               if (v.text == name) c.arr().kind = kind;
             }
           }},
      {.path = "spec.functions.<name>.arrivals[].rate",
       .type = P::kRate,
       .unit = "1/s",
       .min = 0,
       .max = kMaxRate,
       .help = "Mean rate (ramp: the start rate; sine: the mean).",
       .source = kWorkload,
       .only_for = kArrivalRateKinds,
       .required_for = kArrivalRateKinds,
       .apply = [](Ctx& c, const V& v) { c.arr().rate_per_s = v.number; }},
      {.path = "spec.functions.<name>.arrivals[].to",
       .type = P::kRate,
       .unit = "1/s",
       .min = 0,
       .max = kMaxRate,
       .help = "ramp: the rate at the end of the window.",
       .source = kWorkload,
       .only_for = {"ramp"},
       .required_for = {"ramp"},
       .apply = [](Ctx& c, const V& v) { c.arr().to_rate_per_s = v.number; }},
      {.path = "spec.functions.<name>.arrivals[].amplitude",
       .type = P::kRate,
       .unit = "1/s",
       .min = 0,
       .max = kMaxRate,
       .help = "sine: amplitude of the rate (at most `rate`).",
       .source = kWorkload,
       .only_for = {"sine"},
       .required_for = {"sine"},
       .apply = [](Ctx& c, const V& v) { c.arr().amplitude_per_s = v.number; }},
      {.path = "spec.functions.<name>.arrivals[].period",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "24h",
       .min = 0,
       .max = kYear,
       .min_exclusive = true,
       .help = "sine: period.",
       .source = kWorkload,
       .only_for = {"sine"},
       .apply = [](Ctx& c, const V& v) { c.arr().period = v.duration; }},
      {.path = "spec.functions.<name>.arrivals[].phase",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "0s",
       .min = 0,
       .max = kYear,
       .help = "sine: phase shift.",
       .source = kWorkload,
       .only_for = {"sine"},
       .apply = [](Ctx& c, const V& v) { c.arr().phase = v.duration; }},
      {.path = "spec.functions.<name>.arrivals[].at",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "0s",
       .min = 0,
       .max = kYear,
       .help = "Start of the window (trace: time of the trace's zero).",
       .source = kWorkload,
       .apply = [](Ctx& c, const V& v) { c.arr().at = v.duration; }},
      {.path = "spec.functions.<name>.arrivals[].for",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "(to the horizon)",
       .min = 0,
       .max = kYear,
       .min_exclusive = true,
       .help = "Length of the window.",
       .source = kWorkload,
       .required_for = {"ramp"},
       .apply = [](Ctx& c, const V& v) { c.arr().duration = v.duration; }},
      {.path = "spec.functions.<name>.arrivals[].invocation",
       .type = P::kEnum,
       .default_text = "(the function's)",
       .help = "Invocation type of these arrivals.",
       .source = kWorkload,
       .values = {"sync", "async"},
       .apply =
           [](Ctx& c, const V& v) {
             c.arr().invocation =
                 v.text == "async" ? InvocationType::kAsync : InvocationType::kSync;
           }},
      {.path = "spec.functions.<name>.arrivals[].file",
       .type = P::kString,
       .help = "trace: CSV file, relative to the scenario file. `#` comments and one header "
               "line allowed.",
       .source = kWorkload,
       .only_for = {"trace"},
       .required_for = {"trace"},
       .apply =
           [](Ctx& c, const V& v) {
             c.arr().trace_file = v.text;
             c.trace().file = v.text;
           }},
      {.path = "spec.functions.<name>.arrivals[].format",
       .type = P::kEnum,
       .default_text = "timestamps",
       .help = "trace: `timestamps` (first field of each line: seconds, or a duration such as "
               "250ms; sorted) or `counts` (last field: arrivals in each `interval`, spread "
               "evenly inside it).",
       .source = kWorkload,
       .values = {"timestamps", "counts"},
       .only_for = {"trace"},
       .apply =
           [](Ctx& c, const V& v) {
             c.trace().format =
                 v.text == "counts" ? TraceFormat::kCounts : TraceFormat::kTimestamps;
           }},
      {.path = "spec.functions.<name>.arrivals[].interval",
       .type = P::kDuration,
       .unit = "s",
       .default_text = "1s",
       .min = 0,
       .max = kDay,
       .min_exclusive = true,
       .help = "trace, counts: the time covered by one line.",
       .source = kWorkload,
       .only_for = {"trace"},
       .apply = [](Ctx& c, const V& v) { c.trace().interval = v.duration; }},

      // ---- variants -----------------------------------------------------
      {.path = "spec.variants",
       .type = P::kNamedMap,
       .default_text = "{} (none)",
       .help = "Designs to compare with `lambdasim compare`, by name.",
       .source = kFormat,
       .entry_noun = "variant"},
      {.path = "spec.variants.<name>",
       .type = P::kOverrides,
       .help = "Changes to the scenario, as key path: value (`functions.api.memory: 512MiB`, "
               "`functions.api.arrivals[1].rate: 300/s`); the `spec.` prefix is optional. {} "
               "is the scenario as is.",
       .source = kFormat},

      // ---- distributions ------------------------------------------------
      {.path = kDistributionPattern,
       .type = P::kSection,
       .help = "A distribution of durations: a plain duration (`100ms`, deterministic) or a "
               "map whose `dist` says which keys apply.",
       .source = kWorkload,
       .discriminator = "dist"},
      {.path = "<distribution>.dist",
       .type = P::kEnum,
       .required = true,
       .help = "Family of the distribution.",
       .source = kWorkload,
       .values = {"deterministic", "exponential", "uniform", "normal", "lognormal", "pareto",
                  "empirical"},
       .apply = [](Ctx& c, const V& v) { c.dist->dist = v.text; }},
      {.path = "<distribution>.value",
       .type = P::kDuration,
       .unit = "s",
       .help = "deterministic: the value.",
       .source = kWorkload,
       .only_for = {"deterministic"},
       .required_for = {"deterministic"},
       .apply = [](Ctx& c, const V& v) { c.dist->value = secs(v); }},
      {.path = "<distribution>.mean",
       .type = P::kDuration,
       .unit = "s",
       .help = "exponential, normal: the mean.",
       .source = kWorkload,
       .only_for = {"exponential", "normal"},
       .required_for = {"exponential", "normal"},
       .apply = [](Ctx& c, const V& v) { c.dist->mean = secs(v); }},
      {.path = "<distribution>.min",
       .type = P::kDuration,
       .unit = "s",
       .help = "uniform: lower bound.",
       .source = kWorkload,
       .only_for = {"uniform"},
       .required_for = {"uniform"},
       .apply = [](Ctx& c, const V& v) { c.dist->min = secs(v); }},
      {.path = "<distribution>.max",
       .type = P::kDuration,
       .unit = "s",
       .help = "uniform: upper bound (at least min).",
       .source = kWorkload,
       .only_for = {"uniform"},
       .required_for = {"uniform"},
       .apply = [](Ctx& c, const V& v) { c.dist->max = secs(v); }},
      {.path = "<distribution>.sd",
       .type = P::kDuration,
       .unit = "s",
       .help = "normal: standard deviation (samples below 0 are taken as 0).",
       .source = kWorkload,
       .only_for = {"normal"},
       .required_for = {"normal"},
       .apply = [](Ctx& c, const V& v) { c.dist->sd = secs(v); }},
      {.path = "<distribution>.median",
       .type = P::kDuration,
       .unit = "s",
       .min = 0,
       .min_exclusive = true,
       .help = "lognormal: the median, with p99 (or give mu and sigma).",
       .source = kWorkload,
       .only_for = {"lognormal"},
       .apply = [](Ctx& c, const V& v) { c.dist->median = secs(v); }},
      {.path = "<distribution>.p99",
       .type = P::kDuration,
       .unit = "s",
       .min = 0,
       .min_exclusive = true,
       .help = "lognormal: the 99th percentile (at least the median).",
       .source = kWorkload,
       .only_for = {"lognormal"},
       .apply = [](Ctx& c, const V& v) { c.dist->p99 = secs(v); }},
      {.path = "<distribution>.mu",
       .type = P::kNumber,
       .help = "lognormal: mean of ln(seconds), with sigma.",
       .source = kWorkload,
       .only_for = {"lognormal"},
       .apply = [](Ctx& c, const V& v) { c.dist->mu = v.number; }},
      {.path = "<distribution>.sigma",
       .type = P::kNumber,
       .min = 0,
       .help = "lognormal: standard deviation of ln(seconds), with mu.",
       .source = kWorkload,
       .only_for = {"lognormal"},
       .apply = [](Ctx& c, const V& v) { c.dist->sigma = v.number; }},
      {.path = "<distribution>.scale",
       .type = P::kDuration,
       .unit = "s",
       .min = 0,
       .min_exclusive = true,
       .help = "pareto: scale x_m (the smallest value).",
       .source = kWorkload,
       .only_for = {"pareto"},
       .required_for = {"pareto"},
       .apply = [](Ctx& c, const V& v) { c.dist->scale = secs(v); }},
      {.path = "<distribution>.shape",
       .type = P::kNumber,
       .min = 0,
       .min_exclusive = true,
       .help = "pareto: shape alpha (the mean is infinite when alpha <= 1).",
       .source = kWorkload,
       .only_for = {"pareto"},
       .required_for = {"pareto"},
       .apply = [](Ctx& c, const V& v) { c.dist->shape = v.number; }},
      {.path = "<distribution>.samples",
       .type = P::kDurationList,
       .unit = "s",
       .help = "empirical: values resampled uniformly, e.g. [10ms, 12ms, 40ms].",
       .source = kWorkload,
       .only_for = {"empirical"},
       .required_for = {"empirical"},
       .min_entries = 1,
       .apply =
           [](Ctx& c, const V& v) {
             std::vector<double> s;
             s.reserve(v.durations.size());
             for (SimTime d : v.durations) s.push_back(to_seconds(d));
             c.dist->samples = std::move(s);
           }},
  };
  // Networking and faults live in params_network.cpp; insert them where a
  // reader of the schema expects them.
  auto insert_before = [&t](std::string_view path, std::vector<ParamSpec> rows) {
    auto at = std::find_if(t.begin(), t.end(), [&](const ParamSpec& p) { return p.path == path; });
    t.insert(at, std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  };
  insert_before("spec.functions", network_rows());
  insert_before("spec.functions.<name>.arrivals", function_network_rows());
  auto source = arrival_source_rows();
  insert_before("spec.variants", std::move(source));  // after the arrival rows
  auto faults = fault_rows();
  // spec.account.az_detection_delay goes with the account; the list before variants.
  insert_before("spec.pricing", {faults.front()});
  faults.erase(faults.begin());
  insert_before("spec.variants", std::move(faults));
  return t;
}

}  // namespace

const std::vector<ParamSpec>& param_table() {
  static const std::vector<ParamSpec> kTable = build_table();
  return kTable;
}

const ParamSpec* find_param(std::string_view pattern) {
  for (const ParamSpec& p : param_table()) {
    if (p.path == pattern) return &p;
  }
  return nullptr;
}

std::string_view param_parent(std::string_view pattern) {
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == "[]") {
    return pattern.substr(0, pattern.size() - 2);
  }
  const std::size_t dot = pattern.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : pattern.substr(0, dot);
}

std::string_view param_key(std::string_view pattern) {
  const std::size_t dot = pattern.rfind('.');
  return dot == std::string_view::npos ? pattern : pattern.substr(dot + 1);
}

std::vector<const ParamSpec*> param_children(std::string_view pattern) {
  std::vector<const ParamSpec*> out;
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty() || param_parent(p.path) != pattern) continue;
    const std::string_view key = param_key(p.path);
    if (key.front() == '<' || key.ends_with("[]")) continue;  // entries, items, pseudo-roots
    out.push_back(&p);
  }
  return out;
}

const ParamSpec* param_entry(const ParamSpec& container) {
  if (container.type == ParamType::kList) {
    return find_param(std::string(container.path) + "[]");
  }
  if (container.type != ParamType::kNamedMap) return nullptr;
  for (const ParamSpec& p : param_table()) {
    if (!p.path.empty() && param_parent(p.path) == container.path &&
        param_key(p.path).front() == '<') {
      return &p;
    }
  }
  return nullptr;
}

std::string param_pattern_of(std::string_view concrete) {
  std::string pattern;
  const ParamSpec* row = find_param("");
  std::size_t pos = 0;
  while (pos <= concrete.size() && row != nullptr) {
    std::size_t end = concrete.find('.', pos);
    if (end == std::string_view::npos) end = concrete.size();
    std::string_view segment = concrete.substr(pos, end - pos);
    const std::size_t bracket = segment.find('[');
    const std::string_view key = segment.substr(0, bracket);
    if (key.empty()) return {};
    if (row->type == ParamType::kNamedMap) {
      row = param_entry(*row);
    } else if (row->type == ParamType::kDistribution) {
      row = find_param(std::string(kDistributionPattern) + "." + std::string(key));
    } else if (row->type == ParamType::kSection) {
      row = find_param(pattern.empty() ? std::string(key) : pattern + "." + std::string(key));
    } else {
      return {};
    }
    if (row == nullptr) return {};
    if (bracket != std::string_view::npos) {
      if (row->type != ParamType::kList) return {};
      row = param_entry(*row);
      if (row == nullptr) return {};
    }
    pattern = std::string(row->path);
    pos = end + 1;
    if (end == concrete.size()) break;
  }
  return row == nullptr ? std::string() : pattern;
}

}  // namespace lambdasim
