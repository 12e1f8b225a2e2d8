#include "jinja/value.hpp"

#include "jinja/pystr.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace jinja {

namespace {

struct UndefinedName {
    std::string name;
};

const std::string& empty_string() {
    static const std::string empty;
    return empty;
}

[[noreturn]] void type_error(std::string_view wanted, const Value& got) {
    throw TypeError("expected " + std::string(wanted) + ", got '" + std::string(got.type_name()) + "'");
}

}  // namespace

Value::Value(std::string s) : kind_(Kind::String), ref_(std::make_shared<std::string>(std::move(s))) {
    scalar_.i = static_cast<std::int64_t>(str_tag(*static_cast<const std::string*>(ref_.get())));
}
Value::Value(List list) : kind_(Kind::List), ref_(std::make_shared<List>(std::move(list))) {}
Value::Value(Dict dict) : kind_(Kind::Dict), ref_(std::make_shared<Dict>(std::move(dict))) {}
Value::Value(std::shared_ptr<Object> object) : kind_(object ? Kind::Object : Kind::None), ref_(std::move(object)) {}

Value Value::undefined(std::string name) {
    Value v;
    v.kind_ = Kind::Undefined;
    if (!name.empty()) v.ref_ = std::make_shared<UndefinedName>(UndefinedName{std::move(name)});
    return v;
}

Value Value::markup(std::string html) {
    Value v(std::move(html));
    v.flag_ = true;
    return v;
}

Value Value::bytes(std::string data) {
    Value v(std::move(data));
    v.kind_ = Kind::Bytes;
    return v;
}

Value Value::tuple(List items) {
    Value v(std::move(items));
    v.flag_ = true;
    return v;
}

bool Value::as_bool() const {
    if (kind_ != Kind::Bool) type_error("bool", *this);
    return scalar_.b;
}

std::int64_t Value::as_int() const {
    if (kind_ == Kind::Int) return scalar_.i;
    if (kind_ == Kind::Bool) return scalar_.b ? 1 : 0;
    type_error("int", *this);
}

double Value::as_float() const {
    if (kind_ == Kind::Float) return scalar_.f;
    if (kind_ == Kind::Int) return static_cast<double>(scalar_.i);
    if (kind_ == Kind::Bool) return scalar_.b ? 1.0 : 0.0;
    type_error("float", *this);
}

void Value::throw_type_error(std::string_view wanted) const { type_error(wanted, *this); }

std::shared_ptr<Object> Value::object_ptr() const {
    // ref_ owns the Object through shared_ptr<void>; alias it with its real type.
    return std::shared_ptr<Object>(ref_, &as_object());
}

const std::string& Value::undefined_name() const {
    if (kind_ != Kind::Undefined || !ref_) return empty_string();
    return static_cast<const UndefinedName*>(ref_.get())->name;
}

std::string_view Value::type_name() const {
    switch (kind_) {
        case Kind::Undefined: return "Undefined";
        case Kind::None: return "NoneType";
        case Kind::Bool: return "bool";
        case Kind::Int: return "int";
        case Kind::Float: return "float";
        case Kind::String: return flag_ ? "Markup" : "str";
        case Kind::Bytes: return "bytes";
        case Kind::List: return flag_ ? "tuple" : "list";
        case Kind::Dict: return "dict";
        case Kind::Object: return as_object().type_name();
    }
    return "object";
}

bool Value::truthy() const {
    switch (kind_) {
        case Kind::Undefined:
        case Kind::None: return false;
        case Kind::Bool: return scalar_.b;
        case Kind::Int: return scalar_.i != 0;
        case Kind::Float: return scalar_.f != 0.0;
        case Kind::String:
        case Kind::Bytes: return !as_string().empty();
        case Kind::List: return !as_list().empty();
        case Kind::Dict: return !as_dict().empty();
        case Kind::Object: return as_object().truthy();
    }
    return false;
}

std::string float_repr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (value == 0.0) return std::signbit(value) ? "-0.0" : "0.0";
    if (double a = std::fabs(value); a >= 1e-4 && a < 1e16) {
        // Python lays these out positionally; the shortest round-trip digits
        // in fixed notation are those digits, short of the ".0" of integers.
        char buf[64];
        auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
        std::string out(buf, res.ptr);
        if (out.find('.') == std::string::npos) out += ".0";
        return out;
    }
    // Shortest round-trip digits in scientific form, then laid out by Python's
    // repr rule: positional when -4 <= exponent < 16, scientific otherwise.
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    auto epos = sci.find('e');
    int exponent = std::stoi(sci.substr(epos + 1));
    std::string digits;
    for (char c : sci.substr(0, epos))
        if (c != '.') digits += c;
    std::string out = negative ? "-" : "";
    if (exponent >= -5 + 1 && exponent < 16) {
        if (exponent < 0) {
            out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
        } else if (static_cast<std::size_t>(exponent) + 1 >= digits.size()) {
            out += digits + std::string(static_cast<std::size_t>(exponent) + 1 - digits.size(), '0') + ".0";
        } else {
            out += digits.substr(0, static_cast<std::size_t>(exponent) + 1) + "." +
                   digits.substr(static_cast<std::size_t>(exponent) + 1);
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp;
}

std::string string_repr(std::string_view text) {
    // Python prefers single quotes unless the text holds ' and no ".
    bool has_single = text.find('\'') != std::string_view::npos;
    bool has_double = text.find('"') != std::string_view::npos;
    char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (std::size_t pos = 0; pos < text.size();) {
        auto c = static_cast<unsigned char>(text[pos]);
        if (c >= 0x80) {
            // Python escapes what str.isprintable() rejects: \xNN, \uNNNN, \UNNNNNNNN.
            std::size_t start = pos;
            char32_t cp = pystr::decode_utf8(text, pos);
            if (pystr::is_printable(cp)) {
                out.append(text.substr(start, pos - start));
            } else {
                char hex[12];
                if (cp < 0x100) std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(cp));
                else if (cp < 0x10000) std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned>(cp));
                else std::snprintf(hex, sizeof hex, "\\U%08x", static_cast<unsigned>(cp));
                out += hex;
            }
            continue;
        }
        ++pos;
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c == static_cast<unsigned char>(quote)) {
                    out += '\\';
                    out += static_cast<char>(c);
                } else if (c < 0x20 || c == 0x7f) {
                    char hex[8];
                    std::snprintf(hex, sizeof hex, "\\x%02x", c);
                    out += hex;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += quote;
    return out;
}

namespace {

std::string bytes_repr(std::string_view data) {
    bool has_single = data.find('\'') != std::string_view::npos;
    bool has_double = data.find('"') != std::string_view::npos;
    char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out = "b";
    out += quote;
    for (unsigned char c : data) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c == static_cast<unsigned char>(quote)) { out += '\\'; out += static_cast<char>(c); }
        else if (c < 0x20 || c >= 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else out += static_cast<char>(c);
    }
    out += quote;
    return out;
}

}  // namespace

std::string Value::str() const {
    switch (kind_) {
        case Kind::Undefined: return "";
        case Kind::String: return as_string();
        case Kind::Object: return as_object().str();
        default: return repr();
    }
}

std::string Value::repr() const {
    switch (kind_) {
        case Kind::Undefined: return "Undefined";
        case Kind::None: return "None";
        case Kind::Bool: return scalar_.b ? "True" : "False";
        case Kind::Int: return std::to_string(scalar_.i);
        case Kind::Float: return float_repr(scalar_.f);
        case Kind::String: return flag_ ? "Markup(" + string_repr(as_string()) + ")" : string_repr(as_string());
        case Kind::Bytes: return bytes_repr(as_string());
        case Kind::List: {
            const List& items = as_list();
            std::string out = flag_ ? "(" : "[";
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += ", ";
                out += items[i].repr();
            }
            if (flag_ && items.size() == 1) out += ",";
            out += flag_ ? ")" : "]";
            return out;
        }
        case Kind::Dict: {
            std::string out = "{";
            bool first = true;
            for (const auto& [k, v] : as_dict()) {
                if (!first) out += ", ";
                first = false;
                out += k.repr() + ": " + v.repr();
            }
            return out + "}";
        }
        case Kind::Object: return as_object().repr();
    }
    return "";
}

bool operator==(const Value& a, const Value& b) {
    using K = Value::Kind;
    auto numeric = [](K k) { return k == K::Bool || k == K::Int || k == K::Float; };
    if (numeric(a.kind_) && numeric(b.kind_)) {
        if (a.kind_ == K::Float || b.kind_ == K::Float) return a.as_float() == b.as_float();
        return a.as_int() == b.as_int();
    }
    if (a.kind_ != b.kind_) return false;
    switch (a.kind_) {
        case K::Undefined:
        case K::None: return true;
        case K::String:
        case K::Bytes: return a.as_string() == b.as_string();
        case K::List: {
            if (a.flag_ != b.flag_) return false;
            return a.ref_ == b.ref_ || a.as_list() == b.as_list();
        }
        case K::Dict: {
            const Dict& x = a.as_dict();
            const Dict& y = b.as_dict();
            if (x.size() != y.size()) return false;
            for (const auto& [k, v] : x) {
                const Value* other = y.find(k);
                if (!other || !(*other == v)) return false;
            }
            return true;
        }
        case K::Object: return a.ref_ == b.ref_ || a.as_object().equals(b.as_object());
        default: return false;
    }
}

Value& Value::operator[](std::string_view key) { return as_dict()[key]; }

const Value& Value::at(std::string_view key) const {
    const Value* v = as_dict().find(key);
    if (!v) throw KeyError(string_repr(key));
    return *v;
}

const Value& Value::at(std::size_t index) const {
    const List& items = as_list();
    if (index >= items.size()) throw IndexError("list index out of range");
    return items[index];
}

Value Value::get(std::string_view key, Value fallback) const {
    if (kind_ != Kind::Dict) return fallback;
    const Value* v = as_dict().find(key);
    return v ? *v : fallback;
}

bool Value::contains(const Value& key) const {
    switch (kind_) {
        case Kind::Dict: return as_dict().contains(key);
        case Kind::List:
            for (const auto& item : as_list())
                if (item == key) return true;
            return false;
        case Kind::String:
        case Kind::Bytes:
            if (!key.is_string() && !key.is_bytes()) throw TypeError("'in <string>' requires string as left operand");
            return as_string().find(key.as_string()) != std::string::npos;
        default: throw TypeError("argument of type '" + std::string(type_name()) + "' is not iterable");
    }
}

std::size_t Value::size() const {
    switch (kind_) {
        case Kind::String: {
            // len() counts code points, not bytes.
            std::size_t n = 0;
            for (unsigned char c : as_string())
                if ((c & 0xC0) != 0x80) ++n;
            return n;
        }
        case Kind::Bytes: return as_string().size();
        case Kind::List: return as_list().size();
        case Kind::Dict: return as_dict().size();
        default: throw TypeError("object of type '" + std::string(type_name()) + "' has no len()");
    }
}

// ---- Dict ------------------------------------------------------------------

Dict::Dict(std::initializer_list<std::pair<std::string_view, Value>> items) {
    items_.reserve(items.size());
    for (const auto& [k, v] : items) set(Value(k), v);
}

Value* Dict::find(const Value& key) {
    if (key.is_string()) return find(std::string_view(key.as_string()));
    for (auto& [k, v] : items_)
        if (k == key) return &v;
    return nullptr;
}

const Value* Dict::find(const Value& key) const { return const_cast<Dict*>(this)->find(key); }

Value* Dict::find(std::string_view key) {
    // Tags first: most keys are ruled out without reading their text.
    const std::uint64_t tag = Value::str_tag(key);
    for (auto& [k, v] : items_) {
        if (!k.is_string() || k.text_tag() != tag) continue;
        if (key.size() <= 7) return &v;
        const std::string& s = k.as_string();
        if (s.size() == key.size() && std::memcmp(s.data(), key.data(), key.size()) == 0) return &v;
    }
    return nullptr;
}

const Value* Dict::find(std::string_view key) const { return const_cast<Dict*>(this)->find(key); }

void Dict::set(Value key, Value value) {
    if (Value* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    items_.emplace_back(std::move(key), std::move(value));
}

Value& Dict::operator[](std::string_view key) {
    if (Value* existing = find(key)) return *existing;
    items_.emplace_back(Value(key), Value());
    return items_.back().second;
}

bool Dict::erase(const Value& key) {
    for (auto it = items_.begin(); it != items_.end(); ++it) {
        if (it->first == key) {
            items_.erase(it);
            return true;
        }
    }
    return false;
}

// ---- Object ----------------------------------------------------------------

std::string Object::repr() const { return "<" + std::string(type_name()) + " object>"; }
Value Object::get_attr(std::string_view name) const { return Value::undefined(std::string(name)); }
Value Object::get_item(const Value& key) const { return Value::undefined(key.str()); }
Value Object::call(CallArgs&) { throw TypeError("'" + std::string(type_name()) + "' object is not callable"); }

}  // namespace jinja
