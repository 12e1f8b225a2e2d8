#include "reloader.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "process.hpp"
#include "watcher.hpp"

namespace fs = std::filesystem;

namespace flaskcpp {

namespace {

void say(const std::string& line) { std::cout << line << std::endl; }

/// The listening socket, close-on-exec (only the app process inherits it).
int listen_socket(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
        throw std::runtime_error(fmt::format("cannot resolve {}: {}", host, gai_strerror(rc)));
    // Prefer IPv4 as the app's own server does ("localhost" gives both).
    addrinfo* chosen = found;
    for (addrinfo* a = found; a; a = a->ai_next)
        if (a->ai_family == AF_INET) {
            chosen = a;
            break;
        }
    int fd = socket(chosen->ai_family, chosen->ai_socktype | SOCK_CLOEXEC, chosen->ai_protocol);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc = bind(fd, chosen->ai_addr, chosen->ai_addrlen);
    int err = errno;
    freeaddrinfo(found);
    if (rc != 0) {
        close(fd);
        if (err == EADDRINUSE)
            throw std::runtime_error(fmt::format(
                "Address already in use: port {0} on {1} is in use by another program. Either identify and stop "
                "that program, or start the server with a different port (for example `run --port {2}`).",
                port, host, port == 5000 ? 5001 : port + 1));
        throw std::runtime_error(fmt::format("cannot bind {}:{}: {}", host, port, std::strerror(err)));
    }
    listen(fd, SOMAXCONN);
    return fd;
}

int bound_port(int fd) {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

class Supervisor {
public:
    Supervisor(const AppSource& app, Builder& builder, const RunOptions& options)
        : app_(app), builder_(builder), options_(options), watcher_(app.root) {}

    int run() {
        sigset_t mask;
        sigemptyset(&mask);
        for (int sig : {SIGINT, SIGTERM, SIGCHLD}) sigaddset(&mask, sig);
        sigprocmask(SIG_BLOCK, &mask, nullptr);
        signal_fd_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);

        listen_fd_ = listen_socket(options_.host, options_.port);
        std::string shown_host = options_.host == "0.0.0.0" ? "127.0.0.1" : options_.host;
        say(fmt::format(" * Serving Flask app '{}'", app_.name));
        say(fmt::format(" * Debug mode: {}", options_.debug ? "on" : "off"));
        if (options_.host == "0.0.0.0") say(" * Running on all addresses (0.0.0.0)");
        bool https = std::find(options_.app_args.begin(), options_.app_args.end(), "--cert") != options_.app_args.end();
        say(fmt::format(" * Running on {}://{}:{}", https ? "https" : "http", shown_host, bound_port(listen_fd_)));
        say("Press CTRL+C to quit");

        if (rebuild()) start();
        for (;;) {
            pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {watcher_.fd(), POLLIN, 0}};
            int count = watcher_.fd() >= 0 ? 2 : 1;
            int rc = poll(fds, static_cast<nfds_t>(count), watcher_.fd() >= 0 ? -1 : 1000);
            if (rc < 0 && errno != EINTR) break;
            if (fds[0].revents & POLLIN) {
                if (auto status = handle_signals()) return *status;
            }
            if (watcher_.fd() < 0 || (count == 2 && (fds[1].revents & POLLIN))) on_changes(watcher_.changes());
        }
        stop();
        return 1;
    }

private:
    bool rebuild() {
        auto result = builder_.build();
        if (!result.ok) {
            report_build_failure(app_, result);
            say(waiting_line());
            return false;
        }
        say(fmt::format(" * Built {} in {:.1f}s", app_.path.filename().string(), result.seconds));
        executable_ = result.executable;
        return true;
    }

    std::string waiting_line() const {
        return child_ > 0 ? " * Still serving the previous build; waiting for a change to rebuild"
                          : " * Waiting for a change to rebuild";
    }

    void start() {
        say(fmt::format(" * Restarting with {}", watcher_.kind()));
        std::vector<std::string> argv{executable_.string(), "run", "--host", options_.host, "--port",
                                      std::to_string(bound_port(listen_fd_))};
        argv.push_back(options_.debug ? "--debug" : "--no-debug");
        argv.insert(argv.end(), options_.app_args.begin(), options_.app_args.end());
        child_ = spawn(argv, {"FLASKCPP_SERVER_FD=" + std::to_string(listen_fd_), "FLASKCPP_RUN_MAIN=true"},
                       listen_fd_);
        started_ = std::chrono::steady_clock::now();
    }

    /// SIGTERM lets the app finish its in-flight requests; it gets a few seconds.
    void stop() {
        if (child_ <= 0) return;
        kill(child_, SIGTERM);
        for (int i = 0; i < 100; ++i) {
            int status = 0;
            if (waitpid(child_, &status, WNOHANG) == child_) {
                child_ = 0;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        kill(child_, SIGKILL);
        waitpid(child_, nullptr, 0);
        child_ = 0;
    }

    void on_changes(const std::vector<fs::path>& changed) {
        const fs::path* source = nullptr;
        for (const auto& f : changed)
            if (classify(f) == ChangeKind::Source) {
                source = &f;
                break;
            }
        if (!source) return;  // templates auto-reload; static files are read per request
        say(fmt::format(" * Detected change in '{}', reloading", source->string()));
        // The old process keeps serving during the build.
        if (!rebuild()) return;
        stop();
        start();
    }

    std::optional<int> handle_signals() {
        signalfd_siginfo info;
        while (read(signal_fd_, &info, sizeof info) == sizeof info) {
            if (info.ssi_signo == SIGCHLD) {
                reap();
                continue;
            }
            stop();
            return 0;
        }
        return std::nullopt;
    }

    void reap() {
        int status = 0;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid != child_) continue;
            child_ = 0;
            int code = exit_status(status);
            auto lived = std::chrono::steady_clock::now() - started_;
            say(fmt::format(" * The app exited with status {}", code));
            // A crash right at start would loop; otherwise bring it back.
            if (lived > std::chrono::seconds(2))
                start();
            else
                say(" * Waiting for a change to restart");
        }
    }

    const AppSource& app_;
    Builder& builder_;
    RunOptions options_;
    Watcher watcher_;
    int signal_fd_ = -1;
    int listen_fd_ = -1;
    pid_t child_ = 0;
    fs::path executable_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

void report_build_failure(const AppSource& app, const BuildResult& result) {
    std::cerr << fmt::format(" * Build of {} failed after {:.1f}s:\n\n", app.path.filename().string(), result.seconds)
              << result.errors << std::endl;
}

int run_with_reloader(const AppSource& app, Builder& builder, const RunOptions& options) {
    return Supervisor(app, builder, options).run();
}

}  // namespace flaskcpp
