// Builds the app into a cache folder with CMake and Ninja: incremental, a
// precompiled <flask/flask.hpp>, linked against libflaskcpp.so so a rebuild
// after an edit is a one-file compile and a fast link.
#pragma once

#include <filesystem>
#include <string>

#include "app_locator.hpp"

namespace flaskcpp {

enum class BuildMode { Debug, Release };

struct BuildResult {
    bool ok = false;
    std::string errors;  // the compiler's (or CMake's) messages when !ok
    double seconds = 0;
    std::filesystem::path executable;
};

class Builder {
public:
    Builder(AppSource app, BuildMode mode);
    /// Configures on first use, then builds; shows progress on stderr.
    BuildResult build();
    const std::filesystem::path& cache_dir() const { return cache_dir_; }

private:
    std::filesystem::path project_dir() const;
    void write_generated_project() const;
    bool configure(std::string& errors) const;
    std::filesystem::path find_executable() const;

    AppSource app_;
    BuildMode mode_;
    std::filesystem::path cache_dir_;
    std::filesystem::path build_dir_;
};

/// The folder holding flaskcppConfig.cmake: FLASKCPP_CMAKE_DIR, else the
/// installed package when this command is the installed one, else the build tree.
std::filesystem::path package_config_dir();

}  // namespace flaskcpp
