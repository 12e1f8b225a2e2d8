// The SQLite extension: a connection per application context, bound
// parameters only, rows by column name, closed at teardown.
#include <gtest/gtest.h>

#include <flask/ext/sqlite.hpp>
#include <flask/flask.hpp>

namespace {

struct SqliteApp : ::testing::Test {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("flaskcpp-sqlite-" + std::to_string(getpid()));
    flask::Flask app{(dir / "app.cpp").string()};
    flask::ext::SQLite db;

    void SetUp() override {
        std::filesystem::create_directories(app.instance_path());
        app.config["DATABASE"] = "test.sqlite";
        db.init_app(app);
        auto ctx = app.app_context();
        db.get().executescript(
            "DROP TABLE IF EXISTS user;"
            "CREATE TABLE user (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL, score REAL);");
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
};

TEST_F(SqliteApp, DatabaseLivesInTheInstanceFolderAndRowsHaveColumnNames) {
    auto ctx = app.app_context();
    auto& conn = db.get();
    EXPECT_EQ(&conn, &db.get()) << "one connection per application context";
    EXPECT_EQ(conn.execute("INSERT INTO user (username, score) VALUES (?, ?)", {"ada", 1.5}), 1);
    EXPECT_EQ(conn.last_insert_rowid(), 1);
    conn.execute("INSERT INTO user (username, score) VALUES (:name, :score)", jinja::Dict{{"name", "bob"}, {"score", jinja::none}});
    auto rows = conn.query("SELECT id, username, score FROM user ORDER BY id");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["username"].str(), "ada");
    EXPECT_EQ(rows[0]["score"].repr(), "1.5");
    EXPECT_TRUE(rows[1]["score"].is_none());
    EXPECT_EQ(rows[1][0].repr(), "2");
    EXPECT_EQ(rows[0].to_value().repr(), "{'id': 1, 'username': 'ada', 'score': 1.5}");
    EXPECT_THROW(rows[0]["nope"], std::out_of_range);
    EXPECT_TRUE(std::filesystem::exists(app.instance_path() / "test.sqlite"));
}

TEST_F(SqliteApp, ParametersAreNeverSplicedIntoSql) {
    auto ctx = app.app_context();
    auto& conn = db.get();
    std::string hostile = "x'); DROP TABLE user; --";
    conn.execute("INSERT INTO user (username) VALUES (?)", {hostile});
    auto row = conn.query_one("SELECT username FROM user WHERE username = ?", {hostile});
    ASSERT_TRUE(row);
    EXPECT_EQ((*row)["username"].str(), hostile);
    EXPECT_FALSE(conn.query_one("SELECT 1 FROM user WHERE username = ?", {"nobody"}));
}

TEST_F(SqliteApp, ErrorsAreTyped) {
    auto ctx = app.app_context();
    auto& conn = db.get();
    conn.execute("INSERT INTO user (username) VALUES (?)", {"ada"});
    EXPECT_THROW(conn.execute("INSERT INTO user (username) VALUES (?)", {"ada"}), flask::ext::IntegrityError);
    EXPECT_THROW(conn.query("SELEC nonsense"), flask::ext::DatabaseError);
    EXPECT_THROW(conn.query("SELECT ?", {}), flask::ext::DatabaseError);
    EXPECT_THROW(conn.query("SELECT 1; SELECT 2"), flask::ext::DatabaseError);
}

TEST_F(SqliteApp, TeardownClosesTheConnectionAndEachContextGetsItsOwn) {
    const flask::ext::Connection* first = nullptr;
    {
        auto ctx = app.app_context();
        first = &db.get();
        EXPECT_TRUE(flask::g.contains("_flaskcpp_sqlite"));
    }
    app.route("/count")([this] {
        return std::to_string(db.get().query("SELECT count(*) AS n FROM user").at(0)["n"].as_int());
    });
    EXPECT_EQ(app.test_client().get("/count").text(), "0");
    (void)first;
    EXPECT_THROW(db.get(), std::runtime_error) << "outside an application context";
}

}  // namespace
