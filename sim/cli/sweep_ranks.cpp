#include "cli/sweep_ranks.hpp"

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <streambuf>
#include <string_view>

#include <spdlog/spdlog.h>

#ifdef LAMBDASIM_HAVE_MPI
#include "mpi/mpi_dealer.hpp"
#endif

namespace lambdasim::cli {
namespace {

// The world size mpirun announces in the environment (Open MPI's, or the PMI
// of MPICH's hydra and of Slurm); 1 when the process was not started by one.
int launched_world_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    const std::string_view text(value);
    int size = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (ec == std::errc{} && end == text.data() + text.size() && size >= 1) return size;
  }
  return 1;
}

#ifdef LAMBDASIM_HAVE_MPI

// Swallows what a worker rank writes, and stays good (a stream without a
// buffer would fail, and main reports a failed stdout as an I/O error).
class Discard final : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char* /*text*/, std::streamsize n) override { return n; }
};

void silence_this_rank() {
  static Discard discard;
  std::cout.rdbuf(&discard);
  std::cerr.rdbuf(&discard);
  spdlog::set_level(spdlog::level::off);
}

#endif

}  // namespace

#ifdef LAMBDASIM_HAVE_MPI
struct SweepRanks::Mpi {
  mpi::Session session;
};
#else
struct SweepRanks::Mpi {};  // never made: a build without MPI runs as one process
#endif

SweepRanks::SweepRanks(SweepRanks&&) noexcept = default;
SweepRanks& SweepRanks::operator=(SweepRanks&&) noexcept = default;
SweepRanks::~SweepRanks() = default;

std::optional<SweepRanks> SweepRanks::start() {
  SweepRanks ranks;
  if (launched_world_size() <= 1) return ranks;
#ifdef LAMBDASIM_HAVE_MPI
  ranks.mpi_ = std::make_unique<Mpi>();
  // Rank 0 speaks for the job: the workers' messages would repeat its own.
  if (ranks.worker()) silence_this_rank();
  return ranks;
#else
  std::cerr << "lambdasim: error: sweep was started by mpirun with " << launched_world_size()
            << " ranks, but this lambdasim was built without MPI (configure with "
               "-DLAMBDASIM_MPI=ON and libopenmpi-dev installed); every rank would run the "
               "whole sweep. Run it as one process (-j for threads) instead\n";
  return std::nullopt;
#endif
}

#ifdef LAMBDASIM_HAVE_MPI
int SweepRanks::rank() const {
  return mpi_ ? mpi_->session.rank() : 0;
}
int SweepRanks::size() const {
  return mpi_ ? mpi_->session.size() : 1;
}
#else
int SweepRanks::rank() const {
  return 0;
}
int SweepRanks::size() const {
  return 1;
}
#endif

void SweepRanks::serve([[maybe_unused]] const RunFunction& run) {
#ifdef LAMBDASIM_HAVE_MPI
  if (worker()) mpi::serve(run);
#endif
}

std::unique_ptr<Dealer> SweepRanks::dealer(std::size_t jobs, const std::atomic<bool>* interrupt,
                                           SimulationProgress* progress) {
#ifdef LAMBDASIM_HAVE_MPI
  if (size() > 1) return std::make_unique<mpi::MpiDealer>(mpi_->session, interrupt, progress);
#endif
  return std::make_unique<ThreadDealer>(jobs, interrupt, progress);
}

}  // namespace lambdasim::cli
