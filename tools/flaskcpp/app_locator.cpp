#include "app_locator.hpp"

#include <algorithm>
#include <cstdlib>

namespace fs = std::filesystem;

namespace flaskcpp {

namespace {

bool is_cpp_source(const fs::path& p) {
    auto ext = p.extension().string();
    return ext == ".cpp" || ext == ".cc" || ext == ".cxx";
}

std::vector<fs::path> folder_sources(const fs::path& folder) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && is_cpp_source(entry.path())) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<AppSource> try_path(const fs::path& candidate) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && is_cpp_source(candidate)) {
        auto path = fs::canonical(candidate);
        return AppSource{.kind = AppSource::Kind::File,
                         .name = path.stem().string(),
                         .path = path,
                         .root = path.parent_path(),
                         .sources = {path}};
    }
    if (fs::is_directory(candidate, ec)) {
        auto path = fs::canonical(candidate);
        AppSource app{.kind = AppSource::Kind::Folder,
                      .name = path.filename().string(),
                      .path = path,
                      .root = path,
                      .sources = {}};
        if (fs::exists(path / "CMakeLists.txt")) {
            app.kind = AppSource::Kind::CMakeProject;
            return app;
        }
        app.sources = folder_sources(path);
        if (!app.sources.empty()) return app;
    }
    return std::nullopt;
}

}  // namespace

AppSource locate_app(std::optional<std::string> app, const fs::path& cwd) {
    if (!app) {
        if (const char* env = std::getenv("FLASK_APP"); env && *env) app = env;
    }
    if (app) {
        fs::path given(*app);
        if (given.is_relative()) given = cwd / given;
        // "hello" means hello.cpp when both exist, as `flask --app hello` means hello.py.
        for (const auto& candidate : {fs::path(given.string() + ".cpp"), given})
            if (auto found = try_path(candidate)) return *found;
        throw NoAppFound("Could not import '" + *app + "': no file '" + *app + ".cpp' and no folder '" + *app +
                         "' with a CMakeLists.txt or .cpp files in " + cwd.string() + ".");
    }
    for (const char* name : {"wsgi.cpp", "app.cpp"})
        if (auto found = try_path(cwd / name)) return *found;
    throw NoAppFound(
        "Could not locate a Flask application. Use the 'flaskcpp --app' option, 'FLASK_APP' environment variable, "
        "or a 'wsgi.cpp' or 'app.cpp' file in the current directory.");
}

}  // namespace flaskcpp
