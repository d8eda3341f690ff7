#include "names/author_name.hpp"

#include <algorithm>
#include <array>

#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

// Lower-case particles that belong to the surname when they stand before the last word
// (Aäron van den Oord, Fernando De la Torre, Ludwig von Mises, Ahmed bin Ali). Not the
// Spanish "y" (Ortega y Gasset): folded, it is the middle initial of Matthew Y. Jiang, a far
// more frequent name in paper listings, whose surname it would change. The index key is the
// same either way; only grouping and `authors jiang` depend on the surname.
constexpr std::array<std::string_view, 22> kParticles{
    "van", "von", "der", "den", "de",  "del", "della", "di",  "da", "dos", "das",
    "du",  "la",  "le",  "ter", "ten", "zu",  "bin",   "ibn", "al", "el",  "lo"};

constexpr std::array<std::string_view, 6> kSuffixes{"jr", "sr", "ii", "iii", "iv", "2nd"};

bool is_particle(std::string_view w) {
    return std::find(kParticles.begin(), kParticles.end(), w) != kParticles.end();
}
bool is_suffix(std::string_view w) {
    while (!w.empty() && w.back() == '.') w.remove_suffix(1);
    return std::find(kSuffixes.begin(), kSuffixes.end(), w) != kSuffixes.end();
}

std::string first_letter(const std::string& w) {
    if (w.empty()) return {};
    std::size_t i = 0;
    next_codepoint(w, i);
    return w.substr(0, i);
}

// Splits a folded name part into words; "d.p." and "j.-p." become initials, "hung-yi"
// becomes "hungyi", apostrophes vanish (O'Brien -> obrien).
std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
        std::string tok;
        for (char c : s.substr(i, j - i))
            if (c != '\'' && c != '`') tok += c;  // O'Brien -> obrien
        i = j;
        if (tok.empty()) continue;
        // Pieces separated by '.' or '-': "d.p." and "j.-p." are initials, "hung-yi" is one
        // name written two ways (Hung-yi, Hung-Yi, Hungyi) and becomes "hungyi".
        std::vector<std::string> pieces;
        std::string cur;
        for (char c : tok) {
            if (c == '.' || c == '-') {
                if (!cur.empty()) pieces.push_back(std::move(cur));
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) pieces.push_back(std::move(cur));
        if (pieces.empty()) continue;
        bool dotted = tok.find('.') != std::string::npos;
        bool all_single = std::all_of(pieces.begin(), pieces.end(), [](const std::string& p) {
            return p.size() == 1 || first_letter(p) == p;
        });
        if (dotted && all_single) {
            for (auto& p : pieces) out.push_back(std::move(p));
        } else {
            std::string joined;
            for (auto& p : pieces) joined += p;
            out.push_back(std::move(joined));
        }
    }
    return out;
}

}  // namespace

bool AuthorName::initials_only() const {
    if (given.empty()) return false;
    return std::all_of(given.begin(), given.end(),
                       [](const std::string& g) { return first_letter(g) == g; });
}

std::string AuthorName::full_key() const {
    if (given.empty()) return surname;
    return join(given) + " " + surname;
}

std::string AuthorName::index_key() const {
    return surname_core + "|" + full_key();
}

AuthorName parse_author_name(std::string_view raw) {
    AuthorName name;
    std::string folded = fold(trim(raw));
    std::string_view s = trim(folded);
    if (s.empty()) return name;

    if (contains_cjk(s)) {
        // CJK names match as written: no reordering, no initials.
        std::string compact;
        for (char c : s)
            if (c != ' ' && c != '\t') compact += c;
        name.surname = name.surname_core = compact;
        name.cjk = true;
        return name;
    }

    // "Surname, Given" (and "Surname, Jr., Given"): a comma fixes the order.
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto comma = s.find(',', start);
        parts.push_back(trim(s.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    parts.erase(std::remove_if(parts.begin(), parts.end(),
                               [](std::string_view p) { return p.empty() || is_suffix(p); }),
                parts.end());
    std::vector<std::string> words;
    std::size_t surname_words = 0;
    if (parts.size() >= 2) {
        auto sur = words_of(parts[0]);
        for (std::size_t k = 1; k < parts.size(); ++k) {
            auto g = words_of(parts[k]);
            words.insert(words.end(), g.begin(), g.end());
        }
        while (!words.empty() && is_suffix(words.back())) words.pop_back();
        while (!sur.empty() && is_suffix(sur.back())) sur.pop_back();
        surname_words = sur.size();
        words.insert(words.end(), sur.begin(), sur.end());
    } else if (!parts.empty()) {
        words = words_of(parts[0]);
        while (words.size() > 1 && is_suffix(words.back())) words.pop_back();
        if (!words.empty()) {
            surname_words = 1;
            // Particles before the last word join the surname, provided a given name is left.
            while (surname_words < words.size() - 1 &&
                   is_particle(words[words.size() - surname_words - 1]))
                ++surname_words;
        }
    }
    if (words.empty() || surname_words == 0) return name;
    std::size_t split = words.size() - surname_words;
    // Two particles or more and a surname ("van den Oord", "de la Torre") are a surname. One
    // particle-like word before a surname is a given name (Bin Wang, Di Wu, Le Zhang: far more
    // authors than any "De Silva" listed without a given name); a query may mean either, and
    // author_name_readings() gives both.
    if (parts.size() < 2 && words.size() >= 3 &&
        std::all_of(words.begin(), words.end() - 1,
                    [](const std::string& w) { return is_particle(w); }))
        split = 0;
    name.given.assign(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(split));
    name.surname = join(words.begin() + static_cast<std::ptrdiff_t>(split), words.end());
    name.surname_core = words.back();
    return name;
}

std::vector<AuthorName> author_name_readings(std::string_view raw) {
    std::vector<AuthorName> readings{parse_author_name(raw)};
    const AuthorName& n = readings.front();
    if (!n.cjk && raw.find(',') == std::string_view::npos && n.given.size() == 1 &&
        n.surname == n.surname_core && is_particle(n.given.front())) {
        AuthorName surname_only;
        surname_only.surname = n.given.front() + " " + n.surname;
        surname_only.surname_core = n.surname_core;
        readings.push_back(std::move(surname_only));
    }
    return readings;
}

AuthorName name_of_index_key(std::string_view key) {
    auto bar = key.find('|');
    return parse_author_name(bar == std::string_view::npos ? key : key.substr(bar + 1));
}

bool given_names_fit(const std::vector<std::string>& query, const std::vector<std::string>& name) {
    if (query.size() > name.size()) return false;
    for (std::size_t i = 0; i < query.size(); ++i) {
        const std::string& q = query[i];
        const std::string& n = name[i];
        bool fits = q == n || (first_letter(q) == q && n.compare(0, q.size(), q) == 0) ||
                    (first_letter(n) == n && q.compare(0, n.size(), n) == 0);
        if (!fits) return false;
    }
    return true;
}

}  // namespace digest
