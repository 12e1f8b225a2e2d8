#include "flask/tagged_json.hpp"

#include <array>

#include "flask/base64.hpp"
#include "flask/datetime.hpp"
#include "flask/http.hpp"
#include "flask/json.hpp"
#include "flask/uuid.hpp"
#include "jinja/markup.hpp"

namespace flask::tagged_json {

using jinja::Value;

namespace {

constexpr std::array<std::string_view, 6> kTags = {" di", " t", " b", " m", " u", " d"};

bool is_tag(std::string_view key) {
    for (auto t : kTags)
        if (t == key) return true;
    return false;
}

/// TagDateTime's to_python: werkzeug's parse_date.
Value parse_http_date(const std::string& text) {
    auto when = parse_date(text);
    if (!when) throw jinja::ValueError("invalid HTTP date: " + text);
    return when->to_value();
}

Value single(std::string_view key, Value v) {
    jinja::Dict d;
    d.set(Value(key), std::move(v));
    return Value(std::move(d));
}

}  // namespace

Value tag(const Value& value) {
    switch (value.kind()) {
        case Value::Kind::Dict: {
            const jinja::Dict& d = value.as_dict();
            if (d.size() == 1 && d.begin()->first.is_string() && is_tag(d.begin()->first.as_string())) {
                const auto& [k, v] = *d.begin();
                return single(" di", single(k.as_string() + "__", tag(v)));
            }
            jinja::Dict out;
            for (const auto& [k, v] : d) out.set(k, tag(v));
            return Value(std::move(out));
        }
        case Value::Kind::List: {
            jinja::List items;
            items.reserve(value.as_list().size());
            for (const auto& item : value.as_list()) items.push_back(tag(item));
            return value.is_tuple() ? single(" t", Value(std::move(items))) : Value(std::move(items));
        }
        case Value::Kind::Bytes: return single(" b", base64_encode(value.as_string()));
        case Value::Kind::String:
            if (value.is_markup()) return single(" m", value.as_string());
            return value;
        case Value::Kind::Object: {
            const auto& object = value.as_object();
            if (auto html = object.html()) return single(" m", *html);
            if (auto* uuid = dynamic_cast<const UUID*>(&object)) return single(" u", uuid->hex());
            if (auto* dt = dynamic_cast<const DateTime*>(&object)) return single(" d", dt->http_date());
            return value;
        }
        default: return value;
    }
}

Value untag(const Value& value) {
    if (value.is_list()) {
        jinja::List items;
        for (const auto& item : value.as_list()) items.push_back(untag(item));
        return Value(std::move(items));
    }
    if (!value.is_dict()) return value;
    jinja::Dict out;
    for (const auto& [k, v] : value.as_dict()) out.set(k, untag(v));
    if (out.size() != 1 || !out.begin()->first.is_string()) return Value(std::move(out));
    const std::string key = out.begin()->first.as_string();
    const Value inner = out.begin()->second;
    if (key == " di") {
        const jinja::Dict& d = inner.as_dict();
        std::string name = d.begin()->first.as_string();
        return single(name.substr(0, name.size() - 2), d.begin()->second);
    }
    if (key == " t") return Value::tuple(inner.as_list());
    if (key == " b") {
        auto bytes = base64_decode_lenient(inner.as_string());
        if (!bytes) throw jinja::ValueError("Invalid base64-encoded string");
        return Value::bytes(std::move(*bytes));
    }
    if (key == " m") return Value::markup(inner.as_string());
    if (key == " u") {
        auto uuid = UUID::parse(inner.as_string());
        if (!uuid) throw jinja::ValueError("badly formed hexadecimal UUID string");
        return uuid->to_value();
    }
    if (key == " d") return parse_http_date(inner.as_string());
    return Value(std::move(out));
}

std::string dumps(const Value& value) {
    json::DumpOptions options = json::flask_options();
    options.item_separator = ",";
    options.key_separator = ":";
    return json::dumps(tag(value), options);
}

Value loads(std::string_view text) { return untag(json::loads(text)); }

}  // namespace flask::tagged_json
