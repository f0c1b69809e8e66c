#include "lambdasim/report/sweep_report.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lambdasim/report/table.hpp"

namespace lambdasim {

namespace {

using Json = nlohmann::ordered_json;

Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

const AggregateMetric* find_metric(const CellAggregate& cell, const std::string& name) {
  for (const AggregateMetric& m : cell.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> default_sweep_metrics() {
  return {"total.success_rate", "total.p_throttle", "total.latency_p99_ms",
          "total.concurrency_peak", "total.cost_total_usd"};
}

std::string render_sweep_table(const Scenario& scenario, const StoreLayout& layout,
                               const std::vector<std::string>& axes,
                               const std::vector<CellAggregate>& cells,
                               const std::vector<std::string>& metrics, double confidence) {
  std::vector<std::string> header = axes;
  std::vector<bool> left(axes.size(), true);
  const bool variants = layout.variants.size() > 1;
  if (variants) {
    header.emplace_back("variant");
    left.push_back(true);
  }
  header.emplace_back("n");
  left.push_back(false);
  for (const std::string& m : metrics) {
    header.push_back(m);
    left.push_back(false);
  }
  std::vector<std::vector<std::string>> rows;
  for (const CellAggregate& c : cells) {
    std::vector<std::string> row;
    const StorePoint& p = layout.points.at(c.point);
    for (std::size_t a = 0; a < axes.size(); ++a) {
      row.push_back(a < p.parameters.size() ? p.parameters[a].second : std::string("-"));
    }
    if (variants) row.push_back(layout.variants.at(c.variant));
    row.push_back(fmt::format("{}", c.replications));
    for (const std::string& m : metrics) {
      const AggregateMetric* found = find_metric(c, m);
      row.push_back(found != nullptr ? format_metric_ci(m, found->ci) : std::string("-"));
    }
    rows.push_back(std::move(row));
  }
  std::string out =
      fmt::format("Scenario {} ({}), seed {}: {} points x {} variant{}\n", scenario.name,
                  scenario.file, scenario.run.seed, layout.points.size(), layout.variants.size(),
                  layout.variants.size() == 1 ? "" : "s");
  out +=
      fmt::format("mean ± {:.0f}% confidence half-width over n replications\n\n", confidence * 100);
  return out + render_text_table(header, left, rows);
}

SweepHeader sweep_header(const Scenario& scenario) {
  return SweepHeader{scenario.file, scenario.name, scenario.hash, scenario.run.seed,
                     to_seconds(scenario.run.horizon)};
}

std::string sweep_summary_json(const SweepHeader& header, const StoreLayout& layout,
                               std::size_t replications, const std::vector<CellAggregate>& cells,
                               double confidence) {
  Json j;
  j["lambdasim_version"] = LAMBDASIM_VERSION;
  j["kind"] = "sweep";
  j["scenario"] = {{"file", header.file},
                   {"name", header.name},
                   {"hash", header.hash},
                   {"seed", header.seed},
                   {"horizon_s", header.horizon_s}};
  j["replications"] = replications;
  j["confidence"] = confidence;
  j["variants"] = layout.variants;
  Json points = Json::array();
  for (const StorePoint& p : layout.points) {
    Json parameters = Json::object();
    for (const auto& [axis, value] : p.parameters) parameters[axis] = value;
    points.push_back({{"index", p.index}, {"label", p.label}, {"parameters", parameters}});
  }
  j["points"] = std::move(points);
  Json out_cells = Json::array();
  for (const CellAggregate& c : cells) {
    Json metrics = Json::object();
    for (const AggregateMetric& m : c.metrics) {
      metrics[m.name] = {{"mean", number(m.ci.mean)},
                         {"half_width", number(m.ci.half_width)},
                         {"stddev", number(m.ci.stddev)},
                         {"n", m.ci.n}};
    }
    out_cells.push_back({{"point", c.point},
                         {"variant", layout.variants.at(c.variant)},
                         {"replications", c.replications},
                         {"metrics", std::move(metrics)}});
  }
  j["cells"] = std::move(out_cells);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace lambdasim
