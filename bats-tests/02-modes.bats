#!/usr/bin/env bats
# memorizer_enabled: modes 0/1/2/3/<pid>, opening kmap disables, process marks.

load memorizer_helper

setup() { mz_setup; mz_reset; }
teardown() {
	[ -n "$BGPID" ] && kill "$BGPID" 2>/dev/null
	mz_teardown
}

@test "modes 0 1 2 3 read back first on the line" {
	only_modes
	for m in 1 2 3 0; do
		mz_set_mode "$m"
		run mz_mode
		assert_output "$m"
		grep -q "^$m" "$MZ/memorizer_enabled"
	done
}

@test "4.x: memorizer_enabled is a boolean (Y/N) that ignores what it cannot parse" {
	[ "$GEN" = 4.x ] || skip "4.x only (this kernel: $GEN)"
	echo 1 > "$MZ/memorizer_enabled"
	run cat "$MZ/memorizer_enabled"
	assert_output Y
	run sh -c "echo 3 > $MZ/memorizer_enabled"
	assert_success
	run cat "$MZ/memorizer_enabled"
	assert_output Y
	echo 0 > "$MZ/memorizer_enabled"
	run cat "$MZ/memorizer_enabled"
	assert_output N
}

@test "pid mode reads back the pid" {
	only_modes
	sleep 30 &
	BGPID=$!
	echo "$BGPID" > "$MZ/memorizer_enabled"
	run mz_mode
	assert_output "$BGPID"
	mz_off
	run mz_mode
	assert_output 0
}

@test "invalid modes are rejected (EINVAL, also for a pid with no task) and leave the mode alone" {
	only_modes
	mz_set_mode 1
	run sh -c "echo -1 > $MZ/memorizer_enabled"
	assert_failure
	run sh -c "echo bogus > $MZ/memorizer_enabled"
	assert_failure
	run sh -c "echo 4000000 > $MZ/memorizer_enabled"
	assert_failure
	assert_output --partial "Invalid argument"
	run mz_mode
	assert_output 1
}

@test "newest: opening kmap sets mode 0" {
	only_newest
	mz_set_mode 1
	run mz_mode
	assert_output 1
	: < "$MZ/kmap"
	run mz_mode
	assert_output 0
	mz_set_mode 3
	cat "$MZ/kmap" > /dev/null
	run mz_mode
	assert_output 0
}

@test "v26 and older: opening kmap leaves the mode alone" {
	[ "$GEN" != newest ] || skip "newest disables on open"
	mz_set_mode 1
	cat "$MZ/kmap" > /dev/null
	run mz_mode
	assert_output 1
}

@test "newest: modes 1 and 2 take every CPU but CPU0 offline, 0 and 3 bring them back" {
	only_newest
	[ "$(cat /sys/devices/system/cpu/present)" != 0 ] || skip "one CPU only"
	present=$(cat /sys/devices/system/cpu/present)
	mz_set_mode 1
	run cat /sys/devices/system/cpu/online
	assert_output 0
	mz_off
	run cat /sys/devices/system/cpu/online
	assert_output "$present"
	mz_set_mode 2
	run cat /sys/devices/system/cpu/online
	assert_output 0
	mz_set_mode 3
	run cat /sys/devices/system/cpu/online
	assert_output "$present"
	mz_off
}

@test "newest: mode 3 pins the writer to CPU0" {
	only_newest
	run sh -c "echo 3 > $MZ/memorizer_enabled; grep Cpus_allowed_list /proc/self/status"
	mz_off
	assert_output --regexp 'Cpus_allowed_list:[[:space:]]+0$'
}

@test "mode 3 from the command's own shell: objects whose command is ls" {
	only_modes
	mz_kmap "$TMPD/before"
	base=$(mz_max_index "$TMPD/before")
	sh -c "echo 3 > $MZ/memorizer_enabled; exec ls /" > /dev/null
	mz_off
	mz_kmap "$TMPD/after"
	run awk -F, -v b="$base" -v c="$CMD_FIELD" '!/^ / && $5+0 > b && $c == "ls"' "$TMPD/after"
	[ -n "$output" ] || fail "no object with command ls after the mode-3 run (new objects: $(awk -F, -v b="$base" '!/^ / && $5+0 > b' "$TMPD/after" | wc -l))"
	# only the marked shell (sh, later ls) was traced
	run awk -F, -v b="$base" -v c="$CMD_FIELD" '!/^ / && $5+0 > b && $c != "ls" && $c != "sh" { print $c }' "$TMPD/after"
	assert_output ""
}

@test "mode 3 marks are inherited by children (fork)" {
	only_modes
	mz_kmap "$TMPD/before"
	base=$(mz_max_index "$TMPD/before")
	sh -c "echo 3 > $MZ/memorizer_enabled; ls / > /dev/null; cat /proc/version > /dev/null; true"
	mz_off
	mz_kmap "$TMPD/after"
	run awk -F, -v b="$base" -v c="$CMD_FIELD" '!/^ / && $5+0 > b && $c == "ls"' "$TMPD/after"
	[ -n "$output" ] || fail "no object allocated by the child ls"
	run awk -F, -v b="$base" -v c="$CMD_FIELD" '!/^ / && $5+0 > b && $c == "cat"' "$TMPD/after"
	[ -n "$output" ] || fail "no object allocated by the child cat"
}

@test "mode 3 does not trace unmarked processes" {
	only_modes
	mz_kmap "$TMPD/before"
	base=$(mz_max_index "$TMPD/before")
	sh -c "echo 3 > $MZ/memorizer_enabled; exit 0"
	# the marked shell is gone; this unmarked cat must not be recorded
	cat /proc/version > /dev/null
	cat /proc/version > /dev/null
	mz_off
	mz_kmap "$TMPD/after"
	run awk -F, -v b="$base" -v c="$CMD_FIELD" '!/^ / && $5+0 > b && $c == "cat"' "$TMPD/after"
	assert_output ""
}

@test "marks survive mode 0 and tracing resumes when re-enabled" {
	only_modes
	mkfifo "$TMPD/go"
	# marks itself, switches off, waits, then runs cat
	sh -c "echo 3 > $MZ/memorizer_enabled; echo 0 > $MZ/memorizer_enabled; read x < $TMPD/go; exec cat /proc/version" > /dev/null &
	BGPID=$!
	for i in $(seq 50); do
		[ "$(mz_mode)" = 0 ] && break
		sleep 0.1
	done
	mz_kmap "$TMPD/before"
	base=$(mz_max_index "$TMPD/before")
	# re-enable through pid mode on an unrelated sleeper (marks only it)
	sleep 30 &
	sl=$!
	echo "$sl" > "$MZ/memorizer_enabled"
	echo go > "$TMPD/go"
	wait "$BGPID" || true
	BGPID=$sl
	mz_off
	mz_kmap "$TMPD/after"
	run awk -F, -v b="$base" -v c="$CMD_FIELD" '!/^ / && $5+0 > b && $c == "cat"' "$TMPD/after"
	[ -n "$output" ] || fail "the shell marked before mode 0 was not traced after re-enabling"
}
