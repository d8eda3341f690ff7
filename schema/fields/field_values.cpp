// The accessors of the field table: where each field's values come from in a Paper. The
// indexer indexes exactly what these give (DocumentBuilder), so a field's content is defined
// here and nowhere else. The text fields give every distinct text any listing gave the
// paper (the newest first): what a paper was once listed with stays searchable.
#include "fields/field_table.hpp"
#include "fields/paper.hpp"

namespace digest::field_values {

namespace {
void add(std::vector<std::string>& out, const std::string& value) {
    if (!value.empty()) out.push_back(value);
}
}  // namespace

void id(const Paper& p, std::vector<std::string>& out) {
    add(out, p.id);
}
void title(const Paper& p, std::vector<std::string>& out) {
    for (auto& t : p.all_texts(&ListingText::title)) out.push_back(std::move(t));
}
void abstract(const Paper& p, std::vector<std::string>& out) {
    for (auto& t : p.all_texts(&ListingText::abstract)) out.push_back(std::move(t));
}
void summary(const Paper& p, std::vector<std::string>& out) {
    for (auto& t : p.all_texts(&ListingText::summary)) out.push_back(std::move(t));
}
void comments(const Paper& p, std::vector<std::string>& out) {
    for (auto& t : p.all_texts(&ListingText::comments)) out.push_back(std::move(t));
}
void authors(const Paper& p, std::vector<std::string>& out) {
    for (const auto& a : p.authors) add(out, a);
}
void categories(const Paper& p, std::vector<std::string>& out) {
    for (const auto& c : p.categories) add(out, c);
}
void primary(const Paper& p, std::vector<std::string>& out) {
    add(out, p.primary);
}
void classes(const Paper& p, std::vector<std::string>& out) {
    for (const auto& c : p.classes) add(out, c);
}
void topics(const Paper& p, std::vector<std::string>& out) {
    for (const auto& a : p.appearances) add(out, a.topic);
}
void sections(const Paper& p, std::vector<std::string>& out) {
    for (const auto& a : p.appearances) add(out, a.section);
}
void dates(const Paper& p, std::vector<std::string>& out) {
    for (const auto& a : p.appearances) add(out, compact_date(a.date));
    // A paper known only from arXiv (no digest listed it) is dated by its submission.
    if (p.appearances.empty()) add(out, compact_date(p.published));
}
void listings(const Paper& p, std::vector<std::string>& out) {
    for (const auto& a : p.appearances)
        out.push_back(compact_date(a.date) + "|" + a.topic + "|" + a.section);
}
// Papers known only from the arXiv API sort by their arXiv dates.
void last_listed(const Paper& p, std::vector<std::string>& out) {
    std::string newest = p.newest_date();
    if (newest.empty()) newest = !p.updated.empty() ? p.updated : p.published;
    add(out, compact_date(newest));
}
void first_listed(const Paper& p, std::vector<std::string>& out) {
    std::string first = p.first_date();
    if (first.empty()) {
        std::string newest = p.newest_date();
        if (newest.empty()) newest = !p.updated.empty() ? p.updated : p.published;
        first = !p.published.empty() ? p.published : newest;
    }
    add(out, compact_date(first));
}
// Sort keys: a date, then the id, so that papers of one date come in one order in one database
// and in shards of it (Xapian's remote backend sorts by a value, not by a key of several),
// packed (order_key).
void last_listed_order(const Paper& p, std::vector<std::string>& out) {
    std::vector<std::string> date;
    last_listed(p, date);
    if (!date.empty()) out.push_back(order_key(date.front(), p.id));
}
void first_listed_order(const Paper& p, std::vector<std::string>& out) {
    std::vector<std::string> date;
    first_listed(p, date);
    if (!date.empty()) out.push_back(order_key(date.front(), p.id));
}
// The month and year of the first listing: "2025-12" and "2025".
void first_month(const Paper& p, std::vector<std::string>& out) {
    std::vector<std::string> first;
    first_listed(p, first);
    if (!first.empty() && first.front().size() >= 6)
        out.push_back(first.front().substr(0, 4) + "-" + first.front().substr(4, 2));
}
void first_year(const Paper& p, std::vector<std::string>& out) {
    std::vector<std::string> first;
    first_listed(p, first);
    if (!first.empty() && first.front().size() >= 4) out.push_back(first.front().substr(0, 4));
}
void digests(const Paper& p, std::vector<std::string>& out) {
    for (const auto& a : p.appearances) out.push_back(a.digest_key());
}
void doi(const Paper& p, std::vector<std::string>& out) {
    add(out, p.doi);
}

}  // namespace digest::field_values
