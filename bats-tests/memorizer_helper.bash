# Shared helpers for the Memorizer interface tests (run inside the guest).
#
# Works on every kernel generation (mzsh's docs/memorizer-abi.md, "Generations"),
# detected from the files present, never from the version:
#   newest, v26  renamed files (log_accesses_enabled, clear_dead_objects,
#                stats, ...); 11-field kmap, access lines ip,writes,reads,pid;
#                newest has /proc/<pid>/memorizer_enabled, opening kmap
#                disables and modes 1/2 take CPUs offline
#   v6.6-old     show_stats, memorizer_log_access, print_live_obj,
#                clear_dead_objs; 11 fields, access lines ip,writes,reads
#   4.x          as v6.6-old plus cfgmap; memorizer_enabled is a boolean
#                (Y/N); 10 fields
# memorizer_sim says which generation it presents in its abi parameter.
# Usable against the memorizer_sim module and a real Memorizer kernel alike:
# only the kernel's interface is used (stats is never parsed).

BATS_LIB=${BATS_LIB:-/usr/lib/bats}
load "$BATS_LIB/bats-support/load.bash"
load "$BATS_LIB/bats-assert/load.bash"

MZ=${MZ:-/sys/kernel/debug/memorizer}
SIM_ABI=/sys/module/memorizer_sim/parameters/abi

mz_detect() {
	GEN=unknown
	if [ ! -d "$MZ" ]; then
		GEN=none
	elif [ -e "$MZ/log_accesses_enabled" ]; then
		GEN=v26
		[ -e /proc/self/memorizer_enabled ] && GEN=newest
		F_LOG_ACCESS=log_accesses_enabled
		F_LIVE=log_live_enabled
		F_CLEAR_DEAD=clear_dead_objects
		F_STATS=stats
		NFIELDS=11
		ACC_FIELDS=4
	elif [ -e "$MZ/memorizer_log_access" ]; then
		GEN=v6.6-old
		NFIELDS=11
		if [ -e "$MZ/cfgmap" ] || grep -qx '[YN]' "$MZ/memorizer_enabled"; then
			GEN=4.x
			NFIELDS=10
		fi
		F_LOG_ACCESS=memorizer_log_access
		F_LIVE=print_live_obj
		F_CLEAR_DEAD=clear_dead_objs
		F_STATS=show_stats
		ACC_FIELDS=3
	fi
	if [ -r "$SIM_ABI" ]; then
		case $(cat "$SIM_ABI") in
			newest|current) [ "$GEN" = v26 ] && GEN=newest ;;
		esac
	fi
	F_CLEAR_PRINTED=clear_printed_list
	CMD_FIELD=9
	export GEN F_LOG_ACCESS F_LIVE F_CLEAR_DEAD F_CLEAR_PRINTED F_STATS NFIELDS ACC_FIELDS CMD_FIELD
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

renamed() { [ "$GEN" = newest ] || [ "$GEN" = v26 ]; }
only_renamed() { renamed || skip "newest and v26 only (this kernel: $GEN)"; }
only_newest()  { [ "$GEN" = newest ] || skip "newest only (this kernel: $GEN)"; }
# memorizer_enabled takes modes 2, 3 and pids (all but 4.x)
only_modes()   { [ "$GEN" != 4.x ] || skip "4.x: memorizer_enabled is on/off only"; }
# v26 and newest move a freed object's access counts away
freed_keep_accesses() { ! renamed; }

# the mode is the first token of the first line (4.x: Y is 1, N is 0)
mz_mode() { head -n 1 "$MZ/memorizer_enabled" | awk '{ m = $1; if (m == "Y") m = 1; if (m == "N") m = 0; print m }'; }

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
# generation's format; prints nothing if the whole file is well-formed.
# Pointers are checked as the kernel prints them under no_hash_pointers:
# %p 16 zero-padded hex digits, %-p left-justified in 16 characters (4.x:
# "(null)" in the field width for NULL).
mz_bad_kmap_lines() {
	awk -v nf="$NFIELDS" -v na="$ACC_FIELDS" -v gen="$GEN" '
	function p16(s) { return length(s) == 16 && s ~ /^[0-9a-f]+$/ || (gen == "4.x" && s == "          (null)") }
	function lp16(s) { return length(s) == 16 && (s ~ /^[0-9a-f]+ *$/ || (gen == "4.x" && s == "(null)          ")) }
	function dec(s) { return s ~ /^[0-9]+$/ }
	function sdec(s) { return s ~ /^-?[0-9]+$/ }
	{
		if ($0 ~ /^  [^ ]/) {
			if (!seen) { print NR ": access line before any object: " $0; next }
			n = split(substr($0, 3), f, ",")
			if (n != na) { print NR ": access line has " n " fields (want " na "): " $0; next }
			ok = p16(f[1]) && dec(f[2]) && dec(f[3]) && (na == 3 || sdec(f[4]))
			if (!ok) print NR ": bad access line: " $0
			next
		}
		seen = 1
		n = split($0, f, ",")
		if (n < nf) { print NR ": object line has " n " fields (want " nf "): " $0; next }
		ok = lp16(f[1]) && sdec(f[2]) && p16(f[3]) && dec(f[4]) && dec(f[5]) && dec(f[6]) && p16(f[7])
		if (!ok) print NR ": bad object line: " $0
	}' "$1"
}
