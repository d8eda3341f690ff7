#include "sources/arxiv_feed.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <pugixml.hpp>

#include "digest/digest_parser.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kArxivNs = "http://arxiv.org/schemas/atom";
constexpr std::string_view kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";
constexpr std::string_view kDublinCoreNs = "http://purl.org/dc/elements/1.1/";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// pugixml does not resolve namespaces: the prefix of a name is looked up in the xmlns
// declarations of the element and its ancestors. Both API formats need this: the old one
// declares xmlns:arxiv on every element that uses it, the current one once on <feed>.
std::string_view local_name(const pugi::xml_node& n) {
    std::string_view name = n.name();
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_of(const pugi::xml_node& n) {
    std::string_view name = n.name();
    auto colon = name.find(':');
    std::string attr =
        colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    for (pugi::xml_node a = n; a && a.type() == pugi::node_element; a = a.parent())
        if (pugi::xml_attribute decl = a.attribute(attr.c_str())) return decl.value();
    return {};
}

bool is_element(const pugi::xml_node& n, std::string_view ns, std::string_view local) {
    return n.type() == pugi::node_element && local_name(n) == local && namespace_of(n) == ns;
}

// All character data directly inside the element (text and CDATA sections).
std::string text_of(const pugi::xml_node& n) {
    std::string out;
    for (pugi::xml_node c : n.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

// Display text of a field: line breaks of wrapped fields removed, mojibake undone.
std::string clean_text(const pugi::xml_node& n) {
    return repair_double_utf8(collapse_whitespace(text_of(n)));
}

// Maps byte offsets of the parsed buffer to 1-based line numbers for diagnostics.
class LineIndex {
  public:
    explicit LineIndex(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') newlines_.push_back(i);
    }
    int line(std::ptrdiff_t offset) const {
        if (offset < 0) return 0;
        auto it =
            std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
        return static_cast<int>(it - newlines_.begin()) + 1;
    }

  private:
    std::vector<std::size_t> newlines_;
};

bool looks_like_html(std::string_view body) {
    std::size_t i = 0;
    if (body.starts_with("\xEF\xBB\xBF")) i = 3;  // byte-order mark
    while (i < body.size() && is_space(body[i])) ++i;
    std::string head = lower_ascii(body.substr(i, 64));
    return head.starts_with("<!doctype html") || head.starts_with("<html");
}

// Loads `xml`; on failure adds an error naming what was received instead of a feed.
bool load(pugi::xml_document& doc, std::string_view xml, const std::string& source,
          std::string_view expected, ArxivFeed& out) {
    auto fail = [&](int line, std::string message) {
        out.diagnostics.push_back({source, line, Severity::Error, std::move(message)});
        return false;
    };
    std::string_view trimmed = xml;
    while (!trimmed.empty() && is_space(trimmed.front())) trimmed.remove_prefix(1);
    if (trimmed.empty())
        return fail(0, "empty response where " + std::string(expected) + " was expected");
    if (looks_like_html(xml))
        return fail(0, "received an HTML page where " + std::string(expected) +
                           " was expected (wrong URL, or an error page?)");
    pugi::xml_parse_result r =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r) {
        LineIndex lines(xml);
        return fail(lines.line(r.offset), std::string("invalid XML: ") + r.description() + " (in " +
                                              std::string(expected) + ")");
    }
    return true;
}

// YYYY-MM-DD from an ISO 8601 timestamp ("2011-11-08T18:48:36Z"); empty if it is none.
std::string iso_date(std::string_view s) {
    s = s.substr(0, 10);
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return {};
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return {};
    return std::string(s);
}

long long to_count(std::string_view s) {
    std::string t = collapse_whitespace(s);
    if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    return std::strtoll(t.c_str(), nullptr, 10);
}

// Puts the primary category first; codes that are no arXiv category (the old API lists ACM
// and MSC classes such as "I.2.7" or "68T05" as <category>) go to `classes`.
void set_categories(Paper& p, const std::string& primary, const std::vector<std::string>& terms) {
    auto add = [&](const std::string& code) {
        if (code.empty()) return;
        auto& list = is_arxiv_category_code(code) ? p.categories : p.classes;
        if (std::find(list.begin(), list.end(), code) == list.end()) list.push_back(code);
    };
    add(primary);
    for (const auto& t : terms) add(t);
    p.primary = !primary.empty() && is_arxiv_category_code(primary)
                    ? primary
                    : (p.categories.empty() ? std::string() : p.categories.front());
}

std::string pdf_link(const std::string& id, int version) {
    return "https://arxiv.org/pdf/" + id + (version ? "v" + std::to_string(version) : "");
}

void parse_atom_entry(const pugi::xml_node& entry, int number, const std::string& source,
                      const LineIndex& lines, ArxivFeed& out) {
    int line = lines.line(entry.offset_debug());
    std::string id_text, primary, pdf, abs;
    std::vector<std::string> terms;
    Paper p;
    for (pugi::xml_node c : entry.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view ns = namespace_of(c);
        std::string_view name = local_name(c);
        if (ns == kAtomNs) {
            if (name == "id") {
                id_text = collapse_whitespace(text_of(c));
            } else if (name == "title") {
                p.title = clean_text(c);
            } else if (name == "summary") {
                p.abstract = clean_text(c);
            } else if (name == "published") {
                p.published = iso_date(collapse_whitespace(text_of(c)));
            } else if (name == "updated") {
                p.updated = iso_date(collapse_whitespace(text_of(c)));
            } else if (name == "author") {
                for (pugi::xml_node a : c.children())
                    if (is_element(a, kAtomNs, "name")) {
                        std::string author = clean_text(a);
                        if (!author.empty()) p.authors.push_back(std::move(author));
                    }
            } else if (name == "category") {
                terms.emplace_back(collapse_whitespace(c.attribute("term").value()));
            } else if (name == "link") {
                std::string_view href = c.attribute("href").value();
                std::string_view title = c.attribute("title").value();
                std::string_view type = c.attribute("type").value();
                std::string_view rel = c.attribute("rel").value();
                if (title == "pdf" || type == "application/pdf")
                    pdf = href;
                else if (rel == "alternate" || (rel.empty() && title.empty()))
                    abs = href;
            }
        } else if (ns == kArxivNs) {
            if (name == "primary_category")
                primary = collapse_whitespace(c.attribute("term").value());
            else if (name == "comment")
                p.comments = clean_text(c);
            else if (name == "journal_ref")
                p.journal_ref = clean_text(c);
            else if (name == "doi")
                p.doi = collapse_whitespace(text_of(c));
        }
    }
    // The API reports a bad request as a feed with one entry (HTTP 400 in the current API,
    // HTTP 200 in the old one): <id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>.
    if (id_text.find("arxiv.org/api/errors") != std::string::npos) {
        std::string why = p.abstract.empty() ? id_text : p.abstract;
        out.diagnostics.push_back({source, line, Severity::Error, "arXiv API error: " + why});
        return;
    }
    auto [id, version] = arxiv_id_from_link(id_text);
    if (id.empty()) {
        out.diagnostics.push_back({source, line, Severity::Warning,
                                   "entry " + std::to_string(number) + " has no arXiv id (`" +
                                       id_text + "`); entry skipped"});
        return;
    }
    if (p.title.empty())
        out.diagnostics.push_back(
            {source, line, Severity::Warning,
             "entry " + std::to_string(number) + " (" + id + ") has no title"});
    p.id = std::move(id);
    p.version = version;
    set_categories(p, primary, terms);
    if (pdf.empty()) pdf = pdf_link(p.id, p.version);
    p.links.push_back(std::move(pdf));
    if (!abs.empty()) p.links.push_back(std::move(abs));
    p.from_arxiv = true;
    out.papers.push_back(std::move(p));
}

// Splits dc:creator ("A One, B Two (Univ. X, Dept. Y), C Three") into names, dropping the
// affiliations in parentheses, whose commas do not separate authors.
std::vector<std::string> split_creators(std::string_view text) {
    std::vector<std::string> names;
    std::string current;
    int depth = 0;
    auto flush = [&] {
        std::string name = repair_double_utf8(collapse_whitespace(current));
        if (name.starts_with("and ")) name = name.substr(4);  // "A, B, and C"
        if (!name.empty()) names.push_back(std::move(name));
        current.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth > 0) --depth;
        } else if (depth == 0) {
            if (c == ',')
                flush();
            else if (text.substr(i, 5) == " and ") {  // "A and B"
                flush();
                i += 4;
            } else
                current += c;
        }
    }
    flush();
    return names;
}

std::string section_of(std::string_view announce_type) {
    // arXiv's announce types: new, cross (a cross-list), replace and replace-cross (a new
    // version of a listed or of a cross-listed paper); digests call replacements "replaced".
    if (announce_type == "new") return "new";
    if (announce_type == "cross") return "cross";
    if (announce_type == "replace" || announce_type == "replace-cross") return "replaced";
    return lower_ascii(announce_type);
}

void parse_rss_item(const pugi::xml_node& item, int number, const std::string& source,
                    const std::string& date, const std::string& topic, const LineIndex& lines,
                    ArxivFeed& out) {
    int line = lines.line(item.offset_debug());
    std::string guid, link, description, announce;
    std::vector<std::string> terms;
    Paper p;
    for (pugi::xml_node c : item.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view ns = namespace_of(c);
        std::string_view name = local_name(c);
        if (ns.empty()) {
            if (name == "title")
                p.title = clean_text(c);
            else if (name == "link")
                link = collapse_whitespace(text_of(c));
            else if (name == "description")
                description = text_of(c);
            else if (name == "guid")
                guid = collapse_whitespace(text_of(c));
            else if (name == "category")
                terms.push_back(collapse_whitespace(text_of(c)));
        } else if (ns == kArxivNs) {
            if (name == "announce_type")
                announce = collapse_whitespace(text_of(c));
            else if (name == "DOI")
                p.doi = collapse_whitespace(text_of(c));
            else if (name == "journal_reference")
                p.journal_ref = clean_text(c);
        } else if (ns == kDublinCoreNs && name == "creator") {
            for (auto& a : split_creators(text_of(c))) p.authors.push_back(std::move(a));
        }
    }
    // description: "arXiv:2411.17700v1 Announce Type: new \nAbstract: This study ..."
    std::string_view desc = description;
    std::string desc_id;
    if (auto at = desc.find("arXiv:"); at != std::string_view::npos) {
        auto end = desc.find_first_of(" \t\r\n", at);
        desc_id =
            std::string(desc.substr(at + 6, end == std::string_view::npos ? end : end - at - 6));
    }
    if (announce.empty())
        if (auto at = desc.find("Announce Type:"); at != std::string_view::npos) {
            auto begin = desc.find_first_not_of(" \t", at + 14);
            auto end = desc.find_first_of(" \t\r\n", begin);
            if (begin != std::string_view::npos)
                announce = std::string(
                    desc.substr(begin, end == std::string_view::npos ? end : end - begin));
        }
    if (auto at = desc.find("Abstract:"); at != std::string_view::npos)
        p.abstract = repair_double_utf8(collapse_whitespace(desc.substr(at + 9)));
    else
        p.abstract = repair_double_utf8(collapse_whitespace(desc));

    // The id: from the guid ("oai:arXiv.org:2411.17700v1"), else the description, else the link.
    std::pair<std::string, int> id_version;
    if (auto colon = guid.rfind(':'); colon != std::string::npos)
        id_version = split_version(guid.substr(colon + 1));
    if (!looks_like_arxiv_id(id_version.first)) id_version = split_version(desc_id);
    if (!looks_like_arxiv_id(id_version.first)) id_version = arxiv_id_from_link(link);
    if (id_version.first.empty() || !looks_like_arxiv_id(id_version.first)) {
        out.diagnostics.push_back(
            {source, line, Severity::Warning,
             "item " + std::to_string(number) + " has no arXiv id; item skipped"});
        return;
    }
    p.id = std::move(id_version.first);
    p.version = id_version.second;
    if (p.title.empty())
        out.diagnostics.push_back(
            {source, line, Severity::Warning,
             "item " + std::to_string(number) + " (" + p.id + ") has no title"});
    // arXiv lists the primary category first.
    set_categories(p, terms.empty() ? std::string() : terms.front(), terms);
    p.links.push_back(pdf_link(p.id, p.version));
    if (!link.empty()) p.links.push_back(link);
    if (announce.empty())
        out.diagnostics.push_back({source, line, Severity::Warning,
                                   "item " + std::to_string(number) + " (" + p.id +
                                       ") has no announce type; taken as new"});
    Appearance a;
    a.date = date;
    a.topic = topic;
    a.section = section_of(announce.empty() ? "new" : announce);
    a.number = number;
    a.version = p.version;
    p.appearances.push_back(std::move(a));
    p.from_arxiv = true;
    out.papers.push_back(std::move(p));
}

}  // namespace

bool ArxivFeed::failed() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string ArxivFeed::error_message() const {
    for (const auto& d : diagnostics)
        if (d.severity == Severity::Error) return d.message;
    return {};
}

bool is_arxiv_category_code(std::string_view code) {
    auto dot = code.find('.');
    std::string_view archive = code.substr(0, dot);
    if (archive.size() < 2 || archive.size() > 16 || archive[0] < 'a' || archive[0] > 'z' ||
        !std::all_of(archive.begin(), archive.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }))
        return false;
    if (dot == std::string_view::npos) return true;
    std::string_view subject = code.substr(dot + 1);
    return !subject.empty() && subject.size() <= 16 &&
           std::all_of(subject.begin(), subject.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
           });
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string repair_double_utf8(std::string text) {
    bool high = false;
    for (unsigned char c : text)
        if (c >= 0x80) {
            high = true;
            break;
        }
    if (!high || find_invalid_utf8(text) != std::string::npos) return text;
    std::string bytes;
    bytes.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t cp = next_codepoint(text, i);
        if (cp > 0xFF) return text;  // not Latin-1 text: leave it alone
        bytes += static_cast<char>(cp);
    }
    if (bytes == text || find_invalid_utf8(bytes) != std::string::npos) return text;
    return bytes;
}

std::string date_from_rfc822(std::string_view text) {
    // [Day, ] DD Mon YYYY [HH:MM:SS zone]
    static constexpr std::array<std::string_view, 12> kMonths{
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    std::string t = collapse_whitespace(text);
    if (auto comma = t.find(','); comma != std::string::npos) t = t.substr(comma + 1);
    std::vector<std::string> parts;
    std::string cur;
    for (char c : t + " ") {
        if (c == ' ') {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (parts.size() < 3) return {};
    const std::string& day = parts[0];
    std::string mon = lower_ascii(parts[1]).substr(0, 3);
    const std::string& year = parts[2];
    auto digits = [](const std::string& s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(day) || day.size() > 2 || !digits(year) || year.size() != 4) return {};
    auto m = std::find(kMonths.begin(), kMonths.end(), mon);
    if (m == kMonths.end()) return {};
    int d = std::atoi(day.c_str());
    if (d < 1 || d > 31) return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", year.c_str(),
                  static_cast<int>(m - kMonths.begin()) + 1, d);
    return buf;
}

std::string rss_topic(const std::vector<std::string>& categories) {
    std::string joined;
    for (const auto& c : categories) {
        if (!joined.empty()) joined += '+';
        joined += c;
    }
    return "arxiv-" + fold(joined);
}

ArxivFeed parse_arxiv_atom(std::string_view xml, const std::string& source) {
    ArxivFeed out;
    pugi::xml_document doc;
    if (!load(doc, xml, source, "an Atom feed of the arXiv API", out)) return out;
    LineIndex lines(xml);
    pugi::xml_node root = doc.document_element();
    if (!is_element(root, kAtomNs, "feed")) {
        std::string got =
            local_name(root) == "rss" ? "an RSS feed" : "<" + std::string(root.name()) + ">";
        out.diagnostics.push_back({source, lines.line(root.offset_debug()), Severity::Error,
                                   "expected an Atom feed of the arXiv API, got " + got});
        return out;
    }
    for (pugi::xml_node c : root.children()) {
        if (c.type() != pugi::node_element) continue;
        if (is_element(c, kOpenSearchNs, "totalResults"))
            out.total_results = to_count(text_of(c));
        else if (is_element(c, kOpenSearchNs, "startIndex"))
            out.start_index = to_count(text_of(c));
        else if (is_element(c, kAtomNs, "entry"))
            parse_atom_entry(c, ++out.entries_seen, source, lines, out);
    }
    // An error feed yields no papers: the request failed, whatever else it holds.
    if (out.failed()) out.papers.clear();
    return out;
}

ArxivFeed parse_arxiv_rss(std::string_view xml, const std::string& source,
                          const std::string& topic) {
    ArxivFeed out;
    pugi::xml_document doc;
    if (!load(doc, xml, source, "an arXiv RSS feed", out)) return out;
    LineIndex lines(xml);
    pugi::xml_node root = doc.document_element();
    pugi::xml_node channel = root.child("channel");
    if (std::string_view(root.name()) != "rss" || !channel) {
        std::string got = is_element(root, kAtomNs, "feed") ? "an Atom feed"
                                                            : "<" + std::string(root.name()) + ">";
        out.diagnostics.push_back({source, lines.line(root.offset_debug()), Severity::Error,
                                   "expected an RSS feed with a <channel>, got " + got});
        return out;
    }
    // A bad category gives a valid feed with no items and this title (arXiv, 2024):
    // <title>Feed error for query: http://rss.arxiv.org/rss/astroph</title>
    // <description>Bad archive 'astroph'. Valid archive names are: ...</description>
    std::string title = collapse_whitespace(text_of(channel.child("title")));
    if (title.starts_with("Feed error")) {
        std::string why = collapse_whitespace(text_of(channel.child("description")));
        out.diagnostics.push_back({source, lines.line(channel.offset_debug()), Severity::Error,
                                   "arXiv RSS error: " + (why.empty() ? title : why)});
        return out;
    }
    // The announcement day: the channel's pubDate, which arXiv writes as local midnight
    // ("Thu, 28 Nov 2024 00:00:00 -0500"); lastBuildDate is a UTC time stamp of the build.
    out.date = date_from_rfc822(text_of(channel.child("pubDate")));
    if (out.date.empty())
        for (pugi::xml_node item : channel.children("item"))
            if (out.date = date_from_rfc822(text_of(item.child("pubDate"))); !out.date.empty())
                break;
    int number = 0;
    for (pugi::xml_node item : channel.children("item")) {
        ++out.entries_seen;
        parse_rss_item(item, ++number, source, out.date, topic, lines, out);
    }
    if (out.date.empty() && out.entries_seen > 0)
        out.diagnostics.push_back({source, 0, Severity::Warning,
                                   "the feed has no announcement date; its listings are undated"});
    return out;
}

}  // namespace digest
