// Shared server state seen by connections: options, the app, the loops and
// the compensator.  Internal; the public face is flask/server.hpp.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "flask/server.hpp"
#include "server/compensator.hpp"

namespace flask::server {

class Connection;

/// One event loop: an io_context normally run by one thread, owning its
/// connections.  While views block, the compensator lends it more threads,
/// so the io_context is built for several (locking scheduler) and the shared
/// lists below have mutexes.
struct Loop {
    boost::asio::io_context context;
    std::mutex connections_mutex;  // never held while locking a connection
    std::vector<std::shared_ptr<Connection>> connections;
    boost::asio::steady_timer sweep_timer{context};
    std::thread thread;

    std::mutex runners_mutex;
    std::vector<Runner*> runners;  // threads running `context` now
    unsigned spare_ticks = 0;      // monitor only: ticks with a thread to spare

    /// A snapshot, so callers can lock connections without the list's mutex.
    std::vector<std::shared_ptr<Connection>> snapshot() {
        std::lock_guard lock(connections_mutex);
        return connections;
    }
};

struct ServerCore {
    ServerCore(wsgi::App app, ServerOptions options);

    wsgi::App app;
    ServerOptions options;
    std::string server_name;
    std::string server_port;
    std::vector<std::unique_ptr<Loop>> loops;
    Compensator compensator;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> live_connections{0};
    /// Set by Server::Impl: runs once the last connection is gone after stop().
    std::function<void()> on_drained;

    void log_error(std::string_view message) const;
    bool access_log_enabled() const noexcept { return static_cast<bool>(options.access_log); }
    void log_access(const AccessLogEntry& entry) const;

    /// Register / unregister a connection with its loop (any runner of it).
    void add_connection(Loop& loop, std::shared_ptr<Connection> connection);
    void remove_connection(Loop& loop, Connection& connection);
};

}  // namespace flask::server
