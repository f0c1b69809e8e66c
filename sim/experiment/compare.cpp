#include "lambdasim/experiment/compare.hpp"

#include <span>
#include <utility>

#include "lambdasim/experiment/runner.hpp"

namespace lambdasim {

const ComparedMetric* Comparison::find(const std::string& name) const& {
  for (const ComparedMetric& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

namespace {

std::vector<FlatMetrics> flattened(const std::vector<ReplicationResult>& runs) {
  std::vector<FlatMetrics> out;
  out.reserve(runs.size());
  for (const ReplicationResult& r : runs) out.push_back(flatten(r.summary));
  return out;
}

}  // namespace

Comparison compare_variants(const std::vector<Scenario>& variants,
                            const std::vector<std::string>& names, std::size_t replications,
                            std::size_t jobs, const std::atomic<bool>* interrupt,
                            SimulationProgress* progress, const VariantSeriesSinks& series_sinks,
                            Warmup warmup, std::vector<RunRecord>* records) {
  Comparison out;
  out.variants = names;
  out.replications = replications;
  RunOptions options;
  options.timeseries = TimeSeriesKeep::kNone;
  options.interrupt = interrupt;
  options.progress = progress;
  options.warmup = warmup;
  // One replications x metrics matrix per variant, every one with the first
  // variant's columns (flatten order): a metric another variant lacks (a
  // function absent from it) is NaN there, one only another variant has is
  // not compared.
  std::vector<ReplicationMatrix> matrices;
  matrices.reserve(variants.size());
  for (std::size_t v = 0; v < variants.size(); ++v) {
    if (interrupt != nullptr && interrupt->load()) break;
    if (series_sinks) {
      options.timeseries = TimeSeriesKeep::kStream;
      options.timeseries_sink = series_sinks(v);
    }
    const std::vector<ReplicationResult> results =
        run_replications(variants[v], replications, jobs, options);
    if (records != nullptr) {
      for (const ReplicationResult& r : results) {
        records->push_back(RunRecord{RunAddress{0, v, r.replication}, flatten(r.summary),
                                     to_seconds(r.summary.end), r.events, r.partial});
      }
    }
    const std::vector<FlatMetrics> runs = flattened(results);
    matrices.push_back(v == 0 ? replication_matrix(runs)
                              : replication_matrix(runs, matrices.front().metrics));
  }
  if (matrices.empty()) return out;
  // Per variant: its intervals, and those of its paired differences from
  // the first variant (replication r of each ran on the same random numbers).
  std::vector<std::vector<ConfidenceInterval>> values;
  std::vector<std::vector<ConfidenceInterval>> differences;
  for (const ReplicationMatrix& m : matrices) {
    values.push_back(column_intervals(m.values));
    differences.push_back(column_intervals(paired_differences(matrices.front(), m)));
  }
  // Variants an interrupt left unrun: undefined (n = 0), as an all-NaN column.
  const ConfidenceInterval none = confidence_interval(std::span<const double>{});
  const std::vector<std::string>& metrics = matrices.front().metrics;
  out.metrics.reserve(metrics.size());
  for (std::size_t c = 0; c < metrics.size(); ++c) {
    ComparedMetric m;
    m.name = metrics[c];
    for (std::size_t v = 0; v < variants.size(); ++v) {
      m.values.push_back(v < values.size() ? values[v][c] : none);
      m.difference.push_back(v < differences.size() ? differences[v][c] : none);
    }
    out.metrics.push_back(std::move(m));
  }
  return out;
}

}  // namespace lambdasim
