// Garbage in: random bytes, truncated and mutated scenarios, random
// overrides. The loader must never throw or crash, and a failed load must say
// why. The last test takes mutated scenarios through everything the fuzz
// target reaches (fuzz/fuzz_pipeline.hpp): run, explain and every writer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "../fuzz/fuzz_pipeline.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "shipped_scenarios.hpp"

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

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One mutation as libFuzzer makes them: erase, insert a token (YAML syntax,
// hostile bytes, extreme numbers, a `--set` line), overwrite a byte, or
// splice a piece of another seed.
void mutate(std::string& text, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  static const std::string kTokens[] = {"{",
                                        "}",
                                        "[",
                                        "]",
                                        ": ",
                                        "\n",
                                        "- ",
                                        "&a ",
                                        "*a",
                                        "---\n",
                                        "  ",
                                        "'",
                                        "\"",
                                        "~",
                                        "!foo ",
                                        "!!str ",
                                        "0",
                                        "-1",
                                        "1e999",
                                        "1e-300",
                                        "0.0001",
                                        "99999999999",
                                        "\xed\xa0\x80",
                                        "\xf4\x90\x80\x80",
                                        "\xe0\x80\x80",
                                        "\"\\e[2J\\n\\0\"",
                                        "\x1b",
                                        "1ms",
                                        "1ns",
                                        "900s",
                                        "10000/s",
                                        "1/h",
                                        "100%",
                                        "\n#@set\nhorizon=1s\n",
                                        "\n#@set\nseed=-1\n",
                                        "dist: trace",
                                        "file: ../x",
                                        "file: /dev/zero",
                                        "file: trace_counts.csv"};
  if (text.empty()) text = " ";
  const std::size_t at = rng() % text.size();
  switch (rng() % 4) {
    case 0:
      text.erase(at, 1 + rng() % 16);
      break;
    case 1:
      text.insert(at, kTokens[rng() % std::size(kTokens)]);
      break;
    case 2:
      text[at] = static_cast<char>(rng() % 256);
      break;
    default: {
      const std::string& other = seeds[rng() % seeds.size()];
      const std::size_t from = rng() % other.size();
      text.insert(at, other.substr(from, 1 + rng() % 200));
    }
  }
}

}  // namespace

TEST_CASE("mutated scenarios go through run, explain and every writer", "[scenario][fuzz]") {
  std::vector<std::string> seeds;
  for (const std::string& path : testing::shipped_scenarios()) seeds.push_back(read_file(path));
  for (const char* name : {"minimal.yaml", "full.yaml", "trace_bad.yaml"}) {
    seeds.push_back(read_file(kData + name));
  }
  REQUIRE(seeds.size() >= 10);
  std::mt19937_64 rng(20261202);
  int loaded = 0;
  int ran = 0;
  int inputs = 0;
  std::uint64_t events = 0;
  const auto started = std::chrono::steady_clock::now();
  // At most 600 inputs and about 4 seconds (sanitizer builds get fewer in
  // the time: the seed fixes which, so a failure reproduces).
  for (; inputs < 600; ++inputs) {
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(4)) break;
    std::string text = seeds[rng() % seeds.size()];
    const int edits = static_cast<int>(rng() % 4);  // 0: the seed itself
    for (int e = 0; e < edits; ++e) mutate(text, seeds, rng);
    fuzz::PipelineResult r;
    INFO("input " << inputs);
    REQUIRE_NOTHROW(r = fuzz::run_pipeline(text, kData));
    REQUIRE(r.output_bytes > 0);
    loaded += r.loaded ? 1 : 0;
    ran += r.ran ? 1 : 0;
    events += r.events;
  }
  INFO(inputs << " inputs, " << loaded << " loaded, " << ran << " ran, " << events << " events");
  CHECK(inputs >= 40);
  // A quarter of the inputs are unmutated seeds; many mutations still load.
  CHECK(ran >= inputs / 5);
  CHECK(events > 0);
}

TEST_CASE("inputs the fuzzer or the issues once failed on", "[scenario][fuzz]") {
  // fuzz/regressions/: each was a crash, a sanitizer report or a hang once
  // (the first ones: issue 13's invalid UTF-8 that crashed the JSON writer).
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(LAMBDASIM_SOURCE_DIR) / "fuzz" / "regressions")) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 4);
  for (const auto& file : files) {
    INFO(file.string());
    REQUIRE_NOTHROW(fuzz::run_pipeline(read_file(file.string()), kData));
  }
}
