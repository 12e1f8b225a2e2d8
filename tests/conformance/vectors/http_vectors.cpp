// http_parsing.jsonl: Werkzeug's HTTP helpers against flask/http.hpp,
// flask/iri.hpp, flask/urls.hpp and flask/forms.hpp.
#include <cmath>
#include <stdexcept>

#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "flask/iri.hpp"
#include "flask/response.hpp"
#include "flask/urls.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"
#include "vectors.hpp"

namespace {

namespace json = boost::json;
using jinja::Value;

/// A Python error name a C++ exception stands for.
struct Raised {
    std::string name;
};

const json::value& in(const json::object& input, const char* key) {
    static const json::value null;
    const json::value* v = input.if_contains(key);
    return v ? *v : null;
}

std::optional<std::string> opt_string(const json::value& v) {
    if (v.is_null()) return std::nullopt;
    return std::string(v.get_string());
}

/// A raw-bytes input: a JSON string (its UTF-8) or typed bytes.
std::string bytes_of(const json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    return vectors::typed_value(v).as_string();
}

json::value str_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::array pairs(const flask::MultiDict& d) {
    json::array out;
    for (const auto& [k, v] : d.items()) out.push_back(json::array{json::string(k), json::string(v)});
    return out;
}

std::string iso(const flask::DateTime& d) { return d.isoformat('T'); }

json::value datetime_json(const std::optional<flask::DateTime>& d) {
    if (!d) return nullptr;
    return json::object{{"$type", "datetime"}, {"value", iso(*d)}};
}

std::optional<flask::DateTime> datetime_input(const json::value& v) {
    if (v.is_null()) return std::nullopt;
    Value val = vectors::typed_value(v);
    if (!val.is_object()) throw std::runtime_error("not a datetime");
    return dynamic_cast<const flask::DateTime&>(val.as_object());
}

flask::HttpTimestamp timestamp_input(const json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_double()) return v.get_double();
    if (v.is_string()) return std::string(v.get_string());
    Value val = vectors::typed_value(v);
    if (auto* dt = dynamic_cast<const flask::DateTime*>(&val.as_object())) return *dt;
    return dynamic_cast<const flask::Date&>(val.as_object());
}

std::string http_date_of(const json::value& v) {
    if (v.is_int64()) return flask::http_date(v.get_int64());
    if (v.is_double()) return flask::http_date(v.get_double());
    Value val = vectors::typed_value(v);
    if (auto* dt = dynamic_cast<const flask::DateTime*>(&val.as_object())) return flask::http_date(*dt);
    return flask::http_date(dynamic_cast<const flask::Date&>(val.as_object()));
}

flask::HeaderParams params_of(const json::value& v) {
    flask::HeaderParams out;
    Value val = vectors::typed_value(v);
    for (const auto& [k, value] : val.as_dict()) out.emplace_back(k.as_string(), value);
    return out;
}

json::array accept_items(const flask::Accept& a) {
    json::array items;
    for (const auto& [value, q] : a) items.push_back(json::array{json::string(value), q});
    return items;
}

std::vector<std::string> strings_of(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& s : v.get_array()) out.emplace_back(s.get_string());
    return out;
}

json::value run(const std::string& func, const json::object& input) {
    using namespace flask;
    if (func == "parse_options_header") {
        auto parsed = parse_options_header(opt_string(in(input, "value")));
        json::object options;
        for (const auto& [k, v] : parsed.options) options[k] = v;
        return json::object{{"value", parsed.value}, {"options", options}};
    }
    if (func == "dump_options_header")
        return json::value(dump_options_header(opt_string(in(input, "header")), params_of(in(input, "options"))));
    if (func == "parse_list_header") {
        json::array out;
        for (const auto& item : parse_list_header(in(input, "value").get_string())) out.push_back(json::string(item));
        return out;
    }
    if (func == "parse_dict_header") {
        json::object out;
        for (const auto& [k, v] : parse_dict_header(in(input, "value").get_string())) out[k] = str_or_null(v);
        return out;
    }
    if (func == "quote_header_value")
        return json::value(quote_header_value(in(input, "value").get_string(), in(input, "allow_token").as_bool()));
    if (func == "unquote_header_value") return json::value(unquote_header_value(in(input, "value").get_string()));
    if (func == "dump_header") {
        const json::value& iterable = in(input, "iterable");
        if (iterable.is_array()) return json::value(dump_header(strings_of(iterable)));
        return json::value(dump_header(params_of(iterable)));
    }
    if (func == "parse_cookie") return pairs(parse_cookie(bytes_of(in(input, "header"))));
    if (func == "request_cookies") return pairs(parse_request_cookies(bytes_of(in(input, "raw"))));
    if (func == "dump_cookie" || func == "delete_cookie") {
        CookieOptions options;
        if (const auto& v = in(input, "max_age"); !v.is_null()) options.max_age = v.as_int64();
        if (const auto& v = in(input, "expires"); !v.is_null()) options.expires = timestamp_input(v);
        if (const auto* v = input.if_contains("path")) options.path = opt_string(*v);
        options.domain = opt_string(in(input, "domain"));
        options.secure = in(input, "secure").is_bool() && in(input, "secure").get_bool();
        options.httponly = in(input, "httponly").is_bool() && in(input, "httponly").get_bool();
        options.samesite = opt_string(in(input, "samesite"));
        options.partitioned = in(input, "partitioned").is_bool() && in(input, "partitioned").get_bool();
        if (const auto& v = in(input, "now"); !v.is_null()) options.now = v.to_number<double>();
        std::string key(in(input, "key").get_string());
        if (func == "dump_cookie") {
            std::string value = in(input, "value").is_string() ? std::string(in(input, "value").get_string()) : "";
            // Werkzeug returns a PEP 3333 latin-1 str: compare as such.
            return json::value(http_detail::latin1_to_utf8(dump_cookie(key, value, options)));
        }
        Response response;
        response.headers.clear();
        // delete_cookie at the frozen clock: the runner passes `now` through set_cookie's options.
        CookieOptions del;
        del.expires = 0;
        del.max_age = 0;
        del.path = options.path;
        del.domain = options.domain;
        del.secure = options.secure;
        del.httponly = options.httponly;
        del.samesite = options.samesite;
        del.partitioned = options.partitioned;
        response.delete_cookie(key, options.path, options.domain, options.secure, options.httponly, options.samesite,
                               options.partitioned);
        json::array out;
        for (const auto& v : response.headers.get_all("Set-Cookie")) out.push_back(json::string(v));
        if (out.size() != 1 || out[0].get_string() != dump_cookie(key, "", del))
            throw std::runtime_error("delete_cookie differs from dump_cookie(expires=0, max_age=0)");
        return out;
    }
    if (func == "werkzeug_urlencode") {
        QueryPairs query;
        for (const auto& pair : in(input, "pairs").get_array())
            query.emplace_back(std::string(pair.get_array().at(0).get_string()), vectors::typed_value(pair.get_array().at(1)));
        return json::value(url_encode(query));
    }
    if (func == "iri_to_uri") return json::value(iri_to_uri(in(input, "iri").get_string()));
    if (func == "uri_to_iri") return json::value(uri_to_iri(in(input, "uri").get_string()));
    if (func == "request_args") {
        try {
            return pairs(url_decode(bytes_of(in(input, "raw"))));
        } catch (const InvalidUtf8&) {
            throw Raised{"UnicodeDecodeError"};
        }
    }
    if (func == "request_form") {
        auto content_type = opt_string(in(input, "content_type")).value_or("application/x-www-form-urlencoded");
        auto mimetype = jinja::pystr::lower(parse_options_header(content_type).value);
        if (mimetype != "application/x-www-form-urlencoded") return json::array();
        try {
            return pairs(url_decode(bytes_of(in(input, "body"))));
        } catch (const InvalidUtf8&) {
            return json::array();
        }
    }
    if (func == "parse_accept_header_mime") {
        auto accept = parse_accept_header<MIMEAccept>(opt_string(in(input, "value")));
        return json::object{{"items", accept_items(accept)}, {"provided", accept.provided()}};
    }
    if (func == "mime_best_match") {
        auto accept = parse_accept_header<MIMEAccept>(opt_string(in(input, "value")));
        auto offers = strings_of(in(input, "offers"));
        json::object quality;
        for (const auto& offer : offers) quality[offer] = accept.quality(offer);
        return json::object{{"best_match", str_or_null(accept.best_match(offers, opt_string(in(input, "default"))))},
                            {"quality", quality},
                            {"accept_html", accept.accept_html()},
                            {"accept_json", accept.accept_json()}};
    }
    if (func == "language_best_match") {
        auto accept = parse_accept_header<LanguageAccept>(opt_string(in(input, "value")));
        auto offers = strings_of(in(input, "offers"));
        return json::object{{"items", accept_items(accept)},
                            {"best_match", str_or_null(accept.best_match(offers, opt_string(in(input, "default"))))}};
    }
    if (func == "parse_range_header") {
        auto range = parse_range_header(opt_string(in(input, "value")));
        if (!range) return nullptr;
        std::optional<std::int64_t> length;
        if (const auto& l = in(input, "length"); !l.is_null()) length = l.as_int64();
        json::array ranges;
        for (const auto& [start, stop] : range->ranges)
            ranges.push_back(json::array{start, stop ? json::value(*stop) : json::value(nullptr)});
        auto for_length = range->range_for_length(length);
        return json::object{
            {"units", range->units},
            {"ranges", ranges},
            {"range_for_length", for_length ? json::value(json::array{for_length->first, for_length->second}) : json::value(nullptr)},
            {"content_range", str_or_null(range->to_content_range_header(length))}};
    }
    if (func == "parse_content_range_header") {
        auto cr = parse_content_range_header(opt_string(in(input, "value")));
        if (!cr) return nullptr;
        auto num = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
        return json::object{{"units", str_or_null(cr->units)},
                            {"start", num(cr->start)},
                            {"stop", num(cr->stop)},
                            {"length", num(cr->length)},
                            {"header", cr->to_header()}};
    }
    if (func == "http_date") return json::value(http_date_of(in(input, "timestamp")));
    if (func == "parse_date") return datetime_json(parse_date(opt_string(in(input, "value"))));
    if (func == "generate_etag") return json::value(generate_etag(bytes_of(in(input, "data"))));
    if (func == "quote_etag") return json::value(quote_etag(in(input, "etag").get_string(), in(input, "weak").as_bool()));
    if (func == "unquote_etag") {
        auto tag = unquote_etag(opt_string(in(input, "etag")));
        if (!tag) return json::array{nullptr, nullptr};
        return json::array{json::string(tag->etag), tag->weak};
    }
    if (func == "parse_etags") {
        auto etags = parse_etags(opt_string(in(input, "value")));
        std::string probe(in(input, "probe").get_string());
        json::array strong, weak;
        for (const auto& s : etags.strong()) strong.push_back(json::string(s));
        for (const auto& w : etags.weak()) weak.push_back(json::string(w));
        return json::object{{"strong", strong},
                            {"weak", weak},
                            {"star", etags.star_tag()},
                            {"empty", etags.empty()},
                            {"contains", etags.contains(probe)},
                            {"contains_weak", etags.contains_weak(probe)},
                            {"is_strong", etags.is_strong(probe)},
                            {"is_weak", etags.is_weak(probe)},
                            {"contains_raw", etags.contains_raw(probe)}};
    }
    if (func == "is_resource_modified") {
        Headers headers;
        for (const auto& [k, v] : in(input, "headers").get_object()) headers.add(std::string(k), std::string(v.get_string()));
        auto etag = opt_string(in(input, "etag"));
        std::optional<std::string> data;
        if (const auto& d = in(input, "data"); !d.is_null()) data = bytes_of(d);
        bool ignore_if_range = !in(input, "ignore_if_range").is_bool() || in(input, "ignore_if_range").get_bool();
        const json::value& lm = in(input, "last_modified");
        std::optional<std::string_view> etag_view, data_view;
        if (etag) etag_view = *etag;
        if (data) data_view = *data;
        if (lm.is_string()) return is_resource_modified(headers, etag_view, data_view, std::string_view(lm.get_string()), ignore_if_range);
        return is_resource_modified(headers, etag_view, data_view, datetime_input(lm), ignore_if_range);
    }
    throw std::runtime_error("unknown func " + func);
}

/// Equality as the README asks: numbers by value (1 == 1.0), objects unordered.
bool same(const json::value& a, const json::value& b) {
    if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
    if (a.kind() != b.kind()) return false;
    if (a.is_array()) {
        const auto &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same(x[i], y[i])) return false;
        return true;
    }
    if (a.is_object()) {
        const auto &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& [k, v] : x) {
            const json::value* other = y.if_contains(k);
            if (!other || !same(v, *other)) return false;
        }
        return true;
    }
    return a == b;
}

std::string error_name(const std::exception& e) {
    if (dynamic_cast<const jinja::ValueError*>(&e) || dynamic_cast<const std::invalid_argument*>(&e)) return "ValueError";
    if (dynamic_cast<const flask::InvalidUtf8*>(&e)) return "UnicodeDecodeError";
    return std::string("exception: ") + e.what();
}

std::vector<vectors::Outcome> check(const json::object& line) {
    vectors::Outcome outcome{std::string(line.at("id").get_string()), {}};
    std::string func(line.at("func").get_string());
    const json::value* error = line.if_contains("error");
    json::value got;
    std::string raised;
    try {
        got = run(func, line.at("input").get_object());
    } catch (const Raised& r) {
        raised = r.name;
    } catch (const std::exception& e) {
        raised = error_name(e);
    }
    if (error) {
        if (raised != error->get_string())
            outcome.failure = "expected " + std::string(error->get_string()) + ", got " + (raised.empty() ? vectors::show(got) : raised);
    } else if (!raised.empty()) {
        outcome.failure = "raised " + raised;
    } else if (!same(got, line.at("expect"))) {
        outcome.failure = "expected " + vectors::show(line.at("expect")) + ", got " + vectors::show(got);
    }
    return {outcome};
}

static vectors::Registration reg("http_parsing.jsonl", check);

}  // namespace
