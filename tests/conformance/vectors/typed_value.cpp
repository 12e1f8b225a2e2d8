// The vectors README's typed-value convention, both ways.
#include <cmath>
#include <limits>

#include "flask/datetime.hpp"
#include "flask/decimal.hpp"
#include "flask/uuid.hpp"
#include "vectors.hpp"

namespace vectors {

namespace json = boost::json;
using jinja::Value;

namespace {
std::string hex_to_bytes(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}
// Test stand-ins for Python values with no C++ counterpart of their own.
struct HtmlObject final : jinja::Object {  // not a str; __html__() returns `html_`
    explicit HtmlObject(std::string h) : html_(std::move(h)) {}
    std::string_view type_name() const override { return "HtmlObject"; }
    std::string str() const override { return "HtmlObject"; }
    std::optional<std::string> html() const override { return html_; }
    std::string html_;
};
struct Dataclass final : jinja::Object {  // json() is dataclasses.asdict()
    Dataclass(std::string n, jinja::Dict f) : name(std::move(n)), fields(std::move(f)) {}
    std::string_view type_name() const override { return name; }
    jinja::Value get_attr(std::string_view attr) const override {
        const Value* v = fields.find(attr);
        return v ? *v : Object::get_attr(attr);
    }
    std::optional<Value> json() const override { return Value(fields); }
    std::string name;
    jinja::Dict fields;
};
struct Opaque final : jinja::Object {  // set, or an object with no JSON meaning
    Opaque(std::string n, jinja::List i) : name(std::move(n)), items(std::move(i)) {}
    std::string_view type_name() const override { return name; }
    std::string name;
    jinja::List items;
};

std::string bytes_to_hex(std::string_view data) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : data) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}
}  // namespace

Value typed_value(const json::value& j) {
    switch (j.kind()) {
        case json::kind::null: return Value();
        case json::kind::bool_: return Value(j.get_bool());
        case json::kind::int64: return Value(j.get_int64());
        case json::kind::uint64: return Value(static_cast<std::int64_t>(j.get_uint64()));
        case json::kind::double_: return Value(j.get_double());
        case json::kind::string: return Value(std::string(j.get_string()));
        case json::kind::array: {
            jinja::List items;
            for (const auto& item : j.get_array()) items.push_back(typed_value(item));
            return Value(std::move(items));
        }
        case json::kind::object: break;
    }
    const json::object& o = j.get_object();
    auto type = o.if_contains("$type");
    if (!type) {
        jinja::Dict d;
        for (const auto& [k, v] : o) d.set(Value(std::string(k)), typed_value(v));
        return Value(std::move(d));
    }
    std::string_view t = type->get_string();
    if (t == "tuple") {
        jinja::List items;
        for (const auto& item : o.at("items").get_array()) items.push_back(typed_value(item));
        return Value::tuple(std::move(items));
    }
    if (t == "bytes") return Value::bytes(hex_to_bytes(o.at("hex").get_string()));
    if (t == "markup") return Value::markup(std::string(o.at("value").get_string()));
    if (t == "float") {
        std::string_view v = o.at("value").get_string();
        if (v == "nan") return Value(std::numeric_limits<double>::quiet_NaN());
        return Value(v == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
    }
    if (t == "dict") {
        jinja::Dict d;
        for (const auto& pair : o.at("items").get_array())
            d.set(typed_value(pair.get_array().at(0)), typed_value(pair.get_array().at(1)));
        return Value(std::move(d));
    }
    auto text = [&](const char* key) { return std::string_view(o.at(key).get_string()); };
    if (t == "uuid") {
        if (auto u = flask::UUID::parse(text("value"))) return u->to_value();
    }
    if (t == "datetime") {
        if (auto d = flask::DateTime::fromisoformat(text("value"))) return d->to_value();
    }
    if (t == "date") {
        if (auto d = flask::Date::fromisoformat(text("value"))) return d->to_value();
    }
    if (t == "decimal") {
        if (auto d = flask::Decimal::parse(text("value"))) return d->to_value();
    }
    if (t == "html") return Value(std::make_shared<HtmlObject>(std::string(text("value"))));
    if (t == "dataclass") {
        jinja::Dict fields;
        for (const auto& pair : o.at("fields").get_array())
            fields.set(Value(std::string(pair.get_array().at(0).get_string())), typed_value(pair.get_array().at(1)));
        return Value(std::make_shared<Dataclass>(std::string(text("name")), std::move(fields)));
    }
    if (t == "set" || t == "object") {
        jinja::List items;
        if (auto* i = o.if_contains("items"))
            for (const auto& item : i->get_array()) items.push_back(typed_value(item));
        return Value(std::make_shared<Opaque>(t == "set" ? std::string("set") : std::string(text("name")), std::move(items)));
    }
    // Types a runner must interpret itself (uuid, datetime, html, ...): kept raw.
    jinja::Dict raw;
    for (const auto& [k, v] : o)
        raw.set(Value(std::string(k)), v.is_string() ? Value(std::string(v.get_string())) : typed_value(v));
    return Value(std::move(raw));
}

json::value to_typed_json(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::Undefined:
        case Value::Kind::None: return nullptr;
        case Value::Kind::Bool: return v.as_bool();
        case Value::Kind::Int: return v.as_int();
        case Value::Kind::Float: {
            double d = v.as_float();
            if (std::isnan(d)) return json::object{{"$type", "float"}, {"value", "nan"}};
            if (std::isinf(d)) return json::object{{"$type", "float"}, {"value", d > 0 ? "inf" : "-inf"}};
            return d;
        }
        case Value::Kind::String:
            if (v.is_markup()) return json::object{{"$type", "markup"}, {"value", v.as_string()}};
            return json::string(v.as_string());
        case Value::Kind::Bytes: return json::object{{"$type", "bytes"}, {"hex", bytes_to_hex(v.as_string())}};
        case Value::Kind::List: {
            json::array items;
            for (const auto& item : v.as_list()) items.push_back(to_typed_json(item));
            if (v.is_tuple()) return json::object{{"$type", "tuple"}, {"items", items}};
            return items;
        }
        case Value::Kind::Dict: {
            json::object o;
            bool string_keys = true;
            for (const auto& [k, val] : v.as_dict()) string_keys = string_keys && k.is_string();
            if (string_keys) {
                for (const auto& [k, val] : v.as_dict()) o[k.as_string()] = to_typed_json(val);
                return o;
            }
            json::array items;
            for (const auto& [k, val] : v.as_dict()) items.push_back(json::array{to_typed_json(k), to_typed_json(val)});
            return json::object{{"$type", "dict"}, {"items", items}};
        }
        case Value::Kind::Object: return json::object{{"$type", std::string(v.type_name())}, {"value", v.str()}};
    }
    return nullptr;
}

}  // namespace vectors
