/// @file tests/support/catch_main.cc
/// @brief The Catch2 main, compiled once for every test program.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
