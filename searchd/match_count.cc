/// @file searchd/match_count.cc
/// @brief Counting the matches of a query (bounds of the total, match spies) without weighing
///        them, and matches that stop at a deadline.
#include "searchd/match_count.h"

namespace dalil::searchd {

BoundedMatch match_until(Xapian::Enquire& enquire, const MatchWindow& window,
                         std::chrono::steady_clock::time_point deadline) {
  DeadlineSpy spy(deadline);
  enquire.add_matchspy(&spy);
  try {
    BoundedMatch match{enquire.get_mset(window.first, window.size, window.check_at_least)};
    enquire.clear_matchspies();  // the spy lives on this stack
    return match;
  } catch (const MatchDeadlinePassed&) {
    // The page alone: the matcher may then stop as soon as no later document can enter it.
    enquire.clear_matchspies();
    return {enquire.get_mset(window.first, window.size, Xapian::doccount{0}), true};
  } catch (...) {
    enquire.clear_matchspies();
    throw;
  }
}

CountResult count_matches(const Xapian::Database& db, const Xapian::Query& query,
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
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  std::optional<DeadlineSpy> deadline;
  if (options.deadline) enquire.add_matchspy(&deadline.emplace(*options.deadline));
  try {
    return {enquire.get_mset(0, 0, options.check_at_least), false};
  } catch (const MatchDeadlinePassed&) {
    return {Xapian::MSet(), true};
  }
}

}  // namespace dalil::searchd
