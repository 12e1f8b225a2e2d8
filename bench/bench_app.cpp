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
        // f"<p>Hello, {escape(name)}!</p>": only the name is escaped.
        return fmt::format("<p>Hello, {}!</p>", flask::escape(name).str());
    });
    // The fortunes rows are built once, as a database-less peer app would cache them.
    flask::List fortunes;
    for (int i = 1; i <= 100; ++i) {
        std::string message =
            i % 5 == 0 ? fmt::format("<script>alert(\"fortune {}\");</script> & 'co'", i)
                       : fmt::format("A computer program does what you tell it to do, not what you want it to do. #{}", i);
        fortunes.push_back(flask::Dict{{"id", i}, {"message", message}});
    }
    app.route("/fortunes")([fortunes = flask::Value(std::move(fortunes))] {
        return flask::render_template("fortunes.html", {{"fortunes", fortunes}});
    });
    return app.main(argc, argv);
}
