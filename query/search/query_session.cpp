#include "search/query_session.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "language/field_queries.hpp"
#include "search/similar.hpp"
#include "search/snippet.hpp"
#include "store/database.hpp"

namespace digest {

namespace {

const Xapian::valueno kDateSlot = static_cast<Xapian::valueno>(field(FieldId::LastListed).slot);
const Xapian::valueno kFirstSlot = static_cast<Xapian::valueno>(field(FieldId::FirstListed).slot);
const Xapian::valueno kIdSlot = static_cast<Xapian::valueno>(field(FieldId::Id).slot);
// The shortest time limit (seconds) under which facets first ask for the match's estimate.
constexpr double kEstimateWithin = 0.5;

const Xapian::valueno kDateOrderSlot =
    static_cast<Xapian::valueno>(field(FieldId::LastListedOrder).slot);
const Xapian::valueno kFirstOrderSlot =
    static_cast<Xapian::valueno>(field(FieldId::FirstListedOrder).slot);

// The order of the results. Papers of equal score, or of one date, follow their ids (newest
// first when the newest papers come first), never the order of the documents: that order
// differs between one database and shards of it, and from one build to the next. By values
// alone (date then id in one value), which Xapian's remote backend can sort by. By relevance,
// Xapian orders ties by document; the session settles them by id on the page (settle_ties).
// Asking Xapian to (set_sort_by_relevance_then_value) reads the id of every paper the match
// compares, which doubled the match of `flow matching` on the 10x corpus (5 -> 10 ms). Remote
// shards are asked to, though: their servers read the ids, in parallel, and send each with
// its paper's score, where reading a tied paper's id here would be a round trip per paper.
void set_order(Xapian::Enquire& enquire, SortOrder s, bool remote) {
    if (s == SortOrder::Relevance) {
        if (remote)
            enquire.set_sort_by_relevance_then_value(kIdSlot, true);
        else
            enquire.set_sort_by_relevance();
        return;
    }
    const bool first = s == SortOrder::First || s == SortOrder::FirstReverse;
    const bool reverse = s == SortOrder::FirstReverse || s == SortOrder::DateReverse;
    enquire.set_sort_by_value(first ? kFirstOrderSlot : kDateOrderSlot, reverse);
}

// How far past either end of a page ranked across several databases is fetched at first to
// settle its ties; a tie that reaches the edge of what was fetched widens it (tie_cut).
constexpr Xapian::doccount kTieMargin = 32;

long long tie_key(const Xapian::MSetIterator& it) {
    return std::llround(it.get_weight() * 1e9);
}

// Whether papers tied with the first or the last of the page may lie outside the fetched
// window: the window (from `from`, `count` asked) holds the page at `before`.
bool tie_cut(const Xapian::MSet& mset, Xapian::doccount from, Xapian::doccount count,
             Xapian::doccount before, Xapian::doccount limit) {
    const Xapian::doccount size = mset.size();
    if (size <= before) return false;
    const Xapian::doccount last = std::min(size, before + limit) - 1;
    return (from > 0 && tie_key(mset[0]) == tie_key(mset[before])) ||
           (size == count && tie_key(mset[size - 1]) == tie_key(mset[last]));
}

// Scores equal to 1e-9 are one score; a tie goes to the greater id (set_order's order).
void settle_ties(std::vector<Xapian::MSetIterator>& page) {
    struct Ranked {
        long long score;
        std::string id;
        Xapian::MSetIterator it;
    };
    std::vector<Ranked> ranked;
    ranked.reserve(page.size());
    for (const auto& it : page) ranked.push_back({tie_key(it), {}, it});
    // Only papers tied with a neighbour need their ids: the sort key when the match read them
    // (set_order), or else their documents.
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const bool tied = (i > 0 && ranked[i - 1].score == ranked[i].score) ||
                          (i + 1 < ranked.size() && ranked[i + 1].score == ranked[i].score);
        if (!tied) continue;
        ranked[i].id = ranked[i].it.get_sort_key();
        if (ranked[i].id.empty()) ranked[i].id = ranked[i].it.get_document().get_value(kIdSlot);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return a.score != b.score ? a.score > b.score : a.id > b.id;
    });
    for (std::size_t i = 0; i < page.size(); ++i) page[i] = ranked[i].it;
}

// The stubs' inodes and times: a new generation is a new stub renamed into place. A sharded
// database's own stub and each of its shards' stubs: a new generation in any shard tells.
std::string stub_stamp(const std::vector<std::filesystem::path>& databases) {
    std::string stamp;
    std::vector<std::filesystem::path> paths = databases;
    for (const auto& shard : expand_shards(databases))
        if (std::find(databases.begin(), databases.end(), shard) == databases.end())
            paths.push_back(shard);
    for (const auto& p : paths) {
        struct stat st {};
        if (!is_remote(p) && ::stat(stub_of(p).c_str(), &st) == 0)
            stamp += std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + ":" +
                     std::to_string(st.st_mtim.tv_nsec) + ";";
    }
    return stamp;
}

constexpr const char* kRelaxedNote =
    "no paper holds every word of the query; these papers hold some of them";
constexpr const char* kCjkApartNote =
    "no paper holds the Chinese of the query as written; these papers hold its characters "
    "apart";

// Every document, in order, until the deadline: ANDed with a query (OP_FILTER), it ends the
// match when the time is up, with the papers found so far. Xapian's own time limit
// (Enquire::set_time_limit) only stops the counting: the matcher then goes on looking for the
// best papers, which took seconds for `s* s* s* s*` or twelve wildcards ORed. Each shard's
// match gets a clone; `fired` tells the session that the match was ended.
class DeadlineSource : public Xapian::PostingSource {
  public:
    DeadlineSource(std::chrono::steady_clock::time_point deadline,
                   std::shared_ptr<std::atomic<bool>> fired)
        : deadline_(deadline), fired_(std::move(fired)) {}
    void init(const Xapian::Database& db) override {
        last_ = db.get_lastdocid();
        count_ = db.get_doccount();
        did_ = 0;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return count_; }
    Xapian::doccount get_termfreq_max() const override { return count_; }
    void next(double) override {
        ++did_;
        check_time();
    }
    void skip_to(Xapian::docid did, double) override {
        if (did > did_) did_ = did;
        check_time();
    }
    bool at_end() const override { return did_ > last_; }
    Xapian::docid get_docid() const override { return did_; }
    Xapian::PostingSource* clone() const override { return new DeadlineSource(deadline_, fired_); }
    std::string get_description() const override { return "DeadlineSource()"; }

  private:
    // The clock is read at the first document and every 64th after it: a whole-corpus match
    // calls this 55,000 times.
    void check_time() {
        if (calls_++ % 64 != 0) return;
        if (did_ <= last_ && std::chrono::steady_clock::now() >= deadline_) {
            fired_->store(true);
            did_ = last_ + 1;
        }
    }
    std::chrono::steady_clock::time_point deadline_;
    std::shared_ptr<std::atomic<bool>> fired_;
    Xapian::docid last_ = 0, did_ = 0;
    Xapian::doccount count_ = 0;
    unsigned calls_ = 0;
};

// The match stops counting at the time limit, and ends at half as much again.
constexpr double kEndAfter = 1.5;

// A match spy (facets, a trend's periods) reads each paper's values: a posting read with it
// takes about as long as ten without (time_limit_for).
constexpr double kSpySlowdown = 10;

}  // namespace

std::string sort_name(SortOrder s) {
    switch (s) {
        case SortOrder::Relevance:
            return "relevance";
        case SortOrder::Date:
            return "date";
        case SortOrder::DateReverse:
            return "-date";
        case SortOrder::First:
            return "first";
        case SortOrder::FirstReverse:
            return "-first";
    }
    return "relevance";
}

QuerySession::QuerySession(std::vector<std::filesystem::path> databases, bool allow_partial)
    : paths_(std::move(databases)), allow_partial_(allow_partial) {
    open();
}

QuerySession::QuerySession(Xapian::Database db) : db_(std::move(db)) {
    take_parts({{db_.get_metadata(std::string(kMetaShard)), databases_in(db_)}});
    folds_ = stored_folds(db_);
    builder_ = std::make_unique<QueryBuilder>(db_);
    speller_ = std::make_unique<Speller>(db_, db_);
}

QuerySession::~QuerySession() = default;

void QuerySession::take_parts(const std::vector<SearchedPart>& parts) {
    disjoint_ = disjoint_parts(parts);
    several_ = parts.size() > 1 || (parts.size() == 1 && parts.front().databases > 1);
}

void QuerySession::open() {
    stamp_ = stub_stamp(paths_);
    // Each database is opened (and its schema checked, its folds read) on its own: a combined
    // database reads metadata from its first part only.
    Xapian::Database all;
    StoredFolds folds;
    remote_.clear();
    parts_.clear();
    // Xapian's remote backend keeps no spelling: the spelling table is read from the local
    // databases only (a deployment of remote shards keeps one beside them: spelling.hpp).
    Xapian::Database local;
    bool any_local = false;
    missing_.clear();
    std::vector<SearchedPart> searched;
    // A sharded directory is its shards, each opened on its own for the same reason. Remote
    // shards are opened all at once: each opening is a connection, a process its server starts
    // and three round trips, which four shards one after the other paid four times over (local
    // ones open in a fraction of a millisecond, less than a thread takes to start).
    const std::vector<std::filesystem::path> shards = expand_shards(paths_);
    std::vector<bool> remote(shards.size());
    for (std::size_t k = 0; k < shards.size(); ++k) remote[k] = served_remotely(shards[k]);
    const bool at_once = std::find(remote.begin(), remote.end(), true) != remote.end();
    struct Opened {
        Xapian::Database db;
        StoredFolds folds;
        std::string marker;
        unsigned databases = 1;
        std::exception_ptr error;
    };
    std::vector<Opened> opened(shards.size());
    const auto open_one = [&](std::size_t k) {
        try {
            opened[k].db = open_for_reading(shards[k]);
            opened[k].folds = stored_folds(opened[k].db);
            opened[k].marker = opened[k].db.get_metadata(std::string(kMetaShard));
            opened[k].databases = databases_in(opened[k].db);
        } catch (...) {
            opened[k].error = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (std::size_t k = 0; k < shards.size(); ++k) {
            if (at_once && k + 1 < shards.size())
                helpers.emplace_back(open_one, k);
            else
                open_one(k);
        }
    }
    for (std::size_t k = 0; k < shards.size(); ++k) {
        const auto& path = shards[k];
        Xapian::Database one = opened[k].db;
        try {
            if (opened[k].error) std::rethrow_exception(opened[k].error);
        } catch (const Error& e) {
            // A shard left out must be one whose server failed, never a database that is not
            // there or not one: those are mistakes to fix, not outages to ride out.
            if (!allow_partial_ || !remote[k]) throw;
            missing_.push_back(path.string() + " (" + e.what() + ")");
            continue;
        }
        // A spelling table (digest-index spelling) lends its words and is not searched: the
        // results are those of the other databases alone.
        if (!remote[k] && is_spelling_table(one)) {
            local.add_database(one);
            any_local = true;
            continue;
        }
        if (remote[k]) remote_ = path.string();
        merge_folds(folds, opened[k].folds, names(paths_), path);
        searched.push_back({std::move(opened[k].marker), opened[k].databases});
        all.add_database(one);
        parts_.push_back(one);
        if (!remote[k]) {
            local.add_database(one);
            any_local = true;
        }
    }
    if (all.size() == 0 && missing_.empty())
        throw Error("no database of papers to search in " + names(paths_) +
                        ": only spelling tables (digest-index spelling)",
                    "give the databases to search with --db as well", kExitUsage);
    if (all.size() == 0)
        throw Error("no database could be searched: every shard failed (" + names(paths_) + ")",
                    "are the shards' servers running and reachable?");
    db_ = std::move(all);
    take_parts(searched);
    speller_ = std::make_unique<Speller>(
        any_local ? std::optional<Xapian::Database>(local) : std::nullopt, db_);
    folds_ = std::move(folds);
    builder_ = std::make_unique<QueryBuilder>(db_);
    builder_->set_pair_boost(ranking_.pairs);
    builder_->set_saved_queries(saved_);
    builder_->set_limits(limits_);
}

void QuerySession::refresh() {
    if (paths_.empty()) {
        db_.reopen();
        return;
    }
    // A new generation is a new stub (written and renamed into place): the old files may stay
    // readable for as long as they are open, so the stub is what tells.
    if (stub_stamp(paths_) != stamp_ || db_.reopen()) open();
}

std::string QuerySession::state() const {
    if (paths_.empty() || !remote_.empty() || !missing_.empty()) return {};
    std::string state = stamp_;
    try {
        // A reopened combined database reopens these too: they share its parts.
        for (const auto& part : parts_) state += "/" + std::to_string(part.get_revision());
    } catch (const Xapian::Error&) {
        return {};  // a backend without revisions
    }
    return state;
}

void QuerySession::set_saved_queries(QueryBuilder::SavedQueries saved) {
    saved_ = std::move(saved);
    builder_->set_saved_queries(saved_);
}

template <class Op>
auto QuerySession::retrying(Op op) {
    UseStoredFolds folds(&folds_);
    for (int attempt = 0;; ++attempt) {
        try {
            return op();
        } catch (const Xapian::DatabaseError&) {
            // A writer overtook this reader: its commits replaced blocks being read
            // (DatabaseModifiedError, or a reused block read as "Expected block N to be level
            // 2, not 0", DatabaseCorruptError), or a new generation replaced the one being read
            // and its files are gone (DatabaseOpeningError). Read once more at the newest
            // revision; a database that is really damaged or missing fails the second time too.
            if (attempt > 0 || paths_.empty()) throw;
        } catch (const Xapian::NetworkError& e) {
            // A remote shard stopped answering: name it (the error Xapian gives names none).
            if (paths_.empty()) throw;
            const std::vector<std::string> down = unreachable();
            if (down.empty() || (allow_partial_ && attempt > 0)) throw;
            if (!allow_partial_) {
                std::string which;
                for (const auto& d : down) which += (which.empty() ? "" : "; ") + d;
                throw Error("a remote shard does not answer: " + which + " (" + e.get_msg() + ")",
                            "is the shard's server running and reachable? --allow-partial "
                            "searches the other shards and says which are missing");
            }
        }
        open();
    }
}

std::vector<std::string> QuerySession::unreachable() const {
    std::vector<std::string> down;
    for (const auto& path : expand_shards(paths_)) {
        if (!served_remotely(path)) continue;
        try {
            open_for_reading(path).get_doccount();
        } catch (const Error& e) {
            down.push_back(path.string());
        } catch (const Xapian::Error& e) {
            down.push_back(path.string());
        }
    }
    return down;
}

void QuerySession::note_missing(SearchResult& result) const {
    if (missing_.empty()) return;
    result.missing = missing_;
    for (const auto& m : missing_)
        result.notes.push_back("partial: the remote shard " + m +
                               " was left out (--allow-partial): its papers are missing from "
                               "these results and from every count");
}

void QuerySession::set_ranking(const RankingParameters& r) {
    ranking_ = r;
    builder_->set_pair_boost(r.pairs);
}

void QuerySession::set_limits(const QueryLimits& limits) {
    limits_ = limits;
    builder_->set_limits(limits);
}

Xapian::Query QuerySession::timed(const Xapian::Query& q) const {
    // A remote shard would need the source registered with xapian-tcpsrv; it has no time limit.
    if (limits_.time <= 0 || !match_ended_ || !remote_.empty() || q.empty()) return q;
    auto* source = new DeadlineSource(end_, match_ended_);
    return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(source->release()));
}

Xapian::Enquire QuerySession::enquire_for(const Xapian::Query& q) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(timed(q));
    enquire.set_weighting_scheme(
        Xapian::BM25Weight(ranking_.k1, 0, 1, ranking_.b, ranking_.min_normlen));
    enquire.set_time_limit(time_limit_for(enquire.get_query()));
    // One paper indexed in two databases (shards that overlap) is one result.
    if (!disjoint_) enquire.set_collapse_key(kIdSlot);
    return enquire;
}

void QuerySession::start_clock() {
    using Duration = std::chrono::steady_clock::duration;
    const auto now = std::chrono::steady_clock::now();
    match_ended_ = std::make_shared<std::atomic<bool>>(false);
    deadline_ =
        now + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(limits_.time));
    end_ = now + std::chrono::duration_cast<Duration>(
                     std::chrono::duration<double>(limits_.time * kEndAfter));
}

double QuerySession::time_left() const {
    if (limits_.time <= 0 || !match_ended_) return 0;
    const double left =
        std::chrono::duration<double>(deadline_ - std::chrono::steady_clock::now()).count();
    // Xapian reads 0 as "no limit": a match begun after the time is up gets a millisecond.
    return std::max(left, 0.001);
}

double QuerySession::time_limit_for(const Xapian::Query& q, double slower) const {
    const double left = time_left();
    // Xapian's time limit starts a thread (a POSIX timer that calls back on one): 1.4 ms of
    // a 15 ms query on the 10x corpus. A match too small to come near the limit needs none;
    // the deadline (timed) still ends any match at 1.5 times the limit. Remote shards keep
    // the limit: each term's frequency would be a round trip.
    if (left == 0 || !remote_.empty() || may_reach_time_limit(db_, q, left / slower)) return left;
    return 0;
}

bool QuerySession::out_of_time() const {
    return limits_.time > 0 && std::chrono::steady_clock::now() >= deadline_;
}

void QuerySession::nothing_in_time() const {
    // Not "nothing matched": nothing was found in the time.
    throw Error("the search reached its time limit of " + time_limit_text(limits_.time) +
                    " (time:" + limit_number(limits_.time) +
                    ", --query-limit) before it had found a paper",
                "give it more time: --query-limit time:SECONDS (0: no limit); or narrow the query",
                kExitUsage);
}

bool QuerySession::match_ended() const {
    return match_ended_ && match_ended_->load();
}

// Xapian stops counting when the time limit passes (and keeps looking for the best papers),
// and the match is ended at kEndAfter times it: either way the count is an estimate.
Xapian::doccount QuerySession::matches(const Xapian::MSet& mset) const {
    // With several databases the copies of a paper are collapsed into one result, and Xapian's
    // estimate and upper bound still count the copies; a match that saw every document
    // (check_at_least covers the collection) has its lower bound exact: the distinct papers.
    if (several_ && !match_ended()) return mset.get_matches_lower_bound();
    return mset.get_matches_estimated();
}

bool QuerySession::counted_all(const Xapian::MSet& mset) const {
    if (match_ended()) return false;
    return several_ || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
}

void QuerySession::note_time_limit(const Xapian::MSet& mset, SearchResult& result) const {
    const bool ended = match_ended();
    if (counted_all(mset)) return;
    result.total_is_exact = false;
    if (result.time_limited) return;
    result.time_limited = true;
    result.notes.push_back(
        "the search reached its time limit of " + time_limit_text(limits_.time) + " (time:" +
        limit_number(limits_.time) + ", --query-limit) before it had counted every match: " +
        (ended ? "the results are partial, the best papers among those it saw; "
               : "the results are partial (the best papers, but not every match counted); ") +
        "the total " + std::to_string(mset.get_matches_estimated()) + " is an estimate (between " +
        std::to_string(mset.get_matches_lower_bound()) + " and " +
        std::to_string(mset.get_matches_upper_bound()) + ")" +
        (result.facets.empty() ? "" : ", and the facets count only the papers seen"));
}

// A query of three bare words or more that no paper holds all of ("what is the best tokenizer
// for speech LLMs") is run again with any word matching, ranked by BM25, rather than answer
// nothing. Not when a word is in no paper at all: `speech zzqqxx` finds nothing, as grep would.
bool QuerySession::relaxable(const SearchRequest& request, const ParsedQuery& query) {
    if (!request.like_text.empty()) return false;
    const auto words = query.top_words();
    if (words.size() < 3) return false;
    return std::all_of(words.begin(), words.end(), [&](const Token* w) {
        Xapian::Query q = builder_->word(*w);
        for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
            if (db_.term_exists(*t)) return true;
        return false;
    });
}

Xapian::Query QuerySession::build(const SearchRequest& request, const ParsedQuery& query,
                                  bool any_word, bool cjk_apart) {
    Xapian::Query q;
    if (!query.empty()) q = builder_->build(query, any_word, cjk_apart);
    if (!request.exclude_ids.empty() && !q.empty()) {
        // Papers already shown (run NAME --new) are left out.
        std::vector<Xapian::Query> ids;
        for (const auto& id : request.exclude_ids) ids.emplace_back(unique_term(id));
        q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                          Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
    }
    if (request.like_text.empty()) return q;
    Xapian::Query like = similarity_query(telling_words_of_text(db_, request.like_text));
    if (like.empty()) like = Xapian::Query::MatchNothing;  // no word worth comparing by
    return q.empty() ? like : Xapian::Query(Xapian::Query::OP_AND, q, like);
}

void QuerySession::suggest(const SearchRequest& request, const ParsedQuery& query,
                           SearchResult& result) {
    if (query.empty() || out_of_time()) return;
    const auto correction = speller_->correct(query);
    if (!correction) return;
    SearchRequest corrected;
    corrected.query = correction->query;
    corrected.like_text = request.like_text;
    corrected.exclude_ids = request.exclude_ids;
    try {
        Xapian::Enquire enquire =
            enquire_for(build(corrected, read_query(correction->query, limits_)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (enquire.get_mset(0, 0, 1).get_matches_lower_bound() == 0) return;
    } catch (const Error&) {
        return;  // a correction the query language does not take is no suggestion
    }
    result.suggestion = correction->query;
    result.suggestion_shown = correction->shown;
}

Xapian::MSet QuerySession::full_match(Xapian::Enquire& enquire, Xapian::doccount offset,
                                      Xapian::doccount limit, const SearchRequest& request,
                                      std::vector<FacetResult>* facets) {
    enquire.clear_matchspies();
    enquire.set_time_limit(
        time_limit_for(enquire.get_query(), request.facets.empty() ? 1 : kSpySlowdown));
    if (request.facets.empty())
        return enquire.get_mset(offset, limit,
                                request.exact_total ? db_.get_doccount() : offset + limit);
    refuse_remote("facets");
    FacetSpy spy(request.facets);
    if (several_) spy.count_each_id_once(kIdSlot);
    spy.stream_from(db_);
    // Sized from the match's estimate, the author table need not grow step by step. Asking
    // opens every posting list once more: under a tight time limit that time is the match's.
    if (limits_.time <= 0 || limits_.time >= kEstimateWithin)
        spy.expect(enquire.get_mset(0, 0).get_matches_estimated());
    enquire.add_matchspy(&spy);
    Xapian::MSet mset = enquire.get_mset(offset, limit, db_.get_doccount());
    enquire.clear_matchspies();
    *facets = spy.results(db_);
    return mset;
}

SearchResult QuerySession::search(const SearchRequest& request) {
    return retrying([&] {
        SearchResult result;
        result.query = request.query;
        result.offset = request.offset;
        result.limit = request.limit;
        const ParsedQuery query = read_query(request.query, limits_);
        start_clock();
        Xapian::Query q = build(request, query);
        Xapian::Enquire enquire = enquire_for(q);

        SortOrder sort = request.sort;
        // Only filters (au:, cat:, date:): nothing to rank by, so the newest papers first. The
        // query's compiler says so before the match, which then runs once.
        const bool ranks = !request.like_text.empty() || (!query.empty() && builder_->ranks());
        if (sort == SortOrder::Relevance && !ranks) sort = SortOrder::DateReverse;
        set_order(enquire, sort, !remote_.empty());
        // Totals are exact: the match counts every paper (check_at_least covers the collection).
        const Xapian::doccount all = db_.get_doccount();
        const Xapian::doccount limit = request.limit == 0 ? all : request.limit;
        // Ranked, the page is fetched with a margin either side and its ties settled by id
        // (settle_ties), widened while a tie reaches the edge of what was fetched (tie_cut).
        // Xapian orders ties by document, and several databases sum a paper's term weights in
        // an order of their own, so that papers of equal score may differ in the last bits:
        // one database and shards of it give one order.
        Xapian::doccount before = 0, from = request.offset, count = limit;
        const auto widen = [&](Xapian::doccount margin) {
            if (request.limit == 0 || request.sort != SortOrder::Relevance) return;
            before = std::min(request.offset, margin);
            from = request.offset - before;
            count = limit + before + std::min(margin, all);
        };
        widen(kTieMargin);
        Xapian::MSet mset = full_match(enquire, from, count, request, &result.facets);
        if (sort != request.sort && mset.get_matches_estimated() == 0) {
            sort = request.sort;  // nothing found: relaxed (below) and ranked as asked
            set_order(enquire, sort, !remote_.empty());
        }
        // Facets count every match, and the total is then exact whatever the format. A match
        // of the same papers in another order or page counts no facet again, but counts as
        // the first did.
        const bool counting = request.exact_total || !request.facets.empty();
        SearchRequest unfaceted = request;
        unfaceted.facets.clear();
        unfaceted.exact_total = counting;
        bool cjk_apart = false;
        // A match ended at the time limit may have seen no paper yet: nothing to relax.
        if (mset.get_matches_estimated() == 0 && request.relax && !match_ended() &&
            QueryBuilder::has_cjk_run(query)) {
            cjk_apart = true;
            enquire.set_query(timed(build(request, query, false, true)));
            mset = full_match(enquire, from, count, request, &result.facets);
            if (mset.get_matches_estimated() > 0) {
                result.relaxed = true;
                result.notes.emplace_back(kCjkApartNote);
            }
        }
        if (mset.get_matches_estimated() == 0 && request.relax && !match_ended() &&
            relaxable(request, query)) {
            enquire.set_query(timed(build(request, query, true, cjk_apart)));
            mset = full_match(enquire, from, count, request, &result.facets);
            result.relaxed = true;
            result.notes.emplace_back(kRelaxedNote);
        }
        if (sort == SortOrder::Relevance && mset.get_matches_estimated() > 0 && !match_ended() &&
            mset.get_max_possible() == 0) {
            // Only filters (au:, cat:, date:): nothing to rank by, so the newest papers first.
            sort = SortOrder::DateReverse;
            set_order(enquire, sort, !remote_.empty());
            mset = full_match(enquire, from, count, unfaceted, nullptr);  // the same match set
        }
        result.sort = sort_name(sort);
        result.total = matches(mset);
        if (counting || match_ended()) {
            result.total_is_exact = counted_all(mset);
            note_time_limit(mset, result);
        } else {
            // Not printed, and an estimate; exact all the same for an empty page past the end
            // (below): the match saw every paper before it gave up filling offset + limit.
            result.total_is_exact =
                mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        }
        const bool ranked = sort == SortOrder::Relevance;
        for (Xapian::doccount margin = kTieMargin;
             ranked && margin < all && tie_cut(mset, from, count, before, limit);) {
            margin *= 4;
            widen(margin);
            mset = full_match(enquire, from, count, unfaceted, nullptr);
        }
        std::vector<Xapian::MSetIterator> page;
        for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
        if (ranked) settle_ties(page);
        page.erase(page.begin(), page.begin() + std::min<std::size_t>(before, page.size()));
        if (page.size() > limit) page.resize(limit);
        if (page.empty() && match_ended() && request.offset == 0) nothing_in_time();
        if (result.total == 0 || result.relaxed) suggest(request, query, result);
        if (page.empty() && result.total > 0)
            result.notes.push_back("the query matches " + std::to_string(result.total) +
                                   " papers; --offset " + std::to_string(request.offset) +
                                   " is past the end");

        SnippetMaker snippets;
        std::size_t in_several = 0;
        for (std::size_t i = 0; i < page.size(); ++i) {
            const Xapian::MSetIterator& it = page[i];
            Hit hit;
            if (request.ids_only) {
                // The match sent each paper's id in its sort key: ranked with a remote shard,
                // the id itself (set_order); sorted by a date, the date then the id
                // (order_key). Else the id is read from its value, not the stored record.
                in_several += it.get_collapse_count() > 0;
                std::string id = ranked ? (remote_.empty() ? "" : it.get_sort_key())
                                        : id_in_order_key(it.get_sort_key());
                if (id.empty()) id = it.get_document().get_value(kIdSlot);
                hit.paper.id = unpacked_id(id);
            } else if (it.get_collapse_count() > 0) {
                ++in_several;
                hit.paper = paper_from_data(newest_copy(*it).get_data());
            } else {
                hit.paper = paper_from_data(it.get_document().get_data());
            }
            hit.rank = static_cast<int>(request.offset + i + 1);
            hit.score = it.get_weight();
            hit.percent = it.get_percent();
            hit.docid = *it;
            if (request.snippets) {
                std::set<std::string> matched(enquire.get_matching_terms_begin(it),
                                              enquire.get_matching_terms_end(it));
                const ListingText* earlier = nullptr;
                hit.snippet = snippets.make(hit.paper, matched, 220, &earlier, &hit.snippet_field);
                if (earlier)
                    hit.snippet_source = earlier->source;
                else
                    hit.snippet_field.clear();
            }
            result.hits.push_back(std::move(hit));
        }
        if (in_several)
            result.notes.push_back(
                std::to_string(in_several) + " of these papers " +
                (in_several == 1 ? "is" : "are") +
                " indexed in more than one database; each is shown once, as its newest listing "
                "has it, and counted once (shards should not overlap: digest-index add --shards "
                "keeps each paper in one)");
        note_missing(result);
        return result;
    });
}

Xapian::Document QuerySession::newest_copy(Xapian::docid shown) const {
    Xapian::Document best = db_.get_document(shown);
    std::string best_date = best.get_value(kDateSlot);
    const std::string term = unique_term(unpacked_id(best.get_value(kIdSlot)));
    for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
        if (*p == shown) continue;
        Xapian::Document other = db_.get_document(*p);
        std::string date = other.get_value(kDateSlot);
        if (date > best_date) {
            best = std::move(other);
            best_date = std::move(date);
        }
    }
    return best;
}

void QuerySession::refuse_remote(const std::string& what) const {
    // A match spy runs where the documents are: Xapian's server runs only its own.
    if (!remote_.empty())
        throw Error(what + " are counted inside the match, which the remote shard " + remote_ +
                        " cannot run (Xapian's servers know only Xapian's own counters)",
                    "search local copies of the shards for " + what, kExitUsage);
}

TrendResult QuerySession::trend(const TrendRequest& request) {
    refuse_remote("trends");
    return retrying([&] {
        TrendResult result;
        result.by = request.by;
        result.by_listing = request.by_listing;
        std::vector<ParsedQuery> parsed;
        for (const auto& q : request.queries) parsed.push_back(read_query(q, limits_));
        start_clock();
        // The days: the database's, from the first first listing to the newest listing,
        // narrowed to the queries' own date ranges when every query has one.
        std::string first = db_.get_value_lower_bound(kFirstSlot);
        std::string last = db_.get_value_upper_bound(kDateSlot);
        std::string from, to;
        bool all_ranged = !parsed.empty();
        for (const auto& p : parsed) {
            std::string a, b;
            if (!required_date_range(p.root, a, b)) {
                all_ranged = false;
                break;
            }
            if (from.empty() || a < from) from = a;
            if (to.empty() || b > to) to = b;
        }
        if (all_ranged) {
            first = std::max(first, from);
            last = std::min(last, to);
        }
        auto dashed = [](const std::string& d) {
            return d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2)
                                 : std::string();
        };
        if (first.size() == 8 && last.size() == 8 && first <= last) {
            result.first_day = dashed(first);
            result.last_day = dashed(last);
            result.periods = periods_between(first, last, request.by);
        }
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            TrendSeries series;
            series.query = request.queries[i];
            PeriodSpy spy(result, series);
            if (several_) spy.count_each_id_once(kIdSlot);
            spy.stream_from(db_);
            SearchRequest search;
            search.query = request.queries[i];
            Xapian::Enquire enquire = enquire_for(build(search, parsed[i]));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_time_limit(time_limit_for(enquire.get_query(), kSpySlowdown));
            enquire.add_matchspy(&spy);
            const Xapian::MSet mset = enquire.get_mset(0, 0, db_.get_doccount());
            enquire.clear_matchspies();
            if (!counted_all(mset)) result.time_limited = true;
            result.series.push_back(std::move(series));
        }
        return result;
    });
}

SearchResult QuerySession::count(const SearchRequest& request) {
    return retrying([&] {
        SearchResult result;
        result.query = request.query;
        const ParsedQuery query = read_query(request.query, limits_);
        start_clock();
        Xapian::Enquire enquire = enquire_for(build(request, query));
        enquire.set_weighting_scheme(Xapian::BoolWeight());  // counting needs no ranking
        Xapian::MSet mset = full_match(enquire, 0, 0, request, &result.facets);
        result.total = matches(mset);
        bool cjk_apart = false;
        if (result.total == 0 && request.relax && !match_ended() &&
            QueryBuilder::has_cjk_run(query)) {
            cjk_apart = true;
            enquire.set_query(timed(build(request, query, false, true)));
            mset = full_match(enquire, 0, 0, request, &result.facets);
            result.total = matches(mset);
            if (result.total) {
                result.relaxed = true;
                result.notes.emplace_back(kCjkApartNote);
            }
        }
        if (result.total == 0 && request.relax && !match_ended() && relaxable(request, query)) {
            enquire.set_query(timed(build(request, query, true, cjk_apart)));
            mset = full_match(enquire, 0, 0, request, &result.facets);
            result.total = matches(mset);
            result.relaxed = true;
            if (result.total) result.notes.emplace_back(kRelaxedNote);
        }
        note_time_limit(mset, result);
        if (result.total == 0 && match_ended()) nothing_in_time();
        if (result.total == 0 || result.relaxed) suggest(request, query, result);
        note_missing(result);
        return result;
    });
}

std::string QuerySession::explain(const SearchRequest& request) {
    return retrying([&] {
        const ParsedQuery query = read_query(request.query, limits_);
        start_clock();
        Xapian::Query q = build(request, query);
        std::ostringstream out;
        out << "query:       " << request.query << "\n";
        out << "normalised:  " << QueryBuilder::normalise(query) << "\n";
        out << "understood:  " << describe(query.root) << "\n";
        if (!request.like_text.empty())
            out << "like text:   " << request.like_text.size() << " bytes of text\n";
        out << "bare words:  ";
        const auto& bare = bare_fields();
        for (std::size_t i = 0; i < bare.size(); ++i)
            out << (i ? ", " : "") << bare[i]->name << " (×" << bare[i]->weight << ")";
        out << "\n";
        out << "xapian:      " << q.get_description() << "\n";
        Xapian::Enquire enquire = enquire_for(q);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (!query.empty() && enquire.get_mset(0, 0, 1).get_matches_lower_bound() == 0) {
            SearchResult none;
            suggest(request, query, none);
            if (!none.suggestion.empty())
                out << "corrected:   " << none.suggestion_shown << " (this query finds nothing)\n";
        }
        return out.str();
    });
}

std::vector<Xapian::docid> QuerySession::matching_documents(const std::string& query_text) {
    return retrying([&] {
        const ParsedQuery query = read_query(query_text, limits_);
        start_clock();
        SearchRequest request;
        request.query = query_text;
        // Every matching paper (authors --in): the match is not ended early.
        Xapian::Enquire enquire(db_);
        enquire.set_query(build(request, query));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount(), db_.get_doccount());
        std::vector<Xapian::docid> docs;
        docs.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it) docs.push_back(*it);
        std::sort(docs.begin(), docs.end());
        return docs;
    });
}

AuthorLookupResult QuerySession::authors(const std::string& name, std::size_t limit,
                                         std::size_t coauthors, const std::string& in_query) {
    std::vector<Xapian::docid> within;
    AuthorLookupRequest request;
    request.name = name;
    request.limit = limit;
    request.coauthors = coauthors;
    if (!in_query.empty()) {
        within = matching_documents(in_query);
        request.within = &within;
        if (name.empty()) {
            // The query's authors: its author facet, each person with its keys.
            SearchRequest facet_request;
            facet_request.query = in_query;
            facet_request.facets.push_back({&field(FieldId::AuthorName), limit});
            const SearchResult authors = count(facet_request);
            for (const auto& v : authors.facets.front().values) request.persons.push_back(v.keys);
            if (request.persons.empty()) return AuthorLookupResult{};
        }
    }
    return retrying([&] {
        // The lookup reads on two threads, each with its own handle on the databases.
        std::function<Xapian::Database()> second_handle;
        if (!paths_.empty())
            second_handle = [this] {
                Xapian::Database all;
                for (const auto& path : paths_) all.add_database(Xapian::Database(path.string()));
                return all;
            };
        AuthorLookupResult result = lookup_authors(db_, request, second_handle, &folds_);
        result.within = in_query;
        if (result.authors.empty() && !name.empty())
            if (auto correction = speller_->author_name(name)) {
                // Offered only when the corrected name finds authors.
                AuthorLookupRequest corrected = request;
                corrected.name = correction->query;
                corrected.limit = 1;
                corrected.coauthors = 0;
                if (!lookup_authors(db_, corrected, second_handle, &folds_).authors.empty())
                    result.suggestion = correction->shown;
            }
        return result;
    });
}

}  // namespace digest
