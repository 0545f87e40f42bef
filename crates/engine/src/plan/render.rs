//! The plan as Markdown (a change board's ticket), as a printable HTML page
//! with its charts, and as JSON (for scripts). All three read the same
//! [`Plan`]: no figure is computed here.

use super::*;
use crate::sim::group_thousands;

impl Plan {
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        out.push_str("\n## Your topology\n\n| Pool | Users | Backup pool |\n|---|---:|---|\n");
        for (name, id, users, backup) in &self.pools {
            let pool = if name == id { cell(name) } else { format!("{} ({})", cell(name), cell(id)) };
            out.push_str(&format!(
                "| {pool} | {} | {} |\n",
                group_thousands(u64::from(*users)),
                backup.as_deref().map_or("none".into(), cell)
            ));
        }
        out.push_str("\n## Your answers\n\n");
        for (q, a) in &self.answers {
            out.push_str(&format!("- **{q}:** {}\n", cell(a)));
        }
        for w in &self.warnings {
            out.push_str(&format!("\n> **Warning:** {}\n", cell(w)));
        }
        for u in &self.unpaired {
            out.push_str(&format!("\n> **No backup pool:** {}\n", cell(u)));
        }
        for f in &self.failures {
            out.push_str(&f.markdown());
        }
        out.push_str("\n## Assumptions\n\n");
        for a in &self.assumptions {
            out.push_str(&format!("- {a}\n"));
        }
        out
    }

    /// A file name for the plan.
    pub fn file_name(&self, ext: &str) -> String {
        format!("{}.{ext}", crate::table::slug(&self.title))
    }

    /// The plan as a printable page of its own (the export).
    pub fn html(&self) -> String {
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>{STYLE}</style></head><body>\n<h1>{}</h1>\n{}</body></html>\n",
            esc(&self.title),
            esc(&self.title),
            self.html_body()
        )
    }

    /// The plan's content as HTML, every text escaped: the export's body,
    /// and what the page shows (with the page's styles).
    pub fn html_body(&self) -> String {
        let mut out = String::from("<h3>Your topology</h3>\n<table class=\"plan-pools\"><thead><tr><th>Pool</th><th>Users</th><th>Backup pool</th></tr></thead><tbody>\n");
        for (name, id, users, backup) in &self.pools {
            let pool = if name == id { esc(name) } else { format!("{} ({})", esc(name), esc(id)) };
            out.push_str(&format!(
                "<tr><td>{pool}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                group_thousands(u64::from(*users)),
                esc(backup.as_deref().unwrap_or("none"))
            ));
        }
        out.push_str("</tbody></table>\n<h3>Your answers</h3>\n<ul class=\"plan-answers\">\n");
        for (q, a) in &self.answers {
            out.push_str(&format!("<li><strong>{}:</strong> {}</li>\n", esc(q), esc(a)));
        }
        out.push_str("</ul>\n");
        for (what, text) in
            self.warnings.iter().map(|w| ("Warning", w)).chain(self.unpaired.iter().map(|u| ("No backup pool", u)))
        {
            out.push_str(&format!("<p class=\"warn\"><strong>{what}:</strong> {}</p>\n", esc(text)));
        }
        for f in &self.failures {
            out.push_str(&f.html());
        }
        out.push_str("<h3>Assumptions</h3>\n<ul class=\"plan-assumptions\">\n");
        for a in &self.assumptions {
            out.push_str(&format!("<li>{}</li>\n", esc(a)));
        }
        out.push_str("</ul>\n");
        out
    }

    pub fn json(&self) -> String {
        let mut j = Json::default();
        j.open('{');
        j.key("title").string(&self.title);
        j.key("inputs").open('{');
        j.key("registrar_timer_s").number(self.inputs.timer_s);
        j.key("version").string(self.inputs.version.as_str());
        j.key("failover_after_s").number(self.inputs.failover_after_s);
        j.key("back_after_s").number(self.inputs.back_after_s);
        j.close('}');
        j.key("answers").open('[');
        for (q, a) in &self.answers {
            j.open('{').key("question").string(q).key("answer").string(a).close('}');
        }
        j.close(']');
        j.key("pools").open('[');
        for (name, id, users, backup) in &self.pools {
            j.open('{').key("name").string(name).key("fqdn").string(id).key("users").number(u64::from(*users));
            j.key("backup");
            match backup {
                Some(b) => j.string(b),
                None => j.raw("null"),
            };
            j.close('}');
        }
        j.close(']');
        j.key("warnings").strings(&self.warnings);
        j.key("unpaired").strings(&self.unpaired);
        j.key("failures").open('[');
        for f in &self.failures {
            f.json(&mut j);
        }
        j.close(']');
        j.key("assumptions").strings(&self.assumptions);
        j.close('}');
        j.out.push('\n');
        j.out
    }
}

impl FailurePlan {
    pub fn heading(&self) -> String {
        format!(
            "If {} fails ({} users move to {})",
            self.pool_name,
            group_thousands(u64::from(self.users)),
            self.backup_name
        )
    }

    fn markdown(&self) -> String {
        let yours = self.yours();
        let mut out = format!("\n## {}\n\n### Summary: {}\n\n", cell(&self.heading()), yours.response.name());
        let rows = self.rows();
        let k = self.variants.iter().position(|v| v.yours).unwrap_or(0);
        out.push_str(&format!("- **Users affected:** {}\n", group_thousands(u64::from(self.users))));
        for r in &rows {
            out.push_str(&format!("- **{}:** {}\n", cell(&r.label), r.cells[k]));
        }
        out.push_str("\n### Variants side by side\n\nThe best value of each row is marked ★.\n\n| |");
        for v in &self.variants {
            out.push_str(&format!(" {}{} |", v.response.name(), if v.yours { " (your plan)" } else { "" }));
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(self.variants.len()));
        out.push('\n');
        for r in &rows {
            out.push_str(&format!("| {} |", cell(&r.label)));
            for (c, best) in r.cells.iter().zip(&r.best) {
                out.push_str(&format!(" {}{} |", if *best { "★ " } else { "" }, cell(c)));
            }
            out.push('\n');
        }
        out.push_str(&format!("\n### Runbook: {}\n", yours.response.name()));
        let checks = self.checks_before();
        if !checks.is_empty() {
            out.push_str("\nBefore you start:\n\n");
            for (what, cmd) in &checks {
                out.push_str(&format!("- {what}: `{cmd}`\n"));
            }
        }
        for (i, s) in self.runbook.iter().enumerate() {
            out.push_str(&format!("\n{}. **{}: {}**\n", i + 1, s.at, cell(&s.what)));
            if !s.command.is_empty() {
                out.push_str(&format!("\n   ```powershell\n   {}\n   ```\n", s.command));
            } else {
                out.push('\n');
            }
            for w in &s.why {
                out.push_str(&format!("   - *Why here:* {}\n", cell(w)));
            }
            if let Some(note) = s.note {
                out.push_str(&format!("   - *Note:* {note}\n"));
            }
            if let Some(then) = &s.then {
                out.push_str(&format!("   - *Then users:* {}\n", cell(then)));
            }
        }
        let after = self.after_failback();
        if !after.is_empty() {
            out.push_str("\nAfter failback:\n\n");
            for (what, cmd) in &after {
                out.push_str(&format!("- {what}: `{cmd}`\n"));
            }
        }
        out.push_str(
            "\n### What users can do, and what to tell them\n\nThe helpdesk should know, whatever the phase:\n\n",
        );
        for n in &self.helpdesk_notes {
            out.push_str(&format!("- {n}\n"));
        }
        for p in &self.phases {
            let g = &p.group;
            out.push_str(&format!("\n#### From {}: {}\n\n", to_second(p.from), cell(&g.who)));
            out.push_str(&format!("- **Their client shows:** {}\n", cell(&g.client)));
            for (what, why) in &g.cannot {
                out.push_str(&format!("- **Cannot:** {}. *Why:* {}.\n", cell(&what.join("; ")), cell(why)));
            }
            for (what, why) in &g.limited {
                out.push_str(&format!("- **Limited:** {}. *Why:* {}.\n", cell(what), cell(why)));
            }
            out.push_str(&format!("- **Signing in:** {}\n", cell(&g.sign_in)));
            out.push_str(&format!("- **Message to users:** {}\n", cell(&g.say.join(" "))));
            out.push_str(&format!("- **For the helpdesk:** {}\n", cell(&self.helpdesk(g))));
        }
        out.push_str("\n### Sources\n\n");
        for s in &self.sources {
            out.push_str(&format!("- {s}\n"));
        }
        out
    }

    /// What the helpdesk says when a user calls: what does not work and
    /// why, in the rule book's words.
    pub fn helpdesk(&self, g: &SheetGroup) -> String {
        if g.cannot.is_empty() && g.limited.is_empty() {
            return format!("Nothing is limited in this phase. {}", g.say.join(" "));
        }
        let lower = crate::text::lower_first;
        let mut parts: Vec<String> = g
            .cannot
            .iter()
            .map(|(what, why)| {
                let what: Vec<String> = what.iter().map(|w| lower(w)).collect();
                format!("{} do not work ({why})", what.join(", "))
            })
            .collect();
        parts.extend(g.limited.iter().map(|(what, why)| format!("{} ({why})", lower(what))));
        format!("Expected for now: {}. {}.", parts.join("; "), g.sign_in.trim_end_matches('.'))
    }

    fn html(&self) -> String {
        let yours = self.yours();
        let rows = self.rows();
        let k = self.variants.iter().position(|v| v.yours).unwrap_or(0);
        let mut out = format!("<section class=\"plan-failure\"><h3>{}</h3>\n", esc(&self.heading()));
        out.push_str(&format!("<h4>Summary: {}</h4>\n<dl class=\"plan-summary\">\n", esc(&yours.response.name())));
        out.push_str(&format!("<dt>Users affected</dt><dd>{}</dd>\n", group_thousands(u64::from(self.users))));
        for r in &rows {
            out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(&r.label), esc(&r.cells[k])));
        }
        out.push_str("</dl>\n<h4>Variants side by side</h4>\n<p>The best value of each row is marked ★.</p>\n<div class=\"scroll\"><table class=\"plan-variants\"><thead><tr><th></th>");
        for v in &self.variants {
            out.push_str(&format!("<th>{}{}</th>", esc(&v.response.name()), if v.yours { " (your plan)" } else { "" }));
        }
        out.push_str("</tr></thead><tbody>\n");
        for r in &rows {
            out.push_str(&format!("<tr><th>{}</th>", esc(&r.label)));
            for (c, best) in r.cells.iter().zip(&r.best) {
                out.push_str(&format!(
                    "<td{}>{}{}</td>",
                    if *best { " class=\"best\"" } else { "" },
                    if *best { "★ " } else { "" },
                    esc(c)
                ));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n<div class=\"plan-charts\">\n");
        for v in &self.variants {
            out.push_str(&self.chart_svg(v));
        }
        out.push_str(&format!("</div>\n<h4>Runbook: {}</h4>\n", esc(&yours.response.name())));
        let checks = self.checks_before();
        if !checks.is_empty() {
            out.push_str("<p><strong>Before you start:</strong></p>\n<ul class=\"plan-checks\">\n");
            for (what, cmd) in &checks {
                out.push_str(&format!("<li>{}: <code>{}</code></li>\n", esc(what), esc(cmd)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("<ol class=\"plan-runbook\">\n");
        for s in &self.runbook {
            out.push_str(&format!("<li><strong>{}: {}</strong>", s.at, esc(&s.what)));
            if !s.command.is_empty() {
                out.push_str(&format!("<pre>{}</pre>", esc(&s.command)));
            }
            for w in &s.why {
                out.push_str(&format!("<p><em>Why here:</em> {}</p>", esc(w)));
            }
            if let Some(note) = s.note {
                out.push_str(&format!("<p><em>Note:</em> {}</p>", esc(note)));
            }
            if let Some(then) = &s.then {
                out.push_str(&format!("<p><em>Then users:</em> {}</p>", esc(then)));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
        for (title, list) in [("After failback", self.after_failback())] {
            if !list.is_empty() {
                out.push_str(&format!("<p><strong>{title}:</strong></p>\n<ul class=\"plan-checks\">\n"));
                for (what, cmd) in &list {
                    out.push_str(&format!("<li>{}: <code>{}</code></li>\n", esc(what), esc(cmd)));
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("<h4>What users can do, and what to tell them</h4>\n<p>The helpdesk should know, whatever the phase:</p>\n<ul class=\"plan-helpdesk\">\n");
        for n in &self.helpdesk_notes {
            out.push_str(&format!("<li>{}</li>\n", esc(n)));
        }
        out.push_str("</ul>\n");
        for p in &self.phases {
            let g = &p.group;
            out.push_str(&format!(
                "<div class=\"plan-phase\"><h5>From {}: {}</h5>\n<ul>\n",
                to_second(p.from),
                esc(&g.who)
            ));
            out.push_str(&format!("<li><strong>Their client shows:</strong> {}</li>\n", esc(&g.client)));
            for (what, why) in &g.cannot {
                out.push_str(&format!(
                    "<li><strong>Cannot:</strong> {}. <em>Why:</em> {}.</li>\n",
                    esc(&what.join("; ")),
                    esc(why)
                ));
            }
            for (what, why) in &g.limited {
                out.push_str(&format!(
                    "<li><strong>Limited:</strong> {}. <em>Why:</em> {}.</li>\n",
                    esc(what),
                    esc(why)
                ));
            }
            out.push_str(&format!("<li><strong>Signing in:</strong> {}</li>\n", esc(&g.sign_in)));
            out.push_str(&format!("<li><strong>Message to users:</strong> {}</li>\n", esc(&g.say.join(" "))));
            out.push_str(&format!(
                "<li><strong>For the helpdesk:</strong> {}</li>\n</ul></div>\n",
                esc(&self.helpdesk(g))
            ));
        }
        out.push_str("<h4>Sources</h4>\n<ul>\n");
        for s in &self.sources {
            out.push_str(&format!("<li>{}</li>\n", esc(s)));
        }
        out.push_str("</ul>\n</section>\n");
        out
    }

    /// A variant's users by state over time: a stacked area chart with
    /// axes (minutes since the failure, users), units and the variant's name.
    pub fn chart_svg(&self, v: &Variant) -> String {
        // Whole-number coordinates: no float formatting in the page's code.
        const W: u64 = 420;
        const H: u64 = 220;
        let (left, right, top, bottom) = (56u64, 12u64, 28u64, 40u64);
        let (pw, ph) = (W - left - right, H - top - bottom);
        let end = self.chart_end.ms().max(1);
        let end_min = (end / 60_000).max(1);
        let users = u64::from(self.users.max(1));
        let x = |t: SimTime| left + pw * t.ms().min(end) / end;
        let y = |n: u64| top + ph - ph * n.min(users) / users;
        let title = format!("{}: users of {} by state", v.response.name(), self.pool_name);
        let mut out = format!(
            "<svg class=\"plan-chart\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
            esc(&title),
            esc(&title)
        );
        // The variant's name as the chart's heading (the pool is the section's).
        out.push_str(&format!(
            "<text x=\"4\" y=\"16\" font-size=\"12\" font-weight=\"bold\">{}{}</text>",
            esc(&v.response.name()),
            if v.yours { " (your plan)" } else { "" }
        ));
        // Stacked areas, as steps: a state holds until the next sample.
        let mut below = vec![0u64; v.chart.len()];
        let next = |i: usize| v.chart.get(i + 1).map_or(self.chart_end, |n| n.0);
        for (s, colour) in COLOURS.iter().enumerate() {
            let mut d = String::new();
            for (i, (t, counts)) in v.chart.iter().enumerate() {
                let level = y(below[i] + u64::from(counts[s]));
                d.push_str(&format!("{}{} {level}H{}", if i == 0 { 'M' } else { 'L' }, x(*t), x(next(i))));
            }
            for (i, (t, _)) in v.chart.iter().enumerate().rev() {
                d.push_str(&format!("L{} {}H{}", x(next(i)), y(below[i]), x(*t)));
            }
            d.push('Z');
            out.push_str(&format!("<path d=\"{d}\" fill=\"{colour}\"/>"));
            for (i, (_, counts)) in v.chart.iter().enumerate() {
                below[i] += u64::from(counts[s]);
            }
        }
        // Axes with ticks and units.
        out.push_str(&format!("<path d=\"M{left} {top}V{}H{}\" stroke=\"#333\" fill=\"none\"/>", top + ph, left + pw));
        let step = [5u64, 10, 15, 30, 60, 120].into_iter().find(|s| end_min / s <= 8).unwrap_or(240);
        for m in (0..=end_min).step_by(step as usize) {
            let tx = x(SimTime::from_s(m * 60));
            out.push_str(&format!(
                "<path d=\"M{tx} {}v4\" stroke=\"#333\"/><text x=\"{tx}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{m}</text>",
                top + ph,
                top + ph + 14
            ));
        }
        for n in [0, users / 2, users] {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
                left - 4,
                y(n) + 3,
                group_thousands(n)
            ));
        }
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">minutes since the failure</text>",
            left + pw / 2,
            H - 14
        ));
        let mid = top + ph / 2;
        out.push_str(&format!(
            "<text x=\"12\" y=\"{mid}\" font-size=\"10\" text-anchor=\"middle\" transform=\"rotate(-90 12 {mid})\">users</text>"
        ));
        // Legend: the series' short names.
        let mut lx = 4;
        for (s, colour) in COLOURS.iter().enumerate() {
            let name = SERIES[s];
            out.push_str(&format!(
                "<rect x=\"{lx}\" y=\"{}\" width=\"8\" height=\"8\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{name}</text>",
                H - 10,
                lx + 11,
                H - 2
            ));
            lx += 22 + name.len() as u64 * 5;
        }
        out.push_str("</svg>\n");
        out
    }

    fn json(&self, j: &mut Json) {
        j.open('{');
        j.key("pool").string(&self.pool_name).key("fqdn").string(&self.pool_id).key("backup").string(&self.backup_name);
        j.key("users").number(u64::from(self.users));
        j.key("variants").open('[');
        for v in &self.variants {
            let f = &v.figures;
            j.open('{').key("name").string(&v.response.name()).key("id").string(&v.response.slug());
            j.key("yours").raw(if v.yours { "true" } else { "false" });
            let ms = |j: &mut Json, key: &str, t: Option<SimTime>| {
                j.key(key);
                match t {
                    Some(t) => j.number(t.ms()),
                    None => j.raw("null"),
                };
            };
            ms(j, "signin_at_ms", f.signin_at);
            ms(j, "resiliency_from_ms", f.resiliency.map(|r| r.0));
            ms(j, "resiliency_to_ms", f.resiliency.map(|r| r.1));
            ms(j, "failover_done_at_ms", f.failover_done_at);
            ms(j, "regular_at_ms", f.regular_at);
            ms(j, "failback_at_ms", f.failback.map(|r| r.0));
            ms(j, "failback_up_to_done_at_ms", f.failback.map(|r| r.1));
            ms(j, "home_at_ms", f.home_at);
            j.key("orders").open('[');
            for o in &v.orders {
                j.open('{').key("at_ms").number(o.at.ms()).key("order").string(o.action.label()).close('}');
            }
            j.close(']');
            j.close('}');
        }
        j.close(']');
        j.key("figures").open('[');
        for r in self.rows() {
            j.open('{').key("label").string(&r.label).key("cells").strings(&r.cells);
            j.key("best").open('[');
            for b in &r.best {
                j.raw(if *b { "true" } else { "false" });
            }
            j.close(']').close('}');
        }
        j.close(']');
        j.key("runbook").open('[');
        for s in &self.runbook {
            j.open('{').key("at_ms").number(s.at.ms()).key("step").string(&s.what).key("powershell").string(&s.command);
            j.key("why").strings(&s.why).key("note");
            match s.note {
                Some(n) => j.string(n),
                None => j.raw("null"),
            };
            j.key("then");
            match &s.then {
                Some(t) => j.string(t),
                None => j.raw("null"),
            };
            j.close('}');
        }
        j.close(']');
        let pairs = |j: &mut Json, key: &str, list: Vec<(&str, String)>| {
            j.key(key).open('[');
            for (what, cmd) in list {
                j.open('{').key("step").string(what).key("powershell").string(&cmd).close('}');
            }
            j.close(']');
        };
        pairs(j, "checks_before", self.checks_before());
        pairs(j, "after_failback", self.after_failback());
        let notes: Vec<String> = self.helpdesk_notes.iter().map(|n| n.to_string()).collect();
        j.key("helpdesk_notes").strings(&notes);
        j.key("phases").open('[');
        for p in &self.phases {
            let g = &p.group;
            j.open('{').key("from_ms").number(p.from.ms()).key("phase").string(&g.who).key("client").string(&g.client);
            let cannot: Vec<String> = g.cannot.iter().flat_map(|(w, _)| w.iter().cloned()).collect();
            j.key("cannot").strings(&cannot);
            let limited: Vec<String> = g.limited.iter().map(|(w, _)| w.clone()).collect();
            j.key("limited").strings(&limited);
            j.key("message_to_users").string(&g.say.join(" "));
            j.key("helpdesk").string(&self.helpdesk(g));
            j.close('}');
        }
        j.close(']');
        j.key("sources").strings(&self.sources);
        j.close('}');
    }
}

/// The chart's colours, one per series, as the stage draws them: grey, vermillion, light blue, blue.
const COLOURS: [&str; 4] = ["#9696a0", "#d55e00", "#56b4e9", "#0072b2"];

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#1a1a1a}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}\
td.n{text-align:right}td.best{font-weight:bold;background:#e6f4ea}th.yours{background:#fff6b3}pre{background:#f4f4f4;padding:.4em;white-space:pre-wrap}\
.plan-summary{display:grid;grid-template-columns:minmax(8em,40%) 1fr;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}\
.warn{border-left:4px solid #c60;padding-left:.5em}.plan-charts{display:flex;flex-wrap:wrap;gap:1em}\
@media print{body{font-size:11pt}.plan-failure{break-before:page}.plan-charts svg{break-inside:avoid}}";

/// Text for a Markdown table cell or line: no line breaks, no pipes.
fn cell(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('|', "\\|")
}

pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A small JSON writer: the page has no JSON library, and the plan's JSON
/// is a fixed shape.
#[derive(Default)]
struct Json {
    out: String,
    /// Whether the current container already has an item.
    filled: Vec<bool>,
    after_key: bool,
}

impl Json {
    fn item(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(f) = self.filled.last_mut() {
            if *f {
                self.out.push(',');
            }
            *f = true;
        }
    }

    fn open(&mut self, c: char) -> &mut Json {
        self.item();
        self.out.push(c);
        self.filled.push(false);
        self
    }

    fn close(&mut self, c: char) -> &mut Json {
        self.filled.pop();
        self.out.push(c);
        self
    }

    fn key(&mut self, k: &str) -> &mut Json {
        self.item();
        self.push_string(k);
        self.out.push(':');
        self.after_key = true;
        self
    }

    fn string(&mut self, s: &str) -> &mut Json {
        self.item();
        self.push_string(s);
        self
    }

    fn strings(&mut self, items: &[String]) -> &mut Json {
        self.open('[');
        for s in items {
            self.string(s);
        }
        self.close(']')
    }

    fn number(&mut self, n: u64) -> &mut Json {
        self.item();
        self.out.push_str(&n.to_string());
        self
    }

    fn raw(&mut self, text: &str) -> &mut Json {
        self.item();
        self.out.push_str(text);
        self
    }

    fn push_string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}
