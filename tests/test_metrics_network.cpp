// MetricsCollector fed hand-made networking calls (ENIs, NAT connections,
// bytes): exact ENI and IP gauges per subnet, VPC and account, NAT peaks,
// GB and the network cost of a 2 h run, the time-series columns and the
// flatten() names. Every expected number is worked out in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "lambdasim/metrics/collector.hpp"

using namespace lambdasim;

namespace {

// VPC main: priv-a (use1-az1, /28: 16 - 5 = 11 usable IPs), priv-b (use1-az2,
// /24 with one IP held by another tenant: 250), NAT nat-a, interface endpoint
// ep-sqs in both subnets (2 AZs). VPC data: db-a (/27: 27), NAT nat-d.
// Global numbering: subnets 0 priv-a, 1 priv-b, 2 db-a; NATs 0 nat-a, 1 nat-d;
// endpoint 0 ep-sqs.
ModelConfig network_config() {
  ModelConfig c;
  FunctionConfig api;
  api.name = "api";
  api.memory_mb = 1024;
  c.functions = {api};
  VpcConfig main;
  main.name = "main";
  main.subnets = {{.name = "priv-a",
                   .az = "use1-az1",
                   .cidr = "10.0.1.0/28",
                   .prefix_length = 28,
                   .route_nat = ""},
                  {.name = "priv-b",
                   .az = "use1-az2",
                   .cidr = "10.0.2.0/24",
                   .prefix_length = 24,
                   .other_tenant_ips = 1,
                   .route_nat = ""}};
  main.nat_gateways = {{.name = "nat-a", .az = "use1-az1"}};
  main.interface_endpoints = {
      {.name = "ep-sqs", .service = "sqs", .subnets = {"priv-a", "priv-b"}}};
  main.gateway_endpoints = {"s3"};  // free: no cost line
  VpcConfig data;
  data.name = "data";
  data.subnets = {{.name = "db-a",
                   .az = "use1-az1",
                   .cidr = "10.1.0.0/27",
                   .prefix_length = 27,
                   .route_nat = ""}};
  data.nat_gateways = {{.name = "nat-d", .az = "use1-az1"}};
  c.network.vpcs = {main, data};
  return c;
}

constexpr std::uint32_t kPrivA = 0, kPrivB = 1, kDbA = 2;
constexpr std::uint32_t kNatA = 0, kNatD = 1;

// The ENI timeline (s), (enis, creating) per subnet:
//    0  priv-a (0,1)  priv-b (0,1)                    account IPs 2
//   60  priv-a (1,0)                                   ENIs 1
//   90  priv-b (1,0)                                   ENIs 2
//  100  db-a   (1,0) instant                           ENIs 3, IPs 3
// 1000  priv-a (2,0) another ENI past 65,000 conns     ENIs 4, IPs 4
// 1800  priv-a (2,1) one being created                 IPs 5 (priv-a 3)
// 1900  priv-a (1,1) one released                      ENIs 3, IPs 4
// 3600  priv-a (2,0) created                           ENIs 4
// NAT connections: nat-a +1 @10, +1 @20, +1 @30, -1 @40, -1 @50;
// nat-d +1 @25, +1 @45, -1 @100. All NATs: 1,2,3(25),4(30),3,4(45),3,2.
// Bytes: nat-a 2e9 + 0.5e9, nat-d 1e9, ep-sqs 3e9, cross-AZ 4e9, internet 7e9.
// One api invocation: cold start @5, success @6 (1 s run). Run ends at 2 h.
void feed(MetricsCollector& m) {
  m.on_eni_change(kTimeZero, kPrivA, 0, +1);
  m.on_eni_change(kTimeZero, kPrivB, 0, +1);
  m.on_started(seconds(5), 0, true, false);
  Completion c;
  c.function = 0;
  c.cold = true;
  c.latency = seconds(1);
  c.run_duration = seconds(1);
  m.on_completed(seconds(6), c);
  m.on_nat_connections(seconds(10), kNatA, +1);
  m.on_nat_connections(seconds(20), kNatA, +1);
  m.on_transfer(seconds(20), TransferKind::kNat, kNatA, 2'000'000'000);
  m.on_nat_connections(seconds(25), kNatD, +1);
  m.on_transfer(seconds(25), TransferKind::kNat, kNatD, 1'000'000'000);
  m.on_nat_connections(seconds(30), kNatA, +1);
  m.on_transfer(seconds(30), TransferKind::kInterfaceEndpoint, 0, 3'000'000'000);
  m.on_transfer(seconds(30), TransferKind::kCrossAz, kPrivB, 4'000'000'000);
  m.on_transfer(seconds(30), TransferKind::kInternet, 0, 7'000'000'000);
  m.on_nat_connections(seconds(40), kNatA, -1);
  m.on_nat_connections(seconds(45), kNatD, +1);
  m.on_transfer(seconds(45), TransferKind::kNat, kNatA, 500'000'000);
  m.on_nat_connections(seconds(50), kNatA, -1);
  m.on_eni_change(seconds(60), kPrivA, +1, -1);
  m.on_eni_change(seconds(90), kPrivB, +1, -1);
  m.on_eni_change(seconds(100), kDbA, +1, 0);
  m.on_nat_connections(seconds(100), kNatD, -1);
  m.on_eni_change(seconds(1000), kPrivA, +1, 0);
  m.on_eni_change(seconds(1800), kPrivA, 0, +1);
  m.on_eni_change(seconds(1900), kPrivA, -1, 0);
  m.on_eni_change(seconds(3600), kPrivA, +1, -1);
  m.finish(hours(2));
}

std::map<std::string, double> flat_map(const RunSummary& s) {
  std::map<std::string, double> out;
  for (const auto& [name, value] : flatten(s)) out[name] = value;
  return out;
}

}  // namespace

TEST_CASE("Network: ENIs and IPs per subnet, VPC and account", "[metrics][network]") {
  MetricsCollector m(network_config(), seconds(1800), hours(2));
  feed(m);
  const RunSummary s = m.summary();
  REQUIRE(s.network.has_value());
  const NetworkSummary& n = *s.network;
  REQUIRE(n.subnets.size() == 3);
  const double T = 7200;

  const SubnetNetworkSummary& a = n.subnets[kPrivA];
  CHECK(a.vpc == "main");
  CHECK(a.name == "priv-a");
  CHECK(a.az == "use1-az1");
  CHECK(a.usable_ips == 11);
  // In service: 1 x [60,1000) + 2 x [1000,1900) + 1 x [1900,3600) + 2 x [3600,7200)
  // = 940 + 1800 + 1700 + 7200 = 11,640.
  CHECK(a.enis_avg == Approx(11640 / T));
  CHECK(a.enis_peak == 2);
  // Creating: [0,60) + [1800,3600) = 1,860.
  CHECK(a.creating_avg == Approx(1860 / T));
  CHECK(a.creating_peak == 1);
  CHECK(a.ips_used_peak == 3);  // 2 in service + 1 being created at 1800
  CHECK(a.free_ips_min == 8);   // 11 - 3

  const SubnetNetworkSummary& b = n.subnets[kPrivB];
  CHECK(b.usable_ips == 250);
  CHECK(b.enis_avg == Approx((T - 90) / T));
  CHECK(b.creating_avg == Approx(90 / T));
  CHECK(b.free_ips_min == 249);
  const SubnetNetworkSummary& d = n.subnets[kDbA];
  CHECK(d.vpc == "data");
  CHECK(d.usable_ips == 27);
  CHECK(d.creating_peak == 0);  // created instantly
  CHECK(d.free_ips_min == 26);

  REQUIRE(n.vpcs.size() == 2);
  CHECK(n.vpcs[0].name == "main");
  CHECK(n.vpcs[0].enis_peak == 3);      // priv-a 2 + priv-b 1
  CHECK(n.vpcs[0].ips_used_peak == 4);  // 3 + 1 at 1800
  CHECK(n.vpcs[1].enis_peak == 1);

  // Account: ENIs 1 [60,90), 2 [90,100), 3 [100,1000), 4 [1000,1900), 3
  // [1900,3600), 4 [3600,7200): 30 + 20 + 2,700 + 3,600 + 5,100 + 14,400.
  CHECK(n.enis_peak == 4);
  CHECK(n.enis_avg == Approx(25850 / T));
  CHECK(n.ips_used_peak == 5);
}

TEST_CASE("Network: NAT connections, bytes and cost", "[metrics][network][cost]") {
  const ModelConfig config = network_config();
  MetricsCollector m(config, seconds(1800), hours(2));
  feed(m);
  const RunSummary s = m.summary();
  const NetworkSummary& n = *s.network;
  REQUIRE(n.nats.size() == 2);
  CHECK(n.nats[kNatA].vpc == "main");
  CHECK(n.nats[kNatA].name == "nat-a");
  CHECK(n.nats[kNatA].connections_peak == 3);
  CHECK(n.nats[kNatA].connections_end == 1);
  CHECK(n.nats[kNatA].bytes == 2'500'000'000);
  CHECK(n.nats[kNatA].gb == Approx(2.5));
  CHECK(n.nats[kNatD].connections_peak == 2);
  CHECK(n.nats[kNatD].gb == Approx(1.0));
  CHECK(n.nat_connections_peak == 4);  // of the sum: 30 s and 45 s
  REQUIRE(n.endpoints.size() == 1);
  CHECK(n.endpoints[0].name == "ep-sqs");
  CHECK(n.endpoints[0].azs == 2);
  CHECK(n.endpoints[0].gb == Approx(3.0));
  CHECK(n.cross_az_bytes == 4'000'000'000);
  CHECK(n.cross_az_gb == Approx(4.0));  // internet bytes are nobody's

  // 2 h: 2 NATs -> 4 NAT-hours; 1 endpoint x 2 AZs -> 4 AZ-hours.
  CHECK(n.nat_hours == Approx(4.0));
  CHECK(n.nat_gb == Approx(3.5));
  CHECK(n.endpoint_az_hours == Approx(4.0));
  CHECK(n.endpoint_gb == Approx(3.0));
  const CostSummary& c = s.total.cost;
  CHECK(c.nat_usd == Approx(4 * 0.045 + 3.5 * 0.045));   // 0.3375
  CHECK(c.endpoint_usd == Approx(4 * 0.01 + 3 * 0.01));  // 0.07
  CHECK(c.cross_az_usd == Approx(4 * 0.01 * 2));         // each direction billed
  CHECK(c.network_usd == Approx(0.3375 + 0.07 + 0.08));
  // The total includes the network; the function's own cost does not.
  const double compute = 0.2e-6 + 1.0 * 0.0000166667;  // 1 request, 1 GB x 1 s
  CHECK(s.functions[0].cost.total_usd == Approx(compute));
  CHECK(s.functions[0].cost.network_usd == 0);
  CHECK(c.total_usd == Approx(compute + 0.4875));
  CHECK(c.per_million_usd == Approx((compute + 0.4875) * 1e6));
}

TEST_CASE("Network: time-series columns", "[metrics][network][timeseries]") {
  MetricsCollector m(network_config(), seconds(1800), hours(2));
  feed(m);
  const TimeSeries& ts = m.timeseries();
  REQUIRE(ts.rows.size() == 4);
  const TimeSeriesRow& r0 = ts.rows[0];
  // ENIs in [0,1800): 30 + 20 + 2,700 + 4 x 800 = 5,950; creating 2 x 60 + 1 x 30.
  CHECK(r0.enis_avg == Approx(5950.0 / 1800));
  CHECK(r0.enis_creating_avg == Approx(150.0 / 1800));
  CHECK(r0.ips_used_max == 4);  // the 1800 s change belongs to the next row
  CHECK(r0.nat_connections_max == 4);
  CHECK(r0.faults_active == 0);
  CHECK(r0.availability() == 1.0);
  const TimeSeriesRow& r1 = ts.rows[1];
  CHECK(r1.ips_used_max == 5);
  CHECK(r1.nat_connections_max == 2);  // carried over: still open
  CHECK(r1.enis_avg == Approx((4 * 100 + 3 * 1700) / 1800.0));
  CHECK(r1.enis_creating_avg == Approx(1.0));
  CHECK(std::isnan(r1.availability()));  // no arrivals
  const TimeSeriesRow& r3 = ts.rows[3];
  CHECK(r3.enis_avg == Approx(4));
  CHECK(r3.enis_creating_avg == 0);
  CHECK(r3.ips_used_max == 4);
}

TEST_CASE("Network: flatten names", "[metrics][network][summary]") {
  MetricsCollector m(network_config(), seconds(1800), hours(2));
  feed(m);
  const auto flat = flat_map(m.summary());
  for (const char* name :
       {"network.enis_peak", "network.ips_used_peak", "network.nat_connections_peak",
        "network.cross_az_gb", "network.subnets.main.priv-a.enis_peak",
        "network.subnets.main.priv-a.enis_avg", "network.subnets.main.priv-a.creating_peak",
        "network.subnets.main.priv-a.free_ips_min", "network.subnets.data.db-a.free_ips_min",
        "network.nats.main.nat-a.connections_peak", "network.nats.data.nat-d.gb",
        "network.endpoints.main.ep-sqs.gb", "network.vpcs.main.enis_peak", "total.cost_nat_usd",
        "total.cost_endpoint_usd", "total.cost_cross_az_usd"}) {
    INFO(name);
    CHECK(flat.count(name) == 1);
  }
  CHECK(flat.at("network.enis_peak") == 4);
  CHECK(flat.at("network.ips_used_peak") == 5);
  CHECK(flat.at("network.nat_connections_peak") == 4);
  CHECK(flat.at("network.subnets.main.priv-a.free_ips_min") == 8);
  CHECK(flat.at("network.nats.main.nat-a.gb") == Approx(2.5));
  CHECK(flat.at("total.cost_cross_az_usd") == Approx(0.08));
  CHECK(flat.at("total.cost_total_usd") ==
        Approx(flat.at("functions.api.cost_total_usd") + 0.4875));
  // The account's total is its compute cost plus its network cost, as compare shows it.
  CHECK(flat.at("total.cost_total_usd") ==
        Approx(flat.at("total.cost_compute_usd") + flat.at("total.cost_network_usd")));
  CHECK(flat.at("total.cost_network_usd") == Approx(0.4875));
  CHECK(flatten(m.summary()).front().first == "total.attempts");
}

TEST_CASE("Network: absent without VPCs", "[metrics][network]") {
  ModelConfig config = network_config();
  config.network.vpcs.clear();
  MetricsCollector m(config, seconds(1), seconds(10));
  m.on_started(seconds(1), 0, true, false);
  m.finish(seconds(10));
  const RunSummary s = m.summary();
  CHECK_FALSE(s.network.has_value());
  CHECK(s.total.cost.network_usd == 0);
  CHECK(s.faults.empty());
  for (const auto& [name, value] : flatten(s)) {
    INFO(name);
    CHECK(name.rfind("network.", 0) != 0);
    CHECK(name.find("cost_nat") == std::string::npos);
    CHECK(name.rfind("faults.", 0) != 0);
  }
  CHECK(m.timeseries().rows[3].enis_avg == 0);
  CHECK(m.timeseries().rows[3].ips_used_max == 0);
}
