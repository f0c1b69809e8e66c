// The steady-state metrics (`--warmup mser5`), declared once, in flatten
// order: recomputed over the time-series rows after the warm-up MSER-5
// deletes (include/lambdasim/metrics/mser.hpp), from the account-wide
// columns that give them exactly. Written only by runs with the flag on.
#include <vector>

#include "lambdasim/metrics/metric_spec.hpp"
#include "metrics/metric_table_support.hpp"

namespace lambdasim {

std::span<const SteadyMetricSpec> steady_metric_specs() {
  using K = MetricKind;
  using S = SteadyStateSummary;
  using metric_table::metric;
  static const std::vector<SteadyMetricSpec> kSpecs = {
      metric<S>("warmup_s", "s", K::kGauge,
                "ours: the warm-up MSER-5 deleted: the start of the first time-series row kept (a "
                "multiple of 5 rows; 0 when nothing was deleted)",
                [](const S& s) { return s.warmup_s; }),
      metric<S>(
          "concurrency_avg", "count", K::kTimeWeighted,
          "ours: running invocations, account-wide, time average after the warm-up (the rows' "
          "concurrency_avg weighted by their length: exact)",
          [](const S& s) { return s.concurrency_avg; }),
      metric<S>("attempts_per_s", "1/s", K::kRatio,
                "ours: attempts arriving after the warm-up per second of the time kept",
                [](const S& s) { return s.attempts_per_s; }),
      metric<S>("success_rate", "ratio", K::kRatio,
                "ours: successes / attempts after the warm-up (as total.success_rate: successes "
                "counted when they complete, attempts when they arrive)",
                [](const S& s) { return s.success_rate; }),
      metric<S>("p_throttle", "ratio", K::kRatio, "ours: throttles / attempts after the warm-up",
                [](const S& s) { return s.p_throttle; }),
  };
  return kSpecs;
}

}  // namespace lambdasim
