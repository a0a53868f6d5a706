/// @file tests/support/paths.h
/// @brief Where the programs under test and the test data are (set by tests/CMakeLists.txt).
#pragma once

#include <string>

namespace dalil::testing {

inline const std::string kIndexBin = DALIL_INDEX_BIN;
inline const std::string kSearchdBin = DALIL_SEARCHD_BIN;
inline const std::string kTestData = DALIL_TEST_DATA;

}  // namespace dalil::testing
