// `--set` overrides and `spec.variants`: paths with or without `spec.`,
// named entries, list items, validation like file values, error locations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

const std::string kBase =
    "apiVersion: lambdasim/v1\n"                                // 1
    "kind: Scenario\n"                                          // 2
    "metadata: {name: t}\n"                                     // 3
    "spec:\n"                                                   // 4
    "  functions:\n"                                            // 5
    "    api:\n"                                                // 6
    "      duration: {dist: exponential, mean: 50ms}\n"         // 7
    "      arrivals:\n"                                         // 8
    "        - {dist: poisson, rate: 10/s}\n"                   // 9
    "        - {dist: burst, rate: 100/s, at: 1m, for: 1m}\n";  // 10

LoadResult load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text(text, "t.yaml", "", overrides);
}

Override set(const std::string& text) {
  std::string error;
  auto o = parse_override(text, &error);
  INFO(error);
  REQUIRE(o);
  return *o;
}

std::string only_error(const LoadResult& r) {
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(count_errors(r.diagnostics) == 1);
  const auto it = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                               [](const Diagnostic& d) { return d.severity == Severity::kError; });
  return format_diagnostic(*it);
}

}  // namespace

TEST_CASE("parse_override splits key.path=value", "[scenario][overrides]") {
  const Override o = set("functions.api.memory=512MiB");
  CHECK(o.path == "functions.api.memory");
  CHECK(o.value == "512MiB");
  CHECK(set("functions.api.arrivals[1].rate = 300/s").path == "functions.api.arrivals[1].rate");
  CHECK(set("a={x: 1}").value == "{x: 1}");
  CHECK(set("metadata.name=a=b").value == "a=b");
  std::string error;
  CHECK_FALSE(parse_override("no-equals", &error));
  CHECK(error == "expected key.path=value (e.g. functions.api.memory=512MiB), got 'no-equals'");
  CHECK_FALSE(parse_override("=5", &error));
  CHECK(error == "empty key path");
  CHECK_FALSE(parse_override("a..b=5", &error));
  CHECK(error.find("empty key") != std::string::npos);
  CHECK_FALSE(parse_override("a[x]=5", &error));
  CHECK(error.find("item index") != std::string::npos);
}

TEST_CASE("overrides set values like the file does", "[scenario][overrides]") {
  const LoadResult r =
      load(kBase, {set("functions.api.memory=512MiB"), set("spec.account.concurrency=2000"),
                   set("account.scaling=legacy"), set("functions.api.arrivals[0].rate=300/s"),
                   set("functions.api.arrivals[2]={dist: constant, rate: 5/s}"),
                   set("functions.worker={arrivals: [{dist: poisson, rate: 1/s}]}"), set("seed=7"),
                   set("functions.api.duration.mean=20ms"),
                   set("functions.api.init={dist: lognormal, median: 100ms, p99: 300ms}"),
                   set("metadata.name=renamed"), set("functions.api.async.max_retries=0")});
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  const Scenario& s = *r.scenario;
  CHECK(s.name == "renamed");
  CHECK(s.run.seed == 7);
  CHECK(s.model.account.concurrency_limit == 2000);
  CHECK(s.model.account.scaling == ScalingModel::kLegacy);
  REQUIRE(s.model.functions.size() == 2);
  const FunctionConfig& api = s.model.functions[0];
  CHECK(api.memory_mb == 512);
  CHECK(api.duration.mean_seconds() == Approx(0.020));
  CHECK(api.init.seconds().kind() == DistributionKind::kLognormal);
  CHECK(api.async.max_retries == 0);
  REQUIRE(api.arrivals.size() == 3);
  CHECK(api.arrivals[0].rate_per_s == Approx(300));
  CHECK(api.arrivals[2].kind == ArrivalKind::kConstant);
  CHECK(s.model.functions[1].name == "worker");
}

TEST_CASE("the hash covers the text and the overrides", "[scenario][overrides]") {
  const std::string plain = load(kBase).scenario->hash;
  CHECK(plain == load(kBase).scenario->hash);
  CHECK(plain.size() == 16);
  CHECK(plain.find_first_not_of("0123456789abcdef") == std::string::npos);
  const std::string with = load(kBase, {set("seed=7")}).scenario->hash;
  CHECK(with != plain);
  CHECK(with == load(kBase, {set("seed=7")}).scenario->hash);
  CHECK(load(kBase + "# comment\n").scenario->hash != plain);
  CHECK(scenario_hash(kBase, {}) == plain);
}

TEST_CASE("overrides with bad paths", "[scenario][overrides]") {
  CHECK(only_error(load(kBase, {set("functions.api.memry=1")})) ==
        "<--set #1 'functions.api.memry=1'>:1:1: error: functions.api.memry: unknown key 'memry' "
        "in spec.functions.api "
        "(did you mean 'memory'?)");
  CHECK(only_error(load(kBase, {set("functions.apj.memory=256")})) ==
        "<--set #1 'functions.apj.memory=256'>:1:1: error: functions.apj.memory: no function named "
        "'apj' in spec.functions "
        "(did you mean 'api'?)");
  CHECK(only_error(load(kBase, {set("functions.api.arrivals[5].rate=1/s")})) ==
        "<--set #1 'functions.api.arrivals[5].rate=1/s'>:1:1: error: "
        "functions.api.arrivals[5].rate: spec.functions.api.arrivals has 2 "
        "item(s): no item [5]");
  CHECK(only_error(load(kBase, {set("functions.api.memory.size=1")})) ==
        "<--set #1 'functions.api.memory.size=1'>:1:1: error: functions.api.memory.size: "
        "'spec.functions.api.memory' is a value, "
        "not a section: nothing is inside it");
  CHECK(only_error(load(kBase, {set("functions.api.arrivals.rate=1/s")})) ==
        "<--set #1 'functions.api.arrivals.rate=1/s'>:1:1: error: functions.api.arrivals.rate: "
        "'spec.functions.api.arrivals' is a "
        "list: say which item, e.g. spec.functions.api.arrivals[0]");
  CHECK(only_error(load(kBase, {set("functions.api.timeout[0]=1s")})) ==
        "<--set #1 'functions.api.timeout[0]=1s'>:1:1: error: functions.api.timeout[0]: "
        "'spec.functions.api.timeout' is not a "
        "list: it has no item [0]");
  CHECK(only_error(load(kBase, {set("functions.api.keep_alive.mean=1s")})).find("set it whole") !=
        std::string::npos);
}

TEST_CASE("overrides with bad values name their --set and the value's column",
          "[scenario][overrides]") {
  CHECK(only_error(load(kBase, {set("functions.api.memory=64")})) ==
        "<--set #1 'functions.api.memory=64'>:1:22: error: spec.functions.api.memory: out of "
        "range: expected 128MiB .. "
        "10240MiB, got 64MiB");
  CHECK(only_error(load(kBase, {set("spec.horizon=soon")})) ==
        "<--set #1 'spec.horizon=soon'>:1:14: error: spec.horizon: expected a duration such as "
        "250ms, 10s, 30m, got "
        "'soon'");
  CHECK(only_error(load(kBase, {set("functions.api.init={dist: uniform, min: 2s, max: 1s}")})) ==
        "<--set #1 'functions.api.init={dist: uniform, min: 2s, max: 1s}'>:1:50: error: "
        "spec.functions.api.init.max: uniform: max (1s) must be at least min "
        "(2s)");
  CHECK(only_error(load(kBase, {set("functions.api.timeout=[1")})) ==
        "<--set #1 'functions.api.timeout=[1'>:1:23: error: functions.api.timeout: invalid YAML "
        "value: end of sequence flow not "
        "found");
  CHECK(only_error(load(kBase, {set("functions.api.timeout=")})) ==
        "<--set #1 'functions.api.timeout='>:1:23: error: spec.functions.api.timeout: missing "
        "value: expected a duration such "
        "as 250ms, 10s, 30m");
  // Errors of the file and of overrides, all at once.
  const LoadResult both = load(kBase + "      memry: 1\n", {set("seed=x"), set("nope=1")});
  CHECK(count_errors(both.diagnostics) == 3);
}

TEST_CASE("variants are validated where they are written", "[scenario][variants]") {
  const std::string text =
      kBase +
      "  variants:\n"                                                           // 11
      "    ok: {functions.api.memory: 1GB}\n"                                   // 12
      "    typo: {functions.api.memroy: 1GB}\n"                                 // 13
      "    range: {functions.api.memory: 12}\n"                                 // 14
      "    ghost: {functions.nope.memory: 256}\n"                               // 15
      "    cross: {account.concurrency: 50, account.unreserved_minimum: 60}\n"  // 16
      "    self: {variants.x: {}}\n";                                           // 17
  const LoadResult r = load(text);
  std::vector<std::string> lines;
  for (const Diagnostic& d : r.diagnostics) lines.push_back(format_diagnostic(d));
  const std::vector<std::string> expected{
      "t.yaml:13:12: error: spec.variants.typo.functions.api.memroy: variant 'typo': unknown key "
      "'memroy' in spec.functions.api (did you mean 'memory'?)",
      "t.yaml:14:35: error: spec.functions.api.memory: variant 'range': out of range: expected "
      "128MiB .. 10240MiB, got 12MiB",
      "t.yaml:15:13: error: spec.variants.ghost.functions.nope.memory: variant 'ghost': no "
      "function named 'nope' in spec.functions",
      "t.yaml:16:66: error: spec.account.unreserved_minimum: variant 'cross': unreserved_minimum "
      "(60) exceeds the account concurrency (50)",
      "t.yaml:17:12: error: spec.variants.self.variants.x: variant 'self': a variant cannot "
      "change spec.variants",
  };
  CHECK(lines == expected);
}

TEST_CASE("an error a variant causes elsewhere is reported at the variant's name",
          "[scenario][variants]") {
  const std::string text = kBase +
                           "      reserved_concurrency: 500\n"         // 11
                           "  variants:\n"                             // 12
                           "    small: {account.concurrency: 550}\n";  // 13
  CHECK(only_error(load(text)) ==
        "t.yaml:13:5: error: spec.functions.api.reserved_concurrency: variant 'small': functions "
        "reserve 500 (reserved concurrency, or provisioned where none is reserved) but at most "
        "450 may be: concurrency (550) minus unreserved_minimum (100)");
}

TEST_CASE("loading a scenario with one of its variants", "[scenario][variants]") {
  const std::string text =
      kBase +
      "  variants:\n"
      "    base: {}\n"
      "    big: {functions.api.memory: 2GB, \"functions.api.arrivals[1].rate\": 1000/s}\n";
  const LoadResult plain = load(text);
  REQUIRE(plain.ok());
  REQUIRE(plain.scenario->variants.size() == 2);
  const LoadResult big = load_scenario_variant_text(text, "t.yaml", "", "big");
  INFO(format_diagnostics(big.diagnostics));
  REQUIRE(big.ok());
  CHECK(big.scenario->model.functions[0].memory_mb == 2048);
  CHECK(big.scenario->model.functions[0].arrivals[1].rate_per_s == Approx(1000));
  CHECK(big.scenario->hash == plain.scenario->hash);
  const LoadResult base = load_scenario_variant_text(text, "t.yaml", "", "base");
  REQUIRE(base.ok());
  CHECK(base.scenario->model.functions[0].memory_mb == 128);
  // --set applies first, the variant on top.
  const LoadResult both =
      load_scenario_variant_text(text, "t.yaml", "", "big", {set("functions.api.memory=256")});
  REQUIRE(both.ok());
  CHECK(both.scenario->model.functions[0].memory_mb == 2048);
  const LoadResult missing = load_scenario_variant_text(text, "t.yaml", "", "bgi");
  CHECK(only_error(missing) ==
        "t.yaml: error: spec.variants: no variant named 'bgi' (did you mean 'big'?)");
  // The stored overrides reproduce the variant through --set.
  const Variant& v = plain.scenario->variants[1];
  const LoadResult replay = load(text, v.overrides);
  REQUIRE(replay.ok());
  CHECK(replay.scenario->model.functions[0].memory_mb == 2048);
}
