// The arXiv Atom and RSS parsers, on every recorded response in the shared fixtures
// (fixtures/arxiv-api: the pre-2025 API format, the current one, and rss.arxiv.org), with
// values checked against the files, and on broken input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "sources/arxiv_feed.hpp"

using namespace digest;
namespace fs = std::filesystem;

namespace {

const fs::path kApi = fs::path(DIGEST_SHARED) / "fixtures" / "arxiv-api" / "query-api";
const fs::path kRss = fs::path(DIGEST_SHARED) / "fixtures" / "arxiv-api" / "rss";

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    REQUIRE(f);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

ArxivFeed atom(const fs::path& p) {
    return parse_arxiv_atom(slurp(p), p.filename().string());
}

std::vector<std::string> ids_of(const ArxivFeed& feed) {
    std::vector<std::string> ids;
    for (const auto& p : feed.papers) ids.push_back(p.id);
    return ids;
}

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("arxiv feed: old API format: one paper by id, wrapped title and abstract",
          "[arxiv][atom]") {
    auto feed = atom(kApi / "legacy-2016" / "id_list-1111.2011v2.xml");
    REQUIRE_FALSE(feed.failed());
    CHECK(feed.diagnostics.empty());
    CHECK(feed.total_results == 1);
    CHECK(feed.start_index == 0);
    REQUIRE(feed.papers.size() == 1);
    const Paper& p = feed.papers[0];
    CHECK(p.id == "1111.2011");
    CHECK(p.version == 2);
    // The title is wrapped over two lines with a two-space indent in the file.
    CHECK(p.title ==
          "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity "
          "Limit");
    CHECK(p.authors == Strings{"James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"});
    CHECK(starts_with(p.abstract,
                      "Theoretical description of anisotropic systems, such as layered "
                      "superconductors and coupled spin chains, is often a challenge"));
    CHECK(ends_with(p.abstract, "dimension to the theory describing a single node."));
    CHECK(p.abstract.find('\n') == std::string::npos);
    CHECK(p.abstract.find("  ") == std::string::npos);
    CHECK(p.categories == Strings{"cond-mat.str-el", "cond-mat.stat-mech"});
    CHECK(p.primary == "cond-mat.str-el");
    CHECK(p.classes.empty());
    CHECK(p.comments == "8 pages, 3 figures. Published version");
    CHECK(p.journal_ref == "Phys. Rev. B 85, 115117 (2012)");
    CHECK(p.doi == "10.1103/PhysRevB.85.115117");
    CHECK(p.published == "2011-11-08");
    CHECK(p.updated == "2012-04-02");
    CHECK(p.links ==
          Strings{"http://arxiv.org/pdf/1111.2011v2", "http://arxiv.org/abs/1111.2011v2"});
    CHECK(p.appearances.empty());  // the API lists no digest
    CHECK(p.from_arxiv);
    CHECK(p.summary.empty());
}

TEST_CASE("arxiv feed: old API format: a search page of ten, old-style ids among them",
          "[arxiv][atom]") {
    auto feed = atom(kApi / "legacy-2016" / "search_query-au_del_maestro.xml");
    REQUIRE_FALSE(feed.failed());
    CHECK(feed.total_results == 31);
    CHECK(feed.entries_seen == 10);
    CHECK(ids_of(feed) == Strings{"1201.4869", "cond-mat/0412498", "cond-mat/0603029", "1005.5383",
                                  "1303.6954", "1312.6177", "1412.6529", "cond-mat/0607501",
                                  "cond-mat/0702661", "0807.2873"});
    const Paper& old = feed.papers[1];
    CHECK(old.version == 1);
    CHECK(old.primary == "cond-mat.str-el");
    CHECK(old.doi == "10.1103/PhysRevB.71.184511");
    CHECK(old.journal_ref == "Physical Review B 71, 184511 (2005)");
    CHECK(old.links.front() == "http://arxiv.org/pdf/cond-mat/0412498v1");
    CHECK(feed.papers[0].primary == "cond-mat.mes-hall");
    CHECK(feed.papers[0].doi == "10.1142/S021797921244002X");
    CHECK(feed.papers[9].primary == "cond-mat.supr-con");
    CHECK(feed.papers[9].journal_ref == "Annals of Physics 324, 523 (2009).");
    for (const auto& p : feed.papers) {
        CHECK_FALSE(p.title.empty());
        CHECK_FALSE(p.authors.empty());
        CHECK_FALSE(p.published.empty());
        REQUIRE_FALSE(p.categories.empty());
        CHECK(p.categories.front() == p.primary);
        CHECK(p.classes.empty());
    }
}

TEST_CASE("arxiv feed: old API format: AND, ANDNOT and phrase queries", "[arxiv][atom]") {
    auto one = atom(kApi / "legacy-2016" / "search_query-au_del_maestro_AND_ti_checkerboard.xml");
    REQUIRE(one.papers.size() == 1);
    CHECK(one.total_results == 1);
    CHECK(one.papers[0].id == "cond-mat/0603029");
    CHECK(one.papers[0].title ==
          "From stripe to checkerboard order on the square lattice in the presence of quenched "
          "disorder");
    CHECK(one.papers[0].authors == Strings{"Adrian Del Maestro", "Bernd Rosenow", "Subir Sachdev"});
    CHECK(one.papers[0].categories == Strings{"cond-mat.str-el", "cond-mat.supr-con"});
    CHECK(one.papers[0].comments == "10 pages, 11 figures; added reference");

    auto not_feed = atom(kApi / "legacy-2016" /
                         "search_query-au_del_maestro_ANDNOT_ti_checkerboard_OR_ti_Pyrochlore.xml");
    CHECK(not_feed.total_results == 24);
    REQUIRE(not_feed.papers.size() == 10);
    CHECK(not_feed.papers[8].id == "1101.2206");
    CHECK(not_feed.papers[8].version == 3);
    CHECK(not_feed.papers[8].primary == "cond-mat.stat-mech");
    CHECK(not_feed.papers[8].doi == "10.1103/PhysRevLett.106.105303");
    CHECK(not_feed.papers[9].id == "1111.2011");

    auto phrase =
        atom(kApi / "legacy-2016" / "search_query-au_del_maestro_AND_ti_quantum_criticality.xml");
    REQUIRE(phrase.papers.size() == 2);
    CHECK(ids_of(phrase) == Strings{"1111.2011", "cond-mat/0607501"});
    const Paper& p = phrase.papers[1];
    CHECK(p.version == 2);
    CHECK(p.title ==
          "A striped supersolid phase and the search for deconfined quantum criticality in "
          "hard-core bosons on the triangular lattice");
    CHECK(p.authors == Strings{"R. G. Melko", "A. Del Maestro", "A. A. Burkov"});
    CHECK(p.categories == Strings{"cond-mat.str-el"});
    CHECK(p.published == "2006-07-19");
    CHECK(p.updated == "2006-11-06");
    CHECK(p.comments == "10 pages, 11 figures: new data for superfluid density anisotropy");
}

TEST_CASE("arxiv feed: current API format: single records", "[arxiv][atom]") {
    auto walk = atom(kApi / "recorded-2026" / "id_1605.08386_s0_m100_199195aa31ad.body.xml");
    REQUIRE(walk.papers.size() == 1);
    const Paper& w = walk.papers[0];
    CHECK(w.id == "1605.08386");
    CHECK(w.version == 1);
    CHECK(w.title == "Heat-bath random walks with Markov bases");
    CHECK(w.authors == Strings{"Caprice Stanley", "Tobias Windisch"});
    CHECK(w.categories == Strings{"math.CO", "math.ST"});
    CHECK(w.primary == "math.CO");
    CHECK(w.comments == "20 pages, 3 figures");
    CHECK(w.doi.empty());
    CHECK(w.journal_ref.empty());
    CHECK(w.published == "2016-05-26");
    CHECK(w.updated == "2016-05-26");
    CHECK(w.links ==
          Strings{"https://arxiv.org/pdf/1605.08386v1", "https://arxiv.org/abs/1605.08386v1"});
    CHECK(starts_with(w.abstract, "Graphs on lattice points are studied"));

    // A title that is just "0".
    auto zero = atom(kApi / "recorded-2026" / "id_2104.12255v1_s0_m100_6ae69987ffe1.body.xml");
    REQUIRE(zero.papers.size() == 1);
    CHECK(zero.papers[0].id == "2104.12255");
    CHECK(zero.papers[0].title == "0");
    CHECK(zero.papers[0].authors == Strings{"Quan Thoi Minh Nguyen"});
    CHECK(zero.papers[0].primary == "cs.CR");
    CHECK(zero.papers[0].comments.empty());
    CHECK(starts_with(zero.papers[0].abstract, "What is the funniest number in cryptography? 0."));
}

TEST_CASE("arxiv feed: current API format: old-style ids", "[arxiv][atom]") {
    auto q = atom(kApi / "recorded-2026" / "id_quant-ph_0201082v1_s0_m100_86989fe779ef.body.xml");
    REQUIRE(q.papers.size() == 1);
    const Paper& p = q.papers[0];
    CHECK(p.id == "quant-ph/0201082");
    CHECK(p.version == 1);
    CHECK(p.categories == Strings{"quant-ph", "cs.PL"});
    CHECK(p.primary == "quant-ph");
    CHECK(p.comments == "32 pages");
    CHECK(p.authors == Strings{"Stephen Blaha"});
    // The summary starts with two spaces in the file.
    CHECK(starts_with(p.abstract, "We show a representation of Quantum Computers"));
    CHECK(p.links.front() == "https://arxiv.org/pdf/quant-ph/0201082v1");

    auto a = atom(kApi / "recorded-2026" / "id_astro-ph_0601001_s0_m100_3150dca9dc76.body.xml");
    REQUIRE(a.papers.size() == 1);
    const Paper& s = a.papers[0];
    CHECK(s.id == "astro-ph/0601001");
    CHECK(s.version == 1);
    CHECK(s.categories == Strings{"astro-ph"});
    CHECK(s.journal_ref == "ActaAstron.56:1-50,2006");
    // Affiliations are not part of the names.
    CHECK(s.authors ==
          Strings{"Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"});
    CHECK(s.abstract.find("Gould & Morgan (2003)") != std::string::npos);  // &amp; decoded
    CHECK(s.abstract.find("V_max<17.5") != std::string::npos);             // &lt; decoded
}

TEST_CASE("arxiv feed: current API format: two ids asked, one found, mojibake repaired",
          "[arxiv][atom]") {
    auto feed =
        atom(kApi / "recorded-2026" / "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.body.xml");
    REQUIRE(feed.papers.size() == 1);
    const Paper& p = feed.papers[0];
    CHECK(p.id == "1707.08567");
    CHECK(p.authors.size() == 34);
    CHECK(p.authors.front() == "Kees A. Schouhamer Immink");
    CHECK(p.authors.back() == "Hirosuke Yamamoto");
    // The recording holds "Dirk WÃ¼bben": UTF-8 read as Latin-1 by the recording client.
    CHECK(p.authors[32] == "Dirk W\u00fcbben");
    CHECK(p.comments == "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck");
}

TEST_CASE("arxiv feed: current API format: paging through a search", "[arxiv][atom]") {
    auto first = atom(kApi / "recorded-2026" / "q_testing_s0_m10_bc5a6c384fe9.body.xml");
    auto second = atom(kApi / "recorded-2026" / "q_testing_s10_m10_34e56e15aaac.body.xml");
    REQUIRE(first.papers.size() == 10);
    REQUIRE(second.papers.size() == 10);
    CHECK(first.total_results == 214881);
    CHECK(first.start_index == 0);
    CHECK(second.start_index == 10);
    const Paper& p = first.papers[0];
    CHECK(p.id == "2202.12139");
    CHECK(p.title ==
          "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques");
    CHECK(p.authors == Strings{"Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"});
    CHECK(p.categories == Strings{"cs.SE", "cs.LG"});
    CHECK(p.doi == "10.1109/ICSTW55395.2022.00035");
    CHECK(p.comments == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022");
    CHECK(first.papers[7].id == "1205.1866");
    CHECK(first.papers[7].primary == "cs.AR");
    CHECK(first.papers[9].id == "1812.11470");
    const Paper& q = second.papers[0];
    CHECK(q.id == "2403.16981");
    CHECK(q.version == 2);
    CHECK(q.title == "The Sample Complexity of Simple Binary Hypothesis Testing");
    CHECK(q.categories == Strings{"math.ST", "cs.IT", "stat.ML"});
    CHECK(q.authors == Strings{"Ankit Pensia", "Varun Jog", "Po-Ling Loh"});
    CHECK(second.papers[9].id == "2202.06271");
}

TEST_CASE("arxiv feed: current API format: no results, and the error feed", "[arxiv][atom]") {
    auto none = atom(kApi / "recorded-2026" / "id_0000.0000_s0_m100_8b51d9633a68.body.xml");
    CHECK_FALSE(none.failed());
    CHECK(none.papers.empty());
    CHECK(none.total_results == 0);
    CHECK(none.diagnostics.empty());

    auto error = atom(kApi / "recorded-2026" / "id_abc_s0_m100_b79c8dcf6bc3.body.xml");
    CHECK(error.failed());
    CHECK(error.papers.empty());
    CHECK(error.error_message() == "arXiv API error: incorrect id format for abc");
    REQUIRE_FALSE(error.diagnostics.empty());
    CHECK(error.diagnostics[0].to_string().rfind("id_abc_s0_m100_b79c8dcf6bc3.body.xml:9: error: "
                                                 "arXiv API error",
                                                 0) == 0);
}

TEST_CASE("arxiv feed: every recording's JSON body is its .body.xml, and parses as its status says",
          "[arxiv][atom]") {
    int files = 0;
    for (const auto& e : fs::directory_iterator(kApi / "recorded-2026")) {
        if (e.path().extension() != ".json") continue;
        ++files;
        auto rec = nlohmann::json::parse(slurp(e.path()));
        std::string body = rec.at("body").get<std::string>();
        fs::path xml = e.path();
        xml.replace_extension(".body.xml");
        INFO(e.path().filename().string());
        CHECK(body == slurp(xml));
        CHECK(rec.at("url").get<std::string>().rfind("https://export.arxiv.org/api/query?", 0) ==
              0);
        auto feed = parse_arxiv_atom(body, xml.filename().string());
        CHECK(feed.failed() == (rec.at("status_code").get<int>() != 200));
    }
    CHECK(files == 9);
}

TEST_CASE("arxiv feed: RSS: the announcements of one day", "[arxiv][rss]") {
    auto feed = parse_arxiv_rss(slurp(kRss / "rss_mock_feed.xml"), "rss", "arxiv-test");
    REQUIRE_FALSE(feed.failed());
    CHECK(feed.diagnostics.empty());
    CHECK(feed.date == "2024-11-28");
    REQUIRE(feed.papers.size() == 1504);
    std::map<std::string, int> sections;
    for (const auto& p : feed.papers) {
        REQUIRE(p.appearances.size() == 1);
        ++sections[p.appearances[0].section];
        CHECK(p.from_arxiv);
    }
    CHECK(sections == std::map<std::string, int>{{"new", 926}, {"replaced", 569}, {"cross", 9}});

    const Paper& first = feed.papers[0];
    CHECK(first.id == "2411.17700");
    CHECK(first.version == 1);
    CHECK(first.title ==
          "Exploring the Impact of Generative AI on Cross-Border E-Commerce Brand Building in "
          "Chinese Tianjin's Manufacturing Sector");
    CHECK(first.authors == Strings{"Jun Cui"});
    CHECK(first.categories == Strings{"cs.CY"});
    CHECK(first.primary == "cs.CY");
    CHECK(
        starts_with(first.abstract,
                    "This study investigates the influence of generative artificial intelligence"));
    CHECK(ends_with(first.abstract, "structural equations (PLS-SEM)."));
    CHECK(first.links ==
          Strings{"https://arxiv.org/pdf/2411.17700v1", "https://arxiv.org/abs/2411.17700"});
    CHECK(first.appearances[0] == Appearance{"2024-11-28", "arxiv-test", "new", 1, 1});

    CHECK(feed.papers[2].authors == Strings{"Hyewon Jeong", "Suyeol Yun", "Hammaad Adam"});

    const Paper& doi = feed.papers[58];
    CHECK(doi.id == "2411.17758");
    CHECK(doi.authors == Strings{"Kamil Erdayandi", "Mustafa Asan Mustafa"});
    CHECK(doi.categories == Strings{"cs.GT", "cs.CR"});
    CHECK(doi.doi == "10.1016/j.segan.2024.101477");
    CHECK(doi.journal_ref ==
          "Sustainable Energy, Grids and Networks, Volume 39, 2024, 101477, ISSN 2352-4677");

    // Affiliations in parentheses hold commas that do not separate authors.
    const Paper& affil = feed.papers[117];
    CHECK(affil.id == "2411.17817");
    CHECK(affil.authors == Strings{"Tianliang Yan", "Yubao Liu", "Leonid Prokhorov", "Jiri Smetana",
                                   "Haixing Miao", "Yiqiu Ma", "Vincent Boyer", "Denis Martynov"});

    const Paper& cross = feed.papers[926];
    CHECK(cross.id == "2202.06515");
    CHECK(cross.version == 3);
    CHECK(cross.categories == Strings{"astro-ph.CO", "astro-ph.GA", "physics.flu-dyn"});
    CHECK(cross.primary == "astro-ph.CO");
    CHECK(cross.doi == "10.1063/5.0236964");
    CHECK(cross.journal_ref == "Physics of Fluids 36, 117158 (2024)");
    CHECK(cross.appearances[0] == Appearance{"2024-11-28", "arxiv-test", "cross", 927, 3});

    const Paper& replaced = feed.papers[935];
    CHECK(replaced.id == "1401.3665");
    CHECK(replaced.title == "The existence of designs");
    CHECK(replaced.authors == Strings{"Peter Keevash"});
    CHECK(replaced.appearances[0].section == "replaced");
    CHECK(replaced.appearances[0].version == 4);

    CHECK(feed.papers.back().id == "2411.17697");
    CHECK(feed.papers.back().title ==
          "StableAnimator: High-Quality Identity-Preserving Human Image Animation");
    CHECK(feed.papers.back().appearances[0].number == 1504);
}

TEST_CASE("arxiv feed: RSS: an empty listing and the error feed", "[arxiv][rss]") {
    auto empty = parse_arxiv_rss(slurp(kRss / "empty_rss_mock_feed.xml"), "rss/test", "arxiv-test");
    CHECK_FALSE(empty.failed());
    CHECK(empty.papers.empty());
    CHECK(empty.date == "2024-11-28");

    auto error = parse_arxiv_rss(slurp(kRss / "error_rss_mock_feed.xml"), "rss/astroph", "arxiv-x");
    CHECK(error.failed());
    CHECK(error.papers.empty());
    CHECK(starts_with(error.error_message(), "arXiv RSS error: Bad archive 'astroph'."));
}

TEST_CASE("arxiv feed: broken responses are errors, never exceptions or empty successes",
          "[arxiv]") {
    auto cut = parse_arxiv_atom(
        "<?xml version='1.0'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "  <entry><title>Half</title>\n",
        "u");
    CHECK(cut.failed());
    CHECK(starts_with(cut.error_message(), "invalid XML"));

    auto html = parse_arxiv_atom("<!DOCTYPE html>\n<html><body>Rate limited</body></html>", "u");
    CHECK(html.failed());
    CHECK(html.error_message().find("HTML page") != std::string::npos);

    CHECK(parse_arxiv_atom("", "u").failed());
    CHECK(parse_arxiv_atom("   \n", "u").failed());
    CHECK(parse_arxiv_rss("", "u", "t").failed());

    // The right format from the wrong endpoint.
    auto rss_as_atom = parse_arxiv_atom(slurp(kRss / "empty_rss_mock_feed.xml"), "u");
    CHECK(rss_as_atom.failed());
    CHECK(rss_as_atom.error_message() == "expected an Atom feed of the arXiv API, got an RSS feed");
    auto atom_as_rss = parse_arxiv_rss(
        slurp(kApi / "recorded-2026" / "id_1605.08386_s0_m100_199195aa31ad.body.xml"), "u", "t");
    CHECK(atom_as_rss.failed());

    // An entry without an id is skipped with a warning; the others stay.
    auto partial = parse_arxiv_atom(
        "<feed xmlns='http://www.w3.org/2005/Atom'>\n"
        "<entry><id>not an id</id><title>A</title></entry>\n"
        "<entry><id>http://arxiv.org/abs/2512.22166v1</id><title>B</title></entry>\n</feed>",
        "u");
    CHECK_FALSE(partial.failed());
    REQUIRE(partial.papers.size() == 1);
    CHECK(partial.papers[0].id == "2512.22166");
    REQUIRE(partial.diagnostics.size() == 1);
    CHECK(partial.diagnostics[0].to_string() ==
          "u:2: warning: entry 1 has no arXiv id (`not an id`); entry skipped");
}

TEST_CASE("arxiv feed: a prefixed Atom namespace is still Atom", "[arxiv][atom]") {
    auto feed = parse_arxiv_atom(
        "<a:feed xmlns:a='http://www.w3.org/2005/Atom' xmlns:x='http://arxiv.org/schemas/atom'>"
        "<a:entry><a:id>http://arxiv.org/abs/hep-th/9901001v1</a:id><a:title>T</a:title>"
        "<x:primary_category term='hep-th'/><a:category term='hep-th'/>"
        "<a:category term='81T30'/></a:entry></a:feed>",
        "u");
    REQUIRE(feed.papers.size() == 1);
    CHECK(feed.papers[0].id == "hep-th/9901001");
    CHECK(feed.papers[0].primary == "hep-th");
    CHECK(feed.papers[0].classes == Strings{"81T30"});  // an MSC class listed as a category
}

TEST_CASE("arxiv feed: text helpers", "[arxiv]") {
    CHECK(collapse_whitespace("  a\n  b\t\tc \r\n") == "a b c");
    CHECK(collapse_whitespace("") == "");
    CHECK(repair_double_utf8("Dirk W\u00c3\u00bcbben") == "Dirk W\u00fcbben");
    CHECK(repair_double_utf8("M\u00fcller") == "M\u00fcller");  // genuine Latin-1 letter
    CHECK(repair_double_utf8("S\u00e3o Paulo") == "S\u00e3o Paulo");
    CHECK(repair_double_utf8("plain ASCII") == "plain ASCII");
    CHECK(repair_double_utf8("\u8bed\u97f3 W\u00c3\u00bc") == "\u8bed\u97f3 W\u00c3\u00bc");
    CHECK(date_from_rfc822("Thu, 28 Nov 2024 00:00:00 -0500") == "2024-11-28");
    CHECK(date_from_rfc822("3 Feb 2025 10:00:00 GMT") == "2025-02-03");
    CHECK(date_from_rfc822("yesterday") == "");
    CHECK(rss_topic({"cs.SD", "eess.AS"}) == "arxiv-cs.sd+eess.as");
    CHECK(rss_topic({"hep-th"}) == "arxiv-hep-th");
    for (const char* code : {"cs.SD", "eess.AS", "hep-th", "math", "cond-mat.stat-mech",
                             "cond-mat.quant-gas", "physics.flu-dyn", "q-bio.NC", "test"})
        CHECK(is_arxiv_category_code(code));
    for (const char* code : {"I.2.7", "68T05", "", "cs.", ".SD", "Cs.SD", "cs.S D", "CS SD", "x"})
        CHECK_FALSE(is_arxiv_category_code(code));
}
