// escape.jsonl: MarkupSafe operations (escape, Markup operators, striptags,
// unescape, str methods on Markup) against jinja/markup.hpp.
#include "jinja/markup.hpp"
#include "jinja/pystr.hpp"
#include "vectors.hpp"

namespace {

namespace json = boost::json;
using jinja::Value;

// The vectors' {"$type":"html"}: not a str, __html__() returns `value`,
// str() is "HtmlObject".
class HtmlObject final : public jinja::Object {
public:
    explicit HtmlObject(std::string html) : html_(std::move(html)) {}
    std::string_view type_name() const override { return "HtmlObject"; }
    std::string str() const override { return "HtmlObject"; }
    std::optional<std::string> html() const override { return html_; }

private:
    std::string html_;
};

// typed_value, plus html objects wherever they are nested.
Value input(const json::value& j) {
    if (j.is_array()) {
        jinja::List items;
        for (const auto& item : j.get_array()) items.push_back(input(item));
        return Value(std::move(items));
    }
    if (!j.is_object()) return vectors::typed_value(j);
    const json::object& o = j.get_object();
    const json::value* type = o.if_contains("$type");
    if (!type) {
        jinja::Dict d;
        for (const auto& [k, v] : o) d.set(Value(std::string(k)), input(v));
        return Value(std::move(d));
    }
    if (*type == "html") return Value(std::make_shared<HtmlObject>(std::string(o.at("value").get_string())));
    if (*type == "tuple") {
        jinja::List items;
        for (const auto& item : o.at("items").get_array()) items.push_back(input(item));
        return Value::tuple(std::move(items));
    }
    return vectors::typed_value(j);
}

Value run(const json::object& line) {
    std::string op(line.at("op").get_string());
    jinja::CallArgs call;
    for (const auto& a : line.at("args").get_array()) call.args.push_back(input(a));
    for (const auto& [k, v] : line.at("kwargs").get_object()) call.kwargs.emplace_back(std::string(k), input(v));
    const json::value& receiver_json = line.at("receiver");
    Value receiver = receiver_json.is_string() ? Value::markup(std::string(receiver_json.get_string())) : Value();
    auto arg0 = [&]() -> const Value& { return call.args.at(0); };

    if (op == "escape") return jinja::escape(arg0());
    if (op == "escape_silent") return jinja::escape_silent(arg0());
    if (op == "Markup") return jinja::markup(arg0());
    if (op == "striptags") return Value(jinja::striptags(receiver.as_string()));
    if (op == "unescape") return Value(jinja::html_unescape(receiver.as_string()));
    if (op == "mod") return jinja::markup_mod(receiver, arg0());
    if (op == "format") return jinja::markup_format(receiver, call.args, call.kwargs);
    if (op == "add") return jinja::markup_add(receiver, arg0());
    if (op == "radd") return jinja::markup_radd(receiver, arg0());
    if (op == "join") return jinja::markup_join(receiver, arg0());
    if (op == "mul") return jinja::markup_mul(receiver, arg0());
    if (op == "method")
        return jinja::pystr::call_str_method(receiver, std::string(line.at("method").get_string()), call);
    throw std::runtime_error("unknown op " + op);
}

std::vector<vectors::Outcome> check(const json::object& line) {
    vectors::Outcome outcome{std::string(line.at("id").get_string()), {}};
    std::string expected_error = line.contains("error") ? std::string(line.at("error").get_string()) : "";
    std::string got_error;
    Value result;
    try {
        result = run(line);
    } catch (const jinja::TypeError& e) {
        got_error = "TypeError";
    } catch (const jinja::ValueError& e) {
        got_error = "ValueError";
    } catch (const jinja::KeyError& e) {
        got_error = "KeyError";
    } catch (const jinja::IndexError& e) {
        got_error = "IndexError";
    } catch (const jinja::AttributeError& e) {
        got_error = "AttributeError";
    }
    if (!expected_error.empty()) {
        if (got_error != expected_error)
            outcome.failure = "expected " + expected_error + ", got " +
                              (got_error.empty() ? vectors::show(vectors::to_typed_json(result)) : got_error);
        return {outcome};
    }
    if (!got_error.empty()) {
        outcome.failure = "raised " + got_error + ", expected " + vectors::show(line.at("expect"));
        return {outcome};
    }
    json::value got = vectors::to_typed_json(result);
    if (got != line.at("expect"))
        outcome.failure = "got " + vectors::show(got) + ", expected " + vectors::show(line.at("expect"));
    return {outcome};
}

vectors::Registration reg("escape.jsonl", check);

}  // namespace
