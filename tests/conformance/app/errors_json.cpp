// Redirects and errors, and the JSON section of reference_app.py.
#include <cmath>
#include <limits>

#include "conformance_app.hpp"
#include "flask/datetime.hpp"
#include "flask/decimal.hpp"
#include "flask/json.hpp"

namespace conformance {

using flask::jsonify;
using flask::request;
using flask::Value;
using namespace std::string_view_literals;

namespace {

/// Custom HTTPException subclass WITHOUT a handler: default error page.
struct PaymentRequired : flask::HTTPException {
    PaymentRequired() : flask::HTTPException(402, "Please top up your account to continue.") {}
};

/// 401 with a WWW-Authenticate challenge (werkzeug's Unauthorized(www_authenticate=...)).
struct Unauthorized : flask::HTTPException {
    explicit Unauthorized(std::string challenge) : flask::HTTPException(401), challenge(std::move(challenge)) {}
    flask::Headers get_headers() const override {
        auto h = flask::HTTPException::get_headers();
        h.add("WWW-Authenticate", challenge);
        return h;
    }
    std::string challenge;
};

Value describe_type(const Value& v) {
    if (v.is_object() && v.type_name() == "int") return "int";  // big integers
    return std::string(v.type_name() == "str" ? "str" : v.type_name());
}

}  // namespace

void register_errors_and_json(flask::Flask& app) {
    // Redirects and errors.
    app.route("/go/login", {.endpoint = "go_login"})([] { return flask::redirect(flask::url_for("login")); });
    app.route("/go/<int:code>", {.endpoint = "go_code"})(
        [](int code) { return flask::redirect(request.args().get("to", "/"), code); });
    app.route("/go/external", {.endpoint = "go_external"})(
        [] { return flask::redirect("https://example.test/päth?q=ü&x=a b"); });
    app.route("/secret", {.endpoint = "secret"})([] { flask::abort(401); });
    app.route("/abort/<int:code>", {.endpoint = "abort_code"})([](int code) { flask::abort(code); });
    app.route("/forbidden", {.endpoint = "forbidden"})([] { flask::abort(403, "Members only. <Really>."); });
    app.route("/teapot", {.endpoint = "teapot"})([] {
        flask::abort(flask::make_response(std::tuple{jsonify({{"message", "I'm a teapot"}}), 418}));
    });
    app.route("/payment", {.endpoint = "payment"})([] { throw PaymentRequired(); });
    app.route("/api/items/<int:item_id>", {.endpoint = "api_item"})([](int item_id) {
        if (item_id == 0) throw InvalidAPIUsage("Item id must be positive");
        if (item_id > 100) throw InvalidAPIUsage("No such item", 404, {{"item_id", item_id}});
        return jsonify({{"id", item_id}, {"name", fmt::format("item-{}", item_id)}});
    });
    app.route("/boom", {.endpoint = "boom"})([] { throw std::runtime_error("boom"); });
    app.route("/auth/basic", {.endpoint = "auth_basic"})([]() -> flask::ViewResult {
        auto auth = request.authorization();
        if (!auth || auth->type != "basic") throw Unauthorized("Basic realm=Conformance");
        if (auth->username == "admin" && auth->password == "s3cr3t") return "Welcome " + flask::escape(auth->username);
        return std::tuple{"Wrong credentials for " + flask::escape(auth->username), 403};
    });

    // JSON.
    app.route("/json/echo", {.endpoint = "json_echo", .methods = {"POST"}})([] {
        auto data = request.get_json();
        return jsonify({{"received", data}, {"type", describe_type(data)}});
    });
    app.route("/json/property", {.endpoint = "json_property", .methods = {"POST"}})(
        [] { return jsonify({{"received", request.json()}}); });
    app.route("/json/silent", {.endpoint = "json_silent", .methods = {"POST"}})([] {
        auto data = request.get_json(false, true);
        return jsonify({{"received", data}, {"is_json", request.is_json()}});
    });
    app.route("/json/force", {.endpoint = "json_force", .methods = {"POST"}})(
        [] { return jsonify({{"received", request.get_json(true)}}); });
    app.route("/json/types", {.endpoint = "json_types"})([] {
        return jsonify(flask::Dict{
            {"string", "héllo wörld ✓ 日本 😀"},
            {"int", 42},
            {"negative", -7},
            {"float", 3.14},
            {"whole_float", 1.0},
            {"tiny", 1e-7},
            {"huge", 1e100},
            {"third", 1.0 / 3},
            {"neg_zero", -0.0},
            {"big_int", flask::json::RawNumber::make("18446744073709551616")},
            {"none", jinja::none},
            {"true", true},
            {"false", false},
            {"empty_list", flask::List{}},
            {"empty_dict", flask::Dict{}},
            {"nested", flask::Dict{{"z", flask::List{1, flask::Dict{{"y", 2}, {"x", flask::List{nullptr, "a"}}}}},
                                   {"a", flask::Dict{{"c", 3}, {"b", 4}}}}},
            {"tuple", Value::tuple({1, "two"})},
        });
    });
    app.route("/json/sorted", {.endpoint = "json_sorted"})([] {
        return jsonify(flask::Dict{{"b", 1}, {"a", 2}, {"B", 3}, {"_", 4}, {"10", 5}, {"9", 6}, {"é", 7}, {"aa", 8}, {"A", 9}});
    });
    app.route("/json/list", {.endpoint = "json_list"})(
        [] { return jsonify(flask::List{1, "two", 3.0, nullptr, true, flask::Dict{{"k", "v"}}}); });
    app.route("/json/args", {.endpoint = "json_positional"})([] { return jsonify(1, 2, 3); });
    app.route("/json/kwargs", {.endpoint = "json_kwargs"})([] { return jsonify({{"b", "second"}, {"a", "first"}}); });
    app.route("/json/null", {.endpoint = "json_null"})([] { return jsonify(); });
    app.route("/json/escapes", {.endpoint = "json_escapes"})([] {
        return jsonify({
            {"quote", "say \"hi\""},
            {"backslash", "C:\\path"},
            {"controls", std::string("tab\tnewline\nnul\0unit\x1f" "del\x7f"sv)},
            {"html", "</script><b>&amp;</b>"},
            {"separators", "\u2028\u2029"},
            {"slash", "a/b"},
        });
    });
    app.route("/json/nonfinite", {.endpoint = "json_nonfinite"})([] {
        return jsonify(flask::List{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                                   -std::numeric_limits<double>::infinity()});
    });
    app.route("/json/special-types", {.endpoint = "json_special_types"})([] {
        return jsonify({
            {"when", flask::DateTime(2024, 1, 2, 3, 4, 5, 0, 0).to_value()},
            {"day", flask::Date(2024, 2, 29).to_value()},
            {"naive", flask::DateTime(2000, 12, 31, 23, 59, 59).to_value()},
            {"ident", flask::UUID::parse("12345678-1234-5678-1234-567812345678")->to_value()},
            {"price", flask::Decimal::parse("12.50")->to_value()},
            {"markup", flask::Markup("<b>bold</b>")},
        });
    });
    app.route("/json/floats", {.endpoint = "json_floats"})([] {
        return jsonify(flask::List{0.1, 0.5, 2.0, 100.0, 1e16, 1.5e-5, 0.0001, 123456789.125, 1e22, 5e-324, 2.5e-10, -1.75});
    });
}

}  // namespace conformance
