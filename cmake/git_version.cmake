# Writes OUTPUT from INPUT (cmake/version.cpp.in) with the project version
# (VERSION) and the git commit of SOURCE_DIR, at every build (cmake -P, from
# the lambdasim_version target). configure_file leaves OUTPUT untouched when
# its text would not change, so an unchanged commit rebuilds nothing.
set(commit unknown)
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
                  OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE head_rc ERROR_QUIET)
  if(head_rc EQUAL 0 AND head)
    set(commit ${head})
    # Tracked files only: build outputs and scratch files do not count.
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} status --porcelain
                            --untracked-files=no
                    OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE status_rc ERROR_QUIET)
    if(status_rc EQUAL 0 AND changes)
      string(APPEND commit -dirty)
    endif()
  endif()
endif()
set(LAMBDASIM_VERSION_NUMBER ${VERSION})
set(LAMBDASIM_GIT_COMMIT ${commit})
configure_file(${INPUT} ${OUTPUT} @ONLY)
