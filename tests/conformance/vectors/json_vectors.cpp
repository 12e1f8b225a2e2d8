// json_dumps.jsonl: Flask's app.json.dumps, jsonify bodies and |tojson.
#include "flask/json.hpp"
#include "vectors.hpp"

namespace {

namespace bj = boost::json;
using jinja::Value;

std::vector<vectors::Outcome> run(const bj::object& line) {
    vectors::Outcome out{std::string(line.at("id").get_string()), {}};
    std::string_view kind = line.at("kind").get_string();
    const bj::array& args_json = line.at("args").get_array();
    jinja::List args;
    for (const auto& a : args_json) args.push_back(vectors::typed_value(a));
    std::vector<std::pair<std::string, Value>> kwargs;
    for (const auto& [k, v] : line.at("kwargs").get_object()) kwargs.emplace_back(std::string(k), vectors::typed_value(v));
    std::optional<int> indent;
    if (const auto* i = line.if_contains("indent"); i && !i->is_null()) indent = static_cast<int>(i->to_number<std::int64_t>());
    bool debug = line.at("debug").as_bool();

    std::string got;
    std::string error;
    try {
        if (kind == "dumps") {
            got = flask::json::flask_dumps(args.at(0), indent);
        } else if (kind == "jsonify") {
            got = flask::json::jsonify_body(flask::json::jsonify_value(std::move(args), std::move(kwargs)), debug);
        } else if (kind == "tojson") {
            got = flask::json::htmlsafe_dumps(args.at(0), indent);
        } else {
            out.failure = "unknown kind " + std::string(kind);
            return {out};
        }
    } catch (const jinja::TypeError& e) {
        error = "TypeError";
        got = e.what();
    } catch (const jinja::ValueError& e) {
        error = "ValueError";
        got = e.what();
    }

    const bj::value* want_error = line.if_contains("error");
    if (want_error && !want_error->is_null()) {
        if (error != want_error->get_string())
            out.failure = "expected " + std::string(want_error->get_string()) + ", got " +
                          (error.empty() ? "result " + vectors::show(bj::string(got)) : error + ": " + got);
        return {out};
    }
    if (!error.empty()) {
        out.failure = "unexpected " + error + ": " + got;
        return {out};
    }
    std::string_view want = line.at("expect").get_string();
    if (got != want) out.failure = "expected " + vectors::show(bj::string(want)) + ", got " + vectors::show(bj::string(got));
    return {out};
}

const vectors::Registration reg("json_dumps.jsonl", run);

}  // namespace
