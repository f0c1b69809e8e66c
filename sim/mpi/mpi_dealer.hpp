// Runs dealt to the ranks of an Open MPI job (`mpirun -np N lambdasim sweep`):
// rank 0 deals addresses one at a time to whichever rank answers (each
// worker holds its current address and the next), runs its own share on a
// thread, and gathers the records in batch order, so the
// result is the same bits as one process. Built only with LAMBDASIM_MPI.
//   mpi::Session s;  if (s.rank() > 0) { mpi::serve(run); return; }
//   mpi::MpiDealer dealer(s, interrupt, progress);  dealer.run_batch(batch, run);
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "lambdasim/experiment/dealer.hpp"

namespace lambdasim {
struct SimulationProgress;
}

namespace lambdasim::mpi {

// MPI_Init_thread (funneled: only the main thread calls MPI) for the
// session's lifetime, MPI_Finalize after; on rank 0 the destructor first
// releases the workers, so that they never wait for runs that will not come,
// whichever way rank 0 ends.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank 0: tells every worker to return from serve() (once).
  void release_workers();

 private:
  int rank_ = 0;
  int size_ = 1;
  bool released_ = false;
};

// Rank 0's dealer; the other ranks call serve(). Needs at least two ranks.
class MpiDealer final : public Dealer {
 public:
  MpiDealer(Session& session, const std::atomic<bool>* interrupt, SimulationProgress* progress)
      : session_(session),
        runs_by_rank_(static_cast<std::size_t>(session.size()), 0),
        interrupt_(interrupt),
        progress_(progress) {}

  std::vector<RunRecord> run_batch(const std::vector<RunAddress>& batch,
                                   const RunFunction& run) override;
  // Logs (info) how many runs each rank made, then releases the workers.
  void finish() override;

 private:
  Session& session_;
  std::vector<std::size_t> runs_by_rank_;
  const std::atomic<bool>* interrupt_;
  SimulationProgress* progress_;
};

// A worker rank: runs each address rank 0 sends, returns its record (or the
// error it threw), until rank 0 releases it.
void serve(const RunFunction& run);

}  // namespace lambdasim::mpi
