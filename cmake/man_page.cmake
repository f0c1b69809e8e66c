# Writes the man page OUTPUT with help2man from LAMBDASIM's --help and
# --version, plus an include file (INCLUDE, written here) with a section per
# subcommand (its --help, verbatim), the exit codes and where the installed
# files are (cmake -P, from the lambdasim_man target).
execute_process(COMMAND ${LAMBDASIM} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${LAMBDASIM} --help failed: ${rc}")
endif()
# The subcommands: the names listed under "Subcommands:".
string(REGEX REPLACE ".*\nSubcommands:\n" "" subs "${top}")
string(REGEX MATCHALL "(^|\n)  [a-z][a-z-]*" subs "${subs}")

# Text for roff: backslashes escaped, no line starting with a control character.
function(roff_verbatim text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} ".nf\n${text}\n.fi\n" PARENT_SCOPE)
endfunction()

set(h2m "[NAME]\nlambdasim \\- discrete-event simulator of AWS Lambda networking and ENI-limited concurrency\n")
string(APPEND h2m "[SUBCOMMANDS]\n")
foreach(sub IN LISTS subs)
  string(STRIP "${sub}" sub)
  execute_process(COMMAND ${LAMBDASIM} ${sub} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${LAMBDASIM} ${sub} --help failed: ${rc}")
  endif()
  string(STRIP "${help}" help)
  string(REPLACE "${LAMBDASIM}" "lambdasim" help "${help}")  # CLI11 prints argv[0]
  roff_verbatim("${help}" body)
  string(APPEND h2m ".SS ${sub}\n${body}")
endforeach()
string(APPEND h2m "[EXIT STATUS]
0 ok; 2 bad input (scenario, flag, override, \\-\\-log\\-level): every diagnostic is printed
on stderr as file:line:col, key, expectation; 3 internal error.
[FILES]
.TP
.I /usr/share/lambdasim/scenarios/
The shipped scenarios, each starting with the question it answers.
.TP
.I /usr/share/lambdasim/scenario.schema.json
The scenario format as a JSON Schema (draft-07), for editors: start a scenario with
.B # yaml-language-server: $schema=/usr/share/lambdasim/scenario.schema.json
.TP
.I /usr/share/doc/lambdasim/
README.md (the scenario reference) and aws-facts.md (the AWS facts behind every default).
")
file(WRITE ${INCLUDE} "${h2m}")
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --include=${INCLUDE}
                        --output=${OUTPUT}.tmp ${LAMBDASIM}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed: ${rc}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
