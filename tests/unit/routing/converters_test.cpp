#include <gtest/gtest.h>

#include "flask/routing.hpp"
#include "flask/uuid.hpp"

using namespace flask;
using namespace flask::routing;
using jinja::Value;

namespace {
MapAdapter bind_one(Map& map) { return map.bind("example.org"); }

Value match_arg(const MapAdapter& a, std::string_view path, std::string_view name) {
    auto m = a.match(path, "GET");
    const Value* v = find_arg(m.args, name);
    return v ? *v : Value::undefined();
}
}  // namespace

TEST(ConverterArgs, ParsesPythonLiterals) {
    auto a = parse_converter_args("1, 2.5, True, None, 'x y', u\"z\", name, k=False, m = 7");
    ASSERT_EQ(a.args.size(), 7u);
    EXPECT_TRUE(a.args[0].is_int());
    EXPECT_EQ(a.args[0].as_int(), 1);
    EXPECT_EQ(a.args[1].as_float(), 2.5);
    EXPECT_TRUE(a.args[2].is_bool());
    EXPECT_TRUE(a.args[3].is_none());
    EXPECT_EQ(a.args[4].as_string(), "x y");
    EXPECT_EQ(a.args[5].as_string(), "z");
    EXPECT_EQ(a.args[6].as_string(), "name");
    ASSERT_EQ(a.kwargs.size(), 2u);
    EXPECT_EQ(a.kwargs[0].first, "k");
    EXPECT_FALSE(a.kwargs[0].second.as_bool());
    EXPECT_EQ(a.kwargs[1].second.as_int(), 7);
}

TEST(ConverterArgs, RejectsNegativeNumbers) {
    EXPECT_THROW(parse_converter_args("min=-5"), std::invalid_argument);
    Map map;
    EXPECT_THROW(map.add(Rule("/<int(min=-5):x>", "x")), std::invalid_argument);
}

TEST(ConverterArgs, UnknownKeywordOrConverterIsAnError) {
    Map map;
    EXPECT_THROW(map.add(Rule("/<int(bogus=1):x>", "x")), std::invalid_argument);
    EXPECT_THROW(map.add(Rule("/<nope:x>", "x")), std::out_of_range);
    EXPECT_THROW(map.add(Rule("/<int:x", "x")), std::invalid_argument);
    EXPECT_THROW(map.add(Rule("no-slash", "x")), std::invalid_argument);
}

TEST(IntConverter, AcceptsAnyUnicodeDecimalDigit) {
    Map map;
    map.add(Rule("/i/<int:v>", "i"));
    auto a = bind_one(map);
    EXPECT_EQ(match_arg(a, "/i/١٢٣", "v").as_int(), 123);
    EXPECT_EQ(match_arg(a, "/i/１２", "v").as_int(), 12);
    EXPECT_EQ(match_arg(a, "/i/007", "v").as_int(), 7);
    EXPECT_THROW(a.match("/i/²", "GET"), NotFound);
    EXPECT_THROW(a.match("/i/-1", "GET"), NotFound);
}

TEST(IntConverter, ValidationFailureIsA404WithoutFallback) {
    Map map;
    map.add(Rule("/<int(max=10):n>", "small"));
    map.add(Rule("/<name>", "name"));
    auto a = bind_one(map);
    EXPECT_THROW(a.match("/20", "GET"), NotFound);
    EXPECT_EQ(a.match("/abc", "GET").endpoint(), "name");
}

TEST(IntConverter, ToUrlIsStrOfIntZeroFilledAfterTheSign) {
    NumberConverter fixed(false, 4, std::nullopt, std::nullopt, false);
    EXPECT_EQ(fixed.to_url(Value(-42)), "-042");
    EXPECT_EQ(fixed.to_url(Value(4.7)), "0004");
    EXPECT_EQ(fixed.to_url(Value("007")), "0007");
    EXPECT_EQ(fixed.to_url(Value(true)), "0001");
    EXPECT_THROW(fixed.to_url(Value("abc")), jinja::ValueError);
}

TEST(FloatConverter, NeedsDigitsOnBothSidesOfTheDot) {
    Map map;
    map.add(Rule("/f/<float:v>", "f"));
    map.add(Rule("/fs/<float(signed=True):v>", "fs"));
    auto a = bind_one(map);
    EXPECT_EQ(match_arg(a, "/f/01.50", "v").as_float(), 1.5);
    EXPECT_EQ(match_arg(a, "/fs/-1.5", "v").as_float(), -1.5);
    EXPECT_THROW(a.match("/f/1", "GET"), NotFound);
    EXPECT_THROW(a.match("/f/.5", "GET"), NotFound);
    NumberConverter f(true, 0, std::nullopt, std::nullopt, false);
    EXPECT_EQ(f.to_url(Value(1)), "1.0");
    EXPECT_EQ(f.to_url(Value(1e16)), "1e+16");
    EXPECT_EQ(f.to_url(Value("2.50")), "2.5");
}

TEST(StringConverter, LengthsCountCodePoints) {
    Map map;
    map.add(Rule("/len/<string(length=2):s>", "len"));
    map.add(Rule("/max/<string(maxlength=3):s>", "max"));
    auto a = bind_one(map);
    EXPECT_EQ(match_arg(a, "/len/üï", "s").as_string(), "üï");
    EXPECT_THROW(a.match("/len/ü", "GET"), NotFound);
    EXPECT_THROW(a.match("/max/abcd", "GET"), NotFound);
}

TEST(UuidConverter, MatchesCaseInsensitivelyAndYieldsUuidObjects) {
    Map map;
    map.add(Rule("/u/<uuid:v>", "u"));
    auto a = bind_one(map);
    Value v = match_arg(a, "/u/2B5B0911-FDCF-4DD2-921B-28ACE88DB8A0", "v");
    ASSERT_TRUE(v.is_object());
    EXPECT_EQ(v.str(), "2b5b0911-fdcf-4dd2-921b-28ace88db8a0");
    EXPECT_THROW(a.match("/u/2b5b0911fdcf4dd2921b28ace88db8a0", "GET"), NotFound);
    EXPECT_EQ(a.build("u", {{"v", v}}), "/u/2b5b0911-fdcf-4dd2-921b-28ace88db8a0");
}

TEST(AnyConverter, MatchesListedItemsAndValidatesOnBuild) {
    Map map;
    map.add(Rule("/<any(about, help, \"foo,bar\"):page>", "page"));
    auto a = bind_one(map);
    EXPECT_EQ(match_arg(a, "/foo,bar", "page").as_string(), "foo,bar");
    EXPECT_THROW(a.match("/foo", "GET"), NotFound);
    EXPECT_EQ(a.build("page", {{"page", "help"}}), "/help");
    try {
        a.build("page", {{"page", "nope"}});
        FAIL();
    } catch (const jinja::ValueError& e) {
        EXPECT_STREQ(e.what(), "'nope' is not one of 'about', 'foo,bar', 'help'");
    }
}

namespace {
// A custom converter: comma-separated lower-case words, given as a list.
struct ListConverter : Converter {
    std::string regex() const override { return "[a-z]+(?:,[a-z]+)*"; }
    Value to_python(std::string_view value) const override {
        jinja::List items;
        std::size_t start = 0;
        while (true) {
            auto comma = value.find(',', start);
            items.emplace_back(value.substr(start, comma == std::string_view::npos ? comma : comma - start));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        if (items.size() > 3) throw ValidationError();
        return Value(std::move(items));
    }
    std::string to_url(const Value& value) const override {
        std::string out;
        for (const auto& item : value.as_list()) out += (out.empty() ? "" : ",") + item.as_string();
        return out;
    }
};
// A custom converter with arguments and a hand-written matcher: hex of a given length.
struct HexConverter : Converter {
    explicit HexConverter(const ConverterArgs& args) : digits_(args.args.empty() ? 2 : args.args[0].as_int()) {}
    std::string regex() const override { return "[0-9a-f]{" + std::to_string(digits_) + "}"; }
    int weight() const override { return 40; }
    bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const override {
        auto end = pos + static_cast<std::size_t>(digits_);
        if (end > text.size()) return false;
        for (auto i = pos; i < end; ++i)
            if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
        return accept(end);
    }
    Value to_python(std::string_view value) const override { return Value(std::stoll(std::string(value), nullptr, 16)); }
    std::int64_t digits_;
};
}  // namespace

TEST(CustomConverter, RegexBasedConverterMatchesConvertsAndBuilds) {
    Map map;
    map.add_converter<ListConverter>("list");
    const Rule& rule = map.add(Rule("/tags/<list:tags>", "tags"));
    EXPECT_EQ(rule.converter_for("tags")->kind(), ConverterKind::Custom);
    auto a = bind_one(map);
    Value tags = match_arg(a, "/tags/a,bc,d", "tags");
    ASSERT_TRUE(tags.is_list());
    EXPECT_EQ(tags.size(), 3u);
    EXPECT_THROW(a.match("/tags/a,b,c,d", "GET"), NotFound);  // ValidationError
    EXPECT_THROW(a.match("/tags/A", "GET"), NotFound);
    EXPECT_EQ(a.build("tags", {{"tags", Value::list({"x", "y"})}}), "/tags/x,y");
}

TEST(CustomConverter, HandWrittenMatcherAndWeightOrderTransitions) {
    Map map;
    map.add_converter<HexConverter>("hex");
    map.add(Rule("/<int:n>", "int"));
    map.add(Rule("/<hex(4):h>", "hex"));
    auto a = bind_one(map);
    auto m = a.match("/1234", "GET");
    EXPECT_EQ(m.endpoint(), "hex");  // weight 40 beats int's 50
    EXPECT_EQ(find_arg(m.args, "h")->as_int(), 0x1234);
    EXPECT_EQ(a.match("/12345", "GET").endpoint(), "int");
}
