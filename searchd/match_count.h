/// @file searchd/match_count.h
/// @brief Counting the matches of a query (bounds of the total, match spies) without weighing them.
#pragma once

#include <vector>

#include <xapian.h>

namespace dalil::searchd {

/// How far count_matches checks.
struct CountOptions {
  Xapian::doccount check_at_least = 0;  ///< As Enquire::get_mset's: matches checked at least.
  double time_limit_s = 0;              ///< Enquire::set_time_limit (0: none).
};

/// An MSet of no items with the bounds and estimate of the number of matches of @p query after
/// checking @p options.check_at_least matches (or all, when there are fewer), each of them
/// shown to every spy of @p spies. The matcher computes no weights (BoolWeight: Xapian opens
/// the posting lists unweighted and reads no document lengths) and stops after check_at_least
/// matches in docid order. With fewer matches than check_at_least the total is exact and the
/// spies saw every match, as in a relevance-ranked get_mset(0, n, check_at_least) with n below
/// check_at_least; with more, the bounds and estimate are Xapian's from the matches seen.
Xapian::MSet count_matches(const Xapian::Database& db, const Xapian::Query& query,
                           const std::vector<Xapian::MatchSpy*>& spies,
                           const CountOptions& options);

}  // namespace dalil::searchd
