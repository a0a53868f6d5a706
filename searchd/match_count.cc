/// @file searchd/match_count.cc
/// @brief Counting the matches of a query (bounds of the total, match spies) without weighing
///        them, and matches that stop at a deadline.
#include "searchd/match_count.h"

#include <algorithm>
#include <string>

#include "core/error.h"

namespace dalil::searchd {

namespace {

// enquire.get_mset(first, size, check_at_least) with its query in an OP_FILTER of a
// DeadlineSource, so that it stops at @p deadline; the enquire gets its own query back.
Xapian::MSet get_mset_until(Xapian::Enquire& enquire, const MatchWindow& window,
                            Xapian::doccount check_at_least,
                            std::chrono::steady_clock::time_point deadline) {
  const Xapian::Query query = enquire.get_query();
  DeadlineSource source(deadline);  // the filter only points at it
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&source)));
  try {
    Xapian::MSet mset = enquire.get_mset(window.first, window.size, check_at_least);
    enquire.set_query(query);
    return mset;
  } catch (...) {
    enquire.set_query(query);
    throw;
  }
}

}  // namespace

BoundedMatch match_until(Xapian::Enquire& enquire, const MatchWindow& window,
                         const MatchDeadlines& deadlines) {
  const auto timeout = [] {
    return core::Error(core::ErrorCode::kTimeout,
                       "the query took longer than the time limit to find its page: narrow it "
                       "(fewer words* or words joined by OR, a date range, a filter)");
  };
  // Xapian checks at least first + size matches whatever it is asked: a match asked to count
  // no more than that is the page's own, and a second one would only repeat it.
  const bool counts_beyond_page = window.check_at_least > window.first + window.size;
  try {
    BoundedMatch match{get_mset_until(enquire, window, window.check_at_least,
                                      counts_beyond_page ? deadlines.count : deadlines.page)};
    enquire.clear_matchspies();
    return match;
  } catch (const MatchDeadlinePassed&) {
    enquire.clear_matchspies();
    if (!counts_beyond_page) throw timeout();
  } catch (...) {
    enquire.clear_matchspies();
    throw;
  }
  // The page alone: the matcher may then stop as soon as no later document can enter it. It
  // cannot when the page is sorted by date, and may not when the words weigh alike: then it
  // visits every match again, so this match has a deadline too.
  try {
    return {get_mset_until(enquire, window, 0, deadlines.page), true};
  } catch (const MatchDeadlinePassed&) {
    throw timeout();
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
