// What the commands of digest-index share: printing diagnostics and errors, elapsed times,
// and turning the project's exceptions into exit codes.
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "digest/diagnostic.hpp"
#include "store/database.hpp"
#include "text/wording.hpp"
#include "writing/paper_writer.hpp"

namespace digest {

void print_diagnostics(const Diagnostics& ds);
void print_error(const Error& e);

// 3.2 s, 36 s
std::string seconds_text(double seconds);
double seconds_since(std::chrono::steady_clock::time_point start);

// Runs `body` (returning an exit code); digest::Error, Xapian errors and an interruption
// become their message on standard error and their documented exit code.
template <typename Body>
int guarded(const std::filesystem::path& db, const char* interrupted_message, Body&& body) {
    try {
        return body();
    } catch (const Interrupted& e) {
        std::cerr << "interrupted: " << (*e.what() ? e.what() : interrupted_message) << "\n";
        return kExitInterrupted;
    } catch (const Error& e) {
        print_error(e);
        return e.exit_code();
    } catch (const Xapian::Error& e) {
        try {
            rethrow_xapian(e, db);
        } catch (const Error& err) {
            print_error(err);
            return err.exit_code();
        }
    }
}

}  // namespace digest
