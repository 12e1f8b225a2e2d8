// Symbolisation with libbacktrace (shipped with GCC): it reads the DWARF line
// tables of the executable and its shared libraries, inlined frames included.
#include "traceback.hpp"

#include <backtrace.h>
#include <cxxabi.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>


namespace flask::debug {

namespace {

void ignore_error(void*, const char*, int) {}

backtrace_state* state() {
    // Created once: libbacktrace caches the debug info it reads in the state.
    static backtrace_state* s = backtrace_create_state(nullptr, 1, ignore_error, nullptr);
    return s;
}

struct Collected {
    std::vector<Frame> frames;  // innermost first, for one pc (several when inlined)
};

int on_pcinfo(void* data, std::uintptr_t, const char* filename, int lineno, const char* function) {
    auto& out = *static_cast<Collected*>(data);
    if (!filename && !function) return 0;
    Frame f;
    f.function = function ? demangle(function) : "??";
    if (filename) f.file = filename;
    f.line = lineno;
    out.frames.push_back(std::move(f));
    return 0;
}

void on_syminfo(void* data, std::uintptr_t, const char* symname, std::uintptr_t, std::uintptr_t) {
    auto& out = *static_cast<Collected*>(data);
    Frame f;
    f.function = symname ? demangle(symname) : "??";
    out.frames.push_back(std::move(f));
}

bool under(const std::string& file, const std::string& root) {
    if (root.empty() || file.size() <= root.size()) return false;
    if (file.compare(0, root.size(), root) != 0) return false;
    return root.back() == '/' || file[root.size()] == '/';
}

std::vector<SourceLine> read_context(const std::string& file, int line, int context) {
    std::ifstream in(file);
    std::vector<SourceLine> out;
    if (!in) return out;
    std::string text;
    for (int n = 1; std::getline(in, text) && n <= line + context; ++n) {
        if (n >= line - context) out.push_back({n, text, n == line});
    }
    return out;
}

}  // namespace

std::string demangle(const char* name) {
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
    return status == 0 && out ? std::string(out.get()) : std::string(name);
}

std::vector<Frame> symbolise(const std::vector<std::uintptr_t>& pcs, const std::string& app_root, int context) {


    std::string root = app_root.empty() ? std::string() : std::filesystem::weakly_canonical(app_root).string();
    std::vector<Frame> frames;
    for (std::size_t i = 0; i < pcs.size(); ++i) {
        // A return address points after the call: look up the call itself.
        std::uintptr_t pc = i == 0 ? pcs[i] : pcs[i] - 1;
        Collected c;
        if (auto* s = state()) {
            backtrace_pcinfo(s, pc, on_pcinfo, ignore_error, &c);
            Collected symbol;
            backtrace_syminfo(s, pc, on_syminfo, ignore_error, &symbol);
            if (c.frames.empty()) {
                c.frames = std::move(symbol.frames);
            } else if (!symbol.frames.empty() && c.frames.back().function.find("::") == std::string::npos) {
                // DWARF names a lambda's call operator just "operator()"; the
                // symbol says whose: "main::{lambda()#1}::operator()() const".
                c.frames.back().function = symbol.frames.front().function;
            }
        }
        if (c.frames.empty()) c.frames.push_back(Frame{.function = "??", .file = {}, .line = 0, .app_code = false, .source = {}});
        for (auto& f : c.frames) frames.push_back(std::move(f));
    }
    for (auto& f : frames) {
        if (f.file.empty()) continue;
        std::error_code ec;
        auto canonical = std::filesystem::weakly_canonical(f.file, ec);
        if (!ec) f.file = canonical.string();
        f.app_code = under(f.file, root);
        if (f.app_code) f.source = read_context(f.file, f.line, context);
    }
    return {frames.rbegin(), frames.rend()};
}

}  // namespace flask::debug
