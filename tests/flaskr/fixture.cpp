#include "fixture.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "db.hpp"

namespace flaskr::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "flaskr-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void load_test_data(flask::ext::SQLite& db) {
    // Few PBKDF2 rounds: the hashes only need to verify, and fast tests matter
    // more here than resistance to brute force.
    constexpr std::string_view method = "pbkdf2:sha256:1000";
    auto& conn = db.get();
    conn.execute("INSERT INTO user (username, password) VALUES (?, ?), (?, ?)",
                 {"test", flask::generate_password_hash("test", method), "other",
                  flask::generate_password_hash("other", method)});
    conn.execute("INSERT INTO post (title, body, author_id, created) VALUES (?, ?, ?, ?)",
                 {"test title", "test\nbody", 1, "2018-01-01 00:00:00"});
}

flask::TestResponse AuthActions::login(const std::string& username, const std::string& password) {
    return client_.post("/auth/login", {.form = {{"username", username}, {"password", password}}});
}

flask::TestResponse AuthActions::logout() { return client_.get("/auth/logout"); }

void FlaskrTest::SetUp() {
    // An absolute DATABASE is used as is; the instance folder is a temporary
    // one too, so tests never touch examples/flaskr/instance.
    db_path_ = dir_.path() / "flaskr.sqlite";
    flaskr_ = create_app(jinja::Dict{{"TESTING", true}, {"DATABASE", db_path_.string()}},
                         (dir_.path() / "instance").string());
    with_db([&](flask::ext::Connection&) {
        init_db(db());
        load_test_data(db());
    });
    client_.emplace(app().test_client());
    auth_.emplace(*client_);
}

void FlaskrTest::TearDown() {
    auth_.reset();
    client_.reset();
    flaskr_.reset();
}

}  // namespace flaskr::testing
