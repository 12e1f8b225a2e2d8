// libFuzzer target: arbitrary bytes as template source through the lexer,
// parser and compiler.  Any outcome but a clean template or a TemplateError
// (a crash, a sanitizer report, another exception type, a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jinja/errors.hpp"
#include "jinja/template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const jinja::Environment env;
    std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        auto compiled = env.from_string(source, "fuzz.html");
        (void)compiled;
    } catch (const jinja::TemplateError&) {
        // Rejecting bad syntax with Jinja's error is the expected outcome.
    }
    return 0;
}
