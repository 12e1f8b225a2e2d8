#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

extern char** environ;

namespace flaskcpp {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
    out.push_back(nullptr);
    return out;
}

// Runs in the forked child only: restores what the supervisor changed.
void reset_signals() {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGINT, SIGTERM, SIGCHLD, SIGPIPE}) signal(sig, SIG_DFL);
}

void put_env(const std::vector<std::string>& extra_env) {
    for (const auto& entry : extra_env) putenv(const_cast<char*>(entry.c_str()));
}

}  // namespace

int exit_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 1;
}

int run_capture(const std::vector<std::string>& argv, const std::function<void(const std::string&)>& on_line,
                const std::string& cwd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    auto args = c_argv(argv);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        reset_signals();
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
        execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    std::string pending;
    char buffer[4096];
    for (;;) {
        ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        pending.append(buffer, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
            on_line(pending.substr(start, nl - start));
        pending.erase(0, start);
    }
    if (!pending.empty()) on_line(pending);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return exit_status(status);
}

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, int inherit_fd) {
    auto args = c_argv(argv);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        reset_signals();
        if (inherit_fd >= 0) fcntl(inherit_fd, F_SETFD, 0);
        put_env(extra_env);
        execv(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    return pid;
}

void exec_replace(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
    auto args = c_argv(argv);
    put_env(extra_env);
    execv(args[0], args.data());
    std::cerr << "Error: cannot run " << argv[0] << ": " << std::strerror(errno) << "\n";
    std::exit(127);
}

}  // namespace flaskcpp
