// Tokenizer following Jinja2's lexer rules (delimiters {{ }}, {% %}, {# #}).
#include "lexer.hpp"

#include <cstring>

#include "jinja/errors.hpp"
#include "jinja/pystr.hpp"
#include "jinja/value.hpp"

namespace jinja::detail {

namespace {

bool is_ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Python's str.isspace / \s for one code point at pos; returns byte length or 0.
std::size_t space_at(std::string_view s, std::size_t pos) {
    std::size_t p = pos;
    char32_t c = pystr::decode_utf8(s, p);
    return pystr::is_space(c) ? p - pos : 0;
}

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
    while (pos < s.size()) {
        std::size_t n = space_at(s, pos);
        if (!n) break;
        pos += n;
    }
    return pos;
}

bool all_space(std::string_view s) {
    if (s.empty()) return false;
    return skip_spaces(s, 0) == s.size();
}

class Lexer {
public:
    Lexer(std::string_view src, const std::string& name, const LexOptions& opt) : name_(name), opt_(opt) {
        // Normalise \r\n, \r and \n to \n; drop one trailing newline unless kept.
        std::string s;
        s.reserve(src.size());
        for (std::size_t i = 0; i < src.size(); ++i) {
            if (src[i] == '\r') {
                s += '\n';
                if (i + 1 < src.size() && src[i + 1] == '\n') ++i;
            } else {
                s += src[i];
            }
        }
        if (!opt.keep_trailing_newline && !s.empty() && s.back() == '\n') s.pop_back();
        src_ = std::move(s);
    }

    std::vector<Token> run() {
        std::string_view s = src_;
        std::size_t pos = 0;
        bool line_starting = true;
        while (pos < s.size()) {
            // Find the earliest tag start.
            std::size_t tag = pos;
            char kind = 0;
            while (true) {
                tag = s.find('{', tag);
                if (tag == std::string_view::npos || tag + 1 >= s.size()) {
                    tag = std::string_view::npos;
                    break;
                }
                char c = s[tag + 1];
                if (c == '{' || c == '%' || c == '#') {
                    kind = c;
                    break;
                }
                ++tag;
            }
            if (tag == std::string_view::npos) {
                emit_data(s.substr(pos), line_of(pos));
                break;
            }
            char sign = 0;
            std::size_t after = tag + 2;
            if (after < s.size() && (s[after] == '-' || s[after] == '+')) sign = s[after++];
            // raw block?
            bool raw = false;
            std::size_t raw_end = 0;
            if (kind == '%') {
                std::size_t p = skip_spaces(s, after);
                if (s.substr(p, 3) == "raw") {
                    p = skip_spaces(s, p + 3);
                    if (s.substr(p, 3) == "-%}") {
                        raw = true;
                        raw_end = skip_spaces(s, p + 3);
                    } else if (s.substr(p, 2) == "%}") {
                        raw = true;
                        raw_end = p + 2;
                    }
                }
            }
            std::string_view text = s.substr(pos, tag - pos);
            std::string stripped;
            if (sign == '-') {
                stripped = pystr::rstrip(text);
                text = stripped;
            } else if (sign != '+' && opt_.lstrip_blocks && kind != '{') {
                std::size_t nl = text.rfind('\n');
                std::size_t l_pos = nl == std::string_view::npos ? 0 : nl + 1;
                if ((l_pos > 0 || line_starting) && all_space(text.substr(l_pos))) text = text.substr(0, l_pos);
            }
            emit_data(text, line_of(pos));
            if (raw) {
                pos = lex_raw(s, raw_end, line_starting);
                continue;
            }
            if (kind == '#') {
                pos = lex_comment(s, after, tag, line_starting);
                continue;
            }
            tokens_.push_back({kind == '{' ? Tok::VariableBegin : Tok::BlockBegin, std::string(s.substr(tag, after - tag)),
                               line_of(tag)});
            pos = lex_tag(s, after, kind == '{', line_starting);
        }
        tokens_.push_back({Tok::Eof, "", line_of(s.size())});
        return std::move(tokens_);
    }

private:
    int line_of(std::size_t pos) {
        // Incremental: positions are requested in increasing order mostly.
        if (pos < line_pos_) {
            line_pos_ = 0;
            line_ = 1;
        }
        for (; line_pos_ < pos && line_pos_ < src_.size(); ++line_pos_)
            if (src_[line_pos_] == '\n') ++line_;
        return line_;
    }

    [[noreturn]] void fail(const std::string& msg, int lineno) { throw TemplateSyntaxError(msg, name_, lineno); }

    void emit_data(std::string_view text, int lineno) {
        if (!text.empty()) tokens_.push_back({Tok::Data, std::string(text), lineno});
    }

    std::size_t lex_comment(std::string_view s, std::size_t pos, std::size_t start, bool& line_starting) {
        std::size_t p = pos;
        while (true) {
            std::size_t end = s.find("#}", p);
            if (end == std::string_view::npos) fail("Missing end of comment tag", line_of(start));
            // The lazy regex stops at the first of: +#}  -#}\s*  #}\n?
            if (end > pos && s[end - 1] == '-') {
                std::size_t q = skip_spaces(s, end + 2);
                line_starting = q > 0 && s[q - 1] == '\n';
                return q;
            }
            if (end > pos && s[end - 1] == '+') {
                line_starting = false;
                return end + 2;
            }
            std::size_t q = end + 2;
            if (opt_.trim_blocks && q < s.size() && s[q] == '\n') ++q;
            line_starting = s[q - 1] == '\n';
            return q;
        }
    }

    std::size_t lex_raw(std::string_view s, std::size_t pos, bool& line_starting) {
        int start_line = line_of(pos);
        std::size_t p = pos;
        while (true) {
            std::size_t tag = s.find("{%", p);
            if (tag == std::string_view::npos) fail("Missing end of raw directive", start_line);
            std::size_t q = tag + 2;
            char sign = 0;
            if (q < s.size() && (s[q] == '-' || s[q] == '+')) sign = s[q++];
            q = skip_spaces(s, q);
            if (s.substr(q, 6) != "endraw") {
                p = tag + 2;
                continue;
            }
            q = skip_spaces(s, q + 6);
            std::size_t end;
            if (s.substr(q, 3) == "+%}") {
                end = q + 3;
            } else if (s.substr(q, 3) == "-%}") {
                end = skip_spaces(s, q + 3);
            } else if (s.substr(q, 2) == "%}") {
                end = q + 2;
                if (opt_.trim_blocks && end < s.size() && s[end] == '\n') ++end;
            } else {
                p = tag + 2;
                continue;
            }
            std::string_view text = s.substr(pos, tag - pos);
            std::string stripped;
            if (sign == '-') {
                stripped = pystr::rstrip(text);
                text = stripped;
            } else if (sign != '+' && opt_.lstrip_blocks) {
                std::size_t nl = text.rfind('\n');
                std::size_t l_pos = nl == std::string_view::npos ? 0 : nl + 1;
                if ((l_pos > 0 || line_starting) && all_space(text.substr(l_pos))) text = text.substr(0, l_pos);
            }
            emit_data(text, start_line);
            line_starting = s[end - 1] == '\n';
            return end;
        }
    }

    std::size_t lex_tag(std::string_view s, std::size_t pos, bool variable, bool& line_starting) {
        std::vector<char> balance;
        while (true) {
            if (pos >= s.size()) return pos;  // the parser reports the missing end
            // end of tag (only when brackets are balanced)
            if (balance.empty()) {
                std::string_view end = variable ? std::string_view("}}") : std::string_view("%}");
                if (!variable && s.substr(pos, 3) == "+%}") {
                    tokens_.push_back({Tok::BlockEnd, "+%}", line_of(pos)});
                    line_starting = false;
                    return pos + 3;
                }
                if (s[pos] == '-' && s.substr(pos + 1, 2) == end) {
                    tokens_.push_back({variable ? Tok::VariableEnd : Tok::BlockEnd, "-", line_of(pos)});
                    std::size_t q = skip_spaces(s, pos + 3);
                    line_starting = s[q - 1] == '\n';
                    return q;
                }
                if (s.substr(pos, 2) == end) {
                    tokens_.push_back({variable ? Tok::VariableEnd : Tok::BlockEnd, "", line_of(pos)});
                    std::size_t q = pos + 2;
                    if (!variable && opt_.trim_blocks && q < s.size() && s[q] == '\n') ++q;
                    line_starting = s[q - 1] == '\n';
                    return q;
                }
            }
            std::size_t sp = skip_spaces(s, pos);
            if (sp != pos) {
                pos = sp;
                continue;
            }
            int lineno = line_of(pos);
            unsigned char c = static_cast<unsigned char>(s[pos]);
            if (is_digit(static_cast<char>(c))) {
                pos = lex_number(s, pos, lineno);
                continue;
            }
            if (is_ident_start(c)) {
                std::size_t e = pos;
                while (e < s.size() && is_ident_char(static_cast<unsigned char>(s[e]))) ++e;
                tokens_.push_back({Tok::Name, std::string(s.substr(pos, e - pos)), lineno});
                pos = e;
                continue;
            }
            if (c == '\'' || c == '"') {
                pos = lex_string(s, pos, lineno);
                continue;
            }
            static const char* const ops2[] = {"//", "**", "==", "!=", ">=", "<="};
            std::string op;
            for (const char* o : ops2)
                if (s.substr(pos, 2) == o) op = o;
            if (op.empty() && std::strchr("+-/*%~[](){}><=.:|,;", static_cast<char>(c)) && c) op = std::string(1, static_cast<char>(c));
            if (op.empty()) {
                std::size_t p2 = pos;
                char32_t cp = pystr::decode_utf8(s, p2);
                std::string ch;
                pystr::append_utf8(ch, cp);
                fail("unexpected char " + string_repr(ch) + " at " + std::to_string(pystr::length(s.substr(0, pos))), lineno);
            }
            if (op == "{" || op == "(" || op == "[") {
                balance.push_back(op == "{" ? '}' : op == "(" ? ')' : ']');
            } else if (op == "}" || op == ")" || op == "]") {
                if (balance.empty()) fail("unexpected '" + op + "'", lineno);
                char expected = balance.back();
                balance.pop_back();
                if (expected != op[0]) fail("unexpected '" + op + "', expected '" + std::string(1, expected) + "'", lineno);
            }
            tokens_.push_back({Tok::Operator, op, lineno});
            pos += op.size();
        }
    }

    // digits with single underscores between them
    static std::size_t digits(std::string_view s, std::size_t pos, bool (*ok)(char)) {
        std::size_t p = pos;
        if (p >= s.size() || !ok(s[p])) return pos;
        ++p;
        while (p < s.size()) {
            if (ok(s[p])) {
                ++p;
            } else if (s[p] == '_' && p + 1 < s.size() && ok(s[p + 1])) {
                p += 2;
            } else {
                break;
            }
        }
        return p;
    }

    std::size_t lex_number(std::string_view s, std::size_t pos, int lineno) {
        auto dec = [](char c) { return c >= '0' && c <= '9'; };
        // float first: digits ( (.digits)? e[+-]?digits | .digits )
        bool after_dot = pos > 0 && s[pos - 1] == '.';
        if (!after_dot) {
            std::size_t p = digits(s, pos, dec);
            std::size_t q = p;
            bool frac = false;
            if (q < s.size() && s[q] == '.') {
                std::size_t r = digits(s, q + 1, dec);
                if (r > q + 1) {
                    q = r;
                    frac = true;
                }
            }
            std::size_t e = q;
            bool expo = false;
            if (e < s.size() && (s[e] == 'e' || s[e] == 'E')) {
                std::size_t r = e + 1;
                if (r < s.size() && (s[r] == '+' || s[r] == '-')) ++r;
                std::size_t t = digits(s, r, dec);
                if (t > r) {
                    e = t;
                    expo = true;
                }
            }
            if (expo || frac) {
                std::size_t end = expo ? e : q;
                tokens_.push_back({Tok::Float, std::string(s.substr(pos, end - pos)), lineno});
                return end;
            }
        }
        auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
        auto oct = [](char c) { return c >= '0' && c <= '7'; };
        auto bin = [](char c) { return c == '0' || c == '1'; };
        if (s[pos] == '0' && pos + 1 < s.size()) {
            char k = static_cast<char>(s[pos + 1] | 0x20);
            bool (*ok)(char) = k == 'x' ? +hex : k == 'o' ? +oct : k == 'b' ? +bin : nullptr;
            if (ok) {
                std::size_t p = pos + 2;
                if (p < s.size() && s[p] == '_') ++p;
                std::size_t e = digits(s, p, ok);
                if (e > p) {
                    tokens_.push_back({Tok::Integer, std::string(s.substr(pos, e - pos)), lineno});
                    return e;
                }
            }
        }
        std::size_t e;
        if (s[pos] == '0') {
            e = digits(s, pos, [](char c) { return c == '0'; });
        } else {
            e = digits(s, pos, dec);
        }
        tokens_.push_back({Tok::Integer, std::string(s.substr(pos, e - pos)), lineno});
        return e;
    }

    std::size_t lex_string(std::string_view s, std::size_t pos, int lineno) {
        char q = s[pos];
        std::size_t p = pos + 1;
        while (p < s.size() && s[p] != q) {
            if (s[p] == '\\') ++p;
            ++p;
        }
        if (p >= s.size()) {
            fail("unexpected char " + string_repr(std::string(1, q)) + " at " +
                     std::to_string(pystr::length(s.substr(0, pos))),
                 lineno);
        }
        std::string_view body = s.substr(pos + 1, p - pos - 1);
        tokens_.push_back({Tok::String, unescape(body, lineno), lineno});
        return p + 1;
    }

    std::string unescape(std::string_view b, int lineno) {
        std::string out;
        out.reserve(b.size());
        for (std::size_t i = 0; i < b.size(); ++i) {
            char c = b[i];
            if (c != '\\' || i + 1 >= b.size()) {
                out += c;
                continue;
            }
            char n = b[++i];
            auto hexval = [&](std::size_t count, const char* what) {
                char32_t v = 0;
                for (std::size_t k = 0; k < count; ++k) {
                    std::size_t j = i + 1 + k;
                    if (j >= b.size() || !std::isxdigit(static_cast<unsigned char>(b[j])))
                        fail(std::string("truncated ") + what + " escape", lineno);
                    char h = b[j];
                    v = v * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                }
                i += count;
                return v;
            };
            switch (n) {
                case '\n': break;
                case '\\': out += '\\'; break;
                case '\'': out += '\''; break;
                case '"': out += '"'; break;
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'v': out += '\v'; break;
                case 'x': pystr::append_utf8(out, hexval(2, "\\xXX")); break;
                case 'u': pystr::append_utf8(out, hexval(4, "\\uXXXX")); break;
                case 'N': {
                    std::size_t close = b.find('}', i + 1);
                    if (i + 1 >= b.size() || b[i + 1] != '{' || close == std::string_view::npos || close == i + 2)
                        fail("malformed \\N character escape", lineno);
                    auto v = pystr::lookup_name(b.substr(i + 2, close - i - 2));
                    if (!v) fail("unknown Unicode character name", lineno);
                    pystr::append_utf8(out, *v);
                    i = close;
                    break;
                }
                case 'U': {
                    char32_t v = hexval(8, "\\UXXXXXXXX");
                    if (v > 0x10FFFF) fail("illegal Unicode character", lineno);
                    pystr::append_utf8(out, v);
                    break;
                }
                default:
                    if (n >= '0' && n <= '7') {
                        char32_t v = static_cast<char32_t>(n - '0');
                        for (int k = 0; k < 2 && i + 1 < b.size() && b[i + 1] >= '0' && b[i + 1] <= '7'; ++k)
                            v = v * 8 + static_cast<char32_t>(b[++i] - '0');
                        pystr::append_utf8(out, v);
                    } else {
                        out += '\\';
                        out += n;
                    }
            }
        }
        return out;
    }

    std::string src_;
    const std::string& name_;
    LexOptions opt_;
    std::vector<Token> tokens_;
    std::size_t line_pos_ = 0;
    int line_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, const std::string& name, const LexOptions& options) {
    return Lexer(source, name, options).run();
}

std::string describe_token(const Token& t) {
    switch (t.type) {
        case Tok::Name:
        case Tok::Operator: return t.value;
        case Tok::Data: return "template data / text";
        case Tok::VariableBegin: return "begin of print statement";
        case Tok::VariableEnd: return "end of print statement";
        case Tok::BlockBegin: return "begin of statement block";
        case Tok::BlockEnd: return "end of statement block";
        case Tok::String: return "string";
        case Tok::Integer: return "integer";
        case Tok::Float: return "float";
        case Tok::Eof: return "end of template";
    }
    return "?";
}

}  // namespace jinja::detail
