// Blocking views on event-loop threads, made safe by compensation.
//
// The app runs inline on the loop thread that parsed the request: no
// hand-off to a worker and back, which cost two thread wake-ups per request.
// A view that blocks (sleep, database, a slow upload) would then stall every
// other connection of its loop, so a monitor thread watches the threads
// running each loop's io_context, as Go's sysmon does: when all of them have
// been inside one request each for a few ticks (~5 ms), it lends the loop one
// more thread (a parked one, or a new one) that runs the same io_context and
// serves the other connections.  Lent threads go back to the pool once the
// loop has spare threads again, and exit after a while unused.
//
// Several threads running one io_context is safe because a connection has
// one chain of operations at a time and its handlers hold its mutex.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace flask::server {

struct Loop;

/// A thread currently running a loop's io_context.  The fast path costs
/// its own thread one relaxed store at the start and end of a request (no
/// clock read): the monitor sees a request as stuck when the same one is
/// still in progress tick after tick.
struct alignas(64) Runner {
    /// (requests started << 1) | (inside a request).
    std::atomic<std::uint64_t> state{0};
    std::uint64_t started = 0;  // owner thread only
    std::atomic<bool> retire{false};
    bool lent = false;          // a compensating thread, returned to the pool when spare
    // Monitor only.
    std::uint64_t last_seen = 0;
    unsigned stuck_ticks = 0;

    void enter() noexcept { state.store((++started << 1) | 1, std::memory_order_relaxed); }
    void leave() noexcept { state.store(started << 1, std::memory_order_relaxed); }
};

/// The runner of the calling thread; null off the loops.
Runner* current_runner() noexcept;

/// Marks the calling thread as inside a request for the monitor.
class RequestScope {
public:
    RequestScope() noexcept : runner_(current_runner()) {
        if (runner_) runner_->enter();
    }
    ~RequestScope() {
        if (runner_) runner_->leave();
    }
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

private:
    Runner* runner_;
};

/// Registers the calling thread as a runner of `loop` for its lifetime.
class RunnerScope {
public:
    RunnerScope(Loop& loop, Runner& runner);
    ~RunnerScope();
    RunnerScope(const RunnerScope&) = delete;
    RunnerScope& operator=(const RunnerScope&) = delete;

private:
    Loop& loop_;
    Runner& runner_;
    Runner* previous_;
};

/// Loop threads may run views that sendfile(2) to a vanished peer, which
/// raises SIGPIPE (there is no MSG_NOSIGNAL for it): block it on this thread
/// while in scope, and discard what became pending before unblocking.
class SigpipeBlock {
public:
    SigpipeBlock();
    ~SigpipeBlock();
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

private:
    bool was_blocked_ = false;
};

class Compensator {
public:
    using ErrorLog = std::function<void(std::string_view)>;

    Compensator(std::vector<std::unique_ptr<Loop>>& loops, unsigned max_threads, ErrorLog error_log);
    ~Compensator();
    Compensator(const Compensator&) = delete;
    Compensator& operator=(const Compensator&) = delete;

    void start();
    /// Stop the monitor, then make every lent thread leave its loop and join it.
    void shutdown();
    /// Threads created so far and still alive (tests, diagnostics).
    std::size_t thread_count() const;

private:
    struct Helper {
        std::thread thread;
        Runner runner;
        Loop* loop = nullptr;  // assigned by the monitor; null while parked
        std::condition_variable wake;
        bool finished = false;
    };

    void monitor();
    bool tick();
    void lend(Loop& loop);
    void helper_main(Helper& helper);
    void reap_locked();

    std::vector<std::unique_ptr<Loop>>& loops_;
    unsigned max_threads_;
    ErrorLog error_log_;
    mutable std::mutex mutex_;  // helpers_, stopping_, started_; never held while locking a loop's runners first
    std::condition_variable monitor_wake_;
    std::vector<std::unique_ptr<Helper>> helpers_;
    std::thread monitor_;
    bool stopping_ = false;
    bool started_ = false;
};

}  // namespace flask::server
