// A real server with an upload route and MAX_CONTENT_LENGTH unset, for
// tests/e2e/upload_memory.py (which starts this test binary with
// --gtest_also_run_disabled_tests and FLASKCPP_UPLOAD_PORT set).  Disabled in
// normal runs: it serves until SIGTERM.
#include <gtest/gtest.h>

#include <cstdlib>
#include <flask/flask.hpp>

namespace {

using flask::request;

TEST(UploadServer, DISABLED_Serve) {
    const char* port = std::getenv("FLASKCPP_UPLOAD_PORT");
    if (!port) GTEST_SKIP() << "FLASKCPP_UPLOAD_PORT not set";
    flask::Flask app("/tmp/upload_server.cpp");
    ASSERT_TRUE(app.config.get("MAX_CONTENT_LENGTH").is_none());
    app.route("/upload", {.endpoint = "upload", .methods = {"POST"}})([] {
        const auto& f = request.files()["file"];
        bool on_disk = f.on_disk();
        auto size = static_cast<long long>(f.size());
        f.save("/dev/null");
        return flask::jsonify({{"filename", f.filename().value_or("")},
                               {"size", size},
                               {"on_disk", on_disk},
                               {"form", request.form().to_dict(false)}});
    });
    app.run("127.0.0.1", std::atoi(port));
}

}  // namespace
