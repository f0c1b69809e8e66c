// The parameter table. Each row is one scenario key, bound to the config
// field its value is stored in (field_binding.hpp), whose default-constructed
// value is the key's default. Sources name the row of docs/aws-facts.md a
// default comes from (docs/aws-facts.md#<id>).
#include "lambdasim/scenario/params.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scenario/field_binding.hpp"
#include "scenario/param_parts.hpp"
#include "scenario/params_network.hpp"

namespace lambdasim {
namespace {

using P = ParamType;
using C = ApplyContext;
using V = ParamValue;

constexpr std::string_view kFormat = "scenario format (not an AWS fact)";
constexpr std::string_view kSimulation = "simulation setting (not an AWS fact)";
constexpr std::string_view kWorkload = "workload description (not an AWS fact)";
constexpr std::string_view kModel = kModelParameterSource;

constexpr double kMaxCount = 1e6;        // concurrency-like integers
constexpr double kMaxRate = 1e7;         // per second
constexpr double kYear = 365.0 * 86400;  // seconds
constexpr double kDay = 86400;           // seconds

// A price: a number of USD, at least 0.
ParamSpec usd(ParamSpec row) {
  row.type = P::kNumber;
  row.unit = "USD";
  row.min = 0;
  return row;
}

// The unit of min/max follows from the type, except for plain numbers.
void fill_unit(ParamSpec& row) {
  if (!row.unit.empty()) return;
  switch (row.type) {
    case P::kDuration:
    case P::kDistribution:
    case P::kDurationList:
      row.unit = "s";
      break;
    case P::kRate:
      row.unit = "1/s";
      break;
    case P::kBandwidth:
      row.unit = "bps";
      break;
    case P::kSize:
      row.unit = "B";
      break;
    case P::kMemory:
      row.unit = "MiB";
      break;
    default:
      break;
  }
}

// The rows of the document.
std::vector<ParamSpec> document_rows() {
  return {
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
      field<&C::doc, &Scenario::name>({.path = "metadata.name",
                                       .type = P::kString,
                                       .required = true,
                                       .help = "Scenario name, shown in reports.",
                                       .source = kFormat}),
      field<&C::doc, &Scenario::description>({.path = "metadata.description",
                                              .type = P::kString,
                                              .help = "Free text, shown in reports.",
                                              .source = kFormat}),
      {.path = "spec",
       .type = P::kSection,
       .required = true,
       .help = "What to simulate: account, pricing, functions, variants, sweep.",
       .source = kFormat},
      field<&C::run, &RunConfig::horizon>({.path = "spec.horizon",
                                           .type = P::kDuration,
                                           .min = 0,
                                           .max = kYear,
                                           .min_exclusive = true,
                                           .help = "Simulated time of one run.",
                                           .source = kSimulation}),
      field<&C::run, &RunConfig::seed>(
          {.path = "spec.seed",
           .type = P::kUint64,
           .help = "Master seed of the random streams; `--seed` overrides it.",
           .source = kSimulation}),
      field<&C::run, &RunConfig::timeseries_interval>({.path = "spec.timeseries_interval",
                                                       .type = P::kDuration,
                                                       .min = 0.001,
                                                       .max = kDay,
                                                       .help = "Bucket width of timeseries.csv.",
                                                       .source = kSimulation}),
      field<&C::run, &RunConfig::thresholds>(
          {.path = "spec.thresholds",
           .type = P::kStringList,
           .help = "Checks for CI, each `METRIC OP NUMBER` (OP one of < <= > >= == !=; METRIC a "
                   "summary.json path such as functions.api.p_throttle, or its flat name): run "
                   "and compare (each variant) exit 1 after writing their outputs when one is "
                   "missed; with -r > 1 on the mean of the replications. `--threshold` adds "
                   "more.",
           .source = kSimulation}),
  };
}

// The rows of account.
std::vector<ParamSpec> account_rows() {
  return {
      {.path = "spec.account",
       .type = P::kSection,
       .help = "The AWS account and region: quotas and the scaling model.",
       .source = kModel},
      field<&C::account, &AccountConfig::region>(
          {.path = "spec.account.region",
           .type = P::kString,
           .help = "AWS region; selects the legacy burst. Prices are us-east-1's unless set in "
                   "spec.pricing.",
           .source = "docs/aws-facts.md#scaling-legacy (burst by region)"}),
      field<&C::account, &AccountConfig::azs>(
          {.path = "spec.account.azs",
           .type = P::kStringList,
           .help = "Availability zone ids of the region that Lambda uses.",
           .source = kModel,
           .min_entries = 1}),
      field<&C::account, &AccountConfig::concurrency_limit>(
          {.path = "spec.account.concurrency",
           .type = P::kInt,
           .min = 1,
           .max = kMaxCount,
           .help = "Account concurrency limit of the region (concurrent executions).",
           .source = "docs/aws-facts.md#account-concurrency (Lambda quotas)"}),
      field<&C::account, &AccountConfig::unreserved_minimum>(
          {.path = "spec.account.unreserved_minimum",
           .type = P::kInt,
           .min = 0,
           .max = kMaxCount,
           .help = "Concurrency that reserved concurrency may never take.",
           .source = "docs/aws-facts.md#unreserved-minimum (Lambda concurrency docs)"}),
      field<&C::account, &AccountConfig::request_rate_per_s>(
          {.path = "spec.account.request_rate",
           .type = P::kRate,
           .default_text = "(derived: 10 x concurrency per second)",
           .min = 0,
           .max = kMaxRate * 10,
           .min_exclusive = true,
           .help = "Invocation request-rate limit, account-wide and per function.",
           .source = "docs/aws-facts.md#request-rate (Lambda concurrency docs)"}),
      field<&C::account, &AccountConfig::scaling>(
          {.path = "spec.account.scaling",
           .type = P::kEnum,
           .help =
               "Scaling model: `current` (per function, since Nov 2023) or `legacy` (account-wide "
               "burst, then +legacy_increase).",
           .source = "docs/aws-facts.md#scaling-current / docs/aws-facts.md#scaling-legacy"}),
      field<&C::account, &AccountConfig::scaling_environments>(
          {.path = "spec.account.scaling_environments",
           .type = P::kInt,
           .min = 1,
           .max = kMaxCount,
           .help = "current scaling: new execution environments per scaling_window per function "
                   "(500 is a sensitivity case).",
           .source = "docs/aws-facts.md#scaling-current (Lambda scaling-behavior)"}),
      field<&C::account, &AccountConfig::scaling_window>(
          {.path = "spec.account.scaling_window",
           .type = P::kDuration,
           .min = 0,
           .max = 3600,
           .min_exclusive = true,
           .help = "current scaling: the window of scaling_environments (refilled continuously).",
           .source = "docs/aws-facts.md#scaling-current (Lambda scaling-behavior)"}),
      field<&C::account, &AccountConfig::legacy_burst>(
          {.path = "spec.account.legacy_burst",
           .type = P::kInt,
           .default_text = "(derived: by region: 3000, 1000 or 500)",
           .min = 1,
           .max = kMaxCount,
           .help = "legacy scaling: account-wide initial burst of concurrency.",
           .source = "docs/aws-facts.md#scaling-legacy (Lambda guide invocation-scaling.md)"}),
      field<&C::account, &AccountConfig::legacy_increase_per_min, FieldUnit::kPerMinute>(
          {.path = "spec.account.legacy_increase",
           .type = P::kRate,
           .min = 0,
           .max = kMaxRate,
           .help = "legacy scaling: concurrency added after the burst.",
           .source = "docs/aws-facts.md#scaling-legacy (Lambda guide invocation-scaling.md)"}),
  };
}

// The rows of pricing.
std::vector<ParamSpec> pricing_rows() {
  return {
      {.path = "spec.pricing",
       .type = P::kSection,
       .help = "Prices in USD (default: us-east-1).",
       .source = "docs/aws-facts.md#prices (us-east-1)"},
      field<&C::pricing, &PricingConfig::request_per_million_usd>(
          usd({.path = "spec.pricing.request_per_million",
               .help = "Price of one million requests.",
               .source = "docs/aws-facts.md#price-requests (AWS Lambda pricing)"})),
      field<&C::pricing, &PricingConfig::gb_second_x86_usd>(
          usd({.path = "spec.pricing.gb_second_x86",
               .help = "Price of one GB-second of duration, x86_64 (1 ms rounding).",
               .source = "docs/aws-facts.md#price-duration (AWS Lambda pricing)"})),
      field<&C::pricing, &PricingConfig::gb_second_arm_usd>(
          usd({.path = "spec.pricing.gb_second_arm",
               .help = "Price of one GB-second of duration, arm64.",
               .source = "docs/aws-facts.md#price-duration (AWS Lambda pricing)"})),
      field<&C::pricing, &PricingConfig::provisioned_gb_second_usd>(
          usd({.path = "spec.pricing.provisioned_gb_second",
               .help = "Price of one GB-second of provisioned concurrency configured.",
               .source = "docs/aws-facts.md#price-provisioned (AWS Lambda pricing)"})),
      field<&C::pricing, &PricingConfig::provisioned_duration_gb_second_usd>(
          usd({.path = "spec.pricing.provisioned_duration_gb_second",
               .help = "Price of one GB-second of duration on provisioned concurrency.",
               .source = "docs/aws-facts.md#price-provisioned (AWS Lambda pricing)"})),
      field<&C::pricing, &PricingConfig::bill_init>(
          {.path = "spec.pricing.bill_init",
           .type = P::kBool,
           .help = "Bill the init phase (AWS does since 1 Aug 2025).",
           .source = "docs/aws-facts.md#price-init (init billed since 1 Aug 2025)"}),
      field<&C::pricing, &PricingConfig::nat_hour_usd>(
          usd({.path = "spec.pricing.nat_hour",
               .help = "Price of one NAT gateway-hour.",
               .source = "docs/aws-facts.md#price-nat (AWS VPC pricing)"})),
      field<&C::pricing, &PricingConfig::nat_gb_usd>(
          usd({.path = "spec.pricing.nat_gb",
               .help = "Price of one GB processed by a NAT gateway.",
               .source = "docs/aws-facts.md#price-nat (AWS VPC pricing)"})),
      field<&C::pricing, &PricingConfig::endpoint_az_hour_usd>(
          usd({.path = "spec.pricing.endpoint_az_hour",
               .help = "Price of one interface endpoint in one AZ for an hour.",
               .source = "docs/aws-facts.md#price-interface-endpoint (AWS PrivateLink pricing)"})),
      field<&C::pricing, &PricingConfig::endpoint_gb_usd>(
          usd({.path = "spec.pricing.endpoint_gb",
               .help = "Price of one GB processed by an interface endpoint (first PB).",
               .source = "docs/aws-facts.md#price-interface-endpoint (AWS PrivateLink pricing)"})),
      field<&C::pricing, &PricingConfig::cross_az_gb_usd>(
          usd({.path = "spec.pricing.cross_az_gb",
               .help = "Price of one GB crossing AZs, each direction (both sides are billed).",
               .source = "docs/aws-facts.md#price-cross-az (EC2 pricing, via 3rd)"})),
  };
}

// The rows of functions.
std::vector<ParamSpec> function_rows() {
  return {
      {.path = "spec.functions",
       .type = P::kNamedMap,
       .required = true,
       .help = "The functions, by name (letters, digits, '-', '_'; at most 64).",
       .source = kWorkload,
       .entry_noun = "function",
       .min_entries = 1},
      element<&C::functions, &C::function>({.path = "spec.functions.<name>",
                                            .type = P::kSection,
                                            .help = "One function.",
                                            .source = kWorkload}),
      field<&C::fn, &FunctionConfig::memory_mb>(
          {.path = "spec.functions.<name>.memory",
           .type = P::kMemory,
           .min = 128,
           .max = 10240,
           .help = "Memory size. A plain integer is MiB, as in the Lambda API; MB and GB mean MiB "
                   "and GiB here, as in the Lambda console (1024MB = 1GB = 1GiB = 1024).",
           .source = "docs/aws-facts.md#memory (Lambda quotas); 128 is the Lambda default "
                     "(docs/aws-facts.md#function-defaults)"}),
      field<&C::fn, &FunctionConfig::architecture>(
          {.path = "spec.functions.<name>.architecture",
           .type = P::kEnum,
           .help = "Instruction set; selects the GB-second price.",
           .source = "docs/aws-facts.md#price-duration"}),
      field<&C::fn, &FunctionConfig::timeout>(
          {.path = "spec.functions.<name>.timeout",
           .type = P::kDuration,
           .min = 1,
           .max = 900,
           .help = "Invocation time-out; a longer run is a function error.",
           .source = "docs/aws-facts.md#max-duration (Lambda quotas); 3 s is the Lambda default "
                     "(docs/aws-facts.md#function-defaults)"}),
      field<&C::fn, &FunctionConfig::duration>(
          {.path = "spec.functions.<name>.duration",
           .type = P::kDistribution,
           .min = 0,
           .max = 900,
           .help = "Run time of one invocation (handler), before time-out.",
           .source = kWorkload}),
      field<&C::fn, &FunctionConfig::init>(
          {.path = "spec.functions.<name>.init",
           .type = P::kDistribution,
           .min = 0,
           .max = 900,
           .help = "Init (cold start) duration of a new execution environment, capped at init_cap.",
           .source = "docs/aws-facts.md#cold-starts (< 100 ms to > 1 s); "
                     "docs/aws-facts.md#init-by-runtime (3rd)"}),
      field<&C::fn, &FunctionConfig::init_cap>(
          {.path = "spec.functions.<name>.init_cap",
           .type = P::kDuration,
           .min = 0,
           .max = 900,
           .min_exclusive = true,
           .help = "Longest on-demand init phase.",
           .source = "docs/aws-facts.md#init-cap (Lambda runtime environment docs)"}),
      field<&C::fn, &FunctionConfig::reserved_concurrency>(
          {.path = "spec.functions.<name>.reserved_concurrency",
           .type = P::kInt,
           .default_text = "(none: uses the unreserved pool)",
           .min = 0,
           .max = kMaxCount,
           .help = "Reserved concurrency: both the function's maximum and its guaranteed share; 0 "
                   "throttles everything.",
           .source = "docs/aws-facts.md#reserved-concurrency (Lambda concurrency docs)"}),
      field<&C::fn, &FunctionConfig::provisioned_concurrency>(
          {.path = "spec.functions.<name>.provisioned_concurrency",
           .type = P::kInt,
           .min = 0,
           .max = kMaxCount,
           .help = "Provisioned (pre-initialised) execution environments.",
           .source = "docs/aws-facts.md#provisioned-concurrency (Lambda concurrency docs)"}),
      field<&C::fn, &FunctionConfig::provisioned_start>(
          {.path = "spec.functions.<name>.provisioned_at",
           .type = P::kDuration,
           .min = 0,
           .max = kYear,
           .help = "When provisioned concurrency is configured (simulated time).",
           .source = kWorkload}),
      field<&C::fn, &FunctionConfig::provisioned_delay>(
          {.path = "spec.functions.<name>.provisioned_delay",
           .type = P::kDuration,
           .min = 0,
           .max = 3600,
           .help = "Delay before provisioned environments start being allocated.",
           .source =
               "docs/aws-facts.md#provisioned-concurrency (allocation starts after 1-2 min)"}),
      field<&C::fn, &FunctionConfig::provisioned_rate_per_min, FieldUnit::kPerMinute>(
          {.path = "spec.functions.<name>.provisioned_rate",
           .type = P::kRate,
           .min = 0,
           .max = kMaxRate,
           .min_exclusive = true,
           .help = "Provisioned environments allocated per unit of time; none is usable until all "
                   "are ready.",
           .source =
               "docs/aws-facts.md#provisioned-concurrency (up to 6,000 per minute per function)"}),
      field<&C::fn, &FunctionConfig::error_rate>(
          {.path = "spec.functions.<name>.error_rate",
           .type = P::kFraction,
           .min = 0,
           .max = 1,
           .help = "Fraction of invocations whose code fails (function error), as 0.02 or 2%.",
           .source = kModel}),
      field<&C::fn, &FunctionConfig::keep_alive>(
          {.path = "spec.functions.<name>.keep_alive",
           .type = P::kDistribution,
           .min = 0,
           .max = kDay,
           .help = "How long an idle execution environment is kept for reuse.",
           .source = "docs/aws-facts.md#keep-alive (3rd, ~10 min); not documented by AWS: model "
                     "parameter"}),
      field<&C::fn, &FunctionConfig::max_lifetime>(
          {.path = "spec.functions.<name>.max_lifetime",
           .type = P::kDuration,
           .min = 0,
           .max = kYear,
           .min_exclusive = true,
           .help = "An execution environment is recycled after this long, busy or not.",
           .source = "docs/aws-facts.md#environment-recycling (\"recycled every few hours\"); not "
                     "documented "
                     "by AWS: model parameter"}),
      field<&C::fn, &FunctionConfig::warm_reuse>(
          {.path = "spec.functions.<name>.warm_reuse",
           .type = P::kEnum,
           .help = "Which idle execution environment a warm start takes: most_recently_idle (the "
                   "one idle the shortest time), newest_created (the youngest), or random "
                   "(uniform, from the stream function/<name>/warm_reuse). The first two keep "
                   "a hot set busy and let surplus environments expire; random spreads "
                   "invocations, so fewer expire and more are kept idle.",
           .source = "docs/aws-facts.md#warm-reuse-order (AWS documents no order; SimFaaS, a "
                     "Lambda model checked against AWS, takes the newest created); not "
                     "documented by AWS: model parameter"}),
      field<&C::fn, &FunctionConfig::invocation>(
          {.path = "spec.functions.<name>.invocation",
           .type = P::kEnum,
           .help = "How the function is invoked (an arrival may say otherwise).",
           .source = "docs/aws-facts.md#sync-throttle; docs/aws-facts.md#async-throttle-backoff"}),
      {.path = "spec.functions.<name>.async",
       .type = P::kSection,
       .help = "Asynchronous invocation: event age, retries, back-off, failure handling.",
       .source = "docs/aws-facts.md#invocation (Lambda guide invocation-async.md)"},
      field<&C::async, &AsyncConfig::max_event_age>(
          {.path = "spec.functions.<name>.async.max_event_age",
           .type = P::kDuration,
           .min = 60,
           .max = 21600,
           .help = "An event older than this is dropped (or sent to the destination).",
           .source = "docs/aws-facts.md#async-event-age (6 h default, 60 s - 6 h)"}),
      field<&C::async, &AsyncConfig::max_retries>(
          {.path = "spec.functions.<name>.async.max_retries",
           .type = P::kInt,
           .min = 0,
           .max = 2,
           .help = "Retries after a function error.",
           .source = "docs/aws-facts.md#async-function-errors (2 retries by default, 0-2)"}),
      field<&C::async, &AsyncConfig::first_retry_delay>(
          {.path = "spec.functions.<name>.async.first_retry_delay",
           .type = P::kDuration,
           .min = 0,
           .max = 21600,
           .help = "Delay before the first retry after a function error.",
           .source = "docs/aws-facts.md#async-function-errors (after 1 min then 2 min)"}),
      field<&C::async, &AsyncConfig::second_retry_delay>(
          {.path = "spec.functions.<name>.async.second_retry_delay",
           .type = P::kDuration,
           .min = 0,
           .max = 21600,
           .help = "Delay before the second retry.",
           .source = "docs/aws-facts.md#async-function-errors (after 1 min then 2 min)"}),
      field<&C::async, &AsyncConfig::throttle_backoff_initial>(
          {.path = "spec.functions.<name>.async.throttle_backoff_initial",
           .type = P::kDuration,
           .min = 0,
           .max = 21600,
           .min_exclusive = true,
           .help = "First back-off of a throttled (or 5xx) event; it doubles each time.",
           .source = "docs/aws-facts.md#async-throttle-backoff (back-off from 1 s up to 5 min)"}),
      field<&C::async, &AsyncConfig::throttle_backoff_max>(
          {.path = "spec.functions.<name>.async.throttle_backoff_max",
           .type = P::kDuration,
           .min = 0,
           .max = 21600,
           .min_exclusive = true,
           .help = "Longest back-off of a throttled event.",
           .source = "docs/aws-facts.md#async-throttle-backoff (back-off from 1 s up to 5 min)"}),
      field<&C::async, &AsyncConfig::on_failure>(
          {.path = "spec.functions.<name>.async.on_failure",
           .type = P::kEnum,
           .help = "What happens to an event that failed for good: dropped, or sent to a DLQ / "
                   "on-failure destination.",
           .source =
               "docs/aws-facts.md#async-on-failure (discarded or sent to a DLQ / destination)"}),
  };
}

// The rows of arrivals.
std::vector<ParamSpec> arrival_rows() {
  const std::vector<std::string_view> kArrivalRateKinds{"poisson", "constant", "burst", "ramp",
                                                        "sine"};
  return {
      {.path = "spec.functions.<name>.arrivals",
       .type = P::kList,
       .default_text = "[] (no traffic)",
       .help = "Traffic: a list of arrival processes, added together.",
       .source = kWorkload},
      element<&C::arrivals, &C::arrival>(
          {.path = "spec.functions.<name>.arrivals[]",
           .type = P::kSection,
           .help = "One arrival process; `dist` says which keys apply.",
           .source = kWorkload,
           .discriminator = "dist"}),
      field<&C::arr, &ArrivalConfig::kind>(
          {.path = "spec.functions.<name>.arrivals[].dist",
           .type = P::kEnum,
           .required = true,
           .help =
               "poisson: Poisson at `rate`; constant: evenly spaced; burst: Poisson, a window "
               "on top of a base load; ramp: Poisson, rate going linearly from `rate` to `to`; "
               "sine: Poisson, rate + amplitude * sin(2 pi (t + phase) / period); trace: replay "
               "of a CSV file.",
           .source = kWorkload}),
      field<&C::arr, &ArrivalConfig::rate_per_s>(
          {.path = "spec.functions.<name>.arrivals[].rate",
           .type = P::kRate,
           .min = 0,
           .max = kMaxRate,
           .help = "Mean rate (ramp: the start rate; sine: the mean).",
           .source = kWorkload,
           .only_for = kArrivalRateKinds,
           .required_for = kArrivalRateKinds}),
      field<&C::arr, &ArrivalConfig::to_rate_per_s>(
          {.path = "spec.functions.<name>.arrivals[].to",
           .type = P::kRate,
           .min = 0,
           .max = kMaxRate,
           .help = "ramp: the rate at the end of the window.",
           .source = kWorkload,
           .only_for = {"ramp"},
           .required_for = {"ramp"}}),
      field<&C::arr, &ArrivalConfig::amplitude_per_s>(
          {.path = "spec.functions.<name>.arrivals[].amplitude",
           .type = P::kRate,
           .min = 0,
           .max = kMaxRate,
           .help = "sine: amplitude of the rate (at most `rate`).",
           .source = kWorkload,
           .only_for = {"sine"},
           .required_for = {"sine"}}),
      field<&C::arr, &ArrivalConfig::period>({.path = "spec.functions.<name>.arrivals[].period",
                                              .type = P::kDuration,
                                              .min = 0,
                                              .max = kYear,
                                              .min_exclusive = true,
                                              .help = "sine: period.",
                                              .source = kWorkload,
                                              .only_for = {"sine"}}),
      field<&C::arr, &ArrivalConfig::phase>({.path = "spec.functions.<name>.arrivals[].phase",
                                             .type = P::kDuration,
                                             .min = 0,
                                             .max = kYear,
                                             .help = "sine: phase shift.",
                                             .source = kWorkload,
                                             .only_for = {"sine"}}),
      field<&C::arr, &ArrivalConfig::at>(
          {.path = "spec.functions.<name>.arrivals[].at",
           .type = P::kDuration,
           .min = 0,
           .max = kYear,
           .help = "Start of the window (trace: time of the trace's zero).",
           .source = kWorkload}),
      field<&C::arr, &ArrivalConfig::duration>({.path = "spec.functions.<name>.arrivals[].for",
                                                .type = P::kDuration,
                                                .default_text = "(to the horizon)",
                                                .min = 0,
                                                .max = kYear,
                                                .min_exclusive = true,
                                                .help = "Length of the window.",
                                                .source = kWorkload,
                                                .required_for = {"ramp"}}),
      field<&C::arr, &ArrivalConfig::invocation>(
          {.path = "spec.functions.<name>.arrivals[].invocation",
           .type = P::kEnum,
           .default_text = "(the function's)",
           .help = "Invocation type of these arrivals.",
           .source = kWorkload}),
      {.path = "spec.functions.<name>.arrivals[].file",
       .type = P::kString,
       .help = "trace: CSV file (UTF-8), a regular file named relative to the scenario file and "
               "inside its directory (else allowed by `--allow-path`), at most "
               "`--max-trace-size`. `#` comments and one header line allowed.",
       .source = kWorkload,
       .only_for = {"trace"},
       .required_for = {"trace"},
       // Two places: the arrival (for messages) and the trace to load.
       .apply =
           [](C& c, const ParamSpec&, const V& v) {
             c.arr().trace_file = v.text;
             c.trace().file = v.text;
           }},
      field<&C::trace, &TraceRequest::format>(
          {.path = "spec.functions.<name>.arrivals[].format",
           .type = P::kEnum,
           .help = "trace: `timestamps` (first field of each line: seconds, or a duration such as "
                   "250ms; sorted) or `counts` (last field: arrivals in each `interval`, spread "
                   "evenly inside it).",
           .source = kWorkload,
           .only_for = {"trace"}}),
      field<&C::trace, &TraceRequest::interval>(
          {.path = "spec.functions.<name>.arrivals[].interval",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .min_exclusive = true,
           .help = "trace, counts: the time covered by one line.",
           .source = kWorkload,
           .only_for = {"trace"}}),
  };
}

// The rows of variants.
std::vector<ParamSpec> variant_rows() {
  return {
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
  };
}

// The rows of the sweep (sim/scenario/sweep.cpp reads and expands them).
std::vector<ParamSpec> sweep_rows() {
  return {
      {.path = "spec.sweep",
       .type = P::kSection,
       .help = "Points to run with `lambdasim sweep`: named axes, each a key path and its values; "
               "the points are the grid of all combinations (first axis slowest), or `points`, "
               "or a Latin-hypercube sample (`lhs`). A point is applied like a variant's "
               "entries, after `--set` and the variant; at most 100,000 points.",
       .source = kFormat},
      {.path = "spec.sweep.axes",
       .type = P::kNamedMap,
       .required = true,
       .help = "The axes, by name (the name is the column and the label of a point: "
               "`burst=500/s,memory=512MiB`).",
       .source = kFormat,
       .entry_noun = "axis",
       .min_entries = 1},
      {.path = "spec.sweep.axes.<name>",
       .type = P::kSection,
       .help = "One axis: `key` and its `values`, or a range `from`/`to`/`step` (with `points`, "
               "`key` only).",
       .source = kFormat},
      {.path = "spec.sweep.axes.<name>.key",
       .type = P::kString,
       .required = true,
       .help = "The key path the axis sets, as in a variant or `--set` "
               "(`functions.api.arrivals[1].rate`); not under spec.sweep or spec.variants. Each "
               "value is checked once, like a variant's, at load time.",
       .source = kFormat},
      {.path = "spec.sweep.axes.<name>.values",
       .type = P::kStringList,
       .help = "The axis's values, in order, each a plain value of the key's type "
               "(`[100/s, 500/s]`, `[per-execution, hyperplane]`).",
       .source = kFormat,
       .min_entries = 1},
      {.path = "spec.sweep.axes.<name>.from",
       .type = P::kString,
       .help = "A range's first value, in the units of the key's type (duration, size, memory, "
               "rate, bandwidth, fraction, integer or number; `from`, `to` and `step` may use "
               "different units: 128MiB to 1GiB). Values are from, from + step, ... up to `to` "
               "(included when it falls on a step), written in one unit per type: durations in "
               "s, sizes in B, memory in MiB, rates in /s, bandwidth in bps, fractions and "
               "numbers plain. Only the range's two ends are checked at load time.",
       .source = kFormat},
      {.path = "spec.sweep.axes.<name>.to",
       .type = P::kString,
       .help = "A range's last value (at least `from`).",
       .source = kFormat},
      {.path = "spec.sweep.axes.<name>.step",
       .type = P::kString,
       .help =
           "A range's step (> 0); required, except with `lhs`, where a sampled value is snapped "
           "to it when given (integer keys: to whole numbers anyway).",
       .source = kFormat},
      {.path = "spec.sweep.points",
       .type = P::kList,
       .help = "Explicit points instead of the grid, each naming every axis: "
               "`- {burst: 100/s, memory: 512MiB}`. Not with `lhs`.",
       .source = kFormat,
       .min_entries = 1},
      {.path = "spec.sweep.points[]",
       .type = P::kScalarMap,
       .help = "One point: axis name -> value.",
       .source = kFormat},
      {.path = "spec.sweep.lhs",
       .type = P::kSection,
       .help = "A Latin-hypercube sample instead of the grid: each axis cut into `samples` equal "
               "strata (a range: [from, to]; `values`: its list), one value per stratum, strata "
               "paired at random; the same seed gives the same points on any machine.",
       .source = kFormat},
      {.path = "spec.sweep.lhs.samples",
       .type = P::kInt,
       .min = 1,
       .max = 100000,
       .required = true,
       .help = "Number of points.",
       .source = kFormat},
      {.path = "spec.sweep.lhs.seed",
       .type = P::kUint64,
       .required = true,
       .help = "Seed of the sample's permutations and offsets (not spec.seed: the points stay "
               "when the runs' seed changes).",
       .source = kFormat},
  };
}

// The rows of distributions.
std::vector<ParamSpec> distribution_rows() {
  return {
      {.path = kDistributionPattern,
       .type = P::kSection,
       .help = "A distribution of durations: a plain duration (`100ms`, deterministic) or a "
               "map whose `dist` says which keys apply.",
       .source = kWorkload,
       .discriminator = "dist"},
      field<&C::distribution, &DistributionSpec::dist>(
          {.path = "<distribution>.dist",
           .type = P::kEnum,
           .required = true,
           .help = "Family of the distribution.",
           .source = kWorkload,
           .values = {"deterministic", "exponential", "uniform", "normal", "lognormal", "pareto",
                      "empirical"}}),
      field<&C::distribution, &DistributionSpec::value>({.path = "<distribution>.value",
                                                         .type = P::kDuration,
                                                         .help = "deterministic: the value.",
                                                         .source = kWorkload,
                                                         .only_for = {"deterministic"},
                                                         .required_for = {"deterministic"}}),
      field<&C::distribution, &DistributionSpec::mean>({.path = "<distribution>.mean",
                                                        .type = P::kDuration,
                                                        .help = "exponential, normal: the mean.",
                                                        .source = kWorkload,
                                                        .only_for = {"exponential", "normal"},
                                                        .required_for = {"exponential", "normal"}}),
      field<&C::distribution, &DistributionSpec::min>({.path = "<distribution>.min",
                                                       .type = P::kDuration,
                                                       .help = "uniform: lower bound.",
                                                       .source = kWorkload,
                                                       .only_for = {"uniform"},
                                                       .required_for = {"uniform"}}),
      field<&C::distribution, &DistributionSpec::max>(
          {.path = "<distribution>.max",
           .type = P::kDuration,
           .help = "uniform: upper bound (at least min).",
           .source = kWorkload,
           .only_for = {"uniform"},
           .required_for = {"uniform"}}),
      field<&C::distribution, &DistributionSpec::sd>(
          {.path = "<distribution>.sd",
           .type = P::kDuration,
           .help = "normal: standard deviation (samples below 0 are taken as 0).",
           .source = kWorkload,
           .only_for = {"normal"},
           .required_for = {"normal"}}),
      field<&C::distribution, &DistributionSpec::median>(
          {.path = "<distribution>.median",
           .type = P::kDuration,
           .min = 0,
           .min_exclusive = true,
           .help = "lognormal: the median, with p99 (or give mu and sigma).",
           .source = kWorkload,
           .only_for = {"lognormal"}}),
      field<&C::distribution, &DistributionSpec::p99>(
          {.path = "<distribution>.p99",
           .type = P::kDuration,
           .min = 0,
           .min_exclusive = true,
           .help = "lognormal: the 99th percentile (at least the median).",
           .source = kWorkload,
           .only_for = {"lognormal"}}),
      field<&C::distribution, &DistributionSpec::mu>(
          {.path = "<distribution>.mu",
           .type = P::kNumber,
           .help = "lognormal: mean of ln(seconds), with sigma.",
           .source = kWorkload,
           .only_for = {"lognormal"}}),
      field<&C::distribution, &DistributionSpec::sigma>(
          {.path = "<distribution>.sigma",
           .type = P::kNumber,
           .min = 0,
           .help = "lognormal: standard deviation of ln(seconds), with mu.",
           .source = kWorkload,
           .only_for = {"lognormal"}}),
      field<&C::distribution, &DistributionSpec::scale>(
          {.path = "<distribution>.scale",
           .type = P::kDuration,
           .min = 0,
           .min_exclusive = true,
           .help = "pareto: scale x_m (the smallest value).",
           .source = kWorkload,
           .only_for = {"pareto"},
           .required_for = {"pareto"}}),
      field<&C::distribution, &DistributionSpec::shape>(
          {.path = "<distribution>.shape",
           .type = P::kNumber,
           .min = 0,
           .min_exclusive = true,
           .help = "pareto: shape alpha (the mean is infinite when alpha <= 1).",
           .source = kWorkload,
           .only_for = {"pareto"},
           .required_for = {"pareto"}}),
      field<&C::distribution, &DistributionSpec::samples>(
          {.path = "<distribution>.samples",
           .type = P::kDurationList,
           .help = "empirical: values resampled uniformly, e.g. [10ms, 12ms, 40ms].",
           .source = kWorkload,
           .only_for = {"empirical"},
           .required_for = {"empirical"},
           .min_entries = 1}),
  };
}

std::vector<ParamSpec> build_table() {
  std::vector<ParamSpec> t;
  for (std::vector<ParamSpec> rows :
       {document_rows(), account_rows(), pricing_rows(), function_rows(), arrival_rows(),
        variant_rows(), sweep_rows(), distribution_rows()}) {
    t.insert(t.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  }
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
  // The parts' own rows (param_parts.hpp), after the core's.
  for (const PartParamRows& part : part_param_rows()) {
    if (std::none_of(t.begin(), t.end(),
                     [&](const ParamSpec& p) { return p.path == part.before; })) {
      throw std::logic_error("part " + std::string(part.part) + ": no row " +
                             std::string(part.before) + " to insert its rows before");
    }
    insert_before(part.before, part.rows());
  }
  for (ParamSpec& row : t) fill_unit(row);
  return t;
}

}  // namespace

const std::vector<ParamSpec>& param_table() {
  static const std::vector<ParamSpec> kTable = build_table();
  return kTable;
}

namespace {

// Lookups by pattern, built once from the table: the walker asks for a row,
// a section's children or a map's entry row at every node, and scanning the
// ~400 rows each time made a 10,000-function scenario take seconds.
struct ParamIndex {
  std::unordered_map<std::string_view, const ParamSpec*> by_path;  // first row of a path
  std::unordered_map<std::string_view, std::vector<const ParamSpec*>> children;
  std::unordered_map<std::string_view, const ParamSpec*> entry;  // named map -> `<name>` row
};

const ParamIndex& param_index() {
  static const ParamIndex kIndex = [] {
    ParamIndex index;
    for (const ParamSpec& p : param_table()) {
      index.by_path.emplace(p.path, &p);
      if (p.path.empty()) continue;
      const std::string_view parent = param_parent(p.path);
      const std::string_view key = param_key(p.path);
      if (key.front() == '<') index.entry.emplace(parent, &p);
      if (key.front() == '<' || key.ends_with("[]")) continue;  // entries, items, pseudo-roots
      index.children[parent].push_back(&p);
    }
    return index;
  }();
  return kIndex;
}

}  // namespace

const ParamSpec* find_param(std::string_view pattern) {
  const auto& by_path = param_index().by_path;
  const auto it = by_path.find(pattern);
  return it == by_path.end() ? nullptr : it->second;
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
  const auto& children = param_index().children;
  const auto it = children.find(pattern);
  return it == children.end() ? std::vector<const ParamSpec*>{} : it->second;
}

const ParamSpec* param_entry(const ParamSpec& container) {
  if (container.type == ParamType::kList) {
    return find_param(std::string(container.path) + "[]");
  }
  if (container.type != ParamType::kNamedMap) return nullptr;
  const auto& entry = param_index().entry;
  const auto it = entry.find(container.path);
  return it == entry.end() ? nullptr : it->second;
}

namespace {

// The row that `key` names inside `row` (whose pattern is `pattern`), or its
// item row when the segment has an index (`key[1]`); nullptr when none.
const ParamSpec* segment_row(const ParamSpec& row, const std::string& pattern, std::string_view key,
                             bool indexed) {
  const ParamSpec* child = nullptr;
  if (row.type == ParamType::kNamedMap) {
    child = param_entry(row);
  } else if (row.type == ParamType::kDistribution) {
    child = find_param(std::string(kDistributionPattern) + "." + std::string(key));
  } else if (row.type == ParamType::kSection) {
    child = find_param(pattern.empty() ? std::string(key) : pattern + "." + std::string(key));
  }
  if (child == nullptr || !indexed) return child;
  if (child->type != ParamType::kList) return nullptr;
  return param_entry(*child);
}

}  // namespace

std::string param_pattern_of(std::string_view concrete_path) {
  std::string pattern;
  const ParamSpec* row = find_param("");
  std::size_t pos = 0;
  while (pos <= concrete_path.size() && row != nullptr) {
    std::size_t end = concrete_path.find('.', pos);
    if (end == std::string_view::npos) end = concrete_path.size();
    const std::string_view segment = concrete_path.substr(pos, end - pos);
    const std::size_t bracket = segment.find('[');
    const std::string_view key = segment.substr(0, bracket);
    if (key.empty()) return {};
    row = segment_row(*row, pattern, key, bracket != std::string_view::npos);
    if (row == nullptr) return {};
    pattern = std::string(row->path);
    pos = end + 1;
    if (end == concrete_path.size()) break;
  }
  return row == nullptr ? std::string() : pattern;
}

}  // namespace lambdasim
