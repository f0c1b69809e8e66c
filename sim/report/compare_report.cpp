#include "lambdasim/report/compare_report.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lambdasim/metrics/metric_spec.hpp"

namespace lambdasim {

namespace {

// The rows of the side-by-side table: the declared metrics with a compare
// row, the total's and the network's, in row order. Rows whose metric is
// absent, or zero in every variant when the declaration says so (error
// reasons that never happened), are skipped.
struct Row {
  std::string metric;     // flatten name: prefix + name
  std::string_view name;  // the label: the metric's name, as everywhere else
  const MetricPlacement* at;
};

template <class S>
void add_rows(std::span<const MetricSpec<S>> specs, const std::string& prefix,
              std::vector<Row>& rows) {
  for (const MetricSpec<S>& s : specs) {
    if (s.at.compare_row > 0) rows.push_back({prefix + s.name, s.name, &s.at});
  }
}

const std::vector<Row>& table_rows() {
  static const std::vector<Row> kRows = [] {
    std::vector<Row> rows;
    add_rows(function_metric_specs(), "total.", rows);
    add_rows(network_metric_specs(), "network.", rows);
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return a.at->compare_row < b.at->compare_row;
    });
    return rows;
  }();
  return kRows;
}

std::string cell(const ConfidenceInterval& ci, double scale, std::string_view format) {
  if (!std::isfinite(ci.mean)) return "-";
  // Rounding can leave "-0": print a plain 0 instead.
  const auto clean = [&](double x) {
    const std::string t = fmt::format(fmt::runtime(format), x);
    return t.find_first_not_of("-0.") == std::string::npos && t[0] == '-' ? t.substr(1) : t;
  };
  std::string s = clean(ci.mean * scale);
  if (std::isfinite(ci.half_width) && ci.n > 1) {
    s += " ±" + clean(ci.half_width * scale);
  }
  return s;
}

}  // namespace

namespace {

constexpr std::size_t kCellWidth = 24;

// The label column fits the longest metric name.
std::size_t label_width() {
  std::size_t w = 28;
  for (const Row& r : table_rows()) w = std::max(w, r.name.size());
  return w;
}

std::string header_row(const Comparison& c) {
  std::string out = fmt::format("{:<{}}", "metric", label_width());
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    out += fmt::format(" {:>{}}", c.variants[v], kCellWidth);
    if (v > 0 && c.replications > 1) {
      out += fmt::format(" {:>{}}", "Δ vs " + c.variants[0], kCellWidth);
    }
  }
  out += '\n';
  return out;
}

// A row whose declaration says so is left out when every variant's mean is 0.
bool all_zero(const ComparedMetric& m) {
  return std::none_of(m.values.begin(), m.values.end(), [](const ConfidenceInterval& ci) {
    return std::isfinite(ci.mean) && ci.mean != 0;
  });
}

// A paired difference, signed: "+12 ±3".
std::string difference_cell(const ConfidenceInterval& d, const MetricPlacement& at) {
  std::string s = cell(d, at.compare_scale, at.compare_format);
  if (std::isfinite(d.mean) && d.mean > 0 && s[0] != '-') s.insert(0, 1, '+');
  return s;
}

std::string metric_row(const Comparison& c, const ComparedMetric& m, const Row& row) {
  const MetricPlacement& at = *row.at;
  std::string out = fmt::format("{:<{}}", row.name, label_width());
  for (std::size_t v = 0; v < m.values.size(); ++v) {
    out +=
        fmt::format(" {:>{}}", cell(m.values[v], at.compare_scale, at.compare_format), kCellWidth);
    if (v > 0 && c.replications > 1) {
      out += fmt::format(" {:>{}}", difference_cell(m.difference[v], at), kCellWidth);
    }
  }
  out += '\n';
  return out;
}

}  // namespace

std::string render_comparison_table(const Comparison& c) {
  std::string out = header_row(c);
  for (const Row& row : table_rows()) {
    const ComparedMetric* m = c.find(row.metric);
    if (!m || (row.at->compare_skip_if_zero && all_zero(*m))) continue;
    out += metric_row(c, *m, row);
  }
  out += fmt::format("{} replication(s) per variant, common random numbers", c.replications);
  if (c.replications > 1) {
    out += fmt::format("; ± is the {:.0f}% Student-t half-width (Δ: paired)", c.confidence * 100);
  }
  out += '\n';
  return out;
}

std::string comparison_to_json(const Scenario& base, const Comparison& c) {
  using nlohmann::json;
  auto ci_json = [](const ConfidenceInterval& ci) {
    json j;
    j["mean"] = std::isfinite(ci.mean) ? json(ci.mean) : json(nullptr);
    j["half_width"] = std::isfinite(ci.half_width) ? json(ci.half_width) : json(nullptr);
    j["n"] = ci.n;
    return j;
  };
  json j;
  j["scenario"] = {{"name", base.name}, {"file", base.file}, {"hash", base.hash}};
  j["variants"] = c.variants;
  j["replications"] = c.replications;
  j["confidence"] = c.confidence;
  j["metrics"] = json::object();
  for (const ComparedMetric& m : c.metrics) {
    json jm = json::object();
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      jm[c.variants[v]] = ci_json(m.values[v]);
      if (v > 0) jm[c.variants[v]]["difference"] = ci_json(m.difference[v]);
    }
    j["metrics"][m.name] = jm;
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);  // never throws
}

std::string comparison_to_csv(const Comparison& c) {
  auto num = [](double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : std::string(); };
  std::string out = "metric,variant,mean,half_width,diff_mean,diff_half_width\n";
  for (const ComparedMetric& m : c.metrics) {
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      out += fmt::format("{},{},{},{},{},{}\n", m.name, c.variants[v], num(m.values[v].mean),
                         num(m.values[v].half_width), num(m.difference[v].mean),
                         num(m.difference[v].half_width));
    }
  }
  return out;
}

}  // namespace lambdasim
