# One static library per architectural layer, its sources globbed from its
# folder so adding a file needs no CMake edit.  Dependencies point one way:
# jinja <- http/routing <- server <- flask <- cli.
function(flaskcpp_layer name)
  cmake_parse_arguments(L "" "" "DIRS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(sources)
  foreach(dir IN LISTS L_DIRS)
    file(GLOB dir_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp)
    list(APPEND sources ${dir_sources})
  endforeach()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:include>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# One gtest executable per folder of tests/unit, named unit_<folder>.
function(flaskcpp_unit_tests folder)
  file(GLOB test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/*.cpp)
  if(NOT test_sources)
    return()
  endif()
  add_executable(unit_${folder} ${test_sources})
  target_link_libraries(unit_${folder} PRIVATE flask::flask GTest::gtest GTest::gtest_main)
  target_include_directories(unit_${folder} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  add_test(NAME unit_${folder} COMMAND unit_${folder})
  set_tests_properties(unit_${folder} PROPERTIES ENVIRONMENT "FLASKCPP_SHARED=${FLASKCPP_SHARED}")
endfunction()
