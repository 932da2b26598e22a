#!/bin/sh
# Run inside the guest by MemorizerSimIT: memorizer-sim under load (issue 3).
# Prints key=value lines the test checks; kmaps land in /tmp for `cat`.
MZ=/sys/kernel/debug/memorizer
stat_of() { awk -v k="$1:" '$1 == k {print $2}' $MZ/stats; }
abi=$(cat /sys/module/memorizer_sim/parameters/abi)

# 1. Fill a 4096-object table in mode 1: tracing stops (mode 0) with the kernel's
#    "ran out of internal heap" line, as a real kernel does when its pool runs out.
rmmod memorizer_sim || exit 10
insmod /lib/modules/$(uname -r)/extra/memorizer_sim.ko abi=$abi capacity=4096 || exit 11
dmesg -c > /dev/null
echo 1 > $MZ/memorizer_enabled
i=0
while [ "$(head -c 1 $MZ/memorizer_enabled)" != 0 ] && [ "$i" -lt 200 ]; do
    for j in 1 2 3 4 5 6 7 8 9 10; do ls -R /sys/kernel/slab > /dev/null 2>&1; cat /proc/self/maps > /dev/null; done
    i=$((i + 1))
done
sleep 2   # the module's worker logs the full table within a second
echo "mode_after_full=$(head -c 1 $MZ/memorizer_enabled)"
echo "heap_log=$(dmesg | grep -c 'ran out of internal heap')"
echo 0 > $MZ/memorizer_enabled
n=$(( $(stat_of objects_recorded) + $(stat_of dropped) ))
echo "allocations=$n"
echo "dropped=$(stat_of dropped)"
echo "capacity=$(stat_of capacity)"
cat $MZ/kmap > /tmp/kmap-full

# 1b. Dump cycles on the same small table: objects live at a dump and freed while
#     tracing is off must not hold their slots for good (the capacity leak).
echo 1 > $MZ/clear_dead_objects
echo 1 > $MZ/clear_printed_list
d0=$(stat_of dropped)
l0=$(stat_of objects_live)
gone_max=0
for c in 1 2 3 4 5 6 7 8; do
    echo 1 > $MZ/memorizer_enabled
    for j in 1 2 3; do ls / > /dev/null; cat /proc/version > /dev/null; done
    echo 0 > $MZ/memorizer_enabled
    cat $MZ/kmap > /dev/null
    # frees now happen untraced: reported live still, but reclaimable
    for j in 1 2 3; do cat /proc/self/maps > /dev/null; done
    g=$(stat_of objects_live_free_unrecorded)
    [ "$g" -gt "$gone_max" ] && gone_max=$g
    echo 1 > $MZ/clear_dead_objects
    echo 1 > $MZ/clear_printed_list
done
echo "cycle_drops=$(( $(stat_of dropped) - d0 ))"
echo "unrecorded_frees_max=$gone_max"
echo "unrecorded_after_clears=$(stat_of objects_live_free_unrecorded)"
echo "live_growth=$(( $(stat_of objects_live) - l0 ))"

# 2. 30 s of reading kmap while other processes allocate hard.
dmesg -c > /dev/null
end=$(( $(cut -d. -f1 /proc/uptime) + 30 ))
( while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
      echo 1 > $MZ/memorizer_enabled
      ls -R /sys/kernel/slab > /dev/null 2>&1; find /proc/sys > /dev/null 2>&1
  done ) &
( echo 3 > $MZ/memorizer_enabled
  while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do dd if=/dev/zero bs=4k count=64 2>/dev/null | cat > /tmp/junk; done ) &
reads=0
while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
    cat $MZ/kmap > /tmp/kmap-loop
    reads=$((reads + 1))
done
wait
echo 0 > $MZ/memorizer_enabled
echo "reads=$reads"
echo "dmesg_problems=$(dmesg | grep -ciE 'bug|warn|oops|call trace|hung|sleeping function')"
rmmod memorizer_sim && echo "rmmod=ok" || echo "rmmod=failed"
[ -d $MZ ] && echo "dir_after_rmmod=present" || echo "dir_after_rmmod=gone"
