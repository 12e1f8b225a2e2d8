// `flaskcpp run --debug`: build, serve, and rebuild and restart on change.
//
// This process owns the listening socket and hands it to each app process
// it starts (FLASKCPP_SERVER_FD), so the port never closes: while a rebuilt
// app starts, new connections wait in the socket's backlog instead of being
// refused.  The old app keeps serving until the new build has succeeded; a
// failed build prints the compiler's errors and waits for the next change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app_locator.hpp"
#include "builder.hpp"

namespace flaskcpp {

struct RunOptions {
    std::string host = "127.0.0.1";
    int port = 5000;
    bool debug = false;
    bool reload = false;
    std::vector<std::string> app_args;  // passed to the app's `run` (--cert, --key, ...)
};

/// Serves until SIGINT/SIGTERM; returns the exit status.
int run_with_reloader(const AppSource& app, Builder& builder, const RunOptions& options);

/// Prints a failed build for the user (stderr).
void report_build_failure(const AppSource& app, const BuildResult& result);

}  // namespace flaskcpp
