// What the fuzz targets share: a check that stops the run (libFuzzer then saves the input) and
// the path of the bundled corpus.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include <xapian.h>

namespace r2p::fuzz {

/// Stops with a message: the fuzzer reports a crash and keeps the input as a reproducer.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "r2p fuzz check failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Runs `body`; any exception it lets out is a failure (every error a user can cause must be
/// a documented r2p::Error, caught by the target itself).
template <typename Body>
void expect_no_exception(const char* what, Body body) {
  try {
    body();
  } catch (const Xapian::Error& e) {
    fail(std::string(what) + " threw Xapian " + e.get_description());
  } catch (const std::exception& e) {
    fail(std::string(what) + " threw " + typeid(e).name() + ": " + e.what());
  } catch (...) {
    fail(std::string(what) + " threw a non-standard exception");
  }
}

}  // namespace r2p::fuzz

#define R2P_FUZZ_CHECK(condition, message)                                         \
  do {                                                                             \
    if (!(condition)) r2p::fuzz::fail(std::string(#condition " -- ") + (message)); \
  } while (0)
