// Finding the app, as `flask --app` / FLASK_APP / wsgi.py / app.py do.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flaskcpp {

struct AppSource {
    enum class Kind {
        File,          // hello.cpp
        Folder,        // hello/ with .cpp files and no CMakeLists.txt
        CMakeProject,  // hello/ with its own CMakeLists.txt
    };
    Kind kind = Kind::File;
    std::string name;             // "hello": the executable and target name
    std::filesystem::path path;   // absolute: the .cpp file or the folder
    std::filesystem::path root;   // absolute folder to watch for changes
    std::vector<std::filesystem::path> sources;  // .cpp files to compile (File and Folder)
};

struct NoAppFound : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// `app`: the --app value, else FLASK_APP, else wsgi.cpp or app.cpp in `cwd`.
/// "hello" finds hello.cpp or a folder hello/; "hello.cpp" and paths work too.
AppSource locate_app(std::optional<std::string> app, const std::filesystem::path& cwd);

}  // namespace flaskcpp
