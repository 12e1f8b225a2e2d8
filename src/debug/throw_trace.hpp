// Stack traces captured where an exception is thrown.
//
// C++ unwinds the stack before a handler runs, so a trace taken in a catch
// block shows the handler, not the throw.  In debug mode we interpose
// __cxa_throw (the C++ runtime's throw entry point) and record the program
// counters of the throwing thread, keyed by the exception object; the
// debugger later looks the trace up from the exception_ptr it caught.
// Off by default: then a throw costs one relaxed atomic load more.
#pragma once

#include <cstdint>
#include <exception>
#include <typeinfo>
#include <vector>

namespace flask::debug {

/// Turns capturing on or off for the whole process.
void set_throw_capture(bool on);
bool throw_capture_enabled();

/// Exceptions for which `skip(type, object)` is true are not recorded (the
/// HTTP exceptions routing and abort() throw as control flow).  Set it before
/// serving; it is read without locking.
using ThrowFilter = bool (*)(const std::type_info& type, void* object);
void set_throw_filter(ThrowFilter skip);

/// The program counters (innermost first, starting at the throw site) recorded
/// when `error` was thrown on this thread; empty when none was recorded.
std::vector<std::uintptr_t> trace_of(const std::exception_ptr& error);

}  // namespace flask::debug
