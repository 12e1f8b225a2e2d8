// jinja::Value: a small Python object model shared by templates, JSON and sessions.
//
// Jinja templates, Flask's JSON helpers and the tagged-JSON session all speak
// Python values (None, True, 1.0, 'a', [..], {..}, Markup, tuples, bytes).  Using
// one dynamic type for all three means a session value can be handed to a
// template or to jsonify without conversion, and that printing follows Python's
// str()/repr() rules everywhere (`['a', 1]`, `None`, `1e-05`).
//
// Containers have reference semantics, as in Python: copying a Value that holds
// a list or dict shares it, so `session["cart"]["items"].append(x)` mutates the
// stored list.  Strings are immutable and shared, so copies are cheap.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "jinja/errors.hpp"

namespace jinja {

class Value;
class Dict;
class Object;
using List = std::vector<Value>;

/// Tag type for Python's None (`jinja::none`).
struct NoneType {
    friend bool operator==(NoneType, NoneType) { return true; }
};
inline constexpr NoneType none{};

/// Customisation point: specialise `jinja::ValueTraits<T>` with
/// `static Value to_value(const T&)` to pass your own types to templates,
/// jsonify and the session.  Returning a Dict (or an Object subclass) is usual.
template <class T, class Enable = void>
struct ValueTraits;

/// Positional and keyword arguments of a call from a template or helper.
struct CallArgs {
    List args;
    std::vector<std::pair<std::string, Value>> kwargs;
};

class Value {
public:
    enum class Kind : std::uint8_t {
        Undefined,  // Jinja's Undefined (missing variable / attribute)
        None,
        Bool,
        Int,
        Float,
        String,  // str; `is_markup()` tells Markup (already safe HTML) apart
        Bytes,
        List,  // list; `is_tuple()` tells tuples apart
        Dict,
        Object,  // user types, callables, datetime, uuid ...
    };

    Value() noexcept : kind_(Kind::None) {}
    Value(NoneType) noexcept : kind_(Kind::None) {}
    Value(std::nullptr_t) noexcept : kind_(Kind::None) {}
    Value(bool b) noexcept : kind_(Kind::Bool) { scalar_.b = b; }
    template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool> &&
                                            !std::is_same_v<I, char>,
                                        int> = 0>
    Value(I i) noexcept : kind_(Kind::Int) {
        scalar_.i = static_cast<std::int64_t>(i);
    }
    Value(double d) noexcept : kind_(Kind::Float) { scalar_.f = d; }
    Value(float d) noexcept : Value(static_cast<double>(d)) {}
    Value(const char* s) : Value(std::string(s)) {}
    Value(std::string_view s) : Value(std::string(s)) {}
    Value(std::string s);
    Value(List list);
    Value(Dict dict);
    Value(std::shared_ptr<Object> object);
    template <class T>
    Value(const std::optional<T>& opt) : Value() {
        if (opt) *this = Value(*opt);
    }
    template <class T>
    Value(const std::vector<T>& items) : Value(List(items.begin(), items.end())) {}
    template <class T>
    Value(const std::map<std::string, T>& items);
    template <class T, class = decltype(ValueTraits<T>::to_value(std::declval<const T&>()))>
    Value(const T& custom) : Value(ValueTraits<T>::to_value(custom)) {}

    // Named constructors for the flavours that share a storage kind.
    static Value undefined(std::string name = {});
    static Value markup(std::string html);  // Markup(html): no escaping applied
    static Value bytes(std::string data);
    static Value tuple(List items);
    static Value list(std::initializer_list<Value> items) { return Value(List(items)); }

    Kind kind() const noexcept { return kind_; }
    bool is_undefined() const noexcept { return kind_ == Kind::Undefined; }
    bool is_none() const noexcept { return kind_ == Kind::None; }
    bool is_bool() const noexcept { return kind_ == Kind::Bool; }
    bool is_int() const noexcept { return kind_ == Kind::Int; }
    bool is_float() const noexcept { return kind_ == Kind::Float; }
    bool is_number() const noexcept { return kind_ == Kind::Int || kind_ == Kind::Float; }
    bool is_string() const noexcept { return kind_ == Kind::String; }
    bool is_markup() const noexcept { return kind_ == Kind::String && flag_; }
    bool is_bytes() const noexcept { return kind_ == Kind::Bytes; }
    bool is_list() const noexcept { return kind_ == Kind::List; }
    bool is_tuple() const noexcept { return kind_ == Kind::List && flag_; }
    bool is_dict() const noexcept { return kind_ == Kind::Dict; }
    bool is_object() const noexcept { return kind_ == Kind::Object; }

    // Accessors; they throw jinja::TypeError naming the actual type on mismatch.
    bool as_bool() const;
    std::int64_t as_int() const;     // bools count as ints, as in Python
    double as_float() const;         // ints convert
    const std::string& as_string() const;  // str, Markup or bytes payload
    List& as_list() const;
    Dict& as_dict() const;
    Object& as_object() const;
    std::shared_ptr<Object> object_ptr() const;
    /// The name an Undefined was created for (empty otherwise).
    const std::string& undefined_name() const;
    /// For str and bytes: str_tag(text), kept beside the reference so that
    /// key lookups can rule most keys out without reading the text.
    std::uint64_t text_tag() const noexcept { return static_cast<std::uint64_t>(scalar_.i); }
    /// The size and first bytes of `text` packed in a word: equal texts have
    /// equal tags, and for texts of up to 7 bytes equal tags mean equal texts.
    static std::uint64_t str_tag(std::string_view text) noexcept {
        const std::uint64_t size = text.size() < 255 ? text.size() : 255;
        std::uint64_t head = 0;
        if (std::endian::native == std::endian::little && text.size() >= 8) {
            std::memcpy(&head, text.data(), 8);  // bytes 0..7, low to high; byte 7 is shifted out
            return (head << 8) | size;
        }
        for (std::size_t i = 0; i < text.size() && i < 7; ++i)
            head |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])) << (8 * (i + 1));
        return head | size;
    }

    /// Python's type name: 'NoneType', 'int', 'str', 'Markup', 'dict', ...
    std::string_view type_name() const;
    /// Python truthiness (`if value:`).
    bool truthy() const;
    explicit operator bool() const { return truthy(); }

    /// Python's str() and repr().
    std::string str() const;
    std::string repr() const;

    /// Python equality (`1 == 1.0 == True`, lists/dicts element-wise).
    friend bool operator==(const Value& a, const Value& b);
    friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

    /// Dict/list item access; throws KeyError/IndexError like Python.
    Value& operator[](std::string_view key);
    const Value& at(std::string_view key) const;
    const Value& at(std::size_t index) const;
    /// Dict get with default; None when absent.
    Value get(std::string_view key, Value fallback = Value()) const;
    bool contains(const Value& key) const;  // Python's `in`
    std::size_t size() const;               // len()

private:
    [[noreturn]] void throw_type_error(std::string_view wanted) const;

    Kind kind_;
    bool flag_ = false;  // Markup for strings, tuple for lists
    union {
        bool b;
        std::int64_t i;
        double f;
    } scalar_{};
    std::shared_ptr<void> ref_;  // string / List / Dict / Object / undefined name
};

/// An insertion-ordered mapping, like a Python 3.7+ dict.  Keys are Values
/// (usually strings).  Small dicts are scanned linearly, which beats hashing
/// for the handful of keys a template context or JSON object usually holds.
class Dict {
public:
    using Item = std::pair<Value, Value>;
    Dict() = default;
    Dict(std::initializer_list<std::pair<std::string_view, Value>> items);

    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    auto begin() noexcept { return items_.begin(); }
    auto end() noexcept { return items_.end(); }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }

    Value* find(const Value& key);
    const Value* find(const Value& key) const;
    Value* find(std::string_view key);
    const Value* find(std::string_view key) const;
    bool contains(const Value& key) const { return find(key) != nullptr; }
    /// Insert or replace, keeping the original position of an existing key.
    void set(Value key, Value value);
    Value& operator[](std::string_view key);
    /// Remove a key; returns whether it was present.
    bool erase(const Value& key);
    void clear() noexcept { items_.clear(); }
    std::vector<Item>& items() noexcept { return items_; }
    const std::vector<Item>& items() const noexcept { return items_; }

private:
    std::vector<Item> items_;
};

/// Base class for values that are not plain data: user types, callables,
/// datetimes, UUIDs, Jinja's loop and namespace objects.  Override what the
/// type supports; the defaults behave like a plain Python object.
class Object {
public:
    virtual ~Object() = default;
    virtual std::string_view type_name() const = 0;
    virtual std::string str() const { return repr(); }
    virtual std::string repr() const;
    /// `__html__`: when set, templates and escape() use it unescaped.
    virtual std::optional<std::string> html() const { return std::nullopt; }
    /// Attribute lookup (`obj.name`); Undefined when absent.
    virtual Value get_attr(std::string_view name) const;
    /// Item lookup (`obj[key]`); Undefined when absent.
    virtual Value get_item(const Value& key) const;
    virtual bool truthy() const { return true; }
    virtual bool callable() const { return false; }
    virtual Value call(CallArgs& args);
    virtual bool equals(const Object& other) const { return this == &other; }
    /// What Flask's JSON provider writes for this object, if it knows one
    /// (e.g. a UUID becomes its string, a datetime an HTTP date).
    virtual std::optional<Value> json() const { return std::nullopt; }
};

/// A C++ callable exposed to templates (globals, filters, url_for ...).
class Function final : public Object {
public:
    using Fn = std::function<Value(CallArgs&)>;
    explicit Function(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
    std::string_view type_name() const override { return "function"; }
    std::string repr() const override { return "<function " + name_ + ">"; }
    bool callable() const override { return true; }
    Value call(CallArgs& args) override { return fn_(args); }

private:
    std::string name_;
    Fn fn_;
};

/// Python's repr() of a float: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `nan`, `inf`.
std::string float_repr(double value);
/// Python's repr() of a str: quotes chosen as Python does, escapes for control characters.
std::string string_repr(std::string_view text);

// The accessors sit on every rendering path: inline the check, keep the throw out of line.
inline const std::string& Value::as_string() const {
    if (kind_ != Kind::String && kind_ != Kind::Bytes) throw_type_error("str");
    return *static_cast<const std::string*>(ref_.get());
}
inline List& Value::as_list() const {
    if (kind_ != Kind::List) throw_type_error("list");
    return *static_cast<List*>(ref_.get());
}
inline Dict& Value::as_dict() const {
    if (kind_ != Kind::Dict) throw_type_error("dict");
    return *static_cast<Dict*>(ref_.get());
}
inline Object& Value::as_object() const {
    if (kind_ != Kind::Object) throw_type_error("object");
    return *static_cast<Object*>(ref_.get());
}

template <class T>
Value::Value(const std::map<std::string, T>& items) : Value(Dict()) {
    for (const auto& [k, v] : items) as_dict().set(Value(k), Value(v));
}

}  // namespace jinja
