// request.form / request.files / request.data over bad and good bodies: the
// status codes are the ones Flask 3.1 + Werkzeug 3.1.8 send (checked with the
// Python test client on the same bodies).
#include <gtest/gtest.h>

#include <flask/flask.hpp>

namespace {

using flask::request;

const std::string MP = "multipart/form-data; boundary=BOUND";

std::string part(const std::string& name, const std::string& value, const std::string& extra = "",
                 const std::string& headers = "") {
    return "--BOUND\r\nContent-Disposition: form-data; name=\"" + name + "\"" + extra + "\r\n" + headers + "\r\n" +
           value + "\r\n";
}
const std::string closing = "--BOUND--\r\n";

struct App {
    flask::Flask app{"/tmp/test_multipart.cpp"};
    App() {
        app.config.update({{"MAX_CONTENT_LENGTH", 100000}, {"MAX_FORM_MEMORY_SIZE", 1000}, {"MAX_FORM_PARTS", 5}});
        app.route("/f", {.endpoint = "f", .methods = {"POST"}})([] {
            auto files = request.files().keys();
            flask::List file_list;
            for (const auto& k : files) file_list.emplace_back(k);
            return flask::jsonify({{"form", request.form().to_dict(false)},
                                   {"files", std::move(file_list)},
                                   {"x", request.form()["x"]}});
        });
        app.route("/a", {.endpoint = "a"})([] { return flask::jsonify({{"args", request.args().to_dict(false)}}); });
        app.route("/d", {.endpoint = "d", .methods = {"POST"}})([] {
            const auto& data = request.data();
            return flask::jsonify({{"data", data}, {"form", request.form().to_dict(false)}});
        });
        app.route("/g", {.endpoint = "g", .methods = {"POST"}})([] {
            std::string data = request.get_data();
            return flask::jsonify({{"data", data}, {"form", request.form().to_dict(false)},
                                   {"files", static_cast<long long>(request.files().size())}});
        });
        app.route("/file", {.endpoint = "file", .methods = {"POST"}})([] {
            const auto& f = request.files()["f"];
            return flask::jsonify({{"filename", f.filename().value_or("")},
                                   {"size", static_cast<long long>(f.size())},
                                   {"values", request.values().to_dict(false)}});
        });
    }
    flask::TestResponse post(const std::string& path, const std::string& content_type, std::string body) {
        flask::TestRequest r;
        r.data = std::move(body);
        r.content_type = content_type;
        return app.test_client().post(path, r);
    }
};

TEST(MultipartRequest, FormAndFiles) {
    App a;
    auto r = a.post("/f", MP, part("x", "1") + part("doc", "hello", "; filename=\"a.txt\"") + closing);
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "{\"files\":[\"doc\"],\"form\":{\"x\":[\"1\"]},\"x\":\"1\"}\n");
    r = a.post("/file?q=1", MP, part("x", "1") + part("f", "abc", "; filename=\"n.txt\"") + closing);
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "{\"filename\":\"n.txt\",\"size\":3,\"values\":{\"q\":[\"1\"],\"x\":[\"1\"]}}\n");
}

TEST(MultipartRequest, MalformedBodiesGiveAnEmptyFormSoKeysAre400) {
    App a;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"multipart/form-data", part("x", "1") + closing},  // missing boundary
        {MP, part("x", "1")},                                // no closing boundary
        {MP, "--BOUND\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n12345"},
        {MP, "--BOUND\r\nContent-Disposition: form-da"},
        {MP, "--BOUND\r\nX-Foo: bar\r\n\r\n1\r\n" + closing},              // no Content-Disposition
        {MP, part("x", "1", "", "X-Bad: \xFF\r\n") + closing},              // header not UTF-8
        {MP, ""},
        {MP, closing},
        {MP, part("x", "1") + "--BOUND\r\n"},
        {"multipart/form-data; boundary=\"\"", part("x", "1") + closing},
    };
    for (const auto& [ct, body] : cases) {
        auto r = a.post("/f", ct, body);
        EXPECT_EQ(r.status_code, 400) << body;
        EXPECT_NE(r.text().find("<title>400 Bad Request</title>"), std::string::npos);
    }
}

TEST(MultipartRequest, Limits) {
    App a;
    EXPECT_EQ(a.post("/f", MP, part("x", std::string(1001, 'y')) + closing).status_code, 413);  // MAX_FORM_MEMORY_SIZE
    std::string five, six;
    for (int i = 0; i < 5; ++i) five += part("x", std::to_string(i));
    six = five + part("x", "5");
    EXPECT_EQ(a.post("/f", MP, five + closing).status_code, 200);
    EXPECT_EQ(a.post("/f", MP, six + closing).status_code, 413);  // MAX_FORM_PARTS
    // One read chunk bigger than MAX_FORM_MEMORY_SIZE is 413 as in Werkzeug, even for a file part.
    EXPECT_EQ(a.post("/f", MP, part("x", "1") + part("f", std::string(5000, 'y'), "; filename=\"a\"") + closing)
                  .status_code,
              413);
    auto big = a.post("/f", MP, part("x", "1") + part("f", std::string(100000, 'y'), "; filename=\"a\"") + closing);
    EXPECT_EQ(big.status_code, 413);  // MAX_CONTENT_LENGTH
    EXPECT_NE(big.text().find("Request Entity Too Large"), std::string::npos);
    // url-encoded: Content-Length above MAX_FORM_MEMORY_SIZE.
    EXPECT_EQ(a.post("/f", "application/x-www-form-urlencoded", "x=" + std::string(1000, 'a')).status_code, 413);
}

TEST(MultipartRequest, DataIsEmptyAfterFormParsingButGetDataFirstKeepsIt) {
    App a;
    auto body = part("x", "1") + closing;
    auto r = a.post("/d", MP, body);
    EXPECT_EQ(r.text(), "{\"data\":\"\",\"form\":{\"x\":[\"1\"]}}\n");
    r = a.post("/g", MP, body);
    EXPECT_EQ(r.get_json()["data"].as_string(), body);
    EXPECT_EQ(r.text().substr(r.text().find("\"files\"")), "\"files\":0,\"form\":{\"x\":[\"1\"]}}\n");
    r = a.post("/d", "text/plain", "abc");
    EXPECT_EQ(r.text(), "{\"data\":\"abc\",\"form\":{}}\n");
    r = a.post("/d", "application/x-www-form-urlencoded", "x=1");
    EXPECT_EQ(r.text(), "{\"data\":\"\",\"form\":{\"x\":[\"1\"]}}\n");
}

TEST(MultipartRequest, FieldValuesAreDecodedWithReplacement) {
    App a;
    auto r = a.post("/f", MP, part("x", "a\xFF" "b") + closing);
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.get_json()["x"].as_string(), "a\xEF\xBF\xBD" "b");
}

TEST(BadInput, QueryStrings) {
    App a;
    auto client = a.app.test_client();
    // Invalid escapes stay, escapes of invalid UTF-8 come back re-quoted: 200 as in Werkzeug.
    EXPECT_EQ(client.get("/a?x=%ff").text(), "{\"args\":{\"x\":[\"%FF\"]}}\n");
    EXPECT_EQ(client.get("/a?x=%zz").text(), "{\"args\":{\"x\":[\"%zz\"]}}\n");
    EXPECT_EQ(client.get("/a?x=%C3").text(), "{\"args\":{\"x\":[\"%C3\"]}}\n");
    // Raw bytes that are not UTF-8 (Werkzeug fails with a UnicodeDecodeError there): 400.
    auto environ = flask::make_test_environ("/a");
    environ.query_string = "x=\xFF";
    auto response = a.app.wsgi_app(environ);
    EXPECT_EQ(response.status_code, 400);
}

TEST(BadInput, UrlEncodedForms) {
    App a;
    EXPECT_EQ(a.post("/f", "application/x-www-form-urlencoded", "x=%zz%ff%C3").text(),
              "{\"files\":[],\"form\":{\"x\":[\"%zz%FF%C3\"]},\"x\":\"%zz%FF%C3\"}\n");
    // A body that is not UTF-8: Werkzeug's parser gives an empty form, so the key is 400.
    EXPECT_EQ(a.post("/f", "application/x-www-form-urlencoded", "x=\xFF").status_code, 400);
    EXPECT_EQ(a.post("/f", "text/plain", "x=1").status_code, 400);
}

}  // namespace

namespace {

TEST(BadInput, AuthorizationHeaders) {
    flask::Flask app("/tmp/test_auth.cpp");
    app.route("/auth", {.endpoint = "auth"})([] {
        auto auth = request.authorization();
        if (!auth) return std::string("none");
        return auth->type + "|" + auth->username + "|" + auth->password;
    });
    auto with = [&](const std::string& value) {
        flask::TestRequest r;
        r.headers.add("Authorization", value);
        return app.test_client().get("/auth", r).text();
    };
    EXPECT_EQ(with("Basic YWRtaW46czNjcjN0"), "basic|admin|s3cr3t");
    EXPECT_EQ(with("Basic em/DqzphOmI="), "basic|zo\xC3\xAB|a:b");  // the first ':' separates
    EXPECT_EQ(with("Basic dXNlcg=="), "basic|user|");                // no ':': all username
    EXPECT_EQ(with("Basic !!!notbase64"), "none");                    // bad padding
    EXPECT_EQ(with("Basic /w=="), "none");                            // not UTF-8
    EXPECT_EQ(with("Bearer abc.def"), "bearer||");
    EXPECT_EQ(app.test_client().get("/auth").text(), "none");
}

}  // namespace
