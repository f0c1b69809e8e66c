#include "lambdasim/report/store_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lambdasim/report/results_store.hpp"
#include "lambdasim/report/sweep_report.hpp"

namespace lambdasim {

namespace {

using Json = nlohmann::ordered_json;

std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<Json> read_json(const std::filesystem::path& path, std::string& error) {
  const std::optional<std::string> text = read_text(path);
  if (!text) {
    error = fmt::format("{}: cannot be read", path.string());
    return std::nullopt;
  }
  Json j = Json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = fmt::format("{}: not a JSON object", path.string());
    return std::nullopt;
  }
  return j;
}

std::optional<StoreLayout> layout_of(const Json& manifest) {
  StoreLayout layout;
  const Json& variants = manifest.contains("variants") ? manifest["variants"] : Json();
  const Json& points = manifest.contains("points") ? manifest["points"] : Json();
  if (!variants.is_array() || !points.is_array()) return std::nullopt;
  for (const Json& v : variants) {
    if (!v.is_string()) return std::nullopt;
    layout.variants.push_back(v.get<std::string>());
  }
  for (const Json& p : points) {
    if (!p.is_object() || !p.contains("index") || !p["index"].is_number_unsigned() ||
        !p.contains("label") || !p["label"].is_string() || !p.contains("parameters") ||
        !p["parameters"].is_object()) {
      return std::nullopt;
    }
    StorePoint sp;
    sp.index = p["index"].get<std::size_t>();
    sp.label = p["label"].get<std::string>();
    for (const auto& [axis, value] : p["parameters"].items()) {
      if (!value.is_string()) return std::nullopt;
      sp.parameters.emplace_back(axis, value.get<std::string>());
    }
    layout.points.push_back(std::move(sp));
  }
  return layout;
}

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// "K/N" -> (K, N); (0, 0) when malformed or absent (an unsharded store).
std::pair<std::size_t, std::size_t> shard_of(const Json& manifest) {
  if (!manifest.contains("shard") || !manifest["shard"].is_string()) return {0, 0};
  const std::string s = manifest["shard"].get<std::string>();
  std::size_t k = 0;
  std::size_t n = 0;
  if (std::sscanf(s.c_str(), "%zu/%zu", &k, &n) != 2) return {0, 0};
  return {k, n};
}

// What the shards read so far have in common, and their runs.
struct MergeState {
  std::optional<Json> first_manifest;
  std::optional<Json> first_summary;
  StoreLayout layout;
  std::set<std::size_t> shards_seen;
  std::size_t shard_count = 0;
  std::map<RunAddress, RunRecord> runs;
};

// Checks one shard's manifest against the first's; "" when it fits.
std::string check_shard(const std::string& dir, const std::string& first_dir, const Json& manifest,
                        MergeState& state) {
  if (manifest.value("kind", std::string()) != "sweep" || !manifest.contains("experiment")) {
    return fmt::format("{}: not the --out directory of a sweep", dir);
  }
  if (manifest.contains("partial")) {
    return fmt::format("{}: an interrupted shard: finish it with --resume first", dir);
  }
  const auto [k, n] = shard_of(manifest);
  if (k == 0) return fmt::format("{}: not a shard (no \"shard\": \"K/N\" in manifest.json)", dir);
  const std::optional<StoreLayout> l = layout_of(manifest);
  if (!l) return fmt::format("{}/manifest.json: malformed variants or points", dir);
  if (!state.first_manifest) {
    state.first_manifest = manifest;
    state.layout = *l;
    state.shard_count = n;
  } else if (manifest["experiment"] != (*state.first_manifest)["experiment"]) {
    return fmt::format(
        "{}: another experiment than {} (the scenario, --set, --seed, variants or points "
        "differ)",
        dir, first_dir);
  } else if (n != state.shard_count) {
    return fmt::format("{}: shard {}/{} of a split into {}, {} was split into {}", dir, k, n, n,
                       first_dir, state.shard_count);
  }
  if (!state.shards_seen.insert(k).second) {
    return fmt::format("{}: shard {}/{} given twice", dir, k, n);
  }
  return "";
}

// Reads one shard into `state`; "" when it went well.
std::string read_shard(const std::string& dir, const std::string& first_dir, MergeState& state) {
  const std::filesystem::path d(dir);
  std::string error;
  const std::optional<Json> manifest = read_json(d / "manifest.json", error);
  if (!manifest) return error;
  const bool first = !state.first_manifest;
  error = check_shard(dir, first_dir, *manifest, state);
  if (!error.empty()) return error;
  if (first) {
    state.first_summary = read_json(d / "summary.json", error);
    if (!state.first_summary) return error;
  }
  const std::optional<std::string> csv = read_text(d / "results.csv");
  if (!csv) return fmt::format("{}/results.csv: cannot be read", dir);
  StoreRead read = read_results_csv(*csv, state.layout);
  if (!read.ok()) return fmt::format("{}/results.csv: {}", dir, read.error);
  for (RunRecord& r : read.records) {
    const RunAddress a = r.address;
    if (!state.runs.emplace(a, std::move(r)).second) {
      return fmt::format(
          "{}: the run at point {} variant {} replication {} is also in another shard", dir,
          a.point, state.layout.variants[a.variant], a.replication);
    }
  }
  return "";
}

}  // namespace

MergedStore merge_stores(const std::vector<std::string>& dirs) {
  MergedStore out;
  if (dirs.empty()) {
    out.error = "no store to merge: give the shards' --out directories";
    return out;
  }
  MergeState state;
  for (const std::string& dir : dirs) {
    out.error = read_shard(dir, dirs.front(), state);
    if (!out.error.empty()) return out;
  }
  const std::size_t shard_count = state.shard_count;
  const std::set<std::size_t>& shards_seen = state.shards_seen;
  StoreLayout& layout = state.layout;
  std::map<RunAddress, RunRecord>& runs = state.runs;
  std::optional<Json>& first_summary = state.first_summary;
  std::optional<Json>& first_manifest = state.first_manifest;
  for (std::size_t k = 1; k <= shard_count; ++k) {
    if (shards_seen.count(k) == 0) {
      out.error = fmt::format("shard {}/{} is missing", k, shard_count);
      return out;
    }
  }
  std::vector<RunRecord> records;
  records.reserve(runs.size());
  for (auto& [address, record] : runs) records.push_back(std::move(record));
  out.runs = records.size();

  const std::vector<CellAggregate> cells = aggregate_cells(records);
  const Json& s = (*first_summary)["scenario"];
  SweepHeader header;
  header.file = s.value("file", std::string());
  header.name = s.value("name", std::string());
  header.hash = s.value("hash", std::string());
  header.seed = s.value("seed", std::uint64_t{0});
  header.horizon_s = s.value("horizon_s", 0.0);
  const std::size_t replications = first_summary->value("replications", std::size_t{1});
  Json manifest = *first_manifest;
  manifest.erase("shard");
  out.files = {{"summary.json", sweep_summary_json(header, layout, replications, cells,
                                                   first_summary->value("confidence", 0.95))},
               {"results.csv", results_csv(records, layout)},
               {"aggregate.csv", aggregate_csv(cells, layout)},
               {"manifest.json", dump(manifest)}};
  return out;
}

}  // namespace lambdasim
