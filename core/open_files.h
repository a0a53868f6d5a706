/// @file core/open_files.h
/// @brief Raises the process's soft limit of open files to its hard limit.
#pragma once

#include <cstdint>

namespace dalil::core {

/// Raises the soft RLIMIT_NOFILE to the hard one (at most 2^20, the kernel's usual fs.nr_open)
/// and returns the soft limit in force afterwards (0 when it cannot be read). Login shells and
/// systemd give 1,024, while a server's connections and a parallel build's sub-indexes (each
/// Xapian database holds several files open) may need more.
std::uint64_t raise_open_files_limit();

}  // namespace dalil::core
