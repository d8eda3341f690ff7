// Fuzz target: the query language on any bytes, as digest-query runs it: tokens, tree,
// Xapian query (all words, and any word), then the search itself with relaxing and snippets,
// against a real database of the example digest built at start-up (in memory). A mistake in
// the query is a digest::Error, which is the expected answer; any other exception is a bug.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "digest/digest_parser.hpp"
#include "language/query_builder.hpp"
#include "search/query_session.hpp"
#include "text/text_normalizer.hpp"
#include "writing/document_builder.hpp"

namespace {

std::unique_ptr<digest::QuerySession> session;

Xapian::Database example_database() {
    const std::string path = std::string(DIGEST_EXAMPLES) + "/20251230_Tue/audio.md";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto parsed = digest::parse_digest(text.str(), {path, "2025-12-30", "audio"});
    if (parsed.entries.empty()) {
        std::cerr << "fuzz_query: no papers in " << path << "\n";
        std::exit(1);
    }
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    digest::DocumentBuilder builder;
    for (const auto& paper : parsed.entries) db.add_document(builder.build(paper));
    db.commit();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    session = std::make_unique<digest::QuerySession>(example_database());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string query(reinterpret_cast<const char*>(data), size);
    // A query folds its words through the normaliser, which records each transliteration for
    // the indexer to store; digest-query ends after one query, this process goes on.
    digest::take_transliterations();
    try {
        const digest::ParsedQuery parsed = digest::read_query(query);
        digest::describe(parsed.root);
        digest::QueryBuilder::normalise(parsed);
        digest::QueryBuilder builder(session->database());
        builder.build(parsed, false);
        builder.build(parsed, true);
    } catch (const digest::Error&) {
        return 0;  // the query is wrong, and says where
    }
    digest::SearchRequest request;
    request.query = query;
    request.relax = true;
    request.limit = 5;
    try {
        session->search(request);
    } catch (const digest::Error&) {
        return 0;
    }
    return 0;
}
