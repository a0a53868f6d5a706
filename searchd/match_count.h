/// @file searchd/match_count.h
/// @brief Counting the matches of a query (bounds of the total, match spies) without weighing
///        them, and matches that stop at a deadline.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace dalil::searchd {

/// Thrown by DeadlineSpy (and match_until's posting source) once its deadline has passed.
struct MatchDeadlinePassed {};

/// A match spy that ends a match once its deadline has passed, by throwing MatchDeadlinePassed
/// (the clock is read every kCheckEvery documents the matcher considers). Xapian shows a spy
/// every match of an unweighted match (count_matches), but in a ranked one only those that
/// reach the page's weight once check_at_least is met: match_until filters the query instead.
/// It stands in for
/// Enquire::set_time_limit: Xapian 1.4's timer (timer_create with SIGEV_THREAD) may set its
/// flag after the match has returned and its TimeOut object is gone, so under concurrent load
/// a match that reached the limit corrupted another call's stack or heap ("stack smashing
/// detected", "free(): invalid pointer").
class DeadlineSpy final : public Xapian::MatchSpy {
 public:
  static constexpr unsigned kCheckEvery = 64;

  /// One document more: throws MatchDeadlinePassed every kCheckEvery of them once @p deadline
  /// has passed (DeadlineSpy and DeadlineSource both count so).
  struct Clock {
    std::chrono::steady_clock::time_point deadline;
    unsigned seen = 0;
    void tick() {
      if (++seen % kCheckEvery == 0 && std::chrono::steady_clock::now() >= deadline)
        throw MatchDeadlinePassed{};
    }
  };

  explicit DeadlineSpy(std::chrono::steady_clock::time_point deadline) : clock_{deadline} {}
  void operator()(const Xapian::Document&, double) override { clock_.tick(); }

 private:
  Clock clock_;
};

/// Every document of a database, ending the match once its deadline has passed by throwing
/// MatchDeadlinePassed (the clock is read every DeadlineSpy::kCheckEvery documents it is asked
/// about). In a query's OP_FILTER it is asked about every document the matcher visits there,
/// where a spy sees only those that reach the page's weight; it adds no weight. (It counts as a
/// matching subquery, so MSet percentages and Enquire::set_cutoff would read high: Dalil uses
/// neither.) Not for remote shards: xapian-tcpsrv would need it registered.
class DeadlineSource final : public Xapian::PostingSource {
 public:
  explicit DeadlineSource(std::chrono::steady_clock::time_point deadline) : clock_{deadline} {}

  void init(const Xapian::Database& db) override {
    last_ = db.get_lastdocid();
    did_ = 0;
    // Every document matches, so the filter leaves the match's bounds as they were.
    set_maxweight(0);
    termfreq_ = db.get_doccount();
  }
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  // It walks deleted docids too; the AND it is in only ever asks about the query's matches.
  Xapian::doccount get_termfreq_max() const override { return last_; }
  void next(double) override { move_to(did_ + 1); }
  void skip_to(Xapian::docid did, double) override { move_to(std::max(did, did_)); }
  bool check(Xapian::docid did, double) override {
    move_to(did);
    return true;
  }
  bool at_end() const override { return did_ > last_; }
  Xapian::docid get_docid() const override { return did_; }
  PostingSource* clone() const override { return new DeadlineSource(clock_.deadline); }
  std::string get_description() const override { return "DeadlineSource"; }

 private:
  void move_to(Xapian::docid did) {
    did_ = did;
    clock_.tick();
  }

  DeadlineSpy::Clock clock_;
  Xapian::docid last_ = 0;
  Xapian::docid did_ = 0;
  Xapian::doccount termfreq_ = 0;
};

/// A page of hits matched by match_until.
struct BoundedMatch {
  Xapian::MSet mset;
  /// The deadline passed while matches were counted: the page was matched again without
  /// counting beyond it, the total is Xapian's estimate, and the enquire's other spies saw
  /// only the matches counted before the deadline.
  bool cut = false;
};

/// Which hits match_until asks for, as Enquire::get_mset's arguments.
struct MatchWindow {
  Xapian::doccount first = 0;
  Xapian::doccount size = 0;
  Xapian::doccount check_at_least = 0;
};

/// When match_until gives up.
struct MatchDeadlines {
  /// Counting stops here: the page is then matched again without counting beyond it.
  std::chrono::steady_clock::time_point count;
  /// That second match stops here, with core::ErrorCode::kTimeout: a page sorted by date, or
  /// of words that weigh alike, visits every match, counted or not.
  std::chrono::steady_clock::time_point page;
};

/// @p enquire.get_mset(window) that stops counting at @p deadlines.count: past it, the match is
/// dropped and the page matched again with no counting beyond it and no spies, and that match
/// throws core::Error kTimeout past @p deadlines.page. A window that counts no further than its
/// page (check_at_least <= first + size) is matched once, up to @p deadlines.page. The clock is
/// read on documents that match the whole query: a phrase inside an OR, or documents a NOT
/// excludes, are walked between two readings. Leaves the enquire without match spies, and with
/// its own query (and that query's default length), either way. Not for remote shards.
BoundedMatch match_until(Xapian::Enquire& enquire, const MatchWindow& window,
                         const MatchDeadlines& deadlines);

/// How far count_matches checks.
struct CountOptions {
  Xapian::doccount check_at_least = 0;  ///< As Enquire::get_mset's: matches checked at least.
  /// Counting stops here (DeadlineSpy); none: no limit.
  std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt;
};

/// What count_matches found.
struct CountResult {
  Xapian::MSet mset;  ///< Bounds and estimate; an empty MSet when cut.
  bool cut = false;   ///< The deadline passed: the spies saw part of the matches.
};

/// An MSet of no items with the bounds and estimate of the number of matches of @p query after
/// checking @p options.check_at_least matches (or all, when there are fewer), each of them
/// shown to every spy of @p spies. The matcher computes no weights (BoolWeight: Xapian opens
/// the posting lists unweighted and reads no document lengths) and stops after check_at_least
/// matches in docid order. With fewer matches than check_at_least the total is exact and the
/// spies saw every match, as in a relevance-ranked get_mset(0, n, check_at_least) with n below
/// check_at_least; with more, the bounds and estimate are Xapian's from the matches seen.
CountResult count_matches(const Xapian::Database& db, const Xapian::Query& query,
                          const std::vector<Xapian::MatchSpy*>& spies, const CountOptions& options);

}  // namespace dalil::searchd
