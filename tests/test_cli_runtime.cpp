// The lambdasim executable under hostile conditions, each run as a child
// process (fork + exec) so that the test controls its signals, limits and
// file descriptors: -j bounds, SIGINT/SIGTERM (partial results, exit
// 130/143, no temporary left, a second signal ends at once), stdout on a full
// device, --out checked first and replaced as a set, out of memory (exit 5).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "golden.hpp"

namespace {

namespace fs = std::filesystem;
using lambdasim::testing::read_text;
using lambdasim::testing::TempDir;
using nlohmann::json;

const std::string kRoot = LAMBDASIM_SOURCE_DIR;
const std::string kSteady = kRoot + "/scenarios/steady-api.yaml";
// About 270 s of simulating in the dev build (1 h takes ~0.4 s): every signal
// test ends it long before, so a test that waits for the end fails by timeout.
const std::vector<std::string> kLong = {"--set", "horizon=30d", "--set", "timeseries_interval=1h"};

struct Io {
  std::string out;  // stdout file ("" when out_fd is given)
  std::string err;  // stderr file
  int out_fd = -1;  // stdout descriptor instead of a file
};

// Starts `lambdasim args...` with stdout/stderr redirected; `in_child` runs in
// the child just before exec (limits, signal dispositions).
pid_t spawn(const std::vector<std::string>& args, const Io& io,
            const std::function<void()>& in_child = {}) {
  std::vector<std::string> words = {LAMBDASIM_CLI};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out =
        io.out_fd >= 0 ? io.out_fd : ::open(io.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(io.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(120);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (in_child) in_child();
    ::execv(argv[0], argv.data());
    ::_exit(121);
  }
  return pid;
}

// The wait status; kills the child and fails after `timeout_s`.
int wait_for(pid_t pid, double timeout_s = 60) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL("lambdasim did not end within " << timeout_s << " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status;
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

Result run_cli(const std::vector<std::string>& args, const std::function<void()>& in_child = {}) {
  const TempDir io;
  const Io files{io / "out", io / "err"};
  const int status = wait_for(spawn(args, files, in_child));
  return {exit_code(status), read_text(files.out), read_text(files.err)};
}

// Waits until `file` contains `text` (the run logged that it started).
bool wait_for_text(const std::string& file, const std::string& text, double timeout_s = 30) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_text(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

json parse_json(const std::string& text) {
  INFO(text.substr(0, 2000));
  REQUIRE(json::accept(text));
  return json::parse(text);
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("cli: --jobs is bounded; out of range exits 2 naming the flag", "[cli][jobs]") {
  for (const char* bad : {"-1", "257", "100000", "two", ""}) {
    INFO("-j '" << bad << "'");
    const Result r = run_cli({"run", kSteady, "--set", "horizon=1m", "-j", bad});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--jobs") != std::string::npos);
  }
  const Result refused = run_cli({"run", kSteady, "-j", "-1"});
  CHECK(refused.err.find("1 to 256") != std::string::npos);
  for (const char* good : {"0", "1", "256"}) {
    INFO("-j " << good);
    const Result r = run_cli({"run", kSteady, "--set", "horizon=1m", "-r", "2", "-j", good});
    CHECK(r.code == 0);
  }
  CHECK(run_cli({"compare", kRoot + "/scenarios/vpc-client-endpoint.yaml", "-j", "-1"}).code == 2);
}

TEST_CASE("cli: --help documents the exit codes", "[cli]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, std::vector<std::string>{"run", "--help"}}) {
    const Result r = run_cli(args);
    CHECK(r.code == 0);
    for (const char* text : {"2 bad input", "3 internal error", "4 I/O error", "5 out of memory",
                             "130/143 interrupted"}) {
      INFO(text);
      CHECK(r.out.find(text) != std::string::npos);
    }
  }
}

TEST_CASE("cli: a failed write to stdout is an I/O error (exit 4)", "[cli][io]") {
  const int full = ::open("/dev/full", O_WRONLY);
  if (full < 0) {
    WARN("no /dev/full here");
    return;
  }
  const TempDir io;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", kSteady, "--set", "horizon=1m"},
        std::vector<std::string>{"run", kSteady, "--set", "horizon=1m", "--format", "json"},
        std::vector<std::string>{"schema"}, std::vector<std::string>{"explain", kSteady}}) {
    INFO(args[0] << " " << args.back());
    const Io files{"", io / "err", full};
    const int status = wait_for(spawn(args, files));
    CHECK(exit_code(status) == 4);
    CHECK(read_text(files.err).find("writing to stdout failed") != std::string::npos);
  }
  ::close(full);
}

TEST_CASE("cli: --out is checked before simulating", "[cli][io]") {
  const TempDir dir;
  std::ofstream(dir / "file") << "not a directory";
  for (const std::string& out : {dir / "file", dir / "file/below"}) {
    INFO(out);
    const Result r = run_cli({"-v", "run", kSteady, "--set", "horizon=1m", "--out", out});
    CHECK(r.code == 4);
    CHECK(r.err.find("--out") != std::string::npos);
    CHECK(r.err.find("runs started") == std::string::npos);  // refused before the run
    CHECK(r.out.empty());
  }
  const Result compare = run_cli({"compare", kRoot + "/scenarios/vpc-client-endpoint.yaml", "--set",
                                  "horizon=1m", "--out", dir / "file"});
  CHECK(compare.code == 4);
  CHECK(compare.out.empty());
  CHECK(read_text(dir / "file") == "not a directory");
}

TEST_CASE("cli: a write that fails after the first file leaves the previous --out untouched",
          "[cli][io]") {
  const TempDir dir;
  const std::string out = dir / "out";
  const std::vector<std::string> run = {"run", kSteady, "--set", "horizon=1m", "--out", out};
  REQUIRE(run_cli(with(run, {"--seed", "1"})).code == 0);
  std::map<std::string, std::string> before;
  for (const std::string& name : files_in(out)) before[name] = read_text(fs::path(out) / name);
  REQUIRE(before.size() == 7);  // summary, results, aggregate, series, manifest, explain, report
  // A file size limit that every file but report.html (written last, from the
  // others) fits under: the last write fails (EFBIG) after six have been staged.
  std::size_t largest_other = 0;
  for (const auto& [name, text] : before) {
    if (name != "report.html") largest_other = std::max(largest_other, text.size());
  }
  const rlim_t limit = largest_other + 512;
  REQUIRE(before["report.html"].size() > limit + 512);
  const Result r = run_cli(with(run, {"--seed", "2"}), [limit] {
    ::signal(SIGXFSZ, SIG_IGN);  // kept across exec: write() returns EFBIG instead
    const rlimit fsize{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &fsize);
  });
  INFO(r.err);
  CHECK(r.code == 4);
  CHECK(r.err.find("report.html") != std::string::npos);
  CHECK(r.err.find("left as it was") != std::string::npos);
  CHECK(files_in(out) == std::set<std::string>{"aggregate.csv", "explain.json", "manifest.json",
                                               "report.html", "results.csv", "summary.json",
                                               "timeseries.csv"});
  for (const auto& [name, text] : before) {
    INFO(name);
    CHECK(read_text(fs::path(out) / name) == text);
  }
}

TEST_CASE("cli: SIGINT and SIGTERM stop the run with a partial result", "[cli][signal]") {
  for (const int signal : {SIGINT, SIGTERM}) {
    const std::string name = signal == SIGINT ? "SIGINT" : "SIGTERM";
    INFO(name);
    const TempDir dir;
    const std::string out = dir / "out";
    const Io io{dir / "stdout", dir / "stderr"};
    // SIGINT with the table on stdout, SIGTERM with JSON.
    std::vector<std::string> args = with({"-v", "run", kSteady, "--out", out}, kLong);
    if (signal == SIGTERM) args = with(args, {"--format", "json"});
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = spawn(args, io);
    REQUIRE(wait_for_text(io.err, "runs started"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // well inside the run
    ::kill(pid, signal);
    const int status = wait_for(pid, 30);
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string err = read_text(io.err);
    INFO(err);
    CHECK(exit_code(status) == 128 + signal);
    CHECK(wall_s < 60);  // the whole run would take minutes
    CHECK(err.find("lambdasim: interrupted by " + name + " at ") != std::string::npos);
    CHECK(err.find("partial results written") != std::string::npos);

    REQUIRE(fs::is_directory(out));
    // The five files and nothing else: no stage directory, no temporary.
    CHECK(files_in(out) == std::set<std::string>{"aggregate.csv", "explain.json", "manifest.json",
                                                 "report.html", "results.csv", "summary.json",
                                                 "timeseries.csv"});
    const json summary = parse_json(read_text(fs::path(out) / "summary.json"));
    CHECK(summary["partial"] == true);
    CHECK(summary["interrupted_by"] == name);
    const double reached = summary["simulated_s"].get<double>();
    CHECK(reached > 1.0);
    CHECK(reached < 30.0 * 86'400);
    CHECK(summary["end_s"].get<double>() == reached);
    CHECK(summary["total"]["invocations"].get<long>() > 0);
    CHECK(parse_json(read_text(fs::path(out) / "manifest.json"))["partial"] == true);
    // The time series ends where the run did.
    const std::string csv = read_text(fs::path(out) / "timeseries.csv");
    const std::string last = csv.substr(csv.rfind('\n', csv.size() - 2) + 1);
    CHECK(std::stod(last.substr(last.find(',') + 1)) == Approx(reached));

    const std::string stdout_text = read_text(io.out);
    if (signal == SIGINT) {
      CHECK(stdout_text.rfind("PARTIAL: interrupted by SIGINT after ", 0) == 0);
    } else {
      CHECK(parse_json(stdout_text) == summary);
    }
  }
}

TEST_CASE("cli: an interrupted run of several replications shows only those that ran",
          "[cli][signal][threads]") {
  // On one thread the signal comes during replication 0: 1 and 2 never start.
  const TempDir dir;
  const Io io{dir / "stdout", dir / "stderr"};
  const pid_t pid =
      spawn(with({"-v", "run", kSteady, "-r", "3", "-j", "1", "--format", "json"}, kLong), io);
  REQUIRE(wait_for_text(io.err, "runs started"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  CHECK(exit_code(wait_for(pid, 30)) == 130);
  const json j = parse_json(read_text(io.out));
  CHECK(j["partial"] == true);
  CHECK(j["replications_requested"] == 3);
  CHECK(j["replications_complete"] == 0);
  // No replication complete: the one interrupted is shown as a single run
  // (summary.json's shape), never one that did not start.
  CHECK_FALSE(j.contains("runs"));
  CHECK(j["end_s"] == j["simulated_s"]);
  CHECK(j["total"]["invocations"].get<long>() > 0);
}

TEST_CASE("cli: a second signal ends the process at once", "[cli][signal]") {
  const TempDir dir;
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  // A one-page pipe nobody reads: after the first signal the partial JSON
  // (about 6 KB) fills it and the process blocks writing, still running.
  ::fcntl(pipe_fds[1], F_SETPIPE_SZ, 4096);
  const Io io{"", dir / "stderr", pipe_fds[1]};
  const pid_t pid = spawn(with({"-v", "run", kSteady, "--format", "json"}, kLong), io);
  ::close(pipe_fds[1]);
  REQUIRE(wait_for_text(io.err, "runs started"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(pid, SIGINT);
  // The first signal was handled once output appears (only written after the run).
  int queued = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (queued < 4096 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ::ioctl(pipe_fds[0], FIONREAD, &queued);
  }
  CHECK(queued >= 4096);
  ::kill(pid, SIGINT);
  const int status = wait_for(pid, 10);
  ::close(pipe_fds[0]);
  CHECK(WIFSIGNALED(status));
  if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == SIGINT);
}

TEST_CASE("cli: out of memory is a clear message and exit 5", "[cli][oom]") {
  // 1,000 functions: their histograms (~1.6 MiB each) are far beyond
  // 1 GiB of address space, yet within the default resource budget (4 GiB).
  const TempDir dir;
  std::string yaml =
      "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: oom}\nspec:\n"
      "  horizon: 1m\n  functions:\n";
  for (int i = 0; i < 1000; ++i) {
    yaml += "    f" + std::to_string(i) + ": {arrivals: [{dist: poisson, rate: 1/s}]}\n";
  }
  const std::string file = (dir.path() / "oom.yaml").string();
  std::ofstream(file) << yaml;
  const std::vector<std::string> args = {"run", file};
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // A sanitizer maps terabytes of shadow memory at start-up and aborts on an
  // allocation failure instead of throwing: an address-space limit says
  // nothing about lambdasim there.
  SUCCEED("skipped under a sanitizer");
  return;
#endif
  const auto limit_as = [] {
    const rlimit as{rlim_t{1} << 30, rlim_t{1} << 30};
    ::setrlimit(RLIMIT_AS, &as);
  };
  for (const char* jobs : {"1", "2"}) {
    INFO("-j " << jobs);
    const Result r = run_cli(with(args, {"-r", "2", "-j", jobs}), limit_as);
    INFO(r.err);
    CHECK(r.code == 5);
    CHECK(r.err.rfind("lambdasim: error: out of memory", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
}
