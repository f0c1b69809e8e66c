// `explain` and `compare` end to end through the library: a golden explain
// text for a tiny VPC scenario, the legacy ENI formula, paired comparisons of
// identical and different variants, and a fault replay from a scenario file
// that is the same on every run and thread count.
//
// The golden file: tests/data/golden/explain_tiny.txt. After an intended change
// to explain's output, regenerate it with
//   LAMBDASIM_UPDATE_GOLDEN=1 build/<dir>/tests/lambdasim_tests "[golden]"
// and review the diff before committing it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "golden.hpp"
#include "lambdasim/experiment/compare.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;
using lambdasim::testing::check_golden;
using lambdasim::testing::check_same_flatten;
using lambdasim::testing::same_value;

namespace {

const std::string kGolden = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/golden/";

Scenario load_file_ok(const std::string& path, const std::vector<Override>& overrides = {}) {
  const LoadResult r = load_scenario_file(path, overrides);
  INFO(path << "\n" << format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

Scenario load_text_ok(const std::string& text, const std::vector<Override>& overrides = {}) {
  const LoadResult r = load_scenario_text(text, "t.yaml", "", overrides);
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

Scenario load_variant_ok(const std::string& text, const std::string& variant) {
  const LoadResult r = load_scenario_variant_text(text, "t.yaml", "", variant);
  INFO(variant << "\n" << format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

bool same_ci(const ConfidenceInterval& a, const ConfidenceInterval& b) {
  return same_value(a.mean, b.mean) && same_value(a.half_width, b.half_width) &&
         same_value(a.stddev, b.stddev) && a.n == b.n;
}

// A function at 1,000 concurrent executions: 1,000/s x a deterministic 1 s.
const std::string kLegacyScenario = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: legacy-formula}
spec:
  horizon: 1m
  network:
    eni_model: per-execution
    vpcs:
      main:
        subnets:
          - {name: a, az: use1-az1, cidr: 10.0.0.0/20}
          - {name: b, az: use1-az2, cidr: 10.0.16.0/20}
  functions:
    api:
      memory: 1024MiB
      timeout: 10s
      duration: {dist: deterministic, value: 1s}
      vpc: {vpc: main, subnets: [a, b], security_groups: [sg-1]}
      arrivals: [{dist: constant, rate: 1000/s}]
)";

// One reserved function under more load than 10 environments carry.
const std::string kReservedScenario = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: reserved}
spec:
  horizon: 1m
  seed: 11
  functions:
    api:
      timeout: 5s
      reserved_concurrency: 10
      duration: {dist: exponential, mean: 400ms}
      init: 100ms
      arrivals: [{dist: poisson, rate: 40/s}]
  variants:
    a: {}
    b: {}
    r10: {functions.api.reserved_concurrency: 10}
    r20: {functions.api.reserved_concurrency: 20}
)";

}  // namespace

TEST_CASE("explain of a tiny VPC scenario matches the golden text", "[explain][golden]") {
  const Scenario s = load_file_ok(kGolden + "explain_tiny.yaml");
  check_golden(kGolden + "explain_tiny.txt",
               render_explanation_text(explain(s.model, s.run.horizon)),
               "routes, ENI counts, peak concurrency, warnings");
}

TEST_CASE("explain of the tiny VPC scenario: routes, ENIs and warnings", "[explain]") {
  // The facts the golden text shows, checked one by one so that a failure
  // says which is wrong.
  const Scenario s = load_file_ok(kGolden + "explain_tiny.yaml");
  const Explanation e = explain(s.model, s.run.horizon);
  REQUIRE(e.functions.size() == 2);
  const ExplainedFunction& api = e.functions[0];
  CHECK(api.hyperplane_enis == 2);
  CHECK(api.per_execution_envs_per_eni == 6);  // floor(3072 / 512)
  CHECK(api.peak_rate_per_s == Approx(100));
  CHECK(api.per_execution_enis ==
        static_cast<int>(std::ceil(api.peak_concurrency / api.per_execution_envs_per_eni)));
  auto route = [&](const ExplainedFunction& f, const std::string& subnet,
                   const std::string& target) -> const ExplainedRoute& {
    for (const ExplainedRoute& r : f.routes) {
      if (r.subnet == subnet && r.target == target) return r;
    }
    FAIL("no route " << subnet << " -> " << target);
    return f.routes.front();
  };
  CHECK(route(api, "priv-a", "web").kind == RouteKind::kNat);
  CHECK(route(api, "iso-b", "web").kind == RouteKind::kUnreachable);
  CHECK(route(api, "priv-a", "s3").kind == RouteKind::kGatewayEndpoint);
  CHECK(route(api, "iso-b", "s3").kind == RouteKind::kGatewayEndpoint);
  CHECK(route(api, "priv-a", "db").kind == RouteKind::kPrivate);
  CHECK_FALSE(route(api, "priv-a", "db").cross_az);
  CHECK(route(api, "iso-b", "db").kind == RouteKind::kPrivate);
  CHECK(route(api, "iso-b", "db").cross_az);
  CHECK(api.routes.size() == 6);
  CHECK(api.warnings.size() == 1);  // iso-b cannot reach the internet

  const ExplainedFunction& reporter = e.functions[1];
  CHECK(reporter.attachment == "Lambda service VPC");
  REQUIRE(reporter.routes.size() == 1);
  CHECK(reporter.routes[0].kind == RouteKind::kUnreachable);
  CHECK(reporter.warnings.size() == 1);
  CHECK(reporter.per_execution_enis == 0);  // no VPC, no ENIs

  REQUIRE(e.subnets.size() == 2);
  CHECK(e.subnets[0].usable_ips == 59);  // /26 minus AWS's 5
  CHECK(e.subnets[1].usable_ips == 11);  // /28 minus AWS's 5
  CHECK(e.subnets[0].hyperplane_enis == 1);
  CHECK(e.subnets[1].hyperplane_enis == 1);
  CHECK(e.hyperplane_enis_total == 2);
  REQUIRE(e.nats.size() == 1);  // only web goes through nat-a
  CHECK(e.nats[0].nat == "nat-a");
  CHECK(e.nats[0].target == "web");
  CHECK(e.nats[0].connections_limit == 110000);
  CHECK(e.warnings.empty());
}

TEST_CASE("explain counts the hang of unreachable calls in the busy time", "[explain]") {
  // DESIGN.md: an unreachable call "hangs until the call's connect timeout
  // (default: the function's timeout), holding its concurrency all the
  // while". So peak concurrency (and the per-execution ENIs derived from it)
  // must include the hang, not the target's latency.
  const Scenario s = load_file_ok(kGolden + "explain_tiny.yaml");
  const Explanation e = explain(s.model, s.run.horizon);
  REQUIRE(e.functions.size() == 2);
  // reporter: every invocation's db call hangs until the 3 s timeout, so each
  // invocation is busy 3 s: 10/s x 3 s = 30 concurrent.
  const ExplainedFunction& reporter = e.functions[1];
  CHECK(reporter.mean_busy_s == Approx(3.0));
  CHECK(reporter.peak_concurrency == Approx(30.0));
  // api: calls to web from iso-b hang 3 s. Whatever the share of iso-b, that is
  // far above 100/s x 85 ms = 8.5 (the simulation peaks at ~55).
  const ExplainedFunction& api = e.functions[0];
  CHECK(api.peak_concurrency > 40);
}

TEST_CASE("explain applies the legacy ENI formula", "[explain]") {
  SECTION("1024 MiB: 3 environments per ENI, 334 ENIs") {
    const Scenario s = load_text_ok(kLegacyScenario);
    const Explanation e = explain(s.model, s.run.horizon);
    REQUIRE(e.functions.size() == 1);
    CHECK(e.functions[0].peak_concurrency == Approx(1000));
    CHECK(e.functions[0].per_execution_envs_per_eni == 3);
    CHECK(e.functions[0].per_execution_enis == 334);
    CHECK(e.per_execution_enis_total == 334);
    CHECK(e.functions[0].hyperplane_enis == 2);
  }
  SECTION("128 MiB: 24 environments per ENI, 42 ENIs") {
    const Scenario s = load_text_ok(kLegacyScenario, {{"functions.api.memory", "128MiB"}});
    const Explanation e = explain(s.model, s.run.horizon);
    REQUIRE(e.functions.size() == 1);
    CHECK(e.functions[0].per_execution_envs_per_eni == 24);
    CHECK(e.functions[0].per_execution_enis == 42);
    CHECK(e.per_execution_enis_total == 42);
  }
}

TEST_CASE("compare of two identical variants gives zero differences", "[compare]") {
  const std::vector<Scenario> variants = {load_variant_ok(kReservedScenario, "a"),
                                          load_variant_ok(kReservedScenario, "b")};
  const Comparison c = compare_variants(variants, {"a", "b"}, 3, 1);
  CHECK(c.variants == std::vector<std::string>{"a", "b"});
  CHECK(c.replications == 3);
  REQUIRE(!c.metrics.empty());
  for (const ComparedMetric& m : c.metrics) {
    INFO(m.name);
    REQUIRE(m.values.size() == 2);
    REQUIRE(m.difference.size() == 2);
    CHECK(same_ci(m.values[0], m.values[1]));
    if (m.values[0].n > 0) {
      CHECK(m.difference[1].n == 3);
      CHECK(m.difference[1].mean == 0.0);
      CHECK(m.difference[1].half_width == 0.0);
    } else {
      CHECK(m.difference[1].n == 0);  // undefined in every run: no pairs
    }
  }
  const ComparedMetric* invocations = c.find("total.attempts");
  REQUIRE(invocations != nullptr);
  CHECK(invocations->values[0].mean > 1000);
}

TEST_CASE("compare of reserved concurrency 10 vs 20 pairs the same arrivals",
          "[compare][threads]") {
  const std::vector<Scenario> variants = {load_variant_ok(kReservedScenario, "r10"),
                                          load_variant_ok(kReservedScenario, "r20")};
  const Comparison c = compare_variants(variants, {"r10", "r20"}, 3, 2);
  auto metric = [&](const std::string& name) -> const ComparedMetric& {
    const ComparedMetric* m = c.find(name);
    INFO(name);
    REQUIRE(m != nullptr);
    return *m;
  };
  // Common random numbers: the same arrivals in both variants.
  const ComparedMetric& invocations = metric("total.attempts");
  CHECK(same_ci(invocations.values[0], invocations.values[1]));
  CHECK(invocations.difference[1].mean == 0.0);
  CHECK(invocations.difference[1].half_width == 0.0);
  // 40/s x 0.4 s = 16 concurrent: 10 throttles a large share, 20 far less.
  const ComparedMetric& throttles = metric("total.throttles");
  CHECK(throttles.values[0].mean > 0);
  CHECK(throttles.difference[1].mean < 0);
  CHECK(throttles.difference[1].upper() < 0);
  const ComparedMetric& successes = metric("total.successes");
  CHECK(successes.difference[1].mean > 0);
  CHECK(metric("total.p_throttle").difference[1].mean < 0);
  CHECK(metric("total.concurrency_peak").difference[1].mean > 0);
  CHECK(metric("total.concurrency_peak").values[0].mean <= 10);
  CHECK(metric("total.concurrency_peak").values[1].mean <= 20);
}

TEST_CASE("a fault replayed from a scenario file is deterministic",
          "[faults][determinism][threads]") {
  const Scenario s = load_file_ok(kGolden + "az_outage_small.yaml");
  REQUIRE(s.model.faults.timeline.size() == 1);

  SECTION("two runs of one replication") {
    const ReplicationResult a = run_replication(s, 0);
    const ReplicationResult b = run_replication(s, 0);
    CHECK(a.summary.total.attempts > 0);
    CHECK(a.events == b.events);
    check_same_flatten(a.summary, b.summary);
    REQUIRE(a.summary.faults.size() == 1);
    const FaultWindowSummary& w = a.summary.faults[0];
    CHECK(w.kind == "az_outage");
    CHECK(w.started);
    CHECK_FALSE(w.open);
    CHECK(w.attempts > 0);
    // Placements in use1-az1 fail until detection: some attempts are lost.
    CHECK(w.outcomes[static_cast<std::size_t>(Outcome::kAzFailure)] > 0);
    CHECK(w.availability < 1.0);
    CHECK(w.availability > 0.5);
    CHECK(!a.timeseries.rows.empty());
    CHECK(timeseries_to_csv(a.timeseries, s.model) == timeseries_to_csv(b.timeseries, s.model));
  }
  SECTION("run_replications on 1 and 2 threads") {
    const std::vector<ReplicationResult> one = run_replications(s, 3, 1);
    const std::vector<ReplicationResult> two = run_replications(s, 3, 2);
    REQUIRE(one.size() == 3);
    REQUIRE(two.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("replication " << i);
      CHECK(one[i].replication == i);
      CHECK(two[i].replication == i);
      CHECK(one[i].events == two[i].events);
      check_same_flatten(one[i].summary, two[i].summary);
    }
    // Replications differ from each other (their own streams).
    CHECK(one[0].events != one[1].events);
  }
}

TEST_CASE("a fault window's availability is at most 1", "[faults]") {
  // With the default 10 min keep-alive the outage costs almost nothing, and
  // invocations that arrived before the window but succeed inside it must not
  // push availability above 100%.
  const Scenario s =
      load_file_ok(kGolden + "az_outage_small.yaml", {{"functions.api.keep_alive", "10m"}});
  const ReplicationResult r = run_replication(s, 0);
  REQUIRE(r.summary.faults.size() == 1);
  const FaultWindowSummary& w = r.summary.faults[0];
  INFO("attempts " << w.attempts << ", successes " << w.successes);
  CHECK(w.availability <= 1.0);
  CHECK(w.availability > 0.99);
}

TEST_CASE("explain counts in-VPC clients' NAT ports to the Lambda API", "[explain]") {
  // 100/s, each request's connection never closed: the NAT holds it for its
  // 350 s idle timeout, so 35,000 ports to one destination.
  const std::string file =
      std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/vpc-client-endpoint.yaml";
  const Scenario s =
      load_file_ok(file, {{"network.vpcs.clients.interface_endpoints", "[]"},
                          {"functions.render.arrivals[0].source.connection_hold", "1h"}});
  const Explanation e = explain(s.model, s.run.horizon);
  REQUIRE(e.nats.size() == 1);
  CHECK(e.nats[0].target == "the Lambda API");
  CHECK(e.nats[0].connections_needed == Approx(35000));
  // Through the endpoint, no NAT port at all.
  const Scenario via_endpoint =
      load_file_ok(file, {{"functions.render.arrivals[0].source.connection_hold", "1h"}});
  CHECK(explain(via_endpoint.model, via_endpoint.run.horizon).nats.empty());
}
