// Saved queries and what each has shown. The queries live in a file a person may edit,
// $XDG_CONFIG_HOME/digest-search/queries (default ~/.config/...): one `NAME = QUERY` a line,
// `#` comments; it is checked whole when read, and a mistake is an error naming the line.
// What each has shown lives in $XDG_STATE_HOME/digest-search/seen.json (default
// ~/.local/state/...). Both are written whole or not at all (core/atomic_file.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

// Letters, digits, `-` and `_`, at most 64.
bool valid_saved_name(std::string_view name);

struct SavedQuery {
    std::string name;
    std::string query;
};

class SavedQueries {
  public:
    // The files of the environment ($XDG_CONFIG_HOME, $XDG_STATE_HOME, $HOME).
    static std::filesystem::path default_config_file();
    static std::filesystem::path default_state_file();

    // Reads both files (missing ones are empty). Throws digest::Error naming the file and
    // line of a mistake.
    SavedQueries(std::filesystem::path config_file, std::filesystem::path state_file);

    const std::vector<SavedQuery>& queries() const { return queries_; }
    const SavedQuery* find(std::string_view name) const;

    // Saves (or replaces) a query; returns whether it replaced one. Writes the file.
    bool save(const std::string& name, const std::string& query);
    // Forgets a query and what it has shown; false when there was none of that name.
    bool forget(const std::string& name);

    // The papers (arXiv ids) a saved query has shown.
    const std::set<std::string>& seen(const std::string& name) const;
    // Notes papers as shown and writes the state file.
    void mark_seen(const std::string& name, const std::vector<std::string>& ids);

    const std::filesystem::path& config_file() const { return config_file_; }
    const std::filesystem::path& state_file() const { return state_file_; }

  private:
    void write_config() const;
    void write_state() const;
    std::filesystem::path config_file_, state_file_;
    std::vector<SavedQuery> queries_;
    std::vector<std::string> config_lines_;  // the file as read: comments and order are kept
    std::map<std::string, std::set<std::string>> seen_;
};

}  // namespace digest
