// The template lexer: source text -> tokens, with Jinja2's whitespace control.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jinja::detail {

enum class Tok : unsigned char {
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    Eof,
};

struct Token {
    Tok type = Tok::Eof;
    std::string value;  // data text, name, decoded string, number text, operator
    int lineno = 1;

    bool is_op(std::string_view op) const { return type == Tok::Operator && value == op; }
    bool is_name(std::string_view name) const { return type == Tok::Name && value == name; }
};

struct LexOptions {
    bool trim_blocks = false;
    bool lstrip_blocks = false;
    bool keep_trailing_newline = false;
};

/// Tokenizes a whole template; throws TemplateSyntaxError.
std::vector<Token> tokenize(std::string_view source, const std::string& name, const LexOptions& options);

/// Jinja's describe_token: "end of print statement", "'x'", "integer", ...
std::string describe_token(const Token& token);

}  // namespace jinja::detail
