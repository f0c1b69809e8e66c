// The loader alone: a shipped scenario's text through parse, validation,
// cross-key checks and variants, as the fuzz_load target runs it (issue 13
// asks for 10^7 of its executions). items_per_second = scenarios loaded per
// second of wall time.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "lambdasim/scenario/loader.hpp"

namespace lambdasim {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_LoadScenario(benchmark::State& state) {
  const char* names[] = {"steady-api", "az-outage-designs", "nat-port-exhaustion"};
  const std::string text =
      read_all(std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/" + names[state.range(0)] + ".yaml");
  for (auto _ : state) {
    const LoadResult r = load_scenario_text(text, "bench.yaml", "/nonexistent");
    benchmark::DoNotOptimize(r.scenario.has_value());
  }
  state.SetLabel(names[state.range(0)]);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_LoadScenario)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lambdasim

BENCHMARK_MAIN();
