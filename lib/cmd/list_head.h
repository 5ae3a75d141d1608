/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The head argument of `pagescope list`, as crash users write it: ADDR,
 * SYM, SYM.MEMBER[.MEMBER], SYM+OFF, (struct T *)ADDR.MEMBER. Where the
 * type information can tell, the head must be a struct list_head or a
 * struct hlist_head.
 */
#ifndef PS_CMD_LIST_HEAD_H
#define PS_CMD_LIST_HEAD_H

#include <stdint.h>

#include "base/error.h"

struct ps_target;

enum ps_head_kind {
	PS_HEAD_LIST,		/* struct list_head */
	PS_HEAD_HLIST,		/* struct hlist_head */
};

/*
 * The address of the list head @p arg names, and in *@p kind_ret whether
 * it is a list_head or an hlist_head (a list_head when the type
 * information cannot say). A head that is something else is a usage
 * error naming what it is and its list head members.
 */
struct ps_error *ps_list_head_resolve(struct ps_target *t, const char *arg,
				      uint64_t *ret, enum ps_head_kind *kind_ret);

/*
 * offsetof(@p type, @p member) for --type/--member: "page" means "struct
 * page"; the member may end in an index, [N] or [ENUMERATOR].
 */
struct ps_error *ps_list_member_offset(struct ps_target *t, const char *type,
				       const char *member, uint64_t *ret);

#endif
