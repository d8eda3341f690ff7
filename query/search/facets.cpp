#include "search/facets.hpp"

#include <algorithm>
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

// Authors counted per key become persons: the keys of one surname grouped as
// author_groups.hpp groups them. Surnames are resolved most frequent first, until no person of
// the next surname could enter the top `limit` (a surname's total bounds its persons').
std::uint64_t hash_of(std::string_view text) {
    return std::hash<std::string_view>{}(text) | 1;  // odd: 0 marks an empty cell
}

// Where a hash's probe starts: its bits above the lowest, which is always set.
std::size_t home_cell(std::uint64_t hash) {
    return static_cast<std::size_t>(hash >> 1);
}

// Authors counted per key become persons: the keys of one part (surname and initial) grouped
// as author_groups.hpp groups them. A person's first given names are one written-out name or
// its initial, so a first name's papers plus its part's initials-only ones bound the count of
// any person of that first name: parts are grouped (from the database's keys) most promising
// first, until no bound left could place a person among the `limit` most frequent.
std::vector<FacetValue> author_persons(const Xapian::Database& db, const AuthorCounter& counted,
                                       const Field& f, std::size_t limit) {
    // Each key's part ("wang|x") and first given name ("wang|xin"; none for an initial), from
    // its text.
    const std::vector<Xapian::doccount> count = counted.counts();
    HashIndex part_index, first_index;
    std::vector<std::string_view> parts;
    std::vector<std::uint32_t> part_of_key(counted.size()), part_of_first;
    std::vector<Xapian::doccount> initials_only, first_name;
    for (std::uint32_t k = 0; k < counted.size(); ++k) {
        const std::string_view key = counted.key(k);
        const std::size_t bar = key.find('|');
        const std::string_view part = key.substr(0, bar + 2);
        const auto next_part = static_cast<std::uint32_t>(parts.size());
        const std::uint32_t p = part_index.insert(hash_of(part), next_part);
        if (p == next_part) {
            parts.push_back(part);
            initials_only.push_back(0);
        }
        part_of_key[k] = p;
        const std::string_view name = key.substr(bar + 1, key.find(' ', bar) - bar - 1);
        std::size_t cp = 0;
        if (!name.empty()) next_codepoint(name, cp);
        if (cp >= name.size()) {
            initials_only[p] += count[k];
            continue;
        }
        const auto next_first = static_cast<std::uint32_t>(first_name.size());
        const std::uint32_t first =
            first_index.insert(hash_of(key.substr(0, bar + 1 + name.size())), next_first);
        if (first == next_first) {
            first_name.push_back(0);
            part_of_first.push_back(p);
        }
        first_name[first] += count[k];
    }
    std::vector<std::vector<std::uint32_t>> shared_of_part(parts.size());
    for (std::uint32_t i = 0; i < counted.shared().size(); ++i)
        shared_of_part[part_of_key[counted.shared()[i].front()]].push_back(i);
    // Taken largest first from a heap: only the few needed are ordered.
    std::vector<std::pair<Xapian::doccount, std::uint32_t>> bounds;  // bound, part
    bounds.reserve(first_name.size() + parts.size());
    for (std::uint32_t i = 0; i < first_name.size(); ++i)
        bounds.emplace_back(first_name[i] + initials_only[part_of_first[i]], part_of_first[i]);
    for (std::uint32_t p = 0; p < parts.size(); ++p)
        if (initials_only[p]) bounds.emplace_back(initials_only[p], p);
    std::make_heap(bounds.begin(), bounds.end());

    struct Person {
        Xapian::doccount count;
        std::vector<std::string> keys;  // the head first
    };
    std::vector<Person> persons;
    std::vector<bool> done(parts.size(), false);
    // The `limit` largest counts so far: a bound below the smallest of them places no one.
    std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>, std::greater<>> top;
    while (!bounds.empty()) {
        std::pop_heap(bounds.begin(), bounds.end());
        const auto [bound, part] = bounds.back();
        bounds.pop_back();
        if (limit > 0 && top.size() >= limit && bound < top.top()) break;
        if (done[part]) continue;
        done[part] = true;
        const std::string name(parts[part]);
        const std::vector<AuthorGroup> groups = group_author_keys(
            keys_with_surname(db, name.substr(0, name.size() - 2), name.substr(name.size() - 1)));
        // Each group's keys are looked up among the counted ones.
        HashIndex group_of;
        std::vector<Xapian::doccount> n(groups.size(), 0);
        for (std::size_t g = 0; g < groups.size(); ++g)
            for (const auto& k : groups[g].keys) {
                const std::uint64_t h = hash_of(k.key);
                group_of.insert(h, static_cast<std::uint32_t>(g));
                if (std::uint32_t c = counted.find(h); c != HashIndex::kNone) n[g] += count[c];
            }
        // A paper listing one person twice (two spellings) counts once.
        for (std::uint32_t i : shared_of_part[part]) {
            std::map<std::uint32_t, int> seen;
            for (std::uint32_t k : counted.shared()[i])
                if (std::uint32_t g = group_of.find(counted.hash(k)); g != HashIndex::kNone)
                    ++seen[g];
            for (const auto& [g, times] : seen) n[g] -= static_cast<Xapian::doccount>(times - 1);
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (n[g] == 0) continue;
            persons.push_back({n[g], {}});
            for (const auto& k : groups[g].keys) persons.back().keys.push_back(k.key);
            top.push(n[g]);
            if (limit > 0 && top.size() > limit) top.pop();
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
        if (author_keys_named(db, v.value) != std::set<std::string>(v.keys.begin(), v.keys.end()))
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

HashIndex::Cell& HashIndex::cell_of(std::uint64_t hash, std::uint32_t number) {
    if ((used_ + 1) * 2 > size_) grow();
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

void HashIndex::grow() {
    const std::size_t size = std::max<std::size_t>(64, size_ * 2);
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

void AuthorCounter::add(std::string_view key) {
    const std::uint64_t h = hash_of(key);
    const auto next = static_cast<std::uint32_t>(hashes_.size());
    if (index_.tally(h, next) != next) return;
    hashes_.push_back(h);
    text_.append(key);
    offsets_.push_back(text_.size());
}

std::vector<Xapian::doccount> AuthorCounter::counts() const {
    std::vector<Xapian::doccount> out(hashes_.size(), 0);
    index_.for_each([&](std::uint32_t number, std::uint32_t count) { out[number] = count; });
    return out;
}

void AuthorCounter::add_shared(const std::vector<std::string_view>& listed) {
    // The paper's keys by part; the parts with two keys or more.
    std::map<std::string_view, std::vector<std::uint32_t>> by_part;
    for (auto key : listed) {
        std::uint32_t k = find(hash_of(key));
        if (k != HashIndex::kNone) by_part[key.substr(0, key.find('|') + 2)].push_back(k);
    }
    for (auto& [part, keys] : by_part)
        if (keys.size() > 1) shared_.push_back(std::move(keys));
}

namespace {
std::uint64_t value_hash(std::string_view v) {
    return hash_of(v);
}
}  // namespace

std::size_t ValueCounter::cell_of(std::string_view value, std::uint64_t h) const {
    const std::size_t mask = hashes_.size() - 1;
    std::size_t cell = home_cell(h) & mask;
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
        std::size_t cell = home_cell(value_hashes_[i]) & (size - 1);
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
        facets_.push_back({r, SlotReader(static_cast<Xapian::valueno>(r.field->slot)), {}, {}});
}

void FacetSpy::stream_from(const Xapian::Database& db) {
    for (auto& facet : facets_) facet.slot.stream_from(db);
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
            // Several keys of one surname and initial on a paper are noted, so that a person
            // listed twice counts once.
            std::string_view previous_parts[8];
            std::size_t n = 0;
            bool shared = false;
            for_each_listed_value(value, [&](std::string_view v) {
                facet.authors.add(v);
                const std::string_view part = v.substr(0, v.find('|') + 2);
                for (std::size_t i = 0; i < std::min<std::size_t>(n, 8) && !shared; ++i)
                    shared = previous_parts[i] == part;
                if (n > 8) shared = true;  // a long list: let add_shared look
                if (n < 8) previous_parts[n] = part;
                ++n;
            });
            if (shared) {
                std::vector<std::string_view> listed;
                for_each_listed_value(value, [&](std::string_view v) { listed.push_back(v); });
                facet.authors.add_shared(listed);
            }
        }
    }
}

std::vector<FacetResult> FacetSpy::results(const Xapian::Database& db) const {
    std::vector<FacetResult> out;
    for (const auto& facet : facets_) {
        const Field& f = *facet.request.field;
        FacetResult r;
        r.name = std::string(f.facet);
        r.distinct = is_author_facet(f) ? facet.authors.size() : facet.counts.size();
        if (is_author_facet(f)) {
            r.values = author_persons(db, facet.authors, f, facet.request.limit);
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
