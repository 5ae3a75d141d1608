/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The head argument of `pagescope list`, as crash users write it: ADDR,
 * SYM, SYM.MEMBER[.MEMBER], SYM+OFF, (struct T *)ADDR.MEMBER. Where the
 * type information can tell, the head must be a struct list_head.
 */
#ifndef PS_CMD_LIST_HEAD_H
#define PS_CMD_LIST_HEAD_H

#include <stdint.h>

#include "base/error.h"

struct ps_target;

/*
 * The address of the list_head @p arg names. A head that is something
 * else is a usage error naming what it is and its list_head members.
 */
struct ps_error *ps_list_head_resolve(struct ps_target *t, const char *arg,
				      uint64_t *ret);

#endif
