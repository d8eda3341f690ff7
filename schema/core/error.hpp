// The one error type of the project: a message, a hint for the user and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace digest {

// Exit codes shared by both binaries (README, "Exit codes").
enum ExitCode : int {
    kExitOk = 0,
    kExitNoMatch = 1,       // digest-query: nothing matched (as grep; every error is 2)
    kExitInputErrors = 1,   // digest-index: some inputs were skipped with errors
    kExitUsage = 2,         // bad arguments or query syntax
    kExitDatabase = 3,      // database missing, locked, of another schema, or damaged
    kExitStrict = 4,        // --strict: an input had warnings; nothing was written
    kExitNetwork = 5,       // digest-index: a download or an arXiv request failed
    kExitInterrupted = 130  // SIGINT/SIGTERM
};

class Error : public std::runtime_error {
  public:
    Error(std::string message, std::string hint = {}, int exit_code = kExitDatabase)
        : std::runtime_error(std::move(message)), hint_(std::move(hint)), exit_code_(exit_code) {}
    const std::string& hint() const { return hint_; }
    int exit_code() const { return exit_code_; }

  private:
    std::string hint_;
    int exit_code_;
};

}  // namespace digest
