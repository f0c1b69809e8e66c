// libFuzzer target: the trace reader (both formats: timestamps, counts per
// interval) on arbitrary file contents, with a small arrival cap so that a
// counts file cannot ask for millions of instants.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/apply_context.hpp"
#include "scenario/trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lambdasim;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer's bytes as text
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::size_t kCap = 100'000;
  for (TraceFormat format : {TraceFormat::kTimestamps, TraceFormat::kCounts}) {
    const TraceLoad t = parse_trace_text(input, "t.csv", format, seconds(1),
                                         "spec.functions.f.arrivals[0].file", kCap);
    // Instants or errors, never both nor neither; within the cap, sorted.
    if ((t.instants != nullptr) == has_errors(t.diagnostics)) __builtin_trap();
    if (t.instants && t.instants->size() > kCap) __builtin_trap();
    if (t.instants && !std::is_sorted(t.instants->begin(), t.instants->end())) __builtin_trap();
  }
  return 0;
}
