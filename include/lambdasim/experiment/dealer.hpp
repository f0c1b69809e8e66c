// Who runs a batch of simulations: threads in this process, or the ranks of
// an MPI job. A batch is a list of run addresses (point, variant,
// replication); the records come back in batch order, whoever ran them, so
// results never depend on thread or rank count.
//   ThreadDealer pool(jobs);  std::vector<RunRecord> r = pool.run_batch(batch, run_one);
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace lambdasim {

struct SimulationProgress;

// A run's address inside one experiment (one scenario file and its
// overrides): its seed follows from (spec.seed, replication) alone, so
// every point and variant sees the same arrivals (common random numbers).
struct RunAddress {
  std::size_t point = 0;    // index into the sweep's points (0 without a sweep)
  std::size_t variant = 0;  // index into the experiment's variants (0: the only one)
  std::uint64_t replication = 0;
  bool operator==(const RunAddress&) const = default;
  // Address order: point, then variant, then replication.
  bool operator<(const RunAddress& o) const {
    return std::tie(point, variant, replication) < std::tie(o.point, o.variant, o.replication);
  }
};

// What one run left: its flattened metrics (flatten() order and names).
struct RunRecord {
  RunAddress address;
  std::vector<std::pair<std::string, double>> metrics;
  double end_s = 0;          // simulated time reached
  std::uint64_t events = 0;  // kernel events processed
  bool partial = false;      // interrupted before the horizon
};

// Runs one address; must be safe to call from several threads at once.
using RunFunction = std::function<RunRecord(const RunAddress&)>;

class Dealer {
 public:
  virtual ~Dealer() = default;
  // Every address of `batch` run once (by `run`, on any thread or rank), the
  // records returned in batch order. When `interrupt` becomes true, addresses
  // not yet started are skipped: the result then holds the records of those
  // that ran, still in batch order.
  virtual std::vector<RunRecord> run_batch(const std::vector<RunAddress>& batch,
                                           const RunFunction& run) = 0;
  // Called once after the last batch (MPI: releases the other ranks).
  virtual void finish() {}
};

// Threads of this process: the caller plus up to jobs-1 workers, taking
// addresses in batch order (runner.hpp's effective_jobs decides how many).
class ThreadDealer final : public Dealer {
 public:
  explicit ThreadDealer(std::size_t jobs, const std::atomic<bool>* interrupt = nullptr,
                        SimulationProgress* progress = nullptr)
      : jobs_(jobs), interrupt_(interrupt), progress_(progress) {}
  std::vector<RunRecord> run_batch(const std::vector<RunAddress>& batch,
                                   const RunFunction& run) override;

 private:
  std::size_t jobs_;
  const std::atomic<bool>* interrupt_;
  SimulationProgress* progress_;
};

}  // namespace lambdasim
