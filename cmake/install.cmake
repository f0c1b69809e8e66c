# How lambdasim installs (`cmake --install`, `cpack -G DEB`): the binary, the
# shipped scenarios, the docs, a man page made with help2man, bash
# completion, and the scenario format's JSON Schema for editors.
include(GNUInstallDirs)

set(LAMBDASIM_GENERATED ${PROJECT_BINARY_DIR}/generated)

install(TARGETS lambdasim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Scenarios with the trace files they read (paths relative to the scenario).
install(DIRECTORY scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lambdasim/scenarios)
install(FILES README.md docs/aws-facts.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
foreach(licence LICENSE LICENSE.md LICENSE.txt COPYING)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${licence})
    install(FILES ${licence} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()
# The chart library compiled into the binary for report.html (MIT): its
# licence goes with it.
install(FILES third_party/uplot/LICENSE third_party/uplot/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/third_party/uplot)
install(FILES tools/lambdasim-completion.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME lambdasim)

# The JSON Schema, from the binary: what `lambdasim schema --format
# json-schema` prints, so an editor can point at the installed file.
add_custom_command(
  OUTPUT ${LAMBDASIM_GENERATED}/scenario.schema.json
  COMMAND ${CMAKE_COMMAND} -DCOMMAND=$<TARGET_FILE:lambdasim> "-DARGS=schema;--format;json-schema"
          -DOUTPUT=${LAMBDASIM_GENERATED}/scenario.schema.json
          -P ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
  DEPENDS lambdasim ${PROJECT_SOURCE_DIR}/cmake/run_to_file.cmake
  COMMENT "Writing scenario.schema.json"
  VERBATIM)
add_custom_target(lambdasim_json_schema ALL DEPENDS ${LAMBDASIM_GENERATED}/scenario.schema.json)
install(FILES ${LAMBDASIM_GENERATED}/scenario.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lambdasim)

# The man page, from --help and --version (help2man), with every
# subcommand's --help and the exit codes (cmake/man_include.cmake).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(LAMBDASIM_MAN ${LAMBDASIM_GENERATED}/lambdasim.1)
  add_custom_command(
    OUTPUT ${LAMBDASIM_MAN}
    COMMAND ${CMAKE_COMMAND} -DLAMBDASIM=$<TARGET_FILE:lambdasim> -DHELP2MAN=${HELP2MAN}
            -DINCLUDE=${LAMBDASIM_GENERATED}/lambdasim.h2m -DOUTPUT=${LAMBDASIM_MAN}
            -P ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
    DEPENDS lambdasim ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
    COMMENT "Writing the man page lambdasim.1 (help2man)"
    VERBATIM)
  add_custom_target(lambdasim_man ALL DEPENDS ${LAMBDASIM_MAN})
  install(FILES ${LAMBDASIM_MAN} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page is built or installed "
                 "(tools/setup.sh installs help2man)")
endif()

# `cpack -G DEB` in the build directory: a .deb installing under /usr.
set(LAMBDASIM_PACKAGE_CONTACT "lambdasim maintainers <lambdasim@localhost>"
    CACHE STRING "Maintainer field of the .deb")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lambdasim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${LAMBDASIM_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "discrete-event simulator of AWS Lambda networking and ENI-limited concurrency")
set(CPACK_PACKAGE_DESCRIPTION
    "Replays a YAML scenario's traffic through a model of Lambda scaling, execution "
    "environments and VPC networking (ENIs, subnet IPs, NAT gateways, endpoints, faults) and "
    "reports throttles, errors, latency, cold starts, network use and cost.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries the binary links (yaml-cpp, fmt, spdlog, the C++
# runtime), found by dpkg-shlibdeps; listed by hand where it is missing.
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libyaml-cpp0.7, libfmt9, libspdlog1.10, libstdc++6, libc6")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, python3-matplotlib")
include(CPack)
