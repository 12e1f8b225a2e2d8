#include <gtest/gtest.h>

#include "flask/routing.hpp"

using namespace flask;
using namespace flask::routing;
using jinja::Value;

namespace {
std::string redirect_of(const MapAdapter& a, std::string_view path, std::string_view method = "GET",
                        std::optional<std::string_view> query = std::nullopt) {
    try {
        a.match(path, method, query);
    } catch (const RequestRedirect& e) {
        EXPECT_EQ(e.code(), 308);
        return e.new_url();
    }
    return "(no redirect)";
}
}  // namespace

TEST(Matching, StaticBeatsConvertersAndWeightsOrderThem) {
    Map map;
    map.add(Rule("/<path:v>", "path"));
    map.add(Rule("/<v>", "str"));
    map.add(Rule("/<int:v>", "int"));
    map.add(Rule("/static", "static"));
    auto a = map.bind("example.org");
    EXPECT_EQ(a.match("/static", "GET").endpoint(), "static");
    EXPECT_EQ(a.match("/12", "GET").endpoint(), "int");
    EXPECT_EQ(a.match("/x", "GET").endpoint(), "str");
    EXPECT_EQ(a.match("/a/b", "GET").endpoint(), "path");
}

TEST(Matching, BacktracksSegmentBySegment) {
    Map map;
    map.add(Rule("/a/<x>", "ax"));
    map.add(Rule("/<y>/<x>", "yx"));
    map.add(Rule("/a/b/<z>", "abz"));
    map.add(Rule("/<y>/c/<z>", "ycz"));
    auto a = map.bind("example.org");
    EXPECT_EQ(a.match("/a/b", "GET").endpoint(), "ax");
    EXPECT_EQ(a.match("/a/b/c", "GET").endpoint(), "abz");
    EXPECT_EQ(a.match("/a/c/e", "GET").endpoint(), "ycz");
}

TEST(Matching, SeveralConvertersInOneSegmentAreGreedyLeftToRight) {
    Map map;
    map.add(Rule("/p/<a>-<b>", "dash"));
    auto a = map.bind("example.org");
    auto m = a.match("/p/a-b-c", "GET");
    EXPECT_EQ(find_arg(m.args, "a")->as_string(), "a-b");
    EXPECT_EQ(find_arg(m.args, "b")->as_string(), "c");
}

TEST(Matching, PathConverterIsLazyButLaterPartsMustMatch) {
    Map map;
    map.add(Rule("/<path:name>/edit", "edit"));
    map.add(Rule("/<path:bar>/<path:blub>", "two"));
    auto a = map.bind("example.org");
    auto m = a.match("/x/y/edit", "GET");
    EXPECT_EQ(m.endpoint(), "edit");
    EXPECT_EQ(find_arg(m.args, "name")->as_string(), "x/y");
    m = a.match("/a/b/c", "GET");
    EXPECT_EQ(find_arg(m.args, "bar")->as_string(), "a");
    EXPECT_EQ(find_arg(m.args, "blub")->as_string(), "b/c");
}

TEST(StrictSlashes, BranchRedirectsKeepingTheQueryVerbatim) {
    Map map;
    map.add(Rule("/bar/", "bar"));
    auto a = map.bind("example.org", "/app");
    EXPECT_EQ(redirect_of(a, "/bar", "GET", "a=%20b c&d"), "http://example.org/app/bar/?a=%20b c&d");
    EXPECT_EQ(redirect_of(a, "/bar", "POST"), "http://example.org/app/bar/");  // any method
}

TEST(StrictSlashes, RedirectOnlyOfferedWhenTheMethodFits) {
    Map map;
    map.add(Rule("/bar/", "get", RuleOptions{.methods = std::vector<std::string>{"GET"}}));
    auto a = map.bind("example.org");
    EXPECT_THROW(a.match("/bar", "POST"), NotFound);
    EXPECT_EQ(redirect_of(a, "/bar", "HEAD"), "http://example.org/bar/");
}

TEST(StrictSlashes, RedirectTargetIsQuotedWithThePathSafeSet) {
    Map map;
    map.add(Rule("/<x>/", "x"));
    auto a = map.bind("example.org");
    EXPECT_EQ(redirect_of(a, "/a?b"), "http://example.org/a%3Fb/");
    EXPECT_EQ(redirect_of(a, "/100%"), "http://example.org/100%25/");
}

TEST(MergeSlashes, RedirectsOnlyWhenTheUnmergedPathFails) {
    Map map;
    map.add(Rule("/no/tail", "no_tail"));
    map.add(Rule("/with/<path:path>", "with_path"));
    map.add(Rule("/no//merge", "no_merge", RuleOptions{.merge_slashes = false}));
    auto a = map.bind("example.org");
    EXPECT_EQ(redirect_of(a, "/no//tail"), "http://example.org/no/tail");
    EXPECT_EQ(find_arg(a.match("/with/x//y", "GET").args, "path")->as_string(), "x//y");
    EXPECT_EQ(a.match("/no//merge", "GET").endpoint(), "no_merge");
    EXPECT_EQ(a.match("//no/tail", "GET").endpoint(), "no_tail");  // leading slashes collapse silently
}

TEST(Methods, HeadImpliedAnd405ListsTheUnion) {
    Map map;
    map.add(Rule("/res", "get", RuleOptions{.methods = std::vector<std::string>{"get"}}));
    map.add(Rule("/res", "post", RuleOptions{.methods = std::vector<std::string>{"POST"}}));
    auto a = map.bind("example.org");
    EXPECT_EQ(a.match("/res", "HEAD").endpoint(), "get");
    try {
        a.match("/res", "DELETE");
        FAIL();
    } catch (const MethodNotAllowed& e) {
        EXPECT_EQ(e.valid_methods(), (std::vector<std::string>{"GET", "HEAD", "POST"}));
    }
    EXPECT_EQ(a.allowed_methods("/res"), (std::vector<std::string>{"GET", "HEAD", "POST"}));
}

TEST(Defaults, UrlEqualToAnotherRulesDefaultsRedirects) {
    Map map;
    map.add(Rule("/foo/", "foo", RuleOptions{.defaults = {{"page", 1}}}));
    map.add(Rule("/foo/<int:page>", "foo"));
    auto a = map.bind("example.org");
    EXPECT_EQ(redirect_of(a, "/foo/1", "POST", "x=y"), "http://example.org/foo/?x=y");
    auto m = a.match("/foo/", "GET");
    EXPECT_EQ(find_arg(m.args, "page")->as_int(), 1);
    EXPECT_EQ(find_arg(a.match("/foo/2", "GET").args, "page")->as_int(), 2);
}

TEST(Websocket, MismatchIsA400) {
    Map map;
    map.add(Rule("/ws", "ws", RuleOptions{.websocket = true}));
    auto a = map.bind("example.org");
    EXPECT_THROW(a.match("/ws", "GET"), WebsocketMismatch);
    EXPECT_EQ(a.match("/ws", "GET", std::nullopt, true).endpoint(), "ws");
    EXPECT_EQ(a.build("ws"), "ws://example.org/ws");
}

TEST(Subdomains, RulesMatchOnTheBoundSubdomain) {
    Map map;
    map.add(Rule("/", "index"));
    map.add(Rule("/", "user_home", RuleOptions{.subdomain = "<user>"}));
    auto bob = map.bind("example.com", "/", "bob");
    auto m = bob.match("/", "GET");
    EXPECT_EQ(m.endpoint(), "user_home");
    EXPECT_EQ(find_arg(m.args, "user")->as_string(), "bob");
    EXPECT_EQ(bob.build("index"), "http://example.com/");
    EXPECT_EQ(map.bind("example.com").build("user_home", {{"user", "amy"}}), "http://amy.example.com/");
}

TEST(RedirectTo, TargetsAreJoinedAgainstTheBoundUrl) {
    Map map;
    map.add(Rule("/old/<int:id>", "", RuleOptions{.redirect_to = "/new/<id>"}));
    map.add(Rule("/some/<slug>", "", RuleOptions{.redirect_to = "foo/<slug>"}));
    auto a = map.bind("example.org", "/app");
    EXPECT_EQ(redirect_of(a, "/old/005"), "http://example.org/new/5");
    EXPECT_EQ(redirect_of(a, "/some/a b"), "http://example.org/app/foo/a%20b");
}

TEST(RuleIntrospection, ExposesArgumentsConvertersAndMethods) {
    Map map;
    const Rule& r = map.add(Rule("/post/<int:post_id>/<path:rest>", "show",
                                 RuleOptions{.methods = std::vector<std::string>{"post", "get"}, .defaults = {{"x", 1}}}));
    ASSERT_EQ(r.converters().size(), 2u);
    EXPECT_EQ(r.converters()[0].name, "post_id");
    EXPECT_EQ(r.converter_for("post_id")->kind(), ConverterKind::Int);
    EXPECT_EQ(r.converter_for("rest")->kind(), ConverterKind::Path);
    EXPECT_EQ(r.converter_for("nope"), nullptr);
    EXPECT_EQ(r.arguments(), (std::vector<std::string>{"post_id", "rest", "x"}));
    EXPECT_EQ(*r.methods(), (std::vector<std::string>{"GET", "HEAD", "POST"}));
    EXPECT_EQ(r.repr(), "<Rule '/post/<post_id>/<rest>' (GET, HEAD, POST) -> show>");
    EXPECT_EQ(map.rules().size(), 1u);
    EXPECT_TRUE(map.is_endpoint_expecting("show", {"post_id"}));
}
