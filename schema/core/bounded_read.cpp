#include "core/bounded_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "core/interrupt.hpp"

namespace digest {

ReadStatus read_bounded(int fd, std::size_t limit, std::string& out) {
    out.clear();
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                if (stop_requested()) return ReadStatus::Stopped;
                continue;
            }
            return ReadStatus::Failed;
        }
        if (n == 0) return ReadStatus::Ok;
        if (out.size() + static_cast<std::size_t>(n) > limit) {
            out.append(buf, limit - out.size());
            return ReadStatus::TooLarge;
        }
        out.append(buf, static_cast<std::size_t>(n));
        if (stop_requested()) return ReadStatus::Stopped;
    }
}

ReadStatus read_file_bounded(const std::filesystem::path& path, std::size_t limit,
                             std::string& out) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return ReadStatus::Failed;
    if (!S_ISREG(st.st_mode)) return ReadStatus::NotRegular;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return ReadStatus::Failed;
    // A file already over the limit is refused without reading (and holding) the first part;
    // one that grows while it is read is still stopped by read_bounded.
    struct stat opened {};
    if (::fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode) &&
        static_cast<std::uintmax_t>(opened.st_size) > limit) {
        ::close(fd);
        out.clear();
        return ReadStatus::TooLarge;
    }
    const ReadStatus status = read_bounded(fd, limit, out);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return status;
}

std::string file_kind(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "missing";
    if (S_ISDIR(st.st_mode)) return "a folder";
    if (S_ISFIFO(st.st_mode)) return "a FIFO";
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device";
    if (S_ISSOCK(st.st_mode)) return "a socket";
    return "not a regular file";
}

std::string size_text(std::size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace digest
