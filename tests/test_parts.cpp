// What a model part declares in its own files reaches every output: its
// counters (model/counters.hpp) become metrics in flatten(), summary.json
// and the total; its explain step adds a table; its parameter rows and
// checks (scenario/param_parts.hpp) join the one table and the loader. The
// DNS resolver is the shipped part; a counter declared below, in this test
// file, shows that a new count is its declaration plus the line counting it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/model/counters.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/scenario/params.hpp"
#include "scenario/param_parts.hpp"

using namespace lambdasim;

namespace {

// Present only in runs with a function named "counted", so that no other
// test's output changes.
bool has_counted_function(const ModelConfig& config) {
  return std::any_of(config.functions.begin(), config.functions.end(),
                     [](const FunctionConfig& f) { return f.name == "counted"; });
}

const CounterId kTestRetries = declare_counter({.name = "test_retries",
                                                .json_path = "test.retries",
                                                .help = "a test's own per-function count",
                                                .scope = CounterScope::kFunction,
                                                .part = "zz_test",
                                                .present = &has_counted_function});

const CounterId kTestQueue = declare_counter({.name = "test_queue",
                                              .json_path = "test.queue",
                                              .help = "a test's own per-function level",
                                              .kind = CounterKind::kLevel,
                                              .scope = CounterScope::kFunction,
                                              .part = "zz_test",
                                              .present = &has_counted_function});

Scenario two_functions(const std::string& first) {
  Scenario s;
  s.name = "parts";
  s.run.horizon = seconds(10);
  FunctionConfig a;
  a.name = first;
  FunctionConfig b;
  b.name = "other";
  s.model.functions = {a, b};
  return s;
}

double metric(const RunSummary& r, const std::string& name) {
  for (const auto& [key, value] : flatten(r)) {
    if (key == name) return value;
  }
  return -1;
}

bool has_metric(const RunSummary& r, const std::string& name) {
  const auto flat = flatten(r);
  return std::any_of(flat.begin(), flat.end(), [&](const auto& kv) { return kv.first == name; });
}

}  // namespace

TEST_CASE("parts: a declared counter is a metric per function, summed in the total",
          "[parts][metrics]") {
  const Scenario s = two_functions("counted");
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  m.on_count(seconds(1), kTestRetries, 0, 3);  // the one counting line
  m.on_count(seconds(2), kTestRetries, 1, 2);
  m.finish(s.run.horizon);
  const RunSummary r = m.summary();
  CHECK(metric(r, "functions.counted.test_retries") == 3);
  CHECK(metric(r, "functions.other.test_retries") == 2);
  CHECK(metric(r, "total.test_retries") == 5);
  const nlohmann::json j = nlohmann::json::parse(summary_to_json(s, r));
  CHECK(j["functions"]["counted"]["test"]["retries"] == 3);
  CHECK(j["total"]["test"]["retries"] == 5);
}

TEST_CASE("parts: a declared level is a peak and a time average; the total's is account-wide",
          "[parts][metrics]") {
  const Scenario s = two_functions("counted");  // a 10 s run
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  m.on_level(seconds(0), kTestQueue, 0, 4);  // the lines that update it
  m.on_level(seconds(5), kTestQueue, 0, -4);
  m.on_level(seconds(5), kTestQueue, 1, 2);
  m.finish(s.run.horizon);
  const RunSummary r = m.summary();
  CHECK(metric(r, "functions.counted.test_queue_peak") == 4);
  CHECK(metric(r, "functions.counted.test_queue_avg") == Approx(2));  // 4 for half the run
  CHECK(metric(r, "functions.other.test_queue_peak") == 2);
  CHECK(metric(r, "functions.other.test_queue_avg") == Approx(1));
  // Account-wide: never more than 4 at once (not 4 + 2), 3 on average.
  CHECK(metric(r, "total.test_queue_peak") == 4);
  CHECK(metric(r, "total.test_queue_avg") == Approx(3));
  const nlohmann::json j = nlohmann::json::parse(summary_to_json(s, r));
  CHECK(j["functions"]["other"]["test"]["queue"]["peak"] == 2.0);
}

TEST_CASE("parts: a counter is written only where its part says it applies", "[parts][metrics]") {
  const Scenario s = two_functions("plain");
  MetricsCollector m(s.model, seconds(1), s.run.horizon);
  m.on_count(seconds(1), kTestRetries, 0, 3);
  m.finish(s.run.horizon);
  const RunSummary r = m.summary();
  CHECK_FALSE(has_metric(r, "functions.plain.test_retries"));
  CHECK_FALSE(has_metric(r, "total.test_retries"));
  const nlohmann::json j = nlohmann::json::parse(summary_to_json(s, r));
  CHECK_FALSE(j["functions"]["plain"].contains("test"));
  CHECK_FALSE(j["total"].contains("test"));
}

TEST_CASE("parts: counters are listed by part whatever the initialisation order", "[parts]") {
  const auto counters = declared_counters();
  const auto& order = counter_output_order();
  REQUIRE(order.size() == counters.size());
  for (std::size_t i = 1; i < order.size(); ++i) {
    CHECK(counters[order[i - 1]].part <= counters[order[i]].part);
  }
  // The DNS resolver's, in its declaration order, before this file's.
  const std::uint16_t lookups = counter_named("dns_lookups").index;
  const std::uint16_t dropped = counter_named("dns_dropped_tries").index;
  const auto pos = [&](std::uint16_t id) { return std::find(order.begin(), order.end(), id); };
  CHECK(pos(lookups) < pos(dropped));
  CHECK(pos(dropped) < pos(kTestRetries.index));
  CHECK(pos(kTestRetries.index) < pos(kTestQueue.index));
  CHECK(counters[lookups].scope == CounterScope::kNetwork);
  CHECK_THROWS_AS(counter_named("no_such_counter"), std::out_of_range);
}

TEST_CASE("parts: the DNS resolver's rows and check are registered where they belong",
          "[parts][params]") {
  const auto& parts = part_param_rows();
  REQUIRE(std::count_if(parts.begin(), parts.end(),
                        [](const PartParamRows& p) { return p.part == "dns_resolver"; }) == 2);
  const auto& table = param_table();
  const auto at = [&](std::string_view path) {
    return std::find_if(table.begin(), table.end(),
                        [&](const ParamSpec& p) { return p.path == path; });
  };
  REQUIRE(at("spec.network.dns.timeout") != table.end());
  CHECK(at("spec.network.dns") < at("spec.network.dns.timeout"));
  CHECK(at("spec.network.dns.packets_per_lookup") + 1 == at("spec.network.vpcs"));
  CHECK(at("spec.functions.<name>.calls[].dns.ttl") + 1 == at("spec.functions.<name>.arrivals"));
  // Bound to the field, its default read from DnsConfig{}.
  CHECK(find_param("spec.network.dns.timeout")->default_text == "5s");
  CHECK(find_param("spec.network.dns.packets_per_second_per_eni")->default_text == "1024");
}

TEST_CASE("parts: explain renders a part's table as text and JSON", "[parts][explain]") {
  Explanation e;
  e.tables.push_back(
      {.json_key = "things",
       .columns = {{"thing", "name", 8, ExplainFormat::kText},
                   {"count", "count", 6, ExplainFormat::kNumber0},
                   {"share", "share", 6, ExplainFormat::kPercent0}},
       .rows = {
           {{.text = "a", .value = 0}, {.text = {}, .value = 12.4}, {.text = {}, .value = 0.25}}}});
  const std::string text = render_explanation_text(e);
  CHECK(text.find("thing     count  share\na            12    25%\n") != std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(render_explanation_json(e));
  CHECK(j["things"][0]["name"] == "a");
  CHECK(j["things"][0]["count"] == 12.4);
  CHECK(j["things"][0]["share"] == 0.25);
}
