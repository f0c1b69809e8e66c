#include "lambdasim/report/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional>
#include <system_error>
#include <thread>

#include <fmt/format.h>

namespace lambdasim {

namespace {

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

WriteResult failure(const std::filesystem::path& path, std::string_view what, int err) {
  return {false, fmt::format("{}: {}: {}", path.string(), what, errno_text(err))};
}

// A name no other writer (thread or process) is using: pid, thread and clock.
// O_EXCL catches the rest.
std::filesystem::path temp_name(const std::filesystem::path& path, unsigned attempt) {
  const auto tick =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  const std::size_t thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  const std::string name =
      fmt::format(".{}.tmp-{}-{:x}-{:x}-{}", path.filename().string(),
                  static_cast<long>(::getpid()), thread & 0xffffff, tick & 0xffffffff, attempt);
  return path.parent_path() / name;
}

bool write_all(int fd, std::string_view content, int& err) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

WriteResult write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  if (path.filename().empty()) return {false, fmt::format("{}: not a file name", path.string())};
  std::filesystem::path temp;
  int fd = -1;
  for (unsigned attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temp = temp_name(path, attempt);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) return failure(path, "cannot create a temporary file", errno);
  }
  if (fd < 0) return failure(path, "cannot create a temporary file", EEXIST);

  int err = 0;
  const char* step = nullptr;
  if (!write_all(fd, content, err)) {
    step = "write failed";
  } else if (::fsync(fd) != 0) {
    err = errno;
    step = "fsync failed";
  }
  if (::close(fd) != 0 && step == nullptr) {
    err = errno;
    step = "close failed";
  }
  if (step == nullptr && ::rename(temp.c_str(), path.c_str()) != 0) {
    err = errno;
    step = "rename failed";
  }
  if (step != nullptr) {
    ::unlink(temp.c_str());
    return failure(path, step, err);
  }
  // Make the rename itself durable; best effort, the file is already whole.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

bool write_file_atomic(const std::string& path, std::string_view content, std::string* error) {
  WriteResult r = write_file_atomic(std::filesystem::path(path), content);
  if (!r.ok && error != nullptr) *error = std::move(r.error);
  return r.ok;
}

}  // namespace lambdasim
