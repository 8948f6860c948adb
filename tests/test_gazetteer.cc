// Gazetteer tests.
#include <catch2/catch.hpp>
#include "core/gazetteer.h"
