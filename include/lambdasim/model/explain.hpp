// Static analysis of a configuration before any simulation (`lambdasim
// explain`): each function's route to each target (and what is unreachable),
// the ENIs and IPs it needs under AWS's rules for both ENI models against
// quotas and subnet sizes, and the NAT connections needed per destination.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/model/config.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

struct ExplainedRoute {
  std::string subnet;  // empty for the service VPC
  std::string target;
  RouteKind kind = RouteKind::kDirect;
  bool cross_az = false;
  std::string why;
};

// A limit on how many of a function's invocations can run at once, as the
// concurrent executions it allows at the function's peak (issue 12: explain
// says which binds first, as terraform plan would).
struct ExplainedLimit {
  std::string name;     // "account concurrency", "scaling rate", "NAT ports", ...
  double capacity = 0;  // concurrent executions it allows at the peak
  std::string detail;   // how the capacity follows from the configuration
};

struct ExplainedFunction {
  std::string name;
  std::string attachment;         // "service VPC" or "vpc main: priv-a, priv-b; sg-api"
  double peak_rate_per_s = 0;     // sum of the sources' peak rates
  double mean_busy_s = 0;         // mean duration + mean call latency
  double demand_concurrency = 0;  // peak rate x busy time (Little), uncapped
  double peak_concurrency = 0;    // demand, capped by reserved and account concurrency
  int hyperplane_enis = 0;        // distinct (subnet, SG set) pairs of this function
  // Per-execution ENI model (pre-2019; not the legacy *scaling* model).
  double per_execution_envs_per_eni = 1;  // 3 GB / memory (floor: whole-environment packing)
  int per_execution_enis = 0;             // ceil(peak concurrency / envs per ENI)
  std::vector<ExplainedRoute> routes;
  std::vector<std::string> warnings;
  // Every limit that applies to the function, in the order checked, and the
  // index of the one that binds first (the lowest capacity below the demand;
  // the first such on a tie); none when the demand fits every limit.
  std::vector<ExplainedLimit> limits;
  std::optional<std::size_t> binding_limit;
};

struct ExplainedSubnet {
  std::string vpc;
  std::string name;
  std::string az;
  int usable_ips = 0;
  int hyperplane_enis = 0;     // account-wide distinct pairs in this subnet
  int per_execution_enis = 0;  // per-execution formula, spread evenly over each function's subnets
};

struct ExplainedNat {
  std::string vpc;
  std::string nat;
  std::string target;
  double connections_needed = 0;  // Little: call rate x hold time, plus pooled per environment
  int connections_limit = 0;      // IPs x 55,000
};

// A table a network part adds to the explanation (the DNS resolver's packets
// per interface): written as a text table after the NAT table, and as an
// array of objects under `json_key`, only when it has rows.
enum class ExplainFormat : std::uint8_t {
  kText,      // left-aligned
  kNumber0,   // right-aligned, no decimals
  kPercent0,  // a fraction, right-aligned as a percentage with no decimals
};
struct ExplainColumn {
  std::string_view header;    // text table
  std::string_view json_key;  // JSON: the row object's key (fractions stay fractions)
  int width = 0;
  ExplainFormat format = ExplainFormat::kText;
};
struct ExplainCell {
  std::string text;  // kText columns
  double value = 0;  // the others
};
struct ExplainedTable {
  std::string json_key;
  std::vector<ExplainColumn> columns;
  std::vector<std::vector<ExplainCell>> rows;
};

struct Explanation {
  EniModel eni_model = EniModel::kHyperplane;
  std::vector<ExplainedFunction> functions;
  std::vector<ExplainedSubnet> subnets;
  std::vector<ExplainedNat> nats;
  std::vector<ExplainedTable> tables;  // the network parts' own, in part order
  int hyperplane_enis_total = 0;
  int per_execution_enis_total = 0;  // per-execution ENI model
  int enis_per_vpc_quota = 0;
  int region_interface_quota = 0;
  std::vector<std::string> warnings;  // account-wide
};

// Peak arrival rate of a function's sources (per second), over the run.
double peak_arrival_rate(const FunctionConfig& function, SimTime horizon);

// "binding limit: account concurrency 1000 (demand ~1906)", or "binding
// limit: none: demand ~40 fits every limit".
std::string binding_limit_text(const ExplainedFunction& function);

// `config` must have its names resolved (resolve.hpp), as the loader does.
Explanation explain(const ModelConfig& config, SimTime horizon);

// A network part's step of `explain`, run after the core's (functions,
// quotas, NATs) in part order: it reads `out.functions` (one per function,
// in config order) and adds its tables and warnings.
using ExplainStep = void (*)(const ModelConfig& config, const NetworkIndex& index,
                             Explanation& out);
// Registers `step` for `part`, at static initialisation (as counters.hpp's
// declare_counter); returns true, to initialise a namespace-scope constant.
bool register_explain_step(std::string_view part, ExplainStep step);

}  // namespace lambdasim
