// `fmt % args`: printf-style formatting as Python's str.__mod__ does it.
#include <cctype>
#include <cmath>
#include <cstdio>

#include "jinja/pyformat.hpp"
#include "jinja/pystr.hpp"
#include "pyformat_impl.hpp"

namespace jinja {

namespace {

using detail::Spec;

// Python treats anything subscriptable except str/tuple as the mapping of
// `%(key)s`; in our value model that is dicts, lists and bytes.
bool is_mapping(const Value& v) { return v.is_dict() || (v.is_list() && !v.is_tuple()) || v.is_bytes(); }

// The argument cursor: a tuple yields its items, anything else is one
// argument.  After `%(key)`, the looked-up value is the (single) argument.
class Cursor {
public:
    explicit Cursor(const Value& args) : args_(args) {
        if (args.is_tuple()) items_ = &args.as_list();
        if (is_mapping(args)) mapping_ = &args;
    }
    Cursor(const Value& none, const List& items) : args_(none), items_(&items) {}

    Value next() {
        if (items_) {
            if (index_ >= items_->size()) throw TypeError("not enough arguments for format string");
            return (*items_)[index_++];
        }
        if (single_used_) throw TypeError("not enough arguments for format string");
        single_used_ = true;
        return single_ ? *single_ : args_;
    }

    void select_key(std::string_view key) {
        if (!mapping_) throw TypeError("format requires a mapping");
        const Value& m = *mapping_;
        if (m.is_dict()) {
            const Value* v = m.as_dict().find(key);
            if (!v) throw KeyError(string_repr(key));
            keyed_ = *v;
        } else {
            throw TypeError(std::string(m.type_name()) + " indices must be integers or slices, not str");
        }
        single_ = &keyed_;
        single_used_ = false;
        items_ = nullptr;
    }

    void check_all_used() const {
        if (mapping_) return;
        bool unused = items_ ? index_ < items_->size() : !single_used_;
        if (unused) throw TypeError("not all arguments converted during string formatting");
    }

private:
    const Value& args_;
    const List* items_ = nullptr;
    const Value* mapping_ = nullptr;
    std::size_t index_ = 0;
    bool single_used_ = false;
    Value keyed_;
    const Value* single_ = nullptr;
};

std::string type_for_error(const Value& v, const PercentHooks* hooks) {
    return hooks && hooks->wrapped ? hooks->wrapper_name : std::string(v.type_name());
}

std::int64_t integer_argument(const Value& v, char conv, const PercentHooks* hooks) {
    bool wrapped = hooks && hooks->wrapped;
    bool index_only = conv == 'x' || conv == 'X' || conv == 'o';
    if (!wrapped && (v.is_int() || v.is_bool())) return v.as_int();
    if (index_only) {
        throw TypeError(std::string("%") + conv + " format: an integer is required, not " + type_for_error(v, hooks));
    }
    // %d accepts anything int() takes: real numbers, and for the MarkupSafe
    // helper (which defines __int__) also strings.
    if (v.is_number() || v.is_bool() || (wrapped && v.is_string())) return python_int(v);
    throw TypeError(std::string("%") + conv + " format: a real number is required, not " + type_for_error(v, hooks));
}

double float_argument(const Value& v, const PercentHooks* hooks) {
    bool wrapped = hooks && hooks->wrapped;
    if (v.is_number() || v.is_bool() || (wrapped && v.is_string())) return python_float(v);
    throw TypeError("must be real number, not " + type_for_error(v, hooks));
}

std::string char_argument(const Value& v, const PercentHooks* hooks) {
    if (!(hooks && hooks->wrapped)) {
        if (v.is_int() || v.is_bool()) {
            std::int64_t code = v.as_int();
            if (code < 0 || code > 0x10FFFF) throw ValueError("%c arg not in range(0x110000)");
            std::string out;
            pystr::append_utf8(out, static_cast<char32_t>(code));
            return out;
        }
        if (v.is_string() && pystr::length(v.as_string()) == 1) return v.as_string();
    }
    throw TypeError("%c requires int or char");
}

std::int64_t star_argument(Cursor& cursor, const PercentHooks* hooks) {
    Value v = cursor.next();
    // MarkupSafe's wrapped arguments are never ints, so '*' always fails there.
    if ((hooks && hooks->wrapped) || (!v.is_int() && !v.is_bool())) throw TypeError("* wants int");
    return v.as_int();
}

}  // namespace

namespace {
std::string percent_format_with(std::string_view fmt, Cursor& cursor, const PercentHooks* hooks);
}  // namespace

std::string percent_format(std::string_view fmt, const Value& args, const PercentHooks* hooks) {
    Cursor cursor(args);
    return percent_format_with(fmt, cursor, hooks);
}

std::string percent_format_items(std::string_view fmt, const List& items) {
    static const Value none;
    Cursor cursor(none, items);
    return percent_format_with(fmt, cursor, nullptr);
}

namespace {
std::string percent_format_with(std::string_view fmt, Cursor& cursor, const PercentHooks* hooks) {
    std::string out;
    out.reserve(fmt.size() + 16);
    std::size_t i = 0;
    while (i < fmt.size()) {
        std::size_t pct = fmt.find('%', i);
        if (pct == std::string_view::npos) {
            out.append(fmt.substr(i));
            break;
        }
        out.append(fmt.substr(i, pct - i));
        i = pct + 1;
        if (i < fmt.size() && fmt[i] == '%') {
            out += '%';
            ++i;
            continue;
        }
        if (i < fmt.size() && fmt[i] == '(') {
            // Mapping key; parentheses may nest.
            int depth = 1;
            std::size_t start = ++i;
            while (i < fmt.size() && depth > 0) {
                if (fmt[i] == '(') ++depth;
                else if (fmt[i] == ')') --depth;
                ++i;
            }
            if (depth > 0) throw ValueError("incomplete format key");
            cursor.select_key(fmt.substr(start, i - 1 - start));
        }
        bool left = false, zero = false, alternate = false;
        char sign = 0;
        for (; i < fmt.size(); ++i) {
            char f = fmt[i];
            if (f == '-') left = true;
            else if (f == '0') zero = true;
            else if (f == '#') alternate = true;
            else if (f == '+') sign = '+';
            else if (f == ' ') sign = sign ? sign : ' ';
            else break;
        }
        std::int64_t width = -1, precision = -1;
        auto read_number = [&](std::int64_t& target) {
            if (i < fmt.size() && fmt[i] == '*') {
                ++i;
                target = star_argument(cursor, hooks);
                return;
            }
            if (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) {
                target = 0;
                while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) {
                    if (target > 100000000) throw ValueError("width too big");
                    target = target * 10 + (fmt[i++] - '0');
                }
            }
        };
        read_number(width);
        if (width < -1) {  // "*" with a negative value means left-aligned
            left = true;
            width = -width;
        }
        if (i < fmt.size() && fmt[i] == '.') {
            ++i;
            precision = 0;
            read_number(precision);
            if (precision < 0) precision = 0;
        }
        while (i < fmt.size() && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) ++i;
        if (i >= fmt.size()) throw ValueError("incomplete format");
        char conv = fmt[i++];

        Spec spec;
        spec.width = width;
        spec.sign = sign;
        spec.alternate = alternate;
        if (left) spec.align = '<';
        bool numeric = std::string_view("diuxXoeEfFgG").find(conv) != std::string_view::npos;
        if (zero && !left && numeric) {
            spec.fill = "0";
            spec.align = '=';
        }
        switch (conv) {
            case 's':
            case 'r':
            case 'a': {
                Value v = cursor.next();
                std::string text;
                if (conv == 's') text = hooks && hooks->str ? hooks->str(v) : v.str();
                else text = hooks && hooks->repr ? hooks->repr(v) : v.repr();
                if (conv == 'a') text = pystr::ascii_escape(text);
                if (precision >= 0) text = std::string(pystr::slice(text, 0, precision));
                out += detail::pad_text(text, spec, '>');
                break;
            }
            case 'c': out += detail::pad_text(char_argument(cursor.next(), hooks), spec, '>'); break;
            case 'd':
            case 'i':
            case 'u': {
                Value v = cursor.next();
                if (v.is_float() && std::isfinite(v.as_float()) && std::fabs(v.as_float()) >= 9.2e18) {
                    // Beyond int64: Python's int(x) is the double's exact
                    // integer value, which "%.0f" prints exactly.
                    char digits[400];
                    std::snprintf(digits, sizeof digits, "%.0f", std::fabs(v.as_float()));
                    out += detail::layout_number(v.as_float() < 0, "", digits, "", spec, 3, true);
                    break;
                }
                out += detail::format_int(integer_argument(v, 'd', hooks), spec, 'd', precision);
                break;
            }
            case 'x':
            case 'X':
            case 'o': out += detail::format_int(integer_argument(cursor.next(), conv, hooks), spec, conv, precision); break;
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G': {
                spec.precision = precision < 0 ? 6 : precision;
                out += detail::format_float(float_argument(cursor.next(), hooks), spec, conv);
                break;
            }
            default: {
                // Even for an unknown conversion CPython first takes its argument.
                if (conv == '%') cursor.next();
                char buf[96];
                std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu",
                              conv, static_cast<unsigned>(static_cast<unsigned char>(conv)), i - 1);
                throw ValueError(buf);
            }
        }
    }
    cursor.check_all_used();
    return out;
}
}  // namespace

}  // namespace jinja
