#include "compiler.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "bigint.hpp"
#include "jinja/markup.hpp"

namespace jinja::detail {

namespace {

bool safe_literal(const Value& v, int depth = 0) {
    if (depth > 50) return false;
    switch (v.kind()) {
        case Value::Kind::None:
        case Value::Kind::Bool:
        case Value::Kind::Int:
        case Value::Kind::Float:
        case Value::Kind::String: return true;
        case Value::Kind::List:
            for (const auto& i : v.as_list())
                if (!safe_literal(i, depth + 1)) return false;
            return true;
        case Value::Kind::Dict:
            for (const auto& [k, x] : v.as_dict())
                if (!safe_literal(k, depth + 1) || !safe_literal(x, depth + 1)) return false;
            return true;
        case Value::Kind::Object: return is_bigint(v);
        default: return false;
    }
}

}  // namespace

ExprPtr fold_constant(ExprPtr e, const Environment& env, bool autoescape) {
    if (e->is_const()) return e;
    Frame f;
    f.env = &env;
    f.folding = true;
    f.autoescape = autoescape;
    try {
        Value v = e->eval(f);
        if (!safe_literal(v)) return e;
        return std::make_unique<ConstExpr>(std::move(v), e->lineno);
    } catch (...) {
        return e;
    }
}

Value parse_int_literal(std::string_view digits, int base, int) {
    std::int64_t v = 0;
    auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (res.ec == std::errc() && res.ptr == digits.data() + digits.size()) return Value(v);
    return int_value(BigInt::from_string(digits, base));
}

void append_output(std::string& out, const Value& v, bool autoescape) {
    switch (v.kind()) {
        case Value::Kind::String:
            if (autoescape && !v.is_markup()) {
                escape_html_to(out, v.as_string());
            } else {
                out += v.as_string();
            }
            return;
        case Value::Kind::Int: {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
            out.append(buf, static_cast<std::size_t>(r.ptr - buf));  // (ptr, size): the iterator-pair overload goes through _M_replace
            return;
        }
        case Value::Kind::Float: {
            // repr() without the temporary string: digits, '.', '-', 'e', '+',
            // "inf" and "nan" never need escaping.
            const double x = v.as_float();
            if (double a = std::fabs(x); a >= 1e-4 && a < 1e16) {
                char buf[64];
                auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
                out.append(buf, static_cast<std::size_t>(r.ptr - buf));
                if (std::find(buf, r.ptr, '.') == r.ptr) out += ".0";
            } else {
                out += float_repr(x);
            }
            return;
        }
        case Value::Kind::Undefined: {
            UndefKind k = undefined_kind(v, UndefKind::Default);
            if (k == UndefKind::Strict) raise_undefined(v);
            if (k == UndefKind::Debug) {
                std::string n = undefined_plain_name(v);
                std::string text = n.empty() ? "" : "{{ " + n + " }}";
                if (autoescape) escape_html_to(out, text); else out += text;
            }
            return;
        }
        case Value::Kind::Object:
            if (autoescape) {
                if (auto h = v.as_object().html()) {
                    out += *h;
                    return;
                }
            }
            [[fallthrough]];
        default:
            if (autoescape) {
                escape_html_to(out, v.str());
            } else {
                out += v.str();
            }
    }
}

std::string output_text(const Value& v, bool autoescape) {
    std::string out;
    append_output(out, v, autoescape);
    return out;
}

}  // namespace jinja::detail
