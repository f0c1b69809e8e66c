#include "lambdasim/scenario/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/model/resolve.hpp"
#include "lambdasim/scenario/sanitize.hpp"
#include "scenario/checks.hpp"
#include "scenario/document.hpp"
#include "scenario/override_apply.hpp"
#include "scenario/sweep_read.hpp"
#include "scenario/trace.hpp"
#include "scenario/walker.hpp"

namespace lambdasim {
namespace {

bool is_under(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix &&
          (path[prefix.size()] == '.' || path[prefix.size()] == '['));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void add_error(std::vector<Diagnostic>& d, const Location& where, std::string path,
               std::string message) {
  d.push_back(make_diagnostic(Severity::kError, where, std::move(path), std::move(message)));
}

// Where a position (0-based line and column, as in a YAML mark or in the
// text) of a `--set` value lies: its first line continues the flag's text
// after "key.path=".
Location override_value_location(const std::string& label, int value_column, int line, int column) {
  return Location{label, line + 1, line == 0 ? value_column + column : column + 1};
}

// `--set` overrides, applied to the document; their sources for locations.
// Each diagnostic names its flag (index and text) as its file.
std::vector<OverrideSource> apply_cli_overrides(YAML::Node root,
                                                const std::vector<Override>& overrides,
                                                std::vector<Diagnostic>& d) {
  std::vector<OverrideSource> sources;
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const Override& o = overrides[i];
    const std::string label = override_label(i + 1, o.path + "=" + o.value);
    const Location start{label, 1, 1};
    const int value_column = static_cast<int>(o.path.size()) + 2;
    if (const auto bad = find_text_problem(o.path)) {
      add_error(d, Location{label, 1, static_cast<int>(bad->offset) + 1}, "", bad->message);
      continue;
    }
    if (const auto bad = find_text_problem(o.value)) {
      const Location at = location_at(o.value, bad->offset, label);
      add_error(d, override_value_location(label, value_column, at.line - 1, at.column - 1), o.path,
                bad->message);
      continue;
    }
    std::string error;
    auto segments = split_key_path(o.path, &error);
    if (!segments) {
      add_error(d, start, o.path, error);
      continue;
    }
    YAML::Node value;
    YamlScan scan;
    try {
      value = YAML::Load(o.value);
      scan = scan_yaml(o.value);
    } catch (const YAML::Exception& e) {
      const Location at = e.mark.is_null() ? Location{label, 1, value_column}
                                           : override_value_location(label, value_column,
                                                                     e.mark.line, e.mark.column);
      add_error(d, at, o.path, fmt::format("invalid YAML value: {}", e.msg));
      continue;
    }
    for (const YamlProblem& p : scan.problems) {
      add_error(d,
                p.mark.is_null()
                    ? Location{label, 1, value_column}
                    : override_value_location(label, value_column, p.mark.line, p.mark.column),
                o.path, p.message);
    }
    if (!scan.problems.empty()) continue;
    const OverrideApplied r = apply_override(root, normalize_key_path(*segments), value);
    if (!r.ok) {
      add_error(d, start, o.path, r.error);
      continue;
    }
    sources.push_back(OverrideSource{r.path, label, false, 1, value_column});
  }
  return sources;
}

// The entries of `spec.variants.<name>` as written in the document (first of
// duplicated keys); nullopt when there is no such variant.
std::optional<std::vector<VariantEntry>> read_variant_entries(const YAML::Node& root,
                                                              const std::string& name,
                                                              const std::string& file) {
  const YAML::Node spec = root["spec"];
  if (!spec.IsDefined() || !spec.IsMap()) return std::nullopt;
  const YAML::Node variants = spec["variants"];
  if (!variants.IsDefined() || !variants.IsMap()) return std::nullopt;
  const YAML::Node variant = variants[name];
  if (!variant.IsDefined()) return std::nullopt;
  std::vector<VariantEntry> out;
  if (!variant.IsMap()) return out;
  std::set<std::string> seen;
  for (auto it = variant.begin(); it != variant.end(); ++it) {
    if (!it->first.IsDefined() || !it->first.IsScalar()) continue;
    const std::string& key = it->first.Scalar();
    if (!seen.insert(key).second) continue;
    const YAML::Mark m = it->first.Mark();
    out.push_back(VariantEntry{key, Location{file, m.line + 1, m.column + 1}, it->second});
  }
  return out;
}

std::vector<std::string> variant_names(const YAML::Node& root) {
  std::vector<std::string> out;
  const YAML::Node spec = root["spec"];
  if (!spec.IsDefined() || !spec.IsMap()) return out;
  const YAML::Node variants = spec["variants"];
  if (!variants.IsDefined() || !variants.IsMap()) return out;
  for (auto it = variants.begin(); it != variants.end(); ++it) {
    if (it->first.IsDefined() && it->first.IsScalar()) out.push_back(it->first.Scalar());
  }
  return out;
}

// Applies a variant's entries (nodes of this same document, so their marks
// are positions in the file).
std::vector<OverrideSource> apply_variant(YAML::Node root, const std::string& name,
                                          const std::vector<VariantEntry>& entries,
                                          const std::string& file, std::vector<Diagnostic>& d) {
  std::vector<OverrideSource> sources;
  for (const VariantEntry& e : entries) {
    const std::string path = fmt::format("spec.variants.{}.{}", name, e.key);
    std::string error;
    auto segments = split_key_path(e.key, &error);
    if (!segments) {
      add_error(d, e.key_location, path, fmt::format("variant '{}': {}", name, error));
      continue;
    }
    const auto normalized = normalize_key_path(*segments);
    if (normalized.size() >= 2 && normalized[0].key == "spec" &&
        (normalized[1].key == "variants" || normalized[1].key == "sweep")) {
      add_error(
          d, e.key_location, path,
          fmt::format("variant '{}': a variant cannot change spec.{}", name, normalized[1].key));
      continue;
    }
    const OverrideApplied r = apply_override(root, normalized, e.value);
    if (!r.ok) {
      add_error(d, e.key_location, path, fmt::format("variant '{}': {}", name, r.error));
      continue;
    }
    sources.push_back(
        OverrideSource{r.path, file, true, e.key_location.line, e.key_location.column});
  }
  return sources;
}

// Whether `path` is `dir` or below it (both absolute and canonical).
bool is_inside(const std::filesystem::path& path, const std::filesystem::path& dir) {
  const std::filesystem::path rel = path.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

// The file a trace's `file:` names, resolved against the scenario's
// directory, or nullopt and `error` when the policy refuses it: an absolute
// path, or one that leaves the directory ('../', a symbolic link), unless it
// lies in a directory of `--allow-path`.
std::optional<std::filesystem::path> resolve_trace_path(const std::string& written,
                                                        const std::string& base_dir,
                                                        const LoadOptions& options,
                                                        std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path file(written);
  const fs::path base = base_dir.empty() ? fs::current_path(ec) : fs::absolute(base_dir, ec);
  if (ec) {
    *error = fmt::format("cannot resolve the scenario's directory: {}", ec.message());
    return std::nullopt;
  }
  const fs::path joined = file.is_absolute() ? file : base / file;
  // Canonical: symbolic links resolved, so one cannot lead out unnoticed.
  const fs::path real = fs::weakly_canonical(joined, ec);
  if (ec) {
    *error = ec.message();
    return std::nullopt;
  }
  for (const std::string& allowed : options.allowed_dirs) {
    const fs::path dir = fs::weakly_canonical(fs::absolute(allowed, ec), ec);
    if (!ec && is_inside(real, dir)) return joined;
  }
  if (file.is_absolute()) {
    *error =
        "an absolute path is not read: name the trace relative to the scenario file, or allow "
        "its directory with --allow-path DIR";
    return std::nullopt;
  }
  const fs::path real_base = fs::weakly_canonical(base, ec);
  if (ec || !is_inside(real, real_base)) {
    *error =
        "the path leaves the scenario's directory ('..' or a symbolic link): allow its "
        "directory with --allow-path DIR";
    return std::nullopt;
  }
  return joined;
}

// How diagnostics name a trace file: as written, after the scenario's
// directory as given (not made absolute).
std::string trace_label(const std::string& written, const std::string& base_dir) {
  const std::filesystem::path file(written);
  if (file.is_relative() && !base_dir.empty())
    return (std::filesystem::path(base_dir) / file).string();
  return written;
}

void load_traces(ApplyContext& ctx, Walker& walker, const std::string& base_dir,
                 const LoadOptions& options, std::vector<Diagnostic>& d) {
  auto& functions = ctx.scenario->model.functions;
  // For all the traces of the scenario together.
  std::size_t arrivals_left =
      options.max_trace_arrivals > 0 ? options.max_trace_arrivals : kMaxTraceInstants;
  for (const TraceRequest& r : ctx.traces) {
    if (r.function >= functions.size() || r.arrival >= functions[r.function].arrivals.size()) {
      continue;
    }
    ArrivalConfig& a = functions[r.function].arrivals[r.arrival];
    const std::string item =
        fmt::format("spec.functions.{}.arrivals[{}]", functions[r.function].name, r.arrival);
    if (a.kind != ArrivalKind::kTrace || r.file.empty() || walker.failed(item)) continue;
    const std::string key = item + ".file";
    std::string error;
    const auto file = resolve_trace_path(r.file, base_dir, options, &error);
    if (!file) {
      walker.error(walker.location_of(key), key,
                   fmt::format("trace file '{}' refused: {}", text_excerpt(r.file, 80), error));
      continue;
    }
    const std::string label = trace_label(r.file, base_dir);
    std::string text;
    if (!read_regular_file(file->string(), options.max_trace_bytes, &text, &error)) {
      walker.error(walker.location_of(key), key,
                   fmt::format("cannot read trace file '{}': {}", text_excerpt(label, 120), error));
      continue;
    }
    if (const auto bad = find_text_problem(text)) {
      d.push_back(make_diagnostic(Severity::kError, location_at(text, bad->offset, label), key,
                                  bad->message));
      continue;
    }
    TraceLoad t = parse_trace_text(text, label, r.format, r.interval, key, arrivals_left);
    d.insert(d.end(), t.diagnostics.begin(), t.diagnostics.end());
    if (t.instants) {
      arrivals_left -= std::min(arrivals_left, t.instants->size());
      a.trace = std::move(t.instants);
    }
  }
}

struct Built {
  Scenario scenario;
  std::vector<VariantSpec> variants;
  std::vector<SweepValueCheck> sweep_checks;
};

// Walks a document (overrides already applied) into a Scenario; with
// `with_sweep`, also reads and expands spec.sweep.
Built build(const YAML::Node& root, const std::string& file, const std::string& base_dir,
            const LoadOptions& options, const std::vector<OverrideSource>& sources,
            std::vector<Diagnostic>& d, bool with_sweep = true) {
  Built b;
  b.scenario.file = file;
  ApplyContext ctx;
  ctx.scenario = &b.scenario;
  Walker walker(file, sources, ctx, d);
  walker.walk_document(root);
  walker.check_references();
  load_traces(ctx, walker, base_dir, options, d);
  check_scenario(b.scenario, walker);
  b.variants = walker.variants();
  if (with_sweep) {
    SweepRead sweep = read_sweep(root, walker);
    b.scenario.sweep = std::move(sweep.spec);
    b.sweep_checks = std::move(sweep.checks);
  }
  b.scenario.key_locations =
      std::make_shared<const std::map<std::string, Location>>(walker.locations());
  return b;
}

// Each variant applied to a fresh copy of the document and validated; its
// diagnostics that the base scenario does not have are reported, at the
// variant's value when they concern a key it sets, else at its name.
void validate_variants(std::string_view text, const std::string& file, const std::string& base_dir,
                       const LoadOptions& options, const std::vector<Override>& overrides,
                       const std::vector<VariantSpec>& variants, std::vector<Diagnostic>& d) {
  std::set<std::string> known;
  for (const Diagnostic& x : d) known.insert(format_diagnostic(x));
  for (const VariantSpec& v : variants) {
    std::vector<Diagnostic> vd;
    auto root = parse_document(text, file, vd);
    if (!root) continue;
    std::vector<OverrideSource> sources = apply_cli_overrides(*root, overrides, vd);
    const auto entries = read_variant_entries(*root, v.name, file);
    if (!entries) continue;
    const std::vector<OverrideSource> own = apply_variant(*root, v.name, *entries, file, vd);
    sources.insert(sources.end(), own.begin(), own.end());
    build(*root, file, base_dir, options, sources, vd, false);
    const std::string prefix = fmt::format("variant '{}': ", v.name);
    for (Diagnostic& x : vd) {
      if (known.count(format_diagnostic(x)) > 0) continue;
      bool at_variant = is_under(x.path, "spec.variants." + v.name);
      for (const OverrideSource& s : own) at_variant = at_variant || is_under(x.path, s.path);
      if (!at_variant) {
        x.file = v.location.file;
        x.line = v.location.line;
        x.column = v.location.column;
      }
      if (x.message.rfind(prefix, 0) != 0) x.message = prefix + x.message;
      known.insert(format_diagnostic(x));
      d.push_back(std::move(x));
    }
  }
}

// Each sweep value to check applied to a fresh copy of the document (after
// `--set`) and validated, like a variant with one entry: once per value, not
// per point, so checking stays linear in the values written. Its diagnostics
// that the base scenario does not have are reported, at the value.
void validate_sweep_values(std::string_view text, const std::string& file,
                           const std::string& base_dir, const LoadOptions& options,
                           const std::vector<Override>& overrides,
                           const std::vector<SweepValueCheck>& checks, std::vector<Diagnostic>& d) {
  std::set<std::string> known;
  for (const Diagnostic& x : d) known.insert(format_diagnostic(x));
  for (const SweepValueCheck& c : checks) {
    std::vector<Diagnostic> vd;
    auto root = parse_document(text, file, vd);
    if (!root) continue;
    std::vector<OverrideSource> sources = apply_cli_overrides(*root, overrides, vd);
    std::string error;
    const auto segments = split_key_path(c.key, &error);
    if (!segments) continue;  // reported at the axis's key
    YAML::Node value;
    try {
      value = YAML::Load(c.value);
    } catch (const YAML::Exception&) {
      continue;  // our own rendering of a value the walker read: cannot happen
    }
    const OverrideApplied r = apply_override(*root, normalize_key_path(*segments), value);
    if (!r.ok) continue;  // reported at the axis's key
    sources.push_back(
        OverrideSource{r.path, c.location.file, false, c.location.line, c.location.column});
    build(*root, file, base_dir, options, sources, vd, false);
    const std::string prefix = fmt::format("sweep axis '{}' = {}: ", c.axis, c.value);
    for (Diagnostic& x : vd) {
      if (known.count(format_diagnostic(x)) > 0) continue;
      if (!is_under(x.path, r.path)) {
        x.file = c.location.file;
        x.line = c.location.line;
        x.column = c.location.column;
      }
      x.message = prefix + x.message;
      known.insert(format_diagnostic(x));
      d.push_back(std::move(x));
    }
  }
}

// A sweep point's values applied to the document (after `--set` and the
// variant), each located where the point's value is written.
bool apply_point(YAML::Node root, const SweepPoint& point, const std::string& file,
                 std::vector<OverrideSource>& sources, std::vector<Diagnostic>& d) {
  bool ok = true;
  for (std::size_t i = 0; i < point.values.size(); ++i) {
    const auto& [name, text] = point.values[i];
    const Location where = i < point.locations.size() ? point.locations[i] : Location{file, 0, 0};
    const auto key = sweep_axis_key(root, name);
    if (!key) {
      add_error(d, Location{file, 0, 0}, "spec.sweep.axes",
                fmt::format("the sweep has no axis named '{}'{}", name,
                            did_you_mean(name, sweep_axis_names(root))));
      ok = false;
      continue;
    }
    const std::string path = fmt::format("spec.sweep.axes.{}", name);
    std::string error;
    const auto segments = split_key_path(*key, &error);
    if (!segments) {
      add_error(d, where, path, fmt::format("sweep axis '{}': {}", name, error));
      ok = false;
      continue;
    }
    YAML::Node value;
    try {
      value = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      add_error(d, where, path,
                fmt::format("sweep axis '{}': invalid YAML value: {}", name, e.msg));
      ok = false;
      continue;
    }
    const OverrideApplied r = apply_override(root, normalize_key_path(*segments), value);
    if (!r.ok) {
      add_error(d, where, path, fmt::format("sweep axis '{}': {}", name, r.error));
      ok = false;
      continue;
    }
    sources.push_back(OverrideSource{r.path, where.file, false, where.line, where.column});
  }
  return ok;
}

// In reading order: the scenario file first, then other files (traces),
// then `--set`; by line and column inside each.
void sort_diagnostics(const std::string& file, const std::vector<Override>& overrides,
                      std::vector<Diagnostic>& d) {
  std::map<std::string, std::size_t> flag_index;  // "<--set #i ...>" -> i
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    flag_index.emplace(override_label(i + 1, overrides[i].path + "=" + overrides[i].value), i);
  }
  auto rank = [&](const Diagnostic& x) {
    if (x.file == file) return 0;
    return flag_index.count(x.file) > 0 ? 2 : 1;
  };
  std::stable_sort(d.begin(), d.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (rank(a) == 1 && a.file != b.file) return a.file < b.file;
    if (rank(a) == 2 && a.file != b.file) return flag_index.at(a.file) < flag_index.at(b.file);
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

LoadResult load_impl(std::string_view text, const std::string& file, const std::string& base_dir,
                     const std::vector<Override>& overrides, const LoadOptions& options,
                     const std::string* variant, const SweepPoint* point = nullptr) {
  LoadResult result;
  try {
    auto root = parse_document(text, file, result.diagnostics);
    if (!root) return result;
    std::vector<OverrideSource> sources = apply_cli_overrides(*root, overrides, result.diagnostics);
    if (variant != nullptr) {
      const auto entries = read_variant_entries(*root, *variant, file);
      if (!entries) {
        add_error(result.diagnostics, Location{file, 0, 0}, "spec.variants",
                  fmt::format("no variant named '{}'{}", *variant,
                              did_you_mean(*variant, variant_names(*root))));
        return result;
      }
      const auto own = apply_variant(*root, *variant, *entries, file, result.diagnostics);
      sources.insert(sources.end(), own.begin(), own.end());
    }
    if (point != nullptr && !apply_point(*root, *point, file, sources, result.diagnostics)) {
      return result;
    }
    Built b = build(*root, file, base_dir, options, sources, result.diagnostics);
    if (variant == nullptr && point == nullptr) {
      validate_variants(text, file, base_dir, options, overrides, b.variants, result.diagnostics);
      validate_sweep_values(text, file, base_dir, options, overrides, b.sweep_checks,
                            result.diagnostics);
    }
    for (const VariantSpec& v : b.variants) {
      Variant out{v.name, {}};
      for (const VariantEntry& e : v.entries) {
        auto value = to_flow_yaml(e.value);
        if (!value) {
          add_error(result.diagnostics, e.key_location, "spec.variants." + v.name + "." + e.key,
                    "value too large or nested too deeply");
          continue;
        }
        out.overrides.push_back(Override{e.key, *value});
      }
      b.scenario.variants.push_back(std::move(out));
    }
    sort_diagnostics(file, overrides, result.diagnostics);
    b.scenario.hash = scenario_hash(text, overrides);
    if (!has_errors(result.diagnostics)) resolve_names(b.scenario.model);  // validated: once
    if (!has_errors(result.diagnostics)) result.scenario = std::move(b.scenario);
  } catch (const std::exception& e) {
    result.scenario.reset();
    add_error(result.diagnostics, Location{file, 0, 0}, "",
              fmt::format("internal error while loading the scenario: {}", e.what()));
  } catch (...) {
    result.scenario.reset();
    add_error(result.diagnostics, Location{file, 0, 0}, "",
              "internal error while loading the scenario");
  }
  return result;
}

LoadResult load_file_impl(const std::string& path, const std::vector<Override>& overrides,
                          const LoadOptions& options, const std::string* variant,
                          const SweepPoint* point = nullptr) {
  std::string text;
  std::string error;
  bool read = false;
  try {
    read = read_text_file(path, kMaxScenarioBytes, &text, &error);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!read) {
    LoadResult result;
    add_error(result.diagnostics, Location{path, 0, 0}, "",
              fmt::format("cannot read scenario file: {}", error));
    return result;
  }
  std::string base_dir;
  try {
    base_dir = std::filesystem::path(path).parent_path().string();
  } catch (...) {
  }
  return load_impl(text, path, base_dir, overrides, options, variant, point);
}

}  // namespace

LoadResult load_scenario_file(const std::string& path, const std::vector<Override>& overrides,
                              const LoadOptions& options) {
  return load_file_impl(path, overrides, options, nullptr);
}

LoadResult load_scenario_text(std::string_view yaml, const std::string& file_label,
                              const std::string& base_dir, const std::vector<Override>& overrides,
                              const LoadOptions& options) {
  return load_impl(yaml, file_label, base_dir, overrides, options, nullptr);
}

LoadResult load_scenario_variant(const std::string& path, const std::string& variant,
                                 const std::vector<Override>& overrides,
                                 const LoadOptions& options) {
  return load_file_impl(path, overrides, options, &variant);
}

LoadResult load_scenario_variant_text(std::string_view yaml, const std::string& file_label,
                                      const std::string& base_dir, const std::string& variant,
                                      const std::vector<Override>& overrides,
                                      const LoadOptions& options) {
  return load_impl(yaml, file_label, base_dir, overrides, options, &variant);
}

LoadResult load_scenario_point(const std::string& path, const std::string& variant,
                               const SweepPoint& point, const std::vector<Override>& overrides,
                               const LoadOptions& options) {
  return load_file_impl(path, overrides, options, variant.empty() ? nullptr : &variant, &point);
}

LoadResult load_scenario_point_text(std::string_view yaml, const std::string& file_label,
                                    const std::string& base_dir, const std::string& variant,
                                    const SweepPoint& point, const std::vector<Override>& overrides,
                                    const LoadOptions& options) {
  return load_impl(yaml, file_label, base_dir, overrides, options,
                   variant.empty() ? nullptr : &variant, &point);
}

std::string override_label(std::size_t index, std::string_view text) {
  return fmt::format("{} #{} '{}'>", kOverrideFileLabel, index, text_excerpt(text, 60));
}

std::optional<Override> parse_override(std::string_view text, std::string* error) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    if (error != nullptr) {
      *error = fmt::format("expected key.path=value (e.g. functions.api.memory=512MiB), got '{}'",
                           text.substr(0, 60));
    }
    return std::nullopt;
  }
  const std::string_view path = trim(text.substr(0, eq));
  std::string message;
  if (!split_key_path(path, &message)) {
    if (error != nullptr) *error = message;
    return std::nullopt;
  }
  return Override{std::string(path), std::string(trim(text.substr(eq + 1)))};
}

std::string scenario_hash(std::string_view text, const std::vector<Override>& overrides) {
  std::string all(text);
  for (const Override& o : overrides) {
    all += '\0';
    all += o.path;
    all += '=';
    all += o.value;
  }
  return fmt::format("{:016x}", stable_hash(all));
}

}  // namespace lambdasim
