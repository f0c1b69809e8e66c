#include "scenario/param_parts.hpp"

#include "lambdasim/kernel/registry.hpp"

namespace lambdasim {

bool register_param_rows(std::string_view part, std::string_view before, PartRows rows) {
  Registry<PartParamRows>::add(part, {part, before, rows});
  return true;
}

bool register_check(std::string_view part, PartCheck check) {
  Registry<PartCheck>::add(part, check);
  return true;
}

std::vector<PartParamRows> part_param_rows() {
  const auto rows = Registry<PartParamRows>::in_registration_order();
  std::vector<PartParamRows> out;
  for (const std::size_t i : Registry<PartParamRows>::part_order()) out.push_back(rows[i].entry);
  return out;
}

void run_part_checks(const Scenario& scenario, Walker& walker) {
  const auto checks = Registry<PartCheck>::in_registration_order();
  for (const std::size_t i : Registry<PartCheck>::part_order()) checks[i].entry(scenario, walker);
}

}  // namespace lambdasim
