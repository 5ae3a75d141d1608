// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unpacking a bzImage (Documentation/arch/x86/boot.rst): the real-mode
 * header says where the compressed kernel is (setup_sects,
 * payload_offset, payload_length), and the build appends the size of
 * the uncompressed ELF to it (scripts/Makefile.lib size_append).
 */
#include <fcntl.h>
#include <lz4.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "base/cleanup.h"
#include "dump/bzimage.h"

/* Offsets of the boot protocol's setup header fields. */
enum {
	PS_BZ_SETUP_SECTS = 0x1f1,
	PS_BZ_MAGIC = 0x202,		/* "HdrS" */
	PS_BZ_VERSION = 0x206,
	PS_BZ_PAYLOAD_OFFSET = 0x248,	/* protocol 2.08+ */
	PS_BZ_PAYLOAD_LENGTH = 0x24c,
	PS_BZ_HEADER_END = 0x250,
};

/* A kernel image is tens of MiB; refuse what no kernel is. */
static const size_t ps_bz_max_image = 512u << 20;
static const size_t ps_bz_max_elf = 1u << 30;
/* LZ4 legacy frames: a magic, then blocks of at most 8 MiB of output. */
static const uint32_t ps_lz4_legacy_magic = 0x184c2102;
static const size_t ps_lz4_legacy_block = 8u << 20;

static uint32_t ps_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool ps_bzimage_is(const void *head, size_t len)
{
	return len >= PS_BZ_MAGIC + 4 &&
	       !memcmp((const char *)head + PS_BZ_MAGIC, "HdrS", 4);
}

bool ps_bzimage_file_is(const char *path)
{
	unsigned char head[PS_BZ_MAGIC + 4];
	/* Never wait on a FIFO without a writer: only a regular file is read. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	bool is;

	if (fd < 0)
		return false;
	is = !fstat(fd, &st) && S_ISREG(st.st_mode) &&
	     read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	     ps_bzimage_is(head, sizeof(head));
	close(fd);
	return is;
}

/* [*start_ret, + *len_ret) of @image: the compressed kernel. */
static struct ps_error *ps_bz_payload(const unsigned char *image, size_t len,
				      const char *name, size_t *start_ret,
				      size_t *len_ret)
{
	unsigned setup_sects;
	uint64_t start, plen;

	if (len < PS_BZ_HEADER_END || !ps_bzimage_is(image, len))
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not an x86 kernel image (no \"HdrS\" boot header)",
				       name);
	if ((image[PS_BZ_VERSION] | image[PS_BZ_VERSION + 1] << 8) < 0x208)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%s: boot protocol before 2.08 does not say where the kernel is",
				       name);
	/* 0 meant 4 in the oldest boot loaders' world. */
	setup_sects = image[PS_BZ_SETUP_SECTS] ? image[PS_BZ_SETUP_SECTS] : 4;
	start = (uint64_t)(setup_sects + 1) * 512 +
		ps_le32(image + PS_BZ_PAYLOAD_OFFSET);
	plen = ps_le32(image + PS_BZ_PAYLOAD_LENGTH);
	if (plen < 8 || start > len || plen > len - start)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: its payload (%llu bytes at %#llx) lies outside the %zu-byte file",
				       name, (unsigned long long)plen,
				       (unsigned long long)start, len);
	*start_ret = (size_t)start;
	*len_ret = (size_t)plen;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Decompressors                                                      */
/* ------------------------------------------------------------------ */

/* Concatenated LZ4 legacy frames, as the kernel's lz4 -l writes them. */
static struct ps_error *ps_bz_lz4(const unsigned char *in, size_t len,
				  unsigned char *out, size_t out_len,
				  const char *name)
{
	size_t pos = 0, done = 0;

	while (pos + 4 <= len) {
		uint32_t block = ps_le32(in + pos);
		int n;

		pos += 4;
		if (block == ps_lz4_legacy_magic)
			continue;
		if (block > len - pos || block > (uint32_t)LZ4_compressBound((int)ps_lz4_legacy_block))
			return ps_error_create(PS_ERR_BAD_INPUT,
					       "%s: LZ4 block of %u bytes at payload offset %zu runs past the payload",
					       name, block, pos - 4);
		n = LZ4_decompress_safe((const char *)in + pos, (char *)out + done,
					(int)block,
					(int)(out_len - done < ps_lz4_legacy_block
						      ? out_len - done
						      : ps_lz4_legacy_block));
		if (n < 0)
			return ps_error_create(PS_ERR_BAD_INPUT,
					       "%s: LZ4 block at payload offset %zu does not decompress",
					       name, pos - 4);
		done += (size_t)n;
		pos += block;
	}
	if (done != out_len)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: the payload decompresses to %zu bytes, its trailer says %zu",
				       name, done, out_len);
	return NULL;
}

static struct ps_error *ps_bz_gzip(const unsigned char *in, size_t len,
				   unsigned char *out, size_t out_len,
				   const char *name)
{
	z_stream z = { .next_in = (unsigned char *)in, .avail_in = (uInt)len,
		       .next_out = out, .avail_out = (uInt)out_len };
	int rc;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return ps_error_nomem();
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.total_out != out_len)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: the gzip payload does not decompress to the %zu bytes its trailer says",
				       name, out_len);
	return NULL;
}

static struct ps_error *ps_bz_zstd(const unsigned char *in, size_t len,
				   unsigned char *out, size_t out_len,
				   const char *name)
{
	size_t n = ZSTD_decompress(out, out_len, in, len);

	if (ZSTD_isError(n) || n != out_len)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: the zstd payload does not decompress to the %zu bytes its trailer says",
				       name, out_len);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Extracting                                                         */
/* ------------------------------------------------------------------ */

struct ps_error *ps_bzimage_extract_memory(const void *image, size_t len,
					   const char *name, void **elf_ret,
					   size_t *len_ret)
{
	const unsigned char *p;
	_cleanup_free_ unsigned char *out = NULL;
	size_t start = 0, plen = 0, out_len;
	struct ps_error *err = ps_bz_payload(image, len, name, &start, &plen);

	if (err)
		return err;
	p = (const unsigned char *)image + start;
	/* The build appends the uncompressed size, little-endian. */
	out_len = ps_le32(p + plen - 4);
	if (!out_len || out_len > ps_bz_max_elf)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: the payload says it holds %zu bytes: no kernel",
				       name, out_len);
	out = malloc(out_len);
	if (!out)
		return ps_error_nomem();
	if (ps_le32(p) == ps_lz4_legacy_magic)
		err = ps_bz_lz4(p, plen - 4, out, out_len, name);
	else if (p[0] == 0x1f && p[1] == 0x8b)
		err = ps_bz_gzip(p, plen - 4, out, out_len, name);
	else if (!memcmp(p, "\x28\xb5\x2f\xfd", 4))
		err = ps_bz_zstd(p, plen - 4, out, out_len, name);
	else
		err = ps_error_create(PS_ERR_UNSUPPORTED,
				      "%s: payload compressed other than LZ4, gzip or zstd (magic %02x %02x %02x %02x): unpack it (scripts/extract-vmlinux) and give -k the ELF",
				      name, p[0], p[1], p[2], p[3]);
	if (err)
		return err;
	*elf_ret = ps_steal(out);
	*len_ret = out_len;
	return NULL;
}

static struct ps_error *ps_bz_read_file(const char *path, void **ret,
					size_t *len_ret)
{
	_cleanup_free_ unsigned char *buf = NULL;
	struct stat st;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return ps_error_os("%s", path);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > ps_bz_max_image) {
		close(fd);
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a kernel image (no regular file under 512 MiB)",
				       path);
	}
	buf = malloc((size_t)st.st_size + 1);
	while (buf && done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (!buf)
		return ps_error_nomem();
	if (done != (size_t)st.st_size)
		return ps_error_os("reading %s", path);
	*ret = ps_steal(buf);
	*len_ret = done;
	return NULL;
}

struct ps_error *ps_bzimage_extract(const char *path, void **elf_ret,
				    size_t *len_ret)
{
	_cleanup_free_ void *image = NULL;
	size_t len = 0;
	struct ps_error *err = ps_bz_read_file(path, &image, &len);

	if (err)
		return err;
	return ps_bzimage_extract_memory(image, len, path, elf_ret, len_ret);
}
