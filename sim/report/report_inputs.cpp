// explain.json, what `run --out` and `compare --out` add to their directory
// so that report.html (html_report.cpp) can be rebuilt from it alone.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lambdasim/experiment/budget.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/report/budget_report.hpp"
#include "lambdasim/report/explain_report.hpp"
#include "lambdasim/report/html_report.hpp"

namespace lambdasim {

namespace {

using nlohmann::json;

// What the page shows of the scenario beyond the explanation: its words,
// the concurrency limits drawn on the concurrency chart, the fault timeline
// as configured (compare has no per-variant summary.json to take it from).
json scenario_context(const Scenario& s, const std::string& question) {
  json j = json::object();
  j["name"] = s.name;
  j["description"] = s.description;
  j["question"] = question;
  j["file"] = s.file;
  j["horizon_s"] = to_seconds(s.run.horizon);
  j["account_concurrency"] = s.model.account.concurrency_limit;
  json reserved = json::object();
  for (const FunctionConfig& f : s.model.functions) {
    if (f.reserved_concurrency) reserved[f.name] = *f.reserved_concurrency;
  }
  j["reserved_concurrency"] = reserved;
  json faults = json::array();
  const std::vector<FaultConfig>& timeline = s.model.faults.timeline;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const FaultConfig& f = timeline[i];
    json w = json::object();
    w["index"] = i;
    w["kind"] = std::string(fault_kind_name(f.kind));
    w["subject"] = fault_subject(f);
    w["start_s"] = to_seconds(f.at);
    w["end_s"] = f.duration == kTimeInfinity ? json(nullptr) : json(to_seconds(f.at + f.duration));
    faults.push_back(w);
  }
  j["faults"] = faults;
  return j;
}

std::string dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string explain_document_json(const Scenario& scenario) {
  const Explanation e = explain(scenario.model, scenario.run.horizon);
  const ResourceBudget budget = estimate_budget(scenario, RunShape{});
  json j = json::parse(render_explanation_json(e));
  j["budget"] = json::parse(budget_to_json(budget, BudgetLimits{}));
  return dump(j);
}

std::string scenario_question(std::string_view yaml_text) {
  std::string out;
  bool paragraph_break = false;
  std::size_t pos = 0;
  while (pos < yaml_text.size()) {
    std::size_t end = yaml_text.find('\n', pos);
    if (end == std::string_view::npos) end = yaml_text.size();
    std::string_view line = yaml_text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] != '#') break;
    line.remove_prefix(1);
    if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      paragraph_break = !out.empty();
      continue;
    }
    if (!out.empty()) out += paragraph_break ? "\n\n" : " ";
    paragraph_break = false;
    out += line;
  }
  return out;
}

std::string scenario_question_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return scenario_question(text.str());
}

std::string run_explain_json(const Scenario& scenario, const std::string& question) {
  json j = json::parse(explain_document_json(scenario));
  j["scenario"] = scenario_context(scenario, question);
  return dump(j) + "\n";
}

std::string compare_explain_json(const Scenario& base, const std::string& question,
                                 const std::vector<Scenario>& variants,
                                 const std::vector<std::string>& names) {
  json j = json::object();
  j["scenario"] = scenario_context(base, question);
  json list = json::array();
  for (std::size_t i = 0; i < variants.size() && i < names.size(); ++i) {
    json v = json::object();
    v["name"] = names[i];
    v["scenario"] = scenario_context(variants[i], question);
    v["explain"] = json::parse(explain_document_json(variants[i]));
    list.push_back(v);
  }
  j["variants"] = list;
  return dump(j) + "\n";
}

}  // namespace lambdasim
