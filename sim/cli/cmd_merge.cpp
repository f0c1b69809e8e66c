// `lambdasim merge --out DIR SHARD...`: joins the results stores of a sweep's
// shards (--shard K/N) into the store the unsharded sweep writes.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lambdasim/report/store_merge.hpp"

namespace lambdasim::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> dirs;
  std::string out_dir;
};

int merge(const MergeArgs& args) {
  const MergedStore merged = merge_stores(args.dirs);
  if (!merged.ok()) {
    std::cerr << "lambdasim: error: merge: " << merged.error << "\n";
    return kExitBadInput;
  }
  std::vector<std::string> names;
  for (const auto& [name, content] : merged.files) names.push_back(name);
  if (!check_out_dir(args.out_dir, names)) return kExitIo;
  if (!write_outputs(args.out_dir, merged.files)) return kExitIo;
  spdlog::info("merged {} shards: {} runs into {}", args.dirs.size(), merged.runs, args.out_dir);
  return kExitOk;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "join the --out directories of a sweep's shards (--shard K/N) into one results store, "
      "the same bytes the unsharded sweep writes");
  cmd->add_option("shards", args->dirs, "every shard's --out directory (1/N ... N/N)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", args->out_dir, "directory for the merged store (replaced as a set)")
      ->required();
  return {cmd, [args] { return merge(*args); }};
}

}  // namespace lambdasim::cli
