// The tutorial's conftest.py in C++: a fresh app on a temporary database
// for every test, loaded with known users and one post, plus a client and
// login/logout helpers.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "flaskr.hpp"

namespace flaskr::testing {

/// A temporary folder, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// Fills the tables as the tutorial's data.sql does: users "test" (id 1) and
/// "other" (id 2), whose passwords equal their names, and post 1 by "test".
/// Needs an application context.
void load_test_data(flask::ext::SQLite& db);

/// conftest.py's `auth` fixture.
class AuthActions {
public:
    explicit AuthActions(flask::FlaskClient& client) : client_(client) {}
    flask::TestResponse login(const std::string& username = "test", const std::string& password = "test");
    flask::TestResponse logout();

private:
    flask::FlaskClient& client_;
};

/// conftest.py's `app`, `client` and `auth` fixtures for TEST_F.
class FlaskrTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    flask::Flask& app() { return flaskr_->app; }
    flask::ext::SQLite& db() { return flaskr_->db; }
    flask::FlaskClient& client() { return *client_; }
    AuthActions& auth() { return *auth_; }
    const std::filesystem::path& db_path() const { return db_path_; }

    /// Runs `fn(connection)` in its own application context, as the
    /// tutorial's `with app.app_context(): get_db()...` blocks do.
    template <class F>
    auto with_db(F&& fn) {
        auto ctx = app().app_context();
        return fn(db().get());
    }

private:
    TempDir dir_;
    std::filesystem::path db_path_;
    std::unique_ptr<FlaskrApp> flaskr_;
    std::optional<flask::FlaskClient> client_;
    std::optional<AuthActions> auth_;
};

}  // namespace flaskr::testing
