// Scenario::location_of: a key's place in the file, for checks made after
// loading. The walker records every key it reads (walker.hpp).
#include <string>

#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

Location Scenario::location_of(std::string_view path) const {
  if (key_locations) {
    std::string p(path);
    for (;;) {
      if (auto it = key_locations->find(p); it != key_locations->end()) return it->second;
      const std::size_t cut = p.find_last_of(".[");
      if (cut == std::string::npos || p.empty()) break;
      p.resize(cut);
    }
    if (auto it = key_locations->find(""); it != key_locations->end()) return it->second;
  }
  return Location{file, 1, 1};
}

}  // namespace lambdasim
