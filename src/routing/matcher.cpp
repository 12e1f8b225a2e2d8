// The state-machine matcher: rules are stored as paths of parts in a tree
// of states; matching walks the request's '/'-separated parts, trying static
// transitions first, then dynamic ones ordered by weight, with backtracking
// (Werkzeug's StateMachineMatcher).
#include <algorithm>
#include <array>

#include "routing/internal.hpp"

namespace flask::routing {

namespace {

bool match_elements(const Rule::Part& part, std::size_t index, std::string_view target, std::size_t pos,
                    std::string_view* captures, std::size_t capture, bool& slash_suffix) {
    if (index == part.elements.size()) {
        if (part.suffixed) {
            // (?<!/)(/?)\Z
            if (pos > 0 && target[pos - 1] == '/') return false;
            if (pos + 1 == target.size() && target[pos] == '/') {
                slash_suffix = true;
                return true;
            }
            slash_suffix = false;
            return pos == target.size();
        }
        return pos == target.size();
    }
    const Rule::Element& e = part.elements[index];
    if (!e.is_converter) {
        if (target.substr(pos, e.text.size()) != e.text) return false;
        return match_elements(part, index + 1, target, pos + e.text.size(), captures, capture, slash_suffix);
    }
    return e.converter->match(target, pos, [&](std::size_t end) {
        captures[capture] = target.substr(pos, end - pos);
        return match_elements(part, index + 1, target, end, captures, capture + 1, slash_suffix);
    });
}

const std::string_view kTrailingEmptyPart[1] = {std::string_view{}};

}  // namespace

bool match_part(const Rule::Part& part, std::string_view target, std::string_view* captures, bool& slash_suffix) {
    slash_suffix = false;
    return match_elements(part, 0, target, 0, captures, 0, slash_suffix);
}

void Matcher::add(const Rule& rule) {
    State* state = &root_;
    for (const auto& part : rule.parts_) {
        if (part.is_static) {
            auto& next = state->statics[part.content];
            if (!next) next = std::make_unique<State>();
            state = next.get();
            continue;
        }
        State* found = nullptr;
        for (auto& [test, next] : state->dynamic)
            if (test->same_pattern(part)) found = next.get();
        if (!found) {
            // Keep transitions sorted by weight; equal weights keep registration order.
            auto at = std::upper_bound(state->dynamic.begin(), state->dynamic.end(), part.weight,
                                       [](const Weighting& w, const auto& entry) { return w < entry.first->weight; });
            auto it = state->dynamic.emplace(at, &part, std::make_unique<State>());
            found = it->second.get();
        }
        state = found;
    }
    state->rules.push_back(&rule);
}

struct Matcher::Context {
    std::string_view method;
    bool websocket;
    bool slash_required = false;
    bool websocket_mismatch = false;
    std::vector<const std::vector<std::string>*> have_match_for;
    std::array<std::string_view, kMaxValues> values;
    std::size_t nvalues = 0;  // values of the rule found

    void record_methods(const Rule& rule) {
        const auto* m = &*rule.methods();
        if (std::find(have_match_for.begin(), have_match_for.end(), m) == have_match_for.end())
            have_match_for.push_back(m);
    }
};

const Rule* Matcher::match_state(const State& state, const std::string_view* parts, std::size_t n,
                                 std::size_t nvalues, Context& ctx) const {
    if (n == 0) {
        for (const Rule* rule : state.rules) {
            if (!rule->allows_method(ctx.method)) {
                ctx.record_methods(*rule);
            } else if (rule->websocket() != ctx.websocket) {
                ctx.websocket_mismatch = true;
            } else {
                ctx.nvalues = nvalues;
                return rule;
            }
        }
        // A match with an additional trailing slash?
        if (auto it = state.statics.find(std::string_view{}); it != state.statics.end()) {
            for (const Rule* rule : it->second->rules) {
                if (rule->websocket() == ctx.websocket && rule->allows_method(ctx.method)) {
                    if (rule->strict_slashes()) {
                        ctx.slash_required = true;
                        return nullptr;
                    }
                    ctx.nvalues = nvalues;
                    return rule;
                }
            }
        }
        return nullptr;
    }

    std::string_view part = parts[0];
    if (auto it = state.statics.find(part); it != state.statics.end()) {
        const Rule* rv = match_state(*it->second, parts + 1, n - 1, nvalues, ctx);
        if (rv || ctx.slash_required) return rv;
    }
    for (const auto& [test, next] : state.dynamic) {
        std::string_view target = part;
        const std::string_view* rest = parts + 1;
        std::size_t rest_n = n - 1;
        if (test->final) {
            // The rest of the path at once ("/".join(parts)); parts are contiguous.
            const std::string_view& last = parts[n - 1];
            target = std::string_view(part.data(), static_cast<std::size_t>(last.data() + last.size() - part.data()));
            rest_n = 0;
        }
        bool slash_suffix = false;
        if (!match_part(*test, target, ctx.values.data() + nvalues, slash_suffix)) continue;
        if (test->suffixed && slash_suffix) {
            rest = kTrailingEmptyPart;
            rest_n = 1;
        }
        const Rule* rv = match_state(*next, rest, rest_n, nvalues + test->converter_count, ctx);
        if (rv || ctx.slash_required) return rv;
    }
    // Only a trailing slash is left: rules without strict slashes accept it.
    if (n == 1 && part.empty()) {
        for (const Rule* rule : state.rules) {
            if (rule->strict_slashes()) continue;
            if (!rule->allows_method(ctx.method)) {
                ctx.record_methods(*rule);
            } else if (rule->websocket() != ctx.websocket) {
                ctx.websocket_mismatch = true;
            } else {
                ctx.nvalues = nvalues;
                return rule;
            }
        }
    }
    return nullptr;
}

const Rule* Matcher::run(std::string_view domain, std::string_view path, Context& ctx) const {
    // Parts: the domain, then path.split("/").
    constexpr std::size_t kInline = 32;
    std::array<std::string_view, kInline> inline_parts;
    std::vector<std::string_view> heap_parts;
    std::size_t count = 2 + static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
    if (path.empty()) count = 2;
    std::string_view* parts = inline_parts.data();
    if (count > kInline) {
        heap_parts.resize(count);
        parts = heap_parts.data();
    }
    std::size_t n = 0;
    parts[n++] = domain;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            parts[n++] = path.substr(start);
            break;
        }
        parts[n++] = path.substr(start, slash - start);
        start = slash + 1;
    }
    return match_state(root_, parts, n, 0, ctx);
}

Matcher::Outcome Matcher::match(std::string_view domain, std::string_view path, std::string_view method,
                                bool websocket) const {
    Outcome out;
    Context ctx;
    ctx.method = method;
    ctx.websocket = websocket;
    auto no_match = [&] {
        out.kind = Outcome::NoMatch;
        for (const auto* methods : ctx.have_match_for)
            for (const auto& m : *methods)
                if (std::find(out.have_match_for.begin(), out.have_match_for.end(), m) == out.have_match_for.end())
                    out.have_match_for.push_back(m);
        std::sort(out.have_match_for.begin(), out.have_match_for.end());
        out.websocket_mismatch = ctx.websocket_mismatch;
        return out;
    };

    const Rule* rule = run(domain, path, ctx);
    if (ctx.slash_required) {
        out.kind = Outcome::Redirect;
        out.redirect_path = std::string(path) + "/";
        return out;
    }
    if (!rule) {
        if (!merge_slashes_ || path.find("//") == std::string_view::npos) return no_match();
        std::string merged;
        for (char c : path)
            if (!(c == '/' && !merged.empty() && merged.back() == '/')) merged += c;
        rule = run(domain, merged, ctx);
        if (ctx.slash_required) {
            out.kind = Outcome::Redirect;
            out.redirect_path = merged + "/";
            return out;
        }
        if (!rule || !rule->merge_slashes()) return no_match();
        out.kind = Outcome::Redirect;
        out.redirect_path = std::move(merged);
        return out;
    }

    out.kind = Outcome::Found;
    out.rule = rule;
    const auto& converters = rule->converters();
    std::size_t count = std::min(converters.size(), ctx.nvalues);
    out.args.reserve(count + rule->defaults().size());
    try {
        for (std::size_t i = 0; i < count; ++i)
            out.args.emplace_back(converters[i].name, converters[i].converter->to_python(ctx.values[i]));
    } catch (const ValidationError&) {
        out.args.clear();
        out.rule = nullptr;
        return no_match();
    }
    for (const auto& [key, value] : rule->defaults()) {
        bool replaced = false;
        for (auto& [k, v] : out.args)
            if (k == key) v = value, replaced = true;
        if (!replaced) out.args.emplace_back(key, value);
    }
    return out;
}

}  // namespace flask::routing
