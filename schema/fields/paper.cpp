#include "fields/paper.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

std::string Appearance::digest_key() const {
    return date + "/" + topic;
}

std::string compact_date(std::string_view date) {
    std::string out;
    for (char c : date)
        if (c != '-') out += c;
    return out;
}

namespace {

// The bytes of an order_key that hold its date.
constexpr int kOrderDateBytes = 3;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

unsigned number(std::string_view digits) {
    unsigned n = 0;
    for (char c : digits) n = n * 10 + static_cast<unsigned>(c - '0');
    return n;
}

std::string zero_padded(unsigned n, std::size_t width) {
    std::string s = std::to_string(n);
    return s.size() < width ? std::string(width - s.size(), '0') + s : s;
}

void append_bytes(std::string& out, unsigned value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
        out += static_cast<char>((value >> shift) & 0xff);
}

// The digits of a new-style id's number in the month YYMM: four to 2014, five since 2015.
std::size_t id_digits(unsigned yymm) {
    return yymm >= 1501 ? 5 : 4;
}

}  // namespace

std::string packed_id(std::string_view id) {
    // YYMM.NNNNN as arXiv numbers them. YYMM is at most 9999 (0x270f), so a packed id begins
    // with a byte below any digit or letter, and every other id, kept as written, sorts after
    // it as its text did. One month's numbers all have as many digits: as numbers they order
    // as their text.
    if (id.size() < 9 || id[4] != '.' || !all_digits(id.substr(0, 4)) || !all_digits(id.substr(5)))
        return std::string(id);
    const unsigned yymm = number(id.substr(0, 4));
    if (id.size() != 5 + id_digits(yymm)) return std::string(id);
    std::string out;
    append_bytes(out, yymm, 2);
    append_bytes(out, number(id.substr(5)), 3);
    return out;
}

std::string unpacked_id(std::string_view value) {
    if (value.size() != 5 || static_cast<unsigned char>(value[0]) > 0x27) return std::string(value);
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned>(static_cast<unsigned char>(value[i]));
    };
    const unsigned yymm = byte(0) << 8 | byte(1);
    const unsigned n = byte(2) << 16 | byte(3) << 8 | byte(4);
    return zero_padded(yymm, 4) + "." + zero_padded(n, id_digits(yymm));
}

std::string order_key(std::string_view yyyymmdd, std::string_view id) {
    std::string key;
    const std::string_view date = yyyymmdd.substr(0, 8);
    // Year, month and day in bits of their own (9999 * 512 + 12 * 32 + 31 fits in 3 bytes).
    append_bytes(key,
                 date.size() == 8 && all_digits(date)
                     ? number(date.substr(0, 4)) * 512 + number(date.substr(4, 2)) * 32 +
                           number(date.substr(6, 2))
                     : 0,
                 kOrderDateBytes);
    return key + packed_id(id);
}

std::string id_in_order_key(std::string_view key) {
    return key.size() > kOrderDateBytes ? std::string(key.substr(kOrderDateBytes)) : std::string();
}

std::string source_key(const Appearance& a) {
    // "" (undated) sorts before every date; the unit separator keeps topics apart from dates.
    return a.date + '\x1f' + a.topic;
}

std::string source_date(std::string_view source) {
    return source == kArxivSource ? std::string()
                                  : std::string(source.substr(0, source.find('\x1f')));
}

std::string source_topic(std::string_view source) {
    if (source == kArxivSource) return std::string(kArxivSource);
    auto sep = source.find('\x1f');
    return sep == std::string_view::npos ? std::string() : std::string(source.substr(sep + 1));
}

std::string ListingText::date() const {
    return source_date(source);
}

std::string ListingText::topic() const {
    return source_topic(source);
}

namespace {

// The paper's own value of a text field.
const std::string& own_text(const Paper& p, std::string ListingText::*field) {
    if (field == &ListingText::title) return p.title;
    if (field == &ListingText::abstract) return p.abstract;
    if (field == &ListingText::summary) return p.summary;
    return p.comments;
}

constexpr std::array<std::string ListingText::*, 4> kTextFields{
    &ListingText::title, &ListingText::abstract, &ListingText::summary, &ListingText::comments};

// Records (or replaces) what the listing `source` said.
bool record_text(Paper& paper, ListingText text) {
    auto it = std::lower_bound(
        paper.texts.begin(), paper.texts.end(), text.source,
        [](const ListingText& t, const std::string& source) { return t.source < source; });
    if (it != paper.texts.end() && it->source == text.source) {
        if (*it == text) return false;
        *it = std::move(text);
        return true;
    }
    paper.texts.insert(it, std::move(text));
    return true;
}

// The paper's own text from its listings: the newest digest's (the arXiv API's when no
// digest is left), and the newest summary any listing gave.
void take_newest_texts(Paper& paper) {
    if (paper.texts.empty()) return;  // nothing known to take instead
    const ListingText* text = nullptr;
    const ListingText* summary = nullptr;
    const ListingText* arxiv = nullptr;
    for (const auto& t : paper.texts) {  // sorted: the last digest is the newest
        if (t.source == kArxivSource) {
            arxiv = &t;
            continue;
        }
        text = &t;
        if (!t.summary.empty()) summary = &t;
    }
    if (!text) text = arxiv;
    if (text) {
        paper.title = text->title;
        paper.abstract = text->abstract;
        paper.comments = text->comments;
        paper.text_source = text == arxiv ? std::string() : text->source;
    }
    paper.summary = summary ? summary->summary : std::string();
    paper.summary_source = summary ? summary->source : std::string();
}

}  // namespace

std::vector<std::string> Paper::all_texts(std::string ListingText::*field) const {
    std::vector<std::string> out;
    const std::string& mine = own_text(*this, field);
    if (!mine.empty()) out.push_back(mine);
    for (const auto& t : texts) {
        const std::string& v = t.*field;
        if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    return out;
}

std::vector<const ListingText*> Paper::earlier_texts() const {
    std::vector<const ListingText*> out;
    auto same_text = [](const ListingText* a, const ListingText& b) {
        return std::all_of(kTextFields.begin(), kTextFields.end(),
                           [&](auto f) { return (*a).*f == b.*f; });
    };
    for (auto it = texts.rbegin(); it != texts.rend(); ++it) {
        // One day's digests of two topics often list the same text: it is shown once.
        if (std::any_of(out.begin(), out.end(), [&](auto* o) { return same_text(o, *it); }))
            continue;
        for (auto f : kTextFields)
            if (!((*it).*f).empty() && (*it).*f != own_text(*this, f)) {
                out.push_back(&*it);
                break;
            }
    }
    return out;
}

std::string Paper::newest_date() const {
    std::string best;
    for (const auto& a : appearances) best = std::max(best, a.date);
    return best;
}

std::string Paper::first_date() const {
    std::string best;
    for (const auto& a : appearances)
        if (!a.date.empty() && (best.empty() || a.date < best)) best = a.date;
    return best;
}

bool merge_paper(Paper& paper, const Paper& entry) {
    bool changed = false;
    if (paper.id.empty()) {
        paper.id = entry.id;
        changed = true;
    }
    if (entry.version > paper.version) {
        paper.version = entry.version;
        changed = true;
    }
    for (const auto& a : entry.appearances) {
        if (std::find(paper.appearances.begin(), paper.appearances.end(), a) ==
            paper.appearances.end()) {
            paper.appearances.push_back(a);
            changed = true;
        }
    }
    std::sort(paper.appearances.begin(), paper.appearances.end(),
              [](const Appearance& x, const Appearance& y) {
                  return std::tie(x.date, x.topic, x.section, x.number) <
                         std::tie(y.date, y.topic, y.section, y.number);
              });

    const std::string& key = entry.text_source;
    if (paper.text_source.empty() || key >= paper.text_source) {
        auto take = [&](auto& dst, const auto& src) {
            if (dst != src) {
                dst = src;
                changed = true;
            }
        };
        take(paper.title, entry.title);
        take(paper.authors, entry.authors);
        take(paper.abstract, entry.abstract);
        take(paper.categories, entry.categories);
        take(paper.classes, entry.classes);
        take(paper.comments, entry.comments);
        take(paper.links, entry.links);
        if (!paper.from_arxiv) take(paper.primary, entry.primary);
        take(paper.text_source, key);
    }
    if (!entry.summary.empty() && (paper.summary_source.empty() || key >= paper.summary_source) &&
        (paper.summary != entry.summary || paper.summary_source != key)) {
        paper.summary = entry.summary;
        paper.summary_source = key;
        changed = true;
    }
    if (!key.empty())
        changed |=
            record_text(paper, {key, entry.title, entry.abstract, entry.summary, entry.comments});
    return changed;
}

bool merge_arxiv(Paper& paper, const Paper& arxiv) {
    Paper before = paper;
    if (paper.id.empty()) paper.id = arxiv.id;
    paper.version = std::max(paper.version, arxiv.version);
    // The API's text is authoritative only when no digest supplied any.
    if (paper.text_source.empty()) {
        paper.title = arxiv.title;
        paper.authors = arxiv.authors;
        paper.abstract = arxiv.abstract;
        paper.categories = arxiv.categories;
        paper.comments = arxiv.comments;
        paper.links = arxiv.links;
    } else {
        for (const auto& c : arxiv.categories)
            if (std::find(paper.categories.begin(), paper.categories.end(), c) ==
                paper.categories.end())
                paper.categories.push_back(c);
        if (paper.comments.empty()) paper.comments = arxiv.comments;
        for (const auto& l : arxiv.links)
            if (std::find(paper.links.begin(), paper.links.end(), l) == paper.links.end())
                paper.links.push_back(l);
    }
    if (!arxiv.primary.empty()) {
        // arXiv names the primary category; it goes first, as in a digest's 分类 line.
        paper.primary = arxiv.primary;
        auto it = std::find(paper.categories.begin(), paper.categories.end(), arxiv.primary);
        if (it != paper.categories.end())
            std::rotate(paper.categories.begin(), it, it + 1);
        else
            paper.categories.insert(paper.categories.begin(), arxiv.primary);
    }
    if (!arxiv.doi.empty()) paper.doi = arxiv.doi;
    if (!arxiv.journal_ref.empty()) paper.journal_ref = arxiv.journal_ref;
    if (!arxiv.published.empty()) paper.published = arxiv.published;
    if (!arxiv.updated.empty()) paper.updated = arxiv.updated;
    for (const auto& a : arxiv.appearances)
        if (std::find(paper.appearances.begin(), paper.appearances.end(), a) ==
            paper.appearances.end())
            paper.appearances.push_back(a);
    // What the API said is searchable even when a digest's text is shown.
    record_text(paper, {std::string(kArxivSource), arxiv.title, arxiv.abstract, std::string(),
                        arxiv.comments});
    paper.from_arxiv = true;
    return !(paper == before);
}

bool remove_digest(Paper& paper, std::string_view key) {
    auto it = std::remove_if(paper.appearances.begin(), paper.appearances.end(),
                             [&](const Appearance& a) { return a.digest_key() == key; });
    bool any = it != paper.appearances.end();
    paper.appearances.erase(it, paper.appearances.end());
    auto gone = std::remove_if(paper.texts.begin(), paper.texts.end(), [&](const ListingText& t) {
        return t.source != kArxivSource && t.date() + "/" + t.topic() == key;
    });
    if (gone != paper.texts.end()) {
        paper.texts.erase(gone, paper.texts.end());
        take_newest_texts(paper);
        any = true;
    }
    return any;
}

std::string link_url(std::string_view link) {
    std::string_view u = trim(link);
    if (!u.empty() && u.front() == '[') {
        auto open = u.find("](");
        if (open != std::string_view::npos) {
            auto close = u.find(')', open);
            u = u.substr(open + 2, close == std::string_view::npos ? std::string_view::npos
                                                                   : close - open - 2);
        } else {
            u = u.substr(1, u.find(']') - 1);
        }
    }
    u = trim(u);
    if (u.size() >= 2 && u.front() == '<' && u.back() == '>') u = u.substr(1, u.size() - 2);
    return std::string(trim(u));
}

std::string abs_url(const Paper& paper) {
    return "https://arxiv.org/abs/" + paper.id;
}

std::pair<std::string, int> split_version(std::string_view s) {
    auto v = s.rfind('v');
    if (v != std::string_view::npos && v + 1 < s.size() && v > 0 &&
        std::all_of(s.begin() + v + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        s[v - 1] >= '0' && s[v - 1] <= '9') {
        int version = 0;
        for (char c : s.substr(v + 1)) version = std::min(version * 10 + (c - '0'), 1000000);
        return {std::string(s.substr(0, v)), version};
    }
    return {std::string(s), 0};
}

bool looks_like_arxiv_id(std::string_view s) {
    // New style: YYMM.NNNN (to 2014) or YYMM.NNNNN.
    auto dot = s.find('.');
    if (dot == 4 && std::all_of(s.begin(), s.begin() + 4, is_digit)) {
        auto rest = s.substr(5);
        return (rest.size() == 4 || rest.size() == 5) &&
               std::all_of(rest.begin(), rest.end(), is_digit);
    }
    // Old style: archive[.SUBJ]/YYMMNNN.
    auto slash = s.find('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    auto num = s.substr(slash + 1);
    if (num.size() != 7 || !std::all_of(num.begin(), num.end(), is_digit)) return false;
    auto archive = s.substr(0, slash);
    auto adot = archive.find('.');
    auto name = archive.substr(0, adot);
    if (name.empty() ||
        !std::all_of(name.begin(), name.end(), [](char c) { return is_lower(c) || c == '-'; }))
        return false;
    if (adot != std::string_view::npos) {
        auto sub = archive.substr(adot + 1);
        if (sub.empty() || !std::all_of(sub.begin(), sub.end(), is_upper)) return false;
    }
    return true;
}

std::string canonical_id(std::string_view text) {
    auto [id, version] = split_version(text);
    (void)version;
    auto slash = id.find('/');
    if (slash != std::string::npos) {
        // Old style: archive lower case, subject class upper case (math.GT/0309136).
        auto dot = id.find('.');
        for (std::size_t i = 0; i < slash; ++i)
            id[i] = static_cast<char>(dot != std::string::npos && i > dot
                                          ? std::toupper(static_cast<unsigned char>(id[i]))
                                          : std::tolower(static_cast<unsigned char>(id[i])));
    }
    return looks_like_arxiv_id(id) ? id : std::string();
}

bool valid_ymd(int y, int m, int d) {
    static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

bool looks_like_category(std::string_view s) {
    // arXiv's archives, current and retired. Only a known archive makes a category: free-text
    // classes such as `acmart` or `Deep learning` in a 分类 line are not categories.
    static constexpr std::array<std::string_view, 38> kArchives{
        "astro-ph", "cond-mat", "cs",      "econ",     "eess",     "gr-qc",    "hep-ex",
        "hep-lat",  "hep-ph",   "hep-th",  "math",     "math-ph",  "nlin",     "nucl-ex",
        "nucl-th",  "physics",  "q-bio",   "q-fin",    "quant-ph", "stat",     "acc-phys",
        "adap-org", "alg-geom", "ao-sci",  "atom-ph",  "bayes-an", "chao-dyn", "chem-ph",
        "cmp-lg",   "comp-gas", "dg-ga",   "funct-an", "mtrl-th",  "patt-sol", "plasm-ph",
        "q-alg",    "solv-int", "supr-con"};
    auto dot = s.find('.');
    auto archive = s.substr(0, dot);
    if (std::find(kArchives.begin(), kArchives.end(), archive) == kArchives.end()) return false;
    if (dot == std::string_view::npos) return true;
    // .SUBJECT: letters and hyphens (cs.SD, math.AG, cond-mat.mes-hall, q-bio.NC).
    auto sub = s.substr(dot + 1);
    return !sub.empty() && sub.size() <= 12 && std::all_of(sub.begin(), sub.end(), [](char c) {
        return is_lower(c) || is_upper(c) || c == '-';
    });
}

void to_json(nlohmann::json& j, const Appearance& a) {
    j = nlohmann::json{
        {"date", a.date}, {"topic", a.topic}, {"section", a.section}, {"number", a.number}};
    if (a.version) j["version"] = a.version;
}

void from_json(const nlohmann::json& j, Appearance& a) {
    a.date = j.value("date", "");
    a.topic = j.value("topic", "");
    a.section = j.value("section", "");
    a.number = j.value("number", 0);
    a.version = j.value("version", 0);
}

void to_json(nlohmann::json& j, const Paper& p) {
    j = nlohmann::json::object();
    j["id"] = p.id;
    if (p.version) j["version"] = p.version;
    j["title"] = p.title;
    j["authors"] = p.authors;
    j["abstract"] = p.abstract;
    if (!p.summary.empty()) j["summary"] = p.summary;
    j["categories"] = p.categories;
    if (!p.classes.empty()) j["classes"] = p.classes;
    if (!p.primary.empty()) j["primary"] = p.primary;
    if (!p.comments.empty()) j["comments"] = p.comments;
    j["links"] = p.links;
    if (!p.journal_ref.empty()) j["journal_ref"] = p.journal_ref;
    if (!p.doi.empty()) j["doi"] = p.doi;
    if (!p.published.empty()) j["published"] = p.published;
    if (!p.updated.empty()) j["updated"] = p.updated;
    j["appearances"] = p.appearances;
    if (!p.text_source.empty()) j["text_source"] = p.text_source;
    if (!p.summary_source.empty()) j["summary_source"] = p.summary_source;
    if (p.from_arxiv) j["from_arxiv"] = true;
    // A paper listed once (the common case) stores no texts: they are its own.
    bool only_own = p.texts.size() == 1 && p.texts.front().source == p.text_source &&
                    (p.summary_source == p.text_source || p.summary_source.empty());
    if (only_own)
        for (auto f : kTextFields) only_own = only_own && p.texts.front().*f == own_text(p, f);
    if (!p.texts.empty() && !only_own) {
        auto& texts = j["texts"] = nlohmann::json::array();
        for (const auto& t : p.texts) {
            nlohmann::json one{{"source", t.source}};
            // What equals the paper's own text is left out.
            if (t.title != p.title) one["title"] = t.title;
            if (t.abstract != p.abstract) one["abstract"] = t.abstract;
            if (t.summary != p.summary) one["summary"] = t.summary;
            if (t.comments != p.comments) one["comments"] = t.comments;
            texts.push_back(std::move(one));
        }
    }
}

void from_json(const nlohmann::json& j, Paper& p) {
    p.id = j.at("id").get<std::string>();
    p.version = j.value("version", 0);
    p.title = j.value("title", "");
    p.authors = j.value("authors", std::vector<std::string>{});
    p.abstract = j.value("abstract", "");
    p.summary = j.value("summary", "");
    p.categories = j.value("categories", std::vector<std::string>{});
    p.classes = j.value("classes", std::vector<std::string>{});
    p.primary = j.value("primary", "");
    p.comments = j.value("comments", "");
    p.links = j.value("links", std::vector<std::string>{});
    p.journal_ref = j.value("journal_ref", "");
    p.doi = j.value("doi", "");
    p.published = j.value("published", "");
    p.updated = j.value("updated", "");
    p.appearances = j.value("appearances", std::vector<Appearance>{});
    p.text_source = j.value("text_source", "");
    p.summary_source = j.value("summary_source", "");
    p.from_arxiv = j.value("from_arxiv", false);
    p.texts.clear();
    if (auto texts = j.find("texts"); texts != j.end() && texts->is_array()) {
        for (const auto& one : *texts) {
            ListingText t;
            t.source = one.value("source", "");
            t.title = one.value("title", p.title);
            t.abstract = one.value("abstract", p.abstract);
            t.summary = one.value("summary", p.summary);
            t.comments = one.value("comments", p.comments);
            p.texts.push_back(std::move(t));
        }
    } else if (!p.text_source.empty()) {
        // Listed once: its own text is the listing's.
        p.texts.push_back({p.text_source, p.title, p.abstract,
                           p.summary_source == p.text_source ? p.summary : std::string(),
                           p.comments});
        if (!p.summary_source.empty() && p.summary_source != p.text_source)
            p.texts.push_back({p.summary_source, p.title, p.abstract, p.summary, p.comments});
        std::sort(p.texts.begin(), p.texts.end(),
                  [](const ListingText& a, const ListingText& b) { return a.source < b.source; });
    }
}

namespace {

// A small JSON reader for read_authors_and_appearances: strings are decoded, other values
// skipped. Enough for the data paper_to_data writes, and safe on anything else.
class JsonScanner {
  public:
    explicit JsonScanner(std::string_view s) : s_(s) {}
    bool ok() const { return ok_; }
    void ws() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
            ++i_;
    }
    bool eat(char c) {
        ws();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    bool peek(char c) {
        ws();
        return i_ < s_.size() && s_[i_] == c;
    }
    std::string string() {
        std::string out;
        if (!eat('"')) return fail(), out;
        while (i_ < s_.size() && s_[i_] != '"') {
            char c = s_[i_++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ >= s_.size()) return fail(), out;
            char e = s_[i_++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    char32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 1 < s_.size() && s_[i_] == '\\' &&
                        s_[i_ + 1] == 'u') {
                        i_ += 2;
                        char32_t lo = hex4();
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    out += e;  // " \ /
            }
        }
        if (!eat('"')) fail();
        return out;
    }
    long number() {
        ws();
        long v = 0;
        bool neg = i_ < s_.size() && s_[i_] == '-';
        if (neg) ++i_;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') v = v * 10 + (s_[i_++] - '0');
        skip_rest_of_number();
        return neg ? -v : v;
    }
    void skip() {  // any value
        ws();
        if (i_ >= s_.size()) return fail();
        char c = s_[i_];
        if (c == '"') {
            // Skipped strings (abstracts) are the bulk of the data: jump to the closing quote.
            ++i_;
            for (;;) {
                std::size_t q = s_.find_first_of("\"\\", i_);
                if (q == std::string_view::npos) return fail();
                if (s_[q] == '"') {
                    i_ = q + 1;
                    break;
                }
                i_ = q + 2;  // an escaped character
            }
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            ++i_;
            if (eat(close)) return;
            do {
                if (c == '{') {
                    string();
                    if (!eat(':')) return fail();
                }
                skip();
            } while (ok_ && eat(','));
            if (!eat(close)) fail();
        } else {
            while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') ++i_;
        }
    }
    void fail() {
        ok_ = false;
        i_ = s_.size();
    }

  private:
    char32_t hex4() {
        char32_t v = 0;
        for (int k = 0; k < 4 && i_ < s_.size(); ++k, ++i_) {
            char h = s_[i_];
            v = v * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        return v;
    }
    void skip_rest_of_number() {
        while (i_ < s_.size() &&
               (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' ||
                s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-'))
            ++i_;
    }
    std::string_view s_;
    std::size_t i_ = 0;
    bool ok_ = true;
};

}  // namespace

bool read_authors_and_appearances(std::string_view data, std::vector<std::string>& authors,
                                  std::vector<Appearance>& appearances) {
    authors.clear();
    appearances.clear();
    JsonScanner js(data);
    if (!js.eat('{')) return false;
    if (js.eat('}')) return true;
    bool have_authors = false, have_appearances = false;
    do {
        // The keys are stored sorted (abstract, appearances, authors, ...): the rest of the
        // record need not be read once both lists are.
        if (have_authors && have_appearances) return true;
        std::string key = js.string();
        if (!js.eat(':')) return false;
        if (key == "authors" && js.peek('[')) {
            have_authors = true;
            js.eat('[');
            if (!js.eat(']')) {
                do authors.push_back(js.string());
                while (js.ok() && js.eat(','));
                if (!js.eat(']')) return false;
            }
        } else if (key == "appearances" && js.peek('[')) {
            have_appearances = true;
            js.eat('[');
            if (!js.eat(']')) {
                do {
                    Appearance a;
                    if (!js.eat('{')) return false;
                    if (!js.eat('}')) {
                        do {
                            std::string k = js.string();
                            if (!js.eat(':')) return false;
                            if (k == "date")
                                a.date = js.string();
                            else if (k == "topic")
                                a.topic = js.string();
                            else if (k == "section")
                                a.section = js.string();
                            else if (k == "number")
                                a.number = static_cast<int>(js.number());
                            else if (k == "version")
                                a.version = static_cast<int>(js.number());
                            else
                                js.skip();
                        } while (js.ok() && js.eat(','));
                        if (!js.eat('}')) return false;
                    }
                    appearances.push_back(std::move(a));
                } while (js.ok() && js.eat(','));
                if (!js.eat(']')) return false;
            }
        } else {
            js.skip();
        }
    } while (js.ok() && js.eat(','));
    return js.ok() && js.eat('}');
}

std::string paper_to_data(const Paper& p) {
    nlohmann::json j = p;
    return j.dump();
}

Paper paper_from_data(std::string_view data) {
    try {
        return nlohmann::json::parse(data).get<Paper>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("damaged paper record in the database: ") + e.what(),
                    "rebuild the database: remove it and add the digests again", kExitDatabase);
    }
}

}  // namespace digest
