#!/bin/busybox sh
# The viewer on the live kernel, driven through tmux: live-viewer OUTDIR.
# Runs in the live guest (dumps/live/init) while the churn runs. Keys go
# in with send-keys, screens come out with capture-pane into OUTDIR as
# NNN-STEP.txt, each with NNN-STEP.meta: the guest's uptime and the pane's
# state (dead, exit status, alternate screen, cursor and keypad modes).
# Every wait is bounded; tests/live/test_viewer.py judges the captures.
. /etc/pagescope-live-profile
D=$1
T="tmux -L live -f /etc/pagescope-live-tmux.conf"
N=0
mkdir -p "$D"

log() {
	echo "$(cut -d' ' -f1 /proc/uptime) $*" >>"$D/session.txt"
	echo "live-viewer: $*"
}

screen() {
	$T capture-pane -p -t v
}

pane() {	# the pane's state, as tmux knows it
	$T display-message -p -t v \
		'dead=#{pane_dead} status=#{pane_dead_status} alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag} keypad_cursor=#{keypad_cursor_flag} mouse=#{mouse_any_flag}'
}

capture() {	# capture STEP: the screen now, numbered in order
	N=$((N + 1))
	f=$(printf '%s/%03d-%s' "$D" $N "$1")
	screen >"$f.txt"
	{ echo "uptime $(cut -d' ' -f1 /proc/uptime)"; pane; } >"$f.meta"
}

# The map's top right corner: "HH:MM:SS: N pageblocks changed".
indicator() {
	screen | grep -o '[0-9][0-9]:[0-9][0-9]:[0-9][0-9]: [^|]*changed' | head -1
}

wait_for() {	# wait_for TEXT SECONDS: until TEXT is on the screen
	end=$(($(cut -d. -f1 /proc/uptime) + $2))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		# A screen whose walk is still under way is not the one asked for.
		screen | grep -qF -- "$1" &&
			! screen | grep -qE 'scanning memory\.\.\.|walking memory\.\.\.|finding owners' &&
			return 0
		sleep 0.2
	done
	log "timeout: no '$1' after $2 s"
	return 1
}

keys() {
	log "keys $*"
	$T send-keys -t v "$@"
}

# Capture every half second until the indicator has shown COUNT different
# values or SECONDS passed: capture_updates STEP COUNT SECONDS
capture_updates() {
	seen=""
	n=0
	end=$(($(cut -d. -f1 /proc/uptime) + $3))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ] && [ $n -lt $2 ]; do
		now=$(indicator)
		if [ -n "$now" ] && [ "$now" != "$seen" ]; then
			seen=$now
			n=$((n + 1))
			capture "$1"
			log "indicator: $now"
		fi
		sleep 0.5
	done
	[ $n -ge $2 ]
}

# next_update SECONDS: until the indicator changes (a refresh ended);
# LAST is the indicator last seen, the one the next capture starts from.
next_update() {
	was=$(indicator)
	end=$(($(cut -d. -f1 /proc/uptime) + $1))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		LAST=$(indicator)
		[ "$LAST" != "$was" ] && return 0
		sleep 0.2
	done
	log "timeout: no refresh in $1 s"
	return 1
}

# sod HH:MM:SS: the second of the day.
sod() {
	echo "$1" | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'
}

# Capture each indicator after LAST until one whose refresh began after
# SINCE (HH:MM:SS, past midnight too): capture_until_after STEP SINCE SECONDS
capture_until_after() {
	since=$(sod "$2")
	end=$(($(cut -d. -f1 /proc/uptime) + $3))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		now=$(indicator)
		if [ -n "$now" ] && [ "$now" != "$LAST" ]; then
			LAST=$now
			capture "$1"
			log "indicator: $now"
			later=$((($(sod "${now%%: *}") - since + 86400) % 86400))
			[ $later -gt 0 ] && [ $later -lt 43200 ] && return 0
		fi
		sleep 0.5
	done
	log "timeout: no refresh began after $2 in $3 s"
	return 1
}

# Capture every second for SECONDS: capture_for STEP SECONDS
capture_for() {
	end=$(($(cut -d. -f1 /proc/uptime) + $2))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		capture "$1"
		sleep 1
	done
}

# wait_dead SECONDS: until the pane's terminal is closed (pane_dead). Its
# exit status may never come: in this guest tmux 3.3a sometimes leaves the
# exited shell a zombie (pane_dead_status stays empty; seen without
# pagescope too), so the status to judge is the shell's EXIT= line.
wait_dead() {
	end=$(($(cut -d. -f1 /proc/uptime) + $1))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		pane | grep -q '^dead=1' && sleep 1 && return 0
		sleep 0.2
	done
	log "timeout: the pane is still alive after $1 s"
	return 1
}

# The session; a step that times out ends it, and the viewer is told to quit.
session() {
	wait_for "legend:" "$VIEWER_WAIT_S" || return 1
	capture map
	log "live updates"
	capture_updates live "$VIEWER_UPDATES" "$VIEWER_WAIT_S" || return 1
	log "pause"
	keys p
	wait_for "[paused]" "$VIEWER_WAIT_S" || return 1
	capture paused
	capture_for paused "$VIEWER_PAUSE_S"
	log "resume"
	keys p
	wait_for "[live]" "$VIEWER_WAIT_S" || return 1
	capture resumed
	capture_updates resumed 2 "$VIEWER_WAIT_S" || return 1
	log "free mode"
	keys m
	wait_for "Map: how much of each pageblock" "$VIEWER_WAIT_S" || return 1
	capture free-mode
	# The churn's rings reuse the pages they free, so the free map may not
	# move between two reads; a file in the rootfs takes whole pageblocks
	# from the buddy allocator, and removing it gives them back. Each is
	# done just after a refresh ended, and watched until a refresh that
	# began after it: every pageblock it changed is counted on the way.
	next_update "$VIEWER_WAIT_S" || return 1
	dd if=/dev/zero of=/tmp/viewer-hog bs=1M count="$VIEWER_HOG_MIB" 2>/dev/null ||
		{ log "hog: dd failed"; return 1; }
	log "hog: $VIEWER_HOG_MIB MiB file written"
	capture_until_after free-hog "$(date +%T)" "$VIEWER_WAIT_S" || return 1
	rm /tmp/viewer-hog || { log "hog: rm failed"; return 1; }
	log "hog: file removed"
	capture_until_after free-unhog "$(date +%T)" "$VIEWER_WAIT_S" || return 1
	keys M	# back to migratetypes
	log "lists"
	keys 3
	wait_for "Buddy free lists" "$VIEWER_WAIT_S" || return 1
	capture_for lists "$VIEWER_LISTS_S"
	keys 4
	wait_for "Check:" "$VIEWER_WAIT_S" || return 1
	capture check
	keys 2
	wait_for "Gigablocks:" "$VIEWER_WAIT_S" || return 1
	capture gigablocks
	keys 1
	wait_for "legend:" "$VIEWER_WAIT_S" || return 1
	capture map-again
}

log "start"
# A shell around the viewer prints its exit status and waits for Enter on
# the terminal the viewer gave back, so the pane's modes are the viewer's
# own (tmux redraws a dead pane for its "Pane is dead" line); then it
# exits with the viewer's status.
$T new-session -d -x "$VIEWER_COLS" -y "$VIEWER_ROWS" -s v \
	"taskset 1 /usr/bin/pagescope -i $VIEWER_INTERVAL /proc/kcore; s=\$?; echo EXIT=\$s; read x; exit \$s" ||
	exit 1
capture boot
session || { capture failed; log "session failed"; }
log "quit"
keys q
wait_for "EXIT=" "$VIEWER_WAIT_S"
capture quit
keys Enter
wait_dead "$VIEWER_WAIT_S"
capture dead
log "end"
$T kill-server
