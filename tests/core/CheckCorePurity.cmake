# SPDX-License-Identifier: MIT
# Fails when a file under core/ includes a header that does I/O, talks to the OS or to a native
# library. core/ must compile unchanged to WebAssembly and be testable without a machine around it.
file(GLOB_RECURSE files "${CORE_DIR}/*.h" "${CORE_DIR}/*.cpp")
set(forbidden "fstream|filesystem|iostream|cstdio>|stdio.h|ctime|chrono|random|thread|mutex|sys/|unistd|openssl|sqlite|SQLiteCpp|httplib|dcmtk|emscripten|GLFW|imgui")
set(bad "")
foreach(f IN LISTS files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](${forbidden})")
  if(lines)
    list(APPEND bad "${f}: ${lines}")
  endif()
endforeach()
if(bad)
  string(REPLACE ";" "\n" msg "${bad}")
  message(FATAL_ERROR "core/ includes forbidden headers:\n${msg}")
endif()
list(LENGTH files n)
message(STATUS "core/ is pure: ${n} files checked")
