// app.run(): serve the app on the production server with Flask's banner and
// Werkzeug-style access log lines.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <mutex>

#include <fmt/format.h>

#include "debug/throw_trace.hpp"
#include "flask/app.hpp"
#include "flask/debug.hpp"
#include "flask/exceptions.hpp"
#include "flask/cli.hpp"
#include "flask/server.hpp"

namespace flask {

namespace {

/// Werkzeug's log_date_time_string: "25/Nov/2026 23:59:01" (local time).
std::string log_date() {
    // Formatted once per second per thread: localtime_r and strftime showed in profiles.
    thread_local std::time_t cached_second = -1;
    thread_local char cached[32] = {};
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    if (now != cached_second) {
        std::tm tm{};
        localtime_r(&now, &tm);
        std::strftime(cached, sizeof cached, "%d/%b/%Y %H:%M:%S", &tm);
        cached_second = now;
    }
    return cached;
}

bool skip_http_exceptions(const std::type_info& type, void* object) {
    // HTTP exceptions are control flow (routing, abort()): never unhandled errors.
    void* adjusted = object;
    return typeid(HTTPException).__do_catch(&type, &adjusted, 1);
}

}  // namespace

void Flask::run(const std::string& host, int port, std::optional<bool> debug_mode, const std::string& cert_file,
                const std::string& key_file) {
    if (debug_mode) set_debug(*debug_mode);
    if (port < 0 || port > 65535) throw std::invalid_argument(fmt::format("invalid port {}", port));
    // Under `flaskcpp run --debug` the reloader owns the listening socket and
    // has printed the banner; this process is one of its restarts.
    const char* inherited_fd = std::getenv("FLASKCPP_SERVER_FD");
    bool from_reloader = std::getenv("FLASKCPP_RUN_MAIN") != nullptr;

    // Traces of unhandled exceptions, for the log and the debugger page.
    debug::set_throw_filter(skip_http_exceptions);
    debug::set_throw_capture(true);
    wsgi::App served = [this](wsgi::Environ& env) { return (*this)(env); };
    std::optional<DebuggedApplication> debugger;
    if (debug()) {
        // Opting out of "local host only" is explicit and separate from --debug.
        const char* remote = std::getenv("FLASKCPP_DEBUGGER_ALLOW_REMOTE");
        DebuggerOptions debugger_options;
        debugger_options.allow_remote = remote && std::string_view(remote) == "1";
        debugger.emplace(*this, served, debugger_options);
        served = *debugger;
    }

    ServerOptions options;
    if (inherited_fd) options.listen_fd = std::atoi(inherited_fd);
    options.tls_cert_file = cert_file;
    options.tls_key_file = key_file;
    options.host = host;
    options.port = static_cast<std::uint16_t>(port);
    options.handle_signals = true;
    options.access_log = [](const AccessLogEntry& e) {
        static std::mutex mutex;
        std::string line = fmt::format("{} - - [{}] \"{}\" {} -\n", e.remote_addr, log_date(), e.request_line, e.status);
        std::lock_guard lock(mutex);
        std::cerr << line << std::flush;
    };

    if (!from_reloader)
        std::cout << fmt::format(" * Serving Flask app '{}'\n * Debug mode: {}\n", name(), debug() ? "on" : "off")
                  << std::flush;
    std::unique_ptr<Server> server;
    try {
        server = std::make_unique<Server>(served, options);
    } catch (const AddressInUse&) {
        throw std::runtime_error(fmt::format(
            "Address already in use: port {0} on {1} is in use by another program. Either identify and stop that "
            "program, or start the server with a different port (for example `run --port {2}`).",
            port, host, port == 5000 ? 5001 : port + 1));
    }
    if (!from_reloader) {
        std::string shown_host = host == "0.0.0.0" ? "127.0.0.1" : host;
        if (host == "0.0.0.0") std::cout << " * Running on all addresses (0.0.0.0)\n";
        std::cout << fmt::format(" * Running on {}://{}:{}\nPress CTRL+C to quit\n", cert_file.empty() ? "http" : "https",
                                 shown_host, server->port());
    }
    if (debugger) {
        std::cout << " * Debugger is active!\n";
        if (!debugger->pin().empty()) std::cout << " * Debugger PIN: " << debugger->pin() << "\n";
    }
    std::cout << std::flush;
    server->run();
}

int Flask::main(int argc, char** argv) { return cli().main(argc, argv); }

}  // namespace flask
