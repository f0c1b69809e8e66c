#include "lambdasim/metrics/fault_metrics.hpp"

#include <utility>

namespace lambdasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A row has recovered when its availability is at most this far below the
// availability before the fault (0.5 percentage points).
constexpr double kRecoveryTolerance = 0.005;

constexpr std::size_t idx(Outcome o) {
  return static_cast<std::size_t>(o);
}

double ratio(std::uint64_t num, std::uint64_t den) {
  return den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den);
}

// Availability of the attempts that ended inside the window (refused or
// completed), so an invocation that began before the window and succeeded
// inside it is counted on both sides: successes / attempts of the same set.
double window_availability(const FaultWindowSummary& s) {
  std::uint64_t concluded = 0;
  for (std::size_t o = 0; o < kOutcomeCount; ++o) {
    const auto oc = static_cast<Outcome>(o);
    if (oc != Outcome::kAsyncExpired && oc != Outcome::kAsyncDestination &&
        oc != Outcome::kAsyncDropped) {
      concluded += s.outcomes[o];
    }
  }
  return ratio(s.successes, concluded);
}

}  // namespace

FaultMetrics::FaultMetrics(std::vector<FaultWindowSummary> windows)
    : faults_(windows.size()), names_(std::move(windows)) {
  awaiting_success_.reserve(faults_.size());
  awaiting_recovery_.reserve(faults_.size());
}

void FaultMetrics::note_cold_success(SimTime now, SimTime arrived) {
  // Few faults are ever awaiting at once; each leaves the list when found.
  for (std::size_t k = 0; k < awaiting_success_.size();) {
    FaultWindow& w = faults_[awaiting_success_[k]];
    if (arrived >= w.start) {
      w.first_success_s = to_seconds(now - w.start);
      awaiting_success_[k] = awaiting_success_.back();
      awaiting_success_.pop_back();
    } else {
      ++k;
    }
  }
}

void FaultMetrics::fault(SimTime now, std::uint32_t index, bool active, SimTime row_start) {
  if (active) {
    start(now, index);
  } else {
    end(now, index, row_start);
  }
}

void FaultMetrics::start(SimTime now, std::uint32_t index) {
  FaultWindow& w = faults_[index];
  if (w.started) return;  // each fault of the timeline happens once
  w.started = true;
  w.active = true;
  w.start = now;
  w.at_start = tally_;
  ++faults_active_;
  ++row_faults_;
  awaiting_success_.push_back(index);  // reserved for every fault: no allocation
  // The baseline is the rows closed so far: those that ended at or before now.
  if (rows_ended_ > 0) {
    // A tiny slack so that a row exactly 0.5 points below counts despite rounding.
    w.recovery_threshold = ratio(rows_successes_, rows_ended_) - kRecoveryTolerance - 1e-12;
    awaiting_recovery_.push_back(index);
  }
}

// Fault end to the end of the first row starting at or after it whose
// availability is back within kRecoveryTolerance of the baseline. Rows where
// no attempt ended say nothing.
void FaultMetrics::note_row_for_recovery(const TimeSeriesRow& row) {
  const std::uint64_t ended = row.attempts_ended();
  if (ended == 0) return;
  const double availability = row.availability();
  for (std::size_t k = 0; k < awaiting_recovery_.size();) {
    FaultWindow& w = faults_[awaiting_recovery_[k]];
    if (!w.active && row.start >= w.end && availability >= w.recovery_threshold) {
      w.time_to_recover_s = to_seconds(row.end - w.end);
      awaiting_recovery_[k] = awaiting_recovery_.back();
      awaiting_recovery_.pop_back();
    } else {
      ++k;
    }
  }
}

void FaultMetrics::end(SimTime now, std::uint32_t index, SimTime row_start) {
  FaultWindow& w = faults_[index];
  if (!w.active) return;
  w.active = false;
  w.end = now;
  w.at_end = tally_;
  --faults_active_;
  // Ending exactly where the current row starts: the row counted it when it
  // opened, but [start, end) does not reach into the row.
  if (now == row_start && row_faults_ > 0) --row_faults_;
}

void FaultMetrics::summarize_window(const FaultWindow& w, SimTime end,
                                    FaultWindowSummary& s) const {
  s.started = w.started;
  s.availability = kNaN;
  s.first_success_after_start_s = kNaN;
  s.time_to_recover_s = kNaN;
  if (!w.started) return;  // configured times stay; nothing happened
  s.open = w.active;
  s.start = w.start;
  s.end = w.active ? end : w.end;
  const Tally& a = w.at_start;
  const Tally& b = w.active ? tally_ : w.at_end;
  s.attempts = b.attempts - a.attempts;
  for (std::size_t o = 0; o < kOutcomeCount; ++o) s.outcomes[o] = b.outcomes[o] - a.outcomes[o];
  s.successes = s.outcomes[idx(Outcome::kSuccess)];
  s.availability = window_availability(s);
  s.async_expired = s.outcomes[idx(Outcome::kAsyncExpired)];
  s.async_destination = s.outcomes[idx(Outcome::kAsyncDestination)];
  s.async_delayed = b.async_delayed - a.async_delayed;
  s.async_retries = b.async_retries - a.async_retries;
  s.cost_usd = b.cost_usd - a.cost_usd;
  s.first_success_after_start_s = w.first_success_s;
  if (!w.active) s.time_to_recover_s = w.time_to_recover_s;
}

std::vector<FaultWindowSummary> FaultMetrics::summarize(SimTime end) const {
  std::vector<FaultWindowSummary> out = names_;
  for (std::size_t i = 0; i < out.size(); ++i) summarize_window(faults_[i], end, out[i]);
  return out;
}

}  // namespace lambdasim
