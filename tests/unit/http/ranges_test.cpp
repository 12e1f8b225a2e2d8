// Range and Content-Range headers.
#include <gtest/gtest.h>

#include "flask/http.hpp"

namespace {

using namespace flask;
using Ranges = std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>>;

TEST(RangeHeader, StopsAreExclusiveAndUnitsLowerCased) {
    auto r = parse_range_header("BYTES= 0 - 499 ");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->units, "bytes");
    EXPECT_EQ(r->ranges, (Ranges{{0, 500}}));
    EXPECT_EQ(r->to_header(), "bytes=0-499");
    EXPECT_EQ(parse_range_header("bytes=0-1,5-")->ranges, (Ranges{{0, 2}, {5, std::nullopt}}));
    EXPECT_EQ(parse_range_header("bytes=-500")->ranges, (Ranges{{-500, std::nullopt}}));
}

TEST(RangeHeader, RejectsMalformedOverlappingAndMisorderedRanges) {
    for (const char* bad : {"", "bytes", "bytes=", "bytes=-", "bytes 0-1", "bytes=500-400", "bytes=0-499, 400-900",
                            "bytes=-5,0-1", "bytes=+1-2", "bytes=1_0-20", "bytes=a-b"})
        EXPECT_FALSE(parse_range_header(bad)) << bad;
    EXPECT_FALSE(parse_range_header(std::nullopt));
    EXPECT_TRUE(parse_range_header("bytes=0-1,-5"));
}

TEST(RangeHeader, RangeForLengthOnlyForOneSatisfiableByteRange) {
    using Bounds = std::optional<std::pair<std::int64_t, std::int64_t>>;
    EXPECT_EQ(parse_range_header("bytes=-500")->range_for_length(1000), (Bounds{{500, 1000}}));
    EXPECT_EQ(parse_range_header("bytes=-500")->range_for_length(100), Bounds{});
    EXPECT_EQ(parse_range_header("bytes=9500-")->range_for_length(10000), (Bounds{{9500, 10000}}));
    EXPECT_EQ(parse_range_header("bytes=0-5000")->range_for_length(100), (Bounds{{0, 100}}));
    EXPECT_EQ(parse_range_header("bytes=0-")->range_for_length(0), Bounds{});
    EXPECT_EQ(parse_range_header("bytes=0-1,4-5")->range_for_length(10), Bounds{});
    EXPECT_EQ(parse_range_header("items=0-9")->range_for_length(100), Bounds{});
    EXPECT_EQ(parse_range_header("bytes=-500")->to_content_range_header(1000), "bytes 500-999/1000");
    auto cr = parse_range_header("bytes=0-0")->make_content_range(1);
    ASSERT_TRUE(cr);
    EXPECT_EQ(cr->to_header(), "bytes 0-0/1");
}

TEST(ContentRangeHeader, ParsesAndWritesBack) {
    auto cr = parse_content_range_header("bytes 0-1000/1000");
    ASSERT_TRUE(cr);
    EXPECT_EQ(cr->start, 0);
    EXPECT_EQ(cr->stop, 1001);
    EXPECT_EQ(cr->length, 1000);
    EXPECT_EQ(cr->to_header(), "bytes 0-1000/1000");
    EXPECT_EQ(parse_content_range_header("bytes */100")->to_header(), "bytes */100");
    EXPECT_EQ(parse_content_range_header("bytes */*")->to_header(), "bytes */*");
    EXPECT_EQ(parse_content_range_header("bytes 0-9/*")->to_header(), "bytes 0-9/*");
    for (const char* bad : {"bytes 500-400/1000", "bytes 0-499", "bytes x-y/10", "bytes", "bytes 10-20/5"})
        EXPECT_FALSE(parse_content_range_header(bad)) << bad;
}

TEST(ByteRange, ValidityRules) {
    EXPECT_TRUE(is_byte_range_valid(std::nullopt, std::nullopt, 10));
    EXPECT_FALSE(is_byte_range_valid(0, std::nullopt, 10));
    EXPECT_TRUE(is_byte_range_valid(0, 5, std::nullopt));
    EXPECT_FALSE(is_byte_range_valid(5, 5, 10));
    EXPECT_FALSE(is_byte_range_valid(10, 12, 10));
}

TEST(RangeNotSatisfiable, CarriesTheCompleteLength) {
    RequestedRangeNotSatisfiable e(1000);
    EXPECT_EQ(e.code(), 416);
    EXPECT_EQ(e.get_headers().get("Content-Range"), "bytes */1000");
}

}  // namespace
