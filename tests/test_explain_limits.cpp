// Issue 12: `explain` names the limit that binds first for each function
// (account or reserved concurrency, request rate, scaling rate, ENIs, subnet
// IPs, NAT ports) with the uncapped demand, instead of capping the peak
// concurrency silently. Checked on every shipped scenario, with the expected
// limit and numbers for the scenarios built around one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "scenario_support.hpp"

using namespace lambdasim;

namespace {

namespace fs = std::filesystem;

std::string scenario_path(const std::string& name) {
  return std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
}

using lambdasim::testing::load_ok;

Explanation explain_scenario(const std::string& name, const std::vector<Override>& overrides = {}) {
  const Scenario s = load_ok(scenario_path(name), overrides);
  return explain(s.model, s.run.horizon);
}

const ExplainedFunction& function_named(const Explanation& e, const std::string& name) {
  const auto it = std::find_if(e.functions.begin(), e.functions.end(),
                               [&](const ExplainedFunction& f) { return f.name == name; });
  REQUIRE(it != e.functions.end());
  return *it;
}

const ExplainedLimit& binding(const ExplainedFunction& f) {
  INFO(f.name << ": " << binding_limit_text(f));
  REQUIRE(f.binding_limit.has_value());
  REQUIRE(*f.binding_limit < f.limits.size());
  return f.limits[*f.binding_limit];
}

}  // namespace

TEST_CASE("explain names a binding limit, or none, for every function of every shipped scenario",
          "[explain][limits][shipped]") {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(fs::path(LAMBDASIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() >= 10);
  std::size_t bound = 0;
  for (const std::string& path : paths) {
    const Scenario s = load_ok(path);
    const Explanation e = explain(s.model, s.run.horizon);
    const std::string text = render_explanation_text(e);
    const nlohmann::json json = nlohmann::json::parse(render_explanation_json(e));
    REQUIRE(json["functions"].size() == e.functions.size());
    for (std::size_t i = 0; i < e.functions.size(); ++i) {
      const ExplainedFunction& f = e.functions[i];
      INFO(path << " function " << f.name << ": " << binding_limit_text(f));
      // Account (or reserved) concurrency, request rate and scaling at least.
      CHECK(f.limits.size() >= 3);
      CHECK(f.demand_concurrency == Approx(f.peak_rate_per_s * f.mean_busy_s));
      CHECK(f.peak_concurrency <= f.demand_concurrency + 1e-9);
      CHECK(text.find("  " + binding_limit_text(f) + "\n") != std::string::npos);
      CHECK(json["functions"][i]["binding_limit_text"] == binding_limit_text(f));
      if (f.binding_limit) {
        ++bound;
        const ExplainedLimit& l = binding(f);
        // It binds: below the demand, and no limit allows less.
        CHECK(l.capacity < f.demand_concurrency);
        for (const ExplainedLimit& other : f.limits) CHECK(other.capacity >= l.capacity);
        CHECK(json["functions"][i]["binding_limit"]["name"] == l.name);
      } else {
        CHECK(binding_limit_text(f).find("binding limit: none: demand ~") == 0);
        for (const ExplainedLimit& l : f.limits) CHECK(l.capacity >= f.demand_concurrency - 0.5);
        CHECK(json["functions"][i]["binding_limit"].is_null());
      }
    }
  }
  // The shipped set is mostly about limits: at least the four below bind.
  CHECK(bound >= 4);
}

TEST_CASE("burst-10x: account concurrency binds at 1000 under a demand of ~1906",
          "[explain][limits]") {
  const Explanation e = explain_scenario("burst-10x");
  const ExplainedFunction& f = function_named(e, "api");
  const ExplainedLimit& l = binding(f);
  CHECK(l.name == "account concurrency");
  CHECK(l.capacity == 1000);
  // 5,000/s x 0.381 s: the lognormal's mean of 300 ms median, 1.5 s p99.
  CHECK(f.demand_concurrency == Approx(1906).margin(5));
  CHECK(f.peak_concurrency == 1000);
  CHECK(binding_limit_text(f) == "binding limit: account concurrency 1000 (demand ~1906)");
}

TEST_CASE("burst-10x with the account limit raised: the scaling rate binds next",
          "[explain][limits]") {
  const Explanation e =
      explain_scenario("burst-10x", {Override{"spec.account.concurrency", "5000"}});
  const ExplainedFunction& f = function_named(e, "api");
  const ExplainedLimit& l = binding(f);
  CHECK(l.name == "scaling rate");
  // ~190 running at 500/s before the burst + a full bucket of 1,000.
  CHECK(l.capacity == Approx(500 * f.mean_busy_s + 1000));
  CHECK(f.demand_concurrency == Approx(1906).margin(5));
  CHECK(f.peak_concurrency == Approx(f.demand_concurrency));
}

TEST_CASE("eni-quota-burst: the region's ENI quota binds (350 ENIs x 2 environments)",
          "[explain][limits]") {
  const Explanation e = explain_scenario("eni-quota-burst");
  const ExplainedFunction& f = function_named(e, "api");
  const ExplainedLimit& l = binding(f);
  CHECK(l.name == "ENIs");
  CHECK(e.region_interface_quota == 350);
  CHECK(l.capacity == Approx(350 * f.per_execution_envs_per_eni));
  CHECK(l.capacity == Approx(700));
  CHECK(f.demand_concurrency == Approx(812).margin(1));
}

TEST_CASE("subnet-exhaustion: subnet IPs bind (2 x 21 IPs)", "[explain][limits]") {
  const Explanation e = explain_scenario("subnet-exhaustion");
  const ExplainedFunction& f = function_named(e, "worker");
  const ExplainedLimit& l = binding(f);
  CHECK(l.name == "subnet IPs");
  CHECK(l.capacity == Approx(42 * f.per_execution_envs_per_eni));
  CHECK(l.capacity < 45);
  CHECK(f.demand_concurrency == Approx(95.5).margin(1));
}

TEST_CASE("nat-port-exhaustion: NAT ports bind at 55,000 / ~87,522 of the demand",
          "[explain][limits]") {
  const Explanation e = explain_scenario("nat-port-exhaustion");
  const ExplainedFunction& f = function_named(e, "sync-orders");
  const ExplainedLimit& l = binding(f);
  CHECK(l.name == "NAT ports");
  REQUIRE(e.nats.size() == 1);
  CHECK(e.nats[0].connections_limit == 55000);
  CHECK(l.capacity == Approx(f.demand_concurrency * 55000 / e.nats[0].connections_needed));
  CHECK(l.capacity < 0.7 * f.demand_concurrency);
}

TEST_CASE("steady-api: no limit binds", "[explain][limits]") {
  const Explanation e = explain_scenario("steady-api");
  const ExplainedFunction& f = function_named(e, "api");
  CHECK_FALSE(f.binding_limit.has_value());
  CHECK(binding_limit_text(f).find("binding limit: none: demand ~") == 0);
  CHECK(f.demand_concurrency < 1000);
}

TEST_CASE("a reservation binds as reserved concurrency", "[explain][limits]") {
  const Explanation e =
      explain_scenario("burst-10x", {Override{"spec.functions.api.reserved_concurrency", "300"}});
  const ExplainedFunction& f = function_named(e, "api");
  const ExplainedLimit& l = binding(f);
  CHECK(l.name == "reserved concurrency");
  CHECK(l.capacity == 300);
  CHECK(f.peak_concurrency == 300);
}
