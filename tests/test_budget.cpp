// The resource budget (issue 13): expected arrivals, kept time-series rows,
// trace instants, the async backlog and memory, each refused over its limit
// with a message at the key that drives it; and memory flat in the horizon
// when nobody asks for the time series.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include <string>

#include "cli_support.hpp"
#include "lambdasim/experiment/budget.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/report/budget_report.hpp"
#include "lambdasim/scenario/loader.hpp"

namespace {

using namespace lambdasim;
using lambdasim::testing::cli;
using lambdasim::testing::CliResult;
using lambdasim::testing::quote;
using lambdasim::testing::TempDir;
using lambdasim::testing::write_text;

Scenario load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "b.yaml", "");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

// horizon, then a function `api` with the given arrivals line(s) and extra keys.
std::string scenario(const std::string& horizon, const std::string& arrivals,
                     const std::string& extra = "", const std::string& spec_extra = "") {
  return "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: b}\nspec:\n  horizon: " +
         horizon + "\n" + spec_extra + "  functions:\n    api:\n" + extra + "      arrivals:\n" +
         arrivals;
}

}  // namespace

TEST_CASE("budget: expected arrivals follow rate x time inside the horizon", "[budget]") {
  SECTION("poisson over the horizon, times replications") {
    const Scenario s = load(scenario("60s", "        - {dist: poisson, rate: 100/s}\n"));
    const ResourceBudget b = estimate_budget(s, RunShape{3, 1, TimeSeriesKeep::kNone});
    CHECK(b.arrivals == Approx(18000));
    CHECK(b.arrivals_key == "spec.functions.api.arrivals[0].rate");
    CHECK(b.timeseries_rows == 60);
  }
  SECTION("a window cut by the horizon, and a ramp") {
    const Scenario s = load(scenario("60s",
                                     "        - {dist: burst, rate: 1000/s, at: 50s, for: 30s}\n"
                                     "        - {dist: ramp, rate: 0/s, to: 100/s, for: 60s}\n"));
    const ResourceBudget b = estimate_budget(s, RunShape{});
    // 10 s of the burst inside the horizon, and the ramp's mean 50/s for 60 s.
    CHECK(b.arrivals == Approx(10000 + 3000));
    CHECK(b.arrivals_key == "spec.functions.api.arrivals[0].rate");
  }
  SECTION("the async backlog at worst: rate x the shorter of max age and horizon") {
    const Scenario s = load(scenario("1h", "        - {dist: poisson, rate: 10/s}\n",
                                     "      invocation: async\n"
                                     "      async: {max_event_age: 60s}\n"));
    const ResourceBudget b = estimate_budget(s, RunShape{});
    CHECK(b.async_backlog_peak == Approx(600));
  }
}

TEST_CASE("budget: each limit refuses at the key that drives it", "[budget]") {
  SECTION("arrivals: a rate typo") {
    const Scenario s = load(scenario("1h", "        - {dist: poisson, rate: 10000000/s}\n"));
    const ResourceBudget b = estimate_budget(s, RunShape{});
    CHECK(b.arrivals == Approx(3.6e10));
    const std::vector<Diagnostic> d = check_budget(s, b, BudgetLimits{});
    REQUIRE(d.size() == 1);
    CHECK(d[0].path == "spec.functions.api.arrivals[0].rate");
    CHECK(d[0].line == 9);
    CHECK(d[0].message.find("3.6e+10 arrivals") != std::string::npos);
    CHECK(d[0].message.find("--force") != std::string::npos);
  }
  SECTION("memory: kept time-series rows at a tiny interval") {
    const Scenario s = load(scenario("1000000s", "        - {dist: poisson, rate: 0.01/s}\n", "",
                                     "  timeseries_interval: 1ms\n"));
    const ResourceBudget kept = estimate_budget(s, RunShape{1, 1, TimeSeriesKeep::kAll});
    CHECK(kept.timeseries_rows == Approx(1e9));
    const std::vector<Diagnostic> d = check_budget(s, kept, BudgetLimits{});
    REQUIRE(d.size() == 1);
    CHECK(d[0].path == "spec.timeseries_interval");
    CHECK(d[0].line == 6);
    CHECK(d[0].message.find("time-series rows") != std::string::npos);
    // Not kept (no --out): the same run fits.
    const ResourceBudget none = estimate_budget(s, RunShape{1, 1, TimeSeriesKeep::kNone});
    CHECK(check_budget(s, none, BudgetLimits{}).empty());
    CHECK(none.memory_bytes < 10e6);
    // Streamed: one chunk at a time.
    const ResourceBudget streamed = estimate_budget(s, RunShape{1, 1, TimeSeriesKeep::kStream});
    CHECK(check_budget(s, streamed, BudgetLimits{}).empty());
  }
  SECTION("memory: an async backlog") {
    const Scenario s = load(scenario("4s", "        - {dist: poisson, rate: 10000000/s}\n",
                                     "      invocation: async\n"));
    const ResourceBudget b = estimate_budget(s, RunShape{});
    CHECK(b.async_backlog_peak == Approx(4e7));
    const std::vector<Diagnostic> d = check_budget(s, b, BudgetLimits{});
    REQUIRE(d.size() == 1);
    CHECK(d[0].path == "spec.functions.api.arrivals[0].rate");
    CHECK(d[0].message.find("async backlog") != std::string::npos);
  }
  SECTION("memory: histograms of many functions, on several threads") {
    std::string yaml =
        "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: b}\nspec:\n"
        "  horizon: 1m\n  functions:\n";
    for (int i = 0; i < 300; ++i) {
      yaml += "    f" + std::to_string(i) + ": {arrivals: [{dist: poisson, rate: 1/s}]}\n";
    }
    const Scenario s = load(yaml);
    const ResourceBudget one = estimate_budget(s, RunShape{4, 1, TimeSeriesKeep::kNone});
    const ResourceBudget four = estimate_budget(s, RunShape{4, 4, TimeSeriesKeep::kNone});
    CHECK(four.memory_bytes == Approx(4 * one.memory_bytes));
    BudgetLimits limits;
    limits.max_memory_bytes = std::int64_t{512} << 20;
    CHECK(check_budget(s, one, limits).empty());  // ~0.5 GB
    const std::vector<Diagnostic> d = check_budget(s, four, limits);
    REQUIRE(d.size() == 1);
    CHECK(d[0].path == "spec.functions");
    CHECK(d[0].message.find("duration histograms") != std::string::npos);
  }
}

TEST_CASE("budget: explain shows it, run refuses over it unless --force", "[budget][cli]") {
  const TempDir dir;
  const std::string file = dir / "b.yaml";
  write_text(file, scenario("10s", "        - {dist: poisson, rate: 100/s}\n"));

  const CliResult text = cli("explain " + quote(file));
  CHECK(text.code == 0);
  CHECK(text.out.find("Resource budget") != std::string::npos);
  CHECK(text.out.find("~1000 (limit") != std::string::npos);
  const CliResult json = cli("explain --format json " + quote(file));
  REQUIRE(json.code == 0);
  CHECK(lambdasim::testing::parse_json(json.out)["budget"]["arrivals"] == 1000.0);

  const CliResult refused = cli("run " + quote(file) + " --max-arrivals 500");
  CHECK(refused.code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("b.yaml:9:") != std::string::npos);
  CHECK(refused.err.find("spec.functions.api.arrivals[0].rate") != std::string::npos);
  const CliResult forced = cli("run " + quote(file) + " --max-arrivals 500 --force");
  CHECK(forced.code == 0);
  CHECK(forced.err.find("--force") != std::string::npos);
  CHECK(cli("run " + quote(file) + " --max-memory 512KiB").code == 2);
  CHECK(cli("run " + quote(file) + " --max-memory lots").code == 2);
}

TEST_CASE("budget: memory stays flat in the horizon without --out", "[budget][cli][slow]") {
  // 10^6 s at the default 1 s buckets: 10^6 rows are computed (fault recovery
  // reads them) but none is kept. Measured as the child's peak RSS (wait4).
  const TempDir dir;
  const std::string file = dir / "long.yaml";
  write_text(file, scenario("1000000s", "        - {dist: poisson, rate: 0.01/s}\n"));
  const std::string out = dir / "stdout";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (std::freopen(out.c_str(), "w", stdout) == nullptr) ::_exit(126);
    ::execl(LAMBDASIM_CLI, "lambdasim", "run", file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  INFO("peak RSS " << usage.ru_maxrss << " KiB");
  CHECK(usage.ru_maxrss > 0);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // Shadow memory and quarantine add their own; still far from the 775 MB
  // the rows took when they were kept.
  CHECK(usage.ru_maxrss < 200 * 1024);
#else
  CHECK(usage.ru_maxrss < 50 * 1024);  // ru_maxrss is in KiB
#endif
}
