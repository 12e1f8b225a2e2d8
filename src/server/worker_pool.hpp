// The pool that runs the app.  Views block (sleep, database, files), so the
// pool grows on demand up to a cap instead of being sized to the cores:
// a request is never queued behind sleeping views while a thread could be
// started.  Threads stay once started (idle ones cost a stack, no CPU).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace flask::server {

class WorkerPool {
public:
    using Task = std::function<void()>;

    WorkerPool(unsigned max_threads, unsigned initial_threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void submit(Task task);
    /// Run the queued tasks, then join every thread.
    void shutdown();
    std::size_t thread_count() const;
    /// Tasks waiting for a thread (racy snapshot, for heuristics).
    std::size_t backlog() const noexcept { return backlog_.load(std::memory_order_relaxed); }

private:
    void spawn_locked();
    void work();

    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Task> queue_;
    std::vector<std::thread> threads_;
    unsigned max_threads_;
    unsigned idle_ = 0;
    std::atomic<std::size_t> backlog_{0};
    bool stopping_ = false;
};

}  // namespace flask::server
