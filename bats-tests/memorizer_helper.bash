# Shared helpers for the Memorizer interface tests (run inside the guest).
#
# Works on both file-name generations: the generation is detected from the
# files present in the debugfs directory, never from the kernel version.
#   current: log_accesses_enabled, log_live_enabled, clear_dead_objects,
#            clear_printed_objects, ...; 11-field kmap
#   legacy (seed): memorizer_log_access, print_live_obj, clear_dead_objs,
#            clear_printed_list; 8-field kmap
# Usable against the memorizer_sim module and a real Memorizer kernel alike:
# only the documented interface is used (stats is never parsed).

BATS_LIB=${BATS_LIB:-/usr/lib/bats}
load "$BATS_LIB/bats-support/load.bash"
load "$BATS_LIB/bats-assert/load.bash"

MZ=${MZ:-/sys/kernel/debug/memorizer}

mz_detect() {
	if [ ! -d "$MZ" ]; then
		GEN=none
	elif [ -e "$MZ/log_accesses_enabled" ]; then
		GEN=current
		F_LOG_ACCESS=log_accesses_enabled
		F_LIVE=log_live_enabled
		F_CLEAR_DEAD=clear_dead_objects
		F_CLEAR_PRINTED=clear_printed_objects
		NFIELDS=11
		CMD_FIELD=9
	elif [ -e "$MZ/memorizer_log_access" ]; then
		GEN=legacy
		F_LOG_ACCESS=memorizer_log_access
		F_LIVE=print_live_obj
		F_CLEAR_DEAD=clear_dead_objs
		F_CLEAR_PRINTED=clear_printed_list
		NFIELDS=8
		CMD_FIELD=8
	else
		GEN=unknown
	fi
	export GEN F_LOG_ACCESS F_LIVE F_CLEAR_DEAD F_CLEAR_PRINTED NFIELDS CMD_FIELD
}

# common setup: fail (not skip) when there is no Memorizer at all
mz_setup() {
	mz_detect
	[ "$GEN" != none ] || fail "no $MZ directory (module not loaded / debugfs not mounted)"
	[ "$GEN" != unknown ] || fail "$MZ exists but matches no known generation: $(ls "$MZ" | tr '\n' ' ')"
	TMPD=$(mktemp -d "${BATS_TMPDIR:-/tmp}/mz.XXXXXX")
}

mz_teardown() {
	# leave the module quiet and with default switches for the next test
	[ -d "$MZ" ] && echo 0 > "$MZ/memorizer_enabled" 2>/dev/null
	[ -n "$F_LOG_ACCESS" ] && echo 0 > "$MZ/$F_LOG_ACCESS" 2>/dev/null
	[ -n "$F_LIVE" ] && echo 1 > "$MZ/$F_LIVE" 2>/dev/null
	[ -n "$TMPD" ] && rm -rf "$TMPD"
	return 0
}

only_current() { [ "$GEN" = current ] || skip "current generation only (this kernel: $GEN)"; }
only_legacy()  { [ "$GEN" = legacy ]  || skip "legacy generation only (this kernel: $GEN)"; }

# the mode is the first token of the first line
mz_mode() { head -n 1 "$MZ/memorizer_enabled" | awk '{print $1}'; }

# write a mode from a throwaway helper shell, so the test process itself is
# never marked (modes 2/3 mark the writer)
mz_set_mode() { sh -c "echo $1 > $MZ/memorizer_enabled"; }

mz_off() { echo 0 > "$MZ/memorizer_enabled"; }

# stop tracing and drop every freed object
mz_reset() {
	mz_off
	echo 0 > "$MZ/$F_LOG_ACCESS"
	echo 1 > "$MZ/$F_LIVE"
	echo 1 > "$MZ/$F_CLEAR_DEAD"
}

# copy the kmap to a file (opening it disables Memorizer)
mz_kmap() { cat "$MZ/kmap" > "$1"; }

# object lines only (access lines are indented)
mz_objects() { grep -v '^ ' "$1" || true; }

# highest alloc_index in a kmap file (0 if empty)
mz_max_index() { awk -F, '!/^ /{ if ($5+0 > m) m = $5+0 } END { print m+0 }' "$1"; }

# some kernel allocation work: processes, pipes, files in /tmp
mz_workload() {
	local i
	for i in 1 2 3; do
		ls / > /dev/null
		cat /proc/self/status > "$TMPD/w.$i"
		echo "$i" | cat > /dev/null
	done
	rm -f "$TMPD"/w.*
}

# print offending lines (with numbers) of a kmap file that break the
# generation's format; prints nothing if the whole file is well-formed
mz_bad_kmap_lines() {
	awk -v gen="$GEN" '
	function hex(s) { return s ~ /^[0-9a-f]+$/ }
	function dec(s) { return s ~ /^[0-9]+$/ }
	function sdec(s) { return s ~ /^-?[0-9]+$/ }
	{
		if ($0 ~ /^  [^ ]/) {
			if (!seen) { print NR ": access line before any object: " $0; next }
			n = split(substr($0, 3), f, ",")
			if (n != 4) { print NR ": access line has " n " fields: " $0; next }
			if (gen == "current")
				ok = hex(f[1]) && dec(f[2]) && dec(f[3]) && sdec(f[4])
			else
				ok = hex(f[1]) && sdec(f[2]) && dec(f[3]) && dec(f[4])
			if (!ok) print NR ": bad access line: " $0
			next
		}
		seen = 1
		n = split($0, f, ",")
		want = (gen == "current") ? 11 : 8
		if (n != want) { print NR ": object line has " n " fields (want " want "): " $0; next }
		ok = hex(f[1]) && sdec(f[2]) && hex(f[3]) && dec(f[4]) && dec(f[5]) && dec(f[6]) && hex(f[7])
		if (!ok) print NR ": bad object line: " $0
	}' "$1"
}
