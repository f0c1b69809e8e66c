// The fault-kind table (fault_kinds.hpp): every kind has a name and every
// name a kind, the keys it lists are rows of the parameter table, and the
// scenario's fault rows and checks follow it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "lambdasim/scenario/params.hpp"

using namespace lambdasim;

namespace {

bool contains(const std::vector<std::string_view>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

LoadResult load_with_fault(const std::string& fault) {
  const std::string yaml = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: t}
spec:
  network:
    vpcs:
      main:
        subnets:
          - {name: a, az: use1-az1, cidr: 10.0.1.0/24}
  targets:
    web: {kind: internet}
  functions:
    api:
      arrivals:
        - {dist: poisson, rate: 10/s}
  faults:
    - )" + fault + "\n";
  return load_scenario_text(yaml, "t.yaml", "");
}

}  // namespace

TEST_CASE("every fault kind has a name and every name a kind", "[scenario][faults]") {
  const auto specs = fault_kind_specs();
  REQUIRE(specs.size() == 7);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto kind = static_cast<FaultKind>(i);  // every enum value, in order
    INFO(i);
    CHECK(specs[i].kind == kind);
    CHECK(&fault_kind_spec(kind) == &specs[i]);
    CHECK_FALSE(fault_kind_name(kind).empty());
    CHECK_FALSE(specs[i].help.empty());
    CHECK(names.insert(fault_kind_name(kind)).second);  // unique
    CHECK(fault_kind_from_name(fault_kind_name(kind)) == kind);
    CHECK((specs[i].required & specs[i].optional) == 0);
  }
  CHECK_FALSE(fault_kind_from_name("az-outage"));
  CHECK_FALSE(fault_kind_from_name(""));
}

TEST_CASE("the fault rows are generated from the fault-kind table", "[scenario][faults]") {
  const ParamSpec* kind = find_param("spec.faults[].kind");
  REQUIRE(kind != nullptr);
  REQUIRE(kind->values.size() == fault_kind_specs().size());
  for (const FaultKindSpec& k : fault_kind_specs()) {
    INFO(k.name);
    CHECK(contains(kind->values, k.name));
    CHECK(std::string_view(kind->help).find(k.name) != std::string_view::npos);
  }
  // Every key a spec lists is a row, valid exactly for the kinds that list it.
  for (FaultKey key : kAllFaultKeys) {
    const std::string path = "spec.faults[]." + std::string(fault_key_name(key));
    INFO(path);
    const ParamSpec* row = find_param(path);
    REQUIRE(row != nullptr);
    for (const FaultKindSpec& k : fault_kind_specs()) {
      CHECK(contains(row->only_for, k.name) == has_key(k.required | k.optional, key));
      CHECK(contains(row->required_for, k.name) == has_key(k.required, key));
    }
  }
  // Nothing under spec.faults[] but the keys of the table and kind, at, for.
  for (const ParamSpec* row : param_children("spec.faults[]")) {
    const std::string_view key = param_key(row->path);
    const bool listed = std::any_of(std::begin(kAllFaultKeys), std::end(kAllFaultKeys),
                                    [&](FaultKey k) { return fault_key_name(k) == key; });
    CHECK((listed || key == "kind" || key == "at" || key == "for"));
  }
}

TEST_CASE("a fault kind not in the table is an error", "[scenario][faults]") {
  const LoadResult r = load_with_fault("{kind: az_failure, at: 1m, az: use1-az1}");
  CHECK_FALSE(r.ok());
  CHECK(format_diagnostics(r.diagnostics).find("az_failure") != std::string::npos);
  CHECK(load_with_fault("{kind: az_outage, at: 1m, az: use1-az1}").ok());
}

TEST_CASE("a fault's keys and names are checked as its kind's spec says", "[scenario][faults]") {
  CHECK_FALSE(load_with_fault("{kind: latency, at: 1m, target: web}").ok());  // extra required
  CHECK_FALSE(load_with_fault("{kind: nat_failure, at: 1m, vpc: main, nat: nope}").ok());
  CHECK_FALSE(load_with_fault("{kind: endpoint_failure, at: 1m, vpc: main, endpoint: x}").ok());
  CHECK_FALSE(load_with_fault("{kind: az_outage, at: 1m, az: mars-az1}").ok());
  CHECK_FALSE(load_with_fault("{kind: eni_api_throttle, at: 1m, severity: 0.5}").ok());
}

TEST_CASE("a fault's default severity comes from its kind", "[scenario][faults]") {
  const LoadResult throttle = load_with_fault("{kind: eni_api_throttle, at: 1m}");
  REQUIRE(throttle.ok());
  CHECK(throttle.scenario->model.faults.timeline[0].severity == 10);  // factor 10
  const LoadResult az = load_with_fault("{kind: az_outage, at: 1m, az: use1-az1}");
  REQUIRE(az.ok());
  CHECK(az.scenario->model.faults.timeline[0].severity == 1);
}

TEST_CASE("what a fault is counted against", "[scenario][faults]") {
  FaultConfig f;
  f.kind = FaultKind::kAzOutage;
  f.az = "use1-az1";
  CHECK(fault_subject(f) == "use1-az1");
  f.kind = FaultKind::kNatFailure;
  f.vpc = "main";
  f.resource = "nat-a";
  CHECK(fault_subject(f) == "main/nat-a");
  f.kind = FaultKind::kTargetOutage;
  f.target = "db";
  CHECK(fault_subject(f) == "db");
  f.kind = FaultKind::kEniApiThrottle;
  CHECK(fault_subject(f).empty());
  for (const FaultKindSpec& k : fault_kind_specs()) {
    // A kind counted against something names it with a required key.
    INFO(k.name);
    if (k.subject == FaultSubject::kAz) CHECK(has_key(k.required, FaultKey::kAz));
    if (k.subject == FaultSubject::kTarget) CHECK(has_key(k.required, FaultKey::kTarget));
    if (k.subject == FaultSubject::kVpcResource) CHECK(has_key(k.required, FaultKey::kVpc));
  }
}
