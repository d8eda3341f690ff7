// "Did you mean": a query's misspelt words corrected from Xapian's spelling table (the words
// of titles and abstracts, which the indexer keeps: fields/field_table.hpp, feeds_spelling),
// and misspelt author names from the author keys. QuerySession offers a correction only when
// the corrected query finds papers.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

#include "language/query_builder.hpp"

namespace digest {

struct SpellingCorrection {
    std::string query;  // the query, its misspelt words replaced: "speech enhancement", "au:povey"
    std::string shown;  // the same for a person, each corrected author with a full name:
                        // "au:povey (Daniel Povey)"
};

// A close author name: the surname to write (povey) and the most published person of it.
struct AuthorCorrection {
    std::string surname;    // folded: "povey"
    std::string full_name;  // as most often written: "Daniel Povey"
};

class Speller {
  public:
    // `words`: a database holding the spelling table, or nothing. Xapian's remote backend has no
    // spelling, so a session over remote shards passes its local databases, or a local
    // database beside the shards that holds only the table (words from every shard).
    // `names`: the databases searched, whose author keys (field table: author-name) are
    // compared with a mistyped name.
    Speller(std::optional<Xapian::Database> words, Xapian::Database names);

    // The corrections of a query's words and author names; nullopt when there is none. The
    // words typed are replaced in the query's own text, operators and fields kept.
    std::optional<SpellingCorrection> correct(const ParsedQuery& query) const;

    // A word of titles and abstracts close to `folded_word`, or "" (also when the word is
    // known: in the spelling table, or a word of authors' names).
    std::string word(const std::string& folded_word) const;

    // The surname of authors close to a (folded) name word that no author has, preferring the
    // closest, then one with the same first letter, then the one with most papers; nullopt
    // when none is close.
    std::optional<AuthorCorrection> author(const std::string& folded_word) const;

    // An author name (`digest-query authors NAME`) with its mistyped words corrected:
    // "watanabe (Shinji Watanabe)" for one word, or the name with the words replaced.
    std::optional<SpellingCorrection> author_name(const std::string& name) const;

    // Edits allowed for a word of this many bytes: one up to four, two beyond (a short word is
    // one edit away from too many others).
    static unsigned max_edits(std::size_t length) { return length <= 4 ? 1 : 2; }

  private:
    bool known_word(const std::string& folded_word) const;
    bool known_author_word(const std::string& folded_word) const;

    std::optional<Xapian::Database> words_;
    Xapian::Database names_;
};

// The edit distance of two strings (insertions, deletions, substitutions and transpositions of
// neighbouring bytes), or `bound` + 1 when it exceeds `bound`.
unsigned bounded_edit_distance(const std::string& a, const std::string& b, unsigned bound);

}  // namespace digest
