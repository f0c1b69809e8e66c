#include "lambdasim/scenario/diagnostics.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {

Diagnostic make_diagnostic(Severity severity, const Location& where, std::string path,
                           std::string message) {
  return Diagnostic{severity,     where.file,      where.line,
                    where.column, std::move(path), std::move(message)};
}

std::string_view severity_name(Severity s) {
  return s == Severity::kError ? "error" : "warning";
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string("<input>") : sanitize_text(d.file);
  if (d.line > 0) {
    out += fmt::format(":{}", d.line);
    if (d.column > 0) out += fmt::format(":{}", d.column);
  }
  out += fmt::format(": {}: ", severity_name(d.severity));
  if (!d.path.empty()) out += sanitize_text(d.path) + ": ";
  out += sanitize_text(d.message);
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& ds, std::size_t limit) {
  std::string out;
  const std::size_t shown = std::min(limit, ds.size());
  for (std::size_t i = 0; i < shown; ++i) out += format_diagnostic(ds[i]) + "\n";
  if (shown < ds.size()) {
    const std::size_t errors = count_errors(ds);
    out += fmt::format("... and {} more ({} errors, {} warnings in all)\n", ds.size() - shown,
                       errors, ds.size() - errors);
  }
  return out;
}

std::string diagnostics_to_json(const std::vector<Diagnostic>& ds, std::size_t limit) {
  nlohmann::json list = nlohmann::json::array();
  const std::size_t shown = std::min(limit, ds.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const Diagnostic& d = ds[i];
    list.push_back({{"severity", std::string(severity_name(d.severity))},
                    {"file", d.file},
                    {"line", d.line},
                    {"column", d.column},
                    {"path", d.path},
                    {"message", d.message}});
  }
  nlohmann::json doc{{"diagnostics", list},
                     {"errors", count_errors(ds)},
                     {"warnings", ds.size() - count_errors(ds)}};
  if (shown < ds.size()) doc["omitted"] = ds.size() - shown;
  // Replace invalid UTF-8 (garbage input quoted in a message) rather than throw.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool has_errors(const std::vector<Diagnostic>& ds) {
  return count_errors(ds) > 0;
}

std::size_t count_errors(const std::vector<Diagnostic>& ds) {
  return static_cast<std::size_t>(std::count_if(
      ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: three rows of the dynamic programme.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    before.swap(prev);
    prev.swap(row);
  }
  return prev[b.size()];
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> nearest_name(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 200 || candidates.size() > kMaxSuggestionCandidates) {
    return std::nullopt;
  }
  const std::string w = lower(word);
  const std::size_t limit = w.size() <= 3 ? 1 : w.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    // The distance is at least the difference in length: skip the far ones.
    if (c.size() > w.size() + limit || w.size() > c.size() + limit) continue;
    const std::string lc = lower(c);
    if (lc == w) return c;
    const std::size_t d = edit_distance(w, lc);
    if (d < best_distance && d < w.size()) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto best = nearest_name(word, candidates);
  return best ? fmt::format(" (did you mean '{}'?)", *best) : std::string();
}

}  // namespace lambdasim
