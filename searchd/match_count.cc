/// @file searchd/match_count.cc
/// @brief Counting the matches of a query (bounds of the total, match spies) without weighing them.
#include "searchd/match_count.h"

namespace dalil::searchd {

Xapian::MSet count_matches(const Xapian::Database& db, const Xapian::Query& query,
                           const std::vector<Xapian::MatchSpy*>& spies,
                           const CountOptions& options) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  // With BoolWeight Xapian opens the posting lists unweighted (factor 0), and a forward boolean
  // match of one database stops as soon as check_at_least matches are seen (Xapian 1.4
  // matcher/multimatch.cc, "forward boolean match"); it has then seen them all exactly when
  // there are fewer, as a ranked match with the same check_at_least has.
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_time_limit(options.time_limit_s);
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  return enquire.get_mset(0, 0, options.check_at_least);
}

}  // namespace dalil::searchd
