// The `flaskr` command: `flaskr init-db`, `flaskr run [--port N] [--debug]`, `flaskr routes`.
#include <cstring>
#include <iostream>

#include "db.hpp"
#include "flaskr.hpp"

int main(int argc, char** argv) {
    auto flaskr = flaskr::create_app();
    // First `flaskr run` on a fresh checkout: create the tables so one can
    // register straight away instead of hitting "no such table".
    if (argc > 1 && std::strcmp(argv[1], "run") == 0 && flaskr::ensure_db(flaskr->app, flaskr->db))
        std::cout << "Created the database in " << flaskr->app.instance_path().string() << "\n";
    return flaskr->app.main(argc, argv);
}
