#include "flask/ext/sqlite.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "flask/app.hpp"
#include "flask/ctx.hpp"

namespace flask::ext {

namespace {

constexpr std::string_view g_key = "_flaskcpp_sqlite";

[[noreturn]] void fail(sqlite3* db, int code) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    if ((code & 0xff) == SQLITE_CONSTRAINT) throw IntegrityError(message);
    throw DatabaseError(message);
}

/// Owns a prepared statement.
struct Statement {
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

void bind(sqlite3* db, sqlite3_stmt* stmt, int index, const jinja::Value& v) {
    int rc;
    if (v.is_none() || v.is_undefined()) {
        rc = sqlite3_bind_null(stmt, index);
    } else if (v.is_bool()) {
        rc = sqlite3_bind_int64(stmt, index, v.truthy() ? 1 : 0);
    } else if (v.is_int()) {
        rc = sqlite3_bind_int64(stmt, index, v.as_int());
    } else if (v.is_float()) {
        rc = sqlite3_bind_double(stmt, index, v.as_float());
    } else if (v.is_string()) {
        std::string s = v.str();
        rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    } else {
        throw DatabaseError("Error binding parameter " + std::to_string(index) + ": type '" + std::string(v.type_name()) +
                            "' is not supported");
    }
    if (rc != SQLITE_OK) fail(db, rc);
}

void bind_all(sqlite3* db, sqlite3_stmt* stmt, const Params& params) {
    int expected = sqlite3_bind_parameter_count(stmt);
    if (!params.named.empty()) {
        for (int i = 1; i <= expected; ++i) {
            const char* name = sqlite3_bind_parameter_name(stmt, i);
            if (!name) throw DatabaseError("positional parameter in a statement given named parameters");
            const jinja::Value* v = params.named.find(std::string_view(name + 1));
            if (!v) throw DatabaseError(std::string("You did not supply a value for binding parameter ") + name + ".");
            bind(db, stmt, i, *v);
        }
        return;
    }
    if (static_cast<int>(params.positional.size()) != expected)
        throw DatabaseError("Incorrect number of bindings supplied. The current statement uses " +
                            std::to_string(expected) + ", and there are " + std::to_string(params.positional.size()) +
                            " supplied.");
    for (int i = 0; i < expected; ++i) bind(db, stmt, i + 1, params.positional[static_cast<std::size_t>(i)]);
}

jinja::Value column_value(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER: return jinja::Value(static_cast<long long>(sqlite3_column_int64(stmt, i)));
        case SQLITE_FLOAT: return jinja::Value(sqlite3_column_double(stmt, i));
        case SQLITE_TEXT: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            return jinja::Value(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
        }
        case SQLITE_BLOB: {
            auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
            return jinja::Value::bytes(std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
        }
        default: return jinja::Value(jinja::none);
    }
}

/// Keeps a Connection in g, where a jinja::Value can only hold an Object.
class ConnectionObject final : public jinja::Object {
public:
    explicit ConnectionObject(const std::string& path) : connection(path) {}
    std::string_view type_name() const override { return "sqlite3.Connection"; }
    Connection connection;
};

}  // namespace

const jinja::Value& Row::operator[](std::string_view column) const {
    for (std::size_t i = 0; i < columns_->size(); ++i)
        if ((*columns_)[i] == column) return values_[i];
    throw std::out_of_range("No item with that key: '" + std::string(column) + "'");
}

jinja::Value Row::to_value() const {
    jinja::Dict d;
    for (std::size_t i = 0; i < values_.size(); ++i) d.set(jinja::Value((*columns_)[i]), values_[i]);
    return jinja::Value(std::move(d));
}

Connection::Connection(const std::string& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw DatabaseError("unable to open database file '" + path + "': " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    // As Flask's tutorial relies on: REFERENCES clauses are enforced.
    sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

Connection::~Connection() { sqlite3_close_v2(db_); }

std::vector<Row> Connection::query(std::string_view sql, const Params& params) {
    Statement s;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s.stmt, &tail);
    if (rc != SQLITE_OK) fail(db_, rc);
    if (!s.stmt) return {};  // only whitespace or a comment
    if (tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos)
        throw DatabaseError("You can only execute one statement at a time.");
    bind_all(db_, s.stmt, params);
    auto columns = std::make_shared<std::vector<std::string>>();
    int count = sqlite3_column_count(s.stmt);
    for (int i = 0; i < count; ++i) columns->push_back(sqlite3_column_name(s.stmt, i));
    std::vector<Row> rows;
    while ((rc = sqlite3_step(s.stmt)) == SQLITE_ROW) {
        std::vector<jinja::Value> values;
        values.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) values.push_back(column_value(s.stmt, i));
        rows.emplace_back(columns, std::move(values));
    }
    if (rc != SQLITE_DONE) fail(db_, rc);
    return rows;
}

std::optional<Row> Connection::query_one(std::string_view sql, const Params& params) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

long long Connection::execute(std::string_view sql, const Params& params) {
    query(sql, params);
    return sqlite3_changes64(db_);
}

void Connection::executescript(std::string_view sql) {
    char* error = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "executescript failed";
        sqlite3_free(error);
        throw DatabaseError(message);
    }
}

long long Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

void SQLite::init_app(Flask& app) {
    app_ = &app;
    app.extensions["sqlite"] = this;
    app.teardown_appcontext([](std::exception_ptr) {
        // Closing: the connection object goes with the context's g entry.
        if (has_app_context()) g.pop(g_key);
    });
}

Connection& SQLite::get() const {
    if (!app_) throw std::logic_error("SQLite extension used before init_app(app)");
    if (!has_app_context())
        throw std::runtime_error("Working outside of application context: the database needs app.app_context().");
    jinja::Value& slot = g[g_key];
    if (slot.is_undefined() || slot.is_none()) {
        jinja::Value configured = app_->config.get("DATABASE");
        if (!configured.is_string()) throw std::runtime_error("config[\"DATABASE\"] must name the SQLite file");
        std::filesystem::path path(configured.str());
        if (path.is_relative() && configured.str() != ":memory:") path = app_->instance_path() / path;
        slot = jinja::Value(std::make_shared<ConnectionObject>(path.string()));
    }
    return static_cast<ConnectionObject&>(*slot.object_ptr()).connection;
}

}  // namespace flask::ext
