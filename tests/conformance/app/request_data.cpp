// Request data section of reference_app.py (args, form, headers, URL
// attributes, raw body).
#include <flask/utils.hpp>
#include <stdlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "conformance_app.hpp"

namespace conformance {

using flask::jsonify;
using flask::request;
using flask::Value;

namespace {

Value optional_value(const std::optional<std::uint64_t>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }

Value string_list(const std::vector<std::string>& items) {
    flask::List out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

/// SHA-256 (FIPS 180-4) of a file, as hashlib.sha256(content).hexdigest(); also returns the size.
class Sha256 {
public:
    void update(const unsigned char* data, std::size_t size) {
        length_ += size;
        for (std::size_t i = 0; i < size; ++i) {
            block_[used_++] = data[i];
            if (used_ == 64) {
                compress();
                used_ = 0;
            }
        }
    }
    std::string hexdigest() {
        std::uint64_t bits = length_ * 8;
        unsigned char pad = 0x80;
        update(&pad, 1);
        unsigned char zero = 0;
        while (used_ != 56) update(&zero, 1);
        for (int i = 7; i >= 0; --i) {
            auto byte = static_cast<unsigned char>(bits >> (i * 8));
            update(&byte, 1);
        }
        std::string out;
        for (auto word : h_) out += fmt::format("{:08x}", word);
        return out;
    }

private:
    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
    void compress() {
        static constexpr std::array<std::uint32_t, 64> k = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            w[i] = (std::uint32_t(block_[i * 4]) << 24) | (std::uint32_t(block_[i * 4 + 1]) << 16) |
                   (std::uint32_t(block_[i * 4 + 2]) << 8) | std::uint32_t(block_[i * 4 + 3]);
        for (int i = 16; i < 64; ++i) {
            std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto v = h_;
        for (int i = 0; i < 64; ++i) {
            std::uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
            std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
            std::uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
            std::uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
            std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            std::uint32_t t2 = s0 + maj;
            v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
        }
        for (int i = 0; i < 8; ++i) h_[i] += v[i];
    }

    std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block_{};
    std::size_t used_ = 0;
    std::uint64_t length_ = 0;
};

/// UPLOAD_DIR: a temporary directory made at start-up, removed at exit.
const std::filesystem::path& upload_dir() {
    struct Dir {
        std::filesystem::path path;
        Dir() {
            auto base = std::filesystem::temp_directory_path() / "flask-conformance-uploads-XXXXXX";
            std::string pattern = base.string();
            if (!::mkdtemp(pattern.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp");
            path = pattern;
        }
        ~Dir() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    };
    static Dir dir;
    return dir.path;
}

}  // namespace

void register_cookies(flask::Flask& app) {
    app.route("/cookies/set", {.endpoint = "cookies_set"})([] {
        const auto& args = request.args();
        auto resp = flask::make_response("Cookie " + flask::escape(args.get("name", "demo")) + " set");
        flask::CookieOptions options;
        if (args.contains("max_age")) options.max_age = flask::python_int(args["max_age"]).value_or(0);
        if (args.contains("expires")) options.expires = flask::python_int(args["expires"]).value_or(0);
        if (args.contains("path")) options.path = args["path"];
        if (args.contains("domain")) options.domain = args["domain"];
        if (args.contains("samesite")) options.samesite = args["samesite"];
        options.secure = args.get("secure", "") == "1";
        options.httponly = args.get("httponly", "") == "1";
        options.partitioned = args.get("partitioned", "") == "1";
        resp.set_cookie(args.get("name", "demo"), args.get("value", ""), options);
        return resp;
    });
    app.route("/cookies/set-username", {.endpoint = "cookies_set_username"})([] {
        auto resp = flask::make_response(render_template("hello.html", {{"person", "cookie setter"}}));
        resp.set_cookie("username", "the username");
        return resp;
    });
    app.route("/cookies/set-many", {.endpoint = "cookies_set_many"})([] {
        auto resp = flask::make_response("Several cookies");
        resp.set_cookie("plain", "1");
        resp.set_cookie("lasting", "yes", {.max_age = 3600});
        resp.set_cookie("fixed_expiry", "2037", {.expires = 2145916799});  // 2037-12-31 23:59:59 UTC
        resp.set_cookie("scoped", "a b;c",
                        {.path = "/cookies/", .domain = "example.test", .secure = true, .httponly = true,
                         .samesite = "Strict"});
        resp.set_cookie("plain", "2");  // same name again: both Set-Cookie headers are sent
        return resp;
    });
    app.route("/cookies/delete", {.endpoint = "cookies_delete"})([] {
        auto resp = flask::make_response("Cookie deleted");
        resp.delete_cookie(request.args().get("name", "demo"), request.args().get("path", "/"),
                           request.args().get("domain"));
        return resp;
    });
    app.route("/cookies/read", {.endpoint = "cookies_read"})([] {
        auto username = request.cookies().get("username");
        return jsonify({{"cookies", request.cookies().to_dict()}, {"username", username}});
    });
}

void register_request_data(flask::Flask& app) {
    register_cookies(app);
    app.route("/args", {.endpoint = "query_args"})([] {
        const auto& args = request.args();
        return jsonify({
            {"name", args.get("name", "anonymous")},
            {"page", args.get("page", 1)},
            {"tags", string_list(args.getlist("tag"))},
            {"all", args.to_dict(false)},
        });
    });
    app.route("/form", {.endpoint = "form_data", .methods = {"POST"}})([] {
        const auto& form = request.form();
        auto files = request.files().keys();
        std::sort(files.begin(), files.end());
        return jsonify({
            {"username", form["username"]},
            {"remember", form.get("remember", "no")},
            {"tags", string_list(form.getlist("tag"))},
            {"files", string_list(files)},
        });
    });
    upload_dir();  // created at start-up, as UPLOAD_DIR
    app.route("/upload", {.endpoint = "upload", .methods = {"POST"}})([] {
        const auto& uploaded = request.files()["the_file"];
        auto saved_as = flask::secure_filename(uploaded.filename().value_or(""));
        auto target = upload_dir() / (saved_as.empty() ? std::string("unnamed") : saved_as);
        uploaded.save(target);
        Sha256 sha;
        long long size = 0;
        {
            std::ifstream in(target, std::ios::binary);
            char buffer[65536];
            while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
                sha.update(reinterpret_cast<const unsigned char*>(buffer), static_cast<std::size_t>(in.gcount()));
                size += in.gcount();
            }
        }
        flask::List extra_files;
        for (const auto& f : request.files().getlist("extra"))
            extra_files.emplace_back(f.filename() ? Value(*f.filename()) : Value());
        auto content_type = uploaded.content_type();
        return jsonify({
            {"filename", uploaded.filename() ? Value(*uploaded.filename()) : Value()},
            {"saved_as", saved_as},
            {"content_type", content_type ? Value(*content_type) : Value()},
            {"mimetype", uploaded.mimetype()},
            {"size", size},
            {"sha256", sha.hexdigest()},
            {"form", request.form().to_dict(false)},
            {"extra_files", std::move(extra_files)},
        });
    });
    app.route("/secure-filename", {.endpoint = "secure_filename_view"})(
        [] { return "[" + flask::secure_filename(request.args().get("name", "")) + "]"; });
    app.route("/headers", {.endpoint = "request_headers"})([] {
        // dict(sorted(request.headers.items())): Werkzeug title-cases names; the last duplicate wins.
        std::map<std::string, std::string> sorted;
        for (const auto& [k, v] : request.headers()) {
            std::string name = k;
            bool upper = true;
            for (char& c : name) {
                c = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                          : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                upper = c == '-';
            }
            sorted[name] = v;
        }
        flask::Dict headers;
        for (const auto& [k, v] : sorted) headers.set(k, v);
        auto ua = request.headers().get("user-agent");
        return jsonify({
            {"headers", std::move(headers)},
            {"user_agent", ua ? Value(*ua) : Value()},
            {"custom", request.headers().get("X-CUSTOM", "none")},
        });
    });
    auto request_info = [](std::optional<std::string> rest) {
        (void)rest;
        flask::Dict view_args;
        for (const auto& [k, v] : request.view_args()) view_args.set(k, v);
        return jsonify({
            {"method", request.method()},
            {"path", request.path()},
            {"full_path", request.full_path()},
            {"script_root", request.script_root()},
            {"url", request.url()},
            {"base_url", request.base_url()},
            {"url_root", request.url_root()},
            {"host_url", request.host_url()},
            {"host", request.host()},
            {"scheme", request.scheme()},
            {"is_secure", request.is_secure()},
            {"query_string", request.query_string()},
            {"args", request.args().to_dict(false)},
            {"endpoint", request.endpoint()},
            {"view_args", std::move(view_args)},
            {"url_rule", request.url_rule()},
            {"mimetype", request.mimetype()},
            {"content_type", request.headers().get("Content-Type") ? Value(request.content_type()) : Value()},
            {"content_length", optional_value(request.content_length())},
            {"is_json", request.is_json()},
        });
    };
    app.route("/request-info", {.endpoint = "request_info", .methods = {"GET", "POST"}})
        .route("/request-info/<path:rest>", {.endpoint = "request_info", .methods = {"GET", "POST"}})(request_info);
    app.route("/data", {.endpoint = "raw_data", .methods = {"POST", "PUT"}})([] {
        const auto& data = request.data();  // empty for form content types (the form parser consumed it)
        const auto& form = request.form();
        return jsonify({
            {"length", static_cast<long long>(data.size())},
            {"text", data},
            {"content_length", optional_value(request.content_length())},
            {"mimetype", request.mimetype()},
            {"form", form.to_dict(false)},
        });
    });
    app.route("/body-size", {.endpoint = "body_size", .methods = {"POST"}})(
        [] { return fmt::format("Received {} bytes", request.get_data().size()); });
    app.route("/ignore-body", {.endpoint = "ignore_body", .methods = {"POST"}})([] {
        auto length = request.content_length();
        return "Declared length " + (length ? std::to_string(*length) : std::string("None"));
    });
}

}  // namespace conformance
