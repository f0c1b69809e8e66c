#include "lambdasim/report/csv.hpp"

#include "lambdasim/model/routes.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace lambdasim {

namespace {

constexpr const char* kFunctionColumns[] = {"arrivals",       "successes",   "throttles",
                                            "errors",         "cold_starts", "concurrency_avg",
                                            "concurrency_max"};

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

// Appended after the per-function columns so that every older column keeps
// its position.
constexpr const char* kTailColumns[] = {"availability",        "enis",
                                        "enis_creating",       "ips_used_max",
                                        "nat_connections_max", "faults_active"};

std::string function_name(const ModelConfig& config, std::size_t f) {
  return f < config.functions.size() ? config.functions[f].name : fmt::format("f{}", f);
}

}  // namespace

std::vector<std::string> timeseries_columns(const ModelConfig& config) {
  std::vector<std::string> cols = {"t_start_s",       "t_end_s",          "arrivals",
                                   "completions",     "successes",        "throttles",
                                   "errors",          "cold_starts",      "concurrency_avg",
                                   "concurrency_max", "environments_avg", "idle_avg"};
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    cols.push_back(fmt::format("outcome.{}", outcome_name(static_cast<Outcome>(i))));
  }
  for (std::size_t f = 0; f < config.functions.size(); ++f) {
    for (const char* c : kFunctionColumns) {
      cols.push_back(fmt::format("function.{}.{}", function_name(config, f), c));
    }
  }
  for (const char* c : kTailColumns) cols.emplace_back(c);
  // Per subnet and VPC (networking only), in NetworkIndex order.
  const NetworkIndex net(config);
  for (std::uint32_t i = 0; i < net.subnet_count(); ++i) {
    const std::string base = fmt::format(
        "subnet.{}.{}", config.network.vpcs[net.subnet_vpc(i)].name, net.subnet(i).name);
    for (const char* c : {"enis_max", "creating_max", "free_ips_min"}) {
      cols.push_back(base + "." + c);
    }
  }
  for (const VpcConfig& v : config.network.vpcs) cols.push_back("vpc." + v.name + ".enis_max");
  return cols;
}

std::string timeseries_to_csv(const TimeSeries& series, const ModelConfig& config) {
  // Columns follow the config's functions; the series has the same ones when
  // it came from a collector built from this config.
  const std::size_t functions = config.functions.size();
  fmt::memory_buffer out;
  bool first = true;
  for (const std::string& c : timeseries_columns(config)) {
    if (!first) out.push_back(',');
    first = false;
    const std::string field = csv_field(c);
    out.append(field.data(), field.data() + field.size());
  }
  out.push_back('\n');
  auto it = std::back_inserter(out);
  const std::size_t subnets = NetworkIndex(config).subnet_count();
  for (std::size_t r = 0; r < series.rows.size(); ++r) {
    const TimeSeriesRow& row = series.rows[r];
    // Times: shortest exact form; averages: 9 significant digits.
    fmt::format_to(it, "{},{},{},{},{},{},{},{},{:.9g},{:.9g},{:.9g},{:.9g}", to_seconds(row.start),
                   to_seconds(row.end), row.arrivals, row.completions, row.successes, row.throttles,
                   row.errors, row.cold_starts, row.concurrency_avg, row.concurrency_max,
                   row.environments_avg, row.idle_avg);
    for (const std::uint64_t n : row.outcomes) fmt::format_to(it, ",{}", n);
    for (std::size_t f = 0; f < functions; ++f) {
      if (f < series.function_count) {
        const TimeSeriesFunctionRow& fr = series.function_row(r, static_cast<FunctionIndex>(f));
        fmt::format_to(it, ",{},{},{},{},{},{:.9g},{:.9g}", fr.arrivals, fr.successes, fr.throttles,
                       fr.errors, fr.cold_starts, fr.concurrency_avg, fr.concurrency_max);
      } else {
        fmt::format_to(it, ",0,0,0,0,0,0,0");
      }
    }
    // Availability is undefined without arrivals: an empty cell, as NaN is
    // written elsewhere (JSON null).
    const double availability = row.availability();
    if (std::isfinite(availability)) {
      fmt::format_to(it, ",{:.9g}", availability);
    } else {
      out.push_back(',');
    }
    fmt::format_to(it, ",{:.9g},{:.9g},{:.9g},{:.9g},{}", row.enis_avg, row.enis_creating_avg,
                   row.ips_used_max, row.nat_connections_max, row.faults_active);
    for (std::size_t i = 0; i < subnets; ++i) {
      if (i < series.subnet_count && (r + 1) * series.subnet_count <= series.subnet_rows.size()) {
        const TimeSeriesSubnetRow& sr = series.subnet_rows[r * series.subnet_count + i];
        fmt::format_to(it, ",{},{},{}", sr.enis_max, sr.creating_max, sr.free_ips_min);
      } else {
        fmt::format_to(it, ",,,");
      }
    }
    for (std::size_t v = 0; v < config.network.vpcs.size(); ++v) {
      if (v < series.vpc_count && (r + 1) * series.vpc_count <= series.vpc_enis_max.size()) {
        fmt::format_to(it, ",{}", series.vpc_enis_max[r * series.vpc_count + v]);
      } else {
        out.push_back(',');
      }
    }
    out.push_back('\n');
  }
  return fmt::to_string(out);
}

}  // namespace lambdasim
