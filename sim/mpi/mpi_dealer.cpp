#include "mpi/mpi_dealer.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "lambdasim/experiment/run_record_codec.hpp"
#include "lambdasim/kernel/simulation.hpp"

namespace lambdasim::mpi {
namespace {

// Message tags. To a worker: kRun (batch index + address), kFinish (empty).
// From a worker: kRecord (batch index + record), kError (batch index + text).
enum Tag : int { kRun = 1, kFinish = 2, kRecord = 3, kError = 4 };

// A waiting rank polls rather than blocking in MPI_Recv: Open MPI's blocking
// receive spins, and would take a core from the simulations.
constexpr auto kPollInterval = std::chrono::microseconds(100);

std::string with_index(std::uint64_t index, std::string_view payload) {
  std::string out(sizeof index, '\0');
  std::memcpy(out.data(), &index, sizeof index);
  out += payload;
  return out;
}

std::uint64_t index_of(std::string_view message) {
  std::uint64_t index = 0;
  if (message.size() >= sizeof index) std::memcpy(&index, message.data(), sizeof index);
  return index;
}

void send(int to, Tag tag, const std::string& bytes) {
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

struct Message {
  int from = 0;
  int tag = 0;
  std::string bytes;
};

// The next message from `source` (or any rank), polling until one comes.
Message receive(int source) {
  MPI_Status status{};
  for (;;) {
    int ready = 0;
    MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
    if (ready != 0) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Message m{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<std::size_t>(count), '\0')};
  MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return m;
}

}  // namespace

Session::Session() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  release_workers();
  MPI_Finalize();
}

void Session::release_workers() {
  if (rank_ != 0 || released_) return;
  released_ = true;
  for (int w = 1; w < size_; ++w) send(w, kFinish, {});
}

void MpiDealer::finish() {
  std::string counts;
  for (std::size_t r = 0; r < runs_by_rank_.size(); ++r) {
    counts += fmt::format("{}rank {}: {}", r == 0 ? "" : ", ", r, runs_by_rank_[r]);
  }
  spdlog::info("mpi: runs per rank: {}", counts);
  session_.release_workers();
}

std::vector<RunRecord> MpiDealer::run_batch(const std::vector<RunAddress>& batch,
                                            const RunFunction& run) {
  std::vector<std::optional<RunRecord>> slots(batch.size());
  std::vector<std::string> errors(batch.size());
  std::exception_ptr local_error;
  std::size_t local_runs = 0;  // written by the local thread, read after join
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto stopped = [&] {
    return failed.load(std::memory_order_relaxed) ||
           (interrupt_ != nullptr && interrupt_->load(std::memory_order_relaxed));
  };
  // Rank 0 and the workers take addresses from one counter, in batch order.
  auto take = [&]() -> std::optional<std::size_t> {
    if (stopped()) return std::nullopt;
    const std::size_t i = next.fetch_add(1);
    if (i >= batch.size()) return std::nullopt;
    return i;
  };
  auto count_run = [&] {
    if (progress_ != nullptr) progress_->runs.fetch_add(1, std::memory_order_relaxed);
  };
  // Rank 0's own share, on a thread: the main thread keeps the workers fed.
  auto work = [&] {
    while (const std::optional<std::size_t> i = take()) {
      try {
        slots[*i] = run(batch[*i]);
        count_run();
        ++local_runs;
      } catch (...) {
        local_error = std::current_exception();
        failed = true;
      }
    }
  };
  std::optional<std::thread> local;
  try {
    local.emplace(work);
  } catch (const std::system_error& e) {
    spdlog::warn("rank 0 could not start its simulation thread ({}); only the {} other ranks run",
                 e.what(), session_.size() - 1);
  }
  auto deal = [&](int worker) {
    const std::optional<std::size_t> i = take();
    if (!i) return false;
    send(worker, kRun, with_index(*i, encode_address(batch[*i])));
    return true;
  };
  int outstanding = 0;
  for (int w = 1; w < session_.size(); ++w) outstanding += deal(w) ? 1 : 0;
  // Nothing below throws before the join: a thread still running at a throw
  // would end the process (std::terminate).
  std::string protocol_error;
  while (outstanding > 0) {
    const Message m = receive(MPI_ANY_SOURCE);
    const std::string_view bytes(m.bytes);
    const std::uint64_t i = index_of(bytes);
    --outstanding;
    if (bytes.size() < sizeof i || i >= batch.size()) {
      protocol_error = fmt::format("MPI: rank {} answered with a bad run index", m.from);
      failed = true;
    } else if (m.tag != kRecord) {
      errors[i] = fmt::format("rank {}: {}", m.from, bytes.substr(sizeof i));
      failed = true;
    } else if (std::optional<RunRecord> r = decode_record(bytes.substr(sizeof i))) {
      slots[i] = std::move(*r);
      count_run();
      ++runs_by_rank_[static_cast<std::size_t>(m.from)];
    } else {
      protocol_error = fmt::format("MPI: rank {} sent a record that did not decode", m.from);
      failed = true;
    }
    outstanding += deal(m.from) ? 1 : 0;
  }
  if (local) local->join();
  runs_by_rank_[0] += local_runs;
  if (local_error) std::rethrow_exception(local_error);
  if (!protocol_error.empty()) throw std::runtime_error(protocol_error);
  for (const std::string& e : errors) {
    if (!e.empty()) throw std::runtime_error(e);
  }
  std::vector<RunRecord> out;
  out.reserve(batch.size());
  for (std::optional<RunRecord>& r : slots) {
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

void serve(const RunFunction& run) {
  for (;;) {
    const Message m = receive(0);
    if (m.tag != kRun) return;  // kFinish
    const std::string_view bytes(m.bytes);
    const std::uint64_t i = index_of(bytes);
    const std::optional<RunAddress> a =
        bytes.size() < sizeof i ? std::nullopt : decode_address(bytes.substr(sizeof i));
    try {
      if (!a) throw std::runtime_error("an address that did not decode");
      send(0, kRecord, with_index(i, encode_record(run(*a))));
    } catch (const std::exception& e) {
      send(0, kError, with_index(i, e.what()));
    }
  }
}

}  // namespace lambdasim::mpi
