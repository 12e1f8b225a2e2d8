// session_cookies.jsonl: Flask's signed-cookie sessions, sign and verify.
#include <cmath>

#include <flask/flask.hpp>

#include "flask/signing.hpp"
#include "flask/tagged_json.hpp"
#include "vectors.hpp"

namespace {

namespace json = boost::json;
using jinja::Value;

std::string key_bytes(const json::value& v) {
    Value typed = vectors::typed_value(v);
    return typed.as_string();
}

/// The app config a vector describes, applied to a fresh app.
void configure(flask::Flask& app, const json::object& line) {
    app.set_secret_key(key_bytes(line.at("secret_key")));
    jinja::List fallbacks;
    for (const auto& f : line.at("fallbacks").as_array()) fallbacks.emplace_back(key_bytes(f));
    if (!fallbacks.empty()) app.config["SECRET_KEY_FALLBACKS"] = Value(std::move(fallbacks));
    if (auto* config = line.if_contains("config"))
        for (const auto& [k, v] : config->as_object()) app.config[std::string(k)] = vectors::typed_value(v);
}

/// Python equality, except that NaN equals NaN (json round trips keep it).
bool same(const Value& a, const Value& b) {
    if (a.is_float() && b.is_float() && std::isnan(a.as_float()) && std::isnan(b.as_float())) return true;
    if (a.is_list() && b.is_list()) {
        const auto &x = a.as_list(), &y = b.as_list();
        if (x.size() != y.size() || a.is_tuple() != b.is_tuple()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same(x[i], y[i])) return false;
        return true;
    }
    if (a.is_dict() && b.is_dict()) {
        if (a.as_dict().size() != b.as_dict().size()) return false;
        for (const auto& [k, v] : a.as_dict()) {
            const Value* other = b.as_dict().find(k);
            if (!other || !same(v, *other)) return false;
        }
        return true;
    }
    return a == b;
}

std::string outcome_of(const flask::URLSafeTimedSerializer& s, const std::string& cookie, std::int64_t max_age,
                       std::int64_t now, Value& decoded) {
    try {
        decoded = s.loads(cookie, max_age, now);
        return "valid";
    } catch (const flask::SignatureExpired&) {
        return "expired";
    } catch (const flask::BadPayload&) {
        return "bad_payload";
    } catch (const flask::BadSignature&) {
        return "invalid";
    }
}

std::vector<vectors::Outcome> run(const json::object& line) {
    std::string id(line.at("id").as_string());
    flask::Flask app("/tmp/session_vectors.cpp");
    configure(app, line);
    flask::SecureCookieSessionInterface interface;
    auto serializer = *interface.get_signing_serializer(app);

    if (line.at("kind").as_string() == "verify") {
        Value decoded;
        std::string got = outcome_of(serializer, std::string(line.at("cookie").as_string()),
                                     line.at("max_age").as_int64(), line.at("now").as_int64(), decoded);
        std::string want(line.at("expect").as_string());
        if (got != want) return {{id, "expected " + want + ", got " + got}};
        if (want == "valid" && !same(decoded, vectors::typed_value(line.at("decoded"))))
            return {{id, "decoded " + decoded.repr() + ", expected " + vectors::show(line.at("decoded"))}};
        return {{id, ""}};
    }

    Value session = vectors::typed_value(line.at("session"));
    if (line.at("expect").as_string() == "error") {
        try {
            flask::tagged_json::dumps(session);
            return {{id, "expected an error"}};
        } catch (const jinja::TypeError&) {
            return {{id, ""}};
        }
    }
    std::int64_t timestamp = line.at("timestamp").as_int64();
    std::string payload = flask::tagged_json::dumps(session);
    if (payload != line.at("payload_json").as_string())
        return {{id, "payload " + payload + ", expected " + std::string(line.at("payload_json").as_string())}};
    std::string cookie = serializer.dumps(session, timestamp);
    if (cookie != line.at("cookie").as_string())
        return {{id, "cookie " + cookie + ", expected " + std::string(line.at("cookie").as_string())}};
    Value decoded = serializer.loads(cookie);
    if (!same(decoded, vectors::typed_value(line.at("decoded"))))
        return {{id, "decoded " + decoded.repr() + ", expected " + vectors::show(line.at("decoded"))}};

    // The Set-Cookie header Flask sends for this session at the frozen time.
    interface.clock = [timestamp] { return timestamp; };
    flask::SessionData data(session.as_dict());
    data.modified = !data.data().empty();  // the vector's view filled the session (or left it empty)
    flask::Response response;
    interface.save_session(app, data, response);
    auto set_cookie = response.headers.get("Set-Cookie");
    const auto& want = line.at("set_cookie");
    if (want.is_null()) {
        if (set_cookie) return {{id, "unexpected Set-Cookie " + std::string(*set_cookie)}};
    } else if (!set_cookie || *set_cookie != want.as_string()) {
        return {{id, "Set-Cookie " + std::string(set_cookie.value_or("(none)")) + ", expected " +
                         std::string(want.as_string())}};
    }
    return {{id, ""}};
}

const vectors::Registration registration("session_cookies.jsonl", run);

}  // namespace
