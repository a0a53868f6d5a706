/// @file core/open_files.cc
/// @brief getrlimit/setrlimit for RLIMIT_NOFILE.
#include "core/open_files.h"

#include <sys/resource.h>

#include <algorithm>

namespace dalil::core {

std::uint64_t raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  // The kernel refuses more than fs.nr_open (2^20 by default), and "unlimited" is more.
  const rlim_t most = std::min<rlim_t>(limit.rlim_max, rlim_t{1} << 20);
  if (limit.rlim_cur < most) {
    limit.rlim_cur = most;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0 && getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  }
  return limit.rlim_cur;
}

}  // namespace dalil::core
