#include "lambdasim/experiment/batch_slots.hpp"

#include <utility>

#include "lambdasim/kernel/simulation.hpp"

namespace lambdasim {

BatchSlots::BatchSlots(const std::vector<RunAddress>& batch, const std::atomic<bool>* interrupt,
                       SimulationProgress* progress)
    : batch_(batch),
      slots_(batch.size()),
      errors_(batch.size()),
      interrupt_(interrupt),
      progress_(progress) {}

std::optional<std::size_t> BatchSlots::take() {
  if (failed_.load(std::memory_order_relaxed) ||
      (interrupt_ != nullptr && interrupt_->load(std::memory_order_relaxed))) {
    return std::nullopt;
  }
  const std::size_t i = next_.fetch_add(1);
  if (i >= batch_.size()) return std::nullopt;
  return i;
}

void BatchSlots::fill(std::size_t i, RunRecord record) {
  slots_[i] = std::move(record);
  if (progress_ != nullptr) progress_->runs.fetch_add(1, std::memory_order_relaxed);
}

void BatchSlots::fail(std::size_t i, std::exception_ptr error) {
  errors_[i] = std::move(error);
  failed_ = true;
}

void BatchSlots::fail_batch(std::exception_ptr error) {
  batch_error_ = std::move(error);
  failed_ = true;
}

std::size_t BatchSlots::work(const RunFunction& run) {
  std::size_t made = 0;
  while (const std::optional<std::size_t> i = take()) {
    try {
      fill(*i, run(batch_[*i]));
      ++made;
    } catch (...) {
      fail(*i, std::current_exception());
    }
  }
  return made;
}

std::vector<RunRecord> BatchSlots::records() {
  if (batch_error_) std::rethrow_exception(batch_error_);
  for (const std::exception_ptr& e : errors_) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<RunRecord> out;
  out.reserve(batch_.size());
  for (std::optional<RunRecord>& r : slots_) {
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace lambdasim
