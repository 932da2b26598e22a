// SPDX-License-Identifier: GPL-2.0
/*
 * mzsh-copy - moves a kmap out of the guest at the speed of the 9p share.
 *
 *   mzsh-copy SRC DST            copy SRC (kmap) to DST (a new file on the share)
 *   mzsh-copy -s SRC DST SUMFILE [CHECKS]
 *                                stream SRC (kmap_stream) into DST (a new file)
 *                                until SIGTERM or SRC's end; after each write,
 *                                "at BYTES HASH" (the count and hash of DST so
 *                                far) is appended to CHECKS, so that when the
 *                                guest dies mid-stream the host can still verify
 *                                what reached it, up to the last such line
 *
 * One process, one pass: each block is read, hashed and written by the same
 * process.  Writes are large (up to BLOCK bytes): 9p costs a round trip per
 * write, and BusyBox cat's small writes ran at a fraction of the share's speed.
 * The hash is XXH32 (seed 0) of every byte read, so the host can check that what
 * it holds equals what the guest read.  Output on stdout, one line each:
 *   size N          SRC's size when the file system knows it (debugfs does not)
 *   done BYTES HASH at the end (copy mode; in stream mode written to SUMFILE)
 * Errors go to stderr as one line and exit non-zero.  DST and SUMFILE are
 * created with O_EXCL, so nothing is ever overwritten.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define BLOCK (4u << 20)
#define P1 0x9E3779B1u
#define P2 0x85EBCA77u
#define P3 0xC2B2AE3Du
#define P4 0x27D4EB2Fu
#define P5 0x165667B1u

/* XXH32, streaming (the algorithm of the public xxHash specification) */
struct xxh32 {
	uint32_t v[4];
	uint64_t total;
	unsigned char mem[16];
	unsigned int memlen;
};

static inline uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static inline uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint32_t xround(uint32_t acc, uint32_t in) { return rotl(acc + in * P2, 13) * P1; }

static void xxh_init(struct xxh32 *h)
{
	memset(h, 0, sizeof(*h));
	h->v[0] = P1 + P2;
	h->v[1] = P2;
	h->v[2] = 0;
	h->v[3] = 0u - P1;
}

static void stripe(struct xxh32 *h, const unsigned char *p)
{
	h->v[0] = xround(h->v[0], rd32(p));
	h->v[1] = xround(h->v[1], rd32(p + 4));
	h->v[2] = xround(h->v[2], rd32(p + 8));
	h->v[3] = xround(h->v[3], rd32(p + 12));
}

static void xxh_update(struct xxh32 *h, const unsigned char *p, size_t n)
{
	h->total += n;
	if (h->memlen) {
		while (n && h->memlen < 16) {
			h->mem[h->memlen++] = *p++;
			n--;
		}
		if (h->memlen < 16)
			return;
		stripe(h, h->mem);
		h->memlen = 0;
	}
	for (; n >= 16; p += 16, n -= 16)
		stripe(h, p);
	memcpy(h->mem, p, n);
	h->memlen = n;
}

static uint32_t xxh_final(const struct xxh32 *h)
{
	uint32_t r = h->total >= 16
		? rotl(h->v[0], 1) + rotl(h->v[1], 7) + rotl(h->v[2], 12) + rotl(h->v[3], 18)
		: P5;
	const unsigned char *p = h->mem;
	unsigned int n = h->memlen;

	r += (uint32_t)h->total;
	for (; n >= 4; p += 4, n -= 4)
		r = rotl(r + rd32(p) * P3, 17) * P4;
	for (; n; p++, n--)
		r = rotl(r + *p * P5, 11) * P1;
	r ^= r >> 15;
	r *= P2;
	r ^= r >> 13;
	r *= P3;
	r ^= r >> 16;
	return r;
}

static volatile sig_atomic_t stop, tick;

static void on_stop(int sig) { (void)sig; stop = 1; }
static void on_tick(int sig) { (void)sig; tick = 1; }

static void die(const char *what, const char *name)
{
	fprintf(stderr, "mzsh-copy: %s %s: %s\n", what, name, strerror(errno));
	exit(1);
}

static void write_all(int fd, const unsigned char *p, size_t n, const char *name)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("cannot write", name);
		}
		p += w;
		n -= w;
	}
}

int main(int argc, char **argv)
{
	int streaming = (argc == 5 || argc == 6) && !strcmp(argv[1], "-s");
	const char *src, *dst, *sumfile = NULL, *checkfile = NULL;
	int checks = -1;
	struct xxh32 h;
	unsigned char *buf;
	size_t fill = 0;
	struct stat st;
	int in, out;

	if (!streaming && argc != 3) {
		fprintf(stderr, "usage: mzsh-copy SRC DST | mzsh-copy -s SRC DST SUMFILE [CHECKS]\n");
		return 2;
	}
	src = argv[streaming ? 2 : 1];
	dst = argv[streaming ? 3 : 2];
	if (streaming)
		sumfile = argv[4];
	if (argc == 6)
		checkfile = argv[5];
	buf = malloc(BLOCK);
	if (!buf) {
		fprintf(stderr, "mzsh-copy: out of memory\n");
		return 1;
	}
	if (streaming) {
		/* SIGTERM ends the stream; a half-second tick interrupts a
		 * blocked read so what arrived reaches the host */
		struct sigaction sa = { .sa_handler = on_stop };
		struct itimerval it = { { 0, 500000 }, { 0, 500000 } };

		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sa.sa_handler = on_tick;
		sigaction(SIGALRM, &sa, NULL);
		setitimer(ITIMER_REAL, &it, NULL);
	}
	in = open(src, O_RDONLY);
	if (in < 0)
		die("cannot open", src);
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (out < 0)
		die("cannot create", dst);
	if (checkfile) {
		checks = open(checkfile, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0644);
		if (checks < 0)
			die("cannot create", checkfile);
	}
	if (!fstat(in, &st) && S_ISREG(st.st_mode) && st.st_size > 0) {
		printf("size %lld\n", (long long)st.st_size);
		fflush(stdout);
	}
	xxh_init(&h);
	for (;;) {
		ssize_t n = stop ? 0 : read(in, buf + fill, BLOCK - fill);

		if (n < 0 && errno != EINTR)
			die("cannot read", src);
		if (n > 0) {
			xxh_update(&h, buf + fill, n);
			fill += n;
		}
		/* full blocks only, except when the stream pauses or ends */
		if (fill == BLOCK || n == 0 || (streaming && (tick || stop))) {
			write_all(out, buf, fill, dst);
			/* everything read is written now: its count and hash check DST's prefix */
			if (checks >= 0 && fill > 0)
				dprintf(checks, "at %llu %08x\n", (unsigned long long)h.total, xxh_final(&h));
			fill = 0;
			tick = 0;
		}
		if (n == 0)
			break;
	}
	if (close(out))
		die("cannot close", dst);
	if (streaming) {
		FILE *f = fopen(sumfile, "wx");

		if (!f)
			die("cannot create", sumfile);
		fprintf(f, "done %llu %08x\n", (unsigned long long)h.total, xxh_final(&h));
		if (fclose(f))
			die("cannot close", sumfile);
	} else {
		printf("done %llu %08x\n", (unsigned long long)h.total, xxh_final(&h));
	}
	return 0;
}
