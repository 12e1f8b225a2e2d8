#include <gtest/gtest.h>

#include "flask/routing.hpp"

using namespace flask;
using namespace flask::routing;
using jinja::Value;

namespace {
Map sample_map() {
    Map map;
    map.add(Rule("/", "index"));
    map.add(Rule("/s/<s>", "s"));
    map.add(Rule("/p/<path:p>", "p"));
    map.add(Rule("/post/<int:post_id>", "show_post", RuleOptions{.methods = std::vector<std::string>{"GET"}}));
    return map;
}
}  // namespace

TEST(Building, QuotesPathValuesButKeepsSlashes) {
    Map map = sample_map();
    auto a = map.bind("example.org");
    EXPECT_EQ(a.build("s", {{"s", "a/b c"}}), "/s/a/b%20c");
    EXPECT_EQ(a.build("p", {{"p", "a b/c?d"}, {"x", "1 2"}}), "/p/a%20b/c%3Fd?x=1+2");
    EXPECT_EQ(a.build("s", {{"s", true}}), "/s/True");
}

TEST(Building, UnknownValuesBecomeTheQueryInInsertionOrder) {
    Map map = sample_map();
    auto a = map.bind("example.org");
    EXPECT_EQ(a.build("index", {{"b", "2"}, {"a", Value::list({1, Value(), 2})}, {"n", Value()}}), "/?b=2&a=1&a=2");
    EXPECT_EQ(a.build("index", {{"q", "x"}}, std::nullopt, false, false), "/");
}

TEST(Building, ExternalUrlsUseSchemeHostAndScriptName) {
    Map map = sample_map();
    auto a = map.bind("Example.ORG:5000", "/app/");
    EXPECT_EQ(a.build("index", {}, std::nullopt, true), "http://example.org:5000/app/");
    EXPECT_EQ(a.build("index", {}, std::nullopt, true, true, "https"), "https://example.org:5000/app/");
    EXPECT_EQ(map.bind("example.org", "/", std::nullopt, "").build("index", {}, std::nullopt, true), "//example.org/");
}

TEST(Building, AnchorIsQuotedLikeFlasksUrlFor) {
    Map map = sample_map();
    auto a = map.bind("example.org");
    EXPECT_EQ(a.build("index", {}, std::nullopt, false, true, std::nullopt, "a b#c%"), "/#a%20b#c%");
}

TEST(Building, MethodSpecificBuildingAndFallback) {
    Map map;
    map.add(Rule("/search_get", "search", RuleOptions{.methods = std::vector<std::string>{"GET"}}));
    map.add(Rule("/search_post", "search", RuleOptions{.methods = std::vector<std::string>{"POST"}}));
    map.add(Rule("/select", "select", RuleOptions{.methods = std::vector<std::string>{"POST"}}));
    auto a = map.bind("example.org");
    EXPECT_EQ(a.build("search", {}, "POST"), "/search_post");
    EXPECT_EQ(a.build("search", {}, "HEAD"), "/search_get");
    EXPECT_EQ(a.build("select"), "/select");
    EXPECT_THROW(a.build("select", {}, "GET"), BuildError);
}

TEST(Building, DefaultsPickTheCanonicalRule) {
    Map map;
    map.add(Rule("/foo/", "foo", RuleOptions{.defaults = {{"page", 1}}}));
    map.add(Rule("/foo/<int:page>", "foo"));
    auto a = map.bind("example.org");
    EXPECT_EQ(a.build("foo"), "/foo/");
    EXPECT_EQ(a.build("foo", {{"page", 1.0}}), "/foo/");
    EXPECT_EQ(a.build("foo", {{"page", "1"}}), "/foo/1");
}

TEST(BuildError, MessageMatchesWerkzeug) {
    Map map;
    map.add(Rule("/", "index"));
    map.add(Rule("/post/<int:post_id>", "show_post", RuleOptions{.methods = std::vector<std::string>{"GET"}}));
    map.add(Rule("/user/<name>", "user"));
    auto a = map.bind("example.org");
    auto message = [&](std::string_view endpoint, const Args& values, std::optional<std::string_view> method) {
        try {
            a.build(endpoint, values, method);
        } catch (const BuildError& e) {
            return std::string(e.what());
        }
        return std::string("(built)");
    };
    EXPECT_EQ(message("show_post", {}, std::nullopt),
              "Could not build url for endpoint 'show_post'. Did you forget to specify values ['post_id']?");
    EXPECT_EQ(message("show_pos", {{"post_id", 1}}, std::nullopt),
              "Could not build url for endpoint 'show_pos' with values ['post_id']. Did you mean 'show_post' instead?");
    EXPECT_EQ(message("show_post", {{"post_id", 1}}, "POST"),
              "Could not build url for endpoint 'show_post' ('POST') with values ['post_id']. Did you mean to use "
              "methods ['GET', 'HEAD']?");
    EXPECT_EQ(message("nothing", {{"x", 1}}, std::nullopt),
              "Could not build url for endpoint 'nothing' with values ['x']. Did you mean 'index' instead?");
}

TEST(Building, ConverterValueErrorsPropagate) {
    Map map = sample_map();
    auto a = map.bind("example.org");
    EXPECT_THROW(a.build("show_post", {{"post_id", "abc"}}), jinja::ValueError);
}
