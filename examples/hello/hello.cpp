// The Quickstart's minimal application.
#include <flask/flask.hpp>

int main(int argc, char** argv) {
    flask::Flask app(__FILE__);
    app.route("/")([] { return "<p>Hello, World!</p>"; });
    return app.main(argc, argv);  // ./hello run [--host 0.0.0.0] [--port 8000] [--debug]
}
