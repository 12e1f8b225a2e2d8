#include "server/worker_pool.hpp"

#include <pthread.h>

#include <csignal>

namespace flask::server {

WorkerPool::WorkerPool(unsigned max_threads, unsigned initial_threads)
    : max_threads_(max_threads ? max_threads : 1) {
    std::lock_guard lock(mutex_);
    for (unsigned i = 0; i < initial_threads && i < max_threads_; ++i) spawn_locked();
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::spawn_locked() { threads_.emplace_back([this] { work(); }); }

void WorkerPool::submit(Task task) {
    std::unique_lock lock(mutex_);
    queue_.push_back(std::move(task));
    backlog_.store(queue_.size(), std::memory_order_relaxed);
    // More queued tasks than idle threads: start one rather than make a
    // request wait for a view that may sleep for seconds.
    if (queue_.size() > idle_ && threads_.size() < max_threads_ && !stopping_) spawn_locked();
    lock.unlock();
    ready_.notify_one();
}

void WorkerPool::work() {
    // sendfile(2) has no MSG_NOSIGNAL: a peer that hangs up must yield EPIPE,
    // not kill the process.  A blocked synchronous SIGPIPE stays pending on this thread.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    std::unique_lock lock(mutex_);
    while (true) {
        ++idle_;
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        --idle_;
        if (queue_.empty()) return;  // stopping and drained
        Task task = std::move(queue_.front());
        queue_.pop_front();
        backlog_.store(queue_.size(), std::memory_order_relaxed);
        lock.unlock();
        task();
        task = nullptr;  // release captured connections outside the lock
        lock.lock();
    }
}

void WorkerPool::shutdown() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        threads.swap(threads_);
    }
    ready_.notify_all();
    for (std::thread& t : threads)
        if (t.joinable()) t.join();
}

std::size_t WorkerPool::thread_count() const {
    std::lock_guard lock(mutex_);
    return threads_.size();
}

}  // namespace flask::server
