// The lambdasim executable end to end: exit codes, diagnostics on stderr,
// JSON on stdout, the files of `run --out` and `compare --out`, results that
// do not depend on the thread count, logging (-v, --log-level) and --help on
// every subcommand. Each test runs the real binary (LAMBDASIM_CLI) with output
// redirected to files. Tests that run replications on threads are [threads].
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "golden.hpp"

namespace {

namespace fs = std::filesystem;
using lambdasim::testing::cli;
using lambdasim::testing::CliResult;
using lambdasim::testing::files_in;
using lambdasim::testing::parse_json;
using lambdasim::testing::quote;
using lambdasim::testing::read_text;
using lambdasim::testing::TempDir;
using lambdasim::testing::write_text;
using nlohmann::json;

const std::string kRoot = LAMBDASIM_SOURCE_DIR;
const std::string kSteady = kRoot + "/scenarios/steady-api.yaml";
const std::string kVariants = kRoot + "/scenarios/vpc-client-endpoint.yaml";
const std::string kVpc = kRoot + "/tests/data/golden/explain_tiny.yaml";
// Short runs: every CLI run here simulates at most one minute.
const std::string kShort = " --set horizon=1m";

const std::string kValidHead =
    "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  horizon: 1m\n"
    "  functions:\n    api:\n";

}  // namespace

TEST_CASE("cli: a valid run exits 0 and prints a table", "[cli]") {
  const CliResult r = cli("run " + quote(kSteady) + kShort);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("api") != std::string::npos);
  CHECK(r.err.empty());
}

TEST_CASE("cli: bad input exits 2", "[cli]") {
  const TempDir dir;

  SECTION("a missing file") {
    const CliResult r = cli("run " + quote(dir / "nope.yaml"));
    CHECK(r.code == 2);
    CHECK(r.err.find("nope.yaml") != std::string::npos);
    CHECK(r.out.empty());
  }
  SECTION("a YAML syntax error, reported at file:line:col") {
    const std::string file = dir / "syntax.yaml";
    write_text(file, kValidHead + "      memory: [1024MiB\n");
    for (const char* cmd : {"run", "validate", "explain", "compare"}) {
      INFO(cmd);
      const CliResult r = cli(std::string(cmd) + " " + quote(file));
      INFO(r.err);
      CHECK(r.code == 2);
      CHECK(std::regex_search(r.err, std::regex("syntax\\.yaml:[0-9]+:[0-9]+: error")));
    }
  }
  SECTION("an unknown key, reported at its line:col") {
    const std::string file = dir / "unknown.yaml";
    write_text(file,
               kValidHead + "      memry: 512MiB\n      arrivals: [{dist: poisson, rate: 1/s}]\n");
    const CliResult v = cli("validate " + quote(file));
    INFO(v.err);
    CHECK(v.code == 2);
    CHECK(v.err.find("unknown.yaml:8:7: error") != std::string::npos);
    CHECK(v.err.find("memry") != std::string::npos);
    CHECK(v.out.find(": ok") == std::string::npos);
    const CliResult run = cli("run " + quote(file));
    CHECK(run.code == 2);
    CHECK(run.out.empty());
  }
  SECTION("a bad --set value") {
    const CliResult r = cli("run " + quote(kSteady) + " --set functions.api.memory=lots");
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find("<--set #1 'functions.api.memory=lots'>:1:22: error:") != std::string::npos);
    CHECK(r.out.empty());
  }
  SECTION("a --set without '='") {
    const CliResult r = cli("run " + quote(kSteady) + " --set horizon");
    INFO(r.err);
    CHECK(r.code == 2);
  }
  SECTION("a --set of an unknown key") {
    const CliResult r = cli("run " + quote(kSteady) + " --set functions.api.memry=512MiB");
    INFO(r.err);
    CHECK(r.code == 2);
  }
  SECTION("an unknown flag") {
    const CliResult r = cli("run " + quote(kSteady) + " --frobnicate");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
  }
  SECTION("--replications 0") {
    const CliResult r = cli("run " + quote(kSteady) + kShort + " --replications 0");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
  }
  SECTION("an unknown --format") {
    const CliResult r = cli("run " + quote(kSteady) + kShort + " --format yaml");
    CHECK(r.code == 2);
  }
  SECTION("no subcommand, or an unknown one") {
    CHECK(cli("").code == 2);
    CHECK(cli("frobnicate").code == 2);
  }
}

TEST_CASE("cli: validate", "[cli]") {
  const TempDir dir;
  SECTION("a valid scenario: ok on stdout, exit 0") {
    const CliResult r = cli("validate " + quote(kSteady));
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find(": ok") != std::string::npos);
  }
  SECTION("every error at once, each at file:line:col") {
    const std::string file = dir / "two.yaml";
    write_text(file, kValidHead + "      memry: 512MiB\n      timeout: forever\n");
    const CliResult r = cli("validate " + quote(file));
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find("two.yaml:8:7: error") != std::string::npos);
    CHECK(r.err.find("two.yaml:9:") != std::string::npos);
  }
  SECTION("--format json gives the diagnostics as JSON") {
    const std::string file = dir / "bad.yaml";
    write_text(file, kValidHead + "      memry: 512MiB\n");
    const CliResult r = cli("validate --format json " + quote(file));
    CHECK(r.code == 2);
    const json j = parse_json(r.out);
    CHECK(!j.empty());
  }
  SECTION("explain's warnings are warnings, not errors") {
    const CliResult r = cli("validate " + quote(kVpc));
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("warning") != std::string::npos);
    CHECK(r.err.find("unreachable") != std::string::npos);
  }
}

TEST_CASE("cli: run --format json prints one JSON document", "[cli][threads]") {
  SECTION("one replication") {
    const CliResult r = cli("run " + quote(kVpc) + kShort + " --format json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json j = parse_json(r.out);
    for (const char* key :
         {"lambdasim_version", "scenario", "end_s", "total", "functions", "network", "faults"}) {
      INFO(key);
      CHECK(j.contains(key));
    }
    CHECK(j["scenario"]["name"] == "explain-tiny");
    // A whole number of seconds prints as one (not 60.00000000000001).
    CHECK(j["scenario"]["horizon_s"] == 60.0);
    CHECK(j["end_s"] == 60.0);
    CHECK(j["functions"].contains("api"));
    CHECK(j["functions"].contains("reporter"));
    CHECK(j["total"]["invocations"].get<long>() > 0);
  }
  SECTION("several replications") {
    const CliResult r = cli("run " + quote(kSteady) + kShort + " --format json -r 2");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json j = parse_json(r.out);
    // The same keys as one run's document (issue 11: total no longer
    // disappears with -r > 1), the tree holding means.
    const json one = parse_json(cli("run " + quote(kSteady) + kShort + " --format json").out);
    std::vector<std::string> keys;
    std::vector<std::string> one_keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    for (const auto& [k, v] : one.items()) one_keys.push_back(k);
    CHECK(keys == one_keys);
    CHECK(j["replications"] == 2);
    CHECK(one["replications"] == 1);
    CHECK(!j.contains("runs"));
    CHECK(j["metrics"].contains("total.attempts"));
    CHECK(j["total"]["attempts"].get<double>() ==
          j["metrics"]["total.attempts"]["mean"].get<double>());
    CHECK(one["metrics"]["total.attempts"]["half_width"].is_null());
    CHECK(one["metrics"]["total.attempts"]["mean"] == one["total"]["attempts"]);
  }
}

TEST_CASE("cli: run --out writes exactly its seven files", "[cli]") {
  const TempDir dir;
  const std::string out = dir / "out";  // created by run
  const CliResult r = cli("run " + quote(kVpc) + kShort + " --format json --out " + quote(out));
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(files_in(out) == std::set<std::string>{"aggregate.csv", "explain.json", "manifest.json",
                                               "report.html", "results.csv", "summary.json",
                                               "timeseries.csv"});

  const json summary = parse_json(read_text(fs::path(out) / "summary.json"));
  CHECK(summary == parse_json(r.out));

  const json manifest = parse_json(read_text(fs::path(out) / "manifest.json"));
  CHECK(manifest.contains("scenario"));
  CHECK(manifest.contains("seed"));
  CHECK(manifest["replications"] == 1);
  CHECK(manifest["files"] ==
        json::array({"summary.json", "results.csv", "aggregate.csv", "timeseries.csv",
                     "manifest.json", "explain.json", "report.html"}));
  CHECK(manifest["kind"] == "run");
  CHECK(manifest["variants"] == json::array({"base"}));
  CHECK(manifest["points"].size() == 1);
  // The store: every flattened metric of the one run, long format.
  const std::string results = read_text(fs::path(out) / "results.csv");
  CHECK(results.rfind("point,variant,replication,metric,value\n0,base,0,total.attempts,", 0) == 0);
  CHECK(read_text(fs::path(out) / "aggregate.csv")
            .rfind("point,variant,metric,mean,half_width,stddev,n\n0,base,total.attempts,", 0) ==
        0);
  CHECK(manifest["command_line"].get<std::string>().find("--out") != std::string::npos);

  const std::string csv = read_text(fs::path(out) / "timeseries.csv");
  const auto lines = std::count(csv.begin(), csv.end(), '\n');
  CHECK(lines == 61);  // a header and one row per second of the minute
  CHECK(csv.rfind("t_start", 0) == 0);

  SECTION("a second run into the same directory replaces the files, no temporaries left") {
    const CliResult again = cli("run " + quote(kVpc) + kShort + " --seed 5 --out " + quote(out));
    INFO(again.err);
    REQUIRE(again.code == 0);
    CHECK(files_in(out) == std::set<std::string>{"aggregate.csv", "explain.json", "manifest.json",
                                                 "report.html", "results.csv", "summary.json",
                                                 "timeseries.csv"});
    CHECK(parse_json(read_text(fs::path(out) / "manifest.json"))["seed"] == 5);
  }
}

TEST_CASE("cli: results do not depend on the thread count or the run",
          "[cli][determinism][threads]") {
  const std::string base = "run " + quote(kSteady) + kShort + " --replications 3";
  SECTION("--jobs 1 and --jobs 2 print the same table and JSON") {
    const CliResult one = cli(base + " --jobs 1");
    const CliResult two = cli(base + " --jobs 2");
    REQUIRE(one.code == 0);
    REQUIRE(two.code == 0);
    CHECK(!one.out.empty());
    CHECK(one.out == two.out);
    const CliResult one_json = cli(base + " --jobs 1 --format json");
    const CliResult two_json = cli(base + " --jobs 2 --format json");
    REQUIRE(one_json.code == 0);
    CHECK(one_json.out == two_json.out);
  }
  SECTION("two runs write the same summary.json") {
    const TempDir dir;
    const std::string a = dir / "a";
    const std::string b = dir / "b";
    const std::string once = "run " + quote(kVpc) + kShort + " --out ";
    REQUIRE(cli(once + quote(a)).code == 0);
    REQUIRE(cli(once + quote(b)).code == 0);
    const std::string sa = read_text(fs::path(a) / "summary.json");
    CHECK(!sa.empty());
    CHECK(sa == read_text(fs::path(b) / "summary.json"));
    CHECK(read_text(fs::path(a) / "timeseries.csv") == read_text(fs::path(b) / "timeseries.csv"));
  }
}

TEST_CASE("cli: schema", "[cli]") {
  const CliResult j = cli("schema --format json");
  REQUIRE(j.code == 0);
  CHECK(!parse_json(j.out).empty());
  const CliResult text = cli("schema");
  CHECK(text.code == 0);
  CHECK(text.out.find("horizon") != std::string::npos);
  const CliResult md = cli("schema --format markdown");
  CHECK(md.code == 0);
  CHECK(md.out.find("| `horizon` |") != std::string::npos);
}

TEST_CASE("cli: explain on a VPC scenario", "[cli][explain]") {
  SECTION("text") {
    const CliResult r = cli("explain " + quote(kVpc));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("function api") != std::string::npos);
    CHECK(r.out.find("priv-a -> web: nat") != std::string::npos);
    CHECK(r.out.find("unreachable") != std::string::npos);
  }
  SECTION("json") {
    const CliResult r = cli("explain --format json " + quote(kVpc));
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json j = parse_json(r.out);
    for (const char* key : {"eni_model", "functions", "subnets", "nat_connections", "warnings",
                            "hyperplane_enis_total", "per_execution_enis_total"}) {
      INFO(key);
      CHECK(j.contains(key));
    }
    REQUIRE(j["functions"].size() == 2);
    CHECK(j["functions"][0]["name"] == "api");
    CHECK(j["functions"][0]["hyperplane_enis"] == 2);
    CHECK(j["subnets"].size() == 2);
  }
  SECTION("--set applies before the analysis") {
    const CliResult r =
        cli("explain --format json " + quote(kVpc) + " --set functions.api.memory=1024MiB");
    REQUIRE(r.code == 0);
    CHECK(parse_json(r.out)["functions"][0]["per_execution_envs_per_eni"] == 3);
  }
}

TEST_CASE("cli: compare", "[cli][compare][threads]") {
  SECTION("a scenario with variants: exit 0, a table") {
    const CliResult r = cli("compare " + quote(kVariants) + kShort + " -r 2 --jobs 2");
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("endpoint") != std::string::npos);
    CHECK(r.out.find("via-nat") != std::string::npos);
  }
  SECTION("--out writes compare.json and compare.csv") {
    const TempDir dir;
    const std::string out = dir / "cmp";
    const CliResult r =
        cli("compare " + quote(kVariants) + kShort + " -r 2 --format json --out " + quote(out));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(files_in(out) == std::set<std::string>{"aggregate.csv", "compare.csv", "compare.json",
                                                 "explain.json", "manifest.json", "report.html",
                                                 "results.csv", "timeseries-endpoint.csv",
                                                 "timeseries-via-nat.csv",
                                                 "timeseries-via-nat-unclosed.csv"});
    const json j = parse_json(read_text(fs::path(out) / "compare.json"));
    CHECK(j == parse_json(r.out));
    // The results store, as run writes it: each variant's replications.
    const json manifest = parse_json(read_text(fs::path(out) / "manifest.json"));
    CHECK(manifest["kind"] == "compare");
    CHECK(manifest["variants"] == j["variants"]);
    const std::string results = read_text(fs::path(out) / "results.csv");
    CHECK(results.find("\n0,via-nat,1,total.attempts,") != std::string::npos);
    const std::string aggregate = read_text(fs::path(out) / "aggregate.csv");
    CHECK(aggregate.find("\n0,via-nat-unclosed,total.attempts,") != std::string::npos);
    CHECK(j["variants"] == json::array({"endpoint", "via-nat", "via-nat-unclosed"}));
    CHECK(j["replications"] == 2);
    CHECK(j["metrics"].contains("total.attempts"));
    const std::string csv = read_text(fs::path(out) / "compare.csv");
    CHECK(csv.rfind("metric,variant,", 0) == 0);
    CHECK(csv.find("total.attempts,via-nat,") != std::string::npos);
  }
  SECTION("--variants picks some; an unknown name is bad input") {
    const CliResult some = cli("compare " + quote(kVariants) + kShort + " --variants via-nat");
    INFO(some.err);
    CHECK(some.code == 0);
    const CliResult bad = cli("compare " + quote(kVariants) + kShort + " --variants nope");
    CHECK(bad.code == 2);
    CHECK(bad.err.find("nope") != std::string::npos);
  }
  SECTION("a scenario without variants exits 2 and says why") {
    const CliResult r = cli("compare " + quote(kSteady) + kShort);
    CHECK(r.code == 2);
    CHECK(r.err.find("variants") != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: compare runs every shipped scenario that has variants", "[cli][compare][threads]") {
  // Each variant is the base scenario plus its own overrides only: another
  // variant's keys must not be checked against it (one-az edits
  // functions.api.vpc.subnets, service-vpc sets functions.api.vpc: none).
  std::vector<std::string> with_variants;
  for (const auto& entry : fs::directory_iterator(fs::path(kRoot) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    if (read_text(entry.path()).find("\n  variants:") == std::string::npos) continue;
    with_variants.push_back(entry.path().string());
  }
  std::sort(with_variants.begin(), with_variants.end());
  CHECK(with_variants.size() >= 3);
  for (const std::string& file : with_variants) {
    const CliResult r = cli("compare " + quote(file) + kShort + " -r 2 --format json");
    INFO(file << "\n" << r.err);
    CHECK(r.code == 0);
    if (r.code == 0) CHECK(parse_json(r.out).contains("variants"));
  }
}

TEST_CASE("cli: --help on every subcommand exits 0", "[cli]") {
  for (const char* cmd : {"", "run ", "validate ", "explain ", "compare ", "schema "}) {
    INFO(cmd);
    const CliResult r = cli(std::string(cmd) + "--help");
    CHECK(r.code == 0);
    CHECK(r.out.find("--help") != std::string::npos);
  }
  const CliResult v = cli("--version");
  CHECK(v.code == 0);
  CHECK(v.out.find("lambdasim") != std::string::npos);
}

TEST_CASE("cli: -v logs the run on stderr, stdout unchanged", "[cli][log][threads]") {
  const std::string run = "run " + quote(kSteady) + kShort + " -r 2";
  const CliResult quiet = cli(run);
  REQUIRE(quiet.code == 0);
  CHECK(quiet.err.empty());
  for (const std::string& verbose : {run + " -v", "--verbose " + run, run + " --log-level info"}) {
    INFO(verbose);
    const CliResult r = cli(verbose);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out == quiet.out);
    CHECK(r.err.find("[info] scenario loaded: " + kSteady) != std::string::npos);
    CHECK(r.err.find("horizon 1m") != std::string::npos);
    CHECK(r.err.find("[info] runs started: 2 x") != std::string::npos);
    CHECK(std::regex_search(r.err, std::regex("\\[info\\] runs finished: 2 x .* events/s")));
    CHECK(r.err.find("[debug]") == std::string::npos);
  }
  SECTION("--log-level debug adds the debug lines") {
    const TempDir dir;
    const CliResult r = cli(run + " --log-level debug --out " + quote(dir / "out"));
    REQUIRE(r.code == 0);
    CHECK(r.err.find("[debug] wrote ") != std::string::npos);
    CHECK(r.err.find("[info] runs finished") != std::string::npos);
  }
}

TEST_CASE("cli: every subcommand works with -v and logs nothing at --log-level off",
          "[cli][log][threads]") {
  const std::vector<std::string> commands = {
      "run " + quote(kVpc) + kShort,
      "validate " + quote(kVpc),
      "explain " + quote(kVpc),
      "compare " + quote(kVariants) + kShort + " --variants via-nat",
      "schema",
  };
  for (const std::string& command : commands) {
    INFO(command);
    const CliResult plain = cli(command);
    REQUIRE(plain.code == 0);
    const CliResult verbose = cli(command + " -v");
    INFO(verbose.err);
    CHECK(verbose.code == 0);
    CHECK(verbose.out == plain.out);
    if (command != "schema") CHECK(verbose.err.find("[info] scenario loaded") != std::string::npos);
    // Off silences the log, not the output: validate's warnings still print.
    const CliResult off = cli(command + " -v --log-level off");
    CHECK(off.code == 0);
    CHECK(off.out == plain.out);
    CHECK(off.err == plain.err);
    CHECK(off.err.find("[info]") == std::string::npos);
  }
}

TEST_CASE("cli: a bad --log-level exits 2 and names the levels", "[cli][log]") {
  const CliResult r = cli("--log-level loud run " + quote(kSteady) + kShort);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("--log-level") != std::string::npos);
  CHECK(r.err.find("loud") != std::string::npos);
  CHECK(r.err.find("debug") != std::string::npos);
}
