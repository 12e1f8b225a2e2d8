#include "failure.hpp"

#include <cxxabi.h>

#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/context_state.hpp"
#include "throw_trace.hpp"

namespace flask::debug {

namespace {

struct Remembered {
    std::exception_ptr error;
    std::optional<Failure> failure;
};
thread_local Remembered remembered;

// The frames of interest start at the view: everything outside Flask::handle
// is the server's event loop.
void trim_outer_frames(std::vector<Frame>& frames) {
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (frames[i].function.rfind("flask::Flask::handle(", 0) == 0) {
            frames.erase(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(i));
            return;
        }
    }
}

}  // namespace

std::pair<std::string, std::string> describe_exception(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        const std::type_info* type = abi::__cxa_current_exception_type();
        return {type ? demangle(type->name()) : "std::exception", e.what()};
    } catch (...) {
        const std::type_info* type = abi::__cxa_current_exception_type();
        return {type ? demangle(type->name()) : "unknown exception", ""};
    }
}

Failure make_failure(Flask& app, const std::exception_ptr& error, std::shared_ptr<detail::RequestContextState> context) {
    Failure f;
    std::tie(f.type, f.message) = describe_exception(error);
    f.frames = symbolise(trace_of(error), app.root_path().string());
    trim_outer_frames(f.frames);
    f.context = std::move(context);
    return f;
}

std::string traceback_text(const Failure& failure) {
    std::string out;
    if (!failure.frames.empty()) out += "Traceback (most recent call last):\n";
    for (const auto& frame : failure.frames) {
        // The standard library's plumbing (std::function, invoke) only adds noise to a log.
        if (frame.file.starts_with("/usr/include/")) continue;
        if (frame.file.empty()) {
            out += fmt::format("  in {}\n", frame.function);
            continue;
        }
        out += fmt::format("  File \"{}\", line {}, in {}\n", frame.file, frame.line, frame.function);
        for (const auto& line : frame.source) {
            if (!line.current) continue;
            auto start = line.text.find_first_not_of(" \t");
            if (start != std::string::npos) out += "    " + line.text.substr(start) + "\n";
        }
    }
    out += failure.message.empty() ? failure.type : failure.type + ": " + failure.message;
    return out;
}

void remember_failure(Failure failure, std::exception_ptr error) {
    remembered.error = std::move(error);
    remembered.failure = std::move(failure);
}

std::optional<Failure> take_failure(const std::exception_ptr& error) {
    if (!remembered.failure || remembered.error != error) return std::nullopt;
    auto out = std::move(remembered.failure);
    remembered = {};
    return out;
}

}  // namespace flask::debug
