#include "lambdasim/experiment/dealer.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <system_error>
#include <thread>

#include <spdlog/spdlog.h>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/kernel/simulation.hpp"

namespace lambdasim {

std::vector<RunRecord> ThreadDealer::run_batch(const std::vector<RunAddress>& batch,
                                               const RunFunction& run) {
  std::vector<std::optional<RunRecord>> slots(batch.size());
  std::vector<std::exception_ptr> errors(batch.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto stopped = [&] {
    return failed.load(std::memory_order_relaxed) ||
           (interrupt_ != nullptr && interrupt_->load(std::memory_order_relaxed));
  };
  // Addresses are taken in batch order; a worker exits when none is left, so
  // a thread that could not be started is never waited for.
  auto work = [&] {
    while (!stopped()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= batch.size()) return;
      try {
        slots[i] = run(batch[i]);
        if (progress_ != nullptr) progress_->runs.fetch_add(1, std::memory_order_relaxed);
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  const std::size_t jobs = effective_jobs(jobs_, batch.size());
  std::vector<std::thread> threads;
  try {
    threads.reserve(jobs - 1);
    while (threads.size() + 1 < jobs) threads.emplace_back(work);
  } catch (const std::system_error& e) {
    spdlog::warn("could start only {} of {} worker threads ({}); running on {}", threads.size(),
                 jobs - 1, e.what(), threads.size() + 1);
  }
  work();
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<RunRecord> out;
  out.reserve(batch.size());
  for (std::optional<RunRecord>& r : slots) {
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace lambdasim
