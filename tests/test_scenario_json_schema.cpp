// The JSON Schema of the scenario format (`lambdasim schema --format
// json-schema`): its structure follows the parameter table. Validation of
// real scenarios with python3-jsonschema is tools/check_json_schema.py
// (ctest json_schema_scenarios).
#include <regex>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "lambdasim/scenario/json_schema.hpp"
#include "lambdasim/scenario/params.hpp"

namespace {

using lambdasim::find_param;
using lambdasim::param_table;
using lambdasim::ParamType;
using nlohmann::json;

const json& schema() {
  static const json s = json::parse(lambdasim::render_json_schema());
  return s;
}

const json& def(const std::string& name) {
  const json& defs = schema().at("definitions");
  INFO(name);
  REQUIRE(defs.contains(name));
  return defs.at(name);
}

// ECMAScript, as editors run the patterns (python's re accepts these too).
bool matches(const json& property, const std::string& text) {
  return std::regex_search(text, std::regex(property.at("pattern").get<std::string>()));
}

// The sections below `node` (schemas with a type and properties; the if/then
// rules' properties are not sections) that accept unknown keys.
int count_open_sections(const json& node) {
  int open = 0;
  if (node.is_object()) {
    if (node.contains("type") && node.contains("properties") &&
        node.value("additionalProperties", json(true)) != false) {
      ++open;
    }
    for (const auto& [k, v] : node.items()) open += count_open_sections(v);
  } else if (node.is_array()) {
    for (const auto& v : node) open += count_open_sections(v);
  }
  return open;
}

}  // namespace

TEST_CASE("json schema: draft-07, the document's required keys", "[scenario][json_schema]") {
  const json& s = schema();
  CHECK(s.at("$schema") == "http://json-schema.org/draft-07/schema#");
  CHECK(s.at("required") == json({"apiVersion", "kind", "metadata", "spec"}));
  CHECK(s.at("additionalProperties") == false);
  CHECK(s.at("properties").at("apiVersion").at("enum") == json({"lambdasim/v1"}));
  CHECK(count_open_sections(s) == 0);
  CHECK(count_open_sections(json{{"type", "object"}, {"properties", json::object()}}) == 1);
}

TEST_CASE("json schema: one definition per section, keys as in the table",
          "[scenario][json_schema]") {
  std::size_t sections = 0;
  for (const auto& p : param_table()) {
    if (!p.path.empty() && p.type == ParamType::kSection) ++sections;
  }
  // Sections (list items, named-map entries, <distribution>), variants and
  // a sweep's points.
  CHECK(schema().at("definitions").size() == sections + 2);
  const json& fn = def("spec.functions.name");
  CHECK_FALSE(fn.contains("required"));  // every key of a function has a default
  CHECK(fn.at("type") == json({"object", "null"}));
  CHECK(fn.at("additionalProperties") == false);
  for (const char* key : {"memory", "timeout", "arrivals", "vpc", "calls", "duration"}) {
    INFO(key);
    CHECK(fn.at("properties").contains(key));
  }
  // A named map: entry names checked, entries by reference, at least one.
  const json& functions = def("spec").at("properties").at("functions");
  CHECK(functions.at("propertyNames").at("pattern") == "^[A-Za-z0-9_-]{1,64}$");
  CHECK(functions.at("minProperties") == 1);
  CHECK(functions.at("additionalProperties").at("$ref") == "#/definitions/spec.functions.name");
  // A list: items by reference.
  CHECK(fn.at("properties").at("arrivals").at("items").at("$ref") ==
        "#/definitions/spec.functions.name.arrivals.item");
}

TEST_CASE("json schema: units as patterns, plain numbers with their range",
          "[scenario][json_schema]") {
  const json& fn = def("spec.functions.name").at("properties");
  const json& memory = fn.at("memory");
  CHECK(matches(memory, "512MiB"));
  CHECK(matches(memory, "1GB"));
  CHECK_FALSE(matches(memory, "512 parsecs"));
  CHECK(memory.at("minimum") == 128);  // a plain number is MiB
  CHECK(memory.at("maximum") == 10240);
  CHECK(memory.at("default") == 128);
  const json& timeout = fn.at("timeout");
  CHECK(matches(timeout, "250ms"));
  CHECK(matches(timeout, "1.5 s"));
  CHECK_FALSE(matches(timeout, "30"));  // a unit is required
  CHECK_FALSE(matches(timeout, "30 sec"));
  const json& rate = def("spec.functions.name.arrivals.item").at("properties").at("rate");
  for (const char* ok : {"200/s", "12000/m", "5/h", "1000/10s", "30/min", "0"}) {
    INFO(ok);
    CHECK(matches(rate, ok));
  }
  CHECK_FALSE(matches(rate, "200"));
  CHECK_FALSE(matches(rate, "200/fortnight"));
  const json& concurrency = def("spec.account").at("properties").at("concurrency");
  CHECK(concurrency.at("type") == json({"string", "integer"}));
  CHECK(concurrency.at("minimum") == 1);
  CHECK(concurrency.at("maximum") == 1000000);
  CHECK(concurrency.at("default") == 1000);
  CHECK(concurrency.at("description").get<std::string>().find("docs/aws-facts.md") !=
        std::string::npos);
}

TEST_CASE("json schema: the discriminator forbids and requires keys per value",
          "[scenario][json_schema]") {
  const json& arrival = def("spec.functions.name.arrivals.item");
  CHECK(arrival.at("properties").at("dist").at("enum").size() ==
        find_param("spec.functions.<name>.arrivals[].dist")->values.size());
  const json* trace = nullptr;
  for (const json& rule : arrival.at("allOf")) {
    if (rule.at("if").at("properties").at("dist").at("const") == "trace") trace = &rule;
  }
  REQUIRE(trace != nullptr);
  CHECK(trace->at("then").at("properties").at("rate") == false);
  CHECK(trace->at("then").at("properties").at("amplitude") == false);
  CHECK(trace->at("then").at("required") == json({"file"}));
  // Fault kinds the same way.
  const json& fault = def("spec.faults.item");
  CHECK(fault.at("allOf").size() == find_param("spec.faults[].kind")->values.size());
}

TEST_CASE("json schema: variants take the table's key paths", "[scenario][json_schema]") {
  const json& variant = def("spec.variants.name");
  CHECK(variant.at("additionalProperties") == false);
  const json& patterns = variant.at("patternProperties");
  auto schema_of = [&](const std::string& key) -> const json* {
    for (const auto& [re, value] : patterns.items()) {
      if (std::regex_search(key, std::regex(re))) return &value;
    }
    return nullptr;
  };
  REQUIRE(schema_of("functions.api.memory") != nullptr);
  CHECK(matches(*schema_of("functions.api.memory"), "512MiB"));
  CHECK(schema_of("spec.functions.api.memory") == schema_of("functions.api.memory"));
  REQUIRE(schema_of("functions.api.arrivals[1].rate") != nullptr);
  CHECK(matches(*schema_of("functions.api.arrivals[1].rate"), "300/s"));
  CHECK(schema_of("functions.api.duration.median") != nullptr);  // a distribution's key
  CHECK(schema_of("account.concurrency") != nullptr);
  CHECK(schema_of("functions.api.memroy") == nullptr);
  CHECK(schema_of("functions.api.arrivals.rate") == nullptr);  // a list needs an index
}
