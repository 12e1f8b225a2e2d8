#include <filesystem>
#include <utility>

#include <flask/ext/redis_session.hpp>

#include "auth.hpp"
#include "blog.hpp"
#include "db.hpp"
#include "flaskr.hpp"

namespace flaskr {

FlaskrApp::FlaskrApp(std::optional<std::string> instance_path)
    : auth(make_auth_blueprint(db)),
      blog(make_blog_blueprint(db)),
      // __FILE__ makes this folder the root: templates/, static/ and
      // schema.sql are found next to the sources wherever the binary runs.
      app(__FILE__, {.static_folder = "static",
                     .static_url_path = std::nullopt,
                     .template_folder = "templates",
                     .name = "flaskr",
                     .instance_path = std::move(instance_path),
                     .instance_relative_config = true}) {}

std::unique_ptr<FlaskrApp> create_app(std::optional<jinja::Dict> test_config, std::optional<std::string> instance_path) {
    auto flaskr = std::make_unique<FlaskrApp>(std::move(instance_path));
    flask::Flask& app = flaskr->app;

    // Development defaults; a deployment overrides them in instance/config.json.
    app.config.from_mapping(jinja::Dict{{"SECRET_KEY", "dev"}, {"DATABASE", "flaskr.sqlite"}});
    if (test_config) {
        app.config.from_mapping(*test_config);
    } else {
        app.config.from_file("config.json", flask::json::loads, /*silent=*/true);
        // FLASK_SECRET_KEY, FLASK_DATABASE, FLASK_PROXY_FIX=1, FLASK_SESSION_REDIS=host:port
        app.config.from_prefixed_env();
    }

    // Deployment: behind one reverse proxy, trust its X-Forwarded-* headers;
    // with several instances, keep sessions in Redis (or share SECRET_KEY).
    if (app.config.get_bool("PROXY_FIX"))
        app.wsgi_app = flask::ProxyFix(app.wsgi_app, {.x_for = 1, .x_proto = 1, .x_host = 1});
    if (auto redis = app.config.get("SESSION_REDIS"); redis.is_string()) {
        std::string where = redis.str();
        auto colon = where.rfind(':');
        flask::ext::RedisOptions options;
        options.host = where.substr(0, colon);
        if (colon != std::string::npos) options.port = std::stoi(where.substr(colon + 1));
        app.session_interface = std::make_shared<flask::ext::RedisSessionInterface>(options);
    }

    // The SQLite file lives in the instance folder, which git does not track.
    std::filesystem::create_directories(app.instance_path());

    app.route("/hello", {.endpoint = "hello"})([] { return "Hello, World!"; });

    init_app(app, flaskr->db);
    app.register_blueprint(flaskr->auth);
    app.register_blueprint(flaskr->blog);
    // Templates and the auth views say url_for("index"): the same "/" as "blog.index".
    app.add_url_rule("/", {.endpoint = "index"}, std::nullopt);
    return flaskr;
}

}  // namespace flaskr
