// libFuzzer target: arbitrary bytes as a template, compiled and rendered
// against a small context of the usual shapes (rows of dicts, text needing
// escaping, Markup, numbers, nested lists, invalid UTF-8).  Any outcome but
// output or a TemplateError / Python-style error (a crash, a sanitizer
// report, another exception type) is a bug.  Templates that loop for long
// are timeouts, not bugs: run with -ignore_timeouts in fork mode.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "jinja/errors.hpp"
#include "jinja/template.hpp"

namespace {
jinja::Dict context() {
    jinja::List rows;
    for (int i = 0; i < 4; ++i)
        rows.push_back(jinja::Dict{{"id", i},
                                   {"name", i % 2 ? "Tom & <Jerry>" : "plain"},
                                   {"score", 1.5 * i},
                                   {"active", i % 2 == 0},
                                   {"tags", jinja::Value::list({"b", "A", "a"})}});
    return {{"rows", jinja::Value(std::move(rows))},
            {"s", "x \"q\" 'y' <b>\xff\xfe"},
            {"m", jinja::Value::markup("<i>ok</i>")},
            {"n", 42},
            {"f", -0.5},
            {"none", jinja::Value()},
            {"nested", jinja::Value::list({jinja::Value::list({1, 2}), jinja::Dict{{"k", "v"}}})}};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const jinja::Environment env;
    static const jinja::Dict ctx = context();
    std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        (void)env.from_string(source, "fuzz.html")->render(ctx);
    } catch (const std::runtime_error&) {
        // Jinja's errors and the Python exceptions a template may raise (all
        // runtime_errors) are expected outcomes; a logic_error is a bug.
    }
    return 0;
}
