// `lambdasim sweep` and `lambdasim merge` end to end on a shipped sweep:
// the store is the same bytes on 1 or 2 threads, from shards merged, and
// after --resume; --ci-target adds replications until the target is met.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace {

namespace fs = std::filesystem;
using lambdasim::testing::cli;
using lambdasim::testing::CliResult;
using lambdasim::testing::files_in;
using lambdasim::testing::parse_json;
using lambdasim::testing::quote;
using lambdasim::testing::read_text;
using lambdasim::testing::TempDir;

const std::string kSweep = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/subnet-size-sweep.yaml";

std::map<std::string, std::string> store(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const std::string& name : files_in(dir)) out[name] = read_text(dir / name);
  return out;
}

}  // namespace

TEST_CASE("cli: sweep writes one store whatever the threads, shards or resumption",
          "[cli][sweep][threads]") {
  const TempDir dir;
  const std::string base = "sweep " + quote(kSweep) + " -r 2 --quiet";
  const CliResult one = cli(base + " -j 1 --out " + quote(dir / "one"));
  INFO(one.err);
  REQUIRE(one.code == 0);
  CHECK(files_in(dir / "one") ==
        std::set<std::string>{"aggregate.csv", "manifest.json", "results.csv", "summary.json"});
  CHECK(one.out.find("10.0.0.0/27") != std::string::npos);  // a row per point
  const auto expected = store(dir / "one");
  const nlohmann::json manifest = parse_json(expected.at("manifest.json"));
  CHECK(manifest["kind"] == "sweep");
  CHECK(manifest["points"].size() == 5);
  CHECK(parse_json(expected.at("summary.json"))["cells"].size() == 5);

  REQUIRE(cli(base + " -j 2 --out " + quote(dir / "two")).code == 0);
  CHECK(store(dir / "two") == expected);

  REQUIRE(cli(base + " --shard 1/2 --out " + quote(dir / "s1")).code == 0);
  REQUIRE(cli(base + " --shard 2/2 --out " + quote(dir / "s2")).code == 0);
  CHECK(store(dir / "s1") != expected);
  const CliResult merged =
      cli("merge " + quote(dir / "s2") + " " + quote(dir / "s1") + " --out " + quote(dir / "m"));
  INFO(merged.err);
  REQUIRE(merged.code == 0);
  CHECK(store(dir / "m") == expected);
  // A shard missing, or given twice: refused.
  CHECK(cli("merge " + quote(dir / "s1") + " --out " + quote(dir / "x")).code == 2);
  CHECK(cli("merge " + quote(dir / "s1") + " " + quote(dir / "s1") + " --out " + quote(dir / "x"))
            .code == 2);

  REQUIRE(cli("sweep " + quote(kSweep) + " -r 1 --quiet --out " + quote(dir / "r")).code == 0);
  const CliResult resumed = cli("-v " + base + " --resume --out " + quote(dir / "r"));
  REQUIRE(resumed.code == 0);
  CHECK(resumed.err.find("5 runs simulated, 5 reused") != std::string::npos);
  CHECK(store(dir / "r") == expected);
  // Another experiment's store (another seed) is not resumed.
  CHECK(cli(base + " --seed 9 --resume --out " + quote(dir / "r")).code == 2);
}

TEST_CASE("cli: sweep --ci-target adds replications until the half-width is met", "[cli][sweep]") {
  const CliResult r = cli("sweep " + quote(kSweep) +
                          " --quiet --format json --ci-target total.success_rate:0.5% "
                          "--max-replications 12");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const nlohmann::json j = parse_json(r.out);
  bool some_more = false;
  for (const auto& cell : j["cells"]) {
    const auto& m = cell["metrics"]["total.success_rate"];
    const std::size_t n = cell["replications"].get<std::size_t>();
    some_more = some_more || n > 2;
    CHECK(n <= 12);
    if (n < 12) {
      CHECK(m["half_width"].get<double>() <= 0.005 * std::abs(m["mean"].get<double>()));
    }
  }
  CHECK(some_more);
  CHECK(cli("sweep " + quote(kSweep) + " --ci-target nope:1%").code == 2);
  CHECK(cli("sweep " + quote(kSweep) + " --shard 3/2").code == 2);
  // A scenario without spec.sweep.
  CHECK(cli("sweep " + quote(std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/steady-api.yaml"))
            .code == 2);
}
