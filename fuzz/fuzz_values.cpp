// libFuzzer target: the small parsers that take user text directly, the unit
// parsers (durations, sizes, memory, rates, bandwidth, fractions, numbers)
// and the `--set` parser; each must answer a value or a message, never throw.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/units.hpp"

namespace {

// A parse that fails must say why; one that succeeds must say nothing.
template <class Result>
void check(const Result& r) {
  if (static_cast<bool>(r) == !r.error.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lambdasim;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer's bytes as text
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check(parse_duration(input));
  check(parse_size(input));
  check(parse_memory_mib(input));
  check(parse_rate(input));
  check(parse_bandwidth(input));
  check(parse_fraction(input));
  check(parse_int(input));
  check(parse_uint64(input));
  check(parse_number(input));
  std::string error;
  if (!parse_override(input, &error) && error.empty()) __builtin_trap();
  return 0;
}
