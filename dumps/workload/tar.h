/* A ustar archive written into a caller's buffer, nothing allocated. */
#ifndef PAGESCOPE_WORKLOAD_TAR_H
#define PAGESCOPE_WORKLOAD_TAR_H

#include <stddef.h>

enum { TAR_BLOCK = 512 };

struct tar {
	char *buf;
	size_t len, cap;
	char *member;	/* header of the member being written, or NULL */
};

void tar_init(struct tar *t, char *buf, size_t cap);
/* Start member @name; its data goes to tar_data(), tar_room() bytes fit. */
void tar_begin(struct tar *t, const char *name);
char *tar_data(struct tar *t);
size_t tar_room(const struct tar *t);
/* End the member with @size bytes of data written at tar_data(). */
void tar_end(struct tar *t, size_t size);
/* Write the end-of-archive blocks; the archive is t->len bytes. */
void tar_finish(struct tar *t);

#endif
