#include "lambdasim/report/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
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

// Writes `content` to `fd`, flushes it to disk and closes it; the step that
// failed first (null when none) and its errno.
const char* write_and_close(int fd, std::string_view content, int& err) {
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
  return step;
}

// Creates `path` (which must not exist) with `content`, flushed to disk.
WriteResult write_new_file(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return failure(path, "cannot create", errno);
  int err = 0;
  const char* step = write_and_close(fd, content, err);
  if (step != nullptr) return failure(path, step, err);
  return {};
}

// Flushes a directory's entries (renames into it) to disk; best effort.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
}

constexpr const char* kPreviousDir = "previous";  // inside the stage: DIR's files before commit

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
  const char* step = write_and_close(fd, content, err);
  if (step == nullptr && ::rename(temp.c_str(), path.c_str()) != 0) {
    err = errno;
    step = "rename failed";
  }
  if (step != nullptr) {
    ::unlink(temp.c_str());
    return failure(path, step, err);
  }
  // Make the rename itself durable; best effort, the file is already whole.
  sync_directory(path.has_parent_path() ? path.parent_path() : ".");
  return {};
}

bool write_file_atomic(const std::string& path, std::string_view content, std::string* error) {
  WriteResult r = write_file_atomic(std::filesystem::path(path), content);
  if (!r.ok && error != nullptr) *error = std::move(r.error);
  return r.ok;
}

// ------------------------------------------------------------- OutputSet

OutputSet::OutputSet(std::filesystem::path dir) : dir_(std::move(dir)) {
  if (dir_.empty()) dir_ = ".";
}

OutputSet::~OutputSet() {
  discard();
}

WriteResult OutputSet::open() {
  if (!stage_.empty()) return {};
  std::string pattern = (dir_ / ".lambdasim-stage-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return failure(dir_, "cannot create a staging directory", errno);
  }
  stage_ = pattern;
  const std::filesystem::path previous = stage_ / kPreviousDir;
  if (::mkdir(previous.c_str(), 0700) != 0) {
    const int err = errno;
    discard();
    return failure(previous, "cannot create", err);
  }
  return {};
}

std::filesystem::path OutputSet::staged_path(const std::string& name) const {
  return stage_ / name;
}

WriteResult OutputSet::add(const std::string& name, std::string_view content) {
  if (stage_.empty())
    return {false, fmt::format("{}: {}: not staged (open() first)", dir_.string(), name)};
  WriteResult r = write_new_file(staged_path(name), content);
  if (!r) return r;
  names_.push_back(name);
  return {};
}

WriteResult OutputSet::add_written(const std::string& name) {
  const std::filesystem::path path = staged_path(name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failure(path, "cannot open", errno);
  const int err = ::fsync(fd) != 0 ? errno : 0;
  ::close(fd);
  if (err != 0) return failure(path, "fsync failed", err);
  names_.push_back(name);
  return {};
}

WriteResult OutputSet::commit() {
  if (stage_.empty()) return {false, fmt::format("{}: nothing staged", dir_.string())};
  had_previous_.assign(names_.size(), false);
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::filesystem::path target = dir_ / names_[i];
    struct stat st {};
    if (::lstat(target.c_str(), &st) == 0) {
      // Never move a directory away: only a file is replaced.
      if (S_ISDIR(st.st_mode)) return undo(i, failure(target, "cannot replace", EISDIR));
      // Kept as a second name (the file itself stays in DIR) until the set is in.
      const std::filesystem::path keep = stage_ / kPreviousDir / names_[i];
      if (::link(target.c_str(), keep.c_str()) != 0) {
        // A filesystem without hard links (vfat, some network mounts): move
        // the previous file aside instead; it is absent only until the
        // rename below.
        const int err = errno;
        const bool no_links = err == EPERM || err == EOPNOTSUPP || err == ENOSYS;
        if (!no_links || ::rename(target.c_str(), keep.c_str()) != 0) {
          return undo(i, failure(target, "cannot keep the previous file", err));
        }
      }
      had_previous_[i] = true;
    } else if (errno != ENOENT) {
      return undo(i, failure(target, "cannot inspect", errno));
    }
    if (::rename(staged_path(names_[i]).c_str(), target.c_str()) != 0) {
      const int err = errno;
      // Undoing this file too puts back a previous file moved aside (a
      // no-op when it was only linked).
      return undo(had_previous_[i] ? i + 1 : i, failure(target, "rename failed", err));
    }
  }
  sync_directory(dir_);
  discard();
  return {};
}

// Puts back DIR's files as they were before commit() renamed the first
// `committed` files, and removes the stage; returns `failure`, with any file
// that could not be put back named.
WriteResult OutputSet::undo(std::size_t committed, WriteResult failure) {
  for (std::size_t i = committed; i-- > 0;) {
    const std::filesystem::path target = dir_ / names_[i];
    const int rc = had_previous_[i]
                       ? ::rename((stage_ / kPreviousDir / names_[i]).c_str(), target.c_str())
                       : ::unlink(target.c_str());
    if (rc != 0) {
      failure.error +=
          fmt::format("; {} could not be restored: {}", target.string(), errno_text(errno));
    }
  }
  if (committed > 0) sync_directory(dir_);
  discard();
  return failure;
}

void OutputSet::discard() {
  if (stage_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(stage_, ec);
  stage_.clear();
  names_.clear();
}

WriteResult check_output_dir(const std::filesystem::path& dir,
                             const std::vector<std::string>& names) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(dir, ec);
  if (std::filesystem::exists(st)) {
    if (!std::filesystem::is_directory(st)) {
      return {false, fmt::format("{}: not a directory (--out names the directory for the output "
                                 "files)",
                                 dir.string())};
    }
  } else if (!std::filesystem::create_directories(dir, ec) && ec) {
    return {false,
            fmt::format("{}: cannot create the output directory: {}", dir.string(), ec.message())};
  }
  for (const std::string& name : names) {
    if (std::filesystem::is_directory(dir / name, ec)) {
      return {false, fmt::format("{}: is a directory; the output file {} cannot replace it",
                                 (dir / name).string(), name)};
    }
  }
  OutputSet probe(dir);
  return probe.open();  // writable: the stage it creates is removed with `probe`
}

WriteResult write_output_set(const std::filesystem::path& dir,
                             const std::vector<std::pair<std::string, std::string>>& files) {
  OutputSet out(dir);
  if (WriteResult r = out.open(); !r) return r;
  for (const auto& [name, content] : files) {
    if (WriteResult r = out.add(name, content); !r) return r;
  }
  return out.commit();
}

}  // namespace lambdasim
