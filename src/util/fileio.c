/* fileio.c — see fileio.h. */
#include "util/fileio.h"
#include "util/buf.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_fd(int fd, const char *path, size_t max, struct buf *b,
		   struct tc_err *err)
{
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return tc_err_set(err, TC_EIO, "%s: cannot read: %s", path, strerror(errno));
		}
		if (n == 0)
			return 0;
		if (buf_len(b) + (size_t)n > max)
			return tc_err_set(err, TC_EINPUT, "%s: file larger than %zu bytes", path, max);
		if (buf_append(b, chunk, (size_t)n) != 0)
			return tc_err_set(err, TC_ENOMEM, "%s: out of memory", path);
	}
}

char *tc_read_file(const char *path, size_t max, size_t *len, struct tc_err *err)
{
	int fd = 0;
	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			tc_err_set(err, errno == ENOENT ? TC_ENOTFOUND : TC_EIO,
				   "%s: cannot open: %s", path, strerror(errno));
			return NULL;
		}
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			tc_err_set(err, TC_EINPUT, "%s: is a directory, not a file", path);
			return NULL;
		}
	}
	struct buf b;
	buf_init(&b, max + 1);
	int rc = read_fd(fd, path, max, &b, err);
	if (fd != 0)
		close(fd);
	if (rc == 0 && buf_putc(&b, '\0') == 0) {
		size_t n;
		char *p = buf_detach(&b, &n);
		if (p != NULL) {
			*len = n - 1;
			return p;
		}
	}
	if (rc == 0)
		tc_err_set(err, TC_ENOMEM, "%s: out of memory", path);
	buf_free(&b);
	return NULL;
}

int tc_write_file_atomic(const char *path, const void *data, size_t len,
			 struct tc_err *err)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp)
		return tc_err_set(err, TC_EINPUT, "%s: path too long", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return tc_err_set(err, TC_EIO, "%s: cannot create: %s", tmp, strerror(errno));
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			unlink(tmp);
			return tc_err_set(err, TC_EIO, "%s: cannot write: %s", path, strerror(e));
		}
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return tc_err_set(err, TC_EIO, "%s: cannot write: %s", path, strerror(e));
	}
	return 0;
}
