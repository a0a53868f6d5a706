/// @file tests/unit/exact_match_test.cc
/// @brief Clitics in phrases, exact mode (=word, exact=true) and a hit's "matched" modes, on a
///        real index built by IndexWriter and queried through parse_query.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "indexer/index_writer.h"
#include "searchd/exact_match.h"
#include "searchd/query_parser.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::analyzers::Analyzer;
using dalil::searchd::matched_modes;
using dalil::searchd::parse_query;
using dalil::searchd::PhraseTerms;
using Ids = std::set<std::string>;

const dalil::core::IndexSchema kSchema = dalil::core::IndexSchema::defaults();

// Each document holds one spelling or clitic form, so a query's hit set says which it meets.
const std::vector<std::pair<std::string, std::string>> kDocs = {
    {"un", "قالت الأمم المتحدة إن"},
    {"un-plain", "قالت الامم المتحده إن"},
    {"un-bi", "ندد بالأمم المتحدة أمس"},
    {"un-wa", "والأمم المتحدة ترفض"},
    {"un-wabi", "وبالأمم المتحدة أيضا"},
    {"un-lil", "رسالة للأمم المتحدة اليوم"},
    {"un-apart", "الأمم التي المتحدة"},
    {"lebanon", "زار ولبنان وسوريا"},
    {"syria-vowelled", "في سُورِيَا اليوم"},
    {"syria-plain", "في سوريا اليوم"},
    {"syria-both", "سوريا ثم سُورِيَا"},
    {"ahmad-hamza", "قال أحمد"},
    {"ahmad-plain", "قال احمد"},
    {"title-hamza", "كلمة عادية"},
    {"hashtag", "وسم #عاصي_الحلاني الجديد"},
    {"singer", "غنى عاصي الحلاني أمس"},
    {"english", "The Council's meeting"},
};

class Archive {
 public:
  Archive() {
    const std::string path = dir_.file("index");
    {
      dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
      for (const auto& [id, body] : kDocs) {
        nlohmann::json doc = {{"id", id}, {"body", body}};
        // A title word counts kTitleWdf times: its exact term must count the same.
        if (id == "title-hamza") doc["title"] = "أحمد";
        writer.upsert(dalil::core::document_from_json(doc, {}, kSchema));
      }
      writer.commit();
    }
    db_ = Xapian::Database(path);
  }

  struct Result {
    Ids ids;
    std::vector<std::vector<std::string>> matched;  // of each hit, in id order
  };

  Result search(const std::string& q, bool exact = false) {
    const auto parsed = parse_query(q, {analyzer_, kSchema, &db_, exact}, {});
    Xapian::Enquire enquire(db_);
    enquire.set_query(parsed.query);
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    std::map<std::string, std::vector<std::string>> by_id;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string id =
          nlohmann::json::parse(it.get_document().get_data()).at("id").get<std::string>();
      const std::vector<std::string> terms(enquire.get_matching_terms_begin(it),
                                           enquire.get_matching_terms_end(it));
      bool plain = false;
      for (const auto& docs : parsed.plain_exact)
        plain = plain || std::binary_search(docs->begin(), docs->end(), *it);
      by_id[id] = matched_modes(terms, parsed.phrases, plain);
    }
    Result result;
    for (auto& [id, modes] : by_id) {
      result.ids.insert(id);
      result.matched.push_back(modes);
    }
    return result;
  }

 private:
  dalil::testing::TempDir dir_;
  Xapian::Database db_;
  Analyzer analyzer_{Analyzer::kServerCacheWords};
};

Archive& archive() {
  static Archive instance;
  return instance;
}

std::string join(const Ids& ids) {
  std::string out;
  for (const auto& id : ids) out += id + " ";
  return out;
}

}  // namespace

TEST_CASE("phrases meet words with proclitics", "[exact_match][clitics]") {
  struct Case {
    std::string query;
    Ids expected;
  };
  const std::vector<Case> cases = {
      // و ب وب ل+ال in front of the article: the bare word stands at the same position.
      {"\"الأمم المتحدة\"", {"un", "un-plain", "un-bi", "un-wa", "un-wabi", "un-lil"}},
      {"\"الامم المتحده\"", {"un", "un-plain", "un-bi", "un-wa", "un-wabi", "un-lil"}},
      // Words apart are no phrase.
      {"\"الأمم التي\"", {"un-apart"}},
      // A quoted word alone meets its clitic forms as well.
      {"\"لبنان\"", {"lebanon"}},
      {"\"سوريا\"", {"lebanon", "syria-vowelled", "syria-plain", "syria-both"}},
      // The clitic form itself stays findable.
      {"\"بالأمم المتحدة\"", {"un-bi"}},
      // NEAR meets bare words too.
      {"الأمم NEAR/1 المتحدة",
       {"un", "un-plain", "un-bi", "un-wa", "un-wabi", "un-lil", "un-apart"}},
      // Hashtags: each word, and the whole as a phrase (with or without # and _).
      {"عاصي", {"hashtag", "singer"}},
      {"الحلاني", {"hashtag", "singer"}},
      {"#عاصي_الحلاني", {"hashtag", "singer"}},
      {"عاصي_الحلاني", {"hashtag", "singer"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.query) {
      const auto result = archive().search(c.query);
      INFO("got " << join(result.ids));
      CHECK(result.ids == c.expected);
    }
  }
}

TEST_CASE("exact mode matches the original spelling", "[exact_match]") {
  struct Case {
    std::string query;
    bool exact_param;
    Ids expected;
  };
  const std::vector<Case> cases = {
      // Vowelled and plain spellings are told apart, both ways.
      {"=سُورِيَا", false, {"syria-vowelled", "syria-both"}},
      {"=سوريا", false, {"syria-plain", "syria-both"}},
      {"سوريا", true, {"syria-plain", "syria-both"}},
      // Without = the spellings meet.
      {"سوريا", false, {"lebanon", "syria-vowelled", "syria-plain", "syria-both"}},
      // Hamza: أحمد is written so in a body and in a title (wdf 3); احمد only once.
      {"=أحمد", false, {"ahmad-hamza", "title-hamza"}},
      {"=احمد", false, {"ahmad-plain"}},
      {"احمد", true, {"ahmad-plain"}},
      {"احمد", false, {"ahmad-hamza", "ahmad-plain", "title-hamza"}},
      // Phrases: words in order, each in its spelling.
      {"=\"الأمم المتحدة\"", false, {"un"}},
      {"\"الامم المتحده\"", true, {"un-plain"}},
      // Clitics are part of the spelling.
      {"=بالأمم", false, {"un-bi"}},
      // English: case is no spelling; the possessive is.
      {"=council's", false, {"english"}},
      {"=COUNCIL", false, {}},
      {"council", false, {"english"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.query << (c.exact_param ? " exact=true" : "")) {
      const auto result = archive().search(c.query, c.exact_param);
      INFO("got " << join(result.ids));
      CHECK(result.ids == c.expected);
    }
  }
}

TEST_CASE("hits say which modes matched them", "[exact_match]") {
  struct Case {
    std::string query;
    bool exact_param;
    std::vector<std::string> modes;  // of every hit
  };
  const std::vector<Case> cases = {
      {"المتحدة", false, {"stem"}},
      {"\"الأمم المتحدة\"", false, {"word", "phrase"}},
      {"=سوريا", false, {"word", "exact"}},
      {"=سُورِيَا", false, {"exact"}},
      {"=\"الأمم المتحدة\"", false, {"word", "phrase", "exact"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.query) {
      const auto result = archive().search(c.query, c.exact_param);
      REQUIRE_FALSE(result.matched.empty());
      for (const auto& modes : result.matched) CHECK(modes == c.modes);
    }
  }
}

TEST_CASE("matched_modes maps term prefixes and phrases to modes", "[exact_match]") {
  struct Case {
    const char* name;
    std::vector<std::string> terms;
    std::vector<PhraseTerms> phrases;
    bool plain_exact;
    std::vector<std::string> modes;
    std::vector<std::string> name_terms = {};  ///< Sorted.
  };
  const std::vector<Case> cases = {
      {"stem", {"Zامم"}, {}, false, {"stem"}},
      {"title stem", {"ZSامم"}, {}, false, {"stem"}},
      {"normalised word", {"الامم"}, {}, false, {"word"}},
      {"title word", {"Sالامم"}, {}, false, {"word"}},
      {"bare word", {"Bالامم"}, {}, false, {"word"}},
      {"exact term", {"Eالامم الأمم"}, {}, false, {"exact"}},
      {"word found by its name key", {"الاسد"}, {}, false, {"name"}, {"الاسد", "بالاسد"}},
      {"same-script stem and a word found by name",
       {"Zassad", "الاسد"},
       {},
       false,
       {"stem", "name"},
       {"الاسد"}},
      {"a word not found by name stays a word", {"الاسد"}, {}, false, {"word"}, {"حلب"}},
      {"compound name term", {"Nعبد الله"}, {}, false, {"name"}, {"Nعبد الله"}},
      {"plain exact", {"سوريا"}, {}, true, {"word", "exact"}},
      {"filters give nothing", {"XOmarsa radio", "Qid", "Y2011"}, {}, false, {}},
      {"no terms", {}, {}, false, {}},
      {"phrase with every position",
       {"Bالامم", "المتحده"},
       {{{"الامم", "Bالامم"}, {"المتحده", "Bالمتحده"}}},
       false,
       {"word", "phrase"}},
      {"phrase missing a position",
       {"الامم"},
       {{{"الامم", "Bالامم"}, {"المتحده", "Bالمتحده"}}},
       false,
       {"word"}},
      {"fixed order", {"Eاحمد أحمد", "Zاحمد", "احمد"}, {}, false, {"stem", "word", "exact"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      CHECK(matched_modes(c.terms, c.phrases, c.plain_exact, c.name_terms) == c.modes);
    }
  }
}
