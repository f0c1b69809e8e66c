// report.html from a results directory. The static parts (scenario, explain
// findings, summary and difference tables, fault windows) are written here as
// escaped HTML; the charts are data (a JSON block) that html_report.js draws
// with the vendored uPlot, all inlined so the page needs no network.
#include "lambdasim/report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lambdasim/metrics/metric_spec.hpp"
#include "report/report_assets.hpp"

namespace lambdasim {

namespace fs = std::filesystem;
using nlohmann::json;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string script_safe_json(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (const char c : json_text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Charts get at most this many points: longer series are merged bucket-wise
// (counts summed, peaks and percentiles their maximum, minima their minimum,
// averages their mean), so a day at 1 s stays a page of a few MB.
constexpr std::size_t kMaxChartPoints = 1500;
constexpr std::string_view kNotInData = "not in this run's data";

// ---------------------------------------------------------------- inputs

struct Failure {
  std::string message;
};

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// nullopt when absent; throws Failure when present but not JSON.
std::optional<json> read_json(const fs::path& path) {
  const std::optional<std::string> text = read_file(path);
  if (!text) return std::nullopt;
  try {
    return json::parse(*text);
  } catch (const json::parse_error& e) {
    throw Failure{fmt::format("{}: not valid JSON: {}", path.string(), e.what())};
  }
}

// timeseries.csv: a header and rows of numbers; an empty cell is "no data".
struct Series {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> values;  // per column, one per row
  double interval_s = 0;                    // of the rows as written
  std::size_t merged = 1;                   // rows per point after thinning

  std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == name) return i;
    }
    return std::nullopt;
  }
  const std::vector<double>* column(std::string_view name) const {
    const std::optional<std::size_t> i = find(name);
    return i ? &values[*i] : nullptr;
  }
  std::size_t rows() const { return values.empty() ? 0 : values[0].size(); }
};

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t comma = line.find(',', pos);
    out.emplace_back(line.substr(pos, comma == std::string_view::npos ? line.npos : comma - pos));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

double parse_cell(const std::string& cell) {
  if (cell.empty()) return kNaN;
  try {
    std::size_t used = 0;
    const double v = std::stod(cell, &used);
    return used == cell.size() ? v : kNaN;
  } catch (const std::exception&) {
    return kNaN;
  }
}

enum class Merge : std::uint8_t { kSum, kMax, kMin, kMean, kFirst, kLast };

// How a column's buckets combine when thinned, by its name.
Merge merge_of(std::string_view name) {
  const auto ends = [&](std::string_view s) { return name.ends_with(s); };
  if (name == "t_start_s") return Merge::kFirst;
  if (name == "t_end_s") return Merge::kLast;
  if (ends("_min") || ends("free_ips_min")) return Merge::kMin;
  if (ends("_peak") || ends("_ms") || name == "faults_active") return Merge::kMax;
  if (ends("_avg") || name == "availability") return Merge::kMean;
  return Merge::kSum;
}

double merge_values(std::span<const double> v, Merge how) {
  double out = kNaN;
  double sum = 0;
  std::size_t n = 0;
  for (const double x : v) {
    if (!std::isfinite(x)) continue;
    ++n;
    sum += x;
    if (how == Merge::kFirst && n == 1) out = x;
    if (how == Merge::kLast) out = x;
    if (how == Merge::kMax) out = n == 1 ? x : std::max(out, x);
    if (how == Merge::kMin) out = n == 1 ? x : std::min(out, x);
  }
  if (n == 0) return kNaN;
  if (how == Merge::kSum) return sum;
  if (how == Merge::kMean) return sum / static_cast<double>(n);
  return out;
}

void thin(Series& s) {
  const std::size_t rows = s.rows();
  if (rows <= kMaxChartPoints) return;
  const std::size_t k = (rows + kMaxChartPoints - 1) / kMaxChartPoints;
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    const Merge how = merge_of(s.columns[c]);
    std::vector<double> merged;
    merged.reserve(rows / k + 1);
    for (std::size_t r = 0; r < rows; r += k) {
      const std::size_t n = std::min(k, rows - r);
      merged.push_back(merge_values(std::span<const double>(s.values[c]).subspan(r, n), how));
    }
    s.values[c] = std::move(merged);
  }
  s.merged = k;
}

std::optional<Series> read_series(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  Series s;
  std::string line;
  if (!std::getline(in, line)) {
    throw Failure{fmt::format("{}: empty (no header line)", path.string())};
  }
  s.columns = split_csv_line(line);
  s.values.resize(s.columns.size());
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const std::vector<std::string> cells = split_csv_line(line);
    if (cells.size() != s.columns.size()) {
      throw Failure{fmt::format("{}:{}: {} cells where the header has {} columns", path.string(),
                                line_no, cells.size(), s.columns.size())};
    }
    for (std::size_t c = 0; c < cells.size(); ++c) s.values[c].push_back(parse_cell(cells[c]));
  }
  if (const std::vector<double>* start = s.column("t_start_s")) {
    const std::vector<double>* end = s.column("t_end_s");
    if (end != nullptr && !start->empty()) s.interval_s = (*end)[0] - (*start)[0];
  } else {
    throw Failure{
        fmt::format("{}: no t_start_s column: not a lambdasim time series", path.string())};
  }
  thin(s);
  return s;
}

// ---------------------------------------------------------------- formatting

std::string num(double x, int decimals = 0) {
  if (!std::isfinite(x)) return "-";
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  return s;
}

std::string json_text(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "-";
  if (j.is_number_integer() || j.is_number_unsigned()) return j.dump();
  if (j.is_number()) {
    const double v = j.get<double>();
    return std::abs(v) >= 100 ? num(v, 0) : fmt::format("{:.4g}", v);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

const json& member(const json& j, std::string_view key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(std::string(key));
  return it == j.end() ? kNull : *it;
}

std::string text_of(const json& j, std::string_view key) {
  const json& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

double number_of(const json& j, std::string_view key) {
  const json& v = member(j, key);
  return v.is_number() ? v.get<double>() : kNaN;
}

std::string time_text(double s) {
  if (!std::isfinite(s)) return "end";
  const auto total = static_cast<long long>(std::llround(s));
  if (total < 3600) return fmt::format("{}:{:02}", total / 60, total % 60);
  return fmt::format("{}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
}

// Paragraphs of plain text, escaped.
std::string paragraphs(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view p = text.substr(pos, end - pos);
    if (!p.empty()) out += "<p>" + html_escape(p) + "</p>\n";
    pos = end + 2;
  }
  return out;
}

// A table from a header and rows of already-escaped cells.
std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows,
                  std::string_view css_class = "") {
  // In a box that scrolls sideways: a comparison of many variants is wide.
  std::string out = css_class.empty()
                        ? "<div class=\"table\"><table>\n"
                        : fmt::format("<div class=\"table\"><table class=\"{}\">\n", css_class);
  out += "<thead><tr>";
  for (const std::string& h : header) out += "<th>" + h + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const std::vector<std::string>& row : rows) {
    out += "<tr>";
    for (const std::string& c : row) out += "<td>" + c + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

// ---------------------------------------------------------------- explain

bool flag(const json& j, std::string_view key) {
  const json& v = member(j, key);
  return v.is_boolean() && v.get<bool>();
}

std::string warnings_html(const json& warnings) {
  std::string out;
  for (const json& w : warnings)
    out += "<p class=\"warning\">" + html_escape(json_text(w)) + "</p>\n";
  return out;
}

// One function: its demand, the limits in the order checked (the one that
// binds marked), its routes.
std::string function_explain_html(const json& f) {
  std::string out = fmt::format("<h3>Function {}</h3>\n", html_escape(text_of(f, "name")));
  out +=
      fmt::format("<p>{}: peak {}/s, busy {} s per invocation, demand ~{} concurrent.</p>\n",
                  html_escape(text_of(f, "attachment")), num(number_of(f, "peak_rate_per_s"), 0),
                  num(number_of(f, "mean_busy_s"), 3), num(number_of(f, "demand_concurrency"), 0));
  const json& binding = member(f, "binding_limit");
  out +=
      fmt::format("<p class=\"binding{}\"><strong>{}</strong></p>\n",
                  binding.is_null() ? "" : " binds", html_escape(text_of(f, "binding_limit_text")));
  std::vector<std::vector<std::string>> limits;
  bool marked = false;  // the binding limit (an object like the rows) is marked once
  for (const json& l : member(f, "limits")) {
    const bool binds = !marked && binding.is_object() && binding == l;
    marked = marked || binds;
    const json& cap = member(l, "capacity");
    limits.push_back({html_escape(text_of(l, "name")) + (binds ? " <em>(binds)</em>" : ""),
                      cap.is_number() ? num(cap.get<double>(), 0) : "unlimited",
                      html_escape(text_of(l, "detail"))});
  }
  if (!limits.empty()) out += table({"limit", "concurrent executions", "from"}, limits, "limits");
  std::vector<std::vector<std::string>> routes;
  for (const json& r : member(f, "routes")) {
    const std::string subnet = text_of(r, "subnet");
    routes.push_back({html_escape(subnet.empty() ? "(service VPC)" : subnet),
                      html_escape(text_of(r, "target")), html_escape(text_of(r, "route")),
                      flag(r, "cross_az") ? "yes" : "no", html_escape(text_of(r, "why"))});
  }
  if (!routes.empty()) out += table({"subnet", "target", "route", "cross-AZ", "why"}, routes);
  return out + warnings_html(member(f, "warnings"));
}

// ENIs, subnets and their IPs, NAT ports.
std::string network_explain_html(const json& doc) {
  std::string out = fmt::format(
      "<p>ENIs: {} Hyperplane ENI(s) (per-execution model: {}); quota {} per VPC, {} network "
      "interfaces per region.</p>\n",
      json_text(member(doc, "hyperplane_enis_total")),
      json_text(member(doc, "per_execution_enis_total")),
      json_text(member(doc, "enis_per_vpc_quota")),
      json_text(member(doc, "region_interface_quota")));
  std::vector<std::vector<std::string>> subnets;
  for (const json& s : member(doc, "subnets")) {
    subnets.push_back({html_escape(text_of(s, "vpc")), html_escape(text_of(s, "name")),
                       html_escape(text_of(s, "az")), json_text(member(s, "usable_ips")),
                       json_text(member(s, "hyperplane_enis")),
                       json_text(member(s, "per_execution_enis"))});
  }
  if (!subnets.empty()) {
    out += "<h3>Subnets and IPs</h3>\n";
    out += table({"VPC", "subnet", "AZ", "usable IPs", "Hyperplane ENIs", "per-execution ENIs"},
                 subnets);
  }
  std::vector<std::vector<std::string>> nats;
  for (const json& n : member(doc, "nat_connections")) {
    const double needed = number_of(n, "needed");
    const double limit = number_of(n, "limit");
    nats.push_back({html_escape(text_of(n, "vpc")), html_escape(text_of(n, "nat")),
                    html_escape(text_of(n, "destination")), num(needed, 0), num(limit, 0),
                    limit > 0 ? num(100 * needed / limit, 1) + "%" : "-"});
  }
  if (!nats.empty()) {
    out += "<h3>NAT ports</h3>\n";
    out += table({"VPC", "NAT", "destination", "connections needed", "port limit", "used"}, nats);
  }
  return out;
}

std::string explain_html(const json& doc) {
  std::string out;
  for (const json& f : member(doc, "functions")) out += function_explain_html(f);
  return out + network_explain_html(doc) + warnings_html(member(doc, "warnings"));
}

// ---------------------------------------------------------------- summary

// The headline rows: the declared metrics with a compare row, as the
// compare table orders and formats them.
struct Headline {
  std::string metric;  // flatten name
  std::string name;
  const MetricPlacement* at;
};

template <class S>
void add_headlines(std::span<const MetricSpec<S>> specs, const std::string& prefix,
                   std::vector<Headline>& rows) {
  for (const MetricSpec<S>& s : specs) {
    if (s.at.compare_row > 0) rows.push_back({prefix + s.name, s.name, &s.at});
  }
}

const std::vector<Headline>& headlines() {
  static const std::vector<Headline> kRows = [] {
    std::vector<Headline> rows;
    add_headlines(function_metric_specs(), "total.", rows);
    add_headlines(network_metric_specs(), "network.", rows);
    std::stable_sort(rows.begin(), rows.end(), [](const Headline& a, const Headline& b) {
      return a.at->compare_row < b.at->compare_row;
    });
    return rows;
  }();
  return kRows;
}

struct Value {
  double mean = kNaN;
  double half_width = kNaN;  // NaN: a single run
};

std::string value_cell(const Value& v, const MetricPlacement& at, bool signed_value = false) {
  if (!std::isfinite(v.mean)) return "-";
  const auto f = [&](double x) {
    std::string s = fmt::format(fmt::runtime(at.compare_format), x * at.compare_scale);
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
    return s;
  };
  std::string s = f(v.mean);
  if (signed_value && v.mean > 0 && s[0] != '-' && s.find_first_not_of("0.") != std::string::npos) {
    s.insert(0, 1, '+');
  }
  if (std::isfinite(v.half_width)) s += " ±" + f(v.half_width);
  return s;
}

// A single run's summary as flatten names: nested keys of total, functions.F
// and network's scalars joined with "_" (metric_spec.hpp: the flatten name is
// the json_path with its dots as underscores).
void flatten_into(const json& j, const std::string& prefix, const std::string& path,
                  std::map<std::string, double>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      std::string next = path;
      if (!next.empty()) next += '_';
      next += k;
      flatten_into(v, prefix, next, out);
    }
  } else if (j.is_number()) {
    out[prefix + path] = j.get<double>();
  }
}

std::map<std::string, Value> run_values(const json& summary, const std::string& function) {
  std::map<std::string, Value> out;
  if (const json& metrics = member(summary, "metrics"); metrics.is_object()) {  // replications
    const std::string prefix = function.empty() ? "total." : "functions." + function + ".";
    for (const auto& [name, m] : metrics.items()) {
      std::string key = name;
      if (!function.empty()) {
        if (!name.starts_with(prefix)) continue;
        key = "total." + name.substr(prefix.size());
      }
      out[key] = {number_of(m, "mean"), number_of(m, "half_width")};
    }
    return out;
  }
  std::map<std::string, double> flat;
  if (function.empty()) {
    flatten_into(member(summary, "total"), "total.", "", flat);
    for (const auto& [k, v] : member(summary, "network").items()) {
      if (!v.is_array()) flatten_into(v, "network.", k, flat);
    }
  } else {
    flatten_into(member(member(summary, "functions"), function), "total.", "", flat);
  }
  for (const auto& [k, v] : flat) out[k] = {v, kNaN};
  return out;
}

std::vector<std::string> function_names(const json& summary) {
  std::vector<std::string> out;
  const json& f = member(summary, "functions");
  if (f.is_array()) {
    for (const json& n : f) out.push_back(json_text(n));
  } else if (f.is_object()) {
    for (const auto& [k, v] : f.items()) out.push_back(k);
  }
  return out;
}

bool all_zero(const std::vector<const std::map<std::string, Value>*>& columns,
              const std::string& metric) {
  for (const auto* c : columns) {
    const auto it = c->find(metric);
    if (it != c->end() && std::isfinite(it->second.mean) && it->second.mean != 0) return false;
  }
  return true;
}

std::string summary_table(const std::vector<std::string>& header,
                          const std::vector<const std::map<std::string, Value>*>& columns) {
  std::vector<std::vector<std::string>> rows;
  for (const Headline& h : headlines()) {
    bool present = false;
    for (const auto* c : columns) present = present || c->contains(h.metric);
    if (!present || (h.at->compare_skip_if_zero && all_zero(columns, h.metric))) continue;
    std::vector<std::string> row{html_escape(h.name)};
    for (const auto* c : columns) {
      const auto it = c->find(h.metric);
      row.push_back(it == c->end() ? "-" : value_cell(it->second, *h.at));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> escaped{"metric"};
  for (const std::string& h : header) escaped.push_back(html_escape(h));
  return table(escaped, rows, "numbers");
}

// ---------------------------------------------------------------- charts

const std::vector<std::string>& palette() {
  static const std::vector<std::string> kColors = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                                   "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                                                   "#7f7f7f", "#bcbd22"};
  return kColors;
}

json values_json(const std::vector<double>& v) {
  json out = json::array();
  for (const double x : v) out.push_back(std::isfinite(x) ? json(x) : json(nullptr));
  return out;
}

struct ChartSeries {
  std::string label;
  const std::vector<double>* values;
  bool dashed = false;
};

struct Limit {
  std::string label;
  double value;
};

// A chart: time on x, `series` on one y axis in `unit`. With no series it is
// written as missing, saying why.
json chart(const std::string& id, const std::string& title, const std::string& unit,
           const Series* s, const std::vector<ChartSeries>& series,
           const std::vector<Limit>& limits, const json& bands, const std::string& missing_why,
           const std::string& note = "") {
  json c = json::object();
  c["id"] = id;
  c["title"] = title;
  c["unit"] = unit;
  c["note"] = note;
  if (s == nullptr || series.empty()) {
    c["missing"] = missing_why.empty() ? std::string(kNotInData) : missing_why;
    return c;
  }
  // Columns present but every cell empty (latency when nothing succeeded):
  // said in words, not drawn as a blank chart.
  const bool any_value = std::any_of(series.begin(), series.end(), [](const ChartSeries& cs) {
    return std::any_of(cs.values->begin(), cs.values->end(),
                       [](double v) { return std::isfinite(v); });
  });
  if (!any_value) {
    c["missing"] = "every bucket of its columns is empty in this run's data";
    return c;
  }
  const std::vector<double>* x = s->column("t_start_s");
  c["x"] = values_json(*x);
  json list = json::array();
  for (std::size_t i = 0; i < series.size(); ++i) {
    json one = json::object();
    one["label"] = series[i].label;
    one["color"] = palette()[i % palette().size()];
    one["dashed"] = series[i].dashed;
    one["values"] = values_json(*series[i].values);
    list.push_back(one);
  }
  c["series"] = list;
  json lj = json::array();
  for (const Limit& l : limits) lj.push_back({{"label", l.label}, {"value", l.value}});
  c["limits"] = lj;
  c["bands"] = bands;
  if (s->merged > 1) {
    c["note"] = note + (note.empty() ? "" : " ") +
                fmt::format(
                    "{} buckets per point (counts summed, peaks and percentiles their "
                    "maximum, minima their minimum, averages their mean).",
                    s->merged);
  }
  return c;
}

// Columns "<prefix><middle><suffix>", by middle, in column order.
std::vector<std::pair<std::string, const std::vector<double>*>> matching(const Series& s,
                                                                         std::string_view prefix,
                                                                         std::string_view suffix) {
  std::vector<std::pair<std::string, const std::vector<double>*>> out;
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    const std::string& c = s.columns[i];
    if (c.size() > prefix.size() + suffix.size() && c.starts_with(prefix) && c.ends_with(suffix)) {
      out.emplace_back(c.substr(prefix.size(), c.size() - prefix.size() - suffix.size()),
                       &s.values[i]);
    }
  }
  return out;
}

// The first of several spellings that has columns (the newer per-subnet and
// per-NAT columns, then those of earlier versions).
std::vector<std::pair<std::string, const std::vector<double>*>> matching_any(
    const Series& s, std::initializer_list<std::pair<std::string_view, std::string_view>> forms) {
  for (const auto& [prefix, suffix] : forms) {
    auto m = matching(s, prefix, suffix);
    if (!m.empty()) return m;
  }
  return {};
}

bool any_nonzero(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x) && x != 0; });
}

json fault_bands(const json& faults, double horizon_s) {
  json out = json::array();
  for (const json& f : faults) {
    if (member(f, "started").is_boolean() && !member(f, "started").get<bool>()) continue;
    const double start = number_of(f, "start_s");
    double end = number_of(f, "end_s");
    if (!std::isfinite(start)) continue;
    // An open window in summary.json ends where the run did.
    if (!std::isfinite(end) || (member(f, "open").is_boolean() && member(f, "open").get<bool>())) {
      end = std::isfinite(horizon_s) ? std::max(horizon_s, end) : end;
    }
    out.push_back({{"label", text_of(f, "kind") + " " + text_of(f, "subject")},
                   {"start", start},
                   {"end", std::isfinite(end) ? json(end) : json(nullptr)}});
  }
  return out;
}

// What one run's (or one variant's) charts are drawn from.
struct ChartInputs {
  const Series* s;      // null: no time series
  const json& context;  // explain.json's "scenario"
  const json& explain;  // the explain document
  const json& bands;    // fault windows
  std::string nothing;  // why there is no chart when s is null
  std::string bucket;   // "per 1 s bucket"
};

// The last dotted part of a column's middle ("main.priv-a" -> "priv-a").
std::string last_part(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// Concurrency against the account's and the functions' reserved limits.
json concurrency_chart(const ChartInputs& in) {
  std::vector<ChartSeries> series;
  if (in.s != nullptr) {
    for (const auto& [column, label] : {std::pair{"concurrency_avg", "concurrency (avg)"},
                                        {"concurrency_peak", "concurrency (peak)"},
                                        {"environments_avg", "environments (avg)"}}) {
      if (const auto* v = in.s->column(column)) series.push_back({label, v});
    }
    const auto per_function = matching(*in.s, "functions.", ".concurrency_avg");
    for (const auto& [f, v] : per_function) {
      if (per_function.size() > 1) series.push_back({f + " concurrency (avg)", v, true});
    }
  }
  std::vector<Limit> limits;
  if (const double a = number_of(in.context, "account_concurrency"); std::isfinite(a)) {
    limits.push_back({fmt::format("account concurrency {}", num(a)), a});
  }
  for (const auto& [f, n] : member(in.context, "reserved_concurrency").items()) {
    if (n.is_number()) {
      limits.push_back(
          {fmt::format("{} reserved concurrency {}", f, num(n.get<double>())), n.get<double>()});
    }
  }
  return chart("chart-concurrency", "Concurrency and the limits", "concurrent executions", in.s,
               series, limits, in.bands, in.nothing);
}

// Outcomes by reason: every reason that happened, and success.
json outcomes_chart(const ChartInputs& in) {
  std::vector<ChartSeries> series;
  if (in.s != nullptr) {
    for (const auto& [reason, v] : matching(*in.s, "outcomes_", "")) {
      if (any_nonzero(*v) || reason == "success") series.push_back({reason, v});
    }
  }
  return chart("chart-outcomes", "Outcomes by reason", "invocations " + in.bucket, in.s, series, {},
               in.bands, in.nothing);
}

// Latency percentiles, all and split cold / warm; p50 dashed.
json latency_chart(const ChartInputs& in) {
  std::vector<ChartSeries> series;
  if (in.s != nullptr) {
    for (const std::string kind : {"", "cold_", "warm_"}) {
      for (const std::string p : {"p50", "p99"}) {
        const std::string label =
            (kind.empty() ? std::string("all") : kind.substr(0, kind.size() - 1)) + " " + p;
        if (const auto* v = in.s->column(fmt::format("latency_{}{}_ms", kind, p))) {
          series.push_back({label, v, p == "p50"});
        }
      }
    }
  }
  return chart("chart-latency", "Latency percentiles (cold and warm)", "ms", in.s, series, {},
               in.bands, in.nothing, "Empty stretches: no invocation completed in the bucket.");
}

std::string no_subnets_why(const ChartInputs& in) {
  return member(in.explain, "subnets").empty()
             ? "no subnets: every function runs in the Lambda service VPC"
             : in.nothing;
}

// ENIs per subnet, against the per-VPC quota.
json enis_chart(const ChartInputs& in) {
  std::vector<ChartSeries> series;
  if (in.s != nullptr) {
    for (const auto& [subnet, v] : matching_any(*in.s, {{"subnets.", ".enis_avg"},
                                                        {"network.subnets.", ".enis_avg"},
                                                        {"network.subnets.", ".enis_peak"}})) {
      series.push_back({subnet + " ENIs", v});
    }
  }
  std::vector<Limit> limits;
  if (const double q = number_of(in.explain, "enis_per_vpc_quota"); std::isfinite(q) && q > 0) {
    limits.push_back({fmt::format("ENIs per VPC quota {}", num(q)), q});
  }
  return chart("chart-enis", "ENIs per subnet", "ENIs", in.s, series, limits, in.bands,
               no_subnets_why(in));
}

// Free IPs per subnet: 0 is exhaustion.
json ips_chart(const ChartInputs& in) {
  std::map<std::string, double> usable;
  for (const json& sn : member(in.explain, "subnets"))
    usable[text_of(sn, "name")] = number_of(sn, "usable_ips");
  std::vector<ChartSeries> series;
  if (in.s != nullptr) {
    for (const auto& [subnet, v] : matching_any(
             *in.s, {{"subnets.", ".ips_free_min"}, {"network.subnets.", ".free_ips_min"}})) {
      const auto u = usable.find(last_part(subnet));
      series.push_back({u == usable.end()
                            ? subnet + " free IPs (min)"
                            : fmt::format("{} free IPs (min, of {})", subnet, num(u->second)),
                        v});
    }
  }
  return chart("chart-ips", "Free IPs per subnet", "free IPs", in.s, series, {{"no free IP", 0}},
               in.bands, no_subnets_why(in));
}

// NAT connections against the ports: 55,000 per IP per destination.
json nat_chart(const ChartInputs& in) {
  std::map<std::string, double> limit_of;  // the least over its destinations
  for (const json& n : member(in.explain, "nat_connections")) {
    const double l = number_of(n, "limit");
    const auto [it, added] = limit_of.emplace(text_of(n, "nat"), l);
    if (!added) it->second = std::min(it->second, l);
  }
  std::vector<ChartSeries> series;
  std::vector<Limit> limits;
  if (in.s != nullptr) {
    for (const auto& [nat, v] : matching_any(
             *in.s, {{"nats.", ".connections_peak"}, {"network.nats.", ".connections_peak"}})) {
      series.push_back({nat + " connections (peak)", v});
      if (const auto l = limit_of.find(last_part(nat)); l != limit_of.end()) {
        limits.push_back(
            {fmt::format("{} port limit {} per destination", nat, num(l->second)), l->second});
      }
    }
    const auto* total = in.s->column("nat_connections_peak");
    if (series.empty() && total != nullptr && !limit_of.empty()) {
      double least = limit_of.begin()->second;
      for (const auto& [nat, l] : limit_of) least = std::min(least, l);
      series.push_back({"NAT connections (peak, all NATs)", total});
      limits.push_back(
          {fmt::format("port limit {} per destination (least of the NATs)", num(least)), least});
    }
  }
  return chart("chart-nat", "NAT connections and the 55,000-port limit", "connections", in.s,
               series, limits, in.bands,
               limit_of.empty() ? "no NAT gateway on any function's route" : in.nothing,
               "The limit: 55,000 connections per NAT IP to one destination (IP, port, protocol).");
}

// The charts of one run's (or one variant's) time series.
json detail_charts(const Series* s, const json& context, const json& explain_doc,
                   const json& bands) {
  const ChartInputs in{
      s,
      context,
      explain_doc,
      bands,
      s == nullptr ? "no time series in this directory" : "",
      s == nullptr
          ? ""
          : fmt::format("per {} s bucket", num(s->interval_s * static_cast<double>(s->merged), 0))};
  return json::array({concurrency_chart(in), outcomes_chart(in), latency_chart(in), enis_chart(in),
                      ips_chart(in), nat_chart(in)});
}

// ---------------------------------------------------------------- page

struct Page {
  std::string title;
  std::string body;  // the sections
  json data = json::object();
};

std::string faults_section(const json& faults, bool realized) {
  std::string out = "<section id=\"faults\">\n<h2>Fault windows</h2>\n";
  if (faults.empty()) return out + "<p>No faults in this scenario.</p>\n</section>\n";
  std::vector<std::vector<std::string>> rows;
  for (const json& f : faults) {
    const json& end = member(f, "end_s");
    std::vector<std::string> row{json_text(member(f, "index")), html_escape(text_of(f, "kind")),
                                 html_escape(text_of(f, "subject")),
                                 time_text(number_of(f, "start_s")),
                                 end.is_number() ? time_text(end.get<double>()) : "open-ended"};
    if (realized) {
      row.emplace_back(
          member(f, "started").is_boolean() && !member(f, "started").get<bool>() ? "no" : "yes");
      row.push_back(json_text(member(f, "attempts")));
      row.push_back(num(100 * number_of(f, "availability"), 2) + "%");
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> header{"#", "kind", "subject (AZ, resource, target)", "start", "end"};
  if (realized) {
    header.insert(header.end(),
                  {"happened", "attempts in the window", "availability in the window"});
  }
  out += "<p>Shaded on every chart, labelled by kind and subject.</p>\n";
  return out + table(header, rows) + "</section>\n";
}

std::string overview_section(const json& context, const std::string& kind_line) {
  std::string out = "<header id=\"overview\">\n";
  out += fmt::format("<h1>{}</h1>\n", html_escape(text_of(context, "name")));
  out += fmt::format("<p class=\"description\">{}</p>\n",
                     html_escape(text_of(context, "description")));
  // The heading says "Question": a comment that starts so does not repeat it.
  std::string question = text_of(context, "question");
  if (question.starts_with("Question:")) {
    const std::size_t start = question.find_first_not_of(' ', 9);
    question = start == std::string::npos ? std::string() : question.substr(start);
  }
  out += "<div class=\"question\"><h2>Question</h2>\n";
  out += question.empty() ? "<p>(the scenario file has no leading comment)</p>\n"
                          : paragraphs(question);
  out += "</div>\n";
  out += "<p class=\"meta\">" + kind_line + "</p>\n";
  return out + "</header>\n";
}

const json& context_of(const json& explain) {
  return member(explain, "scenario");
}

Page run_page(const fs::path& dir, const json& summary) {
  Page p;
  const std::optional<json> explain_file = read_json(dir / "explain.json");
  const std::optional<json> manifest = read_json(dir / "manifest.json");
  const json explain = explain_file.value_or(json::object());
  json context = context_of(explain);
  if (!context.is_object()) context = json::object();
  const json& scenario = member(summary, "scenario");
  if (text_of(context, "name").empty()) context["name"] = text_of(scenario, "name");
  if (text_of(context, "description").empty() && manifest) {
    context["description"] = text_of(member(*manifest, "scenario"), "description");
  }
  p.title = text_of(context, "name");

  const double replications = number_of(summary, "replications");
  std::string meta = fmt::format(
      "Run of <code>{}</code>, seed {}, horizon {}, {}.", html_escape(text_of(scenario, "file")),
      json_text(member(scenario, "seed")), time_text(number_of(scenario, "horizon_s")),
      std::isfinite(replications)
          ? fmt::format("{} replications (mean ± {:.0f}% half-width)", num(replications),
                        100 * number_of(summary, "confidence"))
          : std::string("one replication"));
  if (manifest && !text_of(*manifest, "variant").empty()) {
    meta += fmt::format(" Variant {}.", html_escape(text_of(*manifest, "variant")));
  }
  if (member(summary, "partial").is_boolean() && member(summary, "partial").get<bool>()) {
    meta += fmt::format(" <strong>PARTIAL: interrupted by {} at {} simulated.</strong>",
                        html_escape(text_of(summary, "interrupted_by")),
                        time_text(number_of(summary, "simulated_s")));
  }
  p.body += overview_section(context, meta);

  p.body += "<section id=\"explain\">\n<h2>Before simulating: explain</h2>\n";
  p.body += explain_file ? explain_html(explain)
                         : "<p class=\"missing-note\">explain.json: not in this directory.</p>\n";
  p.body += "</section>\n";

  // Summary: the total, and each function when there are several.
  const std::vector<std::string> functions = function_names(summary);
  std::vector<std::map<std::string, Value>> columns{run_values(summary, "")};
  std::vector<std::string> header{"total"};
  if (functions.size() > 1) {
    for (const std::string& f : functions) {
      columns.push_back(run_values(summary, f));
      header.push_back(f);
    }
  }
  std::vector<const std::map<std::string, Value>*> column_ptrs;
  column_ptrs.reserve(columns.size());
  for (const auto& c : columns) column_ptrs.push_back(&c);
  p.body += "<section id=\"summary\">\n<h2>Summary</h2>\n" + summary_table(header, column_ptrs);
  p.body +=
      "<p class=\"note\">All numbers in summary.json; the time series in timeseries.csv.</p>\n";
  p.body += "</section>\n";

  // Faults: as they happened (summary.json), else as configured.
  json faults = member(summary, "faults");
  if (!faults.is_array() && member(summary, "runs").is_array() &&
      !member(summary, "runs").empty()) {
    faults = member(member(summary, "runs")[0], "faults");
  }
  const bool realized = faults.is_array();
  if (!realized) faults = member(context, "faults");
  if (!faults.is_array()) faults = json::array();

  const std::optional<Series> series = read_series(dir / "timeseries.csv");
  const json bands = fault_bands(faults, number_of(scenario, "horizon_s"));
  p.body += "<section id=\"charts\">\n<h2>Over time</h2>\n";
  if (std::isfinite(replications))
    p.body += "<p class=\"note\">The time series is replication 0's.</p>\n";
  p.body += "<div class=\"charts\" data-charts=\"detail\"></div>\n</section>\n";
  p.body += faults_section(faults, realized);

  p.data["kind"] = "run";
  p.data["detail"] = json::array(
      {{{"name", ""},
        {"charts", detail_charts(series ? &*series : nullptr, context, explain, bands)}}});
  p.data["overlay"] = json::array();
  return p;
}

Value compared(const json& metric, const std::string& variant, bool difference) {
  const json& v = member(metric, variant);
  const json& d = difference ? member(v, "difference") : v;
  return {number_of(d, "mean"), number_of(d, "half_width")};
}

bool zero_everywhere(const json& metric, const std::vector<std::string>& variants) {
  return std::all_of(variants.begin(), variants.end(), [&](const std::string& v) {
    const Value x = compared(metric, v, false);
    return !(std::isfinite(x.mean) && x.mean != 0);
  });
}

// The Δ table's rows: the baseline's value, then each variant's value and
// its paired difference (highlighted when the interval excludes 0).
std::vector<std::vector<std::string>> delta_rows(const json& metrics,
                                                 const std::vector<std::string>& variants,
                                                 const std::vector<Headline>& rows,
                                                 bool skip_zero) {
  std::vector<std::vector<std::string>> out;
  for (const Headline& h : rows) {
    const json& m = member(metrics, h.metric);
    if (m.is_null()) continue;
    if ((skip_zero || h.at->compare_skip_if_zero) && zero_everywhere(m, variants)) continue;
    std::vector<std::string> row{html_escape(h.name),
                                 value_cell(compared(m, variants[0], false), *h.at)};
    for (std::size_t i = 1; i < variants.size(); ++i) {
      const Value d = compared(m, variants[i], true);
      const bool significant = std::isfinite(d.mean) && std::isfinite(d.half_width) &&
                               std::abs(d.mean) > d.half_width && d.mean != 0;
      row.push_back(value_cell(compared(m, variants[i], false), *h.at));
      row.push_back(fmt::format("<span class=\"delta{}\">{}</span>",
                                significant ? " significant" : "", value_cell(d, *h.at, true)));
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string delta_section(const json& compare, const std::vector<std::string>& variants) {
  const json& metrics = member(compare, "metrics");
  std::string out =
      "<section id=\"compare-delta\">\n<h2>Paired differences against the baseline</h2>\n";
  out += fmt::format(
      "<p>Baseline <strong>{}</strong> (<code>compare --baseline NAME</code> chooses it). Each Δ "
      "is the "
      "mean of the paired differences over {} replications with common random numbers, ± its "
      "{:.0f}% "
      "Student-t half-width; a Δ whose interval excludes 0 is highlighted.</p>\n",
      html_escape(variants[0]), json_text(member(compare, "replications")),
      100 * number_of(compare, "confidence"));
  std::vector<std::string> header{"metric", html_escape(variants[0]) + " (baseline)"};
  for (std::size_t i = 1; i < variants.size(); ++i) {
    header.push_back(html_escape(variants[i]));
    header.push_back("Δ " + html_escape(variants[i]));
  }
  out += table(header, delta_rows(metrics, variants, headlines(), false), "numbers delta");
  // Every other metric, formatted plainly.
  static const MetricPlacement kPlain{.compare_format = "{:.4g}"};
  std::vector<Headline> rest;
  for (const auto& item : metrics.items()) {
    const std::string& name = item.key();
    const bool headline = std::any_of(headlines().begin(), headlines().end(),
                                      [&name](const Headline& h) { return h.metric == name; });
    if (!headline) rest.push_back({name, name, &kPlain});
  }
  out += fmt::format("<details><summary>Every metric ({})</summary>\n", rest.size());
  out += table(header, delta_rows(metrics, variants, rest, true), "numbers delta");
  out += "<p class=\"note\">Metrics that are 0 in every variant are left out.</p>\n</details>\n";
  return out + "</section>\n";
}

// explain.json's entry per variant, by name.
std::map<std::string, const json*> explain_by_variant(const json& explain) {
  std::map<std::string, const json*> out;
  for (const json& v : member(explain, "variants")) out[text_of(v, "name")] = &v;
  return out;
}

std::string compare_explain_section(const std::map<std::string, const json*>& by_variant,
                                    const std::vector<std::string>& variants, bool have_file) {
  std::string out = "<section id=\"explain\">\n<h2>Before simulating: explain</h2>\n";
  if (!have_file) out += "<p class=\"missing-note\">explain.json: not in this directory.</p>\n";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto it = by_variant.find(variants[i]);
    if (it == by_variant.end()) continue;
    out += fmt::format("<details{}><summary>Variant {}</summary>\n", i == 0 ? " open" : "",
                       html_escape(variants[i]));
    out += explain_html(member(*it->second, "explain")) + "</details>\n";
  }
  return out + "</section>\n";
}

std::string compare_summary_section(const json& compare, const std::vector<std::string>& variants) {
  std::vector<std::map<std::string, Value>> columns(variants.size());
  for (const auto& item : member(compare, "metrics").items()) {
    for (std::size_t i = 0; i < variants.size(); ++i) {
      columns[i][item.key()] = compared(item.value(), variants[i], false);
    }
  }
  std::vector<const std::map<std::string, Value>*> column_ptrs;
  column_ptrs.reserve(columns.size());
  for (const auto& c : columns) column_ptrs.push_back(&c);
  return "<section id=\"summary\">\n<h2>Summary</h2>\n" + summary_table(variants, column_ptrs) +
         fmt::format("<p class=\"note\">Mean ± {:.0f}% half-width over the replications.</p>\n",
                     100 * number_of(compare, "confidence")) +
         "</section>\n";
}

// A compare overlay: one line per variant whose series has the column (or,
// for failures, throttles + errors + platform errors), all of one length.
struct Overlay {
  const char* id;
  const char* title;
  const char* column;  // "": failures
  const char* unit;
};

json overlay_chart(const Overlay& o, const std::vector<std::string>& variants,
                   const std::vector<std::optional<Series>>& series, const Series* first,
                   const json& bands, const std::vector<Limit>& limits,
                   std::vector<std::vector<double>>& failures) {
  std::vector<ChartSeries> lines;
  for (std::size_t i = 0; i < variants.size() && first != nullptr; ++i) {
    if (!series[i] || series[i]->rows() != first->rows()) continue;
    const Series& s = *series[i];
    if (std::string_view(o.column).empty()) {
      const auto* t = s.column("throttles");
      const auto* e = s.column("errors");
      const auto* pe = s.column("platform_errors");
      if (t == nullptr || e == nullptr || pe == nullptr) continue;
      failures[i].resize(t->size());
      for (std::size_t r = 0; r < t->size(); ++r) failures[i][r] = (*t)[r] + (*e)[r] + (*pe)[r];
      lines.push_back({variants[i], &failures[i]});
    } else if (const auto* v = s.column(o.column)) {
      lines.push_back({variants[i], v});
    }
  }
  return chart(
      o.id, o.title, o.unit, first, lines, limits, bands,
      first == nullptr ? "no timeseries-<variant>.csv in this directory" : std::string(kNotInData));
}

// `context`: the base scenario's (its account concurrency is drawn on the
// concurrency overlay).
json compare_overlays(const std::vector<std::string>& variants,
                      const std::vector<std::optional<Series>>& series, const json& bands,
                      const json& context) {
  static const std::vector<Overlay> kOverlays = {
      {"overlay-concurrency", "Concurrency (avg), per variant", "concurrency_avg",
       "concurrent executions"},
      {"overlay-successes", "Successes, per variant", "successes", "invocations per bucket"},
      {"overlay-failures", "Throttles, errors and platform errors, per variant", "",
       "invocations per bucket"},
      {"overlay-latency", "Latency p99, per variant", "latency_p99_ms", "ms"},
      {"overlay-nat", "NAT connections (peak), per variant", "nat_connections_peak", "connections"},
  };
  const Series* first = nullptr;
  for (const auto& s : series) {
    if (s && first == nullptr) first = &*s;
  }
  std::vector<std::vector<double>> failures(variants.size());
  json out = json::array();
  std::vector<Limit> account;
  if (const double a = number_of(context, "account_concurrency"); std::isfinite(a)) {
    account.push_back({fmt::format("account concurrency {}", num(a)), a});
  }
  for (const Overlay& o : kOverlays) {
    const bool concurrency = std::string_view(o.id) == "overlay-concurrency";
    out.push_back(overlay_chart(o, variants, series, first, bands,
                                concurrency ? account : std::vector<Limit>{}, failures));
  }
  return out;
}

std::string compare_chart_sections(const std::vector<std::string>& variants) {
  std::string out = "<section id=\"compare-overlay\">\n<h2>Variants over time</h2>\n";
  out +=
      "<p class=\"note\">Replication 0 of each variant (common random numbers: the same arrivals "
      "in "
      "every variant).</p>\n<div class=\"charts\" data-charts=\"overlay\"></div>\n</section>\n";
  out += "<section id=\"charts\">\n<h2>One variant over time</h2>\n";
  out += "<p><label>Variant <select id=\"variant-select\">";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    out += fmt::format("<option value=\"{}\">{}</option>", i, html_escape(variants[i]));
  }
  return out +
         "</select></label></p>\n<div class=\"charts\" data-charts=\"detail\"></div>\n</section>\n";
}

Page compare_page(const fs::path& dir, const json& compare) {
  Page p;
  std::vector<std::string> variants;
  for (const json& v : member(compare, "variants")) variants.push_back(json_text(v));
  if (variants.empty()) {
    throw Failure{(dir / "compare.json").string() + ": \"variants\" is empty or missing"};
  }
  const std::optional<json> explain_file = read_json(dir / "explain.json");
  const json explain = explain_file.value_or(json::object());
  json context = context_of(explain);
  if (!context.is_object()) context = json::object();
  const json& scenario = member(compare, "scenario");
  if (text_of(context, "name").empty()) context["name"] = text_of(scenario, "name");
  p.title = text_of(context, "name");

  std::string variant_list;
  for (const std::string& v : variants) {
    if (!variant_list.empty()) variant_list += ", ";
    variant_list += html_escape(v);
  }
  p.body += overview_section(
      context, fmt::format("Comparison of <code>{}</code>: {} variants ({}), {} replications each.",
                           html_escape(text_of(scenario, "file")), variants.size(), variant_list,
                           json_text(member(compare, "replications"))));
  const std::map<std::string, const json*> by_variant = explain_by_variant(explain);
  p.body += compare_explain_section(by_variant, variants, explain_file.has_value());
  p.body += compare_summary_section(compare, variants);
  p.body += delta_section(compare, variants);
  p.body += compare_chart_sections(variants);
  const json& faults = member(context, "faults");
  p.body += faults_section(faults.is_array() ? faults : json::array(), false);

  // Each variant's time series, when the directory has it, and its charts.
  std::vector<std::optional<Series>> series;
  series.reserve(variants.size());
  for (const std::string& v : variants)
    series.push_back(read_series(dir / ("timeseries-" + v + ".csv")));
  json detail = json::array();
  json first_bands = json::array();
  static const json kEmpty = json::object();
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto it = by_variant.find(variants[i]);
    const json& vc = it == by_variant.end() ? context : member(*it->second, "scenario");
    const json& ve = it == by_variant.end() ? kEmpty : member(*it->second, "explain");
    const json bands = fault_bands(member(vc, "faults"), number_of(vc, "horizon_s"));
    if (i == 0) first_bands = bands;
    detail.push_back({{"name", variants[i]},
                      {"charts", detail_charts(series[i] ? &*series[i] : nullptr, vc, ve, bands)}});
  }
  p.data["kind"] = "compare";
  p.data["detail"] = detail;
  p.data["overlay"] = compare_overlays(variants, series, first_bands, context);
  return p;
}

std::string page_html(const Page& p, const std::string& version) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>lambdasim report: {}</title>\n", html_escape(p.title));
  // Records errors before anything else runs, so that the page shows them
  // (and the headless test finds them in the DOM).
  out +=
      "<script>window.lambdasimErrors=[];"
      "window.addEventListener('error',function(e){window.lambdasimErrors.push(String(e.message));}"
      ");"
      "window.addEventListener('unhandledrejection',function(e){window.lambdasimErrors.push("
      "'unhandled rejection: '+String(e.reason));});"
      "(function(){var f=console.error;console.error=function(){window.lambdasimErrors.push("
      "Array.prototype.join.call(arguments,' '));f.apply(console,arguments);};})();</script>\n";
  out += "<style>\n" + std::string(embedded::kUplotCss) + "\n</style>\n";
  out += "<style>\n" + std::string(embedded::kReportCss) + "</style>\n";
  out += "</head>\n<body>\n<div id=\"js-errors\" hidden></div>\n";
  out +=
      "<nav><a href=\"#overview\">Scenario</a> <a href=\"#explain\">Explain</a> <a "
      "href=\"#summary\">Summary</a>";
  if (p.data.value("kind", "") == "compare") {
    out +=
        " <a href=\"#compare-delta\">Differences</a> <a href=\"#compare-overlay\">Variants over "
        "time</a>";
  }
  out += " <a href=\"#charts\">Over time</a> <a href=\"#faults\">Faults</a></nav>\n<main>\n";
  out += p.body;
  out += fmt::format(
      "</main>\n<footer>Written by lambdasim {}. Charts drawn with uPlot 1.6.32 (MIT licence, "
      "Leon Sorokin), inlined: this page loads nothing from the network.</footer>\n",
      html_escape(version));
  out += "<script type=\"application/json\" id=\"report-data\">" +
         script_safe_json(p.data.dump(-1, ' ', false, json::error_handler_t::replace)) +
         "</script>\n";
  out += "<script>\n" + std::string(embedded::kUplotJs) + "\n</script>\n";
  out += "<script>\n" + std::string(embedded::kReportJs) + "</script>\n";
  return out + "</body>\n</html>\n";
}

}  // namespace

HtmlReport render_html_report(const fs::path& dir) {
  HtmlReport r;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    r.error = fmt::format("{}: {}", dir.string(),
                          fs::exists(dir, ec) ? "not a directory" : "no such directory");
    return r;
  }
  try {
    Page page;
    std::string version;
    if (const std::optional<json> compare = read_json(dir / "compare.json")) {
      page = compare_page(dir, *compare);
    } else if (const std::optional<json> summary = read_json(dir / "summary.json")) {
      page = run_page(dir, *summary);
      version = text_of(*summary, "lambdasim_version");
    } else {
      r.error = fmt::format(
          "{}: neither summary.json nor compare.json: not the --out directory of "
          "`lambdasim run` or `lambdasim compare`",
          dir.string());
      return r;
    }
    r.html = page_html(page, version.empty() ? std::string(LAMBDASIM_VERSION) : version);
    r.ok = true;
  } catch (const Failure& f) {
    r.error = f.message;
  } catch (const json::exception& e) {
    r.error = fmt::format("{}: unexpected content: {}", dir.string(), e.what());
  }
  return r;
}

}  // namespace lambdasim
