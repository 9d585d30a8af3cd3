# One call per component, in the manner of abseil's absl_cc_library:
#   onegrid_library(NAME core SRCS a.cpp b.cpp DEPS onegrid::x Boost::headers)
# builds onegrid_<NAME> with alias onegrid::<NAME>, include root src/, and our warning set.
# onegrid_test(NAME core SRCS a_test.cpp DEPS onegrid::core) builds <NAME>_test and registers
# every GoogleTest case with CTest. With PG, its cases get the throwaway PostgreSQL cluster
# (ONEGRID_TEST_PG, see onegrid_pg_fixture); with PG_TOO, they run once on SQLite and once more,
# named pg.<case>, on PostgreSQL.
# onegrid_embed(TARGET NAME FILES f1 f2 ...) turns files into a generated source that defines
# `onegrid::embedded::<NAME>()` returning {name, bytes} pairs, so that SQL migrations and the
# OpenAPI document ship inside the binary.

# -Wno-restrict: g++ 12 reports false positives on std::string concatenation at -O2+
# (GCC bug 105329); every other warning is an error.
if(ONEGRID_FUZZ)
  set(ONEGRID_WARNINGS -Wall)  # clang's warnings differ from g++'s; the other trees keep -Werror
else()
  set(ONEGRID_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wno-restrict)
endif()

function(onegrid_library)
  cmake_parse_arguments(OG "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target onegrid_${OG_NAME})
  add_library(${target} STATIC ${OG_SRCS})
  add_library(onegrid::${OG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
  target_compile_options(${target} PRIVATE ${ONEGRID_WARNINGS})
  target_link_libraries(${target} PUBLIC ${OG_DEPS} PRIVATE ${OG_PRIVATE_DEPS})
endfunction()

function(onegrid_test)
  if(ONEGRID_FUZZ)
    return()  # the fuzzing tree (clang + libFuzzer) builds the parsers and their harnesses only
  endif()
  cmake_parse_arguments(OG "PG;PG_TOO" "NAME" "SRCS;DEPS" ${ARGN})
  set(target ${OG_NAME}_test)
  add_executable(${target} ${OG_SRCS})
  target_compile_options(${target} PRIVATE ${ONEGRID_WARNINGS})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests)  # support/*.hpp
  target_link_libraries(${target} PRIVATE ${OG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)  # named frames in logged stacks
  # Where the tests find the project's data/ and the shared/ folder beside the project.
  target_compile_definitions(${target} PRIVATE ONEGRID_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set(pg_properties ENVIRONMENT "ONEGRID_TEST_PG=${ONEGRID_TEST_PG_URL}" FIXTURES_REQUIRED pg)
  if(OG_PG)
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES ${pg_properties})
  else()
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60)
  endif()
  if(OG_PG_TOO)
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 TEST_PREFIX pg. PROPERTIES ${pg_properties})
  endif()
endfunction()

# onegrid_fuzz(NAME x SRCS x_fuzz.cpp DEPS ...) builds a libFuzzer harness of a parser of
# outside bytes (STYLE.md §7b), its seed corpus in fuzz/corpus/x/. In the fuzzing tree
# (ONEGRID_FUZZ, clang) it is linked with libFuzzer and ctest `fuzz.x` fuzzes it for
# ONEGRID_FUZZ_SECONDS; in the other trees it is linked with fuzz/replay_main.cpp and ctest
# `fuzz_corpus.x` runs every file of its corpus through it once (under ASan + UBSan in
# build-asan), so the seeds and every crash kept there stay regression tests.
function(onegrid_fuzz)
  cmake_parse_arguments(OG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target ${OG_NAME}_fuzz)
  set(corpus ${PROJECT_SOURCE_DIR}/fuzz/corpus/${OG_NAME})
  if(ONEGRID_FUZZ)
    add_executable(${target} ${OG_SRCS})
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${target} PRIVATE ${OG_DEPS})
    add_test(NAME fuzz.${OG_NAME}
             COMMAND ${PROJECT_SOURCE_DIR}/scripts/fuzz_run $<TARGET_FILE:${target}> ${corpus} ${ONEGRID_FUZZ_SECONDS})
  else()
    add_executable(${target} ${OG_SRCS} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
    target_compile_options(${target} PRIVATE ${ONEGRID_WARNINGS})
    target_link_libraries(${target} PRIVATE ${OG_DEPS})
    add_test(NAME fuzz_corpus.${OG_NAME} COMMAND ${target} ${corpus})
  endif()
endfunction()

# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for the tests that name the fixture `pg`:
# started before the first of them, stopped after the last (scripts/pg_cluster).
function(onegrid_pg_fixture)
  if(ONEGRID_FUZZ)
    return()
  endif()
  set(dir /tmp/onegrid-test-pg-${ONEGRID_TEST_PG_PORT})
  add_test(NAME pg.cluster.start
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg_cluster start ${dir} ${ONEGRID_TEST_PG_PORT})
  set_tests_properties(pg.cluster.start PROPERTIES FIXTURES_SETUP pg)
  add_test(NAME pg.cluster.stop COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg_cluster stop ${dir})
  set_tests_properties(pg.cluster.stop PROPERTIES FIXTURES_CLEANUP pg)
endfunction()

function(onegrid_embed)
  cmake_parse_arguments(OG "" "TARGET;NAME" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${OG_NAME}.cpp)
  set(abs_files "")
  foreach(f ${OG_FILES})
    list(APPEND abs_files ${CMAKE_CURRENT_SOURCE_DIR}/${f})
  endforeach()
  # A list would be split into separate command words; pass it joined by '|' instead.
  string(REPLACE ";" "|" joined "${abs_files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${OG_NAME} "-DFILES=${joined}"
            -P ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake
    DEPENDS ${abs_files} ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake
    COMMENT "Embedding ${OG_NAME}"
    VERBATIM)
  target_sources(${OG_TARGET} PRIVATE ${out})
endfunction()
