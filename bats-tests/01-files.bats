#!/usr/bin/env bats
# The debugfs directory holds exactly the files of one generation.

load memorizer_helper

setup() { mz_setup; }
teardown() { mz_teardown; }

CURRENT_FILES="memorizer_enabled log_accesses_enabled log_live_enabled
clear_dead_objects clear_printed_objects log_calls_enabled log_frames_enabled
clear_function_calls verbose_warnings_enabled kmap kmap_stream allocations
accesses stats"
LEGACY_FILES="memorizer_enabled memorizer_log_access print_live_obj
clear_dead_objs clear_printed_list kmap"
# names that exist in only one generation
CURRENT_ONLY="log_accesses_enabled log_live_enabled clear_dead_objects clear_printed_objects"
LEGACY_ONLY="memorizer_log_access print_live_obj clear_dead_objs clear_printed_list"

@test "generation detected: $MZ is current or legacy" {
	run ls "$MZ"
	assert_success
	[ "$GEN" = current ] || [ "$GEN" = legacy ]
}

@test "current: every current file exists, no legacy name" {
	only_current
	for f in $CURRENT_FILES; do
		[ -e "$MZ/$f" ] || fail "missing $MZ/$f (have: $(ls "$MZ" | tr '\n' ' '))"
	done
	for f in $LEGACY_ONLY; do
		[ ! -e "$MZ/$f" ] || fail "legacy name $f present in the current generation"
	done
}

@test "legacy: every seed file exists, no current name" {
	only_legacy
	for f in $LEGACY_FILES; do
		[ -e "$MZ/$f" ] || fail "missing $MZ/$f (have: $(ls "$MZ" | tr '\n' ' '))"
	done
	for f in $CURRENT_ONLY kmap_stream allocations accesses; do
		[ ! -e "$MZ/$f" ] || fail "current-only name $f present in the legacy generation"
	done
}

@test "data files refuse writes" {
	for f in kmap kmap_stream allocations accesses stats; do
		[ -e "$MZ/$f" ] || continue
		run sh -c "echo x > $MZ/$f"
		assert_failure
	done
}

@test "boolean switches read back what was written" {
	for f in "$F_LOG_ACCESS" "$F_LIVE"; do
		echo 1 > "$MZ/$f"
		run cat "$MZ/$f"
		assert_output --regexp '^(Y|1)'
		echo no > "$MZ/$f"
		run cat "$MZ/$f"
		assert_output --regexp '^(N|0)'
		echo on > "$MZ/$f"
		run cat "$MZ/$f"
		assert_output --regexp '^(Y|1)'
		echo false > "$MZ/$f"
		run cat "$MZ/$f"
		assert_output --regexp '^(N|0)'
		echo true > "$MZ/$f"
		run cat "$MZ/$f"
		assert_output --regexp '^(Y|1)'
	done
}

@test "stats (when present) says whether this is a simulation" {
	[ -e "$MZ/stats" ] || skip "no stats file"
	run cat "$MZ/stats"
	assert_success
	if [ -e /sys/module/memorizer_sim ]; then
		assert_line --regexp '^simulation: yes'
	fi
}
