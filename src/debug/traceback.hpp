// A symbolised stack trace, as the debug page shows it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flask::debug {

struct SourceLine {
    int number = 0;
    std::string text;
    bool current = false;
};

struct Frame {
    std::string function;  // demangled; "??" when unknown
    std::string file;      // empty when the binary has no line info for it
    int line = 0;
    bool app_code = false;            // under the app's root folder: shown with its source
    std::vector<SourceLine> source;   // a few lines around `line` (app code only)
};

/// Resolves program counters (innermost first) into frames, outermost first
/// as Python prints a traceback.  Frames whose file lies under `app_root` are
/// the app's own and carry `context` lines of source on either side.
std::vector<Frame> symbolise(const std::vector<std::uintptr_t>& pcs, const std::string& app_root, int context = 5);

/// `abi::__cxa_demangle`, or the name itself when it is not a mangled one.
std::string demangle(const char* name);

}  // namespace flask::debug
