#include "scenario/document.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include "lambdasim/scenario/sanitize.hpp"

namespace lambdasim {
namespace {

bool is_null(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull();
}

// Why the bytes at `i` are not UTF-8, for the message.
std::string describe_invalid_utf8(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::string bytes;
  for (std::size_t k = i; k < s.size() && k < i + 4; ++k) {
    const auto b = static_cast<unsigned char>(s[k]);
    if (k > i && (b & 0xc0) != 0x80) break;
    bytes += fmt::format("{}{:02X}", bytes.empty() ? "" : " ", b);
  }
  const auto b1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
  const bool b1_continues = i + 1 < s.size() && (b1 & 0xc0) == 0x80;
  std::string why = "not a valid sequence";
  if ((b0 & 0xc0) == 0x80) {
    why = "a continuation byte without a lead byte";
  } else if (b0 == 0xc0 || b0 == 0xc1 || (b0 == 0xe0 && b1_continues && b1 < 0xa0) ||
             (b0 == 0xf0 && b1_continues && b1 < 0x90)) {
    why = "an overlong encoding";
  } else if (b0 == 0xed && b1_continues && b1 >= 0xa0) {
    why = "a UTF-16 surrogate (U+D800..U+DFFF)";
  } else if (b0 >= 0xf8) {
    return fmt::format("byte {} never appears in UTF-8", bytes);
  } else if (b0 > 0xf4 || (b0 == 0xf4 && b1_continues && b1 >= 0x90)) {
    why = "a code point above U+10FFFF";
  } else {
    why = "a truncated sequence";
  }
  return fmt::format("{} {} {} {}", bytes.size() > 2 ? "bytes" : "byte", bytes,
                     bytes.size() > 2 ? "are" : "is", why);
}

}  // namespace

std::optional<TextProblem> find_text_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
      return TextProblem{i, fmt::format("not a text file: control byte 0x{:02x}", b)};
    }
    if (b < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      return TextProblem{i, "not UTF-8 text: " + describe_invalid_utf8(text, i) +
                                " (scenarios, traces and --set values must be UTF-8)"};
    }
    // C1 controls (U+0080..U+009F, C2 80..C2 9F) are not printable YAML either.
    if (n == 2 && b == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
      return TextProblem{i, fmt::format("not a text file: control character U+{:04X}",
                                        static_cast<unsigned char>(text[i + 1]))};
    }
    i += n;
  }
  return std::nullopt;
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

namespace {

// Rejects bytes that cannot be in a YAML scenario (control characters,
// invalid UTF-8) before the YAML parser sees them.
bool check_text(std::string_view text, const std::string& file, std::vector<Diagnostic>& d) {
  const auto problem = find_text_problem(text);
  if (!problem) return true;
  d.push_back(make_diagnostic(Severity::kError, location_at(text, problem->offset, file), "",
                              problem->message));
  return false;
}

// Tags that say nothing a plain value does not: none ("?"), and the
// non-specific "!" that yaml-cpp also gives every quoted scalar.
bool is_neutral_tag(const std::string& tag) {
  return tag.empty() || tag == "?" || tag == "!";
}

// How a tag was written: "!!str" for the standard ones, else as is.
std::string written_tag(const std::string& tag) {
  constexpr std::string_view kStandard = "tag:yaml.org,2002:";
  if (tag.rfind(kStandard, 0) == 0) return "!!" + tag.substr(kStandard.size());
  return tag;
}

// Walks the events of each document: where the first node of each starts
// (nulls aside), and in the first, the explicit tags and the strings whose
// escapes decoded to something that is not UTF-8 (keys included). Events,
// not nodes: aliases are not followed, so a cyclic or exponential document
// costs only its length.
class DocumentScan final : public YAML::EventHandler {
 public:
  explicit DocumentScan(std::vector<YamlProblem>* problems) : problems_(problems) {}
  std::optional<YAML::Mark> mark;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    note(m);
    check_tag(m, tag);
    if (problems_ != nullptr) {
      if (const std::size_t at = find_invalid_utf8(value); at != std::string::npos) {
        problems_->push_back(
            YamlProblem{m, fmt::format("not UTF-8 once its escapes are decoded: {}",
                                       describe_invalid_utf8(value, at))});
      }
    }
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    note(m);
    check_tag(m, tag);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    note(m);
    check_tag(m, tag);
  }
  void OnMapEnd() override {}

 private:
  void note(const YAML::Mark& m) {
    if (!mark) mark = m;
  }
  void check_tag(const YAML::Mark& m, const std::string& tag) {
    if (problems_ == nullptr || is_neutral_tag(tag)) return;
    problems_->push_back(YamlProblem{
        m, fmt::format("YAML tag '{}' is not accepted: a scenario value is typed by its key "
                       "(remove the tag)",
                       text_excerpt(written_tag(tag)))});
  }

  std::vector<YamlProblem>* problems_;
};

// Whether the event scan can find anything: a tag needs '!', a second
// document "---" or "...", a string made invalid by escapes a '\\'. Most
// scenarios have none, and the scan costs as much as the parse (yaml-cpp
// reads 1-2 MB/s): skipping it halves the load of a large scenario.
bool may_need_scan(std::string_view text) {
  return text.find_first_of("!\\") != std::string_view::npos ||
         text.find("---") != std::string_view::npos || text.find("...") != std::string_view::npos;
}

Location mark_location(const YAML::Mark& m, const std::string& file) {
  if (m.is_null()) return Location{file, 1, 1};
  return Location{file, m.line + 1, m.column + 1};
}

}  // namespace

YamlScan scan_yaml(const std::string& text) {
  YamlScan out;
  std::istringstream in(text);
  YAML::Parser parser(in);
  // Not YAML::LoadAll: yaml-cpp 0.7 loops forever, allocating, on a stray ','.
  for (int doc = 0; doc < 64; ++doc) {
    DocumentScan scan(doc == 0 ? &out.problems : nullptr);
    if (!parser.HandleNextDocument(scan)) break;
    if (doc > 0 && scan.mark) {
      out.second_document = scan.mark;
      break;
    }
  }
  return out;
}

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

namespace {

// "a FIFO" etc. for a file that is not regular, from its mode.
std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes a descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

bool read_regular_file(const std::string& path, std::uint64_t max_bytes, std::string* out,
                       std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  auto refuse = [&](const struct stat& s) {
    if (!S_ISREG(s.st_mode)) {
      *error = fmt::format("is {}; only regular files are read", file_kind(s.st_mode));
      return true;
    }
    if (static_cast<std::uint64_t>(s.st_size) > max_bytes) {
      *error = fmt::format("is {} bytes, more than the limit of {} bytes (--max-trace-size)",
                           static_cast<std::uint64_t>(s.st_size), max_bytes);
      return true;
    }
    return false;
  };
  if (refuse(st)) return false;
  // Non-blocking: should the path have become a FIFO since the stat, the
  // open does not wait for a writer (and fstat below refuses it).
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    *error = std::strerror(errno);
    return false;
  }
  if (::fstat(fd.get(), &st) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  if (refuse(st)) return false;
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {  // it grew meanwhile
      *error = fmt::format("is larger than the limit of {} bytes (--max-trace-size)", max_bytes);
      return false;
    }
    text.append(chunk, static_cast<std::size_t>(n));
  }
  *out = std::move(text);
  return true;
}

std::optional<YAML::Node> parse_document(std::string_view text, const std::string& file,
                                         std::vector<Diagnostic>& d) {
  if (!check_text(text, file, d)) return std::nullopt;
  const std::string owned(text);
  YAML::Node root;
  YamlScan scan;
  try {
    root = YAML::Load(owned);
    if (may_need_scan(owned)) scan = scan_yaml(owned);
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
  for (const YamlProblem& p : scan.problems) {
    d.push_back(make_diagnostic(Severity::kError, mark_location(p.mark, file), "", p.message));
  }
  if (!scan.problems.empty()) return std::nullopt;
  if (scan.second_document) {
    d.push_back(make_diagnostic(Severity::kError, mark_location(*scan.second_document, file), "",
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
