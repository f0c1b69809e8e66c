#include "lambdasim/report/csv.hpp"

#include "lambdasim/model/routes.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <span>

#include "lambdasim/metrics/metric_spec.hpp"
#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {

namespace {

// RFC 4180: quote a field holding a separator, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string function_name(const ModelConfig& config, std::size_t f) {
  return f < config.functions.size() ? config.functions[f].name : fmt::format("f{}", f);
}

using Out = fmt::memory_buffer;

// One declared column's cell, with its leading comma unless first.
template <class Row>
void put(Out& out, const ColumnSpec<Row>& c, const Row& row, bool first = false) {
  if (!first) out.push_back(',');
  const double v = c.read(row);
  auto it = std::back_inserter(out);
  switch (c.csv) {
    case CsvValue::kInteger:
      fmt::format_to(it, "{}", static_cast<std::int64_t>(v));
      break;
    case CsvValue::kSeconds:
      fmt::format_to(it, "{}", v);
      break;
    case CsvValue::kReal:
      // Undefined (availability without arrivals): an empty cell, as NaN is
      // written elsewhere (JSON null).
      if (std::isfinite(v)) fmt::format_to(it, "{:.9g}", v);
      break;
  }
}

template <class Row>
void put_all(Out& out, std::span<const ColumnSpec<Row>> columns, const Row& row) {
  for (const ColumnSpec<Row>& c : columns) put(out, c, row);
}

// Missing cells (a subnet or VPC the series lacks): empty.
void put_empty(Out& out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(',');
}

void put_account(Out& out, const TimeSeriesRow& row, bool after_functions) {
  bool first = !after_functions;
  for (const RowColumnSpec& c : timeseries_row_columns()) {
    if (c.after_functions != after_functions) continue;
    put(out, c, row, first);
    first = false;
  }
}

void put_row(Out& out, const TimeSeries& series, const ModelConfig& config, std::size_t r,
             std::size_t subnets) {
  put_account(out, series.rows[r], false);
  for (std::size_t f = 0; f < config.functions.size(); ++f) {
    // Columns follow the config's functions; the series has the same ones
    // when it came from a collector built from this config.
    const TimeSeriesFunctionRow missing{};
    put_all(out, timeseries_function_columns(),
            f < series.function_count ? series.function_row(r, static_cast<FunctionIndex>(f))
                                      : missing);
  }
  put_account(out, series.rows[r], true);
  for (std::size_t i = 0; i < subnets; ++i) {
    if (i < series.subnet_count && (r + 1) * series.subnet_count <= series.subnet_rows.size()) {
      put_all(out, timeseries_subnet_columns(), series.subnet_rows[r * series.subnet_count + i]);
    } else {
      put_empty(out, timeseries_subnet_columns().size());
    }
  }
  for (std::size_t v = 0; v < config.network.vpcs.size(); ++v) {
    if (v < series.vpc_count && (r + 1) * series.vpc_count <= series.vpc_enis_max.size()) {
      put_all(out, timeseries_vpc_columns(), series.vpc_enis_max[r * series.vpc_count + v]);
    } else {
      put_empty(out, timeseries_vpc_columns().size());
    }
  }
  out.push_back('\n');
}

}  // namespace

std::vector<std::string> timeseries_columns(const ModelConfig& config) {
  std::vector<std::string> cols;
  for (const RowColumnSpec& c : timeseries_row_columns()) {
    if (!c.after_functions) cols.push_back(c.name);
  }
  for (std::size_t f = 0; f < config.functions.size(); ++f) {
    for (const FunctionColumnSpec& c : timeseries_function_columns()) {
      cols.push_back(fmt::format("functions.{}.{}", function_name(config, f), c.name));
    }
  }
  for (const RowColumnSpec& c : timeseries_row_columns()) {
    if (c.after_functions) cols.push_back(c.name);
  }
  // Per subnet and VPC (networking only), in NetworkIndex order.
  const NetworkIndex net(config);
  for (std::uint32_t i = 0; i < net.subnet_count(); ++i) {
    const std::string base = fmt::format(
        "network.subnets.{}.{}", config.network.vpcs[net.subnet_vpc(i)].name, net.subnet(i).name);
    for (const SubnetColumnSpec& c : timeseries_subnet_columns())
      cols.push_back(base + "." + c.name);
  }
  for (const VpcConfig& v : config.network.vpcs) {
    for (const VpcColumnSpec& c : timeseries_vpc_columns()) {
      cols.push_back("network.vpcs." + v.name + "." + c.name);
    }
  }
  return cols;
}

std::string timeseries_csv_header(const ModelConfig& config) {
  Out out;
  bool first = true;
  for (const std::string& c : timeseries_columns(config)) {
    if (!first) out.push_back(',');
    first = false;
    const std::string field = csv_field(sanitize_text(c));  // names come from the scenario
    out.append(field.data(), field.data() + field.size());
  }
  out.push_back('\n');
  return fmt::to_string(out);
}

std::string timeseries_csv_rows(const TimeSeries& chunk, const ModelConfig& config) {
  Out out;
  const std::size_t subnets = NetworkIndex(config).subnet_count();
  for (std::size_t r = 0; r < chunk.rows.size(); ++r) put_row(out, chunk, config, r, subnets);
  return fmt::to_string(out);
}

std::string timeseries_to_csv(const TimeSeries& series, const ModelConfig& config) {
  return timeseries_csv_header(config) + timeseries_csv_rows(series, config);
}

}  // namespace lambdasim
