// tools/bench_compare.py end to end, on stand-in "benchmarks": shell scripts
// that print Google Benchmark's console lines, so the table's figures are
// known. Needs /usr/bin/python3 and taskset (util-linux), as the script does.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "golden.hpp"

namespace fs = std::filesystem;

namespace {

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const std::string kScript = std::string(LAMBDASIM_SOURCE_DIR) + "/tools/bench_compare.py";

// A stand-in benchmark printing one result line per run, its rate taken in
// turn from `rates` (a counter file remembers the run number).
std::string fake_benchmark(const fs::path& dir, const std::string& name, const std::string& rates) {
  const fs::path script = dir / name;
  std::ofstream out(script);
  out << "#!/bin/sh\n"
      << "n=$(cat " << (dir / (name + ".n")).string() << " 2>/dev/null || echo 0)\n"
      << "echo $((n + 1)) > " << (dir / (name + ".n")).string() << "\n"
      << "set -- " << rates << "\n"
      << "shift $((n % $#))\n"
      << "echo \"BM_Fake/60   100 ms   100 ms   3 items_per_second=${1}M/s rss_mb=5.5\"\n";
  out.close();
  fs::permissions(script, fs::perms::owner_all);
  return script.string();
}

}  // namespace

TEST_CASE("bench_compare.py tabulates alternating runs", "[tools]") {
  const fs::path dir =
      fs::temp_directory_path() / ("lambdasim_bench_compare_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string a = fake_benchmark(dir, "a", "2.0 4.0 3.0 5.0");
  const std::string b = fake_benchmark(dir, "b", "6.0");
  const fs::path table = dir / "table.md";
  REQUIRE(run("/usr/bin/python3 " + kScript + " --rounds 4 " + a + " " + b + " > " +
              table.string()) == 0);
  const std::string text = lambdasim::testing::read_text(table);
  // a ran 2, 4, 3, 5: median 3.50, range 2.00-5.00, three runs >= 3M.
  CHECK(text.find("| `BM_Fake/60` | " + a + " | 4 | 3.50 |") != std::string::npos);
  CHECK(text.find("| 2.00-5.00 | 3/4 | 5.5 MB |") != std::string::npos);
  CHECK(text.find("| `BM_Fake/60` | " + b + " | 4 | 6.00 |") != std::string::npos);
  CHECK(text.find("| 6.00-6.00 | 4/4 |") != std::string::npos);

  // A failing binary or bad flags: exit code 2, a message, no table.
  CHECK(run("/usr/bin/python3 " + kScript + " --rounds 2 " + (dir / "missing").string() +
            " >/dev/null 2>&1") == 2);
  CHECK(run("/usr/bin/python3 " + kScript + " --rounds 1 " + a + " >/dev/null 2>&1") == 2);
  fs::remove_all(dir);
}
