// What `lambdasim sweep` prints and writes beside the results store: a table
// with one row per cell (the point's axis values, the variant, the
// replications, chosen metrics as mean ± half-width) and summary.json, every
// cell's aggregate in one document.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lambdasim/report/results_store.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The metrics the table shows unless --metric names others.
std::vector<std::string> default_sweep_metrics();

// `metrics`: flatten names; a cell without one shows "-".
std::string render_sweep_table(const Scenario& scenario, const StoreLayout& layout,
                               const std::vector<std::string>& axes,
                               const std::vector<CellAggregate>& cells,
                               const std::vector<std::string>& metrics, double confidence);

// The scenario as summary.json names it (merge takes it from a shard's).
struct SweepHeader {
  std::string file;
  std::string name;
  std::string hash;
  std::uint64_t seed = 0;
  double horizon_s = 0;
};
SweepHeader sweep_header(const Scenario& scenario);

// {"lambdasim_version", "kind": "sweep", "scenario": {file, name, hash,
//  seed, horizon_s}, "replications",
//  "confidence", "variants": [...], "points": [{index, label, parameters}],
//  "cells": [{point, variant, replications, metrics: {name: {mean,
//  half_width, stddev, n}}}]}
std::string sweep_summary_json(const SweepHeader& header, const StoreLayout& layout,
                               std::size_t replications, const std::vector<CellAggregate>& cells,
                               double confidence);

}  // namespace lambdasim
