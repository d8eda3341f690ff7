#include "search/facets.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <queue>
#include <set>

#include "core/error.hpp"
#include "fields/paper.hpp"
#include "fields/value_list.hpp"
#include "search/author_groups.hpp"
#include "search/author_lookup.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

bool is_author_facet(const Field& f) {
    return f.index == Indexing::NameKey;
}

// The query that narrows to a value: `cat:cs.SD`, `first:2025-12`, `au:"Daniel Povey"`.
std::string filter_for(const Field& f, const std::string& value) {
    const Field& by = field(f.facet_filter);
    const bool plain = value.find_first_of(" \t\"()") == std::string::npos;
    std::string v = value;
    v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
    return std::string(by.alias[0].empty() ? by.name : by.alias[0]) + ":" +
           (plain ? v : "\"" + v + "\"");
}

bool more_frequent(const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
}

// How an author key is written in the papers: the spelling of one paper that lists it.
std::string spelling_of(const Xapian::Database& db, const std::string& key) {
    const std::string term = prefix_of(FieldId::AuthorName) + key;
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return key;
    std::vector<std::string> authors;
    std::vector<Appearance> ignored;
    read_authors_and_appearances(db.get_document(*it).get_data(), authors, ignored);
    for (const auto& a : authors)
        if (parse_author_name(a).index_key() == key) return a;
    return key;
}

std::uint64_t hash_of(std::string_view text) {
    return std::hash<std::string_view>{}(text) | 1;  // odd: 0 marks an empty cell
}

// The keys' numbers, each with its group in the upper 32 bits, ordered by group and then number:
// a radix sort of the groups a byte at a time, each pass stable, in four passes over the keys
// (a comparison sort of a large match's keys took longer than the rest of grouping them).
std::vector<std::uint64_t> keys_by_group(const AuthorCounter& counted) {
    const std::size_t n = counted.size();
    std::vector<std::uint64_t> order(n), other(n);
    for (std::uint32_t k = 0; k < n; ++k)
        order[k] = static_cast<std::uint64_t>(counted.group(k)) << 32 | k;
    for (int shift = 32; shift < 64; shift += 8) {
        std::array<std::size_t, 257> start{};
        for (std::uint64_t v : order) ++start[((v >> shift) & 0xff) + 1];
        for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
        for (std::uint64_t v : order) other[start[(v >> shift) & 0xff]++] = v;
        order.swap(other);
    }
    return order;
}

// Authors counted per key become persons: the keys of one part (surname and initial) grouped
// as author_groups.hpp groups them. A person's first given names are one written-out name or
// its initial, so a first name's papers plus its part's initials-only ones bound the count of
// any person of that first name: parts are grouped (from the database's keys) most promising
// first, until no bound left could place a person among the `limit` most frequent. Parts and
// first names are told by the keys' group hashes; a part's text comes from one of its keys,
// and a part whose hash two texts share is resolved once per text.
template <class KeyText>
std::vector<FacetValue> author_persons(const Xapian::Database& db, const AuthorCounter& counted,
                                       KeyText key_text, const Field& f, std::size_t limit) {
    const std::vector<Xapian::doccount> count = counted.counts();
    const std::size_t n = counted.size();
    // The keys ordered by group: a part's keys are neighbours, its initials-only ones first,
    // then those of each first name together.
    std::vector<std::uint64_t> order = keys_by_group(counted);
    const auto key_at = [&](std::size_t i) { return static_cast<std::uint32_t>(order[i]); };
    const auto group_at = [&](std::size_t i) { return static_cast<std::uint32_t>(order[i] >> 32); };

    // Each part's [begin, end) in `order`. Memory is kept small: a large match has some
    // 10^5 keys, and fresh memory costs about as much as the work done in it.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;
    std::vector<std::uint32_t> part_of_key(n);
    // Taken largest first from a heap: only the few needed are ordered.
    std::vector<std::pair<Xapian::doccount, std::uint32_t>> bounds;  // bound, part
    for (std::size_t i = 0; i < n;) {
        const auto p = static_cast<std::uint32_t>(parts.size());
        const std::uint32_t part = group_at(i) >> 8;
        std::size_t end = i;
        while (end < n && group_at(end) >> 8 == part) part_of_key[key_at(end++)] = p;
        parts.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end));
        Xapian::doccount initials_only = 0;
        for (; i < end && (group_at(i) & 0xff) == 0; ++i) initials_only += count[key_at(i)];
        while (i < end) {
            const std::uint32_t first = group_at(i);
            Xapian::doccount papers = 0;
            for (; i < end && group_at(i) == first; ++i) papers += count[key_at(i)];
            bounds.emplace_back(papers + initials_only, p);
        }
        if (initials_only) bounds.emplace_back(initials_only, p);
    }
    // The papers with several keys of one part, by part.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> shared_by_part;  // part, paper
    for (std::uint32_t i = 0; i < counted.shared().size(); ++i)
        shared_by_part.emplace_back(part_of_key[counted.shared()[i].front()], i);
    std::sort(shared_by_part.begin(), shared_by_part.end());
    std::make_heap(bounds.begin(), bounds.end());

    struct Person {
        Xapian::doccount count;
        std::vector<std::string> keys;  // the head first
    };
    std::vector<Person> persons;
    std::vector<bool> done(parts.size(), false), key_done(n, false);
    // The persons of each part grouped, kept for the filters made below.
    std::map<std::pair<std::string, std::string>, std::vector<AuthorGroup>> grouped;
    const AuthorGroupsOf groups_of =
        [&](const std::string& surname,
            const std::string& initial) -> const std::vector<AuthorGroup>& {
        auto [it, added] = grouped.try_emplace({surname, initial});
        if (added) it->second = group_author_keys(keys_with_surname(db, surname, initial));
        return it->second;
    };
    // The `limit` largest counts so far: a bound below the smallest of them places no one.
    std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>, std::greater<>> top;
    while (!bounds.empty()) {
        std::pop_heap(bounds.begin(), bounds.end());
        const auto [bound, part] = bounds.back();
        bounds.pop_back();
        if (limit > 0 && top.size() >= limit && bound < top.top()) break;
        if (done[part]) continue;
        done[part] = true;
        for (std::size_t i = parts[part].first; i < parts[part].second; ++i) {
            if (key_done[key_at(i)]) continue;
            key_done[key_at(i)] = true;
            const std::string text = key_text(key_at(i));
            if (text.empty()) continue;  // no paper lists it any more: nothing to group
            const std::string_view name = author_key_part(text);
            const std::size_t bar = name.find('|');
            const std::vector<AuthorGroup>& groups =
                groups_of(std::string(name.substr(0, bar)), std::string(name.substr(bar + 1)));
            // Each group's keys are looked up among the counted ones.
            HashIndex group_of;
            std::vector<Xapian::doccount> papers(groups.size(), 0);
            for (std::size_t g = 0; g < groups.size(); ++g)
                for (const auto& k : groups[g].keys) {
                    const std::uint64_t h = author_key_hash(k.key).key;
                    group_of.insert(h, static_cast<std::uint32_t>(g));
                    if (std::uint32_t c = counted.find(h); c != HashIndex::kNone) {
                        papers[g] += count[c];
                        key_done[c] = true;
                    }
                }
            // A paper listing one person twice (two spellings) counts once.
            for (auto it = std::lower_bound(shared_by_part.begin(), shared_by_part.end(),
                                            std::make_pair(part, std::uint32_t{0}));
                 it != shared_by_part.end() && it->first == part; ++it) {
                std::map<std::uint32_t, int> seen;
                for (std::uint32_t k : counted.shared()[it->second])
                    if (std::uint32_t g = group_of.find(counted.hash(k)); g != HashIndex::kNone)
                        ++seen[g];
                for (const auto& [g, times] : seen)
                    papers[g] -= static_cast<Xapian::doccount>(times - 1);
            }
            for (std::size_t g = 0; g < groups.size(); ++g) {
                if (papers[g] == 0) continue;
                persons.push_back({papers[g], {}});
                for (const auto& k : groups[g].keys) persons.back().keys.push_back(k.key);
                top.push(papers[g]);
                if (limit > 0 && top.size() > limit) top.pop();
            }
        }
    }
    std::vector<FacetValue> out;
    for (auto& p : persons) out.push_back({p.keys.front(), p.count, {}, std::move(p.keys)});
    std::sort(out.begin(), out.end(), more_frequent);
    if (limit > 0 && out.size() > limit) out.resize(limit);
    for (auto& v : out) {
        v.value = spelling_of(db, v.value);
        v.filter = filter_for(f, v.value);
        // au:"Name" stands for every person the name covers (D. Povey: every D. Povey; one
        // word: every author with that name); when that is more than this person, the filter
        // names exactly this one: au:"=Name".
        if (author_keys_named(v.value, groups_of) !=
            std::set<std::string>(v.keys.begin(), v.keys.end()))
            v.filter = filter_for(f, "=" + v.value);
    }
    return out;
}

}  // namespace

HashIndex::~HashIndex() {
    std::free(cells_);
}

std::uint32_t HashIndex::find(std::uint64_t hash) const {
    if (!cells_) return kNone;
    const std::size_t mask = size_ - 1;
    for (std::size_t cell = home_cell(hash) & mask;; cell = (cell + 1) & mask) {
        if (cells_[cell].hash == hash) return cells_[cell].number;
        if (cells_[cell].hash == 0) return kNone;
    }
}

namespace {
// Tables are kept at most 70% full: linear probing stays short, and the table small.
bool too_full(std::size_t used, std::size_t size) {
    return used * 10 > size * 7;
}
}  // namespace

void HashIndex::reserve(std::size_t n) {
    std::size_t size = 64;
    while (too_full(n, size)) size *= 2;
    if (size > size_) grow(size);
}

HashIndex::Cell& HashIndex::cell_of(std::uint64_t hash, std::uint32_t number) {
    if (too_full(used_ + 1, size_)) grow(std::max<std::size_t>(64, size_ * 2));
    const std::size_t mask = size_ - 1;
    for (std::size_t cell = home_cell(hash) & mask;; cell = (cell + 1) & mask) {
        if (cells_[cell].hash == hash) return cells_[cell];
        if (cells_[cell].hash == 0) {
            cells_[cell] = {hash, number, 0};
            ++used_;
            return cells_[cell];
        }
    }
}

std::uint32_t HashIndex::insert(std::uint64_t hash, std::uint32_t number) {
    return cell_of(hash, number).number;
}

std::uint32_t HashIndex::tally(std::uint64_t hash, std::uint32_t number) {
    Cell& cell = cell_of(hash, number);
    ++cell.count;
    return cell.number;
}

void HashIndex::grow(std::size_t size) {
    Cell* cells = static_cast<Cell*>(std::calloc(size, sizeof(Cell)));
    if (!cells) throw std::bad_alloc();
    for (std::size_t i = 0; i < size_; ++i) {
        if (cells_[i].hash == 0) continue;
        std::size_t cell = home_cell(cells_[i].hash) & (size - 1);
        while (cells[cell].hash != 0) cell = (cell + 1) & (size - 1);
        cells[cell] = cells_[i];
    }
    std::free(cells_);
    cells_ = cells;
    size_ = size;
}

bool AuthorCounter::add(const AuthorKeyHash& h, std::uint32_t paper) {
    const auto next = static_cast<std::uint32_t>(hashes_.size());
    if (index_.tally(h.key, next) != next) return false;
    hashes_.push_back(h.key);
    groups_.push_back(h.group);
    papers_.push_back(paper);
    return true;
}

void AuthorCounter::reserve(std::size_t keys) {
    index_.reserve(keys);
    hashes_.reserve(keys);
    groups_.reserve(keys);
    papers_.reserve(keys);
}

std::vector<Xapian::doccount> AuthorCounter::counts() const {
    std::vector<Xapian::doccount> out(hashes_.size(), 0);
    index_.for_each([&](std::uint32_t number, std::uint32_t count) { out[number] = count; });
    return out;
}

void AuthorCounter::add_shared(const std::vector<AuthorKeyHash>& listed) {
    // The paper's keys by part; the parts with two keys or more.
    by_part_.clear();
    for (const auto& h : listed) by_part_.emplace_back(h.part(), h.key);
    std::sort(by_part_.begin(), by_part_.end());
    for (std::size_t i = 0; i < by_part_.size();) {
        std::size_t end = i + 1;
        while (end < by_part_.size() && by_part_[end].first == by_part_[i].first) ++end;
        if (end - i > 1) {
            std::vector<std::uint32_t> keys;
            for (; i < end; ++i)
                if (std::uint32_t k = find(by_part_[i].second); k != HashIndex::kNone)
                    keys.push_back(k);
            if (keys.size() > 1) shared_.push_back(std::move(keys));
        }
        i = end;
    }
}

namespace {
std::uint64_t value_hash(std::string_view v) {
    return hash_of(v);
}
}  // namespace

std::size_t ValueCounter::cell_of(std::string_view value, std::uint64_t h) const {
    const std::size_t mask = hashes_.size() - 1;
    std::size_t cell = HashIndex::home_cell(h) & mask;
    while (hashes_[cell] != 0 && !(hashes_[cell] == h && this->value(cells_[cell]) == value))
        cell = (cell + 1) & mask;
    return cell;
}

std::size_t ValueCounter::add(std::string_view value, Xapian::doccount n) {
    if ((counts_.size() + 1) * 2 > hashes_.size()) grow();
    const std::uint64_t h = value_hash(value);
    const std::size_t cell = cell_of(value, h);
    if (hashes_[cell] != 0) {
        counts_[cells_[cell]] += n;
        return cells_[cell];
    }
    hashes_[cell] = h;
    cells_[cell] = static_cast<std::uint32_t>(counts_.size());
    text_.append(value);
    offsets_.push_back(text_.size());
    value_hashes_.push_back(h);
    counts_.push_back(n);
    return counts_.size() - 1;
}

std::size_t ValueCounter::find(std::string_view value) const {
    if (hashes_.empty()) return std::string::npos;
    const std::size_t cell = cell_of(value, value_hash(value));
    return hashes_[cell] == 0 ? std::string::npos : cells_[cell];
}

void ValueCounter::grow() {
    const std::size_t size = std::max<std::size_t>(1024, hashes_.size() * 2);
    hashes_.assign(size, 0);
    cells_.assign(size, 0);
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        std::size_t cell = HashIndex::home_cell(value_hashes_[i]) & (size - 1);
        while (hashes_[cell] != 0) cell = (cell + 1) & (size - 1);
        hashes_[cell] = value_hashes_[i];
        cells_[cell] = static_cast<std::uint32_t>(i);
    }
}

std::string facet_names() {
    std::string out;
    for (const auto& f : kFields)
        if (!f.facet.empty()) out += (out.empty() ? "" : ", ") + std::string(f.facet);
    return out;
}

FacetRequest parse_facet_request(std::string_view spec) {
    FacetRequest r;
    std::string_view name = spec.substr(0, spec.find(':'));
    for (const auto& f : kFields)
        if (!f.facet.empty() && f.facet == name) r.field = &f;
    if (!r.field)
        throw Error("--facet " + std::string(spec) + ": no such facet",
                    "facets are " + facet_names(), kExitUsage);
    if (auto colon = spec.find(':'); colon != std::string_view::npos) {
        std::string n(spec.substr(colon + 1));
        if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos)
            throw Error("--facet " + std::string(spec) + ": the number of values is not a number",
                        "e.g. --facet author:20", kExitUsage);
        r.limit = static_cast<std::size_t>(std::stoul(n));
    }
    return r;
}

FacetSpy::FacetSpy(std::vector<FacetRequest> requests) {
    for (auto& r : requests)
        facets_.push_back(
            {r, SlotReader(static_cast<Xapian::valueno>(r.field->slot)), {}, {}, {}, {}});
}

void FacetSpy::stream_from(const Xapian::Database& db) {
    for (auto& facet : facets_) facet.slot.stream_from(db);
    global_docids_ = db.size() == 1;
}

void FacetSpy::expect(Xapian::doccount papers) {
    // A match of the shared corpus brings 2.6 (every paper) to 4.3 (au:Wang) distinct author
    // keys per paper; a table that is too small grows once.
    for (auto& facet : facets_)
        if (is_author_facet(*facet.request.field))
            facet.authors.reserve(static_cast<std::size_t>(papers) * 7 / 2);
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    if (!once_.first(doc)) return;
    for (auto& facet : facets_) {
        const Field& f = *facet.request.field;
        const std::string value = facet.slot.value(doc);
        if (value.empty()) continue;
        if (!f.slot_list) {
            facet.counts.add(value);
        } else if (!is_author_facet(f)) {
            for_each_listed_value(value, [&](std::string_view v) { facet.counts.add(v); });
        } else {
            // A paper that brings a new key is noted: by its number in a single database, else
            // by its id. Several keys of one part on a paper are noted too, so that a person
            // listed twice counts once.
            const std::uint32_t paper = global_docids_
                                            ? static_cast<std::uint32_t>(doc.get_docid())
                                            : static_cast<std::uint32_t>(facet.ids.size());
            // The paper's keys are read, their cells fetched from memory together, then counted.
            std::vector<AuthorKeyHash>& listed = facet.listed;
            listed.clear();
            for_each_author_key_hash(value, [&](const AuthorKeyHash& h) {
                listed.push_back(h);
                facet.authors.prefetch(h.key);
            });
            bool fresh = false;
            for (const auto& h : listed) fresh |= facet.authors.add(h, paper);
            if (fresh && !global_docids_)
                facet.ids.push_back(unpacked_id(
                    doc.get_value(static_cast<Xapian::valueno>(field(FieldId::Id).slot))));
            if (listed.size() > 1) facet.authors.add_shared(listed);
        }
    }
}

std::string FacetSpy::key_text(const Xapian::Database& db, const Counts& facet,
                               std::uint32_t k) const {
    std::vector<Xapian::Document> papers;
    if (global_docids_) {
        papers.push_back(db.get_document(facet.authors.paper(k)));
    } else {
        // Every copy of the paper: copies in two shards may list their authors differently.
        const std::string term = unique_term(facet.ids[facet.authors.paper(k)]);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
            papers.push_back(db.get_document(*it));
    }
    std::vector<std::string> authors;
    std::vector<Appearance> ignored;
    for (const auto& paper : papers) {
        authors.clear();
        read_authors_and_appearances(paper.get_data(), authors, ignored);
        for (const auto& a : authors)
            if (AuthorName name = parse_author_name(a); !name.empty()) {
                std::string key = name.index_key();
                if (author_key_hash(key).key == facet.authors.hash(k)) return key;
            }
    }
    return {};
}

std::vector<FacetResult> FacetSpy::results(const Xapian::Database& db) const {
    std::vector<FacetResult> out;
    for (const auto& facet : facets_) {
        const Field& f = *facet.request.field;
        FacetResult r;
        r.name = std::string(f.facet);
        r.distinct = is_author_facet(f) ? facet.authors.size() : facet.counts.size();
        if (is_author_facet(f)) {
            r.values = author_persons(
                db, facet.authors, [&](std::uint32_t k) { return key_text(db, facet, k); }, f,
                facet.request.limit);
        } else {
            for (std::size_t i = 0; i < facet.counts.size(); ++i)
                r.values.push_back(
                    {std::string(facet.counts.value(i)), facet.counts.count(i), {}, {}});
            std::sort(r.values.begin(), r.values.end(), more_frequent);
            if (facet.request.limit > 0 && r.values.size() > facet.request.limit)
                r.values.resize(facet.request.limit);
            for (auto& v : r.values) v.filter = filter_for(f, v.value);
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace digest
