#include "throw_trace.hpp"

#include <dlfcn.h>
#include <execinfo.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <typeinfo>

namespace flask::debug {

namespace {

std::atomic<bool> capture{false};
ThrowFilter filter = nullptr;

constexpr int max_frames = 64;

struct Record {
    void* object = nullptr;
    std::array<void*, max_frames> frames{};
    int count = 0;
};

// A handful per thread: a view may throw and catch a few exceptions of its
// own before the one that escapes; rethrows (`throw;`) do not re-enter the hook.
struct Ring {
    std::array<Record, 8> records;
    unsigned next = 0;
};

thread_local Ring ring;

using ThrowFn = void (*)(void*, std::type_info*, void (*)(void*));

ThrowFn real_throw() {
    static ThrowFn fn = reinterpret_cast<ThrowFn>(dlsym(RTLD_NEXT, "__cxa_throw"));
    return fn;
}

// A throw that is not recorded may reuse the address of an old, recorded
// exception object: forget that record so the new one never inherits it.
void forget(void* object) {
    for (Record& r : ring.records)
        if (r.object == object) r.object = nullptr;
}

[[gnu::noinline]] void record(void* object) {
    Record& r = ring.records[ring.next++ % ring.records.size()];
    r.object = object;
    r.count = backtrace(r.frames.data(), max_frames);
}

// libstdc++'s exception_ptr is one pointer to the thrown object.
void* object_of(const std::exception_ptr& error) {
    static_assert(sizeof(std::exception_ptr) == sizeof(void*));
    void* object = nullptr;
    std::memcpy(&object, static_cast<const void*>(&error), sizeof object);
    return object;
}

}  // namespace

void set_throw_capture(bool on) { capture.store(on, std::memory_order_relaxed); }
bool throw_capture_enabled() { return capture.load(std::memory_order_relaxed); }
void set_throw_filter(ThrowFilter skip) { filter = skip; }

std::vector<std::uintptr_t> trace_of(const std::exception_ptr& error) {
    void* object = object_of(error);
    if (!object) return {};
    for (const Record& r : ring.records) {
        if (r.object != object) continue;
        std::vector<std::uintptr_t> pcs;
        // Frame 0 is record(), frame 1 is __cxa_throw: the throw site follows.
        for (int i = 2; i < r.count; ++i) pcs.push_back(reinterpret_cast<std::uintptr_t>(r.frames[i]));
        return pcs;
    }
    return {};
}

}  // namespace flask::debug

// The interposed entry point.  Every `throw` in the program lands here
// because the executable (or libflaskcpp.so) is searched before libstdc++.
extern "C" [[noreturn]] void __cxa_throw(void* object, std::type_info* type, void (*destructor)(void*)) {
    using namespace flask::debug;
    if (capture.load(std::memory_order_relaxed) && !(filter && filter(*type, object)))
        record(object);
    else
        forget(object);
    auto fn = real_throw();
    if (!fn) std::abort();
    fn(object, type, destructor);
    __builtin_unreachable();
}
