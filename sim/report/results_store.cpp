#include "lambdasim/report/results_store.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "lambdasim/report/csv.hpp"

namespace lambdasim {

namespace {

void put_field(fmt::memory_buffer& out, std::string_view s) {
  out.append(csv_field(s));
}

// Splits one CSV line (no line breaks inside fields: names never hold one
// once sanitised) into fields; false on an unterminated quote.
bool split_csv_line(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += ch;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

template <class T>
bool parse_whole(const std::string& s, T& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && !s.empty();
}

bool parse_value(const std::string& s, double& out) {
  if (s.empty()) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::string store_number(double v) {
  if (std::isnan(v)) return "";
  return fmt::format("{}", v);  // shortest round-trip form
}

std::string results_csv(const std::vector<RunRecord>& records, const StoreLayout& layout) {
  fmt::memory_buffer out;
  out.append(kResultsCsvHeader);
  out.push_back('\n');
  for (const RunRecord& r : records) {
    const std::string& variant = layout.variants.at(r.address.variant);
    for (const auto& [name, value] : r.metrics) {
      fmt::format_to(std::back_inserter(out), "{},", r.address.point);
      put_field(out, variant);
      fmt::format_to(std::back_inserter(out), ",{},", r.address.replication);
      put_field(out, name);
      out.push_back(',');
      out.append(store_number(value));
      out.push_back('\n');
    }
  }
  return fmt::to_string(out);
}

std::vector<CellAggregate> aggregate_cells(const std::vector<RunRecord>& records,
                                           double confidence) {
  std::vector<CellAggregate> cells;
  std::size_t i = 0;
  while (i < records.size()) {
    const RunAddress& first = records[i].address;
    std::size_t end = i;
    while (end < records.size() && records[end].address.point == first.point &&
           records[end].address.variant == first.variant) {
      ++end;
    }
    CellAggregate cell;
    cell.point = first.point;
    cell.variant = first.variant;
    cell.replications = end - i;
    // Metric order: the first record's, then any name only later runs have.
    std::vector<std::string> order;
    std::map<std::string, std::vector<double>> values;
    for (std::size_t k = i; k < end; ++k) {
      for (const auto& [name, value] : records[k].metrics) {
        auto [it, added] = values.try_emplace(name);
        if (added) order.push_back(name);
        // A run without the metric counts as undefined (NaN) there.
        it->second.resize(k - i, std::numeric_limits<double>::quiet_NaN());
        it->second.push_back(value);
      }
    }
    for (const std::string& name : order) {
      std::vector<double>& v = values[name];
      v.resize(cell.replications, std::numeric_limits<double>::quiet_NaN());
      cell.metrics.push_back(AggregateMetric{name, confidence_interval(v, confidence)});
    }
    cells.push_back(std::move(cell));
    i = end;
  }
  return cells;
}

std::string aggregate_csv(const std::vector<CellAggregate>& cells, const StoreLayout& layout) {
  fmt::memory_buffer out;
  out.append(kAggregateCsvHeader);
  out.push_back('\n');
  for (const CellAggregate& c : cells) {
    for (const AggregateMetric& m : c.metrics) {
      fmt::format_to(std::back_inserter(out), "{},", c.point);
      put_field(out, layout.variants.at(c.variant));
      out.push_back(',');
      put_field(out, m.name);
      fmt::format_to(std::back_inserter(out), ",{},{},{},{}\n", store_number(m.ci.mean),
                     store_number(m.ci.half_width), store_number(m.ci.stddev), m.ci.n);
    }
  }
  return fmt::to_string(out);
}

StoreRead read_results_csv(std::string_view text, const StoreLayout& layout) {
  StoreRead read;
  std::map<std::string, std::size_t> variant_index;
  for (std::size_t v = 0; v < layout.variants.size(); ++v) variant_index[layout.variants[v]] = v;
  std::vector<std::string> fields;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      if (line != kResultsCsvHeader) {
        read.error = fmt::format("line 1: expected the header '{}'", kResultsCsvHeader);
        return read;
      }
      continue;
    }
    if (line.empty()) continue;
    RunAddress a;
    double value = 0;
    const bool ok = split_csv_line(line, fields) && fields.size() == 5 &&
                    parse_whole(fields[0], a.point) && parse_whole(fields[2], a.replication) &&
                    parse_value(fields[4], value);
    if (!ok) {
      read.error = fmt::format(
          "line {}: expected point,variant,replication,metric,value (whole numbers, a number "
          "or an empty value)",
          line_no);
      return read;
    }
    const auto v = variant_index.find(fields[1]);
    if (v == variant_index.end() || a.point >= layout.points.size()) {
      read.error = fmt::format("line {}: point {} variant '{}' is not in the manifest", line_no,
                               fields[0], fields[1].substr(0, 80));
      return read;
    }
    a.variant = v->second;
    if (read.records.empty() || read.records.back().address != a) {
      read.records.push_back(RunRecord{a, {}, 0, 0, false});
    }
    read.records.back().metrics.emplace_back(std::move(fields[3]), value);
  }
  return read;
}

}  // namespace lambdasim
