// send_file, send_from_directory, safe_join and the static files endpoint,
// as Flask 3.1 / Werkzeug 3.1 do them.
//
//     app.route("/report")([] {
//         return flask::send_file("reports/latest.pdf", {.as_attachment = true});
//     });
//     app.route("/uploads/<path:name>")([](std::string name) {
//         return flask::send_from_directory("uploads", name);
//     });
//     app.route("/csv")([] {
//         return flask::send_file(flask::BytesIO{"a,b\n1,2\n"}, {.download_name = "data.csv"});
//     });
//
// Files are never read into memory: the response carries a wsgi::FileBody
// (path, offset, length) that the server sends with sendfile(2).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "flask/response.hpp"
#include "flask/wsgi.hpp"

namespace flask {

class Flask;

/// In-memory file contents (Python's io.BytesIO): the length is known, so
/// ranges and Content-Length work.
struct BytesIO {
    std::string data = {};
};

/// A file-like object of unknown length, read chunk by chunk (no
/// Content-Length, no range requests), as Werkzeug's wrap_file of a stream.
struct FileStream {
    wsgi::BodyGenerator read = {};
};

/// What send_file accepts: a path (relative paths are taken from the app's
/// root_path), in-memory bytes, or a stream.  A plain string is a path.
using PathOrFile = std::variant<std::filesystem::path, BytesIO, FileStream>;

/// send_file's `etag`: true (generate "{mtime}-{size}-{adler32(path)}" for
/// paths), false (no ETag), or a custom value (quoted as a strong ETag).
class SendFileETag {
public:
    SendFileETag(bool enabled = true) : enabled_(enabled) {}  // NOLINT(google-explicit-constructor)
    SendFileETag(std::string value) : enabled_(true), value_(std::move(value)) {}  // NOLINT
    SendFileETag(const char* value) : enabled_(true), value_(std::string(value)) {}  // NOLINT
    bool enabled() const noexcept { return enabled_; }
    /// The custom value, when one was given.
    const std::optional<std::string>& value() const noexcept { return value_; }

private:
    bool enabled_ = true;
    std::optional<std::string> value_ = {};
};

/// send_file's keyword arguments.
struct SendFileOptions {
    /// The MIME type; guessed from download_name (or the file name) when unset.
    /// Text types get "; charset=utf-8".
    std::optional<std::string> mimetype = {};
    /// Content-Disposition: attachment (true) or inline (false).
    bool as_attachment = false;
    /// The name the browser sees; the file's base name by default.  Non-ASCII
    /// names are sent as `filename*=UTF-8''...` with an ASCII fallback.
    std::optional<std::string> download_name = {};
    /// Honour Range, If-Range, If-None-Match, If-Modified-Since and If-Match.
    bool conditional = true;
    SendFileETag etag = {};
    /// Last-Modified; the file's mtime when unset.
    std::optional<HttpTimestamp> last_modified = {};
    /// Cache-Control max-age in seconds (> 0: `public, max-age=N` and
    /// Expires).  Unset: the app's get_send_file_max_age (config
    /// SEND_FILE_MAX_AGE_DEFAULT, None by default: `Cache-Control: no-cache`).
    std::optional<long long> max_age = {};
};

/// Flask's send_file: needs a request context (it reads request.environ and
/// current_app's root_path and SEND_FILE_MAX_AGE_DEFAULT).  A missing path
/// throws std::filesystem::filesystem_error (a 500, as Python's OSError).
Response send_file(PathOrFile path_or_file, const SendFileOptions& options = {});

/// werkzeug.utils.send_file, without an app or request context (middleware,
/// plain wsgi::App code): relative paths are made absolute from the working
/// directory and an unset max_age means `no-cache`.
Response werkzeug_send_file(PathOrFile path_or_file, const wsgi::Environ& environ,
                            const SendFileOptions& options = {});

/// Flask's send_from_directory: `path` is untrusted (usually from the URL);
/// anything outside `directory` (relative to the app's root_path), a
/// directory or a missing file raises NotFound.
Response send_from_directory(const std::filesystem::path& directory, std::string_view path,
                             const SendFileOptions& options = {});

/// Werkzeug's safe_join: `directory/untrusted` with `untrusted` normalised
/// lexically (posixpath.normpath: `.`, `..` and repeated slashes), or nullopt
/// when it is absolute or climbs out of `directory` ("..", "../x",
/// "a/../../x").  `sub/../file` stays inside and is allowed.  As in Werkzeug,
/// symbolic links are not resolved: a link inside the directory is followed
/// wherever it points (whoever can create links in the folder already
/// controls what it serves).  NUL bytes are rejected here (Python's
/// os.path.isfile answers False for them, so the result is the same 404).
std::optional<std::filesystem::path> safe_join(const std::filesystem::path& directory, std::string_view untrusted);

/// Python's mimetypes.guess_type for a file name: the MIME type (nullopt when
/// unknown) and the content encoding of a compressed suffix (".gz" -> "gzip").
struct GuessedType {
    std::optional<std::string> type = {};
    std::optional<std::string> encoding = {};
};
GuessedType guess_type(std::string_view filename);
/// The MIME type for a file name, "application/octet-stream" when unknown.
std::string guess_mimetype(std::string_view filename);

/// The Content-Disposition value send_file writes: `inline; filename=a.txt`,
/// `attachment; filename="my file.txt"`, or for non-ASCII names
/// `attachment; filename="resume.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9.csv`.
std::string content_disposition(std::string_view download_name, bool as_attachment);

/// Flask.get_send_file_max_age: SEND_FILE_MAX_AGE_DEFAULT (None or seconds).
std::optional<long long> get_send_file_max_age(const Flask& app, std::optional<std::string_view> filename = std::nullopt);

/// The `static` endpoint's view: Flask.send_static_file.  Throws
/// RuntimeError when the app has no static folder.
Response send_static_file(Flask& app, std::string_view filename);

}  // namespace flask
