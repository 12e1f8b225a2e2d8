// http_date, parse_date, IRIs and secure_filename.
#include <gtest/gtest.h>

#include "flask/http.hpp"
#include "flask/iri.hpp"
#include "flask/utils.hpp"

namespace {

using namespace flask;

TEST(HttpDate, FormatsEveryAcceptedType) {
    EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(http_date(-1.5), "Wed, 31 Dec 1969 23:59:58 GMT");
    EXPECT_EQ(http_date(1700000000.9999996), "Tue, 14 Nov 2023 22:13:21 GMT");  // rounds to the microsecond first
    EXPECT_EQ(http_date(DateTime(2000, 2, 29, 12, 0, 0, 0, -12 * 3600)), "Wed, 01 Mar 2000 00:00:00 GMT");
    EXPECT_EQ(http_date(DateTime(1, 1, 1)), "Mon, 01 Jan 0001 00:00:00 GMT");
    EXPECT_EQ(http_date(Date(2024, 2, 29)), "Thu, 29 Feb 2024 00:00:00 GMT");
}

std::string parsed(std::string_view text) {
    auto d = parse_date(text);
    return d ? d->isoformat() : "None";
}

TEST(ParseDate, ReadsTheFormatsEmailUtilsReads) {
    EXPECT_EQ(parsed("Tue, 02 Jan 2024 03:04:05 GMT"), "2024-01-02T03:04:05+00:00");
    EXPECT_EQ(parsed("Tuesday, 02-Jan-24 03:04:05 GMT"), "2024-01-02T03:04:05+00:00");
    EXPECT_EQ(parsed("Tue Jan  2 03:04:05 2024"), "2024-01-02T03:04:05+00:00");
    EXPECT_EQ(parsed("2 Jan 2024 03:04 EST"), "2024-01-02T03:04:00-05:00");
    EXPECT_EQ(parsed("Tue, 02 Jan 2024 03.04.05 +0100"), "2024-01-02T03:04:05+01:00");
    EXPECT_EQ(parsed("Tue, 02 Jan 2024 03:04:05 -0000"), "2024-01-02T03:04:05+00:00");
    EXPECT_EQ(parsed("Tue, 02 Jan 99 03:04:05 GMT"), "1999-01-02T03:04:05+00:00");
    EXPECT_EQ(parsed("Tue, 02 Jan 2024 03:04:05 XYZ"), "2024-01-02T03:04:05+00:00");
}

TEST(ParseDate, GivesNoneForInvalidDates) {
    for (const char* bad : {"", "  ", "not a date", "Tue, 02 Jan 2024", "Tue, 30 Feb 2024 03:04:05 GMT",
                            "Tue, 02 Jan 2024 03:04:60 GMT", "02 January 2024 03:04:05 +2500"})
        EXPECT_EQ(parsed(bad), "None") << bad;
}

TEST(Iri, ConvertsBothWays) {
    EXPECT_EQ(iri_to_uri("http://\xE2\x98\x83.net/p\xC3\xA4th?q=\xC3\xBC#f"), "http://xn--n3h.net/p%C3%A4th?q=%C3%BC#f");
    EXPECT_EQ(iri_to_uri("HTTP://Host.COM:0/a"), "http://host.com/a");
    EXPECT_EQ(iri_to_uri("http:x"), "http:///x");
    EXPECT_EQ(uri_to_iri("http://xn--n3h.net/%C3%BCnic%C3%B6de?q=%C3%BC#%C3%BC"),
              "http://\xE2\x98\x83.net/\xC3\xBCnic\xC3\xB6" "de?q=\xC3\xBC#\xC3\xBC");
    EXPECT_EQ(uri_to_iri("http://[::1]/%2F%41"), "http://[::1]/%2FA");
    EXPECT_EQ(uri_to_iri("x://h/%C3%A9%20%E9"), "x://h/\xC3\xA9%20%E9");
    EXPECT_EQ(uri_to_iri("http://u%C3%BC:p%40@h/"), "http://u\xC3\xBC:p%40@h/");
    EXPECT_THROW(uri_to_iri("http://xn--abc-.net/"), std::invalid_argument);
    EXPECT_THROW(iri_to_uri("http://h:99999/"), std::invalid_argument);
}

TEST(SecureFilename, KeepsOnlySafeAsciiAfterNfkd) {
    EXPECT_EQ(secure_filename("My cool movie.mov"), "My_cool_movie.mov");
    EXPECT_EQ(secure_filename("../../../etc/passwd"), "etc_passwd");
    EXPECT_EQ(secure_filename("\xEF\xAC\x81le.txt"), "file.txt");  // the fi ligature
    EXPECT_EQ(secure_filename("\xE6\x97\xA5\xE6\x9C\xAC.txt"), "txt");
    EXPECT_EQ(secure_filename("a\x1c" "b"), "a_b");  // Python's split() whitespace
    EXPECT_EQ(secure_filename("C:\\dir\\f.txt"), "Cdirf.txt");
    EXPECT_EQ(secure_filename("C:\\dir\\f.txt", PathFlavour::nt), "C_dir_f.txt");
    EXPECT_EQ(secure_filename("nul.tar.gz", PathFlavour::nt), "_nul.tar.gz");
    EXPECT_EQ(secure_filename("._.x._."), "x");
}

}  // namespace
