// Minimal server for measuring the HTTP core alone: every request gets
// "Hello, World!" as text/plain, with no Flask layer in between.
// Usage: bench_server [port] [io_threads]
#include <cstdio>
#include <cstdlib>

#include "flask/server.hpp"

int main(int argc, char** argv) {
    flask::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8080);
    options.io_threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
    options.handle_signals = true;
    flask::Server server(
        [](flask::wsgi::Environ&) {
            flask::wsgi::WsgiResponse r;
            r.headers.add("Content-Type", "text/plain");
            r.body = "Hello, World!";
            return r;
        },
        options);
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    server.run();
}
