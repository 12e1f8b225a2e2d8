// The sans-I/O multipart decoder and parse_multipart_form, as Werkzeug's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "flask/exceptions.hpp"
#include "flask/http.hpp"
#include "flask/multipart.hpp"

namespace mp = flask::multipart;

namespace {

const std::string B = "BOUND";

std::string part(const std::string& name, const std::string& value, const std::string& extra = "",
                 const std::string& headers = "") {
    return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" + extra + "\r\n" + headers + "\r\n" +
           value + "\r\n";
}
std::string closing() { return "--" + B + "--\r\n"; }

mp::Reader reader_of(const std::string& body, std::size_t step = std::string::npos) {
    auto offset = std::make_shared<std::size_t>(0);
    return [body, step, offset](char* buffer, std::size_t size) {
        std::size_t n = std::min({size, step, body.size() - *offset});
        std::copy_n(body.data() + *offset, n, buffer);
        *offset += n;
        return n;
    };
}

mp::ParsedForm parse(const std::string& body, mp::FormLimits limits = {}, std::size_t step = std::string::npos) {
    return mp::parse_multipart_form(reader_of(body, step), B, limits);
}

/// Every event of a body fed in `step`-byte pieces, data events merged per part.
std::vector<std::string> events(const std::string& body, std::size_t step) {
    mp::MultipartDecoder decoder(B);
    std::vector<std::string> out;
    std::string data;
    auto drain = [&] {
        for (;;) {
            auto event = decoder.next_event();
            if (std::holds_alternative<mp::NeedData>(event)) return;
            if (auto* e = std::get_if<mp::Field>(&event)) out.push_back("field:" + e->name);
            if (auto* e = std::get_if<mp::File>(&event)) out.push_back("file:" + e->name + ":" + e->filename);
            if (auto* e = std::get_if<mp::Data>(&event)) {
                data += e->data;
                if (!e->more_data) {
                    out.push_back("data:" + data);
                    data.clear();
                }
            }
            if (std::holds_alternative<mp::Epilogue>(event)) {
                out.push_back("epilogue");
                return;
            }
        }
    };
    for (std::size_t i = 0; i < body.size(); i += step) {
        decoder.feed(std::string_view(body).substr(i, step));
        drain();
    }
    decoder.finish();
    drain();
    return out;
}

}  // namespace

TEST(MultipartDecoder, FieldsAndFiles) {
    auto body = "preamble\r\n" + part("a", "1") + part("f", "file\r\nbody", "; filename=\"x.txt\"",
                                                             "Content-Type: text/plain; charset=utf-8\r\n") +
                part("a", "2") + closing() + "epilogue";
    auto parsed = parse(body);
    EXPECT_EQ(parsed.form.getlist("a"), (std::vector<std::string>{"1", "2"}));
    ASSERT_EQ(parsed.files.size(), 1u);
    const auto& f = parsed.files["f"];
    EXPECT_EQ(f.filename(), std::optional<std::string>("x.txt"));
    EXPECT_EQ(f.name(), "f");
    EXPECT_EQ(f.content_type(), std::optional<std::string>("text/plain; charset=utf-8"));
    EXPECT_EQ(f.mimetype(), "text/plain");
    EXPECT_EQ(f.mimetype_params().get("charset"), std::optional<std::string>("utf-8"));
    EXPECT_EQ(f.read(), "file\r\nbody");
    EXPECT_FALSE(f.on_disk());
    EXPECT_THROW(parsed.files["missing"], flask::BadRequestKeyError);
    EXPECT_EQ(parsed.files.keys(), std::vector<std::string>{"f"});
    EXPECT_FALSE(parsed.files.get("missing").has_value());
}

TEST(MultipartDecoder, EverySplitPointGivesTheSameEvents) {
    auto body = part("a", "x\r\n--BOUN not a boundary\r") + part("f", "", "; filename=\"\"") +
                part("c", "--BOUND inside") + closing();
    auto whole = events(body, body.size());
    EXPECT_EQ(whole, (std::vector<std::string>{"field:a", "data:x\r\n--BOUN not a boundary\r", "file:f:", "data:",
                                               "field:c", "data:--BOUND inside", "epilogue"}));
    for (std::size_t step = 1; step < 24; ++step) EXPECT_EQ(events(body, step), whole) << "step " << step;
}

TEST(MultipartDecoder, LineBreaksMayBeLfOrCr) {
    auto body = "--BOUND\nContent-Disposition: form-data; name=\"a\"\n\n1\n--BOUND--\n";
    EXPECT_EQ(parse(body).form.get("a"), std::optional<std::string>("1"));
    auto cr = "--BOUND\rContent-Disposition: form-data; name=\"a\"\r\r1\r--BOUND--\r";
    EXPECT_EQ(parse(cr).form.get("a"), std::optional<std::string>("1"));
}

TEST(MultipartDecoder, HeaderDetails) {
    // Folded header, RFC 2231 filename*, whitespace after boundaries.
    auto body = "--BOUND  \r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n"
                "--BOUND\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\n"
                "z\r\n--BOUND--  \r\n";
    auto parsed = parse(body);
    EXPECT_EQ(parsed.form.get("a"), std::optional<std::string>("1"));
    EXPECT_EQ(parsed.files["f"].filename(), std::optional<std::string>("\xE2\x82\xAC rates.txt"));
    EXPECT_EQ(parsed.files["f"].content_type(), std::nullopt);
    EXPECT_EQ(parsed.files["f"].mimetype(), "");
}

TEST(MultipartDecoder, FieldCharsets) {
    auto body = part("u", "a\xFF" "b") + part("l", "\xE9", "", "Content-Type: text/plain; charset=ISO-8859-1\r\n") +
                part("s", "\xE9", "", "Content-Type: text/plain; charset=us-ascii\r\n") +
                part("o", "\xE9", "", "Content-Type: text/plain; charset=koi8-r\r\n") + closing();
    auto form = parse(body).form;
    EXPECT_EQ(form.get("u"), std::optional<std::string>("a\xEF\xBF\xBD" "b"));
    EXPECT_EQ(form.get("l"), std::optional<std::string>("\xC3\xA9"));
    EXPECT_EQ(form.get("s"), std::optional<std::string>("\xEF\xBF\xBD"));
    EXPECT_EQ(form.get("o"), std::optional<std::string>("\xEF\xBF\xBD"));  // unknown charsets decode as utf-8
}

TEST(MultipartDecoder, MalformedBodiesThrow) {
    const std::vector<std::pair<const char*, std::string>> bad = {
        {"empty", ""},
        {"no closing boundary", part("a", "1")},
        {"truncated in data", "--BOUND\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n12345"},
        {"truncated in headers", "--BOUND\r\nContent-Disposition: form-da"},
        {"boundary without closing dashes", part("a", "1") + "--BOUND\r\n"},
        {"no boundary at all", "just some text"},
        {"missing Content-Disposition", "--BOUND\r\nX-Foo: bar\r\n\r\n1\r\n" + closing()},
        {"header not UTF-8", part("a", "1", "", "X-Bad: \xFF\r\n") + closing()},
        {"other boundary", "--OTHER\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--OTHER--\r\n"},
    };
    for (const auto& [what, body] : bad) {
        EXPECT_THROW(parse(body), mp::MultipartError) << what;
        EXPECT_THROW(parse(body, {}, 3), mp::MultipartError) << what << " (fed in pieces)";
    }
}

TEST(MultipartDecoder, OnlyTheClosingBoundaryIsAnEmptyForm) {
    auto parsed = parse(closing());
    EXPECT_TRUE(parsed.form.empty());
    EXPECT_TRUE(parsed.files.empty());
    EXPECT_TRUE(parse("preamble\r\n" + closing() + "epilogue", {}, 2).form.empty());
}

TEST(MultipartDecoder, Limits) {
    mp::FormLimits limits;
    limits.max_form_memory_size = 1000;
    limits.max_form_parts = 3;
    limits.buffer_size = 100;  // small reads: only the field size limit applies
    try {
        parse(part("a", std::string(1001, 'x')) + closing(), limits);
        FAIL() << "no 413";
    } catch (const flask::HTTPException& e) {
        EXPECT_EQ(e.code(), 413);
    }
    // Files are not limited by MAX_FORM_MEMORY_SIZE.
    EXPECT_EQ(parse(part("f", std::string(5000, 'x'), "; filename=\"f\"") + closing(), limits).files["f"].size(), 5000u);
    std::string three, four;
    for (int i = 0; i < 3; ++i) three += part("a", std::to_string(i));
    four = three + part("a", "3");
    EXPECT_EQ(parse(three + closing(), limits).form.size(), 3u);
    try {
        parse(four + closing(), limits);
        FAIL() << "no 413";
    } catch (const flask::HTTPException& e) {
        EXPECT_EQ(e.code(), 413);
    }
    // As Werkzeug, a buffered read larger than MAX_FORM_MEMORY_SIZE is 413 too.
    limits.buffer_size = 64 * 1024;
    EXPECT_THROW(parse(part("f", std::string(5000, 'x'), "; filename=\"f\"") + closing(), limits), flask::HTTPException);
}

TEST(MultipartDecoder, LargeFilesAreSpooledToDiskAndRemoved) {
    std::string content;
    for (int i = 0; content.size() < 600 * 1024; ++i) content += std::to_string(i) + "\r\n-";
    auto body = part("f", content, "; filename=\"big.bin\"") + closing();
    auto tmp = std::filesystem::temp_directory_path() / ("mp-spool-" + std::to_string(::getpid()));
    std::filesystem::create_directories(tmp);
    ::setenv("TMPDIR", tmp.c_str(), 1);
    auto count = [&] {
        return std::distance(std::filesystem::directory_iterator(tmp), std::filesystem::directory_iterator());
    };
    {
        auto parsed = parse(body, {}, 4096);
        ::unsetenv("TMPDIR");
        auto f = parsed.files["f"];
        ASSERT_TRUE(f.on_disk());
        EXPECT_EQ(count(), 1);  // the spool file, while the FileStorage lives
        EXPECT_EQ(f.size(), content.size());
        auto out = tmp / "out.bin";
        f.save(out);
        std::ifstream in(out, std::ios::binary);
        std::string saved((std::istreambuf_iterator<char>(in)), {});
        EXPECT_EQ(saved, content);
        EXPECT_EQ(f.tell(), f.size());  // save leaves the stream at its end
        f.seek(0);
        EXPECT_EQ(f.read(), content);
        std::filesystem::remove(out);
    }
    EXPECT_EQ(count(), 0);  // removed with the last FileStorage
    std::filesystem::remove_all(tmp);
}

TEST(MultipartDecoder, SmallFilesStayInMemory) {
    auto parsed = parse(part("f", std::string(500 * 1024, 'x'), "; filename=\"f\"") + closing());
    EXPECT_FALSE(parsed.files["f"].on_disk());  // at the threshold: still in memory (rolls over above it)
    auto saved = std::filesystem::temp_directory_path() / ("mp-small-" + std::to_string(::getpid()));
    parsed.files["f"].save(saved);
    EXPECT_EQ(std::filesystem::file_size(saved), 500u * 1024);
    std::filesystem::remove(saved);
}

TEST(MultipartDecoder, MutatedBodiesNeverCrashAndDoNotDependOnChunking) {
    auto valid = "pre\r\n" + part("a", "1\r\n2") + part("f", "x\ry\nz", "; filename=\"f.txt\"", "Content-Type: a/b\r\n") +
                 part("b", "") + closing() + "post";
    const std::string alphabet = "-\r\n BOUND\"=;:a";
    std::uint32_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7FFF;
    };
    auto describe = [](const std::string& body, std::size_t step) -> std::string {
        try {
            auto parsed = parse(body, {}, step);
            std::string out;
            for (const auto& [k, v] : parsed.form) out += k + "=" + v + ";";
            for (const auto& [k, f] : parsed.files) out += k + ":" + f.filename().value_or("") + "=" + f.read() + ";";
            return out;
        } catch (const mp::MultipartError&) {
            return "<malformed>";
        }
    };
    for (int round = 0; round < 400; ++round) {
        std::string body = valid;
        int edits = 1 + static_cast<int>(next() % 4);
        for (int e = 0; e < edits; ++e) {
            std::size_t pos = next() % body.size();
            switch (next() % 3) {
            case 0: body.erase(pos, 1 + next() % 3); break;
            case 1: body.insert(pos, 1, alphabet[next() % alphabet.size()]); break;
            default: body[pos] = alphabet[next() % alphabet.size()]; break;
            }
            if (body.empty()) body = "x";
        }
        auto whole = describe(body, std::string::npos);
        for (std::size_t step : {1u, 2u, 5u}) EXPECT_EQ(describe(body, step), whole) << "round " << round;
    }
}
