// The parameter table: its consistency, its defaults against config.hpp and
// docs/aws-facts.md, the schema renderers, and the README's scenario reference.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/params.hpp"

using namespace lambdasim;

namespace {

constexpr const char* kMinimal = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: t}
spec:
  functions:
    api:
      arrivals:
        - {dist: poisson, rate: 10/s}
)";

bool contains(const std::vector<std::string_view>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// A scenario with an entry of every named map and an item of every list, so
// that every key of the table has a place to be written: each arrival kind
// with keys of its own, a client in a VPC, every fault kind.
constexpr const char* kFull = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: t}
spec:
  network:
    vpcs:
      main:
        subnets:
          - {name: a, az: use1-az1, cidr: 10.0.1.0/24, route: nat-a}
        nat_gateways:
          - {name: nat-a, az: use1-az1}
        interface_endpoints:
          - {name: sqs, service: sqs, subnets: [a]}
  targets:
    web: {kind: internet}
    s3: {kind: aws, service: s3}
    db: {kind: private, vpc: main}
  functions:
    api:
      vpc: {vpc: main, subnets: [a], security_groups: [sg-1]}
      calls:
        - {target: web, dns: {ttl: 0s}}
      arrivals:
        - {dist: poisson, rate: 10/s, source: {}}
        - {dist: sine, rate: 10/s, amplitude: 5/s}
        - {dist: trace, file: trace_timestamps.csv}
        - {dist: poisson, rate: 1/s, source: {vpc: main, subnet: a}}
  faults:
    - {kind: az_outage, at: 1m, az: use1-az1}
    - {kind: nat_failure, at: 1m, vpc: main, nat: nat-a}
    - {kind: endpoint_failure, at: 1m, vpc: main, endpoint: sqs}
    - {kind: eni_creation_failure, at: 1m}
    - {kind: eni_api_throttle, at: 1m}
    - {kind: latency, at: 1m, target: web, extra: 10ms}
    - {kind: target_outage, at: 1m, target: db}
)";

const std::string kDataDir = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/scenarios";

LoadResult load_full(const std::vector<Override>& overrides = {}) {
  return load_scenario_text(kFull, "full.yaml", kDataDir, overrides);
}

// Two scenarios configured alike: the whole RunConfig and ModelConfig
// (defaulted operator==, so no field can be left out), traces by content.
bool configured_alike(const Scenario& a, const Scenario& b) {
  ModelConfig x = a.model;
  ModelConfig y = b.model;
  if (x.functions.size() != y.functions.size()) return false;
  for (std::size_t f = 0; f < x.functions.size(); ++f) {
    auto& ax = x.functions[f].arrivals;
    auto& ay = y.functions[f].arrivals;
    if (ax.size() != ay.size()) return false;
    for (std::size_t i = 0; i < ax.size(); ++i) {
      if ((ax[i].trace == nullptr) != (ay[i].trace == nullptr)) return false;
      if (ax[i].trace != nullptr && *ax[i].trace != *ay[i].trace) return false;
      ax[i].trace = ay[i].trace = nullptr;
    }
  }
  return a.run == b.run && x == y;
}

// Concrete paths a pattern may stand for in kFull: each `<name>` by an entry
// name, each `[]` by an index.
// Expands the first `<name>` or `[]` of `p` into `next`; false when it has none.
bool expand_first(const std::string& p, std::vector<std::string>& next) {
  const auto name = p.find("<name>");
  const auto item = p.find("[]");
  if (name != std::string::npos && (item == std::string::npos || name < item)) {
    const std::string map = p.substr(0, name);
    std::vector<std::string> names{"api"};
    if (map.ends_with("vpcs.")) names = {"main"};
    if (map.ends_with("targets.")) names = {"web", "s3", "db"};
    for (const std::string& n : names) next.push_back(std::string(p).replace(name, 6, n));
    return true;
  }
  if (item != std::string::npos) {
    for (int i = 0; i < 7; ++i) {
      next.push_back(std::string(p).replace(item, 2, fmt::format("[{}]", i)));
    }
    return true;
  }
  next.push_back(p);
  return false;
}

std::vector<std::string> places(std::string_view pattern) {
  std::vector<std::string> out{std::string(pattern)};
  for (;;) {
    std::vector<std::string> next;
    bool expanded = false;
    for (const std::string& p : out) expanded = expand_first(p, next) || expanded;
    out = std::move(next);
    if (!expanded) return out;
  }
}

struct DefaultsCheck {
  int checked = 0;
  std::vector<std::string> mismatches;  // "path = text: why"
};

// Writes out every literal default of `table` (a copy of the parameter table,
// or the table itself) into kFull, at the first place it applies, and
// reports each one that changes the configuration. Texts in parentheses are
// descriptions ("(derived: ...)"), not values; "0 (unlimited)" is checked as 0.
DefaultsCheck check_literal_defaults(const std::vector<ParamSpec>& table) {
  const LoadResult base = load_full();
  REQUIRE(base.ok());
  DefaultsCheck out;
  for (const ParamSpec& p : table) {
    std::string d = p.default_text;
    if (d.empty() || d.front() == '(') continue;
    if (p.type == ParamType::kSection || p.type == ParamType::kList ||
        p.type == ParamType::kNamedMap) {
      continue;  // "[] (none)": a container's default is having no entries
    }
    if (const auto note = d.find(" ("); note != std::string::npos) d.resize(note);
    bool placed = false;
    for (const std::string& path : places(p.path)) {
      const LoadResult r = load_full({{path, d}});
      if (!r.ok()) continue;  // no such item, or the key does not apply to it
      placed = true;
      if (!configured_alike(*r.scenario, *base.scenario)) {
        out.mismatches.push_back(fmt::format("{} = {}: changes the configuration", path, d));
      }
      break;
    }
    if (!placed) out.mismatches.push_back(fmt::format("{} = {}: no place to write it", p.path, d));
    ++out.checked;
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// only_for / required_for name values of the section's discriminator.
void check_discriminated(const ParamSpec& p) {
  const ParamSpec* section = find_param(param_parent(p.path));
  REQUIRE(section != nullptr);
  REQUIRE_FALSE(section->discriminator.empty());
  const ParamSpec* disc =
      find_param(std::string(section->path) + "." + std::string(section->discriminator));
  REQUIRE(disc != nullptr);
  for (auto v : p.only_for) CHECK(contains(disc->values, v));
  for (auto v : p.required_for) {
    CHECK(contains(disc->values, v));
    if (!p.only_for.empty()) CHECK(contains(p.only_for, v));
  }
}

}  // namespace

TEST_CASE("the parameter table is consistent", "[scenario][params]") {
  const auto& table = param_table();
  REQUIRE(table.size() > 60);
  CHECK(table.front().path.empty());
  std::set<std::string_view> paths;
  for (const ParamSpec& p : table) {
    INFO(p.path);
    CHECK(paths.insert(p.path).second);  // each key once
    CHECK_FALSE(p.help.empty());
    CHECK_FALSE(p.source.empty());
    if (p.path.empty()) continue;
    const bool sourced = p.source.starts_with("docs/aws-facts.md#") ||
                         p.source == kModelParameterSource ||
                         p.source.find("(not an AWS fact)") != std::string_view::npos;
    CHECK(sourced);
    // The container of every key is in the table.
    if (p.path != kDistributionPattern) CHECK(find_param(param_parent(p.path)) != nullptr);
    if (p.type == ParamType::kEnum) CHECK_FALSE(p.values.empty());
    if (p.type == ParamType::kNamedMap) {
      CHECK_FALSE(p.entry_noun.empty());
      CHECK(param_entry(p) != nullptr);
    }
    if (p.type == ParamType::kList) CHECK(param_entry(p) != nullptr);
    if (p.min && p.max) CHECK(*p.min <= *p.max);
    if (!p.only_for.empty() || !p.required_for.empty()) check_discriminated(p);
  }
}

TEST_CASE("pattern paths of concrete key paths", "[scenario][params]") {
  CHECK(param_pattern_of("spec.functions.api.arrivals[1].rate") ==
        "spec.functions.<name>.arrivals[].rate");
  CHECK(param_pattern_of("spec.functions.api.memory") == "spec.functions.<name>.memory");
  CHECK(param_pattern_of("spec.functions.api.duration.median") == "<distribution>.median");
  CHECK(param_pattern_of("spec.account") == "spec.account");
  CHECK(param_pattern_of("spec.variants.v1") == "spec.variants.<name>");
  CHECK(param_pattern_of("spec.nope").empty());
  CHECK(param_pattern_of("spec.functions.api.memory.x").empty());
  CHECK(param_pattern_of("spec.functions.api.arrivals.rate").empty());
  CHECK(param_parent("spec.functions.<name>.arrivals[]") == "spec.functions.<name>.arrivals");
  CHECK(param_key("spec.account.concurrency") == "concurrency");
  std::vector<std::string_view> account;
  for (const ParamSpec* c : param_children("spec.account")) account.push_back(param_key(c->path));
  CHECK(contains(account, "concurrency"));
  CHECK(contains(account, "legacy_burst"));
  std::vector<std::string_view> functions;
  for (const ParamSpec* c : param_children("spec.functions")) functions.push_back(c->path);
  CHECK(functions.empty());  // entries are not keys
  CHECK(param_entry(*find_param("spec.functions"))->path == "spec.functions.<name>");
}

TEST_CASE("defaults are the values of docs/aws-facts.md", "[scenario][params]") {
  const LoadResult r = load_scenario_text(kMinimal, "t.yaml", "");
  REQUIRE(r.ok());
  const Scenario& s = *r.scenario;
  CHECK(s.run.horizon == minutes(30));
  CHECK(s.run.seed == 1);
  CHECK(s.run.timeseries_interval == seconds(1));
  const AccountConfig& a = s.model.account;
  CHECK(a.region == "us-east-1");
  CHECK(a.concurrency_limit == 1000);  // Account concurrency
  CHECK(a.unreserved_minimum == 100);  // Unreserved minimum
  CHECK_FALSE(a.request_rate_per_s);   // derived: 10 x concurrency
  CHECK(a.scaling == ScalingModel::kCurrent);
  CHECK(a.scaling_environments == 1000);  // 1,000 per 10 s
  CHECK(a.scaling_window == seconds(10));
  CHECK_FALSE(a.legacy_burst);  // by region
  CHECK(legacy_burst_for_region(a.region) == 3000);
  CHECK(a.legacy_increase_per_min == 500);
  const PricingConfig& p = s.model.pricing;
  CHECK(p.request_per_million_usd == 0.20);
  CHECK(p.gb_second_x86_usd == 0.0000166667);
  CHECK(p.gb_second_arm_usd == 0.0000133334);
  CHECK(p.provisioned_gb_second_usd == 0.0000041667);
  CHECK(p.provisioned_duration_gb_second_usd == 0.0000097222);
  CHECK(p.bill_init);
  CHECK(p.nat_hour_usd == 0.045);  // NAT gateway
  CHECK(p.nat_gb_usd == 0.045);
  CHECK(p.endpoint_az_hour_usd == 0.01);  // Interface endpoint
  CHECK(p.endpoint_gb_usd == 0.01);
  CHECK(p.cross_az_gb_usd == 0.01);  // Cross-AZ transfer
  CHECK(s.model.network.enis_per_vpc == 250);
  CHECK(s.model.faults.detection_delay == minutes(2));
  REQUIRE(s.model.functions.size() == 1);
  const FunctionConfig& f = s.model.functions[0];
  CHECK(f.memory_mb == 128);
  CHECK(f.timeout == seconds(3));
  CHECK(f.init_cap == seconds(10));  // Init phase capped at 10 s
  CHECK(f.provisioned_delay == seconds(90));
  CHECK(f.provisioned_rate_per_min == 6000);
  CHECK(f.keep_alive.seconds().kind() == DistributionKind::kDeterministic);
  CHECK(f.keep_alive.mean_seconds() == 600);  // ~10 min
  CHECK(f.max_lifetime == hours(4));
  CHECK(f.invocation == InvocationType::kSync);
  CHECK(f.async.max_event_age == hours(6));
  CHECK(f.async.max_retries == 2);
  CHECK(f.async.first_retry_delay == minutes(1));
  CHECK(f.async.second_retry_delay == minutes(2));
  CHECK(f.async.throttle_backoff_initial == seconds(1));
  CHECK(f.async.throttle_backoff_max == minutes(5));
  CHECK(f.async.on_failure == OnFailure::kDrop);
  // The table says the same as the structs.
  CHECK(find_param("spec.account.concurrency")->default_text == "1000");
  CHECK(find_param("spec.functions.<name>.timeout")->default_text == "3s");
  CHECK(*find_param("spec.functions.<name>.timeout")->max == 900);
  CHECK(*find_param("spec.functions.<name>.memory")->max == 10240);
  CHECK(*find_param("spec.functions.<name>.async.max_event_age")->min == 60);
}

TEST_CASE("every literal default, written out, changes nothing", "[scenario][params]") {
  // Every section: account, pricing, network, VPC items, targets, calls,
  // sources, faults, functions, async, arrivals, distributions.
  const DefaultsCheck r = check_literal_defaults(param_table());
  INFO(fmt::format("{}", fmt::join(r.mismatches, "\n")));
  CHECK(r.mismatches.empty());
  CHECK(r.checked > 75);
}

TEST_CASE("the defaults check fails when a row's default is wrong", "[scenario][params]") {
  const auto changed = [](std::string_view path, const std::string& text) {
    std::vector<ParamSpec> copy = param_table();
    for (ParamSpec& p : copy) {
      if (p.path == path) p.default_text = text;
    }
    return check_literal_defaults(copy).mismatches;
  };
  const auto enis = changed("spec.network.enis_per_vpc", "251");
  REQUIRE(enis.size() == 1);
  CHECK(enis[0] == "spec.network.enis_per_vpc = 251: changes the configuration");
  const auto delay = changed("spec.account.az_detection_delay", "3m");
  REQUIRE(delay.size() == 1);
  CHECK(delay[0] == "spec.account.az_detection_delay = 3m: changes the configuration");
  const auto factor = changed("spec.faults[].factor", "9");
  REQUIRE(factor.size() == 1);
  CHECK(factor[0] == "spec.faults[4].factor = 9: changes the configuration");
}

TEST_CASE("defaults are derived from the config structs", "[scenario][params]") {
  CHECK(find_param("spec.network.enis_per_vpc")->default_text == "250");
  CHECK(find_param("spec.account.az_detection_delay")->default_text == "2m");
  CHECK(find_param("spec.account.legacy_increase")->default_text == "500/m");
  CHECK(find_param("spec.functions.<name>.init")->default_text ==
        "{dist: lognormal, median: 250ms, p99: 1s}");
  CHECK(find_param("spec.network.hyperplane_creation")->default_text ==
        "{dist: uniform, min: 60s, max: 90s}");
  CHECK(find_param("spec.network.vpcs.<name>.nat_gateways[].bandwidth")->default_text == "5Gbps");
  CHECK(find_param("spec.pricing.request_per_million")->default_text == "0.20");
  CHECK(find_param("spec.pricing.nat_hour")->default_text == "0.045");
  CHECK(find_param("spec.pricing.cross_az_gb")->default_text == "0.01");
  CHECK(find_param("spec.faults[].factor")->default_text == "10");
  CHECK(find_param("spec.account.scaling")->values ==
        std::vector<std::string_view>{"current", "legacy"});
}

TEST_CASE("schema as text and JSON lists every key", "[scenario][params]") {
  const std::string text = render_schema_text();
  const auto json = nlohmann::json::parse(render_schema_json());
  CHECK(json["apiVersion"] == "lambdasim/v1");
  CHECK(json["parameters"].size() == param_table().size() - 1);
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty()) continue;
    INFO(p.path);
    CHECK(text.find(std::string(p.path) + "\n") != std::string::npos);
  }
  for (const auto& j : json["parameters"]) {
    CHECK(j.contains("path"));
    CHECK(j.contains("type"));
    CHECK(j.contains("help"));
    CHECK(j.contains("source"));
  }
  const auto memory =
      std::find_if(json["parameters"].begin(), json["parameters"].end(),
                   [](const auto& j) { return j["path"] == "spec.functions.<name>.memory"; });
  REQUIRE(memory != json["parameters"].end());
  CHECK((*memory)["min"] == 128);
  CHECK((*memory)["max"] == 10240);
  CHECK((*memory)["type"] == "memory");
}

TEST_CASE("the README's scenario reference is up to date", "[scenario][params]") {
  const std::string readme = read_file(std::string(LAMBDASIM_SOURCE_DIR) + "/README.md");
  const std::string begin = "<!-- BEGIN SCENARIO REFERENCE -->";
  const std::string end = "<!-- END SCENARIO REFERENCE -->";
  const auto b = readme.find(begin);
  const auto e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  REQUIRE(b < e);
  const std::string section = readme.substr(b + begin.size(), e - b - begin.size());
  const bool fresh = section == "\n" + render_schema_markdown();
  if (!fresh) {
    FAIL(
        "README.md's scenario reference is stale: run `tools/update_readme.sh "
        "build/<preset>/lambdasim` (or paste `lambdasim schema --format markdown` between the "
        "markers)");
  }
  const std::string markdown = render_schema_markdown();
  for (const char* key : {"`concurrency`", "`memory`", "`arrivals`", "`keep_alive`", "`p99`"}) {
    CHECK(markdown.find(key) != std::string::npos);
  }
}
