// app.test_client(): requests straight into the app callable, no sockets.
//
//     auto client = app.test_client();
//     auto r = client.get("/user/ann", {.query = {{"page", "2"}}});
//     EXPECT_EQ(r.status_code, 200);
//     EXPECT_EQ(r.text(), "User ann");
//
// As Werkzeug's client does by default, it keeps the cookies responses set
// (the session, flashed messages) and sends them with later requests: those
// whose domain and path match the request, in the order they were first
// stored, in place of any Cookie header the test passes (use_cookies=false
// keeps the test's own header instead).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flask/datetime.hpp"
#include "flask/headers.hpp"
#include "flask/response.hpp"
#include "flask/wsgi.hpp"
#include "jinja/value.hpp"

namespace flask {

class Flask;

/// Keyword arguments of the test client's request methods.
struct TestRequest {
    std::vector<std::pair<std::string, std::string>> query = {};  // appended to the path's own query
    Headers headers = {};
    std::optional<std::string> data = {};                         // raw body
    std::vector<std::pair<std::string, std::string>> form = {};   // url-encoded body
    std::optional<jinja::Value> json = {};                      // JSON body (application/json)
    std::string content_type = {};                              // overrides the implied one
};

struct TestResponse {
    int status_code = 0;
    std::string status;  // "200 OK"
    Headers headers;
    std::string data;
    const std::string& text() const { return data; }
    std::string mimetype() const;
    /// The body parsed as JSON (None when the response is not JSON).
    jinja::Value get_json() const;
};

/// A cookie the test client holds, with what Werkzeug's test Cookie shows:
/// `client.get_cookie("session")->decoded_value`.
struct TestCookie {
    std::string key;    // as the client sends it back
    std::string value;
    std::string decoded_key;  // as the application set it and reads it
    std::string decoded_value;
    std::optional<DateTime> expires = {};
    std::optional<long long> max_age = {};
    std::string domain;        // the Domain attribute, else the host that set it
    bool origin_only = true;   // no Domain attribute: sent to that exact host only
    std::string path;          // the Path attribute, else the setting request's directory
    bool secure = false;
    bool http_only = false;
    std::optional<std::string> same_site = {};

    /// Werkzeug's rule: the exact host (or, unless origin_only, a subdomain
    /// of `domain`), and the path itself or one below it.
    bool matches_request(std::string_view server_name, std::string_view request_path) const;
    /// A Set-Cookie value received for a request to `server_name` at `request_path`.
    static std::optional<TestCookie> from_response_header(std::string_view server_name, std::string_view request_path,
                                                         std::string_view header);
    /// Werkzeug stores a cookie unless it carries Max-Age=0 or an Expires at the epoch.
    bool should_delete() const;
};

/// Client.set_cookie's keywords: where the cookie is sent, plus the
/// attributes dump_cookie writes (their domain and path are these ones).
struct ClientCookieOptions {
    std::string domain = "localhost";
    bool origin_only = true;
    std::string path = "/";
    CookieOptions attributes = {};
};

class FlaskClient {
public:
    /// `use_cookies`: keep Set-Cookie values and send them back (Werkzeug's default).
    explicit FlaskClient(Flask& app, bool use_cookies = true) : app_(app), use_cookies_(use_cookies) {}

    TestResponse open(std::string_view method, std::string_view path, const TestRequest& request = {});
    TestResponse get(std::string_view path, const TestRequest& r = {}) { return open("GET", path, r); }
    TestResponse post(std::string_view path, const TestRequest& r = {}) { return open("POST", path, r); }
    TestResponse put(std::string_view path, const TestRequest& r = {}) { return open("PUT", path, r); }
    TestResponse delete_(std::string_view path, const TestRequest& r = {}) { return open("DELETE", path, r); }
    TestResponse patch(std::string_view path, const TestRequest& r = {}) { return open("PATCH", path, r); }
    TestResponse head(std::string_view path, const TestRequest& r = {}) { return open("HEAD", path, r); }
    TestResponse options(std::string_view path, const TestRequest& r = {}) { return open("OPTIONS", path, r); }

    /// The cookie stored for (domain, path, decoded key), or nullopt.  With
    /// cookies turned off these three throw jinja::TypeError, as Werkzeug's do.
    std::optional<TestCookie> get_cookie(std::string_view key, std::string_view domain = "localhost",
                                         std::string_view path = "/") const;
    /// Stores a cookie as a response would have set it (Max-Age=0 deletes it).
    void set_cookie(std::string_view key, std::string_view value = "", const ClientCookieOptions& options = {});
    void delete_cookie(std::string_view key, std::string_view domain = "localhost", std::string_view path = "/");

private:
    /// The host a request is for: its Host header's name, else "localhost".
    static std::string request_host(const Headers& headers);
    void require_cookies() const;
    void store(TestCookie cookie);
    /// The Cookie header for a request to `server_name` at `path` (empty: none).
    std::string cookie_header(std::string_view server_name, std::string_view path) const;

    Flask& app_;
    bool use_cookies_ = true;
    std::vector<TestCookie> cookies_;  // first-stored first; one per (domain, path, decoded key)
};

/// An Environ as the test client builds it: `path` may hold a query string,
/// and is percent-decoded into PATH_INFO; Host is "localhost".
wsgi::Environ make_test_environ(std::string_view path, std::string_view method = "GET", Headers headers = {},
                                std::string body = {});

}  // namespace flask
