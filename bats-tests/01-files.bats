#!/usr/bin/env bats
# The debugfs directory holds the files of one kernel generation.

load memorizer_helper

setup() { mz_setup; }
teardown() { mz_teardown; }

RENAMED_FILES="memorizer_enabled log_accesses_enabled log_calls_enabled
log_frames_enabled log_live_enabled verbose_warnings_enabled
clear_dead_objects clear_printed_list clear_function_calls stats kmap
kmap_stream allocations accesses function_calls global_table"
V66_FILES="memorizer_enabled show_stats clear_dead_objs clear_printed_list
memorizer_log_access cfg_log_on stack_trace_on print_live_obj verbose_warnings kmap"
V4X_FILES="memorizer_enabled kmap show_stats clear_dead_objs clear_printed_list
cfgmap memorizer_log_access cfg_log_on stack_trace_on print_live_obj global_table"
# names of one side of the rename only
RENAMED_ONLY="log_accesses_enabled log_live_enabled clear_dead_objects stats"
OLDER_ONLY="memorizer_log_access print_live_obj clear_dead_objs show_stats"

has_all() {
	for f in $1; do
		[ -e "$MZ/$f" ] || fail "missing $MZ/$f (have: $(ls "$MZ" | tr '\n' ' '))"
	done
}

has_none() {
	for f in $1; do
		[ ! -e "$MZ/$f" ] || fail "$f present in generation $GEN"
	done
}

@test "generation detected from the files" {
	run ls "$MZ"
	assert_success
	case $GEN in newest|v26|v6.6-old|4.x) ;; *) fail "generation $GEN" ;; esac
}

@test "no generation has clear_printed_objects (only the docs name it)" {
	[ ! -e "$MZ/clear_printed_objects" ]
	[ -e "$MZ/clear_printed_list" ]
}

@test "newest and v26: every renamed file exists, no older name" {
	only_renamed
	has_all "$RENAMED_FILES"
	has_none "$OLDER_ONLY cfgmap"
}

@test "v6.6-old: every pre-rename file exists, no renamed one" {
	[ "$GEN" = v6.6-old ] || skip "v6.6-old only (this kernel: $GEN)"
	has_all "$V66_FILES"
	has_none "$RENAMED_ONLY cfgmap"
}

@test "4.x: every 4.x file exists, no renamed one" {
	[ "$GEN" = 4.x ] || skip "4.x only (this kernel: $GEN)"
	has_all "$V4X_FILES"
	has_none "$RENAMED_ONLY kmap_stream allocations accesses"
}

@test "file modes are the kernel's (newest, v26)" {
	only_renamed
	run stat -c '%a %n' "$MZ/memorizer_enabled" "$MZ/log_live_enabled" "$MZ/clear_dead_objects" "$MZ/kmap"
	assert_line "666 $MZ/memorizer_enabled"
	assert_line "666 $MZ/log_live_enabled"
	assert_line "222 $MZ/clear_dead_objects"
	assert_line "444 $MZ/kmap"
}

@test "data files refuse writes" {
	for f in kmap kmap_stream allocations accesses "$F_STATS"; do
		[ -e "$MZ/$f" ] || continue
		run sh -c "echo x > $MZ/$f"
		assert_failure
	done
}

@test "boolean switches read Y/N back and never fail, not even on bad text" {
	for f in "$F_LOG_ACCESS" "$F_LIVE"; do
		for w in 1:Y no:N on:Y false:N true:Y; do
			echo "${w%:*}" > "$MZ/$f"
			run cat "$MZ/$f"
			assert_output "${w#*:}"
		done
		# debugfs's boolean handler reports success and keeps the value
		run sh -c "echo bogus > $MZ/$f"
		assert_success
		run cat "$MZ/$f"
		assert_output Y
	done
}

@test "statistics (stats or show_stats) say whether this is a simulation" {
	run cat "$MZ/$F_STATS"
	assert_success
	if [ -e /sys/module/memorizer_sim ]; then
		assert_line --regexp '^simulation: yes'
		assert_line "generation: $GEN"
	fi
}
