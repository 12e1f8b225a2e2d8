// secure_filename.jsonl: werkzeug.utils.secure_filename against flask/utils.hpp.
// `expect` is the POSIX result (what this port targets); `expect_nt` is
// checked too, through PathFlavour::nt.
#include "flask/utils.hpp"
#include "vectors.hpp"

namespace {

std::vector<vectors::Outcome> check(const boost::json::object& line) {
    vectors::Outcome outcome{std::string(line.at("id").get_string()), {}};
    std::string input(line.at("input").get_string());
    std::string expect(line.at("expect").get_string());
    std::string got = flask::secure_filename(input);
    if (got != expect) {
        outcome.failure = "expected \"" + expect + "\", got \"" + got + "\"";
    } else if (const auto* nt = line.if_contains("expect_nt"); nt && nt->is_string()) {
        std::string got_nt = flask::secure_filename(input, flask::PathFlavour::nt);
        if (got_nt != nt->get_string())
            outcome.failure = "(nt) expected \"" + std::string(nt->get_string()) + "\", got \"" + got_nt + "\"";
    }
    return {outcome};
}

static vectors::Registration reg("secure_filename.jsonl", check);

}  // namespace
