// conformance_jinja CASES_FILE: renders every case of the Jinja2 corpus and
// compares output bytes (or the error class) with what real Jinja2 produced.
#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "jinja/template.hpp"
#include "jinja_json.hpp"

namespace json = boost::json;

namespace {

struct Outcome {
    bool ok = false;
    std::string output;
    std::string error;
    std::string message;
};

Outcome run_case(const json::object& c) {
    const auto& envj = c.at("env").as_object();
    jinja::EnvironmentOptions opt;
    const auto& ae = envj.at("autoescape");
    if (ae.is_string()) {
        opt.autoescape_for = jinja::flask_autoescape;
    } else {
        opt.autoescape = ae.as_bool();
    }
    opt.trim_blocks = envj.at("trim_blocks").as_bool();
    opt.lstrip_blocks = envj.at("lstrip_blocks").as_bool();
    opt.keep_trailing_newline = envj.at("keep_trailing_newline").as_bool();
    std::string undef(envj.at("undefined").as_string());
    opt.undefined = undef == "strict" ? jinja::UndefinedKind::Strict
                    : undef == "chainable" ? jinja::UndefinedKind::Chainable
                                           : jinja::UndefinedKind::Default;
    for (const auto& e : envj.at("extensions").as_array()) {
        if (e.as_string() == "jinja2.ext.loopcontrols") opt.ext_loopcontrols = true;
        if (e.as_string() == "jinja2.ext.do") opt.ext_do = true;
    }
    std::map<std::string, std::string> templates;
    for (const auto& [k, v] : c.at("templates").as_object()) templates[std::string(k)] = std::string(v.as_string());
    opt.loader = std::make_shared<jinja::DictLoader>(templates);
    jinja::Environment env(opt);
    jinja::Dict ctx = jinja_json::to_value(c.at("context"), /*markup_tag=*/true).as_dict();
    Outcome out;
    try {
        out.output = env.get_template(std::string(c.at("entry").as_string()))->render(ctx);
        out.ok = true;
    } catch (const std::exception& e) {
        out.error = jinja::python_error_name(e);
        out.message = e.what();
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: conformance_jinja CASES_FILE [ID_PREFIX]\n";
        return 2;
    }
    std::string prefix = argc > 2 ? argv[2] : "";
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot open " << argv[1] << "\n";
        return 2;
    }
    int passed = 0, failed = 0;
    std::map<std::string, std::pair<int, int>> per_category;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        json::object c = json::parse(line).as_object();
        std::string id(c.at("id").as_string());
        if (!prefix.empty() && id.rfind(prefix, 0) != 0) continue;
        const auto& expect = c.at("expect").as_object();
        Outcome got = run_case(c);
        bool ok;
        std::string why;
        if (expect.contains("output")) {
            std::string want(expect.at("output").as_string());
            ok = got.ok && got.output == want;
            if (!ok)
                why = got.ok ? "output " + json::serialize(json::value(got.output)) + " != " + json::serialize(json::value(want))
                             : "raised " + got.error + ": " + got.message;
        } else {
            std::string want(expect.at("error").as_string());
            ok = !got.ok && (got.error == want || (want == "TemplatesNotFound" && got.error == "TemplateNotFound") ||
                             (want == "TemplateAssertionError" && got.error == "TemplateSyntaxError"));
            if (!ok)
                why = got.ok ? "expected " + want + ", got output " + json::serialize(json::value(got.output))
                             : "expected " + want + ", got " + got.error + ": " + got.message;
        }
        auto& cat = per_category[std::string(c.at("category").as_string())];
        if (ok) {
            ++passed;
            ++cat.first;
        } else {
            ++failed;
            ++cat.second;
            std::cout << "FAIL " << id << ": " << why << "\n";
        }
    }
    for (const auto& [name, counts] : per_category)
        std::cout << "category " << name << ": " << counts.first << " passed, " << counts.second << " failed\n";
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
