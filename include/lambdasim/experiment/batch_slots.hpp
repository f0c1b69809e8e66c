// One batch as a dealer runs it: the addresses taken in batch order from one
// counter (by threads here or by MPI ranks), a slot per address for its
// record or error, and the records returned in batch order. ThreadDealer and
// the MPI dealer share it, so both stop and report alike.
//   BatchSlots b(batch, interrupt, progress);  b.work(run);  return b.records();
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <vector>

#include "lambdasim/experiment/dealer.hpp"

namespace lambdasim {

class BatchSlots {
 public:
  BatchSlots(const std::vector<RunAddress>& batch, const std::atomic<bool>* interrupt,
             SimulationProgress* progress);

  // The next address's index, in batch order; nullopt when none is left or
  // after a failure or an interrupt (addresses not yet taken are skipped).
  std::optional<std::size_t> take();
  const RunAddress& address(std::size_t i) const { return batch_[i]; }
  std::size_t size() const { return batch_.size(); }

  // Slot i's outcome; each slot is written once, by whoever took i.
  void fill(std::size_t i, RunRecord record);
  void fail(std::size_t i, std::exception_ptr error);
  // A failure that belongs to no slot (a garbled message); reported first.
  void fail_batch(std::exception_ptr error);

  // Takes and runs addresses until none is left; returns how many it ran.
  // Safe on several threads at once.
  std::size_t work(const RunFunction& run);

  // Once nobody fills any more: the first error (the batch's, else in batch
  // order) rethrown, else the records in batch order (fewer when stopped).
  std::vector<RunRecord> records();

 private:
  const std::vector<RunAddress>& batch_;
  std::vector<std::optional<RunRecord>> slots_;
  std::vector<std::exception_ptr> errors_;
  std::exception_ptr batch_error_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  const std::atomic<bool>* interrupt_;
  SimulationProgress* progress_;
};

}  // namespace lambdasim
