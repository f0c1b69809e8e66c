// Garbage in: random bytes, truncated and mutated scenarios, random
// overrides. The loader must never throw or crash, and a failed load must say
// why.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

const std::string kData = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/scenarios/";

std::string full_scenario() {
  std::ifstream in(kData + "full.yaml");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every load either succeeds or reports at least one error; none throws.
void check_load(std::string_view text, const std::vector<Override>& overrides = {}) {
  LoadResult r;
  REQUIRE_NOTHROW(r = load_scenario_text(text, "fuzz.yaml", kData, overrides));
  if (!r.ok()) {
    REQUIRE(has_errors(r.diagnostics));
    for (const Diagnostic& d : r.diagnostics) REQUIRE_FALSE(d.message.empty());
  }
  REQUIRE_NOTHROW(diagnostics_to_json(r.diagnostics));
}

}  // namespace

TEST_CASE("random bytes never crash the loader", "[scenario][fuzz]") {
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 300; ++i) {
    std::string text(rng() % 300, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    check_load(text);
  }
  // Random text made of YAML's own punctuation is nastier than random bytes.
  const std::string alphabet = "{}[]:,-?&*!|>'\"%@` #\n\n  abc01.5s/";
  for (int i = 0; i < 500; ++i) {
    std::string text(rng() % 200, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    check_load(text);
  }
}

TEST_CASE("every prefix of a scenario loads or explains itself", "[scenario][fuzz]") {
  const std::string full = full_scenario();
  REQUIRE(full.size() > 1000);
  for (std::size_t n = 0; n <= full.size(); n += 5) check_load(full.substr(0, n));
}

TEST_CASE("mutated scenarios load or explain themselves", "[scenario][fuzz]") {
  const std::string full = full_scenario();
  std::mt19937_64 rng(777);
  const std::string inserts[] = {"{",  "}",  "[", "]",  ": ", "\n",     "- ", "&a ", "*a", "---\n",
                                 "  ", "\t", "'", "\"", "~",  "!!map ", "? ", "0",   "-1", "1e999"};
  for (int i = 0; i < 200; ++i) {
    std::string text = full;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(at, 1 + rng() % 8);
          break;
        case 1:
          text.insert(at, inserts[rng() % std::size(inserts)]);
          break;
        default:
          text[at] = static_cast<char>(' ' + rng() % 95);
      }
    }
    check_load(text);
  }
}

TEST_CASE("deep nesting and odd structures", "[scenario][fuzz]") {
  check_load(std::string(100000, '['));
  check_load(std::string(5000, '[') + std::string(5000, ']'));
  std::string nested = "spec: ";
  for (int i = 0; i < 500; ++i) nested += "{a: ";
  nested += "1" + std::string(500, '}');
  check_load(nested);
  check_load("&a [*a]");
  check_load("spec: &s {functions: *s}");
  check_load("? [a, b]\n: c\n");
  check_load("!!binary aGVsbG8=");
  check_load(
      "\xef\xbb\xbf"
      "apiVersion: lambdasim/v1\n");
}

TEST_CASE("random overrides never crash the loader", "[scenario][fuzz]") {
  const std::string full = full_scenario();
  std::mt19937_64 rng(99);
  const std::string paths[] = {"functions.api.memory",
                               "functions.api.arrivals[0].rate",
                               "functions.api.arrivals[99].rate",
                               "functions",
                               "spec",
                               "account",
                               "functions.api.duration.median",
                               "variants.x",
                               "functions.api.arrivals",
                               "metadata",
                               "apiVersion",
                               "a.b.c",
                               "functions.worker.init.samples",
                               "functions.api.async"};
  const std::string values[] = {"",
                                "1",
                                "[1",
                                "{x: 1}",
                                "~",
                                "- a\n- b",
                                "512MiB",
                                "{}",
                                "[]",
                                "&a [*a]",
                                "\x01",
                                "'unterminated",
                                "{dist: trace}"};
  for (int i = 0; i < 120; ++i) {
    std::vector<Override> overrides;
    for (int k = static_cast<int>(rng() % 3); k >= 0; --k) {
      overrides.push_back({paths[rng() % std::size(paths)], values[rng() % std::size(values)]});
    }
    check_load(full, overrides);
    REQUIRE_NOTHROW(load_scenario_variant_text(full, "f.yaml", kData, "more-memory", overrides));
  }
}
