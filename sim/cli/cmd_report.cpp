// `lambdasim report DIR [--out FILE]`: rebuilds report.html from the files a
// `run --out` or `compare --out` left in DIR (default FILE: DIR/report.html),
// the same bytes those commands write.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/report/atomic_file.hpp"
#include "lambdasim/report/html_report.hpp"

namespace lambdasim::cli {
namespace {

struct ReportArgs {
  std::string dir;
  std::string out;
};

int report(const ReportArgs& args) {
  const HtmlReport r = render_html_report(args.dir);
  if (!r.ok) {
    std::cerr << "lambdasim: error: " << r.error << "\n";
    return kExitBadInput;
  }
  const std::filesystem::path out = args.out.empty() ? std::filesystem::path(args.dir) / kReportFile
                                                     : std::filesystem::path(args.out);
  if (const WriteResult w = write_file_atomic(out, r.html); !w) {
    std::cerr << "lambdasim: error: --out: " << w.error << "\n";
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "rebuild report.html (one self-contained page) from a run or compare --out directory");
  cmd->add_option("dir", args->dir, "the --out directory of `lambdasim run` or `lambdasim compare`")
      ->required();
  cmd->add_option("--out", args->out, "the page to write (default DIR/report.html)");
  return {cmd, [args] { return report(*args); }};
}

}  // namespace lambdasim::cli
