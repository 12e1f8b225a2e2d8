#include "db.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace flaskr {

namespace {

/// current_app.open_resource("schema.sql"): resources sit next to the app's
/// source file, which is the app's root_path.
std::string read_schema() {
    auto path = flask::current_app().root_path() / "schema.sql";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

void init_db(flask::ext::SQLite& db) { db.get().executescript(read_schema()); }

bool ensure_db(flask::Flask& app, flask::ext::SQLite& db) {
    auto ctx = app.app_context();
    // Opening the connection creates an empty file; the tables are what count.
    auto table = db.get().query_one("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'user'");
    if (table) return false;
    init_db(db);
    return true;
}

void init_app(flask::Flask& app, flask::ext::SQLite& db) {
    // The extension closes each context's connection at teardown (close_db).
    db.init_app(app);
    // CLI commands run inside an application context, as with_appcontext does.
    app.cli().command("init-db", "Clear the existing data and create new tables.")([&db] {
        init_db(db);
        std::cout << "Initialized the database.\n";
    });
}

}  // namespace flaskr
