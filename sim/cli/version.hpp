// What `lambdasim --version` prints: the project's version (CMake project())
// and the git commit the binary was built from. Defined in a small source
// generated at each build (cmake/version.cpp.in), so a new commit recompiles
// that one file and relinks, never the library.
#pragma once

#include <string_view>

namespace lambdasim::cli {

// "lambdasim 0.1.0 (git 0123456789ab)"; "(git unknown)" when built outside
// a git checkout; "-dirty" after the commit when tracked files had changes.
std::string_view version_text();

}  // namespace lambdasim::cli
