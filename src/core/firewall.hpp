// The last line of every thread that runs work (STYLE.md §7b): the writer, the HTTP handlers,
// the timers, the stream pump, the listener, maintenance. A job that throws fails alone: the
// exception is logged once, with its type, its message and the stack where it was thrown, and
// becomes kInternal for whoever waits on the job; the thread goes on with the next one.
//
// Where it was thrown: the process's __cxa_throw is wrapped (throw_trace.cpp) to note the
// return addresses of the throwing thread, a few microseconds per throw; DescribeCurrentException
// turns them into "module function+offset" lines (or module+offset for `addr2line -f -C -e`).
// Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace onegrid::core {

// Inside a catch block: "<type>: <what()>" and, on the lines after, the stack where it was thrown.
std::string DescribeCurrentException();

// Runs `job`; an exception from it is logged as "<where>: job threw <description>" and returned
// as kInternal ("internal error in <where>").
Result<void> RunGuarded(std::string_view where, const std::function<void()>& job);

// The firewall around a whole thread's body: runs `body` again after it threw (each throw logged
// as above), until it returns.
void RunThreadGuarded(std::string_view where, const std::function<void()>& body);

}  // namespace onegrid::core
