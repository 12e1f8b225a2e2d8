#include "auth.hpp"

#include <optional>
#include <string>

namespace flaskr {

namespace {

using flask::request;
using flask::session;

/// The user row for a session, as a dict templates can read (g.user['username']).
jinja::Value load_user(flask::ext::SQLite& db, const jinja::Value& user_id) {
    if (user_id.is_none()) return jinja::none;
    auto row = db.get().query_one("SELECT * FROM user WHERE id = ?", {user_id});
    // A session can outlive its user (init-db): treat it as logged out.
    return row ? row->to_value() : jinja::Value(jinja::none);
}

flask::ViewResult register_view(flask::ext::SQLite& db) {
    if (request.method() == "POST") {
        // request.form[...] answers 400 when a field is missing altogether.
        const std::string& username = request.form()["username"];
        const std::string& password = request.form()["password"];
        std::optional<std::string> error;
        if (username.empty())
            error = "Username is required.";
        else if (password.empty())
            error = "Password is required.";

        if (!error) {
            try {
                db.get().execute("INSERT INTO user (username, password) VALUES (?, ?)",
                                 {username, flask::generate_password_hash(password)});
                return flask::redirect(flask::url_for("auth.login"));
            } catch (const flask::ext::IntegrityError&) {
                // The UNIQUE constraint decides, so two racing sign-ups cannot both win.
                error = fmt::format("User {} is already registered.", username);
            }
        }
        flask::flash(*error);
    }
    return flask::render_template("auth/register.html");
}

flask::ViewResult login_view(flask::ext::SQLite& db) {
    if (request.method() == "POST") {
        const std::string& username = request.form()["username"];
        const std::string& password = request.form()["password"];
        auto user = db.get().query_one("SELECT * FROM user WHERE username = ?", {username});
        std::optional<std::string> error;
        if (!user)
            error = "Incorrect username.";
        else if (!flask::check_password_hash((*user)["password"].str(), password))
            error = "Incorrect password.";

        if (!error) {
            // A fresh session: nothing from before the login carries over.
            session.clear();
            session["user_id"] = (*user)["id"];
            return flask::redirect(flask::url_for("index"));
        }
        flask::flash(*error);
    }
    return flask::render_template("auth/login.html");
}

}  // namespace

flask::Blueprint make_auth_blueprint(flask::ext::SQLite& db) {
    flask::Blueprint bp("auth", __FILE__, {.url_prefix = "/auth"});

    // Every request of the app, not only /auth ones, needs to know who asks.
    bp.before_app_request([&db] { flask::g.set("user", load_user(db, session.get("user_id"))); });

    bp.route("/register", {.endpoint = "register", .methods = {"GET", "POST"}})([&db] { return register_view(db); });
    bp.route("/login", {.endpoint = "login", .methods = {"GET", "POST"}})([&db] { return login_view(db); });
    bp.route("/logout", {.endpoint = "logout"})([] {
        session.clear();
        return flask::redirect(flask::url_for("index"));
    });
    return bp;
}

}  // namespace flaskr
