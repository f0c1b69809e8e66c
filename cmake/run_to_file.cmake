# Runs COMMAND with ARGS (a list) and writes its stdout to OUTPUT; fails on a
# non-zero exit (cmake -P, for build steps that capture a program's output).
execute_process(COMMAND ${COMMAND} ${ARGS} OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "${COMMAND} ${ARGS} failed: ${rc}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
