#include "search/saved_queries.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "language/query_builder.hpp"
#include "text/escape.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

std::filesystem::path xdg_dir(const char* variable, const char* fallback) {
    const char* v = std::getenv(variable);
    if (v && *v == '/') return std::filesystem::path(v) / "digest-search";
    const char* home = std::getenv("HOME");
    if (!home || !*home)
        throw Error(std::string("neither $") + variable + " nor $HOME is set",
                    "set HOME, or " + std::string(variable) + " to a folder", kExitUsage);
    return std::filesystem::path(home) / fallback / "digest-search";
}

std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

Error file_error(const std::filesystem::path& file, std::size_t line, const std::string& what,
                 const std::string& hint = {}) {
    return Error(file.string() + (line ? ":" + std::to_string(line) : std::string()) + ": " + what,
                 hint, kExitUsage);
}

void make_parent(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        throw Error(file.parent_path().string() + ": cannot create the folder: " + ec.message(), {},
                    kExitUsage);
}

}  // namespace

bool valid_saved_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    return true;
}

std::filesystem::path SavedQueries::default_config_file() {
    return xdg_dir("XDG_CONFIG_HOME", ".config") / "queries";
}

std::filesystem::path SavedQueries::default_state_file() {
    return xdg_dir("XDG_STATE_HOME", ".local/state") / "seen.json";
}

SavedQueries::SavedQueries(std::filesystem::path config_file, std::filesystem::path state_file)
    : config_file_(std::move(config_file)), state_file_(std::move(state_file)) {
    std::ifstream in(config_file_, std::ios::binary);
    if (in) {
        std::string line;
        std::size_t number = 0;
        const std::string hint = "each line is NAME = QUERY (or a # comment); edit " +
                                 config_file_.string() + " or use digest-query save/forget";
        while (std::getline(in, line)) {
            ++number;
            config_lines_.push_back(line);
            if (find_invalid_utf8(line) != std::string::npos)
                throw file_error(config_file_, number, "invalid UTF-8", hint);
            const std::string text = trimmed(line);
            if (text.empty() || text.front() == '#') continue;
            const auto eq = text.find('=');
            if (eq == std::string::npos)
                throw file_error(config_file_, number, "expected NAME = QUERY", hint);
            SavedQuery q{trimmed(text.substr(0, eq)), trimmed(text.substr(eq + 1))};
            if (!valid_saved_name(q.name))
                throw file_error(config_file_, number,
                                 "`" + q.name + "` is not a name (letters, digits, - and _)", hint);
            if (find(q.name))
                throw file_error(config_file_, number, "a second query named " + q.name, hint);
            if (q.query.empty())
                throw file_error(config_file_, number, q.name + " has no query", hint);
            try {
                read_query(q.query);
            } catch (const Error& e) {
                throw file_error(config_file_, number, q.name + ": " + e.what(), hint);
            }
            queries_.push_back(std::move(q));
        }
        if (in.bad()) throw file_error(config_file_, 0, "cannot read the file");
    }
    std::ifstream state(state_file_, std::ios::binary);
    if (state) {
        const std::string hint =
            "it is written only by digest-query; remove it to forget what saved queries showed";
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(state);
        } catch (const nlohmann::json::exception& e) {
            throw Error(state_file_.string() + ": damaged: " + e.what(), hint, kExitUsage);
        }
        if (!j.is_object() || !j.contains("seen") || !j["seen"].is_object())
            throw Error(state_file_.string() + ": damaged: no \"seen\" object", hint, kExitUsage);
        for (const auto& [name, ids] : j["seen"].items()) {
            if (!ids.is_array())
                throw Error(state_file_.string() + ": damaged: seen." + name + " is not a list",
                            hint, kExitUsage);
            auto& set = seen_[name];
            for (const auto& id : ids)
                if (id.is_string()) set.insert(id.get<std::string>());
        }
    }
}

const SavedQuery* SavedQueries::find(std::string_view name) const {
    for (const auto& q : queries_)
        if (q.name == name) return &q;
    return nullptr;
}

bool SavedQueries::save(const std::string& name, const std::string& query) {
    if (!valid_saved_name(name))
        throw Error("`" + name + "` is not a name for a saved query",
                    "names are letters, digits, - and _ (at most 64)", kExitUsage);
    if (query.find_first_of("\r\n") != std::string::npos)
        throw Error("a saved query is one line", {}, kExitUsage);
    const std::string text = trimmed(query);
    if (text.empty()) throw Error("no query to save", {}, kExitUsage);
    read_query(text);  // throws for a mistake in it
    bool replaced = false;
    for (auto& q : queries_)
        if (q.name == name) {
            q.query = text;
            replaced = true;
        }
    const std::string line = name + " = " + text;
    if (replaced) {
        for (auto& l : config_lines_) {
            const std::string t = trimmed(l);
            if (!t.empty() && t.front() != '#' && trimmed(t.substr(0, t.find('='))) == name)
                l = line;
        }
    } else {
        if (config_lines_.empty())
            config_lines_.push_back(
                "# digest-search saved queries: NAME = QUERY, one a line (query:NAME in a query)");
        config_lines_.push_back(line);
        queries_.push_back({name, text});
    }
    write_config();
    return replaced;
}

bool SavedQueries::forget(const std::string& name) {
    if (!find(name)) return false;
    queries_.erase(std::remove_if(queries_.begin(), queries_.end(),
                                  [&](const SavedQuery& q) { return q.name == name; }),
                   queries_.end());
    config_lines_.erase(std::remove_if(config_lines_.begin(), config_lines_.end(),
                                       [&](const std::string& l) {
                                           const std::string t = trimmed(l);
                                           return !t.empty() && t.front() != '#' &&
                                                  trimmed(t.substr(0, t.find('='))) == name;
                                       }),
                        config_lines_.end());
    write_config();
    if (seen_.erase(name)) write_state();
    return true;
}

const std::set<std::string>& SavedQueries::seen(const std::string& name) const {
    static const std::set<std::string> none;
    auto it = seen_.find(name);
    return it == seen_.end() ? none : it->second;
}

void SavedQueries::mark_seen(const std::string& name, const std::vector<std::string>& ids) {
    auto& set = seen_[name];
    const std::size_t before = set.size();
    set.insert(ids.begin(), ids.end());
    if (set.size() != before) write_state();
}

void SavedQueries::write_config() const {
    make_parent(config_file_);
    std::string text;
    for (const auto& l : config_lines_) text += l + "\n";
    write_file_atomically(config_file_, text);
}

void SavedQueries::write_state() const {
    make_parent(state_file_);
    nlohmann::ordered_json j;
    j["format_version"] = 1;
    j["seen"] = nlohmann::ordered_json::object();
    for (const auto& [name, ids] : seen_) j["seen"][name] = ids;
    write_file_atomically(state_file_, json_text(j, 1) + "\n");
}

}  // namespace digest
