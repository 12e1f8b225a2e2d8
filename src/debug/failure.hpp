// What the debugger keeps of a request whose exception escaped the app:
// the exception, the trace captured at its throw, and the request context
// (so the console can evaluate expressions against request, session and g).
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "traceback.hpp"

namespace flask {
class Flask;
namespace detail {
struct RequestContextState;
}
}  // namespace flask

namespace flask::debug {

struct Failure {
    std::string type;     // demangled C++ type, e.g. "std::runtime_error"
    std::string message;  // what(), when it is a std::exception
    std::vector<Frame> frames;  // outermost first, trimmed to the request's dispatch
    std::shared_ptr<detail::RequestContextState> context;  // may be null
};

/// Type name and message of an exception.
std::pair<std::string, std::string> describe_exception(const std::exception_ptr& error);

/// Builds the Failure on the thread that caught `error` (the throw trace is per thread).
Failure make_failure(Flask& app, const std::exception_ptr& error, std::shared_ptr<detail::RequestContextState> context);

/// Python-style text: "Traceback (most recent call last):" ... "type: message".
std::string traceback_text(const Failure& failure);

/// Flask::handle hands the failure of a propagating exception to the debugger
/// through these (same thread, the exception still in flight).
void remember_failure(Failure failure, std::exception_ptr error);
std::optional<Failure> take_failure(const std::exception_ptr& error);

}  // namespace flask::debug
