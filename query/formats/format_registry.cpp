#include "formats/format_registry.hpp"

#include "formats/writers.hpp"

namespace digest {

const std::vector<OutputFormat>& output_formats() {
    // clang-format off
    static const std::vector<OutputFormat> formats{
    //   name      help                                                      people doc    snippets total  results                count               authors              facets             inside  trend
        {"digest", "Markdown in the digest format itself (digest-index reads it back)",
                                                                             true,  false, false,   true,  write_digest_results,  write_count_number, nullptr,             write_facet_rows,  false,  write_trend_table},
        {"brief",  "one line a paper and its snippet; authors as text",      true,  false, true,    false, write_brief_results,   write_count_number, write_authors_text,  write_facet_rows,  false,  write_trend_table},
        {"json",   "one JSON document (schema/results.schema.json)",         false, true,  true,    true,  write_json_results,    write_json_count,   write_authors_json,  nullptr,           true,   write_trend_json},
        {"jsonl",  "one JSON object a line",                                 false, false, true,    false, write_jsonl_results,   nullptr,            write_authors_jsonl, nullptr,           false,  nullptr},
        {"csv",    "a table (RFC 4180), header first",                       false, true,  false,   false, write_csv_results,     nullptr,            write_authors_csv,   nullptr,           false,  write_trend_csv},
        {"bibtex", "BibTeX entries, ready for \\cite",                       false, false, false,   false, write_bibtex_results,  nullptr,            nullptr,             nullptr,           false,  nullptr},
        {"ids",    "one arXiv id a line",                                    false, false, false,   false, write_ids_results,     nullptr,            nullptr,             nullptr,           false,  nullptr},
    };
    // clang-format on
    return formats;
}

const OutputFormat* find_output_format(std::string_view name) {
    for (const auto& f : output_formats())
        if (f.name == name) return &f;
    return nullptr;
}

std::string output_format_names(Printed what) {
    std::string out;
    for (const auto& f : output_formats())
        if (f.prints(what)) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

void write_results(std::ostream& out, const SearchResult& result, const OutputFormat& format,
                   const OutputOptions& options) {
    // Nothing matched: a document format still prints its empty document (JSON with total 0,
    // the CSV header); the others print nothing.
    if (result.hits.empty() && !format.document) return;
    format.results(out, result, options);
}

bool want_color(std::string_view color_option, bool stdout_is_tty, const char* no_color_env) {
    if (color_option == "always") return true;
    if (color_option == "never") return false;
    bool no_color = no_color_env != nullptr && *no_color_env != '\0';
    return stdout_is_tty && !no_color;
}

void write_ids_results(std::ostream& out, const SearchResult& result, const OutputOptions&) {
    for (const auto& hit : result.hits) out << hit.paper.id << "\n";
}

std::vector<SnippetSpan> merged_spans(const std::vector<SnippetSpan>& snippet) {
    std::vector<SnippetSpan> out;
    for (const auto& span : snippet) {
        if (span.text.empty()) continue;
        if (!out.empty() && out.back().match == span.match)
            out.back().text += span.text;
        else
            out.push_back(span);
    }
    return out;
}

}  // namespace digest
