// digest-query: searches the database built by digest-index.
#include <CLI/CLI.hpp>
#include <iostream>

#include "database.hpp"
#include "error.hpp"
#include "field_table.hpp"
#include "paper.hpp"
#include "text_indexing.hpp"
#include "text_normalizer.hpp"

int main(int argc, char** argv) {
    using namespace digest;
    CLI::App app{"digest-query: search indexed arXiv digests"};
    std::vector<std::string> words;
    std::string db_path;
    unsigned limit = 10;
    app.add_option("query", words, "query");
    app.add_option("--db", db_path, "database directory");
    app.add_option("-n,--limit", limit, "results");
    CLI11_PARSE(app, argc, argv);
    std::string q;
    for (auto& w : words) q += (q.empty() ? "" : " ") + w;
    try {
        auto db = open_for_reading(db_path.empty() ? default_database_path()
                                                   : std::filesystem::path(db_path));
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(make_stemmer());
        qp.set_stemming_strategy(kQueryStemming);
        qp.set_default_op(Xapian::Query::OP_AND);
        for (const auto& f : kFields)
            if (f.bare) qp.add_prefix("", std::string(f.prefix));
        Xapian::Enquire enquire(db);
        enquire.set_query(
            qp.parse_query(fold(q), Xapian::QueryParser::FLAG_DEFAULT | kQueryCjkFlag));
        auto mset = enquire.get_mset(0, limit);
        if (mset.empty()) return 1;
        int rank = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Paper p = paper_from_data(it.get_document().get_data());
            std::cout << ++rank << ". " << p.id << "  " << p.title << "\n";
        }
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << "\n";
        return 2;
    }
    return 0;
}
