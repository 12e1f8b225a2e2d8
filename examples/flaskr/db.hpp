// The database module of Flaskr: schema, the init-db command, first-run setup.
#pragma once

#include <flask/ext/sqlite.hpp>
#include <flask/flask.hpp>

namespace flaskr {

/// Drops and recreates the tables from schema.sql (next to the sources).
/// Needs an application context.
void init_db(flask::ext::SQLite& db);

/// Creates the tables when the database has none yet, so a fresh checkout can
/// `flaskr run` and register at once; returns whether it did.
bool ensure_db(flask::Flask& app, flask::ext::SQLite& db);

/// Flask's db.init_app(app): the per-context connection and `flaskr init-db`.
void init_app(flask::Flask& app, flask::ext::SQLite& db);

}  // namespace flaskr
