// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge --format html: one self-contained page a CI farm can
 * publish. Inline CSS and JS only (no external resource: the page works
 * offline and leaks no visit), every string from a report HTML-escaped,
 * each cell coloured and labelled in words (colour is never the only
 * sign), columns sortable by a click on their header. Opened with the
 * fragment #selftest, the page sorts itself and writes what it found into
 * #selftest, for a headless browser's test (tests/cli/run).
 */
#include "merge.h"

static const char style[] =
	"body{font-family:sans-serif;margin:1em;color:#111;background:#fff}\n"
	"table{border-collapse:collapse}\n"
	"th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}\n"
	"th{background:#eee;cursor:pointer;user-select:none}\n"
	"th:focus{outline:2px solid #06c}\n"
	"th[aria-sort=ascending]::after{content:' \\25B2'}\n"
	"th[aria-sort=descending]::after{content:' \\25BC'}\n"
	".fail{background:#f8c4c4}.incomplete{background:#ffe7a8}\n"
	".pass{background:#c9efc9}.none{background:#f4f4f4;color:#666}\n"
	"td{white-space:nowrap}.label{font-weight:bold}.counts{font-family:monospace}\n"
	".legend span{display:inline-block;padding:.1em .5em;margin-right:.5em;border:1px solid #999}\n";

/*
 * Sorting: a click on the exporter header sorts rows by name; on a report's
 * header, by that report's cell (worst first), then name; a second click
 * reverses. #selftest checks both on the page itself.
 */
static const char script[] =
	"(function(){\n"
	"var t=document.getElementById('matrix'),b=t.tBodies[0];\n"
	"function key(r,c){return c<0?r.cells[0].textContent:"
	"r.cells[c+1].getAttribute('data-sev');}\n"
	"function sortBy(th){var c=+th.getAttribute('data-col'),"
	"up=th.getAttribute('aria-sort')!=='ascending';\n"
	" var rows=Array.prototype.slice.call(b.rows);\n"
	" rows.sort(function(x,y){var a=key(x,c),z=key(y,c),d=a<z?-1:a>z?1:0;\n"
	"  if(!d)d=x.cells[0].textContent<y.cells[0].textContent?-1:1;return up?d:-d;});\n"
	" rows.forEach(function(r){b.appendChild(r);});\n"
	" Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});\n"
	" th.setAttribute('aria-sort',up?'ascending':'descending');}\n"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th){\n"
	" th.tabIndex=0;th.addEventListener('click',function(){sortBy(th);});\n"
	" th.addEventListener('keydown',function(e){if(e.key==='Enter')sortBy(th);});});\n"
	"function sorted(c){var r=b.rows,i;for(i=1;i<r.length;i++)"
	"if(key(r[i-1],c)>key(r[i],c))return false;return true;}\n"
	"if(location.hash==='#selftest'){var h=t.tHead.rows[0].cells,out=[],ok=true,i;\n"
	" for(i=0;i<h.length;i++){h[i].click();var s=sorted(i-1);ok=ok&&s;"
	"out.push(h[i].textContent+(s?' sorted':' NOT sorted'));}\n"
	" h[0].click();h[0].click();var n=Array.prototype.map.call(b.rows,"
	"function(r){return r.cells[0].textContent;}),d=n.slice().sort().reverse();\n"
	" s=n.join('|')===d.join('|');ok=ok&&s;out.push('exporter reversed'+(s?'':' NOT'));\n"
	" var p=document.getElementById('selftest');p.setAttribute('data-result',ok?'pass':'fail');\n"
	" p.setAttribute('data-descending',n.join('|'));\n"
	" p.textContent='selftest '+(ok?'pass':'fail')+': '+out.join('; ');}\n"
	"})();\n";

/* Text from a report, made inert: no tag, no attribute end, no entity. */
static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void head(const struct merge *m, FILE *f)
{
	char sum[256];

	merge_summary(m, sum, sizeof(sum));
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width\">\n"
		"<title>dmabuf-audit merge</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		"<h1>dmabuf-audit merge</h1>\n<p id=\"summary\">", style);
	esc(f, sum);
	fputs(". Worst first; click a header to sort.</p>\n"
	      "<p class=\"legend\">Legend: <span class=\"fail\">FAIL</span>"
	      "<span class=\"incomplete\">INCOMPLETE</span><span class=\"pass\">PASS</span>"
	      "<span class=\"none\">- not seen</span> cells: verdict, mappings/VM_PFNMAP, "
	      "GUP tried/pinned (no gup: a snapshot sees none)</p>\n", f);
}

/* a report's header: its title, its file on hover */
static void html_head(FILE *f, const struct merge_report *c, size_t col, const char *title)
{
	fprintf(f, "<th scope=\"col\" data-col=\"%zu\" class=\"%s\" title=\"", col,
		merge_verdict_name(c->worst));
	esc(f, c->file);
	fputs("\">", f);
	esc(f, title);
	fputs("</th>", f);
}

static void html_row(FILE *f, const struct merge_row *r, const char *name)
{
	fprintf(f, "<tr class=\"%s\"><th scope=\"row\">", merge_verdict_name(r->worst));
	esc(f, name);
	fputs("</th>", f);
}

static void html_cell(FILE *f, const struct merge_cell *c, const char *counts, size_t col)
{
	enum merge_verdict v = c->seen ? c->verdict : MERGE_NONE;

	fprintf(f, "<td class=\"%s\" data-sev=\"%d\"><span class=\"label\">%s</span>",
		merge_verdict_name(v), (int)v, merge_verdict_label(v));
	if (c->seen)
		fprintf(f, " <span class=\"counts\">%s</span>", counts);
	fputs("</td>", f);
}

static void html_row_end(FILE *f)
{
	fputs("</tr>\n", f);
}

static const struct merge_markup html_markup = {
	html_head, html_row, html_cell, html_row_end, esc,
	"<li><span class=\"label\">", "</span> ", "<code>", "</code>",
	"<br>incomplete: ", "<li>left out: ", "</li>\n",
};

int merge_write_html(const struct merge *m, FILE *f)
{
	head(m, f);
	fputs("<table id=\"matrix\">\n<thead><tr><th scope=\"col\" data-col=\"-1\">exporter</th>", f);
	merge_walk_head(m, &html_markup, f);
	fputs("</tr></thead>\n<tbody>\n", f);
	merge_walk_rows(m, &html_markup, f);
	fputs("</tbody>\n</table>\n<h2>Reports</h2>\n<ul id=\"reports\">\n", f);
	merge_put_reports(m, &html_markup, f);
	fputs("</ul>\n", f);
	fprintf(f, "<p id=\"selftest\"></p>\n<script>\n%s</script>\n</body>\n</html>\n", script);
	return ferror(f) ? -1 : 0;
}
