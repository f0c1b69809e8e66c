#include "lambdasim/experiment/compare.hpp"

#include <cmath>
#include <map>

#include "lambdasim/experiment/runner.hpp"

namespace lambdasim {

const ComparedMetric* Comparison::find(const std::string& name) const {
  for (const ComparedMetric& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

Comparison compare_variants(const std::vector<Scenario>& variants,
                            const std::vector<std::string>& names, std::size_t replications,
                            std::size_t jobs, const std::atomic<bool>* interrupt,
                            SimulationProgress* progress, const VariantSeriesSinks& series_sinks,
                            std::vector<RunRecord>* records) {
  Comparison out;
  out.variants = names;
  out.replications = replications;
  RunOptions options;
  options.timeseries = TimeSeriesKeep::kNone;
  options.interrupt = interrupt;
  options.progress = progress;
  // values[variant][metric name] = one value per replication
  std::vector<std::map<std::string, std::vector<double>>> values(variants.size());
  std::vector<std::string> order;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    if (interrupt != nullptr && interrupt->load()) break;
    if (series_sinks) {
      options.timeseries = TimeSeriesKeep::kStream;
      options.timeseries_sink = series_sinks(v);
    }
    const std::vector<ReplicationResult> runs =
        run_replications(variants[v], replications, jobs, options);
    for (const ReplicationResult& r : runs) {
      if (records != nullptr) {
        records->push_back(RunRecord{RunAddress{0, v, r.replication}, flatten(r.summary),
                                     to_seconds(r.summary.end), r.events, r.partial});
      }
      for (const auto& [name, value] : flatten(r.summary)) {
        auto& series = values[v][name];
        if (series.empty() && v == 0) order.push_back(name);
        series.push_back(value);
      }
    }
  }
  const double nan = std::nan("");
  for (const std::string& name : order) {
    ComparedMetric m;
    m.name = name;
    const std::vector<double>& base = values[0][name];
    for (std::size_t v = 0; v < variants.size(); ++v) {
      auto it = values[v].find(name);
      if (it == values[v].end()) {  // e.g. a function absent from this variant
        const std::vector<double> missing(replications, nan);
        m.values.push_back(confidence_interval(missing));
        m.difference.push_back(paired_difference(base, missing));
        continue;
      }
      m.values.push_back(confidence_interval(it->second));
      m.difference.push_back(paired_difference(base, it->second));
    }
    out.metrics.push_back(std::move(m));
  }
  return out;
}

}  // namespace lambdasim
