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

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

namespace {

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

// The columns of `columns` with the given `appended` flag.
template <class Row>
void put_all(Out& out, std::span<const ColumnSpec<Row>> columns, const Row& row, bool appended) {
  for (const ColumnSpec<Row>& c : columns) {
    if (c.appended == appended) put(out, c, row);
  }
}

template <class Row>
std::size_t count_columns(std::span<const ColumnSpec<Row>> columns, bool appended) {
  std::size_t n = 0;
  for (const ColumnSpec<Row>& c : columns) n += c.appended == appended ? 1 : 0;
  return n;
}

// Missing cells (a subnet, VPC or NAT the series lacks): empty.
void put_empty(Out& out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(',');
}

// Resource i's cells of row r in a row-major block of `count` per row, or
// empty cells when the series lacks it.
template <class Row>
void put_resource(Out& out, std::span<const ColumnSpec<Row>> columns, const std::vector<Row>& rows,
                  std::size_t count, std::size_t r, std::size_t i, bool appended) {
  if (i < count && (r + 1) * count <= rows.size()) {
    put_all(out, columns, rows[r * count + i], appended);
  } else {
    put_empty(out, count_columns(columns, appended));
  }
}

void put_account(Out& out, const TimeSeriesRow& row, bool after_functions, bool appended) {
  bool first = !after_functions && !appended;
  for (const RowColumnSpec& c : timeseries_row_columns()) {
    if (c.after_functions != after_functions || c.appended != appended) continue;
    put(out, c, row, first);
    first = false;
  }
}

void put_functions(Out& out, const TimeSeries& series, const ModelConfig& config, std::size_t r,
                   bool appended) {
  for (std::size_t f = 0; f < config.functions.size(); ++f) {
    // Columns follow the config's functions; the series has the same ones
    // when it came from a collector built from this config.
    const TimeSeriesFunctionRow missing{};
    put_all(
        out, timeseries_function_columns(),
        f < series.function_count ? series.function_row(r, static_cast<FunctionIndex>(f)) : missing,
        appended);
  }
}

void put_row(Out& out, const TimeSeries& series, const ModelConfig& config, std::size_t r,
             const NetworkIndex& net) {
  put_account(out, series.rows[r], false, false);
  put_functions(out, series, config, r, false);
  put_account(out, series.rows[r], true, false);
  for (std::size_t i = 0; i < net.subnet_count(); ++i) {
    put_resource(out, timeseries_subnet_columns(), series.subnet_rows, series.subnet_count, r, i,
                 false);
  }
  for (std::size_t v = 0; v < config.network.vpcs.size(); ++v) {
    put_resource(out, timeseries_vpc_columns(), series.vpc_enis_max, series.vpc_count, r, v, false);
  }
  // Then the appended columns, family by family.
  put_account(out, series.rows[r], false, true);
  put_account(out, series.rows[r], true, true);
  put_functions(out, series, config, r, true);
  for (std::size_t i = 0; i < net.subnet_count(); ++i) {
    put_resource(out, timeseries_subnet_columns(), series.subnet_rows, series.subnet_count, r, i,
                 true);
  }
  for (std::size_t n = 0; n < net.nat_count(); ++n) {
    put_resource(out, timeseries_nat_columns(), series.nat_connections_max, series.nat_count, r, n,
                 true);
  }
  out.push_back('\n');
}

// The names of `columns` with the given `appended` flag, after `prefix`.
template <class Row>
void add_names(std::vector<std::string>& cols, const std::string& prefix,
               std::span<const ColumnSpec<Row>> columns, bool appended) {
  for (const ColumnSpec<Row>& c : columns) {
    if (c.appended == appended) cols.push_back(prefix + c.name);
  }
}

}  // namespace

std::vector<std::string> timeseries_columns(const ModelConfig& config) {
  std::vector<std::string> cols;
  const NetworkIndex net(config);
  const auto account = [&cols](bool after_functions, bool appended) {
    for (const RowColumnSpec& c : timeseries_row_columns()) {
      if (c.after_functions == after_functions && c.appended == appended) cols.push_back(c.name);
    }
  };
  const auto functions = [&](bool appended) {
    for (std::size_t f = 0; f < config.functions.size(); ++f) {
      add_names(cols, fmt::format("functions.{}.", function_name(config, f)),
                timeseries_function_columns(), appended);
    }
  };
  // Per subnet, VPC and NAT gateway (networking only), in NetworkIndex order.
  const auto subnets = [&](bool appended) {
    for (std::uint32_t i = 0; i < net.subnet_count(); ++i) {
      add_names(cols,
                fmt::format("network.subnets.{}.{}.", config.network.vpcs[net.subnet_vpc(i)].name,
                            net.subnet(i).name),
                timeseries_subnet_columns(), appended);
    }
  };
  account(false, false);
  functions(false);
  account(true, false);
  subnets(false);
  for (const VpcConfig& v : config.network.vpcs) {
    add_names(cols, "network.vpcs." + v.name + ".", timeseries_vpc_columns(), false);
  }
  // The appended columns, in put_row's order.
  account(false, true);
  account(true, true);
  functions(true);
  subnets(true);
  for (std::uint32_t n = 0; n < net.nat_count(); ++n) {
    add_names(cols,
              fmt::format("network.nats.{}.{}.", config.network.vpcs[net.nat_vpc(n)].name,
                          net.nat(n).name),
              timeseries_nat_columns(), true);
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
  const NetworkIndex net(config);
  for (std::size_t r = 0; r < chunk.rows.size(); ++r) put_row(out, chunk, config, r, net);
  return fmt::to_string(out);
}

std::string timeseries_to_csv(const TimeSeries& series, const ModelConfig& config) {
  return timeseries_csv_header(config) + timeseries_csv_rows(series, config);
}

}  // namespace lambdasim
