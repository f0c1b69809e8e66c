// JSON documents a run leaves behind: summary.json (one run), the aggregate of
// replications (mean and confidence half-width per metric) and manifest.json
// (what was run, how to re-run it, which files it wrote). Keys keep a fixed
// order; undefined values (NaN) are written as null. Includes csv.hpp so that
// one header gives every writer of an output directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/report/csv.hpp"
#include "lambdasim/report/results_store.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// summary.json, the same keys whatever the number of replications:
// {"lambdasim_version", "scenario": {...}, "replications", "confidence",
//  "latency_resolution", "end_s", "total": F, "functions": {name: F},
//  "network": N (only with VPCs), "faults": [W, ...]}
// where F = {invocations, started, ..., "outcomes": {name: n}, "latency_ms":
// {"all"|"cold"|"warm": {count, mean, p50, p90, p99, p999, max}},
// "async_delay_ms": {...}, "concurrency": {avg, peak}, "environments": {avg,
// peak, idle_avg, idle_peak}, "cost": {...}} (the total's cost also has
// nat_usd, endpoint_usd, cross_az_usd, network_usd with VPCs);
// N = {"enis": {avg, peak}, ips_used_peak, nat_connections_peak, cross_az_gb,
// nat_hours, nat_gb, endpoint_az_hours, endpoint_gb, "cost": {...}, "vpcs":
// [...], "subnets": [{vpc, name, az, usable_ips, enis_*, creating_*,
// ips_used_peak, free_ips_min}], "nats": [...], "endpoints": [...]};
// W = {index, kind, subject, started, open, start_s, end_s, attempts,
// successes, availability, "outcomes": {...}, async_expired,
// async_destination, async_delayed, async_retries, cost_usd, first_success_after_start_s,
// time_to_recover_s}.
std::string summary_to_json(const Scenario& scenario, const RunSummary& summary);

// The same document for several runs (summary_to_json is it with one),
// ending with "metrics": {flatten name: {mean, half_width, stddev, n}} (half_width
// and stddev null with one run). With several runs every number of the tree
// is the mean over the runs that have it (counts then need not be whole);
// the replications' own values are in results.csv (results_store.hpp).
std::string aggregate_to_json(const Scenario& scenario, const std::vector<RunSummary>& runs,
                              const AggregateSummary& aggregate);
// Only "metrics" (no tree): for callers without the runs.
std::string aggregate_to_json(const Scenario& scenario, const AggregateSummary& aggregate);

struct RunManifest {
  std::uint64_t seed = 0;  // master seed actually used (after --seed)
  std::size_t replications = 1;
  std::string variant;  // empty: the base scenario
  std::string command_line;
  std::vector<std::string> files;  // files written, as named in the output directory
  // The results store's description (results_store.hpp): which experiment
  // wrote it and its cells. An empty layout: one point, the one variant.
  std::string kind = "run";  // run, compare, sweep
  StoreLayout layout;
  // Sequential replications (--ci-target), else empty and 0.
  std::vector<std::string> ci_targets;
  std::size_t max_replications = 0;
  std::string shard;       // "K/N" of a shard, else ""
  std::string experiment;  // the experiment's key (--resume, merge), else ""
  std::string sweep_mode;  // grid, points, lhs; "" without a sweep
};

// {"lambdasim_version", "store_version", "kind", "experiment" (when set),
//  "scenario": {file, name, description, hash, horizon_s,
//  timeseries_interval_s}, "seed", "replications", "ci_targets" and
//  "max_replications" (sequential only), "variant" (run only), "variants",
//  "points": [{index, label, parameters: {axis: value}}], "sweep_mode"
//  (sweep only), "shard" (a shard only), "command_line" (not for sweep: a
//  sweep's store is the same however it was run), "files", "limits":
//  {account_concurrency, reserved_concurrency: {function: n},
//  subnet_usable_ips: {"vpc.subnet": n}, nat_ports_per_destination:
//  {"vpc.nat": n}}} (limits: the lines tools/plot.py draws)
std::string manifest_to_json(const Scenario& scenario, const RunManifest& manifest);
// The base scenario with its own (possibly --seed overridden) seed.
std::string manifest_to_json(const Scenario& scenario, std::size_t replications,
                             const std::string& command_line,
                             const std::vector<std::string>& files);

// A run stopped by SIGINT/SIGTERM before its horizon.
struct PartialRun {
  std::string interrupted_by;              // "SIGINT", "SIGTERM"
  double simulated_s = 0;                  // simulated time reached (the least over the runs)
  std::size_t replications_requested = 1;  // -r
  std::size_t replications_complete = 0;   // that reached the horizon
};
// `json` (one of the documents above) marked as partial: "partial": true,
// "interrupted_by", "simulated_s", "replications_requested",
// "replications_complete" inserted after "scenario". Complete runs never
// carry these keys.
std::string mark_partial(const std::string& json, const PartialRun& partial);

}  // namespace lambdasim
