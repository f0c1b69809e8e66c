// A one-line progress report on stderr while `run` and `compare` simulate:
// runs done/total, simulated events per second, share simulated, ETA. A timer
// thread redraws it (\r) at most 4 times a second from relaxed counters the
// runs add to per batch of events, and erases it at the end. Only when stderr
// is a terminal, and not with --quiet or an info log level (-v), so stdout,
// files and logs never carry it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "lambdasim/kernel/simulation.hpp"

namespace lambdasim::cli {

// --quiet.
void add_quiet_option(CLI::App& cmd, bool& quiet);

// True when a progress line is wanted: stderr is a terminal, not --quiet,
// and the log (which reports runs itself at info) is quieter than info.
bool progress_wanted(bool quiet);

class ProgressLine {
 public:
  // `runs`: replications (x variants); `simulated`: their simulated time
  // together. Does nothing unless `enabled`.
  ProgressLine(bool enabled, std::size_t runs, SimTime simulated);
  ~ProgressLine();  // finish()
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // What the runs add to (RunOptions::progress); nullptr when disabled.
  SimulationProgress* counters() { return enabled_ ? &counters_ : nullptr; }
  // Stops the timer and erases the line; idempotent.
  void finish();

  // The line for these figures (no \r): "runs 3/10 | 4.2M events/s | 37% | ETA 12s".
  static std::string text(std::uint64_t runs_done, std::size_t runs, double events_per_s,
                          double fraction, double elapsed_s);

 private:
  void loop();
  void draw();

  bool enabled_;
  std::size_t runs_;
  double simulated_ns_;
  SimulationProgress counters_;
  std::chrono::steady_clock::time_point start_;
  std::size_t width_ = 0;  // of the line on screen, to overwrite and erase it
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lambdasim::cli
