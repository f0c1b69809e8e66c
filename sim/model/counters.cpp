#include "lambdasim/model/counters.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "lambdasim/kernel/registry.hpp"

namespace lambdasim {

namespace {

using Counters = Registry<CounterSpec>;

// The specs by id, rebuilt when a counter is declared (static
// initialisation only), so that readers get a contiguous span.
std::vector<CounterSpec>& specs() {
  static std::vector<CounterSpec> by_id;
  return by_id;
}

}  // namespace

CounterId declare_counter(const CounterSpec& spec) {
  const std::size_t id = Counters::add(spec.part, spec);
  if (id >= std::numeric_limits<std::uint16_t>::max()) {
    throw std::length_error("too many declared counters");
  }
  specs().push_back(spec);
  return {static_cast<std::uint16_t>(id)};
}

std::span<const CounterSpec> declared_counters() {
  return specs();
}

CounterId counter_named(std::string_view name) {
  const std::vector<CounterSpec>& s = specs();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i].name == name) return {static_cast<std::uint16_t>(i)};
  }
  throw std::out_of_range("no counter declared as " + std::string(name));
}

const std::vector<std::uint16_t>& counter_output_order() {
  static const std::vector<std::uint16_t> kOrder = [] {
    std::vector<std::uint16_t> order;
    for (const std::size_t i : Counters::part_order()) {
      order.push_back(static_cast<std::uint16_t>(i));
    }
    return order;
  }();
  return kOrder;
}

}  // namespace lambdasim
