// `lambdasim merge`: the results stores of a sweep's shards (--shard K/N,
// each its own --out) joined into the store the unsharded sweep writes,
// byte for byte: the same experiment (manifest "experiment" key), every
// shard 1..N present once, runs united in address order, cells re-aggregated.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lambdasim {

struct MergedStore {
  // (file name, content): summary.json, results.csv, aggregate.csv,
  // manifest.json; empty on error.
  std::vector<std::pair<std::string, std::string>> files;
  std::string error;  // names the directory and what is wrong; "" when ok
  std::size_t runs = 0;
  bool ok() const { return error.empty(); }
};

MergedStore merge_stores(const std::vector<std::string>& dirs);

}  // namespace lambdasim
