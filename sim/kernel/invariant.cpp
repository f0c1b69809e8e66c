#include "lambdasim/kernel/invariant.hpp"

#include <cstdio>
#include <cstdlib>

namespace lambdasim {

void invariant_failed(const char* condition, const char* what, const char* file,
                      int line) noexcept {
  // stdio, not spdlog: this must work from any thread and in any state.
  std::fprintf(stderr, "lambdasim: invariant broken at %s:%d: %s (%s)\n", file, line, what,
               condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace lambdasim
