// User text made safe to show: strict UTF-8 checking (RFC 3629: no
// surrogates, nothing above U+10FFFF, no overlong forms) and control
// characters escaped visibly, so that no scenario string, key, file name or
// trace excerpt can move a terminal's cursor or forge a line of output.
//   sanitize_text("a\x1b[2Jb\n") == "a\\x1b[2Jb\\n"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lambdasim {

// The length (1-4) of the well-formed UTF-8 sequence starting at s[i], or 0
// when the bytes there are not one (a lone continuation byte, an overlong
// form, a surrogate, a code point above U+10FFFF, a truncated sequence).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// The offset of the first byte of `s` that does not start a well-formed
// UTF-8 sequence, or std::string_view::npos when all of `s` is UTF-8.
std::size_t find_invalid_utf8(std::string_view s);

// `s` with every character that could act on a terminal or break a line
// escaped: \n \r \t \0, other C0 controls and DEL as \xNN, C1 controls, the
// Unicode line and paragraph separators and the bidirectional overrides as
// \uNNNN, and bytes that are not UTF-8 as \xNN. Printable text (any script)
// is unchanged; so is a string that is already sanitised.
std::string sanitize_text(std::string_view s);

// At most `max_chars` characters of `s` (never cutting a UTF-8 sequence),
// sanitised, with "..." when something was cut: for quoting user input and
// file content in messages.
std::string text_excerpt(std::string_view s, std::size_t max_chars = 40);

}  // namespace lambdasim
