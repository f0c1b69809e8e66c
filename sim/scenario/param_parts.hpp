// Private to the scenario layer: parameter rows and cross-key checks that a
// model part declares in its own file (sim/scenario/params_<part>.cpp, e.g.
// the DNS resolver's) rather than in the central tables. The table inserts
// the rows, the loader runs the checks. Registered at static initialisation,
// as ns-3 registers TypeIds; in part order, whatever the link order.
#pragma once

#include <string_view>
#include <vector>

#include "lambdasim/scenario/params.hpp"
#include "lambdasim/scenario/scenario.hpp"
#include "scenario/walker.hpp"

namespace lambdasim {

using PartRows = std::vector<ParamSpec> (*)();
using PartCheck = void (*)(const Scenario& scenario, Walker& walker);

struct PartParamRows {
  std::string_view part;
  std::string_view before;  // the rows go before the row of this path
  PartRows rows = nullptr;
};

// Both return true, to initialise a namespace-scope constant.
bool register_param_rows(std::string_view part, std::string_view before, PartRows rows);
bool register_check(std::string_view part, PartCheck check);

// Sorted by part, then in registration order.
std::vector<PartParamRows> part_param_rows();
// Runs every registered check.
void run_part_checks(const Scenario& scenario, Walker& walker);

}  // namespace lambdasim
