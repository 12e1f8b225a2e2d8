// Password hashes interoperate with python3's Werkzeug (run as a subprocess):
// hashes made there verify here, and hashes made here verify there.
#include <gtest/gtest.h>

#include <flask/security.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <regex>

namespace {

/// Runs a python3 snippet; returns its stdout without the trailing newline.
std::string python(const std::string& code) {
    std::string command = "python3 -c '" + code + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return "popen failed";
    std::string out;
    std::array<char, 512> buffer;
    while (std::fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

TEST(PasswordHash, DefaultIsScryptInWerkzeugsFormat) {
    auto h = flask::generate_password_hash("secret");
    EXPECT_TRUE(std::regex_match(h, std::regex(R"(scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128})"))) << h;
    EXPECT_TRUE(flask::check_password_hash(h, "secret"));
    EXPECT_FALSE(flask::check_password_hash(h, "Secret"));
    EXPECT_NE(h, flask::generate_password_hash("secret")) << "salted";
}

TEST(PasswordHash, Pbkdf2FormatsAndParameters) {
    auto h = flask::generate_password_hash("pw", "pbkdf2:sha256:1000", 8);
    EXPECT_TRUE(std::regex_match(h, std::regex(R"(pbkdf2:sha256:1000\$[A-Za-z0-9]{8}\$[0-9a-f]{64})"))) << h;
    EXPECT_TRUE(flask::check_password_hash(h, "pw"));
    auto sha512 = flask::generate_password_hash("pw", "pbkdf2:sha512:10");
    EXPECT_TRUE(sha512.starts_with("pbkdf2:sha512:10$"));
    EXPECT_TRUE(flask::check_password_hash(sha512, "pw"));
    EXPECT_TRUE(flask::generate_password_hash("pw", "pbkdf2").starts_with("pbkdf2:sha256:1000000$"));
}

TEST(PasswordHash, MalformedHashesAndBadMethods) {
    EXPECT_FALSE(flask::check_password_hash("", "pw"));
    EXPECT_FALSE(flask::check_password_hash("scrypt:32768:8:1$onlysalt", "pw"));
    EXPECT_THROW(flask::check_password_hash("md5$salt$abc", "pw"), std::invalid_argument);
    EXPECT_THROW(flask::generate_password_hash("pw", "plain"), std::invalid_argument);
    EXPECT_THROW(flask::generate_password_hash("pw", "scrypt:1:2"), std::invalid_argument);
    EXPECT_THROW(flask::generate_password_hash("pw", "pbkdf2:nosuchhash"), std::invalid_argument);
    EXPECT_THROW(flask::generate_password_hash("pw", "pbkdf2:sha256:1:2"), std::invalid_argument);
}

TEST(PasswordHash, WerkzeugHashesVerifyHereAndOursVerifyInWerkzeug) {
    for (std::string method : {"scrypt", "scrypt:16384:8:2", "pbkdf2:sha256:2000", "pbkdf2:sha1:50"}) {
        std::string theirs =
            python("from werkzeug.security import generate_password_hash as g; print(g(\"pässwörd\", \"" + method + "\"))");
        ASSERT_NE(theirs.find('$'), std::string::npos) << "python3 with Werkzeug is needed: " << theirs;
        EXPECT_TRUE(flask::check_password_hash(theirs, "pässwörd")) << theirs;
        EXPECT_FALSE(flask::check_password_hash(theirs, "passwort")) << theirs;

        std::string ours = flask::generate_password_hash("pässwörd", method);
        std::string verdict = python("from werkzeug.security import check_password_hash as c; print(c(\"" + ours +
                                     "\", \"pässwörd\"), c(\"" + ours + "\", \"x\"))");
        EXPECT_EQ(verdict, "True False") << ours;
    }
}

}  // namespace
