// The test runner: Catch2's main, with the library's log (spdlog's default
// logger, info by default) at warn, as the CLI sets it, so the runner's
// "runs started/finished" lines do not mix into the test output.
#define CATCH_CONFIG_RUNNER
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  spdlog::set_level(spdlog::level::warn);
  return Catch::Session().run(argc, argv);
}
