// Checks that a text holds, or does not hold, each of a list of parts; a failure names the part.
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

namespace r2p::test {

/// Checks that `text` holds every one of `parts`.
inline void check_holds(const std::string& text, std::initializer_list<std::string> parts) {
  for (const auto& part : parts) {
    CAPTURE(part);
    CHECK(text.find(part) != std::string::npos);
  }
}

/// Checks that `text` holds none of `parts`.
inline void check_lacks(const std::string& text, std::initializer_list<std::string> parts) {
  for (const auto& part : parts) {
    CAPTURE(part);
    CHECK(text.find(part) == std::string::npos);
  }
}

}  // namespace r2p::test
