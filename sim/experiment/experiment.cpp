#include "lambdasim/experiment/experiment.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

namespace lambdasim {

std::optional<Shard> parse_shard(std::string_view text, std::string* error) {
  const std::size_t slash = text.find('/');
  Shard s;
  auto number = [](std::string_view part, std::size_t& out) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc{} && end == part.data() + part.size() && !part.empty();
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), s.index) ||
      !number(text.substr(slash + 1), s.count)) {
    *error = "expected K/N with whole numbers, e.g. 2/8 (the 2nd of 8 shards)";
    return std::nullopt;
  }
  if (s.count < 1 || s.index < 1 || s.index > s.count) {
    *error = fmt::format("expected 1 <= K <= N, got {}/{}", s.index, s.count);
    return std::nullopt;
  }
  return s;
}

std::string shard_text(const Shard& shard) {
  return fmt::format("{}/{}", shard.index, shard.count);
}

namespace {

using Records = std::map<RunAddress, RunRecord>;

// Replications 0..n-1 of the cell, or fewer when some are missing.
std::vector<const RunRecord*> cell_records(const Records& have, std::size_t point,
                                           std::size_t variant, std::size_t n) {
  std::vector<const RunRecord*> out;
  for (std::uint64_t r = 0; r < n; ++r) {
    const auto it = have.find(RunAddress{point, variant, r});
    if (it == have.end()) break;
    out.push_back(&it->second);
  }
  return out;
}

// The addresses below their cell's target that `have` lacks, in address order.
std::vector<RunAddress> missing(const ExperimentPlan& plan, const std::vector<std::size_t>& target,
                                const Records& have) {
  std::vector<RunAddress> batch;
  for (std::size_t p = 0; p < plan.points; ++p) {
    for (std::size_t v = 0; v < plan.variants; ++v) {
      for (std::uint64_t r = 0; r < target[p * plan.variants + v]; ++r) {
        if (have.count(RunAddress{p, v, r}) == 0) batch.push_back(RunAddress{p, v, r});
      }
    }
  }
  return batch;
}

// Sequential replications: `step` more for every cell whose runs are not
// enough yet (up to the maximum); false when no cell grew.
bool extend_targets(const ExperimentPlan& plan, std::size_t step, const Records& have,
                    std::vector<std::size_t>& target) {
  bool grew = false;
  for (std::size_t p = 0; p < plan.points; ++p) {
    for (std::size_t v = 0; v < plan.variants; ++v) {
      std::size_t& n = target[p * plan.variants + v];
      if (n == 0 || n >= plan.max_replications) continue;
      if (plan.enough(cell_records(have, p, v, n))) continue;
      n = std::min(n + step, plan.max_replications);
      grew = true;
    }
  }
  return grew;
}

// The runs of `done` at addresses of the plan's cells in its shard.
Records records_in_plan(const ExperimentPlan& plan, std::vector<RunRecord> done) {
  Records have;
  for (RunRecord& r : done) {
    const RunAddress a = r.address;
    if (a.point < plan.points && a.variant < plan.variants && plan.in_shard(plan.cell_of(a))) {
      have.insert_or_assign(a, std::move(r));
    }
  }
  return have;
}

}  // namespace

ExperimentResult run_experiment(const ExperimentPlan& plan, const RunFunction& run, Dealer& dealer,
                                std::vector<RunRecord> done) {
  ExperimentResult result;
  Records have = records_in_plan(plan, std::move(done));
  const bool sequential = plan.max_replications > plan.replications && plan.enough;
  const std::size_t step = std::max<std::size_t>(plan.replications, 2);
  // Replications each cell needs (cells outside the shard: 0).
  std::vector<std::size_t> target(plan.cells(), 0);
  for (std::size_t c = 0; c < plan.cells(); ++c) {
    if (plan.in_shard(c)) target[c] = plan.replications;
  }
  for (;;) {
    const std::vector<RunAddress> batch = missing(plan, target, have);
    if (batch.empty()) {
      if (sequential && extend_targets(plan, step, have, target)) continue;
      break;
    }
    ++result.rounds;
    std::vector<RunRecord> records = dealer.run_batch(batch, run);
    bool complete = records.size() == batch.size();
    for (RunRecord& r : records) {
      complete = complete && !r.partial;
      if (r.partial) continue;  // an interrupted run is not kept
      const RunAddress a = r.address;
      have.insert_or_assign(a, std::move(r));
      ++result.simulated;
    }
    if (!complete) {
      result.interrupted = true;
      break;
    }
  }
  // The result: each cell's replications below its target, in address order.
  for (auto& [address, record] : have) {
    if (address.replication >= target[plan.cell_of(address)]) continue;
    result.records.push_back(std::move(record));
  }
  // Every simulated run is below its cell's target: the rest came from `done`.
  result.reused = result.records.size() - result.simulated;
  return result;
}

}  // namespace lambdasim
