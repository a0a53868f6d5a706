/// @file tests/support/turns.h
/// @brief Test-only stand-in for a transcript reader: JSONL documents whose "turns" become
///        core::Passage entries (each turn's text found in the body, in order), and an index
///        written from them with the real IndexWriter.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/document.h"
#include "indexer/index_writer.h"

namespace dalil::testing {

/// "hh:mm:ss" as milliseconds.
inline uint32_t turn_ms(const std::string& text) {
  const int h = std::stoi(text.substr(0, 2));
  const int m = std::stoi(text.substr(3, 2));
  const int s = std::stoi(text.substr(6, 2));
  return static_cast<uint32_t>(((h * 60 + m) * 60 + s) * 1000);
}

/// The documents of a JSONL file; "turns" give passages (speaker, qa, start, and the next
/// turn's start as end), each turn's text located in the body after the previous one.
inline std::vector<core::Document> documents_with_turns(const std::string& path) {
  std::vector<core::Document> docs;
  std::ifstream in(path);
  REQUIRE(in);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    nlohmann::json object = nlohmann::json::parse(line);
    const nlohmann::json turns = object.value("turns", nlohmann::json::array());
    core::Document doc =
        core::document_from_json(object, core::DocumentLimits{}, core::IndexSchema::defaults());
    std::size_t cursor = 0;
    for (std::size_t i = 0; i < turns.size(); ++i) {
      const std::string text = turns[i]["text"];
      const std::size_t at = doc.body.find(text, cursor);
      REQUIRE(at != std::string::npos);
      core::Passage passage;
      passage.start = static_cast<uint32_t>(at);
      passage.end = static_cast<uint32_t>(at + text.size());
      passage.speaker = turns[i].value("speaker", "");
      passage.qa = turns[i].value("qa", "");
      if (turns[i].contains("start")) passage.start_ms = turn_ms(turns[i]["start"]);
      if (i + 1 < turns.size() && turns[i + 1].contains("start"))
        passage.end_ms = turn_ms(turns[i + 1]["start"]);
      doc.passages.push_back(passage);
      cursor = passage.end;
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

/// Writes @p docs into a new index at @p dir.
inline void write_index(const std::string& dir, const std::vector<core::Document>& docs) {
  indexer::IndexWriter writer(dir, indexer::WriterOptions{});
  for (const auto& doc : docs) writer.upsert(doc);
  writer.commit();
}

}  // namespace dalil::testing
