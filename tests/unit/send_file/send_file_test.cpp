// send_file, send_from_directory, safe_join and the static endpoint, through
// app.test_client() against a temporary folder.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <flask/flask.hpp>
#include <flask/http.hpp>
#include <flask/send_file.hpp>
#include <flask/testing.hpp>

namespace {

namespace fs = std::filesystem;
using flask::Headers;
using flask::TestRequest;

void write_file(const fs::path& path, std::string_view data) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << data;
}

/// A temporary app root: app.cpp (never read), static/ with some files, and
/// secret.txt beside static/ (outside the folder).
class SendFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("flaskcpp_send_file_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "static" / "sub");
        write_file(root_ / "static" / "hello.txt", "Hello from a static text file.\n");
        write_file(root_ / "static" / "alphabet.txt", "abcdefghijklmnopqrstuvwxyz0123456789\n");
        write_file(root_ / "static" / "sub" / "nested.txt", "Nested static file.\n");
        write_file(root_ / "static" / "with space.txt", "File name with a space.\n");
        write_file(root_ / "static" / "README", "no extension\n");
        write_file(root_ / "static" / "logo.png", std::string("\x89PNG\r\n\x1a\n", 8));
        write_file(root_ / "secret.txt", "top secret\n");
        app_ = std::make_unique<flask::Flask>((root_ / "app.cpp").string());
    }
    void TearDown() override {
        app_.reset();
        fs::remove_all(root_);
    }
    flask::TestResponse get(std::string_view path, Headers headers = {}) {
        return app_->test_client().get(path, {.headers = std::move(headers)});
    }

    fs::path root_;
    std::unique_ptr<flask::Flask> app_;
};

const std::regex kImfDate(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT)");

// ---- the static endpoint -----------------------------------------------------------

TEST_F(SendFileTest, StaticFileHeaders) {
    auto r = get("/static/hello.txt");
    ASSERT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "Hello from a static text file.\n");
    EXPECT_EQ(r.headers.get("Content-Disposition", ""), "inline; filename=hello.txt");
    EXPECT_EQ(r.headers.get("Content-Type", ""), "text/plain; charset=utf-8");
    EXPECT_EQ(r.headers.get("Content-Length", ""), "31");
    EXPECT_EQ(r.headers.get("Cache-Control", ""), "no-cache");
    EXPECT_EQ(r.headers.get("Accept-Ranges", ""), "bytes");
    EXPECT_FALSE(r.headers.contains("Expires"));
    EXPECT_TRUE(std::regex_match(r.headers.get("Last-Modified", ""), kImfDate));
    EXPECT_TRUE(std::regex_match(r.headers.get("ETag", ""), std::regex(R"("\d+(\.\d+)?-31-\d+")")))
        << r.headers.get("ETag", "");
}

TEST_F(SendFileTest, EtagIsWerkzeugsMtimeSizeAdler32) {
    auto path = root_ / "static" / "hello.txt";
    struct timespec times[2] = {{1700000000, 500000000}, {1700000000, 500000000}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    auto r = get("/static/hello.txt");
    EXPECT_EQ(r.headers.get("Last-Modified", ""), "Tue, 14 Nov 2023 22:13:20 GMT");
    auto etag = r.headers.get("ETag", "");
    EXPECT_TRUE(std::regex_match(etag, std::regex(R"("1700000000\.5-31-\d+")"))) << etag;
}

TEST_F(SendFileTest, MimeTypes) {
    EXPECT_EQ(get("/static/logo.png").headers.get("Content-Type", ""), "image/png");
    EXPECT_EQ(get("/static/README").headers.get("Content-Type", ""), "application/octet-stream");
    auto spaced = get("/static/with%20space.txt");
    EXPECT_EQ(spaced.status_code, 200);
    EXPECT_EQ(spaced.headers.get("Content-Disposition", ""), "inline; filename=\"with space.txt\"");
}

TEST_F(SendFileTest, NestedAndDotDotInsideAllowed) {
    EXPECT_EQ(get("/static/sub/nested.txt").text(), "Nested static file.\n");
    auto r = get("/static/sub/../hello.txt");
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.headers.get("Content-Disposition", ""), "inline; filename=hello.txt");
}

TEST_F(SendFileTest, TraversalAndOddPathsAre404) {
    for (const char* path : {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/sub/../../secret.txt",
                             "/static/%2E%2E%2Fsecret.txt", "/static/sub/%2e%2e/%2e%2e/secret.txt",
                             "/static/hello.txt%00.png", "/static/hello.txt%00", "/static/sub", "/static/sub/",
                             "/static/sub/..", "/static/.", "/static/nope.txt", "/static/HELLO.TXT", "/static/",
                             "/static"}) {
        EXPECT_EQ(get(path).status_code, 404) << path;
    }
}

TEST_F(SendFileTest, HeadHasTheSameHeadersAndNoBody) {
    auto r = app_->test_client().head("/static/logo.png");
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "");
    EXPECT_EQ(r.headers.get("Content-Length", ""), "8");
    EXPECT_EQ(r.headers.get("Content-Type", ""), "image/png");
    EXPECT_TRUE(r.headers.contains("ETag"));
}

// ---- ranges ------------------------------------------------------------------------

TEST_F(SendFileTest, SatisfiableRanges) {
    struct Case {
        const char* range;
        const char* body;
        const char* content_range;
    };
    for (const auto& c : {Case{"bytes=0-4", "abcde", "bytes 0-4/37"}, Case{"bytes=30-", "456789\n", "bytes 30-36/37"},
                          Case{"bytes=-5", "6789\n", "bytes 32-36/37"},
                          Case{"bytes=10-1000", "klmnopqrstuvwxyz0123456789\n", "bytes 10-36/37"},
                          Case{"bytes=10-19", "klmnopqrst", "bytes 10-19/37"},
                          Case{"bytes=36-36", "\n", "bytes 36-36/37"}, Case{"BYTES=0-1", "ab", "bytes 0-1/37"},
                          Case{"bytes=-0", "abcdefghijklmnopqrstuvwxyz0123456789\n", "bytes 0-36/37"}}) {
        auto r = get("/static/alphabet.txt", {{"Range", c.range}});
        EXPECT_EQ(r.status_code, 206) << c.range;
        EXPECT_EQ(r.status, "206 PARTIAL CONTENT");
        EXPECT_EQ(r.text(), c.body) << c.range;
        EXPECT_EQ(r.headers.get("Content-Range", ""), c.content_range) << c.range;
        EXPECT_EQ(r.headers.get("Content-Length", ""), std::to_string(std::string_view(c.body).size()));
        EXPECT_EQ(r.headers.get("Accept-Ranges", ""), "bytes");
    }
}

TEST_F(SendFileTest, UnsatisfiableRangesAre416) {
    for (const char* range : {"bytes=-100", "bytes=100-", "bytes=37-", "items=0-1", "bytes=0-1,3-4", "bytes=5-2",
                              "bytes=abc", "bytes=", "bytes=+1-2"}) {
        auto r = get("/static/alphabet.txt", {{"Range", range}});
        EXPECT_EQ(r.status_code, 416) << range;
        EXPECT_EQ(r.headers.get("Content-Range", ""), "bytes */37") << range;
    }
}

TEST_F(SendFileTest, RangeOnHead) {
    auto r = app_->test_client().head("/static/alphabet.txt", {.headers = {{"Range", "bytes=0-9"}}});
    EXPECT_EQ(r.status_code, 206);
    EXPECT_EQ(r.headers.get("Content-Length", ""), "10");
    EXPECT_EQ(r.headers.get("Content-Range", ""), "bytes 0-9/37");
    EXPECT_EQ(r.text(), "");
}

TEST_F(SendFileTest, IfRange) {
    auto etag = get("/static/alphabet.txt").headers.get("ETag", "");
    auto match = get("/static/alphabet.txt", {{"Range", "bytes=0-2"}, {"If-Range", etag}});
    EXPECT_EQ(match.status_code, 206);
    EXPECT_EQ(match.text(), "abc");
    auto stale = get("/static/alphabet.txt", {{"Range", "bytes=0-2"}, {"If-Range", "\"stale\""}});
    EXPECT_EQ(stale.status_code, 200);
    EXPECT_EQ(stale.text().size(), 37U);
    auto old = get("/static/alphabet.txt", {{"Range", "bytes=0-2"}, {"If-Range", "Sat, 01 Jan 2000 00:00:00 GMT"}});
    EXPECT_EQ(old.status_code, 200);
    auto fresh = get("/static/alphabet.txt", {{"Range", "bytes=0-2"}, {"If-Range", "Fri, 01 Jan 2100 00:00:00 GMT"}});
    EXPECT_EQ(fresh.status_code, 206);
}

// ---- conditional requests ----------------------------------------------------------

TEST_F(SendFileTest, NotModifiedKeepsOnlySomeHeaders) {
    auto first = get("/static/hello.txt");
    auto etag = first.headers.get("ETag", "");
    for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        auto r = get("/static/hello.txt", {{"If-None-Match", inm}});
        EXPECT_EQ(r.status_code, 304) << inm;
        EXPECT_EQ(r.text(), "");
        EXPECT_FALSE(r.headers.contains("Content-Type"));
        EXPECT_FALSE(r.headers.contains("Content-Length"));
        EXPECT_FALSE(r.headers.contains("Last-Modified"));
        EXPECT_EQ(r.headers.get("ETag", ""), etag);
        EXPECT_EQ(r.headers.get("Cache-Control", ""), "no-cache");
        EXPECT_EQ(r.headers.get("Content-Disposition", ""), "inline; filename=hello.txt");
        EXPECT_EQ(r.headers.get("Accept-Ranges", ""), "bytes");
    }
    auto ims = get("/static/hello.txt", {{"If-Modified-Since", first.headers.get("Last-Modified", "")}});
    EXPECT_EQ(ims.status_code, 304);
}

TEST_F(SendFileTest, IfModifiedSinceAndIfNoneMatchPrecedence) {
    EXPECT_EQ(get("/static/hello.txt", {{"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"}}).status_code, 200);
    EXPECT_EQ(get("/static/hello.txt", {{"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"}}).status_code, 304);
    auto r = get("/static/hello.txt",
                 {{"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"}, {"If-None-Match", "\"nope\""}});
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "Hello from a static text file.\n");
}

TEST_F(SendFileTest, IfMatch) {
    auto etag = get("/static/hello.txt").headers.get("ETag", "");
    EXPECT_EQ(get("/static/hello.txt", {{"If-Match", etag}}).status_code, 200);
    EXPECT_EQ(get("/static/hello.txt", {{"If-Match", "\"nope\""}}).status_code, 412);
}

// ---- send_from_directory and send_file ---------------------------------------------

TEST_F(SendFileTest, DownloadNames) {
    app_->route("/download/<path:filename>")([this](std::string filename) {
        return flask::send_from_directory(*app_->static_folder(), filename,
                                          {.as_attachment = true, .download_name = flask::request.args().get("name")});
    });
    EXPECT_EQ(get("/download/hello.txt").headers.get("Content-Disposition", ""), "attachment; filename=hello.txt");
    EXPECT_EQ(get("/download/sub/nested.txt").headers.get("Content-Disposition", ""),
              "attachment; filename=nested.txt");
    auto renamed = get("/download/hello.txt?name=report.csv");
    EXPECT_EQ(renamed.headers.get("Content-Disposition", ""), "attachment; filename=report.csv");
    EXPECT_EQ(renamed.headers.get("Content-Type", ""), "text/csv; charset=utf-8");  // guessed from download_name
    EXPECT_EQ(get("/download/hello.txt?name=my%20file.txt").headers.get("Content-Disposition", ""),
              "attachment; filename=\"my file.txt\"");
    EXPECT_EQ(get("/download/table.csv?name=x").status_code, 404);
    EXPECT_EQ(get("/download/../secret.txt").status_code, 404);
    EXPECT_EQ(get("/download/hello.txt?name=r%C3%A9sum%C3%A9%20%E2%9C%93.csv").headers.get("Content-Disposition", ""),
              "attachment; filename=\"resume .csv\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%9C%93.csv");
}

TEST(ContentDisposition, WerkzeugQuoting) {
    EXPECT_EQ(flask::content_disposition("hello.txt", false), "inline; filename=hello.txt");
    EXPECT_EQ(flask::content_disposition("a\"b.txt", true), "attachment; filename=\"a\\\"b.txt\"");
    EXPECT_EQ(flask::content_disposition("a;b.txt", true), "attachment; filename=\"a;b.txt\"");
    EXPECT_EQ(flask::content_disposition("x\\y.txt", true), "attachment; filename=\"x\\\\y.txt\"");
    EXPECT_EQ(flask::content_disposition("\xe6\x8a\xa5\xe5\x91\x8a.pdf", true),
              "attachment; filename=.pdf; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf");
    EXPECT_EQ(flask::content_disposition("\xef\xac\x81le.txt", true),  // the "fi" ligature
              "attachment; filename=file.txt; filename*=UTF-8''%EF%AC%81le.txt");
    EXPECT_EQ(flask::content_disposition("na\xc3\xafve file.txt", true),
              "attachment; filename=\"naive file.txt\"; filename*=UTF-8''na%C3%AFve%20file.txt");
}

TEST(GuessType, PythonMimetypes) {
    auto t = flask::guess_type("a.tar.gz");
    EXPECT_EQ(t.type, "application/x-tar");
    EXPECT_EQ(t.encoding, "gzip");
    EXPECT_EQ(flask::guess_type("x.tgz").type, "application/x-tar");
    EXPECT_EQ(flask::guess_type("x.svgz").type, "image/svg+xml");
    EXPECT_EQ(flask::guess_type("x.txt.gz").type, "text/plain");
    EXPECT_EQ(flask::guess_type("x.Z").type, std::nullopt);
    EXPECT_EQ(flask::guess_type("x.Z").encoding, "compress");
    EXPECT_EQ(flask::guess_type("x.GZ").type, "application/gzip");
    EXPECT_EQ(flask::guess_type("x.GZ").encoding, std::nullopt);
    EXPECT_EQ(flask::guess_type("README").type, std::nullopt);
    EXPECT_EQ(flask::guess_type(".txt").type, std::nullopt);
    EXPECT_EQ(flask::guess_type("..txt").type, std::nullopt);
    EXPECT_EQ(flask::guess_type("a.b/c").type, std::nullopt);
    EXPECT_EQ(flask::guess_mimetype("A.TXT"), "text/plain");
    EXPECT_EQ(flask::guess_mimetype("data.xml"), "application/xml");
    EXPECT_EQ(flask::guess_mimetype("app.js"), "text/javascript");
    EXPECT_EQ(flask::guess_mimetype("x.unknown"), "application/octet-stream");
}

TEST(SafeJoin, Lexical) {
    using flask::safe_join;
    EXPECT_EQ(safe_join("/s", "sub/../hello.txt"), fs::path("/s/hello.txt"));
    EXPECT_EQ(safe_join("/s", "a//b"), fs::path("/s/a/b"));
    EXPECT_EQ(safe_join("/s", "./a"), fs::path("/s/a"));
    EXPECT_EQ(safe_join("/s", "...."), fs::path("/s/...."));
    EXPECT_EQ(safe_join("/s", ".../x"), fs::path("/s/.../x"));
    EXPECT_EQ(safe_join("", "a"), fs::path("./a"));
    for (const char* bad : {"..", "../x", "/etc/passwd", "//a", "a/../../x", "sub/../../x", "./../x"})
        EXPECT_EQ(safe_join("/s", bad), std::nullopt) << bad;
    EXPECT_EQ(safe_join("/s", std::string_view("a\0b", 3)), std::nullopt);
}

TEST_F(SendFileTest, SymlinksAreFollowedAsInWerkzeug) {
    // Werkzeug's safe_join is lexical: a link placed inside the folder is served.
    fs::create_symlink(root_ / "secret.txt", root_ / "static" / "link.txt");
    auto r = get("/static/link.txt");
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "top secret\n");
    // ... but a path can still never climb out through "..".
    fs::create_directory_symlink(root_, root_ / "static" / "up");
    EXPECT_EQ(get("/static/up/../../secret.txt").status_code, 404);
}

TEST_F(SendFileTest, SendFileOptions) {
    app_->route("/file")([] { return flask::send_file("static/hello.txt"); });  // relative to root_path
    app_->route("/noetag")([] { return flask::send_file("static/hello.txt", {.etag = false}); });
    app_->route("/custom")([] { return flask::send_file("static/hello.txt", {.etag = "v1"}); });
    app_->route("/plain")([] {
        return flask::send_file("static/hello.txt", {.mimetype = "application/x-thing", .conditional = false});
    });
    app_->route("/cached")([] { return flask::send_file("static/hello.txt", {.max_age = 60}); });
    app_->route("/zero")([] { return flask::send_file("static/hello.txt", {.max_age = 0}); });
    app_->route("/lm")([] { return flask::send_file("static/hello.txt", {.last_modified = 1700000000}); });
    app_->route("/missing")([] { return flask::send_file("static/nope.txt"); });
    app_->route("/gz")([] { return flask::send_file("static/hello.txt", {.download_name = "hello.txt.gz"}); });
    app_->route("/gz-attachment")([] {
        return flask::send_file("static/hello.txt", {.as_attachment = true, .download_name = "hello.txt.gz"});
    });

    auto file = get("/file");
    EXPECT_EQ(file.status_code, 200);
    EXPECT_EQ(file.text(), "Hello from a static text file.\n");
    EXPECT_FALSE(get("/noetag").headers.contains("ETag"));
    EXPECT_EQ(get("/custom").headers.get("ETag", ""), "\"v1\"");
    EXPECT_EQ(get("/custom", {{"If-None-Match", "\"v1\""}}).status_code, 304);

    auto plain = get("/plain", {{"Range", "bytes=0-1"}});
    EXPECT_EQ(plain.status_code, 200);
    EXPECT_EQ(plain.headers.get("Content-Type", ""), "application/x-thing");
    EXPECT_FALSE(plain.headers.contains("Accept-Ranges"));

    auto cached = get("/cached");
    EXPECT_EQ(cached.headers.get("Cache-Control", ""), "public, max-age=60");
    EXPECT_TRUE(std::regex_match(cached.headers.get("Expires", ""), kImfDate));
    EXPECT_EQ(get("/zero").headers.get("Cache-Control", ""), "no-cache, max-age=0");
    EXPECT_EQ(get("/lm").headers.get("Last-Modified", ""), "Tue, 14 Nov 2023 22:13:20 GMT");
    EXPECT_EQ(get("/missing").status_code, 500);  // an OSError in Flask, not a 404

    auto gz = get("/gz");
    EXPECT_EQ(gz.headers.get("Content-Encoding", ""), "gzip");
    EXPECT_EQ(gz.headers.get("Content-Type", ""), "text/plain; charset=utf-8");
    EXPECT_FALSE(get("/gz-attachment").headers.contains("Content-Encoding"));
}

TEST_F(SendFileTest, SendFileMaxAgeDefault) {
    app_->config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600;
    auto r = get("/static/hello.txt");
    EXPECT_EQ(r.headers.get("Cache-Control", ""), "public, max-age=3600");
    EXPECT_TRUE(r.headers.contains("Expires"));
    EXPECT_EQ(app_->get_send_file_max_age("x"), 3600);
}

TEST_F(SendFileTest, InMemoryData) {
    app_->route("/csv")([] {
        return flask::send_file(flask::BytesIO{"id,name\n1,alpha\n"}, {.as_attachment = true, .download_name = "t.csv"});
    });
    app_->route("/noname")([] { return flask::send_file(flask::BytesIO{"x"}); });
    app_->route("/attach-noname")([] {
        return flask::send_file(flask::BytesIO{"x"}, {.mimetype = "text/plain", .as_attachment = true});
    });
    app_->route("/stream")([] {
        auto left = std::make_shared<int>(3);
        return flask::send_file(flask::FileStream{[left](std::string& chunk) {
                                    if ((*left)-- == 0) return false;
                                    chunk = "ab";
                                    return true;
                                }},
                                {.mimetype = "text/plain"});
    });
    auto r = get("/csv");
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "id,name\n1,alpha\n");
    EXPECT_EQ(r.headers.get("Content-Type", ""), "text/csv; charset=utf-8");
    EXPECT_EQ(r.headers.get("Content-Disposition", ""), "attachment; filename=t.csv");
    EXPECT_EQ(r.headers.get("Content-Length", ""), "16");
    EXPECT_FALSE(r.headers.contains("ETag"));
    EXPECT_FALSE(r.headers.contains("Last-Modified"));
    auto part = get("/csv", {{"Range", "bytes=0-1"}});
    EXPECT_EQ(part.status_code, 206);
    EXPECT_EQ(part.text(), "id");
    EXPECT_EQ(get("/noname").status_code, 500);         // TypeError: no name to guess a type from
    EXPECT_EQ(get("/attach-noname").status_code, 500);  // TypeError: no name for the attachment
    auto streamed = get("/stream", {{"Range", "bytes=0-1"}});
    EXPECT_EQ(streamed.status_code, 200);  // unknown length: no range processing
    EXPECT_EQ(streamed.text(), "ababab");
}

TEST_F(SendFileTest, BigFileIsSentAsAFileRegion) {
    auto big = root_ / "static" / "big.bin";
    { std::ofstream touch(big, std::ios::binary); }
    constexpr std::uintmax_t size = 3ULL << 30;  // 3 GiB, sparse: never read here
    fs::resize_file(big, size);

    auto env = flask::make_test_environ("/static/big.bin");
    auto raw = app_->wsgi_app(env);
    ASSERT_EQ(raw.status_code, 200);
    ASSERT_TRUE(raw.file.has_value());
    EXPECT_TRUE(raw.body.empty());
    EXPECT_FALSE(static_cast<bool>(raw.generator));
    EXPECT_EQ(raw.file->offset, 0U);
    EXPECT_EQ(raw.file->length, size);
    EXPECT_EQ(fs::path(raw.file->path), big);
    EXPECT_EQ(raw.headers.get("Content-Length", ""), std::to_string(size));

    auto ranged = flask::make_test_environ("/static/big.bin", "GET", {{"Range", "bytes=2147483648-2147484647"}});
    auto part = app_->wsgi_app(ranged);
    ASSERT_EQ(part.status_code, 206);
    ASSERT_TRUE(part.file.has_value());
    EXPECT_EQ(part.file->offset, 2147483648U);
    EXPECT_EQ(part.file->length, 1000U);
    EXPECT_EQ(part.headers.get("Content-Range", ""), "bytes 2147483648-2147484647/" + std::to_string(size));
}

TEST_F(SendFileTest, WerkzeugSendFileNeedsNoContext) {
    auto env = flask::make_test_environ("/x", "GET", {{"Range", "bytes=0-4"}});
    auto r = flask::werkzeug_send_file(root_ / "static" / "alphabet.txt", env, {.as_attachment = true});
    EXPECT_EQ(r.status_code(), 206);
    EXPECT_EQ(r.headers.get("Content-Disposition", ""), "attachment; filename=alphabet.txt");
    EXPECT_EQ(r.headers.get("Cache-Control", ""), "no-cache");
    EXPECT_EQ(r.headers.get("Content-Range", ""), "bytes 0-4/37");
    auto raw = std::move(r).to_wsgi();
    ASSERT_TRUE(raw.file.has_value());
    EXPECT_EQ(raw.file->offset, 0U);
    EXPECT_EQ(raw.file->length, 5U);
    auto missing = flask::make_test_environ("/x");
    EXPECT_THROW(flask::werkzeug_send_file(root_ / "static" / "nope", missing), std::filesystem::filesystem_error);
    EXPECT_THROW(flask::werkzeug_send_file(root_ / "static" / "sub", missing), std::filesystem::filesystem_error);
    auto unsatisfiable = flask::make_test_environ("/x", "GET", {{"Range", "bytes=99-"}});
    EXPECT_THROW(flask::werkzeug_send_file(root_ / "static" / "alphabet.txt", unsatisfiable),
                 flask::RequestedRangeNotSatisfiable);
}

// ---- static folder options ---------------------------------------------------------

TEST_F(SendFileTest, StaticUrlPathAndFolder) {
    write_file(root_ / "assets_dir" / "a.css", "a{}\n");
    flask::Flask custom((root_ / "app.cpp").string(), {.static_folder = "assets_dir", .static_url_path = "/assets/"});
    EXPECT_EQ(custom.static_url_path(), "/assets");
    auto client = custom.test_client();
    auto r = client.get("/assets/a.css");
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.headers.get("Content-Type", ""), "text/css; charset=utf-8");
    EXPECT_EQ(client.get("/static/hello.txt").status_code, 404);
    {
        auto ctx = custom.test_request_context();
        EXPECT_EQ(flask::url_for("static", {{"filename", "a.css"}}), "/assets/a.css");
    }

    flask::Flask root_served((root_ / "app.cpp").string(), {.static_url_path = ""});
    EXPECT_EQ(root_served.test_client().get("/hello.txt").status_code, 200);

    flask::Flask absolute((root_ / "elsewhere" / "app.cpp").string(), {.static_folder = (root_ / "static").string()});
    EXPECT_EQ(absolute.static_url_path(), "/static");
    EXPECT_EQ(absolute.test_client().get("/static/hello.txt").status_code, 200);

    flask::Flask none((root_ / "app.cpp").string(), {.static_folder = std::nullopt});
    EXPECT_EQ(none.static_url_path(), std::nullopt);
    EXPECT_EQ(none.test_client().get("/static/hello.txt").status_code, 404);
    EXPECT_THROW(none.send_static_file("hello.txt"), flask::RuntimeError);
}

}  // namespace
