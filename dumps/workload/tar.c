/* Minimal ustar writer (POSIX.1-1988 headers, regular files only). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tar.h"
#include "workload.h"

struct ustar_header {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12];
	char chksum[8], typeflag, linkname[100], magic[6], version[2];
	char uname[32], gname[32], devmajor[8], devminor[8], prefix[155];
	char pad[12];
};

_Static_assert(sizeof(struct ustar_header) == TAR_BLOCK, "ustar header size");

static size_t round_block(size_t n)
{
	return (n + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
}

static void need(const struct tar *t, size_t n)
{
	if (t->len + n > t->cap)
		die("truth archive overflows its %zu byte buffer", t->cap);
}

void tar_init(struct tar *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	t->member = NULL;
}

void tar_begin(struct tar *t, const char *name)
{
	if (strlen(name) >= sizeof(((struct ustar_header *)0)->name))
		die("truth file name too long: %s", name);
	need(t, TAR_BLOCK);
	t->member = t->buf + t->len;
	memset(t->member, 0, TAR_BLOCK);
	strcpy(((struct ustar_header *)t->member)->name, name);
	t->len += TAR_BLOCK;
}

char *tar_data(struct tar *t)
{
	return t->buf + t->len;
}

size_t tar_room(const struct tar *t)
{
	return t->cap - t->len - 2 * TAR_BLOCK;
}

static void fill_header(struct ustar_header *h, size_t size)
{
	unsigned int sum = 0;

	snprintf(h->mode, sizeof(h->mode), "%07o", 0644);
	snprintf(h->uid, sizeof(h->uid), "%07o", 0);
	snprintf(h->gid, sizeof(h->gid), "%07o", 0);
	snprintf(h->size, sizeof(h->size), "%011zo", size);
	snprintf(h->mtime, sizeof(h->mtime), "%011llo", (unsigned long long)time(NULL));
	h->typeflag = '0';
	memcpy(h->magic, "ustar", 6);
	memcpy(h->version, "00", 2);
	memset(h->chksum, ' ', sizeof(h->chksum));
	for (size_t i = 0; i < TAR_BLOCK; i++)
		sum += ((unsigned char *)h)[i];
	snprintf(h->chksum, sizeof(h->chksum), "%06o", sum);
}

void tar_end(struct tar *t, size_t size)
{
	size_t padded = round_block(size);

	need(t, padded);
	fill_header((struct ustar_header *)t->member, size);
	memset(t->buf + t->len + size, 0, padded - size);
	t->len += padded;
	t->member = NULL;
}

void tar_finish(struct tar *t)
{
	need(t, 2 * TAR_BLOCK);
	memset(t->buf + t->len, 0, 2 * TAR_BLOCK);
	t->len += 2 * TAR_BLOCK;
}
