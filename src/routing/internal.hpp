// Internals shared by the routing sources: compiled rule parts, weights,
// the state-machine matcher and small UTF-8 helpers.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "flask/routing.hpp"

namespace flask::routing {

// ---- UTF-8 / Unicode helpers (unicode.cpp) ---------------------------------

/// Decodes the code point at `pos` and advances `pos` (lenient: a stray byte is one code point).
char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept;
/// Value 0-9 of a Unicode decimal digit (Python's \d, category Nd), or -1.
int decimal_digit_value(char32_t c) noexcept;
/// Number of code points.
std::size_t count_code_points(std::string_view text) noexcept;
/// Python's int(str) for base 10 (whitespace, sign, underscores, Unicode
/// digits); nullopt when invalid or outside int64.
std::optional<std::int64_t> parse_python_int(std::string_view text);
/// Python's float(str); nullopt when invalid.
std::optional<double> parse_python_float(std::string_view text);
/// Python's repr() of a str (for messages).
std::string py_repr(std::string_view text);

/// Factories of Werkzeug's default converters (default, string, any, path, int, float, uuid).
std::vector<std::pair<std::string, ConverterFactory>> builtin_converters();

// ---- compiled rules --------------------------------------------------------

/// Werkzeug's Weighting: compared lexicographically, lower sorts first.
struct Weighting {
    int number_static = 0;                            // -len(static_weights)
    std::vector<std::pair<int, int>> static_weights;  // (index, -len(text))
    int number_arguments = 0;                         // -len(argument_weights)
    std::vector<int> argument_weights;

    friend bool operator<(const Weighting& a, const Weighting& b) {
        if (a.number_static != b.number_static) return a.number_static < b.number_static;
        if (a.static_weights != b.static_weights) return a.static_weights < b.static_weights;
        if (a.number_arguments != b.number_arguments) return a.number_arguments < b.number_arguments;
        return a.argument_weights < b.argument_weights;
    }
    friend bool operator==(const Weighting&, const Weighting&) = default;
};

/// One '/'-delimited part of a rule (or everything from the first
/// non-part-isolating converter on, for a `final` part).
struct Rule::Part {
    bool is_static = true;
    bool final = false;
    bool suffixed = false;          // final part ending in '/': matched as (?<!/)(/?)
    std::string content;            // static text, or an identity key of the pattern
    std::vector<Element> elements;  // literal text and converter slots, in order
    Weighting weight;
    std::size_t converter_count = 0;

    bool same_pattern(const Part& other) const {
        return is_static == other.is_static && final == other.final && suffixed == other.suffixed &&
               content == other.content && weight == other.weight;
    }
};

/// Matches a dynamic part against `target` the way `re.match(pattern + r"\Z")`
/// does: the first match in backtracking order.  Captures are written to
/// `captures` (converter_count of them); `slash_suffix` tells whether the
/// optional trailing slash of a suffixed part matched.
bool match_part(const Rule::Part& part, std::string_view target, std::string_view* captures, bool& slash_suffix);

// ---- the state machine -----------------------------------------------------

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class Matcher {
public:
    static constexpr std::size_t kMaxValues = 64;

    struct Outcome {
        enum Kind { Found, Redirect, NoMatch } kind = NoMatch;
        const Rule* rule = nullptr;
        Args args;
        std::string redirect_path;  // unquoted path for Redirect
        std::vector<std::string> have_match_for;
        bool websocket_mismatch = false;
    };

    explicit Matcher(bool merge_slashes) : merge_slashes_(merge_slashes) {}
    void add(const Rule& rule);
    Outcome match(std::string_view domain, std::string_view path, std::string_view method, bool websocket) const;

private:
    struct State {
        std::vector<std::pair<const Rule::Part*, std::unique_ptr<State>>> dynamic;
        std::vector<const Rule*> rules;
        std::unordered_map<std::string, std::unique_ptr<State>, StringHash, std::equal_to<>> statics;
    };
    struct Context;
    const Rule* match_state(const State& state, const std::string_view* parts, std::size_t n, std::size_t nvalues,
                            Context& ctx) const;
    const Rule* run(std::string_view domain, std::string_view path, Context& ctx) const;

    State root_;
    bool merge_slashes_;
};

/// The rules and converters of a Map.
struct Map::Impl {
    explicit Impl(bool merge_slashes) : matcher(merge_slashes) {}
    std::vector<std::pair<std::string, ConverterFactory>> converters = builtin_converters();
    std::vector<std::unique_ptr<Rule>> rules;
    std::vector<std::string> endpoint_order;
    std::unordered_map<std::string, std::vector<const Rule*>, StringHash, std::equal_to<>> by_endpoint;
    Matcher matcher;
};

}  // namespace flask::routing
