// Trace arrivals: CSV timestamps and counts, comments, headers, bad lines.
#include <catch2/catch.hpp>

#include <string>

#include "lambdasim/scenario/loader.hpp"
#include "scenario/trace.hpp"

using namespace lambdasim;

namespace {

const std::string kData = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/scenarios/";

const std::string kTraceScenario =
    "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  functions:\n"
    "    api:\n      arrivals:\n";

}  // namespace

TEST_CASE("timestamps: seconds or durations, comments and a header", "[scenario][trace]") {
  const TraceLoad t = parse_trace_text("# c\ntime,id\n0.5,a\n1.25,b\n1.25\n2s  # unit\n2500ms\n",
                                       "x.csv", TraceFormat::kTimestamps, seconds(1), "p");
  REQUIRE(t.diagnostics.empty());
  REQUIRE(t.instants);
  CHECK(*t.instants == std::vector<SimTime>{milliseconds(500), milliseconds(1250),
                                            milliseconds(1250), seconds(2), milliseconds(2500)});
}

TEST_CASE("counts: spread evenly inside each interval", "[scenario][trace]") {
  const TraceLoad t = parse_trace_text("minute,count\n0,2\n1,0\n2,1\n", "x.csv",
                                       TraceFormat::kCounts, seconds(1), "p");
  REQUIRE(t.diagnostics.empty());
  REQUIRE(t.instants);
  CHECK(*t.instants ==
        std::vector<SimTime>{milliseconds(250), milliseconds(750), milliseconds(2500)});
  const TraceLoad plain = parse_trace_text("3\n", "x.csv", TraceFormat::kCounts, seconds(3), "p");
  REQUIRE(plain.instants);
  CHECK(*plain.instants ==
        std::vector<SimTime>{milliseconds(500), milliseconds(1500), milliseconds(2500)});
}

TEST_CASE("bad trace lines name the file and the line", "[scenario][trace]") {
  const TraceLoad t = parse_trace_text("t\n1\nx\n0.5\n", "x.csv", TraceFormat::kTimestamps,
                                       seconds(1), "spec.functions.api.arrivals[0].file");
  REQUIRE(t.diagnostics.size() == 2);
  CHECK_FALSE(t.instants);
  CHECK(format_diagnostic(t.diagnostics[0]) ==
        "x.csv:3:1: error: spec.functions.api.arrivals[0].file: expected a timestamp: seconds "
        "such as 12.5 or a duration such as 250ms, got 'x'");
  CHECK(format_diagnostic(t.diagnostics[1]) ==
        "x.csv:4:1: error: spec.functions.api.arrivals[0].file: timestamps must be sorted: 500ms "
        "comes after 1s");
  const TraceLoad c =
      parse_trace_text("n\n1\n-2\n 2, 1.5\n", "c.csv", TraceFormat::kCounts, seconds(1), "p");
  REQUIRE(c.diagnostics.size() == 2);
  CHECK(format_diagnostic(c.diagnostics[0]) ==
        "c.csv:3:1: error: p: expected a count (an integer >= 0) of arrivals in the interval, got "
        "'-2'");
  CHECK(c.diagnostics[1].line == 4);
  CHECK(c.diagnostics[1].column == 5);
  const TraceLoad empty =
      parse_trace_text("# nothing\n", "e.csv", TraceFormat::kTimestamps, seconds(1), "p");
  REQUIRE(empty.diagnostics.size() == 1);
  CHECK(empty.diagnostics[0].message == "the trace has no arrivals");
  std::string many;
  for (int i = 0; i < 100; ++i) many += "bad\n";
  CHECK(parse_trace_text("0\n" + many, "m.csv", TraceFormat::kTimestamps, seconds(1), "p")
            .diagnostics.size() == 21);
}

TEST_CASE("trace files load relative to the scenario", "[scenario][trace]") {
  const LoadResult r =
      load_scenario_text(kTraceScenario +
                             "        - {dist: trace, file: trace_timestamps.csv}\n"
                             "        - {dist: trace, file: trace_counts.csv, format: counts, "
                             "interval: 10s, at: 1m}\n",
                         "t.yaml", kData);
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  const auto& arrivals = r.scenario->model.functions[0].arrivals;
  REQUIRE(arrivals[0].trace);
  CHECK(arrivals[0].trace->size() == 5);
  CHECK(arrivals[0].trace_file == "trace_timestamps.csv");
  REQUIRE(arrivals[1].trace);
  CHECK(*arrivals[1].trace ==
        std::vector<SimTime>{milliseconds(2500), milliseconds(7500), seconds(25)});
  CHECK(arrivals[1].at == minutes(1));
}

TEST_CASE("trace errors in a scenario", "[scenario][trace]") {
  const LoadResult bad = load_scenario_file(kData + "trace_bad.yaml");
  REQUIRE(bad.diagnostics.size() == 2);
  CHECK(format_diagnostic(bad.diagnostics[0]) ==
        kData +
            "trace_bad.csv:5:1: error: spec.functions.api.arrivals[0].file: expected a timestamp: "
            "seconds such as 12.5 or a duration such as 250ms, got 'oops'");
  CHECK(format_diagnostic(bad.diagnostics[1]) ==
        kData +
            "trace_bad.csv:6:1: error: spec.functions.api.arrivals[0].file: timestamps must be "
            "sorted: 1.5s comes after 2s");
  const LoadResult missing = load_scenario_text(
      kTraceScenario + "        - {dist: trace, file: nope.csv}\n", "t.yaml", kData);
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(format_diagnostic(missing.diagnostics[0]) ==
        "t.yaml:8:31: error: spec.functions.api.arrivals[0].file: cannot read trace file '" +
            kData + "nope.csv': No such file or directory");
  const LoadResult no_file = load_scenario_text(
      kTraceScenario + "        - {dist: trace, format: counts}\n", "t.yaml", "");
  REQUIRE(no_file.diagnostics.size() == 1);
  CHECK(format_diagnostic(no_file.diagnostics[0]) ==
        "t.yaml:8:11: error: spec.functions.api.arrivals[0]: missing required key 'file' (dist: "
        "trace needs it)");
}
