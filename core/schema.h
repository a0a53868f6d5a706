/// @file core/schema.h
/// @brief Every Xapian term prefix and value slot Dalil writes; docs/ARCHITECTURE.md lists the
/// same.
#pragma once

#include <string_view>

#include <xapian.h>

namespace dalil::core::schema {

// Term prefixes. Free-text terms are folded and normalised by analyzers::Analyzer; boolean
// filter terms carry a case-folded field value (see analyzers::filter_term()).

/// Normalised, unstemmed word of title or body, with positions (phrases, exact names).
inline constexpr std::string_view kPrefixWord = "";
/// Stem of a title or body word, no positions (default matching).
inline constexpr std::string_view kPrefixStem = "Z";
/// Normalised, unstemmed title word, with positions (title: scope, title boost).
inline constexpr std::string_view kPrefixTitle = "S";
/// Unique document id (boolean).
inline constexpr std::string_view kPrefixId = "Q";
/// Language code (boolean).
inline constexpr std::string_view kPrefixLang = "XL";
/// Source / publisher (boolean).
inline constexpr std::string_view kPrefixSource = "XO";
/// Document type (boolean).
inline constexpr std::string_view kPrefixType = "XT";
/// Category / section (boolean).
inline constexpr std::string_view kPrefixCategory = "XC";
/// Place (boolean).
inline constexpr std::string_view kPrefixPlace = "XP";
/// Speaker (boolean), one term per speaker.
inline constexpr std::string_view kPrefixSpeaker = "XV";
/// Local calendar day YYYYMMDD, month YYYYMM and year YYYY (boolean), at the date's precision.
inline constexpr std::string_view kPrefixDay = "D";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixYear = "Y";

/// A request filter: the parameter name and the prefix of its boolean terms.
struct FilterField {
  std::string_view name;
  std::string_view prefix;
};

/// Fields a search can be filtered on (repeated values OR'ed, different fields AND'ed).
inline constexpr FilterField kFilterFields[] = {
    {"lang", kPrefixLang},         {"source", kPrefixSource}, {"type", kPrefixType},
    {"category", kPrefixCategory}, {"place", kPrefixPlace},   {"speaker", kPrefixSpeaker},
};

// Value slots.

/// Instant of the date, Xapian::sortable_serialise(seconds since the epoch, UTC).
inline constexpr Xapian::valueno kSlotDateInstant = 0;
/// Local calendar date truncated to its precision: "2018", "2018-05" or "2018-05-23".
inline constexpr Xapian::valueno kSlotDateLocal = 1;
/// Source as written (for facets and display).
inline constexpr Xapian::valueno kSlotSource = 2;
/// Language code as written.
inline constexpr Xapian::valueno kSlotLang = 3;
/// Document type as written.
inline constexpr Xapian::valueno kSlotType = 4;

/// Positions of body words start after the title, with this gap so phrases never span the two.
inline constexpr Xapian::termpos kBodyPositionGap = 100;
/// Title words count this many times towards a document's weight.
inline constexpr Xapian::termcount kTitleWdf = 3;

/// Xapian refuses terms longer than this many bytes.
inline constexpr std::size_t kMaxTermBytes = 245;

}  // namespace dalil::core::schema
