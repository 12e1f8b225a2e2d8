#include <gtest/gtest.h>

#include "jinja/template.hpp"

namespace {

std::string render(std::string_view src, const jinja::Dict& ctx = {}, jinja::EnvironmentOptions opt = {}) {
    jinja::Environment env(std::move(opt));
    return env.from_string(src, "t.html")->render(ctx);
}

}  // namespace

TEST(Template, PrintsValuesAsPython) {
    EXPECT_EQ(render("{{ [1, 'a', none, true, 1.0] }}"), "[1, 'a', None, True, 1.0]");
    EXPECT_EQ(render("{{ 2 ** 100 }}"), "1267650600228229401496703205376");
}

TEST(Template, AutoescapesByTemplateNameWithFlasksRule) {
    jinja::EnvironmentOptions opt;
    opt.autoescape_for = jinja::flask_autoescape;
    EXPECT_EQ(render("{{ s }}{{ s|safe }}", {{"s", "<b>"}}, opt), "&lt;b&gt;<b>");
}

TEST(Template, LoopsExposeTheLoopObject) {
    EXPECT_EQ(render("{% for x in 'ab' %}{{ loop.index }}{{ loop.cycle('o', 'e') }}{% endfor %}"), "1o2e");
}

TEST(Template, MacrosTakeDefaultsAndCaller) {
    EXPECT_EQ(render("{% macro m(a, b=2) %}{{ a }}{{ b }}{{ caller() }}{% endmacro %}{% call m(1) %}c{% endcall %}"),
              "12c");
}

TEST(Template, InheritanceRendersChildBlocksWithSuper) {
    jinja::EnvironmentOptions opt;
    opt.loader = std::make_shared<jinja::DictLoader>(std::map<std::string, std::string>{
        {"base.html", "<{% block b %}base{% endblock %}>"},
        {"child.html", "{% extends 'base.html' %}{% block b %}child+{{ super() }}{% endblock %}"}});
    jinja::Environment env(opt);
    EXPECT_EQ(env.get_template("child.html")->render(), "<child+base>");
}

TEST(Template, SyntaxErrorsCarryJinjasMessageAndLine) {
    jinja::Environment env;
    try {
        env.from_string("a\n{% if x %}", "t.txt");
        FAIL() << "no error";
    } catch (const jinja::TemplateSyntaxError& e) {
        EXPECT_EQ(e.lineno(), 2);
        EXPECT_EQ(e.name(), "t.txt");
        EXPECT_NE(e.message().find("Jinja was looking for the following tags: 'elif' or 'else' or 'endif'"),
                  std::string::npos);
    }
}

TEST(Template, UndefinedAttributeOfMissingNameRaises) {
    jinja::Environment env;
    EXPECT_THROW(env.from_string("{{ x.y }}")->render(), jinja::UndefinedError);
}

TEST(Template, UrlizeFollowsJinja) {
    jinja::EnvironmentOptions opt;
    opt.autoescape_for = jinja::flask_autoescape;
    EXPECT_EQ(render("{{ '<http://a.b.com/>'|urlize }}", {}, opt),
              "&lt;<a href=\"http://a.b.com/\" rel=\"noopener\">http://a.b.com/</a>&gt;");
    EXPECT_EQ(render("{{ 'mailto:a@b.com'|urlize }}", {}, opt), "<a href=\"mailto:a@b.com\">a@b.com</a>");
    EXPECT_EQ(render("{{ 'custom:x y'|urlize(extra_schemes=['custom:']) }}", {}, opt),
              "<a href=\"custom:x\" rel=\"noopener\">custom:x</a> y");
}

TEST(Template, StringLiteralsAndReprFollowPython) {
    EXPECT_EQ(render("{{ '\\N{BULLET}\\N{snowman}' }}"), "\xE2\x80\xA2\xE2\x98\x83");
    EXPECT_EQ(render("{{ ['\\xa0', '\\u200b', '\\U000e0001', 'é'] }}"), "['\\xa0', '\\u200b', '\\U000e0001', '\xC3\xA9']");
    EXPECT_EQ(render("{{ range(10)[2:5] }} {{ range(10)[::-3] }}"), "range(2, 5) range(9, -1, -3)");
}

TEST(Template, PairsThatAreNotPairsRaisePythonsErrors) {
    // Found by the render fuzzer: urlencode read the second item of a
    // one-item pair.  Messages of real Jinja2 / CPython.
    jinja::Environment env;
    auto error_of = [&](std::string_view src) -> std::string {
        try {
            env.from_string(src)->render();
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(error_of("{{ [('q')]|urlencode }}"), "not enough values to unpack (expected 2, got 1)");
    EXPECT_EQ(error_of("{{ [('a','b','c')]|urlencode }}"), "too many values to unpack (expected 2)");
    EXPECT_EQ(error_of("{{ [1]|urlencode }}"), "cannot unpack non-iterable int object");
    EXPECT_EQ(env.from_string("{{ ['ab']|urlencode }}|{{ [['a', 1]]|urlencode }}")->render(), "a=b|a=1");
    EXPECT_EQ(error_of("{{ namespace([('q')]).q }}"), "dictionary update sequence element #0 has length 1; 2 is required");
    EXPECT_EQ(error_of("{{ namespace(['ab', 1]) }}"), "cannot convert dictionary update sequence element #1 to a sequence");
    EXPECT_EQ(error_of("{{ dict(['ab', (1, 2, 3)]) }}"), "dictionary update sequence element #1 has length 3; 2 is required");
    EXPECT_EQ(env.from_string("{{ namespace(['ab']).a }}")->render(), "b");
}

TEST(Template, HugeSizesFailCleanlyInsteadOfExhaustingMemory) {
    // Python would try to build these (gigabytes); the engine raises
    // OverflowError past pystr::max_text_size.  Empty repetitions stay instant.
    jinja::Environment env;
    auto render = [&](std::string_view src) { return env.from_string(src)->render(); };
    EXPECT_EQ(render("{{ ''*10**18 }}|{{ []*10**18 }}|{{ 'ab'*3 }}|{{ [1]*2 }}"), "|[]|ababab|[1, 1]");
    for (const char* src : {"{{ 'ab'*10**10 }}", "{{ [1, 2]*10**9 }}", "{{ 'a'.center(10**10) }}", "{{ 'a'.zfill(10**10) }}",
                            "{{ '{:>10000000000}'.format(1) }}", "{{ '{:010000000000,}'.format(1) }}",
                            "{{ 'x'|indent(10**10) }}", "{{ [1]|tojson(indent=10**10) }}",
                            "{{ '{:\U0001F600>4611686018427387904}'.format(1) }}"})  // width * 4-byte fill wraps 2**64
        EXPECT_THROW(render(src), jinja::OverflowError) << src;
    // Zero padding through digit groups, as CPython lays it out.
    EXPECT_EQ(render("{{ '{:0=20,}'.format(1234) }}|{{ '{:08,}'.format(1234) }}|{{ '{:0=9_}'.format(-1234) }}|"
                     "{{ '{:020_x}'.format(255) }}|{{ 1|tojson(indent=10**10) }}"),
              "0,000,000,000,001,234|0,001,234|-0_001_234|0_0000_0000_0000_00ff|1");
}

TEST(Template, RecursionWithoutEndIsARecursionErrorNotACrash) {
    // Jinja2 raises RecursionError for each of these; the engine raises a
    // RuntimeError with Python's message at RecursionGuard::max_depth levels
    // (a macro recursing forever crashed the process before: render fuzzing).
    jinja::EnvironmentOptions opt;
    opt.loader = std::make_shared<jinja::DictLoader>(std::map<std::string, std::string>{
        {"self", "x{% include \"self\" %}"}, {"a", "{% extends \"b\" %}"}, {"b", "{% extends \"a\" %}"},
        {"imp", "{% import \"imp\" as m %}y"}});
    jinja::Environment env(std::move(opt));
    for (const char* name : {"self", "a", "imp"})
        EXPECT_THROW(env.get_template(name)->render(), jinja::RuntimeError) << name;
    for (const char* src : {"{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(0) }}",
                            "{% macro f(n) %}{{ n * f(n)|int }}{% endmacro %}{{ f(0) }}",
                            "{% macro f() %}{% call f() %}{% endcall %}{{ caller() }}{% endmacro %}{{ f() }}",
                            "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}"})
        EXPECT_THROW(env.from_string(src)->render(), jinja::RuntimeError) << src;
    // 200 levels are fine, as in Jinja2.
    auto deep = env.from_string("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ f(200) }}");
    EXPECT_EQ(deep->render(), "done");
    EXPECT_EQ(deep->render(), "done") << "the depth count is back to zero after an error-free render";
}
