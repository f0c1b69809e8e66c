// docs/aws-facts.md against what cites it: every id that a parameter row's
// source or a fault kind's source names is a row of the page, every key AWS
// documents nothing about is in the page's last table, each row has a value,
// a source and a date, and nothing cites the old facts file outside the
// repository any more (a user's clone does not have it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/scenario/params.hpp"

namespace {

using namespace lambdasim;
namespace fs = std::filesystem;

const fs::path kRoot = LAMBDASIM_SOURCE_DIR;
constexpr std::string_view kCite = "docs/aws-facts.md#";
constexpr std::string_view kAnchor = "<a id=\"";
constexpr std::string_view kNotAwsFact = "(not an AWS fact)";
constexpr std::string_view kNotDocumentedSection = "<a id=\"not-documented\"></a>";
// The old file's name and folder (outside the repository), split so that this
// file does not find itself.
const std::string kOldFacts = std::string("AWS_") + "FACTS";
const std::string kOldFolder = std::string("../") + "shared/";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_id_char(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 ||
         std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-';
}

// Every `<a id="..."></a>` of the page, in order, duplicates kept.
std::vector<std::string> page_ids(std::string_view markdown) {
  std::vector<std::string> ids;
  for (auto at = markdown.find(kAnchor); at != std::string_view::npos;
       at = markdown.find(kAnchor, at + 1)) {
    const auto begin = at + kAnchor.size();
    const auto end = markdown.find('"', begin);
    if (end == std::string_view::npos) break;
    ids.emplace_back(markdown.substr(begin, end - begin));
  }
  return ids;
}

// The ids a source cites: what follows each "docs/aws-facts.md#".
std::vector<std::string> cited_ids(std::string_view source) {
  std::vector<std::string> ids;
  for (auto at = source.find(kCite); at != std::string_view::npos;
       at = source.find(kCite, at + 1)) {
    auto end = at + kCite.size();
    while (end < source.size() && is_id_char(source[end])) ++end;
    ids.emplace_back(source.substr(at + kCite.size(), end - at - kCite.size()));
  }
  return ids;
}

// The ids a source cites that the page does not have (an empty id counts).
std::vector<std::string> missing_ids(std::string_view source, const std::set<std::string>& ids) {
  std::vector<std::string> missing;
  for (const std::string& id : cited_ids(source)) {
    if (id.empty() || !ids.contains(id)) missing.push_back(id);
  }
  return missing;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

// The cells of a Markdown table row "| a | b |" -> {"a", "b"}.
std::vector<std::string> cells(std::string_view row) {
  std::vector<std::string> out;
  std::size_t begin = 1;  // after the leading '|'
  for (auto bar = row.find('|', begin); bar != std::string_view::npos; bar = row.find('|', begin)) {
    out.push_back(trim(row.substr(begin, bar - begin)));
    begin = bar + 1;
  }
  return out;
}

struct PageRow {
  std::string id;
  std::vector<std::string> cells;
  bool not_documented_table = false;  // a row of the last table (parameter, default, why)
};

// The rows that carry an id, from the page's tables.
std::vector<PageRow> page_rows(const std::string& markdown) {
  std::vector<PageRow> rows;
  const auto nd_start = markdown.find(kNotDocumentedSection);
  std::istringstream in(markdown);
  std::size_t offset = 0;
  for (std::string line; std::getline(in, line); offset += line.size() + 1) {
    if (!line.starts_with(std::string("| ") + std::string(kAnchor))) continue;
    PageRow row;
    row.cells = cells(line);
    const std::vector<std::string> ids = page_ids(line);
    if (!ids.empty()) row.id = ids.front();
    row.not_documented_table = nd_start != std::string::npos && offset > nd_start;
    rows.push_back(std::move(row));
  }
  return rows;
}

// The key paths the last table lists (its second column, without backticks).
std::set<std::string> undocumented_paths(const std::vector<PageRow>& rows) {
  std::set<std::string> paths;
  for (const PageRow& r : rows) {
    if (!r.not_documented_table || r.cells.size() < 2) continue;
    std::string p = r.cells[1];
    std::erase(p, '`');
    paths.insert(p);
  }
  return paths;
}

// A source that says the value is the model's own choice.
bool says_parameter(std::string_view source) {
  return source.find("not documented") != std::string_view::npos ||
         source.find("is a parameter") != std::string_view::npos;
}

const std::string& page() {
  static const std::string text = read_text(kRoot / "docs" / "aws-facts.md");
  return text;
}

std::set<std::string> page_id_set() {
  const std::vector<std::string> ids = page_ids(page());
  return {ids.begin(), ids.end()};
}

}  // namespace

TEST_CASE("docs/aws-facts.md: one row per id, each with a value, a source and a date", "[docs]") {
  const std::vector<std::string> ids = page_ids(page());
  const std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());  // no id twice
  CHECK(ids.size() > 70);
  for (const std::string& id : ids) {
    INFO(id);
    CHECK_FALSE(id.empty());
    CHECK(std::all_of(id.begin(), id.end(), is_id_char));
  }
  const std::vector<PageRow> rows = page_rows(page());
  REQUIRE(rows.size() > 60);
  int fact_rows = 0;
  int not_documented_rows = 0;
  for (const PageRow& r : rows) {
    INFO(r.id);
    REQUIRE_FALSE(r.cells.empty());
    // The id is shown as well as anchored, and both agree.
    CHECK(r.cells[0] == "<a id=\"" + r.id + "\"></a>`" + r.id + "`");
    for (const std::string& c : r.cells) CHECK_FALSE(c.empty());
    if (r.not_documented_table) {
      ++not_documented_rows;
      CHECK(r.id.starts_with("nd-"));
      CHECK(r.cells.size() == 4);  // id, parameter, default, why
      continue;
    }
    ++fact_rows;
    // id, fact, value, what the model does, source, as of.
    REQUIRE(r.cells.size() == 6);
    const std::string& value = r.cells[2];
    const std::string& source = r.cells[4];
    const std::string& as_of = r.cells[5];
    // A fact without a source is one AWS does not document, and says so.
    if (source == "—") CHECK(value.starts_with("Not documented"));
    CHECK(std::any_of(as_of.begin(), as_of.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }));
  }
  CHECK(fact_rows > 55);
  CHECK(not_documented_rows >= 12);
}

TEST_CASE("every parameter row cites ids of docs/aws-facts.md", "[docs]") {
  const std::set<std::string> ids = page_id_set();
  const std::set<std::string> listed = undocumented_paths(page_rows(page()));
  int citing = 0;
  int model_parameters = 0;
  for (const ParamSpec& p : param_table()) {
    if (p.path.empty()) continue;
    INFO(p.path << ": " << p.source);
    CHECK(p.source.find(kOldFacts) == std::string_view::npos);
    const std::vector<std::string> cited = cited_ids(p.source);
    if (!cited.empty()) ++citing;
    CHECK(missing_ids(p.source, ids).empty());
    // A source cites the page, or is the user's own value.
    CHECK((!cited.empty() || p.source.find(kNotAwsFact) != std::string_view::npos));
    // A value AWS does not document is listed, with why its default was
    // chosen, in the page's last table (sections have no value).
    if (says_parameter(p.source) && p.type != ParamType::kSection) {
      ++model_parameters;
      CHECK(listed.contains(std::string(p.path)));
    }
  }
  CHECK(citing > 60);
  CHECK(model_parameters == static_cast<int>(listed.size()));
  // And the table lists no key the schema does not have.
  for (const std::string& path : listed) {
    INFO(path);
    CHECK(find_param(path) != nullptr);
  }
}

TEST_CASE("every fault kind cites ids of docs/aws-facts.md", "[docs]") {
  const std::set<std::string> ids = page_id_set();
  int citing = 0;
  for (const FaultKindSpec& k : fault_kind_specs()) {
    INFO(k.name << ": " << k.source);
    CHECK_FALSE(k.source.empty());
    CHECK(k.source.find(kOldFacts) == std::string_view::npos);
    if (!cited_ids(k.source).empty()) ++citing;
    CHECK(missing_ids(k.source, ids).empty());
    CHECK((!cited_ids(k.source).empty() || k.source.find(kNotAwsFact) != std::string_view::npos));
  }
  CHECK(citing == 5);  // all but the two faults of the user's own targets
}

TEST_CASE("a cited id the page does not have is reported", "[docs]") {
  const std::set<std::string> ids = page_id_set();
  REQUIRE(ids.contains("nat-connections"));
  CHECK(missing_ids("docs/aws-facts.md#nat-connections (55,000)", ids).empty());
  CHECK(missing_ids("docs/aws-facts.md#nat-connections (55,000); docs/aws-facts.md#no-such-fact",
                    ids) == std::vector<std::string>{"no-such-fact"});
  CHECK(missing_ids("docs/aws-facts.md# (an empty id)", ids) == std::vector<std::string>{""});
  CHECK(cited_ids("workload description (not an AWS fact)").empty());
  CHECK(cited_ids("docs/aws-facts.md#keep-alive (3rd, ~10 min); not documented by AWS") ==
        std::vector<std::string>{"keep-alive"});
  CHECK(page_ids("| <a id=\"x-1\"></a>`x-1` | ... |\n<a id=\"y\"></a>") ==
        std::vector<std::string>{"x-1", "y"});
  // A parameter the last table does not list is noticed.
  const std::set<std::string> listed = undocumented_paths(page_rows(page()));
  CHECK(listed.contains("spec.network.eni_api_burst"));
  CHECK_FALSE(listed.contains("spec.account.concurrency"));
}

TEST_CASE("no file cites the facts file outside the repository", "[docs]") {
  const std::set<std::string> kinds = {".cpp", ".hpp", ".md", ".txt", ".sh", ".py", ".yaml"};
  std::vector<fs::path> files = {kRoot / "README.md", kRoot / "CMakeLists.txt"};
  for (const char* dir : {"sim", "include", "tests", "tools", "scenarios", "docs"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / dir)) {
      if (entry.is_regular_file() && kinds.contains(entry.path().extension().string())) {
        files.push_back(entry.path());
      }
    }
  }
  CHECK(files.size() > 100);
  for (const fs::path& f : files) {
    INFO(f.string());
    const std::string text = read_text(f);
    CHECK(text.find(kOldFacts) == std::string::npos);
    CHECK(text.find(kOldFolder) == std::string::npos);
  }
  CHECK(read_text(kRoot / "README.md").find("docs/aws-facts.md") != std::string::npos);
  CHECK(read_text(kRoot / "sim" / "README.md").find("docs/aws-facts.md") != std::string::npos);
}
