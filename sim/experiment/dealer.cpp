#include "lambdasim/experiment/dealer.hpp"

#include <system_error>
#include <thread>

#include <spdlog/spdlog.h>

#include "lambdasim/experiment/batch_slots.hpp"
#include "lambdasim/experiment/runner.hpp"

namespace lambdasim {

std::vector<RunRecord> ThreadDealer::run_batch(const std::vector<RunAddress>& batch,
                                               const RunFunction& run) {
  BatchSlots slots(batch, interrupt_, progress_);
  // A worker exits when no address is left, so a thread that could not be
  // started is never waited for.
  auto work = [&] { slots.work(run); };
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
  return slots.records();
}

}  // namespace lambdasim
