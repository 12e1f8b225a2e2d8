// `flaskcpp new NAME`: a minimal app folder that builds both with the
// flaskcpp command and with plain CMake (find_package(flaskcpp)).
#pragma once

#include <filesystem>
#include <string>

namespace flaskcpp {

/// Creates `parent / name`; throws std::runtime_error when it exists or the name is unusable.
std::filesystem::path create_project(const std::string& name, const std::filesystem::path& parent);

}  // namespace flaskcpp
