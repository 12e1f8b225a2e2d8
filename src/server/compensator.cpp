#include "server/compensator.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <exception>
#include <string>

#include "server/server_core.hpp"

namespace flask::server {
namespace {

using namespace std::chrono_literals;

thread_local Runner* this_runner = nullptr;

constexpr auto active_tick = 1ms;           // resolution of stuck detection while requests run
constexpr auto idle_tick = 20ms;            // nothing ran for a while: wake rarely
constexpr unsigned ticks_before_backoff = 200;
// Same request in progress on 5 ticks: 4-5 ms.  Shorter mistakes a loop
// thread preempted on a busy machine for a blocked one.
constexpr unsigned stuck_after_ticks = 4;
constexpr unsigned spare_ticks_before_retire = 10;  // hysteresis; re-lending a parked thread is cheap
constexpr auto helper_poll = 20ms;          // how soon a lent thread notices it may retire
constexpr auto parked_lifetime = 30s;       // an unused parked thread exits

}  // namespace

Runner* current_runner() noexcept { return this_runner; }

RunnerScope::RunnerScope(Loop& loop, Runner& runner) : loop_(loop), runner_(runner), previous_(this_runner) {
    {
        std::lock_guard lock(loop_.runners_mutex);
        loop_.runners.push_back(&runner_);
    }
    this_runner = &runner_;
}

RunnerScope::~RunnerScope() {
    this_runner = previous_;
    std::lock_guard lock(loop_.runners_mutex);
    std::erase(loop_.runners, &runner_);
}

SigpipeBlock::SigpipeBlock() {
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    was_blocked_ = sigismember(&old, SIGPIPE) == 1;
}

SigpipeBlock::~SigpipeBlock() {
    if (was_blocked_) return;
    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    timespec zero{0, 0};
    // A SIGPIPE left pending would kill the process the moment it is unblocked.
    while (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1)
        if (sigtimedwait(&set, nullptr, &zero) < 0) break;
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

Compensator::Compensator(std::vector<std::unique_ptr<Loop>>& loops, unsigned max_threads, ErrorLog error_log)
    : loops_(loops), max_threads_(max_threads ? max_threads : 1), error_log_(std::move(error_log)) {}

Compensator::~Compensator() { shutdown(); }

void Compensator::start() {
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) return;
    started_ = true;
    monitor_ = std::thread([this] { monitor(); });
}

void Compensator::shutdown() {
    std::thread monitor;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        monitor.swap(monitor_);
        for (auto& helper : helpers_) {
            helper->runner.retire.store(true);
            helper->wake.notify_one();
        }
    }
    monitor_wake_.notify_all();
    if (monitor.joinable()) monitor.join();
    // Lent threads leave their loop within helper_poll (or when their view returns).
    std::vector<std::unique_ptr<Helper>> helpers;
    {
        std::lock_guard lock(mutex_);
        helpers.swap(helpers_);
    }
    for (auto& helper : helpers)
        if (helper->thread.joinable()) helper->thread.join();
    std::lock_guard lock(mutex_);
    stopping_ = false;
    started_ = false;
}

std::size_t Compensator::thread_count() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(helpers_.begin(), helpers_.end(), [](const auto& h) { return !h->finished; }));
}

void Compensator::monitor() {
    unsigned quiet_ticks = 0;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        monitor_wake_.wait_for(lock, quiet_ticks >= ticks_before_backoff ? idle_tick : active_tick);
        if (stopping_) break;
        reap_locked();
        lock.unlock();
        bool active = tick();
        lock.lock();
        quiet_ticks = active ? 0 : quiet_ticks + 1;
    }
}

bool Compensator::tick() {
    bool active = false;
    for (auto& loop_ptr : loops_) {
        Loop& loop = *loop_ptr;
        bool starved = false;
        {
            std::lock_guard lock(loop.runners_mutex);
            if (loop.runners.empty()) continue;  // not running yet, or stopped
            std::size_t free = 0;
            Runner* spare = nullptr;
            for (Runner* r : loop.runners) {
                std::uint64_t seen = r->state.load(std::memory_order_relaxed);
                bool busy = (seen & 1) != 0;
                r->stuck_ticks = busy && seen == r->last_seen ? r->stuck_ticks + 1 : 0;
                if (busy || seen != r->last_seen || r->lent) active = true;
                r->last_seen = seen;
                bool retiring = r->retire.load(std::memory_order_relaxed);
                if (r->stuck_ticks < stuck_after_ticks && !retiring) ++free;
                if (r->lent && !busy && !retiring) spare = r;
            }
            if (free == 0) {
                starved = true;
                loop.spare_ticks = 0;
            } else if (free >= 2 && spare) {
                // Give a lent thread back only after the loop has had one to
                // spare for a while, so views that block often do not make
                // threads come and go.
                if (++loop.spare_ticks >= spare_ticks_before_retire) {
                    spare->retire.store(true, std::memory_order_relaxed);
                    loop.spare_ticks = 0;
                }
            } else {
                loop.spare_ticks = 0;
            }
        }
        if (starved) lend(loop);
    }
    return active;
}

void Compensator::lend(Loop& loop) {
    std::lock_guard lock(mutex_);
    if (stopping_ || loop.context.stopped()) return;
    Helper* helper = nullptr;
    std::size_t lent = 0;
    for (auto& h : helpers_) {
        if (h->finished) continue;
        if (h->loop) ++lent;
        else if (!helper) helper = h.get();
    }
    if (lent >= max_threads_) return;  // the cap: further requests on this loop wait
    bool fresh = helper == nullptr;
    if (fresh) {
        helpers_.push_back(std::make_unique<Helper>());
        helper = helpers_.back().get();
    }
    helper->loop = &loop;
    {
        // Registered before it runs, so the next tick counts it as free.
        std::lock_guard runners_lock(loop.runners_mutex);
        Runner& r = helper->runner;
        r.retire.store(false, std::memory_order_relaxed);
        r.lent = true;
        r.last_seen = r.state.load(std::memory_order_relaxed);
        r.stuck_ticks = 0;
        loop.runners.push_back(&r);
    }
    if (!fresh) {
        helper->wake.notify_one();
        return;
    }
    try {
        helper->thread = std::thread([this, helper] { helper_main(*helper); });
    } catch (const std::exception& e) {
        {
            std::lock_guard runners_lock(loop.runners_mutex);
            std::erase(loop.runners, &helper->runner);
        }
        helpers_.pop_back();
        if (error_log_) error_log_(std::string("flaskcpp server: cannot start a thread: ") + e.what());
    }
}

void Compensator::helper_main(Helper& helper) {
    SigpipeBlock sigpipe;
    this_runner = &helper.runner;
    std::unique_lock lock(mutex_);
    while (true) {
        if (!helper.loop) {
            if (stopping_) break;
            if (!helper.wake.wait_for(lock, parked_lifetime, [&] { return helper.loop || stopping_; })) break;
            continue;
        }
        Loop& loop = *helper.loop;
        lock.unlock();
        while (!helper.runner.retire.load(std::memory_order_relaxed) && !loop.context.stopped()) {
            try {
                loop.context.run_one_for(helper_poll);
            } catch (const std::exception& e) {
                if (error_log_) error_log_(std::string("flaskcpp server: event loop: ") + e.what());
            }
        }
        {
            std::lock_guard runners_lock(loop.runners_mutex);
            std::erase(loop.runners, &helper.runner);
        }
        lock.lock();
        helper.loop = nullptr;
    }
    this_runner = nullptr;
    helper.finished = true;  // the monitor joins it
}

void Compensator::reap_locked() {
    for (auto it = helpers_.begin(); it != helpers_.end();) {
        if ((*it)->finished) {
            (*it)->thread.join();
            it = helpers_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace flask::server
