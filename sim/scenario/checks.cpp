#include "scenario/checks.hpp"

#include <fmt/format.h>

#include "lambdasim/scenario/units.hpp"
#include "scenario/param_parts.hpp"

namespace lambdasim {
namespace {

void check_account(const Scenario& s, Walker& w) {
  const AccountConfig& a = s.model.account;
  const std::string unreserved = "spec.account.unreserved_minimum";
  const std::string concurrency = "spec.account.concurrency";
  if (w.failed(unreserved) || w.failed(concurrency)) return;
  if (a.unreserved_minimum > a.concurrency_limit) {
    w.error(w.location_of(unreserved), unreserved,
            fmt::format("unreserved_minimum ({}) exceeds the account concurrency ({})",
                        a.unreserved_minimum, a.concurrency_limit));
    return;
  }
  // AWS keeps unreserved_minimum out of reach of reserved concurrency and of
  // provisioned concurrency on functions without reserved concurrency.
  const long limit = static_cast<long>(a.concurrency_limit) - a.unreserved_minimum;
  long total = 0;
  for (const FunctionConfig& f : s.model.functions) {
    const std::string base = "spec.functions." + f.name;
    if (w.failed(base + ".reserved_concurrency") || w.failed(base + ".provisioned_concurrency")) {
      return;
    }
    total += f.reserved_concurrency ? *f.reserved_concurrency : f.provisioned_concurrency;
    if (total > limit) {
      const std::string key =
          base + (f.reserved_concurrency ? ".reserved_concurrency" : ".provisioned_concurrency");
      w.error(w.location_of(key), key,
              fmt::format("functions reserve {} (reserved concurrency, or provisioned where none "
                          "is reserved) but at most {} may be: concurrency ({}) minus "
                          "unreserved_minimum ({})",
                          total, limit, a.concurrency_limit, a.unreserved_minimum));
      return;
    }
  }
}

void check_function(const Scenario& s, const FunctionConfig& f, Walker& w) {
  const std::string base = "spec.functions." + f.name;
  const std::string provisioned = base + ".provisioned_concurrency";
  if (f.reserved_concurrency && f.provisioned_concurrency > *f.reserved_concurrency &&
      !w.failed(provisioned) && !w.failed(base + ".reserved_concurrency")) {
    w.error(w.location_of(provisioned), provisioned,
            fmt::format("provisioned concurrency ({}) exceeds the function's reserved concurrency "
                        "({})",
                        f.provisioned_concurrency, *f.reserved_concurrency));
  }
  const std::string backoff = base + ".async.throttle_backoff_initial";
  if (f.async.throttle_backoff_initial > f.async.throttle_backoff_max && !w.failed(backoff) &&
      !w.failed(base + ".async.throttle_backoff_max")) {
    w.error(w.location_of(backoff), backoff,
            fmt::format("throttle_backoff_initial ({}) exceeds throttle_backoff_max ({})",
                        format_duration(f.async.throttle_backoff_initial),
                        format_duration(f.async.throttle_backoff_max)));
  }
  if (f.arrivals.empty() && !w.failed(base)) {
    w.warning(w.location_of(base), base, "no arrivals: this function gets no traffic");
  }
  if (f.provisioned_concurrency > 0 && f.provisioned_start >= s.run.horizon &&
      w.present(base + ".provisioned_at")) {
    w.warning(w.location_of(base + ".provisioned_at"), base + ".provisioned_at",
              "provisioned concurrency is configured after the horizon: it never takes effect");
  }
  for (std::size_t i = 0; i < f.arrivals.size(); ++i) {
    const ArrivalConfig& a = f.arrivals[i];
    const std::string item = fmt::format("{}.arrivals[{}]", base, i);
    if (w.failed(item)) continue;
    if (a.kind == ArrivalKind::kSine && a.amplitude_per_s > a.rate_per_s) {
      w.error(w.location_of(item + ".amplitude"), item + ".amplitude",
              fmt::format("sine: amplitude ({}) exceeds the mean rate ({}): the rate would go "
                          "negative",
                          format_rate(a.amplitude_per_s), format_rate(a.rate_per_s)));
    }
    if (a.at >= s.run.horizon && w.present(item + ".at")) {
      w.warning(w.location_of(item + ".at"), item + ".at",
                fmt::format("starts at {}, at or after the horizon ({}): it never fires",
                            format_duration(a.at), format_duration(s.run.horizon)));
    }
  }
}

void check_settings(const Scenario& s, Walker& w) {
  const std::string interval = "spec.timeseries_interval";
  if (s.run.timeseries_interval > s.run.horizon && !w.failed(interval) &&
      !w.failed("spec.horizon")) {
    w.error(
        w.location_of(interval), interval,
        fmt::format("timeseries_interval ({}) is longer than the horizon ({})",
                    format_duration(s.run.timeseries_interval), format_duration(s.run.horizon)));
  }
  const AccountConfig& a = s.model.account;
  const bool legacy = a.scaling == ScalingModel::kLegacy;
  for (const char* key : {"legacy_burst", "legacy_increase"}) {
    const std::string path = std::string("spec.account.") + key;
    if (!legacy && w.present(path)) {
      w.warning(w.location_of(path), path, "has no effect with scaling: current");
    }
  }
  for (const char* key : {"scaling_environments", "scaling_window"}) {
    const std::string path = std::string("spec.account.") + key;
    if (legacy && w.present(path)) {
      w.warning(w.location_of(path), path, "has no effect with scaling: legacy");
    }
  }
  if (a.region != "us-east-1" && w.present("spec.account.region") &&
      !w.present("spec.account.azs")) {
    w.warning(w.location_of("spec.account.region"), "spec.account.azs",
              fmt::format("azs default to us-east-1's (use1-az1, use1-az2, use1-az4); set the AZ "
                          "ids of {}",
                          a.region));
  }
}

}  // namespace

void check_scenario(const Scenario& s, Walker& w) {
  check_settings(s, w);
  check_account(s, w);
  for (const FunctionConfig& f : s.model.functions) check_function(s, f, w);
  check_network(s, w);
  run_part_checks(s, w);  // the parts' own (param_parts.hpp)
}

}  // namespace lambdasim
