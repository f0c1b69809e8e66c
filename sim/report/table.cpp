#include "lambdasim/report/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {

namespace {

constexpr std::string_view kUndefined = "-";

// ------------------------------------------------------------ formatting

// Fixed decimals with thousands separators on the integer part.
std::string grouped_fixed(double v, int decimals) {
  const std::string text = fmt::format("{:.{}f}", v, decimals);
  const std::size_t dot = text.find('.');
  const std::string fraction = dot == std::string::npos ? std::string() : text.substr(dot);
  std::string digits = text.substr(0, dot);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  std::string out = negative ? "-" : "";
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i >= lead && (i - lead) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + fraction;
}

std::string grouped(double v) {
  return std::isfinite(v) ? grouped_fixed(v, 0) : std::string(kUndefined);
}

std::string percent(double ratio, int decimals) {
  if (!std::isfinite(ratio)) return std::string(kUndefined);
  return fmt::format("{:.{}f}%", ratio * 100.0, decimals);
}

// Three significant figures without switching to exponents.
std::string millis(double ms) {
  if (!std::isfinite(ms)) return std::string(kUndefined);
  if (std::fabs(ms) >= 100) return grouped_fixed(ms, 0);
  if (std::fabs(ms) >= 10) return fmt::format("{:.1f}", ms);
  return fmt::format("{:.2f}", ms);
}

std::string decimal(double v, int decimals) {
  if (!std::isfinite(v)) return std::string(kUndefined);
  return fmt::format("{:.{}f}", v, decimals);
}

std::string dollars(double usd) {
  if (!std::isfinite(usd)) return std::string(kUndefined);
  return fmt::format("{:.{}f}", usd, std::fabs(usd) >= 1 || usd == 0 ? 2 : 4);
}

std::string client_sees(Outcome o) {
  const OutcomeInfo& info = outcome_info(o);
  std::string s = info.http_status != 0 ? fmt::format("{} ", info.http_status) : std::string();
  s += info.aws_error;
  if (!info.aws_reason.empty()) s += fmt::format(" ({})", info.aws_reason);
  return s;
}

bool is_async_final_state(Outcome o) {
  return o == Outcome::kAsyncExpired || o == Outcome::kAsyncDestination ||
         o == Outcome::kAsyncDropped;
}

// ------------------------------------------------------------ layout

struct Table {
  std::vector<std::string> header;
  std::vector<bool> left;  // per column: left-aligned (text) or right (numbers)
  std::vector<std::vector<std::string>> rows;
};

std::size_t display_width(std::string_view s) {
  // Count UTF-8 code points (the ± sign), not bytes.
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string render(const Table& raw) {
  // Names come from the scenario: no cell may hold a control character.
  Table t = raw;
  for (auto& row : t.rows) {
    for (std::string& cell : row) cell = sanitize_text(cell);
  }
  const std::size_t cols = t.header.size();
  std::vector<std::size_t> width(cols, 0);
  for (std::size_t c = 0; c < cols; ++c) width[c] = display_width(t.header[c]);
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < cols && c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (std::size_t c = 0; c < cols; ++c) {
      const std::string& cell = c < cells.size() ? cells[c] : std::string();
      const std::string pad(width[c] - display_width(cell), ' ');
      if (c != 0) l += "  ";
      l += t.left[c] ? cell + pad : pad + cell;
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l;
    out += '\n';
  };
  line(t.header);
  std::vector<std::string> rule(cols);
  for (std::size_t c = 0; c < cols; ++c) rule[c] = std::string(width[c], '-');
  line(rule);
  for (const auto& row : t.rows) line(row);
  return out;
}

// ------------------------------------------------------------ main table

// The declared metrics shown in the per-function table, by column.
const std::vector<const FunctionMetricSpec*>& main_columns() {
  static const std::vector<const FunctionMetricSpec*> kColumns = [] {
    std::vector<const FunctionMetricSpec*> out;
    for (const FunctionMetricSpec& s : function_metric_specs()) {
      if (s.at.table_column > 0) out.push_back(&s);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
      return a->at.table_column < b->at.table_column;
    });
    return out;
  }();
  return kColumns;
}

std::vector<std::string> main_header() {
  std::vector<std::string> header = {"function"};
  for (const FunctionMetricSpec* s : main_columns()) header.emplace_back(s->name);
  return header;
}

Table main_table() {
  std::vector<std::string> header = main_header();
  std::vector<bool> left(header.size(), false);
  left[0] = true;
  return {std::move(header), std::move(left), {}};
}

std::string text(TextFormat format, double v) {
  switch (format) {
    case TextFormat::kPercent2:
      return percent(v, 2);
    case TextFormat::kPercent3:
      return percent(v, 3);
    case TextFormat::kMillis:
      return millis(v);
    case TextFormat::kDecimal1:
      return decimal(v, 1);
    case TextFormat::kUsd:
      return dollars(v);
    case TextFormat::kCount:
    case TextFormat::kNone:
      break;
  }
  return grouped(v);
}

std::vector<std::string> summary_row(const FunctionSummary& f) {
  std::vector<std::string> row = {f.name};
  for (const FunctionMetricSpec* s : main_columns()) row.push_back(text(s->at.text, s->value(f)));
  return row;
}

// How every attempt ended, in counts that add up: the success rate and the
// throttle and error columns leave out the attempts still running at the
// horizon, so the line names them (issue 12). Each term is a metric's name.
std::string outcome_line(const FunctionSummary& f) {
  const auto n = [](std::uint64_t v) { return grouped(static_cast<double>(v)); };
  return fmt::format(
      "{}: attempts {} = successes {} + throttles {} + errors {} + platform_errors {} + "
      "in_flight {}\n",
      f.name, n(f.attempts), n(f.successes), n(f.throttles), n(f.errors), n(f.platform_errors),
      n(f.in_flight));
}

// The account's cost, as compare shows it: compute + network = total.
std::string cost_line(const CostSummary& c) {
  return fmt::format(
      "account: cost_compute_usd {} + cost_network_usd {} = cost_total_usd {} "
      "(cost_per_million_usd {})\n",
      dollars(c.compute_usd), dollars(c.network_usd), dollars(c.total_usd),
      dollars(c.per_million_usd));
}

// ------------------------------------------------------------ aggregate

// Decimals the mean gets on its own, as in the single-run table.
int base_decimals(TextFormat format, double mean) {
  const double a = std::fabs(mean);
  switch (format) {
    case TextFormat::kPercent2:
      return 2;
    case TextFormat::kPercent3:
      return 3;
    case TextFormat::kMillis:
      return a >= 100 ? 0 : a >= 10 ? 1 : 2;
    case TextFormat::kDecimal1:
      return 1;
    case TextFormat::kUsd:
      return a >= 1 || mean == 0 ? 2 : 4;
    case TextFormat::kCount:
    case TextFormat::kNone:
      break;
  }
  return a < 100 && mean != std::round(mean) ? 1 : 0;
}

// "mean ± half-width", both with the same decimals: the mean's, or up to two
// more so that a small half-width keeps two significant figures rather than
// printing as 0.
std::string with_ci(const AggregateMetric* m, TextFormat format) {
  if (m == nullptr || !std::isfinite(m->ci.mean)) return std::string(kUndefined);
  const bool pct = format == TextFormat::kPercent2 || format == TextFormat::kPercent3;
  const double scale = pct ? 100.0 : 1.0;
  const double mean = m->ci.mean * scale;
  const double hw = m->ci.half_width * scale;
  int d = base_decimals(format, mean);
  if (std::isfinite(hw) && hw > 0) {
    const int need = static_cast<int>(std::ceil(-std::log10(hw))) + 1;
    d = std::max(d, std::min(need, d + 2));
  }
  const char* unit = pct ? "%" : "";
  std::string s = grouped_fixed(mean, d) + unit;
  if (std::isfinite(hw)) s += " ± " + grouped_fixed(hw, d) + unit;
  return s;
}

std::vector<std::string> aggregate_row(const AggregateSummary& a, const std::string& label,
                                       const std::string& prefix) {
  std::vector<std::string> row = {label};
  for (const FunctionMetricSpec* s : main_columns()) {
    row.push_back(with_ci(a.find(prefix + s->name), s->at.text));
  }
  return row;
}

// The same sum over the mean counts per run (means add up as the counts do).
std::string aggregate_outcome_line(const AggregateSummary& a, const std::string& label,
                                   const std::string& prefix) {
  const auto mean = [&](const char* metric) {
    return with_ci(a.find(prefix + metric), TextFormat::kCount);
  };
  return fmt::format(
      "{}: attempts {} = successes {} + throttles {} + errors {} + platform_errors {} + "
      "in_flight {}\n",
      label, mean("attempts"), mean("successes"), mean("throttles"), mean("errors"),
      mean("platform_errors"), mean("in_flight"));
}

std::string aggregate_cost_line(const AggregateSummary& a) {
  const AggregateMetric* network = a.find("total.cost_network_usd");
  return fmt::format(
      "account: cost_compute_usd {} + cost_network_usd {} = cost_total_usd {} "
      "(cost_per_million_usd {})\n",
      with_ci(a.find("total.cost_compute_usd"), TextFormat::kUsd),
      network == nullptr ? dollars(0) : with_ci(network, TextFormat::kUsd),
      with_ci(a.find("total.cost_total_usd"), TextFormat::kUsd),
      with_ci(a.find("total.cost_per_million_usd"), TextFormat::kUsd));
}

// ------------------------------------------------------------ network, faults

std::string gigabytes(double gb) {
  if (!std::isfinite(gb)) return std::string(kUndefined);
  return fmt::format("{:.3f} GB", gb);
}

std::string render_network(const NetworkSummary& n, const CostSummary& cost) {
  std::string out =
      fmt::format("Network: enis_peak {}, enis_avg {}, ips_used_peak {}, nat_connections_peak {}\n",
                  grouped(n.enis_peak), decimal(n.enis_avg, 1), grouped(n.ips_used_peak),
                  grouped(n.nat_connections_peak));
  if (!n.subnets.empty()) {
    Table subnets{{"subnet", "az", "enis_peak", "enis_avg", "creating_peak", "free_ips_min"},
                  {true, true, false, false, false, false},
                  {}};
    for (const SubnetNetworkSummary& sn : n.subnets) {
      subnets.rows.push_back({sn.vpc + "/" + sn.name, sn.az, grouped(sn.enis_peak),
                              decimal(sn.enis_avg, 1), grouped(sn.creating_peak),
                              grouped(sn.free_ips_min)});
    }
    out += render(subnets);
  }
  Table costs{{"network cost", "$", "usage"}, {true, false, true}, {}};
  if (!n.nats.empty()) {
    costs.rows.push_back(
        {"cost_nat_usd", dollars(cost.nat_usd),
         fmt::format("{} NAT-hours, {}", decimal(n.nat_hours, 2), gigabytes(n.nat_gb))});
  }
  if (!n.endpoints.empty()) {
    costs.rows.push_back({"cost_endpoint_usd", dollars(cost.endpoint_usd),
                          fmt::format("{} AZ-hours, {}", decimal(n.endpoint_az_hours, 2),
                                      gigabytes(n.endpoint_gb))});
  }
  costs.rows.push_back({"cost_cross_az_usd", dollars(cost.cross_az_usd),
                        gigabytes(n.cross_az_gb) + ", billed in each direction"});
  costs.rows.push_back({"cost_network_usd", dollars(cost.network_usd), ""});
  out += '\n';
  out += render(costs);
  return out;
}

// The most frequent non-success outcomes inside a window, "name n, ...".
std::string top_reasons(const FaultWindowSummary& w, std::size_t limit) {
  std::vector<std::pair<std::uint64_t, std::size_t>> counts;
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    if (static_cast<Outcome>(i) != Outcome::kSuccess && w.outcomes[i] > 0) {
      counts.emplace_back(w.outcomes[i], i);
    }
  }
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (std::size_t k = 0; k < counts.size() && k < limit; ++k) {
    if (k != 0) out += ", ";
    out += fmt::format("{} {}", outcome_name(static_cast<Outcome>(counts[k].second)),
                       grouped(static_cast<double>(counts[k].first)));
  }
  return out.empty() ? std::string(kUndefined) : out;
}

std::string seconds_text(double s) {
  return std::isfinite(s) ? format_time(from_seconds(s)) : std::string(kUndefined);
}

std::string render_faults(const std::vector<FaultWindowSummary>& faults) {
  Table t{{"fault", "kind", "subject", "window", "availability", "attempts", "top outcomes",
           "async_delayed", "first_success_after_start_s", "time_to_recover_s"},
          {true, true, true, true, false, false, true, false, false, false},
          {}};
  for (const FaultWindowSummary& w : faults) {
    std::string window;
    if (!w.started) {
      window = fmt::format("{} (not reached)", format_time(w.start));
    } else {
      window = fmt::format("{} to {}{}", format_time(w.start), format_time(w.end),
                           w.open ? " (open)" : "");
    }
    t.rows.push_back({std::to_string(w.index), w.kind, w.subject.empty() ? "-" : w.subject, window,
                      percent(w.availability, 2), grouped(static_cast<double>(w.attempts)),
                      top_reasons(w, 3), grouped(static_cast<double>(w.async_delayed)),
                      seconds_text(w.first_success_after_start_s),
                      seconds_text(w.time_to_recover_s)});
  }
  return "Fault windows (availability = successes / attempts inside the window):\n" + render(t);
}

std::string render_aggregate_network(const AggregateSummary& a) {
  const AggregateMetric* enis = a.find("network.enis_peak");
  if (enis == nullptr) return {};
  std::string out =
      fmt::format("Network: enis_peak {}, ips_used_peak {}, nat_connections_peak {}\n",
                  with_ci(enis, TextFormat::kCount),
                  with_ci(a.find("network.ips_used_peak"), TextFormat::kCount),
                  with_ci(a.find("network.nat_connections_peak"), TextFormat::kCount));
  out += fmt::format("Network cost: cost_nat_usd {}, cost_endpoint_usd {}, cost_cross_az_usd {}\n",
                     with_ci(a.find("total.cost_nat_usd"), TextFormat::kUsd),
                     with_ci(a.find("total.cost_endpoint_usd"), TextFormat::kUsd),
                     with_ci(a.find("total.cost_cross_az_usd"), TextFormat::kUsd));
  return out;
}

std::string render_aggregate_faults(const AggregateSummary& a) {
  Table t{{"fault", "availability", "attempts", "async_delayed", "first_success_after_start_s",
           "time_to_recover_s"},
          {true, false, false, false, false, false},
          {}};
  for (std::size_t i = 0;; ++i) {
    const std::string prefix = fmt::format("faults.{}.", i);
    const AggregateMetric* availability = a.find(prefix + "availability");
    if (availability == nullptr) break;
    t.rows.push_back({std::to_string(i), with_ci(availability, TextFormat::kPercent2),
                      with_ci(a.find(prefix + "attempts"), TextFormat::kCount),
                      with_ci(a.find(prefix + "async_delayed"), TextFormat::kCount),
                      with_ci(a.find(prefix + "first_success_after_start_s"), TextFormat::kMillis),
                      with_ci(a.find(prefix + "time_to_recover_s"), TextFormat::kMillis)});
  }
  if (t.rows.empty()) return {};
  return "Fault windows (mean per run):\n" + render(t);
}

std::string scenario_heading(const Scenario& s) {
  std::string out =
      fmt::format("Scenario {}", s.name.empty() ? "(unnamed)" : sanitize_text(s.name));
  if (!s.file.empty()) out += fmt::format(" ({})", sanitize_text(s.file));
  out += fmt::format(", seed {}\n", s.run.seed);
  return out;
}

}  // namespace

std::string render_summary_table(const RunSummary& summary) {
  std::string out = fmt::format("Simulated {} ({} function{})\n\n", format_time(summary.end),
                                summary.functions.size(), summary.functions.size() == 1 ? "" : "s");
  Table main = main_table();
  for (const FunctionSummary& f : summary.functions) main.rows.push_back(summary_row(f));
  if (summary.functions.size() != 1) main.rows.push_back(summary_row(summary.total));
  out += render(main);
  out += '\n';
  for (const FunctionSummary& f : summary.functions) out += outcome_line(f);
  if (summary.functions.size() != 1) out += outcome_line(summary.total);
  out += cost_line(summary.total.cost);

  Table reasons{{"function", "outcome", "count", "share", "client sees"},
                {true, true, false, false, true},
                {}};
  std::vector<const FunctionSummary*> rows;
  for (const FunctionSummary& f : summary.functions) rows.push_back(&f);
  if (summary.functions.size() > 1) rows.push_back(&summary.total);
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    if (o == Outcome::kSuccess) continue;
    for (const FunctionSummary* f : rows) {
      const std::uint64_t n = f->outcomes[i];
      if (n == 0) continue;
      // Async final states count events, not attempts: no share of invocations.
      const std::string share =
          is_async_final_state(o) || f->attempts == 0
              ? std::string(kUndefined)
              : percent(static_cast<double>(n) / static_cast<double>(f->attempts), 2);
      reasons.rows.push_back({f->name, std::string(outcome_name(o)),
                              grouped(static_cast<double>(n)), share, client_sees(o)});
    }
  }
  out += '\n';
  if (reasons.rows.empty()) {
    out += "No outcome other than success.\n";
  } else {
    out += "Outcomes other than success (outcomes_<name>; share of attempts):\n";
    out += render(reasons);
  }
  if (summary.network) {
    out += '\n';
    out += render_network(*summary.network, summary.total.cost);
  }
  if (!summary.faults.empty()) {
    out += '\n';
    out += render_faults(summary.faults);
  }
  return out;
}

std::string render_aggregate_table(const AggregateSummary& a) {
  std::string out =
      fmt::format("{} replication{}, mean ± {:.0f}% confidence half-width\n\n", a.replications,
                  a.replications == 1 ? "" : "s", a.confidence * 100.0);
  Table main = main_table();
  for (const std::string& name : a.functions) {
    main.rows.push_back(aggregate_row(a, name, "functions." + name + "."));
  }
  if (a.functions.size() != 1) main.rows.push_back(aggregate_row(a, "total", "total."));
  out += render(main);
  out += "\nMean per run:\n";
  for (const std::string& name : a.functions) {
    out += aggregate_outcome_line(a, name, "functions." + name + ".");
  }
  if (a.functions.size() != 1) out += aggregate_outcome_line(a, "total", "total.");
  out += aggregate_cost_line(a);

  Table reasons{{"function", "outcome", "count", "client sees"}, {true, true, false, true}, {}};
  std::vector<std::pair<std::string, std::string>> rows;  // label, prefix
  for (const std::string& name : a.functions) rows.emplace_back(name, "functions." + name + ".");
  if (a.functions.size() > 1) rows.emplace_back("total", "total.");
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    if (o == Outcome::kSuccess) continue;
    for (const auto& [label, prefix] : rows) {
      const AggregateMetric* m = a.find(prefix + "outcomes_" + std::string(outcome_name(o)));
      if (m == nullptr || !(m->ci.mean > 0)) continue;
      reasons.rows.push_back(
          {label, std::string(outcome_name(o)), with_ci(m, TextFormat::kCount), client_sees(o)});
    }
  }
  out += '\n';
  if (reasons.rows.empty()) {
    out += "No outcome other than success.\n";
  } else {
    out += "Outcomes other than success (outcomes_<name>; mean count per run):\n";
    out += render(reasons);
  }
  const std::string network = render_aggregate_network(a);
  if (!network.empty()) out += '\n' + network;
  const std::string faults = render_aggregate_faults(a);
  if (!faults.empty()) out += '\n' + faults;
  return out;
}

std::string render_summary_table(const Scenario& scenario, const RunSummary& summary) {
  return scenario_heading(scenario) + render_summary_table(summary);
}

std::string render_aggregate_table(const Scenario& scenario, const AggregateSummary& aggregate) {
  return scenario_heading(scenario) + render_aggregate_table(aggregate);
}

std::string render_text_table(const std::vector<std::string>& header, const std::vector<bool>& left,
                              const std::vector<std::vector<std::string>>& rows) {
  return render(Table{header, left, rows});
}

std::string format_metric_ci(std::string_view flat_name, const ConfidenceInterval& ci) {
  TextFormat format = TextFormat::kNone;
  for (const FunctionMetricSpec& s : function_metric_specs()) {
    const std::string_view name = s.name;
    if (flat_name.size() > name.size() + 1 && flat_name.ends_with(name) &&
        flat_name[flat_name.size() - name.size() - 1] == '.') {
      format = s.at.text;
      break;
    }
  }
  const AggregateMetric m{std::string(flat_name), ci};
  return with_ci(&m, format);
}

}  // namespace lambdasim
