// The report page's stylesheet: VS Code's theme variables (inside the webview) with dark/light fallbacks (in a browser).
export const REPORT_STYLE = `
:root {
  --fb-bg: #1f1f1f; --fb-fg: #cccccc; --fb-panel: #252526; --fb-border: #3c3c3c; --fb-dim: #9d9d9d;
  --fb-red: #f14c4c; --fb-orange: #d18616; --fb-yellow: #cca700; --fb-blue: #3794ff; --fb-green: #89d185; --fb-purple: #b180d7;
}
@media (prefers-color-scheme: light) {
  :root { --fb-bg: #ffffff; --fb-fg: #3b3b3b; --fb-panel: #f8f8f8; --fb-border: #e5e5e5; --fb-dim: #6f6f6f; }
}
:root {
  --bg: var(--vscode-editor-background, var(--fb-bg));
  --fg: var(--vscode-foreground, var(--fb-fg));
  --panel: var(--vscode-sideBar-background, var(--fb-panel));
  --border: var(--vscode-panel-border, var(--vscode-widget-border, var(--fb-border)));
  --dim: var(--vscode-descriptionForeground, var(--fb-dim));
  --red: var(--vscode-charts-red, var(--fb-red));
  --orange: var(--vscode-charts-orange, var(--fb-orange));
  --yellow: var(--vscode-charts-yellow, var(--fb-yellow));
  --blue: var(--vscode-charts-blue, var(--fb-blue));
  --green: var(--vscode-charts-green, var(--fb-green));
  --purple: var(--vscode-charts-purple, var(--fb-purple));
}
* { box-sizing: border-box; }
body {
  margin: 0; padding: 20px 28px 32px; background: var(--bg); color: var(--fg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); font-size: 13px; line-height: 1.45;
}
header h1 { margin: 0; font-size: 22px; font-weight: 600; letter-spacing: 0.2px; }
.sub, .dim, .foot, .empty { color: var(--dim); }
.sub { margin: 4px 0 16px; }
.notice {
  margin: 0 0 12px; padding: 8px 12px; border-left: 3px solid var(--yellow); border-radius: 4px;
  background: color-mix(in srgb, var(--yellow) 12%, transparent);
}
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin-bottom: 16px; }
.card {
  padding: 14px 16px; border: 1px solid var(--border); border-radius: 8px; background: var(--panel);
  border-top: 3px solid var(--blue);
}
.card.accent { border-top-color: var(--purple); }
.card.alert { border-top-color: var(--red); }
.card.ok { border-top-color: var(--green); }
.card-label { color: var(--dim); font-size: 12px; text-transform: uppercase; letter-spacing: 0.6px; }
.card-value { font-size: 30px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card-detail { color: var(--dim); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 12px; }
.panel { padding: 14px 16px; border: 1px solid var(--border); border-radius: 8px; background: var(--panel); min-width: 0; }
.panel h2 { margin: 0 0 8px; font-size: 14px; font-weight: 600; }
.chart { display: block; max-width: 620px; }
.chart text { fill: var(--fg); font-size: 12px; font-family: inherit; }
.chart text.value { fill: var(--dim); font-variant-numeric: tabular-nums; }
.chart .track { fill: color-mix(in srgb, var(--fg) 10%, transparent); }
.t-critical { fill: var(--red); background: color-mix(in srgb, var(--red) 22%, transparent); }
.t-high { fill: var(--orange); background: color-mix(in srgb, var(--orange) 22%, transparent); }
.t-watch { fill: var(--blue); background: color-mix(in srgb, var(--blue) 22%, transparent); }
.t-none { fill: var(--dim); background: color-mix(in srgb, var(--dim) 22%, transparent); }
.c-latency { fill: var(--blue); }
.c-review { fill: var(--green); }
.chart .axis { stroke: var(--border); }
.bar { fill: var(--purple); }
.bar.t-critical { fill: var(--red); } .bar.t-high { fill: var(--orange); } .bar.t-watch { fill: var(--blue); } .bar.t-none { fill: var(--dim); }
.bar.c-latency { fill: var(--blue); } .bar.c-review { fill: var(--green); } .bar.c-tool { fill: var(--purple); }
.chart .axis { stroke: var(--border); }
.bar.s-paste { fill: var(--orange); } .bar.s-agent { fill: var(--purple); } .bar.s-chat { fill: var(--blue); }
.bar.s-inline-completion { fill: var(--green); } .bar.s-manual { fill: var(--yellow); }
table { width: 100%; border-collapse: collapse; margin-top: 10px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; text-align: left; border-bottom: 1px solid var(--border); }
th { color: var(--dim); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; }
tbody tr:last-child td { border-bottom: none; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px; line-height: 18px; color: var(--fg); }
.foot { margin: 6px 0 0; }
`;
