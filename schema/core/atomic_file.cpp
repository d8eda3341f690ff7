#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace digest {

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           int exit_code) {
    const std::filesystem::path dir =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string tmp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
    auto fail = [&](const std::string& what) {
        const int e = errno;
        return Error(path.string() + ": " + what + ": " + std::strerror(e), {}, exit_code);
    };
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) throw fail("cannot create a file in " + dir.string());
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            Error e = fail("cannot write");
            ::close(fd);
            ::unlink(tmp.c_str());
            throw e;
        }
        done += static_cast<std::size_t>(n);
    }
    // Readable as an ordinary new file would be (mkstemp makes it private).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    bool written = ::fsync(fd) == 0;
    written = ::close(fd) == 0 && written;
    if (!written) {
        Error e = fail("cannot write");
        ::unlink(tmp.c_str());
        throw e;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        Error e = fail("cannot replace");
        ::unlink(tmp.c_str());
        throw e;
    }
}

}  // namespace digest
