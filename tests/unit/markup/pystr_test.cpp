// Python str methods on UTF-8, code-point aware.
#include <gtest/gtest.h>

#include "jinja/pystr.hpp"

namespace py = jinja::pystr;
using Strings = std::vector<std::string>;

TEST(PyStrCase, UsesFullUnicodeMappings) {
    EXPECT_EQ(py::upper("straße"), "STRASSE");
    EXPECT_EQ(py::lower("ΟΔΟΣ ΣΑΣ"), "οδος σας");  // final sigma
    EXPECT_EQ(py::title("hELLo wORLD don't"), "Hello World Don'T");
    EXPECT_EQ(py::capitalize("ǆungla"), "ǅungla");
    EXPECT_EQ(py::swapcase("aBc"), "AbC");
    EXPECT_EQ(py::casefold("Straße"), "strasse");
}

TEST(PyStrSplit, SplitsOnPythonWhitespace) {
    EXPECT_EQ(py::split("  a \xE3\x80\x80 b\xC2\xA0" "c  "), (Strings{"a", "b", "c"}));
    EXPECT_EQ(py::split("  a b  c  ", std::nullopt, 1), (Strings{"a", "b  c  "}));
    EXPECT_EQ(py::rsplit("  a b  c  ", std::nullopt, 1), (Strings{"  a b", "c"}));
    EXPECT_EQ(py::split("a,,b", std::string_view(",")), (Strings{"a", "", "b"}));
    EXPECT_THROW(py::split("a", std::string_view("")), jinja::ValueError);
}

TEST(PyStrSplit, SplitlinesKnowsUnicodeBreaks) {
    EXPECT_EQ(py::splitlines("a\r\nb\xE2\x80\xA8" "c\n"), (Strings{"a", "b", "c"}));
    EXPECT_EQ(py::splitlines("a\r\nb", true), (Strings{"a\r\n", "b"}));
}

TEST(PyStrPad, CountsCodePoints) {
    EXPECT_EQ(py::center("é", 4, "*"), "*é**");
    EXPECT_EQ(py::center("ab", 5), "  ab ");
    EXPECT_EQ(py::ljust("é", 3, "-"), "é--");
    EXPECT_EQ(py::zfill("-5", 4), "-005");
    EXPECT_THROW(py::center("a", 5, "ab"), jinja::TypeError);
}

TEST(PyStrSearch, ReplaceCountAndFind) {
    EXPECT_EQ(py::replace("ab", "", "-"), "-a-b-");
    EXPECT_EQ(py::replace("aaa", "a", "b", 2), "bba");
    EXPECT_EQ(py::count("éé", ""), 3);
    EXPECT_EQ(py::find("日本語", "語"), 2);
    EXPECT_EQ(py::rfind("abab", "b"), 3);
    EXPECT_EQ(py::partition("a=b=c", "="), (Strings{"a", "=", "b=c"}));
    EXPECT_EQ(py::rpartition("abc", "="), (Strings{"", "", "abc"}));
}

TEST(PyStrUtf8, KeepsMalformedBytes) {
    std::string bad = "a\xFF" "b";
    EXPECT_EQ(py::length(bad), 3u);
    EXPECT_EQ(py::upper(bad), "A\xFF" "B");
    EXPECT_EQ(py::slice("héllo", 1, -1), "éll");
}

TEST(PyStrMethods, DispatchesOnPlainStrings) {
    jinja::CallArgs args{{jinja::Value("l"), jinja::Value("<")}, {}};
    jinja::Value r = py::call_str_method(jinja::Value("hello"), "replace", args);
    EXPECT_FALSE(r.is_markup());
    EXPECT_EQ(r.as_string(), "he<<o");
    EXPECT_TRUE(py::has_str_method("upper"));
    EXPECT_THROW(py::call_str_method(jinja::Value("x"), "nope", {}), jinja::TypeError);
}
