#include "scenario/document.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

namespace lambdasim {
namespace {

bool is_null(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull();
}

Location location_at(std::string_view text, std::size_t offset, const std::string& file) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return Location{file, line, static_cast<int>(offset - line_start) + 1};
}

// The length of the valid UTF-8 sequence at `i`, or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf)
    n = 2;
  else if (b >= 0xe0 && b <= 0xef)
    n = 3;
  else if (b >= 0xf0 && b <= 0xf4)
    n = 4;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  }
  return n;
}

// Rejects bytes that cannot be in a YAML scenario (control characters,
// invalid UTF-8) before the YAML parser sees them.
bool check_text(std::string_view text, const std::string& file, std::vector<Diagnostic>& d) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
      d.push_back(make_diagnostic(Severity::kError, location_at(text, i, file), "",
                                  fmt::format("not a text file: control byte 0x{:02x}", b)));
      return false;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      d.push_back(make_diagnostic(Severity::kError, location_at(text, i, file), "",
                                  fmt::format("not UTF-8 text: byte 0x{:02x}", b)));
      return false;
    }
    i += n;
  }
  return true;
}

// Remembers where the first node of a document starts (nulls aside).
class FirstNode final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> mark;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    note(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnMapEnd() override {}

 private:
  void note(const YAML::Mark& m) {
    if (!mark) mark = m;
  }
};

// Where a second, non-empty document starts, if there is one. Not
// YAML::LoadAll: yaml-cpp 0.7 loops forever, allocating, on a stray ','.
std::optional<YAML::Mark> second_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  for (int doc = 0; doc < 64; ++doc) {
    FirstNode first;
    if (!parser.HandleNextDocument(first)) return std::nullopt;
    if (doc > 0 && first.mark) return first.mark;
  }
  return std::nullopt;
}

Location mark_location(const YAML::Mark& m, const std::string& file) {
  if (m.is_null()) return Location{file, 1, 1};
  return Location{file, m.line + 1, m.column + 1};
}

}  // namespace

bool read_text_file(const std::string& path, std::size_t max_bytes, std::string* out,
                    std::string* error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  char chunk[65536];
  std::size_t total = 0;
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    total += static_cast<std::size_t>(in.gcount());
    if (total > max_bytes) {
      *error = fmt::format("larger than {} bytes", max_bytes);
      return false;
    }
    buffer.write(chunk, in.gcount());
  }
  if (in.bad()) {
    *error = "read error";
    return false;
  }
  *out = buffer.str();
  return true;
}

std::optional<YAML::Node> parse_document(std::string_view text, const std::string& file,
                                         std::vector<Diagnostic>& d) {
  if (!check_text(text, file, d)) return std::nullopt;
  const std::string owned(text);
  YAML::Node root;
  std::optional<YAML::Mark> second;
  try {
    root = YAML::Load(owned);
    second = second_document(owned);
  } catch (const YAML::Exception& e) {
    d.push_back(make_diagnostic(Severity::kError, mark_location(e.mark, file), "",
                                fmt::format("YAML syntax error: {}", e.msg)));
    return std::nullopt;
  } catch (const std::exception& e) {
    d.push_back(make_diagnostic(Severity::kError, Location{file, 1, 1}, "",
                                fmt::format("cannot parse YAML: {}", e.what())));
    return std::nullopt;
  }
  if (is_null(root)) {
    d.push_back(make_diagnostic(Severity::kError, Location{file, 1, 1}, "",
                                "empty scenario: expected a map with apiVersion, kind, metadata "
                                "and spec"));
    return std::nullopt;
  }
  if (second) {
    d.push_back(make_diagnostic(Severity::kError, mark_location(*second, file), "",
                                "expected one YAML document; this is another (after '---')"));
  }
  if (!root.IsMap()) {
    d.push_back(make_diagnostic(
        Severity::kError, mark_location(root.Mark(), file), "",
        fmt::format("expected a map with apiVersion, kind, metadata and spec at the top level, "
                    "got {}",
                    root.IsSequence() ? "a list" : "a single value")));
    return std::nullopt;
  }
  return root;
}

}  // namespace lambdasim
