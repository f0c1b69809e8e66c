// Checks of an arrival's `source` (the caller): a VPC client names both its
// VPC and its subnet, and retry numbers do nothing without a retry mode.
// Registered with the loader's checks (param_parts.hpp).
#include <string>

#include <fmt/format.h>

#include "scenario/param_parts.hpp"

namespace lambdasim {
namespace {

void check_source(const FunctionConfig& f, std::size_t i, Walker& w) {
  const InvocationSourceConfig& src = *f.arrivals[i].source;
  const std::string base = fmt::format("spec.functions.{}.arrivals[{}].source", f.name, i);
  if (src.vpc.empty() != src.subnet.empty()) {
    const std::string given = base + (src.vpc.empty() ? ".subnet" : ".vpc");
    w.error(w.location_of(given), given,
            "a client inside a VPC names both `vpc` and `subnet` (neither: a client on the "
            "internet)");
  }
  if (src.retries.mode == RetryMode::kNone) {
    for (const char* key : {"max_attempts", "base", "cap"}) {
      const std::string path = fmt::format("{}.retries.{}", base, key);
      if (!w.present(path)) continue;
      w.warning(w.location_of(path), path,
                "ignored: retries.mode is none (every attempt is final); set a mode");
    }
    return;
  }
  const InvocationType type = f.arrivals[i].invocation.value_or(f.invocation);
  if (type == InvocationType::kAsync && src.vpc.empty()) {
    const std::string path = base + ".retries";
    w.warning(w.location_of(path), path,
              "an asynchronous invocation is queued by Lambda (202): the SDK could only retry "
              "a connection error, and a client on the internet meets none in the model");
  }
}

void check_sources(const Scenario& s, Walker& w) {
  for (const FunctionConfig& f : s.model.functions) {
    for (std::size_t i = 0; i < f.arrivals.size(); ++i) {
      if (f.arrivals[i].source) check_source(f, i, w);
    }
  }
}

[[maybe_unused]] const bool kRegistered = register_check("client_source", &check_sources);

}  // namespace
}  // namespace lambdasim
