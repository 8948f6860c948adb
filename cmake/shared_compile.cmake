# How the libraries and the fuzz targets are compiled alike.

# With clang, the library headers nearly every file parses (nlohmann/json, Xapian, ICU's strings
# and the standard library) are precompiled once per build and reused by every library, rather
# than parsed again for each file: a fifth of the libraries' compile time in the sanitized build
# (372 against 288 CPU-seconds). GCC's precompiled header, with debug information, is a 113 MB
# image that each file loads: it saved nothing there (375 against 371), so GCC builds go without.
# A precompiled header needs the same flags in every file that uses it (the test programs, compiled
# at -O0, have their own: tests/CMakeLists.txt).
set(R2P_PRECOMPILED_HEADERS
    <nlohmann/json.hpp> <xapian.h> <unicode/unistr.h>
    <algorithm> <filesystem> <fstream> <functional> <map> <memory> <optional> <set> <sstream>
    <stdexcept> <string> <string_view> <unordered_map> <vector>)

# r2p_library_code(TARGET): TARGET is compiled as the libraries are: in a fuzzing build (R2P_FUZZ)
# with libFuzzer's coverage instrumentation, which the fuzz targets need in all the code they
# reach; with clang, from the shared precompiled header, which the first library builds.
function(r2p_library_code target)
  target_compile_options(${target} PRIVATE ${R2P_FUZZ_COVERAGE})
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    return()
  endif()
  get_property(owner GLOBAL PROPERTY R2P_PCH_OWNER)
  if(owner)
    target_precompile_headers(${target} REUSE_FROM ${owner})
  else()
    target_precompile_headers(${target} PRIVATE ${R2P_PRECOMPILED_HEADERS})
    set_property(GLOBAL PROPERTY R2P_PCH_OWNER ${target})
  endif()
endfunction()
