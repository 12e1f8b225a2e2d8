// Concurrency and lifecycle: blocking views, graceful stop, port in use.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <vector>

#include "server_test_support.hpp"

using namespace server_test;
using namespace std::chrono_literals;

TEST(ServerLifecycle, SleepingViewsDoNotStallOtherRequests) {
    RunningServer server([](Environ& env) {
        if (env.path_info == "/sleep") std::this_thread::sleep_for(1s);
        return text("done " + env.path_info);
    });
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> sleepers;
    std::atomic<int> finished{0};
    for (int i = 0; i < 32; ++i)
        sleepers.emplace_back([&] {
            if (roundtrip(server.port(), "GET /sleep HTTP/1.1\r\n\r\n").body == "done /sleep") ++finished;
        });
    std::this_thread::sleep_for(100ms);
    auto fast = roundtrip(server.port(), "GET /fast HTTP/1.1\r\n\r\n");
    auto fast_elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(fast.body, "done /fast");
    for (auto& t : sleepers) t.join();
    EXPECT_EQ(finished.load(), 32);
    EXPECT_LT(fast_elapsed, 5s);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

// Views run inline on the loop thread; with one loop, every one of these
// sleepers lands on the same io_context, so only the threads the
// compensator lends keep the fast request (and the sleepers) moving.
TEST(ServerLifecycle, SleepingViewsOnOneLoopDoNotStallOtherRequests) {
    flask::ServerOptions options;
    options.io_threads = 1;
    std::atomic<int> sleeping{0};
    RunningServer server(
        [&](Environ& env) {
            if (env.path_info == "/sleep") {
                ++sleeping;
                std::this_thread::sleep_for(1s);
            }
            return text("done " + env.path_info);
        },
        options);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> sleepers;
    std::atomic<int> finished{0};
    for (int i = 0; i < 32; ++i)
        sleepers.emplace_back([&] {
            if (roundtrip(server.port(), "GET /sleep HTTP/1.1\r\n\r\n").body == "done /sleep") ++finished;
        });
    while (sleeping < 32 && std::chrono::steady_clock::now() - start < 900ms) std::this_thread::sleep_for(1ms);
    EXPECT_EQ(sleeping.load(), 32);  // all 32 views run at once, not one after another
    auto fast_start = std::chrono::steady_clock::now();
    auto fast = roundtrip(server.port(), "GET /fast HTTP/1.1\r\n\r\n");
    auto fast_elapsed = std::chrono::steady_clock::now() - fast_start;
    EXPECT_EQ(fast.body, "done /fast");
    EXPECT_LT(fast_elapsed, 300ms);  // not behind a sleeping view
    for (auto& t : sleepers) t.join();
    EXPECT_EQ(finished.load(), 32);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(ServerLifecycle, ViewBlockedOnSlowUploadDoesNotStallOtherRequests) {
    flask::ServerOptions options;
    options.io_threads = 1;
    std::atomic<bool> reading{false};
    RunningServer server(
        [&](Environ& env) {
            if (env.path_info != "/upload") return text("fast");
            reading = true;
            return text("got " + read_all(env));  // blocks until the client sends the rest
        },
        options);
    Client upload(server.port());
    upload.send("POST /upload HTTP/1.1\r\nContent-Length: 10\r\n\r\nhello");
    auto start = std::chrono::steady_clock::now();
    while (!reading && std::chrono::steady_clock::now() - start < 2s) std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(reading);
    std::this_thread::sleep_for(20ms);  // the view is now waiting in read()
    auto fast_start = std::chrono::steady_clock::now();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(roundtrip(server.port(), "GET / HTTP/1.1\r\n\r\n").body, "fast");
    EXPECT_LT(std::chrono::steady_clock::now() - fast_start, 300ms);
    upload.send("world");
    EXPECT_EQ(upload.read_response().body, "got helloworld");
    // The connection is still usable after the compensated request.
    upload.send("GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(upload.read_response().body, "fast");
}

TEST(ServerLifecycle, GracefulStopFinishesInFlightRequests) {
    std::atomic<bool> entered{false};
    RunningServer server([&](Environ&) {
        entered = true;
        std::this_thread::sleep_for(300ms);
        return text("finished");
    });
    Client idle(server.port());  // an idle keep-alive connection is simply closed
    idle.send("GET / HTTP/1.1\r\n\r\n");
    std::this_thread::sleep_for(400ms);
    (void)idle.read_response();
    entered = false;

    Client busy(server.port());
    busy.send("GET / HTTP/1.1\r\n\r\n");
    while (!entered) std::this_thread::sleep_for(5ms);
    std::thread stopper([&] { EXPECT_TRUE(server.stop()); });
    auto r = busy.read_response();
    EXPECT_EQ(r.body, "finished");
    EXPECT_EQ(r.header("connection"), "close");
    stopper.join();
    EXPECT_TRUE(idle.closed_by_peer());
    // Nothing listens any more.
    EXPECT_THROW(Client c(server.port()), std::runtime_error);
}

TEST(ServerLifecycle, StopBeforeRunMakesRunReturn) {
    flask::ServerOptions options;
    options.port = 0;
    flask::Server server([](Environ&) { return text("x"); }, options);
    server.stop();
    server.run();  // returns at once
    SUCCEED();
}

TEST(ServerLifecycle, OnListeningIsCalled) {
    std::atomic<bool> called{false};
    flask::ServerOptions options;
    options.on_listening = [&] { called = true; };
    RunningServer server([](Environ&) { return text("x"); }, options);
    for (int i = 0; i < 200 && !called; ++i) std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(called);
}

TEST(ServerLifecycle, PortInUseThrowsAddressInUse) {
    RunningServer first([](Environ&) { return text("x"); });
    flask::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = first.port();
    try {
        flask::Server second([](Environ&) { return text("y"); }, options);
        FAIL() << "expected AddressInUse";
    } catch (const flask::AddressInUse& e) {
        EXPECT_EQ(e.port, first.port());
        EXPECT_EQ(e.host, "127.0.0.1");
        EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())), std::string::npos);
    }
    EXPECT_EQ(roundtrip(first.port(), "GET / HTTP/1.1\r\n\r\n").body, "x");
}

TEST(ServerLifecycle, SigtermStopsGracefullyWhenAsked) {
    flask::ServerOptions options;
    options.handle_signals = true;
    RunningServer server([](Environ&) { return text("x"); }, options);
    EXPECT_EQ(roundtrip(server.port(), "GET / HTTP/1.1\r\n\r\n").body, "x");
    ::kill(::getpid(), SIGTERM);
    EXPECT_EQ(server.done().wait_for(5s), std::future_status::ready);
}
