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
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// {"lambdasim_version", "scenario": {...}, "end_s", "total": F, "functions": {name: F},
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

// {"lambdasim_version", "scenario": {...}, "replications", "confidence",
//  "functions": [names], "metrics": {flatten name: {mean, half_width, stddev, n}},
//  "runs": [{"end_s", "total": F, "functions": {name: F}}, ...]}
// "runs" holds each replication's summary (same shape as summary.json), in
// replication order; it is empty when `runs` is.
std::string aggregate_to_json(const Scenario& scenario, const std::vector<RunSummary>& runs,
                              const AggregateSummary& aggregate);
std::string aggregate_to_json(const Scenario& scenario, const AggregateSummary& aggregate);

struct RunManifest {
  std::uint64_t seed = 0;  // master seed actually used (after --seed)
  std::size_t replications = 1;
  std::string variant;  // empty: the base scenario
  std::string command_line;
  std::vector<std::string> files;  // files written, as named in the output directory
};

// {"lambdasim_version", "scenario": {file, name, description, hash, horizon_s,
//  timeseries_interval_s}, "seed", "replications", "variant", "command_line",
//  "files", "limits": {account_concurrency, reserved_concurrency: {function:
//  n}, subnet_usable_ips: {"vpc.subnet": n}, nat_ports_per_destination:
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
