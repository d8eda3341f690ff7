// merge_paper, merge_arxiv and remove_digest: the newest digest supplies the text whatever the
// order digests are added in, summaries survive digests that have none, and merging is
// idempotent (re-adding a digest changes nothing).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fields/paper.hpp"

using namespace digest;
using Strings = std::vector<std::string>;

namespace {

// One digest listing of 2512.22166, as the parser makes it.
Paper listing(const std::string& date, const std::string& topic, const std::string& section,
              int number, int version, const std::string& title, const std::string& summary) {
    Paper p;
    p.id = "2512.22166";
    p.version = version;
    p.title = title;
    p.authors = {"HaeChun Chung", title + " Author"};
    p.abstract = "Abstract of " + title;
    p.summary = summary;
    p.categories = {"cs.SD", "eess.AS"};
    p.primary = "cs.SD";
    p.comments = "Comments of " + title;
    p.links = {"https://arxiv.org/pdf/2512.22166v" + std::to_string(version)};
    Appearance a;
    a.date = date;
    a.topic = topic;
    a.section = section;
    a.number = number;
    a.version = version;
    p.text_source = source_key(a);
    p.appearances.push_back(a);
    return p;
}

Paper merged(const std::vector<Paper>& entries) {
    Paper p;
    for (const auto& e : entries) merge_paper(p, e);
    return p;
}

Strings digest_keys(const Paper& p) {
    Strings out;
    for (const auto& a : p.appearances)
        out.push_back(a.digest_key() + " " + a.section + " " + std::to_string(a.number));
    return out;
}

}  // namespace

TEST_CASE("the newest digest's text wins, in either order", "[merge]") {
    Paper older = listing("2025-12-30", "audio", "new", 1, 1, "Old Title", "旧的简介");
    Paper newer = listing("2026-01-06", "audio", "replaced", 4, 2, "New Title", "新的简介");

    Paper forward = merged({older, newer});
    Paper backward = merged({newer, older});
    CHECK(forward == backward);

    CHECK(forward.id == "2512.22166");
    CHECK(forward.title == "New Title");
    CHECK(forward.authors == Strings{"HaeChun Chung", "New Title Author"});
    CHECK(forward.abstract == "Abstract of New Title");
    CHECK(forward.comments == "Comments of New Title");
    CHECK(forward.links == Strings{"https://arxiv.org/pdf/2512.22166v2"});
    CHECK(forward.summary == "新的简介");
    CHECK(forward.version == 2);
    CHECK(forward.text_source == std::string("2026-01-06\x1f"
                                             "audio"));
    CHECK(forward.summary_source == std::string("2026-01-06\x1f"
                                                "audio"));
    CHECK(digest_keys(forward) == Strings{"2025-12-30/audio new 1", "2026-01-06/audio replaced 4"});
    CHECK(forward.newest_date() == "2026-01-06");
    CHECK(forward.first_date() == "2025-12-30");
}

TEST_CASE("the newest non-empty summary is kept", "[merge]") {
    // Replaced entries mostly have no summary: the older one must survive them.
    Paper with =
        listing("2025-12-30", "audio", "new", 1, 1, "Title v1", "该论文属于音频生成任务。");
    Paper without = listing("2026-01-06", "audio", "replaced", 2, 2, "Title v2", "");
    Paper newest = listing("2026-02-10", "audio", "replaced", 7, 3, "Title v3", "第三版的简介。");

    for (const auto& p : {merged({with, without}), merged({without, with})}) {
        CHECK(p.title == "Title v2");
        CHECK(p.summary == "该论文属于音频生成任务。");
        CHECK(p.summary_source == std::string("2025-12-30\x1f"
                                              "audio"));
        CHECK(p.text_source == std::string("2026-01-06\x1f"
                                           "audio"));
    }
    Paper all_forward = merged({with, without, newest});
    Paper all_mixed = merged({newest, with, without});
    CHECK(all_forward == all_mixed);
    CHECK(all_forward.summary == "第三版的简介。");
    CHECK(all_forward.title == "Title v3");
    CHECK(all_forward.version == 3);
}

TEST_CASE("the same day in two topics: the order of topics decides, not the input order",
          "[merge]") {
    Paper text = listing("2026-01-06", "text", "new", 10, 1, "Title in text", "文本摘要");
    Paper video = listing("2026-01-06", "video", "new", 3, 1, "Title in video", "视频摘要");
    Paper a = merged({text, video});
    Paper b = merged({video, text});
    CHECK(a == b);
    CHECK(a.title == "Title in video");  // "video" sorts after "text"
    CHECK(a.summary == "视频摘要");
    CHECK(digest_keys(a) == Strings{"2026-01-06/text new 10", "2026-01-06/video new 3"});
}

TEST_CASE("an undated digest never overrides a dated one", "[merge]") {
    Paper dated = listing("2025-12-30", "audio", "new", 1, 1, "Dated", "有日期");
    Paper undated = listing("", "audio", "new", 5, 1, "Undated", "无日期");
    Paper a = merged({dated, undated});
    CHECK(a == merged({undated, dated}));
    CHECK(a.title == "Dated");
    CHECK(a.summary == "有日期");
    CHECK(digest_keys(a) == Strings{"/audio new 5", "2025-12-30/audio new 1"});
    CHECK(a.newest_date() == "2025-12-30");
    CHECK(a.first_date() == "2025-12-30");
}

TEST_CASE("appearances are unioned and sorted by date, topic, section, number", "[merge]") {
    Paper p = merged({
        listing("2026-01-06", "video", "replaced", 9, 2, "T", ""),
        listing("2025-12-30", "text", "new", 4, 1, "T", ""),
        listing("2026-01-06", "audio", "replaced", 2, 2, "T", ""),
        listing("2025-12-30", "audio", "new", 1, 1, "T", ""),
        listing("2025-12-30", "audio", "new", 1, 1, "T", ""),  // the same listing again
    });
    CHECK(digest_keys(p) == Strings{"2025-12-30/audio new 1", "2025-12-30/text new 4",
                                    "2026-01-06/audio replaced 2", "2026-01-06/video replaced 9"});
}

TEST_CASE("merging is idempotent", "[merge]") {
    Paper older = listing("2025-12-30", "audio", "new", 1, 1, "Old Title", "旧的简介");
    Paper newer = listing("2026-01-06", "audio", "replaced", 4, 2, "New Title", "");

    Paper p;
    CHECK(merge_paper(p, older));
    CHECK(merge_paper(p, newer));
    Paper once = p;
    CHECK_FALSE(merge_paper(p, newer));
    CHECK_FALSE(merge_paper(p, older));
    CHECK(p == once);

    // Merging a paper's own merged record into a copy changes nothing either.
    Paper twice = merged({older, newer, older, newer});
    CHECK(twice == once);
}

TEST_CASE("remove_digest drops the appearances of one digest", "[merge]") {
    Paper p = merged({
        listing("2025-12-30", "audio", "new", 1, 1, "T", ""),
        listing("2025-12-30", "text", "new", 4, 1, "T", ""),
        listing("2026-01-06", "audio", "replaced", 2, 2, "T", ""),
    });
    CHECK(remove_digest(p, "2025-12-30/audio"));
    CHECK(digest_keys(p) == Strings{"2025-12-30/text new 4", "2026-01-06/audio replaced 2"});
    CHECK_FALSE(remove_digest(p, "2025-12-30/audio"));
    CHECK_FALSE(remove_digest(p, "2025-12-30"));  // a key names a whole digest, date/topic
    CHECK(remove_digest(p, "2026-01-06/audio"));
    CHECK(remove_digest(p, "2025-12-30/text"));
    CHECK(p.appearances.empty());
    CHECK(p.newest_date().empty());
}

TEST_CASE("merge_arxiv keeps the digest text and adds primary, DOI and dates", "[merge]") {
    Paper p = merged({listing("2025-12-30", "audio", "new", 1, 1, "Digest Title", "简介")});
    Paper before = p;

    Paper api;
    api.id = "2512.22166";
    api.version = 3;
    api.title = "API Title";
    api.authors = {"Hae-Chun Chung"};
    api.abstract = "API abstract";
    api.categories = {"eess.AS", "cs.SD", "cs.LG"};
    api.primary = "eess.AS";
    api.doi = "10.1000/aes.2025.1";
    api.journal_ref = "AES AIMLA 2025";
    api.published = "2025-12-24";
    api.updated = "2026-01-02";
    api.links = {"https://arxiv.org/abs/2512.22166v3"};

    CHECK(merge_arxiv(p, api));
    CHECK(p.title == "Digest Title");
    CHECK(p.authors == before.authors);
    CHECK(p.abstract == "Abstract of Digest Title");
    CHECK(p.summary == "简介");
    CHECK(p.appearances == before.appearances);
    CHECK(p.primary == "eess.AS");
    // arXiv's primary category moves to the front, as a digest lists it.
    CHECK(p.categories == Strings{"eess.AS", "cs.SD", "cs.LG"});
    CHECK(p.doi == "10.1000/aes.2025.1");
    CHECK(p.journal_ref == "AES AIMLA 2025");
    CHECK(p.published == "2025-12-24");
    CHECK(p.updated == "2026-01-02");
    CHECK(p.version == 3);
    CHECK(p.links ==
          Strings{"https://arxiv.org/pdf/2512.22166v1", "https://arxiv.org/abs/2512.22166v3"});
    CHECK(p.from_arxiv);

    Paper after = p;
    CHECK_FALSE(merge_arxiv(p, api));  // idempotent
    CHECK(p == after);

    // A later digest updates the text but not the primary category arXiv gave.
    merge_paper(p, listing("2026-01-06", "audio", "replaced", 2, 2, "Digest Title v2", ""));
    CHECK(p.title == "Digest Title v2");
    CHECK(p.primary == "eess.AS");
    CHECK(p.summary == "简介");
}

TEST_CASE("merge_arxiv into an empty record takes the API text; a digest then overrides it",
          "[merge]") {
    Paper api;
    api.id = "2512.22166";
    api.version = 1;
    api.title = "API Title";
    api.authors = {"HaeChun Chung"};
    api.abstract = "API abstract";
    api.categories = {"cs.SD"};
    api.primary = "cs.SD";
    api.published = "2025-12-24";

    Paper p;
    CHECK(merge_arxiv(p, api));
    CHECK(p.id == "2512.22166");
    CHECK(p.title == "API Title");
    CHECK(p.abstract == "API abstract");
    CHECK(p.text_source.empty());
    CHECK(p.appearances.empty());

    merge_paper(p, listing("2025-12-30", "audio", "new", 1, 1, "Digest Title", "简介"));
    CHECK(p.title == "Digest Title");
    CHECK(p.summary == "简介");
    CHECK(p.published == "2025-12-24");
    REQUIRE(p.appearances.size() == 1);
}

TEST_CASE("a paper survives the JSON document data unchanged", "[merge]") {
    Paper p = merged({listing("2025-12-30", "audio", "new", 1, 1, "T $^2$ \"q\"", "简介"),
                      listing("2026-01-06", "text", "replaced", 3, 0, "T2", "")});
    p.classes = {"68T07", "I.2.7"};
    CHECK(paper_from_data(paper_to_data(p)) == p);
}

TEST_CASE("every listing's text is kept once, the newest shown", "[merge][history]") {
    Paper v1 = listing("2025-12-30", "audio", "new", 1, 1, "Old Title", "旧的简介");
    Paper cross = listing("2025-12-30", "text", "new", 7, 1, "Old Title", "旧的简介");
    Paper v2 = listing("2026-01-06", "audio", "replaced", 4, 2, "New Title", "新的简介");
    Paper p = merged({v2, cross, v1, v2});

    CHECK(p.title == "New Title");
    CHECK(p.texts.size() == 3);  // one per listing
    // Each distinct text once, the paper's own first.
    CHECK(p.all_texts(&ListingText::title) == Strings{"New Title", "Old Title"});
    CHECK(p.all_texts(&ListingText::summary) == Strings{"新的简介", "旧的简介"});
    CHECK(p.all_texts(&ListingText::abstract) ==
          Strings{"Abstract of New Title", "Abstract of Old Title"});
    // The earlier listings that differ, newest first; the same text of one day once.
    auto earlier = p.earlier_texts();
    REQUIRE(earlier.size() == 1);
    CHECK(earlier[0]->date() == "2025-12-30");
    CHECK(earlier[0]->topic() == "text");
    // The order of merging does not matter, and the stored data keeps it all.
    CHECK(merged({v1, v2, cross}) == p);
    CHECK(paper_from_data(paper_to_data(p)) == p);
}

TEST_CASE("a paper listed once stores no texts beside its own", "[merge][history]") {
    Paper p = merged({listing("2025-12-30", "audio", "new", 1, 1, "T", "简介")});
    CHECK(paper_to_data(p).find("\"texts\"") == std::string::npos);
    CHECK(paper_from_data(paper_to_data(p)) == p);
    CHECK(p.earlier_texts().empty());
    Paper no_summary = merged({listing("2025-12-30", "audio", "new", 1, 1, "T", "")});
    CHECK(paper_to_data(no_summary).find("\"texts\"") == std::string::npos);
    CHECK(paper_from_data(paper_to_data(no_summary)) == no_summary);
}

TEST_CASE("removing a digest removes only the texts it gave", "[merge][history]") {
    Paper v1 = listing("2025-12-30", "audio", "new", 1, 1, "Old Title", "旧的简介");
    Paper v2 = listing("2026-01-06", "audio", "replaced", 4, 2, "New Title", "");
    Paper p = merged({v1, v2});
    CHECK(p.title == "New Title");
    CHECK(p.summary == "旧的简介");  // the newest summary any listing gave

    // The newest digest read again without the paper: the older text is the paper's own again.
    Paper without_new = p;
    CHECK(remove_digest(without_new, "2026-01-06/audio"));
    CHECK(without_new.title == "Old Title");
    CHECK(without_new.abstract == "Abstract of Old Title");
    CHECK(without_new.all_texts(&ListingText::title) == Strings{"Old Title"});
    CHECK(without_new.summary == "旧的简介");

    // The older one removed: its summary goes with it.
    Paper without_old = p;
    CHECK(remove_digest(without_old, "2025-12-30/audio"));
    CHECK(without_old.title == "New Title");
    CHECK(without_old.all_texts(&ListingText::title) == Strings{"New Title"});
    CHECK(without_old.summary.empty());
    CHECK(without_old.summary_source.empty());

    // A digest read again with changed text: the result is as if only the new text was read.
    Paper reread = p;
    remove_digest(reread, "2025-12-30/audio");
    merge_paper(reread, listing("2025-12-30", "audio", "new", 1, 1, "Fixed Title", "改过的简介"));
    CHECK(reread ==
          merged({listing("2025-12-30", "audio", "new", 1, 1, "Fixed Title", "改过的简介"), v2}));
}

TEST_CASE("the arXiv API's text is kept beside the digests'", "[merge][history]") {
    Paper p = merged({listing("2025-12-30", "audio", "new", 1, 1, "Digest Title", "简介")});
    Paper api;
    api.id = p.id;
    api.title = "API Title";
    api.abstract = "API abstract";
    merge_arxiv(p, api);
    CHECK(p.title == "Digest Title");
    CHECK(p.all_texts(&ListingText::title) == Strings{"Digest Title", "API Title"});
    CHECK(paper_from_data(paper_to_data(p)) == p);
    // The digest removed, the API's text is what is left.
    CHECK(remove_digest(p, "2025-12-30/audio"));
    CHECK(p.title == "API Title");
    CHECK(p.summary.empty());
}
