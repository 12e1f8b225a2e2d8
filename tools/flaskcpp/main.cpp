// The flaskcpp command: Flask's `flask` command for C++ apps.
//
//     flaskcpp --app hello run --debug   build hello.cpp, serve it, rebuild on change
//     flaskcpp --app hello routes        build, then run the app's own command
//     flaskcpp new blog                  create an app folder
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app_locator.hpp"
#include "build_config.hpp"
#include "builder.hpp"
#include "new_project.hpp"
#include "process.hpp"
#include "reloader.hpp"

namespace fs = std::filesystem;

namespace {

constexpr const char* usage = R"(Usage: flaskcpp [OPTIONS] COMMAND [ARGS]...

  A general utility script for flaskcpp applications.

  An application to load must be given with the '--app' option, 'FLASK_APP'
  environment variable, or with a 'wsgi.cpp' or 'app.cpp' file in the current
  directory.  It is built (into a cache folder) before the command runs.

Options:
  -A, --app TEXT        The C++ file (hello or hello.cpp) or folder of the app.
  --debug / --no-debug  Set debug mode.
  --version             Show the flaskcpp version.
  --help                Show this message and exit.

Commands:
  run     Build the app and serve it (--debug: reloader and debugger).
  build   Build the app and print the path of its executable.
  new     Create a new app folder: flaskcpp new NAME.
  routes  Show the routes for the app.
  ...     Any other command is the app's own (app.cli().command(...)).
)";

constexpr const char* run_usage = R"(Usage: flaskcpp run [OPTIONS] [APP ARGS]...

  Build the app and serve it.  With --debug (or FLASK_DEBUG=1) the reloader
  rebuilds and restarts it when its sources change, and exceptions show the
  interactive debugger in the browser.

Options:
  -h, --host TEXT       The interface to bind to.  [default: 127.0.0.1]
  -p, --port INTEGER    The port to bind to.  [default: 5000]
  --debug / --no-debug  Enable or disable debug mode.
  --reload / --no-reload  Enable or disable the reloader.  By default the
                        reloader is active if debug is enabled.
  --cert PATH           Specify a certificate file to use HTTPS.
  --key FILE            The key file to use when specifying a certificate.
  --help                Show this message and exit.
)";

bool truthy_env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return false;
    std::string s = v;
    return !(s == "0" || s == "false" || s == "False" || s == "no");
}

struct Fatal : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string take_value(std::vector<std::string>& args, std::size_t& i, const std::string& option) {
    auto eq = args[i].find('=');
    if (eq != std::string::npos) return args[i].substr(eq + 1);
    if (i + 1 >= args.size()) throw Fatal(fmt::format("Option '{}' requires an argument.", option));
    return args[++i];
}

bool is_option(const std::string& arg, const char* name) {
    return arg == name || arg.starts_with(std::string(name) + "=");
}

flaskcpp::BuildResult build_or_report(const flaskcpp::AppSource& app, flaskcpp::Builder& builder) {
    auto result = builder.build();
    if (!result.ok) flaskcpp::report_build_failure(app, result);
    return result;
}

int run_command(const flaskcpp::AppSource& app, std::vector<std::string> args, bool debug) {
    flaskcpp::RunOptions options;
    options.debug = debug;
    std::optional<bool> reload;
    if (const char* h = std::getenv("FLASK_RUN_HOST"); h && *h) options.host = h;
    if (const char* p = std::getenv("FLASK_RUN_PORT"); p && *p) options.port = std::atoi(p);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help") {
            std::cout << run_usage;
            return 0;
        } else if (a == "-h" || is_option(a, "--host")) {
            options.host = take_value(args, i, "--host");
        } else if (a == "-p" || is_option(a, "--port")) {
            std::string v = take_value(args, i, "--port");
            char* end = nullptr;
            long port = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end || port < 0 || port > 65535)
                throw Fatal(fmt::format("Invalid value for '--port' / '-p': '{}' is not a valid port.", v));
            options.port = static_cast<int>(port);
        } else if (a == "--debug") {
            options.debug = true;
        } else if (a == "--no-debug") {
            options.debug = false;
        } else if (a == "--reload") {
            reload = true;
        } else if (a == "--no-reload") {
            reload = false;
        } else if (is_option(a, "--cert") || is_option(a, "--key")) {
            std::string name = a.substr(0, a.find('='));
            options.app_args.push_back(name);
            options.app_args.push_back(fs::absolute(take_value(args, i, name)).string());
        } else {
            options.app_args.push_back(a);
        }
    }
    options.reload = reload.value_or(options.debug);

    flaskcpp::Builder builder(app, options.debug ? flaskcpp::BuildMode::Debug : flaskcpp::BuildMode::Release);
    if (options.reload) return flaskcpp::run_with_reloader(app, builder, options);

    auto result = build_or_report(app, builder);
    if (!result.ok) return 1;
    std::vector<std::string> argv{result.executable.string(), "run", "--host", options.host, "--port",
                                  std::to_string(options.port), options.debug ? "--debug" : "--no-debug"};
    argv.insert(argv.end(), options.app_args.begin(), options.app_args.end());
    flaskcpp::exec_replace(argv);
}

int pass_through(const flaskcpp::AppSource& app, const std::vector<std::string>& args, bool debug) {
    flaskcpp::Builder builder(app, debug ? flaskcpp::BuildMode::Debug : flaskcpp::BuildMode::Release);
    auto result = build_or_report(app, builder);
    if (!result.ok) return 1;
    std::vector<std::string> argv{result.executable.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    flaskcpp::exec_replace(argv, {debug ? "FLASK_DEBUG=1" : "FLASK_DEBUG=0"});
}

int main_impl(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::optional<std::string> app_name;
    bool debug = truthy_env("FLASK_DEBUG");
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help") {
            std::cout << usage;
            return 0;
        } else if (a == "--version") {
            std::cout << "flaskcpp " FLASKCPP_VERSION "\n";
            return 0;
        } else if (a == "-A" || is_option(a, "--app")) {
            app_name = take_value(args, i, "--app");
        } else if (a == "--debug") {
            debug = true;
        } else if (a == "--no-debug") {
            debug = false;
        } else if (a.starts_with("-")) {
            throw Fatal(fmt::format("No such option: {}", a));
        } else {
            break;
        }
    }
    if (i == args.size()) {
        std::cout << usage;
        return 2;
    }
    std::string command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());

    if (command == "new") {
        if (rest.size() != 1 || rest[0].starts_with("-")) throw Fatal("Usage: flaskcpp new NAME");
        auto dir = flaskcpp::create_project(rest[0], fs::current_path());
        std::cout << fmt::format("Created {}/ (app.cpp, CMakeLists.txt, templates/, static/).\n", dir.string())
                  << fmt::format("Run it:  flaskcpp --app {} run --debug\n", rest[0])
                  << fmt::format("Or with CMake:  cmake -S {0} -B {0}/build && cmake --build {0}/build\n", rest[0]);
        return 0;
    }

    auto app = flaskcpp::locate_app(app_name, fs::current_path());
    if (command == "run") return run_command(app, rest, debug);
    if (command == "build") {
        flaskcpp::Builder builder(app, debug ? flaskcpp::BuildMode::Debug : flaskcpp::BuildMode::Release);
        auto result = build_or_report(app, builder);
        if (!result.ok) return 1;
        std::cerr << fmt::format(" * Built {} in {:.1f}s\n", app.path.filename().string(), result.seconds);
        std::cout << result.executable.string() << "\n";
        return 0;
    }
    rest.insert(rest.begin(), command);
    return pass_through(app, rest, debug);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return main_impl(argc, argv);
    } catch (const flaskcpp::NoAppFound& e) {
        std::cerr << "Error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "Error: " << e.what() << "\n";
        return 1;
    }
}
