// app.test_client(): requests straight into the app callable, no sockets.
//
//     auto client = app.test_client();
//     auto r = client.get("/user/ann", {.query = {{"page", "2"}}});
//     EXPECT_EQ(r.status_code, 200);
//     EXPECT_EQ(r.text(), "User ann");
//
// As Werkzeug's client does by default, it keeps the cookies responses set
// (the session, flashed messages) and sends them with later requests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flask/headers.hpp"
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

    /// The value of a cookie the client holds, or nullopt.  The jar is
    /// keyed by name only: every test request goes to the same host, and
    /// paths/domains are not told apart (enough for session-style cookies).
    std::optional<std::string> get_cookie(std::string_view key) const;
    void set_cookie(std::string key, std::string value);
    void delete_cookie(std::string_view key);

private:
    void store_cookies(const Headers& response_headers);

    Flask& app_;
    bool use_cookies_ = true;
    std::map<std::string, std::string, std::less<>> cookies_;
};

/// An Environ as the test client builds it: `path` may hold a query string,
/// and is percent-decoded into PATH_INFO; Host is "localhost".
wsgi::Environ make_test_environ(std::string_view path, std::string_view method = "GET", Headers headers = {},
                                std::string body = {});

}  // namespace flask
