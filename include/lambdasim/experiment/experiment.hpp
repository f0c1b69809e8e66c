// An experiment: cells (sweep point x variant), each run for a number of
// replications, on a Dealer (threads or MPI ranks), optionally in rounds
// that add replications to the cells whose confidence intervals are still
// too wide (sequential replications), over a deterministic slice of the
// cells (--shard K/N), reusing runs a results store already holds (--resume).
// What is run depends only on the plan and the runs' results, never on the
// dealer, so the records are the same on any thread or rank count.
//   ExperimentResult r = run_experiment(plan, run_one, dealer);
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/experiment/dealer.hpp"

namespace lambdasim {

// --shard K/N: cells whose index is K-1 modulo N (1 <= K <= N).
struct Shard {
  std::size_t index = 1;
  std::size_t count = 1;
  bool whole() const { return count == 1; }
  bool operator==(const Shard&) const = default;
};
std::optional<Shard> parse_shard(std::string_view text, std::string* error);
std::string shard_text(const Shard& shard);  // "2/8"

struct ExperimentPlan {
  std::size_t points = 1;
  std::size_t variants = 1;
  std::size_t replications = 1;  // per cell, in the first round
  // Sequential replications: while `enough` says no, a cell gets
  // `replications` more (at least 2 per round) until it has this many.
  // 0 (or <= replications): a fixed number of replications.
  std::size_t max_replications = 0;
  // Whether a cell's records (replications 0..n-1, in order) are enough.
  std::function<bool(std::span<const RunRecord* const> cell)> enough;
  Shard shard;

  std::size_t cells() const { return points * variants; }
  std::size_t cell_of(const RunAddress& a) const { return a.point * variants + a.variant; }
  bool in_shard(std::size_t cell) const { return cell % shard.count == shard.index - 1; }
};

struct ExperimentResult {
  // Every cell of the shard, replications 0..n(cell)-1, in address order
  // (point, variant, replication). Interrupted: what was run.
  std::vector<RunRecord> records;
  std::size_t simulated = 0;  // runs simulated by this call
  std::size_t reused = 0;     // runs taken from `done`
  std::size_t rounds = 0;
  bool interrupted = false;  // the dealer stopped before the plan was complete
};

// Runs the plan. `done` holds runs already made (a results store, --resume):
// an address it holds is not run again; records of cells outside the shard,
// or beyond the replications the plan needs, are left out of the result.
ExperimentResult run_experiment(const ExperimentPlan& plan, const RunFunction& run, Dealer& dealer,
                                std::vector<RunRecord> done = {});

}  // namespace lambdasim
