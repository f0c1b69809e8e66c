// What model parts declare about themselves (counters, explain steps,
// parameter rows, checks), gathered at static initialisation as ns-3
// registers its TypeIds, and read back in an order that does not depend on
// the order translation units initialise in: by part, then as registered.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdasim {

template <class Entry>
struct Registered {
  std::string_view part;  // the declaring part ("dns_resolver")
  Entry entry;
};

// One list per Entry type. Not thread-safe: add() runs during static
// initialisation, the readers after it.
template <class Entry>
class Registry {
 public:
  // Returns the entry's index in registration order.
  static std::size_t add(std::string_view part, Entry entry) {
    std::vector<Registered<Entry>>& l = list();
    l.push_back({part, std::move(entry)});
    return l.size() - 1;
  }

  static std::span<const Registered<Entry>> in_registration_order() { return list(); }

  // Indices into in_registration_order(), by part, then as registered.
  static std::vector<std::size_t> part_order() {
    const std::vector<Registered<Entry>>& l = list();
    std::vector<std::size_t> order(l.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&l](std::size_t a, std::size_t b) { return l[a].part < l[b].part; });
    return order;
  }

 private:
  // A function-local static: ready for the first add(), whichever
  // translation unit initialises first.
  static std::vector<Registered<Entry>>& list() {
    static std::vector<Registered<Entry>> entries;
    return entries;
  }
};

}  // namespace lambdasim
