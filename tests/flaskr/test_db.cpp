// test_db.py: one connection per application context, closed at its end,
// and the init-db command.
#include <string>
#include <vector>

#include "db.hpp"
#include "fixture.hpp"

namespace flaskr::testing {
namespace {

using DbTest = FlaskrTest;

/// Runs the app's command line as `flaskr args...`; returns (status, stdout).
std::pair<int, std::string> run_cli(flask::Flask& app, std::vector<std::string> args) {
    args.insert(args.begin(), "flaskr");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::testing::internal::CaptureStdout();
    int status = app.main(static_cast<int>(args.size()), argv.data());
    return {status, ::testing::internal::GetCapturedStdout()};
}

TEST_F(DbTest, SameConnectionWithinOneContext) {
    auto ctx = app().app_context();
    flask::ext::Connection& first = db().get();
    EXPECT_EQ(&first, &db().get());
    EXPECT_EQ((*first.query_one("SELECT 1 AS one"))["one"].as_int(), 1);
}

TEST_F(DbTest, ConnectionIsClosedAfterTheContext) {
    {
        auto ctx = app().app_context();
        // Holding a write lock: if the connection outlived the context, the
        // lock would too and the writer below would fail with "database is locked".
        db().get().execute("BEGIN EXCLUSIVE");
    }
    flask::ext::Connection other(db_path().string());
    EXPECT_EQ(other.execute("UPDATE user SET username = username"), 2);
    EXPECT_THROW(db().get(), std::runtime_error) << "no connection outside an application context";
}

TEST_F(DbTest, InitDbCommandRecreatesTheTables) {
    auto [status, out] = run_cli(app(), {"init-db"});
    EXPECT_EQ(status, 0);
    EXPECT_NE(out.find("Initialized"), std::string::npos) << out;
    with_db([](flask::ext::Connection& conn) {
        EXPECT_FALSE(conn.query_one("SELECT * FROM user")) << "the test data is gone";
        EXPECT_FALSE(conn.query_one("SELECT * FROM post"));
    });
}

TEST_F(DbTest, EnsureDbCreatesTheTablesOnlyWhenMissing) {
    EXPECT_FALSE(ensure_db(app(), db())) << "the fixture's tables are there";
    with_db([](flask::ext::Connection& conn) { conn.executescript("DROP TABLE post; DROP TABLE user;"); });
    EXPECT_TRUE(ensure_db(app(), db()));
    with_db([](flask::ext::Connection& conn) {
        EXPECT_EQ(conn.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('user', 'post')").size(),
                  2u);
    });
}

}  // namespace
}  // namespace flaskr::testing
