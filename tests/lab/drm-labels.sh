# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/lab/ground-truth and tests/lab/robustness: compare the
# exerciser's rows with a report exporter by exporter, by label. The
# exerciser names a generic PRIME export "drm (DRIVER)" (DRM_IOCTL_VERSION);
# a report whose source cannot name the driver yet says "drm" for them all.
# Only then are the exerciser's "drm (...)" rows compared with that one
# "drm" row (their sum), and the note says so; a report that names the
# drivers is compared row by row, as is every other exporter.

# drm_unnamed JSON: true when the report has a "drm" row and no "drm (...)" one
drm_unnamed() {
	jq -e '[.exporters[].name] | (index("drm") != null) and
		(map(select(startswith("drm ("))) | length == 0)' "$1" >/dev/null 2>&1
}

# drm_fold_tsv REF-JSON TSV: the exerciser's TSV, its "drm (...)" labels
# made "drm" when REF-JSON names no DRM driver (else as it is)
drm_fold_tsv() {
	if drm_unnamed "$1"; then
		awk -F'\t' -v OFS='\t' '$2 ~ /^drm \(/ { $2 = "drm" } { print }' "$2"
	else
		cat "$2"
	fi
}

# drm_folded REF-JSON TSV: which labels drm_fold_tsv merges, or nothing
drm_folded() {
	drm_unnamed "$1" || return 0
	awk -F'\t' '$1 == "map" && $2 ~ /^drm \(/ { print $2 }' "$2" | sort -u | paste -sd+
}

# The same for an exerciser's JSON report: rows summed, fail if one fails.
DRM_FOLD_JQ='if ($ref[0] | [.exporters[].name] | (index("drm") != null) and
	(map(select(startswith("drm ("))) | length == 0)) | not then . else
	.exporters |= (map(if .name | startswith("drm (") then .name = "drm" else . end)
		| group_by(.name) | map(if length == 1 then .[0] else .[0] + {
			mmaps: (map(.mmaps) | add),
			mmaps_pfnmap: (map(.mmaps_pfnmap) | add),
			gup_attempts: (map(.gup_attempts) | add),
			gup_succeeded: (map(.gup_succeeded) | add),
			verdict: (if any(.[]; .verdict == "fail") then "fail" else .[0].verdict end)
		} end))
	| .findings |= map(if (.exporter // "") | startswith("drm (") then .exporter = "drm" else . end)
	end'

# drm_fold_json REF-JSON JSON [JQ-FILTER]: JSON folded as REF-JSON needs, then filtered
drm_fold_json() {
	jq -c --slurpfile ref "$1" "$DRM_FOLD_JQ | ${3:-.}" "$2"
}
