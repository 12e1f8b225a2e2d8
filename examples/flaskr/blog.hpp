// The blog blueprint of Flaskr: the post list at "/", and create, update,
// delete for logged-in authors.
#pragma once

#include <flask/ext/sqlite.hpp>
#include <flask/flask.hpp>

namespace flaskr {

/// "blog" with no URL prefix: the index is "/" (endpoint "blog.index").
flask::Blueprint make_blog_blueprint(flask::ext::SQLite& db);

}  // namespace flaskr
