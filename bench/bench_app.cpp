// bench_app: ../shared/bench's scenarios, written as a Flask user would.
//     bench_app run --port 8080
#include <flask/flask.hpp>

int main(int argc, char** argv) {
    flask::Flask app(__FILE__);

    app.route("/plaintext")([] {
        return flask::Response("Hello, World!", 200, {}, "text/plain");
    });
    app.route("/json")([] { return flask::jsonify({{"message", "Hello, World!"}}); });
    app.route("/user/<name>")([](std::string name) {
        return "<p>Hello, " + flask::escape(name) + "!</p>";
    });
    // /fortunes arrives with the template engine (issue 4).
    return app.main(argc, argv);
}
