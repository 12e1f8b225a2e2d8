#include "new_project.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace flaskcpp {

namespace {

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    if (!(out << text)) throw std::runtime_error("cannot write " + p.string());
}

bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
    return true;
}

}  // namespace

fs::path create_project(const std::string& name, const fs::path& parent) {
    if (!valid_name(name))
        throw std::runtime_error(fmt::format(
            "'{}' is not a usable app name: use letters, digits, '_' or '-', starting with a letter.", name));
    fs::path dir = parent / name;
    if (fs::exists(dir)) throw std::runtime_error(fmt::format("'{}' already exists.", dir.string()));
    fs::create_directories(dir / "templates");
    fs::create_directories(dir / "static");

    write(dir / "CMakeLists.txt", fmt::format(R"(cmake_minimum_required(VERSION 3.25)
project({0} LANGUAGES CXX)

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)

# flaskcpp's CMake package: installed by `make install`, or point
# flaskcpp_DIR at a flaskcpp build tree.
find_package(flaskcpp REQUIRED CONFIG)

add_executable({0} app.cpp)
# flask::flask links the library statically (deployment); `flaskcpp run`
# builds the same sources against flask::flask_shared for faster rebuilds.
if(FLASKCPP_DEVELOPMENT)
  target_link_libraries({0} PRIVATE flask::flask_shared)
  target_precompile_headers({0} PRIVATE <flask/flask.hpp>)
else()
  target_link_libraries({0} PRIVATE flask::flask)
endif()
)",
                                              name));

    write(dir / "app.cpp", fmt::format(R"(// {0}: run it with `flaskcpp --app {0} run --debug` from the parent folder,
// or `flaskcpp run --debug` from this one.
#include <flask/flask.hpp>

int main(int argc, char** argv) {{
    flask::Flask app(__FILE__);

    app.route("/")([] {{
        return flask::render_template("index.html", {{{{"name", "{0}"}}}});
    }});

    return app.main(argc, argv);
}}
)",
                                       name));

    write(dir / "templates" / "index.html", R"(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{ name }}</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='style.css') }}">
</head>
<body>
  <h1>Hello from {{ name }}!</h1>
  <p>Edit <code>app.cpp</code> or <code>templates/index.html</code> and reload.</p>
</body>
</html>
)");
    write(dir / "static" / "style.css", "body { font-family: system-ui, sans-serif; margin: 3em; }\n");
    write(dir / ".gitignore", "build/\n");
    return dir;
}

}  // namespace flaskcpp
