// Issue 12, "Names": one name per metric, CloudWatch's where CloudWatch has
// the quantity. Checks the rule that ties summary.json paths to flat names,
// what each renamed count holds on shipped scenarios (Invocations without
// throttles, Errors without ENI failures, a handler Duration shorter than the
// end-to-end latency), one peak under one name in every output, and that the
// README's mapping table is the one the declarations generate.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "lambdasim/experiment/compare.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/report/compare_report.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/report/metric_names.hpp"
#include "lambdasim/report/table.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

using Json = nlohmann::json;

const std::string kRoot = LAMBDASIM_SOURCE_DIR;

Scenario shipped(const std::string& name, const std::string& horizon) {
  const LoadResult r =
      load_scenario_file(kRoot + "/scenarios/" + name, {Override{"spec.horizon", horizon}});
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

std::string dots_to_underscores(std::string s) {
  std::replace(s.begin(), s.end(), '.', '_');
  return s;
}

template <class S>
void check_mechanical(std::span<const MetricSpec<S>> specs) {
  for (const MetricSpec<S>& s : specs) {
    if (s.at.json_path.empty()) continue;
    INFO(s.at.json_path);
    CHECK(s.name == dots_to_underscores(s.at.json_path));
  }
}

std::uint64_t outcome(const FunctionSummary& f, Outcome o) {
  return f.outcomes[static_cast<std::size_t>(o)];
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Lines naming a counter that a test declares for itself (tests/test_parts.cpp):
// the lambdasim binary has no such counter.
std::string without_test_counters(const std::string& markdown) {
  std::string out;
  std::istringstream in(markdown);
  for (std::string line; std::getline(in, line);) {
    if (line.find("`test_") == std::string::npos) out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("names: a flat name is its summary.json path with '.' written '_'", "[metrics][names]") {
  check_mechanical(function_metric_specs());
  check_mechanical(network_metric_specs());
  check_mechanical(vpc_metric_specs());
  check_mechanical(subnet_metric_specs());
  check_mechanical(nat_metric_specs());
  check_mechanical(endpoint_metric_specs());
  check_mechanical(fault_metric_specs());
  check_mechanical(steady_metric_specs());
  // The same leaf names in timeseries.csv, where the row has the metric.
  std::vector<std::string> function_names;
  for (const FunctionMetricSpec& s : function_metric_specs()) function_names.push_back(s.name);
  for (const char* column :
       {"attempts", "successes", "throttles", "errors", "platform_errors", "cold_starts",
        "concurrency_avg", "concurrency_peak", "environments_avg", "environments_idle_avg"}) {
    INFO(column);
    CHECK(std::count(function_names.begin(), function_names.end(), column) == 1);
    const auto rows = timeseries_row_columns();
    CHECK(std::any_of(rows.begin(), rows.end(), [&](const auto& c) { return c.name == column; }));
  }
}

TEST_CASE("names: invocations exclude throttles (CloudWatch Invocations)", "[metrics][names]") {
  // retry-storm: a burst into reserved concurrency at 3 min (callers retry:
  // each retry is another attempt).
  const Scenario s = shipped("retry-storm.yaml", "4m");
  const RunSummary r = run_replication(s, 0).summary;
  const FunctionSummary& t = r.total;
  INFO("attempts " << t.attempts << ", invocations " << t.invocations << ", throttles "
                   << t.throttles << ", successes " << t.successes << ", errors " << t.errors
                   << ", in_flight " << t.in_flight);
  REQUIRE(t.throttles > 1000);
  CHECK(t.platform_errors == 0);
  // Invocations: the code ran, successfully or with a function error; no throttle.
  CHECK(t.invocations == t.successes + t.errors + t.in_flight);
  CHECK(t.attempts == t.invocations + t.throttles);
  CHECK(t.invocations == t.cost.billed_requests);  // "equals the requests billed"
  CHECK(t.success_rate ==
        Approx(static_cast<double>(t.successes) / static_cast<double>(t.attempts)));
}

TEST_CASE("names: errors are function errors only; ENI refusals are platform_errors",
          "[metrics][names]") {
  const Scenario s = shipped("eni-quota-burst.yaml", "3m");
  const RunSummary r = run_replication(s, 0).summary;
  const FunctionSummary& t = r.total;
  const std::uint64_t eni = outcome(t, Outcome::kEniLimitReached) +
                            outcome(t, Outcome::kEc2Throttled) +
                            outcome(t, Outcome::kSubnetIpLimitReached);
  INFO("errors " << t.errors << ", platform_errors " << t.platform_errors << ", ENI refusals "
                 << eni);
  REQUIRE(eni > 1000);
  CHECK(t.errors == 0);  // the code never failed
  CHECK(t.platform_errors == eni);
  CHECK(t.attempts == t.successes + t.throttles + t.platform_errors + t.in_flight);
  // The ENI refusals never ran the code: not invocations either.
  CHECK(t.invocations == t.successes + t.in_flight);
  CHECK(t.attempts - t.invocations == eni + t.throttles);
}

TEST_CASE("names: duration (the handler) is shorter than end-to-end latency with cold starts",
          "[metrics][names]") {
  // steady-api: init ~400 ms median on every cold start.
  const Scenario s = shipped("steady-api.yaml", "2m");
  const RunSummary r = run_replication(s, 0).summary;
  const FunctionSummary& t = r.total;
  REQUIRE(t.cold_starts > 10);
  CHECK(t.duration.count == t.successes + t.errors);
  CHECK(t.duration.mean_ms < t.latency.mean_ms);
  CHECK(t.duration.max_ms < t.latency.max_ms);
  // A cold start waits for init; the handler's time does not include it.
  CHECK(t.latency_cold.p50_ms > t.duration.p50_ms + 100);
  // Warm successes without an ENI wait: latency is the handler's time.
  CHECK(t.latency_warm.p50_ms == Approx(t.duration.p50_ms).epsilon(0.05));
}

TEST_CASE("names: one peak, one name: table, summary.json, flatten, timeseries.csv, compare",
          "[metrics][names]") {
  const Scenario s = shipped("burst-10x.yaml", "6m");  // the burst starts at 5 min
  const ReplicationResult run = run_replication(s, 0);
  const RunSummary& r = run.summary;
  REQUIRE(r.functions.size() == 1);
  const std::string f = r.functions[0].name;
  const double peak = r.total.concurrency_peak;
  REQUIRE(peak > 500);

  // summary.json: concurrency.peak; flatten: concurrency_peak.
  const Json j = Json::parse(summary_to_json(s, r));
  CHECK(j["total"]["concurrency"]["peak"].get<double>() == peak);
  CHECK(j["functions"][f]["concurrency"]["peak"].get<double>() == peak);
  std::map<std::string, double> flat;
  for (const auto& [name, value] : flatten(r)) flat[name] = value;
  CHECK(flat.at("total.concurrency_peak") == peak);
  CHECK(flat.at("functions." + f + ".concurrency_peak") == peak);

  // The text table: the column headed concurrency_peak.
  const std::string table = render_summary_table(r);
  std::istringstream lines(table);
  std::vector<std::string> header;
  std::vector<std::string> row;
  for (std::string line; std::getline(lines, line);) {
    const std::vector<std::string> w = words(line);
    if (!w.empty() && w[0] == "function" && header.empty()) header = w;
    if (!w.empty() && w[0] == f && row.empty() && !header.empty()) row = w;
  }
  const auto col = std::find(header.begin(), header.end(), "concurrency_peak");
  REQUIRE(col != header.end());
  REQUIRE(row.size() == header.size());
  std::string cell = row[static_cast<std::size_t>(col - header.begin())];
  std::erase(cell, ',');
  CHECK(std::stod(cell) == peak);

  // timeseries.csv: each row's peak; the run's is the largest.
  std::istringstream csv(timeseries_to_csv(run.timeseries, s.model));
  std::string line;
  REQUIRE(std::getline(csv, line));
  const std::vector<std::string> columns = split(line, ',');
  const auto at = std::find(columns.begin(), columns.end(), "concurrency_peak");
  const auto at_f =
      std::find(columns.begin(), columns.end(), "functions." + f + ".concurrency_peak");
  REQUIRE(at != columns.end());
  REQUIRE(at_f != columns.end());
  double csv_peak = 0;
  double csv_f_peak = 0;
  while (std::getline(csv, line)) {
    const std::vector<std::string> cells = split(line, ',');
    csv_peak = std::max(csv_peak, std::stod(cells[static_cast<std::size_t>(at - columns.begin())]));
    csv_f_peak =
        std::max(csv_f_peak, std::stod(cells[static_cast<std::size_t>(at_f - columns.begin())]));
  }
  CHECK(csv_peak == peak);
  CHECK(csv_f_peak == peak);

  // compare: the row and compare.json/csv's metric of that name.
  const Comparison c = compare_variants({s, s}, {"a", "b"}, 1, 1);
  const ComparedMetric* m = c.find("total.concurrency_peak");
  REQUIRE(m != nullptr);
  CHECK(m->values[0].mean == peak);
  CHECK(render_comparison_table(c).find("\nconcurrency_peak ") != std::string::npos);
  CHECK(comparison_to_csv(c).find("\ntotal.concurrency_peak,a,") != std::string::npos);

  // explain estimates the same quantity under the same name.
  const Json e = Json::parse(render_explanation_json(explain(s.model, s.run.horizon)));
  CHECK(e["functions"][0].contains("concurrency_peak"));
  CHECK_FALSE(e["functions"][0].contains("peak_concurrency"));
}

TEST_CASE("names: run and compare show the same cost names; total = compute + network",
          "[metrics][names]") {
  const Scenario s = shipped("network-designs.yaml", "1m");
  const RunSummary r = run_replication(s, 0).summary;
  const CostSummary& cost = r.total.cost;
  REQUIRE(cost.network_usd > 0);
  CHECK(cost.total_usd == Approx(cost.compute_usd + cost.network_usd).epsilon(1e-12));
  double functions_compute = 0;
  for (const FunctionSummary& fs : r.functions) functions_compute += fs.cost.compute_usd;
  CHECK(cost.compute_usd == Approx(functions_compute).epsilon(1e-12));
  const std::string table = render_summary_table(r);
  for (const char* name : {"cost_compute_usd", "cost_network_usd", "cost_total_usd"}) {
    INFO(name);
    CHECK(table.find(name) != std::string::npos);
  }
  const Comparison c = compare_variants({s, s}, {"a", "b"}, 1, 1);
  const std::string ct = render_comparison_table(c);
  for (const char* name : {"cost_compute_usd", "cost_network_usd", "cost_total_usd"}) {
    INFO(name);
    CHECK(ct.find(std::string("\n") + name + " ") != std::string::npos);
    REQUIRE(c.find(std::string("total.") + name) != nullptr);
  }
  CHECK(c.find("total.cost_total_usd")->values[0].mean == Approx(cost.total_usd));
  CHECK(c.find("total.cost_network_usd")->values[0].mean == Approx(cost.network_usd));
}

TEST_CASE("the README's metric names are up to date", "[metrics][names]") {
  const std::string readme = read_file(kRoot + "/README.md");
  const std::string begin = "<!-- BEGIN METRIC NAMES -->";
  const std::string end = "<!-- END METRIC NAMES -->";
  const auto b = readme.find(begin);
  const auto e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  REQUIRE(b < e);
  const std::string section = readme.substr(b + begin.size(), e - b - begin.size());
  const std::string generated = without_test_counters(render_metric_names_markdown());
  if (section != "\n" + generated) {
    FAIL(
        "README.md's metric names are stale: run `tools/update_readme.sh "
        "build/<preset>/lambdasim` (or paste `lambdasim schema --metrics` between the markers)");
  }
  // The CloudWatch rows the issue names, each against its metric.
  for (const char* row :
       {"| `invocations` | `invocations` | count | `AWS/Lambda Invocations`",
        "| `throttles` | `throttles` | count | `AWS/Lambda Throttles`",
        "| `errors` | `errors` | count | `AWS/Lambda Errors`",
        "| `duration_p99_ms` | `duration.p99_ms` | ms | `AWS/Lambda Duration`",
        "| `concurrency_peak` | `concurrency.peak` | count | `AWS/Lambda ConcurrentExecutions`",
        "| `connections_peak` | `connections_peak` | count | `AWS/NATGateway "
        "ActiveConnectionCount`",
        "| `outcomes_nat_port_allocation` | `outcomes.nat_port_allocation` | count | "
        "`AWS/NATGateway ErrorPortAllocation`",
        "| `attempts` | `attempts` | count | ours |",
        "| `platform_errors` | `platform_errors` | "
        "count | ours |",
        "| `latency_p99_ms` | `latency.p99_ms` | ms | ours | p99 |", "PacketsDropCount"}) {
    INFO(row);
    CHECK(generated.find(row) != std::string::npos);
  }
}
