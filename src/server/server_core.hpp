// Shared server state seen by connections: options, the app, the loops and
// the worker pool.  Internal; the public face is flask/server.hpp.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "flask/server.hpp"
#include "server/worker_pool.hpp"

namespace flask::server {

class Connection;

/// One event loop: an io_context run by one thread, owning its connections.
/// The connection list is touched only from that thread.
struct Loop {
    boost::asio::io_context context{1};
    std::vector<std::shared_ptr<Connection>> connections;
    boost::asio::steady_timer sweep_timer{context};
    std::thread thread;
};

struct ServerCore {
    ServerCore(wsgi::App app, ServerOptions options);

    wsgi::App app;
    ServerOptions options;
    std::string server_name;
    std::string server_port;
    WorkerPool workers;
    std::vector<std::unique_ptr<Loop>> loops;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> live_connections{0};
    /// Set by Server::Impl: runs once the last connection is gone after stop().
    std::function<void()> on_drained;

    void log_error(std::string_view message) const;
    bool access_log_enabled() const noexcept { return static_cast<bool>(options.access_log); }
    void log_access(const AccessLogEntry& entry) const;

    /// Loop thread: register / unregister a connection with its loop.
    void add_connection(Loop& loop, std::shared_ptr<Connection> connection);
    void remove_connection(Loop& loop, Connection& connection);
};

}  // namespace flask::server
