// Prints a canonical dump of a digest-search database: every document (ordered by its unique
// Q term, so document ids do not matter) with its length, values, data, and terms with wdf and
// positions; then the database's document count, total length, term statistics and spelling
// table. Two databases holding the same papers, terms and appearances give the same dump,
// however they were built (one core or several, in one run or resumed after a crash).
//
// Usage: dump_db DATABASE_DIR          the dump
//        dump_db --files DATABASE_DIR  the digest files the database records as indexed
//
// Bytes are written as stored (no decoding), documents are streamed one at a time, so the
// whole shared corpus dumps in well under a minute with little memory.
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace {

void write_files(const Xapian::Database& db, std::ostream& out) {
    const std::string prefix = "file:";
    for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key)
        out << (*key).substr(prefix.size()) << '\n';
}

void write_document(const Xapian::Database& db, Xapian::docid did, const std::string& qterm,
                    std::ostream& out) {
    const Xapian::Document doc = db.get_document(did);
    out << "doc " << qterm << "\nlength " << db.get_doclength(did) << "\nvalues";
    for (auto value = doc.values_begin(); value != doc.values_end(); ++value)
        out << ' ' << value.get_valueno() << '=' << *value;
    out << "\ndata " << doc.get_data() << '\n';
    for (auto term = db.termlist_begin(did); term != db.termlist_end(did); ++term) {
        out << "  " << *term << " wdf=" << term.get_wdf() << " pos=";
        bool first = true;
        for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
            if (!first) out << ',';
            out << *pos;
            first = false;
        }
        out << '\n';
    }
}

void write_dump(const Xapian::Database& db, std::ostream& out) {
    // Each paper's unique term, then the documents in that order.
    std::vector<std::pair<std::string, Xapian::docid>> order;
    for (auto post = db.postlist_begin(""); post != db.postlist_end(""); ++post) {
        std::string qterm = "None";
        auto term = db.termlist_begin(*post);
        term.skip_to("Q");
        if (term != db.termlist_end(*post) && (*term).rfind('Q', 0) == 0) qterm = *term;
        order.emplace_back(std::move(qterm), *post);
    }
    std::sort(order.begin(), order.end());
    for (const auto& entry : order) write_document(db, entry.second, entry.first, out);
    out << "doccount " << db.get_doccount() << "\ntotal length " << db.get_total_length() << '\n';
    for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term)
        out << "term " << *term << " termfreq=" << term.get_termfreq()
            << " collfreq=" << db.get_collection_freq(*term) << '\n';
    for (auto word = db.spellings_begin(); word != db.spellings_end(); ++word)
        out << "spelling " << *word << " freq=" << word.get_termfreq() << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    const bool files = argc == 3 && std::string(argv[1]) == "--files";
    if (argc != 2 && !files) {
        std::cerr << "usage: dump_db [--files] DATABASE_DIR\n";
        return 2;
    }
    try {
        const Xapian::Database db(argv[argc - 1]);
        if (files)
            write_files(db, std::cout);
        else
            write_dump(db, std::cout);
        std::cout.flush();
        return std::cout ? 0 : 1;
    } catch (const Xapian::Error& e) {
        std::cerr << "dump_db: " << argv[argc - 1] << ": " << e.get_description() << '\n';
        return 1;
    }
}
