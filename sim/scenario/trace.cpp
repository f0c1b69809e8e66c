#include "scenario/trace.hpp"

#include <fmt/format.h>

#include "lambdasim/scenario/units.hpp"

namespace lambdasim {
namespace {

constexpr std::size_t kMaxErrors = 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

struct Field {
  std::string_view text;
  int column;  // 1-based
};

std::vector<Field> split_fields(std::string_view line) {
  std::vector<Field> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::string_view raw = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::size_t lead = 0;
    while (lead < raw.size() && (raw[lead] == ' ' || raw[lead] == '\t')) ++lead;
    out.push_back(Field{trim(raw), static_cast<int>(start + lead) + 1});
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// A timestamp: plain seconds (12.5) or a duration with unit (250ms).
std::optional<SimTime> parse_timestamp(std::string_view text) {
  if (const auto n = parse_number(text); n) {
    if (*n < 0) return std::nullopt;
    const SimTime t = from_seconds(*n);
    if (t == kTimeInfinity) return std::nullopt;
    return t;
  }
  if (const auto d = parse_duration(text); d) return *d;
  return std::nullopt;
}

}  // namespace

TraceLoad parse_trace_text(std::string_view text, const std::string& file_label, TraceFormat format,
                           SimTime interval, const std::string& key_path) {
  TraceLoad out;
  std::vector<SimTime> instants;
  auto error = [&](int line, int column, std::string message) {
    if (out.diagnostics.size() < kMaxErrors) {
      out.diagnostics.push_back(make_diagnostic(
          Severity::kError, Location{file_label, line, column}, key_path, std::move(message)));
    } else if (out.diagnostics.size() == kMaxErrors) {
      out.diagnostics.push_back(make_diagnostic(Severity::kError, Location{file_label, line, 0},
                                                key_path, "too many errors; stopped reporting"));
    }
  };
  bool seen_data = false;
  SimTime previous = kTimeZero;
  std::int64_t interval_index = 0;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    if (trim(line).empty()) continue;
    const std::vector<Field> fields = split_fields(line);
    const Field& field = format == TraceFormat::kTimestamps ? fields.front() : fields.back();
    if (format == TraceFormat::kTimestamps) {
      const auto t = parse_timestamp(field.text);
      if (!t) {
        if (!seen_data) {  // an optional header line
          seen_data = true;
          continue;
        }
        error(line_no, field.column,
              fmt::format("expected a timestamp: seconds such as 12.5 or a duration such as "
                          "250ms, got '{}'",
                          field.text.substr(0, 40)));
        continue;
      }
      seen_data = true;
      if (*t < previous) {
        error(line_no, field.column,
              fmt::format("timestamps must be sorted: {} comes after {}", format_duration(*t),
                          format_duration(previous)));
        continue;
      }
      previous = *t;
      if (instants.size() >= kMaxTraceInstants) {
        error(line_no, 0, fmt::format("trace too large: more than {} arrivals", kMaxTraceInstants));
        break;
      }
      instants.push_back(*t);
    } else {
      const auto n = parse_int(field.text);
      if (!n || *n < 0) {
        if (!seen_data && !n) {
          seen_data = true;
          continue;
        }
        error(
            line_no, field.column,
            fmt::format("expected a count (an integer >= 0) of arrivals in the interval, got '{}'",
                        field.text.substr(0, 40)));
        ++interval_index;
        continue;
      }
      seen_data = true;
      const auto k = static_cast<std::uint64_t>(*n);
      if (instants.size() + k > kMaxTraceInstants) {
        error(line_no, field.column,
              fmt::format("trace too large: more than {} arrivals", kMaxTraceInstants));
        break;
      }
      // Arrival j of k at the middle of its 1/k slice of the interval.
      const std::int64_t span = interval.count();
      if (span <= 0 || interval_index > (std::int64_t{1} << 62) / span) {
        error(line_no, 0, "trace too long for its interval");
        break;
      }
      const std::int64_t base = interval_index * span;
      const auto two_k = static_cast<std::int64_t>(2 * k);
      for (std::uint64_t j = 0; j < k; ++j) {
        const auto odd = static_cast<std::int64_t>(2 * j + 1);
        const std::int64_t offset = odd * (span / two_k) + (odd * (span % two_k)) / two_k;
        instants.push_back(SimTime{base + offset});
      }
      ++interval_index;
    }
  }
  if (out.diagnostics.empty() && instants.empty()) {
    error(line_no > 0 ? line_no : 1, 0, "the trace has no arrivals");
  }
  if (out.diagnostics.empty()) {
    out.instants = std::make_shared<const std::vector<SimTime>>(std::move(instants));
  }
  return out;
}

}  // namespace lambdasim
