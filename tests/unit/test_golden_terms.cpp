// Golden terms: the project's example digest is parsed and two of its papers are turned into
// Xapian documents; every term and value they must carry is listed here. A change to the field
// table, the normaliser, the stemmer or the CJK settings shows up as a diff of these lists (and
// then needs kSchemaVersion bumped).
#include <xapian.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "digest/digest_parser.hpp"
#include "fields/value_list.hpp"
#include "names/author_key_hash.hpp"
#include "text/text_normalizer.hpp"
#include "writing/document_builder.hpp"

using namespace digest;
using Terms = std::set<std::string>;

namespace {

const ParsedDigest& example_digest() {
    static const ParsedDigest parsed = [] {
        std::string path = std::string(DIGEST_EXAMPLES) + "/20251230_Tue/audio.md";
        std::ifstream in(path, std::ios::binary);
        if (!in) FAIL("cannot read " << path);
        std::ostringstream s;
        s << in.rdbuf();
        return parse_digest(s.str(), DigestSource{"audio.md", "2025-12-30", "audio"});
    }();
    return parsed;
}

const Paper& example_paper(const std::string& id) {
    for (const auto& p : example_digest().entries)
        if (p.id == id) return p;
    FAIL("the example digest has no paper " << id);
    throw;  // unreachable: FAIL throws
}

// term -> wdf
std::map<std::string, Xapian::termcount> terms_of(const Xapian::Document& doc) {
    std::map<std::string, Xapian::termcount> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out[*t] = t.get_wdf();
    return out;
}

// Terms with exactly this prefix (not a longer one: "X" + upper case letters is another field).
Terms with_prefix(const std::map<std::string, Xapian::termcount>& terms,
                  const std::string& prefix) {
    Terms out;
    for (const auto& [t, wdf] : terms) {
        if (t.compare(0, prefix.size(), prefix) != 0) continue;
        if (t.size() > prefix.size() && t[prefix.size()] >= 'A' && t[prefix.size()] <= 'Z')
            continue;
        out.insert(t);
    }
    return out;
}

// The CJK n-grams Xapian's FLAG_CJK_NGRAM makes of a Chinese text: every ideograph and every
// pair of adjacent ideographs within a run (punctuation and Latin letters end a run).
Terms cjk_ngrams(std::string_view text, const std::string& prefix) {
    // Each character, and each 2, 3 and 4 characters in a row ending with it.
    Terms out;
    std::vector<std::string> before;  // up to three characters before this one, in the run
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        char32_t c = next_codepoint(text, i);
        if (c < 0x4E00 || c > 0x9FFF) {
            before.clear();
            continue;
        }
        std::string gram(text.substr(start, i - start));
        out.insert(prefix + gram);
        for (auto b = before.rbegin(); b != before.rend(); ++b) {
            gram.insert(0, *b);
            out.insert(prefix + gram);
        }
        before.push_back(std::string(text.substr(start, i - start)));
        if (before.size() > 3) before.erase(before.begin());
    }
    return out;
}

Terms join(Terms a, const Terms& b) {
    a.insert(b.begin(), b.end());
    return a;
}

}  // namespace

TEST_CASE("golden terms: 2512.22166, AudioGAN, one author", "[golden]") {
    const Paper& p = example_paper("2512.22166");
    REQUIRE(p.title ==
            "AudioGAN: A Compact and Efficient Framework for Real-Time High-Fidelity "
            "Text-to-Audio Generation");
    DocumentBuilder builder;
    Xapian::Document doc = builder.build(p);
    auto terms = terms_of(doc);

    CHECK(with_prefix(terms, "Q") == Terms{"Q2512.22166"});
    CHECK(with_prefix(terms, "D") == Terms{"D20251230"});
    CHECK(with_prefix(terms, "XG") == Terms{"XG2025-12-30/audio"});
    CHECK(with_prefix(terms, "XT") == Terms{"XTaudio"});
    CHECK(with_prefix(terms, "XS") == Terms{"XSnew"});
    CHECK(with_prefix(terms, "XC") == Terms{"XCcs.sd", "XCeess.as"});
    CHECK(with_prefix(terms, "XP") == Terms{"XPcs.sd"});
    CHECK(with_prefix(terms, "XK").empty());
    CHECK(with_prefix(terms, "XD").empty());

    // Author: the words (stemmed, for bare-word search) and the exact name keys.
    CHECK(with_prefix(terms, "A") == Terms{"Achung", "Ahaechun"});
    CHECK(terms["Achung"] == 2);  // the author field's weight
    // One name term per author, surname first: "surname|full name".
    CHECK(with_prefix(terms, "XA") == Terms{"XAchung|haechun chung"});

    // Title words, stemmed (STEM_ALL: no unstemmed Z terms), weight 16.
    CHECK(with_prefix(terms, "S") == Terms{"Sa", "Sand", "Saudio", "Saudiogan", "Scompact",
                                           "Seffici", "Sfidel", "Sfor", "Sframework", "Sgenerat",
                                           "Shigh", "Sreal", "Stext", "Stime", "Sto"});
    CHECK(terms["Saudiogan"] == 16);
    CHECK(with_prefix(terms, "Z").empty());
    // Neighbouring title words: stop words, punctuation (`AudioGAN:`) and joined words
    // (Real-Time, Text-to-Audio) break the chain; one pair is left.
    CHECK(with_prefix(terms, "XB") == Terms{"XBeffici framework"});
    CHECK(terms["XBeffici framework"] == 1);

    // Comments: 10 pages, 6 figures, Accepted to AES AIMLA 2025
    CHECK(with_prefix(terms, "XN") == Terms{"XN10", "XN2025", "XN6", "XNaccept", "XNae", "XNaimla",
                                            "XNfigur", "XNpage", "XNto"});

    // Summary: CJK unigrams, bigrams, 3- and 4-grams of the Chinese text, plus its Latin words.
    REQUIRE(p.summary ==
            "该论文属于文本到音频生成任务，旨在解决现有模型速度慢、成本高的问题。提出AudioGAN框架，"
            "采用GAN结构实现高效实时生成。");
    Terms summary = with_prefix(terms, "XZ");
    CHECK(summary == join(cjk_ngrams(p.summary, "XZ"), Terms{"XZaudiogan", "XZgan"}));
    CHECK(summary.size() == 142);
    for (const char* t : {"XZ该", "XZ该论", "XZ音", "XZ音频", "XZ生成", "XZ框架", "XZ高效"})
        CHECK(summary.count(t) == 1);
    CHECK(terms["XZ生成"] == 2);  // 生成任务 ... 实时生成
    CHECK(summary.count("XZ频生") == 1);
    CHECK(summary.count("XZ务旨") == 0);  // the comma between 任务 and 旨在 ends the run
    CHECK(summary.count("XZ成任务旨") == 0);
    // The 3- and 4-character grams weigh nothing: the document's length stays that of the
    // characters, the pairs and the words.
    CHECK(terms["XZ文本到音"] == 0);
    CHECK(terms["XZ实时生成"] == 0);
    CHECK(terms["XZ生成任"] == 0);

    // Abstract words (empty prefix), stemmed.
    for (const char* t : {"audiogan", "tta", "generat", "adversari", "audiocap", "infer"})
        CHECK(terms.count(t) == 1);
    CHECK(terms["tta"] == 4);

    // One term per listing (date|topic|section) and the date of the first listing.
    CHECK(with_prefix(terms, "XL") == Terms{"XL20251230|audio|new"});
    CHECK(with_prefix(terms, "XF") == Terms{"XF20251230"});

    // Values: slot 0 the newest digest date, slot 1 the first; then the facets' values, lists
    // of several values encoded (fields/value_list.hpp).
    CHECK(doc.get_value(0) == "20251230");
    CHECK(doc.get_value(1) == "20251230");
    CHECK(decode_value_list(doc.get_value(2)) == std::vector<std::string>{"cs.SD", "eess.AS"});
    CHECK(doc.get_value(3) == "cs.SD");
    CHECK(decode_value_list(doc.get_value(4)) == std::vector<std::string>{"audio"});
    CHECK(decode_value_list(doc.get_value(5)) == std::vector<std::string>{"new"});
    CHECK(doc.get_value(6) == encode_author_key_hashes({"chung|haechun chung"}));
    CHECK(doc.get_value(7) == "2025-12");
    CHECK(doc.get_value(8) == "2025");
    // Slot 9 the id: the order of papers of equal score or date, and the key that collapses
    // one paper indexed in two shards. Packed (schema 7): 2512 and 22166, big-endian.
    using namespace std::string_literals;
    CHECK(doc.get_value(9) == "\x09\xd0\x00\x56\x96"s);
    CHECK(unpacked_id(doc.get_value(9)) == p.id);
    // Slots 10 and 11: the newest and the first listing's date (2025 * 512 + 12 * 32 + 30 in
    // 3 bytes), then the packed id: --sort date and --sort first.
    CHECK(doc.get_value(10) == "\x0f\xd3\x9e\x09\xd0\x00\x56\x96"s);
    CHECK(doc.get_value(11) == doc.get_value(10));

    // The document data is the paper itself, as the indexer merges it.
    Paper merged;
    merge_paper(merged, p);
    CHECK(paper_from_data(builder.build(merged).get_data()) == merged);
}

TEST_CASE("golden terms: 2512.22148, four authors", "[golden]") {
    const Paper& p = example_paper("2512.22148");
    REQUIRE(p.authors == std::vector<std::string>{"Jin Sob Kim", "Hyun Joon Park", "Wooseok Shin",
                                                  "Sung Won Han"});
    DocumentBuilder builder;
    Xapian::Document doc = builder.build(p);
    auto terms = terms_of(doc);

    CHECK(with_prefix(terms, "Q") == Terms{"Q2512.22148"});
    CHECK(with_prefix(terms, "D") == Terms{"D20251230"});
    CHECK(with_prefix(terms, "XG") == Terms{"XG2025-12-30/audio"});
    CHECK(with_prefix(terms, "XT") == Terms{"XTaudio"});
    CHECK(with_prefix(terms, "XS") == Terms{"XSnew"});
    CHECK(with_prefix(terms, "XC") == Terms{"XCcs.ai", "XCcs.sd"});
    CHECK(with_prefix(terms, "XP") == Terms{"XPcs.sd"});

    CHECK(with_prefix(terms, "A") == Terms{"Ahan", "Ahyun", "Ajin", "Ajoon", "Akim", "Apark",
                                           "Ashin", "Asob", "Asung", "Awon", "Awooseok"});
    CHECK(with_prefix(terms, "XA") == Terms{"XAkim|jin sob kim", "XApark|hyun joon park",
                                            "XAshin|wooseok shin", "XAhan|sung won han"});

    // Rethinking Leveraging Pre-Trained Multi-Layer Representations for Speaker Verification
    CHECK(with_prefix(terms, "S") == Terms{"Sfor", "Slayer", "Sleverag", "Smulti", "Spre",
                                           "Srepresent", "Srethink", "Sspeaker", "Strain",
                                           "Sverif"});
    CHECK(with_prefix(terms, "XB") == Terms{"XBrethink leverag", "XBspeaker verif"});
    CHECK(with_prefix(terms, "XN") == Terms{"XN2025", "XNaccept", "XNinterspeech", "XNto"});

    Terms summary = with_prefix(terms, "XZ");
    CHECK(summary == join(cjk_ngrams(p.summary, "XZ"), Terms{"XZastp", "XZlap"}));
    for (const char* t : {"XZ说", "XZ说话", "XZ话人", "XZ验证", "XZ嵌入", "XZ提升"})
        CHECK(summary.count(t) == 1);
    CHECK(terms["XZ提升"] == 2);

    CHECK(doc.get_value(0) == "20251230");
    CHECK(doc.get_value(1) == "20251230");
    // The author keys in the order listed, each once.
    CHECK(doc.get_value(6) == encode_author_key_hashes({"kim|jin sob kim", "park|hyun joon park",
                                                        "shin|wooseok shin", "han|sung won han"}));
}

TEST_CASE("golden terms: a paper seen in two digests carries both, and the date range",
          "[golden]") {
    Paper p = example_paper("2512.22148");
    Paper later = p;
    later.appearances.front().date = "2026-01-06";
    later.appearances.front().topic = "text";
    later.appearances.front().section = "replaced";
    later.appearances.front().number = 12;
    later.text_source = source_key(later.appearances.front());
    merge_paper(p, later);

    DocumentBuilder builder;
    Xapian::Document doc = builder.build(p);
    auto terms = terms_of(doc);
    CHECK(with_prefix(terms, "D") == Terms{"D20251230", "D20260106"});
    CHECK(with_prefix(terms, "XG") == Terms{"XG2025-12-30/audio", "XG2026-01-06/text"});
    CHECK(with_prefix(terms, "XT") == Terms{"XTaudio", "XTtext"});
    CHECK(with_prefix(terms, "XS") == Terms{"XSnew", "XSreplaced"});
    CHECK(doc.get_value(0) == "20260106");
    CHECK(doc.get_value(1) == "20251230");
    // A listing term each, one first-listing term; each topic and section once in its slot.
    CHECK(with_prefix(terms, "XL") == Terms{"XL20251230|audio|new", "XL20260106|text|replaced"});
    CHECK(with_prefix(terms, "XF") == Terms{"XF20251230"});
    CHECK(decode_value_list(doc.get_value(4)) == std::vector<std::string>{"audio", "text"});
    CHECK(decode_value_list(doc.get_value(5)) == std::vector<std::string>{"new", "replaced"});
}

TEST_CASE("golden terms: the documents in a database answer their own terms", "[golden]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    DocumentBuilder builder;
    for (const auto& p : example_digest().entries)
        db.replace_document(unique_term(p.id), builder.build(p));
    db.commit();
    CHECK(db.get_doccount() == 22);
    CHECK(db.get_termfreq("XTaudio") == 22);
    CHECK(db.get_termfreq("XSnew") == 13);
    CHECK(db.get_termfreq("XSreplaced") == 9);
    CHECK(db.get_termfreq("Q2512.22166") == 1);
    CHECK(db.get_termfreq("XAkim|jin sob kim") == 2);  // 2512.22148 and 2512.22156
    CHECK(db.get_termfreq("XG2025-12-30/audio") == 22);

    // Adding the same digest again replaces, never duplicates.
    for (const auto& p : example_digest().entries)
        db.replace_document(unique_term(p.id), builder.build(p));
    db.commit();
    CHECK(db.get_doccount() == 22);
}

TEST_CASE("golden terms: a hyphenated name is also its parts written together", "[golden]") {
    Paper p;
    p.id = "2601.00002";
    p.title = "Speech";
    p.authors = {"Hung-yi Lee", "Dilek Hakkani-Tür"};
    DocumentBuilder builder;
    auto terms = terms_of(builder.build(p));
    CHECK(with_prefix(terms, "A") ==
          Terms{"Adilek", "Ahakkani", "Ahakkanitur", "Ahung", "Ahungyi", "Alee", "Atur", "Ayi"});
    CHECK(terms["Ahungyi"] == 2);  // the author field's weight
}

TEST_CASE("golden terms: a paper listed twice with different texts holds the words of both",
          "[golden][history]") {
    Paper p;
    merge_paper(p, example_paper("2512.22148"));
    Paper later = example_paper("2512.22148");
    later.appearances.front().date = "2026-01-06";
    later.appearances.front().section = "replaced";
    later.title = "Renamed";
    later.summary = "新写的简介";
    later.text_source = source_key(later.appearances.front());
    merge_paper(p, later);
    REQUIRE(p.title == "Renamed");

    DocumentBuilder builder;
    Xapian::Document doc = builder.build(p);
    auto terms = terms_of(doc);
    // The new title and the old one's words are both title terms.
    CHECK(terms.count("Srenam"));
    Paper first = example_paper("2512.22148");
    for (const auto& w : with_prefix(terms_of(builder.build(first)), "S")) CHECK(terms.count(w));
    // The new summary's characters and the old one's.
    CHECK(terms.count("XZ新写"));
    for (const auto& g : cjk_ngrams(first.summary, "XZ")) CHECK(terms.count(g));
}
