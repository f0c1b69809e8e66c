// This process's part in a sweep: the only process (runs on threads), or a
// rank of an MPI job started by mpirun (rank 0 deals and writes; the other
// ranks only simulate what it sends them and write nothing).
//   std::optional<SweepRanks> ranks = SweepRanks::start();
//   if (ranks->worker()) { ranks->serve(run); return 0; }
//   std::unique_ptr<Dealer> dealer = ranks->dealer(jobs, interrupt, progress);
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

#include "lambdasim/experiment/dealer.hpp"

namespace lambdasim::cli {

class SweepRanks {
 public:
  // Joins the MPI job when the process was launched as one of several ranks
  // (a worker rank's stdout, stderr and log are silenced from here: rank 0
  // speaks for the job); nullopt after a message when this build has no MPI.
  static std::optional<SweepRanks> start();
  SweepRanks(SweepRanks&&) noexcept;
  SweepRanks& operator=(SweepRanks&&) noexcept;
  ~SweepRanks();

  int rank() const;
  int size() const;
  bool worker() const { return rank() > 0; }
  // A worker rank: every run rank 0 deals, until it finishes.
  void serve(const RunFunction& run);
  // Rank 0 (or the only process): the ranks when there are several, else
  // `jobs` threads.
  std::unique_ptr<Dealer> dealer(std::size_t jobs, const std::atomic<bool>* interrupt,
                                 SimulationProgress* progress);

 private:
  struct Mpi;
  SweepRanks() = default;
  std::unique_ptr<Mpi> mpi_;
};

}  // namespace lambdasim::cli
