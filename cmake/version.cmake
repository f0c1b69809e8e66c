# `lambdasim --version`: the project version and the git commit, compiled
# from one generated source of the executable (sim/cli/version.hpp). The
# commit is read at every build, not only at configure; the source is
# rewritten only when it changes, so a new commit recompiles that file and
# relinks the executable, nothing else.
find_package(Git QUIET)
set(LAMBDASIM_VERSION_CPP ${PROJECT_BINARY_DIR}/generated/version.cpp)
set(LAMBDASIM_VERSION_ARGS -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DGIT_EXECUTABLE=${GIT_EXECUTABLE}
    -DVERSION=${PROJECT_VERSION} -DINPUT=${PROJECT_SOURCE_DIR}/cmake/version.cpp.in
    -DOUTPUT=${LAMBDASIM_VERSION_CPP} -P ${PROJECT_SOURCE_DIR}/cmake/git_version.cmake)
# Once now, so the file exists for the first build and for compile_commands.json.
execute_process(COMMAND ${CMAKE_COMMAND} ${LAMBDASIM_VERSION_ARGS})
add_custom_target(lambdasim_version
  COMMAND ${CMAKE_COMMAND} ${LAMBDASIM_VERSION_ARGS}
  BYPRODUCTS ${LAMBDASIM_VERSION_CPP}
  COMMENT "Reading the git commit for lambdasim --version"
  VERBATIM)
target_sources(lambdasim PRIVATE ${LAMBDASIM_VERSION_CPP})
add_dependencies(lambdasim lambdasim_version)
