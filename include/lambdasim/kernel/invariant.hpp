// Invariants of the model (a count never negative, a quota never above its
// limit), checked where the count changes in test builds and compiled out of
// release builds, whose event loop must not pay for them. A broken invariant
// is a bug of the simulator, never of the input: the process stops at once.
#pragma once

namespace lambdasim {

// Prints "lambdasim: invariant broken at FILE:LINE: WHAT (CONDITION)" on
// stderr and aborts.
[[noreturn]] void invariant_failed(const char* condition, const char* what, const char* file,
                                   int line) noexcept;

}  // namespace lambdasim

// LAMBDASIM_CHECK_INVARIANTS is on in Debug builds (the dev, asan, tsan and
// fuzz presets: CMakeLists.txt) and off in release builds.
#if defined(LAMBDASIM_CHECK_INVARIANTS) && LAMBDASIM_CHECK_INVARIANTS
#define LAMBDASIM_INVARIANT(condition, what) \
  ((condition) ? static_cast<void>(0)        \
               : ::lambdasim::invariant_failed(#condition, what, __FILE__, __LINE__))
#else
#define LAMBDASIM_INVARIANT(condition, what) static_cast<void>(0)
#endif
