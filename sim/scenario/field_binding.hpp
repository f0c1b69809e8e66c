// Private to the scenario layer: parameter rows bound to a field of a config
// struct (ns-3's AddAttribute with an accessor). A row written as
//   field<&ApplyContext::account, &AccountConfig::concurrency_limit>({.path = ..., ...})
// stores its parsed value in that field, converted by the field's C++ type
// (int, duration, rate, bool, string, enum by its name table, distribution,
// optional<>, ...), and takes its default text from a default-constructed
// struct, formatted for the row's type: each default is stated once, in the
// struct. A row with a default_text of its own keeps it ("(derived: ...)").
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "lambdasim/scenario/params.hpp"
#include "scenario/apply_context.hpp"
#include "scenario/enum_names.hpp"

namespace lambdasim {

// How the field holds a value of the row's canonical unit.
enum class FieldUnit {
  kCanonical,  // as parsed: seconds, bytes, MiB, per second, bits/s, ...
  kPerMinute,  // a rate held per minute (`legacy_increase_per_min`)
  kGbps,       // a bandwidth held in Gbps (`bandwidth_gbps`)
};

// Stores a parsed value into a field of the field's type.
void assign_value(int& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(std::int64_t& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(std::uint64_t& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(double& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(bool& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(SimTime& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(std::string& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(std::vector<std::string>& f, const ParamSpec& row, const ParamValue& v,
                  FieldUnit u);
void assign_value(std::vector<double>& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);
void assign_value(DurationDistribution& f, const ParamSpec& row, const ParamValue& v, FieldUnit u);

// A field's value as scenario text for the row ("" for no default: an empty
// string or list, an unset optional).
std::string value_text(int f, const ParamSpec& row, FieldUnit u);
std::string value_text(std::int64_t f, const ParamSpec& row, FieldUnit u);
std::string value_text(std::uint64_t f, const ParamSpec& row, FieldUnit u);
std::string value_text(double f, const ParamSpec& row, FieldUnit u);
std::string value_text(bool f, const ParamSpec& row, FieldUnit u);
std::string value_text(SimTime f, const ParamSpec& row, FieldUnit u);
std::string value_text(const std::string& f, const ParamSpec& row, FieldUnit u);
std::string value_text(const std::vector<std::string>& f, const ParamSpec& row, FieldUnit u);
std::string value_text(const std::vector<double>& f, const ParamSpec& row, FieldUnit u);
std::string value_text(const DurationDistribution& f, const ParamSpec& row, FieldUnit u);

template <class E>
requires std::is_enum_v<E>
void assign_value(E& f, const ParamSpec&, const ParamValue& v, FieldUnit) {
  for (const auto& [name, value] : enum_names(E{})) {
    if (name == v.text) {
      f = value;
      return;
    }
  }
  // The row's values come from the same table, so the walker never lets an
  // unknown name through: this is a bug, never a silent default.
  throw std::logic_error("enum name missing from its table: " + v.text);
}

template <class E>
requires std::is_enum_v<E> std::string value_text(E f, const ParamSpec&, FieldUnit) {
  for (const auto& [name, value] : enum_names(E{})) {
    if (value == f) return std::string(name);
  }
  return "?";
}

template <class T>
void assign_value(std::optional<T>& f, const ParamSpec& row, const ParamValue& v, FieldUnit u) {
  assign_value(f.emplace(), row, v, u);
}

template <class T>
std::string value_text(const std::optional<T>& f, const ParamSpec& row, FieldUnit u) {
  return f ? value_text(*f, row, u) : std::string();
}

// The struct an accessor of ApplyContext reaches.
template <auto Reach>
using Reached = std::remove_reference_t<std::invoke_result_t<decltype(Reach), ApplyContext&>>;

template <auto Reach, auto Member, FieldUnit U>
void store_field(ApplyContext& c, const ParamSpec& row, const ParamValue& v) {
  assign_value(std::invoke(Reach, c).*Member, row, v, U);
}

template <class T>
struct Unoptional {
  using type = T;
};
template <class T>
struct Unoptional<std::optional<T>> {
  using type = T;
};

// Whether the key must be written wherever it applies (then it has no default).
inline bool always_required(const ParamSpec& row) {
  return row.required ||
         (!row.required_for.empty() && (row.only_for.empty() || row.only_for == row.required_for));
}

// A row storing into `Reach(ctx).*Member`; an enum row takes its values from
// the enum's name table.
template <auto Reach, auto Member, FieldUnit U = FieldUnit::kCanonical>
ParamSpec field(ParamSpec row) {
  using Field = std::remove_cvref_t<decltype(std::declval<Reached<Reach>&>().*Member)>;
  using Value = typename Unoptional<Field>::type;
  if constexpr (std::is_enum_v<Value>) {
    if (row.values.empty()) {
      for (const auto& e : enum_names(Value{})) row.values.push_back(e.name);
    }
  }
  row.apply = &store_field<Reach, Member, U>;
  if (row.default_text.empty() && !always_required(row)) {
    row.default_text = value_text(Reached<Reach>{}.*Member, row, U);
  }
  return row;
}

// A list item or named-map entry: appends a default element to the list
// `List(ctx)`, names it after the entry (when it has a name), and makes it
// the current one (`ctx.*Index`).
template <auto List, auto Index>
void append_element(ApplyContext& c, const ParamSpec&, const ParamValue& v) {
  auto& list = std::invoke(List, c);
  auto& e = list.emplace_back();
  using Element = std::remove_reference_t<decltype(e)>;
  if constexpr (requires(Element & x) { x.name = v.text; }) e.name = v.text;
  c.*Index = list.size() - 1;
}
template <auto List, auto Index>
ParamSpec element(ParamSpec row) {
  row.apply = &append_element<List, Index>;
  return row;
}

// An optional section (`vpc`, `source`): present once written.
template <auto Reach, auto Member>
void engage_section(ApplyContext& c, const ParamSpec&, const ParamValue&) {
  (std::invoke(Reach, c).*Member).emplace();
}
template <auto Reach, auto Member>
ParamSpec optional_section(ParamSpec row) {
  row.apply = &engage_section<Reach, Member>;
  return row;
}

}  // namespace lambdasim
