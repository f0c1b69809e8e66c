#include "scenario/trace.hpp"

#include <fmt/format.h>

#include "lambdasim/scenario/sanitize.hpp"
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

// One parse of a trace: the arrivals so far and the errors, at most
// kMaxErrors of them (then one saying reporting stopped).
class TraceParser {
 public:
  TraceParser(const std::string& file_label, SimTime interval, const std::string& key_path,
              std::size_t max_instants)
      : file_label_(file_label),
        interval_(interval),
        key_path_(key_path),
        max_instants_(max_instants) {}

  // Each reads the field of one data line; false when the trace must stop
  // being read (too large, or too long for its interval).
  bool timestamp_line(int line_no, const Field& field);
  bool count_line(int line_no, const Field& field);

  TraceLoad finish(int line_count);

 private:
  void error(int line, int column, std::string message);
  void too_many(int line, int column);
  // Arrival j of k at the middle of its 1/k slice of interval `index`.
  bool spread_over_interval(int line_no, std::uint64_t k);

  const std::string& file_label_;
  SimTime interval_;
  const std::string& key_path_;
  std::size_t max_instants_;
  TraceLoad out_;
  std::vector<SimTime> instants_;
  bool seen_data_ = false;
  SimTime previous_ = kTimeZero;
  std::int64_t interval_index_ = 0;
};

void TraceParser::error(int line, int column, std::string message) {
  if (out_.diagnostics.size() < kMaxErrors) {
    out_.diagnostics.push_back(make_diagnostic(
        Severity::kError, Location{file_label_, line, column}, key_path_, std::move(message)));
  } else if (out_.diagnostics.size() == kMaxErrors) {
    out_.diagnostics.push_back(make_diagnostic(Severity::kError, Location{file_label_, line, 0},
                                               key_path_, "too many errors; stopped reporting"));
  }
}

void TraceParser::too_many(int line, int column) {
  error(line, column,
        fmt::format("trace too large: more than the {} arrivals left of the limit on all of a "
                    "scenario's traces together ({} by default)",
                    max_instants_, kMaxTraceInstants));
}

bool TraceParser::timestamp_line(int line_no, const Field& field) {
  const auto t = parse_timestamp(field.text);
  if (!t) {
    if (!seen_data_) {  // an optional header line
      seen_data_ = true;
      return true;
    }
    error(line_no, field.column,
          fmt::format("expected a timestamp: seconds such as 12.5 or a duration such as "
                      "250ms, got '{}'",
                      text_excerpt(field.text)));
    return true;
  }
  seen_data_ = true;
  if (*t < previous_) {
    error(line_no, field.column,
          fmt::format("timestamps must be sorted: {} comes after {}", format_duration(*t),
                      format_duration(previous_)));
    return true;
  }
  previous_ = *t;
  if (instants_.size() >= max_instants_) {
    too_many(line_no, 0);
    return false;
  }
  instants_.push_back(*t);
  return true;
}

bool TraceParser::count_line(int line_no, const Field& field) {
  const auto n = parse_int(field.text);
  if (!n || *n < 0) {
    if (!seen_data_ && !n) {  // an optional header line
      seen_data_ = true;
      return true;
    }
    error(line_no, field.column,
          fmt::format("expected a count (an integer >= 0) of arrivals in the interval, got '{}'",
                      text_excerpt(field.text)));
    ++interval_index_;
    return true;
  }
  seen_data_ = true;
  const auto k = static_cast<std::uint64_t>(*n);
  if (k > max_instants_ - instants_.size()) {
    too_many(line_no, field.column);
    return false;
  }
  if (!spread_over_interval(line_no, k)) return false;
  ++interval_index_;
  return true;
}

bool TraceParser::spread_over_interval(int line_no, std::uint64_t k) {
  const std::int64_t span = interval_.count();
  if (span <= 0 || interval_index_ > (std::int64_t{1} << 62) / span) {
    error(line_no, 0, "trace too long for its interval");
    return false;
  }
  const std::int64_t base = interval_index_ * span;
  const auto two_k = static_cast<std::int64_t>(2 * k);
  for (std::uint64_t j = 0; j < k; ++j) {
    const auto odd = static_cast<std::int64_t>(2 * j + 1);
    const std::int64_t offset = odd * (span / two_k) + (odd * (span % two_k)) / two_k;
    instants_.emplace_back(base + offset);
  }
  return true;
}

TraceLoad TraceParser::finish(int line_count) {
  if (out_.diagnostics.empty() && instants_.empty()) {
    error(line_count > 0 ? line_count : 1, 0, "the trace has no arrivals");
  }
  if (out_.diagnostics.empty()) {
    out_.instants = std::make_shared<const std::vector<SimTime>>(std::move(instants_));
  }
  return std::move(out_);
}

}  // namespace

TraceLoad parse_trace_text(std::string_view text, const std::string& file_label, TraceFormat format,
                           SimTime interval, const std::string& key_path,
                           std::size_t max_instants) {
  TraceParser parser(file_label, interval, key_path, max_instants);
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
    const bool go_on = format == TraceFormat::kTimestamps
                           ? parser.timestamp_line(line_no, fields.front())
                           : parser.count_line(line_no, fields.back());
    if (!go_on) break;
  }
  return parser.finish(line_no);
}

}  // namespace lambdasim
