# Installation and find_package(flaskcpp) support, for the installed tree and
# the build tree alike (the flaskcpp command builds apps against either).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FLASKCPP_LAYERS flask_jinja flask_http flask_signing flask_routing flask_server flask_flask flask_sqlite flask_redis_session)
foreach(layer IN LISTS FLASKCPP_LAYERS)
  string(REPLACE "flask_" "" short ${layer})
  set_target_properties(${layer} PROPERTIES EXPORT_NAME ${short})
endforeach()

# libflaskcpp.so: every layer in one shared library.  Apps built by the
# flaskcpp command link it, so a rebuild after an edit links in a fraction
# of a second instead of pulling the static archives again.
add_library(flaskcpp_shared SHARED ${PROJECT_SOURCE_DIR}/src/shared_library.cpp)
# (Raw --whole-archive: CMake's WHOLE_ARCHIVE feature rejects the layers'
# own dependencies on each other.)
set(whole_layers)
foreach(layer flask_redis_session flask_sqlite flask_flask flask_server flask_routing flask_signing flask_http flask_jinja)
  list(APPEND whole_layers $<TARGET_FILE:${layer}>)
endforeach()
add_dependencies(flaskcpp_shared ${FLASKCPP_LAYERS})
target_link_libraries(flaskcpp_shared
  PRIVATE -Wl,--whole-archive ${whole_layers} -Wl,--no-whole-archive
          Boost::url OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB spdlog::spdlog tomlplusplus::tomlplusplus SQLite::SQLite3 ${HIREDIS_LIBRARIES} Threads::Threads
          ${FLASKCPP_LIBBACKTRACE} ${CMAKE_DL_LIBS}
  PUBLIC fmt::fmt)
target_include_directories(flaskcpp_shared INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(flaskcpp_shared PROPERTIES OUTPUT_NAME flaskcpp EXPORT_NAME flask_shared
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
add_library(flask::flask_shared ALIAS flaskcpp_shared)

install(TARGETS ${FLASKCPP_LAYERS} flaskcpp_shared EXPORT flaskcppTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(FLASKCPP_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/flaskcpp)
install(EXPORT flaskcppTargets NAMESPACE flask:: DESTINATION ${FLASKCPP_CMAKE_INSTALL_DIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/flaskcppConfig.cmake.in ${PROJECT_BINARY_DIR}/flaskcppConfig.cmake @ONLY)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/flaskcppConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/flaskcppConfig.cmake ${PROJECT_BINARY_DIR}/flaskcppConfigVersion.cmake
  DESTINATION ${FLASKCPP_CMAKE_INSTALL_DIR})

# The same package straight from the build tree.
export(EXPORT flaskcppTargets NAMESPACE flask:: FILE ${PROJECT_BINARY_DIR}/flaskcppTargets.cmake)
