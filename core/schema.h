/// @file core/schema.h
/// @brief Every Xapian term prefix and value slot Dalil writes; docs/ARCHITECTURE.md lists the
/// same.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <xapian.h>

namespace dalil::core::schema {

// Term prefixes. Free-text terms hold analyzers::Analyzer output; boolean filter terms hold
// analyzers::filter_term(prefix, value) (NFKC case-folded, white space folded).

/// Normalised, unstemmed word of title, body or extra text fields, with positions.
inline constexpr std::string_view kPrefixWord = "";
/// Stem of a title, body or extra text word, no positions (default matching).
inline constexpr std::string_view kPrefixStem = "Z";
/// Normalised, unstemmed title word, with positions (title: scope).
inline constexpr std::string_view kPrefixTitle = "S";
/// Stem of a title word (title: scope without quotes).
inline constexpr std::string_view kPrefixTitleStem = "ZS";
/// Unique document id (boolean).
inline constexpr std::string_view kPrefixId = "Q";
/// Local calendar day YYYYMMDD, month YYYYMM and year YYYY (boolean), at the date's precision.
inline constexpr std::string_view kPrefixDay = "D";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixYear = "Y";
/// Original spelling of a word where it differs from the word's implicit spelling: "E" +
/// normalised word + kExactSeparator + exact form (analyzers::exact_form), no positions, the
/// same wdf as the word. The implicit spelling is the one kMetadataImplicitSpelling names, or
/// else the normalised word itself. Every spelling of a normalised word shares one term prefix,
/// so exact mode finds the implicit spelling as what the word's wdf leaves over its exact terms
/// (see searchd/exact_match.h).
inline constexpr std::string_view kPrefixExact = "E";
inline constexpr char kExactSeparator = ' ';
/// Normalised word without its proclitics (والأمم, بالأمم -> الامم; ولبنان -> لبنان), at the
/// position of the word, so a phrase of unprefixed words also meets the word with clitics.
inline constexpr std::string_view kPrefixBareWord = "B";
/// Compound name: "N" + a normalised word + ' ' + the next word when that is الله or allah
/// (عبد الله, Nasr Allah), no positions. Name keys themselves are not document terms (they were
/// before; searchd ignores the "N" + key terms of such old indexes): they are in the name-key
/// table below, which lists these compound terms beside single words.
inline constexpr std::string_view kPrefixNameKey = "N";
/// Case of Latin words in running text (analyzers::latin_case_form), no positions, counted once
/// (wdf) per occurrence in the body or an extra text field: "C" + a normalised Latin word
/// written capitalised in mid-sentence ("Assad"); "CU" + one whose case tells nothing (sentence
/// start, all capitals). Against the word's own collection frequency (the rest is lower case)
/// they tell names from common words ("used") for the name-key table. Latin words are lower
/// case after analysis, so "CU" + word never clashes with "C" + word.
inline constexpr std::string_view kPrefixCapitalised = "C";
inline constexpr std::string_view kPrefixCaseUnknown = "CU";
/// Facets declared in a schema file: "XF" + name + ":" (boolean).
inline constexpr std::string_view kPrefixDeclaredFacet = "XF";

// Metadata keys.

/// Name-key table (indexer/name_table.h, brought up to date after every dalil-index run):
/// "dalil.name:" + name key (analyzers::name_keys, kIndex: 'a' or 'l' + skeleton) -> the indexed
/// words with that key, most frequent first, separated by kNameTableSeparator; an entry with a
/// space is a compound name, the term kPrefixNameKey + entry.
inline constexpr std::string_view kMetadataNameKey = "dalil.name:";
inline constexpr char kNameTableSeparator = '\n';
/// The version of analyzers::name_keys the name-key table was built with (kNameKeyForm), set
/// by the pass that builds the whole table: a run on an index whose table has another (or none)
/// rebuilds it whole, since keys of words it does not touch would stay those of the old version.
inline constexpr std::string_view kMetadataNameKeyForm = "dalil.name-key-form";
/// Version 2: a Latin g between vowels also reads as غ (Erdogan: أردوغان).
inline constexpr std::string_view kNameKeyForm = "2";
/// "1" when every document of the index was written with its kPrefixCapitalised and
/// kPrefixCaseUnknown terms (set when
/// dalil-index creates the index with name keys on; an index created before has no such
/// terms, so Latin words are not filtered by case there).
inline constexpr std::string_view kMetadataCaseEvidence = "dalil.name-case";
/// "1" while the spelling table / the name-key table may lag behind the documents: set in the
/// first batch of a run that changes an index, cleared in the commit that brings the table up
/// to date. A run that finds it set at its start (an earlier run died, or skipped the table
/// with --no-spelling / --no-name-keys) rebuilds the table from the whole vocabulary; otherwise
/// a run on an existing index updates only the words of the documents it changed.
inline constexpr std::string_view kMetadataSpellingPending = "dalil.spelling-pending";
inline constexpr std::string_view kMetadataNameTablePending = "dalil.name-table-pending";

/// How the words of Xapian's spelling table are written (core/spelling_form.h):
/// "arabic-letter-bytes" when each Arabic letter is one byte, set by the pass that writes the
/// whole table so. A table without it holds UTF-8 words (an index from before), and so does one
/// an older dalil-index changed (it keeps metadata it does not know, so core::spelling_form_of
/// also looks for UTF-8 Arabic entries); the next dalil-index run that updates the spelling
/// table (not --no-spelling) rewrites such a table whole.
inline constexpr std::string_view kMetadataSpellingForm = "dalil.spelling-form";

/// Implicit spellings (indexer/implicit_spelling.h): "dalil.implicit:" + normalised word -> the
/// spelling of that word that has no exact term (kPrefixExact), chosen as the most common one
/// in the first documents of the run that first met the word, when that is not the normalised
/// word itself. Never changed once written; a word without an entry is implicitly spelled as
/// its normalised form. Each index (shard) has its own table.
inline constexpr std::string_view kMetadataImplicitSpelling = "dalil.implicit:";

/// The index format: what a program must know to read every document of the index, a decimal
/// number. 1: the stored JSON is in kSlotStored (documents of format 0, from before the key,
/// keep it as the document's data; format 1 programs read both). dalil-index raises it to
/// kIndexFormat when it opens an index to write (never lowers it) and refuses a higher one, as
/// dalil-searchd refuses to serve one: a newer format means documents this version would read
/// wrong. (Programs from before the key cannot refuse anything: see README.)
inline constexpr std::string_view kMetadataFormat = "dalil.format";
inline constexpr int kIndexFormat = 1;

/// The format a kMetadataFormat @p value names: 0 when empty (an index from before the key),
/// nullopt when it is not a decimal number (not written by dalil-index).
inline std::optional<int> index_format_of(std::string_view value) {
  if (value.empty()) return 0;
  int format = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), format);
  if (error != std::errc() || end != value.data() + value.size() || format < 0) return std::nullopt;
  return format;
}

/// Whether a program of kIndexFormat reads an index whose kMetadataFormat is @p value.
inline bool index_format_known(std::string_view value) {
  const auto format = index_format_of(value);
  return format && *format <= kIndexFormat;
}

/// Why a program of kIndexFormat does not read an index whose kMetadataFormat is @p value (one
/// index_format_known refuses), ending in what to do; @p program is "dalil-index" or
/// "dalil-searchd".
inline std::string index_format_refusal(std::string_view value, std::string_view program) {
  if (!index_format_of(value)) {
    return "the index's " + std::string(kMetadataFormat) + " is \"" + std::string(value) +
           "\", not a format number: index into a new folder";
  }
  return "the index has format " + std::string(value) + "; this " + std::string(program) +
         " knows formats up to " + std::to_string(kIndexFormat) + ": use a newer " +
         std::string(program);
}

// Value slots.

/// Instant of the date, Xapian::sortable_serialise(seconds since the epoch, UTC).
inline constexpr Xapian::valueno kSlotDateInstant = 0;
/// Local calendar date truncated to its precision: "2018", "2018-05" or "2018-05-23".
inline constexpr Xapian::valueno kSlotDateLocal = 1;
/// First and last local day the date may stand for, "YYYYMMDD" ("2011" -> 20110101, 20111231).
inline constexpr Xapian::valueno kSlotDateStart = 10;
inline constexpr Xapian::valueno kSlotDateEnd = 11;

/// The passage table of the document (encoding in core/passage_table.h) and the SHA-256 of
/// Document::body as 64 lower-case hex digits.
inline constexpr Xapian::valueno kSlotPassages = 12;
inline constexpr Xapian::valueno kSlotBodySha256 = 13;
/// The document's id, as in its kPrefixId term and its stored JSON: a page of ids
/// (searchd fields=id) reads it without decompressing the stored document. Indexes written before
/// it existed have it empty; searchd then reads the stored JSON.
inline constexpr Xapian::valueno kSlotId = 14;
/// The document's stored JSON object, compressed by core::StoredCodec (zstd). Indexes written
/// before it existed keep the JSON as the document's data (Xapian::Document::get_data), which
/// StoredCodec::stored_json reads when the slot is empty.
inline constexpr Xapian::valueno kSlotStored = 15;

/// A built-in facet: request name, boolean term prefix, and the slot with its values as written
/// (core::encode_values).
struct BuiltinFacet {
  std::string_view name;
  std::string_view prefix;
  Xapian::valueno slot;
};

inline constexpr BuiltinFacet kBuiltinFacets[] = {
    {"source", "XO", 2}, {"lang", "XL", 3},    {"type", "XT", 4}, {"category", "XC", 5},
    {"place", "XP", 6},  {"speaker", "XV", 7}, {"tag", "XG", 8},
};

/// Declared facets take slots from here on, in declaration order.
inline constexpr Xapian::valueno kSlotFirstDeclaredFacet = 20;

/// Positions of body words start after the title, with this gap so phrases never span the two;
/// each extra text field starts the same gap after the previous one.
inline constexpr Xapian::termpos kFieldPositionGap = 100;
/// Each passage's body words start this many positions after the previous passage's last word,
/// more than the widest NEAR window (kMaxNearDistance + query terms), so phrases and NEAR never
/// span two passages and every body word position maps to one passage.
inline constexpr Xapian::termpos kPassagePositionGap = 256;
/// Title words count this many times towards a document's weight.
inline constexpr Xapian::termcount kTitleWdf = 3;

/// Xapian refuses terms longer than this many bytes.
inline constexpr std::size_t kMaxTermBytes = 245;

/// Whether @p term carries one of the prefixes above: they are upper-case ASCII, and analysis
/// case-folds every word, so no unprefixed term starts with one.
constexpr bool is_prefixed_term(std::string_view term) {
  return !term.empty() && term.front() >= 'A' && term.front() <= 'Z';
}

/// The first possible term after every prefixed one ('[' follows 'Z'): a term iterator's
/// skip_to(kAfterPrefixedTerms) passes them all at once (digits sort before, words after).
inline constexpr std::string_view kAfterPrefixedTerms = "[";

}  // namespace dalil::core::schema
