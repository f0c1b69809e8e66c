// Per-subnet and per-VPC rows of the time series (ENIs, ENIs being created,
// free IPs) and their CSV columns.
#include <catch2/catch.hpp>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/resolve.hpp"
#include "lambdasim/report/csv.hpp"

using namespace lambdasim;

TEST_CASE("time series: ENIs and free IPs per subnet and VPC", "[metrics][network]") {
  Scenario s;
  s.run.horizon = seconds(30);
  s.run.timeseries_interval = seconds(10);
  VpcConfig v;
  v.name = "main";
  SubnetConfig a;
  a.name = "a";
  a.az = "use1-az1";
  a.cidr = "10.0.0.0/28";  // 11 usable IPs
  a.prefix_length = 28;
  v.subnets.push_back(a);
  s.model.network.vpcs.push_back(v);
  s.model.network.eni_model = EniModel::kPerExecution;
  s.model.network.eni_api_burst = 1000;
  s.model.network.per_execution_creation = DurationDistribution{Distribution::deterministic(1)};
  FunctionConfig f;
  f.name = "fn";
  f.memory_mb = 3072;  // one environment per ENI
  f.timeout = seconds(900);
  f.duration = DurationDistribution{Distribution::deterministic(600)};
  f.vpc = FunctionVpcConfig{};
  f.vpc->vpc = "main";
  f.vpc->subnets = {"a"};
  f.vpc->security_groups = {"sg"};
  ArrivalConfig arr;
  arr.kind = ArrivalKind::kConstant;
  arr.rate_per_s = 1;  // one new environment (and ENI) per second until the IPs run out
  f.arrivals.push_back(arr);
  s.model.functions.push_back(f);
  resolve_names(s.model);  // built by hand: names to indices, as the loader does

  const ReplicationResult r = run_replication(s, 0);
  const TimeSeries& ts = r.timeseries;
  REQUIRE(ts.rows.size() == 3);
  REQUIRE(ts.subnet_count == 1);
  REQUIRE(ts.subnet_rows.size() == 3);
  REQUIRE(ts.vpc_enis_max.size() == 3);
  // Row [0, 10 s): ENIs created at 0..9 s, each in service 1 s later.
  CHECK(ts.subnet_rows[0].enis_max == 9);
  CHECK(ts.subnet_rows[0].creating_max == 1);
  CHECK(ts.subnet_rows[0].free_ips_min == 1);
  // Row [10, 20 s): the 11th ENI takes the last IP at 10 s.
  CHECK(ts.subnet_rows[1].enis_max == 11);
  CHECK(ts.subnet_rows[1].free_ips_min == 0);
  CHECK(ts.vpc_enis_max[2] == 11);

  const std::string csv = timeseries_to_csv(ts, s.model);
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header.find(",network.subnets.main.a.enis_peak,network.subnets.main.a.creating_peak,"
                    "network.subnets.main.a.free_ips_min,network.vpcs.main.enis_peak") !=
        std::string::npos);
  const std::string last = csv.substr(csv.rfind('\n', csv.size() - 2) + 1);
  CHECK(last.find(",11,0,0,11,") != std::string::npos);
  // The appended per-subnet columns end the row: 11 ENIs all the row long, no IP free.
  CHECK(header.substr(header.size() - 68) ==
        ",network.subnets.main.a.enis_avg,network.subnets.main.a.ips_free_min");
  CHECK(last.substr(last.size() - 6) == ",11,0\n");
  CHECK(ts.subnet_rows[2].enis_avg == 11);
  // In service from 1, 2, ..., 9 s: 45 ENI-seconds over 10 s.
  CHECK(ts.subnet_rows[0].enis_avg == Approx(4.5));
}
