// Private to the scenario layer: reads the CSV of a `dist: trace` arrival
// into sorted arrival instants (timestamps as they are; counts per interval
// spread evenly inside each interval). Errors name the file and its line.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/scenario/diagnostics.hpp"
#include "scenario/apply_context.hpp"

namespace lambdasim {

struct TraceLoad {
  std::shared_ptr<const std::vector<SimTime>> instants;  // null when there were errors
  std::vector<Diagnostic> diagnostics;
};

// At most this many arrivals in all the traces of a scenario together
// (memory guard: 400 MB of instants).
inline constexpr std::size_t kMaxTraceInstants = 50'000'000;

// `file_label` is what diagnostics name; `key_path` the scenario key
// (spec.functions.api.arrivals[2].file); `max_instants` what is left of
// kMaxTraceInstants after the scenario's other traces. Field text is quoted
// in messages only as a short sanitised excerpt.
TraceLoad parse_trace_text(std::string_view text, const std::string& file_label, TraceFormat format,
                           SimTime interval, const std::string& key_path,
                           std::size_t max_instants = kMaxTraceInstants);

}  // namespace lambdasim
