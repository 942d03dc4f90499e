# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/lab/ground-truth and tests/lab/robustness: compare the
# exerciser's rows with a report exporter by exporter, by label (a report
# row's "label", or its "name" in a report older than labels). The exerciser
# names a generic PRIME export "drm (DRIVER)" (DRM_IOCTL_VERSION), as live
# and record do from the kernel; a report that cannot name the driver (a
# snapshot: "drm (driver unknown)"; an older report: "drm") has one row for
# them all. Only then are the exerciser's "drm (...)" rows compared with that
# one row (their sum), and the note says so; a report that names the drivers
# is compared row by row, as is every other exporter.

# the jq key of a report's exporter row
ROW_KEY='(.label // .name)'

# drm_unknown JSON: the key of the report's drm row that names no driver,
# when it has one and no row that names a driver; else nothing
drm_unknown() {
	jq -r "[.exporters[] | $ROW_KEY] as \$k |
		(\$k | map(select(. == \"drm\" or . == \"drm (driver unknown)\"))) as \$u |
		if (\$u | length) > 0 and (\$k - \$u | map(select(startswith(\"drm (\"))) | length) == 0
		then \$u[0] else empty end" "$1" 2>/dev/null
}

# drm_fold_tsv REF-JSON TSV: the exerciser's TSV, its "drm (...)" labels
# made REF-JSON's unnamed drm key when it names no DRM driver (else as it is)
drm_fold_tsv() {
	local k
	k=$(drm_unknown "$1")
	if [ -n "$k" ]; then
		awk -F'\t' -v OFS='\t' -v k="$k" '$2 ~ /^drm \(/ { $2 = k } { print }' "$2"
	else
		cat "$2"
	fi
}

# drm_folded REF-JSON TSV: which labels drm_fold_tsv merges, or nothing
drm_folded() {
	[ -n "$(drm_unknown "$1")" ] || return 0
	awk -F'\t' '$1 == "map" && $2 ~ /^drm \(/ { print $2 }' "$2" | sort -u | paste -sd+
}

# The same for an exerciser's JSON report: rows summed, fail if one fails;
# every row keyed (.label set) by its label.
DRM_FOLD_JQ='(($ref[0] | [.exporters[] | .label // .name]) as $k |
	($k | map(select(. == "drm" or . == "drm (driver unknown)"))) as $u |
	if ($u | length) > 0 and ($k - $u | map(select(startswith("drm ("))) | length) == 0
	then $u[0] else null end) as $to |
	.exporters |= map(.label = (.label // .name)) |
	if $to == null then . else
	.exporters |= (map(if .label | startswith("drm") then .label = $to else . end)
		| group_by(.label) | map(if length == 1 then .[0] else .[0] + {
			mmaps: (map(.mmaps) | add),
			mmaps_pfnmap: (map(.mmaps_pfnmap) | add),
			gup_attempts: (map(.gup_attempts) | add),
			gup_succeeded: (map(.gup_succeeded) | add),
			verdict: (if any(.[]; .verdict == "fail") then "fail" else .[0].verdict end)
		} end))
	end'

# drm_fold_json REF-JSON JSON [JQ-FILTER]: JSON folded as REF-JSON needs, then filtered
drm_fold_json() {
	jq -c --slurpfile ref "$1" "$DRM_FOLD_JQ | ${3:-.}" "$2"
}
