#include "lambdasim/report/explain_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {

namespace {

// A part's table: a header line, then a line per row.
std::string render_table(const ExplainedTable& t) {
  std::string header;
  for (const ExplainColumn& c : t.columns) {
    if (!header.empty()) header += ' ';
    header += c.format == ExplainFormat::kText ? fmt::format("{:<{}}", c.header, c.width)
                                               : fmt::format("{:>{}}", c.header, c.width);
  }
  std::string out = "\n" + header + "\n";
  for (const std::vector<ExplainCell>& row : t.rows) {
    std::string line;
    for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
      const ExplainColumn& c = t.columns[i];
      if (!line.empty()) line += ' ';
      switch (c.format) {
        case ExplainFormat::kText:
          line += fmt::format("{:<{}}", sanitize_text(row[i].text), c.width);
          break;
        case ExplainFormat::kNumber0:
          line += fmt::format("{:>{}.0f}", row[i].value, c.width);
          break;
        case ExplainFormat::kPercent0:
          line += fmt::format("{:>{}.0f}%", 100 * row[i].value, c.width - 1);
          break;
      }
    }
    out += line + "\n";
  }
  return out;
}

std::string capacity_text(double capacity) {
  return std::isfinite(capacity) ? fmt::format("{:.0f}", capacity) : std::string("unlimited");
}

// "name capacity (detail); ..." in the order checked.
std::string limits_text(const ExplainedFunction& f) {
  std::string out;
  for (const ExplainedLimit& l : f.limits) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{} {} ({})", l.name, capacity_text(l.capacity), l.detail);
  }
  return out;
}

// JSON has no infinity: a limit that never binds has a null capacity.
nlohmann::json limit_json(const ExplainedLimit& l) {
  using nlohmann::json;
  return json{{"name", l.name},
              {"capacity", std::isfinite(l.capacity) ? json(l.capacity) : json(nullptr)},
              {"detail", l.detail}};
}

// A function's limits, the binding one (null when the demand fits) and its line.
void add_limits_json(const ExplainedFunction& f, nlohmann::json& jf) {
  using nlohmann::json;
  jf["limits"] = json::array();
  for (const ExplainedLimit& l : f.limits) jf["limits"].push_back(limit_json(l));
  jf["binding_limit"] = f.binding_limit && *f.binding_limit < f.limits.size()
                            ? limit_json(f.limits[*f.binding_limit])
                            : json(nullptr);
  jf["binding_limit_text"] = binding_limit_text(f);
}

// One function's block: its demand, binding limit, limits, ENIs, routes, warnings.
std::string function_text(const ExplainedFunction& f) {
  std::string out;
  // Names come from the scenario: each line is sanitised (no control
  // character, no line break of the user's).
  auto line = [&out](const std::string& s) {
    out += sanitize_text(s);
    out += '\n';
  };
  line("");
  line(fmt::format("function {} ({})", f.name, f.attachment));
  line(fmt::format(
      "  peak arrivals {:.1f}/s x busy {:.3f}s -> demand ~{:.0f}, concurrency_peak ~{:.0f}",
      f.peak_rate_per_s, f.mean_busy_s, f.demand_concurrency, f.peak_concurrency));
  line("  " + binding_limit_text(f));
  if (!f.limits.empty()) line("  limits: " + limits_text(f));
  if (f.attachment != "Lambda service VPC") {
    line(
        fmt::format("  ENIs: hyperplane {} (its subnet/SG pairs); per-execution {} "
                    "({:.3g} environments per ENI)",
                    f.hyperplane_enis, f.per_execution_enis, f.per_execution_envs_per_eni));
  }
  for (const ExplainedRoute& r : f.routes) {
    line(fmt::format("  {} -> {}: {}{} ({})", r.subnet.empty() ? "service VPC" : r.subnet, r.target,
                     route_kind_name(r.kind), r.cross_az ? ", cross-AZ" : "", r.why));
  }
  for (const std::string& w : f.warnings) line("  warning: " + w);
  return out;
}

}  // namespace

std::string render_explanation_text(const Explanation& e) {
  std::string out;
  // Names come from the scenario: each line is sanitised (no control
  // character, no line break of the user's).
  auto line = [&out](const std::string& s) {
    out += sanitize_text(s);
    out += '\n';
  };
  line(fmt::format("ENI model: {}", e.eni_model == EniModel::kHyperplane
                                        ? "hyperplane (one ENI per subnet and security-group set)"
                                        : "per-execution (legacy: 3 GB of memory per ENI)"));
  for (const ExplainedFunction& f : e.functions) out += function_text(f);
  if (!e.subnets.empty()) {
    line("");
    line(fmt::format("{:<12} {:<14} {:<10} {:>10} {:>16} {:>18}", "vpc", "subnet", "az",
                     "usable IPs", "hyperplane ENIs", "per-execution ENIs"));
    for (const ExplainedSubnet& s : e.subnets) {
      line(fmt::format("{:<12} {:<14} {:<10} {:>10} {:>16} {:>18}", s.vpc, s.name, s.az,
                       s.usable_ips, s.hyperplane_enis, s.per_execution_enis));
    }
    line(
        fmt::format("account: hyperplane ENIs {} (quota {} per VPC); per-execution ENIs {} "
                    "(region quota {})",
                    e.hyperplane_enis_total, e.enis_per_vpc_quota, e.per_execution_enis_total,
                    e.region_interface_quota));
  }
  if (!e.nats.empty()) {
    line("");
    line(fmt::format("{:<12} {:<12} {:<14} {:>12} {:>10}", "vpc", "nat", "destination", "needed",
                     "limit"));
    for (const ExplainedNat& n : e.nats) {
      line(fmt::format("{:<12} {:<12} {:<14} {:>12.0f} {:>10}", n.vpc, n.nat, n.target,
                       n.connections_needed, n.connections_limit));
    }
  }
  for (const ExplainedTable& t : e.tables) out += render_table(t);
  if (!e.warnings.empty()) {
    line("");
    for (const std::string& w : e.warnings) line("warning: " + w);
  }
  return out;
}

std::string render_explanation_json(const Explanation& e) {
  using nlohmann::json;
  json j;
  j["eni_model"] = e.eni_model == EniModel::kHyperplane ? "hyperplane" : "per-execution";
  j["hyperplane_enis_total"] = e.hyperplane_enis_total;
  j["per_execution_enis_total"] = e.per_execution_enis_total;
  j["enis_per_vpc_quota"] = e.enis_per_vpc_quota;
  j["region_interface_quota"] = e.region_interface_quota;
  j["functions"] = json::array();
  for (const ExplainedFunction& f : e.functions) {
    json jf{{"name", f.name},
            {"attachment", f.attachment},
            {"peak_rate_per_s", f.peak_rate_per_s},
            {"mean_busy_s", f.mean_busy_s},
            {"demand_concurrency", f.demand_concurrency},
            // The run's name for the same peak (summary.json concurrency.peak).
            {"concurrency_peak", f.peak_concurrency},
            {"hyperplane_enis", f.hyperplane_enis},
            {"per_execution_envs_per_eni", f.per_execution_envs_per_eni},
            {"per_execution_enis", f.per_execution_enis},
            {"warnings", f.warnings}};
    jf["routes"] = json::array();
    for (const ExplainedRoute& r : f.routes) {
      jf["routes"].push_back({{"subnet", r.subnet},
                              {"target", r.target},
                              {"route", std::string(route_kind_name(r.kind))},
                              {"cross_az", r.cross_az},
                              {"why", r.why}});
    }
    add_limits_json(f, jf);
    j["functions"].push_back(jf);
  }
  j["subnets"] = json::array();
  for (const ExplainedSubnet& s : e.subnets) {
    j["subnets"].push_back({{"vpc", s.vpc},
                            {"name", s.name},
                            {"az", s.az},
                            {"usable_ips", s.usable_ips},
                            {"hyperplane_enis", s.hyperplane_enis},
                            {"per_execution_enis", s.per_execution_enis}});
  }
  j["nat_connections"] = json::array();
  for (const ExplainedNat& n : e.nats) {
    j["nat_connections"].push_back({{"vpc", n.vpc},
                                    {"nat", n.nat},
                                    {"destination", n.target},
                                    {"needed", n.connections_needed},
                                    {"limit", n.connections_limit}});
  }
  for (const ExplainedTable& t : e.tables) {
    json rows = json::array();
    for (const std::vector<ExplainCell>& row : t.rows) {
      json r = json::object();
      for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
        const std::string key(t.columns[i].json_key);
        if (t.columns[i].format == ExplainFormat::kText) {
          r[key] = row[i].text;
        } else {
          r[key] = row[i].value;
        }
      }
      rows.push_back(std::move(r));
    }
    j[t.json_key] = std::move(rows);
  }
  j["warnings"] = e.warnings;
  // Never throws: names are UTF-8 (checked at load), but a byte that is not
  // would become U+FFFD rather than abort the command.
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace lambdasim
