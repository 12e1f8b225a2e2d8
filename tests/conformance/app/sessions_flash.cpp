// Sessions and message flashing sections of reference_app.py.
#include "conformance_app.hpp"
#include "flask/datetime.hpp"

namespace conformance {

using flask::jsonify;
using flask::request;
using flask::session;
using flask::Value;

namespace {

Value sorted_keys() {
    auto keys = session.keys();
    std::sort(keys.begin(), keys.end());
    flask::List out(keys.begin(), keys.end());
    return out;
}

/// Language-neutral description of a session value's type and content.
Value describe(const Value& value) {
    auto typed = [](std::string_view type, Value v) { return Value(flask::Dict{{"type", type}, {"value", std::move(v)}}); };
    if (value.is_markup()) return typed("markup", value.as_string());
    if (value.is_list()) {
        flask::List items;
        for (const auto& v : value.as_list()) items.push_back(describe(v));
        return typed(value.is_tuple() ? "tuple" : "list", std::move(items));
    }
    if (value.is_dict()) {
        flask::Dict items;
        for (const auto& [k, v] : value.as_dict()) items.set(k, describe(v));
        return typed("dict", std::move(items));
    }
    if (value.is_bytes()) {
        static const char* digits = "0123456789abcdef";
        std::string hex;
        for (unsigned char c : value.as_string()) {
            hex += digits[c >> 4];
            hex += digits[c & 15];
        }
        return typed("bytes", hex);
    }
    if (value.is_object() && value.type_name() == "datetime")
        return typed("datetime", dynamic_cast<const flask::DateTime&>(value.as_object()).isoformat());
    if (value.is_object() && value.type_name() == "UUID") return typed("uuid", value.str());
    if (value.is_bool()) return typed("bool", value);
    if (value.is_int()) return typed("int", value);
    if (value.is_float()) return typed("float", value);
    if (value.is_none()) return typed("null", value);
    return typed("str", value.str());
}

}  // namespace

void register_sessions_and_flash(flask::Flask& app) {
    app.route("/session/", {.endpoint = "session_index"})([]() -> flask::ViewResult {
        if (session.contains("username")) return "Logged in as " + flask::escape(session["username"].value());
        return "You are not logged in";
    });
    app.route("/session/login", {.endpoint = "session_login", .methods = {"GET", "POST"}})(
        []() -> flask::ViewResult {
            if (request.method() == "POST") {
                session["username"] = request.form()["username"];
                return flask::redirect(flask::url_for("session_index"));
            }
            return render_template("session_login.html");
        });
    app.route("/session/logout", {.endpoint = "session_logout"})([] {
        session.pop("username", Value());
        return flask::redirect(flask::url_for("session_index"));
    });
    app.route("/session/set", {.endpoint = "session_set"})([] {
        for (const auto& key : request.args().keys()) session[key] = *request.args().get(key);  // first value per key
        return jsonify({{"session", session.to_dict()}});
    });
    app.route("/session/set-json", {.endpoint = "session_set_json", .methods = {"POST"}})([] {
        session.update(request.get_json().as_dict());
        return jsonify({{"keys", sorted_keys()}});
    });
    app.route("/session/get", {.endpoint = "session_get"})(
        [] { return jsonify({{"session", session.to_dict()}, {"permanent", session.permanent()}}); });
    app.route("/session/pop", {.endpoint = "session_pop"})([] {
        auto popped = session.pop(request.args().get("key", ""), Value());
        return jsonify({{"popped", popped}, {"remaining", sorted_keys()}});
    });
    app.route("/session/clear", {.endpoint = "session_clear"})([] {
        session.clear();
        return "Session cleared";
    });
    app.route("/session/permanent", {.endpoint = "session_permanent"})([] {
        session.set_permanent(request.args().get("value", "1") == "1");
        session["touched"] = true;
        return jsonify({{"permanent", session.permanent()}});
    });
    app.route("/session/tagged", {.endpoint = "session_tagged"})([] {
        session["tuple"] = Value::tuple({1, "two", Value::list({3})});
        session["bytes"] = Value::bytes(std::string("\x00" "binary\xff", 8));
        session["when"] = flask::DateTime(2024, 5, 6, 7, 8, 9, 0, 0).to_value();
        session["markup"] = flask::Markup("<b>kept safe</b>");
        session["ident"] = flask::UUID::parse("87654321-4321-8765-4321-876543218765")->to_value();
        session["tagged_key_dict"] = flask::Dict{{" t", "a dict whose only key looks like a tag"}};
        return "Tagged values stored";
    });
    app.route("/session/tagged-read", {.endpoint = "session_tagged_read"})([] {
        flask::Dict out;
        for (const auto& key : session.keys()) out.set(key, describe(session[key]));
        return jsonify(Value(std::move(out)));
    });
    app.route("/session/cart-add", {.endpoint = "session_cart_add"})([] {
        if (!session.contains("cart")) {
            session["cart"] = flask::Dict{{"items", flask::List{}}};
        } else {
            // Nested mutation is not detected: the cookie is re-sent only when marked.
            session["cart"].value()["items"].as_list().push_back(request.args().get("item", "thing"));
            if (request.args().get("mark") == "1") session.set_modified(true);
        }
        return jsonify({{"cart", session["cart"].value()}});
    });
    app.route("/session/untouched", {.endpoint = "session_untouched"})([] { return "Session not touched"; });

    // Message flashing.
    app.route("/flash", {.endpoint = "flash_message"})([] {
        flask::flash(request.args().get("message", "Hello from flash"), request.args().get("category", "message"));
        return flask::redirect(flask::url_for("flash_show"));
    });
    app.route("/flash/many", {.endpoint = "flash_many"})([] {
        flask::flash("First info", "info");
        flask::flash("Something failed", "error");
        flask::flash("Careful <now>", "warning");
        return "Flashed 3 messages";
    });
    app.route("/flash/show", {.endpoint = "flash_show"})([] { return render_template("flashes.html"); });
    app.route("/flash/filter", {.endpoint = "flash_filter"})([] {
        auto wanted = request.args().getlist("category");
        auto filtered = flask::get_flashed_messages(true, wanted);
        return jsonify({{"filtered", filtered}, {"all_in_this_request", flask::get_flashed_messages()}});
    });
    app.route("/flash/plain", {.endpoint = "flash_plain"})(
        [] { return jsonify({{"messages", flask::get_flashed_messages()}}); });
}

}  // namespace conformance
