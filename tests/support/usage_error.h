// The message of the UsageError a call raises, for tests of what bad values are told.
#pragma once

#include <catch2/catch.hpp>

#include <exception>
#include <string>

#include "core/error.h"

namespace r2p::test {

/// The message of the UsageError that `call()` throws; fails the test on anything else.
template <typename Call>
std::string usage_error_of(Call call) {
  try {
    call();
  } catch (const r2p::UsageError& e) {
    return e.what();
  } catch (const std::exception& e) {
    FAIL("expected a UsageError, got: " << e.what());
  }
  FAIL("expected a UsageError, nothing was thrown");
  return {};
}

}  // namespace r2p::test
