// Catch2 v2's main: the engine tests live one concern per file beside this one.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
