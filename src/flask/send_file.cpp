// send_file, send_from_directory, safe_join and the static endpoint, following
// werkzeug.utils.send_file / send_from_directory / safe_join and Flask's
// wrappers (root_path, SEND_FILE_MAX_AGE_DEFAULT).
#include "flask/send_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/ctx.hpp"
#include "flask/exceptions.hpp"
#include "flask/http.hpp"
#include "flask/request.hpp"
#include "http/nfkd_table.hpp"
#include "jinja/pystr.hpp"
#include "jinja/value.hpp"

namespace flask {

namespace {

// ---- mimetypes ---------------------------------------------------------------------

/// mimetypes.types_map as CPython 3.11 sees it on Debian (its built-in table
/// overridden by /etc/mime.types): the conformance table first, then common
/// web types.  Keys are lower case.
constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
    {".txt", "text/plain"},
    {".html", "text/html"},
    {".htm", "text/html"},
    {".css", "text/css"},
    {".js", "text/javascript"},
    {".json", "application/json"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".csv", "text/csv"},
    {".xml", "application/xml"},
    {".mjs", "text/javascript"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".ico", "image/vnd.microsoft.icon"},
    {".pdf", "application/pdf"},
    {".webp", "image/webp"},
    {".avif", "image/avif"},
    {".apng", "image/apng"},
    {".bmp", "image/bmp"},
    {".tif", "image/tiff"},
    {".tiff", "image/tiff"},
    {".heic", "image/heic"},
    {".heif", "image/heif"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".eot", "application/vnd.ms-fontobject"},
    {".wasm", "application/wasm"},
    {".mp4", "video/mp4"},
    {".webm", "video/webm"},
    {".ogv", "video/ogg"},
    {".mov", "video/quicktime"},
    {".mpeg", "video/mpeg"},
    {".mpg", "video/mpeg"},
    {".ogg", "audio/ogg"},
    {".oga", "audio/ogg"},
    {".opus", "audio/ogg"},
    {".mp3", "audio/mpeg"},
    {".m4a", "audio/mp4"},
    {".aac", "audio/aac"},
    {".flac", "audio/flac"},
    {".wav", "audio/x-wav"},
    {".zip", "application/zip"},
    {".tar", "application/x-tar"},
    {".gz", "application/gzip"},
    {".7z", "application/x-7z-compressed"},
    {".rar", "application/vnd.rar"},
    {".doc", "application/msword"},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".xls", "application/vnd.ms-excel"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {".ppt", "application/vnd.ms-powerpoint"},
    {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {".odt", "application/vnd.oasis.opendocument.text"},
    {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {".odp", "application/vnd.oasis.opendocument.presentation"},
    {".rtf", "application/rtf"},
    {".epub", "application/epub+zip"},
    {".md", "text/markdown"},
    {".markdown", "text/markdown"},
    {".ics", "text/calendar"},
    {".vcf", "text/vcard"},
    {".xhtml", "application/xhtml+xml"},
    {".jsonld", "application/ld+json"},
    {".atom", "application/atom+xml"},
    {".sql", "application/sql"},
    {".py", "text/x-python"},
    {".sh", "text/x-sh"},
    {".bin", "application/octet-stream"},
};

/// mimetypes.suffix_map and encodings_map (the latter is case-sensitive).
constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
    {".svgz", ".svg.gz"}, {".tgz", ".tar.gz"},   {".taz", ".tar.gz"},
    {".tz", ".tar.gz"},   {".tbz2", ".tar.bz2"}, {".txz", ".tar.xz"},
};
constexpr std::pair<std::string_view, std::string_view> kEncodings[] = {
    {".gz", "gzip"}, {".Z", "compress"}, {".bz2", "bzip2"}, {".xz", "xz"}, {".br", "br"},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// posixpath.splitext: the extension of the last component; leading dots of
/// the name do not start one (".bashrc" has none).
std::pair<std::string, std::string> splitext(std::string_view p) {
    auto sep = p.rfind('/');
    auto dot = p.rfind('.');
    std::size_t name_start = sep == std::string_view::npos ? 0 : sep + 1;
    if (dot == std::string_view::npos || dot < name_start) return {std::string(p), {}};
    for (std::size_t i = name_start; i < dot; ++i)
        if (p[i] != '.') return {std::string(p.substr(0, dot)), std::string(p.substr(dot))};
    return {std::string(p), {}};
}

template <std::size_t N>
std::optional<std::string_view> lookup(const std::pair<std::string_view, std::string_view> (&table)[N],
                                       std::string_view key) {
    for (const auto& [k, v] : table)
        if (k == key) return v;
    return std::nullopt;
}

// ---- paths -------------------------------------------------------------------------

/// posixpath.normpath.
std::string normpath(std::string_view p) {
    if (p.empty()) return ".";
    std::size_t initial = 0;
    if (p.front() == '/') initial = (p.size() >= 2 && p[1] == '/' && (p.size() == 2 || p[2] != '/')) ? 2 : 1;
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= p.size()) {
        auto j = p.find('/', i);
        if (j == std::string_view::npos) j = p.size();
        std::string_view comp = p.substr(i, j - i);
        i = j + 1;
        if (comp.empty() || comp == ".") continue;
        if (comp != ".." || (initial == 0 && parts.empty()) || (!parts.empty() && parts.back() == ".."))
            parts.push_back(comp);
        else if (!parts.empty())
            parts.pop_back();
    }
    std::string out(initial, '/');
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out += '/';
        out += parts[k];
    }
    return out.empty() ? "." : out;
}

// ---- Content-Disposition -----------------------------------------------------------

/// The ASCII characters NFKD leaves of one code point (unicodedata.normalize
/// then .encode("ascii", "ignore")).
std::string_view nfkd_ascii(char32_t c) {
    using http_detail::kNfkdAscii;
    using http_detail::kNfkdAsciiSize;
    const auto* end = kNfkdAscii + kNfkdAsciiSize;
    const auto* it = std::lower_bound(kNfkdAscii, end, c,
                                      [](const http_detail::NfkdAscii& row, char32_t cp) { return row.code_point < cp; });
    if (it == end || it->code_point != c) return {};
    return it->ascii;
}

/// urllib.parse.quote(name, safe="!#$&+-.^_`|~") of the UTF-8 bytes.
std::string rfc5987_quote(std::string_view name) {
    static constexpr std::string_view safe = "!#$&+-.^_`|~";
    std::string out;
    for (char ch : name) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) && c < 0x80) out += ch;
        else if (safe.find(ch) != std::string_view::npos) out += ch;
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

// ---- ETag --------------------------------------------------------------------------

/// zlib.adler32(data) & 0xFFFFFFFF.
std::uint32_t adler32(std::string_view data) {
    constexpr std::uint32_t mod = 65521;
    std::uint32_t a = 1, b = 0;
    for (char ch : data) {
        a = (a + static_cast<unsigned char>(ch)) % mod;
        b = (b + a) % mod;
    }
    return (b << 16) | a;
}

[[noreturn]] void throw_os_error(int err, const std::string& what, const std::filesystem::path& path) {
    throw std::filesystem::filesystem_error(what, path, std::error_code(err, std::generic_category()));
}

struct FileInfo {
    std::uint64_t size = 0;
    double mtime = 0;  // os.stat().st_mtime
};

/// os.stat(path) plus the open(path, "rb") Werkzeug does right after: a
/// missing, unreadable or directory path is an OSError (a 500), never a 404.
FileInfo stat_for_sending(const std::filesystem::path& path) {
    const std::string& native = path.native();
    if (native.find('\0') != std::string::npos) throw std::invalid_argument("embedded null byte");
    struct stat st {};
    if (::stat(native.c_str(), &st) != 0) throw_os_error(errno, "stat", path);
    if (S_ISDIR(st.st_mode)) throw_os_error(EISDIR, "open", path);
    int fd = ::open(native.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_os_error(errno, "open", path);
    ::close(fd);
    FileInfo info;
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.mtime = static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) * 1e-9;
    return info;
}

/// werkzeug.utils.send_file, with Flask's `_root_path` when `root_path` is set
/// and `max_age` already resolved.
Response send_file_impl(PathOrFile source, const wsgi::Environ& environ, const SendFileOptions& options,
                        const std::filesystem::path* root_path, std::optional<long long> max_age) {
    std::optional<std::filesystem::path> path;
    std::optional<FileInfo> info;
    std::optional<std::uint64_t> size;
    if (auto* p = std::get_if<std::filesystem::path>(&source)) {
        // os.path.join(_root_path, p) / os.path.abspath(p); not normalised, as in Python.
        path = root_path ? *root_path / *p : std::filesystem::absolute(*p);
        info = stat_for_sending(*path);
        size = info->size;
    } else if (auto* bytes = std::get_if<BytesIO>(&source)) {
        size = bytes->data.size();
    }

    std::optional<std::string> download_name = options.download_name;
    if (!download_name && path) download_name = path->filename().string();

    Headers headers;
    std::string mimetype;
    if (options.mimetype) {
        mimetype = *options.mimetype;
    } else {
        if (!download_name)
            throw std::invalid_argument(
                "Unable to detect the MIME type because a file name is not available. Either set "
                "'download_name', pass a path instead of a file, or set 'mimetype'.");
        auto guessed = guess_type(*download_name);
        mimetype = guessed.type.value_or("application/octet-stream");
        // No Content-Encoding for attachments: browsers would decompress a saved .tar.gz.
        if (guessed.encoding && !options.as_attachment) headers.set("Content-Encoding", *guessed.encoding);
    }

    if (download_name) {
        headers.set("Content-Disposition", content_disposition(*download_name, options.as_attachment));
    } else if (options.as_attachment) {
        throw std::invalid_argument(
            "No name provided for attachment. Either set 'download_name' or pass a path instead of a file.");
    }

    Response rv;
    if (auto* bytes = std::get_if<BytesIO>(&source)) {
        rv = Response(std::move(bytes->data), 200, std::move(headers), mimetype);
    } else if (auto* stream = std::get_if<FileStream>(&source)) {
        rv = Response({}, 200, std::move(headers), mimetype);
        rv.set_generator(std::move(stream->read));
    } else {
        rv = Response({}, 200, std::move(headers), mimetype);
        rv.set_file({path->string(), 0, *size});
    }

    if (options.last_modified) rv.headers.set("Last-Modified", options.last_modified->http_date());
    else if (info) rv.headers.set("Last-Modified", http_date(info->mtime));

    if (!max_age) rv.headers.set("Cache-Control", "no-cache");
    else if (*max_age > 0) rv.headers.set("Cache-Control", fmt::format("public, max-age={}", *max_age));
    else rv.headers.set("Cache-Control", fmt::format("no-cache, max-age={}", *max_age));
    if (max_age) rv.headers.set("Expires", http_date(static_cast<std::int64_t>(unix_now() + static_cast<double>(*max_age))));

    if (options.etag.value()) {
        rv.headers.set("ETag", quote_etag(*options.etag.value()));
    } else if (options.etag.enabled() && path) {
        rv.headers.set("ETag", quote_etag(fmt::format("{}-{}-{}", jinja::float_repr(info->mtime), info->size,
                                                      adler32(path->string()))));
    }

    if (options.conditional) rv.make_conditional(environ, "bytes", size);
    return rv;
}

}  // namespace

GuessedType guess_type(std::string_view filename) {
    auto [base, ext] = splitext(filename);
    while (auto mapped = lookup(kSuffixes, lower(ext))) {
        auto next = splitext(base + std::string(*mapped));
        base = std::move(next.first);
        ext = std::move(next.second);
    }
    GuessedType out;
    if (auto encoding = lookup(kEncodings, ext)) {
        out.encoding = std::string(*encoding);
        auto next = splitext(base);
        base = std::move(next.first);
        ext = std::move(next.second);
    }
    if (auto type = lookup(kTypes, lower(ext))) out.type = std::string(*type);
    return out;
}

std::string guess_mimetype(std::string_view filename) {
    return guess_type(filename).type.value_or("application/octet-stream");
}

std::string content_disposition(std::string_view download_name, bool as_attachment) {
    std::string_view kind = as_attachment ? "attachment" : "inline";
    bool ascii = std::all_of(download_name.begin(), download_name.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return dump_options_header(kind, {{"filename", jinja::Value(std::string(download_name))}});
    std::string simple;
    for (std::size_t i = 0; i < download_name.size();) {
        char32_t c = jinja::pystr::decode_utf8(download_name, i);
        if (c < 0x80) simple += static_cast<char>(c);
        else simple += nfkd_ascii(c);
    }
    return dump_options_header(kind, {{"filename", jinja::Value(simple)},
                                      {"filename*", jinja::Value("UTF-8''" + rfc5987_quote(download_name))}});
}

std::optional<std::filesystem::path> safe_join(const std::filesystem::path& directory, std::string_view untrusted) {
    if (untrusted.find('\0') != std::string_view::npos) return std::nullopt;
    std::string filename = untrusted.empty() ? std::string() : normpath(untrusted);
    if (!filename.empty() && (filename.front() == '/' || filename == ".." || filename.starts_with("../")))
        return std::nullopt;
    std::filesystem::path base = directory.empty() ? std::filesystem::path(".") : directory;
    return filename.empty() ? base : base / filename;
}

Response werkzeug_send_file(PathOrFile path_or_file, const wsgi::Environ& environ, const SendFileOptions& options) {
    return send_file_impl(std::move(path_or_file), environ, options, nullptr, options.max_age);
}

Response send_file(PathOrFile path_or_file, const SendFileOptions& options) {
    Flask& app = current_app();
    const wsgi::Environ& environ = request.environ();
    std::optional<long long> max_age = options.max_age;
    if (!max_age) {
        std::optional<std::string> name;
        if (auto* p = std::get_if<std::filesystem::path>(&path_or_file)) name = (app.root_path() / *p).string();
        max_age = app.get_send_file_max_age(name);
    }
    return send_file_impl(std::move(path_or_file), environ, options, &app.root_path(), max_age);
}

Response send_from_directory(const std::filesystem::path& directory, std::string_view path,
                             const SendFileOptions& options) {
    auto joined = safe_join(directory, path);
    if (!joined) throw NotFound();
    std::filesystem::path full = current_app().root_path() / *joined;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(full, ec)) throw NotFound();
    return send_file(std::move(full), options);
}

std::optional<long long> get_send_file_max_age(const Flask& app, std::optional<std::string_view> filename) {
    return app.get_send_file_max_age(filename);
}

Response send_static_file(Flask& app, std::string_view filename) { return app.send_static_file(filename); }

std::optional<long long> Flask::get_send_file_max_age(std::optional<std::string_view> /*filename*/) const {
    jinja::Value value = config.get("SEND_FILE_MAX_AGE_DEFAULT");
    if (value.is_none() || value.is_undefined()) return std::nullopt;
    return value.as_int();
}

Response Flask::send_static_file(std::string_view filename) {
    auto folder = static_folder();
    if (!folder) throw RuntimeError("'static_folder' must be set to serve static_files.");
    return send_from_directory(*folder, filename, {.max_age = get_send_file_max_age(filename)});
}

}  // namespace flask
