// The parameter table: its consistency, its defaults against config.hpp and
// AWS_FACTS.md, the schema renderers, and the README's scenario reference.
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

// Every field the table writes, as text: two scenarios with equal summaries
// were configured alike.
std::string summary(const Scenario& s) {
  std::string out = fmt::format("run {} {} {}\n", s.run.horizon.count(), s.run.seed,
                                s.run.timeseries_interval.count());
  const AccountConfig& a = s.model.account;
  out += fmt::format("account {} {} {} {} {} {} {} {} {} {}\n", a.region, fmt::join(a.azs, ","),
                     a.concurrency_limit, a.unreserved_minimum, a.request_rate_per_s.value_or(-1),
                     static_cast<int>(a.scaling), a.scaling_environments, a.scaling_window.count(),
                     a.legacy_burst.value_or(-1), a.legacy_increase_per_min);
  const PricingConfig& p = s.model.pricing;
  out += fmt::format("pricing {} {} {} {} {} {}\n", p.request_per_million_usd, p.gb_second_x86_usd,
                     p.gb_second_arm_usd, p.provisioned_gb_second_usd,
                     p.provisioned_duration_gb_second_usd, p.bill_init);
  for (const FunctionConfig& f : s.model.functions) {
    out += fmt::format(
        "function {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}\n", f.name, f.memory_mb,
        static_cast<int>(f.architecture), f.timeout.count(), f.duration.seconds().describe(),
        f.init.seconds().describe(), f.init_cap.count(), f.reserved_concurrency.value_or(-1),
        f.provisioned_concurrency, f.provisioned_start.count(), f.provisioned_delay.count(),
        f.provisioned_rate_per_min, f.error_rate, f.keep_alive.seconds().describe(),
        f.max_lifetime.count(), static_cast<int>(f.invocation), f.arrivals.size());
    const AsyncConfig& x = f.async;
    out += fmt::format("async {} {} {} {} {} {} {}\n", x.max_event_age.count(), x.max_retries,
                       x.first_retry_delay.count(), x.second_retry_delay.count(),
                       x.throttle_backoff_initial.count(), x.throttle_backoff_max.count(),
                       static_cast<int>(x.on_failure));
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
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
    const bool sourced = p.source.substr(0, 12) == "AWS_FACTS.md" ||
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
    // only_for / required_for name values of the section's discriminator.
    if (!p.only_for.empty() || !p.required_for.empty()) {
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

TEST_CASE("defaults are the values of AWS_FACTS.md", "[scenario][params]") {
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
  const LoadResult base = load_scenario_text(kMinimal, "t.yaml", "");
  REQUIRE(base.ok());
  const std::string expected = summary(*base.scenario);
  int checked = 0;
  for (const ParamSpec& p : param_table()) {
    const std::string_view d = p.default_text;
    if (d.empty() || d.front() == '(' || d.find(" (") != std::string_view::npos) continue;
    // List items and entries of other named maps need their required siblings.
    if (p.path.find("[]") != std::string_view::npos || p.path.front() == '<') continue;
    if (p.path.starts_with("spec.network.vpcs.<name>") ||
        p.path.starts_with("spec.targets.<name>")) {
      continue;
    }
    std::string path(p.path);
    if (const auto at = path.find("<name>"); at != std::string::npos) path.replace(at, 6, "api");
    INFO(path << " = " << d);
    const LoadResult r = load_scenario_text(kMinimal, "t.yaml", "", {{path, std::string(d)}});
    INFO(format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    CHECK(summary(*r.scenario) == expected);
    ++checked;
  }
  CHECK(checked > 35);
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
