#include "mpi/mpi_dealer.hpp"

#include <mpi.h>

#include <algorithm>
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

#include "lambdasim/experiment/batch_slots.hpp"
#include "lambdasim/experiment/run_record_codec.hpp"

namespace lambdasim::mpi {
namespace {

// Message tags. To a worker: kRun (batch index + address), kFinish (empty).
// From a worker: kRecord (batch index + record), kError (batch index + text).
enum Tag : int { kRun = 1, kFinish = 2, kRecord = 3, kError = 4 };

// A waiting rank polls rather than blocking in MPI_Recv: Open MPI's blocking
// receive spins, and would take a core from the simulations. The pause
// doubles while nothing comes (a run lasts milliseconds to minutes), so an
// idle wait costs about a thousand wake-ups a second at most.
constexpr auto kFirstPause = std::chrono::microseconds(20);
constexpr auto kLongestPause = std::chrono::microseconds(1000);
// Addresses a worker holds at once: the one it runs and the next, queued, so
// it never waits for rank 0 to notice its answer.
constexpr int kAddressesPerWorker = 2;

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
  std::chrono::microseconds pause = kFirstPause;
  for (;;) {
    int ready = 0;
    MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
    if (ready != 0) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, kLongestPause);
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

namespace {

// Sends the next address of `slots` to `worker`; false when none is left.
bool deal(BatchSlots& slots, int worker) {
  const std::optional<std::size_t> i = slots.take();
  if (!i) return false;
  send(worker, kRun, with_index(*i, encode_address(slots.address(*i))));
  return true;
}

// A worker's answer into its slot; true when it was a record.
bool answer(BatchSlots& slots, const Message& m) {
  auto failure = [](const std::string& text) {
    return std::make_exception_ptr(std::runtime_error(text));
  };
  const std::string_view bytes(m.bytes);
  const std::uint64_t i = index_of(bytes);
  if (bytes.size() < sizeof i || i >= slots.size()) {
    slots.fail_batch(failure(fmt::format("MPI: rank {} answered with a bad run index", m.from)));
    return false;
  }
  if (m.tag != kRecord) {
    slots.fail(i, failure(fmt::format("rank {}: {}", m.from, bytes.substr(sizeof i))));
    return false;
  }
  std::optional<RunRecord> r = decode_record(bytes.substr(sizeof i));
  if (!r) {
    slots.fail_batch(
        failure(fmt::format("MPI: rank {} sent a record that did not decode", m.from)));
    return false;
  }
  slots.fill(i, std::move(*r));
  return true;
}

}  // namespace

std::vector<RunRecord> MpiDealer::run_batch(const std::vector<RunAddress>& batch,
                                            const RunFunction& run) {
  BatchSlots slots(batch, interrupt_, progress_);
  // Rank 0's own share, on a thread: the main thread keeps the workers fed.
  // Nothing below throws before the join (a thread still running at a throw
  // would end the process): errors wait in the slots.
  std::size_t local_runs = 0;
  std::optional<std::thread> local;
  try {
    local.emplace([&] { local_runs = slots.work(run); });
  } catch (const std::system_error& e) {
    spdlog::warn("rank 0 could not start its simulation thread ({}); only the {} other ranks run",
                 e.what(), session_.size() - 1);
  }
  int outstanding = 0;
  for (int k = 0; k < kAddressesPerWorker; ++k) {
    for (int w = 1; w < session_.size(); ++w) outstanding += deal(slots, w) ? 1 : 0;
  }
  while (outstanding > 0) {
    const Message m = receive(MPI_ANY_SOURCE);
    --outstanding;
    if (answer(slots, m)) ++runs_by_rank_[static_cast<std::size_t>(m.from)];
    outstanding += deal(slots, m.from) ? 1 : 0;
  }
  if (local) local->join();
  runs_by_rank_[0] += local_runs;
  return slots.records();
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
