#include "search/searcher.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "fields/field_table.hpp"
#include "search/similar.hpp"
#include "search/snippet.hpp"

namespace digest {

namespace {
const Xapian::valueno kDateSlot = static_cast<Xapian::valueno>(field(FieldId::LastListed).slot);
}

std::string sort_name(SortOrder s) {
    switch (s) {
        case SortOrder::Relevance:
            return "relevance";
        case SortOrder::Date:
            return "date";
        case SortOrder::DateReverse:
            return "-date";
    }
    return "relevance";
}

Searcher::Searcher(Xapian::Database db) : db_(std::move(db)), builder_(db_) {}

Xapian::Enquire Searcher::enquire_for(const Xapian::Query& q) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    enquire.set_weighting_scheme(
        Xapian::BM25Weight(ranking_.k1, 0, 1, ranking_.b, ranking_.min_normlen));
    return enquire;
}

// A query of three bare words or more that no paper holds all of ("what is the best tokenizer
// for speech LLMs") is run again with any word matching, ranked by BM25, rather than answer
// nothing. Not when a word is in no paper at all: `speech zzqqxx` finds nothing, as grep would.
bool Searcher::relaxable(const SearchRequest& request) {
    if (!request.like_text.empty()) return false;
    const auto words = QueryBuilder::bare_words(request.query);
    if (words.size() < 3) return false;
    return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        Xapian::Query q = builder_.parse(w);
        for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
            if (db_.term_exists(*t)) return true;
        return false;
    });
}

Xapian::Query Searcher::build(const SearchRequest& request, bool any_word) {
    Xapian::Query q;
    if (!request.query.empty()) q = builder_.parse(request.query, any_word);
    if (request.like_text.empty()) return q;
    Xapian::Query like = similarity_query(telling_words_of_text(db_, request.like_text));
    if (like.empty()) like = Xapian::Query::MatchNothing;  // no word worth comparing by
    return q.empty() ? like : Xapian::Query(Xapian::Query::OP_AND, q, like);
}

SearchResult Searcher::search(const SearchRequest& request, const SearchOptions& options) {
    SearchResult result;
    result.query = request.query;
    result.offset = options.offset;
    result.limit = options.limit;
    Xapian::Query q = build(request);
    Xapian::Enquire enquire = enquire_for(q);

    SortOrder sort = options.sort;
    auto apply_sort = [&](SortOrder s) {
        if (s == SortOrder::Relevance)
            enquire.set_sort_by_relevance();
        else
            enquire.set_sort_by_value_then_relevance(kDateSlot, s == SortOrder::DateReverse);
    };
    apply_sort(sort);
    // Totals are exact: the match counts every paper (check_at_least covers the collection).
    const Xapian::doccount all = db_.get_doccount();
    const Xapian::doccount limit = options.limit == 0 ? all : options.limit;
    Xapian::MSet mset = enquire.get_mset(options.offset, limit, all);
    if (mset.get_matches_estimated() == 0 && options.relax && relaxable(request)) {
        enquire.set_query(build(request, true));
        mset = enquire.get_mset(options.offset, limit, all);
        result.relaxed = true;
    }
    if (sort == SortOrder::Relevance && mset.get_matches_estimated() > 0 &&
        mset.get_max_possible() == 0) {
        // Only filters (au:, cat:, date:): nothing to rank by, so the newest papers come first.
        sort = SortOrder::DateReverse;
        apply_sort(sort);
        mset = enquire.get_mset(options.offset, limit, all);
    }
    result.sort = sort_name(sort);
    result.total = mset.get_matches_estimated();
    result.total_is_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();

    SnippetMaker snippets;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.paper = paper_from_data(it.get_document().get_data());
        hit.rank = static_cast<int>(it.get_rank() + 1);  // get_rank() counts the offset
        hit.score = it.get_weight();
        hit.percent = it.get_percent();
        hit.docid = *it;
        if (options.snippets) {
            std::set<std::string> matched(enquire.get_matching_terms_begin(it),
                                          enquire.get_matching_terms_end(it));
            hit.snippet = snippets.make(hit.paper, matched);
        }
        result.hits.push_back(std::move(hit));
    }
    return result;
}

Xapian::doccount Searcher::count(const SearchRequest& request, bool relax, bool* relaxed) {
    Xapian::Query q = build(request);
    Xapian::Enquire enquire = enquire_for(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // counting needs no ranking
    Xapian::doccount n = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
    if (relaxed) *relaxed = false;
    if (n == 0 && relax && relaxable(request)) {
        enquire.set_query(build(request, true));
        n = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
        if (relaxed) *relaxed = true;
    }
    return n;
}

std::string Searcher::explain(const SearchRequest& request) {
    Xapian::Query q = build(request);
    std::ostringstream out;
    out << "query:       " << request.query << "\n";
    out << "normalised:  " << QueryBuilder::normalise(request.query) << "\n";
    if (!request.like_text.empty())
        out << "like text:   " << request.like_text.size() << " bytes of text\n";
    out << "bare words:  ";
    const auto& bare = bare_fields();
    for (std::size_t i = 0; i < bare.size(); ++i)
        out << (i ? ", " : "") << bare[i]->name << " (×" << bare[i]->weight << ")";
    out << "\n";
    out << "xapian:      " << q.get_description() << "\n";
    return out.str();
}

}  // namespace digest
