/// @file searchd/match_count.cc
/// @brief Counting the matches of a query (bounds of the total, match spies) without weighing
///        them, and matches that stop at a deadline.
#include "searchd/match_count.h"

#include "core/error.h"

namespace dalil::searchd {

BoundedMatch match_until(Xapian::Enquire& enquire, const MatchWindow& window,
                         const MatchDeadlines& deadlines) {
  DeadlineSpy spy(deadlines.count);
  enquire.add_matchspy(&spy);
  try {
    BoundedMatch match{enquire.get_mset(window.first, window.size, window.check_at_least)};
    enquire.clear_matchspies();  // the spy lives on this stack
    return match;
  } catch (const MatchDeadlinePassed&) {
    enquire.clear_matchspies();
  } catch (...) {
    enquire.clear_matchspies();
    throw;
  }
  // The page alone: the matcher may then stop as soon as no later document can enter it. It
  // cannot when the page is sorted by date, or when its words weigh alike: then it visits every
  // match again, so it has a deadline too. (A spy adds no work there: the matcher weighs every
  // match it visits, and a spy is only called on those that pass the page's weight.)
  DeadlineSpy page_spy(deadlines.page);
  enquire.add_matchspy(&page_spy);
  try {
    BoundedMatch match{enquire.get_mset(window.first, window.size, Xapian::doccount{0}), true};
    enquire.clear_matchspies();
    return match;
  } catch (const MatchDeadlinePassed&) {
    enquire.clear_matchspies();
    throw core::Error(core::ErrorCode::kTimeout,
                      "the query took longer than the time limit to find its page: narrow it "
                      "(fewer words* or words joined by OR, a date range, a filter)");
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
