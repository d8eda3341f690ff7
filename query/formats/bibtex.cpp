// --format bibtex: one @misc entry a paper (@article with a journal reference), keys that are
// unique within the output and stable between runs.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "formats/bibtex_escape.hpp"
#include "formats/writers.hpp"
#include "names/author_name.hpp"
#include "text/escape.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const std::set<std::string_view>& title_stop_words() {
    static const std::set<std::string_view> kWords{
        "a",      "an",     "the",     "on",      "of",    "for",    "in",      "to",
        "and",    "or",     "with",    "without", "via",   "from",   "by",      "at",
        "as",     "is",     "are",     "be",      "do",    "does",   "can",     "what",
        "when",   "why",    "how",     "which",   "who",   "toward", "towards", "into",
        "onto",   "beyond", "through", "using",   "not",   "no",     "its",     "it",
        "this",   "that",   "these",   "we",      "our",   "your",   "you",     "vs",
        "versus", "all",    "about",   "between", "under", "over",   "more",    "less",
        "than",   "one",    "two",     "any",     "new",   "let",    "us",      "should"};
    return kWords;
}

// The first word of a title worth a key: math, LaTeX commands, stop words, single letters
// and bare numbers are skipped.
std::string title_key_word(std::string_view title) {
    std::string plain;
    for (std::size_t i = 0; i < title.size(); ++i) {
        char c = title[i];
        if (c == '$') {
            auto close = find_unescaped(title, "$", i + 1);
            if (close != std::string_view::npos) {
                i = close;
                plain += ' ';
                continue;
            }
        }
        if (c == '\\') {
            ++i;
            while (i < title.size() && is_ascii_alpha(title[i])) ++i;
            --i;
            plain += ' ';
            continue;
        }
        plain += c;
    }
    std::string folded = fold(plain);
    std::string word;
    auto take = [&]() -> bool {
        bool digits_only = std::all_of(word.begin(), word.end(), is_ascii_digit);
        bool good = word.size() >= 2 && !digits_only && !title_stop_words().count(word);
        if (!good) word.clear();
        return good;
    };
    for (char c : folded) {
        if (is_ascii_alpha(c) || is_ascii_digit(c)) {
            word += c;
        } else if (!word.empty() && take()) {
            return word;
        }
    }
    if (!word.empty() && take()) return word;
    return {};
}

std::string key_surname(const Paper& p) {
    if (p.authors.empty()) return "anon";
    AuthorName name = parse_author_name(p.authors.front());
    std::string folded = fold(name.surname_core.empty() ? name.surname : name.surname_core);
    std::string out;
    for (char c : folded)
        if (is_ascii_alpha(c) || is_ascii_digit(c)) out += c;
    return out.empty() ? "anon" : out;
}

std::string key_suffix(std::size_t n) {
    std::string s;
    do {
        s.insert(s.begin(), static_cast<char>('a' + n % 26));
        n /= 26;
    } while (n-- > 0);
    return s;
}

std::string bibtex_author(std::string_view name) {
    std::string escaped = escape_bibtex_text(name);
    // A word "and" (in any case, even first or last: the escaper made every blank a space) or
    // a comma would make BibTeX split or reorder the name.
    std::string lower = " " + fold(escaped) + " ";
    bool protect = lower.find(" and ") != std::string::npos || escaped.find(',') != escaped.npos;
    return protect ? "{" + escaped + "}" : escaped;
}

}  // namespace

void write_bibtex_results(std::ostream& out, const SearchResult& result,
                          const OutputOptions& options) {
    std::vector<const Paper*> papers;
    for (const auto& hit : result.hits) papers.push_back(&hit.paper);
    std::vector<std::string> keys = bibtex_keys(papers);
    // The escaper leaves no control character but bidirectional ones (text of right-to-left
    // scripts); on a terminal those are shown neutralised too.
    std::ostringstream text;
    std::ostream& to = options.terminal ? text : out;
    for (std::size_t i = 0; i < papers.size(); ++i) {
        if (i) to << "\n";
        write_bibtex_entry(to, *papers[i], keys[i]);
    }
    if (options.terminal) out << terminal_safe(text.str());
}

std::string bibtex_year(const Paper& paper) {
    auto year_of_date = [](std::string_view date) -> std::string {
        if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, is_ascii_digit))
            return std::string(date.substr(0, 4));
        return {};
    };
    if (auto y = year_of_date(paper.published); !y.empty()) return y;
    // The id encodes the month of the first version (2512.22166, quant-ph/0201082), which is
    // what arXiv cites; an appearance may be a replacement years later.
    std::string_view id = paper.id;
    auto slash = id.find('/');
    std::string_view yymm = slash == std::string_view::npos ? id : id.substr(slash + 1);
    if (yymm.size() >= 4 && std::all_of(yymm.begin(), yymm.begin() + 4, is_ascii_digit)) {
        int yy = (yymm[0] - '0') * 10 + (yymm[1] - '0');
        int mm = (yymm[2] - '0') * 10 + (yymm[3] - '0');
        bool new_style = slash == std::string_view::npos;
        if (mm >= 1 && mm <= 12 && (new_style ? yy >= 7 : true))
            return std::to_string(new_style || yy < 91 ? 2000 + yy : 1900 + yy);
    }
    return year_of_date(paper.first_date());
}

std::vector<std::string> bibtex_keys(const std::vector<const Paper*>& papers) {
    std::vector<std::string> base;
    std::map<std::string, int> count;
    for (const Paper* p : papers) {
        base.push_back(key_surname(*p) + bibtex_year(*p) + title_key_word(p->title));
        ++count[base.back()];
    }
    std::set<std::string> used;
    for (const auto& [key, n] : count)
        if (n == 1) used.insert(key);
    std::map<std::string, std::size_t> next_suffix;
    std::vector<std::string> keys;
    for (const auto& key : base) {
        if (count[key] == 1) {
            keys.push_back(key);
            continue;
        }
        std::string candidate;
        do candidate = key + key_suffix(next_suffix[key]++);
        while (used.count(candidate) || count.count(candidate));
        used.insert(candidate);
        keys.push_back(candidate);
    }
    return keys;
}

void write_bibtex_entry(std::ostream& out, const Paper& p, std::string_view key) {
    bool article = !trim(p.journal_ref).empty();
    out << (article ? "@article{" : "@misc{") << key << ",\n";
    auto field = [&](std::string_view name, const std::string& value) {
        if (!value.empty()) out << "  " << name << " = {" << value << "},\n";
    };
    std::string title = escape_bibtex_text(p.title);
    // Double braces keep the title's capitalisation (acronyms, model names) as written.
    field("title", title.empty() ? "" : "{" + title + "}");
    std::vector<std::string> authors;
    for (const auto& a : p.authors)
        if (std::string name = bibtex_author(a); !name.empty()) authors.push_back(name);
    field("author", join(authors, " and "));
    if (article) field("journal", escape_bibtex_text(p.journal_ref));
    field("year", bibtex_year(p));
    field("eprint", bibtex_verbatim(p.id));
    field("archivePrefix", "arXiv");
    std::string primary =
        p.primary.empty() && !p.categories.empty() ? p.categories.front() : p.primary;
    field("primaryClass", escape_bibtex_text(primary));
    field("doi", bibtex_verbatim(p.doi));
    out << "  url = {" << bibtex_verbatim(abs_url(p)) << "}\n}\n";
}

}  // namespace digest
