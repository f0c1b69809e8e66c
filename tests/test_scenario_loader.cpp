// The scenario loader: each kind of diagnostic at its exact line:col, all of
// them in one pass, a full scenario read into the structs, odd input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

const std::string kData = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/scenarios/";

// Six lines; the function's keys start on line 7, column 7.
const std::string kHead =
    "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  functions:\n    "
    "api:\n";

LoadResult load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text(text, "t.yaml", "", overrides);
}

std::vector<std::string> formatted(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) out.push_back(format_diagnostic(d));
  return out;
}

// The only error of a load, formatted.
std::string only_error(const LoadResult& r) {
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(count_errors(r.diagnostics) == 1);
  const auto it = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                               [](const Diagnostic& d) { return d.severity == Severity::kError; });
  return format_diagnostic(*it);
}

}  // namespace

TEST_CASE("a valid scenario loads", "[scenario][loader]") {
  const LoadResult r =
      load(kHead + "      memory: 1GiB\n      arrivals: [{dist: poisson, rate: 10/s}]\n");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  CHECK(r.scenario->name == "t");
  CHECK(r.scenario->file == "t.yaml");
  CHECK(r.scenario->model.functions.at(0).name == "api");
  CHECK(r.scenario->model.functions.at(0).memory_mb == 1024);
  CHECK(r.scenario->hash.size() == 16);
}

TEST_CASE("every key of a full scenario reaches the structs", "[scenario][loader]") {
  const LoadResult r = load_scenario_file(kData + "full.yaml");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  const Scenario& s = *r.scenario;
  CHECK(s.name == "full");
  CHECK(s.description == "every key");
  CHECK(s.run.horizon == hours(2));
  CHECK(s.run.seed == 42);
  CHECK(s.run.timeseries_interval == seconds(5));
  const AccountConfig& a = s.model.account;
  CHECK(a.region == "eu-west-1");
  CHECK(a.azs == std::vector<std::string>{"euw1-az1", "euw1-az2"});
  CHECK(a.concurrency_limit == 3000);
  CHECK(a.unreserved_minimum == 200);
  CHECK(*a.request_rate_per_s == Approx(20000));
  CHECK(a.scaling == ScalingModel::kLegacy);
  CHECK(*a.legacy_burst == 2500);
  CHECK(a.legacy_increase_per_min == Approx(600));
  const PricingConfig& p = s.model.pricing;
  CHECK(p.request_per_million_usd == 0.25);
  CHECK(p.gb_second_x86_usd == 0.00002);
  CHECK(p.gb_second_arm_usd == 0.000015);
  CHECK(p.provisioned_gb_second_usd == 0.000005);
  CHECK(p.provisioned_duration_gb_second_usd == 0.00001);
  CHECK_FALSE(p.bill_init);
  REQUIRE(s.model.functions.size() == 3);
  const FunctionConfig& f = s.model.functions[0];
  CHECK(f.name == "api");
  CHECK(f.memory_mb == 1024);
  CHECK(f.architecture == Architecture::kArm64);
  CHECK(f.timeout == seconds(30));
  CHECK(f.duration.seconds().kind() == DistributionKind::kLognormal);
  CHECK(f.init.seconds().kind() == DistributionKind::kLognormal);
  CHECK(f.init_cap == seconds(5));
  CHECK(*f.reserved_concurrency == 500);
  CHECK(f.provisioned_concurrency == 100);
  CHECK(f.provisioned_start == minutes(1));
  CHECK(f.provisioned_delay == minutes(2));
  CHECK(f.provisioned_rate_per_min == Approx(3000));
  CHECK(f.error_rate == Approx(0.02));
  CHECK(f.keep_alive.seconds().kind() == DistributionKind::kUniform);
  CHECK(f.keep_alive.mean_seconds() == Approx(600));
  CHECK(f.max_lifetime == hours(2));
  CHECK(f.invocation == InvocationType::kAsync);
  CHECK(f.async.max_event_age == hours(1));
  CHECK(f.async.max_retries == 1);
  CHECK(f.async.first_retry_delay == seconds(30));
  CHECK(f.async.second_retry_delay == seconds(90));
  CHECK(f.async.throttle_backoff_initial == seconds(2));
  CHECK(f.async.throttle_backoff_max == minutes(10));
  CHECK(f.async.on_failure == OnFailure::kDestination);
  REQUIRE(f.arrivals.size() == 6);
  CHECK(f.arrivals[0].kind == ArrivalKind::kPoisson);
  CHECK(f.arrivals[0].duration == kTimeInfinity);
  CHECK(f.arrivals[1].kind == ArrivalKind::kConstant);
  CHECK(f.arrivals[1].rate_per_s == Approx(200));
  CHECK(f.arrivals[1].at == minutes(1));
  CHECK(f.arrivals[1].duration == minutes(10));
  CHECK(*f.arrivals[1].invocation == InvocationType::kSync);
  CHECK(f.arrivals[2].kind == ArrivalKind::kBurst);
  CHECK(f.arrivals[3].kind == ArrivalKind::kRamp);
  CHECK(f.arrivals[3].to_rate_per_s == Approx(500));
  CHECK(f.arrivals[4].kind == ArrivalKind::kSine);
  CHECK(f.arrivals[4].amplitude_per_s == Approx(50));
  CHECK(f.arrivals[4].period == hours(1));
  CHECK(f.arrivals[4].phase == minutes(15));
  CHECK(f.arrivals[5].kind == ArrivalKind::kTrace);
  CHECK(f.arrivals[5].at == hours(1));
  CHECK(f.arrivals[5].trace_file == "trace_counts.csv");
  REQUIRE(f.arrivals[5].trace);
  CHECK(*f.arrivals[5].trace ==
        std::vector<SimTime>{milliseconds(2500), milliseconds(7500), seconds(25)});
  const FunctionConfig& w = s.model.functions[1];
  CHECK(w.memory_mb == 2048);
  CHECK(w.duration.seconds().kind() == DistributionKind::kExponential);
  CHECK(w.duration.mean_seconds() == Approx(2));
  CHECK(w.init.seconds().kind() == DistributionKind::kDeterministic);
  CHECK(w.keep_alive.seconds().kind() == DistributionKind::kNormal);
  REQUIRE(w.arrivals.at(0).trace);
  CHECK(w.arrivals[0].trace->size() == 5);
  const FunctionConfig& b = s.model.functions[2];
  CHECK(b.duration.seconds().kind() == DistributionKind::kPareto);
  CHECK(b.init.seconds().kind() == DistributionKind::kEmpirical);
  CHECK(b.keep_alive.mean_seconds() == Approx(300));
  CHECK(b.arrivals.at(0).rate_per_s == Approx(5.0 / 3600));
  // Variants are kept as overrides; applying one only warns here.
  REQUIRE(s.variants.size() == 3);
  CHECK(s.variants[0].name == "baseline");
  CHECK(s.variants[0].overrides.empty());
  CHECK(s.variants[1].name == "more-memory");
  REQUIRE(s.variants[1].overrides.size() == 2);
  CHECK(s.variants[1].overrides[0].path == "functions.api.memory");
  CHECK(s.variants[1].overrides[0].value == "2GB");
  CHECK(s.variants[1].overrides[1].path == "functions.api.arrivals[0].rate");
  CHECK(s.variants[1].overrides[1].value == "300/s");
  CHECK(std::all_of(r.diagnostics.begin(), r.diagnostics.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kWarning; }));
}

TEST_CASE("diagnostics: unknown key with a suggestion", "[scenario][loader]") {
  CHECK(only_error(load(kHead + "      memry: 512\n")) ==
        "t.yaml:7:7: error: spec.functions.api.memry: unknown key (did you mean 'memory'?)");
  CHECK(
      only_error(load(kHead + "      network: x\n"))
          .rfind("t.yaml:7:7: error: spec.functions.api.network: unknown key (keys here: memory, ",
                 0) == 0);
  CHECK(only_error(load(kHead + "  netwrok: {}\n")) ==
        "t.yaml:7:3: error: spec.netwrok: unknown key (did you mean 'network'?)");
}

TEST_CASE("diagnostics: duplicate key", "[scenario][loader]") {
  CHECK(only_error(load(kHead + "      memory: 512\n      memory: 1024\n")) ==
        "t.yaml:8:7: error: spec.functions.api.memory: duplicate key 'memory' (first at line 7); "
        "each key may appear once");
  CHECK(only_error(load(kHead + "      duration: {dist: exponential, mean: 1s, mean: 2s}\n")) ==
        "t.yaml:7:47: error: spec.functions.api.duration.mean: duplicate key 'mean' (first at "
        "line 7); each key may appear once");
}

TEST_CASE("diagnostics: missing required key", "[scenario][loader]") {
  CHECK(only_error(load(kHead + "      arrivals:\n        - {dist: poisson}\n")) ==
        "t.yaml:8:11: error: spec.functions.api.arrivals[0]: missing required key 'rate' (dist: "
        "poisson needs it)");
  const std::string no_name =
      "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {}\nspec: {functions: {api: {}}}\n";
  CHECK(only_error(load(no_name)) == "t.yaml:3:11: error: metadata: missing required key 'name'");
  const LoadResult empty_map = load("{}\n");
  CHECK(formatted(empty_map) ==
        std::vector<std::string>{"t.yaml:1:1: error: missing required key 'apiVersion'",
                                 "t.yaml:1:1: error: missing required key 'kind'",
                                 "t.yaml:1:1: error: missing required key 'metadata'",
                                 "t.yaml:1:1: error: missing required key 'spec'"});
  CHECK(only_error(load("apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  "
                        "functions: {}\n")) ==
        "t.yaml:5:14: error: spec.functions: at least one function is required");
}

TEST_CASE("diagnostics: wrong type", "[scenario][loader]") {
  CHECK(only_error(load(kHead + "      timeout: [1s]\n")) ==
        "t.yaml:7:16: error: spec.functions.api.timeout: expected a duration such as 250ms, 10s, "
        "30m, got a list");
  CHECK(only_error(load(kHead + "      async: 5\n")) ==
        "t.yaml:7:14: error: spec.functions.api.async: expected a map with keys such as "
        "max_event_age, max_retries, first_retry_delay, second_retry_delay, got '5'");
  CHECK(only_error(load(kHead + "      arrivals: {dist: poisson}\n")) ==
        "t.yaml:7:17: error: spec.functions.api.arrivals: expected a list (one '- item' per "
        "line, or [a, b]), got a map");
  CHECK(only_error(load(kHead + "      timeout:\n")) ==
        "t.yaml:7:7: error: spec.functions.api.timeout: missing value: expected a duration such "
        "as 250ms, 10s, 30m");
  CHECK(only_error(load(kHead + "      [a]: 1\n")) ==
        "t.yaml:7:7: error: spec.functions.api: a key must be a plain name, not a map or a list");
}

TEST_CASE("diagnostics: out of range and bad values", "[scenario][loader]") {
  CHECK(only_error(load(kHead + "      memory: 64\n")) ==
        "t.yaml:7:15: error: spec.functions.api.memory: out of range: expected 128MiB .. "
        "10240MiB, got 64MiB");
  CHECK(only_error(load(kHead + "      timeout: 901s\n")) ==
        "t.yaml:7:16: error: spec.functions.api.timeout: out of range: expected 1s .. 15m, got "
        "901s");
  CHECK(only_error(load(kHead + "      error_rate: 120%\n")) ==
        "t.yaml:7:19: error: spec.functions.api.error_rate: out of range: expected 0 .. 1, got "
        "1.2");
  CHECK(only_error(load(kHead + "      async: {max_retries: 3}\n")) ==
        "t.yaml:7:28: error: spec.functions.api.async.max_retries: out of range: expected 0 .. "
        "2, got 3");
  CHECK(only_error(load(kHead + "      architecture: arm46\n")) ==
        "t.yaml:7:21: error: spec.functions.api.architecture: expected one of x86_64, arm64, got "
        "'arm46' (did you mean 'arm64'?)");
  CHECK(only_error(load(kHead + "      duration: {dist: lognormal, median: 40ms, p99: 20ms}\n")) ==
        "t.yaml:7:54: error: spec.functions.api.duration.p99: lognormal: p99 (20ms) must be at "
        "least the median (40ms)");
  CHECK(only_error(load(kHead + "      duration: 1000s\n")) ==
        "t.yaml:7:17: error: spec.functions.api.duration: out of range: expected 0s .. 15m, got "
        "1000s");
  CHECK(only_error(load(kHead + "      init: {dist: uniform, min: 2s, max: 1s}\n")) ==
        "t.yaml:7:43: error: spec.functions.api.init.max: uniform: max (1s) must be at least min "
        "(2s)");
  CHECK(only_error(load(kHead + "      init: {dist: empirical, samples: [1s, 1000s]}\n")) ==
        "t.yaml:7:45: error: spec.functions.api.init.samples[1]: out of range: expected 0s .. "
        "15m, got 1000s");
  CHECK(only_error(load(kHead + "      init: {dist: lognormal, median: 1s, mu: 0}\n")) ==
        "t.yaml:7:13: error: spec.functions.api.init: lognormal takes median and p99, or mu and "
        "sigma, not both");
}

TEST_CASE("diagnostics: keys that do not apply to the chosen dist", "[scenario][loader]") {
  CHECK(only_error(
            load(kHead + "      arrivals:\n        - {dist: poisson, rate: 1/s, to: 2/s}\n")) ==
        "t.yaml:8:38: error: spec.functions.api.arrivals[0].to: 'to' does not apply to dist: "
        "poisson (only to dist: ramp)");
  CHECK(only_error(load(kHead + "      init: {dist: exponential, mean: 1s, sd: 1s}\n")) ==
        "t.yaml:7:43: error: spec.functions.api.init.sd: 'sd' does not apply to dist: "
        "exponential (only to dist: normal)");
  CHECK(only_error(load(kHead + "      init: {dist: gamma, mean: 1s}\n")) ==
        "t.yaml:7:20: error: spec.functions.api.init.dist: expected one of deterministic, "
        "exponential, uniform, normal, lognormal, pareto, empirical, got 'gamma'");
}

TEST_CASE("diagnostics: cross-field checks", "[scenario][loader]") {
  const std::string two =
      "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  functions:\n"
      "    a: {reserved_concurrency: 500, arrivals: [{dist: poisson, rate: 1/s}]}\n"
      "    b: {reserved_concurrency: 450, arrivals: [{dist: poisson, rate: 1/s}]}\n";
  CHECK(only_error(load(two)) ==
        "t.yaml:7:31: error: spec.functions.b.reserved_concurrency: functions reserve 950 "
        "(reserved concurrency, or provisioned where none is reserved) but at most 900 may be: "
        "concurrency (1000) minus unreserved_minimum (100)");
  CHECK(load(two, {{"account.concurrency", "2000"}}).ok());
  CHECK(only_error(
            load(kHead + "      reserved_concurrency: 10\n      provisioned_concurrency: 20\n")) ==
        "t.yaml:8:32: error: spec.functions.api.provisioned_concurrency: provisioned concurrency "
        "(20) exceeds the function's reserved concurrency (10)");
  CHECK(only_error(
            load(kHead + "      arrivals:\n        - {dist: sine, rate: 1/s, amplitude: 2/s}\n")) ==
        "t.yaml:8:46: error: spec.functions.api.arrivals[0].amplitude: sine: amplitude (2/s) "
        "exceeds the mean rate (1/s): the rate would go negative");
  CHECK(only_error(load(kHead + "      arrivals: [{dist: ramp, rate: 1/s, to: 5/s}]\n")) ==
        "t.yaml:7:18: error: spec.functions.api.arrivals[0]: missing required key 'for' (dist: "
        "ramp needs it)");
}

TEST_CASE("diagnostics: at most 64 calls per function", "[scenario][loader]") {
  std::string calls = "      calls:\n";
  for (int i = 0; i < 65; ++i) calls += "        - {target: web}\n";
  const std::string text =
      "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  targets:\n"
      "    web: {kind: internet}\n  functions:\n    api:\n";
  CHECK(only_error(load(text + calls)) ==
        "t.yaml:10:9: error: spec.functions.api.calls: 65 calls: lambdasim models at most 64 per "
        "function");
  calls.resize(calls.rfind("        - "));
  CHECK(load(text + calls).ok());
}

TEST_CASE("warnings do not make a scenario invalid", "[scenario][loader]") {
  const LoadResult r = load(kHead + "      memory: 256\n");
  REQUIRE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(format_diagnostic(r.diagnostics[0]) ==
        "t.yaml:7:7: warning: spec.functions.api: no arrivals: this function gets no traffic");
}

TEST_CASE("all errors are reported in one pass, in file order", "[scenario][loader]") {
  const std::string file = kData + "all_errors.yaml";
  const LoadResult r = load_scenario_file(file);
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.scenario);
  std::vector<std::string> lines;
  for (const Diagnostic& d : r.diagnostics) {
    lines.push_back(format_diagnostic(d).substr(file.size()));
  }
  const std::vector<std::string> expected{
      ":1:13: error: apiVersion: expected one of lambdasim/v1, got 'lambdasim/v2' (did you mean "
      "'lambdasim/v1'?)",
      ":4:3: error: metadata: missing required key 'name'",
      ":6:12: error: spec.horizon: expected a duration such as 250ms, 10s, 30m, got '30' (a unit "
      "is required: ns us ms s m h d)",
      ":7:3: error: spec.acount: unknown key (did you mean 'account'?)",
      ":10:14: error: spec.account.scaling: expected one of current, legacy, got 'legasy' (did "
      "you mean 'legacy'?)",
      ":13:7: error: spec.functions.api.memry: unknown key (did you mean 'memory'?)",
      ":14:15: error: spec.functions.api.memory: out of range: expected 128MiB .. 10240MiB, got "
      "100000MiB",
      ":15:7: error: spec.functions.api.memory: duplicate key 'memory' (first at line 14); each "
      "key may appear once",
      ":16:16: error: spec.functions.api.timeout: expected a duration such as 250ms, 10s, 30m, "
      "got a map",
      ":17:54: error: spec.functions.api.duration.p99: lognormal: p99 (20ms) must be at least "
      "the median (40ms)",
      ":18:13: error: spec.functions.api.init: missing required key 'mean' (dist: exponential "
      "needs it)",
      ":18:33: error: spec.functions.api.init.median: 'median' does not apply to dist: "
      "exponential (only to dist: lognormal)",
      ":20:33: error: spec.functions.api.arrivals[0].rate: expected a rate such as 200/s, "
      "12000/m, 5/h, 1000/10s, got '200' (say per what: /s, /m, /h)",
      ":21:11: error: spec.functions.api.arrivals[1]: missing required key 'for' (dist: ramp "
      "needs it)",
      ":22:18: error: spec.functions.api.arrivals[2].dist: expected one of poisson, constant, "
      "burst, ramp, sine, trace, got 'poison' (did you mean 'poisson'?)",
  };
  CHECK(lines == expected);
  // And as JSON, for `validate --format json`.
  CHECK(diagnostics_to_json(r.diagnostics).find("\"errors\": 15") != std::string::npos);
}

TEST_CASE("input that is not a scenario", "[scenario][loader]") {
  CHECK(only_error(load("")) ==
        "t.yaml:1:1: error: empty scenario: expected a map with apiVersion, kind, metadata and "
        "spec");
  CHECK(only_error(load("# only a comment\n")).find("empty scenario") != std::string::npos);
  CHECK(only_error(load("- a\n- b\n")) ==
        "t.yaml:1:1: error: expected a map with apiVersion, kind, metadata and spec at the top "
        "level, got a list");
  CHECK(only_error(load("hello\n")).find("got a single value") != std::string::npos);
  CHECK(only_error(load(kHead + "      memory: [1\n")) ==
        "t.yaml:8:1: error: YAML syntax error: end of sequence flow not found");
  CHECK(only_error(load(kHead + "      arrivals: []\n---\nb: 2\n")) ==
        "t.yaml:9:1: error: expected one YAML document; this is another (after '---')");
  CHECK(only_error(load("apiVersion: x\x01y\n")) ==
        "t.yaml:1:14: error: not a text file: control byte 0x01");
  CHECK(only_error(load("a: \xff\n")) ==
        "t.yaml:1:4: error: not UTF-8 text: byte FF never appears in UTF-8 (scenarios, traces "
        "and --set values must be UTF-8)");
  const LoadResult missing = load_scenario_file(kData + "no-such-file.yaml");
  CHECK(only_error(missing) == kData +
                                   "no-such-file.yaml: error: cannot read scenario file: No such "
                                   "file or directory");
  CHECK(only_error(load_scenario_file(kData)).find("is a directory") != std::string::npos);
  // Aliases that make a cycle are followed only as deep as the schema goes.
  const LoadResult cyclic =
      load(kHead + "      arrivals: &a [*a]\n  variants: {v: {functions.api.init: &b [*b]}}\n");
  CHECK_FALSE(cyclic.ok());
  CHECK(has_errors(cyclic.diagnostics));
}
