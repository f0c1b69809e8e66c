// The results store: the files every `run`, `compare` and `sweep` writes to
// --out in the same layout, whatever the experiment:
//   results.csv    long format, one row per run and metric:
//                  point,variant,replication,metric,value
//   aggregate.csv  one row per cell (point x variant) and metric:
//                  point,variant,metric,mean,half_width,stddev,n
// beside manifest.json (what was run: scenario hash, seed, points and their
// parameters, variants). Values are written in the shortest form that reads
// back to the same double, so a store read back (--resume, merge) and
// written again is byte-identical; an undefined value (NaN) is an empty cell.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lambdasim/experiment/dealer.hpp"
#include "lambdasim/metrics/statistics.hpp"

namespace lambdasim {

struct StorePoint {
  std::size_t index = 0;
  std::string label;                                            // "" without a sweep
  std::vector<std::pair<std::string, std::string>> parameters;  // (axis, value)
};

// Names the cells of a store: variant names by index (a run: its --variant,
// or "base"), points by index.
struct StoreLayout {
  std::vector<std::string> variants;
  std::vector<StorePoint> points;
};

// manifest.json's "store_version": the layout below.
inline constexpr int kStoreVersion = 1;

inline constexpr std::string_view kResultsCsvHeader = "point,variant,replication,metric,value";
inline constexpr std::string_view kAggregateCsvHeader =
    "point,variant,metric,mean,half_width,stddev,n";

// `records` in address order.
std::string results_csv(const std::vector<RunRecord>& records, const StoreLayout& layout);

struct CellAggregate {
  std::size_t point = 0;
  std::size_t variant = 0;
  std::size_t replications = 0;
  std::vector<AggregateMetric> metrics;  // the first record's metric order
};
// One entry per cell present in `records` (address order), each metric's
// mean and Student-t CI over the cell's replications.
std::vector<CellAggregate> aggregate_cells(const std::vector<RunRecord>& records,
                                           double confidence = kDefaultConfidence);
std::string aggregate_csv(const std::vector<CellAggregate>& cells, const StoreLayout& layout);

// results.csv read back: the records, in file order (address order when the
// file is one this program wrote). Fails with a message naming the line on
// a malformed row or a variant `layout` does not name.
struct StoreRead {
  std::vector<RunRecord> records;
  std::string error;  // "" when ok
  bool ok() const { return error.empty(); }
};
StoreRead read_results_csv(std::string_view text, const StoreLayout& layout);

// A double in the shortest text that reads back to it; "" for NaN.
std::string store_number(double v);

}  // namespace lambdasim
