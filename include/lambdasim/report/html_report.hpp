// report.html: one self-contained page (scenario, explain findings, summary,
// interactive charts, compare's paired differences) rebuilt from the files of
// a results directory, so that `run --out`, `compare --out` and `lambdasim
// report DIR` give the same bytes; and explain.json, what --out adds for it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

// The `explain --format json` document: the explanation plus "budget".
std::string explain_document_json(const Scenario& scenario);

// The leading comment block of a scenario file (its "# Question: ..."), the
// "# " markers removed, lines joined with spaces, blank comment lines kept
// as paragraph breaks ("\n\n"); empty when the file starts otherwise.
std::string scenario_question(std::string_view yaml_text);
// The same of the file at `path`; empty when it cannot be read.
std::string scenario_question_of_file(const std::string& path);

// explain.json of `run --out`: the explain document with a "scenario" key
// added: {name, description, question, file, horizon_s, account_concurrency,
// reserved_concurrency: {function: n}, faults: [{index, kind, subject,
// start_s, end_s (null: open-ended)}]}. `question` is scenario_question() of
// the file (read by the caller).
std::string run_explain_json(const Scenario& scenario, const std::string& question);
// explain.json of `compare --out`: {"scenario": {...} of the base, "variants":
// [{"name", "scenario": {...}, "explain": document}]} in the variants' order.
std::string compare_explain_json(const Scenario& base, const std::string& question,
                                 const std::vector<Scenario>& variants,
                                 const std::vector<std::string>& names);

// The files report.html is made from. A run directory: summary.json,
// manifest.json, timeseries.csv, explain.json. A compare directory (it has
// compare.json): compare.json, explain.json and timeseries-<variant>.csv per
// variant when present. Missing optional files make sections say so.
inline constexpr std::string_view kReportFile = "report.html";

struct HtmlReport {
  bool ok = false;
  std::string html;
  std::string error;  // "path: what is wrong" when !ok
};

// Reads `dir` and renders the page. Fails (with a located message) when
// `dir` is not a directory, has neither summary.json nor compare.json, or a
// file it needs does not parse. The bytes depend only on the files' contents.
HtmlReport render_html_report(const std::filesystem::path& dir);

// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);
// JSON text made safe inside <script type="application/json">: every <, >
// and & written as a \u escape (so "</script>" or "<!--" in a scenario
// string cannot end or alter the script), which JSON.parse reads back.
std::string script_safe_json(std::string_view json);

}  // namespace lambdasim
