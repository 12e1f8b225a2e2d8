// Child processes for the flaskcpp command: the build tools, and the app
// the reloader restarts.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace flaskcpp {

/// Runs argv to completion, feeding each line of its merged stdout/stderr to
/// `on_line`; returns the exit status (128 + signal when killed).
int run_capture(const std::vector<std::string>& argv, const std::function<void(const std::string&)>& on_line,
                const std::string& cwd = {});

/// Starts argv with extra environment entries ("NAME=value") and the parent's
/// stdio; the child gets default signal handling and an empty signal mask.
/// `inherit_fd` (close-on-exec in the parent) stays open in the child.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {}, int inherit_fd = -1);

/// Replaces this process with argv (never returns; prints the reason and exits 127 on failure).
[[noreturn]] void exec_replace(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

/// The exit status from a waitpid() status word (128 + signal when killed).
int exit_status(int wait_status);

}  // namespace flaskcpp
