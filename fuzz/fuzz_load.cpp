// libFuzzer target: arbitrary bytes through the loader alone (parse,
// validate, cross-key checks, variants), the fastest target, for long runs
// (issue 13 asks for 10^7 executions of it). No trace file is readable.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lambdasim/scenario/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer's bytes as text
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lambdasim::LoadResult r = lambdasim::load_scenario_text(input, "fuzz.yaml", "/nonexistent");
  // A loaded scenario has no error, and an error means no scenario.
  if (r.scenario.has_value() == lambdasim::has_errors(r.diagnostics)) __builtin_trap();
  return 0;
}
