// spec.sweep: the grid (its order and size), ranges read with the units of
// the key's type, explicit points, the Latin-hypercube sample (same seed,
// same points; one value per stratum), each validation error at its
// line:col, the caps, and a scenario loaded at a point.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/sweep.hpp"
#include "lambdasim/scenario/units.hpp"

using namespace lambdasim;

namespace {

// Eight lines; the sweep's keys start on line 10, column 5.
const std::string kBase =
    "apiVersion: lambdasim/v1\n"                       // 1
    "kind: Scenario\n"                                 // 2
    "metadata: {name: t}\n"                            // 3
    "spec:\n"                                          // 4
    "  functions:\n"                                   // 5
    "    api:\n"                                       // 6
    "      memory: 1GiB\n"                             // 7
    "      arrivals: [{dist: poisson, rate: 10/s}]\n"  // 8
    "  sweep:\n";                                      // 9

LoadResult load(const std::string& sweep, const std::vector<Override>& overrides = {}) {
  return load_scenario_text(kBase + sweep, "t.yaml", "", overrides);
}

SweepSpec sweep_of(const LoadResult& r) {
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  REQUIRE(r.scenario->sweep.has_value());
  return *r.scenario->sweep;
}

std::vector<std::string> errors(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.severity == Severity::kError) out.push_back(format_diagnostic(d));
  }
  return out;
}

// The only error of a load, formatted.
std::string only_error(const LoadResult& r) {
  INFO(format_diagnostics(r.diagnostics));
  const std::vector<std::string> e = errors(r);
  REQUIRE(e.size() == 1);
  return e.front();
}

std::vector<std::string> labels(const SweepSpec& s) {
  std::vector<std::string> out;
  for (const SweepPoint& p : s.points) out.push_back(p.label());
  return out;
}

const SweepAxis& axis(const SweepSpec& s, const std::string& name) {
  const auto it = std::find_if(s.axes.begin(), s.axes.end(),
                               [&](const SweepAxis& a) { return a.name == name; });
  REQUIRE(it != s.axes.end());
  return *it;
}

}  // namespace

TEST_CASE("sweep: the grid is every combination, first axis slowest", "[scenario][sweep]") {
  const LoadResult r = load(
      "    axes:\n"
      "      memory: {key: functions.api.memory, values: [512MiB, 1GiB, 2GiB]}\n"
      "      rate: {key: 'functions.api.arrivals[0].rate', values: [10/s, 20/s]}\n");
  const SweepSpec s = sweep_of(r);
  CHECK(s.mode == SweepMode::kGrid);
  REQUIRE(s.axes.size() == 2);
  CHECK(s.axes[0].name == "memory");
  CHECK(s.axes[0].key == "functions.api.memory");
  CHECK(s.axes[0].location.line == 11);
  CHECK(labels(s) == std::vector<std::string>{"memory=512MiB,rate=10/s", "memory=512MiB,rate=20/s",
                                              "memory=1GiB,rate=10/s", "memory=1GiB,rate=20/s",
                                              "memory=2GiB,rate=10/s", "memory=2GiB,rate=20/s"});
  for (std::size_t i = 0; i < s.points.size(); ++i) CHECK(s.points[i].index == i);
  // Each value knows where it is written: 2GiB on line 11, column 58.
  CHECK(s.points[4].locations.at(0).line == 11);
  CHECK(s.points[4].locations.at(0).column == 66);
  const std::vector<Override> o = point_overrides(s, s.points[3]);
  REQUIRE(o.size() == 2);
  CHECK(o[0].path == "functions.api.memory");
  CHECK(o[0].value == "1GiB");
  CHECK(o[1].path == "functions.api.arrivals[0].rate");
  CHECK(o[1].value == "20/s");
}

TEST_CASE("sweep: ranges are read in the units of the key's type", "[scenario][sweep]") {
  SECTION("memory, 128MiB to 1GiB by 128MiB: 8 values in MiB") {
    const SweepSpec s = sweep_of(
        load("    axes:\n"
             "      memory: {key: functions.api.memory, from: 128MiB, to: 1GiB, step: 128MiB}\n"));
    CHECK(s.axes[0].values == std::vector<std::string>{"128MiB", "256MiB", "384MiB", "512MiB",
                                                       "640MiB", "768MiB", "896MiB", "1024MiB"});
    CHECK(s.points.size() == 8);
  }
  SECTION("durations in mixed units, written in seconds") {
    const SweepSpec s = sweep_of(
        load("    axes:\n"
             "      duration: {key: functions.api.duration, from: 250ms, to: 1s, step: 0.25s}\n"));
    CHECK(s.axes[0].values == std::vector<std::string>{"0.25s", "0.5s", "0.75s", "1s"});
  }
  SECTION("rates in mixed units; `to` only when it falls on a step") {
    const SweepSpec& s = sweep_of(
        load("    axes:\n"
             "      rate: {key: 'functions.api.arrivals[0].rate', from: 100/s, to: 1000/s, "
             "step: 18000/m}\n"));
    // 100/s + 300/s steps: 100, 400, 700, 1000.
    CHECK(s.axes[0].values == std::vector<std::string>{"100/s", "400/s", "700/s", "1000/s"});
    const SweepSpec& t = sweep_of(
        load("    axes:\n"
             "      rate: {key: 'functions.api.arrivals[0].rate', from: 100/s, to: 1000/s, "
             "step: 400/s}\n"));
    CHECK(t.axes[0].values == std::vector<std::string>{"100/s", "500/s", "900/s"});
  }
  SECTION("real steps do not drift (0.1 + 0.2 is 0.3)") {
    const SweepSpec& s =
        sweep_of(load("    axes:\n"
                      "      amp: {key: 'functions.api.arrivals[0].rate', from: 0.1/s, to: 0.5/s, "
                      "step: 0.1/s}\n"));
    CHECK(s.axes[0].values ==
          std::vector<std::string>{"0.1/s", "0.2/s", "0.3/s", "0.4/s", "0.5/s"});
  }
  SECTION("integers") {
    const SweepSpec s = sweep_of(
        load("    axes:\n"
             "      conc: {key: account.concurrency, from: 1000, to: 3000, step: 1000}\n"));
    CHECK(s.axes[0].values == std::vector<std::string>{"1000", "2000", "3000"});
  }
  SECTION("a non-integral value for an integer parameter is refused, at its line:col") {
    CHECK(only_error(load("    axes:\n"
                          "      conc: {key: account.concurrency, from: 1.5, to: 3, step: 1}\n")) ==
          "t.yaml:11:46: error: spec.sweep.axes.conc.from: axis 'conc' from: expected an "
          "integer, got '1.5' (the type of account.concurrency)");
    CHECK(only_error(load("    axes:\n"
                          "      memory: {key: functions.api.memory, from: 128MiB, to: 1GiB, "
                          "step: 0.5MiB}\n")) ==
          "t.yaml:11:73: error: spec.sweep.axes.memory.step: axis 'memory' step: memory '0.5MiB' "
          "is not a whole number of MiB (the type of functions.api.memory)");
  }
}

TEST_CASE("sweep: each range value reads back exactly as it was made", "[scenario][sweep]") {
  const SweepSpec s = sweep_of(load(
      "    axes:\n"
      "      rate: {key: 'functions.api.arrivals[0].rate', from: 0.1/s, to: 3/s, step: 0.7/s}\n"
      "      duration: {key: functions.api.duration, from: 1ms, to: 2s, step: 333ms}\n"));
  const std::vector<std::string>& rates = axis(s, "rate").values;
  REQUIRE(rates.size() == 5);  // 0.1, 0.8, 1.5, 2.2, 2.9
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const auto v = parse_rate(rates[i]);
    REQUIRE(v);
    CHECK(std::abs(*v - (0.1 + 0.7 * static_cast<double>(i))) < 1e-12);
  }
  const std::vector<std::string>& timeouts = axis(s, "duration").values;
  REQUIRE(timeouts.size() == 7);  // 1ms, 334ms, ... 1999ms
  for (std::size_t i = 0; i < timeouts.size(); ++i) {
    const auto t = parse_duration(timeouts[i]);
    REQUIRE(t);
    CHECK((*t).count() == 1'000'000 + static_cast<std::int64_t>(i) * 333'000'000);
  }
  CHECK(timeouts.back() == "1.999s");
}

TEST_CASE("sweep: explicit points, in order, naming every axis", "[scenario][sweep]") {
  const SweepSpec& s =
      sweep_of(load("    axes:\n"
                    "      memory: {key: functions.api.memory}\n"
                    "      rate: {key: 'functions.api.arrivals[0].rate'}\n"
                    "    points:\n"
                    "      - {memory: 512MiB, rate: 5/s}\n"
                    "      - {rate: 7/s, memory: 2GiB}\n"
                    "      - {memory: 512MiB, rate: 9/s}\n"));
  CHECK(s.mode == SweepMode::kPoints);
  CHECK(labels(s) == std::vector<std::string>{"memory=512MiB,rate=5/s", "memory=2GiB,rate=7/s",
                                              "memory=512MiB,rate=9/s"});
  CHECK(axis(s, "memory").values == std::vector<std::string>{"512MiB", "2GiB"});
  CHECK(s.points[1].locations.at(0).line == 15);
  CHECK(s.points[1].locations.at(0).column == 29);
}

namespace {

std::string lhs_sweep(int samples, int seed) {
  return "    axes:\n"
         "      rate: {key: 'functions.api.arrivals[0].rate', from: 10/s, to: 110/s}\n"
         "      memory: {key: functions.api.memory, from: 128MiB, to: 10240MiB, step: 1MiB}\n"
         "      arch: {key: functions.api.architecture, values: [x86_64, arm64]}\n"
         "      timeout: {key: functions.api.timeout, values: [1s, 2s, 3s, 4s, 5s, 6s, 7s, 8s, "
         "9s, 10s]}\n" +
         fmt::format("    lhs: {{samples: {}, seed: {}}}\n", samples, seed);
}

}  // namespace

TEST_CASE("sweep: a Latin-hypercube sample is reproducible, one value per stratum",
          "[scenario][sweep]") {
  const SweepSpec a = sweep_of(load(lhs_sweep(10, 7)));
  const SweepSpec b = sweep_of(load(lhs_sweep(10, 7)));
  const SweepSpec c = sweep_of(load(lhs_sweep(10, 8)));
  CHECK(a.mode == SweepMode::kLhs);
  CHECK(a.lhs_seed == 7);
  REQUIRE(a.points.size() == 10);
  CHECK(labels(a) == labels(b));
  CHECK(labels(a) != labels(c));
  // Each axis is cut into 10 strata; every stratum is hit exactly once.
  std::set<int> rate_strata;
  std::set<int> memory_strata;
  std::set<std::string> timeouts;
  int arm = 0;
  for (const SweepPoint& p : a.points) {
    REQUIRE(p.values.size() == 4);
    const auto rate = parse_rate(p.values[0].second);
    REQUIRE(rate);
    CHECK(*rate >= 10);
    CHECK(*rate <= 110);
    rate_strata.insert(static_cast<int>(std::floor((*rate - 10) / 100 * 10)));
    const auto memory = parse_memory_mib(p.values[1].second);
    REQUIRE(memory);
    memory_strata.insert(static_cast<int>((*memory - 128) * 10 / (10240 - 128)));
    arm += p.values[2].second == "arm64" ? 1 : 0;
    timeouts.insert(p.values[3].second);
  }
  CHECK(rate_strata.size() == 10);
  CHECK(*rate_strata.begin() == 0);
  CHECK(*rate_strata.rbegin() == 9);
  CHECK(memory_strata.size() == 10);
  CHECK(arm == 5);               // two values, ten strata: five each
  CHECK(timeouts.size() == 10);  // ten values, ten strata: each once
  // A range's sampled values, ascending.
  const std::vector<std::string>& rates = axis(a, "rate").values;
  REQUIRE(rates.size() == 10);
  CHECK(*parse_rate(rates.front()) < *parse_rate(rates.back()));
  // Integer keys get integers; with a step, values on the step.
  for (const SweepPoint& p : a.points) CHECK(p.values[1].second.find('.') == std::string::npos);
}

TEST_CASE("sweep: a pinned sample (these points on any machine)", "[scenario][sweep]") {
  const SweepSpec s = sweep_of(
      load("    axes:\n"
           "      memory: {key: functions.api.memory, from: 128MiB, to: 1GiB, step: 128MiB}\n"
           "      arch: {key: functions.api.architecture, values: [x86_64, arm64]}\n"
           "    lhs: {samples: 4, seed: 42}\n"));
  // Four strata of [128MiB, 1GiB] (224 MiB each), each hit once, snapped to
  // 128 MiB; arm64 and x86_64 twice each. Pinned: a change here changes the
  // points of every LHS sweep.
  CHECK(labels(s) ==
        std::vector<std::string>{"memory=256MiB,arch=arm64", "memory=512MiB,arch=arm64",
                                 "memory=640MiB,arch=x86_64", "memory=896MiB,arch=x86_64"});
}

namespace {

// Every error of a sweep, formatted.
std::vector<std::string> sweep_errors(const std::string& sweep) {
  return errors(load(sweep));
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("sweep: problems are reported where they are written", "[scenario][sweep]") {
  SECTION("an unknown key in an axis") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {kye: functions.api.memory, values: [1GiB]}\n") ==
          Lines{"t.yaml:11:15: error: spec.sweep.axes.memory: missing required key 'key'",
                "t.yaml:11:16: error: spec.sweep.axes.memory.kye: unknown key (did you mean "
                "'key'?)"});
  }
  SECTION("a key path that is not in the schema") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memroy, values: [1GiB]}\n") ==
          Lines{"t.yaml:11:21: error: spec.sweep.axes.memory.key: axis 'memory': unknown key "
                "'memroy' in spec.functions.api (did you mean 'memory'?)"});
  }
  SECTION("a function that does not exist") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.web.memory, values: [1GiB]}\n") ==
          Lines{"t.yaml:11:21: error: spec.sweep.axes.memory.key: axis 'memory': no function "
                "named 'web' in spec.functions"});
  }
  SECTION("values invalid for the parameter, each at the value") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory:\n"
                       "        key: functions.api.memory\n"
                       "        values: [512MiB, 5x, 20GiB]\n") ==
          Lines{"t.yaml:13:26: error: spec.functions.api.memory: sweep axis 'memory' = 5x: "
                "expected memory in MiB such as 1024, 512MiB, 1GiB, 2GB, got '5x'",
                "t.yaml:13:30: error: spec.functions.api.memory: sweep axis 'memory' = 20GiB: "
                "out of range: expected 128MiB .. 10240MiB, got 20480MiB"});
  }
  SECTION("a range's end out of the parameter's range, at that end") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory, from: 1GiB, to: 20GiB, "
                       "step: 1GiB}\n") ==
          Lines{"t.yaml:11:59: error: spec.functions.api.memory: sweep axis 'memory' = "
                "20480MiB: out of range: expected 128MiB .. 10240MiB, got 20480MiB"});
  }
  SECTION("a value that breaks a cross-key check, at the value") {
    CHECK(sweep_errors("    axes:\n"
                       "      conc: {key: account.concurrency, values: [1000, 50]}\n") ==
          Lines{"t.yaml:11:55: error: spec.account.unreserved_minimum: sweep axis 'conc' = 50: "
                "unreserved_minimum (100) exceeds the account concurrency (50)"});
  }
  SECTION("a point naming an unknown axis, a point missing one") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory}\n"
                       "      rate: {key: 'functions.api.arrivals[0].rate'}\n"
                       "    points:\n"
                       "      - {memory: 512MiB, rat: 5/s}\n") ==
          Lines{"t.yaml:14:9: error: spec.sweep.points[0]: point 0: missing axis 'rate' (each "
                "point names every axis)",
                "t.yaml:14:31: error: spec.sweep.points[0].rat: point 0: no axis named 'rat' "
                "(did you mean 'rate'?)"});
  }
  SECTION("a repeated point") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory}\n"
                       "    points:\n"
                       "      - {memory: 512MiB}\n"
                       "      - {memory: 512MiB}\n") ==
          Lines{"t.yaml:14:9: error: spec.sweep.points[1]: point 1 repeats point 0"});
  }
  SECTION("a point's value that is not a plain value") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory}\n"
                       "    points:\n"
                       "      - {memory: [1, 2]}\n") ==
          Lines{"t.yaml:13:18: error: spec.sweep.points[0].memory: expected a plain value, got "
                "a list"});
  }
  SECTION("points and lhs together") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory}\n"
                       "    points: [{memory: 512MiB}]\n"
                       "    lhs: {samples: 3, seed: 1}\n") ==
          Lines{"t.yaml:13:10: error: spec.sweep.lhs: `points` and `lhs` exclude each other: "
                "give explicit points or a sample (or neither, for the grid)"});
  }
  SECTION("values with points") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory, values: [1GiB]}\n"
                       "    points: [{memory: 512MiB}]\n") ==
          Lines{"t.yaml:11:51: error: spec.sweep.axes.memory.values: axis 'memory': with "
                "`points`, an axis takes only `key` (each point gives its value)"});
  }
  SECTION("a range over an enum") {
    CHECK(
        sweep_errors("    axes:\n"
                     "      arch: {key: functions.api.architecture, from: a, to: b, step: c}\n") ==
        Lines{"t.yaml:11:53: error: spec.sweep.axes.arch.from: axis 'arch': a range needs a "
              "numeric key, and functions.api.architecture is one of: x86_64, arm64: list its "
              "values with `values`"});
  }
  SECTION("values and a range") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory, values: [1GiB], from: 1GiB, "
                       "to: 2GiB, step: 1GiB}\n") ==
          Lines{"t.yaml:11:51: error: spec.sweep.axes.memory.values: axis 'memory': give "
                "`values` or a range (`from`, `to`, `step`), not both"});
  }
  SECTION("neither values nor a range") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory}\n") ==
          Lines{"t.yaml:11:15: error: spec.sweep.axes.memory: axis 'memory': needs `values` (a "
                "list) or a range (`from`, `to`, `step`)"});
  }
  SECTION("a grid range without a step") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory, from: 1GiB, to: 2GiB}\n") ==
          Lines{"t.yaml:11:15: error: spec.sweep.axes.memory: axis 'memory': a range needs "
                "`step` (only `lhs` can do without)"});
  }
  SECTION("a step of zero, to below from") {
    CHECK(sweep_errors("    axes:\n"
                       "      memory: {key: functions.api.memory, from: 2GiB, to: 1GiB, step: "
                       "0}\n") ==
          Lines{"t.yaml:11:59: error: spec.sweep.axes.memory.to: axis 'memory': to (1024MiB) is "
                "below from (2048MiB)",
                "t.yaml:11:71: error: spec.sweep.axes.memory.step: axis 'memory': step must be "
                "> 0"});
  }
  SECTION("two axes on one key") {
    CHECK(sweep_errors("    axes:\n"
                       "      a: {key: functions.api.memory, values: [1GiB]}\n"
                       "      b: {key: spec.functions.api.memory, values: [2GiB]}\n") ==
          Lines{"t.yaml:12:16: error: spec.sweep.axes.b.key: axis 'b': axis 'a' sets "
                "spec.functions.api.memory already: one axis per key"});
  }
  SECTION("an axis on the sweep itself") {
    CHECK(sweep_errors("    axes:\n"
                       "      a: {key: sweep.lhs.seed, values: [1]}\n") ==
          Lines{"t.yaml:11:16: error: spec.sweep.axes.a.key: axis 'a': an axis cannot set "
                "spec.sweep or spec.variants"});
  }
  SECTION("a variant cannot change the sweep") {
    const std::string text = kBase +
                             "    axes:\n"
                             "      memory: {key: functions.api.memory, values: [1GiB]}\n"
                             "  variants:\n"
                             "    v: {sweep.lhs: {samples: 2, seed: 1}}\n";
    CHECK(errors(load_scenario_text(text, "t.yaml", "", {})) ==
          Lines{"t.yaml:13:9: error: spec.variants.v.sweep.lhs: variant 'v': a variant cannot "
                "change spec.sweep"});
  }
}

TEST_CASE("sweep: at most 100,000 points, checked before expanding", "[scenario][sweep]") {
  SECTION("one range") {
    CHECK(sweep_errors("    axes:\n"
                       "      conc: {key: account.concurrency, from: 1, to: 1000000, step: 1}\n") ==
          Lines{"t.yaml:11:68: error: spec.sweep.axes.conc.step: axis 'conc': the range has "
                "more than 100,000 values"});
  }
  SECTION("a grid of two ranges (1,000 x 1,000)") {
    CHECK(sweep_errors("    axes:\n"
                       "      conc: {key: account.concurrency, from: 1001, to: 2000, step: 1}\n"
                       "      mem: {key: functions.api.memory, from: 128, to: 1127, step: 1}\n") ==
          Lines{"t.yaml:10:5: error: spec.sweep: the grid has more than 100,000 points (1000 x "
                "1000 values)"});
  }
  SECTION("a grid of 100,000 is fine") {
    const SweepSpec s =
        sweep_of(load("    axes:\n"
                      "      conc: {key: account.concurrency, from: 101, to: 200, step: 1}\n"
                      "      mem: {key: functions.api.memory, from: 128, to: 1127, step: 1}\n"));
    CHECK(s.points.size() == 100'000);
    CHECK(s.points[1000].label() == "conc=102,mem=128MiB");
    CHECK(s.points.back().label() == "conc=200,mem=1127MiB");
  }
  SECTION("a sample larger than 100,000") {
    CHECK(sweep_errors("    axes:\n"
                       "      conc: {key: account.concurrency, from: 1, to: 10}\n"
                       "    lhs: {samples: 100001, seed: 1}\n") ==
          Lines{"t.yaml:12:20: error: spec.sweep.lhs.samples: out of range: expected 1 .. "
                "100000, got 100001"});
  }
}

TEST_CASE("sweep: a scenario loaded at a point", "[scenario][sweep]") {
  const std::string text = kBase +
                           "    axes:\n"
                           "      memory: {key: functions.api.memory, from: 512MiB, to: 2GiB, "
                           "step: 512MiB}\n"
                           "      rate: {key: 'functions.api.arrivals[0].rate', values: [5/s, "
                           "50/s]}\n"
                           "  variants:\n"
                           "    big: {functions.api.memory: 4GiB, functions.api.timeout: 9s}\n";
  const LoadResult base = load_scenario_text(text, "t.yaml", "", {});
  const SweepSpec s = sweep_of(base);
  REQUIRE(s.points.size() == 8);
  const SweepPoint& p = s.points[1];  // memory=512MiB,rate=50/s
  CHECK(p.label() == "memory=512MiB,rate=50/s");
  const LoadResult at = load_scenario_point_text(text, "t.yaml", "", "", p);
  INFO(format_diagnostics(at.diagnostics));
  REQUIRE(at.ok());
  CHECK(at.scenario->model.functions.at(0).memory_mb == 512);
  CHECK(at.scenario->model.functions.at(0).arrivals.at(0).rate_per_s == Approx(50));
  CHECK(at.scenario->hash == base.scenario->hash);
  REQUIRE(at.scenario->sweep.has_value());
  CHECK(labels(*at.scenario->sweep) == labels(s));
  // The variant first, the point on top: memory from the point, timeout from the variant.
  const LoadResult big = load_scenario_point_text(text, "t.yaml", "", "big", s.points[7]);
  REQUIRE(big.ok());
  CHECK(big.scenario->model.functions.at(0).memory_mb == 2048);
  CHECK(big.scenario->model.functions.at(0).timeout == seconds(9));
  // --set first: the point overrides it too.
  const LoadResult set =
      load_scenario_point_text(text, "t.yaml", "", "", p, {{"functions.api.memory", "3GiB"}});
  REQUIRE(set.ok());
  CHECK(set.scenario->model.functions.at(0).memory_mb == 512);
  // A point whose value is bad is reported at the value it says it comes from.
  SweepPoint bad = p;
  bad.values[0].second = "5x";
  CHECK(only_error(load_scenario_point_text(text, "t.yaml", "", "", bad)) ==
        "t.yaml:11:49: error: spec.functions.api.memory: expected memory in MiB such as 1024, "
        "512MiB, 1GiB, 2GB, got '5x'");
  SweepPoint ghost = p;
  ghost.values[0].first = "memroy";
  CHECK(only_error(load_scenario_point_text(text, "t.yaml", "", "", ghost)) ==
        "t.yaml: error: spec.sweep.axes: the sweep has no axis named 'memroy' (did you mean "
        "'memory'?)");
}

TEST_CASE("sweep: `--set` can change the sweep", "[scenario][sweep]") {
  const SweepSpec& s =
      sweep_of(load("    axes:\n"
                    "      rate: {key: 'functions.api.arrivals[0].rate', from: 1/s, to: 9/s}\n"
                    "    lhs: {samples: 3, seed: 1}\n",
                    {{"sweep.lhs.samples", "5"}}));
  CHECK(s.points.size() == 5);
}

TEST_CASE("sweep: every point of the shipped sweeps loads, with every variant",
          "[scenario][sweep][shipped]") {
  const std::string dir = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/";
  {
    const std::string path = dir + "eni-burst-sweep.yaml";
    const LoadResult base = load_scenario_file(path);
    const SweepSpec s = sweep_of(base);
    CHECK(s.mode == SweepMode::kGrid);
    CHECK(axis(s, "burst").values == std::vector<std::string>{"0/s", "400/s", "800/s", "1200/s",
                                                              "1600/s", "2000/s", "2400/s"});
    REQUIRE(base.scenario->variants.size() == 2);
    for (const SweepPoint& p : s.points) {
      for (const Variant& v : base.scenario->variants) {
        const LoadResult r = load_scenario_point(path, v.name, p);
        INFO(p.label() << " " << v.name << "\n" << format_diagnostics(r.diagnostics));
        REQUIRE(r.ok());
        CHECK(r.scenario->model.functions.at(0).arrivals.at(1).rate_per_s ==
              Approx(400.0 * static_cast<double>(p.index)));
        CHECK(r.scenario->hash == base.scenario->hash);
      }
    }
  }
  {
    const std::string path = dir + "subnet-size-sweep.yaml";
    const SweepSpec s = sweep_of(load_scenario_file(path));
    CHECK(s.mode == SweepMode::kPoints);
    REQUIRE(s.points.size() == 5);
    const LoadResult r = load_scenario_point(path, "", s.points[0]);
    INFO(format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    const auto& subnets = r.scenario->model.network.vpcs.at(0).subnets;
    CHECK(subnets.at(0).cidr == "10.0.0.0/27");
    CHECK(subnets.at(1).cidr == "10.0.16.0/27");
  }
}
