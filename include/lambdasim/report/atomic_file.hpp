// Writes output files so that they appear whole or not at all: content goes to
// a temporary file in the destination's directory, is flushed to disk, then
// renamed over the destination. I/O errors are returned, never thrown.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace lambdasim {

struct WriteResult {
  bool ok = true;
  std::string error;  // "path: reason" when !ok
  explicit operator bool() const { return ok; }
};

// On failure the temporary file is removed and any existing file at `path` is
// left untouched.
WriteResult write_file_atomic(const std::filesystem::path& path, std::string_view content);
// The same; on failure returns false and, when `error` is not null, sets it.
bool write_file_atomic(const std::string& path, std::string_view content, std::string* error);

}  // namespace lambdasim
