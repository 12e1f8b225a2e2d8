// Server lifecycle: bind, event loops, accepting, signals, graceful stop.
#include "flask/server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <sys/socket.h>

#include <csignal>
#include <cstdio>
#include <mutex>
#include <optional>

#include "server/connection.hpp"
#include "server/http_text.hpp"
#include "server/server_core.hpp"
#include "server/tls_tunnel.hpp"

namespace flask {

namespace asio = boost::asio;
using asio::ip::tcp;
using server::Connection;
using server::Loop;
using server::ServerCore;

AddressInUse::AddressInUse(std::string host_, std::uint16_t port_)
    : std::runtime_error("Address already in use: " + host_ + ":" + std::to_string(port_)),
      host(std::move(host_)),
      port(port_) {}

namespace server {
namespace {

// Blocked views beyond this many lent threads make their loop wait.
constexpr unsigned default_thread_cap = 256;

}  // namespace

ServerCore::ServerCore(wsgi::App app_, ServerOptions options_)
    : app(std::move(app_)),
      options(std::move(options_)),
      compensator(loops, options.worker_threads ? options.worker_threads : default_thread_cap,
                  [this](std::string_view message) { log_error(message); }) {}

void ServerCore::log_error(std::string_view message) const {
    if (options.error_log) {
        options.error_log(message);
        return;
    }
    std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
}

void ServerCore::log_access(const AccessLogEntry& entry) const {
    try {
        options.access_log(entry);
    } catch (...) {
        // A failing logger must not take a connection down.
    }
}

void ServerCore::add_connection(Loop& loop, std::shared_ptr<Connection> connection) {
    live_connections.fetch_add(1);
    std::lock_guard lock(loop.connections_mutex);
    connection->registry_index = loop.connections.size();
    loop.connections.push_back(std::move(connection));
}

void ServerCore::remove_connection(Loop& loop, Connection& connection) {
    {
        std::lock_guard lock(loop.connections_mutex);
        std::size_t i = connection.registry_index;
        if (i >= loop.connections.size() || loop.connections[i].get() != &connection) return;
        if (i + 1 != loop.connections.size()) {
            loop.connections[i] = std::move(loop.connections.back());
            loop.connections[i]->registry_index = i;
        }
        // The caller keeps the connection alive: no destructor runs under the lock.
        loop.connections.pop_back();
    }
    if (live_connections.fetch_sub(1) == 1 && stopping && on_drained) on_drained();
}

}  // namespace server

struct Server::Impl {
    Impl(wsgi::App app, ServerOptions options);
    void bind();
    void accept();
    void sweep(Loop& loop);
    void begin_stop();
    void force_stop();
    void reject(tcp::socket& socket);
    void start_connection(Loop& target, tcp::socket socket);
    void wait_signal();

    std::unique_ptr<ServerCore> core;
    // Accepting, signals and stopping run on the first loop, which may have
    // several threads while views block: this strand keeps them serialized.
    std::optional<asio::strand<asio::io_context::executor_type>> control;
    std::string host;
    std::uint16_t port = 0;
    int listen_fd = -1;
    std::optional<tcp::acceptor> acceptor;
    std::optional<asio::ssl::context> tls;  // set when serving HTTPS
    std::optional<asio::signal_set> signals;
    std::optional<asio::steady_timer> grace_timer;
    std::optional<asio::steady_timer> accept_retry;
    std::size_t next_loop = 0;
    int signals_seen = 0;
    std::mutex mutex;  // guards running / stop_requested across threads
    bool running = false;
    bool stop_requested = false;
};

Server::Impl::Impl(wsgi::App app, ServerOptions options) {
    unsigned io_threads = options.io_threads ? options.io_threads : std::thread::hardware_concurrency();
    if (io_threads == 0) io_threads = 1;
    host = options.host;
    port = options.port;
    listen_fd = options.listen_fd;
    if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
        if (options.tls_cert_file.empty() || options.tls_key_file.empty())
            throw std::invalid_argument("HTTPS needs both a certificate file and a key file");
        tls.emplace(server::make_tls_context(options.tls_cert_file, options.tls_key_file));
    }
    core = std::make_unique<ServerCore>(std::move(app), std::move(options));
    for (unsigned i = 0; i < io_threads; ++i) core->loops.push_back(std::make_unique<Loop>());
    control.emplace(asio::make_strand(core->loops.front()->context));
    core->on_drained = [this] {
        for (auto& loop : core->loops) loop->context.stop();
    };
    bind();
}

void Server::Impl::bind() {
    asio::io_context& context = core->loops.front()->context;
    if (listen_fd >= 0) {
        acceptor.emplace(context);
        boost::system::error_code ec;
        sockaddr_storage address{};
        socklen_t size = sizeof address;
        ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&address), &size);
        acceptor->assign(address.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), listen_fd, ec);
        if (ec) throw std::system_error(ec, "cannot use the inherited listening socket");
        port = acceptor->local_endpoint().port();
        core->server_name = host;
        core->server_port = std::to_string(port);
        return;
    }
    tcp::resolver resolver(context);
    boost::system::error_code ec;
    auto results = resolver.resolve(host, std::to_string(port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty())
        throw std::system_error(ec ? std::error_code(ec) : std::make_error_code(std::errc::address_not_available),
                                "cannot resolve " + host);
    // "localhost" resolves to ::1 and 127.0.0.1; prefer IPv4, as most clients try it.
    tcp::endpoint endpoint = results.begin()->endpoint();
    for (const auto& entry : results)
        if (entry.endpoint().address().is_v4()) {
            endpoint = entry.endpoint();
            break;
        }
    acceptor.emplace(context);
    acceptor->open(endpoint.protocol());
    acceptor->set_option(tcp::acceptor::reuse_address(true));
    acceptor->bind(endpoint, ec);
    if (ec == asio::error::address_in_use) throw AddressInUse(host, port);
    if (ec) throw std::system_error(ec, "cannot bind " + host + ":" + std::to_string(port));
    acceptor->listen(asio::socket_base::max_listen_connections);
    port = acceptor->local_endpoint().port();
    core->server_name = host;
    core->server_port = std::to_string(port);
}

void Server::Impl::accept() {
    Loop& target = *core->loops[next_loop++ % core->loops.size()];
    acceptor->async_accept(target.context, asio::bind_executor(*control, [this, &target](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
        if (ec) {
            // Out of descriptors (EMFILE) and the like: retry shortly rather than spin.
            core->log_error("flaskcpp server: accept failed: " + ec.message());
            accept_retry->expires_after(std::chrono::milliseconds(100));
            accept_retry->async_wait(asio::bind_executor(*control, [this](const boost::system::error_code& e) {
                if (!e && acceptor->is_open()) accept();
            }));
            return;
        }
        std::size_t max = core->options.limits.max_connections;
        if (max && core->live_connections.load() >= max) {
            reject(socket);
        } else {
            start_connection(target, std::move(socket));
        }
        accept();
    }));
}

void Server::Impl::start_connection(Loop& target, tcp::socket socket) {
    boost::system::error_code ec;
    server::Peer peer;
    tcp::endpoint remote = socket.remote_endpoint(ec);
    if (!ec) {
        asio::ip::address address = remote.address();
        if (address.is_v6() && address.to_v6().is_v4_mapped())
            address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
        peer.address = address.to_string();
        peer.port = remote.port();
    }
    Connection::Socket plain(target.context);
    if (tls) {
        // HTTPS: the Connection speaks plaintext to a tunnel that does TLS with the client.
        asio::local::stream_protocol::socket inner(target.context), outer(target.context);
        asio::local::connect_pair(inner, outer, ec);
        if (ec) {
            core->log_error("flaskcpp server: cannot create a TLS tunnel: " + ec.message());
            return;
        }
        peer.secure = true;
        server::start_tls_tunnel(*tls, std::move(socket), std::move(outer), core->options.limits.read_timeout);
        plain = Connection::Socket(target.context, asio::generic::stream_protocol(AF_UNIX, 0), inner.release());
    } else {
        // Responses leave in one writev; Nagle would only delay the next small write.
        socket.set_option(tcp::no_delay(true), ec);
        int family = remote.address().is_v6() ? AF_INET6 : AF_INET;
        plain = Connection::Socket(target.context, asio::generic::stream_protocol(family, IPPROTO_TCP), socket.release());
    }
    asio::post(target.context, [core = core.get(), &target, s = std::move(plain), peer = std::move(peer)]() mutable {
        auto connection = std::make_shared<Connection>(*core, target, std::move(s), std::move(peer));
        core->add_connection(target, connection);
        if (core->stopping) connection->close_if_idle();
        else connection->start();
    });
}

void Server::Impl::reject(tcp::socket& socket) {
    // Over max_connections: a best-effort 503, never blocking the accept loop.
    std::string response;
    server::build_error_response(response, 503, false);
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    socket.send(asio::buffer(response), 0, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
}

void Server::Impl::sweep(Loop& loop) {
    loop.sweep_timer.expires_after(std::chrono::seconds(1));
    loop.sweep_timer.async_wait([this, &loop](const boost::system::error_code& ec) {
        if (ec) return;
        auto now = Connection::clock::now();
        for (const auto& c : loop.snapshot()) c->check_deadline(now);
        sweep(loop);
    });
}

void Server::Impl::begin_stop() {
    if (core->stopping.exchange(true)) return;
    boost::system::error_code ignored;
    if (acceptor) acceptor->close(ignored);
    if (accept_retry) accept_retry->cancel();
    for (auto& loop_ptr : core->loops) {
        Loop* loop = loop_ptr.get();
        asio::post(loop->context, [loop] {
            for (const auto& c : loop->snapshot()) c->close_if_idle();
        });
    }
    grace_timer->expires_after(core->options.limits.graceful_timeout);
    grace_timer->async_wait(asio::bind_executor(*control, [this](const boost::system::error_code& ec) {
        if (!ec) force_stop();
    }));
    if (core->live_connections.load() == 0) core->on_drained();
}

void Server::Impl::force_stop() {
    core->log_error("flaskcpp server: graceful stop timed out; closing connections");
    for (auto& loop_ptr : core->loops) {
        Loop* loop = loop_ptr.get();
        asio::post(loop->context, [loop] {
            for (const auto& c : loop->snapshot()) c->shut_down();
        });
    }
}

void Server::Impl::wait_signal() {
    signals->async_wait(asio::bind_executor(*control, [this](const boost::system::error_code& ec, int) {
        if (ec) return;
        // First signal: graceful; a second one: stop waiting for slow requests.
        if (++signals_seen == 1) begin_stop();
        else force_stop();
        wait_signal();
    }));
}

Server::Server(wsgi::App app, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(app), std::move(options))) {}

Server::~Server() {
    // Lent threads may hold connections whose sockets belong to the loops: join them first.
    impl_->core->compensator.shutdown();
    impl_->signals.reset();
    impl_->grace_timer.reset();
    impl_->accept_retry.reset();
    impl_->acceptor.reset();
}

std::uint16_t Server::port() const { return impl_->port; }
const std::string& Server::host() const { return impl_->host; }

void Server::run() {
    Impl& impl = *impl_;
    ServerCore& core = *impl.core;
    {
        std::lock_guard lock(impl.mutex);
        if (impl.running) throw std::logic_error("Server::run() is already running");
        if (impl.stop_requested) return;
        impl.running = true;
    }
    Loop& main_loop = *core.loops.front();
    impl.grace_timer.emplace(main_loop.context);
    impl.accept_retry.emplace(main_loop.context);
    if (core.options.handle_signals) {
        impl.signals.emplace(main_loop.context, SIGINT, SIGTERM);
        impl.wait_signal();
    }
    impl.accept();
    for (auto& loop : core.loops) impl.sweep(*loop);
    {
        std::lock_guard lock(impl.mutex);
        // stop() may have raced with start-up: honour it now that the loop exists.
        if (impl.stop_requested) asio::post(*impl.control, [&impl] { impl.begin_stop(); });
    }
    auto run_loop = [&core](Loop& loop) {
        server::SigpipeBlock sigpipe;  // views may sendfile(2) on this thread
        server::Runner runner;
        server::RunnerScope as_runner(loop, runner);
        // The guard keeps run() from returning early; only stop() (drained) ends a loop.
        auto guard = asio::make_work_guard(loop.context);
        while (!loop.context.stopped()) {
            try {
                loop.context.run();
            } catch (const std::exception& e) {
                core.log_error(std::string("flaskcpp server: event loop: ") + e.what());
            }
        }
    };
    for (std::size_t i = 1; i < core.loops.size(); ++i) {
        Loop& loop = *core.loops[i];
        loop.thread = std::thread([&run_loop, &loop] { run_loop(loop); });
    }
    core.compensator.start();
    if (core.options.on_listening) core.options.on_listening();
    run_loop(main_loop);
    for (std::size_t i = 1; i < core.loops.size(); ++i) core.loops[i]->thread.join();
    core.compensator.shutdown();
    impl.signals.reset();
    std::lock_guard lock(impl.mutex);
    impl.running = false;
}

void Server::stop() {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    impl.stop_requested = true;
    if (!impl.running) return;
    asio::post(*impl.control, [&impl] { impl.begin_stop(); });
}

}  // namespace flask
