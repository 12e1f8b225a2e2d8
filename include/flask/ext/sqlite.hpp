// flask::ext::SQLite: Flask's "Using SQLite 3 with Flask" pattern as an
// extension.  One connection per application context, opened on first use
// from config["DATABASE"], kept in g, closed at teardown_appcontext.
//
//     flask::ext::SQLite db(app);                     // or: db.init_app(app)
//     app.route("/users")([&] {
//         auto rows = db.get().query("SELECT id, name FROM user WHERE active = ?", {true});
//         return rows.at(0)["name"].str();
//     });
//
// Parameters are always bound (`?` or `:name`), never spliced into SQL.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "jinja/value.hpp"

struct sqlite3;

namespace flask {
class Flask;
}

namespace flask::ext {

/// An SQLite error, with SQLite's message (sqlite3.Error in Python).
struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/// A constraint was violated: UNIQUE, NOT NULL, FOREIGN KEY (sqlite3.IntegrityError).
struct IntegrityError : DatabaseError {
    using DatabaseError::DatabaseError;
};

/// A result row, addressable by column name or position (sqlite3.Row).
class Row {
public:
    Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<jinja::Value> values)
        : columns_(std::move(columns)), values_(std::move(values)) {}
    /// Throws std::out_of_range naming the column when there is none.
    const jinja::Value& operator[](std::string_view column) const;
    const jinja::Value& operator[](std::size_t index) const { return values_.at(index); }
    const std::vector<std::string>& keys() const { return *columns_; }
    std::size_t size() const { return values_.size(); }
    /// A dict of column -> value, for templates (`post['title']`, `post.title`).
    jinja::Value to_value() const;

private:
    std::shared_ptr<const std::vector<std::string>> columns_;
    std::vector<jinja::Value> values_;
};

/// Positional (`?`) or named (`:name`) parameters.
struct Params {
    Params() = default;
    Params(std::initializer_list<jinja::Value> positional) : positional(positional) {}
    Params(std::vector<jinja::Value> positional) : positional(std::move(positional)) {}
    Params(jinja::Dict named) : named(std::move(named)) {}
    std::vector<jinja::Value> positional;
    jinja::Dict named;
};

/// One open connection.  Not thread-safe: each application context has its own.
class Connection {
public:
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs one statement; returns its rows (none for INSERT/UPDATE/...).
    std::vector<Row> query(std::string_view sql, const Params& params = {});
    /// The first row, or nullopt (query_db(..., one=True)).
    std::optional<Row> query_one(std::string_view sql, const Params& params = {});
    /// Runs a statement for its effect; returns the number of rows changed.
    long long execute(std::string_view sql, const Params& params = {});
    /// Several statements without parameters (a schema.sql).
    void executescript(std::string_view sql);
    long long last_insert_rowid() const;

    sqlite3* native_handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
};

class SQLite {
public:
    SQLite() = default;
    explicit SQLite(Flask& app) { init_app(app); }
    /// Registers the teardown that closes the context's connection; the
    /// database path is config["DATABASE"] (relative paths: the instance folder).
    void init_app(Flask& app);
    /// The current application context's connection, opened on first use.
    Connection& get() const;

private:
    Flask* app_ = nullptr;
};

}  // namespace flask::ext
