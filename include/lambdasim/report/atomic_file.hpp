// Writes output files so that they appear whole or not at all: content goes to
// a temporary file in the destination's directory, is flushed to disk, then
// renamed over the destination. OutputSet does the same for the files of one
// --out directory together. I/O errors are returned, never thrown.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// The files of one output directory, replaced as a set: each is written whole
// into a hidden stage directory inside DIR (".lambdasim-stage-XXXXXX": the
// same filesystem as DIR, so the renames never cross devices, and it works
// for `--out .` whose parent may not be writable), then commit() renames them
// into DIR one after the other. If a rename fails, those already made are
// undone (each previous file was kept as a hard link in the stage), so DIR
// holds the previous files or the new ones, never a mix. The stage is
// removed in every case, by the destructor when commit() was not reached.
//   OutputSet out(dir);
//   if (auto r = out.open(); !r) ...;
//   out.add("summary.json", json); out.add("timeseries.csv", csv);
//   if (auto r = out.commit(); !r) ...;  // dir untouched on failure
class OutputSet {
 public:
  explicit OutputSet(std::filesystem::path dir);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Creates the stage directory; DIR must exist (check_output_dir).
  WriteResult open();
  // Where `name` is staged: a writer that streams may write it there itself,
  // then call add_written(name).
  std::filesystem::path staged_path(const std::string& name) const;
  // Writes `content` whole (flushed to disk) as staged file `name`.
  WriteResult add(const std::string& name, std::string_view content);
  // Adds a file written, flushed and closed at staged_path(name) by the caller.
  WriteResult add_written(const std::string& name);
  // Renames every staged file into DIR, in the order added; on failure DIR
  // is as it was. The stage is removed either way.
  WriteResult commit();
  // Removes the stage and everything in it; DIR is untouched.
  void discard();

 private:
  WriteResult undo(std::size_t committed, WriteResult failure);

  std::filesystem::path dir_;
  std::filesystem::path stage_;  // empty until open(), again after commit/discard
  std::vector<std::string> names_;
  std::vector<bool> had_previous_;
};

// Checks an output directory before any simulating, so that a run is not
// lost to a bad --out: creates DIR and its parents when missing, refuses a
// DIR that is not a directory and a file of `names` that is a directory in
// it, and proves DIR writable by creating and removing a stage.
WriteResult check_output_dir(const std::filesystem::path& dir,
                             const std::vector<std::string>& names);

// OutputSet for (name, content) pairs: all written into DIR, or none.
WriteResult write_output_set(const std::filesystem::path& dir,
                             const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace lambdasim
