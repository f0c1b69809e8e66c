// Issue 11, items 5-7 end to end: `run/explain --variant`, `validate` of
// several files, a directory and stdin, thresholds (--threshold and
// spec.thresholds: exit 0, 1 with a table, 2 located), and the progress line
// on a terminal (a pseudo-terminal from forkpty), absent with --quiet or when
// stderr is a pipe.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "lambdasim/experiment/thresholds.hpp"

namespace {

namespace fs = std::filesystem;
using lambdasim::testing::cli;
using lambdasim::testing::CliResult;
using lambdasim::testing::parse_json;
using lambdasim::testing::quote;
using lambdasim::testing::read_text;
using lambdasim::testing::TempDir;
using lambdasim::testing::write_text;
using nlohmann::json;

const std::string kRoot = LAMBDASIM_SOURCE_DIR;
const std::string kSteady = kRoot + "/scenarios/steady-api.yaml";
const std::string kVariants = kRoot + "/scenarios/vpc-client-endpoint.yaml";
const std::string kShort = " --set horizon=1m";

const std::string kHead =
    "apiVersion: lambdasim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  horizon: 1m\n"
    "  functions:\n    api:\n      arrivals: [{dist: poisson, rate: 20/s}]\n";

// `lambdasim <args>` with stdin from `input`.
CliResult cli_with_stdin(const std::string& args, const std::string& input) {
  const TempDir io;
  write_text(io / "stdin", input);
  const std::string command = "timeout 300 " + quote(LAMBDASIM_CLI) + " " + args + " <" +
                              quote(io / "stdin") + " >" + quote(io / "stdout") + " 2>" +
                              quote(io / "stderr");
  const int status = std::system(command.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(io / "stdout");
  r.err = read_text(io / "stderr");
  return r;
}

// Every number of a summary.json, by its dotted path (list items by index).
void paths_of(const json& j, const std::string& prefix,
              std::vector<std::pair<std::string, json>>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      paths_of(value, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      paths_of(j[i], prefix + "." + std::to_string(i), out);
  } else if (j.is_number() || j.is_null()) {
    out.emplace_back(prefix, j);
  }
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------ --variant

TEST_CASE("cli: run --variant gives the numbers of that variant's compare column",
          "[cli][variant]") {
  const CliResult compared =
      cli("compare " + quote(kVariants) + kShort + " --seed 5 -r 1 -j 1 --format json");
  INFO(compared.err);
  REQUIRE(compared.code == 0);
  const json c = parse_json(compared.out);
  std::vector<std::string> names;
  for (const auto& [name, value] : c["metrics"].items()) names.push_back(name);

  for (const std::string variant : {"endpoint", "via-nat", "via-nat-unclosed"}) {
    INFO(variant);
    const CliResult ran = cli("run " + quote(kVariants) + kShort + " --seed 5 --variant " +
                              variant + " --format json");
    INFO(ran.err);
    REQUIRE(ran.code == 0);
    std::vector<std::pair<std::string, json>> values;
    paths_of(parse_json(ran.out), "", values);
    std::size_t matched = 0;
    for (const auto& [path, value] : values) {
      const std::string name = lambdasim::resolve_metric(path, names);
      if (name.empty()) continue;
      INFO(path);
      const json& mean = c["metrics"][name][variant]["mean"];
      if (value.is_null()) {
        CHECK(mean.is_null());
      } else {
        REQUIRE(mean.is_number());
        CHECK(mean.get<double>() == value.get<double>());
      }
      ++matched;
    }
    CHECK(matched > 100);
  }
  // And the variants differ: the comparison is not of one scenario thrice.
  const json& nat = c["metrics"]["network.nats.clients.nat-a.gb"];
  CHECK(nat["endpoint"]["mean"].get<double>() < nat["via-nat"]["mean"].get<double>());
}

TEST_CASE("cli: --variant in manifest.json, on explain, and an unknown name", "[cli][variant]") {
  const TempDir dir;
  const CliResult ran =
      cli("run " + quote(kVariants) + kShort + " --variant via-nat --out " + quote(dir / "out"));
  INFO(ran.err);
  REQUIRE(ran.code == 0);
  CHECK(parse_json(read_text(dir / "out/manifest.json"))["variant"] == "via-nat");
  const CliResult base = cli("run " + quote(kVariants) + kShort + " --out " + quote(dir / "base"));
  REQUIRE(base.code == 0);
  CHECK(parse_json(read_text(dir / "base/manifest.json"))["variant"].get<std::string>().empty());

  // explain --variant hyperplane is explain of the base with hyperplane's
  // overrides.
  const std::string eni = quote(kRoot + "/scenarios/eni-quota-burst.yaml");
  const CliResult variant = cli("explain " + eni + " --variant hyperplane");
  const CliResult by_hand = cli("explain " + eni +
                                " --set network.eni_model=hyperplane --set "
                                "network.network_interfaces_per_region=5000");
  const CliResult plain = cli("explain " + eni);
  REQUIRE(variant.code == 0);
  REQUIRE(by_hand.code == 0);
  CHECK(variant.out == by_hand.out);
  CHECK(variant.out != plain.out);

  for (const char* cmd : {"run", "explain"}) {
    INFO(cmd);
    const CliResult r = cli(std::string(cmd) + " " + quote(kVariants) + " --variant via-natt");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--variant: no variant named 'via-natt'; its variants: endpoint, via-nat, "
                     "via-nat-unclosed") != std::string::npos);
  }
  const CliResult none = cli("run " + quote(kSteady) + " --variant x");
  CHECK(none.code == 2);
  CHECK(none.err.find("the scenario has no spec.variants") != std::string::npos);
}

// ------------------------------------------------------------ validate

TEST_CASE("cli: validate takes several files, one status line each", "[cli][validate]") {
  const TempDir dir;
  write_text(dir / "good.yaml", kHead);
  write_text(dir / "bad.yaml", kHead + "      memry: 512MiB\n");
  const CliResult r = cli("validate " + quote(dir / "good.yaml") + " " + quote(dir / "bad.yaml") +
                          " " + quote(kSteady));
  CHECK(r.code == 2);
  CHECK(lines_of(r.out) == std::vector<std::string>{dir / "good.yaml" + ": ok (1 functions)",
                                                    dir / "bad.yaml" + ": invalid (1 error)",
                                                    kSteady + ": ok (1 functions)"});
  CHECK(r.err.find("bad.yaml:9:7: error") != std::string::npos);

  const CliResult good = cli("validate " + quote(dir / "good.yaml") + " " + quote(kSteady));
  CHECK(good.code == 0);
  CHECK(lines_of(good.out).size() == 2);

  const CliResult j =
      cli("validate --format json " + quote(dir / "good.yaml") + " " + quote(dir / "bad.yaml"));
  CHECK(j.code == 2);
  const json doc = parse_json(j.out);
  REQUIRE(doc["files"].size() == 2);
  CHECK(doc["files"][0]["ok"] == true);
  CHECK(doc["files"][1]["ok"] == false);
  CHECK(doc["files"][1]["errors"] == 1);
  CHECK(doc["errors"] == 1);
  CHECK(doc["diagnostics"][0]["line"] == 9);
}

TEST_CASE("cli: validate DIR takes its *.yaml and *.yml, sorted, not recursive",
          "[cli][validate]") {
  const TempDir dir;
  fs::create_directories(dir.path() / "s" / "nested");
  write_text(dir / "s/b.yaml", kHead);
  write_text(dir / "s/a.yml", kHead);
  write_text(dir / "s/c.txt", "not a scenario");
  write_text(dir / "s/nested/bad.yaml", "nonsense: [");
  const CliResult r = cli("validate " + quote(dir / "s"));
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(lines_of(r.out) ==
        std::vector<std::string>{(dir.path() / "s" / "a.yml").string() + ": ok (1 functions)",
                                 (dir.path() / "s" / "b.yaml").string() + ": ok (1 functions)"});
  write_text(dir / "s/0-bad.yaml", kHead + "      timeout: forever\n");
  const CliResult bad = cli("validate " + quote(dir / "s"));
  CHECK(bad.code == 2);
  CHECK(lines_of(bad.out).size() == 3);
  CHECK(lines_of(bad.out)[0].find("0-bad.yaml: invalid (1 error)") != std::string::npos);

  // Every shipped scenario at once.
  const CliResult shipped = cli("validate " + quote(kRoot + "/scenarios"));
  CHECK(shipped.code == 0);
  CHECK(lines_of(shipped.out).size() >= 15);

  fs::create_directories(dir.path() / "empty");
  const CliResult empty = cli("validate " + quote(dir / "empty"));
  CHECK(empty.code == 2);
  CHECK(empty.err.find("no *.yaml or *.yml file in the directory") != std::string::npos);
}

TEST_CASE("cli: validate - reads stdin, located as <stdin>", "[cli][validate]") {
  const CliResult good = cli_with_stdin("validate -", kHead);
  INFO(good.err);
  CHECK(good.code == 0);
  CHECK(good.out == "<stdin>: ok (1 functions)\n");
  const CliResult bad = cli_with_stdin("validate - " + quote(kSteady), kHead + "      memry: 1\n");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("<stdin>:9:7: error: spec.functions.api.memry") != std::string::npos);
  CHECK(lines_of(bad.out) ==
        std::vector<std::string>{"<stdin>: invalid (1 error)", kSteady + ": ok (1 functions)"});
  CHECK(cli_with_stdin("validate - -", kHead).code == 2);
}

// ------------------------------------------------------------ thresholds

TEST_CASE("cli: thresholds met exit 0, missed exit 1 with a table, outputs written",
          "[cli][thresholds]") {
  const TempDir dir;
  const std::string run = "run " + quote(kSteady) + kShort + " --format json";
  const CliResult met = cli(run +
                            " --threshold 'total.success_rate >= 0.5' --threshold "
                            "'functions.api.latency.p99_ms<60000'");
  INFO(met.err);
  CHECK(met.code == 0);
  CHECK(met.err.empty());

  const CliResult missed =
      cli(run + " --out " + quote(dir / "out") +
          " --threshold 'total.success_rate >= 0.5' --threshold 'total.latency.p99_ms < 1'");
  CHECK(missed.code == 1);
  const json summary = parse_json(missed.out);  // stdout as usual
  CHECK(read_text(dir / "out/summary.json") + "\n" == missed.out);
  const double p99 = summary["total"]["latency"]["p99_ms"].get<double>();
  CHECK(p99 > 1);
  CHECK(std::regex_search(missed.err,
                          std::regex("lambdasim: 1 of 2 thresholds missed:\n  metric +threshold "
                                     "+value\n  total\\.latency_p99_ms +total\\.latency\\.p99_ms "
                                     "< 1 +[0-9.]+\n$")));

  // spec.thresholds missed, and added to by a flag.
  write_text(dir / "t.yaml", kHead + "  thresholds: ['functions.api.cold_starts == 0']\n");
  const CliResult spec = cli("run " + quote(dir / "t.yaml") + " --threshold 'total.attempts > 0'");
  CHECK(spec.code == 1);
  CHECK(spec.err.find("1 of 2 thresholds missed") != std::string::npos);
  CHECK(spec.err.find("functions.api.cold_starts == 0") != std::string::npos);
}

TEST_CASE("cli: with -r > 1 a threshold applies to the mean", "[cli][thresholds][threads]") {
  const CliResult r = cli("run " + quote(kSteady) + kShort +
                          " -r 3 -j 2 --format json --threshold 'total.attempts < 1'");
  REQUIRE(r.code == 1);
  const double mean = parse_json(r.out)["metrics"]["total.attempts"]["mean"].get<double>();
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, std::regex("total\\.attempts < 1 +([0-9.e+]+)\n")));
  CHECK(std::stod(m[1].str()) == Approx(mean).epsilon(1e-5));
  // 3 replications' mean (their counts differ: the CI has a width).
  CHECK(parse_json(r.out)["metrics"]["total.attempts"]["half_width"].get<double>() > 0);
}

TEST_CASE("cli: compare checks each variant's thresholds", "[cli][thresholds]") {
  const CliResult r = cli("compare " + quote(kVariants) + kShort +
                          " -r 1 --threshold 'network.nats.clients.nat-a.gb < 0.01'");
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find("variants") != std::string::npos);  // the table, as usual
  CHECK(r.err.find("2 of 3 thresholds missed") != std::string::npos);
  CHECK(r.err.find("  variant ") != std::string::npos);
  CHECK(r.err.find("\n  via-nat ") != std::string::npos);
  CHECK(r.err.find("\n  via-nat-unclosed ") != std::string::npos);
  CHECK(r.err.find("\n  endpoint ") == std::string::npos);
  CHECK(cli("compare " + quote(kVariants) + kShort +
            " --threshold 'network.nats.clients.nat-a.gb < 1e9'")
            .code == 0);
}

TEST_CASE("cli: a bad threshold is exit 2 before simulating, named or located",
          "[cli][thresholds]") {
  const TempDir dir;
  for (const std::string& flag : {std::string("total.success_rate"), std::string("total.bogus < 1"),
                                  std::string("total.success_rate > 1x")}) {
    INFO(flag);
    for (const char* cmd : {"run", "compare"}) {
      const std::string file = std::string(cmd) == "run" ? kSteady : kVariants;
      const CliResult r = cli(std::string(cmd) + " " + quote(file) + " --out " +
                              quote(dir / "never") + " --threshold " + quote(flag));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find("--threshold '" + flag + "': error: ") == 0);
      CHECK_FALSE(fs::exists(dir.path() / "never"));
    }
  }
  write_text(dir / "t.yaml", kHead +
                                 "  thresholds:\n"
                                 "    - total.success_rate > 0.9\n"
                                 "    - functions.web.p_throttle < 0.01\n");
  for (const char* cmd : {"run", "validate"}) {
    INFO(cmd);
    const CliResult r = cli(std::string(cmd) + " " + quote(dir / "t.yaml"));
    CHECK(r.code == 2);
    CHECK(
        r.err.find(dir / "t.yaml" +
                   ":11:7: error: spec.thresholds[1]: unknown metric 'functions.web.p_throttle'") !=
        std::string::npos);
  }
}

// ------------------------------------------------------------ progress

namespace {

struct PtyRun {
  int code = -1;
  std::string terminal;  // what the child wrote on its stderr (the pty)
  std::string out;       // its stdout (a file)
};

// Runs lambdasim with stderr (and stdin) on a pseudo-terminal and stdout
// into a file; returns what each received.
PtyRun run_on_pty(const std::vector<std::string>& args) {
  const TempDir io;
  const std::string out_file = io / "stdout";
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || ::dup2(out, STDOUT_FILENO) < 0) ::_exit(126);
    std::vector<char*> argv;
    std::string exe = LAMBDASIM_CLI;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::alarm(300);  // a hang fails the test
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  PtyRun r;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n > 0) {
      r.terminal.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO once the child has closed the terminal
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out_file);
  return r;
}

const std::regex kProgress(
    "\rlambdasim: runs [0-9]+/([0-9]+) \\| [0-9.]+[kMG]? events/s \\| [0-9]+% simulated \\| ETA ");

}  // namespace

TEST_CASE("cli: progress on a terminal's stderr, erased; never on stdout", "[cli][progress]") {
  const std::vector<std::string> args = {"run", kSteady, "--set", "horizon=2m",
                                         "-r",  "2",     "-j",    "1"};
  const PtyRun tty = run_on_pty(args);
  INFO(tty.terminal);
  REQUIRE(tty.code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(tty.terminal, m, kProgress));
  CHECK(m[1].str() == "2");
  // Erased: the terminal's last bytes blank the line and return to its start.
  CHECK(tty.terminal.size() > 2);
  CHECK(tty.terminal.back() == '\r');
  CHECK(tty.terminal.find_last_not_of(" \r") < tty.terminal.rfind('\r', tty.terminal.size() - 2));
  // Stdout is what it is without a terminal.
  std::string command_args;
  for (std::size_t i = 1; i < args.size(); ++i) command_args += " " + quote(args[i]);
  const CliResult plain = cli("run" + command_args);
  REQUIRE(plain.code == 0);
  CHECK(tty.out == plain.out);
  CHECK(plain.err.empty());

  // compare counts variants x replications.
  const PtyRun compared = run_on_pty({"compare", kVariants, "--set", "horizon=30s", "-r", "2"});
  REQUIRE(compared.code == 0);
  REQUIRE(std::regex_search(compared.terminal, m, kProgress));
  CHECK(m[1].str() == "6");
}

TEST_CASE("cli: no progress with --quiet or when stderr is a pipe", "[cli][progress]") {
  const PtyRun quiet = run_on_pty({"run", kSteady, "--set", "horizon=1m", "--quiet"});
  CHECK(quiet.code == 0);
  CHECK(quiet.terminal.find("runs") == std::string::npos);
  CHECK(quiet.terminal.empty());

  const TempDir io;
  const std::string command = "timeout 300 " + quote(LAMBDASIM_CLI) + " run " + quote(kSteady) +
                              kShort + " -r 2 2>&1 >/dev/null | cat >" + quote(io / "piped");
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(read_text(io / "piped").empty());
}

TEST_CASE("cli: the progress line is redrawn at most 4 times a second", "[cli][progress]") {
  const auto start = std::chrono::steady_clock::now();
  const PtyRun tty = run_on_pty({"run", kSteady, "--set", "horizon=1h", "-r", "2", "-j", "1"});
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(tty.code == 0);
  std::vector<double> shares;  // "% simulated" of each redraw
  const std::regex share("\rlambdasim: runs [0-9]+/2 [^\r]*\\| ([0-9]+)% simulated");
  for (auto it = std::sregex_iterator(tty.terminal.begin(), tty.terminal.end(), share);
       it != std::sregex_iterator(); ++it) {
    shares.push_back(std::stod((*it)[1].str()));
  }
  INFO(wall_s << " s, " << shares.size() << " redraws");
  REQUIRE(!shares.empty());
  CHECK(shares.front() == 0);  // drawn at once
  CHECK(static_cast<double>(shares.size()) <= 2 + wall_s * 4);
  CHECK(std::is_sorted(shares.begin(), shares.end()));
  if (shares.size() >= 3) CHECK(shares.back() > 0);
}
