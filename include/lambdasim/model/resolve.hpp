// Resolves every name a ModelConfig refers to (targets, VPCs, subnets, NATs,
// endpoints, AZs) to the index fields next to it, once, so the model and
// `explain` never look a name up. The loader calls it after validation; code
// that builds a config by hand calls it before handing the config on.
#pragma once

#include "lambdasim/model/config.hpp"

namespace lambdasim {

// Writes every `*_index` field of `config`. Every name must exist (the
// loader has checked); an unknown one throws std::logic_error. Idempotent.
void resolve_names(ModelConfig& config);

// Throws std::logic_error when `config` has an unresolved reference (a field
// still kNoIndex where a name is set): resolve_names was not called, or the
// config changed since.
void check_names_resolved(const ModelConfig& config);

// Number of AZs the indices refer to: at least one, and the account's.
std::uint32_t resolved_az_count(const ModelConfig& config);

}  // namespace lambdasim
