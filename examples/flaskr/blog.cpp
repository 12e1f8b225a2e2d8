#include "blog.hpp"

#include <optional>
#include <string>

#include "auth.hpp"

namespace flaskr {

namespace {

using flask::request;

/// The logged-in user's id; only called behind login_required.
jinja::Value current_user_id() { return flask::g.get("user").at("id"); }

/// A post with its author's name, or 404; 403 when `check_author` and the
/// post belongs to someone else (only authors may change their posts).
jinja::Value get_post(flask::ext::SQLite& db, int id, bool check_author = true) {
    auto post = db.get().query_one(
        "SELECT p.id, title, body, created, author_id, username"
        " FROM post p JOIN user u ON p.author_id = u.id"
        " WHERE p.id = ?",
        {id});
    if (!post) flask::abort(404, fmt::format("Post id {} doesn't exist.", id));
    if (check_author && (*post)["author_id"] != current_user_id()) flask::abort(403);
    return post->to_value();
}

/// The title and body of a create/update form, or the message to flash.
struct PostForm {
    std::string title;
    std::string body;
    std::optional<std::string> error;
};

PostForm read_post_form() {
    PostForm form{request.form()["title"], request.form()["body"], std::nullopt};
    if (form.title.empty()) form.error = "Title is required.";
    return form;
}

flask::ViewResult index(flask::ext::SQLite& db) {
    jinja::List posts;
    for (const auto& row : db.get().query("SELECT p.id, title, body, created, author_id, username"
                                          " FROM post p JOIN user u ON p.author_id = u.id"
                                          " ORDER BY created DESC"))
        posts.push_back(row.to_value());
    return flask::render_template("blog/index.html", {{"posts", posts}});
}

flask::ViewResult create(flask::ext::SQLite& db) {
    if (request.method() == "POST") {
        auto form = read_post_form();
        if (!form.error) {
            db.get().execute("INSERT INTO post (title, body, author_id) VALUES (?, ?, ?)",
                             {form.title, form.body, current_user_id()});
            return flask::redirect(flask::url_for("blog.index"));
        }
        flask::flash(*form.error);
    }
    return flask::render_template("blog/create.html");
}

flask::ViewResult update(flask::ext::SQLite& db, int id) {
    jinja::Value post = get_post(db, id);
    if (request.method() == "POST") {
        auto form = read_post_form();
        if (!form.error) {
            db.get().execute("UPDATE post SET title = ?, body = ? WHERE id = ?", {form.title, form.body, id});
            return flask::redirect(flask::url_for("blog.index"));
        }
        flask::flash(*form.error);
    }
    return flask::render_template("blog/update.html", {{"post", post}});
}

flask::ViewResult remove(flask::ext::SQLite& db, int id) {
    get_post(db, id);  // 404 / 403 before anything is deleted
    db.get().execute("DELETE FROM post WHERE id = ?", {id});
    return flask::redirect(flask::url_for("blog.index"));
}

}  // namespace

flask::Blueprint make_blog_blueprint(flask::ext::SQLite& db) {
    flask::Blueprint bp("blog", __FILE__);

    bp.route("/", {.endpoint = "index"})([&db] { return index(db); });
    bp.route("/create", {.endpoint = "create", .methods = {"GET", "POST"}})(
        login_required([&db] { return create(db); }));
    bp.route("/<int:id>/update", {.endpoint = "update", .methods = {"GET", "POST"}})(
        login_required([&db](int id) { return update(db, id); }));
    // POST only: a link or a prefetch must never delete anything.
    bp.route("/<int:id>/delete", {.endpoint = "delete", .methods = {"POST"}})(
        login_required([&db](int id) { return remove(db, id); }));
    return bp;
}

}  // namespace flaskr
