/*
 * pagescope-workload: run inside the test guest by dumps/guest/init to put
 * the kernel into a known memory state and capture the kernel's own view
 * of it. See dumps/README.md.
 *
 *   pagescope-workload [-c CGROUP] [-o PFN_FILE] COMMAND ARGS...
 *
 * -c runs the command inside cgroup v2 directory CGROUP (its memory is
 * charged there; recorded kinds get a "memcg-" prefix); -o appends
 * "KIND PFN" lines to PFN_FILE.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

/*
 * Commands that make state spread it over all nodes; the capture stays on
 * one CPU and node so its warm-up pass and its real pass use the same
 * per-cpu lists.
 */
enum placement { SPREAD, ONE_CPU };

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	enum placement placement;
	const char *help;
} commands[] = {
	{ "anon", cmd_anon, SPREAD, "EXCLUSIVE_MIB SHARED_MIB" },
	{ "thp", cmd_thp, SPREAD, "FULL PARTIAL" },
	{ "mthp", cmd_mthp, SPREAD, "KB FULL PARTIAL" },
	{ "frag", cmd_frag, SPREAD, "GROUPS ANON_KB PIPES TABLES" },
	{ "hwpoison", cmd_hwpoison, SPREAD, "COUNT SOFT_COUNT PFN_LIST" },
	{ "pagecache", cmd_pagecache, SPREAD, "FILE READ_MIB MAP_MIB" },
	{ "shmem", cmd_shmem, SPREAD, "FILE MIB" },
	{ "fs-read", cmd_fs_read, SPREAD, "DIR [MAX_ENTRIES]" },
	{ "fs-stat", cmd_fs_stat, SPREAD, "DIR [MAX_ENTRIES]" },
	{ "capture", cmd_capture, ONE_CPU, "DEVICE SRCDIR [NAME=PATH...]" },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void usage(void)
{
	fprintf(stderr, "usage: pagescope-workload [-c CGROUP] [-o PFN_FILE] COMMAND ARGS\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  %s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int opt;

	while ((opt = getopt(argc, argv, "+c:o:")) != -1) {
		switch (opt) {
		case 'c':
			cgroup_enter(optarg);
			record_set_prefix("memcg-");
			break;
		case 'o':
			record_open(optarg);
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "pagescope-workload: unknown command %s\n", argv[optind]);
		usage();
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (cmd->placement == SPREAD)
		interleave_all_nodes();
	else
		run_on_cpu0();
	return cmd->run(argc - optind, argv + optind) ? 1 : 0;
}
