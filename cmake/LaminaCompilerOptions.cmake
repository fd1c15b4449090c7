# Compiler flags shared by every Lamina target, collected in one interface target so
# third-party code (which we never compile) is unaffected.
add_library(lamina_compile_options INTERFACE)
target_compile_options(lamina_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(LAMINA_WERROR)
  target_compile_options(lamina_compile_options INTERFACE -Werror)
endif()

if(CMAKE_BUILD_TYPE STREQUAL "Release")
  # CMake's default Release flag is -O3 already; say so explicitly, the engine depends on it.
  target_compile_options(lamina_compile_options INTERFACE -O3)
endif()
if(LAMINA_NATIVE)
  target_compile_options(lamina_compile_options INTERFACE -march=native)
endif()

if(LAMINA_SANITIZE)
  target_compile_options(lamina_compile_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(lamina_compile_options INTERFACE -fsanitize=address,undefined)
endif()

if(LAMINA_FUZZ)
  # Coverage in every module, not only in the fuzz targets: libFuzzer is guided by the
  # readers' own branches.
  target_compile_options(lamina_compile_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Every Lamina module includes headers by module path ("engine/...", "io/..."), relative
# to the source root. Layering is checked separately (LaminaLayering.cmake and the
# layering test), since a shared include root cannot forbid an upward include.
function(lamina_module target)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE lamina_compile_options)
endfunction()
