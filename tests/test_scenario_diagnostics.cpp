// Diagnostics: compiler-style text, JSON, and the "did you mean" helper.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "lambdasim/scenario/diagnostics.hpp"

using namespace lambdasim;

TEST_CASE("a diagnostic reads like a compiler message", "[scenario][diagnostics]") {
  Diagnostic d{Severity::kError,
               "s.yaml",
               12,
               7,
               "spec.functions.api.memry",
               "unknown key (did you mean 'memory'?)"};
  CHECK(format_diagnostic(d) ==
        "s.yaml:12:7: error: spec.functions.api.memry: unknown key (did you mean 'memory'?)");
  d.severity = Severity::kWarning;
  d.path.clear();
  CHECK(format_diagnostic(d) == "s.yaml:12:7: warning: unknown key (did you mean 'memory'?)");
  d.line = 0;
  CHECK(format_diagnostic(d) == "s.yaml: warning: unknown key (did you mean 'memory'?)");
  d.line = 3;
  d.column = 0;
  CHECK(format_diagnostic(d) == "s.yaml:3: warning: unknown key (did you mean 'memory'?)");
}

TEST_CASE("diagnostics as JSON", "[scenario][diagnostics]") {
  const std::vector<Diagnostic> ds{
      {Severity::kError, "a.yaml", 1, 2, "spec.seed", "bad \"seed\""},
      {Severity::kWarning, "a.yaml", 3, 4, "", "careful"},
      {Severity::kError, "a.yaml", 5, 6, "x", std::string("garbage \xff\xfe bytes")},
  };
  const auto j = nlohmann::json::parse(diagnostics_to_json(ds));
  CHECK(j["errors"] == 2);
  CHECK(j["warnings"] == 1);
  REQUIRE(j["diagnostics"].size() == 3);
  CHECK(j["diagnostics"][0]["severity"] == "error");
  CHECK(j["diagnostics"][0]["file"] == "a.yaml");
  CHECK(j["diagnostics"][0]["line"] == 1);
  CHECK(j["diagnostics"][0]["column"] == 2);
  CHECK(j["diagnostics"][0]["path"] == "spec.seed");
  CHECK(j["diagnostics"][0]["message"] == "bad \"seed\"");
  CHECK(j["diagnostics"][1]["severity"] == "warning");
  CHECK(has_errors(ds));
  CHECK(count_errors(ds) == 2);
  CHECK_FALSE(has_errors({}));
}

TEST_CASE("edit distance and nearest names", "[scenario][diagnostics]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("memory", "memory") == 0);
  CHECK(edit_distance("bgi", "big") == 1);  // a swap costs 1
  CHECK(edit_distance("abc", "") == 3);
  const std::vector<std::string> keys{"memory", "timeout", "duration", "init", "arrivals"};
  CHECK(nearest_name("memry", keys) == "memory");
  CHECK(nearest_name("timout", keys) == "timeout");
  CHECK(nearest_name("arrival", keys) == "arrivals");
  CHECK(nearest_name("MEMORY", keys) == "memory");
  CHECK_FALSE(nearest_name("network", keys));
  CHECK_FALSE(nearest_name("x", keys));
  CHECK_FALSE(nearest_name("", keys));
  CHECK(did_you_mean("memry", keys) == " (did you mean 'memory'?)");
  CHECK(did_you_mean("zzzzzz", keys).empty());
}
