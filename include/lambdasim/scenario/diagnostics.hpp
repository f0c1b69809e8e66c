// Diagnostics about scenario input: an error or warning at file:line:col with
// the key path it concerns, formatted like a compiler message or as JSON, and
// the "did you mean" helper used for unknown names.
//   format_diagnostic(d) == "s.yaml:12:7: error: spec.functions.api.memry: unknown key (did you
//   mean 'memory'?)"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdasim {

enum class Severity { kError, kWarning };

// Where something is: 1-based line and column; line 0 when unknown (a whole
// file, say), in which case the column is ignored.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;      // 1-based; 0 = the whole file
  int column = 0;    // 1-based; 0 = unknown
  std::string path;  // key path such as spec.functions.api.memory; may be empty
  std::string message;
};

Diagnostic make_diagnostic(Severity severity, const Location& where, std::string path,
                           std::string message);

std::string_view severity_name(Severity s);  // "error" | "warning"

// At most this many diagnostics are shown, as text or JSON; the others are
// counted ("... and N more"). A broken generated scenario can have tens of
// thousands: the first ones are the useful ones.
inline constexpr std::size_t kMaxShownDiagnostics = 200;

// "file:line:col: error: path: message"; parts that are unknown are left out
// ("file: error: message" for line 0, no "path: " when the path is empty).
// File, path and message are sanitised (sanitize.hpp): one line, no control
// characters, whatever the input held.
std::string format_diagnostic(const Diagnostic& d);
// The first `limit` diagnostics, one per line, each ending in '\n', then
// "... and N more (E errors, W warnings in all)" when some were left out.
std::string format_diagnostics(const std::vector<Diagnostic>& ds,
                               std::size_t limit = kMaxShownDiagnostics);

// {"diagnostics": [{"severity", "file", "line", "column", "path", "message"}],
//  "errors": N, "warnings": M, "omitted": K}: the first `limit` diagnostics,
// and the counts of all; "omitted" only when K > 0. Never throws (bytes that
// are not UTF-8 become U+FFFD).
std::string diagnostics_to_json(const std::vector<Diagnostic>& ds,
                                std::size_t limit = kMaxShownDiagnostics);

bool has_errors(const std::vector<Diagnostic>& ds);
std::size_t count_errors(const std::vector<Diagnostic>& ds);

// Edit distance: insert, delete, substitute, or swap two adjacent characters,
// each costing 1 (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Lists longer than this get no suggestion: a suggestion costs an edit
// distance per candidate, and 10,000 unknown names among 10,000 would make
// diagnostics quadratic.
inline constexpr std::size_t kMaxSuggestionCandidates = 1000;

// The candidate nearest to `word` when it is near enough to be a plausible
// typo (distance at most 1 for short words, 2 up to 8 characters, 3 beyond,
// and less than the word's length); ties go to the earlier candidate.
// Case-insensitive matches always qualify. None when there are more than
// kMaxSuggestionCandidates candidates.
std::optional<std::string> nearest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

// " (did you mean 'memory'?)" or "" when nothing is near.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace lambdasim
