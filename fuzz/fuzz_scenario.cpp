// libFuzzer target: arbitrary bytes through load -> explain -> a short run ->
// every writer (fuzz_pipeline.hpp). Built by the `fuzz` preset (clang,
// -fsanitize=fuzzer,address,undefined); run by tools/fuzz.sh and, bounded, by
// tools/test.sh. Traces named by inputs are looked up in tests/data/scenarios.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string kBaseDir = LAMBDASIM_SOURCE_DIR "/tests/data/scenarios";
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer's bytes as text
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  lambdasim::fuzz::run_pipeline(input, kBaseDir);
  return 0;
}
