// The experiment engine (rounds, sequential replications, shards, --resume)
// on a synthetic run function, the results store's files read back, and the
// merge of shards: each checked to give the same bytes as the plain run.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "lambdasim/experiment/experiment.hpp"
#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/report/results_store.hpp"
#include "lambdasim/report/store_merge.hpp"

namespace lambdasim {
namespace {

// A run whose value is noise around a mean set by the point; its spread
// grows with the variant, so wide cells need more replications.
RunRecord fake_run(const RunAddress& a) {
  Rng rng(1234, a.replication * 1000 + a.point * 10 + a.variant);
  const double u = static_cast<double>(rng.next_u64() >> 11) * 0x1.0p-53;
  const double spread = 1.0 + 4.0 * static_cast<double>(a.variant);
  RunRecord r;
  r.address = a;
  r.metrics = {{"total.x", 10.0 * static_cast<double>(a.point + 1) + spread * (u - 0.5)},
               {"total.nan", std::nan("")}};
  return r;
}

ExperimentPlan plan_of(std::size_t points, std::size_t variants, std::size_t reps) {
  ExperimentPlan p;
  p.points = points;
  p.variants = variants;
  p.replications = reps;
  return p;
}

bool narrow(std::span<const RunRecord* const> cell, double target) {
  std::vector<double> v;
  for (const RunRecord* r : cell) v.push_back(r->metrics[0].second);
  const ConfidenceInterval ci = confidence_interval(v);
  return ci.n >= 2 && ci.half_width <= target;
}

std::string store_of(const std::vector<RunRecord>& records, std::size_t points,
                     std::size_t variants) {
  StoreLayout layout;
  for (std::size_t v = 0; v < variants; ++v) layout.variants.push_back("v" + std::to_string(v));
  for (std::size_t p = 0; p < points; ++p) layout.points.push_back(StorePoint{p, "", {}});
  return results_csv(records, layout) + aggregate_csv(aggregate_cells(records), layout);
}

}  // namespace

TEST_CASE("experiment: every cell's replications, in address order, on any thread count",
          "[experiment]") {
  const ExperimentPlan plan = plan_of(3, 2, 4);
  ThreadDealer one(1);
  ThreadDealer four(4);
  const ExperimentResult a = run_experiment(plan, fake_run, one);
  const ExperimentResult b = run_experiment(plan, fake_run, four);
  REQUIRE(a.records.size() == 24);
  CHECK(a.simulated == 24);
  CHECK(a.rounds == 1);
  CHECK(a.records.front().address == RunAddress{0, 0, 0});
  CHECK(a.records.back().address == RunAddress{2, 1, 3});
  CHECK(store_of(a.records, 3, 2) == store_of(b.records, 3, 2));
}

TEST_CASE("experiment: sequential replications stop each cell at its target", "[experiment]") {
  ExperimentPlan plan = plan_of(2, 2, 3);
  plan.max_replications = 60;
  const double target = 0.5;
  plan.enough = [target](std::span<const RunRecord* const> cell) { return narrow(cell, target); };
  ThreadDealer one(1);
  ThreadDealer three(3);
  const ExperimentResult a = run_experiment(plan, fake_run, one);
  const ExperimentResult b = run_experiment(plan, fake_run, three);
  CHECK(store_of(a.records, 2, 2) == store_of(b.records, 2, 2));
  CHECK(a.rounds > 1);
  std::map<std::pair<std::size_t, std::size_t>, std::vector<const RunRecord*>> cells;
  for (const RunRecord& r : a.records) cells[{r.address.point, r.address.variant}].push_back(&r);
  REQUIRE(cells.size() == 4);
  for (const auto& [cell, runs] : cells) {
    INFO("point " << cell.first << " variant " << cell.second << ": " << runs.size());
    // Met, and not met one round (3 replications) earlier.
    CHECK(narrow(runs, target));
    CHECK(runs.size() % 3 == 0);
    if (runs.size() > 3) {
      CHECK_FALSE(narrow(std::span(runs).first(runs.size() - 3), target));
    }
  }
  // The wide variant (spread 5) needs more runs than the narrow one (1).
  CHECK(cells[{0, 1}].size() > cells[{0, 0}].size());
  CHECK(cells[{0, 1}].size() < 60);
}

TEST_CASE("experiment: an unreachable target stops at --max-replications", "[experiment]") {
  ExperimentPlan plan = plan_of(1, 1, 2);
  plan.max_replications = 7;
  plan.enough = [](std::span<const RunRecord* const>) { return false; };
  ThreadDealer dealer(2);
  const ExperimentResult r = run_experiment(plan, fake_run, dealer);
  CHECK(r.records.size() == 7);
}

TEST_CASE("experiment: shards partition the cells; resume runs only what is missing",
          "[experiment]") {
  const ExperimentPlan whole = plan_of(5, 2, 3);
  ThreadDealer dealer(2);
  const ExperimentResult all = run_experiment(whole, fake_run, dealer);
  std::vector<RunRecord> united;
  std::set<std::size_t> seen_cells;
  for (std::size_t k = 1; k <= 3; ++k) {
    ExperimentPlan p = whole;
    p.shard = Shard{k, 3};
    const ExperimentResult part = run_experiment(p, fake_run, dealer);
    for (const RunRecord& r : part.records) {
      CHECK(seen_cells.count(whole.cell_of(r.address)) == 0);
      united.push_back(r);
    }
    for (const RunRecord& r : part.records) seen_cells.insert(whole.cell_of(r.address));
  }
  CHECK(seen_cells.size() == 10);
  std::sort(united.begin(), united.end(),
            [](const RunRecord& a, const RunRecord& b) { return a.address < b.address; });
  CHECK(store_of(united, 5, 2) == store_of(all.records, 5, 2));

  // Resume: half the runs already there (read back from results.csv).
  StoreLayout layout{{"v0", "v1"}, {}};
  for (std::size_t p = 0; p < 5; ++p) layout.points.push_back(StorePoint{p, "", {}});
  std::vector<RunRecord> half(all.records.begin(), all.records.begin() + 13);
  const StoreRead read = read_results_csv(results_csv(half, layout), layout);
  REQUIRE(read.ok());
  REQUIRE(read.records.size() == 13);
  const ExperimentResult resumed = run_experiment(whole, fake_run, dealer, read.records);
  CHECK(resumed.simulated == 17);
  CHECK(resumed.reused == 13);
  CHECK(store_of(resumed.records, 5, 2) == store_of(all.records, 5, 2));
}

TEST_CASE("results store: values read back exactly, names quoted, errors located",
          "[experiment][store]") {
  StoreLayout layout{{"a,b", "plain"}, {StorePoint{0, "", {}}}};
  RunRecord r{RunAddress{0, 0, 7},
              {{"total.x", 0.1}, {"functions.f\"q\".y", -0.0}, {"z", 1e-310}, {"n", std::nan("")}},
              0,
              0,
              false};
  const std::string csv = results_csv({r}, layout);
  CHECK(csv.find("0,\"a,b\",7,total.x,0.1\n") != std::string::npos);
  CHECK(csv.find(",n,\n") != std::string::npos);  // NaN: empty
  const StoreRead back = read_results_csv(csv, layout);
  REQUIRE(back.ok());
  REQUIRE(back.records.size() == 1);
  CHECK(back.records[0].address == r.address);
  CHECK(back.records[0].metrics[1].first == "functions.f\"q\".y");
  CHECK(std::signbit(back.records[0].metrics[1].second));
  CHECK(back.records[0].metrics[2].second == 1e-310);
  CHECK(std::isnan(back.records[0].metrics[3].second));
  CHECK(results_csv(back.records, layout) == csv);

  CHECK(read_results_csv("nope\n", layout).error.find("line 1") != std::string::npos);
  const std::string bad = std::string(kResultsCsvHeader) + "\n0,plain,1,x,1\n0,other,1,x,2\n";
  CHECK(read_results_csv(bad, layout).error.find("line 3") != std::string::npos);
  const std::string junk = std::string(kResultsCsvHeader) + "\n0,plain,one,x,1\n";
  CHECK(read_results_csv(junk, layout).error.find("line 2") != std::string::npos);
}

TEST_CASE("shard text", "[experiment]") {
  std::string error;
  CHECK(parse_shard("2/8", &error) == Shard{2, 8});
  CHECK_FALSE(parse_shard("0/8", &error));
  CHECK_FALSE(parse_shard("9/8", &error));
  CHECK_FALSE(parse_shard("2/", &error));
  CHECK_FALSE(parse_shard("a/b", &error));
  CHECK(shard_text(Shard{3, 4}) == "3/4");
}

}  // namespace lambdasim
