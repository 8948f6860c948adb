// Folding tests.
#include <catch2/catch.hpp>
#include "core/text.h"
TEST_CASE("fold") { CHECK(r2p::fold("CÔTE D’IVOIRE") == "cote d'ivoire"); }
