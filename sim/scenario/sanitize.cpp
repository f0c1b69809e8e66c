#include "lambdasim/scenario/sanitize.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace lambdasim {
namespace {

bool is_continuation(unsigned char b) {
  return (b & 0xc0) == 0x80;
}

// The code point of the well-formed sequence of `n` bytes at s[i].
std::uint32_t decode(std::string_view s, std::size_t i, std::size_t n) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (n == 1) return b0;
  std::uint32_t cp = b0 & (n == 2 ? 0x1fu : n == 3 ? 0x0fu : 0x07u);
  for (std::size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
  return cp;
}

// Code points that move the cursor, end a line or reorder text when shown:
// C1 controls, LINE/PARAGRAPH SEPARATOR, the bidirectional embeddings,
// overrides and isolates ("Trojan Source").
bool is_unsafe_code_point(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void escape_byte(unsigned char b, std::string& out) {
  switch (b) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\0':
      out += "\\0";
      return;
    default:
      out += fmt::format("\\x{:02x}", b);
  }
}

bool is_plain_ascii(std::string_view s) {
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7f) return false;
  }
  return true;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  // The allowed range of the second byte narrows for E0 (no overlong), ED
  // (no surrogates), F0 (no overlong) and F4 (nothing above U+10FFFF).
  unsigned char lo = 0x80;
  unsigned char hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong 2-byte lead) or F5..FF
  }
  if (s.size() - i < n) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return 0;
  }
  return n;
}

std::size_t find_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string sanitize_text(std::string_view s) {
  if (is_plain_ascii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7f) {
      escape_byte(b, out);
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      escape_byte(b, out);
      ++i;
      continue;
    }
    if (n > 1) {
      const std::uint32_t cp = decode(s, i, n);
      if (is_unsafe_code_point(cp)) {
        out += fmt::format("\\u{:04x}", cp);
        i += n;
        continue;
      }
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string text_excerpt(std::string_view s, std::size_t max_chars) {
  std::size_t end = 0;
  std::size_t chars = 0;
  while (end < s.size() && chars < max_chars) {
    const std::size_t n = utf8_sequence_length(s, end);
    end += n == 0 ? 1 : n;
    ++chars;
  }
  std::string out = sanitize_text(s.substr(0, end));
  if (end < s.size()) out += "...";
  return out;
}

}  // namespace lambdasim
