#include "lambdasim/model/lambda_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>
#include <string>

#include "lambdasim/kernel/invariant.hpp"
#include "lambdasim/model/counters.hpp"
#include "network_model.hpp"

namespace lambdasim {

namespace {

SimTime saturating_add(SimTime a, SimTime b) {
  if (b > kTimeZero && a > kTimeInfinity - b) return kTimeInfinity;
  return a + b;
}

std::uint64_t pack(std::uint32_t index, std::uint32_t generation) {
  return (static_cast<std::uint64_t>(generation) << 32) | index;
}
std::uint32_t index_of(std::uint64_t packed) {
  return static_cast<std::uint32_t>(packed);
}
std::uint32_t generation_of(std::uint64_t packed) {
  return static_cast<std::uint32_t>(packed >> 32);
}

// A retrying caller's attempt, carried by its sync invocation and its retry
// event: the source in the high 24 bits, the attempt number (1..255) below.
constexpr std::uint32_t kMaxAttemptBits = 8;
std::uint32_t client_tag(std::uint32_t source, std::uint32_t attempt) {
  return (source << kMaxAttemptBits) | attempt;
}
std::uint32_t tag_source(std::uint32_t tag) {
  return tag >> kMaxAttemptBits;
}
std::uint32_t tag_attempt(std::uint32_t tag) {
  return tag & ((1U << kMaxAttemptBits) - 1);
}

// What the AWS SDKs retry (docs/aws-facts.md#sdk-retries-standard): throttles
// (429), 5xx answers and connection errors (no answer at all). Not a 409
// (function not ready) nor a function error, timeout included: those are a
// 200 with X-Amz-Function-Error, an answer the SDK hands to the caller.
bool sdk_retries(Outcome o, bool connection) {
  if (connection) return true;
  const OutcomeInfo& info = outcome_info(o);
  return info.throttle || info.http_status >= 500;
}

// Written only when some source retries, so that other runs keep their outputs.
bool has_client_retries(const ModelConfig& config) {
  for (const FunctionConfig& fc : config.functions) {
    for (const ArrivalConfig& ac : fc.arrivals) {
      if (ac.source && client_retry_policy(ac.source->retries).max_attempts > 1) return true;
    }
  }
  return false;
}

constexpr int kClientJsonRank = 1;  // after the function's own figures

const CounterId kClientRetries =
    declare_counter({.name = "client_retries",
                     .json_path = "client.retries",
                     .help = "retries the callers' SDKs sent (attempts after the first: the "
                             "attempts Lambda saw = arrivals + retries)",
                     .scope = CounterScope::kFunction,
                     .json_rank = kClientJsonRank,
                     .part = "client_retries",
                     .present = &has_client_retries});
const CounterId kClientGiveUps =
    declare_counter({.name = "client_give_ups",
                     .json_path = "client.give_ups",
                     .help = "callers whose SDK gave up: their last allowed attempt failed with "
                             "an error it retries (throttle, 5xx, no connection)",
                     .scope = CounterScope::kFunction,
                     .json_rank = kClientJsonRank,
                     .part = "client_retries",
                     .present = &has_client_retries});

}  // namespace

bool LambdaModel::TokenBucket::take(SimTime now) {
  if (now > last) {
    tokens = std::min(capacity, tokens + to_seconds(now - last) * refill_per_s);
    last = now;
  }
  if (tokens < 1.0) return false;
  tokens -= 1.0;
  return true;
}

LambdaModel::LambdaModel(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
                         std::uint64_t seed, std::uint64_t replication)
    : sim_(sim),
      config_(config),
      observer_(observer),
      net_(std::make_unique<NetworkModel>(sim, config, observer, seed, replication)) {
  const AccountConfig& account = config.account;

  // Request rate: AWS allows 10 x concurrency requests per second. A bucket of
  // one second's worth lets a burst through at the start of each second.
  const double account_rate = account.request_rate_per_s.value_or(10.0 * account.concurrency_limit);
  account_rate_ = TokenBucket{account_rate, account_rate, account_rate, kTimeZero};

  int reserved_total = 0;
  functions_.reserve(config.functions.size());
  for (std::size_t i = 0; i < config.functions.size(); ++i) {
    const FunctionConfig& fc = config.functions[i];
    const std::string base = "function/" + fc.name + "/";
    FunctionState fs;
    fs.config = &fc;
    fs.duration_rng = Rng::for_entity(seed, replication, base + "duration");
    fs.init_rng = Rng::for_entity(seed, replication, base + "init");
    fs.error_rng = Rng::for_entity(seed, replication, base + "error");
    fs.keep_alive_rng = Rng::for_entity(seed, replication, base + "keep_alive");
    fs.placement_rng = Rng::for_entity(seed, replication, base + "placement");
    fs.calls_rng = Rng::for_entity(seed, replication, base + "calls");
    fs.warm_reuse_rng = Rng::for_entity(seed, replication, base + "warm_reuse");
    fs.warm_reuse = fc.warm_reuse;
    fs.network_checks = fc.vpc.has_value() || fc.deployed_at.has_value();
    fs.has_calls = !fc.calls.empty();
    fs.network_environment_state = net_->keeps_environment_state(static_cast<FunctionIndex>(i));
    if (fc.reserved_concurrency) {
      fs.reserved = true;
      fs.reserved_limit = *fc.reserved_concurrency;
      reserved_total += fs.reserved_limit;
      const double rate = 10.0 * fs.reserved_limit;
      fs.reserved_rate = TokenBucket{rate, rate, rate, kTimeZero};
    }
    const double envs = account.scaling_environments;
    fs.scaling = TokenBucket{envs, envs, envs / to_seconds(account.scaling_window), kTimeZero};
    functions_.push_back(fs);

    add_sources(static_cast<FunctionIndex>(i), base, seed, replication);
  }
  unreserved_limit_ = account.concurrency_limit - reserved_total;
  legacy_burst_ = account.legacy_burst.value_or(legacy_burst_for_region(account.region));

  ev_arrival_ = sim_.register_method<&LambdaModel::on_arrival>(this);
  ev_complete_ = sim_.register_method<&LambdaModel::on_complete>(this);
  ev_handler_ = sim_.register_method<&LambdaModel::on_handler>(this);
  ev_keep_alive_ = sim_.register_method<&LambdaModel::on_keep_alive>(this);
  ev_async_attempt_ = sim_.register_method<&LambdaModel::on_async_attempt>(this);
  ev_provisioned_ready_ = sim_.register_method<&LambdaModel::on_provisioned_ready>(this);
  ev_fault_begin_ = sim_.register_method<&LambdaModel::on_fault_begin>(this);
  ev_fault_end_ = sim_.register_method<&LambdaModel::on_fault_end>(this);
  ev_az_detected_ = sim_.register_method<&LambdaModel::on_az_detected>(this);
  // Registered last: the other event types keep their numbers.
  ev_client_retry_ = sim_.register_method<&LambdaModel::on_client_retry>(this);
  fault_rng_ = Rng::for_entity(seed, replication, "faults/environments");
}

void LambdaModel::add_sources(FunctionIndex f, const std::string& base, std::uint64_t seed,
                              std::uint64_t replication) {
  const FunctionConfig& fc = config_.functions[f];
  for (std::size_t k = 0; k < fc.arrivals.size(); ++k) {
    const ArrivalConfig& ac = fc.arrivals[k];
    sources_.push_back(ArrivalSource{
        .function = f,
        .config = &ac,
        .type = ac.invocation.value_or(fc.invocation),
        .window_end = saturating_add(ac.at, ac.duration),
        .index = 0,
        .client_subnet = ac.source ? ac.source->subnet_index : kNone,
        .client_bytes = ac.source ? ac.source->payload_bytes + ac.source->response_bytes : 0,
        .client_hold = ac.source ? ac.source->connection_hold : kTimeZero,
        .rng = Rng::for_entity(seed, replication, base + "arrivals/" + std::to_string(k)),
        .retry = ac.source ? client_retry_policy(ac.source->retries) : ClientRetryPolicy{},
        .retry_rng =
            Rng::for_entity(seed, replication, base + "arrivals/" + std::to_string(k) + "/retries"),
    });
    // The source's index must fit a client tag.
    assert(sources_.back().retry.max_attempts < (1 << kMaxAttemptBits) &&
           sources_.size() < (std::size_t{1} << (32 - kMaxAttemptBits)));
  }
}

LambdaModel::~LambdaModel() = default;

ResourceAudit LambdaModel::audit() const {
  ResourceAudit a;
  net_->audit(a);
  a.running = account_running_;
  for (const Environment& env : envs_) {
    if (env.state == EnvState::kFree) continue;
    ++a.environments;
    if (env.provisioned) ++a.provisioned_environments;
  }
  a.async_backlog = static_cast<std::int64_t>(async_live_);
  return a;
}

void LambdaModel::start() {
  net_->start();
  const auto& timeline = config_.faults.timeline;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const FaultConfig& fault = timeline[i];
    const SimTime begin = std::max(fault.at, sim_.now());
    const SimTime end = saturating_add(fault.at, fault.duration);
    sim_.post_at(begin, ev_fault_begin_, {.a = i});
    if (end != kTimeInfinity) sim_.post_at(std::max(end, begin), ev_fault_end_, {.a = i});
    const SimTime detected = saturating_add(begin, config_.faults.detection_delay);
    if (fault.kind == FaultKind::kAzOutage && detected < end) {
      sim_.post_at(detected, ev_az_detected_, {.a = i});
    }
  }
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const SimTime t = next_arrival(sources_[i], sim_.now());
    if (t != kTimeInfinity) sim_.post_at(t, ev_arrival_, {.a = i});
  }
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    const FunctionConfig& fc = *functions_[f].config;
    if (fc.provisioned_concurrency <= 0) continue;
    // AWS: allocation starts after a delay, proceeds at up to 6,000 per minute,
    // and none is usable until all are ready.
    const double alloc_s = 60.0 * fc.provisioned_concurrency / fc.provisioned_rate_per_min;
    const SimTime ready = fc.provisioned_start + fc.provisioned_delay + from_seconds(alloc_s);
    sim_.post_at(std::max(ready, sim_.now()), ev_provisioned_ready_, {.a = f});
  }
}

// ---------------------------------------------------------------- arrivals

double LambdaModel::rate_at(const ArrivalSource& src, SimTime t) const {
  const ArrivalConfig& c = *src.config;
  switch (c.kind) {
    case ArrivalKind::kRamp: {
      const double span = to_seconds(c.duration);
      const double x = span > 0 ? std::clamp(to_seconds(t - c.at) / span, 0.0, 1.0) : 1.0;
      return c.rate_per_s + (c.to_rate_per_s - c.rate_per_s) * x;
    }
    case ArrivalKind::kSine: {
      const double angle = 2.0 * std::numbers::pi * to_seconds(t + c.phase) / to_seconds(c.period);
      return std::max(0.0, c.rate_per_s + c.amplitude_per_s * std::sin(angle));
    }
    default:
      return c.rate_per_s;
  }
}

SimTime LambdaModel::next_arrival(ArrivalSource& src, SimTime after) {
  const ArrivalConfig& c = *src.config;
  const SimTime from = std::max(after, c.at);
  SimTime t = kTimeInfinity;
  switch (c.kind) {
    case ArrivalKind::kPoisson:
    case ArrivalKind::kBurst: {
      if (c.rate_per_s <= 0) return kTimeInfinity;
      t = from + from_seconds(standard_exponential(src.rng) / c.rate_per_s);
      break;
    }
    case ArrivalKind::kConstant: {
      if (c.rate_per_s <= 0) return kTimeInfinity;
      // Computed from the start, not accumulated, so rounding never drifts.
      t = c.at + from_seconds(static_cast<double>(src.index) / c.rate_per_s);
      ++src.index;
      break;
    }
    case ArrivalKind::kRamp:
    case ArrivalKind::kSine: {
      // Thinning (Lewis & Shedler): candidates at the peak rate, each kept
      // with probability rate(t) / peak.
      const double peak = c.kind == ArrivalKind::kRamp
                              ? std::max(c.rate_per_s, c.to_rate_per_s)
                              : c.rate_per_s + std::fabs(c.amplitude_per_s);
      if (peak <= 0) return kTimeInfinity;
      t = from;
      for (;;) {
        t = t + from_seconds(standard_exponential(src.rng) / peak);
        if (t >= src.window_end) return kTimeInfinity;
        if (src.rng.uniform01() * peak < rate_at(src, t)) break;
      }
      break;
    }
    case ArrivalKind::kTrace: {
      if (!c.trace || src.index >= c.trace->size()) return kTimeInfinity;
      t = c.at + (*c.trace)[src.index++];
      break;
    }
  }
  return t < src.window_end ? t : kTimeInfinity;
}

void LambdaModel::on_arrival(const EventArgs& args) {
  send_attempt(static_cast<std::uint32_t>(args.a), 1);
  const SimTime t = next_arrival(sources_[args.a], sim_.now());
  if (t != kTimeInfinity) sim_.post_at(t, ev_arrival_, args);
}

// Inlined into on_arrival: every arrival takes this path.
[[gnu::always_inline]] inline void LambdaModel::send_attempt(std::uint32_t s,
                                                             std::uint32_t attempt) {
  const ArrivalSource& src = sources_[s];
  const SimTime now = sim_.now();
  const bool retries = src.retry.max_attempts > 1;
  if (src.client_subnet != kNone) {  // a client inside a VPC: its route to the Lambda API
    const Outcome o = net_->client_request(src.client_subnet, src.client_bytes, src.client_hold);
    if (o != Outcome::kSuccess) {
      observer_.on_rejected(now, src.function, o, src.type);
      if (retries) client_failed(client_tag(s, attempt), o, /*connection=*/true);
      return;
    }
  }
  if (src.type == InvocationType::kSync) {
    const std::uint32_t tag = retries ? client_tag(s, attempt) : kNone;
    const Outcome o = try_start(src.function, InvocationType::kSync, now, tag);
    if (o != Outcome::kSuccess) {
      observer_.on_rejected(now, src.function, o, InvocationType::kSync);
      if (retries) client_failed(tag, o, /*connection=*/false);
    }
    return;
  }
  std::uint32_t id = free_async_;
  if (id != kNone) {
    free_async_ = async_[id].next_free;
  } else {
    id = static_cast<std::uint32_t>(async_.size());
    async_.emplace_back();
  }
  async_[id] = AsyncEvent{.function = src.function, .enqueued = now};
  ++async_live_;
  on_async_attempt({.a = id});
}

void LambdaModel::client_failed(std::uint32_t tag, Outcome o, bool connection) {
  if (!sdk_retries(o, connection)) return;
  const std::uint32_t s = tag_source(tag);
  const std::uint32_t attempt = tag_attempt(tag);
  ArrivalSource& src = sources_[s];
  if (static_cast<int>(attempt) >= src.retry.max_attempts) {
    observer_.on_count(sim_.now(), kClientGiveUps, src.function, 1);
    return;
  }
  // Full jitter: uniform(0, min(cap, base x 2^(retries so far))).
  const double ceiling_s =
      std::min(to_seconds(src.retry.cap),
               to_seconds(src.retry.base) * std::ldexp(1.0, static_cast<int>(attempt) - 1));
  const SimTime delay = from_seconds(src.retry_rng.uniform01() * ceiling_s);
  sim_.post_in(delay, ev_client_retry_, {.a = client_tag(s, attempt + 1)});
}

void LambdaModel::on_client_retry(const EventArgs& args) {
  const auto tag = static_cast<std::uint32_t>(args.a);
  observer_.on_count(sim_.now(), kClientRetries, sources_[tag_source(tag)].function, 1);
  send_attempt(tag_source(tag), tag_attempt(tag));
}

// ---------------------------------------------------------- invocation path

Outcome LambdaModel::admission(FunctionState& fs, bool needs_new_environment) {
  const SimTime now = sim_.now();
  // Reserved concurrency 0 throttles everything (docs/aws-facts.md#reserved-concurrency:
  // "0 stops every invocation"): the function may run nothing, so the refusal is the
  // concurrency limit, not its 10 x 0 request rate nor the account's rate.
  if (fs.reserved && fs.reserved_limit == 0) return Outcome::kThrottleReservedConcurrency;
  if (!account_rate_.take(now)) return Outcome::kThrottleAccountRate;
  if (fs.reserved) {
    if (!fs.reserved_rate.take(now)) return Outcome::kThrottleReservedRate;
    if (fs.running >= fs.reserved_limit) return Outcome::kThrottleReservedConcurrency;
  } else if (unreserved_running_ >= unreserved_limit_) {
    return Outcome::kThrottleAccountConcurrency;
  }
  if (!needs_new_environment) return Outcome::kSuccess;
  if (config_.account.scaling == ScalingModel::kCurrent) {
    if (!fs.scaling.take(now)) return Outcome::kThrottleScaling;
  } else {
    // Legacy: an account-wide burst, then +N per minute while the account
    // stays above the burst. AWS documents no decay; the episode ends when
    // concurrency falls back below the burst (sim/README.md).
    if (account_running_ >= legacy_burst_) {
      if (!legacy_episode_) {
        legacy_episode_ = true;
        legacy_episode_start_ = now;
      }
      const double ceiling = legacy_burst_ + config_.account.legacy_increase_per_min *
                                                 to_seconds(now - legacy_episode_start_) / 60.0;
      if (account_running_ >= ceiling) return Outcome::kThrottleScaling;
    }
  }
  return Outcome::kSuccess;
}

Outcome LambdaModel::try_start(FunctionIndex f, InvocationType type, SimTime request_time,
                               std::uint32_t async_event) {
  FunctionState& fs = functions_[f];
  if (fs.network_checks) {  // Pending, Failed or Inactive functions refuse first
    const Outcome ready = net_->readiness(f);
    if (ready != Outcome::kSuccess) return ready;
  }
  std::uint32_t env = fs.provisioned_head != kNone ? pick_idle(fs, fs.provisioned_head, true)
                                                   : pick_idle(fs, fs.idle_head, false);
  const Outcome admitted = admission(fs, env == kNone);
  if (admitted != Outcome::kSuccess) return admitted;
  const bool cold = env == kNone;
  SimTime eni_wait{};
  if (cold) {
    const NetworkModel::Placement p = net_->place(f, fs.placement_rng);
    if (p.refusal != Outcome::kSuccess) {
      // No environment was created: give the scaling token back.
      fs.scaling.tokens = std::min(fs.scaling.capacity, fs.scaling.tokens + 1.0);
      return p.refusal;
    }
    env = allocate_environment(f, false);
    Environment& e = envs_[env];
    e.az = p.az;
    e.subnet = p.subnet;
    e.slot = p.slot;
    e.eni = p.eni;
    eni_wait = p.delay;
  } else {
    // An impaired AZ fails a fraction of the invocations sent to it.
    if (net_->faults_active()) {
      const double severity = net_->az_severity(envs_[env].az);
      if (severity > 0 && (severity >= 1.0 || fault_rng_.uniform01() < severity)) {
        return Outcome::kAzFailure;
      }
    }
    unlink_idle(env);
  }
  begin_run(env, cold, type, request_time, async_event, eni_wait);
  return Outcome::kSuccess;
}

// Inlined into begin_run: it is on every invocation's path.
[[gnu::always_inline]] inline void LambdaModel::run_handler(std::uint32_t env_index,
                                                            SimTime delay) {
  Environment& env = envs_[env_index];
  FunctionState& fs = functions_[env.function];
  const FunctionConfig& fc = *fs.config;
  SimTime run = env.run_duration;  // the handler's own time
  if (fs.has_calls) {
    // Calls first, then the handler's own time; all within the timeout.
    const NetworkModel::CallsResult calls =
        net_->run_calls(env.function, env.slot, {.env = env_index, .eni = env.eni}, env.pooled,
                        fc.timeout, fs.calls_rng);
    env.calls_processed = calls.processed;
    if (calls.outcome != Outcome::kSuccess) {
      env.outcome = calls.outcome;
      run = calls.duration;
    } else {
      run += calls.duration;
    }
  }
  if (env.outcome == Outcome::kSuccess) {
    if (run >= fc.timeout) {
      run = fc.timeout;
      env.outcome = Outcome::kTimeout;
    } else if (fc.error_rate > 0 && fs.error_rng.uniform01() < fc.error_rate) {
      env.outcome = Outcome::kFunctionError;
    }
  }
  env.run_duration = run;
  sim_.post_in(delay + run, ev_complete_, {.a = pack(env_index, env.generation)});
}

void LambdaModel::begin_run(std::uint32_t env_index, bool cold, InvocationType type,
                            SimTime request_time, std::uint32_t async_event, SimTime setup_delay) {
  Environment& env = envs_[env_index];
  FunctionState& fs = functions_[env.function];
  const FunctionConfig& fc = *fs.config;
  env.state = EnvState::kBusy;
  env.cold = cold;
  env.type = type;
  env.async_event = async_event;
  env.request_time = request_time;
  // Init beyond the cap is cut at the cap (AWS then re-runs init inside the
  // invoke phase; we do not model that second attempt).
  env.init_duration =
      cold ? std::min(std::max(kTimeZero, fc.init.sample(fs.init_rng)), fc.init_cap) : kTimeZero;
  env.run_duration = std::max(kTimeZero, fc.duration.sample(fs.duration_rng));
  env.outcome = Outcome::kSuccess;
  env.calls_processed = 0;
  env.init_start = sim_.now() + setup_delay;
  ++fs.running;
  ++account_running_;
  if (!fs.reserved) ++unreserved_running_;
  observer_.on_started(sim_.now(), env.function, cold, env.provisioned);
  const SimTime before_handler = setup_delay + env.init_duration;
  if (fs.has_calls && before_handler > kTimeZero) {
    // The calls run after the ENI wait and init, and meet the faults, NAT
    // ports and pipes of that moment: one more event, for cold starts only.
    sim_.post_in(before_handler, ev_handler_, {.a = pack(env_index, env.generation)});
    return;
  }
  run_handler(env_index, before_handler);
}

void LambdaModel::on_handler(const EventArgs& args) {
  const std::uint32_t index = index_of(args.a);
  const Environment& env = envs_[index];
  if (env.generation != generation_of(args.a) || env.state != EnvState::kBusy) return;
  run_handler(index, kTimeZero);
}

Completion LambdaModel::end_run(std::uint32_t index, Outcome outcome, bool keep,
                                SimTime init_duration, SimTime run_duration) {
  Environment& env = envs_[index];
  FunctionState& fs = functions_[env.function];
  const SimTime now = sim_.now();
  if (fs.has_calls) net_->end_calls(env.function, env.slot, env.calls_processed);
  --fs.running;
  --account_running_;
  if (!fs.reserved) --unreserved_running_;
  LAMBDASIM_INVARIANT(fs.running >= 0 && account_running_ >= 0 && unreserved_running_ >= 0,
                      "running invocations went negative");
  if (legacy_episode_ && account_running_ < legacy_burst_) legacy_episode_ = false;
  Completion c{
      .function = env.function,
      .outcome = outcome,
      .type = env.type,
      .cold = env.cold,
      .provisioned = env.provisioned,
      .environment_kept = keep,
      .latency = now - env.request_time,
      .init_duration = init_duration,
      .run_duration = run_duration,
      .async_delay = kTimeZero,
  };
  if (env.type == InvocationType::kAsync) {
    c.async_delay = env.request_time - async_[env.async_event].enqueued;
  }
  observer_.on_completed(now, c);
  return c;
}

void LambdaModel::on_complete(const EventArgs& args) {
  const std::uint32_t index = index_of(args.a);
  Environment& env = envs_[index];
  if (env.generation != generation_of(args.a) || env.state != EnvState::kBusy) return;
  const bool keep = env.provisioned || sim_.now() < env.retire_at;
  // A sync invocation's outcome here is an answer the SDK does not retry.
  const std::uint32_t async_event = env.type == InvocationType::kAsync ? env.async_event : kNone;
  const Completion c = end_run(index, env.outcome, keep, env.init_duration, env.run_duration);
  if (keep) {
    make_idle(index);
  } else {
    env.state = EnvState::kIdle;  // destroy_environment expects a non-busy env
    destroy_environment(index);
  }

  if (async_event != kNone) {
    if (c.outcome == Outcome::kSuccess) {
      finish_async(async_event, Outcome::kSuccess);
    } else {
      retry_async(async_event, /*ran=*/true);
    }
  }
}

// -------------------------------------------------------------------- async

void LambdaModel::on_async_attempt(const EventArgs& args) {
  const auto id = static_cast<std::uint32_t>(args.a);
  AsyncEvent& ev = async_[id];
  const SimTime now = sim_.now();
  const FunctionConfig& fc = *functions_[ev.function].config;
  if (now - ev.enqueued >= fc.async.max_event_age) {
    // AWS sends an expired event, like one whose retries are exhausted, to
    // the on-failure destination (DLQ) when there is one; else it is dropped.
    finish_async(id, fc.async.on_failure == OnFailure::kDestination ? Outcome::kAsyncDestination
                                                                    : Outcome::kAsyncExpired);
    return;
  }
  const Outcome o = try_start(ev.function, InvocationType::kAsync, now, id);
  if (o == Outcome::kSuccess) return;
  observer_.on_rejected(now, ev.function, o, InvocationType::kAsync);
  retry_async(id, /*ran=*/false);
}

void LambdaModel::retry_async(std::uint32_t id, bool ran) {
  AsyncEvent& ev = async_[id];
  const AsyncConfig& ac = functions_[ev.function].config->async;
  const SimTime now = sim_.now();
  SimTime delay;
  if (ran) {
    // Function errors: up to max_retries more attempts, after 1 min then 2 min.
    if (static_cast<int>(ev.error_retries) >= ac.max_retries) {
      finish_async(id, ac.on_failure == OnFailure::kDestination ? Outcome::kAsyncDestination
                                                                : Outcome::kAsyncDropped);
      return;
    }
    delay = ev.error_retries == 0 ? ac.first_retry_delay : ac.second_retry_delay;
    ++ev.error_retries;
  } else {
    // Throttles and 5xx: back-off doubling from 1 s up to 5 min.
    const std::uint32_t exponent = std::min<std::uint32_t>(ev.throttles, 30);
    delay = std::min(ac.throttle_backoff_initial * (std::int64_t{1} << exponent),
                     ac.throttle_backoff_max);
    ++ev.throttles;
  }
  observer_.on_async_requeued(now, ev.function, ev.throttles + ev.error_retries == 1);
  const SimTime deadline = ev.enqueued + ac.max_event_age;
  sim_.post_at(std::min(now + delay, std::max(deadline, now)), ev_async_attempt_, {.a = id});
}

void LambdaModel::finish_async(std::uint32_t id, Outcome final_state) {
  AsyncEvent& ev = async_[id];
  const SimTime now = sim_.now();
  observer_.on_async_final(now, ev.function, final_state, now - ev.enqueued);
  ev.next_free = free_async_;
  free_async_ = id;
  --async_live_;
}

// ------------------------------------------------------------- environments

std::uint32_t LambdaModel::allocate_environment(FunctionIndex f, bool provisioned) {
  std::uint32_t index = free_env_;
  if (index != kNone) {
    free_env_ = envs_[index].next;
  } else {
    index = static_cast<std::uint32_t>(envs_.size());
    envs_.emplace_back();
    pool_entries_.emplace_back();
  }
  pool_entries_[index].created = ++environments_created_;
  Environment& env = envs_[index];
  FunctionState& fs = functions_[f];
  env.function = f;
  env.az = 0;
  env.subnet = kNone;
  env.slot = 0;
  env.eni = kNone;
  env.pooled = {};
  env.nat_idle_at = kTimeInfinity;
  env.calls_processed = 0;
  env.provisioned = provisioned;
  env.prev = env.next = kNone;
  env.timer_pending = false;
  env.timer_at = kTimeInfinity;
  env.expire_at = kTimeInfinity;
  env.retire_at = provisioned ? kTimeInfinity : saturating_add(sim_.now(), fs.config->max_lifetime);
  env.state = EnvState::kIdle;
  return index;
}

void LambdaModel::destroy_environment(std::uint32_t index) {
  Environment& env = envs_[index];
  env.timer_pending = false;  // its pending keep-alive event finds the generation changed
  if (env.eni != kNone) net_->release_eni_slot(env.eni);
  if (env.pooled.open > 0) net_->close_pooled(env.function, env.slot, env.pooled);
  if (functions_[env.function].network_environment_state) net_->environment_gone(index);
  env.state = EnvState::kFree;
  ++env.generation;
  env.next = free_env_;
  free_env_ = index;
}

void LambdaModel::make_idle(std::uint32_t index) {
  Environment& env = envs_[index];
  FunctionState& fs = functions_[env.function];
  env.state = EnvState::kIdle;
  std::uint32_t& head = env.provisioned ? fs.provisioned_head : fs.idle_head;
  env.prev = kNone;
  env.next = head;
  if (head != kNone) envs_[head].prev = index;
  head = index;
  if (fs.warm_reuse != WarmReuse::kMostRecentlyIdle) [[unlikely]] {
    pool_insert(env.provisioned ? fs.provisioned_pool : fs.idle_pool, fs.warm_reuse, index);
  }
  // Infinite unless a pooled connection goes through a NAT (saturating).
  env.nat_idle_at =
      env.pooled.open > 0
          ? saturating_add(sim_.now(), net_->pooled_nat_idle_timeout(env.function, env.slot))
          : kTimeInfinity;
  if (env.provisioned) {
    ++fs.idle_provisioned;
    // Provisioned environments stay until the configuration changes; only
    // their NAT connections time out.
    arm_timer(index);
    return;
  }
  ++fs.idle;
  const SimTime keep = std::max(kTimeZero, fs.config->keep_alive.sample(fs.keep_alive_rng));
  env.expire_at = std::min(saturating_add(sim_.now(), keep), env.retire_at);
  arm_timer(index);
}

void LambdaModel::unlink_idle(std::uint32_t index) {
  Environment& env = envs_[index];
  FunctionState& fs = functions_[env.function];
  std::uint32_t& head = env.provisioned ? fs.provisioned_head : fs.idle_head;
  if (env.prev != kNone) {
    envs_[env.prev].next = env.next;
  } else {
    head = env.next;
  }
  if (env.next != kNone) envs_[env.next].prev = env.prev;
  env.prev = env.next = kNone;
  if (fs.warm_reuse != WarmReuse::kMostRecentlyIdle) [[unlikely]] {
    pool_remove(env.provisioned ? fs.provisioned_pool : fs.idle_pool, fs.warm_reuse, index);
  }
  if (env.provisioned) {
    --fs.idle_provisioned;
  } else {
    --fs.idle;
  }
}

// AWS documents no order (docs/aws-facts.md#warm-reuse-order). The idle list
// is most-recently-idle first, so that policy is its head; the others keep a
// pool beside the list: O(log n) (heap) or O(1) (array) per change and pick.
std::uint32_t LambdaModel::pick_idle(FunctionState& fs, std::uint32_t head, bool provisioned) {
  if (head == kNone || fs.warm_reuse == WarmReuse::kMostRecentlyIdle) return head;
  const std::vector<std::uint32_t>& pool = provisioned ? fs.provisioned_pool : fs.idle_pool;
  if (fs.warm_reuse == WarmReuse::kNewestCreated) return pool.front();
  return pool[fs.warm_reuse_rng.below(pool.size())];
}

// Out of line: the default policy never calls them, and inlined they would
// slow make_idle and unlink_idle, which every invocation goes through.
[[gnu::noinline]] void LambdaModel::pool_insert(std::vector<std::uint32_t>& pool, WarmReuse policy,
                                                std::uint32_t index) {
  pool.push_back(index);  // grows only to the function's peak of idle environments
  pool_entries_[index].position = static_cast<std::uint32_t>(pool.size() - 1);
  if (policy == WarmReuse::kNewestCreated) heap_up(pool, pool.size() - 1);
}

[[gnu::noinline]] void LambdaModel::pool_remove(std::vector<std::uint32_t>& pool, WarmReuse policy,
                                                std::uint32_t index) {
  const std::size_t position = pool_entries_[index].position;
  pool_entries_[index].position = kNone;
  const std::uint32_t last = pool.back();
  pool.pop_back();
  if (position == pool.size()) return;  // it was the last
  heap_place(pool, position, last);     // the last fills the hole
  if (policy == WarmReuse::kNewestCreated) {
    heap_up(pool, position);
    heap_down(pool, pool_entries_[last].position);
  }
}

void LambdaModel::heap_place(std::vector<std::uint32_t>& pool, std::size_t position,
                             std::uint32_t index) {
  pool[position] = index;
  pool_entries_[index].position = static_cast<std::uint32_t>(position);
}

void LambdaModel::heap_up(std::vector<std::uint32_t>& pool, std::size_t position) {
  const std::uint32_t index = pool[position];
  const std::uint64_t key = pool_entries_[index].created;
  while (position > 0) {
    const std::size_t parent = (position - 1) / 2;
    if (pool_entries_[pool[parent]].created >= key) break;
    heap_place(pool, position, pool[parent]);
    position = parent;
  }
  heap_place(pool, position, index);
}

void LambdaModel::heap_down(std::vector<std::uint32_t>& pool, std::size_t position) {
  const std::uint32_t index = pool[position];
  const std::uint64_t key = pool_entries_[index].created;
  const std::size_t size = pool.size();
  while (true) {
    std::size_t child = 2 * position + 1;
    if (child >= size) break;
    if (child + 1 < size &&
        pool_entries_[pool[child + 1]].created > pool_entries_[pool[child]].created) {
      ++child;
    }
    if (pool_entries_[pool[child]].created <= key) break;
    heap_place(pool, position, pool[child]);
    position = child;
  }
  heap_place(pool, position, index);
}

// At most one idle timer event is current per environment, for the earlier
// of its keep-alive end and its NAT idle timeout: reusing a warm environment
// does not replace it; when it fires early, it re-arms for the current idle
// period. Only a pending timer later than the new deadline (a shorter random
// keep-alive) is superseded. Timers are posted, never cancelled: a stale one
// finds the generation or timer_at changed (at most one event per
// environment and time passes that check).
void LambdaModel::arm_timer(std::uint32_t index) {
  Environment& env = envs_[index];
  const SimTime deadline = std::min(env.expire_at, env.nat_idle_at);
  if (deadline == kTimeInfinity) return;
  if (env.timer_pending && env.timer_at <= deadline) return;
  // A later pending event is superseded, not cancelled: it finds timer_at
  // changed when it fires.
  env.timer_pending = true;
  env.timer_at = deadline;
  sim_.post_at(deadline, ev_keep_alive_, {.a = pack(index, env.generation)});
}

void LambdaModel::on_keep_alive(const EventArgs& args) {
  const std::uint32_t index = index_of(args.a);
  Environment& env = envs_[index];
  if (env.generation != generation_of(args.a)) return;           // destroyed since
  if (!env.timer_pending || sim_.now() != env.timer_at) return;  // superseded
  env.timer_pending = false;
  if (env.state != EnvState::kIdle) return;  // busy: re-armed when it goes idle
  if (sim_.now() >= env.nat_idle_at) {
    // Idle past the NAT's timeout: the NAT forgets the pooled connections (an
    // RST on their next use); the next invocation opens new ones.
    net_->expire_pooled_nat(env.function, env.slot, env.pooled);
    env.nat_idle_at = kTimeInfinity;
  }
  if (sim_.now() < env.expire_at) {
    arm_timer(index);
    return;
  }
  const FunctionIndex f = env.function;
  unlink_idle(index);
  destroy_environment(index);
  observer_.on_environment_removed(sim_.now(), f);
}

void LambdaModel::on_provisioned_ready(const EventArgs& args) {
  const auto f = static_cast<FunctionIndex>(args.a);
  const int count = functions_[f].config->provisioned_concurrency;
  for (int i = 0; i < count; ++i) {
    const NetworkModel::Placement p = net_->place(f, functions_[f].placement_rng);
    if (p.refusal != Outcome::kSuccess) continue;  // no ENI/IP for it: not provisioned
    const std::uint32_t index = allocate_environment(f, true);
    envs_[index].az = p.az;
    envs_[index].subnet = p.subnet;
    envs_[index].slot = p.slot;
    envs_[index].eni = p.eni;
    make_idle(index);
    observer_.on_environment_ready(sim_.now(), f, true);
  }
}

// ------------------------------------------------------------------- faults

void LambdaModel::on_fault_begin(const EventArgs& args) {
  const auto i = static_cast<std::uint32_t>(args.a);
  net_->fault_begin(i);
  observer_.on_fault(sim_.now(), i, true);
  const FaultConfig& fault = config_.faults.timeline[i];
  if (fault.kind == FaultKind::kAzOutage) kill_environments_in(fault.az_index, fault.severity);
}

void LambdaModel::on_fault_end(const EventArgs& args) {
  const auto i = static_cast<std::uint32_t>(args.a);
  net_->fault_end(i);
  observer_.on_fault(sim_.now(), i, false);
}

void LambdaModel::on_az_detected(const EventArgs& args) {
  net_->az_detected(static_cast<std::uint32_t>(args.a));
}

void LambdaModel::kill_environments_in(std::uint32_t az, double severity) {
  const SimTime now = sim_.now();
  for (std::uint32_t index = 0; index < envs_.size(); ++index) {
    Environment& env = envs_[index];
    if (env.state == EnvState::kFree || env.az != az) continue;
    if (severity < 1.0 && fault_rng_.uniform01() >= severity) continue;
    const FunctionIndex f = env.function;
    if (env.state == EnvState::kIdle) {
      unlink_idle(index);
      destroy_environment(index);
      observer_.on_environment_removed(now, f);
      continue;
    }
    // Busy: the invocation fails now; it is billed for the time it ran. Its
    // pending completion (or handler) event finds the generation changed.
    const SimTime elapsed = std::max(kTimeZero, now - env.init_start);
    const std::uint32_t tag = env.async_event;
    const bool async = env.type == InvocationType::kAsync;
    end_run(index, Outcome::kAzFailure, /*keep=*/false, std::min(env.init_duration, elapsed),
            std::max(kTimeZero, elapsed - env.init_duration));
    destroy_environment(index);
    if (async) {
      retry_async(tag, /*ran=*/false);  // a 5xx: back-off
    } else if (tag != kNone) {
      client_failed(tag, Outcome::kAzFailure, /*connection=*/false);  // the caller's SDK retries
    }
  }
}

}  // namespace lambdasim
